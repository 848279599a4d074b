// Row-level security of 003: assessments and assessment_answers, and get_org_adaptability_trend (security invoker,
// so RLS decides which assessments it counts).
// SCHEMA.md: assessments: select own or org admin of its org; insert own with status in_progress; update own while
// in_progress (may complete it); insert and update need organization_id null or an org the user is a member of (it
// counts in that org's trend); delete admin. Answers: select those of a visible assessment; insert, update and
// delete only on one's own in_progress assessment. anon has no grant on either.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db.js';
import { answer, createAssessment, createUserWithRole, type UserRow } from '../support/factories.js';
import {
  actorsOf,
  createCast,
  deleteAs,
  expectDeleteAllowed,
  expectDeleteRefused,
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
let lapsedOrgAdmin: UserRow;
const base = actorsOf(db, () => cast);
type Name = ActorName | 'lapsedOrgAdmin';
const as = (name: Name): Actor => (name === 'lapsedOrgAdmin' ? userActor(db, name, lapsedOrgAdmin.id) : base(name));

type AssessmentKey = 'userOpen' | 'userDone' | 'otherOpen' | 'memberA' | 'memberAOpen' | 'memberB';
let assessments: Record<AssessmentKey, string>;
/** One answer per assessment, keyed `ans<Assessment>`. */
let answers: Record<string, string>;

beforeAll(async () => {
  cast = await createCast(db);
  const q = db.owner;
  lapsedOrgAdmin = await createUserWithRole(q, 'admin', { organization_id: cast.orgA.id, expires_at: new Date(Date.now() - 86_400_000) });
  const done = { status: 'completed', completed_at: new Date() };
  assessments = {
    userOpen: (await createAssessment(q, cast.user.id)).id,
    userDone: (await createAssessment(q, cast.user.id, done)).id,
    otherOpen: (await createAssessment(q, cast.other.id)).id,
    memberA: (await createAssessment(q, cast.orgMember.id, { ...done, organization_id: cast.orgA.id })).id,
    memberAOpen: (await createAssessment(q, cast.orgMember.id, { organization_id: cast.orgA.id })).id,
    memberB: (await createAssessment(q, cast.orgBMember.id, { ...done, organization_id: cast.orgB.id })).id,
  };
  answers = {};
  for (const [key, id] of Object.entries(assessments)) {
    answers[`ans${key[0]!.toUpperCase()}${key.slice(1)}`] = (await answer(q, id, 'individual', 60)).id;
  }
});

const ALL_ASSESSMENTS = ['memberA', 'memberAOpen', 'memberB', 'otherOpen', 'userDone', 'userOpen'];
const selectMatrix: [Name, string[]][] = [
  ['user', ['userDone', 'userOpen']],
  ['other', ['otherOpen']],
  ['orgMember', ['memberA', 'memberAOpen']],
  ['orgAdmin', ['memberA', 'memberAOpen']],
  ['client', []],
  ['orgBMember', ['memberB']],
  ['lapsedOrgAdmin', []],
  ['instructor', []],
  ['expert', []],
  ['expiredAdmin', []],
  ['admin', ALL_ASSESSMENTS],
  ['service', ALL_ASSESSMENTS],
];

describe('assessments', () => {
  it('anon has no grant on assessments', async () => {
    await expectPermissionDenied(as('anon').run((q) => q.query('select id from public.assessments')));
    await expectPermissionDenied(insertAs(as('anon'), 'assessments', { user_id: cast.user.id }));
    await expectPermissionDenied(updateAs(as('anon'), 'assessments', assessments.userOpen, { results: {} }));
    await expectPermissionDenied(deleteAs(as('anon'), 'assessments', assessments.userOpen));
  });

  it.each(selectMatrix)('select: %s sees %j (org admins see their org, members and clients only their own)', async (actor, expected) => {
    expect(await visible(as(actor), 'assessments', assessments)).toEqual(expected);
  });

  it('insert: a user may start their own assessment', async () => {
    const row = await expectInsertAllowed(as('user'), 'assessments', { user_id: cast.user.id, assessment_type: 'quick' });
    expect(row).toMatchObject({ user_id: cast.user.id, status: 'in_progress' });
  });

  it.each<[string, Name, () => Record<string, unknown>]>([
    ['for someone else', 'user', () => ({ user_id: cast.other.id })],
    ['already completed', 'user', () => ({ user_id: cast.user.id, status: 'completed', completed_at: new Date() })],
    ['as abandoned', 'user', () => ({ user_id: cast.user.id, status: 'abandoned' })],
    ['for a member of its org (org admin)', 'orgAdmin', () => ({ user_id: cast.orgMember.id, organization_id: cast.orgA.id })],
    ['for someone else (expired admin)', 'expiredAdmin', () => ({ user_id: cast.other.id })],
  ])('insert: an assessment %s is refused', async (_what, actor, values) => {
    await expectRlsViolation(insertAs(as(actor), 'assessments', values()), 'assessments');
  });

  it.each<[Name, () => string]>([
    ['orgMember', () => cast.orgA.id],
    ['client', () => cast.orgA.id],
    ['orgAdmin', () => cast.orgA.id],
    ['orgBMember', () => cast.orgB.id],
  ])('insert: %s may start its own assessment under an organization it belongs to', async (actor, orgId) => {
    const row = await expectInsertAllowed(as(actor), 'assessments', { user_id: as(actor).id, organization_id: orgId() });
    expect(row).toMatchObject({ user_id: as(actor).id, organization_id: orgId(), status: 'in_progress' });
  });

  it.each<[Name, () => string]>([
    ['user', () => cast.orgA.id],
    ['orgMember', () => cast.orgB.id],
    ['orgBMember', () => cast.orgA.id],
    ['lapsedOrgAdmin', () => cast.orgA.id],
    ['expiredAdmin', () => cast.orgB.id],
  ])('insert: %s cannot file its own assessment under an organization it does not belong to', async (actor, orgId) => {
    await expectRlsViolation(insertAs(as(actor), 'assessments', { user_id: as(actor).id, organization_id: orgId() }), 'assessments');
  });

  it.each<Name>(['admin', 'service'])('insert: %s may create any assessment', async (actor) => {
    const row = await expectInsertAllowed(as(actor), 'assessments', {
      user_id: cast.other.id,
      status: 'completed',
      completed_at: new Date(),
    });
    expect(row.status).toBe('completed');
  });

  it('update: a user may work on and complete their own in_progress assessment', async () => {
    const row = await expectUpdateAllowed(as('user'), 'assessments', assessments.userOpen, {
      results: { note: 'draft' },
      status: 'completed',
      completed_at: new Date(),
    });
    expect(row).toMatchObject({ status: 'completed', results: { note: 'draft' } });
  });

  it('update: a member may complete its open assessment filed under its organization', async () => {
    const row = await expectUpdateAllowed(as('orgMember'), 'assessments', assessments.memberAOpen, {
      status: 'completed',
      completed_at: new Date(),
    });
    expect(row).toMatchObject({ status: 'completed', organization_id: cast.orgA.id });
  });

  it('update: a member may take its open assessment out of its organization', async () => {
    const row = await expectUpdateAllowed(as('orgMember'), 'assessments', assessments.memberAOpen, { organization_id: null });
    expect(row.organization_id).toBeNull();
  });

  it.each<[Name, AssessmentKey, () => string]>([
    ['user', 'userOpen', () => cast.orgA.id],
    ['orgMember', 'memberAOpen', () => cast.orgB.id],
    ['other', 'otherOpen', () => cast.orgB.id],
  ])('update: %s cannot move %s into an organization it does not belong to', async (actor, key, orgId) => {
    await expectRlsViolation(updateAs(as(actor), 'assessments', assessments[key], { organization_id: orgId() }), 'assessments');
  });

  it.each<Name>(['admin', 'service'])('update: %s may file any assessment under any organization', async (actor) => {
    const row = await expectUpdateAllowed(as(actor), 'assessments', assessments.userOpen, { organization_id: cast.orgB.id });
    expect(row.organization_id).toBe(cast.orgB.id);
  });

  it('update: a user cannot hand their assessment to someone else', async () => {
    await expectRlsViolation(updateAs(as('user'), 'assessments', assessments.userOpen, { user_id: cast.other.id }), 'assessments');
  });

  it.each<[Name, AssessmentKey, Record<string, unknown>]>([
    ['user', 'userDone', { status: 'in_progress', completed_at: null }],
    ['user', 'userDone', { results: { tampered: true } }],
    ['user', 'otherOpen', { results: { tampered: true } }],
    ['orgAdmin', 'memberAOpen', { results: { tampered: true } }],
    ['orgAdmin', 'memberA', { recommendations: JSON.stringify([]) }],
    ['client', 'memberAOpen', { results: { tampered: true } }],
    ['expiredAdmin', 'memberA', { results: { tampered: true } }],
  ])('update: %s cannot update %s (0 rows, unchanged)', async (actor, key, set) => {
    await expectUpdateRefused(db, as(actor), 'assessments', assessments[key], set);
  });

  it.each<Name>(['admin', 'service'])('update: %s may update any assessment', async (actor) => {
    const row = await expectUpdateAllowed(as(actor), 'assessments', assessments.memberA, { status: 'abandoned' });
    expect(row.status).toBe('abandoned');
  });

  it.each<[Name, AssessmentKey]>([
    ['user', 'userOpen'],
    ['user', 'userDone'],
    ['orgAdmin', 'memberA'],
    ['other', 'userOpen'],
    ['expiredAdmin', 'memberB'],
  ])('delete: %s cannot delete %s', async (actor, key) => {
    await expectDeleteRefused(db, as(actor), 'assessments', assessments[key]);
  });

  it.each<Name>(['admin', 'service'])('delete: %s may delete any assessment', async (actor) => {
    await expectDeleteAllowed(as(actor), 'assessments', assessments.memberB);
  });
});

describe('assessment_answers', () => {
  const newAnswer = (assessmentId: string) => ({
    assessment_id: assessmentId,
    question_id: `q-new-${Math.random().toString(36).slice(2)}`,
    dimension: 'leadership',
    answer_type: 'scale',
    answer_value: 75,
  });

  it('anon has no grant on answers', async () => {
    await expectPermissionDenied(as('anon').run((q) => q.query('select id from public.assessment_answers')));
    await expectPermissionDenied(insertAs(as('anon'), 'assessment_answers', newAnswer(assessments.userOpen)));
    await expectPermissionDenied(updateAs(as('anon'), 'assessment_answers', answers.ansUserOpen!, { answer_value: 1 }));
    await expectPermissionDenied(deleteAs(as('anon'), 'assessment_answers', answers.ansUserOpen!));
  });

  it.each(selectMatrix)('select: %s sees the answers of exactly the assessments it sees (%j)', async (actor, expected) => {
    const expectedAnswers = expected.map((key) => `ans${key[0]!.toUpperCase()}${key.slice(1)}`).sort();
    expect(await visible(as(actor), 'assessment_answers', answers)).toEqual(expectedAnswers);
  });

  it.each<[Name, AssessmentKey]>([
    ['user', 'userOpen'],
    ['orgMember', 'memberAOpen'],
  ])('insert: %s may answer its own in_progress assessment %s', async (actor, key) => {
    const row = await expectInsertAllowed(as(actor), 'assessment_answers', newAnswer(assessments[key]));
    expect(row.assessment_id).toBe(assessments[key]);
  });

  it.each<[Name, AssessmentKey]>([
    ['user', 'userDone'],
    ['user', 'otherOpen'],
    ['orgAdmin', 'memberAOpen'],
    ['client', 'memberAOpen'],
    ['expiredAdmin', 'otherOpen'],
  ])('insert: %s cannot answer %s', async (actor, key) => {
    await expectRlsViolation(insertAs(as(actor), 'assessment_answers', newAnswer(assessments[key])), 'assessment_answers');
  });

  it.each<Name>(['admin', 'service'])('insert: %s may add an answer to any assessment', async (actor) => {
    await expectInsertAllowed(as(actor), 'assessment_answers', newAnswer(assessments.userDone));
  });

  it('update: a user may change an answer of their in_progress assessment', async () => {
    const row = await expectUpdateAllowed(as('user'), 'assessment_answers', answers.ansUserOpen!, { answer_value: 80 });
    expect(row.answer_value).toBe(80);
  });

  it("update: a user cannot move an answer into someone else's assessment", async () => {
    await expectRlsViolation(
      updateAs(as('user'), 'assessment_answers', answers.ansUserOpen!, { assessment_id: assessments.otherOpen }),
      'assessment_answers',
    );
  });

  it('update: a user cannot move an answer into their own completed assessment', async () => {
    await expectRlsViolation(
      updateAs(as('user'), 'assessment_answers', answers.ansUserOpen!, { assessment_id: assessments.userDone }),
      'assessment_answers',
    );
  });

  it.each<[Name, string]>([
    ['user', 'ansUserDone'],
    ['other', 'ansUserOpen'],
    ['orgAdmin', 'ansMemberAOpen'],
    ['orgAdmin', 'ansMemberA'],
    ['expiredAdmin', 'ansUserOpen'],
  ])('update: %s cannot change %s (0 rows, unchanged)', async (actor, key) => {
    await expectUpdateRefused(db, as(actor), 'assessment_answers', answers[key]!, { answer_value: 1 });
  });

  it.each<Name>(['admin', 'service'])('update: %s may change any answer', async (actor) => {
    const row = await expectUpdateAllowed(as(actor), 'assessment_answers', answers.ansUserDone!, { answer_value: 90 });
    expect(row.answer_value).toBe(90);
  });

  it('delete: a user may delete an answer of their in_progress assessment', async () => {
    await expectDeleteAllowed(as('user'), 'assessment_answers', answers.ansUserOpen!);
  });

  it.each<[Name, string]>([
    ['user', 'ansUserDone'],
    ['other', 'ansUserOpen'],
    ['orgAdmin', 'ansMemberAOpen'],
    ['expiredAdmin', 'ansOtherOpen'],
  ])('delete: %s cannot delete %s', async (actor, key) => {
    await expectDeleteRefused(db, as(actor), 'assessment_answers', answers[key]!);
  });

  it.each<Name>(['admin', 'service'])('delete: %s may delete any answer', async (actor) => {
    await expectDeleteAllowed(as(actor), 'assessment_answers', answers.ansMemberB!);
  });
});

describe('get_org_adaptability_trend runs as the caller: RLS decides what it counts', () => {
  const trend = (actor: Name, orgId: string) =>
    as(actor).run(async (q) => (await q.query('select assessment_count from public.get_org_adaptability_trend($1, 6)', [orgId])).rows);

  it.each<[Name, number[]]>([
    ['orgAdmin', [1]],
    ['orgMember', [1]],
    ['admin', [1]],
    ['client', []],
    ['orgBMember', []],
    ['lapsedOrgAdmin', []],
    ['expiredAdmin', []],
  ])('org A trend for %s counts %j', async (actor, counts) => {
    expect((await trend(actor, cast.orgA.id)).map((row) => row.assessment_count)).toEqual(counts);
  });

  it('anon may not execute it', async () => {
    await expectPermissionDenied(trend('anon', cast.orgA.id));
  });
});
