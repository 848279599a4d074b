// The embedded default backend on PGlite in a temp dir: first start builds everything (with progress), the demo
// admin signs in through the gateway, a second start reuses the database, reset() rebuilds; the upgrade policy
// (apply new files, rebuild on a changed one) is checked with small synthetic SQL so it stays fast.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalBackend, type LocalBackend, type LocalBackendProgress } from '../../electron/main/backend/local-backend.js';
import { sqlFilesFromDirectory, type SqlFile, type SqlSource } from '../../electron/main/backend/sql-files.js';
import { createSessionStorage } from '../../electron/main/session/secure-storage.js';
import { createConsoleClient } from '../../electron/main/session/supabase-client.js';
import { createAuthService } from '../../electron/main/session/auth-service.js';
import { fakeBox } from './fake-box.js';

let root: string;
const open: LocalBackend[] = [];
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hg-local-'));
});
afterAll(async () => {
  await Promise.all(open.map((backend) => backend.close()));
  await rm(root, { recursive: true, force: true });
});

async function start(dataDir: string, sql?: SqlSource) {
  const events: LocalBackendProgress[] = [];
  const backend = await startLocalBackend({ dataDir, sql, onProgress: (event) => events.push(event) });
  open.push(backend);
  return { backend, events };
}

async function signInAdmin(backend: LocalBackend) {
  const storage = createSessionStorage({ box: fakeBox('basic_text'), file: join(root, 'unused.bin') });
  const client = createConsoleClient({ url: backend.url, apiKey: backend.apiKey, fetch: backend.fetch, storage });
  const auth = createAuthService({ client, storage });
  try {
    return await auth.signIn('admin@humanglue.dev', 'HumanGlue-demo-2026!');
  } finally {
    await auth.close();
  }
}

describe('startLocalBackend on the shipped SQL', () => {
  it('builds on first start and reuses the database on the next', { timeout: 120_000 }, async () => {
    const dataDir = join(root, 'real');
    const shipped = await sqlFilesFromDirectory().files();

    const first = await start(dataDir);
    expect(first.backend.url).toBe('http://local.humanglue');
    const applying = first.events.filter((event) => ['bootstrap', 'migration', 'seed'].includes(event.step));
    expect(applying.map((event) => event.detail)).toEqual(shipped.map((file) => file.name));
    expect(applying.map((event) => event.done)).toEqual(shipped.map((_, index) => index));
    expect(new Set(applying.map((event) => event.total))).toEqual(new Set([shipped.length]));
    expect(first.events.at(-1)).toEqual({ step: 'ready', done: shipped.length, total: shipped.length });
    expect((await first.backend.applied()).map((row) => row.name)).toEqual(shipped.map((file) => file.name));
    expect(await signInAdmin(first.backend)).toMatchObject({ signedIn: true, roles: ['admin'] });
    const secret = await readFile(join(dataDir, 'jwt-secret'), 'utf8');
    expect(secret.length).toBeGreaterThanOrEqual(32);
    if (process.platform !== 'win32') expect((await stat(join(dataDir, 'jwt-secret'))).mode & 0o077).toBe(0);
    await first.backend.close();

    const second = await start(dataDir);
    expect(second.events.map((event) => event.step)).toEqual(['open', 'ready']);
    expect(second.events.at(-1)).toEqual({ step: 'ready', done: 0, total: 0 });
    expect(second.backend.apiKey).toBe(first.backend.apiKey);
    expect(first.backend.apiKey).toMatch(/^sb_publishable_[A-Za-z0-9_-]{16,}$/);
    expect(await readFile(join(dataDir, 'jwt-secret'), 'utf8')).toBe(secret);
    expect(await signInAdmin(second.backend)).toMatchObject({ signedIn: true });
  });
});

describe('upgrade policy and reset (synthetic SQL: small, so each PGlite start costs only its open)', () => {
  const file = (kind: SqlFile['kind'], name: string, sql: string): SqlFile => ({ kind, name, sql });
  const source = (files: SqlFile[]): SqlSource => ({ files: async () => files });
  const bootstrap = file(
    'bootstrap',
    'bootstrap/mini.sql',
    `do $$ begin if not exists (select 1 from pg_roles where rolname = 'anon') then create role anon nologin; end if; end $$;`,
  );
  const base = [
    bootstrap,
    file('migration', 'migrations/001_a.sql', 'create table public.a (x int);'),
    file('seed', 'seed.sql', 'insert into public.a values (1);'),
  ];
  const rpc = file(
    'migration',
    'migrations/002_rpc.sql',
    `create function public.who() returns text language sql security definer as $$ select count(*)::text from public.a $$;
     create function public.bump() returns text language sql security definer as $$ insert into public.a values (2); select 'ok' $$;
     grant execute on function public.who(), public.bump() to anon;`,
  );
  const call = async (backend: LocalBackend, fn: string) => {
    const headers = { apikey: backend.apiKey, 'Content-Type': 'application/json' };
    const response = await backend.fetch(`${backend.url}/rest/v1/rpc/${fn}`, { method: 'POST', headers, body: '{}' });
    return response.json();
  };
  const applying = (events: LocalBackendProgress[]) =>
    events.filter((event) => ['bootstrap', 'migration', 'seed'].includes(event.step)).map((event) => event.detail);

  it('resumes after a failed file, applies only new files, rebuilds on a changed one; reset() rebuilds', { timeout: 90_000 }, async () => {
    const dataDir = join(root, 'synthetic');
    // A file that fails leaves the earlier ones recorded (one transaction per file with its record row).
    const broken = file('migration', 'migrations/002_rpc.sql', 'create table public.b (y nosuchtype);');
    await expect(startLocalBackend({ dataDir, sql: source([...base, broken]) })).rejects.toThrow(
      /could not apply migrations\/002_rpc\.sql/,
    );

    // A newer app (or the fixed file): only what is not recorded is applied.
    const second = await start(dataDir, source([...base, rpc]));
    expect(applying(second.events)).toEqual(['migrations/002_rpc.sql']);
    expect((await second.backend.applied()).map((row) => row.name)).toEqual([...base, rpc].map((entry) => entry.name));
    expect(await call(second.backend, 'who')).toBe('1');
    await second.backend.close();

    // A recorded file whose content changed: rebuild from scratch.
    const edited = [base[0]!, file('migration', 'migrations/001_a.sql', 'create table public.a (x int, z text);'), base[2]!, rpc];
    const third = await start(dataDir, source(edited));
    expect(third.events.find((event) => event.step === 'rebuild')?.detail).toBe('migrations/001_a.sql changed');
    expect(applying(third.events)).toEqual(edited.map((entry) => entry.name));
    const { backend, events } = third;

    // reset(): a request in flight finishes on the old database, later ones wait for the new one.
    expect(await call(backend, 'bump')).toBe('ok');
    events.length = 0;
    const during = call(backend, 'who');
    await backend.reset();
    expect(await during).toBe('2');
    expect(events.map((event) => event.step)).toEqual(['open', 'rebuild', 'bootstrap', 'migration', 'seed', 'migration', 'ready']);
    expect(events.find((event) => event.step === 'rebuild')?.detail).toBe('reset requested');
    expect(await call(backend, 'who')).toBe('1');
  });
});
