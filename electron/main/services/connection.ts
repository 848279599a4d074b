// connection:* channels over the connection-settings module. What the renderer sees is where the app is connected
// (kind, host, URL) and whether a key is held — never the key itself. Everything that touches Electron (the
// settings file under userData, the keychain, rebuilding the Supabase client, the local backend's database) stays
// behind ConnectionController, which the app wires up and tests fake.
import type { ChannelOutput } from '../../../shared/ipc/contract.js';
import {
  testConnection,
  validateApiKey,
  validateProjectUrl,
  type ConnectionFailure,
  type ConnectionSettings,
  type ConnectionTest,
  type LoadedSettings,
} from '../backend/connection-settings.js';
import { IpcFailure } from '../ipc/errors.js';
import type { connectionChannels } from '../../../shared/ipc/auth.js';
import type { DomainHandlers } from '../ipc/handlers.js';
import type { AuthService } from '../session/auth-service.js';
import { toFailure } from './rpc.js';

export type ConnectionFetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface ConnectionController {
  /** The settings in force (the environment wins over saved ones), as the settings store loads them. */
  load(): Promise<LoadedSettings>;
  /** Saves validated, tested Supabase settings and switches the app's client to them. */
  apply(settings: ConnectionSettings & { kind: 'supabase' }): Promise<LoadedSettings>;
  /** Forgets the saved project and switches back to the local backend. */
  useLocal(): Promise<LoadedSettings>;
  /** The local backend's reset(): its database is rebuilt from migrations + seed. */
  resetLocal(): Promise<void>;
  /** Used by connection:test / connection:set to ask the project (the app passes the global fetch). */
  fetch: ConnectionFetch;
}

type ConnectionInfo = ChannelOutput<'connection:get'>;
type TestStatus = ChannelOutput<'connection:test'>['status'];

// testConnection's reasons in the contract's words. A host that answers but is not a Supabase project ('unexpected')
// cannot serve the console either, so it is reported as unreachable, with testConnection's own explanation.
const STATUS: Record<ConnectionFailure, TestStatus> = {
  unreachable: 'unreachable',
  rejected_key: 'wrong_key',
  schema_not_exposed: 'schema_not_exposed',
  migrations_missing: 'migrations_missing',
  unexpected: 'unreachable',
};

const ENV_WINS =
  'HG_SUPABASE_URL and HG_SUPABASE_KEY (or HG_SUPABASE_ANON_KEY) are set for this app: they win over the settings screen. Unset them to change the connection here.';

/** Only what the contract allows out: never the key. */
export function connectionInfo(loaded: LoadedSettings): ConnectionInfo {
  const { settings } = loaded;
  const source = loaded.source === 'env' ? 'environment' : loaded.source;
  if (settings.kind === 'local') {
    return { backend: { kind: 'local', host: null }, source, url: null, has_anon_key: false };
  }
  return {
    backend: { kind: 'supabase', host: new URL(settings.url).host },
    source,
    url: settings.url,
    has_anon_key: settings.apiKey.length > 0,
  };
}

/** Field by field, so the form can point at the one that is wrong. The contract only bounds the strings: which keys
 * are acceptable, and why the others are not, is validateApiKey's one rule. */
function validated(input: { url: string; anon_key: string }): ConnectionSettings & { kind: 'supabase' } {
  const url = validateProjectUrl(input.url);
  if (!url.ok) throw new IpcFailure('validation', url.message, { field: 'url' });
  const apiKey = validateApiKey(input.anon_key, url.value);
  if (!apiKey.ok) throw new IpcFailure('validation', apiKey.message, { field: 'anon_key' });
  return { kind: 'supabase', url: url.value, apiKey: apiKey.value };
}

function sameBackend(a: ConnectionSettings, b: ConnectionSettings): boolean {
  if (a.kind === 'local' || b.kind === 'local') return a.kind === b.kind;
  return a.url === b.url && a.apiKey === b.apiKey;
}

/** A refused test as the error connection:set answers with. */
function testFailure(result: ConnectionTest & { ok: false }): IpcFailure {
  const details = { reason: STATUS[result.reason] };
  switch (result.reason) {
    case 'rejected_key':
      return new IpcFailure('validation', result.message, { field: 'anon_key', details });
    case 'schema_not_exposed':
    case 'migrations_missing':
      return new IpcFailure('conflict', result.message, { details });
    case 'unreachable':
    case 'unexpected':
      return new IpcFailure('unavailable', result.message, { details });
  }
}

export function connectionHandlers(
  controller: ConnectionController,
  auth?: Pick<AuthService, 'signOut'>,
): DomainHandlers<typeof connectionChannels> {
  // The session belongs to the backend that issued it: it ends before the app switches away (or the rows under it
  // are rebuilt), so the old project's refresh token is revoked while that project is still the client's.
  const signOut = async () => {
    if (!auth) return;
    try {
      await auth.signOut();
    } catch (error) {
      throw toFailure(error);
    }
  };
  const loadForChange = async () => {
    const loaded = await controller.load();
    if (loaded.source === 'env') throw new IpcFailure('conflict', ENV_WINS);
    return loaded;
  };

  return {
    'connection:get': async () => connectionInfo(await controller.load()),

    'connection:test': async (input) => {
      const settings = validated(input);
      const result = await testConnection(settings, controller.fetch);
      if (result.ok) return { status: 'ok', message: `${new URL(settings.url).host} is ready for the console.` };
      return { status: STATUS[result.reason], message: result.message };
    },

    'connection:set': async (input) => {
      const settings = validated(input);
      const current = await loadForChange();
      const result = await testConnection(settings, controller.fetch);
      if (!result.ok) throw testFailure(result);
      if (sameBackend(current.settings, settings) && current.source === 'saved') return connectionInfo(current);
      await signOut();
      return connectionInfo(await controller.apply(settings));
    },

    'connection:use-local': async () => {
      const current = await loadForChange();
      if (current.settings.kind === 'local') return connectionInfo(current);
      await signOut();
      return connectionInfo(await controller.useLocal());
    },

    'connection:reset-local': async (input) => {
      // The contract already demands the word; checked again because this one throws data away.
      if (input.confirm !== 'reset') throw new IpcFailure('validation', 'Type "reset" to confirm.', { field: 'confirm' });
      const current = await controller.load();
      if (current.settings.kind !== 'local') {
        throw new IpcFailure('conflict', 'Only the local backend can be reset. Switch to it first (Use local data).');
      }
      await signOut();
      await controller.resetLocal();
      return connectionInfo(await controller.load());
    },
  };
}
