// Sign-in, session and access for the console's staff member (docs/architecture.md, "Sessions and connections"). Owns the session of the ONE
// supabase-js client; the renderer only ever sees `status()` (user, roles, capabilities — never a token).
//
// Access is decided by the database: `console.my_access()` gives roles and capabilities. An account with no staff
// role is signed out at once ('no_console_access'). Later, `rpc()` — the way services call console functions —
// turns the database's answers into an ended session where that is what they mean:
// - the JWT is rejected (expired despite supabase-js's refresh, e.g. after sleep or clock skew) → one refresh is
//   tried; if that fails too (revoked session, banned user) → signed out, 'session_expired';
// - no session left (a background refresh failed and supabase-js dropped it) → 'session_expired';
// - 42501 permission denied → my_access is asked again: no role left → signed out, 'no_console_access'; fewer
//   capabilities → status updated (onChange) and 'forbidden'.
// PostgREST only checks the JWT, so a session revoked server-side is noticed at the next refresh, or at once by
// `verify()` (GoTrue's /user checks the session) — call it on app focus/resume next to startAutoRefresh().
import { isAuthApiError, isAuthRetryableFetchError, type PostgrestError, type Session } from '@supabase/supabase-js';
import type { ConsoleClient } from './supabase-client.js';
import type { Persistence, SessionStorage } from './secure-storage.js';
import { knownCapabilities, type Capability } from '../../../shared/ipc/capabilities.js';

export type AuthErrorCode =
  | 'invalid_input'
  | 'invalid_credentials'
  | 'account_disabled'
  | 'no_console_access'
  | 'session_expired'
  | 'forbidden'
  | 'unreachable'
  | 'auth_failed';

export class ConsoleAuthError extends Error {
  override readonly name = 'ConsoleAuthError';
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const MESSAGES: Record<AuthErrorCode, string> = {
  invalid_input: 'Enter an email address and a password.',
  invalid_credentials: 'Wrong email or password.',
  account_disabled: 'This account is disabled. Ask an administrator.',
  no_console_access: 'This account has no console access. Ask an administrator for a staff role.',
  session_expired: 'Your session has ended. Please sign in again.',
  forbidden: 'You do not have permission to do that.',
  unreachable: 'The server cannot be reached. Check the connection and try again.',
  auth_failed: 'Sign-in failed.',
};

export interface AuthStatus {
  signedIn: boolean;
  user: { id: string; email: string; fullName: string | null } | null;
  roles: string[];
  capabilities: Capability[];
  persistence: Persistence;
  backend: string;
  /** Why the last session ended, or a storage problem worth telling the user about. */
  notice?: string;
}

export interface AuthService {
  signIn(email: string, password: string): Promise<AuthStatus>;
  signOut(): Promise<AuthStatus>;
  status(): AuthStatus;
  /** At start: a stored session is checked against the server before it is used; an invalid one is cleared. */
  restore(): Promise<AuthStatus>;
  /** Checks the session with the server (GoTrue /user) and re-reads access. Throws ConsoleAuthError when it ended. */
  verify(): Promise<AuthStatus>;
  /** Calls `console.<fn>(args)` as the signed-in user; see the header for the errors that end access. */
  rpc<T = unknown>(fn: string, args?: Record<string, unknown>): Promise<{ data: T | null; error: PostgrestError | null; status: number }>;
  startAutoRefresh(): Promise<void>;
  stopAutoRefresh(): Promise<void>;
  /** The backend answers again after an outage: a refresh that failed offline is tried now, and a session kept
   * through an offline start is checked, so nobody signs in again. */
  reconnected(): Promise<void>;
  /** Stops the refresh ticker and the auth listener (app quit, tests). */
  close(): Promise<void>;
}

export interface AuthServiceOptions {
  client: ConsoleClient;
  storage: SessionStorage;
  /** Called whenever what status() reports changes (push it to the renderer as `auth:changed`). */
  onChange?: (status: AuthStatus) => void;
}

interface Access {
  user: { id: string; email: string; fullName: string | null };
  roles: string[];
  capabilities: Capability[];
}

type RpcResult = { data: unknown; error: PostgrestError | null; status: number };
type LooseRpc = { rpc(fn: string, args?: Record<string, unknown>): PromiseLike<RpcResult> };

const JWT_REJECTED = new Set(['PGRST300', 'PGRST301', 'PGRST302', 'PGRST303']);

/**
 * auth-js (2.119) answers every refresh of the same refresh token within 60 s of a failed one with that failure,
 * without asking GoTrue (REFRESH_FAILURE_COOLDOWN_MS, against refresh storms). After an outage that would keep the
 * console failing for up to a minute once the network is back, so the cached failure is dropped when main sees the
 * backend answer again. The field is private: if a later auth-js renames it, this does nothing and the wait returns.
 */
function forgetRefreshFailure(client: ConsoleClient): void {
  const auth = client.auth as unknown as { lastRefreshFailure?: unknown };
  if ('lastRefreshFailure' in auth) auth.lastRefreshFailure = null;
}

function isNetworkFailure(result: RpcResult): boolean {
  // postgrest-js turns a failed fetch into status 0 with an empty code.
  return result.status === 0 || (!!result.error && result.error.code === '' && /fetch failed|network/i.test(result.error.message));
}

export function createAuthService(options: AuthServiceOptions): AuthService {
  const { client, storage, onChange } = options;
  let access: Access | null = null;
  let notice: string | undefined;
  const consoleApi = () => client.schema('console') as unknown as LooseRpc;

  function status(): AuthStatus {
    const problem = storage.problem?.message;
    const text = [notice, problem].filter(Boolean).join(' ');
    return {
      signedIn: access !== null,
      user: access ? { ...access.user } : null,
      roles: access ? [...access.roles] : [],
      capabilities: access ? [...access.capabilities] : [],
      persistence: storage.persistence,
      backend: storage.backend,
      ...(text ? { notice: text } : {}),
    };
  }

  function setAccess(next: Access | null, why?: string): void {
    const before = JSON.stringify(access);
    access = next;
    notice = why;
    if (JSON.stringify(access) !== before || why) onChange?.(status());
  }

  // A SIGNED_OUT coming from supabase-js itself (a background refresh refused) ends access here too. The callback
  // must not await other auth calls (supabase-js holds its lock while notifying), so it only updates state.
  let clearing = false; // our own sign-outs report their own reason
  const { data: listener } = client.auth.onAuthStateChange((event) => {
    if (event === 'SIGNED_OUT' && access && !clearing) setAccess(null, MESSAGES.session_expired);
  });

  /** Signs out locally whatever the server says, and makes sure nothing remains on disk. */
  async function clearSession(): Promise<void> {
    clearing = true;
    try {
      await client.auth.signOut({ scope: 'local' }).catch(() => undefined);
      await storage.clear();
    } finally {
      clearing = false;
    }
  }

  async function end(code: AuthErrorCode, cause?: unknown): Promise<never> {
    await clearSession();
    setAccess(null, MESSAGES[code]);
    throw new ConsoleAuthError(code, MESSAGES[code], { cause });
  }

  /** console.my_access()'s answer, asked for at once (postgrest-js sends a request only when it is awaited). */
  const askAccess = (): Promise<RpcResult> => Promise.resolve(consoleApi().rpc('my_access'));

  /** console.my_access() for the current session; null when the account has no staff role. */
  async function loadAccess(asked: Promise<RpcResult> = askAccess()): Promise<Access | null> {
    const result = await asked;
    if (isNetworkFailure(result)) throw new ConsoleAuthError('unreachable', MESSAGES.unreachable, { cause: result.error });
    if (result.error) {
      if (JWT_REJECTED.has(result.error.code) || result.status === 401) return end('session_expired', result.error);
      throw new ConsoleAuthError('auth_failed', `Checking console access failed: ${result.error.message}`, { cause: result.error });
    }
    const row = (
      result.data as Array<{ user_id: string; email: string; full_name: string | null; roles: string[]; capabilities: string[] }>
    )[0];
    if (!row || row.roles.length === 0) return null;
    return {
      user: { id: row.user_id, email: row.email, fullName: row.full_name },
      roles: [...row.roles].sort(),
      capabilities: knownCapabilities(row.capabilities).sort(),
    };
  }

  async function requireAccess(asked?: Promise<RpcResult>): Promise<Access> {
    const found = await loadAccess(asked);
    if (!found) return end('no_console_access');
    setAccess(found);
    return found;
  }

  /**
   * The stored session, refreshed by supabase-js when its access token has expired. A refresh that could not reach
   * the server keeps the session (supabase-js keeps it too) and fails as 'unreachable': being offline when the
   * token expires must not sign anyone out. Only a refresh the server refused ends it.
   */
  async function currentSession(): Promise<Session> {
    const result = await client.auth.getSession();
    if (result.error && isAuthRetryableFetchError(result.error)) {
      throw new ConsoleAuthError('unreachable', MESSAGES.unreachable, { cause: result.error });
    }
    if (!result.data.session) return end('session_expired', result.error ?? undefined);
    return result.data.session;
  }

  /**
   * GoTrue's check of the session and the database's answer on access go out together: one round trip to the
   * project instead of two, at every start with a stored session and every focus. The token is passed to getUser so
   * that it does not hold auth-js's session lock, which the rpc's own getSession would wait behind. my_access only
   * reads the caller's own roles, and its answer is used only once GoTrue has accepted the session.
   */
  async function verify(): Promise<AuthStatus> {
    const session = await currentSession();
    const asked = askAccess();
    asked.catch(() => undefined); // not awaited when GoTrue refuses the session
    const { error } = await client.auth.getUser(session.access_token);
    if (error) {
      if (isAuthRetryableFetchError(error)) throw new ConsoleAuthError('unreachable', MESSAGES.unreachable, { cause: error });
      return end('session_expired', error);
    }
    await requireAccess(asked);
    return status();
  }

  return {
    status,
    verify,

    async signIn(email, password) {
      if (typeof email !== 'string' || typeof password !== 'string' || email.trim() === '' || password === '') {
        throw new ConsoleAuthError('invalid_input', MESSAGES.invalid_input);
      }
      if (access) await clearSession();
      access = null;
      const { error } = await client.auth.signInWithPassword({ email: email.trim(), password });
      if (error) {
        notice = undefined;
        if (isAuthRetryableFetchError(error)) throw new ConsoleAuthError('unreachable', MESSAGES.unreachable, { cause: error });
        if (isAuthApiError(error) && error.code === 'invalid_credentials') {
          throw new ConsoleAuthError('invalid_credentials', MESSAGES.invalid_credentials, { cause: error });
        }
        if (isAuthApiError(error) && error.code === 'user_banned') {
          throw new ConsoleAuthError('account_disabled', MESSAGES.account_disabled, { cause: error });
        }
        throw new ConsoleAuthError('auth_failed', `${MESSAGES.auth_failed} ${error.message}`, { cause: error });
      }
      try {
        await requireAccess();
      } catch (error) {
        // Whatever went wrong after the password was accepted, leave nobody half signed in.
        if (access === null) await clearSession();
        throw error;
      }
      return status();
    },

    async signOut() {
      // 'local' ends this device's session on the server (when reachable) without signing the person out elsewhere.
      await clearSession();
      setAccess(null);
      return status();
    },

    async restore() {
      const { data } = await client.auth.getSession();
      if (!data.session) {
        setAccess(null, notice);
        return status();
      }
      try {
        return await verify();
      } catch (error) {
        if (error instanceof ConsoleAuthError && error.code === 'unreachable') {
          // Not invalid, just offline: keep the stored session for the next attempt, but grant nothing yet.
          access = null;
          notice = MESSAGES.unreachable;
          return status();
        }
        if (error instanceof ConsoleAuthError) return status();
        throw error;
      }
    },

    async rpc<T>(fn: string, args?: Record<string, unknown>) {
      if (!access) throw new ConsoleAuthError('session_expired', MESSAGES.session_expired);
      await currentSession();
      let result = await consoleApi().rpc(fn, args);
      if (result.error && JWT_REJECTED.has(result.error.code)) {
        const refreshed = await client.auth.refreshSession();
        if (refreshed.error && isAuthRetryableFetchError(refreshed.error)) {
          throw new ConsoleAuthError('unreachable', MESSAGES.unreachable, { cause: refreshed.error });
        }
        if (refreshed.error || !refreshed.data.session) return end('session_expired', refreshed.error ?? result.error);
        result = await consoleApi().rpc(fn, args);
      }
      if (isNetworkFailure(result)) throw new ConsoleAuthError('unreachable', MESSAGES.unreachable, { cause: result.error });
      if (result.error && (JWT_REJECTED.has(result.error.code) || (result.error.code === '42501' && result.status === 401))) {
        return end('session_expired', result.error);
      }
      if (result.error?.code === '42501') {
        await requireAccess(); // throws no_console_access when no role is left
        throw new ConsoleAuthError('forbidden', result.error.message || MESSAGES.forbidden, { cause: result.error });
      }
      return { data: (result.data ?? null) as T | null, error: result.error, status: result.status };
    },

    async reconnected() {
      forgetRefreshFailure(client);
      if (access) {
        await currentSession().catch(() => undefined); // a refresh due while offline happens now
        return;
      }
      // A start while offline kept the stored session without granting anything: check it now.
      if (notice === MESSAGES.unreachable) await this.restore();
    },

    async startAutoRefresh() {
      await client.auth.startAutoRefresh();
    },

    async stopAutoRefresh() {
      await client.auth.stopAutoRefresh();
    },

    async close() {
      listener.subscription.unsubscribe();
      await client.auth.stopAutoRefresh();
    },
  };
}
