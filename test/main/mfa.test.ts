// The second factor end to end in main: router → mfa service → supabase-js's auth.mfa → the local gateway's GoTrue
// factor routes → this file's clone of the seeded database. Enrol, verify, step up before an action the database
// keeps for aal2 (the refused call then goes through once, with the same idempotency key), remove, and the idle
// lock's password check that leaves the held session alone. Codes are computed from the enrolled secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestDatabase } from '../support/db.js';
import { pgExecutor } from '../../electron/main/local-backend/pg-executor.js';
import { createGateway, type Gateway } from '../../electron/main/local-backend/gateway.js';
import { randomJwtSecret } from '../../electron/main/local-backend/jwt.js';
import { totpCode } from '../../electron/main/local-backend/gotrue-mfa.js';
import type { SqlExecutor } from '../../electron/main/local-backend/sql-executor.js';
import { createSessionStorage } from '../../electron/main/session/secure-storage.js';
import { createConsoleClient, type ConsoleClient } from '../../electron/main/session/supabase-client.js';
import { createMfaService, scratchClientFor } from '../../electron/main/session/mfa.js';
import { createAuthService, type AuthService } from '../../electron/main/session/auth-service.js';
import { fakeBox } from './fake-box.js';
import { PASSWORD, routerFor, value, type Invoke } from './services-roles.js';

const db = useTestDatabase();
const URL = 'http://local.humanglue';
let executor: SqlExecutor;
let gateway: Gateway;
let dir: string;
const services: AuthService[] = [];

beforeAll(async () => {
  executor = pgExecutor({ ...db.server, database: db.name, max: 4 });
  gateway = await createGateway({ executor, jwtSecret: randomJwtSecret() });
  dir = await mkdtemp(join(tmpdir(), 'hg-mfa-'));
});

afterAll(async () => {
  await Promise.all(services.map((service) => service.close()));
  await executor?.close();
  await rm(dir, { recursive: true, force: true });
});

async function signedIn(email: string): Promise<{ invoke: Invoke; client: ConsoleClient }> {
  const storage = createSessionStorage({ box: fakeBox(), file: join(dir, `${randomBytes(4).toString('hex')}.bin`) });
  const client = createConsoleClient({ url: URL, apiKey: gateway.publishableKey, fetch: gateway.fetch, storage });
  const auth = createAuthService({ client, storage });
  services.push(auth);
  const { invoke } = routerFor(
    auth,
    createMfaService({ client, scratchClient: scratchClientFor(URL, gateway.publishableKey, gateway.fetch) }),
  );
  value(await invoke('auth:sign-in', { email, password: PASSWORD }));
  return { invoke, client };
}

/** The code `steps` periods from now (each step is accepted once per factor). */
const code = (secret: string, steps = 0) => totpCode(secret, new Date(Date.now() + steps * 30_000));

async function refundable(): Promise<string> {
  const { rows } = await db.owner.query<{ id: string }>(
    `select p.id from public.payments p
      where p.status = 'succeeded' and p.provider = 'manual' and p.amount >= 20
        and not exists (select 1 from public.payment_refunds r where r.payment_id = p.id)
      order by p.id limit 1 offset $1`,
    [Math.floor(Math.random() * 5)],
  );
  return rows[0]!.id;
}

describe('second factor', () => {
  it('enrols with a QR code and a secret, and the first code raises the session to aal2', async () => {
    const { invoke } = await signedIn('moderator@humanglue.dev');
    expect(value(await invoke('mfa:state', {}))).toEqual({ aal: 'aal1', next_aal: 'aal1', factors: [] });
    const enrolled = value(await invoke('mfa:enroll', { friendly_name: '  Work phone ' }));
    expect(enrolled.qr_svg).toMatch(/^<svg/);
    expect(enrolled.uri).toContain('issuer=HumanGlue%20Console');
    expect(value(await invoke('mfa:state', {})).factors).toEqual([
      expect.objectContaining({ id: enrolled.factor_id, friendly_name: 'Work phone', status: 'unverified' }),
    ]);

    const wrong = await invoke('mfa:verify', { factor_id: enrolled.factor_id, code: code(enrolled.secret, 4) });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'validation', field: 'code', message: expect.stringMatching(/not right/) } });
    const malformed = await invoke('mfa:verify', { factor_id: enrolled.factor_id, code: '12 34' });
    expect(malformed).toMatchObject({ ok: false, error: { code: 'validation', field: 'code' } });
    const state = value(await invoke('mfa:verify', { factor_id: enrolled.factor_id, code: code(enrolled.secret) }));
    expect(state).toMatchObject({ aal: 'aal2', next_aal: 'aal2', factors: [expect.objectContaining({ status: 'verified' })] });
  });

  it('a refund refused at aal1 asks for a code; after the step-up the same request goes through once', async () => {
    const first = await signedIn('finance@humanglue.dev');
    const enrolled = value(await first.invoke('mfa:enroll', { friendly_name: 'Phone' }));
    value(await first.invoke('mfa:verify', { factor_id: enrolled.factor_id, code: code(enrolled.secret) }));

    // A new sign-in is aal1 again: the password alone does not move money.
    const { invoke } = await signedIn('finance@humanglue.dev');
    const request = { payment_id: await refundable(), amount: 1, reason: 'duplicate', idempotency_key: `mfa-${randomUUID()}` } as const;
    const refused = await invoke('payments:refund', request);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'step_up', details: { reason: 'aal2_required', action: 'refund_payment' } },
    });
    const { rows } = await db.owner.query('select count(*)::int as n from public.payment_refunds where idempotency_key = $1', [
      request.idempotency_key,
    ]);
    expect(rows[0].n).toBe(0);

    // The code just used is refused again (replay); the next one steps up.
    const replay = await invoke('mfa:step-up', { code: code(enrolled.secret) });
    expect(replay).toMatchObject({ ok: false, error: { code: 'validation', field: 'code' } });
    expect(value(await invoke('mfa:step-up', { code: code(enrolled.secret, 1) })).aal).toBe('aal2');
    const done = value(await invoke('payments:refund', request));
    expect(done).toMatchObject({ amount: 1, replayed: false });
    expect(value(await invoke('payments:refund', request))).toMatchObject({ id: done.id, replayed: true });
  });

  it('a person with no factor is told to set one up; reading stays open at aal1', async () => {
    const { invoke } = await signedIn('admin@humanglue.dev');
    expect(value(await invoke('users:list', { filters: {}, limit: 5 })).rows.length).toBeGreaterThan(0);
    const stepUp = await invoke('mfa:step-up', { code: '123456' });
    expect(stepUp).toMatchObject({ ok: false, error: { code: 'step_up', message: expect.stringMatching(/Set up an authenticator app/) } });
    const setting = await invoke('settings:update', { key: 'idle_lock_minutes', value: 10 });
    expect(setting).toMatchObject({ ok: false, error: { code: 'step_up' } });
  });

  it('removing a verified factor needs a code first; then the session is aal1 again', async () => {
    const { invoke } = await signedIn('finance2@humanglue.dev');
    const enrolled = value(await invoke('mfa:enroll', { friendly_name: 'Tablet' }));
    value(await invoke('mfa:verify', { factor_id: enrolled.factor_id, code: code(enrolled.secret) }));
    const again = await signedIn('finance2@humanglue.dev');
    expect(await again.invoke('mfa:unenroll', { factor_id: enrolled.factor_id })).toMatchObject({ ok: false, error: { code: 'step_up' } });
    value(await again.invoke('mfa:step-up', { code: code(enrolled.secret, 1) }));
    expect(value(await again.invoke('mfa:unenroll', { factor_id: enrolled.factor_id }))).toEqual({
      aal: 'aal1',
      next_aal: 'aal1',
      factors: [],
    });
  });

  it('the idle lock checks the password without replacing or ending the held session', async () => {
    const { invoke, client } = await signedIn('leadership@humanglue.dev');
    const before = (await client.auth.getSession()).data.session!.access_token;
    expect(value(await invoke('mfa:unlock', { password: 'not the password' }))).toEqual({ ok: false });
    expect(value(await invoke('mfa:unlock', { password: PASSWORD }))).toEqual({ ok: true });
    expect((await client.auth.getSession()).data.session!.access_token).toBe(before);
    expect(value(await invoke('trends:organizations', {})).rows.length).toBeGreaterThan(0);
  });
});
