// After a load: is the data what the triggers and constraints would have produced row by row? The load skips
// triggers and foreign-key checks, so this recomputes everything they guard and counts the rows that differ.
// Shared by the benchmark (which refuses to measure inconsistent data) and the loader test.
import type pg from 'pg';
import type { LoadReport } from './loader.js';
import { KINDS } from './volume.js';

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
  ['public.workshop_registrations', 'workshop_id', 'public.workshops'],
  ['public.workshop_registrations', 'user_id', 'public.users'],
  ['public.workshop_registrations', 'payment_id', 'public.payments'],
  ['public.workshop_registrations', 'certificate_id', 'public.certificates'],
  ['public.certificates', 'user_id', 'public.users'],
  ['public.certificates', 'workshop_id', 'public.workshops'],
  ['public.certificates', 'assessment_id', 'public.assessments'],
  ['public.certificates', 'issued_by', 'public.users'],
  ['public.certificates', 'revoked_by', 'public.users'],
  ['public.engagement_sessions', 'engagement_id', 'public.engagements'],
  ['public.talent_testimonials', 'talent_profile_id', 'public.talent_profiles'],
  ['public.talent_testimonials', 'reviewed_by', 'public.users'],
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
  // 002's seat trigger: every seat a workshop lost is held by a registration that is not cancelled.
  await add(
    'workshops.capacity_remaining = capacity_total - seats held',
    `
    select 1 from public.workshops w
     where w.capacity_remaining <> w.capacity_total - (select count(*) from public.workshop_registrations wr
                                                        where wr.workshop_id = w.id and wr.status <> 'cancelled')`,
  );
  // 004's session trigger: hours_used = completed sessions' hours.
  await add(
    'engagements.hours_used = completed session hours',
    `
    select 1 from public.engagements e
     where e.hours_used <> coalesce((select sum(s.duration_hours) from public.engagement_sessions s
                                      where s.engagement_id = e.id and s.status = 'completed'), 0)`,
  );
  await add(
    "every registration's workshop has capacity_remaining between 0 and capacity_total",
    `
    select 1 from public.workshops w
     where w.capacity_remaining not between 0 and w.capacity_total
       and exists (select 1 from public.workshop_registrations r where r.workshop_id = w.id)`,
  );
  // 004's session trigger refuses completed hours beyond the budget.
  await add('engagements.hours_used within hours_total', `select 1 from public.engagements e where e.hours_used > e.hours_total`);
  await add(
    'completed sessions have started and ended',
    `select 1 from public.engagement_sessions s where s.status = 'completed' and (s.started_at is null or s.ended_at is null)`,
  );
  // 002: the seat trigger stamps cancelled_at on cancellation; 015 record_attendance: completion needs attendance.
  await add(
    'registrations: cancelled_at exactly when cancelled; completed ones attended, with completed_at',
    `
    select 1 from public.workshop_registrations r
     where (r.status = 'cancelled') <> (r.cancelled_at is not null)
        or (r.status = 'completed' and (not r.attended or r.completed_at is null))`,
  );
  await add(
    "a registration's certificate is its holder's, for that workshop, and the registration is completed",
    `
    select 1 from public.workshop_registrations r join public.certificates c on c.id = r.certificate_id
     where c.user_id <> r.user_id or c.workshop_id is distinct from r.workshop_id or r.status <> 'completed'`,
  );
  await add(
    "a paid registration's payment is the registrant's, for that workshop",
    `
    select 1 from public.workshop_registrations r join public.payments p on p.id = r.payment_id
     where p.user_id <> r.user_id or p.payment_type <> 'workshop' or p.related_entity_id is distinct from r.workshop_id`,
  );
  // 005's generate_certificate_number(), which the load skips: CERT-{TYPE}-{YYYYMMDD}-{first 8 hex of id, upper}.
  await add(
    "certificates.certificate_number = the 005 trigger's number",
    `
    select 1 from public.certificates c
     where c.certificate_number is distinct from
           'CERT-' || upper(c.certificate_type) || '-' || to_char(c.issue_date, 'YYYYMMDD') || '-' || upper(left(c.id::text, 8))`,
  );
  await add('certificate numbers are unique', `select 1 from public.certificates c group by c.certificate_number having count(*) > 1`);
  // 015 decide_testimonial: pending = neither verified nor rejected, never reviewed; decided ones name who and when.
  await add(
    "loaded testimonials' review state (pending, verified or rejected) is what decide_testimonial leaves",
    `
    select 1 from public.talent_testimonials x
     where x.id in (select md5('${KINDS.testimonial}:' || g)::uuid from generate_series(1, ${report.volume.testimonials}) g)
       and ((x.verified and x.rejection_reason is not null)
            or (x.verified or x.rejection_reason is not null) <> (x.reviewed_at is not null)
            or (x.reviewed_at is null) <> (x.reviewed_by is null)
            or x.updated_at < x.created_at)`,
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
  const { rows: rollups } = await q.query<{ payments: boolean }>(
    `select to_regprocedure('console_private.payment_totals_drift()') is not null as payments`,
  );
  if (rollups[0]?.payments) {
    await add('payment totals rollup = recomputation (payment_totals_drift)', `select * from console_private.payment_totals_drift()`);
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
