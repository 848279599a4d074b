// Organisation adaptability trends (010): the monthly rollup of completed assessments and the triggers that keep
// it, its drift check, the organisation picker, and org_trends with anonymity suppression and differencing
// protection — read by leadership, who never see an assessment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { useTestDatabase } from '../support/db.js';
import { answer, createAssessment, createOrganization, createUser, createUserWithRole, type UserRow } from '../support/factories.js';
import { consoleAs, expectPgError } from '../support/console.js';
import { withClaims, type Queryable } from '../support/pg.js';
import { random } from '../soak/measure.js';

const db = useTestDatabase();

let admin: UserRow;
let leadership: UserRow;
let moderator: UserRow;
let finance: UserRow;
let plain: UserRow;
const people: UserRow[] = [];
/** First day (UTC) of the current month, as YYYY-MM-DD, from the database clock. */
let currentMonth = '';
/** The seeded organisation with the most completed assessments (before any test adds some). */
let seedOrg = '';

const as = (user: UserRow, fn: string, args = {}) => consoleAs(db.owner, user.id, fn, args, { commit: false });

interface TrendRow {
  organization_id: string | null;
  organization_name: string | null;
  month: string;
  assessment_count: number;
  suppressed: boolean;
  avg_overall: number | null;
  avg_individual: number | null;
  avg_leadership: number | null;
  avg_cultural: number | null;
  avg_embedding: number | null;
  avg_velocity: number | null;
}

const trends = (user: UserRow, args: { org_ids: unknown; months?: unknown; include_platform?: unknown }) =>
  consoleAs<TrendRow>(db.owner, user.id, 'org_trends', { months: 12, ...args }, { commit: false });

const DIMENSIONS = ['individual', 'leadership', 'cultural', 'embedding', 'velocity'] as const;
type Scores = Partial<Record<(typeof DIMENSIONS)[number], number | null>>;

/** First day (UTC) of the month k months before the current one. */
function monthStart(k: number): string {
  const [y, m] = currentMonth.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 - k, 1));
  return d.toISOString().slice(0, 10);
}

/** A time inside the month k months ago (day 1-28, noon UTC); the current month stays in the past. */
function inMonth(k: number, day = 10): string {
  const start = monthStart(k);
  const at = new Date(`${start}T12:00:00Z`);
  at.setUTCDate(k === 0 ? 1 : day);
  return at.toISOString();
}

async function completed(orgId: string | null, k: number, scores: Scores = {}, userId = people[0]!.id) {
  return createAssessment(db.owner, userId, {
    organization_id: orgId,
    status: 'completed',
    completed_at: inMonth(k),
    individual_score: 60,
    leadership_score: 62,
    cultural_score: 64,
    embedding_score: 66,
    velocity_score: 68,
    ...Object.fromEntries(Object.entries(scores).map(([d, v]) => [`${d}_score`, v])),
  });
}

/** Organisations made one after the other (one connection runs one query at a time). */
async function createOrganizations(count: number) {
  const made = [];
  for (let i = 0; i < count; i += 1) made.push(await createOrganization(db.owner));
  return made;
}

async function drift(q: Queryable = db.owner): Promise<unknown[]> {
  return (await q.query('select * from console_private.assessment_monthly_drift()')).rows;
}

async function minResponses(): Promise<number> {
  const { rows } = await db.owner.query(`select (value)::int as n from console.settings where key = 'trend_min_responses'`);
  return rows[0].n as number;
}

/**
 * What org_trends must return, computed independently, straight from public.assessments with avg(): the same
 * rows, suppression and differencing rule.
 */
async function expectedTrends(orgIds: string[], months: number, includePlatform = true): Promise<TrendRow[]> {
  const n = await minResponses();
  const window = Array.from({ length: months }, (_, i) => monthStart(months - 1 - i));
  const avgs = DIMENSIONS.map((d) => `round(avg(a.${d}_score), 1) as avg_${d}`).join(', ');
  const { rows: perOrg } = await db.owner.query(
    `select a.organization_id, to_char(date_trunc('month', a.completed_at at time zone 'UTC'), 'YYYY-MM-DD') as month,
            count(*)::int as n, round(avg(a.overall_score), 1) as avg_overall, ${avgs}
       from public.assessments a
      where a.status = 'completed'
      group by 1, 2`,
  );
  const { rows: perMonth } = await db.owner.query(
    `select to_char(date_trunc('month', a.completed_at at time zone 'UTC'), 'YYYY-MM-DD') as month,
            count(*)::int as n, round(avg(a.overall_score), 1) as avg_overall, ${avgs}
       from public.assessments a
      where a.status = 'completed'
      group by 1`,
  );
  const { rows: names } = await db.owner.query('select id, name from public.organizations where id = any($1)', [orgIds]);
  const nameOf = new Map(names.map((r) => [r.id as string, r.name as string]));
  const row = (
    orgId: string | null,
    name: string | null,
    month: string,
    agg: Record<string, unknown> | undefined,
    hidden: boolean,
  ): TrendRow => ({
    organization_id: orgId,
    organization_name: name,
    month,
    assessment_count: (agg?.n as number) ?? 0,
    suppressed: hidden,
    avg_overall: hidden ? null : ((agg?.avg_overall as number) ?? null),
    avg_individual: hidden ? null : ((agg?.avg_individual as number) ?? null),
    avg_leadership: hidden ? null : ((agg?.avg_leadership as number) ?? null),
    avg_cultural: hidden ? null : ((agg?.avg_cultural as number) ?? null),
    avg_embedding: hidden ? null : ((agg?.avg_embedding as number) ?? null),
    avg_velocity: hidden ? null : ((agg?.avg_velocity as number) ?? null),
  });
  const out: TrendRow[] = [];
  for (const orgId of [...new Set(orgIds)]) {
    for (const month of window) {
      const agg = perOrg.find((r) => r.organization_id === orgId && r.month === month);
      out.push(row(orgId, nameOf.get(orgId) ?? null, month, agg, ((agg?.n as number) ?? 0) < n));
    }
  }
  if (includePlatform) {
    for (const month of window) {
      const agg = perMonth.find((r) => r.month === month);
      const total = (agg?.n as number) ?? 0;
      const outside = perOrg
        .filter((r) => r.month === month && (r.organization_id === null || (r.n as number) < n))
        .reduce((sum, r) => sum + (r.n as number), 0);
      out.push(row(null, null, month, agg, total < n || (outside >= 1 && outside <= n - 1)));
    }
  }
  return out;
}

beforeAll(async () => {
  const q = db.owner;
  admin = await createUserWithRole(q, 'admin');
  leadership = await createUserWithRole(q, 'leadership');
  moderator = await createUserWithRole(q, 'moderator');
  finance = await createUserWithRole(q, 'finance');
  plain = await createUserWithRole(q, 'user');
  for (let i = 0; i < 4; i += 1) people.push(await createUser(q));
  const { rows } = await q.query(`select to_char(date_trunc('month', now() at time zone 'UTC'), 'YYYY-MM-DD') as m`);
  currentMonth = rows[0].m;
  const { rows: top } = await q.query(`
    select a.organization_id as id from public.assessments a
     where a.status = 'completed' and a.organization_id is not null group by 1 order by count(*) desc, 1 limit 1`);
  seedOrg = top[0].id;
  expect(await minResponses()).toBe(5);
});

describe('who may read trends', () => {
  let orgId: string;
  beforeAll(async () => {
    orgId = (await createOrganization(db.owner)).id;
  });

  it.each([
    ['leadership', () => leadership],
    ['admin', () => admin],
  ])('%s may list organisations and read trends', async (_name, who) => {
    const orgs = await as(who(), 'list_organizations', { limit: 200 });
    expect(orgs.map((o) => o.id)).toContain(orgId);
    const rows = await trends(who(), { org_ids: [orgId], months: 3 });
    expect(rows).toHaveLength(6);
  });

  it.each([
    ['moderator', () => moderator],
    ['finance', () => finance],
    ['a plain user', () => plain],
  ])('%s is refused with 42501 naming trends.read', async (_name, who) => {
    await expectPgError(trends(who(), { org_ids: [orgId] }), { code: '42501', message: 'trends.read is needed' });
    await expectPgError(as(who(), 'list_organizations'), { code: '42501', message: 'trends.read is needed' });
  });

  it('read directly, leadership sees no organisation and no assessment: list_organizations is the picker (011)', async () => {
    const seen = await db.asUser(leadership.id, async (q) => {
      const orgs = await q.query('select count(*)::int as n from public.organizations');
      const assessments = await q.query('select count(*)::int as n from public.assessments');
      const answers = await q.query('select count(*)::int as n from public.assessment_answers');
      return { orgs: orgs.rows[0].n, assessments: assessments.rows[0].n, answers: answers.rows[0].n };
    });
    expect(seen).toEqual({ orgs: 0, assessments: 0, answers: 0 });
    const { rows } = await db.owner.query('select count(*)::int as n from public.organizations');
    expect(await as(leadership, 'list_organizations', { limit: 200 })).toHaveLength(Math.min(rows[0].n, 200));
  });

  it('the rollups are closed to direct reads, trend readers included: small cells stay suppressed (011)', async () => {
    for (const table of ['assessment_monthly', 'assessment_monthly_platform']) {
      for (const who of [leadership, moderator, plain]) {
        await expectPgError(
          db.asUser(who.id, (q) => q.query(`select count(*)::int as n from console.${table}`)),
          { code: '42501', message: `permission denied for table ${table}` },
        );
      }
    }
    await expectPgError(
      db.asUser(admin.id, (q) => q.query(`update console.assessment_monthly set completed = completed + 1`)),
      { code: '42501' },
    );
    await expectPgError(
      db.asUser(leadership.id, (q) => q.query('select * from console_private.assessment_monthly_drift()')),
      {
        code: '42501',
      },
    );
  });
});

describe('bad input is 22023 naming the field', () => {
  let orgId: string;
  beforeAll(async () => {
    orgId = (await createOrganization(db.owner)).id;
  });

  it.each([5, 0, null, 25, -3, 1])('months %s', async (months) => {
    await expectPgError(trends(leadership, { org_ids: [orgId], months }), {
      code: '22023',
      message: 'months:',
      detail: { field: 'months' },
    });
  });

  it.each([
    ['an empty list', []],
    ['no list', null],
    ['21 organisations', Array.from({ length: 21 }, () => randomUUID())],
    ['a malformed id', ['not-a-uuid']],
    ['an id with SQL in it', [`${randomUUID()}'); drop table public.assessments; --`]],
    ['a null id', [null]],
    ['an unknown organisation', [randomUUID()]],
  ])('org_ids: %s', async (_name, org_ids) => {
    await expectPgError(trends(leadership, { org_ids: org_ids as unknown[] | null }), {
      code: '22023',
      message: 'org_ids:',
      detail: { field: 'org_ids' },
    });
  });

  it('an unknown organisation among known ones is named', async () => {
    const unknown = randomUUID();
    await expectPgError(trends(leadership, { org_ids: [orgId, unknown] }), {
      code: '22023',
      message: unknown,
      detail: { field: 'org_ids' },
    });
  });

  it('include_platform must be true or false', async () => {
    await expectPgError(trends(leadership, { org_ids: [orgId], include_platform: null }), {
      code: '22023',
      detail: { field: 'include_platform' },
    });
  });

  it('20 organisations (with repeats) is fine; repeats are returned once, in the order first given', async () => {
    const others = await createOrganizations(3);
    const ids = [others[2]!.id, orgId, others[0]!.id, orgId, others[1]!.id];
    const list = Array.from({ length: 20 }, (_, i) => ids[i % ids.length]!);
    const rows = await trends(leadership, { org_ids: list, months: 3, include_platform: false });
    expect([...new Set(rows.map((r) => r.organization_id))]).toEqual([others[2]!.id, orgId, others[0]!.id, others[1]!.id]);
    expect(rows).toHaveLength(12);
  });

  it.each([
    [{ limit: 0 }, 'limit'],
    [{ limit: 201 }, 'limit'],
    [{ search: 'x'.repeat(201) }, 'search'],
  ])('list_organizations %o', async (args, field) => {
    await expectPgError(as(leadership, 'list_organizations', args), { code: '22023', detail: { field } });
  });
});

describe('organisation picker', () => {
  it('searches names as plain text, ordered by name', async () => {
    const tricky = await createOrganization(db.owner, { name: `Percent 100% _Under\\Score 'Quoted' ${randomUUID().slice(0, 8)}` });
    const plainOrg = await createOrganization(db.owner, { name: `Percent 1000 xUnderxScore ${randomUUID().slice(0, 8)}` });
    const search = async (text: string) => (await as(leadership, 'list_organizations', { search: text, limit: 200 })).map((o) => o.id);
    expect(await search('100% _Under\\Score')).toEqual([tricky.id]);
    expect(await search("'quoted'")).toEqual([tricky.id]);
    expect(await search('%')).toEqual([tricky.id]);
    expect(await search('_Under')).toEqual([tricky.id]);
    expect(await search('percent 100')).toEqual(expect.arrayContaining([tricky.id, plainOrg.id]));
    expect(await search(`'; drop table public.organizations; --`)).toEqual([]);
    expect(await search('x'.repeat(200))).toEqual([]);
    const all = await as(leadership, 'list_organizations', { limit: 200 });
    const names = all.map((o) => o.name as string);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(await as(leadership, 'list_organizations', { limit: 2 })).toHaveLength(2);
  });

  it("shows each organisation's completed assessments and latest month from the rollup", async () => {
    const org = await createOrganization(db.owner);
    await completed(org.id, 3);
    await completed(org.id, 1);
    await completed(org.id, 1);
    const [row] = await as(leadership, 'list_organizations', { search: org.name as string });
    expect(row).toMatchObject({ id: org.id, completed_assessments: 3, last_assessment_month: monthStart(1) });
  });
});

describe('the rollup', () => {
  it('holds the seed: every completed assessment, and no drift', async () => {
    expect(await drift()).toEqual([]);
    const { rows } = await db.owner.query(`
      select (select count(*)::int from public.assessments where status = 'completed') as assessments,
             (select sum(completed)::int from console.assessment_monthly) as rollup,
             (select sum(completed)::int from console.assessment_monthly_platform) as platform`);
    expect(rows[0].assessments).toBeGreaterThanOrEqual(260);
    expect(rows[0].rollup).toBe(rows[0].assessments);
    expect(rows[0].platform).toBe(rows[0].assessments);
  });

  it('the drift check reports tampered rows, per organisation and for the platform', async () => {
    await db.owner.query('begin');
    try {
      await db.owner.query(`update console.assessment_monthly set overall_sum = overall_sum + 1
                             where ctid = (select ctid from console.assessment_monthly limit 1)`);
      await db.owner.query(`update console.assessment_monthly_platform set completed = completed - 1
                             where month = (select max(month) from console.assessment_monthly_platform)`);
      const found = (await drift()) as { scope: string }[];
      expect(found.map((row) => row.scope)).toEqual(['organization', 'platform']);
    } finally {
      await db.owner.query('rollback');
    }
  });

  it('an assessment counts in the month it was completed, and only once completed', async () => {
    const org = await createOrganization(db.owner);
    const user = await createUser(db.owner);
    const a = await createAssessment(db.owner, user.id, { organization_id: org.id, started_at: inMonth(4) });
    const rollup = async () =>
      (
        await db.owner.query(
          'select month::text, completed::int from console.assessment_monthly where organization_id = $1 order by month',
          [org.id],
        )
      ).rows;
    expect(await rollup()).toEqual([]);
    await db.owner.query(`update public.assessments set status = 'completed', completed_at = $2 where id = $1`, [a.id, inMonth(2)]);
    expect(await rollup()).toEqual([{ month: monthStart(2), completed: 1 }]);
    await db.owner.query(`update public.assessments set completed_at = $2 where id = $1`, [a.id, inMonth(1)]);
    expect(await rollup()).toEqual([{ month: monthStart(1), completed: 1 }]);
    await db.owner.query(`update public.assessments set status = 'abandoned' where id = $1`, [a.id]);
    expect(await rollup()).toEqual([]);
    expect(await drift()).toEqual([]);
  });

  it('a member completing their own assessment moves the rollup they cannot write (security definer trigger)', async () => {
    const org = await createOrganization(db.owner);
    const member = await createUserWithRole(db.owner, 'user', { organization_id: org.id });
    await withClaims(
      db.owner,
      { sub: member.id, role: 'authenticated', aud: 'authenticated' },
      async (q) => {
        const { rows } = await q.query(`insert into public.assessments (user_id, organization_id) values ($1, $2) returning id`, [
          member.id,
          org.id,
        ]);
        const id = rows[0].id as string;
        for (const [i, d] of DIMENSIONS.entries()) {
          await q.query(
            `insert into public.assessment_answers (assessment_id, question_id, dimension, answer_type, answer_value) values ($1, $2, $3, 'scale', $4)`,
            [id, `q${i}`, d, 50 + i * 10],
          );
        }
        await q.query(`update public.assessments set status = 'completed', completed_at = now() where id = $1`, [id]);
      },
      { commit: true },
    );
    const { rows } = await db.owner.query(
      'select month::text, completed::int, overall_sum::int, individual_sum::int, velocity_sum::int from console.assessment_monthly where organization_id = $1',
      [org.id],
    );
    expect(rows).toEqual([{ month: currentMonth, completed: 1, overall_sum: 70, individual_sum: 50, velocity_sum: 90 }]);
  });

  it('deleting an organisation moves its assessments to the no-organisation row', async () => {
    const org = await createOrganization(db.owner);
    await completed(org.id, 6);
    await completed(org.id, 6);
    const before = (
      await db.owner.query(
        `select coalesce(sum(completed), 0)::int as n from console.assessment_monthly where organization_id is null and month = $1`,
        [monthStart(6)],
      )
    ).rows[0].n;
    await db.owner.query('delete from public.organizations where id = $1', [org.id]);
    const after = (
      await db.owner.query(
        `select coalesce(sum(completed), 0)::int as n from console.assessment_monthly where organization_id is null and month = $1`,
        [monthStart(6)],
      )
    ).rows[0].n;
    expect(after).toBe(before + 2);
    expect(
      (await db.owner.query('select count(*)::int as n from console.assessment_monthly where organization_id = $1', [org.id])).rows[0].n,
    ).toBe(0);
    expect(await drift()).toEqual([]);
  });

  it('truncating assessments empties the rollup (checked in a rolled-back transaction)', async () => {
    await db.owner.query('begin');
    try {
      await db.owner.query('truncate public.assessments cascade');
      expect((await db.owner.query('select count(*)::int as n from console.assessment_monthly')).rows[0].n).toBe(0);
      expect((await db.owner.query('select count(*)::int as n from console.assessment_monthly_platform')).rows[0].n).toBe(0);
      expect(await drift()).toEqual([]);
    } finally {
      await db.owner.query('rollback');
    }
  });

  it('concurrent completions in the same organisation and month both count', async () => {
    const org = await createOrganization(db.owner);
    const [c1, c2] = [await db.connection(), await db.connection()];
    await c1.query('begin');
    await c2.query('begin');
    const insert = (c: Queryable) =>
      c.query(
        `insert into public.assessments (user_id, organization_id, status, completed_at, individual_score, leadership_score,
                                         cultural_score, embedding_score, velocity_score)
         select $1, $2, 'completed', $3, 50, 50, 50, 50, 50 from generate_series(1, 3)`,
        [people[1]!.id, org.id, inMonth(0)],
      );
    await insert(c1);
    const second = insert(c2); // waits for c1's row lock on the rollup row
    await c1.query('commit');
    await second;
    await c2.query('commit');
    const { rows } = await db.owner.query('select completed::int from console.assessment_monthly where organization_id = $1', [org.id]);
    expect(rows).toEqual([{ completed: 6 }]);
    expect(await drift()).toEqual([]);
  });
});

describe('the rollup under a seeded-random sequence of changes', () => {
  // a small deterministic generator (mulberry32), so a failure replays exactly
  const rng = random;

  it('equals a full recomputation after every batch, and org_trends equals a direct aggregate', async () => {
    const random = rng(20260110);
    const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const orgs = (await createOrganizations(3)).map((o) => o.id);
    const orgChoices = [...orgs, null];
    const score = () => (random() < 0.12 ? null : int(0, 100));
    const assessments: string[] = [];
    const answers: { id: string; assessment: string }[] = [];
    const q = db.owner;
    const counts: Record<string, number> = {};

    const ops: Record<string, () => Promise<void>> = {
      async insert() {
        const status = random() < 0.75 ? 'completed' : pick(['in_progress', 'abandoned']);
        const a = await createAssessment(q, pick(people).id, {
          organization_id: pick(orgChoices),
          status,
          completed_at: status === 'completed' || random() < 0.3 ? inMonth(int(0, 11), int(1, 28)) : null,
          individual_score: score(),
          leadership_score: score(),
          cultural_score: score(),
          embedding_score: score(),
          velocity_score: score(),
        });
        assessments.push(a.id);
      },
      async insertMany() {
        const { rows } = await q.query(
          `insert into public.assessments (user_id, organization_id, status, completed_at, individual_score, leadership_score,
                                           cultural_score, embedding_score, velocity_score)
           select $1, (array[$2::uuid, $3::uuid, $4::uuid, null])[1 + (g % 4)], 'completed', $5::timestamptz - g * interval '9 days',
                  (g * 17) % 101, (g * 31) % 101, case when g % 5 = 0 then null else (g * 7) % 101 end, (g * 3) % 101, 40 + g
             from generate_series(1, $6::int) g
           returning id`,
          [pick(people).id, orgs[0], orgs[1], orgs[2], inMonth(int(0, 3)), int(2, 8)],
        );
        assessments.push(...rows.map((r) => r.id as string));
      },
      async setStatus() {
        const status = pick(['completed', 'in_progress', 'abandoned', 'completed']);
        await q.query(
          `update public.assessments set status = $2, completed_at = case when $2 = 'completed' then coalesce(completed_at, $3::timestamptz) else completed_at end
            where id = $1`,
          [pick(assessments), status, inMonth(int(0, 11))],
        );
      },
      async moveOrg() {
        await q.query('update public.assessments set organization_id = $2 where id = $1', [pick(assessments), pick(orgChoices)]);
      },
      async moveManyOrgs() {
        const ids = Array.from({ length: int(2, 6) }, () => pick(assessments));
        await q.query('update public.assessments set organization_id = $2 where id = any($1)', [ids, pick(orgChoices)]);
      },
      async moveMonth() {
        await q.query(`update public.assessments set completed_at = $2 where id = $1 and completed_at is not null`, [
          pick(assessments),
          inMonth(int(0, 11), int(1, 28)),
        ]);
      },
      async setScores() {
        const d = pick(DIMENSIONS);
        await q.query(`update public.assessments set ${d}_score = $2 where id = $1`, [pick(assessments), score()]);
      },
      async touchOnly() {
        await q.query(`update public.assessments set results = jsonb_build_object('touched', $2::int) where id = any($1)`, [
          assessments.slice(0, 10),
          int(0, 1000),
        ]);
      },
      async swapOrgs() {
        const [a, b] = [pick(assessments), pick(assessments)];
        await q.query(
          `update public.assessments x set organization_id = y.organization_id
             from public.assessments y
            where (x.id, y.id) in (($1::uuid, $2::uuid), ($2::uuid, $1::uuid)) and $1 <> $2`,
          [a, b],
        );
      },
      async remove() {
        const id = assessments.splice(int(0, assessments.length - 1), 1)[0]!;
        await q.query('delete from public.assessments where id = $1', [id]);
        for (let i = answers.length - 1; i >= 0; i -= 1) if (answers[i]!.assessment === id) answers.splice(i, 1);
      },
      async removeMany() {
        const ids = assessments.splice(int(0, Math.max(0, assessments.length - 3)), 3);
        await q.query('delete from public.assessments where id = any($1)', [ids]);
        for (let i = answers.length - 1; i >= 0; i -= 1) if (ids.includes(answers[i]!.assessment)) answers.splice(i, 1);
      },
      async addAnswer() {
        const assessment = pick(assessments);
        const row = await answer(q, assessment, pick(DIMENSIONS), int(0, 100), { question_weight: pick([0.5, 1, 1.5]) });
        answers.push({ id: row.id, assessment });
      },
      async changeAnswer() {
        if (!answers.length) return;
        await q.query('update public.assessment_answers set answer_value = $2 where id = $1', [pick(answers).id, int(0, 100)]);
      },
      async removeAnswer() {
        if (!answers.length) return;
        const [gone] = answers.splice(int(0, answers.length - 1), 1);
        await q.query('delete from public.assessment_answers where id = $1', [gone!.id]);
      },
    };
    const weighted: string[] = [
      ...Array(5).fill('insert'),
      'insertMany',
      ...Array(3).fill('setStatus'),
      ...Array(2).fill('moveOrg'),
      'moveManyOrgs',
      ...Array(2).fill('moveMonth'),
      ...Array(2).fill('setScores'),
      'touchOnly',
      'swapOrgs',
      ...Array(2).fill('remove'),
      'removeMany',
      ...Array(3).fill('addAnswer'),
      ...Array(2).fill('changeAnswer'),
      'removeAnswer',
    ];

    for (let i = 0; i < 12; i += 1) await ops.insert!();
    for (let batch = 0; batch < 10; batch += 1) {
      for (let i = 0; i < 20; i += 1) {
        const name = assessments.length < 6 ? 'insert' : pick(weighted);
        counts[name] = (counts[name] ?? 0) + 1;
        await ops[name]!();
      }
      expect(await drift(), `drift after batch ${batch}`).toEqual([]);
      const rows = await trends(leadership, { org_ids: orgs, months: 12 });
      expect(rows, `org_trends after batch ${batch}`).toEqual(await expectedTrends(orgs, 12));
    }
    // the sequence really exercised every kind of change.
    expect(Object.keys(counts).sort()).toEqual(Object.keys(ops).sort());
  });
});

describe('org_trends', () => {
  it.each([3, 6, 12, 24])('a %s-month window has one row per month per organisation, current month last', async (months) => {
    const org = await createOrganization(db.owner);
    await completed(org.id, 0);
    const rows = await trends(leadership, { org_ids: [org.id], months });
    const mine = rows.filter((r) => r.organization_id === org.id);
    const platform = rows.filter((r) => r.organization_id === null);
    const window = Array.from({ length: months }, (_, i) => monthStart(months - 1 - i));
    expect(mine.map((r) => r.month)).toEqual(window);
    expect(platform.map((r) => r.month)).toEqual(window);
    expect(rows).toEqual([...mine, ...platform]);
    expect(mine.at(-1)).toMatchObject({ month: currentMonth, assessment_count: 1, suppressed: true, avg_overall: null });
    expect(mine.slice(0, -1).every((r) => r.assessment_count === 0 && r.suppressed)).toBe(true);
    expect(await trends(leadership, { org_ids: [org.id], months, include_platform: false })).toEqual(mine);
  });

  it('agrees with get_org_adaptability_trend for an unsuppressed organisation', async () => {
    const orgId = seedOrg;
    const ours = (await trends(admin, { org_ids: [orgId], months: 12, include_platform: false })) as TrendRow[];
    expect(ours.filter((r) => !r.suppressed).length).toBeGreaterThanOrEqual(6);
    const theirs = await withClaims(db.owner, { sub: admin.id, role: 'authenticated', aud: 'authenticated' }, async (q) => {
      await q.query(`set local timezone = 'UTC'`);
      return (await q.query('select * from public.get_org_adaptability_trend($1, 12)', [orgId])).rows;
    });
    expect(theirs.length).toBeGreaterThan(0);
    for (const row of ours) {
      const match = theirs.find((t) => t.month === row.month);
      expect(row.assessment_count, row.month).toBe(match ? match.assessment_count : 0);
      if (!row.suppressed) {
        expect(row).toMatchObject({
          avg_overall: match!.avg_overall,
          avg_individual: match!.avg_individual,
          avg_leadership: match!.avg_leadership,
          avg_cultural: match!.avg_cultural,
          avg_embedding: match!.avg_embedding,
          avg_velocity: match!.avg_velocity,
        });
      }
    }
  });

  it('suppresses a month below the minimum and shows it at exactly the minimum', async () => {
    const org = await createOrganization(db.owner);
    const scores = [50, 60, 70, 80, 90];
    for (const s of scores.slice(0, 4))
      await completed(org.id, 2, { individual: s, leadership: s, cultural: s, embedding: s, velocity: s });
    const month = (rows: TrendRow[]) => rows.find((r) => r.organization_id === org.id && r.month === monthStart(2))!;
    expect(month(await trends(leadership, { org_ids: [org.id], months: 3 }))).toEqual({
      organization_id: org.id,
      organization_name: org.name,
      month: monthStart(2),
      assessment_count: 4,
      suppressed: true,
      avg_overall: null,
      avg_individual: null,
      avg_leadership: null,
      avg_cultural: null,
      avg_embedding: null,
      avg_velocity: null,
    });
    await completed(org.id, 2, { individual: 90, leadership: 90, cultural: 90, embedding: 90, velocity: null });
    expect(month(await trends(leadership, { org_ids: [org.id], months: 3 }))).toMatchObject({
      assessment_count: 5,
      suppressed: false,
      avg_overall: 65, // the fifth has no overall score (a dimension is missing): (50 + 60 + 70 + 80) / 4
      avg_individual: 70, // (50 + 60 + 70 + 80 + 90) / 5
      avg_velocity: 65,
    });
  });

  describe('differencing protection on the platform rows', () => {
    // months 19-22 back hold no seed data: these tests own them.
    let big1: string;
    let big2: string;
    let small1: string;
    let small2: string;
    const platform = (rows: TrendRow[], k: number) => rows.find((r) => r.organization_id === null && r.month === monthStart(k))!;

    beforeAll(async () => {
      [big1, big2, small1, small2] = (await createOrganizations(4)).map((o) => o.id) as [string, string, string, string];
      const add = async (org: string | null, k: number, count: number, base: number) => {
        for (let i = 0; i < count; i += 1) {
          const s = base + i;
          await completed(org, k, { individual: s, leadership: s, cultural: s, embedding: s, velocity: s });
        }
      };
      // month 20: one organisation of 3 beside large ones -> platform minus the large ones reveals the 3.
      await add(big1, 20, 10, 50);
      await add(big2, 20, 8, 60);
      await add(small1, 20, 3, 20);
      // month 21: the small groups together number 5 (3 + 2) -> platform shown.
      await add(big1, 21, 10, 50);
      await add(small1, 21, 3, 20);
      await add(small2, 21, 2, 30);
      // month 22: 2 assessments in no organisation beside a large one -> suppressed.
      await add(big1, 22, 10, 50);
      await add(null, 22, 2, 20);
      // month 19: only large organisations -> shown.
      await add(big1, 19, 6, 50);
      await add(big2, 19, 5, 60);
    });

    it('hides the platform month when 1 to N-1 assessments sit outside the organisations shown', async () => {
      const rows = await trends(leadership, { org_ids: [big1, big2, small1], months: 24 });
      expect(platform(rows, 20)).toMatchObject({ assessment_count: 21, suppressed: true, avg_overall: null });
      expect(rows.find((r) => r.organization_id === small1 && r.month === monthStart(20))).toMatchObject({
        assessment_count: 3,
        suppressed: true,
      });
      expect(rows.find((r) => r.organization_id === big1 && r.month === monthStart(20))).toMatchObject({
        suppressed: false,
        avg_overall: 54.5,
      });
      expect(platform(rows, 22)).toMatchObject({ assessment_count: 12, suppressed: true, avg_overall: null });
      expect(platform(rows, 21)).toMatchObject({ assessment_count: 15, suppressed: false });
      // (10 x 54.5 + 3 x 21 + 2 x 30.5) / 15
      expect(platform(rows, 21).avg_overall).toBe(44.6);
      expect(platform(rows, 19)).toMatchObject({ assessment_count: 11, suppressed: false });
      expect(rows).toEqual(await expectedTrends([big1, big2, small1], 24));
    });

    it('counts every organisation, not only the ones asked for', async () => {
      const rows = await trends(leadership, { org_ids: [big1], months: 24 });
      expect(platform(rows, 20).suppressed).toBe(true);
      expect(platform(rows, 22).suppressed).toBe(true);
      expect(platform(rows, 21).suppressed).toBe(false);
    });

    it('follows trend_min_responses when an admin changes it', async () => {
      await consoleAs(db.owner, admin.id, 'update_setting', { key: 'trend_min_responses', value: 3, reason: 'test' });
      try {
        let rows = await trends(leadership, { org_ids: [big1, small1, small2], months: 24 });
        // small1's 3 are now shown; month 20's outside group is empty, month 22's 2 no-organisation ones still hide it.
        expect(rows.find((r) => r.organization_id === small1 && r.month === monthStart(20))).toMatchObject({
          suppressed: false,
          avg_overall: 21,
        });
        expect(platform(rows, 20).suppressed).toBe(false);
        expect(platform(rows, 22).suppressed).toBe(true);
        // month 21: small2's 2 are now the only group outside -> hidden.
        expect(platform(rows, 21).suppressed).toBe(true);
        expect(rows).toEqual(await expectedTrends([big1, small1, small2], 24));

        await consoleAs(db.owner, admin.id, 'update_setting', { key: 'trend_min_responses', value: 11, reason: 'test' });
        rows = await trends(leadership, { org_ids: [big1], months: 24 });
        expect(rows.find((r) => r.organization_id === big1 && r.month === monthStart(20))).toMatchObject({
          assessment_count: 10,
          suppressed: true,
        });
        expect(rows).toEqual(await expectedTrends([big1], 24));
      } finally {
        await consoleAs(db.owner, admin.id, 'update_setting', { key: 'trend_min_responses', value: 5 });
      }
    });
  });

  it('never reads public.assessments: works with every api role denied the table', async () => {
    const { rows: seeded } = await db.owner.query(
      `select organization_id as id from public.assessments where status = 'completed' and organization_id is not null limit 1`,
    );
    const orgId = seeded[0].id as string;
    const expected = await expectedTrends([orgId], 24);
    const c = await db.connection();
    await c.query('begin');
    try {
      await c.query('revoke all on public.assessments, public.assessment_answers from authenticated, service_role');
      await c.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [
        JSON.stringify({ sub: admin.id, role: 'authenticated' }),
      ]);
      await expectPgError(
        c.query('savepoint s; select count(*) from public.assessments').finally(() => c.query('rollback to savepoint s')),
        { code: '42501', message: 'permission denied for table assessments' },
      );
      const { rows } = await c.query('select * from console.org_trends(p_org_ids => $1, p_months => 24)', [[orgId]]);
      expect(rows).toEqual(expected);
      expect(rows.some((r) => r.assessment_count > 0 && !r.suppressed)).toBe(true);
    } finally {
      await c.query('rollback');
    }
  });

  it('leadership sees counts and averages of assessments they cannot select', async () => {
    const { rows: seeded } = await db.owner.query(
      `select organization_id as id from public.assessments where status = 'completed' and organization_id is not null limit 1`,
    );
    const rows = await trends(leadership, { org_ids: [seeded[0].id], months: 12 });
    expect(rows.filter((r) => r.organization_id !== null).reduce((sum, r) => sum + r.assessment_count, 0)).toBeGreaterThan(0);
    const visible = await db.asUser(
      leadership.id,
      async (q) => (await q.query('select count(*)::int as n from public.assessments')).rows[0].n,
    );
    expect(visible).toBe(0);
  });
});

afterAll(async () => {
  // the setting is shared by the file's tests; make sure a failure above did not leave it changed.
  await db.owner.query(`update console.settings set value = '5' where key = 'trend_min_responses'`).catch(() => undefined);
});
