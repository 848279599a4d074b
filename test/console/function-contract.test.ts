// Generated from the catalogue, so a new console function cannot slip past: (1) every function of schema `console`,
// called with valid arguments by each role that lacks its capability, is refused with 42501 naming the capability
// (anon: naming the function) and writes no audit entry; (2) every mutating (volatile) function, on success, writes
// exactly one audit entry with its action, the caller as actor, and its before/after images. The arguments and
// expectations per function are in ./function-cases.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db.js';
import { callConsole, type Args } from '../support/console.js';
import { withClaims, type Claims, type Queryable } from '../support/pg.js';
import { createOrganization, createUser, createUserWithRole, type UserRow } from '../support/factories.js';
import { FUNCTION_CASES, type Caller, type World } from './function-cases.js';

const db = useTestDatabase();

interface ConsoleFunction {
  name: string;
  volatile: boolean;
  required: string | null;
}

let functions: ConsoleFunction[] = [];
let world: World;
const refusedBy: Record<string, { user: UserRow | null; capabilities: string[] }> = {};

/** Names of the console's functions as the catalogue has them, with the capability their body requires. */
async function consoleFunctions(q: Queryable): Promise<ConsoleFunction[]> {
  const { rows } = await q.query<{ name: string; volatile: boolean; src: string }>(
    `select p.proname as name, p.provolatile = 'v' as volatile, p.prosrc as src
       from pg_proc p
      where p.pronamespace = 'console'::regnamespace
      order by 1`,
  );
  return rows.map((row) => ({
    name: row.name,
    volatile: row.volatile,
    required: /console_private\.require\('([a-z_.]+)'\)/.exec(row.src)?.[1] ?? null,
  }));
}

/** Runs fn as that user (PostgREST's way), then counts the audit entries written in the same transaction. */
async function callAndAudit(claims: Claims, fn: string, args: Args) {
  return withClaims(db.owner, claims, async (q) => {
    // the api roles cannot read the log: take the mark as the owner, in the same transaction, then act again.
    await q.query('reset role');
    const { rows: mark } = await q.query<{ id: number }>('select coalesce(max(id), 0)::bigint as id from console.audit_log');
    await q.query(`select set_config('role', $1, true)`, [claims.role]);
    let error: { code?: string; message?: string } | undefined;
    await q.query('savepoint call');
    try {
      await callConsole(q, fn, args);
      await q.query('release savepoint call');
    } catch (caught) {
      error = caught as { code?: string; message?: string };
      await q.query('rollback to savepoint call');
    }
    await q.query('reset role');
    const { rows: entries } = await q.query(`select * from console.audit_log where id > $1 order by id`, [mark[0]!.id]);
    return { error, entries };
  });
}

// Sessions with a verified second factor (aal2): what aal1 may not do is step-up.test.ts's subject.
const claimsFor = (user: UserRow | null): Claims =>
  user ? { sub: user.id, role: 'authenticated', aud: 'authenticated', aal: 'aal2' } : { role: 'anon' };

beforeAll(async () => {
  const q = db.owner;
  functions = await consoleFunctions(q);
  const people = {
    admin: await createUserWithRole(q, 'admin'),
    moderator: await createUserWithRole(q, 'moderator'),
    finance: await createUserWithRole(q, 'finance'),
    finance2: await createUserWithRole(q, 'finance'),
    leadership: await createUserWithRole(q, 'leadership'),
    support: await createUserWithRole(q, 'support'),
  } satisfies Record<Caller, UserRow>;
  world = { db, people };
  const org = await createOrganization(q);
  const suspendedAdmin = await createUserWithRole(q, 'admin');
  await q.query(`update public.users set status = 'suspended' where id = $1`, [suspendedAdmin.id]);
  const capabilitiesOf = async (role: string) =>
    (await q.query<{ c: string[] }>('select console_private.role_capabilities($1) as c', [role])).rows[0]!.c;
  Object.assign(refusedBy, {
    'a platform user': { user: await createUserWithRole(q, 'user'), capabilities: [] },
    'an organisation admin': { user: await createUserWithRole(q, 'admin', { organization_id: org.id }), capabilities: [] },
    'a suspended platform admin': { user: suspendedAdmin, capabilities: [] },
    moderator: { user: people.moderator, capabilities: await capabilitiesOf('moderator') },
    finance: { user: people.finance, capabilities: await capabilitiesOf('finance') },
    leadership: { user: people.leadership, capabilities: await capabilitiesOf('leadership') },
    support: { user: people.support, capabilities: await capabilitiesOf('support') },
    admin: { user: people.admin, capabilities: await capabilitiesOf('admin') },
  });
  await createUser(q);
});

describe('the cases cover the catalogue', () => {
  it('schema console has functions, and every one has an entry in function-cases.ts', () => {
    expect(functions.length).toBeGreaterThan(30);
    expect(functions.map((f) => f.name).filter((name) => !(name in FUNCTION_CASES))).toEqual([]);
    expect(
      Object.keys(FUNCTION_CASES).filter((name) => !functions.some((f) => f.name === name)),
      'stale entries',
    ).toEqual([]);
  });

  it('each entry names the capability the function checks, and mutating functions name their audit action', () => {
    const wrong = functions.filter((f) => FUNCTION_CASES[f.name] && FUNCTION_CASES[f.name]!.capability !== f.required);
    expect(wrong.map((f) => `${f.name}: body requires ${f.required}, case says ${FUNCTION_CASES[f.name]!.capability}`)).toEqual([]);
    const unaudited = functions.filter((f) => f.volatile && !FUNCTION_CASES[f.name]?.audit);
    expect(
      unaudited.map((f) => f.name),
      'volatile console functions without an audit expectation',
    ).toEqual([]);
    const readers = functions.filter((f) => !f.volatile && FUNCTION_CASES[f.name]?.audit);
    expect(
      readers.map((f) => f.name),
      'read-only functions cannot write an audit entry',
    ).toEqual([]);
  });
});

describe('every console function refuses a caller without its capability: 42501 naming it, no audit entry', () => {
  it('anon may not execute any console function (42501: anon has no usage on schema console at all)', async () => {
    for (const f of functions) {
      const args = await FUNCTION_CASES[f.name]!.args(world);
      const { error, entries } = await callAndAudit(claimsFor(null), f.name, args);
      expect(error?.code, f.name).toBe('42501');
      expect(error?.message, f.name).toMatch(new RegExp(`permission denied for (schema console|function console\\.${f.name})`));
      expect(entries, f.name).toEqual([]);
    }
  });

  it.each(['a platform user', 'an organisation admin', 'a suspended platform admin', 'moderator', 'finance', 'leadership', 'admin'])(
    '%s is refused every function whose capability they lack',
    async (who) => {
      const { user, capabilities } = refusedBy[who]!;
      // by the case's capability, not the body's: a function whose check was removed must fail here.
      const needed = (f: ConsoleFunction) => FUNCTION_CASES[f.name]!.capability;
      const lacking = functions.filter((f) => needed(f) && !capabilities.includes(needed(f)!));
      if (who === 'admin') expect(lacking).toEqual([]);
      else expect(lacking.length).toBeGreaterThan(0);
      for (const f of lacking) {
        const args = await FUNCTION_CASES[f.name]!.args(world);
        const { error, entries } = await callAndAudit(claimsFor(user), f.name, args);
        expect(error, `${f.name} as ${who}`).toMatchObject({ code: '42501' });
        expect(error?.message, `${f.name} as ${who}`).toContain(`${needed(f)} is needed`);
        expect(entries, `${f.name} as ${who}: no audit entry`).toEqual([]);
      }
    },
  );
});

describe('every mutating console function writes exactly one audit entry on success', () => {
  it.each(Object.entries(FUNCTION_CASES).filter(([, c]) => c.audit))('%s', async (name, fcase) => {
    const caller = world.people[fcase.caller];
    const args = await fcase.args(world);
    const { error, entries } = await callAndAudit(claimsFor(caller), name, args);
    expect(error).toBeUndefined();
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry).toMatchObject({ action: fcase.audit!.action, actor_id: caller.id, actor_email: caller.email });
    if (fcase.audit!.after === false) expect(entry.after, 'a removal has no after image').toBeNull();
    else expect(entry.after, 'after image').not.toBeNull();
    if (fcase.audit!.before) expect(entry.before, 'before image').not.toBeNull();
    else expect(entry.before, 'a creation has no before image').toBeNull();
  });

  it('read-only functions write nothing when they succeed', async () => {
    for (const f of functions.filter((fn) => !fn.volatile)) {
      const fcase = FUNCTION_CASES[f.name]!;
      const args = await fcase.args(world);
      const { error, entries } = await callAndAudit(claimsFor(world.people[fcase.caller]), f.name, args);
      expect(error, f.name).toBeUndefined();
      expect(entries, f.name).toEqual([]);
    }
  });
});
