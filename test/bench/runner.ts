// Measures the cases in cases.ts: ours and naive, side by side, on one warm connection.
import type pg from 'pg';
import { naiveTrendSql, trendOrgsSql, type ListCase, type TrendCase } from './cases.js';
import { callAs, consoleCallSql, explainAs, FAST, repeat, SLOW, stats, type Sample, type Stats, type Who } from './measure.js';
import { BENCH_STAFF } from './volume.js';
import type { Args } from '../support/console.js';

export const PAGE = 50;
/** Deep positions from here on are held to the ≥ 10× ratio target. */
export const DEEP_ENOUGH = 100_000;

export interface Target {
  /** p95 of ours must be at most this (ms). */
  p95Ms?: number;
  /** naive p50 / ours p50 must be at least this. */
  ratio?: number;
  text: string;
}

export interface Result {
  name: string;
  group: 'list' | 'count' | 'trend' | 'reconciliation' | 'other';
  ours: Stats;
  oursWall: Stats;
  naive?: Stats;
  naiveNote?: string;
  target: Target;
  notes: string[];
  /** Plans of the statements inside the function (auto_explain), when captured. */
  plan?: string;
}

export function ratio(r: Result): number | undefined {
  return r.naive ? r.naive.p50 / r.ours.p50 : undefined;
}

/** A ratio against a naive query that is itself fast says nothing: the ratio targets hold where it takes ≥ 20 ms. */
export const NAIVE_SLOW_MS = 20;

/** The case has a ratio target, but its naive query is already fast, so only the time target applies. */
export function ratioWaived(r: Result): boolean {
  return r.target.ratio !== undefined && r.naive !== undefined && r.naive.p50 < NAIVE_SLOW_MS;
}

export function met(r: Result): boolean {
  const x = ratio(r);
  return (
    (r.target.p95Ms === undefined || r.ours.p95 <= r.target.p95Ms) &&
    (r.target.ratio === undefined || ratioWaived(r) || (x !== undefined && x >= r.target.ratio)) &&
    !r.notes.some((note) => note.startsWith('WRONG'))
  );
}

const serverStats = (samples: Sample[]) => stats(samples.map((s) => s.serverMs));
const wallStats = (samples: Sample[]) => stats(samples.map((s) => s.wallMs));

async function one<T>(client: pg.Client, sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await client.query(sql, params);
  return rows[0] as T;
}

/**
 * The plans of the statements a console function runs, with actual rows (per-node timing off, so the capture itself
 * stays cheap; each statement's duration is still reported), via auto_explain reporting to
 * the client as notices (set as the owner, then the call runs as the staff member).
 */
export async function nestedPlans(client: pg.Client, userId: string, fn: string, args: Args): Promise<string> {
  const notices: string[] = [];
  const onNotice = (msg: { message?: string }) => {
    if (msg.message?.includes('Query Text')) notices.push(msg.message);
  };
  client.on('notice', onNotice);
  try {
    await client.query(`load 'auto_explain';
      set auto_explain.log_min_duration = 0; set auto_explain.log_analyze = on; set auto_explain.log_buffers = on;
      set auto_explain.log_nested_statements = on; set auto_explain.log_level = notice; set auto_explain.log_timing = off`);
    await callAs(client, userId, fn, args);
  } finally {
    await client.query(`set auto_explain.log_min_duration = -1`);
    client.off('notice', onNotice);
  }
  // the outermost statement (the select * from console.fn) says nothing the inner ones do not.
  return notices.filter((n) => !/Query Text: select \* from console\./.test(n)).join('\n\n');
}

async function naiveListTime(client: pg.Client, c: ListCase, offset: number): Promise<Sample> {
  const page = await explainAs(
    client,
    'owner',
    `select ${aliasOf(c)}.* from ${c.from} where ${c.where} order by ${c.order} offset ${offset} limit ${PAGE}`,
  );
  const count = await explainAs(client, 'owner', `select count(*) from ${c.from} where ${c.where}`);
  return { serverMs: page.sample.serverMs + count.sample.serverMs, wallMs: page.sample.wallMs + count.sample.wallMs };
}

const aliasOf = (c: ListCase) => c.from.trim().split(/\s+/).pop()!;

/** A case that failed to run: reported as a miss with its error, so one broken function does not end the run. */
/** What went wrong, also for the plain objects some clients reject with (an IpcFailure, a PostgREST error). */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null) return JSON.stringify(error);
  return String(error);
}

export function failed(name: string, group: Result['group'], error: unknown): Result {
  const none = { n: 0, p50: Number.NaN, p95: Number.NaN, min: Number.NaN, max: Number.NaN };
  return {
    name,
    group,
    ours: none,
    oursWall: none,
    target: { text: 'runs' },
    notes: [`WRONG: ${errorText(error)}`],
  };
}

export async function measureList(client: pg.Client, c: ListCase, log: (line: string) => void): Promise<Result[]> {
  const who: Who = { userId: BENCH_STAFF[c.role] };
  const alias = aliasOf(c);
  const { n: total } = await one<{ n: number }>(client, `select count(*)::int as n from ${c.from} where ${c.where}`);
  const deep = Math.floor(total * 0.9);
  const results: Result[] = [];

  const first = await consoleCallSql(c.fn, { ...c.args, limit: PAGE });
  const ours1 = await repeat(async () => (await explainAs(client, who, first.sql, first.params)).sample, FAST);
  const naive1 = await repeat(() => naiveListTime(client, c, 0), FAST);
  results.push({
    name: `${c.name}: first page`,
    group: 'list',
    ours: serverStats(ours1),
    oursWall: wallStats(ours1),
    naive: serverStats(naive1),
    naiveNote: `offset 0 limit ${PAGE} + count(*) over ${total} rows`,
    target: { p95Ms: 25, text: 'p95 ≤ 25 ms' },
    notes: [],
  });
  if (!met(results.at(-1)!)) results.at(-1)!.plan = await nestedPlans(client, who.userId, c.fn, { ...c.args, limit: PAGE });
  log(`  ${results.at(-1)!.name}`);

  if (deep > 0) {
    const { cursor } = await one<{ cursor: unknown }>(
      client,
      `select ${c.cursor} as cursor from ${c.from} where ${c.where} order by ${c.order} offset ${deep - 1} limit 1`,
    );
    const args = { ...c.args, after: cursor, limit: PAGE };
    const call = await consoleCallSql(c.fn, args);
    // the keyset page after row deep-1 must be exactly the rows offset deep returns.
    const key = c.key ?? { sql: `${alias}.id`, column: 'id' };
    const ours = (await callAs<Record<string, unknown>>(client, who.userId, c.fn, args)).map((r) => String(r[key.column]));
    const naive = (
      await client.query<{ k: unknown }>(
        `select ${key.sql} as k from ${c.from} where ${c.where} order by ${c.order} offset ${deep} limit ${PAGE}`,
      )
    ).rows.map((r) => String(r.k));
    const notes =
      JSON.stringify(ours) === JSON.stringify(naive)
        ? [`keyset page = offset ${deep} page (checked)`]
        : [`WRONG: keyset page differs from offset ${deep} page (${ours.length} vs ${naive.length} rows, first ${ours[0]} vs ${naive[0]})`];
    const oursDeep = await repeat(async () => (await explainAs(client, who, call.sql, call.params)).sample, FAST);
    const naiveDeep = await repeat(() => naiveListTime(client, c, deep), SLOW);
    const result: Result = {
      name: `${c.name}: deep page (row ${deep.toLocaleString('en')})`,
      group: 'list',
      ours: serverStats(oursDeep),
      oursWall: wallStats(oursDeep),
      naive: serverStats(naiveDeep),
      naiveNote: `offset ${deep} limit ${PAGE} + count(*) over ${total} rows`,
      // the ratio target is about deep pages of big lists (the spec's 1M-row tables): offset over a few thousand
      // rows is cheap, so a short list's "deep" page is held to the time target only.
      target: deep >= DEEP_ENOUGH ? { p95Ms: 25, ratio: 10, text: 'p95 ≤ 25 ms, ≥ 10×' } : { p95Ms: 25, text: 'p95 ≤ 25 ms (short list)' },
      notes,
    };
    if (!met(result)) result.plan = await nestedPlans(client, who.userId, c.fn, args);
    results.push(result);
    log(`  ${result.name}`);
  }

  if (c.count) {
    const call = await consoleCallSql(c.count.fn, c.count.args);
    const ours = await repeat(async () => (await explainAs(client, who, call.sql, call.params)).sample, FAST);
    const naive = await repeat(
      async () => (await explainAs(client, 'owner', `select count(*) from ${c.from} where ${c.where}`)).sample,
      SLOW,
    );
    const [row] = await callAs<{ total: number; is_estimate: boolean }>(client, who.userId, c.count.fn, c.count.args);
    const off = row ? Math.abs(Number(row.total) - total) / Math.max(total, 1) : 1;
    results.push({
      name: `${c.count.fn} ${c.name.replace(/^[a-z_]+ /, '')}`,
      group: 'count',
      ours: serverStats(ours),
      oursWall: wallStats(ours),
      naive: serverStats(naive),
      naiveNote: `exact count(*) = ${total}`,
      target: { p95Ms: 25, text: 'p95 ≤ 25 ms' },
      notes: [`returns ${row?.total} (${row?.is_estimate ? 'estimate' : 'exact'}; exact ${total}, off by ${(off * 100).toFixed(1)}%)`],
    });
    log(`  ${results.at(-1)!.name}`);
  }
  return results;
}

export async function measureTrend(client: pg.Client, c: TrendCase, log: (line: string) => void): Promise<Result> {
  const who: Who = { userId: BENCH_STAFF.leadership };
  const { ids } = await one<{ ids: string[] }>(client, trendOrgsSql(c.orgs));
  const args = { org_ids: ids, months: c.months, include_platform: c.platform };
  const call = await consoleCallSql('org_trends', args);
  const ours = await repeat(async () => (await explainAs(client, who, call.sql, call.params)).sample, FAST);
  const naiveSql = naiveTrendSql(c.platform);
  const naive = await repeat(async () => (await explainAs(client, 'owner', naiveSql, [ids, c.months])).sample, SLOW);
  const { n } = await one<{ n: number }>(
    client,
    `select count(*)::int as n from public.assessments a where a.organization_id = any ($1::uuid[]) and a.status = 'completed'
        and a.completed_at >= date_trunc('month', now() at time zone 'UTC') at time zone 'UTC' - make_interval(months => $2 - 1)`,
    [ids, c.months],
  );
  const result: Result = {
    name: c.name,
    group: 'trend',
    ours: serverStats(ours),
    oursWall: wallStats(ours),
    naive: serverStats(naive),
    naiveNote: `date_trunc('month') group by over ${n.toLocaleString('en')} assessments of the org(s)${c.platform ? ' + all assessments for the platform rows' : ''}`,
    target: { p95Ms: 5, ratio: 20, text: 'p95 ≤ 5 ms, ≥ 20×' },
    notes: [],
  };
  if (!met(result)) result.plan = await nestedPlans(client, who.userId, 'org_trends', args);
  log(`  ${c.name}`);
  return result;
}

/** A single call timed on its own, optionally beside an equivalent query run as the owner. */
export async function measureCall(
  client: pg.Client,
  name: string,
  role: keyof typeof BENCH_STAFF,
  fn: string,
  args: Args,
  target: Target,
  naive?: { sql: string; params?: unknown[]; note: string },
): Promise<Result> {
  const who: Who = { userId: BENCH_STAFF[role] };
  const call = await consoleCallSql(fn, args);
  const ours = await repeat(async () => (await explainAs(client, who, call.sql, call.params)).sample, FAST);
  const result: Result = { name, group: 'other', ours: serverStats(ours), oursWall: wallStats(ours), target, notes: [] };
  if (naive) {
    const samples = await repeat(async () => (await explainAs(client, 'owner', naive.sql, naive.params ?? [])).sample, SLOW);
    result.naive = serverStats(samples);
    result.naiveNote = naive.note;
  }
  if (!met(result)) result.plan = await nestedPlans(client, who.userId, fn, args);
  return result;
}
