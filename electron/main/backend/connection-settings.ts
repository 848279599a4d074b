// Which backend the console talks to (docs/architecture.md, "Sessions and connections"): the embedded local backend (default) or a Supabase project
// (URL + public API key), saved under userData or given by HG_SUPABASE_URL / HG_SUPABASE_KEY (which win;
// HG_SUPABASE_ANON_KEY, the older name, is still read).
//
// The values come from a form or the environment, so they are validated as hostile input: the URL decides where
// the staff member's password and tokens are sent, so only https (http only for a `supabase start` on this machine),
// no credentials, no path, no obfuscated or non-ASCII host. The key must be a public one: a publishable key
// (`sb_publishable_…`, what the dashboard offers today) or a legacy JWT anon key. A secret key (`sb_secret_…`) or a
// legacy service_role JWT bypasses all security and is refused outright, each with its own reason (docs/architecture.md:
// none exists in the app). validateApiKey is the ONE rule for keys: the IPC contract only bounds the string, so the
// message the user reads is this one, wherever the key came from.
// The key is only written encrypted through the SecretBox; without a real key store it lives in memory only.
import * as nodeFs from 'node:fs/promises';
import { dirname } from 'node:path';
import { hasRealKeyStore, type SecretBox } from '../session/secure-storage.js';

export type ConnectionSettings = { kind: 'local' } | { kind: 'supabase'; url: string; apiKey: string };

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const MAX_URL = 2048;
const MAX_KEY = 4096;
const LOCAL_HTTP_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function validateProjectUrl(input: unknown): Checked<string> {
  const fail = (message: string): Checked<string> => ({ ok: false, message });
  if (typeof input !== 'string') return fail('Enter the project URL.');
  const raw = input.trim();
  if (raw === '') return fail('Enter the project URL.');
  if (raw.length > MAX_URL) return fail('The project URL is too long.');
  // Whitespace or control characters inside are never part of a real URL but can hide another host from the eye.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\s\u0000-\u001f\u007f-\u009f\\]/.test(raw)) return fail('The project URL contains characters a URL cannot have.');
  const scheme = /^(https?):\/\//i.exec(raw)?.[1]?.toLowerCase();
  if (!scheme) return fail('The project URL must start with https:// (e.g. https://abcd.supabase.co).');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail('The project URL is not a valid URL.');
  }
  const authority = raw.slice(scheme.length + 3).split(/[/?#]/, 1)[0] ?? '';
  if (url.username || url.password || authority.includes('@')) return fail('The project URL must not contain a user name or password.');
  // Compare the host as typed with the parsed one: they differ for `127.1`, `0x7f000001`, `2130706433`, IPv4-mapped
  // IPv6 and non-ASCII (homograph) names — all ways to make an address look like something else.
  const typedHost = authority.replace(/:\d*$/, '').toLowerCase();
  if (typedHost === '' || typedHost !== url.hostname) {
    return fail('Write the project host plainly (an ASCII name or a dotted IP address), e.g. https://abcd.supabase.co.');
  }
  if (url.search || url.hash || raw.includes('?') || raw.includes('#')) return fail('The project URL takes no query or fragment.');
  if (url.pathname !== '/') return fail('Use the project URL without a path, e.g. https://abcd.supabase.co.');
  if (scheme === 'http' && !LOCAL_HTTP_HOSTS.has(url.hostname)) {
    return fail('Use https:// — plain http is allowed only for a local `supabase start` (localhost or 127.0.0.1).');
  }
  return { ok: true, value: url.origin };
}

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const PUBLISHABLE_PREFIX = 'sb_publishable_';
const SECRET_PREFIX = 'sb_secret_';
// What follows the prefix in Supabase's API keys: a random part and a checksum, in base64url characters.
const KEY_BODY = /^[A-Za-z0-9_-]{16,200}$/;

export type ApiKeyKind = 'publishable' | 'legacy_anon';

/** Which kind of public key this is, once validateApiKey has accepted it. */
export function apiKeyKind(key: string): ApiKeyKind {
  return key.startsWith(PUBLISHABLE_PREFIX) ? 'publishable' : 'legacy_anon';
}

const WHERE = 'Project Settings → API Keys';

/**
 * The project's public API key: a publishable key (`sb_publishable_…`) or a legacy anon JWT. Secret keys and
 * service_role keys are refused with the reason; so is anything else, saying what to copy instead.
 */
export function validateApiKey(input: unknown, projectUrl?: string, nowSeconds = Math.floor(Date.now() / 1000)): Checked<string> {
  const fail = (message: string): Checked<string> => ({ ok: false, message });
  if (typeof input !== 'string' || input.trim() === '') return fail(`Enter the project’s publishable key (${WHERE}).`);
  const key = input.trim();
  if (key.length > MAX_KEY) return fail('That is too long to be a Supabase API key.');
  if (key.startsWith(SECRET_PREFIX)) {
    return fail(
      `That is a secret key (sb_secret_…): it bypasses all security and must never be put in an app. Use the publishable key (sb_publishable_…, ${WHERE}).`,
    );
  }
  if (key.startsWith(PUBLISHABLE_PREFIX)) {
    if (!KEY_BODY.test(key.slice(PUBLISHABLE_PREFIX.length))) {
      return fail(
        `That publishable key is incomplete or damaged (after sb_publishable_ come 16 or more letters, digits, _ or -). Copy it again from ${WHERE}.`,
      );
    }
    return { ok: true, value: key };
  }
  const parts = key.split('.');
  if (parts.length !== 3 || !parts.every((part) => /^[A-Za-z0-9_-]+$/.test(part))) {
    return fail(
      `That is not a Supabase API key. Copy the publishable key (sb_publishable_…) from ${WHERE}, or the legacy anon key (a JWT).`,
    );
  }
  const header = decodeSegment(parts[0]!);
  const payload = decodeSegment(parts[1]!);
  if (!header || !payload || typeof header.alg !== 'string' || header.alg.toLowerCase() === 'none') {
    return fail('That is not an anon key: its JWT header or payload cannot be read.');
  }
  if (payload.role === 'service_role') {
    return fail(
      `That is the legacy service_role key: it bypasses all security and must never be used in the console. Use the publishable key (sb_publishable_…, ${WHERE}).`,
    );
  }
  if (payload.role !== 'anon')
    return fail(`That is not an anon key (its role is ${JSON.stringify(payload.role ?? null)}). Use the publishable key (${WHERE}).`);
  if (typeof payload.exp === 'number' && payload.exp <= nowSeconds) return fail('That anon key has expired.');
  const projectRef = projectUrl ? /^https:\/\/([a-z0-9]+)\.supabase\.co$/.exec(projectUrl)?.[1] : undefined;
  if (projectRef && typeof payload.ref === 'string' && payload.ref !== projectRef) {
    return fail(`That anon key belongs to project ${payload.ref}, not ${projectRef}.`);
  }
  return { ok: true, value: key };
}

export function validateSupabaseSettings(input: { url: unknown; apiKey: unknown }): Checked<ConnectionSettings & { kind: 'supabase' }> {
  const url = validateProjectUrl(input.url);
  if (!url.ok) return url;
  const apiKey = validateApiKey(input.apiKey, url.value);
  if (!apiKey.ok) return apiKey;
  return { ok: true, value: { kind: 'supabase', url: url.value, apiKey: apiKey.value } };
}

/** The key from the environment: HG_SUPABASE_KEY, or the older HG_SUPABASE_ANON_KEY. */
export function envApiKey(env: Record<string, string | undefined>): { key?: string; name: string; problem?: string } {
  const current = env.HG_SUPABASE_KEY?.trim();
  const older = env.HG_SUPABASE_ANON_KEY?.trim();
  if (current && older && current !== older) {
    return { key: current, name: 'HG_SUPABASE_KEY', problem: 'HG_SUPABASE_KEY and HG_SUPABASE_ANON_KEY differ; HG_SUPABASE_KEY is used.' };
  }
  if (current) return { key: current, name: 'HG_SUPABASE_KEY' };
  if (older) return { key: older, name: 'HG_SUPABASE_ANON_KEY' };
  return { name: 'HG_SUPABASE_KEY' };
}

// ----- the store

export interface LoadedSettings {
  settings: ConnectionSettings;
  source: 'default' | 'saved' | 'env';
  /** Where the anon key of saved settings lives. */
  keyPersistence: 'keychain' | 'memory';
  /** Something the settings screen should say (an invalid env override, an unreadable saved key…). */
  problem?: string;
}

export interface SettingsFs {
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  writeFile(path: string, data: string, options?: { mode?: number }): Promise<void>;
  mkdir(path: string, options?: { recursive?: boolean }): Promise<unknown>;
  rm(path: string, options?: { force?: boolean }): Promise<void>;
}

export interface ConnectionSettingsOptions {
  box: SecretBox;
  /** Absolute path of the settings file under userData. */
  file: string;
  fs?: SettingsFs;
  env?: Record<string, string | undefined>;
}

interface SavedFile {
  version: 1;
  kind: 'local' | 'supabase';
  url?: string;
  /** base64 of box.encrypt(the API key); absent when the key could only be kept in memory. (Named before
   * publishable keys existed; kept so saved settings stay readable.) */
  anonKeySealed?: string;
}

export function createConnectionSettingsStore(options: ConnectionSettingsOptions) {
  const { box, file } = options;
  const fs: SettingsFs = options.fs ?? nodeFs;
  const env = options.env ?? process.env;
  const keychain = hasRealKeyStore(box);
  let memoryKey: { url: string; apiKey: string } | undefined;

  async function loadSaved(): Promise<{ settings?: ConnectionSettings; problem?: string }> {
    let saved: SavedFile;
    try {
      saved = JSON.parse(await fs.readFile(file, 'utf8')) as SavedFile;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      return { problem: 'The saved connection settings could not be read; the local backend is used.' };
    }
    if (saved.kind !== 'supabase') return { settings: { kind: 'local' } };
    let apiKey: string | undefined;
    if (saved.anonKeySealed) {
      try {
        apiKey = box.decrypt(Buffer.from(saved.anonKeySealed, 'base64'));
      } catch {
        return { problem: 'The saved API key could not be decrypted; enter it again.' };
      }
    } else if (memoryKey && memoryKey.url === saved.url) {
      apiKey = memoryKey.apiKey;
    } else {
      return { problem: `Enter the API key for ${String(saved.url)} again: this system has no keychain to keep it.` };
    }
    const checked = validateSupabaseSettings({ url: saved.url, apiKey });
    if (!checked.ok) return { problem: `The saved connection is no longer valid: ${checked.message}` };
    return { settings: checked.value };
  }

  return {
    async load(): Promise<LoadedSettings> {
      const keyPersistence = keychain ? 'keychain' : 'memory';
      const envUrl = env.HG_SUPABASE_URL?.trim();
      const envKey = envApiKey(env);
      let envProblem: string | undefined;
      if (envUrl || envKey.key) {
        if (!envUrl || !envKey.key) envProblem = 'HG_SUPABASE_URL and HG_SUPABASE_KEY must be set together; both are ignored.';
        else {
          const checked = validateSupabaseSettings({ url: envUrl, apiKey: envKey.key });
          if (checked.ok) {
            return { settings: checked.value, source: 'env', keyPersistence, ...(envKey.problem ? { problem: envKey.problem } : {}) };
          }
          envProblem = `HG_SUPABASE_URL / ${envKey.name} are ignored: ${checked.message}`;
        }
      }
      const saved = await loadSaved();
      const problem = [envProblem, saved.problem].filter(Boolean).join(' ') || undefined;
      return {
        settings: saved.settings ?? { kind: 'local' },
        source: saved.settings ? 'saved' : 'default',
        keyPersistence,
        ...(problem ? { problem } : {}),
      };
    },

    /** Validates and saves; returns the normalised settings or why they were refused. */
    async save(input: ConnectionSettings | { kind: 'supabase'; url: unknown; apiKey: unknown }): Promise<Checked<ConnectionSettings>> {
      let content: SavedFile;
      let result: ConnectionSettings;
      if (input.kind === 'local') {
        content = { version: 1, kind: 'local' };
        result = { kind: 'local' };
        memoryKey = undefined;
      } else {
        const checked = validateSupabaseSettings(input);
        if (!checked.ok) return checked;
        result = checked.value;
        content = { version: 1, kind: 'supabase', url: checked.value.url };
        if (keychain) content.anonKeySealed = box.encrypt(checked.value.apiKey).toString('base64');
        else memoryKey = { url: checked.value.url, apiKey: checked.value.apiKey };
      }
      await fs.mkdir(dirname(file), { recursive: true });
      await fs.writeFile(file, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
      return { ok: true, value: result };
    },

    async clear(): Promise<void> {
      memoryKey = undefined;
      await fs.rm(file, { force: true });
    },
  };
}

// ----- testing a connection

export type ConnectionFailure = 'unreachable' | 'rejected_key' | 'schema_not_exposed' | 'migrations_missing' | 'unexpected';

export type ConnectionTest = { ok: true } | { ok: false; reason: ConnectionFailure; message: string };

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

async function bodyOf(response: Response): Promise<{ code?: string; message?: string }> {
  try {
    const body: unknown = await response.json();
    return typeof body === 'object' && body !== null ? (body as { code?: string; message?: string }) : {};
  } catch {
    return {};
  }
}

/**
 * Asks the project two questions, in the order a failure is most useful to explain: is GoTrue there and does it
 * accept the key (/auth/v1/settings), then does PostgREST expose `console` with the HumanGlue migrations
 * (console.my_access, which anon may not execute: a 42501 refusal proves it exists).
 */
export async function testConnection(settings: ConnectionSettings, fetch: FetchLike, timeoutMs = 10_000): Promise<ConnectionTest> {
  if (settings.kind === 'local') return { ok: true };
  const { url, apiKey } = settings;
  const host = new URL(url).host;
  const call = async (path: string, init: RequestInit): Promise<Response | ConnectionTest> => {
    try {
      return await fetch(`${url}${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
      return { ok: false, reason: 'unreachable', message: `Cannot reach ${host}: ${cause}. Check the URL and your network.` };
    }
  };
  const rejected: ConnectionTest = {
    ok: false,
    reason: 'rejected_key',
    message: `${host} rejected the API key. Copy the publishable key again from ${WHERE}.`,
  };

  const auth = await call('/auth/v1/settings', { headers: { apikey: apiKey } });
  if (!(auth instanceof Response)) return auth;
  if (auth.status === 401 || auth.status === 403) return rejected;
  if (!auth.ok) {
    return {
      ok: false,
      reason: 'unexpected',
      message: `${host} does not look like a Supabase project (auth answered HTTP ${auth.status}).`,
    };
  }

  const rest = await call('/rest/v1/rpc/my_access', {
    method: 'POST',
    // As supabase-js sends it: with no session, the key itself is the bearer (the platform turns a publishable key
    // into the anon role).
    headers: { apikey: apiKey, Authorization: `Bearer ${apiKey}`, 'Content-Profile': 'console', 'Content-Type': 'application/json' },
    body: '{}',
  });
  if (!(rest instanceof Response)) return rest;
  if (rest.ok) return { ok: true };
  const body = await bodyOf(rest);
  if (body.code === '42501') return { ok: true }; // exists; anon is refused by design
  if (body.code === 'PGRST106') {
    return {
      ok: false,
      reason: 'schema_not_exposed',
      message: 'The project does not expose the `console` schema. Add it under API settings → Exposed schemas (config.toml [api] schemas).',
    };
  }
  if (body.code === 'PGRST202') {
    return {
      ok: false,
      reason: 'migrations_missing',
      message: 'console.my_access was not found: the HumanGlue migrations (006 onwards) are not applied to this project.',
    };
  }
  if (rest.status === 401 || /^PGRST30/.test(body.code ?? '')) return rejected;
  return {
    ok: false,
    reason: 'unexpected',
    message: `The project's API answered HTTP ${rest.status}${body.message ? `: ${body.message}` : ''}.`,
  };
}
