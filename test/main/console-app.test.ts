// The assembled core the Electron entry and the end-to-end suite both use: it starts on the local backend with no
// configuration, answers only the app's own sender, pushes session events, and keeps the session across a restart
// on the same data folder (a new core, as reopening the app builds).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleApp, type ConsoleApp, type Platform } from '../../electron/main/app/console-app.js';
import type { EventPayload } from '../../shared/ipc/result.js';
import { startLocalBackend } from '../../electron/main/backend/local-backend.js';
import { createSessionStorage } from '../../electron/main/session/secure-storage.js';
import { sessionStorageKey } from '../../electron/main/session/supabase-client.js';
import { fakeBox } from './fake-box.js';

const APP = { url: 'app://console/index.html' };
const PASSWORD = 'HumanGlue-demo-2026!';
let dataDir: string;
const key = randomBytes(32);
const events: EventPayload<'session:changed'>[] = [];
const running: ConsoleApp[] = [];

function start(overrides: Partial<Platform> = {}): ConsoleApp {
  const app = createConsoleApp({
    dataDir,
    box: fakeBox('keychain', key),
    env: {},
    isTrustedSender: ({ url }) => url.startsWith('app://console/'),
    emit: (event, payload) => {
      if (event === 'session:changed') events.push(payload as EventPayload<'session:changed'>);
    },
    files: {
      chooseOpenFile: async () => null,
      chooseSaveFile: async () => null,
      capturePng: async () => Buffer.alloc(0),
    },
    log: () => undefined,
    ...overrides,
  });
  running.push(app);
  return app;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'hg-core-'));
});
afterAll(async () => {
  await Promise.all(running.map((app) => app.close()));
  await rm(dataDir, { recursive: true, force: true });
});

describe('the console core', () => {
  it('starts on the local backend, signs a staff member in and keeps them across a restart', { timeout: 120_000 }, async () => {
    const first = start();
    const status = await first.router.handle('auth:status', {}, APP);
    expect(status).toMatchObject({
      ok: true,
      value: { state: 'signed_out', backend: { kind: 'local', host: null }, session_storage: 'encrypted' },
    });

    const signedIn = await first.router.handle('auth:sign-in', { email: 'finance@humanglue.dev', password: PASSWORD }, APP);
    expect(signedIn).toMatchObject({ ok: true, value: { user: { email: 'finance@humanglue.dev', roles: ['finance'] } } });
    expect(events.at(-1)).toMatchObject({ state: 'signed_in', reason: 'signed_in' });
    await first.close();

    const second = start();
    expect(await second.router.handle('auth:status', {}, APP)).toMatchObject({
      ok: true,
      value: { state: 'signed_in', user: { email: 'finance@humanglue.dev' } },
    });
    const count = await second.router.handle('payments:count', { filters: {} }, APP);
    expect(count).toMatchObject({ ok: true, value: { is_estimate: false } });

    await second.router.handle('auth:sign-out', {}, APP);
    expect(events.at(-1)).toMatchObject({ state: 'signed_out', reason: 'signed_out' });
    await second.close();
  });

  it('answers nothing to a page that is not the app', async () => {
    const app = start();
    const result = await app.router.handle('auth:status', {}, { url: 'https://evil.example/' });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await app.close();
  });

  it('tells the person why when the backend cannot start, on every call', async () => {
    const app = start({
      dataDir: join(dataDir, 'broken'),
      sql: { files: async () => [{ kind: 'bootstrap', name: 'bootstrap/broken.sql', sql: 'this is not sql' }] },
    });
    await expect(app.ready).rejects.toThrow();
    const result = await app.router.handle('auth:status', {}, APP);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/could not start.*bootstrap\/broken.sql/) },
    });
    await app.close();
  });
});

// Closing (app quit, the end-to-end fixture's teardown) used to close the local backend under whatever was still
// running: a call between two requests, or a new core's check of the stored session, then met "fetch failed: the
// local backend is closed", logged as an error, and a session check reported the backend unreachable.
describe('closing the core', () => {
  const logged: unknown[] = [];
  const log = (entry: unknown) => logged.push(entry);

  it('lets calls already running finish on the open backend, and logs nothing', { timeout: 120_000 }, async () => {
    logged.length = 0;
    const app = start({ log });
    await app.ready;
    expect(await app.router.handle('auth:sign-in', { email: 'finance@humanglue.dev', password: PASSWORD }, APP)).toMatchObject({
      ok: true,
    });

    const calls = [
      app.router.handle('payments:count', { filters: {} }, APP),
      app.router.handle('auth:status', {}, APP),
      app.router.handle('payments:count', { filters: { currency: ['USD'] } }, APP),
    ];
    await app.close();
    const settled = await Promise.all(calls);
    expect(settled).toEqual([
      expect.objectContaining({ ok: true, value: expect.objectContaining({ is_estimate: false }) }),
      expect.objectContaining({ ok: true, value: expect.objectContaining({ state: 'signed_in' }) }),
      expect.objectContaining({ ok: true }),
    ]);
    expect(logged).toEqual([]);
  });

  it('refuses calls that arrive once closing has begun, without reaching the backend', { timeout: 120_000 }, async () => {
    logged.length = 0;
    const app = start({ log });
    await app.ready;
    const closing = app.close();
    const late = await app.router.handle('auth:status', {}, APP);
    await closing;
    expect(late).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/closing/i) } });
    expect(JSON.stringify(logged)).not.toMatch(/backend is closed/);
  });

  it('waits for the stored-session check of a core closed as soon as it started', { timeout: 120_000 }, async () => {
    logged.length = 0;
    // The session signed in above is still stored: a new core checks it with the backend while starting.
    const app = start({ log });
    await app.close();
    await expect(app.ready).resolves.toMatchObject({ signedIn: true, user: { email: 'finance@humanglue.dev' } });
    expect(logged).toEqual([]);
  });
});

// A saved session belongs to its project (CONSOLE-SPEC §1). Everything the core sends to "project B" goes through a
// recording fetch; none of it may carry project A's (the local backend's) access or refresh token.
describe('sessions are bound to their project', () => {
  const B_URL = 'https://abcdefghijklmnopqrst.supabase.co';
  const B_KEY = 'sb_publishable_AbCdEfGhIjKlMnOpQrStUv_1a2B3c4D';
  const A_URL = 'http://local.humanglue';
  let folder: string;

  interface Sent {
    url: string;
    method: string;
    text: string;
  }

  /** Answers like a reachable HumanGlue project that knows nobody from A; records every request whole. */
  function projectB() {
    const sent: Sent[] = [];
    const fetch = async (input: string, init?: RequestInit): Promise<Response> => {
      const headers = new Headers(init?.headers);
      const headerText = [...headers.entries()].map(([name, value]) => `${name}: ${value}`).join('\n');
      const body = typeof init?.body === 'string' ? init.body : init?.body ? Buffer.from(init.body as ArrayBuffer).toString('utf8') : '';
      sent.push({ url: input, method: init?.method ?? 'GET', text: `${input}\n${headerText}\n${body}` });
      const path = new URL(input).pathname;
      const json = (status: number, value: unknown) =>
        new Response(JSON.stringify(value), { status, headers: { 'Content-Type': 'application/json' } });
      if (path === '/auth/v1/settings') return json(200, { external: { email: true } });
      if (path === '/auth/v1/token') return json(400, { code: 'invalid_credentials', message: 'Invalid login credentials' });
      if (path.startsWith('/auth/v1/')) return json(403, { code: 'bad_jwt', message: 'invalid JWT' });
      return json(401, { code: '42501', message: 'permission denied for function my_access', details: null, hint: null });
    };
    return { fetch, sent };
  }

  /** A's session as saved on disk (decrypted with the test's keychain), or null. */
  async function savedSession(url: string): Promise<{ access_token: string; refresh_token: string } | null> {
    const storage = createSessionStorage({ box: fakeBox('keychain', key), file: join(folder, 'session.bin') });
    const value = await storage.getItem(sessionStorageKey(url));
    return value ? (JSON.parse(value) as { access_token: string; refresh_token: string }) : null;
  }

  function carries(sent: Sent[], tokens: { access_token: string; refresh_token: string }): Sent[] {
    return sent.filter((request) => request.text.includes(tokens.access_token) || request.text.includes(tokens.refresh_token));
  }

  // The file's data folder: its local backend is built already (a PGlite build is the slow part of these tests).
  beforeAll(() => {
    folder = dataDir;
  });

  it('storage keys differ per project, as supabase-js derives them', () => {
    expect(sessionStorageKey(B_URL)).toBe('sb-abcdefghijklmnopqrst-auth-token');
    expect(sessionStorageKey(A_URL)).toBe('sb-local-humanglue-auth-token');
    expect(sessionStorageKey('http://127.0.0.1:54321')).not.toBe(sessionStorageKey('http://127.0.0.1:64321'));
  });

  it(
    'started with HG_SUPABASE_URL naming another project, the core sends that project nothing of the saved session, which stays with its own',
    { timeout: 180_000 },
    async () => {
      const a = start({ dataDir: folder });
      expect(await a.router.handle('auth:sign-in', { email: 'finance@humanglue.dev', password: PASSWORD }, APP)).toMatchObject({
        ok: true,
      });
      await a.close();
      const tokens = await savedSession(A_URL);
      expect(tokens?.refresh_token).toEqual(expect.any(String));

      const b = projectB();
      const onB = start({ dataDir: folder, env: { HG_SUPABASE_URL: B_URL, HG_SUPABASE_KEY: B_KEY }, fetch: b.fetch });
      expect(await onB.router.handle('auth:status', {}, APP)).toMatchObject({
        ok: true,
        value: { state: 'signed_out', backend: { kind: 'supabase', host: 'abcdefghijklmnopqrst.supabase.co' } },
      });
      // Sign-in on B goes out (and is refused there), still without A's tokens.
      expect(await onB.router.handle('auth:sign-in', { email: 'finance@humanglue.dev', password: PASSWORD }, APP)).toMatchObject({
        ok: false,
      });
      await onB.close();
      expect(b.sent.map((request) => new URL(request.url).pathname)).toContain('/auth/v1/token');
      expect(b.sent.every((request) => request.url.startsWith(`${B_URL}/`))).toBe(true);
      expect(carries(b.sent, tokens!)).toEqual([]);
      for (const request of b.sent) expect(request.text).toContain(`apikey: ${B_KEY}`);

      // Back on A, A's session is still A's.
      const again = start({ dataDir: folder });
      expect(await again.router.handle('auth:status', {}, APP)).toMatchObject({
        ok: true,
        value: { state: 'signed_in', user: { email: 'finance@humanglue.dev' } },
      });
      await again.close();
    },
  );

  it(
    'switching projects in the app signs out of the old one first, and nothing of its session reaches the new one',
    { timeout: 180_000 },
    async () => {
      const b = projectB();
      const app = start({ dataDir: folder, fetch: b.fetch });
      expect(await app.router.handle('auth:sign-in', { email: 'leadership@humanglue.dev', password: PASSWORD }, APP)).toMatchObject({
        ok: true,
      });
      const tokens = (await savedSession(A_URL))!;
      const switched = await app.router.handle('connection:set', { url: B_URL, anon_key: B_KEY }, APP);
      expect(switched).toMatchObject({ ok: true, value: { backend: { kind: 'supabase' }, source: 'saved' } });
      expect(events.at(-1)).toMatchObject({ state: 'signed_out', reason: 'connection_changed' });
      expect(await app.router.handle('auth:status', {}, APP)).toMatchObject({ ok: true, value: { state: 'signed_out' } });
      await app.close();

      expect(await savedSession(A_URL)).toBeNull();
      expect(await savedSession(B_URL)).toBeNull();
      expect(b.sent.length).toBeGreaterThan(0);
      expect(carries(b.sent, tokens)).toEqual([]);

      // The old session was ended on A itself, not only forgotten here: A refuses its refresh token now.
      const backend = await startLocalBackend({ dataDir: join(folder, 'local-backend') });
      try {
        const response = await backend.fetch(`${A_URL}/auth/v1/token?grant_type=refresh_token`, {
          method: 'POST',
          headers: { apikey: backend.apiKey, 'Content-Type': 'application/json', 'X-Supabase-Api-Version': '2024-01-01' },
          body: JSON.stringify({ refresh_token: tokens.refresh_token }),
        });
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({ code: 'refresh_token_not_found' });
      } finally {
        await backend.close();
      }
    },
  );
});
