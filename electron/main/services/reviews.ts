// Moderation channels → console.list_reviews, count_reviews, get_review, decide_review(s), undo_review_decision,
// respond_to_review. Every rule (reason needed to reject, version checks, undo window) is SQL's; an omitted status
// filter is left out so SQL's own default (the queue) applies.
import type { z } from 'zod';
import type { reviewChannels, reviewFilters } from '../../../shared/ipc/reviews.js';
import type { DomainHandlers } from '../ipc/handlers.js';
import { count, one, pagingArgs, toPage, type Call, type FnArgs } from './rpc.js';

function filterArgs(f: z.output<typeof reviewFilters>): FnArgs<'count_reviews'> {
  return {
    p_status: f.status,
    p_type: f.type,
    p_min_rating: f.min_rating,
    p_max_rating: f.max_rating,
    p_verified: f.verified,
    p_from: f.from,
    p_to: f.to,
    p_search: f.search,
  };
}

export function reviewHandlers(call: Call): DomainHandlers<typeof reviewChannels> {
  return {
    'reviews:list': async (input) =>
      toPage(await call('list_reviews', { ...filterArgs(input.filters), p_sort: input.sort, ...pagingArgs(input) }), input.limit),

    'reviews:count': async (input) => count(await call('count_reviews', filterArgs(input.filters))),

    'reviews:get': async (input) => one(await call('get_review', { p_review_id: input.review_id }), 'The review'),

    'reviews:decide': async (input) =>
      one(
        await call('decide_review', {
          p_review_id: input.review_id,
          p_expected_version: input.expected_version,
          p_decision: input.decision,
          p_reason: input.reason,
          p_note: input.note,
        }),
        'The review',
      ),

    // A repeat of a decision whose answer was lost answers with that decision, not a conflict (022).
    'reviews:decide-bulk': async (input) => ({
      results: await call('decide_reviews', {
        p_items: input.items,
        p_decision: input.decision,
        p_reason: input.reason,
        p_note: input.note,
      }),
    }),

    'reviews:undo': async (input) => one(await call('undo_review_decision', { p_decision_id: input.decision_id }), 'The decision'),

    'reviews:respond': async (input) =>
      one(
        await call('respond_to_review', {
          p_review_id: input.review_id,
          p_expected_version: input.expected_version,
          p_text: input.text,
        }),
        'The review',
      ),
  };
}
