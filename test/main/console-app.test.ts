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
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/could not start.*bootstrap\/broken.sql/) } });
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
    expect(await app.router.handle('auth:sign-in', { email: 'finance@humanglue.dev', password: PASSWORD }, APP)).toMatchObject({ ok: true });

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
