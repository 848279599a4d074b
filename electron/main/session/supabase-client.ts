// The ONE supabase-js client of the main process (docs/architecture.md): the renderer never holds a client or a token.
// Services call `client.schema('console').rpc(…)` on it; auth-service.ts owns its session.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '../../../supabase/types/database.types.js';
import type { SessionStorage } from './secure-storage.js';

export type ConsoleClient = SupabaseClient<Database>;

/** The key under which supabase-js stores the session in SessionStorage (one file holds it, see secure-storage.ts). */
export const SESSION_STORAGE_KEY = 'hg-console-auth';

export interface ConsoleClientOptions {
  /** Project URL, e.g. https://abcd.supabase.co, or the local backend's http://local.humanglue. */
  url: string;
  anonKey: string;
  /** The local backend's gateway fetch; omitted for a Supabase project (Node's fetch then). */
  fetch?: typeof globalThis.fetch | ((input: string | URL | Request, init?: RequestInit) => Promise<Response>);
  storage: Pick<SessionStorage, 'getItem' | 'setItem' | 'removeItem'>;
}

/**
 * supabase-js builds a Realtime client eagerly and, on Node 20 (no global WebSocket), refuses to without a transport.
 * The console uses no Realtime; this transport makes any attempt fail loudly instead of silently opening a socket.
 */
class NoRealtime {
  constructor() {
    throw new Error('HumanGlue Console does not use Supabase Realtime');
  }
}

export function createConsoleClient(options: ConsoleClientOptions): ConsoleClient {
  return createClient<Database>(options.url, options.anonKey, {
    ...(options.fetch ? { global: { fetch: options.fetch as typeof globalThis.fetch } } : {}),
    auth: {
      persistSession: true,
      autoRefreshToken: true,
      // No browser URL exists in main; OAuth redirects are not used by the console.
      detectSessionInUrl: false,
      storage: options.storage,
      storageKey: SESSION_STORAGE_KEY,
    },
    realtime: { transport: NoRealtime as never },
  });
}
