// Fills a migrated database at benchmark volume, fast: set-based inserts with per-row triggers and foreign-key
// checks off (session_replication_role = replica), secondary indexes dropped during the load and rebuilt once at the
// end, the trigger-derived data rebuilt set-based, then vacuum and analyse. With a second connection the bulk steps,
// the index builds and the vacuum run on two lanes side by side. Used by `npm run bench:db` at scale 1 and by
// test/console/bench-loader.test.ts at a tiny scale.
import type pg from 'pg';
import { derivedSteps } from './derived.js';
import { HELPERS, planSteps, type Features, type Step } from './load-steps.js';
import { volumeFor, type Volume } from './volume.js';

export interface StepTime {
  name: string;
  ms: number;
}

export interface LoadReport {
  volume: Volume;
  features: Features;
  ms: number;
  steps: StepTime[];
  /** Rows each table gained, and what the plan expected. */
  added: Record<string, { expected: number; actual: number }>;
  /** Secondary indexes dropped for the load; all were rebuilt from their definitions. */
  indexes: { name: string; definition: string }[];
}

export interface LoadOptions {
  scale: number;
  log?: (line: string) => void;
  /** vacuum (analyze) afterwards (default); false only analyses. */
  vacuum?: boolean;
  /** A second connection to the same database: bulk work then runs on two lanes. The loader closes it. */
  connect?: () => Promise<pg.Client>;
}

type Q = Pick<pg.Client, 'query'>;

export async function detectFeatures(q: Q): Promise<Features> {
  const { rows } = await q.query<{ refunds: boolean; rollup: boolean }>(
    `select to_regclass('public.payment_refunds') is not null as refunds,
            to_regclass('console.assessment_monthly') is not null as rollup`,
  );
  return rows[0]!;
}

/** The tables the load writes, and whose secondary indexes are rebuilt in bulk. */
export function loadedTables(features: Features): string[] {
  return [
    'public.organizations',
    'auth.users',
    'public.users',
    'public.user_roles',
    'public.workshops',
    'public.talent_profiles',
    'public.engagements',
    'public.workshop_registrations',
    'public.engagement_sessions',
    'public.talent_testimonials',
    'public.certificates',
    'public.reviews',
    'public.payments',
    ...(features.refunds ? ['public.payment_refunds'] : []),
    'public.assessments',
    'console.audit_log',
    ...(features.rollup ? ['console.assessment_monthly'] : []),
  ];
}

async function rowCounts(q: Q, tables: string[]): Promise<Record<string, number>> {
  const { rows } = await q.query<{ counts: Record<string, number> }>(
    `select jsonb_object_agg(t, n) as counts from (${tables
      .map((table) => `select '${table}' as t, (select count(*) from ${table}) as n`)
      .join(' union all ')}) s`,
  );
  return rows[0]!.counts;
}

interface Index {
  name: string;
  definition: string;
  /** Size of its table (bytes) after the load: how lanes share the builds. */
  table: string;
}

/** Indexes that back no constraint: safe to drop during the load and rebuild from their definition. */
async function secondaryIndexes(q: Q, tables: string[]): Promise<Index[]> {
  const { rows } = await q.query<Index>(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition,
            i.indrelid::regclass::text as table
       from pg_index i
      where i.indrelid = any ($1::regclass[])
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
      order by 1`,
    [tables],
  );
  return rows;
}

/** Splits work between lanes, heaviest first to the least loaded lane. */
function share<T>(items: T[], weight: (item: T) => number, lanes: number): T[][] {
  const out: T[][] = Array.from({ length: lanes }, () => []);
  const load = new Array<number>(lanes).fill(0);
  for (const item of [...items].sort((a, b) => weight(b) - weight(a))) {
    const lane = load.indexOf(Math.min(...load));
    out[lane]!.push(item);
    load[lane]! += weight(item);
  }
  return out;
}

export async function loadBenchData(client: pg.Client, options: LoadOptions): Promise<LoadReport> {
  const log = options.log ?? (() => {});
  const volume = volumeFor(options.scale);
  const features = await detectFeatures(client);
  const tables = loadedTables(features);
  const steps: StepTime[] = [];
  const started = performance.now();
  const lanes: pg.Client[] = [client];

  const timed = async (q: Q, name: string, sql: string) => {
    const t0 = performance.now();
    try {
      await q.query(sql);
    } catch (error) {
      throw new Error(`bench load step "${name}" failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const ms = performance.now() - t0;
    steps.push({ name, ms });
    log(`  ${name.padEnd(36)} ${(ms / 1000).toFixed(1).padStart(6)} s`);
  };
  const phase = async (name: string, work: () => Promise<unknown>) => {
    const t0 = performance.now();
    await work();
    const ms = performance.now() - t0;
    steps.push({ name, ms });
    log(`  ${name.padEnd(36)} ${(ms / 1000).toFixed(1).padStart(6)} s`);
  };

  const before = await rowCounts(client, tables);
  // statement-level triggers with transition tables (010's rollup) are set-based already: one call per insert
  // statement, whatever its size. They keep firing during the load, so the rollup is built by its own code.
  const { rows: setTriggers } = await client.query<{ name: string; tbl: string; enabled: string }>(
    `select t.tgname as name, t.tgrelid::regclass::text as tbl, t.tgenabled as enabled
       from pg_trigger t
      where t.tgrelid = any ($1::regclass[]) and not t.tgisinternal and (t.tgtype & 1) = 0
        and (t.tgnewtable is not null or t.tgoldtable is not null)`,
    [tables],
  );
  const indexes = await secondaryIndexes(client, tables);
  try {
    if (options.connect) lanes.push(await options.connect());
    for (const lane of lanes) {
      await lane.query(HELPERS);
      await lane.query(`set maintenance_work_mem = '1GB'; set work_mem = '256MB'`);
      // skips per-row triggers (ratings, seats, ledger) and foreign-key checks; derived data is rebuilt below.
      await lane.query(`set session_replication_role = replica`);
    }
    for (const t of setTriggers) await client.query(`alter table ${t.tbl} enable always trigger "${t.name}"`);
    await timed(client, `drop ${indexes.length} secondary indexes`, indexes.map((i) => `drop index ${i.name};`).join('\n'));

    // base rows alone, then the bulk tables on their lanes.
    const plan: Step[] = planSteps(volume, features);
    for (let i = 0; i < plan.length;) {
      if (!plan[i]!.lane) {
        await timed(client, plan[i]!.name, plan[i]!.sql);
        i++;
        continue;
      }
      const block: Step[] = [];
      while (i < plan.length && plan[i]!.lane) block.push(plan[i++]!);
      const byLane = lanes.length > 1 ? (['A', 'B'] as const).map((l) => block.filter((s) => s.lane === l)) : [block];
      await Promise.all(
        byLane.map(async (group, k) => {
          for (const step of group) await timed(lanes[k]!, step.name, step.sql);
        }),
      );
    }

    // derived data next: updating rows is cheapest while the tables carry only their constraint indexes.
    for (const step of derivedSteps(features)) await timed(client, step.name, step.sql);

    const { rows: sizes } = await client.query<{ t: string; bytes: string }>(
      `select t, pg_table_size(t::regclass) as bytes from unnest($1::text[]) t`,
      [tables],
    );
    const size = new Map(sizes.map((s) => [s.t, Number(s.bytes)]));
    await phase(`rebuild ${indexes.length} indexes`, () =>
      Promise.all(
        // full-text and expression indexes compute per row: they weigh more than their table's size says.
        share(
          indexes,
          (i) => (size.get(i.table) ?? 0) * (/ using gin /i.test(i.definition) ? 8 : /\(\(|md5|lower|coalesce/.test(i.definition) ? 3 : 1),
          lanes.length,
        ).map(async (group, k) => {
          for (const index of group) {
            const t = performance.now();
            await lanes[k]!.query(index.definition);
            const ms = performance.now() - t;
            if (ms > Number(process.env.HG_BENCH_INDEX_LOG_MS ?? 5_000))
              log(`    ${index.name.padEnd(44)} ${(ms / 1000).toFixed(1).padStart(6)} s`);
          }
        }),
      ),
    );

    for (const lane of lanes) await lane.query(`set session_replication_role = origin`);
    await client.query(`drop table if exists pg_temp.bench_people, pg_temp.bench_texts`);
    const verb = options.vacuum === false ? 'analyze' : 'vacuum (analyze)';
    await phase(options.vacuum === false ? 'analyze' : 'vacuum analyze', () =>
      Promise.all(
        share(tables, (t) => size.get(t) ?? 0, lanes.length).map(async (group, k) => {
          for (const table of group) await lanes[k]!.query(`${verb} ${table}`);
        }),
      ),
    );

    const after = await rowCounts(client, tables);
    const expected: Record<string, number> = {};
    for (const step of plan) if (step.table && step.rows !== undefined) expected[step.table] = (expected[step.table] ?? 0) + step.rows;
    const added: LoadReport['added'] = {};
    for (const table of Object.keys(expected)) {
      added[table] = { expected: expected[table]!, actual: (after[table] ?? 0) - (before[table] ?? 0) };
    }
    return { volume, features, ms: performance.now() - started, steps, added, indexes };
  } finally {
    await client.query(`set session_replication_role = origin; reset maintenance_work_mem; reset work_mem`).catch(() => undefined);
    const restore: Record<string, string> = { O: 'enable', D: 'disable', R: 'enable replica', A: 'enable always' };
    for (const t of setTriggers) {
      await client.query(`alter table ${t.tbl} ${restore[t.enabled] ?? 'enable'} trigger "${t.name}"`).catch(() => undefined);
    }
    for (const lane of lanes.slice(1)) await lane.end().catch(() => undefined);
  }
}
