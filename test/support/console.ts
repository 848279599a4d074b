// Calling the console API as PostgREST would: `select * from console.<fn>(p_x => $1, …)` inside a transaction as
// the signed-in user, with request.jwt.claims set. Used by the console API tests and the benchmarks.
import { expect } from 'vitest';
import type pg from 'pg';
import { withClaims, type Queryable } from './pg.js';

export type Args = Record<string, unknown>;

function param(value: unknown): unknown {
  if (value === null || value === undefined || value instanceof Date) return value ?? null;
  if (typeof value === 'object' && !Array.isArray(value)) return JSON.stringify(value);
  if (Array.isArray(value) && value.some((item) => typeof item === 'object' && item !== null)) return JSON.stringify(value);
  return value;
}

/** `select * from console.<fn>(…)` with named arguments; returns the rows. */
export async function callConsole<T = Record<string, unknown>>(q: Queryable, fn: string, args: Args = {}): Promise<T[]> {
  if (!/^[a-z_]+$/.test(fn)) throw new Error(`bad function name ${fn}`);
  const names = Object.keys(args);
  for (const name of names) if (!/^[a-z_]+$/.test(name)) throw new Error(`bad argument name ${name}`);
  const list = names.map((name, i) => `p_${name} => $${i + 1}`).join(', ');
  const { rows } = await q.query(
    `select * from console.${fn}(${list})`,
    names.map((name) => param(args[name])),
  );
  return rows as T[];
}

/**
 * Calls a console function as a signed-in user who has verified a second factor (`aal2`, as staff do before moving
 * money or changing access; `{ aal: 'aal1' }` for a password-only session). By default the transaction commits, as an
 * API call would; pass `{ commit: false }` to look without keeping anything.
 */
export async function consoleAs<T = Record<string, unknown>>(
  client: pg.Client,
  userId: string,
  fn: string,
  args: Args = {},
  { commit = true, aal = 'aal2' }: { commit?: boolean; aal?: 'aal1' | 'aal2' } = {},
): Promise<T[]> {
  const claims = { sub: userId, role: 'authenticated' as const, aud: 'authenticated', aal };
  return withClaims(client, claims, (q) => callConsole<T>(q, fn, args), { commit });
}

export interface PgErrorShape {
  code: string;
  message?: string | RegExp;
  detail?: Record<string, unknown>;
}

/** Asserts the promise fails with that SQLSTATE (and message / JSON details when given); returns the error for
 * anything else a test checks (constraint, table, detail). */
export async function expectPgError(promise: Promise<unknown>, expected: PgErrorShape): Promise<pg.DatabaseError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught as { code?: string; message?: string; detail?: string },
  );
  expect(error, `expected an error with SQLSTATE ${expected.code}`).toBeDefined();
  expect(error?.code).toBe(expected.code);
  if (expected.message instanceof RegExp) expect(error?.message).toMatch(expected.message);
  else if (expected.message) expect(error?.message).toContain(expected.message);
  if (expected.detail) expect(JSON.parse(error?.detail ?? '{}')).toMatchObject(expected.detail);
  return error as pg.DatabaseError;
}

/** Number of audit entries, read as the owner. */
export async function auditCount(q: Queryable, where = 'true', params: unknown[] = []): Promise<number> {
  const { rows } = await q.query(`select count(*)::int as n from console.audit_log where ${where}`, params);
  return (rows[0] as { n: number }).n;
}
