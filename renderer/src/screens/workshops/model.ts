// Workshops: the persisted screen state and its workshops:list input, the words for statuses, seats and ratings,
// what a registration's attendance form sends, and the sentences that sum up a cancellation. Pure, so unit-tested;
// every rule (who may, what is refused) stays SQL's.
import { z } from 'zod';
import { search } from '../../../../shared/ipc/common';
import type { ChannelInput, ChannelOutput } from '../../../../shared/ipc/contract';
import { registrationStatus, workshopStatus } from '../../../../shared/ipc/platform';
import { canRefund } from '../payments/refund';

export type WorkshopRow = ChannelOutput<'workshops:list'>['rows'][number];
export type WorkshopDetail = ChannelOutput<'workshops:get'>;
export type RegistrationRow = ChannelOutput<'workshops:registrations'>['rows'][number];
export type PreviewRow = ChannelOutput<'workshops:preview-cancellation'>['rows'][number];
export type StatusResult = ChannelOutput<'workshops:set-status'>;
export type WorkshopStatus = z.infer<typeof workshopStatus>;
export type RegistrationStatus = z.infer<typeof registrationStatus>;

export const WORKSHOP_STATUSES = workshopStatus.options;
export const REGISTRATION_STATUSES = registrationStatus.options;
export const sortIds = ['schedule_date', 'title', 'created_at'] as const;

type BadgeKind = 'ok' | 'warn' | 'danger' | 'info' | 'accent' | '';

export const WORKSHOP_STATUS: Record<WorkshopStatus, { label: string; badge: BadgeKind }> = {
  draft: { label: 'Draft', badge: '' },
  published: { label: 'Published', badge: 'ok' },
  archived: { label: 'Archived', badge: 'info' },
  cancelled: { label: 'Cancelled', badge: 'danger' },
};

export const REGISTRATION_STATUS: Record<RegistrationStatus, { label: string; badge: BadgeKind }> = {
  registered: { label: 'Registered', badge: 'info' },
  completed: { label: 'Completed', badge: 'ok' },
  cancelled: { label: 'Cancelled', badge: 'danger' },
  no_show: { label: 'No-show', badge: 'warn' },
};

function lookup<K extends string>(table: Record<K, { label: string; badge: BadgeKind }>, code: string) {
  return (table as Record<string, { label: string; badge: BadgeKind } | undefined>)[code] ?? { label: code, badge: '' as BadgeKind };
}
export const workshopStatusInfo = (code: string) => lookup(WORKSHOP_STATUS, code);
export const registrationStatusInfo = (code: string) => lookup(REGISTRATION_STATUS, code);

/** A registration's state in one badge: a registered person who attended (not yet completed) reads "Attended". */
export function registrationBadge(row: Pick<RegistrationRow, 'status' | 'attended'>): { label: string; badge: BadgeKind } {
  if (row.status === 'registered' && row.attended) return { label: 'Attended', badge: 'accent' };
  return registrationStatusInfo(row.status);
}

// ---- the list ----

const day = z.union([z.literal(''), z.iso.date()]);
export const screenState = z.object({
  filters: z.object({ search, status: workshopStatus.nullable(), from: day, to: day }),
  sort: z.object({ id: z.enum(sortIds), desc: z.boolean() }),
  visibility: z.record(z.string().max(40), z.boolean()),
});
export type ScreenState = z.infer<typeof screenState>;

export const defaultState: ScreenState = {
  filters: { search: '', status: null, from: '', to: '' },
  sort: { id: 'schedule_date', desc: true },
  visibility: {},
};

/** Why the date range cannot be used as typed (null when it can). */
export function rangeProblem(filters: ScreenState['filters']): string | null {
  return filters.from && filters.to && filters.from > filters.to ? 'The end date is before the start date.' : null;
}

/** Only what is set; both dates are inclusive days as SQL takes them; a backwards range is left out (and shown). */
export function toListInput(state: ScreenState): Omit<ChannelInput<'workshops:list'>, 'after' | 'limit'> {
  const { filters } = state;
  const text = filters.search.trim();
  const range = !rangeProblem(filters);
  return {
    filters: {
      ...(text ? { search: text } : {}),
      ...(filters.status ? { status: filters.status } : {}),
      ...(range && filters.from ? { from: filters.from } : {}),
      ...(range && filters.to ? { to: filters.to } : {}),
    },
    sort: state.sort.id,
    desc: state.sort.desc,
  };
}

export function isFiltered(state: ScreenState): boolean {
  const { filters } = state;
  return Boolean(filters.search.trim() || filters.status || filters.from || filters.to);
}

// ---- how a workshop reads ----

const weekdayFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'short' });
const dayFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' });

/** A schedule date (yyyy-mm-dd, a calendar day with no zone) as written: "Tue 3 Mar 2026"; null → "Not scheduled". */
export function formatDay(date: string | null | undefined): string {
  if (!date) return 'Not scheduled';
  const [y, m, d] = date.slice(0, 10).split('-').map(Number) as [number, number, number];
  const local = new Date(y, m - 1, d);
  return `${weekdayFormat.format(local)} ${dayFormat.format(local)}`;
}

/** "14:30:00" → "14:30". */
export function formatTime(time: string | null | undefined): string | null {
  return time ? time.slice(0, 5) : null;
}

export function whenText(row: { schedule_date: string | null; schedule_time: string | null }): string {
  const time = formatTime(row.schedule_time);
  return row.schedule_date ? `${formatDay(row.schedule_date)}${time ? `, ${time}` : ''}` : 'Not scheduled';
}

/** Seats as staff say them: "Full", "3 of 20 left". */
export function seatsText(remaining: number, total: number): string {
  if (total <= 0) return 'No seats';
  if (remaining <= 0) return 'Full';
  return `${remaining} of ${total} left`;
}

/** "4.6 (12 reviews)"; no reviews → "No reviews yet". */
export function ratingText(average: number, reviews: number): string {
  if (reviews <= 0) return 'No reviews yet';
  return `${average.toFixed(1)} (${reviews} ${reviews === 1 ? 'review' : 'reviews'})`;
}

/** The statuses a workshop may be moved to from `current`: none out of cancelled (SQL refuses leaving it). */
export function nextStatuses(current: string): WorkshopStatus[] {
  if (current === 'cancelled') return [];
  return WORKSHOP_STATUSES.filter((status) => status !== current);
}

// ---- a registration ----

/** A long certificate number as a narrow cell shows it: its distinctive last part ("…4883E71F" for
 * CERT-WORKSHOP-20261206-4883E71F); the whole number is the cell's title and the panel's. */
export function certificateTail(number: string, max = 14): string {
  if (number.length <= max) return number;
  const last = number.slice(number.lastIndexOf('-') + 1);
  return last.length >= 4 && last.length < max ? `…${last}` : `…${number.slice(-(max - 1))}`;
}

export type Attendance = 'not_attended' | 'attended' | 'completed';

export const ATTENDANCE_LABEL: Record<Attendance, string> = {
  not_attended: 'Did not attend (yet)',
  attended: 'Attended',
  completed: 'Completed',
};

/** The registration's attendance as the form shows it. */
export function attendanceOf(row: Pick<RegistrationRow, 'status' | 'attended'>): Attendance {
  if (row.status === 'completed') return 'completed';
  return row.attended ? 'attended' : 'not_attended';
}

/** The attendance form → workshops:record-attendance input. A certificate is only asked for with completion. */
export function attendanceInput(
  registrationId: string,
  choice: Attendance,
  issueCertificate: boolean,
): ChannelInput<'workshops:record-attendance'> {
  const completed = choice === 'completed';
  return {
    registration_id: registrationId,
    attended: choice !== 'not_attended',
    completed,
    ...(completed ? { issue_certificate: issueCertificate } : {}),
  };
}

/**
 * Whether to offer "Refund this payment" for a cancelled registration: the person may refund, and its payment has
 * money left to return. A registration row carries its payment's status (a pending payment is not refundable, as
 * payments:refund says); cancel_registration's answer already counts only a refundable payment.
 */
export function refundOffer(
  result: { payment_id: string | null; refundable: number | null; payment_status?: string | null } | undefined,
  mayRefund: boolean,
): { paymentId: string; refundable: number } | null {
  if (!result || !mayRefund || !result.payment_id || result.refundable === null) return null;
  if (result.payment_status !== undefined && !canRefund(result.payment_status ?? '', result.refundable)) return null;
  if (result.refundable <= 0) return null;
  return { paymentId: result.payment_id, refundable: result.refundable };
}

/** What is left to refund on a registration's payment, or null when nothing can be refunded on it. */
export function refundableOf(row: Pick<RegistrationRow, 'payment_status' | 'refundable'>): number | null {
  return row.refundable !== null && canRefund(row.payment_status ?? '', row.refundable) ? row.refundable : null;
}

// ---- cancelling a workshop ----

const cents = (value: number) => Math.round(value * 100);

/** The refunds a cancellation will request, totalled per currency (never added across currencies). */
export function previewTotals(
  rows: readonly Pick<PreviewRow, 'amount' | 'currency'>[],
): { currency: string; amount: number; count: number }[] {
  const totals = new Map<string, { currency: string; amount: number; count: number }>();
  for (const row of rows) {
    const entry = totals.get(row.currency) ?? { currency: row.currency, amount: 0, count: 0 };
    entry.amount = (cents(entry.amount) + cents(row.amount)) / 100;
    entry.count += 1;
    totals.set(row.currency, entry);
  }
  return [...totals.values()].sort((a, b) => b.count - a.count || a.currency.localeCompare(b.currency));
}

const plural = (count: number, one: string, many: string) => `${count.toLocaleString('en')} ${count === 1 ? one : many}`;

/** "3 registrations cancelled, 2 refund requests created". */
export function cancellationSummary(result: Pick<StatusResult, 'cancelled_registrations' | 'refunds'>): string {
  return `${plural(result.cancelled_registrations, 'registration', 'registrations')} cancelled, ${plural(
    result.refunds.length,
    'refund request',
    'refund requests',
  )} created`;
}
