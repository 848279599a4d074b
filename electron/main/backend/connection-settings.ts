// Which backend the console talks to (docs/architecture.md, "Sessions and connections"): the embedded local backend (default) or a Supabase project
// (URL + anon key), saved under userData or given by HG_SUPABASE_URL / HG_SUPABASE_ANON_KEY (which win).
//
// The values come from a form or the environment, so they are validated as hostile input: the URL decides where
// the staff member's password and tokens are sent, so only https (http only for a `supabase start` on this machine),
// no credentials, no path, no obfuscated or non-ASCII host; the key must be a JWT whose role is 'anon' — a
// service_role key bypasses all security and is refused outright (docs/architecture.md: none exists in the app).
// The anon key is only written encrypted through the SecretBox; without a real key store it lives in memory only.
import * as nodeFs from 'node:fs/promises';
import { dirname } from 'node:path';
import { hasRealKeyStore, type SecretBox } from '../session/secure-storage.js';

export type ConnectionSettings = { kind: 'local' } | { kind: 'supabase'; url: string; anonKey: string };

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

export function validateAnonKey(input: unknown, projectUrl?: string, nowSeconds = Math.floor(Date.now() / 1000)): Checked<string> {
  const fail = (message: string): Checked<string> => ({ ok: false, message });
  if (typeof input !== 'string' || input.trim() === '') return fail('Enter the project’s anon key.');
  const key = input.trim();
  if (key.length > MAX_KEY) return fail('That is too long to be an anon key.');
  if (key.startsWith('sb_secret_')) return fail('That is a secret key. Never put it in an app: use the anon (public) key.');
  if (key.startsWith('sb_publishable_')) {
    return fail('The console needs the JWT anon key (Project Settings → API → legacy anon key), not a publishable key.');
  }
  const parts = key.split('.');
  if (parts.length !== 3 || !parts.every((part) => /^[A-Za-z0-9_-]+$/.test(part))) {
    return fail('That is not an anon key: it should be a JWT (three base64url parts separated by dots).');
  }
  const header = decodeSegment(parts[0]!);
  const payload = decodeSegment(parts[1]!);
  if (!header || !payload || typeof header.alg !== 'string' || header.alg.toLowerCase() === 'none') {
    return fail('That is not an anon key: its JWT header or payload cannot be read.');
  }
  if (payload.role === 'service_role') {
    return fail('That is the service_role key: it bypasses all security and must never be used in the console. Use the anon key.');
  }
  if (payload.role !== 'anon') return fail(`That is not an anon key (its role is ${JSON.stringify(payload.role ?? null)}).`);
  if (typeof payload.exp === 'number' && payload.exp <= nowSeconds) return fail('That anon key has expired.');
  const projectRef = projectUrl ? /^https:\/\/([a-z0-9]+)\.supabase\.co$/.exec(projectUrl)?.[1] : undefined;
  if (projectRef && typeof payload.ref === 'string' && payload.ref !== projectRef) {
    return fail(`That anon key belongs to project ${payload.ref}, not ${projectRef}.`);
  }
  return { ok: true, value: key };
}

export function validateSupabaseSettings(input: { url: unknown; anonKey: unknown }): Checked<ConnectionSettings & { kind: 'supabase' }> {
  const url = validateProjectUrl(input.url);
  if (!url.ok) return url;
  const anonKey = validateAnonKey(input.anonKey, url.value);
  if (!anonKey.ok) return anonKey;
  return { ok: true, value: { kind: 'supabase', url: url.value, anonKey: anonKey.value } };
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
  /** base64 of box.encrypt(anonKey); absent when the key could only be kept in memory. */
  anonKeySealed?: string;
}

export function createConnectionSettingsStore(options: ConnectionSettingsOptions) {
  const { box, file } = options;
  const fs: SettingsFs = options.fs ?? nodeFs;
  const env = options.env ?? process.env;
  const keychain = hasRealKeyStore(box);
  let memoryKey: { url: string; anonKey: string } | undefined;

  async function loadSaved(): Promise<{ settings?: ConnectionSettings; problem?: string }> {
    let saved: SavedFile;
    try {
      saved = JSON.parse(await fs.readFile(file, 'utf8')) as SavedFile;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      return { problem: 'The saved connection settings could not be read; the local backend is used.' };
    }
    if (saved.kind !== 'supabase') return { settings: { kind: 'local' } };
    let anonKey: string | undefined;
    if (saved.anonKeySealed) {
      try {
        anonKey = box.decrypt(Buffer.from(saved.anonKeySealed, 'base64'));
      } catch {
        return { problem: 'The saved anon key could not be decrypted; enter it again.' };
      }
    } else if (memoryKey && memoryKey.url === saved.url) {
      anonKey = memoryKey.anonKey;
    } else {
      return { problem: `Enter the anon key for ${String(saved.url)} again: this system has no keychain to keep it.` };
    }
    const checked = validateSupabaseSettings({ url: saved.url, anonKey });
    if (!checked.ok) return { problem: `The saved connection is no longer valid: ${checked.message}` };
    return { settings: checked.value };
  }

  return {
    async load(): Promise<LoadedSettings> {
      const keyPersistence = keychain ? 'keychain' : 'memory';
      const envUrl = env.HG_SUPABASE_URL?.trim();
      const envKey = env.HG_SUPABASE_ANON_KEY?.trim();
      let envProblem: string | undefined;
      if (envUrl || envKey) {
        if (!envUrl || !envKey) envProblem = 'HG_SUPABASE_URL and HG_SUPABASE_ANON_KEY must be set together; both are ignored.';
        else {
          const checked = validateSupabaseSettings({ url: envUrl, anonKey: envKey });
          if (checked.ok) return { settings: checked.value, source: 'env', keyPersistence };
          envProblem = `HG_SUPABASE_URL / HG_SUPABASE_ANON_KEY are ignored: ${checked.message}`;
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
    async save(input: ConnectionSettings | { kind: 'supabase'; url: unknown; anonKey: unknown }): Promise<Checked<ConnectionSettings>> {
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
        if (keychain) content.anonKeySealed = box.encrypt(checked.value.anonKey).toString('base64');
        else memoryKey = { url: checked.value.url, anonKey: checked.value.anonKey };
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
  const { url, anonKey } = settings;
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
    message: `${host} rejected the anon key. Copy it again from Project Settings → API.`,
  };

  const auth = await call('/auth/v1/settings', { headers: { apikey: anonKey } });
  if (!(auth instanceof Response)) return auth;
  if (auth.status === 401 || auth.status === 403) return rejected;
  if (!auth.ok) {
    return { ok: false, reason: 'unexpected', message: `${host} does not look like a Supabase project (auth answered HTTP ${auth.status}).` };
  }

  const rest = await call('/rest/v1/rpc/my_access', {
    method: 'POST',
    headers: { apikey: anonKey, Authorization: `Bearer ${anonKey}`, 'Content-Profile': 'console', 'Content-Type': 'application/json' },
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
  return { ok: false, reason: 'unexpected', message: `The project's API answered HTTP ${rest.status}${body.message ? `: ${body.message}` : ''}.` };
}
