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
import type { ChannelInput } from '../../shared/ipc/contract.js';
import { platformCapabilities, type PlatformChannel } from '../../shared/ipc/platform.js';

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

// ====== the platform's tables (015): support runs them ======

const NOWHERE = '5a000000-0000-4000-8000-00000000beef';
/** One call per platform channel on ids no row has: nothing changes whoever makes it. */
const platformCalls: { [C in PlatformChannel]: ChannelInput<C> } = {
  'organisations:list': { filters: {}, limit: 1 },
  'organisations:get': { organization_id: NOWHERE },
  'organisations:set-tier': { organization_id: NOWHERE, tier: 'growth', reason: 'probe' },
  'workshops:list': { filters: {}, limit: 1 },
  'workshops:get': { workshop_id: NOWHERE },
  'workshops:registrations': { filters: { workshop_id: NOWHERE }, limit: 1 },
  'workshops:cancel-registration': { registration_id: NOWHERE, reason: 'probe' },
  'workshops:record-attendance': { registration_id: NOWHERE, attended: true, completed: false },
  'workshops:preview-cancellation': { workshop_id: NOWHERE },
  'workshops:set-status': { workshop_id: NOWHERE, status: 'archived', reason: 'probe', idempotency_key: 'probe-0001' },
  'engagements:list': { filters: {}, limit: 1 },
  'engagements:sessions': { filters: { engagement_id: NOWHERE }, limit: 1 },
  'engagements:set-session-status': { session_id: NOWHERE, status: 'cancelled' },
  'talent:list': { filters: {}, limit: 1 },
  'talent:testimonials': { filters: { talent_profile_id: NOWHERE }, limit: 1 },
  'talent:decide-testimonial': { testimonial_id: NOWHERE, decision: 'verify', expected_updated_at: '2025-01-31T12:00:00Z' },
  'certificates:list': { filters: {}, limit: 1 },
  'certificates:verify': { certificate_number: 'CERT-WORKSHOP-20250101-00000000' },
  'certificates:revoke': { certificate_id: NOWHERE, reason: 'probe' },
  'assessments:list': { filters: { organization_id: NOWHERE }, limit: 1 },
};
const platformChannelNames = Object.keys(platformCalls) as PlatformChannel[];

describe('platform channels and their capabilities', () => {
  it('leadership (none of them) is refused every platform channel, naming the capability the contract lists', async () => {
    const invoke = await signedIn('leadership@humanglue.dev');
    for (const channel of platformChannelNames) {
      const result = await invoke(channel, platformCalls[channel] as never);
      expect(result, channel).toEqual({
        ok: false,
        error: { code: 'forbidden', message: expect.stringContaining(`${platformCapabilities[channel]} is needed`) },
      });
    }
  });

  it('support passes every capability check but the assessments one (answers, or not_found on an unknown id)', async () => {
    const invoke = await signedIn('support@humanglue.dev');
    for (const channel of platformChannelNames) {
      const result = await invoke(channel, platformCalls[channel] as never);
      if (channel === 'assessments:list') {
        expect(result, channel).toMatchObject({ ok: false, error: { code: 'forbidden' } });
        continue;
      }
      expect(result.ok || result.error.code === 'not_found', `${channel}: ${JSON.stringify(result)}`).toBe(true);
    }
  });
});

describe('support: organisations', () => {
  it('finds one by a pasted URL, reads it without payments, and changes its tier with a reason (audited)', async () => {
    const invoke = await signedIn('support@humanglue.dev');
    const all = value(await invoke('organisations:list', { filters: {}, sort: 'name', desc: false, limit: 200 }));
    const org = all.rows.find((row) => row.website !== null);
    if (!org) expect.fail('the seed has an organisation with a website');
    const host = new globalThis.URL(org.website!).host.replace(/^www\./, '');
    const found = value(await invoke('organisations:list', { filters: { search: `https://www.${host}/about` } }));
    expect(found.rows.map((row) => row.id)).toContain(org.id);

    const detail = value(await invoke('organisations:get', { organization_id: org.id }));
    expect(detail).toMatchObject({ organization: { id: org.id, name: org.name }, payments: null, can_manage: true, can_see_trends: false });
    expect(detail.completed_assessments).toBe(org.completed_assessments);

    const same = await invoke('organisations:set-tier', {
      organization_id: org.id,
      tier: org.subscription_tier as 'growth',
      reason: 'test',
    });
    expect(same).toMatchObject({ ok: false, error: { code: 'validation', field: 'tier', message: expect.stringContaining('is already') } });
    const tier = org.subscription_tier === 'enterprise' ? 'growth' : 'enterprise';
    const changed = value(await invoke('organisations:set-tier', { organization_id: org.id, tier, reason: 'signed the new plan' }));
    expect(changed).toMatchObject({ id: org.id, subscription_tier: tier, updated_at: expect.any(String) });
    const audit = value(await invoke('audit:list', { filters: { action: 'organization.set_tier', entity_id: org.id }, limit: 5 }));
    expect(audit.rows[0]).toMatchObject({ actor_email: 'support@humanglue.dev', reason: 'signed the new plan' });

    // Billing: a password-only session is asked for the second factor, and nothing changes.
    const aal1 = await signedIn('support@humanglue.dev', 'aal1');
    const stepUp = await aal1('organisations:set-tier', { organization_id: org.id, tier: org.subscription_tier as 'growth', reason: 'x' });
    expect(stepUp).toMatchObject({ ok: false, error: { code: 'step_up' } });
    expect(value(await invoke('organisations:get', { organization_id: org.id })).organization.subscription_tier).toBe(tier);

    expect(await invoke('organisations:get', { organization_id: randomUUID() })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('finance reads an organisation with its payments but may not change it', async () => {
    const invoke = await signedIn('finance@humanglue.dev');
    const org = value(await invoke('organisations:list', { filters: {}, limit: 1 })).rows[0]!;
    const detail = value(await invoke('organisations:get', { organization_id: org.id }));
    expect(Array.isArray(detail.payments)).toBe(true);
    expect(detail).toMatchObject({ can_manage: false });
    const refused = await invoke('organisations:set-tier', { organization_id: org.id, tier: 'starter', reason: 'x' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('organizations.manage') } });
  });
});

describe('support: workshops, registrations and certificates', () => {
  it('cancels a registration (the seat comes back), records attendance with one certificate, then revokes it', async () => {
    const invoke = await signedIn('support@humanglue.dev');
    const registered = value(await invoke('workshops:registrations', { filters: { status: 'registered' }, limit: 50 })).rows;
    expect(registered.length).toBeGreaterThanOrEqual(2);
    const [first, second] = [registered[0]!, registered.find((row) => row.id !== registered[0]!.id && !row.certificate_id)!];

    const before = value(await invoke('workshops:get', { workshop_id: first.workshop_id }));
    const cancelled = value(await invoke('workshops:cancel-registration', { registration_id: first.id, reason: 'asked by email' }));
    expect(cancelled).toMatchObject({ id: first.id, status: 'cancelled', cancelled_at: expect.any(String) });
    const after = value(await invoke('workshops:get', { workshop_id: first.workshop_id }));
    expect(after.workshop.capacity_remaining).toBe(before.workshop.capacity_remaining + 1);
    expect(after.counts.cancelled).toBe(before.counts.cancelled + 1);
    const again = await invoke('workshops:cancel-registration', { registration_id: first.id, reason: 'twice' });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('already cancelled') } });
    const attendCancelled = await invoke('workshops:record-attendance', { registration_id: first.id, attended: true, completed: false });
    expect(attendCancelled).toMatchObject({ ok: false, error: { code: 'validation', field: 'registration' } });

    const notAttended = await invoke('workshops:record-attendance', { registration_id: second.id, attended: false, completed: true });
    expect(notAttended).toMatchObject({ ok: false, error: { code: 'validation', field: 'completed' } });
    const input = { registration_id: second.id, attended: true, completed: true, issue_certificate: true } as const;
    const done = value(await invoke('workshops:record-attendance', input));
    expect(done).toMatchObject({ status: 'completed', attended: true, certificate_number: expect.stringMatching(/^CERT-/) });
    expect(value(await invoke('workshops:record-attendance', input))).toMatchObject({ certificate_id: done.certificate_id });

    const number = done.certificate_number!;
    const url = `https://humanglue.dev/verify/${number.toLowerCase()}`;
    const listed = value(await invoke('certificates:list', { filters: { search: url } }));
    expect(listed.rows.map((row) => row.id)).toEqual([done.certificate_id]);
    expect(value(await invoke('certificates:verify', { certificate_number: ` ${number} ` })).certificate).toMatchObject({
      certificate_number: number,
      is_revoked: false,
    });
    const revoked = value(await invoke('certificates:revoke', { certificate_id: done.certificate_id!, reason: 'issued by mistake' }));
    expect(revoked).toMatchObject({ certificate_number: number, revocation_reason: 'issued by mistake', revoked_at: expect.any(String) });
    expect(value(await invoke('certificates:verify', { certificate_number: number })).certificate).toMatchObject({ is_revoked: true });
    const twice = await invoke('certificates:revoke', { certificate_id: done.certificate_id!, reason: 'again' });
    expect(twice).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('already revoked') } });
    expect(value(await invoke('certificates:verify', { certificate_number: 'CERT-NOPE-20200101-00000000' })).certificate).toBeNull();
  });

  it('cancelling a workshop requests one refund per paid registration, pending approval, never twice', async () => {
    const invoke = await signedIn('support@humanglue.dev');
    const workshops = value(await invoke('workshops:list', { filters: { status: 'published' }, limit: 200 })).rows;
    let target: { id: string; due: number } | undefined;
    for (const workshop of workshops.filter((row) => row.registrations > 0)) {
      const due = value(await invoke('workshops:preview-cancellation', { workshop_id: workshop.id })).rows;
      if (due.length > 0) {
        expect(due.every((row) => row.needs_approval && row.amount > 0)).toBe(true);
        target = { id: workshop.id, due: due.length };
        break;
      }
    }
    if (!target) expect.fail('the seed has a published workshop with a paid registration');
    expect(value(await invoke('workshops:get', { workshop_id: target.id })).paid_registrations).toBe(target.due);

    const aal1 = await signedIn('support@humanglue.dev', 'aal1');
    const request = {
      workshop_id: target.id,
      status: 'cancelled',
      reason: 'instructor ill',
      idempotency_key: `test-${randomUUID()}`,
    } as const;
    expect(await aal1('workshops:set-status', request)).toMatchObject({ ok: false, error: { code: 'step_up' } });

    const result = value(await invoke('workshops:set-status', request));
    expect(result.status).toBe('cancelled');
    expect(result.cancelled_registrations).toBeGreaterThanOrEqual(target.due);
    expect(result.refunds).toHaveLength(target.due);
    expect(result.refunds.every((refund) => refund.status === 'pending_approval')).toBe(true);
    const replay = value(await invoke('workshops:set-status', request));
    expect(replay.refunds.map((r) => r.refund_id).sort()).toEqual(result.refunds.map((r) => r.refund_id).sort());
    expect(value(await invoke('workshops:preview-cancellation', { workshop_id: target.id })).rows).toEqual([]);

    const reopen = await invoke('workshops:set-status', { ...request, status: 'published', idempotency_key: `test-${randomUUID()}` });
    expect(reopen).toMatchObject({ ok: false, error: { code: 'validation', field: 'status' } });

    // Finance sees the requests waiting for a second person.
    const finance = await signedIn('finance@humanglue.dev');
    const refunds = value(await finance('payments:list-refunds', { filters: { status: ['pending_approval'] }, limit: 200 })).rows;
    expect(refunds.filter((r) => result.refunds.some((x) => x.refund_id === r.id)).map((r) => r.reason)).toEqual(
      result.refunds.map(() => 'workshop_cancelled'),
    );
  });
});

describe('support: engagements and testimonials', () => {
  it("a session over the engagement's hour budget is refused with SQL's message, detail and hint", async () => {
    const invoke = await signedIn('support@humanglue.dev');
    const engagements = value(await invoke('engagements:list', { filters: {}, limit: 200 })).rows;
    let found: { session: string; left: number } | undefined;
    for (const engagement of engagements.filter((row) => row.hours_total - row.hours_used < 23)) {
      const sessions = value(await invoke('engagements:sessions', { filters: { engagement_id: engagement.id }, limit: 50 })).rows;
      const open = sessions.find((row) => row.status !== 'completed');
      if (open) {
        found = { session: open.id, left: engagement.hours_total - engagement.hours_used };
        break;
      }
    }
    if (!found) expect.fail('the seed has an engagement with an open session and less than 23 hours left');

    const over = Math.round((found.left + 0.5) * 100) / 100;
    const refused = await invoke('engagements:set-session-status', {
      session_id: found.session,
      status: 'completed',
      duration_hours: over,
    });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'conflict',
        message: expect.stringContaining("exceed the engagement's hour budget"),
        details: { detail: expect.any(String), hint: expect.any(String) },
      },
    });
    const within = Math.min(found.left, 0.25);
    const ok = value(
      await invoke('engagements:set-session-status', { session_id: found.session, status: 'completed', duration_hours: within }),
    );
    expect(ok).toMatchObject({ id: found.session, status: 'completed', duration_hours: within });
    expect(ok.hours_used).toBeLessThanOrEqual(ok.hours_total);
  });

  it('decides a testimonial as read: a stale read is a conflict, rejecting needs a reason, a second verify is a conflict', async () => {
    const invoke = await signedIn('moderator@humanglue.dev');
    const queue = value(await invoke('talent:testimonials', { filters: { state: 'pending' }, limit: 10 })).rows;
    const testimonial = queue[0];
    if (!testimonial) expect.fail('the seed has a pending testimonial');
    expect(testimonial.state).toBe('pending');

    const stale = await invoke('talent:decide-testimonial', {
      testimonial_id: testimonial.id,
      decision: 'verify',
      expected_updated_at: '2020-01-01T00:00:00Z',
    });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('read it again') } });
    const noReason = await invoke('talent:decide-testimonial', {
      testimonial_id: testimonial.id,
      decision: 'reject',
      expected_updated_at: testimonial.updated_at,
    });
    expect(noReason).toMatchObject({ ok: false, error: { code: 'validation', field: 'reason' } });

    const decision = { testimonial_id: testimonial.id, decision: 'verify', expected_updated_at: testimonial.updated_at } as const;
    expect(value(await invoke('talent:decide-testimonial', decision))).toMatchObject({
      id: testimonial.id,
      verified: true,
      state: 'verified',
    });
    expect(await invoke('talent:decide-testimonial', decision)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const verified = value(
      await invoke('talent:testimonials', { filters: { state: 'verified', talent_profile_id: testimonial.talent_profile_id } }),
    );
    expect(verified.rows.find((row) => row.id === testimonial.id)).toMatchObject({ decided_by_email: 'moderator@humanglue.dev' });
  });
});

describe('admin: assessments', () => {
  it("lists an organisation's assessments: scores only, newest first", async () => {
    const invoke = await signedIn('admin@humanglue.dev');
    const orgs = value(await invoke('organisations:list', { filters: {}, limit: 200 })).rows;
    const org = orgs.find((row) => row.completed_assessments > 0);
    if (!org) expect.fail('the seed has an organisation with completed assessments');
    const page = value(await invoke('assessments:list', { filters: { organization_id: org.id, status: 'completed' }, limit: 200 }));
    expect(page.rows).toHaveLength(org.completed_assessments);
    expect(Object.keys(page.rows[0]!).sort()).toEqual(
      [
        'assessment_type',
        'completed_at',
        'cultural_score',
        'cursor',
        'embedding_score',
        'full_name',
        'id',
        'individual_score',
        'leadership_score',
        'overall_score',
        'status',
        'user_id',
        'velocity_score',
      ].sort(),
    );
    expect(page.rows[0]!.overall_score).toEqual(expect.any(Number));
  });
});
