// npm run bench:db — HumanGlue Console's database API at realistic volume, beside the naive queries.
//
// Starts a fresh embedded PostgreSQL 17 tuned for a benchmark, applies the bootstrap and every migration, loads
// ≥1M reviews, payments and completed assessments (HG_BENCH_SCALE scales the volume; default 1), checks the loaded
// data against the rules the skipped triggers keep, then times each console function as a signed-in staff member
// beside the query a user would otherwise write. Prints a table and writes the run to bench/results/ (one file per
// run, kept in the repository) and, with the plans of its misses, to test-results/bench/db-bench.json.
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { startPgServer } from '../support/pg-server.js';
import { connect, type ServerInfo } from '../support/pg.js';
import { migrationFiles, repoRoot } from '../support/migrations.js';
import { buildDatabase } from '../support/supabase-cli.js';
import { NAIVE_SEARCH_SQL, SEARCH_SAMPLE_SQL, listCases, searchCases, trendCases } from './cases.js';
import { checkBenchData } from './consistency.js';
import { loadBenchData } from './loader.js';
import { failed, measureCall, measureList, measureTrend, met, ratio, type Result } from './runner.js';
import { measureReconciliation } from './reconciliation.js';
import { runStamp, writeJson } from './records.js';
import { table } from './report.js';
import { scaleFromEnv } from './volume.js';

/** Server settings for a benchmark cluster (durability off: it is thrown away). */
export const BENCH_SETTINGS: Record<string, string> = {
  shared_buffers: '2GB',
  work_mem: '64MB',
  maintenance_work_mem: '1GB',
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  max_wal_size: '8GB',
  checkpoint_timeout: '30min',
  max_parallel_maintenance_workers: '2',
  // the load ends with vacuum analyze; autovacuum waking up mid-measurement would only add noise on 2 cores.
  autovacuum: 'off',
};

/** Functions CONSOLE-API.md promises that the benchmark measures; those not yet migrated are reported missing. */
const MEASURED = [
  'list_reviews',
  'count_reviews',
  'list_payments',
  'count_payments',
  'payment_totals',
  'list_refunds',
  'count_refunds',
  'start_reconciliation',
  'add_reconciliation_rows',
  'finish_reconciliation',
  'list_reconciliation_items',
  'list_organizations',
  'org_trends',
  'list_users',
  'count_users',
  'list_audit',
  'count_audit',
  'list_platform_organizations',
  'list_workshops',
  'list_registrations',
  'list_engagements',
  'list_engagement_sessions',
  'list_talent',
  'list_testimonials',
  'list_certificates',
  'list_org_assessments',
  'search_everything',
];

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const started = performance.now();
  const scale = scaleFromEnv();
  log(`HumanGlue Console database benchmark — scale ${scale}`);
  const server = await startPgServer({ settings: BENCH_SETTINGS });
  const info: ServerInfo = { host: server.host, port: server.port, user: server.user, password: server.password };
  try {
    const admin = await connect(info, 'postgres');
    await admin.query('create database hg_bench');
    await admin.end();
    const migrations = migrationFiles();
    // As a Supabase user applies them (the CLI, as `postgres`): the API roles carry Supabase's statement_timeout,
    // which every staff call below runs under (test/support/pg.ts withClaims).
    await buildDatabase(info, 'hg_bench', { seed: false });
    log(`migrations: ${migrations.map((m) => m.name.replace(/^migrations\//, '').slice(0, 3)).join(' ')}`);

    const client = await connect(info, 'hg_bench');
    const { rows: timeout } = await client.query<{ setting: string }>(
      `select setting from pg_catalog.pg_db_role_setting s, unnest(s.setconfig) as setting
        where s.setrole = 'authenticated'::regrole and setting like 'statement_timeout=%'`,
    );
    log(`staff calls run as authenticated with ${timeout[0]?.setting ?? 'no statement_timeout (!)'} in force, as on a Supabase project`);
    // a failure ends the run through the finally below; the server stopping must not also crash on this client.
    client.on('error', () => {});
    log('loading…');
    const load = await loadBenchData(client, { scale, log, connect: () => connect(info, 'hg_bench') });
    log(`loaded in ${(load.ms / 1000).toFixed(1)} s`);
    const checks = await checkBenchData(client, load);
    const broken = checks.filter((c) => c.bad !== 0);
    for (const c of broken) log(`  INCONSISTENT: ${c.name}: ${c.bad} rows`);
    if (broken.length === 0) log(`consistency: ${checks.length} checks passed`);

    const { rows: fnRows } = await client.query<{ proname: string }>(
      `select p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'console'`,
    );
    const available = new Set(fnRows.map((r) => r.proname));
    const missing = MEASURED.filter((fn) => !available.has(fn));

    const results: Result[] = [];
    // HG_BENCH_LOAD_ONLY=1: load and check, measure nothing (for working on the loader).
    if (broken.length === 0 && !process.env.HG_BENCH_LOAD_ONLY) {
      log('measuring…');
      // HG_BENCH_ONLY=<regex>: measure only the cases whose name matches (the load and its checks stay whole).
      const only = process.env.HG_BENCH_ONLY ? new RegExp(process.env.HG_BENCH_ONLY, 'i') : null;
      const safely = async (name: string, group: Result['group'], work: () => Promise<Result | Result[]>) => {
        if (only && !only.test(name)) return;
        try {
          results.push(...[await work()].flat());
        } catch (error) {
          log(`  ${name}: FAILED ${error instanceof Error ? error.message : String(error)}`);
          results.push(failed(name, group, error));
          await client.query('rollback').catch(() => undefined);
        }
      };
      for (const c of listCases(available)) await safely(c.name, 'list', () => measureList(client, c, log));
      for (const c of trendCases(available)) await safely(c.name, 'trend', () => measureTrend(client, c, log));
      if (available.has('search_everything')) {
        const { rows } = await client.query<{ txn: string; email: string; certificate: string }>(SEARCH_SAMPLE_SQL);
        for (const c of searchCases(rows[0]!)) {
          const name = `search_everything: ${c.name}`;
          await safely(name, 'other', () =>
            measureCall(
              client,
              name,
              c.role,
              'search_everything',
              { query: c.query, limit: 5 },
              { p95Ms: 50, text: 'p95 ≤ 50 ms' },
              { sql: NAIVE_SEARCH_SQL, params: [c.query], note: "ilike '%…%' over each table's columns, 6 rows each" },
            ),
          );
        }
      }
      if (available.has('list_organizations')) {
        await safely('list_organizations', 'other', () =>
          measureCall(
            client,
            'list_organizations (picker, first 50)',
            'leadership',
            'list_organizations',
            { limit: 50 },
            { p95Ms: 25, text: 'p95 ≤ 25 ms' },
          ),
        );
      }
      if (available.has('payment_totals')) {
        const totals = `select p.currency, p.status, count(*), sum(p.amount), sum(p.refund_amount) from public.payments p`;
        const since = new Date(Date.now() - 30 * 86_400_000);
        await safely('payment_totals (all payments)', 'other', () =>
          measureCall(
            client,
            'payment_totals (all payments)',
            'finance',
            'payment_totals',
            {},
            { p95Ms: 25, text: 'p95 ≤ 25 ms' },
            { sql: `${totals} group by 1, 2`, note: 'the same group by, as the owner' },
          ),
        );
        await safely('payment_totals (last 30 days)', 'other', () =>
          measureCall(
            client,
            'payment_totals (last 30 days)',
            'finance',
            'payment_totals',
            { from: since },
            { p95Ms: 25, text: 'p95 ≤ 25 ms' },
            { sql: `${totals} where p.created_at >= $1 group by 1, 2`, params: [since], note: 'the same group by, as the owner' },
          ),
        );
      }
      if (available.has('finish_reconciliation')) {
        await safely('reconciliation', 'reconciliation', () => measureReconciliation(client, load.volume, log));
      }
    }

    const {
      rows: [pgInfo],
    } = await client.query<{ version: string; settings: Record<string, string> }>(
      `select version(), jsonb_object_agg(name, setting || coalesce(unit, '')) as settings from pg_settings
        where name = any ($1)`,
      [Object.keys(BENCH_SETTINGS).concat(['jit', 'random_page_cost', 'effective_cache_size'])],
    );
    await client.end();

    const totalMs = performance.now() - started;
    log('');
    log(table(results));
    log('');
    log('server ms = planning + execution reported by explain (analyze, timing off), run as the signed-in staff member');
    log('(naive: as the owner, no row-level security — its best case); reconciliation = client clock, end to end.');
    log('ratio = naive p50 / ours p50; the ≥ 10× list target applies to deep pages at row ≥ 100,000 (shorter lists: time only).');
    if (missing.length) log(`not measured (function not migrated yet): ${missing.join(', ')}`);
    log(
      `load ${(load.ms / 1000).toFixed(1)} s, total ${(totalMs / 1000).toFixed(1)} s; ${results.filter(met).length}/${results.length} targets met`,
    );

    const generatedAt = new Date();
    const record = {
      generatedAt: generatedAt.toISOString(),
      only: process.env.HG_BENCH_ONLY ?? null,
      machine: {
        cpu: cpus()[0]?.model ?? 'unknown',
        cores: cpus().length,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        postgres: pgInfo?.version,
        settings: pgInfo?.settings,
      },
      scale,
      volume: load.volume,
      migrations: migrations.map((m) => m.name),
      rowsLoaded: Object.fromEntries(Object.entries(load.added).map(([t, v]) => [t, v.actual])),
      loadMs: Math.round(load.ms),
      loadSteps: load.steps.map((s) => ({ name: s.name, ms: Math.round(s.ms) })),
      totalMs: Math.round(totalMs),
      consistency: checks,
      missingFunctions: missing,
      method: {
        server:
          'planning + execution time from explain (analyze, timing off, format json), in a transaction as the staff member (role authenticated + request.jwt.claims), rolled back',
        naive:
          'same filter/order on the base table, base columns only, offset N limit 50 + count(*), as the owner (no RLS); trends: date_trunc(month) group by over assessments',
        reconciliation: 'client wall clock: start + add in 20k-row chunks + finish, each its own committed transaction as the finance user',
      },
      results: results.map((r) => ({ ...r, ratio: ratio(r), met: met(r) })),
    };
    // The latest run whole (with the plans of the misses, which can be megabytes) where it is always found, and each
    // run without its plans under its own time, kept in the repository so figures can be compared over time.
    writeJson(join(repoRoot, 'test-results', 'bench', 'db-bench.json'), record);
    const runFile = join(repoRoot, 'bench', 'results', `db-bench-${runStamp(generatedAt, scale, record.only)}.json`);
    writeJson(runFile, { ...record, results: record.results.map(({ plan: _plan, ...rest }) => rest) });
    log(`results: ${runFile} (with plans: test-results/bench/db-bench.json)`);
    return broken.length > 0 || results.some((r) => r.notes.some((n) => n.startsWith('WRONG'))) ? 1 : 0;
  } finally {
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
