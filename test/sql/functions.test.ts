// The API's functions (SCHEMA.md): role helpers, the org adaptability trend, talent search and certificate checks.
import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { expectPgError } from '../support/console.js';
import { useTestDatabase } from '../support/db.js';
import type { Queryable } from '../support/pg.js';
import {
  createAssessment,
  createCertificate,
  createOrganization,
  createTalentProfile,
  createUser,
  createUserWithRole,
  grantRole,
} from '../support/factories.js';

const db = useTestDatabase();

async function value(q: Queryable, sql: string, params: unknown[] = []): Promise<unknown> {
  const { rows } = await q.query(sql, params);
  return rows[0] ? Object.values(rows[0])[0] : undefined;
}

const past = () => new Date(Date.now() - 3600_000).toISOString();
const future = () => new Date(Date.now() + 3600_000).toISOString();

// ---------------------------------------------------------------------------------------------------------------
describe('has_role', () => {
  const hasRole = (asId: string, userId: string, role: string) =>
    db.asUser(asId, (q) => value(q, 'select public.has_role($1, $2)', [userId, role]));

  it('is true for a role the caller holds and false for one they do not', async () => {
    const user = await createUserWithRole(db.owner, 'instructor');
    expect([await hasRole(user.id, user.id, 'instructor'), await hasRole(user.id, user.id, 'expert')]).toEqual([true, false]);
  });

  it('ignores a role that expired in the past', async () => {
    const user = await createUserWithRole(db.owner, 'expert', { expires_at: past() });
    expect(await hasRole(user.id, user.id, 'expert')).toBe(false);
  });

  it('counts a role that expires in the future', async () => {
    const user = await createUserWithRole(db.owner, 'expert', { expires_at: future() });
    expect(await hasRole(user.id, user.id, 'expert')).toBe(true);
  });

  it('counts an org-scoped role', async () => {
    const org = await createOrganization(db.owner);
    const user = await createUserWithRole(db.owner, 'client', { organization_id: org.id });
    expect(await hasRole(user.id, user.id, 'client')).toBe(true);
  });

  it('answers false to a non-admin asking about another user, even when that user holds the role', async () => {
    const other = await createUserWithRole(db.owner, 'instructor');
    const nosy = await createUser(db.owner);
    expect(await hasRole(nosy.id, other.id, 'instructor')).toBe(false);
  });

  it('an org-scoped admin asking about another user also gets false', async () => {
    const org = await createOrganization(db.owner);
    const orgAdmin = await createUserWithRole(db.owner, 'admin', { organization_id: org.id });
    const member = await createUserWithRole(db.owner, 'user', { organization_id: org.id });
    expect(await hasRole(orgAdmin.id, member.id, 'user')).toBe(false);
  });

  it('a platform admin may ask about another user', async () => {
    const admin = await createUserWithRole(db.owner, 'admin');
    const other = await createUserWithRole(db.owner, 'instructor');
    expect([await hasRole(admin.id, other.id, 'instructor'), await hasRole(admin.id, other.id, 'expert')]).toEqual([true, false]);
  });

  it('service_role and the owner may ask about anyone', async () => {
    const other = await createUserWithRole(db.owner, 'instructor');
    const asService = await db.asService((q) => value(q, 'select public.has_role($1, $2)', [other.id, 'instructor']));
    const asOwner = await value(db.owner, 'select public.has_role($1, $2)', [other.id, 'instructor']);
    expect([asService, asOwner]).toEqual([true, true]);
  });

  it('anon may not call it', async () => {
    const other = await createUserWithRole(db.owner, 'instructor');
    await expectPgError(
      db.asAnon((q) => q.query('select public.has_role($1, $2)', [other.id, 'instructor'])),
      { code: '42501' },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('get_user_roles', () => {
  const rolesOf = (asId: string, userId: string) =>
    db.asUser(
      asId,
      async (q) => (await q.query('select role, organization_id from public.get_user_roles($1) order by role', [userId])).rows,
    );

  async function userWithRoles() {
    const org = await createOrganization(db.owner);
    const user = await createUser(db.owner);
    await grantRole(db.owner, user.id, 'instructor');
    await grantRole(db.owner, user.id, 'client', { organization_id: org.id });
    await grantRole(db.owner, user.id, 'expert', { expires_at: past() });
    await grantRole(db.owner, user.id, 'admin', { organization_id: org.id, expires_at: future() });
    return { user, org };
  }

  it('lists the caller’s unexpired roles with their organization, expired ones excluded', async () => {
    const { user, org } = await userWithRoles();
    expect(await rolesOf(user.id, user.id)).toEqual([
      { role: 'admin', organization_id: org.id },
      { role: 'client', organization_id: org.id },
      { role: 'instructor', organization_id: null },
    ]);
  });

  it('returns no rows to a non-admin asking about someone else', async () => {
    const { user } = await userWithRoles();
    const nosy = await createUser(db.owner);
    expect(await rolesOf(nosy.id, user.id)).toEqual([]);
  });

  it('a platform admin sees another user’s roles', async () => {
    const { user } = await userWithRoles();
    const admin = await createUserWithRole(db.owner, 'admin');
    expect((await rolesOf(admin.id, user.id)).map((r) => r.role)).toEqual(['admin', 'client', 'instructor']);
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('is_admin, is_org_admin, is_org_member', () => {
  const ask = (asId: string, sql: string, params: unknown[] = []) => db.asUser(asId, (q) => value(q, sql, params));

  it('is_admin: true for a platform admin', async () => {
    const admin = await createUserWithRole(db.owner, 'admin');
    expect(await ask(admin.id, 'select public.is_admin()')).toBe(true);
  });

  it('is_admin: an org-scoped admin is not a platform admin', async () => {
    const org = await createOrganization(db.owner);
    const orgAdmin = await createUserWithRole(db.owner, 'admin', { organization_id: org.id });
    expect(await ask(orgAdmin.id, 'select public.is_admin()')).toBe(false);
  });

  it('is_admin: an expired platform admin is not an admin', async () => {
    const lapsed = await createUserWithRole(db.owner, 'admin', { expires_at: past() });
    expect(await ask(lapsed.id, 'select public.is_admin()')).toBe(false);
  });

  it('is_admin: a plain user is not; nor is anon, who may not call it', async () => {
    const user = await createUserWithRole(db.owner, 'user');
    await expectPgError(
      db.asAnon((q) => q.query('select public.is_admin()')),
      { code: '42501' },
    );
    expect(await ask(user.id, 'select public.is_admin()')).toBe(false);
  });

  it('is_org_admin: true for the org the caller administers, false for another org', async () => {
    const [mine, theirs] = [await createOrganization(db.owner), await createOrganization(db.owner)];
    const orgAdmin = await createUserWithRole(db.owner, 'admin', { organization_id: mine.id });
    expect([
      await ask(orgAdmin.id, 'select public.is_org_admin($1)', [mine.id]),
      await ask(orgAdmin.id, 'select public.is_org_admin($1)', [theirs.id]),
    ]).toEqual([true, false]);
  });

  it('is_org_admin: a member with another role, or an expired org admin, is not org admin', async () => {
    const org = await createOrganization(db.owner);
    const member = await createUserWithRole(db.owner, 'client', { organization_id: org.id });
    const lapsed = await createUserWithRole(db.owner, 'admin', { organization_id: org.id, expires_at: past() });
    expect([
      await ask(member.id, 'select public.is_org_admin($1)', [org.id]),
      await ask(lapsed.id, 'select public.is_org_admin($1)', [org.id]),
    ]).toEqual([false, false]);
  });

  it('is_org_member: any unexpired role in the org counts; an expired one or another org does not', async () => {
    const [org, other] = [await createOrganization(db.owner), await createOrganization(db.owner)];
    const member = await createUserWithRole(db.owner, 'user', { organization_id: org.id });
    const lapsed = await createUserWithRole(db.owner, 'client', { organization_id: org.id, expires_at: past() });
    expect([
      await ask(member.id, 'select public.is_org_member($1)', [org.id]),
      await ask(member.id, 'select public.is_org_member($1)', [other.id]),
      await ask(lapsed.id, 'select public.is_org_member($1)', [org.id]),
    ]).toEqual([true, false, false]);
  });

  it('is_org_member: a platform-wide role does not make a member of an org', async () => {
    const org = await createOrganization(db.owner);
    const instructor = await createUserWithRole(db.owner, 'instructor');
    expect(await ask(instructor.id, 'select public.is_org_member($1)', [org.id])).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('get_org_adaptability_trend', () => {
  let org: { id: string };
  let orgAdmin: { id: string };
  let outsider: { id: string };
  let thisMonth: string;
  let lastMonth: string;
  let twoMonthsAgo: string;

  /** A completed assessment in `orgId` with the five dimension scores, completed at the SQL expression `when`. */
  async function completed(orgId: string | null, scores: [number, number, number, number, number], when: string, status = 'completed') {
    const user = await createUser(db.owner);
    const a = await createAssessment(db.owner, user.id, { organization_id: orgId });
    await db.owner.query(
      `update public.assessments
          set individual_score = $2, leadership_score = $3, cultural_score = $4, embedding_score = $5, velocity_score = $6,
              status = $7, completed_at = case when $7 = 'completed' then ${when} end
        where id = $1`,
      [a.id, ...scores, status],
    );
  }

  beforeAll(async () => {
    org = await createOrganization(db.owner);
    const other = await createOrganization(db.owner);
    orgAdmin = await createUserWithRole(db.owner, 'admin', { organization_id: org.id });
    outsider = await createUserWithRole(db.owner, 'user', { organization_id: other.id });
    const month = `date_trunc('month', now())`;
    // This month: three completed (overall 50, 50, 51).
    await completed(org.id, [70, 60, 50, 40, 30], month);
    await completed(org.id, [71, 60, 50, 40, 30], `${month} + interval '1 minute'`);
    await completed(org.id, [71, 61, 52, 40, 31], month);
    // Not counted: in progress / abandoned in the org, completed in another org or in none.
    await completed(org.id, [0, 0, 0, 0, 0], month, 'in_progress');
    await completed(org.id, [0, 0, 0, 0, 0], month, 'abandoned');
    await completed(other.id, [0, 0, 0, 0, 0], month);
    await completed(null, [0, 0, 0, 0, 0], month);
    // Last month: one (overall 80). Two months ago: one (overall 20). Six months ago: one (outside the default window).
    await completed(org.id, [80, 80, 80, 80, 80], `${month} - interval '1 month' + interval '10 days'`);
    await completed(org.id, [20, 20, 20, 20, 20], `${month} - interval '2 months' + interval '5 days'`);
    await completed(org.id, [90, 90, 90, 90, 90], `${month} - interval '6 months' + interval '3 days'`);
    const { rows } = await db.owner.query(
      `select to_char(date_trunc('month', now()), 'YYYY-MM-DD') as m0,
              to_char(date_trunc('month', now()) - interval '1 month', 'YYYY-MM-DD') as m1,
              to_char(date_trunc('month', now()) - interval '2 months', 'YYYY-MM-DD') as m2`,
    );
    ({ m0: thisMonth, m1: lastMonth, m2: twoMonthsAgo } = rows[0]);
  });

  const trend = (q: Queryable, months?: number) =>
    q
      .query(
        months === undefined
          ? 'select * from public.get_org_adaptability_trend($1)'
          : 'select * from public.get_org_adaptability_trend($1, $2)',
        [org.id, ...(months === undefined ? [] : [months])],
      )
      .then((r) => r.rows);

  it('gives one row per month, newest first, with averages rounded to 1 decimal and the count', async () => {
    const rows = await trend(db.owner, 2);
    expect(rows).toEqual([
      {
        month: thisMonth,
        avg_overall: 50.3,
        avg_individual: 70.7,
        avg_leadership: 60.3,
        avg_cultural: 50.7,
        avg_embedding: 40,
        avg_velocity: 30.3,
        assessment_count: 3,
      },
      {
        month: lastMonth,
        avg_overall: 80,
        avg_individual: 80,
        avg_leadership: 80,
        avg_cultural: 80,
        avg_embedding: 80,
        avg_velocity: 80,
        assessment_count: 1,
      },
    ]);
  });

  it('the averages are numerics rounded to one decimal place', async () => {
    const { rows } = await db.owner.query(
      `select avg_individual::text as t, pg_typeof(avg_individual)::text as ty from public.get_org_adaptability_trend($1, 1)`,
      [org.id],
    );
    expect(rows).toEqual([{ t: '70.7', ty: 'numeric' }]);
  });

  it('p_months defaults to 6: the current month and the five before it', async () => {
    const rows = await trend(db.owner);
    expect(rows.map((r) => [r.month, r.assessment_count])).toEqual([
      [thisMonth, 3],
      [lastMonth, 1],
      [twoMonthsAgo, 1],
    ]);
  });

  it('p_months = 1 is the current calendar month only', async () => {
    const rows = await trend(db.owner, 1);
    expect(rows.map((r) => r.month)).toEqual([thisMonth]);
  });

  it('p_months = 120 is accepted and reaches back further', async () => {
    const rows = await trend(db.owner, 120);
    expect(rows.map((r) => r.assessment_count)).toEqual([3, 1, 1, 1]);
  });

  it.each([0, -1, 121])('p_months = %i is refused with 22023', async (months) => {
    const error = await expectPgError(trend(db.owner, months), { code: '22023' });
    expect(error.message).toContain('p_months');
  });

  it("the org's admin sees the trend through RLS", async () => {
    const rows = await db.asUser(orgAdmin.id, (q) => trend(q, 2));
    expect(rows.map((r) => [r.month, r.assessment_count, r.avg_overall])).toEqual([
      [thisMonth, 3, 50.3],
      [lastMonth, 1, 80],
    ]);
  });

  it('RLS applies: a plain user of another organization sees nothing', async () => {
    const rows = await db.asUser(outsider.id, (q) => trend(q, 6));
    expect(rows).toEqual([]);
  });

  it('an unknown organization gives no rows', async () => {
    const { rows } = await db.owner.query('select * from public.get_org_adaptability_trend($1, 6)', [randomUUID()]);
    expect(rows).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('search_talent', () => {
  const tag = `Skill-${randomUUID().slice(0, 8)}`;
  const otherTag = `Other-${randomUUID().slice(0, 8)}`;
  const names: Record<string, string> = {};

  beforeAll(async () => {
    const make = async (key: string, profile: Record<string, unknown>) => {
      const user = await createUser(db.owner, { full_name: `Expert ${key}` });
      await db.owner.query('update public.users set avatar_url = $2 where id = $1', [user.id, `https://cdn.example.test/${key}.png`]);
      const { rating, ...rest } = profile;
      const p = await createTalentProfile(db.owner, user.id, rest);
      // rating is derived by triggers; set it directly as the owner (no API role could) to rank the fixtures.
      await db.owner.query('update public.talent_profiles set rating = $2 where id = $1', [p.id, rating]);
      names[p.id] = key;
      return p;
    };
    await make('top', { expertise: [tag], rating: 4.8 });
    await make('mid', { expertise: [otherTag, tag], rating: 4.2 });
    await make('low', { expertise: [tag, 'Change Management'], rating: 3.1 });
    await make('private', { expertise: [tag], rating: 5, is_public: false });
    await make('booked', { expertise: [tag], rating: 5, accepting_clients: false });
    await make('elsewhere', { expertise: [otherTag], rating: 4.9 });
  });

  const search = (q: Queryable, sql: string, params: unknown[]) => q.query(sql, params).then((r) => r.rows);
  const keys = (rows: Record<string, unknown>[]) => rows.map((r) => names[r.id as string] ?? 'seed');

  it('returns public profiles accepting clients whose expertise overlaps, best rated first', async () => {
    const rows = await search(db.owner, 'select * from public.search_talent($1)', [[tag]]);
    expect(keys(rows)).toEqual(['top', 'mid', 'low']);
  });

  it('any overlapping tag matches', async () => {
    const rows = await search(db.owner, 'select * from public.search_talent($1)', [[otherTag, 'No Such Skill']]);
    expect(keys(rows)).toEqual(['elsewhere', 'mid']);
  });

  it("returns the expert's full_name and avatar_url with each profile", async () => {
    const rows = await search(db.owner, 'select * from public.search_talent($1)', [[tag]]);
    expect(rows[0]).toMatchObject({ full_name: 'Expert top', avatar_url: 'https://cdn.example.test/top.png', rating: 4.8 });
  });

  it('p_min_rating keeps profiles rated at least that', async () => {
    const rows = await search(db.owner, 'select * from public.search_talent($1, $2)', [[tag], 4.2]);
    expect(keys(rows)).toEqual(['top', 'mid']);
  });

  it('p_limit caps the rows', async () => {
    const rows = await search(db.owner, 'select * from public.search_talent($1, 0, $2)', [[tag], 1]);
    expect(keys(rows)).toEqual(['top']);
  });

  it.each([0, 101])('p_limit = %i is out of bounds (1–100) and refused', async (limit) => {
    const error = await expectPgError(search(db.owner, 'select * from public.search_talent($1, 0, $2)', [[tag], limit]), { code: '22023' });
    expect(error.message).toContain('p_limit');
  });

  it('p_limit = 100 is accepted', async () => {
    const rows = await search(db.owner, 'select * from public.search_talent($1, 0, 100)', [[tag]]);
    expect(rows).toHaveLength(3);
  });

  it.each([
    ['null', null],
    ['empty', []],
  ])('%s expertise matches every public profile accepting clients', async (_label, expertise) => {
    const rows = await search(db.owner, 'select * from public.search_talent($1::text[], 0, 100)', [expertise]);
    const found = keys(rows);
    expect(found).toEqual(expect.arrayContaining(['top', 'mid', 'low', 'elsewhere']));
    expect(found).not.toContain('private');
    expect(found).not.toContain('booked');
    const ratings = rows.map((r) => Number(r.rating));
    expect(ratings).toEqual([...ratings].sort((a, b) => b - a));
  });

  it('anon may call it (marketplace visitors) and gets the same answer', async () => {
    const rows = await db.asAnon((q) => search(q, 'select * from public.search_talent($1)', [[tag]]));
    expect(keys(rows)).toEqual(['top', 'mid', 'low']);
    expect(rows[1]).toMatchObject({ full_name: 'Expert mid', avatar_url: 'https://cdn.example.test/mid.png' });
  });

  it('a signed-in user may call it', async () => {
    const user = await createUser(db.owner);
    const rows = await db.asUser(user.id, (q) => search(q, 'select * from public.search_talent($1, 4)', [[tag]]));
    expect(keys(rows)).toEqual(['top', 'mid']);
  });

  it('does not expose emails', async () => {
    const rows = await db.asAnon((q) => search(q, 'select * from public.search_talent($1)', [[tag]]));
    expect(Object.keys(rows[0] ?? {})).not.toContain('email');
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('verify_certificate', () => {
  const verify = (q: Queryable, n: string) => q.query('select * from public.verify_certificate($1)', [n]).then((r) => r.rows);

  it('anon can verify a certificate by number and sees its public facts', async () => {
    const user = await createUser(db.owner, { full_name: 'Grace Hopper' });
    const cert = await createCertificate(db.owner, user.id, {
      certificate_type: 'program',
      title: 'AI Transformation Program',
      issue_date: '2026-01-15',
      expiry_date: '2999-01-15',
      is_verified: true,
    });
    const rows = await db.asAnon((q) => verify(q, cert.certificate_number));
    expect(rows).toHaveLength(1);
    const values = Object.values(rows[0]);
    expect(values).toEqual(
      expect.arrayContaining([
        cert.certificate_number,
        'program',
        'AI Transformation Program',
        'Grace Hopper',
        '2026-01-15',
        '2999-01-15',
        true,
        false,
      ]),
    );
    expect(Object.keys(rows[0])).not.toContain('user_id');
    expect(Object.keys(rows[0])).not.toContain('email');
  });

  it('an unknown number gives no row', async () => {
    const rows = await db.asAnon((q) => verify(q, 'CERT-PROGRAM-20260115-DEADBEEF'));
    expect(rows).toEqual([]);
  });

  it('shows a certificate past its expiry date as expired', async () => {
    const user = await createUser(db.owner);
    const cert = await createCertificate(db.owner, user.id, { issue_date: '2020-01-01', expiry_date: '2021-01-01' });
    const rows = await db.asAnon((q) => verify(q, cert.certificate_number));
    const expired = rows[0] && Object.entries(rows[0]).find(([key]) => /expired/.test(key));
    expect(expired).toEqual([expect.stringMatching(/expired/), true]);
  });

  it('a certificate without an expiry date is not expired', async () => {
    const user = await createUser(db.owner);
    const cert = await createCertificate(db.owner, user.id);
    const rows = await db.asAnon((q) => verify(q, cert.certificate_number));
    const expired = rows[0] && Object.entries(rows[0]).find(([key]) => /expired/.test(key));
    expect(expired).toEqual([expect.stringMatching(/expired/), false]);
  });

  it('anon cannot read the certificates table itself', async () => {
    await expectPgError(
      db.asAnon((q) => q.query('select * from public.certificates')),
      { code: '42501' },
    );
  });
});
