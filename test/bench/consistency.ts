// After a load: is the data what the triggers and constraints would have produced row by row? The load skips
// triggers and foreign-key checks, so this recomputes everything they guard and counts the rows that differ.
// Shared by the benchmark (which refuses to measure inconsistent data) and the loader test.
import type pg from 'pg';
import type { LoadReport } from './loader.js';

export interface Check {
  name: string;
  /** Rows that break the rule; 0 is consistent. */
  bad: number;
}

type Q = Pick<pg.Client, 'query'>;

async function count(q: Q, sql: string): Promise<number> {
  const { rows } = await q.query<{ n: string | number }>(`select count(*) as n from (${sql}) s`);
  return Number(rows[0]!.n);
}

/** Foreign keys the load did not check: child column → parent table. */
const REFERENCES: [string, string, string][] = [
  ['public.users', 'id', 'auth.users'],
  ['public.user_roles', 'user_id', 'public.users'],
  ['public.user_roles', 'organization_id', 'public.organizations'],
  ['public.workshops', 'instructor_id', 'public.users'],
  ['public.talent_profiles', 'user_id', 'public.users'],
  ['public.engagements', 'client_id', 'public.users'],
  ['public.engagements', 'expert_id', 'public.users'],
  ['public.reviews', 'user_id', 'public.users'],
  ['public.reviews', 'workshop_id', 'public.workshops'],
  ['public.reviews', 'expert_id', 'public.users'],
  ['public.reviews', 'engagement_id', 'public.engagements'],
  ['public.reviews', 'response_by', 'public.users'],
  ['public.payments', 'user_id', 'public.users'],
  ['public.payments', 'organization_id', 'public.organizations'],
  ['public.assessments', 'user_id', 'public.users'],
  ['public.assessments', 'organization_id', 'public.organizations'],
];

export async function checkBenchData(q: Q, report: LoadReport): Promise<Check[]> {
  const checks: Check[] = [];
  const add = async (name: string, sql: string) => checks.push({ name, bad: await count(q, sql) });

  for (const [table, { expected, actual }] of Object.entries(report.added)) {
    checks.push({ name: `${table}: ${expected} rows loaded`, bad: Math.abs(expected - actual) });
  }
  for (const [child, column, parent] of REFERENCES) {
    await add(
      `${child}.${column} → ${parent}`,
      `select 1 from ${child} c where c.${column} is not null and not exists (select 1 from ${parent} p where p.id = c.${column})`,
    );
  }
  const missing = report.indexes.map((index) => index.name);
  checks.push({
    name: `${missing.length} secondary indexes rebuilt and valid`,
    bad:
      missing.length -
      (await count(q, `select 1 from pg_index i where i.indexrelid::regclass::text = any ('{${missing.join(',')}}') and i.indisvalid`)),
  });

  // 005 review_ratings(): approved workshop reviews, 2 decimals, 0 when none.
  await add(
    'workshops.average_rating / review_count = recomputation',
    `
    select 1 from public.workshops w
      left join lateral (select round(avg(r.rating), 2) as a, count(*)::integer as n from public.reviews r
                          where r.workshop_id = w.id and r.review_type = 'workshop' and r.status = 'approved') s on true
     where (w.average_rating, w.review_count) is distinct from (coalesce(s.a, 0), s.n)`,
  );
  // 004/005: the schema's own formula.
  await add(
    'talent_profiles.rating / review_count = expert_rating_signals',
    `
    select 1 from public.talent_profiles tp cross join lateral public.expert_rating_signals(tp.user_id) s
     where (tp.rating, tp.review_count) is distinct from (s.rating, s.review_count)`,
  );
  // 002: no registrations are loaded, so every seat a workshop lost is held by a registration.
  await add(
    'workshops.capacity_remaining = capacity_total - seats held',
    `
    select 1 from public.workshops w
     where w.capacity_remaining <> w.capacity_total - (select count(*) from public.workshop_registrations wr
                                                        where wr.workshop_id = w.id and wr.status <> 'cancelled')`,
  );
  // 004: hours_used = completed sessions' hours (no sessions are loaded).
  await add(
    'engagements.hours_used = completed session hours',
    `
    select 1 from public.engagements e
     where e.hours_used <> coalesce((select sum(s.duration_hours) from public.engagement_sessions s
                                      where s.engagement_id = e.id and s.status = 'completed'), 0)`,
  );
  await add(
    "engagement reviews are written by the engagement's client",
    `
    select 1 from public.reviews r join public.engagements e on e.id = r.engagement_id
     where r.review_type = 'engagement' and r.user_id <> e.client_id and r.id in (select md5('hgb-review:' || g)::uuid from generate_series(1, ${report.volume.reviews}) g)`,
  );
  await add(
    'assessments are filed by members of their organisation',
    `
    select 1 from public.assessments a
     where a.organization_id is not null
       and not exists (select 1 from public.user_roles ur where ur.user_id = a.user_id and ur.organization_id = a.organization_id)`,
  );
  if (report.features.refunds) {
    await add('payments.refund_amount / status / refunded_at = the refund ledger', refundDriftSql());
  }
  if (report.features.rollup) {
    await add(
      'console.assessment_monthly = recomputation (assessment_monthly_drift)',
      `select * from console_private.assessment_monthly_drift()`,
    );
  }
  return checks;
}

/** Payments whose derived refund columns differ from what the 008 ledger trigger would keep. */
export function refundDriftSql(): string {
  return `
    select 1 from public.payments p
      left join lateral (select sum(r.amount) filter (where r.status = 'succeeded') as refunded
                           from public.payment_refunds r where r.payment_id = p.id) s on true
     where p.refund_amount <> coalesce(s.refunded, 0)
        or (coalesce(s.refunded, 0) = p.amount and p.status <> 'refunded')
        or (coalesce(s.refunded, 0) > 0 and coalesce(s.refunded, 0) < p.amount and p.status <> 'partially_refunded')`;
}
