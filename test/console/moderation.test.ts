// Review moderation (007): the queue (list_reviews / count_reviews with filters, search, keyset pages and signals),
// decisions with a version check, bulk decisions, undo, responses on behalf of the reviewed person, staff access to
// reviews through rls and the review guard, the audit trail and the ratings that follow decisions.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db.js';
import {
  createEngagement,
  createReview,
  createTalentProfile,
  createUser,
  createUserWithRole,
  createWorkshop,
  registerForWorkshop,
  type UserRow,
} from '../support/factories.js';
import { auditCount, consoleAs, expectPgError } from '../support/console.js';

const db = useTestDatabase();

let admin: UserRow;
let moderator: UserRow;
let moderator2: UserRow;
let finance: UserRow;
let leadership: UserRow;
let plain: UserRow;
let instructor: UserRow;
let expert: UserRow;
let author: UserRow;

type Row = Record<string, unknown>;
type Review = Row & { id: string; version: number; status: string };

const as = (user: UserRow, fn: string, args: Row = {}, commit = true) => consoleAs<Row>(db.owner, user.id, fn, args, { commit });

async function review(id: string): Promise<Review> {
  const { rows } = await db.owner.query('select * from public.reviews where id = $1', [id]);
  return rows[0] as Review;
}

async function workshopRating(id: string): Promise<{ average_rating: number; review_count: number }> {
  const { rows } = await db.owner.query('select average_rating, review_count from public.workshops where id = $1', [id]);
  return rows[0];
}

const auditFor = (id: string) => auditCount(db.owner, `entity = 'review' and entity_id = $1`, [id]);

/** A fresh workshop by the test instructor, and a pending review of it by a new author (verified when registered). */
async function pendingWorkshopReview(overrides: Row = {}, options: { verified?: boolean; workshopId?: string; userId?: string } = {}) {
  const workshopId = options.workshopId ?? (await createWorkshop(db.owner, instructor.id)).id;
  const userId = options.userId ?? (await createUser(db.owner)).id;
  if (options.verified) await registerForWorkshop(db.owner, workshopId, userId);
  const row = (await createReview(db.owner, userId, { workshop_id: workshopId }, overrides)) as Review;
  return { review: row, workshopId, userId };
}

/** A page of the queue as seen by a moderator (all statuses unless given). */
const list = (args: Row = {}) => as(moderator, 'list_reviews', { limit: 200, ...args });

beforeAll(async () => {
  const q = db.owner;
  admin = await createUserWithRole(q, 'admin');
  moderator = await createUserWithRole(q, 'moderator');
  moderator2 = await createUserWithRole(q, 'moderator');
  finance = await createUserWithRole(q, 'finance');
  leadership = await createUserWithRole(q, 'leadership');
  plain = await createUserWithRole(q, 'user');
  instructor = await createUserWithRole(q, 'instructor');
  expert = await createUserWithRole(q, 'expert');
  author = await createUser(q);
});

describe('who may moderate', () => {
  const calls: [string, string, () => Row][] = [
    ['list_reviews', 'reviews.read', () => ({})],
    ['count_reviews', 'reviews.read', () => ({})],
    [
      'decide_review',
      'reviews.moderate',
      () => ({ review_id: '00000000-0000-4000-8000-000000000001', expected_version: 1, decision: 'approve' }),
    ],
    [
      'decide_reviews',
      'reviews.moderate',
      () => ({ items: [{ id: '00000000-0000-4000-8000-000000000001', version: 1 }], decision: 'approve' }),
    ],
    ['undo_review_decision', 'reviews.moderate', () => ({ decision_id: '00000000-0000-4000-8000-000000000001' })],
    [
      'respond_to_review',
      'reviews.respond',
      () => ({ review_id: '00000000-0000-4000-8000-000000000001', expected_version: 1, text: 'Thanks' }),
    ],
  ];
  const refused: [string, () => UserRow, string][] = [
    ['finance', () => finance, 'finance'],
    ['leadership', () => leadership, 'leadership'],
    ['a plain user', () => plain, 'none'],
  ];

  it.each(calls.flatMap(([fn, cap, args]) => refused.map(([who, user, roles]) => [fn, who, cap, args, user, roles] as const)))(
    '%s refuses %s (42501 naming %s) and writes nothing',
    async (fn, _who, cap, args, user, roles) => {
      const before = await auditCount(db.owner);
      await expectPgError(as(user(), fn, args()), {
        code: '42501',
        message: `permission denied: ${cap} is needed (your staff roles: ${roles})`,
      });
      expect(await auditCount(db.owner)).toBe(before);
    },
  );

  it.each([
    ['moderator', () => moderator],
    ['admin', () => admin],
  ])('a %s reads the queue and its count', async (_name, who) => {
    const rows = await as(who(), 'list_reviews', { limit: 5 });
    expect(rows.length).toBeGreaterThan(0);
    const [count] = await as(who(), 'count_reviews');
    expect(count?.is_estimate).toBe(false);
    expect(Number(count?.total)).toBeGreaterThanOrEqual(rows.length);
  });

  it('read directly, a pending review is hidden from moderators as from anyone but its author and admins (011)', async () => {
    const { review: r } = await pendingWorkshopReview();
    const seen = async (user: UserRow) =>
      db.asUser(user.id, async (q) => (await q.query('select id from public.reviews where id = $1', [r.id])).rows.length);
    expect(await seen(moderator)).toBe(0);
    expect(await seen(finance)).toBe(0);
    expect(await seen(plain)).toBe(0);
    expect(await seen(admin)).toBe(1);
  });

  it('written directly, a moderator changes nothing: decide_review is the only door (011)', async () => {
    const { review: r } = await pendingWorkshopReview();
    for (const who of [moderator, finance]) {
      for (const set of [`status = 'flagged'`, `helpful_count = 9`, `moderated_by = '${who.id}'`]) {
        const count = await db.asUser(
          who.id,
          async (q) => (await q.query(`update public.reviews set ${set} where id = $1`, [r.id])).rowCount,
        );
        expect(count, `${set} as ${who.email}`).toBe(0);
      }
    }
    expect(await review(r.id)).toMatchObject({ status: 'pending', version: 1, helpful_count: 0, moderated_by: null });
  });

  it('the version goes up by one on every update, whoever makes it', async () => {
    const { review: r } = await pendingWorkshopReview();
    expect(r.version).toBe(1);
    await db.owner.query(`update public.reviews set helpful_count = helpful_count + 1 where id = $1`, [r.id]);
    await db.owner.query(`update public.reviews set version = 1 where id = $1`, [r.id]);
    expect((await review(r.id)).version).toBe(3);
  });
});

describe('decide_review', () => {
  it('approves: status, moderation fields, version, one decision row, one audit entry, and the workshop rating', async () => {
    const { review: r, workshopId } = await pendingWorkshopReview({ rating: 4 });
    const auditBefore = await auditCount(db.owner);
    const [result] = await as(moderator, 'decide_review', { review_id: r.id, expected_version: 1, decision: 'approve', note: 'fine' });
    expect(result).toMatchObject({ id: r.id, status: 'approved', version: 2, moderation_reason: null });
    expect(new Date(result!.undo_until as string).getTime()).toBeGreaterThan(Date.now());
    const after = await review(r.id);
    expect(after).toMatchObject({ status: 'approved', version: 2, moderated_by: moderator.id, moderation_note: 'fine' });
    expect(await auditCount(db.owner)).toBe(auditBefore + 1);
    const { rows } = await db.owner.query(`select * from console.audit_log where entity_id = $1`, [r.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'review.approve', entity: 'review', actor_id: moderator.id, actor_email: moderator.email });
    expect(rows[0].before).toMatchObject({ status: 'pending', version: 1 });
    expect(rows[0].after).toMatchObject({ status: 'approved', version: 2, decision_id: result!.decision_id });
    const { rows: decisions } = await db.owner.query(`select * from console.review_decisions where review_id = $1`, [r.id]);
    expect(decisions).toEqual([
      expect.objectContaining({
        decided_by: moderator.id,
        decision: 'approve',
        from_status: 'pending',
        to_status: 'approved',
        from_version: 1,
        to_version: 2,
      }),
    ]);
    expect(await workshopRating(workshopId)).toEqual({ average_rating: 4, review_count: 1 });
  });

  it('an admin may decide too; reject keeps the reason code and note', async () => {
    const { review: r } = await pendingWorkshopReview();
    const [result] = await as(admin, 'decide_review', {
      review_id: r.id,
      expected_version: 1,
      decision: 'reject',
      reason: 'spam',
      note: 'link farm',
    });
    expect(result).toMatchObject({ status: 'rejected', moderation_reason: 'spam' });
    expect(await review(r.id)).toMatchObject({ moderation_reason: 'spam', moderation_note: 'link farm', moderated_by: admin.id });
    const { rows } = await db.owner.query(`select action, reason from console.audit_log where entity_id = $1`, [r.id]);
    expect(rows).toEqual([{ action: 'review.reject', reason: 'spam: link farm' }]);
  });

  it('flags with an optional reason', async () => {
    const { review: r } = await pendingWorkshopReview();
    await as(moderator, 'decide_review', { review_id: r.id, expected_version: 1, decision: 'flag', reason: 'personal_data' });
    expect(await review(r.id)).toMatchObject({ status: 'flagged', moderation_reason: 'personal_data' });
  });

  it.each<[string, Row, string, string]>([
    ['an unknown decision', { decision: 'delete' }, 'decision', 'must be approve, reject or flag'],
    ['no decision', { decision: null }, 'decision', 'must be approve, reject or flag'],
    ['an unknown reason code', { decision: 'reject', reason: 'rude' }, 'reason', 'must be one of spam, offensive'],
    ['a reject without a reason', { decision: 'reject' }, 'reason', 'is required to reject'],
    ['an approval with a reason', { decision: 'approve', reason: 'spam' }, 'reason', 'an approval takes no reason code'],
    ['a note over 2000 characters', { decision: 'flag', note: 'x'.repeat(2001) }, 'note', 'must be at most 2000 characters'],
    ['a malformed review id', { review_id: 'not-a-uuid', decision: 'approve' }, 'review_id', 'must be a uuid'],
    ['an injected review id', { review_id: "' or 1=1 --", decision: 'approve' }, 'review_id', 'must be a uuid'],
    ['no expected version', { expected_version: null, decision: 'approve' }, 'expected_version', 'is required'],
    ['a zero expected version', { expected_version: 0, decision: 'approve' }, 'expected_version', 'is required'],
  ])('refuses %s with 22023 naming the field, and changes nothing', async (_name, args, field, message) => {
    const { review: r } = await pendingWorkshopReview();
    const auditBefore = await auditCount(db.owner);
    await expectPgError(as(moderator, 'decide_review', { review_id: r.id, expected_version: 1, ...args }), {
      code: '22023',
      message: `${field}: ${message}`,
      detail: { field },
    });
    expect(await review(r.id)).toMatchObject({ status: 'pending', version: 1, moderated_by: null });
    expect(await auditCount(db.owner)).toBe(auditBefore);
    const { rows } = await db.owner.query(`select 1 from console.review_decisions where review_id = $1`, [r.id]);
    expect(rows).toHaveLength(0);
  });

  it('deciding into the status the review already has is a 22023 on decision', async () => {
    const { review: r } = await pendingWorkshopReview();
    await as(moderator, 'decide_review', { review_id: r.id, expected_version: 1, decision: 'flag' });
    const auditBefore = await auditFor(r.id);
    await expectPgError(as(moderator, 'decide_review', { review_id: r.id, expected_version: 2, decision: 'flag' }), {
      code: '22023',
      message: 'decision: the review is already flagged',
      detail: { field: 'decision' },
    });
    expect((await review(r.id)).version).toBe(2);
    expect(await auditFor(r.id)).toBe(auditBefore);
  });

  it('an unknown review is P0002', async () => {
    await expectPgError(
      as(moderator, 'decide_review', { review_id: '00000000-0000-4000-8000-00000000dead', expected_version: 1, decision: 'approve' }),
      { code: 'P0002', message: 'review 00000000-0000-4000-8000-00000000dead not found', detail: { entity: 'review' } },
    );
  });

  it('a stale version is PT409 naming who decided and when, and overwrites nothing', async () => {
    const { review: r } = await pendingWorkshopReview();
    await as(moderator2, 'decide_review', { review_id: r.id, expected_version: 1, decision: 'reject', reason: 'off_topic' });
    const decided = await review(r.id);
    const auditBefore = await auditFor(r.id);
    const error = await as(moderator, 'decide_review', { review_id: r.id, expected_version: 1, decision: 'approve' }).catch((e) => e);
    expect(error).toMatchObject({ code: 'PT409' });
    expect(error.message).toBe(
      `already decided by ${moderator2.full_name} at ${new Date(decided.moderated_at as string).toISOString().slice(0, 19)}Z`,
    );
    expect(JSON.parse(error.detail)).toMatchObject({ by: moderator2.full_name, by_id: moderator2.id, status: 'rejected' });
    expect(new Date(JSON.parse(error.detail).at).getTime()).toBe(new Date(decided.moderated_at as string).getTime());
    expect(await review(r.id)).toMatchObject({ status: 'rejected', version: 2, moderated_by: moderator2.id });
    expect(await auditFor(r.id)).toBe(auditBefore);
  });

  it('the same decision sent again by the same person (its answer lost) answers with that decision; anything else is a PT409', async () => {
    const { review: r } = await pendingWorkshopReview();
    const args = { review_id: r.id, expected_version: 1, decision: 'reject', reason: 'spam', note: 'bot' };
    const [first] = await as(moderator, 'decide_review', args);
    const auditBefore = await auditFor(r.id);
    const [again] = await as(moderator, 'decide_review', args);
    // the same decision, nothing written: one decision row, no audit entry, the undo window from the decision
    expect(again).toEqual(first);
    expect(await review(r.id)).toMatchObject({ status: 'rejected', version: 2 });
    expect(await auditFor(r.id)).toBe(auditBefore);
    const { rows } = await db.owner.query(`select count(*)::int as n from console.review_decisions where review_id = $1`, [r.id]);
    expect(rows[0].n).toBe(1);
    // not the same request: another person, another decision, reason or note
    for (const [who, other] of [
      [moderator2, args],
      [moderator, { ...args, decision: 'flag' }],
      [moderator, { ...args, reason: 'offensive' }],
      [moderator, { ...args, note: 'bots' }],
    ] as const) {
      await expectPgError(as(who, 'decide_review', other), {
        code: 'PT409',
        message: new RegExp(`^already decided by ${moderator.full_name} at `),
      });
    }
    // once undone, the decision is no longer the review's state: a repeat is a conflict, not a second decision
    await as(moderator, 'undo_review_decision', { decision_id: first!.decision_id });
    await expectPgError(as(moderator, 'decide_review', args), { code: 'PT409', message: /a decision was undone/ });
    expect(await review(r.id)).toMatchObject({ status: 'pending', version: 3 });
  });

  it('a bulk decision sent again answers each item it decided with that decision', async () => {
    const a = (await pendingWorkshopReview()).review;
    const b = (await pendingWorkshopReview()).review;
    const args = {
      items: [
        { id: a.id, version: 1 },
        { id: b.id, version: 1 },
      ],
      decision: 'approve',
    };
    const first = await as(moderator, 'decide_reviews', args);
    await as(moderator, 'undo_review_decision', { decision_id: first[1]!.decision_id });
    const again = await as(moderator, 'decide_reviews', args);
    expect(again[0]).toEqual(first[0]);
    expect(again[1]).toMatchObject({ ok: false, error_code: 'PT409', status: 'pending', version: 3 });
    expect(again[1]!.error).toMatch(new RegExp(`^already changed by ${moderator.full_name} at .* \\(a decision was undone\\)$`));
  });

  it("a change that is not a decision (the author's edit) is a PT409 too", async () => {
    const { review: r, userId } = await pendingWorkshopReview();
    // the author edits it (as the api would: their own role and claims, committed).
    const c = await db.connection();
    await c.query('begin');
    await c.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [
      JSON.stringify({ sub: userId, role: 'authenticated' }),
    ]);
    await c.query(`update public.reviews set review_text = 'Edited: even better' where id = $1`, [r.id]);
    await c.query('commit');
    await expectPgError(as(moderator, 'decide_review', { review_id: r.id, expected_version: 1, decision: 'approve' }), {
      code: 'PT409',
      message: /^already changed at /,
      detail: { by: null, status: 'pending', version: 2 },
    });
  });

  it('two moderators deciding the same review at the same moment: exactly one wins, the other hears who', async () => {
    const { review: r } = await pendingWorkshopReview();
    const [gate, c1, c2] = [await db.connection(), await db.connection(), await db.connection()];
    // hold the row so both calls queue behind the same lock, then let them go together.
    await gate.query('begin');
    await gate.query('select 1 from public.reviews where id = $1 for update', [r.id]);
    const auditBefore = await auditFor(r.id);
    const racing = Promise.allSettled([
      consoleAs(c1, moderator.id, 'decide_review', { review_id: r.id, expected_version: 1, decision: 'approve' }),
      consoleAs(c2, moderator2.id, 'decide_review', { review_id: r.id, expected_version: 1, decision: 'reject', reason: 'spam' }),
    ]);
    for (let i = 0; i < 100; i += 1) {
      const { rows } = await db.owner.query(
        `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if (rows[0].n >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await gate.query('commit');
    const outcomes = await racing;
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const final = await review(r.id);
    const winner = final.moderated_by === moderator.id ? moderator : moderator2;
    expect(final.status).toBe(winner === moderator ? 'approved' : 'rejected');
    expect(final.version).toBe(2);
    expect(lost[0]!.reason).toMatchObject({
      code: 'PT409',
      message: expect.stringContaining(`already decided by ${winner.full_name} at `),
    });
    expect(JSON.parse(lost[0]!.reason.detail)).toMatchObject({ by_id: winner.id, status: final.status });
    expect(await auditFor(r.id)).toBe(auditBefore + 1);
    const { rows } = await db.owner.query(`select count(*)::int as n from console.review_decisions where review_id = $1`, [r.id]);
    expect(rows[0].n).toBe(1);
  });
});

describe('decide_reviews (bulk)', () => {
  it('applies the current items, reports the stale one without applying it, one audit entry per applied item', async () => {
    const a = (await pendingWorkshopReview()).review;
    const b = (await pendingWorkshopReview()).review;
    const c = (await pendingWorkshopReview()).review;
    await as(moderator2, 'decide_review', { review_id: b.id, expected_version: 1, decision: 'flag' });
    const auditBefore = await auditCount(db.owner);
    const results = await as(moderator, 'decide_reviews', {
      items: [
        { id: a.id, version: 1 },
        { id: b.id, version: 1 },
        { id: c.id, version: 1 },
        { id: '00000000-0000-4000-8000-00000000beef', version: 1 },
      ],
      decision: 'reject',
      reason: 'spam',
      note: 'bot wave',
    });
    expect(results.map((row) => [row.id, row.ok, row.status, row.error_code])).toEqual([
      [a.id, true, 'rejected', null],
      [b.id, false, 'flagged', 'PT409'],
      [c.id, true, 'rejected', null],
      ['00000000-0000-4000-8000-00000000beef', false, null, 'P0002'],
    ]);
    expect(results[1]!.error).toContain(`already decided by ${moderator2.full_name}`);
    expect(results[0]!.decision_id).toBeTruthy();
    expect(await auditCount(db.owner)).toBe(auditBefore + 2);
    expect(await review(b.id)).toMatchObject({ status: 'flagged', version: 2 });
    expect(await review(a.id)).toMatchObject({ status: 'rejected', moderation_reason: 'spam', moderation_note: 'bot wave' });
  });

  it('reports an item already in the target status instead of failing the batch', async () => {
    const a = (await pendingWorkshopReview()).review;
    const b = (await pendingWorkshopReview()).review;
    await as(moderator, 'decide_review', { review_id: b.id, expected_version: 1, decision: 'approve' });
    const results = await as(moderator, 'decide_reviews', {
      items: [
        { id: a.id, version: 1 },
        { id: b.id, version: 2 },
      ],
      decision: 'approve',
    });
    expect(results.map((row) => [row.ok, row.error_code])).toEqual([
      [true, null],
      [false, '22023'],
    ]);
  });

  it.each<[string, Row, string]>([
    ['no items', { items: [] }, 'items'],
    ['not an array', { items: { id: 'x' } }, 'items'],
    [
      '501 items',
      { items: Array.from({ length: 501 }, (_, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, version: 1 })) },
      'items',
    ],
    ['a malformed id', { items: [{ id: 'nope', version: 1 }] }, 'items'],
    ['a missing version', { items: [{ id: '00000000-0000-4000-8000-000000000001' }] }, 'items'],
    ['a fractional version', { items: [{ id: '00000000-0000-4000-8000-000000000001', version: 1.5 }] }, 'items'],
    [
      'a repeated review',
      {
        items: [
          { id: '00000000-0000-4000-8000-000000000001', version: 1 },
          { id: '00000000-0000-4000-8000-000000000001', version: 1 },
        ],
      },
      'items',
    ],
    ['an unknown decision', { decision: 'nuke' }, 'decision'],
    ['a reject without reason', { decision: 'reject' }, 'reason'],
    ['an oversized note', { note: 'n'.repeat(2001) }, 'note'],
  ])('refuses %s with 22023 naming the field, and applies nothing', async (_name, args, field) => {
    const a = (await pendingWorkshopReview()).review;
    const auditBefore = await auditCount(db.owner);
    await expectPgError(as(moderator, 'decide_reviews', { items: [{ id: a.id, version: 1 }], decision: 'approve', ...args }), {
      code: '22023',
      detail: { field },
    });
    expect(await review(a.id)).toMatchObject({ status: 'pending', version: 1 });
    expect(await auditCount(db.owner)).toBe(auditBefore);
  });

  it('handles 500 items in one call', async () => {
    const ws = await createWorkshop(db.owner, instructor.id);
    const { rows } = await db.owner.query(
      `insert into public.reviews (user_id, review_type, workshop_id, title, rating, review_text)
       select $1, 'workshop', $2, 'Bulk ' || g, 3, 'Bulk review number ' || g from generate_series(1, 500) g returning id`,
      [author.id, ws.id],
    );
    const auditBefore = await auditCount(db.owner);
    const results = await as(moderator, 'decide_reviews', { items: rows.map((row) => ({ id: row.id, version: 1 })), decision: 'approve' });
    expect(results.filter((row) => row.ok)).toHaveLength(500);
    expect(await auditCount(db.owner)).toBe(auditBefore + 500);
    expect(await workshopRating(ws.id)).toEqual({ average_rating: 3, review_count: 500 });
  });
});

describe('undo_review_decision', () => {
  const decide = async (who: UserRow, id: string, version: number, decision: string, reason?: string) =>
    (await as(who, 'decide_review', { review_id: id, expected_version: version, decision, reason }))[0]!;

  it('inside the window restores the previous status, reason and moderator, and is audited as review.undo', async () => {
    const { review: r } = await pendingWorkshopReview();
    const flagged = await decide(moderator, r.id, 1, 'flag', 'offensive');
    const rejected = await decide(moderator, r.id, 2, 'reject', 'spam');
    const [undone] = await as(moderator, 'undo_review_decision', { decision_id: rejected.decision_id });
    expect(undone).toMatchObject({ id: r.id, status: 'flagged', version: 4, moderation_reason: 'offensive' });
    const after = await review(r.id);
    expect(after).toMatchObject({ status: 'flagged', moderation_reason: 'offensive', moderated_by: moderator.id });
    const { rows } = await db.owner.query(`select action, actor_id from console.audit_log where entity_id = $1 order by id`, [r.id]);
    expect(rows.map((row) => row.action)).toEqual(['review.flag', 'review.reject', 'review.undo']);
    const { rows: d } = await db.owner.query(`select undone_by from console.review_decisions where id = $1`, [rejected.decision_id]);
    expect(d[0].undone_by).toBe(moderator.id);
    // and the first decision can be undone back to pending now that nothing else changed after the undo? no: the
    // undo itself changed the review, so the earlier decision is no longer the latest state.
    await expectPgError(as(moderator, 'undo_review_decision', { decision_id: flagged.decision_id }), {
      code: 'PT409',
      message: /already changed by .* \(a decision was undone\)/,
    });
  });

  it('ratings follow approve, undo and reject', async () => {
    const ws = await createWorkshop(db.owner, instructor.id);
    const five = (await pendingWorkshopReview({ rating: 5 }, { workshopId: ws.id })).review;
    const one = (await pendingWorkshopReview({ rating: 1 }, { workshopId: ws.id })).review;
    await decide(moderator, five.id, 1, 'approve');
    expect(await workshopRating(ws.id)).toEqual({ average_rating: 5, review_count: 1 });
    const approveOne = await decide(moderator, one.id, 1, 'approve');
    expect(await workshopRating(ws.id)).toEqual({ average_rating: 3, review_count: 2 });
    await as(moderator, 'undo_review_decision', { decision_id: approveOne.decision_id });
    expect(await workshopRating(ws.id)).toEqual({ average_rating: 5, review_count: 1 });
    await decide(moderator, five.id, 2, 'reject', 'not_verified');
    expect(await workshopRating(ws.id)).toEqual({ average_rating: 0, review_count: 0 });
  });

  it('ratings of an expert follow too', async () => {
    const client = await createUser(db.owner);
    const someExpert = await createUserWithRole(db.owner, 'expert');
    await createTalentProfile(db.owner, someExpert.id);
    const r = (await createReview(db.owner, client.id, { expert_id: someExpert.id }, { rating: 2 })) as Review;
    const rating = async () =>
      (await db.owner.query(`select rating, review_count from public.talent_profiles where user_id = $1`, [someExpert.id])).rows[0];
    const before = await rating();
    const d = await decide(moderator, r.id, 1, 'approve');
    expect(await rating()).toEqual({ rating: 2, review_count: before.review_count + 1 });
    await as(moderator, 'undo_review_decision', { decision_id: d.decision_id });
    expect(await rating()).toEqual(before);
  });

  it('outside the window it is refused (decided_at set back), and nothing changes', async () => {
    const { review: r } = await pendingWorkshopReview();
    const d = await decide(moderator, r.id, 1, 'approve');
    await db.owner.query(`update console.review_decisions set decided_at = decided_at - interval '11 seconds' where id = $1`, [
      d.decision_id,
    ]);
    const auditBefore = await auditFor(r.id);
    await expectPgError(as(moderator, 'undo_review_decision', { decision_id: d.decision_id }), {
      code: 'P0001',
      message: 'the undo window has passed: a decision can be undone for 10 seconds',
    });
    expect(await review(r.id)).toMatchObject({ status: 'approved', version: 2 });
    expect(await auditFor(r.id)).toBe(auditBefore);
  });

  it('the window follows the undo_window_seconds setting', async () => {
    const { review: r } = await pendingWorkshopReview();
    await as(admin, 'update_setting', { key: 'undo_window_seconds', value: 0 });
    try {
      const d = await decide(moderator, r.id, 1, 'approve');
      await new Promise((resolve) => setTimeout(resolve, 5));
      await expectPgError(as(moderator, 'undo_review_decision', { decision_id: d.decision_id }), { code: 'P0001', message: 'undo window' });
    } finally {
      await as(admin, 'update_setting', { key: 'undo_window_seconds', value: 10 });
    }
  });

  it("refuses someone else's decision, but an admin may undo it", async () => {
    const { review: r } = await pendingWorkshopReview();
    const d = await decide(moderator2, r.id, 1, 'approve');
    const auditBefore = await auditFor(r.id);
    await expectPgError(as(moderator, 'undo_review_decision', { decision_id: d.decision_id }), {
      code: 'P0001',
      message: 'only the moderator who made a decision (or an admin) can undo it',
    });
    expect(await auditFor(r.id)).toBe(auditBefore);
    const [undone] = await as(admin, 'undo_review_decision', { decision_id: d.decision_id });
    expect(undone).toMatchObject({ status: 'pending', version: 3 });
    expect(await review(r.id)).toMatchObject({ moderated_by: null, moderated_at: null });
  });

  it('refuses after a later change to the review (another decision), naming it', async () => {
    const { review: r } = await pendingWorkshopReview();
    const d = await decide(moderator, r.id, 1, 'approve');
    await decide(moderator2, r.id, 2, 'flag');
    await expectPgError(as(moderator, 'undo_review_decision', { decision_id: d.decision_id }), {
      code: 'PT409',
      message: `already decided by ${moderator2.full_name}`,
      detail: { by_id: moderator2.id, status: 'flagged' },
    });
    expect(await review(r.id)).toMatchObject({ status: 'flagged', version: 3 });
  });

  it('refuses a second undo, an unknown decision and a malformed id', async () => {
    const { review: r } = await pendingWorkshopReview();
    const d = await decide(moderator, r.id, 1, 'approve');
    await as(moderator, 'undo_review_decision', { decision_id: d.decision_id });
    await expectPgError(as(moderator, 'undo_review_decision', { decision_id: d.decision_id }), {
      code: 'P0001',
      message: 'already undone',
    });
    await expectPgError(as(moderator, 'undo_review_decision', { decision_id: '00000000-0000-4000-8000-00000000dead' }), { code: 'P0002' });
    await expectPgError(as(moderator, 'undo_review_decision', { decision_id: '12345' }), {
      code: '22023',
      detail: { field: 'decision_id' },
    });
  });
});

describe('respond_to_review', () => {
  it('answers a workshop review on behalf of its instructor, audited with the staff member', async () => {
    const { review: r } = await pendingWorkshopReview();
    const [result] = await as(moderator, 'respond_to_review', { review_id: r.id, expected_version: 1, text: '  Thank you for coming!  ' });
    expect(result).toMatchObject({
      id: r.id,
      version: 2,
      response_text: 'Thank you for coming!',
      response_by: instructor.id,
      response_by_name: instructor.full_name,
    });
    expect(await review(r.id)).toMatchObject({ response_by: instructor.id, response_text: 'Thank you for coming!' });
    const { rows } = await db.owner.query(`select action, actor_id, after from console.audit_log where entity_id = $1`, [r.id]);
    expect(rows).toEqual([
      { action: 'review.respond', actor_id: moderator.id, after: expect.objectContaining({ response_by: instructor.id }) },
    ]);
  });

  it('answers expert and engagement reviews on behalf of the expert; an admin may too', async () => {
    const client = await createUser(db.owner);
    const engagement = await createEngagement(db.owner, client.id, expert.id, { title: null, focus_area: 'Warehouse AI pilot' });
    const onExpert = (await createReview(db.owner, client.id, { expert_id: expert.id })) as Review;
    const onEngagement = (await createReview(db.owner, client.id, { engagement_id: engagement.id })) as Review;
    await as(moderator, 'respond_to_review', { review_id: onExpert.id, expected_version: 1, text: 'Thanks' });
    await as(admin, 'respond_to_review', { review_id: onEngagement.id, expected_version: 1, text: 'Thanks' });
    expect((await review(onExpert.id)).response_by).toBe(expert.id);
    expect((await review(onEngagement.id)).response_by).toBe(expert.id);
    const rows = await list({ status: null, search: null, type: ['engagement'], limit: 200 });
    expect(rows.find((row) => row.id === onEngagement.id)).toMatchObject({ target_name: 'Warehouse AI pilot', target_id: engagement.id });
  });

  it.each<[string, Row, string]>([
    ['empty text', { text: '   ' }, 'text'],
    ['text over 5000 characters', { text: 'y'.repeat(5001) }, 'text'],
    ['a malformed id', { review_id: 'x' }, 'review_id'],
    ['no version', { expected_version: null }, 'expected_version'],
  ])('refuses %s (22023) and changes nothing', async (_name, args, field) => {
    const { review: r } = await pendingWorkshopReview();
    await expectPgError(as(moderator, 'respond_to_review', { review_id: r.id, expected_version: 1, text: 'Hi', ...args }), {
      code: '22023',
      detail: { field },
    });
    expect(await review(r.id)).toMatchObject({ version: 1, response_text: null });
    expect(await auditFor(r.id)).toBe(0);
  });

  it('is version-checked', async () => {
    const { review: r } = await pendingWorkshopReview();
    await as(moderator2, 'decide_review', { review_id: r.id, expected_version: 1, decision: 'approve' });
    await expectPgError(as(moderator, 'respond_to_review', { review_id: r.id, expected_version: 1, text: 'Hi' }), {
      code: 'PT409',
      message: `already decided by ${moderator2.full_name}`,
    });
  });
});

describe('list_reviews: signals', () => {
  let normal: Review;
  let short: Review;
  let link: Review;
  let repeatA: Review;
  let repeatB: Review;
  let outlier: Review;
  let notOutlier: Review;

  beforeAll(async () => {
    const q = db.owner;
    const ws = await createWorkshop(q, instructor.id);
    const mk = async (userId: string, overrides: Row, workshopId = ws.id) =>
      (await createReview(q, userId, { workshop_id: workshopId }, { title: 'Signals probe', ...overrides })) as Review;
    normal = await mk((await createUser(q)).id, { review_text: 'A thoughtful session with practical exercises for our team.', rating: 4 });
    short = await mk((await createUser(q)).id, { review_text: '  Great!!  ' });
    link = await mk((await createUser(q)).id, { review_text: 'Cheaper training at www.cheap-courses.example today' });
    const repeater = (await createUser(q)).id;
    repeatA = await mk(repeater, { review_text: 'Best  workshop ever, would recommend to all' });
    repeatB = await mk(
      repeater,
      { review_text: 'best workshop EVER, would recommend to all ' },
      (await createWorkshop(q, instructor.id)).id,
    );
    // a target with three approved 5-star reviews: a pending 2-star one is ≥ 2 stars away; a 4-star one is not.
    const rated = await createWorkshop(q, instructor.id);
    for (let i = 0; i < 3; i += 1)
      await mk(
        (await createUser(q)).id,
        { rating: 5, status: 'approved', review_text: `Approved review ${i} with enough words` },
        rated.id,
      );
    outlier = await mk((await createUser(q)).id, { rating: 2, review_text: 'I did not find this useful at all, sorry.' }, rated.id);
    notOutlier = await mk((await createUser(q)).id, { rating: 4, review_text: 'Mostly good with a few slow moments in it.' }, rated.id);
  });

  const signalsOf = async (r: Review) => {
    const rows = await list({ search: 'signals probe', status: null });
    const row = rows.find((x) => x.id === r.id);
    expect(row, 'listed').toBeDefined();
    return row!.signals as string[];
  };

  it('a normal review has no signals', async () => {
    expect(await signalsOf(normal)).toEqual([]);
    expect(await signalsOf(notOutlier)).toEqual([]);
  });
  it('short_text fires under 20 characters (trimmed)', async () => expect(await signalsOf(short)).toEqual(['short_text']));
  it('contains_link fires on a link', async () => expect(await signalsOf(link)).toEqual(['contains_link']));
  it('repeated_text fires on both of a user’s reviews with the same normalised text', async () => {
    expect(await signalsOf(repeatA)).toEqual(['repeated_text']);
    expect(await signalsOf(repeatB)).toEqual(['repeated_text']);
  });
  it('rating_outlier fires ≥ 2 stars from the target’s approved average of ≥ 3 reviews', async () =>
    expect(await signalsOf(outlier)).toEqual(['rating_outlier']));
});

describe('list_reviews: filters, search and pages', () => {
  const token = 'quokkaglyph';
  let ws: { id: string; title?: unknown };
  let reviewer: UserRow;
  const made: Review[] = [];

  beforeAll(async () => {
    ws = await createWorkshop(db.owner, instructor.id, { title: 'Prompt craft for dispatchers' });
    reviewer = await createUser(db.owner, { full_name: 'Queue Probe Reviewer' });
    await registerForWorkshop(db.owner, ws.id, reviewer.id);
    const days = (n: number) => new Date(Date.now() - n * 86400_000).toISOString();
    const specs: Row[] = [
      { rating: 1, status: 'pending', created_at: days(9), title: `${token} one`, review_text: 'The pacing was far too slow for us.' },
      { rating: 2, status: 'flagged', created_at: days(7), title: `${token} two`, review_text: 'Mentions a colleague by full name.' },
      {
        rating: 3,
        status: 'pending',
        created_at: days(5),
        title: `${token} three`,
        review_text: 'Average content, great facilitator energy.',
      },
      { rating: 4, status: 'approved', created_at: days(3), title: `${token} four`, review_text: 'Useful frameworks and a clear agenda.' },
      { rating: 5, status: 'rejected', created_at: days(1), title: `${token} five`, review_text: 'x'.repeat(300) + ' marmalade' },
    ];
    for (const spec of specs) made.push((await createReview(db.owner, reviewer.id, { workshop_id: ws.id }, spec)) as Review);
    const other = await createUser(db.owner);
    made.push(
      (await createReview(
        db.owner,
        other.id,
        { workshop_id: ws.id },
        { title: `${token} six`, rating: 2, status: 'pending', review_text: 'Unverified but honest feedback here.' },
      )) as Review,
    );
  });

  const ids = (rows: Row[]) => rows.map((row) => row.id);

  it('defaults to the pending and flagged queue, oldest first', async () => {
    const rows = await list({ search: token });
    expect(ids(rows)).toEqual([made[0]!.id, made[1]!.id, made[2]!.id, made[5]!.id]);
    const all = await as(moderator, 'list_reviews', { limit: 200 });
    expect(all.every((row) => ['pending', 'flagged'].includes(row.status as string))).toBe(true);
    const times = all.map((row) => new Date(row.created_at as string).getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('returns names, excerpt and version for each row', async () => {
    const rows = await list({ search: `${token} five`, status: ['rejected'] });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      review_type: 'workshop',
      target_id: ws.id,
      target_name: 'Prompt craft for dispatchers',
      reviewer_id: reviewer.id,
      reviewer_name: 'Queue Probe Reviewer',
      reviewer_email: reviewer.email,
      verified_purchase: true,
      version: 1,
    });
    expect((rows[0]!.excerpt as string).length).toBe(240);
  });

  it.each<[string, Row, number[]]>([
    ['status', { status: ['approved', 'rejected'] }, [3, 4]],
    ['type', { status: null, type: ['workshop'] }, [0, 1, 2, 3, 4, 5]],
    ['type (none match)', { status: null, type: ['expert', 'engagement'] }, []],
    ['rating range', { status: null, min_rating: 2, max_rating: 3 }, [1, 2, 5]],
    ['verified', { status: null, verified: false }, [5]],
    [
      'date range',
      { status: null, from: new Date(Date.now() - 8 * 86400_000).toISOString(), to: new Date(Date.now() - 2 * 86400_000).toISOString() },
      [1, 2, 3],
    ],
    ['a word of the text', { status: null, search: `${token} marmalade` }, [4]],
    ['a word of the title (stemmed)', { status: null, search: `${token} threes` }, [2]],
    ['websearch syntax', { status: null, search: `${token} -one -two "four"` }, [3]],
  ])('filters by %s', async (_name, args, expected) => {
    const rows = await list({ search: token, ...args });
    expect(ids(rows).sort()).toEqual(expected.map((i) => made[i]!.id).sort());
    const [count] = await as(moderator, 'count_reviews', { search: token, ...args });
    expect(count).toEqual({ total: expected.length, is_estimate: false });
  });

  it.each(['%', '_', "'; drop table public.reviews; --", '\\', '"unterminated', 'a & | ! ( )', 'ünïcødé ✓', '<script>', 'or 1=1'])(
    'a hostile search string %j is plain text: no error, nothing changed',
    async (search) => {
      const rows = await list({ status: null, search });
      expect(Array.isArray(rows)).toBe(true);
      await as(moderator, 'count_reviews', { status: null, search });
      const { rows: still } = await db.owner.query('select count(*)::int as n from public.reviews');
      expect(still[0].n).toBeGreaterThan(0);
    },
  );

  it('pages with a keyset cursor: no duplicates, no misses, stable order, for each sort', async () => {
    for (const [sort, desc] of [
      ['created_at', false],
      ['created_at', true],
      ['rating', true],
      ['helpful_count', false],
    ] as const) {
      const args = { status: ['pending', 'flagged', 'approved', 'rejected'], sort, desc };
      const [count] = await as(moderator, 'count_reviews', { status: args.status });
      const all: Row[] = [];
      let after: unknown = null;
      for (let guard = 0; guard < 500; guard += 1) {
        const page = await as(moderator, 'list_reviews', { ...args, limit: 97, after });
        all.push(...page);
        if (page.length < 97) break;
        after = page.at(-1)!.cursor;
      }
      expect(all).toHaveLength(Number(count!.total));
      expect(new Set(ids(all)).size).toBe(all.length);
      // the cursor carries the sort value at full precision (microseconds for created_at).
      const key = (row: Row) => (row.cursor as { v: string | number }).v;
      for (let i = 1; i < all.length; i += 1) {
        const [a, b] = [all[i - 1]!, all[i]!];
        const [ka, kb] = [key(a), key(b)];
        const cmp = ka < kb ? -1 : ka > kb ? 1 : (a.id as string) < (b.id as string) ? -1 : 1;
        expect(desc ? cmp > 0 : cmp < 0, `${sort} order at ${i}`).toBe(true);
      }
      const again = await as(moderator, 'list_reviews', { ...args, limit: 50 });
      expect(ids(again)).toEqual(ids(all.slice(0, 50)));
    }
  });

  it.each<[string, Row, string]>([
    ['an unknown sort', { sort: 'review_text' }, 'sort'],
    ['limit 0', { limit: 0 }, 'limit'],
    ['limit 201', { limit: 201 }, 'limit'],
    ['a cursor without id', { after: { v: '2024-01-01T00:00:00Z' } }, 'after'],
    ['a cursor with a bad id', { after: { v: '2024-01-01T00:00:00Z', id: "'; drop" } }, 'after'],
    ['a cursor with a bad time', { after: { v: 'yesterday', id: '00000000-0000-4000-8000-000000000001' } }, 'after'],
    ['a rating cursor with text', { sort: 'rating', after: { v: 'x', id: '00000000-0000-4000-8000-000000000001' } }, 'after'],
    ['a cursor that is an array', { after: '[1, 2]' }, 'after'],
    ['a cursor that is a string', { after: '"2024-01-01"' }, 'after'],
    ['an oversized search', { search: 'q'.repeat(201) }, 'search'],
    ['an unknown status', { status: ['hidden'] }, 'status'],
    ['an empty status list', { status: [] }, 'status'],
    ['an unknown type', { type: ['course'] }, 'type'],
    ['a rating of 6', { max_rating: 6 }, 'max_rating'],
    ['min above max', { min_rating: 4, max_rating: 2 }, 'min_rating'],
    ['from after to', { from: '2025-02-01T00:00:00Z', to: '2025-01-01T00:00:00Z' }, 'from'],
  ])('refuses %s with 22023 naming the field', async (_name, args, field) => {
    await expectPgError(as(moderator, 'list_reviews', args), { code: '22023', detail: { field } });
  });
});

describe('the seeded queue', () => {
  it('holds pending and flagged reviews of all three types, with each signal and ages past both SLA marks', async () => {
    const rows = await as(moderator, 'list_reviews', { limit: 200 });
    expect(rows.length).toBeGreaterThanOrEqual(60);
    expect(new Set(rows.map((row) => row.review_type))).toEqual(new Set(['workshop', 'expert', 'engagement']));
    const signals = new Set(rows.flatMap((row) => row.signals as string[]));
    expect(signals).toEqual(new Set(['short_text', 'contains_link', 'repeated_text', 'rating_outlier']));
    const hours = rows.map((row) => (Date.now() - new Date(row.created_at as string).getTime()) / 3600_000);
    expect(hours.some((h) => h < 1)).toBe(true);
    expect(hours.some((h) => h > 24 && h < 72)).toBe(true);
    expect(hours.some((h) => h > 72)).toBe(true);
    expect(rows.every((row) => typeof row.target_name === 'string' && typeof row.reviewer_name === 'string')).toBe(true);
  });
});

describe('get_review (013)', () => {
  it('gives the whole text the queue cuts at 240 characters, with its version', async () => {
    const text = `${'Long and careful feedback. '.repeat(400).slice(0, 9_992)}The end.`;
    const { review: row } = await pendingWorkshopReview({ review_text: text });
    const [queued] = await list({ search: 'careful feedback', status: ['pending'] }).then((rows) => rows.filter((r) => r.id === row.id));
    expect((queued!.excerpt as string).length).toBe(240);
    const [full] = await as(moderator, 'get_review', { review_id: row.id });
    expect(full).toMatchObject({ id: row.id, version: 1, review_text: text });
    expect((full!.review_text as string).length).toBe(10_000);
  });

  it('an admin reads it too; finance, leadership and a plain user are refused', async () => {
    const { review: row } = await pendingWorkshopReview();
    await expect(as(admin, 'get_review', { review_id: row.id })).resolves.toHaveLength(1);
    for (const who of [finance, leadership, plain]) {
      await expectPgError(as(who, 'get_review', { review_id: row.id }), { code: '42501' });
    }
  });

  it('a malformed id is a 22023 on review_id; an unknown one is P0002', async () => {
    await expectPgError(as(moderator, 'get_review', { review_id: "1'; drop table public.reviews; --" }), {
      code: '22023',
      detail: { field: 'review_id' },
    });
    await expectPgError(as(moderator, 'get_review', { review_id: randomUUID() }), { code: 'P0002' });
  });
});
