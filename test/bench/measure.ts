// Timing primitives. A measurement is the server's own time for one call: planning + execution from
// `explain (analyze, timing off, format json)`, run inside a transaction as the signed-in user exactly as PostgREST
// would run it (role authenticated + request.jwt.claims), then rolled back. `timing off` keeps the instrumentation
// overhead to row counting, for our functions and the naive queries alike. The client's round trip for the same
// call is kept beside it (wall).
import type pg from 'pg';
import { callConsole, type Args } from '../support/console.js';
import { withClaims, type Queryable } from '../support/pg.js';

export interface Sample {
  serverMs: number;
  wallMs: number;
}

export interface Stats {
  n: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
}

export function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  // nearest rank: the smallest value at or above the p-th percentile of the samples.
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
  return { n: sorted.length, p50: rank(0.5), p95: rank(0.95), min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

export type Who = { userId: string } | 'owner';

interface PlanJson {
  'Planning Time': number;
  'Execution Time': number;
  Plan: Record<string, unknown>;
}

/** Runs `sql` under explain analyze as `who`; returns the server time and the plan. */
export async function explainAs(
  client: pg.Client,
  who: Who,
  sql: string,
  params: unknown[] = [],
): Promise<{ sample: Sample; plan: PlanJson }> {
  const run = async (q: Queryable) => {
    const t0 = performance.now();
    const { rows } = await q.query(`explain (analyze, timing off, summary on, format json) ${sql}`, params);
    const wallMs = performance.now() - t0;
    const plan = (rows[0] as { 'QUERY PLAN': PlanJson[] })['QUERY PLAN'][0]!;
    return { sample: { serverMs: plan['Planning Time'] + plan['Execution Time'], wallMs }, plan };
  };
  if (who === 'owner') {
    await client.query('begin');
    try {
      return await run(client);
    } finally {
      await client.query('rollback');
    }
  }
  return withClaims(client, { sub: who.userId, role: 'authenticated', aud: 'authenticated' }, run);
}

/** The SQL callConsole would send for this call (it is the one place that spells a console call). */
export async function consoleCallSql(fn: string, args: Args): Promise<{ sql: string; params: unknown[] }> {
  let captured: { sql: string; params: unknown[] } | undefined;
  const capture: Queryable = {
    query: (async (sql: string, params: unknown[]) => {
      captured = { sql, params };
      return { rows: [] };
    }) as unknown as Queryable['query'],
  };
  await callConsole(capture, fn, args);
  return captured!;
}

/** Calls a console function for real as `userId` (rolled back) and returns its rows. */
export async function callAs<T = Record<string, unknown>>(client: pg.Client, userId: string, fn: string, args: Args): Promise<T[]> {
  return withClaims(client, { sub: userId, role: 'authenticated', aud: 'authenticated' }, (q) => callConsole<T>(q, fn, args));
}

export interface Repeat {
  warmup: number;
  iterations: number;
  /** Stop early (after at least `minIterations`) once this much time went into the measurement. */
  budgetMs: number;
  minIterations: number;
}

// 30 warm iterations for a fast call; a slow one stops at its time budget (but never below minIterations), which
// keeps a full run within ten minutes even when a function misses its target by far.
export const FAST: Repeat = { warmup: 2, iterations: 30, budgetMs: 3_000, minIterations: 5 };
export const SLOW: Repeat = { warmup: 1, iterations: 10, budgetMs: 3_000, minIterations: 3 };

export async function repeat(once: () => Promise<Sample>, how: Repeat): Promise<Sample[]> {
  const t = performance.now();
  await once();
  // one warm-up is enough for a call that takes a tenth of the budget (its caches are as warm as they get).
  const warmup = performance.now() - t > how.budgetMs / 10 ? 1 : how.warmup;
  for (let i = 1; i < warmup; i++) await once();
  const samples: Sample[] = [];
  const t0 = performance.now();
  while (samples.length < how.iterations) {
    samples.push(await once());
    if (samples.length >= how.minIterations && performance.now() - t0 > how.budgetMs) break;
  }
  return samples;
}
