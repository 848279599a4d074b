// Talent: the expert profiles list and the testimonial queue — their persisted state, their channel inputs, and
// how a testimonial's state, an expert's rating and a refusal read.
import { z } from 'zod';
import { id, search, shortText } from '../../../../shared/ipc/common';
import type { ChannelInput, ChannelOutput } from '../../../../shared/ipc/contract';
import { availability, testimonialState } from '../../../../shared/ipc/platform';

export type TalentRow = ChannelOutput<'talent:list'>['rows'][number];
export type TestimonialRow = ChannelOutput<'talent:testimonials'>['rows'][number];
export type TestimonialState = z.infer<typeof testimonialState>;

export const AVAILABILITIES = availability.options;
export const talentSortIds = ['rating', 'full_name', 'created_at'] as const;

// ---- expert profiles ----

export const expertsState = z.object({
  filters: z.object({ search, availability: availability.nullable() }),
  sort: z.object({ id: z.enum(talentSortIds), desc: z.boolean() }),
  visibility: z.record(z.string().max(40), z.boolean()),
});
export type ExpertsState = z.infer<typeof expertsState>;

export const defaultExpertsState: ExpertsState = {
  filters: { search: '', availability: null },
  sort: { id: 'rating', desc: true },
  visibility: { created_at: false },
};

export function toTalentInput(state: ExpertsState): Omit<ChannelInput<'talent:list'>, 'after' | 'limit'> {
  const text = state.filters.search.trim();
  return {
    filters: {
      ...(text ? { search: text } : {}),
      ...(state.filters.availability ? { availability: state.filters.availability } : {}),
    },
    sort: state.sort.id,
    desc: state.sort.desc,
  };
}

export const AVAILABILITY_BADGE: Record<string, string> = { available: 'ok', limited: 'warn', booked: '' };

/** "4.8 ★ · 12 reviews", "No reviews yet". */
export function ratingText(rating: number, reviews: number): string {
  if (reviews === 0) return 'No reviews yet';
  return `${rating.toFixed(1)} ★ · ${reviews} ${reviews === 1 ? 'review' : 'reviews'}`;
}

/** "2 active of 7", "3, none active", "none". */
export function engagementsText(active: number, total: number): string {
  if (total === 0) return 'none';
  return active > 0 ? `${active} active of ${total}` : `${total}, none active`;
}

// ---- testimonial queue ----

/** The queue's view: a state, or every state ("all"); optionally one expert's testimonials. */
export const VIEW_STATES = ['pending', 'verified', 'rejected', 'all'] as const;
export type ViewState = (typeof VIEW_STATES)[number];

export const queueState = z.object({
  state: z.enum(VIEW_STATES),
  expert: z.object({ id, name: shortText(200) }).nullable(),
});
export type QueueState = z.infer<typeof queueState>;
export const defaultQueueState: QueueState = { state: 'pending', expert: null };
export const QUEUE_STORAGE = 'talent.testimonials';

export function toTestimonialInput(state: QueueState): Omit<ChannelInput<'talent:testimonials'>, 'after' | 'limit'> {
  return {
    filters: {
      ...(state.state !== 'all' ? { state: state.state } : {}),
      ...(state.expert ? { talent_profile_id: state.expert.id } : {}),
    },
  };
}

export const STATE_LABELS: Record<ViewState, string> = { pending: 'Pending', verified: 'Verified', rejected: 'Rejected', all: 'All' };
export const STATE_BADGE: Record<string, string> = { pending: 'warn', verified: 'ok', rejected: 'danger' };

/** What the queue opens for an expert chosen in the profiles list: their pending ones if any, else all of theirs. */
export function queueForExpert(row: Pick<TalentRow, 'id' | 'full_name' | 'email' | 'testimonials_pending'>): QueueState {
  return { state: row.testimonials_pending > 0 ? 'pending' : 'all', expert: { id: row.id, name: row.full_name ?? row.email } };
}

/** "Jordan Castillo, VP Operations, Northwind Logistics". */
export function attribution(row: Pick<TestimonialRow, 'client_name' | 'client_title' | 'client_company'>): string {
  return [row.client_name, row.client_title, row.client_company].filter((part) => part && part.trim()).join(', ');
}

/** Whether a decision applies: verifying a verified testimonial or rejecting a rejected one does nothing. */
export function canDecide(row: Pick<TestimonialRow, 'state'>, decision: 'verify' | 'reject'): boolean {
  return decision === 'verify' ? row.state !== 'verified' : row.state !== 'rejected';
}

/**
 * A refused decision (PT409) in words: SQL's sentence as it is, then what the screen did about it. An edit by the
 * expert is told apart from a decision someone else made, so the title says which.
 */
export function conflictNotice(message: string): { title: string; message: string } {
  return {
    title: /edited|changed/i.test(message) ? 'Edited after you opened it' : 'Already decided',
    message: `${message.trim().replace(/([^.!?])$/, '$1.')} It has been reloaded with what it says now.`,
  };
}
