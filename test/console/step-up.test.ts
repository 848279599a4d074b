// A second factor for money and access (014): the actions in console_private.step_up_actions are refused to a
// password-only (aal1) session with PT403 aal2_required, on the API's own door, and go through at aal2; reading stays
// aal1; factor changes are audited whoever makes them; admins see who has a factor.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db.js';
import { callConsole, consoleAs, expectPgError } from '../support/console.js';
import { createPayment, createUser, createUserWithRole, type UserRow } from '../support/factories.js';
import { FUNCTION_CASES as functionCases, type Caller, type World } from './function-cases.js';

const db = useTestDatabase();

const STEP_UP = [
  'approve_refund',
  'confirm_refund',
  'fail_refund',
  'grant_role',
  'refund_payment',
  'revoke_role',
  'set_organization_tier',
  'set_user_status',
  'set_workshop_status',
  'update_setting',
];

let world: World;

beforeAll(async () => {
  const q = db.owner;
  const people = {} as Record<Caller, UserRow>;
  people.admin = await createUserWithRole(q, 'admin');
  await createUserWithRole(q, 'admin'); // so the first can be demoted
  people.moderator = await createUserWithRole(q, 'moderator');
  people.finance = await createUserWithRole(q, 'finance');
  people.finance2 = await createUserWithRole(q, 'finance');
  people.leadership = await createUserWithRole(q, 'leadership');
  people.support = await createUserWithRole(q, 'support');
  world = { db, people };
});

describe('which actions need a second factor', () => {
  it('is one list in the database: money moves and access changes', async () => {
    const { rows } = await db.owner.query<{ function_name: string }>(
      'select function_name from console_private.step_up_actions order by 1',
    );
    expect(rows.map((row) => row.function_name)).toEqual(STEP_UP);
  });

  it('every listed action is a plpgsql console function that changes something (so require sees it on the stack)', async () => {
    const { rows } = await db.owner.query<{ name: string; language: string; volatility: string }>(
      `select p.proname as name, l.lanname as language, p.provolatile::text as volatility
         from console_private.step_up_actions a
         join pg_proc p on p.proname = a.function_name and p.pronamespace = 'console'::regnamespace
         join pg_language l on l.oid = p.prolang order by 1`,
    );
    expect(rows).toEqual(STEP_UP.map((name) => ({ name, language: 'plpgsql', volatility: 'v' })));
  });
});

describe.each(STEP_UP)('%s', (fn) => {
  it('is refused at aal1 with PT403 aal2_required, and changes nothing; at aal2 it goes through', async () => {
    const spec = functionCases[fn]!;
    const caller = world.people[spec.caller];
    const args = await spec.args(world);
    const before = await db.owner.query('select count(*)::int as n from console.audit_log');
    await expectPgError(consoleAs(db.owner, caller.id, fn, args, { aal: 'aal1' }), {
      code: 'PT403',
      message: `a second factor is needed: ${fn}`,
      detail: { reason: 'aal2_required', action: fn },
    });
    const after = await db.owner.query('select count(*)::int as n from console.audit_log');
    expect(after.rows[0].n).toBe(before.rows[0].n);
    await expect(consoleAs(db.owner, caller.id, fn, args, { aal: 'aal2' })).resolves.toBeDefined();
  });

  it('a jwt without an aal claim counts as aal1', async () => {
    const spec = functionCases[fn]!;
    const args = await spec.args(world);
    // db.asUser sets claims without aal, as a token minted elsewhere might.
    await expectPgError(
      db.asUser(world.people[spec.caller].id, (q) => callConsole(q, fn, args)),
      { code: 'PT403' },
    );
  });
});

describe('reading stays aal1', () => {
  it.each(Object.entries(functionCases).filter(([fn, spec]) => !STEP_UP.includes(fn) && !spec.audit))(
    '%s answers a password-only session',
    async (fn, spec) => {
      const args = await spec.args(world);
      await expect(consoleAs(db.owner, world.people[spec.caller].id, fn, args, { aal: 'aal1', commit: false })).resolves.toBeDefined();
    },
  );
});

describe('second factors', () => {
  async function factor(userId: string, status: 'verified' | 'unverified' = 'verified') {
    const id = randomUUID();
    await db.owner.query(
      `insert into auth.mfa_factors (id, user_id, friendly_name, factor_type, status, created_at, updated_at, secret)
       values ($1, $2, 'Phone', 'totp', $3, now(), now(), 'JBSWY3DPEHPK3PXP')`,
      [id, userId, status],
    );
    return id;
  }

  it('admins see who has one, never its secret; others may not ask', async () => {
    const person = await createUser(db.owner);
    const id = await factor(person.id);
    const rows = await consoleAs(db.owner, world.people.admin.id, 'user_factors', { user_id: person.id }, { aal: 'aal1' });
    expect(rows).toEqual([expect.objectContaining({ id, friendly_name: 'Phone', status: 'verified' })]);
    expect(Object.keys(rows[0]!)).not.toContain('secret');
    await expectPgError(consoleAs(db.owner, world.people.finance.id, 'user_factors', { user_id: person.id }), { code: '42501' });
    await expectPgError(consoleAs(db.owner, world.people.admin.id, 'user_factors', { user_id: 'nope' }), {
      code: '22023',
      detail: { field: 'user_id' },
    });
  });

  it('enrolling, verifying and removing a factor are audited on the person, whoever does it', async () => {
    const person = await createUser(db.owner);
    const id = await factor(person.id, 'unverified');
    await db.owner.query(`update auth.mfa_factors set status = 'verified' where id = $1`, [id]);
    await db.owner.query(`update auth.mfa_factors set last_challenged_at = now() where id = $1`, [id]);
    // A reset in the dashboard: the factor deleted by the project, not the person.
    await db.owner.query('delete from auth.mfa_factors where id = $1', [id]);
    const { rows } = await db.owner.query<{ action: string; before: unknown; after: unknown }>(
      `select action, before, after from console.audit_log where entity = 'user' and entity_id = $1 order by id`,
      [person.id],
    );
    expect(rows.map((row) => row.action)).toEqual(['mfa.enroll', 'mfa.verify', 'mfa.remove']);
    expect(rows[2]).toMatchObject({ before: { factor_id: id, status: 'verified' }, after: null });
  });

  it('a payment refund at aal1 leaves the payment as it was', async () => {
    const payer = await createUser(db.owner);
    const payment = await createPayment(db.owner, payer.id, { amount: 50, provider: 'manual' });
    await expectPgError(
      consoleAs(
        db.owner,
        world.people.finance.id,
        'refund_payment',
        { payment_id: payment.id, amount: 10, reason: 'duplicate', idempotency_key: `k-${randomUUID()}` },
        { aal: 'aal1' },
      ),
      { code: 'PT403' },
    );
    const { rows } = await db.owner.query('select count(*)::int as n from public.payment_refunds where payment_id = $1', [payment.id]);
    expect(rows[0].n).toBe(0);
  });
});
