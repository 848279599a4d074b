// The console's main-process core, assembled: connection settings → backend (a Supabase project or the local
// PGlite backend) → the one supabase-js client → the auth service → the domain handlers → the IPC router.
// No Electron import: the Electron entry (../index.ts) passes the keychain, the userData folder and the event sink;
// the end-to-end suite passes its own and drives the same router from Chromium.
import { join } from 'node:path';
import type { EventPayload } from '../../../shared/ipc/result.js';
import { createConnectionSettingsStore, type ConnectionSettings, type LoadedSettings } from '../backend/connection-settings.js';
import {
  LocalDatabaseDamaged,
  setAsideDamagedDatabase,
  startLocalBackend,
  type LocalBackend,
  type LocalBackendProgress,
} from '../backend/local-backend.js';
import type { SqlSource } from '../backend/sql-files.js';
import type { GatewayFetch } from '../local-backend/gateway.js';
import { createReachability, withDeadline, type Reachability } from '../session/reachability.js';
import { IpcFailure } from '../ipc/errors.js';
import { combine } from '../ipc/handlers.js';
import { createRouter, type Handler, type Handlers, type LogEntry, type Router, type Sender } from '../ipc/router.js';
import { MESSAGES, createAuthService, type AuthService, type AuthStatus } from '../session/auth-service.js';
import { createSessionStorage, type SecretBox } from '../session/secure-storage.js';
import { createConsoleClient } from '../session/supabase-client.js';
import { createMfaService, scratchClientFor, type MfaService } from '../session/mfa.js';
import { staffUser } from '../services/auth-handlers.js';
import type { CallOptions } from '../services/rpc.js';
import {
  connectionHandlers,
  createHandlers,
  type BackendInfo,
  type ConnectionController,
  type ConnectionFetch,
} from '../services/index.js';
import { channelNames, type ChannelOutput } from '../../../shared/ipc/contract.js';
import { connectionInfo } from '../services/connection.js';

import {
  createFileRegistry,
  createOperations,
  createWorkJournal,
  fileHandlers,
  type EmitEvent,
  type FilePlatform,
} from '../files/index.js';

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
  /** Waits before each new attempt of a failed call (default RETRY_DELAYS_MS; tests shorten them). */
  retryDelays?: readonly number[];
  /** How long a request to a project may go unanswered (default REQUEST_DEADLINE_MS); the local backend has none
   * unless this is set (tests). */
  requestDeadlineMs?: number;
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
  reachability: Reachability;
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
/** A step of closing that takes longer than this is logged (see slowStepLogged): longer than an import or export takes
 * to stop between two calls. */
const CLOSE_SLOW_MS = 10_000;

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

  /** Watches the connection's calls; while offline it asks GoTrue's health endpoint until the backend answers. */
  function reachabilityOf(url: string, apiKey: string, fetch: GatewayFetch, offlineMessage: string): Reachability {
    return createReachability({
      offlineMessage,
      emit: (state) => {
        if (state.state === 'online') {
          void current.then((connection) => connection.auth.reconnected()).catch(() => undefined);
        }
        platform.emit('connection:state', state);
      },
      probe: async () => {
        const response = await fetch(`${url}/auth/v1/health`, { headers: { apikey: apiKey }, signal: AbortSignal.timeout(10_000) });
        await response.arrayBuffer();
        return response.status < 500;
      },
    });
  }

  async function connect(settings: ConnectionSettings): Promise<Connection> {
    if (settings.kind === 'local') {
      host = undefined;
      const opening = localBackend();
      // Node loads its fetch (undici: Headers, Request, Response) on first use, 60–110 ms of the main thread that
      // supabase-js and the gateway both need. Done here, it runs while Postgres's WASM compiles on other threads
      // instead of after the database is open.
      void globalThis.Headers;
      const backend = await opening;
      const reachability = reachabilityOf(backend.url, backend.apiKey, through(backend.fetch), 'The local backend does not answer.');
      // No network to go silent in between: a deadline here (tests) would only cut a slow query short.
      const toGateway = platform.requestDeadlineMs
        ? withDeadline(through(backend.fetch), platform.requestDeadlineMs)
        : through(backend.fetch);
      const localFetch = reachability.observe(toGateway);
      const client = createConsoleClient({ url: backend.url, apiKey: backend.apiKey, fetch: localFetch, storage });
      const auth = createAuthService({ client, storage, onChange: (status) => emitSession(status) });
      const mfa = createMfaService({ client, scratchClient: scratchClientFor(backend.url, backend.apiKey, localFetch) });
      return { settings, local: backend, reachability, auth, mfa, backend: { kind: 'local', host: null } };
    }
    if (local) {
      // Leaving the local backend: its database is closed rather than kept open behind the project.
      await local.close();
      local = undefined;
    }
    host = new URL(settings.url).host;
    const reachability = reachabilityOf(settings.url, settings.apiKey, through(projectFetch), `Cannot reach ${host}.`);
    const remoteFetch = reachability.observe(withDeadline(through(projectFetch), platform.requestDeadlineMs));
    const client = createConsoleClient({ url: settings.url, apiKey: settings.apiKey, storage, fetch: remoteFetch });
    const auth = createAuthService({ client, storage, onChange: (status) => emitSession(status) });
    const mfa = createMfaService({ client, scratchClient: scratchClientFor(settings.url, settings.apiKey, remoteFetch) });
    return { settings, reachability, auth, mfa, backend: { kind: 'supabase', host: new URL(settings.url).host } };
  }

  // Picked files and running operations belong to the app's run, not to one connection's handlers.
  const registry = createFileRegistry();
  const operations = createOperations({ emit: platform.emit });
  // Unfinished file work, kept for the next start (a killed app's half-written export, an interrupted import).
  const journal = createWorkJournal(join(platform.dataDir, 'unfinished-work'));
  const swept = journal.sweep().catch(() => []);

  let current: Promise<Connection> = store.load().then((loaded) => connect(loaded.settings));
  let handlers: Promise<Handlers> = current.then(build);
  handlers.catch(() => undefined); // a failed start is reported through `ready`

  /** Replaces the connection (the caller has already signed out of the old one) and rebuilds the handlers on it. */
  async function switchTo(loaded: LoadedSettings): Promise<LoadedSettings> {
    const previous = await current.catch(() => undefined);
    previous?.reachability.close();
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

  const callOptions: CallOptions = { host: () => host, ...(platform.retryDelays ? { retryDelays: platform.retryDelays } : {}) };

  function build(connection: Connection): Handlers {
    return combine(
      createHandlers({ auth: connection.auth, mfa: connection.mfa, connection: { backend: () => connection.backend }, callOptions }),
      connectionHandlers(controller, connection.auth),
      fileHandlers({
        files: platform.files,
        auth: connection.auth,
        registry,
        operations,
        journal,
        callOptions,
        // PGlite has one connection: the local backend runs an import's calls one after another.
        parallelCalls: connection.local ? 1 : undefined,
      }),
    ) satisfies Handlers;
  }

  // A stored session is checked with the server before anything uses it (restore clears an invalid one). Exports a
  // killed app left half-written (their temporary files, work-journal.ts) are deleted first.
  const startUp = () =>
    current.then(async (connection) => {
      await swept;
      await handlers; // a wiring bug (a channel answered twice) fails the start, not a click
      const status = await connection.auth.restore();
      await connection.auth.startAutoRefresh();
      return status;
    });
  const ready = startUp();
  ready.catch((error: unknown) => log({ kind: 'app-error', message: 'the console could not start', error }));
  let starting = ready; // a new start after the demo data of a damaged database was rebuilt

  /** A local database that exists but cannot be opened: every call says so and offers to rebuild the demo data. */
  async function damagedStart(): Promise<LocalDatabaseDamaged | undefined> {
    const error = await starting.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    return error instanceof LocalDatabaseDamaged ? error : undefined;
  }

  /** connection:reset-local while the start failed on a damaged database: nothing can sign out or reset it, so the
   * damaged folder is moved aside (kept, never deleted) and the core starts again on a new one. */
  let rebuilding: Promise<void> | undefined; // one rebuild for calls that arrive together
  async function rebuildDamaged(): Promise<ChannelOutput<'connection:reset-local'>> {
    rebuilding ??= (async () => {
      if (!(await damagedStart())) return;
      await setAsideDamagedDatabase(join(platform.dataDir, 'local-backend'));
      current = store.load().then((loaded) => connect(loaded.settings));
      handlers = current.then(build);
      handlers.catch(() => undefined);
      starting = startUp();
      starting.catch((error: unknown) => log({ kind: 'app-error', message: 'the console could not start', error }));
    })().finally(() => {
      rebuilding = undefined;
    });
    await rebuilding;
    await started();
    const status = (await current).auth.status();
    emitSession(status, 'connection_changed');
    return connectionInfo(await store.load());
  }

  async function started(): Promise<void> {
    try {
      await starting;
    } catch (error) {
      if (error instanceof LocalDatabaseDamaged) {
        throw new IpcFailure(
          'unavailable',
          // PGlite's own words ("Aborted(). Build with -sASSERTIONS…") help no one here; they are in the app log.
          "The console's local demo database is damaged and cannot be opened. Rebuild the demo data to start again; the damaged copy is kept beside it, not deleted.",
          { details: { reason: 'local_database_damaged' } },
        );
      }
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
          if (channel === 'connection:reset-local' && (await damagedStart())) return rebuildDamaged();
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

  /** Waits for one step of closing; one still running after CLOSE_SLOW_MS is logged by name, so a quit that hangs
   * says what it hangs on. */
  async function slowStepLogged(step: string, work: Promise<unknown> | undefined): Promise<void> {
    const timer = setTimeout(
      () => log({ kind: 'app-error', message: `closing has waited ${CLOSE_SLOW_MS / 1000} s for ${step}`, error: null }),
      CLOSE_SLOW_MS,
    );
    try {
      await work;
    } finally {
      clearTimeout(timer);
    }
  }

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
        await slowStepLogged('the running imports and exports to stop', operations.idle());
        await settledWithin(CLOSE_WAIT_MS, Promise.all([drainCalls(), starting.catch(() => undefined)]));
        const connection = await current.catch(() => undefined);
        connection?.reachability.close();
        await slowStepLogged('the session to close', connection?.auth.close());
        await slowStepLogged('the local database to close', local?.close());
        local = undefined;
      })();
      return closing;
    },
  };
}
