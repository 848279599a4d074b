// Review moderation channels → console.list_reviews, count_reviews, get_review, decide_review(s), undo_review_decision,
// respond_to_review. Business rules (reason required to reject, already in that status) stay in SQL: the schema
// here only bounds shapes, so there is one implementation of each rule.
import { z } from 'zod';
import { RESPONSE_RULES } from '../text.js';
import {
  countOutput,
  cursor,
  id,
  isoDateTime,
  note,
  page,
  paging,
  search,
  text,
  type ArgsCovered,
  type Expect,
  type RowMatches,
} from './common.js';

export const reviewStatus = z.enum(['pending', 'approved', 'rejected', 'flagged']);
export const reviewType = z.enum(['workshop', 'expert', 'engagement']);
export const reviewDecision = z.enum(['approve', 'reject', 'flag']);
export const rejectReason = z.enum(['spam', 'offensive', 'off_topic', 'not_verified', 'personal_data', 'other']);
const rating = z.number().int().min(1).max(5);

export const reviewFilters = z.strictObject({
  /** Omitted: the queue (pending + flagged), as in SQL. */
  status: z.array(reviewStatus).min(1).max(4).optional(),
  type: z.array(reviewType).min(1).max(3).optional(),
  min_rating: rating.optional(),
  max_rating: rating.optional(),
  verified: z.boolean().optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  search: search.optional(),
});
type _ReviewFilterArgs = Expect<ArgsCovered<keyof z.input<typeof reviewFilters> & string, 'count_reviews'>>;

export const reviewRow = z.object({
  id,
  created_at: z.string(),
  status: z.string(),
  review_type: z.string(),
  target_id: z.string().nullable(),
  target_name: z.string().nullable(),
  reviewer_id: z.string(),
  reviewer_name: z.string().nullable(),
  reviewer_email: z.string().nullable(),
  rating: z.number(),
  title: z.string().nullable(),
  excerpt: z.string(),
  verified_purchase: z.boolean(),
  helpful_count: z.number(),
  not_helpful_count: z.number(),
  response_text: z.string().nullable(),
  moderation_reason: z.string().nullable(),
  moderated_by_name: z.string().nullable(),
  moderated_at: z.string().nullable(),
  version: z.number().int(),
  signals: z.array(z.string()),
  cursor,
});
type _ReviewRow = Expect<RowMatches<typeof reviewRow, 'list_reviews'>>;

/** One review's whole text (the list carries its first 240 characters as `excerpt`). */
const reviewText = z.object({ id, version: z.number().int(), review_text: z.string(), updated_at: z.string() });
type _ReviewText = Expect<RowMatches<typeof reviewText, 'get_review'>>;

const decisionRow = z.object({
  decision_id: z.string(),
  id: z.string(),
  status: z.string(),
  version: z.number().int(),
  moderation_reason: z.string().nullable(),
  undo_until: z.string(),
});
type _Decision = Expect<RowMatches<typeof decisionRow, 'decide_review'>>;

const bulkRow = z.object({
  id: z.string(),
  ok: z.boolean(),
  status: z.string().nullable(),
  version: z.number().int().nullable(),
  decision_id: z.string().nullable(),
  error_code: z.string().nullable(),
  error: z.string().nullable(),
});
type _Bulk = Expect<RowMatches<typeof bulkRow, 'decide_reviews'>>;

const undoRow = z.object({
  id: z.string(),
  status: z.string(),
  version: z.number().int(),
  moderation_reason: z.string().nullable(),
});
type _Undo = Expect<RowMatches<typeof undoRow, 'undo_review_decision'>>;

const responseRow = z.object({
  id: z.string(),
  version: z.number().int(),
  response_text: z.string(),
  response_by: z.string().nullable(),
  response_by_name: z.string().nullable(),
  responded_at: z.string(),
});
type _Response = Expect<RowMatches<typeof responseRow, 'respond_to_review'>>;

const version = z.number().int().min(1).max(2_147_483_647);

export const reviewChannels = {
  'reviews:list': {
    input: z.strictObject({
      filters: reviewFilters,
      sort: z.enum(['created_at', 'rating', 'helpful_count']).optional(),
      ...paging,
    }),
    output: page(reviewRow),
  },
  'reviews:count': { input: z.strictObject({ filters: reviewFilters }), output: countOutput },
  'reviews:get': { input: z.strictObject({ review_id: id }), output: reviewText },
  'reviews:decide': {
    input: z.strictObject({
      review_id: id,
      expected_version: version,
      decision: reviewDecision,
      reason: rejectReason.optional(),
      note: note.optional(),
    }),
    output: decisionRow,
  },
  /** The 20-item typed confirmation is the UI's; SQL caps a call at 500 items and reports each one. */
  'reviews:decide-bulk': {
    input: z.strictObject({
      items: z.array(z.strictObject({ id, version })).min(1).max(500),
      decision: z.enum(['approve', 'reject']),
      reason: rejectReason.optional(),
      note: note.optional(),
    }),
    output: z.object({ results: z.array(bulkRow) }),
  },
  'reviews:undo': { input: z.strictObject({ decision_id: id }), output: undoRow },
  'reviews:respond': {
    input: z.strictObject({ review_id: id, expected_version: version, text: text(RESPONSE_RULES).min(1) }),
    output: responseRow,
  },
} as const;
