// What supabase/seed.sql promises: enough realistic demo data for every screen and every status, the demo
// sign-ins documented in supabase/SCHEMA.md working with the demo password, and derived values (seats, hours,
// scores, ratings, certificate numbers) consistent with the triggers that keep them. Read as the database owner.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db.js';
import { supabaseDir } from '../support/migrations.js';

const db = useTestDatabase();

const DEMO_PASSWORD = 'HumanGlue-demo-2026!';

interface SignIn {
  email: string;
  role: string;
  organisation: string | null;
}

/** The "Demo sign-ins" table of SCHEMA.md's seed section: | `email` | role | organisation (— for none) |. */
function documentedSignIns(): SignIn[] {
  const doc = readFileSync(join(supabaseDir, 'SCHEMA.md'), 'utf8');
  const at = doc.indexOf('## Seed data and demo sign-ins');
  if (at < 0) throw new Error('SCHEMA.md has no "## Seed data and demo sign-ins" section');
  const rows: SignIn[] = [];
  for (const line of doc.slice(at).split('\n')) {
    const [, email, role, organisation] = /^\|\s*`([^`]+@[^`]+)`\s*\|\s*([a-z_]+)\s*\|\s*([^|]+?)\s*\|/.exec(line) ?? [];
    if (email && role && organisation) rows.push({ email, role, organisation: organisation === '—' ? null : organisation });
  }
  return rows;
}

async function rows<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.owner.query(sql, params)).rows as T[];
}

/** The single row a query returns. */
async function one<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T> {
  const [row] = await rows<T>(sql, params);
  if (!row) throw new Error(`no row: ${sql}`);
  return row;
}

async function values(sql: string): Promise<string[]> {
  return (await rows<{ v: string }>(sql)).map((row) => row.v).sort();
}

describe('seed: organisations and people', () => {
  it('has at least three organisations, one on each subscription tier', async () => {
    expect((await one<{ n: number }>('select count(*) as n from public.organizations')).n).toBeGreaterThanOrEqual(3);
    expect(await values('select distinct subscription_tier as v from public.organizations')).toEqual(['enterprise', 'growth', 'starter']);
  });

  it('has 40+ sign-ins, each with a profile, an email identity, at least one role and the columns GoTrue needs', async () => {
    const counts = await one<Record<string, number>>(`
      select count(*) as users,
             count(p.id) as profiles,
             count(*) filter (where exists (select 1 from auth.identities i
                                              where i.user_id = u.id and i.provider = 'email' and i.provider_id = u.id::text
                                                and i.identity_data ->> 'sub' = u.id::text
                                                and i.identity_data ->> 'email' = u.email)) as identities,
             count(*) filter (where exists (select 1 from public.user_roles r where r.user_id = u.id)) as with_role,
             count(*) filter (where u.instance_id = '00000000-0000-0000-0000-000000000000' and u.aud = 'authenticated'
                                and u.role = 'authenticated' and u.email_confirmed_at is not null
                                and u.raw_app_meta_data ->> 'provider' = 'email'
                                and u.raw_user_meta_data ? 'full_name' and u.raw_user_meta_data ? 'avatar_url'
                                and u.confirmation_token = '' and u.recovery_token = ''
                                and u.email_change_token_new = '' and u.email_change = '') as gotrue_ready
      from auth.users u
      left join public.users p on p.id = u.id`);
    expect(counts.users).toBeGreaterThanOrEqual(40);
    expect(counts).toEqual({
      users: counts.users,
      profiles: counts.users,
      identities: counts.users,
      with_role: counts.users,
      gotrue_ready: counts.users,
    });
  });

  it('gives every role to someone: a platform admin, instructors, experts, org-scoped clients and users, an org admin', async () => {
    const found = await rows<{ role: string; scope: string; n: number }>(`
      select role, case when organization_id is null then 'platform' else 'org' end as scope, count(distinct user_id) as n
      from public.user_roles
      where expires_at is null or expires_at > now()
      group by 1, 2 order by 1, 2`);
    const count = (role: string, scope: string) => found.find((row) => row.role === role && row.scope === scope)?.n ?? 0;
    expect(count('admin', 'platform')).toBeGreaterThanOrEqual(1);
    expect(count('admin', 'org')).toBeGreaterThanOrEqual(1);
    expect(count('instructor', 'platform')).toBeGreaterThanOrEqual(2);
    expect(count('expert', 'platform')).toBeGreaterThanOrEqual(5);
    expect(count('client', 'org')).toBeGreaterThanOrEqual(3);
    expect(count('user', 'org')).toBeGreaterThanOrEqual(20);
  });

  it('completes the profiles the sign-up trigger created', async () => {
    const row = await one<Record<string, number>>(`
      select count(*) filter (where job_title is null or company_name is null) as incomplete,
             count(distinct status) as statuses
      from public.users`);
    expect(row).toEqual({ incomplete: 0, statuses: 3 });
  });
});

describe('seed: demo sign-ins documented in SCHEMA.md', () => {
  const signIns = documentedSignIns();

  it('documents one sign-in per role at least', () => {
    expect(new Set(signIns.map((s) => s.role))).toEqual(new Set(['admin', 'instructor', 'expert', 'client', 'user']));
  });

  it.each(signIns.map((s) => [s.email, s] as const))('%s signs in with the demo password and has its role', async (email, signIn) => {
    const user = await one<{ id: string; password_ok: boolean; bcrypt: boolean }>(
      `select id, extensions.crypt($2, encrypted_password) = encrypted_password as password_ok,
              encrypted_password like '$2a$10$%' as bcrypt
       from auth.users where email = $1`,
      [email, DEMO_PASSWORD],
    );
    expect(user, `${email} exists in auth.users`).toBeDefined();
    expect(user).toMatchObject({ password_ok: true, bcrypt: true });
    const roles = await rows<{ role: string; organisation: string | null }>(
      `select r.role, o.name as organisation from public.user_roles r
       left join public.organizations o on o.id = r.organization_id
       where r.user_id = $1 and (r.expires_at is null or r.expires_at > now())`,
      [user.id],
    );
    expect(roles).toContainEqual({ role: signIn.role, organisation: signIn.organisation });
  });

  it('a wrong password does not match', async () => {
    const row = await one<{ ok: boolean }>(
      `select extensions.crypt('HumanGlue-demo-2025!', encrypted_password) = encrypted_password as ok
       from auth.users where email = 'admin@humanglue.dev'`,
    );
    expect(row.ok).toBe(false);
  });
});

describe('seed: workshops and registrations', () => {
  it('has 12+ workshops covering every pillar, level, format and status', async () => {
    expect((await values('select id::text as v from public.workshops')).length).toBeGreaterThanOrEqual(12);
    expect(await values('select distinct pillar as v from public.workshops')).toEqual(['adaptability', 'coaching', 'marketplace']);
    expect(await values('select distinct level as v from public.workshops')).toEqual(['advanced', 'beginner', 'intermediate']);
    expect(await values('select distinct format as v from public.workshops')).toEqual(['hybrid', 'live', 'recorded']);
    expect(await values('select distinct status as v from public.workshops')).toEqual(['archived', 'cancelled', 'draft', 'published']);
  });

  it('has several published adaptability workshops with seats, and one that is full', async () => {
    const row = await one<Record<string, number>>(`
      select count(*) filter (where pillar = 'adaptability' and capacity_remaining > 0) as with_seats,
             count(*) filter (where capacity_remaining = 0) as full
      from public.workshops where status = 'published'`);
    expect(row.with_seats).toBeGreaterThanOrEqual(3);
    expect(row.full).toBeGreaterThanOrEqual(1);
  });

  it('has registrations in every status, and seats match the registrations holding them', async () => {
    expect(await values('select distinct status as v from public.workshop_registrations')).toEqual([
      'cancelled',
      'completed',
      'no_show',
      'registered',
    ]);
    const mismatched = await rows(`
      select w.title from public.workshops w
      where w.capacity_remaining <> w.capacity_total - (select count(*) from public.workshop_registrations r
                                                        where r.workshop_id = w.id and r.status <> 'cancelled')`);
    expect(mismatched).toEqual([]);
  });

  it('links paid registrations to their payments and completed ones to their certificates', async () => {
    const row = await one<Record<string, number>>(`
      select count(*) filter (where r.price_paid > 0 and p.id is null) as paid_without_payment,
             count(*) filter (where p.id is not null and (p.user_id <> r.user_id or p.related_entity_id <> r.workshop_id)) as wrong_payment,
             count(*) filter (where r.status = 'completed' and c.id is null) as completed_without_certificate,
             count(*) filter (where c.id is not null and (c.user_id <> r.user_id or c.workshop_id <> r.workshop_id)) as wrong_certificate,
             count(*) filter (where r.status = 'cancelled' and r.cancelled_at is null) as cancelled_without_date
      from public.workshop_registrations r
      left join public.payments p on p.id = r.payment_id
      left join public.certificates c on c.id = r.certificate_id`);
    expect(row).toEqual({
      paid_without_payment: 0,
      wrong_payment: 0,
      completed_without_certificate: 0,
      wrong_certificate: 0,
      cancelled_without_date: 0,
    });
  });
});

describe('seed: assessments', () => {
  it('has 200+ completed assessments spread over the last 18 months and at least three organisations', async () => {
    const row = await one<Record<string, number | boolean>>(`
      select count(*) as completed,
             count(distinct date_trunc('month', completed_at)) as months,
             count(distinct organization_id) as organisations,
             bool_and(completed_at >= date_trunc('month', now()) - interval '17 months' and completed_at <= now()) as recent,
             bool_and(overall_score is not null) as scored
      from public.assessments where status = 'completed'`);
    expect(row.completed).toBeGreaterThanOrEqual(200);
    expect(row.months).toBeGreaterThanOrEqual(18);
    expect(row.organisations).toBeGreaterThanOrEqual(3);
    expect(row).toMatchObject({ recent: true, scored: true });
  });

  it('has assessments still in progress and abandoned ones', async () => {
    expect(await values('select distinct status as v from public.assessments')).toEqual(['abandoned', 'completed', 'in_progress']);
  });

  it('scores come from the answers: each dimension is the weighted mean of its answers', async () => {
    const row = await one<Record<string, number>>(`
      select count(distinct a.id) as with_answers,
             count(*) filter (where s.score is distinct from case s.dimension
                                when 'individual' then a.individual_score when 'leadership' then a.leadership_score
                                when 'cultural' then a.cultural_score when 'embedding' then a.embedding_score
                                else a.velocity_score end) as mismatched
      from public.assessments a
      join (select assessment_id, dimension,
                   round(sum(answer_value * question_weight) / sum(question_weight))::integer as score
            from public.assessment_answers where answer_value is not null
            group by 1, 2) as s on s.assessment_id = a.id`);
    expect(row.with_answers).toBeGreaterThanOrEqual(50);
    expect(row.mismatched).toBe(0);
  });

  it('shows an upward trend: each organisation scores higher in the latest quarter than 15-18 months ago', async () => {
    const trend = await rows<{ name: string; early: number; late: number }>(`
      select o.name,
             avg(a.overall_score) filter (where a.completed_at < date_trunc('month', now()) - interval '14 months') as early,
             avg(a.overall_score) filter (where a.completed_at >= date_trunc('month', now()) - interval '2 months') as late
      from public.assessments a join public.organizations o on o.id = a.organization_id
      where a.status = 'completed'
      group by o.name
      having count(*) filter (where a.completed_at < date_trunc('month', now()) - interval '14 months') > 0`);
    expect(trend.length).toBeGreaterThanOrEqual(3);
    for (const org of trend) expect(org.late, org.name).toBeGreaterThan(org.early);
  });

  it('gives get_org_adaptability_trend six months of data for an organisation, seen by its org admin', async () => {
    const months = await db.asUser(
      '00000002-0000-4000-8000-000000000013',
      async (q) => (await q.query(`select * from public.get_org_adaptability_trend('00000001-0000-4000-8000-000000000001', 6)`)).rows,
    );
    expect(months).toHaveLength(6);
  });
});

describe('seed: marketplace', () => {
  it("the document's talent search (rating >= 4.5, AI Adoption or Change Management) finds public experts", async () => {
    const found = await rows<{ full_name: string }>(`
      select u.full_name from public.talent_profiles tp join public.users u on tp.user_id = u.id
      where tp.is_public and tp.accepting_clients and tp.expertise && array['AI Adoption', 'Change Management']
        and tp.rating >= 4.5`);
    expect(found.length).toBeGreaterThanOrEqual(2);
  });

  it('expert ratings are what the triggers derive from engagements and approved reviews', async () => {
    const drift = await rows(`
      select tp.user_id, tp.rating, expected.rating as expected
      from public.talent_profiles tp
      cross join lateral (
        select coalesce(round(avg(score), 2), 0) as rating from (
          select client_satisfaction_score as score from public.engagements
           where expert_id = tp.user_id and status = 'completed' and client_satisfaction_score is not null
          union all
          select rating from public.reviews
           where review_type = 'expert' and expert_id = tp.user_id and status = 'approved') as signals
      ) as expected
      where tp.rating <> expected.rating`);
    expect(drift).toEqual([]);
  });

  it('has testimonials, some verified and featured', async () => {
    const row = await one<Record<string, number>>(`
      select count(*) as n, count(*) filter (where verified) as verified, count(*) filter (where is_featured) as featured
      from public.talent_testimonials`);
    expect(row.n).toBeGreaterThanOrEqual(5);
    expect(row.verified).toBeGreaterThan(0);
    expect(row.featured).toBeGreaterThan(0);
  });

  it('has engagements in every status with sessions, hours within budget, satisfaction scores on some', async () => {
    expect(await values('select distinct status as v from public.engagements')).toEqual([
      'active',
      'cancelled',
      'completed',
      'paused',
      'pending',
    ]);
    const row = await one<Record<string, number>>(`
      select count(*) filter (where e.hours_used <> coalesce((select sum(duration_hours) from public.engagement_sessions s
                                                               where s.engagement_id = e.id and s.status = 'completed'), 0)) as hours_drift,
             count(*) filter (where not exists (select 1 from public.engagement_sessions s where s.engagement_id = e.id)) as without_sessions,
             count(*) filter (where e.client_satisfaction_score is not null) as rated
      from public.engagements e`);
    expect(row).toMatchObject({ hours_drift: 0, without_sessions: 0 });
    expect(row.rated).toBeGreaterThan(0);
    expect(await values('select distinct status as v from public.engagement_sessions')).toEqual([
      'cancelled',
      'completed',
      'no_show',
      'scheduled',
    ]);
  });
});

describe('seed: payments, certificates, reviews', () => {
  it('has payments for every provider in every status, and of every type', async () => {
    const combos = await values(`select distinct provider || ':' || status as v from public.payments`);
    const expected = ['manual', 'paypal', 'stripe'].flatMap((provider) =>
      ['failed', 'partially_refunded', 'pending', 'refunded', 'succeeded'].map((status) => `${provider}:${status}`),
    );
    expect(combos).toEqual(expected.sort());
    expect(await values('select distinct payment_type as v from public.payments')).toEqual([
      'engagement',
      'other',
      'subscription',
      'workshop',
    ]);
  });

  it('gives every payment an invoice number and a transaction id; refunds carry their amount and date', async () => {
    const row = await one<Record<string, number>>(`
      select count(*) filter (where invoice_number is null or transaction_id is null) as missing,
             count(*) filter (where status = 'refunded' and (refund_amount <= 0 or refunded_at is null)) as bad_refunds
      from public.payments`);
    expect(row).toEqual({ missing: 0, bad_refunds: 0 });
  });

  it('numbers certificates CERT-{TYPE}-{YYYYMMDD}-{ID8}, for every certificate type', async () => {
    const row = await one<{ n: number; malformed: number }>(`
      select count(*) as n,
             count(*) filter (where certificate_number <> format('CERT-%s-%s-%s', upper(certificate_type),
                                                                 to_char(issue_date, 'YYYYMMDD'), upper(left(id::text, 8)))) as malformed
      from public.certificates`);
    expect(row.n).toBeGreaterThan(0);
    expect(row.malformed).toBe(0);
    expect(await values('select distinct certificate_type as v from public.certificates')).toEqual(['assessment', 'program', 'workshop']);
  });

  it('has reviews of every type in every status, with titles, some answered', async () => {
    const combos = await values(`select distinct review_type || ':' || status as v from public.reviews`);
    const expected = ['engagement', 'expert', 'workshop'].flatMap((type) =>
      ['approved', 'flagged', 'pending', 'rejected'].map((status) => `${type}:${status}`),
    );
    expect(combos).toEqual(expected.sort());
    const row = await one<Record<string, number>>(`
      select count(*) filter (where title is null) as untitled,
             count(*) filter (where response_text is not null and response_by is not null) as answered
      from public.reviews`);
    expect(row.untitled).toBe(0);
    expect(row.answered).toBeGreaterThan(0);
  });
});
