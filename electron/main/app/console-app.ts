// The console's main-process core, assembled: connection settings → backend (a Supabase project or the local
// PGlite backend) → the one supabase-js client → the auth service → the domain handlers → the IPC router.
// No Electron import: the Electron entry (../index.ts) passes the keychain, the userData folder and the event sink;
// the end-to-end suite passes its own and drives the same router from Chromium.
import { join } from 'node:path';
import type { EventPayload } from '../../../shared/ipc/result.js';
import { createConnectionSettingsStore, type ConnectionSettings, type LoadedSettings } from '../backend/connection-settings.js';
import { startLocalBackend, type LocalBackend, type LocalBackendProgress } from '../backend/local-backend.js';
import type { SqlSource } from '../backend/sql-files.js';
import type { GatewayFetch } from '../local-backend/gateway.js';
import { IpcFailure } from '../ipc/errors.js';
import { combine } from '../ipc/handlers.js';
import { createRouter, type Handler, type Handlers, type LogEntry, type Router, type Sender } from '../ipc/router.js';
import { MESSAGES, createAuthService, type AuthService, type AuthStatus } from '../session/auth-service.js';
import { createSessionStorage, type SecretBox } from '../session/secure-storage.js';
import { createConsoleClient } from '../session/supabase-client.js';
import { createMfaService, scratchClientFor, type MfaService } from '../session/mfa.js';
import { staffUser } from '../services/auth-handlers.js';
import {
  connectionHandlers,
  createHandlers,
  type BackendInfo,
  type ConnectionController,
  type ConnectionFetch,
} from '../services/index.js';
import { channelNames } from '../../../shared/ipc/contract.js';

import { createFileRegistry, createOperations, fileHandlers, type EmitEvent, type FilePlatform } from '../files/index.js';

export type { EmitEvent } from '../files/index.js';

export interface Platform {
  /** Where the console keeps its files: Electron's userData, or a test's own temporary folder. */
  dataDir: string;
  /** The OS keychain (Electron's safeStorage) for the session and a saved anon key. */
  box: SecretBox;
  /** Only the app's own pages may call the router. */
  isTrustedSender: (sender: Sender) => boolean;
  emit: EmitEvent;
  /** File dialogs and window capture for imports and exports. */
  files: FilePlatform;
  /** HG_SUPABASE_URL / HG_SUPABASE_KEY (or HG_SUPABASE_ANON_KEY) are read from here; default process.env. */
  env?: Record<string, string | undefined>;
  /** The SQL the local backend applies; default: the repository's supabase/ folder. */
  sql?: SqlSource;
  /** The prebuilt database a new local backend starts from (`npm run build:db`); default none: the SQL is replayed. */
  localImage?: string;
  /** How a Supabase project is reached, by the connection test and by the client (tests record it); default: the
   * global fetch. */
  fetch?: ConnectionFetch;
  /** Tests only: what every call of the console's client passes through on its way to the backend, local or
   * project (a fault-injecting fetch). */
  wrapFetch?: (fetch: GatewayFetch) => GatewayFetch;
  onLocalBackendProgress?: (progress: LocalBackendProgress) => void;
  log?: (entry: LogEntry | { kind: 'app-error'; message: string; error: unknown }) => void;
}

export interface ConsoleApp {
  router: Router;
  /** Resolves once the backend is up and a stored session has been checked (or cleared). */
  ready: Promise<AuthStatus>;
  close(): Promise<void>;
}

interface Connection {
  settings: ConnectionSettings;
  local?: LocalBackend;
  auth: AuthService;
  mfa: MfaService;
  backend: BackendInfo;
}

/** Why a session ended, in the event's words, from what the auth service reports. */
function sessionReason(status: AuthStatus): EventPayload<'session:changed'>['reason'] {
  if (status.signedIn) return 'signed_in';
  if (status.notice?.includes(MESSAGES.no_console_access)) return 'no_console_access';
  if (status.notice?.includes(MESSAGES.session_expired)) return 'expired';
  return 'signed_out';
}

/**
 * How long closing waits for calls still running and for the start's session check. They end in milliseconds on
 * the local backend; the bound only keeps quitting from hanging behind something that never ends (a file dialog
 * left open, a project that stopped answering), which then meets the closed backend as before.
 */
const CLOSE_WAIT_MS = 15_000;

async function settledWithin(ms: number, work: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([
      work.then(
        () => undefined,
        () => undefined,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function createConsoleApp(platform: Platform): ConsoleApp {
  const log = platform.log ?? ((entry) => console.error('[console]', entry));
  const fetchImpl: ConnectionFetch = platform.fetch ?? ((input, init) => fetch(input, init));
  const store = createConnectionSettingsStore({
    box: platform.box,
    file: join(platform.dataDir, 'connection.json'),
    env: platform.env ?? process.env,
  });
  // supabase-js calls fetch with a URL string and init; a Request is unpacked so the platform's fetch sees it all.
  const projectFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (!(input instanceof Request)) return fetchImpl(String(input), init);
    const body = ['GET', 'HEAD'].includes(input.method) ? undefined : await input.arrayBuffer();
    return fetchImpl(input.url, { method: input.method, headers: input.headers, body, signal: input.signal, ...init });
  };
  const through = platform.wrapFetch ?? ((inner: GatewayFetch) => inner);
  const storage = createSessionStorage({ box: platform.box, file: join(platform.dataDir, 'session.bin') });
  let local: LocalBackend | undefined;
  let host: string | undefined; // for "cannot reach <host>" messages

  const emitSession = (status: AuthStatus, reason = sessionReason(status)) => {
    platform.emit('session:changed', {
      state: status.signedIn ? 'signed_in' : 'signed_out',
      reason,
      user: staffUser(status),
      message: status.signedIn ? null : (status.notice ?? null),
    });
  };

  async function localBackend(): Promise<LocalBackend> {
    local ??= await startLocalBackend({
      dataDir: join(platform.dataDir, 'local-backend'),
      ...(platform.sql ? { sql: platform.sql } : {}),
      ...(platform.localImage ? { image: platform.localImage } : {}),
      ...(platform.onLocalBackendProgress ? { onProgress: platform.onLocalBackendProgress } : {}),
    });
    return local;
  }

  async function connect(settings: ConnectionSettings): Promise<Connection> {
    if (settings.kind === 'local') {
      host = undefined;
      const backend = await localBackend();
      const localFetch = through(backend.fetch);
      const client = createConsoleClient({ url: backend.url, apiKey: backend.apiKey, fetch: localFetch, storage });
      const auth = createAuthService({ client, storage, onChange: (status) => emitSession(status) });
      const mfa = createMfaService({ client, scratchClient: scratchClientFor(backend.url, backend.apiKey, localFetch) });
      return { settings, local: backend, auth, mfa, backend: { kind: 'local', host: null } };
    }
    if (local) {
      // Leaving the local backend: its database is closed rather than kept open behind the project.
      await local.close();
      local = undefined;
    }
    host = new URL(settings.url).host;
    const remoteFetch = through(projectFetch);
    const client = createConsoleClient({ url: settings.url, apiKey: settings.apiKey, storage, fetch: remoteFetch });
    const auth = createAuthService({ client, storage, onChange: (status) => emitSession(status) });
    const mfa = createMfaService({ client, scratchClient: scratchClientFor(settings.url, settings.apiKey, remoteFetch) });
    return { settings, auth, mfa, backend: { kind: 'supabase', host: new URL(settings.url).host } };
  }

  // Picked files and running operations belong to the app's run, not to one connection's handlers.
  const registry = createFileRegistry();
  const operations = createOperations({ emit: platform.emit });

  let current: Promise<Connection> = store.load().then((loaded) => connect(loaded.settings));
  let handlers: Promise<Handlers> = current.then(build);
  handlers.catch(() => undefined); // a failed start is reported through `ready`

  /** Replaces the connection (the caller has already signed out of the old one) and rebuilds the handlers on it. */
  async function switchTo(loaded: LoadedSettings): Promise<LoadedSettings> {
    const previous = await current.catch(() => undefined);
    await previous?.auth.close();
    current = connect(loaded.settings);
    handlers = current.then(build);
    const next = await current;
    await next.auth.startAutoRefresh();
    emitSession(next.auth.status(), 'connection_changed');
    return loaded;
  }

  const controller: ConnectionController = {
    load: () => store.load(),
    async apply(settings) {
      const saved = await store.save(settings);
      if (!saved.ok) throw new Error(saved.message); // already validated by the handler; a failure here is a bug
      return switchTo(await store.load());
    },
    async useLocal() {
      await store.clear();
      return switchTo(await store.load());
    },
    async resetLocal() {
      const backend = await localBackend();
      await backend.reset();
    },
    fetch: fetchImpl,
  };

  function build(connection: Connection): Handlers {
    return combine(
      createHandlers({ auth: connection.auth, mfa: connection.mfa, connection: { backend: () => connection.backend } }),
      connectionHandlers(controller, connection.auth),
      fileHandlers({ files: platform.files, auth: connection.auth, registry, operations }),
    ) satisfies Handlers;
  }

  // A stored session is checked with the server before anything uses it (restore clears an invalid one).
  const ready = current.then(async (connection) => {
    await handlers; // a wiring bug (a channel answered twice) fails the start, not a click
    const status = await connection.auth.restore();
    await connection.auth.startAutoRefresh();
    return status;
  });
  ready.catch((error: unknown) => log({ kind: 'app-error', message: 'the console could not start', error }));

  async function started(): Promise<void> {
    try {
      await ready;
    } catch (error) {
      const reason = error instanceof Error ? error.message.slice(0, 200) : 'unknown error';
      throw new IpcFailure(
        'unavailable',
        `The console's backend could not start (${reason}). Restart the app; if it keeps failing, reset the local data.`,
      );
    }
  }

  // Calls running now: closing lets them finish on the open backend before it closes anything.
  const inflight = new Set<Promise<unknown>>();
  let closing: Promise<void> | undefined;

  // Every channel waits for the backend; a failed start answers each call with the reason instead of hanging.
  // (built per channel from the contract, so the map is as complete as `build`'s, which the type checks)
  const routed = Object.fromEntries(
    channelNames.map((channel) => {
      const wait: Handler<typeof channel> = (input, ctx) => {
        if (closing) return Promise.reject(new IpcFailure('unavailable', 'The console is closing.'));
        const call = (async () => {
          await started();
          return ((await handlers)[channel] as Handler<typeof channel>)(input, ctx);
        })();
        inflight.add(call);
        const forget = () => inflight.delete(call);
        call.then(forget, forget);
        return call;
      };
      return [channel, wait];
    }),
  ) as Handlers;

  /** Settles every call running now and any started while waiting (a handler may call another). */
  async function drainCalls(): Promise<void> {
    while (inflight.size > 0) await Promise.allSettled([...inflight]);
  }

  const router = createRouter({
    handlers: routed,
    isTrustedSender: platform.isTrustedSender,
    log,
    backendHost: () => host,
  });

  return {
    router,
    ready,
    close() {
      closing ??= (async () => {
        // From now on calls are refused ("closing") instead of reaching a backend about to close. Imports and
        // exports stop (an export's temporary file is removed, a run is left open); the calls already running and
        // the stored-session check of the start finish on the open backend; then the session and the database
        // close under nothing, so no request meets a closed backend.
        operations.cancelAll();
        await operations.idle();
        await settledWithin(CLOSE_WAIT_MS, Promise.all([drainCalls(), ready.catch(() => undefined)]));
        const connection = await current.catch(() => undefined);
        await connection?.auth.close();
        await local?.close();
        local = undefined;
      })();
      return closing;
    },
  };
}
