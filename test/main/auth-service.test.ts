// The auth service through the real supabase-js client and the local gateway, on this file's clone of the migrated,
// seeded PostgreSQL 17 template (pgExecutor). Session storage is the real encrypted file adapter in a temp dir.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestDatabase } from '../support/db.js';
import { pgExecutor } from '../../electron/main/local-backend/pg-executor.js';
import { createGateway, type Gateway } from '../../electron/main/local-backend/gateway.js';
import { randomJwtSecret } from '../../electron/main/local-backend/jwt.js';
import type { SqlExecutor } from '../../electron/main/local-backend/sql-executor.js';
import { createSessionStorage, type SecretBox, type SessionStorage } from '../../electron/main/session/secure-storage.js';
import { createConsoleClient, sessionStorageKey } from '../../electron/main/session/supabase-client.js';
import { createAuthService, type AuthService, type AuthStatus } from '../../electron/main/session/auth-service.js';
import { fakeBox } from './fake-box.js';

const db = useTestDatabase();
const URL = 'http://local.humanglue';
const SESSION_STORAGE_KEY = sessionStorageKey(URL);
const PASSWORD = 'HumanGlue-demo-2026!';
const jwtSecret = randomJwtSecret();
let executor: SqlExecutor;
let gateway: Gateway;
let dir: string;
const services: AuthService[] = [];

beforeAll(async () => {
  executor = pgExecutor({ ...db.server, database: db.name, max: 4 });
  gateway = await createGateway({ executor, jwtSecret });
  dir = await mkdtemp(join(tmpdir(), 'hg-auth-'));
});

afterAll(async () => {
  await Promise.all(services.map((service) => service.close()));
  await executor?.close();
  await rm(dir, { recursive: true, force: true });
});

interface Harness {
  auth: AuthService;
  storage: SessionStorage;
  changes: AuthStatus[];
  file: string;
  box: SecretBox;
}

/** One "app start": a storage over `file`, the one client, the auth service. */
function start(options: { file?: string; box?: SecretBox; via?: Gateway } = {}): Harness {
  const file = options.file ?? join(dir, `${randomBytes(4).toString('hex')}.bin`);
  const box = options.box ?? fakeBox();
  const storage = createSessionStorage({ box, file });
  const via = options.via ?? gateway;
  const client = createConsoleClient({ url: URL, apiKey: via.publishableKey, fetch: via.fetch, storage });
  const changes: AuthStatus[] = [];
  const auth = createAuthService({ client, storage, onChange: (status) => changes.push(status) });
  services.push(auth);
  return { auth, storage, changes, file, box };
}

async function sql(text: string, params: unknown[] = []) {
  return executor.transaction(async (tx) => (await tx.query(text, params)).rows);
}

const MODERATOR = ['reviews.read', 'reviews.moderate', 'reviews.respond'];
const FINANCE = ['payments.read', 'payments.refund', 'refunds.approve', 'reconciliation.run'];
const ADMIN_ONLY = ['users.manage', 'audit.read_all', 'settings.manage', 'assessments.read'];
// 015: the platform's tables. Support runs them; finance reads organisations and workshops; moderators verify
// testimonials.
const SUPPORT = [
  'organizations.read',
  'organizations.manage',
  'workshops.read',
  'workshops.manage',
  'engagements.read',
  'engagements.manage',
  'talent.read',
  'testimonials.verify',
  'certificates.read',
  'certificates.revoke',
];
const FINANCE_PLATFORM = ['organizations.read', 'workshops.read'];
const MODERATOR_PLATFORM = ['talent.read', 'testimonials.verify'];
// Every staff member: their own audit entries, search everywhere and saved views (016).
const EVERY_STAFF = ['audit.read_own', 'search.everything', 'views.save'];
const expected: Array<[string, string[], string[]]> = [
  ['admin@humanglue.dev', ['admin'], [...MODERATOR, ...FINANCE, 'trends.read', ...ADMIN_ONLY, ...SUPPORT, ...EVERY_STAFF]],
  ['moderator@humanglue.dev', ['moderator'], [...MODERATOR, ...MODERATOR_PLATFORM, ...EVERY_STAFF]],
  ['finance@humanglue.dev', ['finance'], [...FINANCE, ...FINANCE_PLATFORM, ...EVERY_STAFF]],
  ['finance2@humanglue.dev', ['finance'], [...FINANCE, ...FINANCE_PLATFORM, ...EVERY_STAFF]],
  ['leadership@humanglue.dev', ['leadership'], ['trends.read', ...EVERY_STAFF]],
  ['support@humanglue.dev', ['support'], [...SUPPORT, ...EVERY_STAFF]],
];

describe('sign-in', () => {
  it.each(expected)('%s signs in and gets the capabilities of %j', async (email, roles, capabilities) => {
    const { auth, changes } = start();
    const status = await auth.signIn(email, PASSWORD);
    expect(status).toMatchObject({ signedIn: true, roles, persistence: 'keychain', backend: 'keychain' });
    expect(status.user?.email).toBe(email);
    expect(status.user?.fullName).toEqual(expect.any(String));
    expect(status.capabilities).toEqual([...capabilities].sort());
    expect(changes.at(-1)?.signedIn).toBe(true);
    expect(JSON.stringify(status)).not.toMatch(/token/i);
  });

  it('refuses user@ (no staff role) with no_console_access and leaves nobody signed in', async () => {
    const { auth, storage } = start();
    await expect(auth.signIn('user@humanglue.dev', PASSWORD)).rejects.toMatchObject({
      code: 'no_console_access',
      message: expect.stringMatching(/has no console access/),
    });
    expect(auth.status()).toMatchObject({ signedIn: false, user: null, roles: [], capabilities: [] });
    expect(await storage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('says clearly when the password is wrong, and validates input', async () => {
    const { auth, storage } = start();
    await expect(auth.signIn('admin@humanglue.dev', 'wrong-password')).rejects.toMatchObject({
      code: 'invalid_credentials',
      message: 'Wrong email or password.',
    });
    await expect(auth.signIn('', '')).rejects.toMatchObject({ code: 'invalid_input' });
    expect(auth.status().signedIn).toBe(false);
    expect(await storage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('keeps the session in memory only (and says so) without a real key store', async () => {
    const { auth, file } = start({ box: fakeBox('basic_text') });
    const status = await auth.signIn('moderator@humanglue.dev', PASSWORD);
    expect(status).toMatchObject({ signedIn: true, persistence: 'memory', backend: 'basic_text' });
    await expect(readFile(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('session lifetime', () => {
  it('survives a restart (new client, same storage file and key) and is verified before use', async () => {
    const first = start();
    await first.auth.signIn('finance@humanglue.dev', PASSWORD);
    const stored = await readFile(first.file);
    expect(stored.toString('latin1')).not.toContain('refresh_token');
    await first.auth.close();

    const second = start({ file: first.file, box: first.box });
    expect(second.auth.status().signedIn).toBe(false);
    const status = await second.auth.restore();
    expect(status).toMatchObject({ signedIn: true, roles: ['finance'] });
    const { data, error } = await second.auth.rpc<unknown[]>('list_payments', { p_limit: 2 });
    expect(error).toBeNull();
    expect(data).toHaveLength(2);
  });

  it('a restart asks GoTrue about the session and the database about access together: one round trip, not two', async () => {
    const first = start();
    await first.auth.signIn('moderator@humanglue.dev', PASSWORD);
    await first.auth.close();
    // GoTrue's answer is held back until the access request arrives (or 3 s pass): asked one after the other, the
    // access request would only leave after GoTrue's answer.
    const seen: string[] = [];
    let accessAsked = () => undefined as void;
    const asked = new Promise<void>((resolve) => (accessAsked = resolve));
    const pathOf = (input: string | URL | Request) => new globalThis.URL(input instanceof Request ? input.url : input).pathname;
    const held: Gateway = {
      ...gateway,
      fetch: async (input, init) => {
        const path = pathOf(input);
        seen.push(`→ ${path}`);
        if (path.endsWith('/rpc/my_access')) accessAsked();
        if (path === '/auth/v1/user') await Promise.race([asked, new Promise((resolve) => setTimeout(resolve, 3000))]);
        const response = await gateway.fetch(input, init);
        seen.push(`← ${path}`);
        return response;
      },
    };
    const second = start({ file: first.file, box: first.box, via: held });
    expect(await second.auth.restore()).toMatchObject({ signedIn: true, roles: ['moderator'] });
    expect(seen).toContain('← /auth/v1/user');
    expect(seen.indexOf('→ /rest/v1/rpc/my_access')).toBeGreaterThanOrEqual(0);
    expect(seen.indexOf('→ /rest/v1/rpc/my_access')).toBeLessThan(seen.indexOf('← /auth/v1/user'));
  });

  it('clears a stored session that the server no longer knows', async () => {
    const first = start();
    const signedIn = await first.auth.signIn('leadership@humanglue.dev', PASSWORD);
    await sql(`delete from auth.sessions where user_id = $1::uuid`, [signedIn.user!.id]);
    await first.auth.close();
    const second = start({ file: first.file, box: first.box });
    const status = await second.auth.restore();
    expect(status.signedIn).toBe(false);
    expect(status.notice).toMatch(/session has ended/);
    expect(await second.storage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('refreshes the access token when it expires', async () => {
    // Tokens living 60 s are inside supabase-js's 90 s expiry margin: every use must go through a refresh first.
    const shortLived = await createGateway({ executor, jwtSecret, accessTokenTtlSeconds: 60 });
    const { auth, storage } = start({ via: shortLived });
    await auth.signIn('moderator@humanglue.dev', PASSWORD);
    const before = JSON.parse((await storage.getItem(SESSION_STORAGE_KEY))!) as { refresh_token: string; access_token: string };
    const { error } = await auth.rpc('list_reviews', { p_limit: 1 });
    expect(error).toBeNull();
    const after = JSON.parse((await storage.getItem(SESSION_STORAGE_KEY))!) as { refresh_token: string; access_token: string };
    expect(after.refresh_token).not.toBe(before.refresh_token);
    expect(auth.status().signedIn).toBe(true);
  });

  it('refreshes once when the server says the JWT expired (sleep, clock skew)', async () => {
    let offsetMs = 0;
    const skewed = await createGateway({ executor, jwtSecret, now: () => new Date(Date.now() + offsetMs) });
    const { auth } = start({ via: skewed });
    await auth.signIn('admin@humanglue.dev', PASSWORD);
    offsetMs = 3700 * 1000; // the server's clock is past the token's expiry; supabase-js still thinks it is fresh
    const { error } = await auth.rpc('list_users', { p_limit: 1 });
    expect(error).toBeNull();
    expect(auth.status().signedIn).toBe(true);
  });

  it('a banned user cannot refresh: the next call ends the session with session_expired', async () => {
    let offsetMs = 0;
    const skewed = await createGateway({ executor, jwtSecret, now: () => new Date(Date.now() + offsetMs) });
    const { auth, storage, changes } = start({ via: skewed });
    const status = await auth.signIn('finance2@humanglue.dev', PASSWORD);
    await sql(`update auth.users set banned_until = now() + interval '1 day' where id = $1::uuid`, [status.user!.id]);
    try {
      offsetMs = 3700 * 1000;
      await expect(auth.rpc('list_payments', { p_limit: 1 })).rejects.toMatchObject({ code: 'session_expired' });
      expect(auth.status().signedIn).toBe(false);
      expect(changes.at(-1)).toMatchObject({ signedIn: false, notice: expect.stringMatching(/session has ended/) });
      expect(await storage.getItem(SESSION_STORAGE_KEY)).toBeNull();
    } finally {
      await sql(`update auth.users set banned_until = null where id = $1::uuid`, [status.user!.id]);
    }
  });

  it('a session revoked on the server ends at verify() (app focus / wake)', async () => {
    const { auth } = start();
    const status = await auth.signIn('moderator@humanglue.dev', PASSWORD);
    await sql(`delete from auth.sessions where user_id = $1::uuid`, [status.user!.id]);
    await expect(auth.verify()).rejects.toMatchObject({ code: 'session_expired' });
    expect(auth.status().signedIn).toBe(false);
  });

  it('a removed role ends access at the next call with no_console_access; a narrowed one gives forbidden', async () => {
    const { auth, changes } = start();
    const status = await auth.signIn('finance2@humanglue.dev', PASSWORD);
    const userId = status.user!.id;
    const roles = await sql(`select id::text, role, organization_id, expires_at from public.user_roles where user_id = $1::uuid`, [userId]);
    try {
      // Narrowed: finance becomes leadership → a finance call is forbidden, the status follows.
      await sql(`update public.user_roles set role = 'leadership' where user_id = $1::uuid and role = 'finance'`, [userId]);
      await expect(auth.rpc('list_payments', { p_limit: 1 })).rejects.toMatchObject({
        code: 'forbidden',
        message: expect.stringMatching(/payments\.read/),
      });
      expect(auth.status()).toMatchObject({ signedIn: true, roles: ['leadership'] });
      expect(changes.at(-1)?.roles).toEqual(['leadership']);

      // Removed: no staff role left → signed out.
      await sql(`delete from public.user_roles where user_id = $1::uuid`, [userId]);
      await expect(auth.rpc('list_payments', { p_limit: 1 })).rejects.toMatchObject({ code: 'no_console_access' });
      expect(auth.status().signedIn).toBe(false);
      await expect(auth.rpc('my_access')).rejects.toMatchObject({ code: 'session_expired' });
    } finally {
      await sql(`delete from public.user_roles where user_id = $1::uuid`, [userId]);
      for (const row of roles as Array<{ id: string; role: string }>) {
        await sql(`insert into public.user_roles (id, user_id, role) values ($1::uuid, $2::uuid, $3)`, [row.id, userId, row.role]);
      }
    }
  });

  it('sign-out clears the stored session (and a restart finds none)', async () => {
    const first = start();
    await first.auth.signIn('admin@humanglue.dev', PASSWORD);
    expect(await first.storage.getItem(SESSION_STORAGE_KEY)).not.toBeNull();
    const status = await first.auth.signOut();
    expect(status.signedIn).toBe(false);
    expect(status.notice).toBeUndefined();
    expect(first.changes.at(-1)).toMatchObject({ signedIn: false });
    expect(first.changes.at(-1)?.notice).toBeUndefined();
    expect(await first.storage.getItem(SESSION_STORAGE_KEY)).toBeNull();
    await expect(readFile(first.file)).rejects.toMatchObject({ code: 'ENOENT' });
    const second = start({ file: first.file, box: first.box });
    expect((await second.auth.restore()).signedIn).toBe(false);
  });
});
