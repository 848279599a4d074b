// Business rules the triggers enforce (SCHEMA.md): profiles from sign-ups, workshop seats, assessment scores,
// engagement hours, expert and workshop ratings, certificate numbers, verified purchases and the update guards.
import { describe, expect, it } from 'vitest';
import type { DatabaseError } from 'pg';
import { randomUUID } from 'node:crypto';
import { expectPgError } from '../support/console.js';
import { useTestDatabase } from '../support/db.js';
import type { Queryable } from '../support/pg.js';
import {
  answer,
  createAssessment,
  createCertificate,
  createEngagement,
  createOrganization,
  createReview,
  createSession,
  createTalentProfile,
  createTestimonial,
  createUser,
  createUserWithRole,
  createWorkshop,
  registerForWorkshop,
} from '../support/factories.js';

const db = useTestDatabase();

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of ad-hoc SQL, read field by field in assertions
async function one(q: Queryable, sql: string, params: unknown[] = []): Promise<Record<string, any>> {
  const { rows } = await q.query(sql, params);
  return rows[0];
}

const seats = async (workshopId: string) =>
  (await one(db.owner, 'select capacity_remaining from public.workshops where id = $1', [workshopId])).capacity_remaining as number;

// ---------------------------------------------------------------------------------------------------------------
describe('handle_new_user: a sign-up creates its profile', () => {
  it('copies id, lower-cased email, full_name and avatar_url from auth.users', async () => {
    const id = randomUUID();
    await db.owner.query(
      `insert into auth.users (id, aud, role, email, raw_user_meta_data, created_at, updated_at)
       values ($1, 'authenticated', 'authenticated', 'Ada.Lovelace@Example.TEST', $2, now(), now())`,
      [id, JSON.stringify({ full_name: 'Ada Lovelace', avatar_url: 'https://cdn.example.test/ada.png' })],
    );
    const profile = await one(db.owner, 'select id, email, full_name, avatar_url, status from public.users where id = $1', [id]);
    expect(profile).toEqual({
      id,
      email: 'ada.lovelace@example.test',
      full_name: 'Ada Lovelace',
      avatar_url: 'https://cdn.example.test/ada.png',
      status: 'active',
    });
  });

  it('a sign-up without metadata gets a profile with null name and avatar', async () => {
    const id = randomUUID();
    await db.owner.query(
      `insert into auth.users (id, aud, role, email, created_at, updated_at) values ($1, 'authenticated', 'authenticated', 'plain@example.test', now(), now())`,
      [id],
    );
    const profile = await one(db.owner, 'select email, full_name, avatar_url from public.users where id = $1', [id]);
    expect(profile).toEqual({ email: 'plain@example.test', full_name: null, avatar_url: null });
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('workshop seats', () => {
  const workshop = async (overrides: Record<string, unknown> = {}) => createWorkshop(db.owner, (await createUser(db.owner)).id, overrides);

  it('capacity_remaining defaults to capacity_total', async () => {
    const w = await workshop({ capacity_total: 25 });
    expect(w.capacity_remaining).toBe(25);
  });

  it('a registration takes a seat', async () => {
    const w = await workshop({ capacity_total: 10 });
    await registerForWorkshop(db.owner, w.id, (await createUser(db.owner)).id);
    expect(await seats(w.id)).toBe(9);
  });

  it('a registration inserted as cancelled takes no seat', async () => {
    const w = await workshop({ capacity_total: 10 });
    await registerForWorkshop(db.owner, w.id, (await createUser(db.owner)).id, { status: 'cancelled' });
    expect(await seats(w.id)).toBe(10);
  });

  it('a full workshop refuses a registration with P0001 naming the workshop and its size', async () => {
    const w = await workshop({ capacity_total: 2, title: 'Leading Through AI Change' });
    await registerForWorkshop(db.owner, w.id, (await createUser(db.owner)).id);
    await registerForWorkshop(db.owner, w.id, (await createUser(db.owner)).id);
    const late = await createUser(db.owner);
    const error = await expectPgError(registerForWorkshop(db.owner, w.id, late.id), { code: 'P0001' });
    expect(error.message).toContain('workshop "Leading Through AI Change" is full (2 seats)');
  });

  it('the refused registration leaves no row and no seat change', async () => {
    const w = await workshop({ capacity_total: 1 });
    await registerForWorkshop(db.owner, w.id, (await createUser(db.owner)).id);
    const late = await createUser(db.owner);
    await expectPgError(registerForWorkshop(db.owner, w.id, late.id), { code: 'P0001', message: 'is full' });
    const row = await one(
      db.owner,
      `select (select capacity_remaining from public.workshops where id = $1) as remaining,
              (select count(*)::int from public.workshop_registrations where workshop_id = $1) as registrations`,
      [w.id],
    );
    expect(row).toEqual({ remaining: 0, registrations: 1 });
  });

  it('cancelling gives the seat back and sets cancelled_at', async () => {
    const w = await workshop({ capacity_total: 10 });
    const r = await registerForWorkshop(db.owner, w.id, (await createUser(db.owner)).id);
    const updated = await one(
      db.owner,
      `update public.workshop_registrations set status = 'cancelled' where id = $1 returning cancelled_at`,
      [r.id],
    );
    expect(updated.cancelled_at).toBeInstanceOf(Date);
    expect(await seats(w.id)).toBe(10);
  });

  it('other updates of a seat-holding registration do not move seats', async () => {
    const w = await workshop({ capacity_total: 10 });
    const r = await registerForWorkshop(db.owner, w.id, (await createUser(db.owner)).id);
    await db.owner.query(`update public.workshop_registrations set status = 'completed', attended = true where id = $1`, [r.id]);
    expect(await seats(w.id)).toBe(9);
  });

  it('re-activating a cancelled registration takes a seat and clears cancelled_at', async () => {
    const w = await workshop({ capacity_total: 10 });
    const r = await registerForWorkshop(db.owner, w.id, (await createUser(db.owner)).id);
    await db.owner.query(`update public.workshop_registrations set status = 'cancelled' where id = $1`, [r.id]);
    const updated = await one(
      db.owner,
      `update public.workshop_registrations set status = 'registered' where id = $1 returning cancelled_at`,
      [r.id],
    );
    expect(updated.cancelled_at).toBeNull();
    expect(await seats(w.id)).toBe(9);
  });

  it('re-activating a cancelled registration is refused when the workshop has filled up', async () => {
    const w = await workshop({ capacity_total: 1, title: 'Tiny Room' });
    const first = await registerForWorkshop(db.owner, w.id, (await createUser(db.owner)).id);
    await db.owner.query(`update public.workshop_registrations set status = 'cancelled' where id = $1`, [first.id]);
    await registerForWorkshop(db.owner, w.id, (await createUser(db.owner)).id);
    const error = await expectPgError(
      db.owner.query(`update public.workshop_registrations set status = 'registered' where id = $1`, [first.id]),
      { code: 'P0001' },
    );
    expect(error.message).toContain('workshop "Tiny Room" is full (1 seats)');
  });

  it('moving a registration to another workshop releases the old seat and takes a new one', async () => {
    const from = await workshop({ capacity_total: 5 });
    const to = await workshop({ capacity_total: 5 });
    const r = await registerForWorkshop(db.owner, from.id, (await createUser(db.owner)).id);
    await db.owner.query('update public.workshop_registrations set workshop_id = $1 where id = $2', [to.id, r.id]);
    expect([await seats(from.id), await seats(to.id)]).toEqual([5, 4]);
  });

  it('moving a registration to a full workshop is refused', async () => {
    const from = await workshop({ capacity_total: 5 });
    const to = await workshop({ capacity_total: 1, title: 'Already Full' });
    await registerForWorkshop(db.owner, to.id, (await createUser(db.owner)).id);
    const r = await registerForWorkshop(db.owner, from.id, (await createUser(db.owner)).id);
    const error = await expectPgError(
      db.owner.query('update public.workshop_registrations set workshop_id = $1 where id = $2', [to.id, r.id]),
      { code: 'P0001' },
    );
    expect(error.message).toContain('workshop "Already Full" is full');
  });

  it('deleting a seat-holding registration gives the seat back', async () => {
    const w = await workshop({ capacity_total: 10 });
    const r = await registerForWorkshop(db.owner, w.id, (await createUser(db.owner)).id);
    await db.owner.query('delete from public.workshop_registrations where id = $1', [r.id]);
    expect(await seats(w.id)).toBe(10);
  });

  it('deleting a cancelled registration does not add a seat', async () => {
    const w = await workshop({ capacity_total: 10 });
    const r = await registerForWorkshop(db.owner, w.id, (await createUser(db.owner)).id);
    await db.owner.query(`update public.workshop_registrations set status = 'cancelled' where id = $1`, [r.id]);
    await db.owner.query('delete from public.workshop_registrations where id = $1', [r.id]);
    expect(await seats(w.id)).toBe(10);
  });

  it('a user registering through the API (RLS on, no update right on workshops) still takes a seat', async () => {
    const w = await workshop({ capacity_total: 3 });
    const user = await createUser(db.owner);
    const remaining = await db.asUser(user.id, async (q) => {
      await q.query(`insert into public.workshop_registrations (workshop_id, user_id, status) values ($1, $2, 'registered')`, [
        w.id,
        user.id,
      ]);
      return (await one(q, 'select capacity_remaining from public.workshops where id = $1', [w.id])).capacity_remaining;
    });
    expect(remaining).toBe(2);
  });

  it('two connections racing for the last seat: the second waits on the workshop lock, then is refused', async () => {
    const w = await workshop({ capacity_total: 1, title: 'Last Seat' });
    const [alice, bob] = [await createUser(db.owner), await createUser(db.owner)];
    const [c1, c2] = [await db.connection(), await db.connection()];
    const c2Pid = (await c2.query('select pg_backend_pid() as pid')).rows[0].pid as number;
    const insert = 'insert into public.workshop_registrations (workshop_id, user_id) values ($1, $2)';
    await c1.query('begin');
    await c2.query('begin');
    await c1.query(insert, [w.id, alice.id]);
    const second = c2.query(insert, [w.id, bob.id]).then(
      () => ({ ok: true as const }),
      (error: DatabaseError) => ({ ok: false as const, error }),
    );
    // Both inserts are in flight before either commits: the second must be blocked on the first's lock.
    let waiting = false;
    for (let i = 0; i < 100 && !waiting; i++) {
      const { rows } = await db.owner.query(`select wait_event_type from pg_stat_activity where pid = $1`, [c2Pid]);
      waiting = rows[0]?.wait_event_type === 'Lock';
      if (!waiting) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await c1.query('commit');
    const outcome = await second;
    await c2.query(outcome.ok ? 'commit' : 'rollback');
    const row = await one(
      db.owner,
      `select (select capacity_remaining from public.workshops where id = $1) as remaining,
              array(select user_id from public.workshop_registrations where workshop_id = $1) as registered`,
      [w.id],
    );
    expect(waiting).toBe(true);
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? undefined : outcome.error).toMatchObject({ code: 'P0001' });
    expect(outcome.ok ? '' : outcome.error.message).toContain('workshop "Last Seat" is full (1 seats)');
    expect(row).toEqual({ remaining: 0, registered: [alice.id] });
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('assessment dimension scores', () => {
  const scores = async (assessmentId: string) =>
    one(
      db.owner,
      `select individual_score, leadership_score, cultural_score, embedding_score, velocity_score, overall_score
         from public.assessments where id = $1`,
      [assessmentId],
    );
  const fresh = async () => createAssessment(db.owner, (await createUser(db.owner)).id);

  it('inserting answers sets the weighted mean, rounded: (80×1 + 55×2) / 3 = 63.3 → 63', async () => {
    const a = await fresh();
    await answer(db.owner, a.id, 'individual', 80, { question_weight: 1 });
    await answer(db.owner, a.id, 'individual', 55, { question_weight: 2 });
    expect(await scores(a.id)).toMatchObject({ individual_score: 63, leadership_score: null });
  });

  it('text answers without a value do not count', async () => {
    const a = await fresh();
    await answer(db.owner, a.id, 'cultural', 70);
    await answer(db.owner, a.id, 'cultural', null, { answer_type: 'text', answer_text: 'We are curious' });
    expect((await scores(a.id)).cultural_score).toBe(70);
  });

  it('updating an answer value recomputes', async () => {
    const a = await fresh();
    await answer(db.owner, a.id, 'leadership', 40);
    const b = await answer(db.owner, a.id, 'leadership', 60);
    await db.owner.query('update public.assessment_answers set answer_value = 90 where id = $1', [b.id]);
    expect((await scores(a.id)).leadership_score).toBe(65);
  });

  it('updating a question weight recomputes: (40×1 + 60×3) / 4 = 55', async () => {
    const a = await fresh();
    await answer(db.owner, a.id, 'embedding', 40);
    const b = await answer(db.owner, a.id, 'embedding', 60);
    await db.owner.query('update public.assessment_answers set question_weight = 3 where id = $1', [b.id]);
    expect((await scores(a.id)).embedding_score).toBe(55);
  });

  it('moving an answer to another dimension recomputes both: the old one falls back to null when it has none left', async () => {
    const a = await fresh();
    await answer(db.owner, a.id, 'velocity', 30);
    const moved = await answer(db.owner, a.id, 'individual', 90);
    await db.owner.query(`update public.assessment_answers set dimension = 'velocity' where id = $1`, [moved.id]);
    expect(await scores(a.id)).toMatchObject({ individual_score: null, velocity_score: 60 });
  });

  it('moving an answer to another assessment recomputes both assessments', async () => {
    const a = await fresh();
    const b = await createAssessment(db.owner, (await createUser(db.owner)).id);
    await answer(db.owner, a.id, 'cultural', 20);
    const moved = await answer(db.owner, a.id, 'cultural', 80);
    await db.owner.query('update public.assessment_answers set assessment_id = $1 where id = $2', [b.id, moved.id]);
    expect([(await scores(a.id)).cultural_score, (await scores(b.id)).cultural_score]).toEqual([20, 80]);
  });

  it('deleting an answer recomputes, and the last one leaves the score null', async () => {
    const a = await fresh();
    const x = await answer(db.owner, a.id, 'individual', 50);
    const y = await answer(db.owner, a.id, 'individual', 100);
    await db.owner.query('delete from public.assessment_answers where id = $1', [y.id]);
    const afterOne = (await scores(a.id)).individual_score;
    await db.owner.query('delete from public.assessment_answers where id = $1', [x.id]);
    expect([afterOne, (await scores(a.id)).individual_score]).toEqual([50, null]);
  });

  it('overall_score is generated as (sum of the five) / 5 in integer arithmetic once all five are known', async () => {
    const a = await fresh();
    for (const [dimension, value] of [
      ['individual', 70],
      ['leadership', 70],
      ['cultural', 70],
      ['embedding', 70],
      ['velocity', 64],
    ] as const) {
      await answer(db.owner, a.id, dimension, value);
    }
    expect((await scores(a.id)).overall_score).toBe(68); // 344 / 5 = 68.8, integer division
  });

  it('overall_score stays null while any dimension is null', async () => {
    const a = await fresh();
    for (const dimension of ['individual', 'leadership', 'cultural', 'embedding']) await answer(db.owner, a.id, dimension, 80);
    expect(await scores(a.id)).toMatchObject({ embedding_score: 80, velocity_score: null, overall_score: null });
  });

  it('overall_score cannot be written', async () => {
    const a = await fresh();
    await expectPgError(db.owner.query('update public.assessments set overall_score = 99 where id = $1', [a.id]), { code: '428C9' });
  });

  it('a user answering their own in-progress assessment through the API gets the score (definer trigger)', async () => {
    const user = await createUser(db.owner);
    const a = await createAssessment(db.owner, user.id);
    const score = await db.asUser(user.id, async (q) => {
      await q.query(
        `insert into public.assessment_answers (assessment_id, question_id, dimension, answer_type, answer_value) values ($1, 'q1', 'velocity', 'scale', 42)`,
        [a.id],
      );
      return (await one(q, 'select velocity_score from public.assessments where id = $1', [a.id])).velocity_score;
    });
    expect(score).toBe(42);
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('engagement hours', () => {
  const engagement = async (hours_total = 10) =>
    createEngagement(db.owner, (await createUser(db.owner)).id, (await createUser(db.owner)).id, { hours_total });
  const hoursUsed = async (id: string) =>
    (await one(db.owner, 'select hours_used from public.engagements where id = $1', [id])).hours_used as number;

  it('completed sessions add their duration; scheduled and cancelled ones do not', async () => {
    const e = await engagement();
    await createSession(db.owner, e.id, { status: 'completed', duration_hours: 1.5 });
    await createSession(db.owner, e.id, { status: 'completed', duration_hours: 2 });
    await createSession(db.owner, e.id, { status: 'scheduled', duration_hours: 4 });
    await createSession(db.owner, e.id, { status: 'cancelled', duration_hours: 1 });
    expect(await hoursUsed(e.id)).toBe(3.5);
  });

  it('completing a scheduled session adds its hours', async () => {
    const e = await engagement();
    const s = await createSession(db.owner, e.id, { duration_hours: 2.25 });
    await db.owner.query(`update public.engagement_sessions set status = 'completed' where id = $1`, [s.id]);
    expect(await hoursUsed(e.id)).toBe(2.25);
  });

  it('changing the duration of a completed session recomputes', async () => {
    const e = await engagement();
    const s = await createSession(db.owner, e.id, { status: 'completed', duration_hours: 2 });
    await db.owner.query('update public.engagement_sessions set duration_hours = 3 where id = $1', [s.id]);
    expect(await hoursUsed(e.id)).toBe(3);
  });

  it('un-completing a session takes its hours back', async () => {
    const e = await engagement();
    await createSession(db.owner, e.id, { status: 'completed', duration_hours: 1 });
    const s = await createSession(db.owner, e.id, { status: 'completed', duration_hours: 2 });
    await db.owner.query(`update public.engagement_sessions set status = 'no_show' where id = $1`, [s.id]);
    expect(await hoursUsed(e.id)).toBe(1);
  });

  it('deleting a completed session takes its hours back', async () => {
    const e = await engagement();
    const s = await createSession(db.owner, e.id, { status: 'completed', duration_hours: 2 });
    await db.owner.query('delete from public.engagement_sessions where id = $1', [s.id]);
    expect(await hoursUsed(e.id)).toBe(0);
  });

  it('moving a completed session to another engagement moves its hours', async () => {
    const from = await engagement();
    const to = await engagement();
    const s = await createSession(db.owner, from.id, { status: 'completed', duration_hours: 2 });
    await db.owner.query('update public.engagement_sessions set engagement_id = $1 where id = $2', [to.id, s.id]);
    expect([await hoursUsed(from.id), await hoursUsed(to.id)]).toEqual([0, 2]);
  });

  it('a session past the hour budget is refused with P0001 giving used and total', async () => {
    const e = await engagement(10);
    await createSession(db.owner, e.id, { status: 'completed', duration_hours: 8 });
    const error = await expectPgError(createSession(db.owner, e.id, { status: 'completed', duration_hours: 3 }), { code: 'P0001' });
    expect(error.message).toContain("session would exceed the engagement's hour budget");
    expect(error.message).toMatch(/\(11(\.0+)? of 10(\.0+)? hours\)/);
    expect(await hoursUsed(e.id)).toBe(8);
  });

  it('completing a session that would pass the budget is refused', async () => {
    const e = await engagement(4);
    await createSession(db.owner, e.id, { status: 'completed', duration_hours: 3 });
    const s = await createSession(db.owner, e.id, { duration_hours: 1.5 });
    const error = await expectPgError(db.owner.query(`update public.engagement_sessions set status = 'completed' where id = $1`, [s.id]), {
      code: 'P0001',
    });
    expect(error.message).toMatch(/\(4\.5(0*)? of 4(\.0+)? hours\)/);
  });

  it('a session filling the budget exactly is accepted', async () => {
    const e = await engagement(4);
    await createSession(db.owner, e.id, { status: 'completed', duration_hours: 3 });
    await createSession(db.owner, e.id, { status: 'completed', duration_hours: 1 });
    expect(await hoursUsed(e.id)).toBe(4);
  });

  it('the expert logging a completed session through the API updates hours_used (definer trigger)', async () => {
    const client = await createUser(db.owner);
    const expert = await createUser(db.owner);
    const e = await createEngagement(db.owner, client.id, expert.id, { hours_total: 10 });
    const used = await db.asUser(expert.id, async (q) => {
      await q.query(
        `insert into public.engagement_sessions (engagement_id, session_type, scheduled_at, status, duration_hours) values ($1, 'coaching', now(), 'completed', 1.5)`,
        [e.id],
      );
      return (await one(q, 'select hours_used from public.engagements where id = $1', [e.id])).hours_used;
    });
    expect(used).toBe(1.5);
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('expert rating', () => {
  const profileOf = async (userId: string) =>
    one(db.owner, 'select rating, review_count from public.talent_profiles where user_id = $1', [userId]);

  async function expertWithSignals() {
    const expert = await createUser(db.owner);
    await createTalentProfile(db.owner, expert.id);
    const [c1, c2, c3] = [await createUser(db.owner), await createUser(db.owner), await createUser(db.owner)];
    const e1 = await createEngagement(db.owner, c1.id, expert.id, { status: 'completed', client_satisfaction_score: 4 });
    const e2 = await createEngagement(db.owner, c2.id, expert.id, { status: 'completed', client_satisfaction_score: 5 });
    const approved = await createReview(db.owner, c3.id, { expert_id: expert.id }, { rating: 3, status: 'approved' });
    return { expert, e1, e2, approved, clients: [c1, c2, c3] };
  }

  it("rating is the mean of completed engagements' client_satisfaction_scores and approved expert reviews: 4, 5 and review 3 → 4.00, review_count 1", async () => {
    const { expert } = await expertWithSignals();
    expect(await profileOf(expert.id)).toEqual({ rating: 4, review_count: 1 });
  });

  it('pending, rejected and flagged expert reviews and reviews of other kinds are ignored', async () => {
    const { expert, e1, clients } = await expertWithSignals();
    const [c1] = clients;
    await createReview(db.owner, c1!.id, { expert_id: expert.id }, { rating: 1, status: 'pending' });
    await createReview(db.owner, (await createUser(db.owner)).id, { expert_id: expert.id }, { rating: 1, status: 'rejected' });
    await createReview(db.owner, (await createUser(db.owner)).id, { expert_id: expert.id }, { rating: 1, status: 'flagged' });
    await createReview(db.owner, c1!.id, { engagement_id: e1.id }, { rating: 1, status: 'approved' });
    expect(await profileOf(expert.id)).toEqual({ rating: 4, review_count: 1 });
  });

  it('rounds to 2 decimals: scores 4 and 5 plus review 5 → 4.67', async () => {
    const { expert, approved } = await expertWithSignals();
    await db.owner.query('update public.reviews set rating = 5 where id = $1', [approved.id]);
    expect((await profileOf(expert.id)).rating).toBe(4.67);
  });

  it('approving a pending review counts it', async () => {
    const { expert } = await expertWithSignals();
    const r = await createReview(db.owner, (await createUser(db.owner)).id, { expert_id: expert.id }, { rating: 2 });
    await db.owner.query(`update public.reviews set status = 'approved' where id = $1`, [r.id]);
    expect(await profileOf(expert.id)).toEqual({ rating: 3.5, review_count: 2 });
  });

  it('un-approving a review drops it', async () => {
    const { expert, approved } = await expertWithSignals();
    await db.owner.query(`update public.reviews set status = 'rejected' where id = $1`, [approved.id]);
    expect(await profileOf(expert.id)).toEqual({ rating: 4.5, review_count: 0 });
  });

  it('a changed client_satisfaction_score is counted', async () => {
    const { expert, e1 } = await expertWithSignals();
    await db.owner.query('update public.engagements set client_satisfaction_score = 1 where id = $1', [e1.id]);
    expect((await profileOf(expert.id)).rating).toBe(3);
  });

  it('a new engagement with a score counts; one without a score does not', async () => {
    const { expert } = await expertWithSignals();
    await createEngagement(db.owner, (await createUser(db.owner)).id, expert.id, { status: 'completed', client_satisfaction_score: 1 });
    await createEngagement(db.owner, (await createUser(db.owner)).id, expert.id, { status: 'completed' });
    expect((await profileOf(expert.id)).rating).toBe(3.25);
  });

  it.each(['pending', 'active', 'paused', 'cancelled'])('a score on a %s engagement does not count', async (status) => {
    const { expert } = await expertWithSignals();
    await createEngagement(db.owner, (await createUser(db.owner)).id, expert.id, { status, client_satisfaction_score: 1 });
    expect(await profileOf(expert.id)).toEqual({ rating: 4, review_count: 1 });
  });

  it('a scored engagement counts while completed: reopening it drops the score, completing it again restores it', async () => {
    const { expert, e2 } = await expertWithSignals();
    const ratingAfter = async (set: string) => {
      await db.owner.query(`update public.engagements set ${set} where id = $1`, [e2.id]);
      return (await profileOf(expert.id)).rating;
    };
    expect(await ratingAfter(`status = 'active'`)).toBe(3.5); // 4 and review 3
    expect(await ratingAfter(`status = 'cancelled'`)).toBe(3.5);
    expect(await ratingAfter(`status = 'completed'`)).toBe(4); // 4, 5 and review 3
    expect(await ratingAfter('client_satisfaction_score = 2')).toBe(3); // 4, 2 and review 3
    expect(await ratingAfter(`status = 'paused'`)).toBe(3.5);
    expect(await ratingAfter(`status = 'completed'`)).toBe(3);
  });

  it('is 0 with review_count 0 once every signal is gone', async () => {
    const { expert, e1, e2, approved } = await expertWithSignals();
    await db.owner.query('update public.engagements set client_satisfaction_score = null where id = any($1)', [[e1.id, e2.id]]);
    await db.owner.query('delete from public.reviews where id = $1', [approved.id]);
    expect(await profileOf(expert.id)).toEqual({ rating: 0, review_count: 0 });
  });

  it('deleting a scored engagement drops its score', async () => {
    const { expert, e2 } = await expertWithSignals();
    await db.owner.query('delete from public.engagements where id = $1', [e2.id]);
    expect((await profileOf(expert.id)).rating).toBe(3.5);
  });

  it('a profile created after the expert already has rating signals starts from them, not from 0', async () => {
    const expert = await createUser(db.owner);
    await createEngagement(db.owner, (await createUser(db.owner)).id, expert.id, { status: 'completed', client_satisfaction_score: 4 });
    await createEngagement(db.owner, (await createUser(db.owner)).id, expert.id, { status: 'active', client_satisfaction_score: 1 });
    await createReview(db.owner, (await createUser(db.owner)).id, { expert_id: expert.id }, { rating: 5, status: 'approved' });
    await createTalentProfile(db.owner, expert.id);
    expect(await profileOf(expert.id)).toEqual({ rating: 4.5, review_count: 1 });
  });

  it('a client scoring a completed engagement through the API updates the rating (definer trigger)', async () => {
    const expert = await createUser(db.owner);
    await createTalentProfile(db.owner, expert.id);
    const client = await createUser(db.owner);
    const e = await createEngagement(db.owner, client.id, expert.id, { status: 'completed' });
    const rating = await db.asUser(client.id, async (q) => {
      await q.query('update public.engagements set client_satisfaction_score = 5 where id = $1', [e.id]);
      return (await one(q, 'select rating from public.talent_profiles where user_id = $1', [expert.id])).rating;
    });
    expect(rating).toBe(5);
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('certificate numbers', () => {
  it('are CERT-{TYPE}-{YYYYMMDD}-{ID8} from the row itself, whatever the writer supplied', async () => {
    const user = await createUser(db.owner);
    const id = '1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d';
    const cert = await createCertificate(db.owner, user.id, {
      id,
      certificate_type: 'workshop',
      issue_date: '2026-01-15',
      certificate_number: 'MY-OWN-NUMBER',
    });
    expect(cert.certificate_number).toBe('CERT-WORKSHOP-20260115-1A2B3C4D');
  });

  it('use the default issue date (today) and the generated id', async () => {
    const cert = await createCertificate(db.owner, (await createUser(db.owner)).id, { certificate_type: 'assessment' });
    const expected = await one(
      db.owner,
      `select 'CERT-ASSESSMENT-' || to_char(issue_date, 'YYYYMMDD') || '-' || upper(left(replace(id::text, '-', ''), 8)) as n,
              issue_date = current_date as today
         from public.certificates where id = $1`,
      [cert.id],
    );
    expect(expected.today).toBe(true);
    expect(cert.certificate_number).toBe(expected.n);
    expect(cert.certificate_number).toMatch(/^CERT-ASSESSMENT-\d{8}-[0-9A-F]{8}$/);
  });

  it('are unique across certificates', async () => {
    const user = await createUser(db.owner);
    const certs = [];
    for (let i = 0; i < 5; i++) certs.push(await createCertificate(db.owner, user.id));
    expect(new Set(certs.map((c) => c.certificate_number)).size).toBe(5);
  });

  it('cannot be changed by an update', async () => {
    const cert = await createCertificate(db.owner, (await createUser(db.owner)).id);
    // Refused or silently kept: either way the number stays.
    await db.owner
      .query(`update public.certificates set certificate_number = 'CERT-FORGED-1' where id = $1`, [cert.id])
      .catch(() => undefined);
    const after = await one(db.owner, 'select certificate_number from public.certificates where id = $1', [cert.id]);
    expect(after.certificate_number).toBe(cert.certificate_number);
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('workshop average_rating and review_count', () => {
  const ratingOf = async (workshopId: string) =>
    one(db.owner, 'select average_rating, review_count from public.workshops where id = $1', [workshopId]);
  const setup = async () => {
    const w = await createWorkshop(db.owner, (await createUser(db.owner)).id);
    const review = async (rating: number, status = 'approved', workshopId = w.id) =>
      createReview(db.owner, (await createUser(db.owner)).id, { workshop_id: workshopId }, { rating, status });
    return { w, review };
  };

  it('count approved reviews only, averaged to 2 decimals: 5, 4, 4 approved and a pending 1 → 4.33 of 3', async () => {
    const { w, review } = await setup();
    await review(5);
    await review(4);
    await review(4);
    await review(1, 'pending');
    expect(await ratingOf(w.id)).toEqual({ average_rating: 4.33, review_count: 3 });
  });

  it('approving a review counts it', async () => {
    const { w, review } = await setup();
    await review(5);
    const r = await review(2, 'pending');
    await db.owner.query(`update public.reviews set status = 'approved' where id = $1`, [r.id]);
    expect(await ratingOf(w.id)).toEqual({ average_rating: 3.5, review_count: 2 });
  });

  it.each(['rejected', 'flagged', 'pending'])('moving an approved review to %s drops it', async (status) => {
    const { w, review } = await setup();
    await review(5);
    const r = await review(2);
    await db.owner.query('update public.reviews set status = $1 where id = $2', [status, r.id]);
    expect(await ratingOf(w.id)).toEqual({ average_rating: 5, review_count: 1 });
  });

  it('deleting the last approved review resets to 0 and 0', async () => {
    const { w, review } = await setup();
    const r = await review(4);
    await db.owner.query('delete from public.reviews where id = $1', [r.id]);
    expect(await ratingOf(w.id)).toEqual({ average_rating: 0, review_count: 0 });
  });

  it('moving a review to another workshop recomputes both', async () => {
    const { w, review } = await setup();
    const other = await createWorkshop(db.owner, (await createUser(db.owner)).id);
    await review(2);
    const r = await review(4);
    await db.owner.query('update public.reviews set workshop_id = $1 where id = $2', [other.id, r.id]);
    expect([await ratingOf(w.id), await ratingOf(other.id)]).toEqual([
      { average_rating: 2, review_count: 1 },
      { average_rating: 4, review_count: 1 },
    ]);
  });

  it('changing the rating of an approved review recomputes', async () => {
    const { w, review } = await setup();
    const r = await review(2);
    await db.owner.query('update public.reviews set rating = 5 where id = $1', [r.id]);
    expect(await ratingOf(w.id)).toEqual({ average_rating: 5, review_count: 1 });
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('verified_purchase is computed on insert', () => {
  const verified = async (userId: string, target: Parameters<typeof createReview>[2], claimed = false) =>
    (await createReview(db.owner, userId, target, { verified_purchase: claimed })).verified_purchase;

  it('a workshop review by a registered attendee is verified', async () => {
    const w = await createWorkshop(db.owner, (await createUser(db.owner)).id);
    const user = await createUser(db.owner);
    await registerForWorkshop(db.owner, w.id, user.id, { status: 'completed' });
    expect(await verified(user.id, { workshop_id: w.id })).toBe(true);
  });

  it('a workshop review by someone whose registration is cancelled is not verified', async () => {
    const w = await createWorkshop(db.owner, (await createUser(db.owner)).id);
    const user = await createUser(db.owner);
    await registerForWorkshop(db.owner, w.id, user.id, { status: 'cancelled' });
    expect(await verified(user.id, { workshop_id: w.id })).toBe(false);
  });

  it('claiming verified_purchase without a registration is overridden to false', async () => {
    const w = await createWorkshop(db.owner, (await createUser(db.owner)).id);
    expect(await verified((await createUser(db.owner)).id, { workshop_id: w.id }, true)).toBe(false);
  });

  it('an expert review by a client of any engagement with that expert is verified; by a stranger it is not', async () => {
    const expert = await createUser(db.owner);
    const client = await createUser(db.owner);
    await createEngagement(db.owner, client.id, expert.id, { status: 'completed' });
    expect([
      await verified(client.id, { expert_id: expert.id }),
      await verified((await createUser(db.owner)).id, { expert_id: expert.id }),
    ]).toEqual([true, false]);
  });

  it("an engagement review is verified for that engagement's client, not for its expert", async () => {
    const expert = await createUser(db.owner);
    const client = await createUser(db.owner);
    const e = await createEngagement(db.owner, client.id, expert.id);
    expect([await verified(client.id, { engagement_id: e.id }), await verified(expert.id, { engagement_id: e.id }, true)]).toEqual([
      true,
      false,
    ]);
  });

  it.each<[string, boolean]>([
    ['pending', false],
    ['active', true],
    ['paused', true],
    ['completed', true],
    ['cancelled', false],
  ])('an expert or engagement review by the client of a %s engagement: verified %s', async (status, expected) => {
    const expert = await createUser(db.owner);
    const client = await createUser(db.owner);
    const e = await createEngagement(db.owner, client.id, expert.id, { status });
    expect([await verified(client.id, { expert_id: expert.id }, true), await verified(client.id, { engagement_id: e.id }, true)]).toEqual([
      expected,
      expected,
    ]);
  });

  it('an engagement a client opens through the API buys no review until the expert accepts it', async () => {
    const expert = await createUser(db.owner);
    const client = await createUser(db.owner);
    const outcome = await db.asUser(client.id, async (q) => {
      const { id } = await one(
        q,
        `insert into public.engagements (client_id, expert_id, focus_area, hours_total) values ($1, $2, 'Fake', 1) returning id`,
        [client.id, expert.id],
      );
      const attempt = async (sql: string, params: unknown[]) => {
        await q.query('savepoint attempt');
        const code = await q.query(sql, params).then(
          () => 'accepted',
          (error: DatabaseError) => error.code,
        );
        await q.query('rollback to savepoint attempt');
        return code;
      };
      return {
        activate: await attempt(`update public.engagements set status = 'active' where id = $1`, [id]),
        expertReview: await attempt(
          `insert into public.reviews (user_id, review_type, expert_id, rating, review_text) values ($1, 'expert', $2, 5, 'Best expert ever')`,
          [client.id, expert.id],
        ),
        engagementReview: await attempt(
          `insert into public.reviews (user_id, review_type, engagement_id, rating, review_text) values ($1, 'engagement', $2, 5, 'Flawless')`,
          [client.id, id],
        ),
      };
    });
    expect(outcome).toEqual({ activate: 'P0001', expertReview: '42501', engagementReview: '42501' });
  });

  it('a registrant reviewing through the API gets a verified, pending review', async () => {
    const w = await createWorkshop(db.owner, (await createUser(db.owner)).id);
    const user = await createUser(db.owner);
    await registerForWorkshop(db.owner, w.id, user.id);
    const row = await db.asUser(user.id, (q) =>
      one(
        q,
        `insert into public.reviews (user_id, review_type, workshop_id, rating, review_text, status)
         values ($1, 'workshop', $2, 5, 'Loved it', 'pending') returning verified_purchase, status`,
        [user.id, w.id],
      ),
    );
    expect(row).toEqual({ verified_purchase: true, status: 'pending' });
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('update guards', () => {
  const expectGuard = (refused: Promise<unknown>, column: string) => expectPgError(refused, { code: 'P0001', message: column });

  describe('users', () => {
    it('a user may change their own name', async () => {
      const user = await createUser(db.owner);
      const row = await db.asUser(user.id, (q) =>
        one(q, `update public.users set full_name = 'New Name' where id = $1 returning full_name`, [user.id]),
      );
      expect(row).toEqual({ full_name: 'New Name' });
    });

    it.each([
      ['status', `status = 'suspended'`],
      ['email', `email = 'someone-else@example.test'`],
    ])('a user may not change their own %s', async (column, set) => {
      const user = await createUser(db.owner);
      await expectGuard(
        db.asUser(user.id, (q) => q.query(`update public.users set ${set} where id = $1`, [user.id])),
        column,
      );
    });

    it("a platform admin may change a user's status and email", async () => {
      const admin = await createUserWithRole(db.owner, 'admin');
      const user = await createUser(db.owner);
      const row = await db.asUser(admin.id, (q) =>
        one(q, `update public.users set status = 'suspended', email = 'moved@example.test' where id = $1 returning status, email`, [
          user.id,
        ]),
      );
      expect(row).toEqual({ status: 'suspended', email: 'moved@example.test' });
    });

    it('an org-scoped admin is not a platform admin: the guard still applies', async () => {
      const { id: orgId } = await createOrganization(db.owner);
      const orgAdmin = await createUserWithRole(db.owner, 'admin', { organization_id: orgId });
      await expectGuard(
        db.asUser(orgAdmin.id, (q) => q.query(`update public.users set status = 'inactive' where id = $1`, [orgAdmin.id])),
        'status',
      );
    });
  });

  describe('workshop_registrations', () => {
    const world = async () => {
      const instructor = await createUser(db.owner);
      const w = await createWorkshop(db.owner, instructor.id, { capacity_total: 5 });
      const user = await createUser(db.owner);
      const r = await registerForWorkshop(db.owner, w.id, user.id);
      return { instructor, w, user, r };
    };

    it('the registrant may cancel (the seat comes back) and rate', async () => {
      const { w, user, r } = await world();
      const result = await db.asUser(user.id, async (q) => {
        const row = await one(
          q,
          `update public.workshop_registrations set status = 'cancelled', rating = 4, review = 'Good' where id = $1 returning status, rating, cancelled_at is not null as cancelled`,
          [r.id],
        );
        return {
          ...row,
          seats: (await one(q, 'select capacity_remaining from public.workshops where id = $1', [w.id])).capacity_remaining,
        };
      });
      expect(result).toEqual({ status: 'cancelled', rating: 4, cancelled: true, seats: 5 });
    });

    it.each([
      ['status', `status = 'completed'`],
      ['attended', 'attended = true'],
      ['price_paid', 'price_paid = 0.01'],
      ['completed_at', 'completed_at = now()'],
    ])('the registrant may not change %s', async (column, set) => {
      const { user, r } = await world();
      await expectGuard(
        db.asUser(user.id, (q) => q.query(`update public.workshop_registrations set ${set} where id = $1`, [r.id])),
        column,
      );
    });

    it('the instructor may mark attendance and completion', async () => {
      const { instructor, r } = await world();
      const row = await db.asUser(instructor.id, (q) =>
        one(
          q,
          `update public.workshop_registrations set attended = true, status = 'completed', completed_at = now() where id = $1 returning attended, status`,
          [r.id],
        ),
      );
      expect(row).toEqual({ attended: true, status: 'completed' });
    });

    it('the instructor may mark a no-show', async () => {
      const { instructor, r } = await world();
      const row = await db.asUser(instructor.id, (q) =>
        one(q, `update public.workshop_registrations set status = 'no_show' where id = $1 returning status`, [r.id]),
      );
      expect(row).toEqual({ status: 'no_show' });
    });

    it.each([
      ['rating', 'rating = 1'],
      ['status', `status = 'cancelled'`],
      ['price_paid', 'price_paid = 50'],
    ])('the instructor may not change %s', async (column, set) => {
      const { instructor, r } = await world();
      await expectGuard(
        db.asUser(instructor.id, (q) => q.query(`update public.workshop_registrations set ${set} where id = $1`, [r.id])),
        column,
      );
    });
  });

  describe('talent_profiles', () => {
    it('the owner may edit their tagline', async () => {
      const expert = await createUser(db.owner);
      const p = await createTalentProfile(db.owner, expert.id);
      const row = await db.asUser(expert.id, (q) =>
        one(q, `update public.talent_profiles set tagline = 'Culture first' where id = $1 returning tagline`, [p.id]),
      );
      expect(row).toEqual({ tagline: 'Culture first' });
    });

    it.each([
      ['rating', 'rating = 5'],
      ['review_count', 'review_count = 99'],
    ])('the owner may not set %s', async (column, set) => {
      const expert = await createUser(db.owner);
      const p = await createTalentProfile(db.owner, expert.id);
      await expectGuard(
        db.asUser(expert.id, (q) => q.query(`update public.talent_profiles set ${set} where id = $1`, [p.id])),
        column,
      );
    });
  });

  describe('talent_testimonials', () => {
    it('the profile owner may edit the quote but not set verified', async () => {
      const expert = await createUser(db.owner);
      const p = await createTalentProfile(db.owner, expert.id);
      const t = await createTestimonial(db.owner, p.id);
      const quote = await db.asUser(expert.id, (q) =>
        one(q, `update public.talent_testimonials set quote = 'Edited' where id = $1 returning quote`, [t.id]),
      );
      expect(quote).toEqual({ quote: 'Edited' });
      await expectGuard(
        db.asUser(expert.id, (q) => q.query('update public.talent_testimonials set verified = true where id = $1', [t.id])),
        'verified',
      );
    });

    it('the profile owner may not insert a testimonial already verified', async () => {
      const expert = await createUser(db.owner);
      const p = await createTalentProfile(db.owner, expert.id);
      const outcome = await db
        .asUser(expert.id, (q) =>
          one(
            q,
            `insert into public.talent_testimonials (talent_profile_id, client_name, quote, verified) values ($1, 'Self', 'I am great', true) returning verified`,
            [p.id],
          ),
        )
        .catch((error: DatabaseError) => error);
      // Either refused, or stored unverified: never verified by the expert themselves.
      if (outcome instanceof Error) expect((outcome as DatabaseError).code).toMatch(/^(P0001|42501)$/);
      else expect(outcome).toEqual({ verified: false });
    });

    it('a platform admin may verify a testimonial', async () => {
      const admin = await createUserWithRole(db.owner, 'admin');
      const p = await createTalentProfile(db.owner, (await createUser(db.owner)).id);
      const t = await createTestimonial(db.owner, p.id);
      const row = await db.asUser(admin.id, (q) =>
        one(q, 'update public.talent_testimonials set verified = true where id = $1 returning verified', [t.id]),
      );
      expect(row).toEqual({ verified: true });
    });

    it.each([
      ['quote', `quote = 'Rewritten after verification'`],
      ['client_name', `client_name = 'Someone Famous'`],
      ['client_company', `client_company = 'Big Famous Corp'`],
      ['client_title', `client_title = 'CEO'`],
      ['metric', `metric = '+900% productivity'`],
    ])('the profile owner rewriting %s of a verified testimonial saves the edit and silently unverifies it', async (column, set) => {
      const expert = await createUser(db.owner);
      const p = await createTalentProfile(db.owner, expert.id);
      const t = await createTestimonial(db.owner, p.id, { verified: true, metric: '+20% adoption', client_title: 'COO' });
      const row = await db.asUser(expert.id, (q) =>
        one(q, `update public.talent_testimonials set ${set} where id = $1 returning ${column}, verified`, [t.id]),
      );
      expect(row.verified).toBe(false);
      expect(row[column]).not.toBe(t[column]);
    });

    it('the profile owner featuring a verified testimonial, or re-saving the same text, keeps it verified', async () => {
      const expert = await createUser(db.owner);
      const p = await createTalentProfile(db.owner, expert.id);
      const t = await createTestimonial(db.owner, p.id, { verified: true });
      const row = await db.asUser(expert.id, (q) =>
        one(q, 'update public.talent_testimonials set is_featured = true, quote = $2 where id = $1 returning is_featured, verified', [
          t.id,
          t.quote,
        ]),
      );
      expect(row).toEqual({ is_featured: true, verified: true });
    });

    it('a platform admin editing the text of a verified testimonial keeps it verified', async () => {
      const admin = await createUserWithRole(db.owner, 'admin');
      const p = await createTalentProfile(db.owner, (await createUser(db.owner)).id);
      const t = await createTestimonial(db.owner, p.id, { verified: true });
      const row = await db.asUser(admin.id, (q) =>
        one(q, `update public.talent_testimonials set quote = 'Typo fixed' where id = $1 returning verified`, [t.id]),
      );
      expect(row).toEqual({ verified: true });
    });
  });

  describe('engagements', () => {
    const world = async (overrides: Record<string, unknown> = {}) => {
      const client = await createUser(db.owner);
      const expert = await createUser(db.owner);
      const e = await createEngagement(db.owner, client.id, expert.id, overrides);
      return { client, expert, e };
    };

    it('the client may edit the description and set client_satisfaction_score of a completed engagement', async () => {
      const { client, e } = await world({ status: 'completed' });
      const row = await db.asUser(client.id, (q) =>
        one(
          q,
          `update public.engagements set description = 'Phase 2', client_satisfaction_score = 5 where id = $1 returning description, client_satisfaction_score`,
          [e.id],
        ),
      );
      expect(row).toEqual({ description: 'Phase 2', client_satisfaction_score: 5 });
    });

    it.each(['pending', 'active', 'paused', 'cancelled'])('the client may not score a %s engagement', async (status) => {
      const { client, e } = await world({ status });
      await expectGuard(
        db.asUser(client.id, (q) => q.query('update public.engagements set client_satisfaction_score = 5 where id = $1', [e.id])),
        'client_satisfaction_score',
      );
    });

    it('the client may not score an engagement on creation', async () => {
      const client = await createUser(db.owner);
      const expert = await createUser(db.owner);
      await expectGuard(
        db.asUser(client.id, (q) =>
          q.query(
            `insert into public.engagements (client_id, expert_id, focus_area, hours_total, client_satisfaction_score) values ($1, $2, 'Fake', 1, 5)`,
            [client.id, expert.id],
          ),
        ),
        'client_satisfaction_score',
      );
    });

    it.each(['active', 'completed'])('the client may not open an engagement already %s', async (status) => {
      const client = await createUser(db.owner);
      const expert = await createUser(db.owner);
      await expectGuard(
        db.asUser(client.id, (q) =>
          q.query(`insert into public.engagements (client_id, expert_id, focus_area, hours_total, status) values ($1, $2, 'Fake', 1, $3)`, [
            client.id,
            expert.id,
            status,
          ]),
        ),
        'status',
      );
    });

    it('a platform admin may record a completed, scored engagement directly', async () => {
      const admin = await createUserWithRole(db.owner, 'admin');
      const [client, expert] = [await createUser(db.owner), await createUser(db.owner)];
      const row = await db.asUser(admin.id, (q) =>
        one(
          q,
          `insert into public.engagements (client_id, expert_id, focus_area, hours_total, status, client_satisfaction_score)
           values ($1, $2, 'Imported', 1, 'completed', 4) returning status, client_satisfaction_score`,
          [client.id, expert.id],
        ),
      );
      expect(row).toEqual({ status: 'completed', client_satisfaction_score: 4 });
    });

    it('the expert moves the engagement through active, paused and completed; the client may cancel it', async () => {
      const { client, expert, e } = await world({ status: 'pending' });
      const statuses = await db.asUser(expert.id, async (q) => {
        const seen: string[] = [];
        for (const status of ['active', 'paused', 'active', 'completed']) {
          seen.push((await one(q, 'update public.engagements set status = $2 where id = $1 returning status', [e.id, status])).status);
        }
        return seen;
      });
      expect(statuses).toEqual(['active', 'paused', 'active', 'completed']);
      const cancelled = await db.asUser(client.id, (q) =>
        one(q, `update public.engagements set status = 'cancelled' where id = $1 returning status`, [e.id]),
      );
      expect(cancelled).toEqual({ status: 'cancelled' });
    });

    it.each([
      ['pending', 'active'],
      ['active', 'completed'],
      ['active', 'paused'],
      ['completed', 'cancelled'],
    ])('the client may not move the engagement from %s to %s', async (from, to) => {
      const { client, e } = await world({ status: from });
      await expectGuard(
        db.asUser(client.id, (q) => q.query('update public.engagements set status = $2 where id = $1', [e.id, to])),
        'status',
      );
    });

    it('the client may change the commercial terms (hours_total, hourly_rate)', async () => {
      const { client, e } = await world();
      const row = await db.asUser(client.id, (q) =>
        one(q, 'update public.engagements set hours_total = 20, hourly_rate = 300 where id = $1 returning hours_total, hourly_rate', [
          e.id,
        ]),
      );
      expect(row).toEqual({ hours_total: 20, hourly_rate: 300 });
    });

    it.each([
      ['hours_total', 'hours_total = 200'],
      ['hourly_rate', 'hourly_rate = 999'],
    ])('the expert may not change %s alone', async (column, set) => {
      const { expert, e } = await world();
      await expectGuard(
        db.asUser(expert.id, (q) => q.query(`update public.engagements set ${set} where id = $1`, [e.id])),
        column,
      );
    });

    it('the expert may edit the deliverables but not set client_satisfaction_score', async () => {
      const { expert, e } = await world();
      const ok = await db.asUser(expert.id, (q) =>
        one(q, `update public.engagements set deliverables = '["Roadmap"]' where id = $1 returning deliverables`, [e.id]),
      );
      expect(ok).toEqual({ deliverables: ['Roadmap'] });
      await expectGuard(
        db.asUser(expert.id, (q) => q.query('update public.engagements set client_satisfaction_score = 5 where id = $1', [e.id])),
        'client_satisfaction_score',
      );
    });

    it.each([
      ['client', 'hours_used', 'hours_used = 1'],
      ['client', 'expert_id', 'expert_id = $2'],
      ['expert', 'client_id', 'client_id = $2'],
      ['expert', 'hours_used', 'hours_used = 0.5'],
    ] as const)('the %s may not change %s', async (who, column, set) => {
      const world_ = await world();
      const other = await createUser(db.owner);
      const actor = world_[who];
      const params = set.includes('$2') ? [world_.e.id, other.id] : [world_.e.id];
      await expectGuard(
        db.asUser(actor.id, (q) => q.query(`update public.engagements set ${set} where id = $1`, params)),
        column,
      );
    });
  });

  describe('reviews', () => {
    const world = async () => {
      const instructor = await createUser(db.owner);
      const w = await createWorkshop(db.owner, instructor.id);
      const author = await createUser(db.owner);
      await registerForWorkshop(db.owner, w.id, author.id);
      const r = await createReview(db.owner, author.id, { workshop_id: w.id }, { rating: 5, status: 'approved' });
      return { instructor, w, author, r };
    };

    it("the author's edit sends an approved review back to pending (and out of the workshop's rating)", async () => {
      const { author, w, r } = await world();
      const result = await db.asUser(author.id, async (q) => {
        const row = await one(
          q,
          `update public.reviews set rating = 2, review_text = 'On reflection, so-so' where id = $1 returning status, rating`,
          [r.id],
        );
        return { ...row, workshop: await one(q, 'select review_count from public.workshops where id = $1', [w.id]) };
      });
      expect(result).toEqual({ status: 'pending', rating: 2, workshop: { review_count: 0 } });
    });

    it.each([
      ['status', `status = 'rejected'`],
      ['verified_purchase', 'verified_purchase = false'],
      ['helpful_count', 'helpful_count = 100'],
      ['response_text', `response_text = 'Replying to myself'`],
    ])('the author may not change %s', async (column, set) => {
      const { author, r } = await world();
      await expectGuard(
        db.asUser(author.id, (q) => q.query(`update public.reviews set ${set} where id = $1`, [r.id])),
        column,
      );
    });

    it("the workshop's instructor may respond: response_by and responded_at are set by the trigger", async () => {
      const { instructor, r } = await world();
      const row = await db.asUser(instructor.id, (q) =>
        one(
          q,
          `update public.reviews set response_text = 'Thank you!' where id = $1
           returning response_text, response_by, responded_at is not null as responded, status`,
          [r.id],
        ),
      );
      expect(row).toEqual({ response_text: 'Thank you!', response_by: instructor.id, responded: true, status: 'approved' });
    });

    it('the reviewed expert may respond to an expert review', async () => {
      const expert = await createUser(db.owner);
      const author = await createUser(db.owner);
      const r = await createReview(db.owner, author.id, { expert_id: expert.id }, { status: 'approved' });
      const row = await db.asUser(expert.id, (q) =>
        one(
          q,
          `update public.reviews set response_text = 'Glad it helped' where id = $1 returning response_by, responded_at is not null as responded`,
          [r.id],
        ),
      );
      expect(row).toEqual({ response_by: expert.id, responded: true });
    });

    it.each([
      ['rating', 'rating = 1'],
      ['status', `status = 'rejected'`],
      ['review_text', `review_text = 'Rewritten by the instructor'`],
    ])('the instructor may not change %s', async (column, set) => {
      const { instructor, r } = await world();
      await expectGuard(
        db.asUser(instructor.id, (q) => q.query(`update public.reviews set ${set} where id = $1`, [r.id])),
        column,
      );
    });

    it('a platform admin may moderate: status changes without sending the review back', async () => {
      const admin = await createUserWithRole(db.owner, 'admin');
      const { r } = await world();
      const row = await db.asUser(admin.id, (q) =>
        one(q, `update public.reviews set status = 'flagged' where id = $1 returning status`, [r.id]),
      );
      expect(row).toEqual({ status: 'flagged' });
    });
  });
});
