// End to end: router → services → supabase-js → gateway (pgExecutor) → this file's clone of the seeded database.
// Each role signs in through `auth:sign-in` and uses the channels of its domains; the others are refused by SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestDatabase } from '../support/db.js';
import { pgExecutor } from '../../electron/main/local-backend/pg-executor.js';
import { createGateway, type Gateway } from '../../electron/main/local-backend/gateway.js';
import { randomJwtSecret } from '../../electron/main/local-backend/jwt.js';
import type { SqlExecutor } from '../../electron/main/local-backend/sql-executor.js';
import { createSessionStorage } from '../../electron/main/session/secure-storage.js';
import { createConsoleClient, type ConsoleClient } from '../../electron/main/session/supabase-client.js';
import { createMfaService, scratchClientFor } from '../../electron/main/session/mfa.js';
import { raiseToAal2 } from '../support/second-factor.js';
import { createAuthService, type AuthService } from '../../electron/main/session/auth-service.js';
import { fakeBox } from './fake-box.js';
import { checkRole, PASSWORD, roleMatrix, routerFor, value, type Invoke } from './services-roles.js';

const db = useTestDatabase();
let executor: SqlExecutor;
let gateway: Gateway;
let dir: string;
const services: AuthService[] = [];

beforeAll(async () => {
  executor = pgExecutor({ ...db.server, database: db.name, max: 4 });
  gateway = await createGateway({ executor, jwtSecret: randomJwtSecret() });
  dir = await mkdtemp(join(tmpdir(), 'hg-services-'));
});

afterAll(async () => {
  await Promise.all(services.map((service) => service.close()));
  await executor?.close();
  await rm(dir, { recursive: true, force: true });
});

const URL = 'http://local.humanglue';

/** One app: its own storage, client, auth service and router. */
function app(): { invoke: Invoke; client: ConsoleClient } {
  const storage = createSessionStorage({ box: fakeBox(), file: join(dir, `${randomBytes(4).toString('hex')}.bin`) });
  const client = createConsoleClient({ url: URL, apiKey: gateway.publishableKey, fetch: gateway.fetch, storage });
  const auth = createAuthService({ client, storage });
  services.push(auth);
  const mfa = createMfaService({ client, scratchClient: scratchClientFor(URL, gateway.publishableKey, gateway.fetch) });
  return { invoke: routerFor(auth, mfa).invoke, client };
}

/** Signed in, with the second factor verified (aal2) unless `aal1` is asked for. */
async function signedIn(email: string, level: 'aal1' | 'aal2' = 'aal2'): Promise<Invoke> {
  const { invoke, client } = app();
  const { user } = value(await invoke('auth:sign-in', { email, password: PASSWORD }));
  expect(user.email).toBe(email);
  if (level === 'aal2') await raiseToAal2(executor, client);
  return invoke;
}

async function pendingReviews(invoke: Invoke, limit = 5) {
  const page = value(await invoke('reviews:list', { filters: { status: ['pending'] }, limit }));
  expect(page.rows.length).toBeGreaterThanOrEqual(2);
  return page.rows;
}

describe('access per role', () => {
  it.each(roleMatrix)(
    '$email ($role): allowed domains answer, the others are forbidden naming the capability',
    async ({ email, role, allowed }) => {
      const invoke = await signedIn(email);
      const status = value(await invoke('auth:status', {}));
      expect(status).toMatchObject({ state: 'signed_in', user: { email, roles: [role] }, session_storage: 'encrypted' });
      await checkRole(invoke, allowed);
    },
  );

  it('user@ (no staff role) gets no_console_access and stays signed out', async () => {
    const { invoke } = app();
    const result = await invoke('auth:sign-in', { email: 'user@humanglue.dev', password: PASSWORD });
    expect(result).toMatchObject({ ok: false, error: { code: 'no_console_access' } });
    expect(value(await invoke('auth:status', {}))).toMatchObject({ state: 'signed_out', user: null });
  });

  it('a wrong password is a validation error on password; sign-out ends the session', async () => {
    const { invoke } = app();
    expect(await invoke('auth:sign-in', { email: 'admin@humanglue.dev', password: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'validation', field: 'password' },
    });
    const other = await signedIn('admin@humanglue.dev');
    expect(value(await other('auth:sign-out', {}))).toBeNull();
    expect(await other('users:count', { filters: {} })).toMatchObject({ ok: false, error: { code: 'session_expired' } });
  });

  it('a role removed in the database ends access at the next call', async () => {
    const invoke = await signedIn('finance2@humanglue.dev');
    value(await invoke('payments:count', { filters: {} }));
    const { rows } = await db.owner.query<{ id: string; user_id: string; role: string }>(
      `select r.id::text, r.user_id::text, r.role from public.user_roles r join public.users u on u.id = r.user_id
        where u.email = 'finance2@humanglue.dev'`,
    );
    await db.owner.query(`delete from public.user_roles where id = any($1::uuid[])`, [rows.map((r) => r.id)]);
    try {
      const result = await invoke('payments:list', { filters: {}, limit: 1 });
      expect(result.ok).toBe(false);
      expect(['forbidden', 'no_console_access']).toContain(!result.ok && result.error.code);
      expect(value(await invoke('auth:status', {})).state).toBe('signed_out');
    } finally {
      for (const row of rows) {
        await db.owner.query(`insert into public.user_roles (id, user_id, role) values ($1::uuid, $2::uuid, $3)`, [
          row.id,
          row.user_id,
          row.role,
        ]);
      }
    }
  });
});

describe('moderator', () => {
  it('lists the queue and decides a pending review; SQL validation and version conflicts keep their codes', async () => {
    const invoke = await signedIn('moderator@humanglue.dev');
    const [first, second] = await pendingReviews(invoke);
    const count = value(await invoke('reviews:count', { filters: {} }));
    expect(count).toMatchObject({ total: expect.any(Number), is_estimate: false });

    const decided = value(await invoke('reviews:decide', { review_id: first!.id, expected_version: first!.version, decision: 'approve' }));
    expect(decided).toMatchObject({ id: first!.id, status: 'approved', version: first!.version + 1, decision_id: expect.any(String) });

    // Rejecting needs a reason code: the rule lives in SQL and names its field.
    const invalid = await invoke('reviews:decide', { review_id: second!.id, expected_version: second!.version, decision: 'reject' });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'validation', field: 'reason' } });

    // Two decisions made from the same read: the second is a conflict naming who decided first.
    value(await invoke('reviews:decide', { review_id: second!.id, expected_version: second!.version, decision: 'flag' }));
    const conflict = await invoke('reviews:decide', {
      review_id: second!.id,
      expected_version: second!.version,
      decision: 'reject',
      reason: 'spam',
    });
    expect(conflict).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/already decided by/) } });

    const undone = value(await invoke('reviews:undo', { decision_id: decided.decision_id }));
    expect(undone).toMatchObject({ id: first!.id, status: 'pending' });
  });
});

describe('finance', () => {
  it('lists payments and refunds a succeeded manual payment once per idempotency key', async () => {
    const invoke = await signedIn('finance@humanglue.dev');
    const page = value(
      await invoke('payments:list', { filters: { status: ['succeeded'], provider: ['manual'], min_amount: 5 }, limit: 3 }),
    );
    const payment = page.rows[0];
    expect(payment).toMatchObject({ status: 'succeeded', provider: 'manual', cursor: expect.any(Object) });
    expect(value(await invoke('payments:totals', { filters: {} })).rows.length).toBeGreaterThan(0);

    const key = `test-${randomUUID()}`;
    const request = { payment_id: payment!.id, amount: 1, reason: 'requested_by_customer', idempotency_key: key } as const;
    const refund = value(await invoke('payments:refund', request));
    expect(refund).toMatchObject({
      payment_id: payment!.id,
      amount: 1,
      status: 'succeeded',
      replayed: false,
      payment_status: 'partially_refunded',
    });
    const again = value(await invoke('payments:refund', request));
    expect(again).toMatchObject({ id: refund.id, replayed: true });

    const detail = value(await invoke('payments:get', { payment_id: payment!.id }));
    expect(detail.refunds.map((r) => r.id)).toContain(refund.id);
    const refunds = value(await invoke('payments:list-refunds', { filters: { payment_id: payment!.id } }));
    expect(refunds.rows.filter((r) => r.id === refund.id)).toHaveLength(1);

    // More than the remainder: SQL's 22023 arrives as validation on `amount`.
    const tooMuch = await invoke('payments:refund', { ...request, amount: 9_999_999, idempotency_key: `test-${randomUUID()}` });
    expect(tooMuch).toMatchObject({ ok: false, error: { code: 'validation', field: 'amount' } });

    expect(value(await invoke('reconciliation:count-runs', { filters: {} }))).toMatchObject({ total: expect.any(Number) });
  });
});

describe('leadership', () => {
  it('lists organisations and reads their trends', async () => {
    const invoke = await signedIn('leadership@humanglue.dev');
    const orgs = value(await invoke('trends:organizations', { limit: 10 }));
    expect(orgs.rows.length).toBeGreaterThan(0);
    const ids = orgs.rows.slice(0, 2).map((o) => o.id);
    const trends = value(await invoke('trends:org-trends', { organization_ids: ids, months: 6, include_platform: true }));
    expect(trends.rows).toHaveLength(6 * (ids.length + 1));
    expect(trends.rows.at(-1)).toMatchObject({ organization_id: null, suppressed: expect.any(Boolean) });
  });
});

describe('admin', () => {
  it('lists users and the audit log, and updates a setting (audited)', async () => {
    const invoke = await signedIn('admin@humanglue.dev');
    const users = value(await invoke('users:list', { filters: {}, sort: 'email', desc: false, limit: 3 }));
    expect(users.rows).toHaveLength(3);
    expect(users.next_after).toEqual(users.rows[2]!.cursor);
    expect(Array.isArray(users.rows[0]!.roles)).toBe(true);
    const next = value(await invoke('users:list', { filters: {}, sort: 'email', desc: false, limit: 3, after: users.next_after }));
    expect(next.rows[0]!.email > users.rows[2]!.email).toBe(true);
    expect(value(await invoke('users:count', { filters: {} })).total).toBeGreaterThan(3);

    expect(value(await invoke('settings:update', { key: 'undo_window_seconds', value: 15, reason: 'test' }))).toEqual({
      key: 'undo_window_seconds',
      value: 15,
    });
    value(await invoke('settings:update', { key: 'undo_window_seconds', value: 10, reason: 'test' }));

    const settings = value(await invoke('settings:get', {}));
    expect(settings.rows.map((row) => row.key)).toEqual([
      'count_exact_limit',
      'idle_lock_minutes',
      'refund_approval_threshold',
      'trend_min_responses',
      'undo_window_seconds',
    ]);
    expect(settings.rows.at(-1)).toMatchObject({ value: 10, updated_by: 'admin@humanglue.dev', description: expect.any(String) });

    const audit = value(await invoke('audit:list', { filters: { action: 'setting.update' }, limit: 10 }));
    expect(audit.rows.length).toBeGreaterThan(0);
    expect(audit.rows[0]).toMatchObject({ entity: expect.any(String), actor_email: 'admin@humanglue.dev' });
  });

  it('every staff role reads the settings (a moderator here)', async () => {
    const invoke = await signedIn('moderator@humanglue.dev', 'aal1');
    const settings = value(await invoke('settings:get', {}));
    expect(settings.rows).toHaveLength(5);
    expect(settings.rows.find((row) => row.key === 'trend_min_responses')).toMatchObject({ value: 5, updated_at: expect.any(String) });
  });
});
