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

  it('leaves data equal to what the triggers and foreign keys would have kept', async () => {
    const checks = await checkBenchData(db.owner, report);
    expect(checks.filter((c) => c.bad !== 0)).toEqual([]);
    expect(checks.length).toBeGreaterThan(20);
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
    expect(rows.map((r) => r.role)).toEqual(['admin', 'finance', 'finance', 'leadership', 'moderator']);
  });
});
