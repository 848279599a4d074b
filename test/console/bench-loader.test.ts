// The benchmark's loader (test/bench), run at a tiny scale on a clone of the test template: the data it loads with
// triggers and foreign-key checks off must be what the triggers and constraints would have produced, so that
// `npm run bench:db` measures a consistent database and the loader cannot silently rot as migrations change.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db.js';
import { checkBenchData } from '../bench/consistency.js';
import { loadBenchData, loadedTables, type LoadReport } from '../bench/loader.js';
import { consoleCallSql, explainAs } from '../bench/measure.js';
import { BENCH_STAFF } from '../bench/volume.js';

const db = useTestDatabase();

let report: LoadReport;
let indexesBefore: string[];
let triggersBefore: string[];

const indexDefinitions = async () =>
  (
    await db.owner.query<{ def: string }>(
      `select pg_get_indexdef(i.indexrelid) as def from pg_index i where i.indrelid = any ($1::regclass[]) order by 1`,
      [loadedTables(report?.features ?? { refunds: true, rollup: true })],
    )
  ).rows.map((r) => r.def);

const triggerStates = async () =>
  (
    await db.owner.query<{ t: string }>(
      `select tgrelid::regclass::text || '.' || tgname || '=' || tgenabled::text as t from pg_trigger where not tgisinternal order by 1`,
    )
  ).rows.map((r) => r.t);

beforeAll(async () => {
  indexesBefore = await indexDefinitions();
  triggersBefore = await triggerStates();
  report = await loadBenchData(db.owner, { scale: 0.001, vacuum: false, connect: () => db.connection() });
}, 60_000);

describe('benchmark loader at a tiny scale', () => {
  it('loads every table it plans, with rows in the refund ledger and the trend rollup', async () => {
    for (const [table, { expected, actual }] of Object.entries(report.added)) expect(actual, table).toBe(expected);
    expect(report.added['public.reviews']?.actual).toBeGreaterThan(0);
    if (report.features.refunds) {
      const { rows } = await db.owner.query<{ full: number; partial: number }>(
        `select count(*) filter (where status = 'refunded')::int as full, count(*) filter (where status = 'partially_refunded')::int as partial
           from public.payments where invoice_number like 'HGB-%'`,
      );
      expect(rows[0]!.full).toBeGreaterThan(0);
      expect(rows[0]!.partial).toBeGreaterThan(0);
    }
    if (report.features.rollup) {
      const { rows } = await db.owner.query<{ n: number }>(
        `select count(*)::int as n from console.assessment_monthly m join public.organizations o on o.id = m.organization_id
          where o.slug like 'bench-org-%'`,
      );
      expect(rows[0]!.n).toBeGreaterThan(0);
    }
  });

  it("loads the platform's tables (015's lists) in every state the console shows", async () => {
    const { rows } = await db.owner.query<{ kind: string; state: string }>(
      `with registrations as (select * from public.workshop_registrations
                               where id in (select md5('hgb-registration:' || g)::uuid from generate_series(1, $1::int) g))
       select 'registration' as kind, status as state from registrations
       union select 'certificate', certificate_type from public.certificates
        where id in (select certificate_id from registrations)
           or assessment_id in (select md5('hgb-assessment:' || g)::uuid from generate_series(1, $2::int) g)
       union select 'session', status from public.engagement_sessions
        where id in (select md5('hgb-session:' || g)::uuid from generate_series(1, $3::int) g)
       union select 'testimonial', case when verified then 'verified' when rejection_reason is not null then 'rejected' else 'pending' end
         from public.talent_testimonials
        where id in (select md5('hgb-testimonial:' || g)::uuid from generate_series(1, $4::int) g)
       order by 1, 2`,
      [report.volume.registrations, report.volume.completedAssessments, report.volume.sessions, report.volume.testimonials],
    );
    const states = rows.map((r) => `${r.kind}:${r.state}`);
    for (const state of ['registered', 'completed', 'cancelled']) expect(states).toContain(`registration:${state}`);
    for (const type of ['workshop', 'assessment']) expect(states).toContain(`certificate:${type}`);
    for (const state of ['scheduled', 'completed', 'cancelled']) expect(states).toContain(`session:${state}`);
    for (const state of ['pending', 'verified', 'rejected']) expect(states).toContain(`testimonial:${state}`);
    expect(report.added['public.certificates']?.actual).toBe(report.volume.certificates);

    // the seat trigger's and the certificate trigger's invariants, which the load had to keep by itself.
    const { rows: bad } = await db.owner.query<{ seats: number; numbers: number; duplicates: number; over_budget: number }>(
      `select (select count(*)::int from public.workshop_registrations r join public.workshops w on w.id = r.workshop_id
                where w.capacity_remaining not between 0 and w.capacity_total) as seats,
              (select count(*)::int from public.certificates c
                where c.certificate_number !~ '^CERT-(WORKSHOP|PROGRAM|ASSESSMENT)-[0-9]{8}-[0-9A-F]{8}$'
                   or c.certificate_number <> 'CERT-' || upper(c.certificate_type) || '-' || to_char(c.issue_date, 'YYYYMMDD')
                                               || '-' || upper(left(c.id::text, 8))) as numbers,
              (select count(*)::int - count(distinct certificate_number)::int from public.certificates) as duplicates,
              (select count(*)::int from public.engagements e where e.hours_used > e.hours_total) as over_budget`,
    );
    expect(bad[0]).toEqual({ seats: 0, numbers: 0, duplicates: 0, over_budget: 0 });
  });

  it('leaves data equal to what the triggers and foreign keys would have kept', async () => {
    const checks = await checkBenchData(db.owner, report);
    expect(checks.filter((c) => c.bad !== 0)).toEqual([]);
    expect(checks.length).toBeGreaterThan(40);
  });

  it('restores every index it dropped and every trigger it switched', async () => {
    expect(await indexDefinitions()).toEqual(indexesBefore);
    expect(await triggerStates()).toEqual(triggersBefore);
  });

  it('gives the benchmark staff their console access', async () => {
    const call = await consoleCallSql('list_users', { limit: 50 });
    const { sample } = await explainAs(db.owner, { userId: BENCH_STAFF.admin }, call.sql, call.params);
    expect(sample.serverMs).toBeGreaterThan(0);
    const { rows } = await db.owner.query<{ role: string }>(
      `select role from public.user_roles where user_id = any ($1::uuid[]) order by role`,
      [Object.values(BENCH_STAFF)],
    );
    expect(rows.map((r) => r.role)).toEqual(['admin', 'finance', 'finance', 'leadership', 'moderator', 'support']);
    const support = await consoleCallSql('list_certificates', { limit: 50 });
    const { sample: asSupport } = await explainAs(db.owner, { userId: BENCH_STAFF.support }, support.sql, support.params);
    expect(asSupport.serverMs).toBeGreaterThan(0);
  });
});
