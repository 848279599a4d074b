// The queue's rules that are the UI's own (the SQL owns every business rule): SLA colours, signal wording, which
// row becomes active after a decision, the typed confirmation for large bulk actions, and conflict wording.
import type { ChannelOutput } from '../../../../shared/ipc/contract';
import type { ErrorDetails } from '../../../../shared/ipc/result';
import { rejectReason } from '../../../../shared/ipc/reviews';
import { formatDateTime } from '../../ui/format';

export type ReviewRow = ChannelOutput<'reviews:list'>['rows'][number];
export type RejectReason = (typeof rejectReason.options)[number];

const HOUR = 3_600_000;
export const SLA_WARN_HOURS = 24;
export const SLA_LATE_HOURS = 72;

export type Sla = 'ok' | 'warn' | 'late';

/** Waiting past 24 h is amber, past 72 h red. */
export function slaLevel(createdAt: string, now = Date.now()): Sla {
  const hours = (now - new Date(createdAt).getTime()) / HOUR;
  if (hours >= SLA_LATE_HOURS) return 'late';
  if (hours >= SLA_WARN_HOURS) return 'warn';
  return 'ok';
}

export const slaText: Record<Sla, string> = {
  ok: 'within 24 hours',
  warn: 'waiting over 24 hours',
  late: 'waiting over 72 hours',
};

export const signalLabels: Record<string, { label: string; hint: string }> = {
  short_text: { label: 'Very short', hint: 'Fewer than 20 characters of text' },
  contains_link: {
    label: 'Link',
    hint: 'The title or text contains a web address',
  },
  repeated_text: {
    label: 'Repeated',
    hint: 'The same person posted the same text elsewhere',
  },
  rating_outlier: {
    label: 'Rating outlier',
    hint: "Two or more stars from the target's average",
  },
};

export function signalLabel(signal: string): { label: string; hint: string } {
  return signalLabels[signal] ?? { label: signal.replace(/_/g, ' '), hint: signal };
}

export const reasonLabels: Record<RejectReason, string> = {
  spam: 'Spam or advertising',
  offensive: 'Offensive or abusive',
  off_topic: 'Off topic',
  not_verified: 'Not a verified customer',
  personal_data: 'Contains personal data',
  other: 'Other (explain in the note)',
};
export const rejectReasons = rejectReason.options;

export function reasonLabel(reason: string | null): string {
  if (!reason) return '—';
  return reasonLabels[reason as RejectReason] ?? reason;
}

export const typeLabels: Record<string, string> = {
  workshop: 'Workshop',
  expert: 'Expert',
  engagement: 'Engagement',
};
export const statusBadge: Record<string, string> = {
  pending: 'info',
  flagged: 'warn',
  approved: 'ok',
  rejected: 'danger',
};

/** After a decision the row leaves the queue: the next one (or the previous at the end) becomes active. */
export function nextActiveId(rows: readonly { id: string }[], leaving: ReadonlySet<string>, activeId: string | null): string | null {
  const index = activeId ? rows.findIndex((row) => row.id === activeId) : -1;
  if (index < 0) return rows.find((row) => !leaving.has(row.id))?.id ?? null;
  for (let i = index; i < rows.length; i++) if (!leaving.has(rows[i]!.id)) return rows[i]!.id;
  for (let i = index - 1; i >= 0; i--) if (!leaving.has(rows[i]!.id)) return rows[i]!.id;
  return null;
}

/** j/k: one row down or up, staying at the ends. */
export function moveActive(rows: readonly { id: string }[], activeId: string | null, step: 1 | -1): string | null {
  if (rows.length === 0) return null;
  const index = activeId ? rows.findIndex((row) => row.id === activeId) : -1;
  if (index < 0) return rows[0]!.id;
  return rows[Math.min(rows.length - 1, Math.max(0, index + step))]!.id;
}

/** More than this many items need the count typed before a bulk decision runs. */
export const BULK_CONFIRM_OVER = 20;

export function needsTypedConfirmation(count: number): boolean {
  return count > BULK_CONFIRM_OVER;
}

export function confirmationMatches(typed: string, count: number): boolean {
  return typed.trim() === String(count);
}

/** "Already decided by Maya Moderator at 3 Mar 2026, 14:02 (now rejected)." from the conflict's details. */
export function conflictText(message: string, details: ErrorDetails | undefined): string {
  if (!details || typeof details.at !== 'string') return message;
  const when = formatDateTime(details.at);
  const undone = /undone/.test(message) ? ' (a decision was undone)' : '';
  const now = typeof details.status === 'string' ? ` It is now ${details.status}.` : '';
  const who = typeof details.by === 'string' && details.by ? `by ${details.by} ` : '';
  const verb = /decided/.test(message) ? 'decided' : 'changed';
  return `Already ${verb} ${who}at ${when}${undone}.${now}`;
}

export type BulkResult = ChannelOutput<'reviews:decide-bulk'>['results'][number];

/** What a bulk decision did, in one sentence, and the decision ids to undo. */
export function summariseBulk(results: readonly BulkResult[], decision: 'approve' | 'reject') {
  const applied = results.filter((result) => result.ok);
  const failed = results.filter((result) => !result.ok);
  const verb = decision === 'approve' ? 'approved' : 'rejected';
  const plural = (n: number) => `${n} review${n === 1 ? '' : 's'}`;
  let message = `${plural(applied.length)} ${verb}.`;
  if (failed.length > 0) {
    const changed = failed.filter((result) => result.error_code === 'PT409').length;
    message += ` ${plural(failed.length)} not changed`;
    message += changed > 0 ? `: ${changed} changed by someone else since you loaded them.` : '.';
  }
  return {
    message,
    decisionIds: applied.map((result) => result.decision_id).filter((id): id is string => id !== null),
    failed,
  };
}

export function pastTense(decision: 'approve' | 'reject' | 'flag'): string {
  return decision === 'approve' ? 'approved' : decision === 'reject' ? 'rejected' : 'flagged';
}

export type ReviewStatus = 'pending' | 'approved' | 'rejected' | 'flagged';
export type ReviewType = 'workshop' | 'expert' | 'engagement';
