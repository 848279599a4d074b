// The engagements screen's persisted state, its mapping to engagements:list input, and how statuses read.
import { z } from 'zod';
import { search } from '../../../../shared/ipc/common';
import type { ChannelInput, ChannelOutput } from '../../../../shared/ipc/contract';
import { engagementStatus, sessionStatus } from '../../../../shared/ipc/platform';

export type EngagementRow = ChannelOutput<'engagements:list'>['rows'][number];
export type SessionRow = ChannelOutput<'engagements:sessions'>['rows'][number];
export type SessionStatus = z.infer<typeof sessionStatus>;

export const ENGAGEMENT_STATUSES = engagementStatus.options;
export const SESSION_STATUSES = sessionStatus.options;
export const sortIds = ['start_date', 'created_at'] as const;

export const screenState = z.object({
  filters: z.object({ search, status: engagementStatus.nullable() }),
  sort: z.object({ id: z.enum(sortIds), desc: z.boolean() }),
  visibility: z.record(z.string().max(40), z.boolean()),
});
export type ScreenState = z.infer<typeof screenState>;

export const defaultState: ScreenState = {
  filters: { search: '', status: null },
  sort: { id: 'start_date', desc: true },
  visibility: { created_at: false },
};

export function toListInput(state: ScreenState): Omit<ChannelInput<'engagements:list'>, 'after' | 'limit'> {
  const text = state.filters.search.trim();
  return {
    filters: { ...(text ? { search: text } : {}), ...(state.filters.status ? { status: state.filters.status } : {}) },
    sort: state.sort.id,
    desc: state.sort.desc,
  };
}

export function isFiltered(state: ScreenState): boolean {
  return Boolean(state.filters.search.trim() || state.filters.status);
}

export const ENGAGEMENT_BADGE: Record<string, string> = {
  pending: 'info',
  active: 'ok',
  paused: 'warn',
  completed: '',
  cancelled: 'danger',
};

export const SESSION_BADGE: Record<string, string> = { scheduled: 'info', completed: 'ok', cancelled: '', no_show: 'warn' };

const SESSION_LABELS: Record<string, string> = {
  scheduled: 'Scheduled',
  completed: 'Completed',
  cancelled: 'Cancelled',
  no_show: 'No-show',
};
const SESSION_TYPES: Record<string, string> = {
  coaching: 'Coaching',
  workshop: 'Workshop',
  consultation: 'Consultation',
  follow_up: 'Follow-up',
};

export const sessionStatusLabel = (status: string) => SESSION_LABELS[status] ?? status;
export const sessionTypeLabel = (type: string) => SESSION_TYPES[type] ?? type;

/** The engagement's name: its title, or its focus area when it has none. */
export function engagementName(row: Pick<EngagementRow, 'title' | 'focus_area'>): string {
  return row.title?.trim() || row.focus_area;
}

const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
const dayMonth = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' });
const asDay = (iso: string) => new Date(`${iso.slice(0, 10)}T00:00:00`);
const dayOf = (iso: string) => day.format(asDay(iso));

/** "3 Feb – 14 May 2026", "20 Dec 2026 – 5 Apr 2027", "from 3 Feb 2026", "until …", "—" (calendar days, not instants). */
export function dateRange(start: string | null, end: string | null): string {
  if (start && end) {
    const sameYear = start.slice(0, 4) === end.slice(0, 4);
    return `${sameYear ? dayMonth.format(asDay(start)) : dayOf(start)} – ${dayOf(end)}`;
  }
  if (start) return `from ${dayOf(start)}`;
  if (end) return `until ${dayOf(end)}`;
  return '—';
}

/**
 * What set-session-status sends: the duration only when it changed (null keeps it, so a change of status alone
 * never rewrites the hours), the reason only when given.
 */
export function sessionChange(
  session: Pick<SessionRow, 'id' | 'duration_hours'>,
  status: SessionStatus,
  hours: number,
  reason: string,
): ChannelInput<'engagements:set-session-status'> {
  const why = reason.trim();
  return {
    session_id: session.id,
    status,
    duration_hours: hours === session.duration_hours ? null : hours,
    ...(why ? { reason: why } : {}),
  };
}
