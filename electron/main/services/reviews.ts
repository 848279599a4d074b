// Moderation channels → console.list_reviews, count_reviews, get_review, decide_review(s), undo_review_decision,
// respond_to_review. Every rule (reason needed to reject, version checks, undo window) is SQL's; an omitted status
// filter is left out so SQL's own default (the queue) applies.
import type { z } from 'zod';
import type { reviewChannels, reviewFilters } from '../../../shared/ipc/reviews.js';
import type { DomainHandlers } from '../ipc/handlers.js';
import { count, one, pagingArgs, toPage, type Call, type CallTrace, type FnArgs, type FnRow } from './rpc.js';

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

const DECIDED_STATUS = { approve: 'approved', reject: 'rejected' } as const;

/**
 * After a bulk decision was sent again because its answer was lost, an item the first attempt decided comes back as
 * "already decided": it is in the status asked for, one version on from the one sent. That is this decision, made
 * once; it is reported as done (its decision id was in the lost answer, so it cannot be undone from here).
 */
function ownLostDecision(
  row: FnRow<'decide_reviews'>,
  input: { items: readonly { id: string; version: number }[]; decision: keyof typeof DECIDED_STATUS },
): FnRow<'decide_reviews'> {
  const sent = input.items.find((item) => item.id === row.id);
  if (row.ok || row.error_code !== 'PT409' || !sent) return row;
  if (row.status !== DECIDED_STATUS[input.decision] || row.version !== sent.version + 1) return row;
  return { ...row, ok: true, error_code: null as unknown as string, error: null as unknown as string };
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

    'reviews:decide-bulk': async (input) => {
      const trace: CallTrace = { retried: false };
      const results = await call(
        'decide_reviews',
        { p_items: input.items, p_decision: input.decision, p_reason: input.reason, p_note: input.note },
        trace,
      );
      return { results: trace.retried ? results.map((row) => ownLostDecision(row, input)) : results };
    },

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
