// connection:* handlers through the router, over a fake ConnectionController and a fake fetch (no network): field
// validation, the anon key never leaving main, testConnection's reasons in the contract's words, and the switches
// (set, use-local, reset-local) ending the session first.
import { describe, expect, it, vi } from 'vitest';
import type { ChannelInput, ChannelName, ChannelOutput, Result } from '../../shared/ipc/contract.js';
import type { ConnectionSettings, LoadedSettings } from '../../electron/main/backend/connection-settings.js';
import { createRouter } from '../../electron/main/ipc/router.js';
import { completeHandlers } from './handler-stubs.js';
import { connectionHandlers, type ConnectionController, type ConnectionFetch } from '../../electron/main/services/connection.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (payload: Record<string, unknown>) => `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}.c2lnbmF0dXJl`;
const REF = 'abcdefghijklmnopqrst';
const PROJECT = `https://${REF}.supabase.co`;
const ANON = jwt({ iss: 'supabase', ref: REF, role: 'anon', exp: 4102444800 });
const SERVICE = jwt({ iss: 'supabase', ref: REF, role: 'service_role', exp: 4102444800 });
const SENDER = { url: 'app://console/index.html' };

type Answer = { status: number; body?: unknown } | 'network-down';
/** Answers per path; every request is recorded so tests can see nothing was sent when input was refused. */
function fakeFetch(answers: { auth?: Answer; rest?: Answer } = {}) {
  const calls: string[] = [];
  const answer = (a: Answer): Promise<Response> => {
    if (a === 'network-down') return Promise.reject(new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND') }));
    return Promise.resolve(new Response(a.body === undefined ? null : JSON.stringify(a.body), { status: a.status }));
  };
  const fetch: ConnectionFetch = (url) => {
    calls.push(url);
    if (url.endsWith('/auth/v1/settings')) return answer(answers.auth ?? { status: 200, body: {} });
    return answer(answers.rest ?? { status: 401, body: { code: '42501', message: 'permission denied for function my_access' } });
  };
  return { fetch, calls };
}

function fakeController(initial: LoadedSettings, fetch: ConnectionFetch) {
  let loaded = initial;
  const controller: ConnectionController & { applied: ConnectionSettings[]; resets: number } = {
    applied: [],
    resets: 0,
    fetch,
    load: async () => loaded,
    apply: async (settings) => {
      controller.applied.push(settings);
      loaded = { settings, source: 'saved', keyPersistence: 'keychain' };
      return loaded;
    },
    useLocal: async () => {
      loaded = { settings: { kind: 'local' }, source: 'default', keyPersistence: 'keychain' };
      return loaded;
    },
    resetLocal: async () => {
      controller.resets += 1;
    },
  };
  return controller;
}

const LOCAL: LoadedSettings = { settings: { kind: 'local' }, source: 'default', keyPersistence: 'keychain' };
const SAVED: LoadedSettings = { settings: { kind: 'supabase', url: PROJECT, apiKey: ANON }, source: 'saved', keyPersistence: 'keychain' };

function setup(initial: LoadedSettings = LOCAL, answers?: Parameters<typeof fakeFetch>[0]) {
  const { fetch, calls } = fakeFetch(answers);
  const controller = fakeController(initial, fetch);
  const auth = { signOut: vi.fn(async () => ({}) as never) };
  const router = createRouter({
    handlers: completeHandlers(connectionHandlers(controller, auth)),
    isTrustedSender: (sender) => sender.url.startsWith('app://console/'),
    log: () => undefined,
  });
  const invoke = async <C extends ChannelName>(channel: C, input: ChannelInput<C>) =>
    (await router.handle(channel, input, SENDER)) as Result<ChannelOutput<C>>;
  return { invoke, controller, auth, calls };
}

describe('connection:get', () => {
  it('says where the app is connected and that a key is held, never the key', async () => {
    const { invoke } = setup(SAVED);
    const result = await invoke('connection:get', {});
    expect(result).toEqual({
      ok: true,
      value: { backend: { kind: 'supabase', host: `${REF}.supabase.co` }, source: 'saved', url: PROJECT, has_anon_key: true },
    });
    expect(JSON.stringify(result)).not.toContain(ANON.split('.')[1]);
  });

  it('the local backend and environment settings', async () => {
    expect(await setup(LOCAL).invoke('connection:get', {})).toEqual({
      ok: true,
      value: { backend: { kind: 'local', host: null }, source: 'default', url: null, has_anon_key: false },
    });
    const env = await setup({ ...SAVED, source: 'env' }).invoke('connection:get', {});
    expect(env).toMatchObject({ ok: true, value: { source: 'environment', has_anon_key: true } });
    expect(JSON.stringify(env)).not.toContain(ANON);
  });
});

describe('validation', () => {
  it.each(['connection:test', 'connection:set'] as const)('%s refuses a malformed URL naming url, before any request', async (channel) => {
    const { invoke, calls, controller } = setup();
    for (const url of ['not a url', 'http://abcd.supabase.co', `${PROJECT}/rest/v1`]) {
      expect(await invoke(channel, { url, anon_key: ANON })).toMatchObject({ ok: false, error: { code: 'validation', field: 'url' } });
    }
    expect(calls).toEqual([]);
    expect(controller.applied).toEqual([]);
  });

  it.each(['connection:test', 'connection:set'] as const)('%s refuses a service_role key naming anon_key', async (channel) => {
    const { invoke, calls, controller, auth } = setup();
    const result = await invoke(channel, { url: PROJECT, anon_key: SERVICE });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'validation', field: 'anon_key', message: expect.stringMatching(/service_role/) },
    });
    expect(calls).toEqual([]);
    expect(controller.applied).toEqual([]);
    expect(auth.signOut).not.toHaveBeenCalled();
  });

  // The contract only bounds the string: the reason the user reads is main's, whichever refusal it is.
  it.each([
    ['a secret key', 'sb_secret_AbCdEfGhIjKlMnOpQrStUv_1a2B3c4D', /^That is a secret key \(sb_secret_…\)/],
    ['a service_role key', SERVICE, /^That is the legacy service_role key/],
    ['a damaged publishable key', 'sb_publishable_x', /^That publishable key is incomplete or damaged/],
    ['something else', 'hello', /^That is not a Supabase API key/],
  ])('connection:set refuses %s with its own reason, on the anon_key field', async (_label, key, message) => {
    const { invoke, calls } = setup();
    const result = await invoke('connection:set', { url: PROJECT, anon_key: key });
    expect(result).toMatchObject({ ok: false, error: { code: 'validation', field: 'anon_key' } });
    if (!result.ok) expect(result.error.message.replace(/^anon_key: /, '')).toMatch(message);
    expect(calls).toEqual([]);
  });

  it('connection:set accepts a publishable key and hands it to the client, never back to the renderer', async () => {
    const key = 'sb_publishable_AbCdEfGhIjKlMnOpQrStUv_1a2B3c4D';
    const { invoke, controller } = setup();
    const result = await invoke('connection:set', { url: PROJECT, anon_key: key });
    expect(result).toMatchObject({ ok: true, value: { source: 'saved', has_anon_key: true } });
    expect(JSON.stringify(result)).not.toContain(key);
    expect(controller.applied).toEqual([{ kind: 'supabase', url: PROJECT, apiKey: key }]);
  });
});

describe('connection:test', () => {
  it('ok when the project answers like a HumanGlue project', async () => {
    const { invoke, calls } = setup();
    expect(await invoke('connection:test', { url: PROJECT, anon_key: ANON })).toMatchObject({ ok: true, value: { status: 'ok' } });
    expect(calls).toEqual([`${PROJECT}/auth/v1/settings`, `${PROJECT}/rest/v1/rpc/my_access`]);
  });

  it.each([
    ['unreachable', { auth: 'network-down' as const }],
    ['wrong_key', { auth: { status: 401, body: { message: 'Invalid API key' } } }],
    ['schema_not_exposed', { rest: { status: 406, body: { code: 'PGRST106', message: 'The schema must be one of…' } } }],
    ['migrations_missing', { rest: { status: 404, body: { code: 'PGRST202', message: 'Could not find the function' } } }],
  ])('reports %s as a result, not an error', async (status, answers) => {
    const { invoke, controller } = setup(LOCAL, answers);
    const result = await invoke('connection:test', { url: PROJECT, anon_key: ANON });
    expect(result).toMatchObject({ ok: true, value: { status, message: expect.any(String) } });
    expect(JSON.stringify(result)).not.toContain(ANON);
    expect(controller.applied).toEqual([]);
  });
});

describe('switching', () => {
  it('connection:set tests, signs out, saves and answers without the key', async () => {
    const { invoke, controller, auth } = setup();
    const result = await invoke('connection:set', { url: `${PROJECT}/`, anon_key: ANON });
    expect(result).toEqual({
      ok: true,
      value: { backend: { kind: 'supabase', host: `${REF}.supabase.co` }, source: 'saved', url: PROJECT, has_anon_key: true },
    });
    expect(controller.applied).toEqual([{ kind: 'supabase', url: PROJECT, apiKey: ANON }]);
    expect(auth.signOut).toHaveBeenCalledTimes(1);
  });

  it('connection:set saves nothing when the test fails', async () => {
    const { invoke, controller, auth } = setup(LOCAL, { rest: { status: 404, body: { code: 'PGRST202' } } });
    expect(await invoke('connection:set', { url: PROJECT, anon_key: ANON })).toMatchObject({
      ok: false,
      error: { code: 'conflict', details: { reason: 'migrations_missing' } },
    });
    const wrongKey = setup(LOCAL, { auth: { status: 401 } });
    expect(await wrongKey.invoke('connection:set', { url: PROJECT, anon_key: ANON })).toMatchObject({
      ok: false,
      error: { code: 'validation', field: 'anon_key' },
    });
    expect(controller.applied).toEqual([]);
    expect(auth.signOut).not.toHaveBeenCalled();
  });

  it('environment settings cannot be changed from the UI', async () => {
    const { invoke, controller } = setup({ ...SAVED, source: 'env' });
    expect(await invoke('connection:set', { url: PROJECT, anon_key: ANON })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await invoke('connection:use-local', {})).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(controller.applied).toEqual([]);
  });

  it('connection:use-local goes back to the local backend, signing out', async () => {
    const { invoke, auth } = setup(SAVED);
    expect(await invoke('connection:use-local', {})).toMatchObject({
      ok: true,
      value: { backend: { kind: 'local' }, url: null, has_anon_key: false },
    });
    expect(auth.signOut).toHaveBeenCalledTimes(1);
  });

  it('connection:reset-local needs the typed word and the local backend', async () => {
    const { invoke, controller, auth } = setup(LOCAL);
    expect(await invoke('connection:reset-local', { confirm: 'yes' as 'reset' })).toMatchObject({
      ok: false,
      error: { code: 'validation', field: 'confirm' },
    });
    expect(controller.resets).toBe(0);
    expect(await invoke('connection:reset-local', { confirm: 'reset' })).toMatchObject({ ok: true, value: { backend: { kind: 'local' } } });
    expect(controller.resets).toBe(1);
    expect(auth.signOut).toHaveBeenCalledTimes(1);

    const remote = setup(SAVED);
    expect(await remote.invoke('connection:reset-local', { confirm: 'reset' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(remote.controller.resets).toBe(0);
  });
});
