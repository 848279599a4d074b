// Shared vocabulary of the row-level-security tests (test/sql/rls-*.test.ts): the cast of actors every file acts
// as, and precise assertions for "sees exactly these rows", "refused by a policy", "refused by a missing grant",
// "refused by a guard trigger" and "affected nothing". Not a test file itself (vitest runs *.test.ts only).
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { TestDatabase } from '../support/db.js';
import type { Queryable } from '../support/pg.js';
import { createOrganization, createUser, grantRole, type UserRow } from '../support/factories.js';

type Row = Record<string, unknown>;

export interface Actor {
  readonly name: string;
  /** auth.uid() of the actor; null for anon and service_role. */
  readonly id: string | null;
  run<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
}

export type ActorName =
  | 'anon'
  | 'user'
  | 'other'
  | 'instructor'
  | 'expert'
  | 'client'
  | 'orgAdmin'
  | 'orgMember'
  | 'orgBMember'
  | 'admin'
  | 'expiredAdmin'
  | 'service';

export const ACTOR_NAMES: readonly ActorName[] = [
  'anon',
  'user',
  'other',
  'instructor',
  'expert',
  'client',
  'orgAdmin',
  'orgMember',
  'orgBMember',
  'admin',
  'expiredAdmin',
  'service',
];

/** Signed-in actors only (everyone but anon and service_role). */
export const AUTHENTICATED: readonly ActorName[] = ACTOR_NAMES.filter((name) => name !== 'anon' && name !== 'service');

export interface Cast {
  orgA: Row & { id: string };
  orgB: Row & { id: string };
  /** A plain user (role `user`, no org): the owner of "own" rows in each file's world. */
  user: UserRow;
  /** Another plain user. */
  other: UserRow;
  /** Platform-wide instructor. */
  instructor: UserRow;
  /** Platform-wide expert. */
  expert: UserRow;
  /** `client` role scoped to org A (a member of org A, not its admin). */
  client: UserRow;
  /** `admin` role scoped to org A: an org admin, not a platform admin. */
  orgAdmin: UserRow;
  /** `user` role scoped to org A. */
  orgMember: UserRow;
  /** `user` role scoped to org B. */
  orgBMember: UserRow;
  /** Platform admin (unexpired `admin`, null organization). */
  admin: UserRow;
  /** Had a platform `admin` role that expired yesterday. */
  expiredAdmin: UserRow;
}

const YESTERDAY = () => new Date(Date.now() - 24 * 3600 * 1000).toISOString();

/** The people every RLS file acts as. Built as the owner (bypassing RLS). */
export async function createCast(db: TestDatabase): Promise<Cast> {
  const q = db.owner;
  const orgA = await createOrganization(q, { name: 'Org A' });
  const orgB = await createOrganization(q, { name: 'Org B' });
  const make = async (name: string, role: string, options: { organization_id?: string | null; expires_at?: string | null } = {}) => {
    const row = await createUser(q, { full_name: `RLS ${name}` });
    await grantRole(q, row.id, role, options);
    return row;
  };
  return {
    orgA,
    orgB,
    user: await make('user', 'user'),
    other: await make('other', 'user'),
    instructor: await make('instructor', 'instructor'),
    expert: await make('expert', 'expert'),
    client: await make('client', 'client', { organization_id: orgA.id }),
    orgAdmin: await make('orgAdmin', 'admin', { organization_id: orgA.id }),
    orgMember: await make('orgMember', 'user', { organization_id: orgA.id }),
    orgBMember: await make('orgBMember', 'user', { organization_id: orgB.id }),
    admin: await make('admin', 'admin'),
    expiredAdmin: await make('expiredAdmin', 'admin', { expires_at: YESTERDAY() }),
  };
}

export function anonActor(db: TestDatabase): Actor {
  return { name: 'anon', id: null, run: (fn) => db.asAnon(fn) };
}

export function serviceActor(db: TestDatabase): Actor {
  return { name: 'service', id: null, run: (fn) => db.asService(fn) };
}

export function userActor(db: TestDatabase, name: string, id: string): Actor {
  return { name, id, run: (fn) => db.asUser(id, fn) };
}

/** Actor lookup by name; call inside tests (the cast exists only after beforeAll). */
export function actorsOf(db: TestDatabase, cast: () => Cast): (name: ActorName) => Actor {
  return (name) => {
    if (name === 'anon') return anonActor(db);
    if (name === 'service') return serviceActor(db);
    const person = cast()[name];
    return userActor(db, name, person.id);
  };
}

// ------------------------------------------------------------------------------------------------------------
// Reading

/**
 * Which of the named rows the actor can SELECT, as sorted names. Restricted to the given ids so the seed's rows
 * never interfere.
 */
export async function visible(actor: Actor, table: string, rows: Record<string, string>): Promise<string[]> {
  const names = new Map(Object.entries(rows).map(([name, id]) => [id, name]));
  const { rows: found } = await actor.run((q) =>
    q.query<{ id: string }>(`select id from public.${table} where id = any($1::uuid[])`, [Object.values(rows)]),
  );
  return found.map((row) => names.get(row.id) ?? row.id).sort();
}

export async function ownerRow(db: TestDatabase, table: string, id: string): Promise<Row | undefined> {
  const { rows } = await db.owner.query(`select * from public.${table} where id = $1`, [id]);
  return rows[0] as Row | undefined;
}

/** Inside an actor's transaction: drop back to the owner (superuser) to see the transaction's true effect. */
async function asOwnerInside(q: Queryable, table: string, id: string): Promise<Row | undefined> {
  await q.query('reset role');
  const { rows } = await q.query(`select * from public.${table} where id = $1`, [id]);
  return rows[0] as Row | undefined;
}

// ------------------------------------------------------------------------------------------------------------
// Writing (as the acting role, no RETURNING: RETURNING would also demand SELECT visibility of the new row)

function param(value: unknown): unknown {
  return Array.isArray(value) || value === null || typeof value !== 'object' || value instanceof Date ? value : JSON.stringify(value);
}

export async function insertSql(q: Queryable, table: string, values: Row): Promise<number> {
  const entries = Object.entries(values).filter(([, value]) => value !== undefined);
  const columns = entries.map(([key]) => `"${key}"`).join(', ');
  const params = entries.map((_, i) => `$${i + 1}`).join(', ');
  const result = await q.query(
    `insert into public.${table} (${columns}) values (${params})`,
    entries.map(([, v]) => param(v)),
  );
  return result.rowCount ?? 0;
}

export async function updateSql(q: Queryable, table: string, id: string, set: Row): Promise<number> {
  const entries = Object.entries(set);
  const assignments = entries.map(([key], i) => `"${key}" = $${i + 2}`).join(', ');
  const result = await q.query(`update public.${table} set ${assignments} where id = $1`, [id, ...entries.map(([, v]) => param(v))]);
  return result.rowCount ?? 0;
}

export async function deleteSql(q: Queryable, table: string, id: string): Promise<number> {
  const result = await q.query(`delete from public.${table} where id = $1`, [id]);
  return result.rowCount ?? 0;
}

/** The insert succeeds; returns the stored row (read as the owner inside the same, rolled-back transaction). */
export async function expectInsertAllowed(actor: Actor, table: string, values: Row): Promise<Row> {
  const id = (values.id as string | undefined) ?? randomUUID();
  const stored = await actor.run(async (q) => {
    expect(await insertSql(q, table, { ...values, id })).toBe(1);
    return asOwnerInside(q, table, id);
  });
  expect(stored).toBeDefined();
  return stored as Row;
}

export function insertAs(actor: Actor, table: string, values: Row): Promise<number> {
  return actor.run((q) => insertSql(q, table, { id: randomUUID(), ...values }));
}

export function updateAs(actor: Actor, table: string, id: string, set: Row): Promise<number> {
  return actor.run((q) => updateSql(q, table, id, set));
}

export function deleteAs(actor: Actor, table: string, id: string): Promise<number> {
  return actor.run((q) => deleteSql(q, table, id));
}

/** The update touches exactly that row; returns it as stored afterwards (same transaction, as owner). */
export async function expectUpdateAllowed(actor: Actor, table: string, id: string, set: Row): Promise<Row> {
  const after = await actor.run(async (q) => {
    expect(await updateSql(q, table, id, set)).toBe(1);
    return asOwnerInside(q, table, id);
  });
  expect(after).toBeDefined();
  return after as Row;
}

/** RLS hides the row from the update: 0 rows, no error, and the row is unchanged (checked in the same transaction). */
export async function expectUpdateRefused(db: TestDatabase, actor: Actor, table: string, id: string, set: Row): Promise<void> {
  const before = await ownerRow(db, table, id);
  expect(before, `${table} ${id} exists`).toBeDefined();
  const { count, after } = await actor.run(async (q) => {
    const count = await updateSql(q, table, id, set);
    return { count, after: await asOwnerInside(q, table, id) };
  });
  expect(count).toBe(0);
  expect(after).toEqual(before);
  expect(await ownerRow(db, table, id)).toEqual(before);
}

export async function expectDeleteAllowed(actor: Actor, table: string, id: string): Promise<void> {
  const after = await actor.run(async (q) => {
    expect(await deleteSql(q, table, id)).toBe(1);
    return asOwnerInside(q, table, id);
  });
  expect(after).toBeUndefined();
}

/** RLS hides the row from the delete: 0 rows, no error, and the row is still there unchanged. */
export async function expectDeleteRefused(db: TestDatabase, actor: Actor, table: string, id: string): Promise<void> {
  const before = await ownerRow(db, table, id);
  expect(before, `${table} ${id} exists`).toBeDefined();
  const { count, after } = await actor.run(async (q) => {
    const count = await deleteSql(q, table, id);
    return { count, after: await asOwnerInside(q, table, id) };
  });
  expect(count).toBe(0);
  expect(after).toEqual(before);
  expect(await ownerRow(db, table, id)).toEqual(before);
}

// ------------------------------------------------------------------------------------------------------------
// Refusals that raise

/** A policy's WITH CHECK refused the new row. */
export async function expectRlsViolation(promise: Promise<unknown>, table?: string): Promise<void> {
  const message = table
    ? new RegExp(`new row violates row-level security policy for table "${table}"`)
    : /new row violates row-level security policy/;
  await expect(promise).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(message) });
}

/** No grant for the operation. */
export async function expectPermissionDenied(promise: Promise<unknown>): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/permission denied/) });
}

/** A guard trigger refused the change, naming the column. */
export async function expectGuard(promise: Promise<unknown>, column: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code: 'P0001', message: expect.stringMatching(new RegExp(`\\b${column}\\b`)) });
}

export const uuid = (): string => randomUUID();
