// npm run bench:db — HumanGlue Console's database API at realistic volume, beside the naive queries, and how its cost
// grows with the data.
//
// Starts a fresh embedded PostgreSQL 17 tuned for a benchmark. For each scale (HG_BENCH_SCALES, default 0.1 and 1:
// 100k and ≥1M reviews, payments and completed assessments; HG_BENCH_SCALE=x runs one scale) it makes a database on
// that server, applies the bootstrap and every migration, loads the volume, checks the loaded data against the rules
// the skipped triggers keep, then times each console function as a signed-in staff member beside the query a user
// would otherwise write. Prints the largest scale's table against the targets, then each case's p95 growth from the
// smallest scale to the largest, and writes the run to bench/results/ (one file per run, kept in the repository) and,
// with the plans of its misses, to test-results/bench/db-bench.json.
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { startPgServer } from '../support/pg-server.js';
import { connect, type ServerInfo } from '../support/pg.js';
import { migrationFiles, repoRoot } from '../support/migrations.js';
import { buildDatabase } from '../support/supabase-cli.js';
import { NAIVE_SEARCH_SQL, SEARCH_SAMPLE_SQL, listCases, searchCases, totalsCases, trendCases } from './cases.js';
import { checkBenchData, type Check } from './consistency.js';
import { loadBenchData, type LoadReport } from './loader.js';
import { errorText, failed, measureCall, NAIVE_SLOW_MS, measureList, measureTrend, met, ratio, type Result } from './runner.js';
import { measureReconciliation } from './reconciliation.js';
import { runStamp, writeJson } from './records.js';
import { growth, growthTable, table } from './report.js';
import { scalesFromEnv } from './volume.js';

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

/** One scale's database, loaded, checked and measured. */
interface ScaleRun {
  scale: number;
  database: string;
  load: LoadReport;
  checks: Check[];
  broken: Check[];
  available: Set<string>;
  results: Result[];
}

/** One scale's database, loaded and checked, with the connection its cases are measured on. */
type Loaded = Omit<ScaleRun, 'results'> & { client: pg.Client };

const databaseFor = (scale: number) => `hg_bench_s${String(scale).replace(/\./g, '_')}`;

async function loadScale(info: ServerInfo, scale: number): Promise<Loaded> {
  const database = databaseFor(scale);
  const admin = await connect(info, 'postgres');
  await admin.query(`create database ${database}`);
  await admin.end();
  // As a Supabase user applies them (the CLI, as `postgres`): the API roles carry Supabase's statement_timeout,
  // which every staff call below runs under (test/support/pg.ts withClaims).
  await buildDatabase(info, database, { seed: false });

  const client = await connect(info, database);
  // a failure ends the run through main's finally, which stops the server: that must not also crash on this client.
  client.on('error', () => {});
  const { rows: timeout } = await client.query<{ setting: string }>(
    `select setting from pg_catalog.pg_db_role_setting s, unnest(s.setconfig) as setting
      where s.setrole = 'authenticated'::regrole and setting like 'statement_timeout=%'`,
  );
  log(`staff calls run as authenticated with ${timeout[0]?.setting ?? 'no statement_timeout (!)'} in force, as on a Supabase project`);
  log(`loading ${database}…`);
  const load = await loadBenchData(client, { scale, log, connect: () => connect(info, database) });
  // the load leaves gigabytes of dirty pages at full volume: flushed now, not by a checkpoint during the timings.
  await client.query('checkpoint');
  log(`loaded in ${(load.ms / 1000).toFixed(1)} s`);
  const checks = await checkBenchData(client, load);
  const broken = checks.filter((c) => c.bad !== 0);
  for (const c of broken) log(`  INCONSISTENT: ${c.name}: ${c.bad} rows`);
  if (broken.length === 0) log(`consistency: ${checks.length} checks passed`);

  const { rows: fnRows } = await client.query<{ proname: string }>(
    `select p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'console'`,
  );
  return { scale, database, client, load, checks, broken, available: new Set(fnRows.map((r) => r.proname)) };
}

/**
 * Every case cases.ts and reconciliation.ts define, each measured at every scale in turn (smallest first) on that
 * scale's warm connection; results per scale, in the order given. A case that fails is reported, not fatal.
 */
async function measureAll(scales: Loaded[]): Promise<Result[][]> {
  log('measuring…');
  const results = scales.map((): Result[] => []);
  // every database has the same migrations, so the same functions.
  const available = scales.at(-1)!.available;
  const say = (s: Loaded) => (scales.length > 1 ? (line: string) => log(`  [${s.scale}]${line}`) : log);
  // HG_BENCH_ONLY=<regex>: measure only the cases whose name matches (the load and its checks stay whole).
  const only = process.env.HG_BENCH_ONLY ? new RegExp(process.env.HG_BENCH_ONLY, 'i') : null;
  const safely = async (
    name: string,
    group: Result['group'],
    work: (client: pg.Client, log: (line: string) => void, s: Loaded, index: number) => Promise<Result | Result[]>,
  ) => {
    if (only && !only.test(name)) return;
    for (const [index, s] of scales.entries()) {
      try {
        results[index]!.push(...[await work(s.client, say(s), s, index)].flat());
      } catch (error) {
        say(s)(`  ${name}: FAILED ${errorText(error)}`);
        results[index]!.push(failed(name, group, error));
        await s.client.query('rollback').catch(() => undefined);
      }
    }
  };
  for (const c of listCases(available)) await safely(c.name, 'list', (client, log) => measureList(client, c, log));
  for (const c of trendCases(available)) await safely(c.name, 'trend', (client, log) => measureTrend(client, c, log));
  if (available.has('search_everything')) {
    // the sample (a stripe id, an email, a certificate number) is each database's own; the cases line up by position.
    const perScale: ReturnType<typeof searchCases>[] = [];
    for (const s of scales) {
      const { rows } = await s.client.query<{ txn: string; email: string; certificate: string }>(SEARCH_SAMPLE_SQL);
      perScale.push(searchCases(rows[0]!));
    }
    for (const [i, { name: caseName }] of perScale[0]!.entries()) {
      const name = `search_everything: ${caseName}`;
      await safely(name, 'other', (client, _log, _s, index) => {
        const c = perScale[index]![i]!;
        return measureCall(
          client,
          name,
          c.role,
          'search_everything',
          { query: c.query, limit: 5 },
          { p95Ms: 50, text: 'p95 ≤ 50 ms' },
          { sql: NAIVE_SEARCH_SQL, params: [c.query], note: "ilike '%…%' over each table's columns, 6 rows each" },
        );
      });
    }
  }
  if (available.has('list_organizations')) {
    await safely('list_organizations', 'other', (client) =>
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
    for (const c of totalsCases()) {
      const name = `payment_totals (${c.name})`;
      await safely(name, 'other', (client) =>
        measureCall(
          client,
          name,
          'finance',
          'payment_totals',
          c.args,
          { p95Ms: 25, text: 'p95 ≤ 25 ms' },
          {
            sql: `select p.currency, p.status, count(*), sum(p.amount), sum(p.refund_amount) from public.payments p
                 where ${c.where} group by 1, 2`,
            params: c.params,
            note: 'the same group by, as the owner',
          },
        ),
      );
    }
  }
  if (available.has('finish_reconciliation')) {
    await safely('reconciliation', 'reconciliation', (client, log, s) => measureReconciliation(client, s.load.volume, log));
  }
  return results;
}

/**
 * One database per scale on the server, all loaded and checked first (smallest first, so a broken load shows within
 * minutes), then each case measured at every scale in turn. A load keeps both cores busy, so no load runs during a
 * measurement either way; measuring the scales of one case seconds apart, rather than a whole scale before the next
 * load, keeps whatever else the machine does meanwhile out of the ratio between them. The checkpoint after each load
 * and each case's warm-up calls cover what the large load leaves behind (dirty pages, a cache full of its own data).
 */
async function benchScales(info: ServerInfo, scales: number[]): Promise<ScaleRun[]> {
  const loaded: Loaded[] = [];
  try {
    for (const scale of scales) {
      if (scales.length > 1) log(`\n— scale ${scale} —`);
      loaded.push(await loadScale(info, scale));
    }
    const measurable = loaded.filter((l) => l.broken.length === 0);
    // HG_BENCH_LOAD_ONLY=1: load and check, measure nothing (for working on the loader).
    const measured = measurable.length && !process.env.HG_BENCH_LOAD_ONLY ? await measureAll(measurable) : [];
    return loaded.map(({ client: _client, ...l }, i) => ({ ...l, results: measured[measurable.indexOf(loaded[i]!)] ?? [] }));
  } finally {
    for (const l of loaded) await l.client.end().catch(() => undefined);
  }
}

async function main(): Promise<number> {
  const started = performance.now();
  const scales = scalesFromEnv();
  const largest = scales.at(-1)!;
  log(`HumanGlue Console database benchmark — scale${scales.length > 1 ? 's' : ''} ${scales.join(', ')}`);
  const server = await startPgServer({ settings: BENCH_SETTINGS });
  const info: ServerInfo = { host: server.host, port: server.port, user: server.user, password: server.password };
  try {
    const migrations = migrationFiles();
    log(`migrations: ${migrations.map((m) => m.name.replace(/^migrations\//, '').slice(0, 3)).join(' ')}`);
    const runs = await benchScales(info, scales);
    const large = runs.at(-1)!;
    const missing = MEASURED.filter((fn) => !large.available.has(fn));

    const pgClient = await connect(info, large.database);
    const {
      rows: [pgInfo],
    } = await pgClient.query<{ version: string; settings: Record<string, string> }>(
      `select version(), jsonb_object_agg(name, setting || coalesce(unit, '')) as settings from pg_settings
        where name = any ($1)`,
      [Object.keys(BENCH_SETTINGS).concat(['jit', 'random_page_cost', 'effective_cache_size'])],
    );
    await pgClient.end();

    const totalMs = performance.now() - started;
    const growthRows = runs.length > 1 ? growth(runs.map((r) => ({ scale: r.scale, results: r.results }))) : [];
    log('');
    if (runs.length > 1) log(`scale ${largest}:`);
    log(table(large.results));
    log('');
    log('server ms = planning + execution reported by explain (analyze, timing off), run as the signed-in staff member');
    log('(naive: as the owner, no row-level security — its best case); reconciliation = client clock, end to end.');
    log(
      `ratio = naive p50 / ours p50; a ratio target applies where the naive query takes ≥ ${NAIVE_SLOW_MS} ms, and the ≥ 10× list target to deep pages at row ≥ 100,000 (shorter lists: time only).`,
    );
    if (growthRows.length) {
      const factor = largest / scales[0]!;
      log('');
      log(`how cost grows — p95 at scale ${largest} ÷ p95 at scale ${scales[0]} (${Number(factor.toFixed(2))}× the rows):`);
      log(growthTable(scales, growthRows));
      log('verdict: ≤ 1.5× ok (what keyset pages and indexed searches should do), ≤ 3× watch, above 3× design problem');
      log('(explain or fix). naive growth: what a cost that follows the data looks like. Reconciliation imports a file');
      log('sized to the volume, so it is judged per imported row.');
      if (growthRows.some((g) => g.p95Only))
        log('* p50 grew ≤ 1.5×: likely a stall in one p95 sample, not the design — rerun with HG_BENCH_ONLY=<case> first.');
      const counts = (['ok', 'watch', 'design problem'] as const).map((v) => `${growthRows.filter((g) => g.verdict === v).length} ${v}`);
      log(`growth: ${counts.join(', ')}`);
    }
    if (missing.length) log(`not measured (function not migrated yet): ${missing.join(', ')}`);
    const loads = runs.map((r) => `${(r.load.ms / 1000).toFixed(1)} s${runs.length > 1 ? ` (scale ${r.scale})` : ''}`).join(', ');
    log(`load ${loads}, total ${(totalMs / 1000).toFixed(1)} s; ${large.results.filter(met).length}/${large.results.length} targets met`);

    const generatedAt = new Date();
    const perScale = (r: ScaleRun) => ({
      scale: r.scale,
      database: r.database,
      volume: r.load.volume,
      rowsLoaded: Object.fromEntries(Object.entries(r.load.added).map(([t, v]) => [t, v.actual])),
      loadMs: Math.round(r.load.ms),
      loadSteps: r.load.steps.map((s) => ({ name: s.name, ms: Math.round(s.ms) })),
      consistency: r.checks,
      results: r.results.map((x) => ({ ...x, ratio: ratio(x), met: met(x) })),
    });
    // The largest scale's run stays at the top level, as in records from before the growth comparison, so runs compare
    // over time; the smaller scales and the growth table sit beside it.
    const { scale: _scale, database: _database, ...top } = perScale(large);
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
      scale: largest,
      scales,
      migrations: migrations.map((m) => m.name),
      totalMs: Math.round(totalMs),
      missingFunctions: missing,
      method: {
        server:
          'planning + execution time from explain (analyze, timing off, format json), in a transaction as the staff member (role authenticated + request.jwt.claims), rolled back',
        naive:
          'same filter/order on the base table, base columns only, offset N limit 50 + count(*), as the owner (no RLS); trends: date_trunc(month) group by over assessments',
        reconciliation: 'client wall clock: start + add in 20k-row chunks + finish, each its own committed transaction as the finance user',
        growth:
          'p95 at the largest scale / p95 at the smallest, cases paired by name with numbers masked; ≤ 1.5 ok, ≤ 3 watch, > 3 design problem; reconciliation per imported row (its file is sized to the volume)',
        scales:
          'one database per scale on the same server, all loaded and checked first (checkpoint after each load), then each case measured at every scale in turn, smallest first',
      },
      ...top,
      smallerScales: runs.slice(0, -1).map(perScale),
      growth: growthRows,
    };
    const withoutPlans = <T extends { plan?: string }>(results: T[]) => results.map(({ plan: _plan, ...rest }) => rest);
    // The latest run whole (with the plans of the misses, which can be megabytes) where it is always found, and each
    // run without its plans under its own time, kept in the repository so figures can be compared over time.
    writeJson(join(repoRoot, 'test-results', 'bench', 'db-bench.json'), record);
    const runFile = join(repoRoot, 'bench', 'results', `db-bench-${runStamp(generatedAt, scales, record.only)}.json`);
    writeJson(runFile, {
      ...record,
      results: withoutPlans(record.results),
      smallerScales: record.smallerScales.map((s) => ({ ...s, results: withoutPlans(s.results) })),
    });
    log(`results: ${runFile} (with plans: test-results/bench/db-bench.json)`);

    // HG_BENCH_HOLD=1: keep the server up with the largest scale's database (for EXPLAIN by hand) until the process
    // is stopped; the smaller scales' databases stay on it too.
    if (process.env.HG_BENCH_HOLD) {
      writeJson(join(repoRoot, 'test-results', 'bench', 'held.json'), { ...info, database: large.database });
      const others = runs.slice(0, -1).map((r) => r.database);
      log(
        `holding: postgres://${info.user}:${info.password}@${info.host}:${info.port}/${large.database}${others.length ? ` (also ${others.join(', ')})` : ''} (stop with SIGTERM)`,
      );
      await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
    }
    const wrong = runs.some((r) => r.broken.length > 0 || r.results.some((x) => x.notes.some((n) => n.startsWith('WRONG'))));
    return wrong ? 1 : 0;
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
