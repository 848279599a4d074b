// Row-level security of 005 (reviews). SCHEMA.md: anon sees approved; authenticated sees approved and own; insert
// own, status pending, verified purchase (computed by a before-insert trigger and re-checked by the policy: a
// non-cancelled registration for the workshop, or being the client of an active, paused or completed engagement
// with that expert / of that engagement; pending and cancelled engagements buy nothing); update by the author
// (guard: content only, an edit goes back to pending) or the target's instructor/expert (guard: response only);
// delete own. Platform admins pass every policy; service_role bypasses RLS.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db.js';
import {
  createEngagement,
  createReview,
  createUserWithRole,
  createWorkshop,
  registerForWorkshop,
  type UserRow,
} from '../support/factories.js';
import {
  actorsOf,
  createCast,
  deleteAs,
  expectDeleteAllowed,
  expectDeleteRefused,
  expectGuard,
  expectInsertAllowed,
  expectPermissionDenied,
  expectRlsViolation,
  expectUpdateAllowed,
  expectUpdateRefused,
  insertAs,
  updateAs,
  userActor,
  visible,
  type Actor,
  type ActorName,
  type Cast,
} from './rls-helpers.js';

const db = useTestDatabase();
let cast: Cast;
let instructor2: UserRow;
const base = actorsOf(db, () => cast);
type Name = ActorName | 'instructor2';
const as = (name: Name): Actor => (name === 'instructor2' ? userActor(db, name, instructor2.id) : base(name));

let workshop: string;
let workshop2: string;
let engagement: string;
/** cast.user's engagements, one per status, each with its own expert: status → { expert, engagement }. */
let byStatus: Record<string, { expert: string; engagement: string }>;
type ReviewKey = 'rApproved' | 'rPending' | 'rRejected' | 'rExpertApproved' | 'rW2Approved';
let reviews: Record<ReviewKey, string>;
/** An approved engagement review (client about engagement with the expert), outside the select matrix. */
let engagementReview: string;

beforeAll(async () => {
  cast = await createCast(db);
  const q = db.owner;
  instructor2 = await createUserWithRole(q, 'instructor');
  workshop = (await createWorkshop(q, cast.instructor.id)).id;
  workshop2 = (await createWorkshop(q, instructor2.id)).id;
  await registerForWorkshop(q, workshop, cast.user.id);
  await registerForWorkshop(q, workshop, cast.other.id, { status: 'cancelled' });
  await registerForWorkshop(q, workshop2, cast.orgMember.id);
  engagement = (await createEngagement(q, cast.client.id, cast.expert.id)).id;
  byStatus = {};
  for (const status of ['pending', 'active', 'paused', 'completed', 'cancelled']) {
    const expert = (await createUserWithRole(q, 'expert')).id;
    byStatus[status] = { expert, engagement: (await createEngagement(q, cast.user.id, expert, { status })).id };
  }
  reviews = {
    rApproved: (await createReview(q, cast.user.id, { workshop_id: workshop }, { status: 'approved' })).id,
    rPending: (await createReview(q, cast.client.id, { expert_id: cast.expert.id }, { status: 'pending' })).id,
    rRejected: (await createReview(q, cast.other.id, { workshop_id: workshop }, { status: 'rejected' })).id,
    rExpertApproved: (await createReview(q, cast.client.id, { expert_id: cast.expert.id }, { status: 'approved' })).id,
    rW2Approved: (await createReview(q, cast.orgMember.id, { workshop_id: workshop2 }, { status: 'approved' })).id,
  };
  engagementReview = (await createReview(q, cast.client.id, { engagement_id: engagement }, { status: 'approved' })).id;
});

const APPROVED = ['rApproved', 'rExpertApproved', 'rW2Approved'];
const ALL = ['rApproved', 'rExpertApproved', 'rPending', 'rRejected', 'rW2Approved'];

const review = (userId: string, target: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  user_id: userId,
  review_type: 'workshop_id' in target ? 'workshop' : 'expert_id' in target ? 'expert' : 'engagement',
  ...target,
  rating: 4,
  review_text: 'Practical and well run.',
  ...extra,
});

describe('reviews: select', () => {
  it.each<[Name, string[]]>([
    ['anon', APPROVED],
    ['user', APPROVED],
    ['client', [...APPROVED, 'rPending'].sort()],
    ['other', [...APPROVED, 'rRejected'].sort()],
    ['instructor', APPROVED],
    ['expert', APPROVED],
    ['orgAdmin', APPROVED],
    ['orgMember', APPROVED],
    ['orgBMember', APPROVED],
    ['expiredAdmin', APPROVED],
    ['admin', ALL],
    ['service', ALL],
  ])('%s sees %j', async (actor, expected) => {
    expect(await visible(as(actor), 'reviews', reviews)).toEqual(expected);
  });
});

describe('reviews: insert', () => {
  it('anon cannot write reviews', async () => {
    await expectPermissionDenied(insertAs(as('anon'), 'reviews', review(cast.user.id, { workshop_id: workshop })));
    await expectPermissionDenied(updateAs(as('anon'), 'reviews', reviews.rApproved, { helpful_count: 100 }));
    await expectPermissionDenied(deleteAs(as('anon'), 'reviews', reviews.rApproved));
  });

  it.each<[string, Name, () => Record<string, unknown>]>([
    ['a registrant, of the workshop', 'user', () => review(cast.user.id, { workshop_id: workshop })],
    [
      'a registrant claiming no purchase (the trigger decides)',
      'user',
      () => review(cast.user.id, { workshop_id: workshop }, { verified_purchase: false }),
    ],
    ["a client, of their engagement's expert", 'client', () => review(cast.client.id, { expert_id: cast.expert.id })],
    ['a client, of their engagement', 'client', () => review(cast.client.id, { engagement_id: engagement })],
  ])('%s may post a pending, verified review', async (_who, actor, values) => {
    const row = await expectInsertAllowed(as(actor), 'reviews', values());
    expect(row).toMatchObject({ status: 'pending', verified_purchase: true, user_id: as(actor).id });
  });

  it.each<[string, Name, () => Record<string, unknown>]>([
    ['someone whose registration was cancelled', 'other', () => review(cast.other.id, { workshop_id: workshop })],
    [
      'someone never registered, claiming a verified purchase',
      'orgBMember',
      () => review(cast.orgBMember.id, { workshop_id: workshop }, { verified_purchase: true }),
    ],
    ['the instructor of their own workshop', 'instructor', () => review(cast.instructor.id, { workshop_id: workshop })],
    ['a registrant posting it already approved', 'user', () => review(cast.user.id, { workshop_id: workshop }, { status: 'approved' })],
    ["a registrant posting under another user's name", 'user', () => review(cast.other.id, { workshop_id: workshop })],
    ['a registrant of another workshop', 'user', () => review(cast.user.id, { workshop_id: workshop2 })],
    ['a user with no engagement, of an expert', 'user', () => review(cast.user.id, { expert_id: cast.expert.id })],
    ['the expert, of their own engagement', 'expert', () => review(cast.expert.id, { engagement_id: engagement })],
    ['the expert, of themselves', 'expert', () => review(cast.expert.id, { expert_id: cast.expert.id })],
    ['an expired admin, unverified', 'expiredAdmin', () => review(cast.expiredAdmin.id, { workshop_id: workshop })],
  ])('refused for %s', async (_who, actor, values) => {
    await expectRlsViolation(insertAs(as(actor), 'reviews', values()), 'reviews');
  });

  it.each(['active', 'paused', 'completed'])(
    'the client of a %s engagement may review the expert and the engagement, verified',
    async (status) => {
      const { expert, engagement: id } = byStatus[status]!;
      for (const target of [{ expert_id: expert }, { engagement_id: id }] as Record<string, string>[]) {
        const row = await expectInsertAllowed(as('user'), 'reviews', review(cast.user.id, target));
        expect(row).toMatchObject({ status: 'pending', verified_purchase: true });
      }
    },
  );

  it.each(['pending', 'cancelled'])('the client of a %s engagement may not review the expert or the engagement', async (status) => {
    const { expert, engagement: id } = byStatus[status]!;
    await expectRlsViolation(insertAs(as('user'), 'reviews', review(cast.user.id, { expert_id: expert })), 'reviews');
    await expectRlsViolation(
      insertAs(as('user'), 'reviews', review(cast.user.id, { engagement_id: id }, { verified_purchase: true })),
      'reviews',
    );
  });

  it.each<Name>(['admin', 'service'])('%s may post any review, unverified and approved', async (actor) => {
    const row = await expectInsertAllowed(
      as(actor),
      'reviews',
      review(cast.orgBMember.id, { workshop_id: workshop }, { status: 'approved' }),
    );
    expect(row).toMatchObject({ status: 'approved', verified_purchase: false });
  });
});

describe('reviews: update', () => {
  it('the author may edit the content; the edit sends it back to pending', async () => {
    const row = await expectUpdateAllowed(as('user'), 'reviews', reviews.rApproved, {
      rating: 3,
      review_text: 'On reflection, good.',
      value_rating: 4,
    });
    expect(row).toMatchObject({ rating: 3, review_text: 'On reflection, good.', value_rating: 4, status: 'pending' });
  });

  it.each<[string, Record<string, unknown>]>([
    ['status', { status: 'approved' }],
    ['verified_purchase', { verified_purchase: false }],
    ['helpful_count', { helpful_count: 50 }],
    ['not_helpful_count', { not_helpful_count: 50 }],
    ['response_text', { response_text: 'Answering myself' }],
  ])('the guard refuses the author changing %s', async (column, set) => {
    await expectGuard(updateAs(as('client'), 'reviews', reviews.rPending, set), column);
  });

  it.each<[Name, ReviewKey]>([
    ['instructor', 'rApproved'],
    ['expert', 'rExpertApproved'],
  ])('%s (the target) may respond to %s; the trigger stamps who and when', async (actor, key) => {
    const row = await expectUpdateAllowed(as(actor), 'reviews', reviews[key], { response_text: 'Thank you for the feedback.' });
    expect(row).toMatchObject({ response_text: 'Thank you for the feedback.', response_by: as(actor).id, status: 'approved' });
    expect(row.responded_at).not.toBeNull();
  });

  it('the expert of a reviewed engagement may respond to it, but not edit it', async () => {
    const row = await expectUpdateAllowed(as('expert'), 'reviews', engagementReview, { response_text: 'Glad it helped.' });
    expect(row).toMatchObject({ response_text: 'Glad it helped.', response_by: cast.expert.id });
    await expectGuard(updateAs(as('expert'), 'reviews', engagementReview, { review_text: 'Edited by the expert' }), 'review_text');
    await expectUpdateRefused(db, as('instructor'), 'reviews', engagementReview, { response_text: 'Not mine to answer' });
  });

  it.each<[Name, ReviewKey, string, Record<string, unknown>]>([
    ['instructor', 'rApproved', 'rating', { rating: 1 }],
    ['instructor', 'rApproved', 'review_text', { review_text: 'Rewritten by the instructor' }],
    ['instructor', 'rApproved', 'status', { status: 'rejected' }],
    ['expert', 'rExpertApproved', 'rating', { rating: 1 }],
    ['expert', 'rExpertApproved', 'helpful_count', { helpful_count: 99 }],
    ['expert', 'rExpertApproved', 'response_by', { response_by: 'other' }],
  ])('the guard refuses the %s (target of %s) changing %s', async (actor, key, column, set) => {
    const value = set[column] === 'other' ? cast.other.id : set[column];
    await expectGuard(updateAs(as(actor), 'reviews', reviews[key], { [column]: value }), column);
  });

  it.each<[Name, ReviewKey]>([
    ['expert', 'rApproved'],
    ['instructor2', 'rApproved'],
    ['instructor', 'rW2Approved'],
    ['instructor', 'rExpertApproved'],
    ['other', 'rApproved'],
    ['user', 'rPending'],
    ['orgAdmin', 'rApproved'],
    ['expiredAdmin', 'rApproved'],
    ['expiredAdmin', 'rPending'],
  ])('%s cannot update %s (0 rows, unchanged)', async (actor, key) => {
    await expectUpdateRefused(db, as(actor), 'reviews', reviews[key], { response_text: 'Not yours', rating: 1 });
  });

  it.each<Name>(['admin', 'service'])('%s may moderate any review', async (actor) => {
    const row = await expectUpdateAllowed(as(actor), 'reviews', reviews.rPending, { status: 'approved', helpful_count: 3 });
    expect(row).toMatchObject({ status: 'approved', helpful_count: 3 });
  });
});

describe('reviews: delete', () => {
  it.each<[Name, ReviewKey]>([
    ['user', 'rApproved'],
    ['client', 'rPending'],
    ['other', 'rRejected'],
  ])('the author (%s) may delete %s', async (actor, key) => {
    await expectDeleteAllowed(as(actor), 'reviews', reviews[key]);
  });

  it.each<[Name, ReviewKey]>([
    ['instructor', 'rApproved'],
    ['expert', 'rExpertApproved'],
    ['other', 'rApproved'],
    ['user', 'rPending'],
    ['orgAdmin', 'rApproved'],
    ['expiredAdmin', 'rW2Approved'],
  ])('%s cannot delete %s', async (actor, key) => {
    await expectDeleteRefused(db, as(actor), 'reviews', reviews[key]);
  });

  it.each<Name>(['admin', 'service'])('%s may delete any review', async (actor) => {
    await expectDeleteAllowed(as(actor), 'reviews', reviews.rRejected);
  });
});
