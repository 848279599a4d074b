// Connection settings: hostile URLs and keys (table-driven), the env override, the anon key never stored in plain
// text, and testConnection's explanations with a fake fetch for each failure mode.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createConnectionSettingsStore,
  testConnection,
  validateApiKey,
  apiKeyKind,
  validateProjectUrl,
  type ConnectionSettings,
} from '../../electron/main/backend/connection-settings.js';
import { fakeBox } from './fake-box.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (payload: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }) =>
  `${b64(header)}.${b64(payload)}.c2lnbmF0dXJlLWJ5dGVz`;
const REF = 'abcdefghijklmnopqrst';
const ANON = jwt({ iss: 'supabase', ref: REF, role: 'anon', iat: 1700000000, exp: 4102444800 });
const PROJECT = `https://${REF}.supabase.co`;

describe('validateProjectUrl', () => {
  it.each([
    [PROJECT, PROJECT],
    [`  ${PROJECT}/  `, PROJECT],
    ['HTTPS://ABCDEFGHIJKLMNOPQRST.SUPABASE.CO', PROJECT],
    ['https://db.example.com:8443', 'https://db.example.com:8443'],
    ['http://localhost:54321', 'http://localhost:54321'],
    ['http://127.0.0.1:54321/', 'http://127.0.0.1:54321'],
    ['http://[::1]:54321', 'http://[::1]:54321'],
  ])('accepts %s as %s', (input, normalised) => {
    expect(validateProjectUrl(input)).toEqual({ ok: true, value: normalised });
  });

  it.each([
    ['http on a public host', 'http://abcd.supabase.co', /https/],
    ['http on a host that merely starts with localhost', 'http://localhost.evil.com', /https/],
    ['http on a DNS name resolving to loopback', 'http://127.0.0.1.nip.io', /https/],
    ['http on a private LAN address', 'http://192.168.1.10:54321', /https/],
    ['javascript:', 'javascript:alert(1)', /https:\/\//],
    ['javascript: dressed up', 'javascript://abcd.supabase.co/%0aalert(1)', /https:\/\//],
    ['file:', 'file:///etc/passwd', /https:\/\//],
    ['data:', 'data:text/html,<script>alert(1)</script>', /https:\/\//],
    ['ftp:', 'ftp://abcd.supabase.co', /https:\/\//],
    ['scheme-relative', '//abcd.supabase.co', /https:\/\//],
    ['no scheme', 'abcd.supabase.co', /https:\/\//],
    ['credentials', 'https://user:pass@abcd.supabase.co', /user name or password/],
    ['userinfo hiding the real host', 'https://abcd.supabase.co@evil.example', /user name or password/],
    ['backslash trick', 'https://evil.example\\@abcd.supabase.co', /characters/],
    ['decimal IP', 'http://2130706433:54321', /plainly/],
    ['hex IP', 'http://0x7f000001', /plainly/],
    ['short IP', 'http://127.1', /plainly/],
    ['octal IP', 'https://0177.0.0.1', /plainly/],
    ['IPv4-mapped IPv6', 'http://[::ffff:127.0.0.1]', /plainly/],
    ['homograph host', 'https://\u0455upabase.co', /plainly/],
    ['embedded newline', 'https://abcd.supabase.co\n.evil.example', /characters/],
    ['embedded NUL', 'https://abcd.supabase.co\u0000.evil', /characters/],
    ['query', `${PROJECT}/?next=https://evil.example`, /query/],
    ['fragment', `${PROJECT}/#x`, /query/],
    ['path', `${PROJECT}/rest/v1`, /without a path/],
    ['empty', '   ', /Enter/],
    ['not a string', 42, /Enter/],
    ['very long', `https://${'a'.repeat(3000)}.supabase.co`, /too long/],
    ['empty host', 'https://:443', /valid URL|plainly/],
  ])('refuses %s', (_label, input, message) => {
    const result = validateProjectUrl(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});

const PUBLISHABLE = 'sb_publishable_AbCdEfGhIjKlMnOpQrStUv_1a2B3c4D';

describe('validateApiKey: one rule for every key the console is given', () => {
  it('accepts a publishable key and a legacy JWT anon key', () => {
    expect(validateApiKey(` ${PUBLISHABLE} `, PROJECT)).toEqual({ ok: true, value: PUBLISHABLE });
    expect(apiKeyKind(PUBLISHABLE)).toBe('publishable');
    expect(validateApiKey(` ${ANON} `, PROJECT)).toEqual({ ok: true, value: ANON });
    expect(apiKeyKind(ANON)).toBe('legacy_anon');
    expect(validateApiKey(jwt({ role: 'anon' }))).toMatchObject({ ok: true });
  });

  it.each([
    [
      'a secret key',
      'sb_secret_AbCdEfGhIjKlMnOpQrStUv_1a2B3c4D',
      /^That is a secret key \(sb_secret_…\): it bypasses all security.*publishable key/,
    ],
    ['a short secret key', 'sb_secret_x', /secret key/],
    [
      'the legacy service_role key',
      jwt({ role: 'service_role', ref: REF }),
      /^That is the legacy service_role key: it bypasses all security.*never/,
    ],
    ['a damaged publishable key', 'sb_publishable_abc', /publishable key is incomplete or damaged/],
    ['a publishable key with spaces inside', 'sb_publishable_AbCdEfGh IjKlMnOpQrSt', /incomplete or damaged/],
    ['an authenticated user token', jwt({ role: 'authenticated', sub: 'x' }), /not an anon key.*authenticated/],
    ['a role-less JWT', jwt({ sub: 'x' }), /not an anon key/],
    ['alg none', jwt({ role: 'anon' }, { alg: 'none' }), /cannot be read/],
    ['an expired key', jwt({ role: 'anon', exp: 1000 }), /expired/],
    ['another project’s key', jwt({ role: 'anon', ref: 'zzzzzzzzzzzzzzzzzzzz' }), /belongs to project/],
    ['two segments', 'abc.def', /not a Supabase API key.*sb_publishable_/],
    ['four segments', 'a.b.c.d', /not a Supabase API key/],
    ['base64 with padding and plus', 'eyJhbGciOiJIUzI1NiJ9+.e30=.sig', /not a Supabase API key/],
    ['segments that are not JSON', 'aaaa.bbbb.cccc', /cannot be read/],
    ['a JSON array payload', `${b64({ alg: 'HS256' })}.${b64(['anon'])}.sig`, /cannot be read/],
    ['a very long string', `${'a'.repeat(5000)}.b.c`, /too long/],
    ['HTML', '<script>alert(1)</script>', /not a Supabase API key/],
    ['empty', '', /Enter the project’s publishable key/],
    ['not a string', { role: 'anon' }, /Enter/],
  ])('refuses %s, saying why', (_label, key, message) => {
    const result = validateApiKey(key, PROJECT);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});

describe('connection settings store', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hg-settings-'));
    file = join(dir, 'userData', 'connection.json');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('defaults to the local backend', async () => {
    const store = createConnectionSettingsStore({ box: fakeBox(), file, env: {} });
    expect(await store.load()).toEqual({ settings: { kind: 'local' }, source: 'default', keyPersistence: 'keychain' });
  });

  it('saves a project with the anon key encrypted, never in plain text, and reads it back', async () => {
    const box = fakeBox();
    const store = createConnectionSettingsStore({ box, file, env: {} });
    expect(await store.save({ kind: 'supabase', url: `${PROJECT}/`, apiKey: ANON })).toEqual({
      ok: true,
      value: { kind: 'supabase', url: PROJECT, apiKey: ANON },
    });
    const text = await readFile(file, 'utf8');
    for (const part of ANON.split('.')) expect(text).not.toContain(part);
    expect(text).toContain(PROJECT);
    const again = createConnectionSettingsStore({ box, file, env: {} });
    expect(await again.load()).toMatchObject({ settings: { kind: 'supabase', url: PROJECT, apiKey: ANON }, source: 'saved' });
    await again.save({ kind: 'local' });
    expect((await again.load()).settings).toEqual({ kind: 'local' });
  });

  it('refuses to save invalid settings and writes nothing', async () => {
    const store = createConnectionSettingsStore({ box: fakeBox(), file, env: {} });
    const result = await store.save({ kind: 'supabase', url: PROJECT, apiKey: jwt({ role: 'service_role' }) });
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/service_role/) });
    await expect(readFile(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('keeps the anon key in memory only without a real key store', async () => {
    const box = fakeBox('basic_text');
    const store = createConnectionSettingsStore({ box, file, env: {} });
    await store.save({ kind: 'supabase', url: PROJECT, apiKey: ANON });
    const text = await readFile(file, 'utf8');
    for (const part of ANON.split('.')) expect(text).not.toContain(part);
    expect(await store.load()).toMatchObject({ settings: { kind: 'supabase', apiKey: ANON }, keyPersistence: 'memory' });
    const restarted = await createConnectionSettingsStore({ box, file, env: {} }).load();
    expect(restarted).toMatchObject({ settings: { kind: 'local' }, problem: expect.stringMatching(/API key.*again/) });
  });

  it('reports an undecryptable or unreadable saved file and falls back to local', async () => {
    await createConnectionSettingsStore({ box: fakeBox(), file, env: {} }).save({ kind: 'supabase', url: PROJECT, apiKey: ANON });
    const otherKey = await createConnectionSettingsStore({ box: fakeBox(), file, env: {} }).load();
    expect(otherKey).toMatchObject({ settings: { kind: 'local' }, problem: expect.stringMatching(/decrypted/) });
    await writeFile(file, '{broken');
    expect(await createConnectionSettingsStore({ box: fakeBox(), file, env: {} }).load()).toMatchObject({ settings: { kind: 'local' } });
  });

  it('lets HG_SUPABASE_URL / HG_SUPABASE_KEY override (HG_SUPABASE_ANON_KEY still read), and explains a bad or half override', async () => {
    const box = fakeBox();
    await createConnectionSettingsStore({ box, file, env: {} }).save({ kind: 'local' });
    const local = 'http://127.0.0.1:54321';
    expect(
      await createConnectionSettingsStore({ box, file, env: { HG_SUPABASE_URL: local, HG_SUPABASE_KEY: PUBLISHABLE } }).load(),
    ).toEqual({
      settings: { kind: 'supabase', url: local, apiKey: PUBLISHABLE },
      source: 'env',
      keyPersistence: 'keychain',
    });
    const env = { HG_SUPABASE_URL: local, HG_SUPABASE_ANON_KEY: ANON };
    expect(await createConnectionSettingsStore({ box, file, env }).load()).toEqual({
      settings: { kind: 'supabase', url: local, apiKey: ANON },
      source: 'env',
      keyPersistence: 'keychain',
    });
    const both = await createConnectionSettingsStore({ box, file, env: { ...env, HG_SUPABASE_KEY: PUBLISHABLE } }).load();
    expect(both).toMatchObject({
      settings: { apiKey: PUBLISHABLE },
      source: 'env',
      problem: expect.stringMatching(/differ; HG_SUPABASE_KEY is used/),
    });
    const bad = await createConnectionSettingsStore({
      box,
      file,
      env: { ...env, HG_SUPABASE_ANON_KEY: jwt({ role: 'service_role' }) },
    }).load();
    expect(bad).toMatchObject({
      settings: { kind: 'local' },
      source: 'saved',
      problem: expect.stringMatching(/HG_SUPABASE_ANON_KEY are ignored: .*service_role/),
    });
    const secret = await createConnectionSettingsStore({
      box,
      file,
      env: { HG_SUPABASE_URL: local, HG_SUPABASE_KEY: 'sb_secret_AbCdEfGhIjKlMnOpQrStUv' },
    }).load();
    expect(secret).toMatchObject({
      settings: { kind: 'local' },
      problem: expect.stringMatching(/HG_SUPABASE_KEY are ignored: That is a secret key/),
    });
    const half = await createConnectionSettingsStore({ box, file, env: { HG_SUPABASE_URL: PROJECT } }).load();
    expect(half.problem).toMatch(/set together/);
  });
});

describe('testConnection', () => {
  const settings: ConnectionSettings = { kind: 'supabase', url: PROJECT, apiKey: ANON };
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  type Handler = (path: string, init?: RequestInit) => Response | Promise<Response>;
  const fakeFetch = (handler: Handler) => async (input: string, init?: RequestInit) => handler(new URL(input).pathname, init);
  const authOk: Handler = (path) => (path === '/auth/v1/settings' ? json(200, { external: { email: true } }) : json(500, {}));
  const rest =
    (response: Response): Handler =>
    (path, init) =>
      path === '/auth/v1/settings' ? authOk(path, init) : response;

  it('passes for a project with the console API (anon refused with 42501) and for the local backend', async () => {
    const seen: Array<{ path: string; headers: Headers }> = [];
    const fetch = fakeFetch((path, init) => {
      seen.push({ path, headers: new Headers(init?.headers) });
      return rest(json(401, { code: '42501', message: 'permission denied for function my_access', details: null, hint: null }))(path, init);
    });
    expect(await testConnection(settings, fetch)).toEqual({ ok: true });
    expect(seen.map((call) => call.path)).toEqual(['/auth/v1/settings', '/rest/v1/rpc/my_access']);
    expect(seen[1]!.headers.get('Content-Profile')).toBe('console');
    expect(seen[1]!.headers.get('apikey')).toBe(ANON);
    expect(
      await testConnection(
        { kind: 'local' },
        fakeFetch(() => json(500, {})),
      ),
    ).toEqual({ ok: true });
  });

  it.each([
    [
      'unreachable',
      fakeFetch(() => Promise.reject(new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND') }))),
      /Cannot reach .*ENOTFOUND/,
    ],
    ['rejected_key', fakeFetch(() => json(401, { message: 'Invalid API key' })), /rejected the API key/],
    ['rejected_key', fakeFetch(rest(json(401, { code: 'PGRST301', message: 'JWSError', details: null, hint: null }))), /rejected/],
    [
      'schema_not_exposed',
      fakeFetch(
        rest(
          json(406, {
            code: 'PGRST106',
            message: 'Invalid schema: console',
            details: null,
            hint: 'Only the following schemas are exposed: public',
          }),
        ),
      ),
      /does not expose the `console` schema/,
    ],
    [
      'migrations_missing',
      fakeFetch(rest(json(404, { code: 'PGRST202', message: 'Could not find the function console.my_access', details: null, hint: null }))),
      /migrations/,
    ],
    ['unexpected', fakeFetch(() => new Response('<html>not found</html>', { status: 404 })), /does not look like a Supabase project/],
    ['unexpected', fakeFetch(rest(new Response('oops', { status: 502 }))), /HTTP 502/],
  ] as const)('explains %s', async (reason, fetch, message) => {
    const result = await testConnection(settings, fetch);
    expect(result).toMatchObject({ ok: false, reason });
    if (!result.ok) expect(result.message).toMatch(message);
  });
});
