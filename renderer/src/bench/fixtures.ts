// Synthetic answers for the benchmark page's screens: a moderation queue of N reviews served in keyset pages as
// console.list_reviews serves them, and monthly trends for N organisations over a window. Deterministic, so every
// run draws the same rows.
import type { ChannelOutput } from '../../../shared/ipc/contract';
import type { Answers } from './fake-bridge';

type ReviewRow = ChannelOutput<'reviews:list'>['rows'][number];
type TrendRow = ChannelOutput<'trends:org-trends'>['rows'][number];

const HOUR = 3_600_000;
const WORDS = 'the workshop was clear and practical our team used the exercises the next week facilitator kept time well'.split(' ');

/** A version-4-shaped GUID from a number (z.guid() checks the shape only). */
export const guid = (n: number, kind = 0) => `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const text = (seed: number, words: number) => Array.from({ length: words }, (_, i) => WORDS[(seed * 7 + i * 3) % WORDS.length]).join(' ');

const ADMIN: ChannelOutput<'auth:status'> = {
  state: 'signed_in',
  user: {
    user_id: guid(1, 1),
    email: 'bench@humanglue.dev',
    full_name: 'Bench Admin',
    roles: ['admin'],
    capabilities: ['reviews.read', 'reviews.moderate', 'reviews.respond', 'trends.read', 'views.save', 'audit.read_all'],
  },
  backend: { kind: 'local', host: null },
  session_storage: 'encrypted',
  demo_accounts: [],
};

function makeReviews(count: number, now: number): ReviewRow[] {
  return Array.from({ length: count }, (_, i) => {
    const created = new Date(now - (count - i) * 0.1 * HOUR).toISOString();
    const signals = [['short_text'], [], ['contains_link', 'rating_outlier'], [], ['repeated_text']][i % 5]!;
    return {
      id: guid(i + 1, 2),
      created_at: created,
      status: i % 9 === 0 ? 'flagged' : 'pending',
      review_type: ['workshop', 'expert', 'engagement'][i % 3]!,
      target_id: guid(i % 40, 3),
      target_name: `${['Adaptive Leadership', 'Change Sprint', 'Culture Lab', 'Velocity Clinic'][i % 4]} ${i % 40}`,
      reviewer_id: guid(i % 300, 4),
      reviewer_name: `Reviewer ${i % 300}`,
      reviewer_email: `reviewer${i % 300}@example.com`,
      rating: (i % 5) + 1,
      title: i % 3 === 0 ? null : `Review ${i}: ${text(i, 4)}`,
      excerpt: text(i, 12 + (i % 30)).slice(0, 240),
      verified_purchase: i % 4 !== 0,
      helpful_count: i % 17,
      not_helpful_count: i % 5,
      response_text: i % 11 === 0 ? `Thank you, ${text(i, 6)}` : null,
      moderation_reason: null,
      moderated_by_name: null,
      moderated_at: null,
      version: 1,
      signals,
      cursor: { v: created, id: guid(i + 1, 2) },
    };
  });
}

/** The moderation screen's channels over `count` reviews, oldest first, in the pages the screen asks for. */
export function moderationAnswers(count: number): Answers {
  const reviews = makeReviews(count, Date.now());
  const index = new Map(reviews.map((review, i) => [review.id, i]));
  return {
    'auth:status': () => ADMIN,
    'views:list': () => ({ rows: [] }),
    'views:share-roles': () => ({ roles: [] }),
    'reviews:count': () => ({ total: reviews.length, is_estimate: false }),
    'reviews:list': (input) => {
      const start = input.after ? (index.get(String(input.after.id)) ?? -1) + 1 : 0;
      const limit = input.limit ?? 100;
      const rows = reviews.slice(start, start + limit);
      return { rows, next_after: rows.length === limit ? rows[rows.length - 1]!.cursor : null };
    },
    'reviews:get': (input) => {
      const review = reviews[index.get(input.review_id) ?? 0]!;
      return { id: review.id, version: review.version, review_text: `${review.excerpt} ${text(7, 60)}`, updated_at: review.created_at };
    },
    'audit:list': (input) => ({
      rows: [
        {
          id: 1,
          occurred_at: new Date().toISOString(),
          actor_id: guid(1, 1),
          actor_email: 'bench@humanglue.dev',
          action: 'review.flag',
          entity: 'review',
          entity_id: input.filters.entity_id ?? null,
          before: null,
          after: null,
          reason: null,
          cursor: { v: 1, id: 1 },
        },
      ],
      next_after: null,
    }),
  };
}

/** The trends screen's channels: `orgs` organisations with `months` months each (every tenth month too small to
 * show, as SQL suppresses it), and the platform average. */
export function trendsAnswers(orgs: number): Answers {
  const organisations = Array.from({ length: orgs }, (_, i) => ({
    id: guid(i + 1, 5),
    name: `${['Northwind', 'Brightpath', 'Kestrel', 'Harbour', 'Juniper'][i % 5]} ${['Logistics', 'Health', 'Labs', 'Group'][i % 4]} ${i + 1}`,
    slug: null,
    subscription_tier: 'team',
    completed_assessments: 40 + i * 3,
    last_assessment_month: '2026-11-01',
  }));
  const score = (seed: number, month: number, shift: number) => 45 + ((seed * 13 + month * 7 + shift * 5) % 40) + (month % 3) * 0.5;
  return {
    'auth:status': () => ADMIN,
    'settings:get': () => ({
      rows: [{ key: 'trend_min_responses', value: 5, description: '', rule: null, updated_by: null, updated_at: new Date().toISOString() }],
    }),
    'trends:organizations': () => ({ rows: organisations }),
    'trends:org-trends': (input) => {
      const rows: TrendRow[] = [];
      const owners = [
        ...input.organization_ids.map((id) => organisations.find((org) => org.id === id) ?? null),
        ...(input.include_platform ? [null] : []),
      ];
      for (let m = 0; m < input.months; m++) {
        const month = new Date(Date.UTC(2026, 11 - input.months + m, 1)).toISOString().slice(0, 10);
        owners.forEach((org, o) => {
          const suppressed = org !== null && (m + o) % 10 === 9;
          const avg = (shift: number) => (suppressed ? null : score(o, m, shift));
          rows.push({
            organization_id: org?.id ?? null,
            organization_name: org?.name ?? null,
            month,
            assessment_count: suppressed ? 3 : 12 + ((o + m) % 9),
            suppressed,
            avg_overall: avg(0),
            avg_individual: avg(1),
            avg_leadership: avg(2),
            avg_cultural: avg(3),
            avg_embedding: avg(4),
            avg_velocity: avg(5),
          });
        });
      }
      return { rows };
    },
  };
}
