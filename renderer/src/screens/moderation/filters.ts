// The moderation screen's persisted state (filters, sort, visible columns) and how it becomes the input of
// reviews:list / reviews:count. Kept free of React so the mapping is unit-tested.
import { z } from 'zod';
import { search } from '../../../../shared/ipc/common';
import type { ChannelInput } from '../../../../shared/ipc/contract';
import { reviewStatus, reviewType } from '../../../../shared/ipc/reviews';

export const STORAGE_KEY = 'moderation';
export const sortIds = ['created_at', 'rating', 'helpful_count'] as const;

const ratingValue = z.number().int().min(1).max(5);
const day = z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/);

export const filterState = z.object({
  /** Empty: the queue (pending + flagged), as the SQL default. */
  status: z.array(reviewStatus).max(4),
  type: z.array(reviewType).max(3),
  minRating: ratingValue.nullable(),
  maxRating: ratingValue.nullable(),
  verified: z.enum(['any', 'yes', 'no']),
  /** Local days (yyyy-mm-dd) as the date inputs give them; "to" includes its whole day. */
  from: day,
  to: day,
  search,
});
export type FilterState = z.infer<typeof filterState>;

export const screenState = z.object({
  filters: filterState,
  sort: z.object({ id: z.enum(sortIds), desc: z.boolean() }),
  visibility: z.record(z.string(), z.boolean()),
});
export type ScreenState = z.infer<typeof screenState>;

export const defaultFilters: FilterState = {
  status: [],
  type: [],
  minRating: null,
  maxRating: null,
  verified: 'any',
  from: '',
  to: '',
  search: '',
};

export const defaultScreenState: ScreenState = {
  filters: defaultFilters,
  sort: { id: 'created_at', desc: false },
  visibility: {},
};

export type ReviewFilters = ChannelInput<'reviews:list'>['filters'];

function localDayStart(value: string, addDays = 0): string {
  const date = new Date(`${value}T00:00:00`);
  date.setDate(date.getDate() + addDays);
  return date.toISOString();
}

/** The channel's `filters`: only what is set, so an untouched screen asks for the SQL default queue. */
export function toFilters(state: FilterState): ReviewFilters {
  const filters: ReviewFilters = {};
  if (state.status.length > 0) filters.status = [...state.status];
  if (state.type.length > 0) filters.type = [...state.type];
  let min = state.minRating;
  let max = state.maxRating;
  // A reversed range is what the person meant the other way round, not an error to show.
  if (min !== null && max !== null && min > max) [min, max] = [max, min];
  if (min !== null) filters.min_rating = min;
  if (max !== null) filters.max_rating = max;
  if (state.verified !== 'any') filters.verified = state.verified === 'yes';
  let from = state.from;
  let to = state.to;
  if (from && to && from > to) [from, to] = [to, from];
  if (from) filters.from = localDayStart(from);
  // SQL's `to` is exclusive: the day after the chosen one, so the chosen day is included.
  if (to) filters.to = localDayStart(to, 1);
  const search = state.search.trim();
  if (search) filters.search = search;
  return filters;
}

export function toListInput(state: ScreenState): Omit<ChannelInput<'reviews:list'>, 'after' | 'limit'> {
  return {
    filters: toFilters(state.filters),
    sort: state.sort.id,
    desc: state.sort.desc,
  };
}

/** Whether any filter narrows the queue: decides between "queue clear" and "nothing matches" when it is empty. */
export function isFiltered(state: FilterState): boolean {
  return JSON.stringify(toFilters(state)) !== '{}';
}
