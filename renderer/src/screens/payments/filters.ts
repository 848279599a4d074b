// The payments screen's persisted state (filters, sort, visible columns) and its mapping to the channels' `filters`
// input. Kept as the person typed it (strings for dates and amounts) so a half-typed amount is not lost; the
// mapping leaves out what is empty or not yet valid and `filterProblems` says why.
import { z } from 'zod';
import { search } from '../../../../shared/ipc/common';
import { paymentStatus, paymentType, provider, type paymentFilters } from '../../../../shared/ipc/payments';
import { parseMoney } from '../../../../shared/money';
import { dayStart } from '../../ui/format';

const day = z.union([z.literal(''), z.iso.date()]);

export const filterStateSchema = z.object({
  status: z.array(paymentStatus).max(5),
  provider: z.array(provider).max(3),
  type: z.array(paymentType).max(4),
  currency: z.array(z.string().regex(/^[A-Z]{3}$/)).max(50),
  from: day,
  to: day,
  minAmount: z.string().max(20),
  maxAmount: z.string().max(20),
  search,
});
export type FilterState = z.output<typeof filterStateSchema>;

export const defaultFilters: FilterState = {
  status: [],
  provider: [],
  type: [],
  currency: [],
  from: '',
  to: '',
  minAmount: '',
  maxAmount: '',
  search: '',
};

export const SORT_IDS = ['created_at', 'amount', 'status', 'provider'] as const;
export const sortSchema = z.object({ id: z.enum(SORT_IDS), desc: z.boolean() }).nullable();
export type SortState = z.output<typeof sortSchema>;
export const defaultSort: SortState = { id: 'created_at', desc: true };

export const visibilitySchema = z.record(z.string().max(40), z.boolean());

export const STORAGE = { filters: 'payments.filters', sort: 'payments.sort', columns: 'payments.columns' } as const;

export type PaymentFilters = z.input<typeof paymentFilters>;

/** A filter amount as typed, or null when it is not one (filterProblems says why). */
export function parseAmount(text: string): number | null {
  const parsed = parseMoney(text, { allowZero: true });
  return parsed.ok ? parsed.value : null;
}

/** The day after a yyyy-mm-dd date, so an inclusive "to" date becomes the SQL's exclusive upper bound. */
export function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return next.toISOString().slice(0, 10);
}

export interface FilterProblems {
  minAmount?: string;
  maxAmount?: string;
  to?: string;
}

export function filterProblems(state: FilterState): FilterProblems {
  const problems: FilterProblems = {};
  const minRead = state.minAmount.trim() ? parseMoney(state.minAmount, { allowZero: true }) : undefined;
  const maxRead = state.maxAmount.trim() ? parseMoney(state.maxAmount, { allowZero: true }) : undefined;
  if (minRead && !minRead.ok) problems.minAmount = minRead.reason;
  if (maxRead && !maxRead.ok) problems.maxAmount = maxRead.reason;
  const min = minRead?.ok ? minRead.value : undefined;
  const max = maxRead?.ok ? maxRead.value : undefined;
  if (typeof min === 'number' && typeof max === 'number' && min > max) problems.maxAmount = 'The maximum is below the minimum.';
  if (state.from && state.to && state.from > state.to) problems.to = 'The end date is before the start date.';
  return problems;
}

/** The `filters` input of payments:list/count/totals/export-csv; invalid parts are left out (and shown). */
export function toChannelFilters(state: FilterState): PaymentFilters {
  const problems = filterProblems(state);
  const out: PaymentFilters = {};
  if (state.status.length) out.status = state.status;
  if (state.provider.length) out.provider = state.provider;
  if (state.type.length) out.type = state.type;
  if (state.currency.length) out.currency = state.currency;
  if (state.from && !problems.to) out.from = dayStart(state.from)!;
  if (state.to && !problems.to) out.to = dayStart(nextDay(state.to))!;
  const min = parseAmount(state.minAmount);
  const max = parseAmount(state.maxAmount);
  if (min !== null && !problems.minAmount) out.min_amount = min;
  if (max !== null && !problems.maxAmount) out.max_amount = max;
  const search = state.search.trim();
  if (search) out.search = search;
  return out;
}

export function activeFilterCount(state: FilterState): number {
  return Object.keys(toChannelFilters(state)).length;
}
