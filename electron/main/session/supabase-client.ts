// The ONE supabase-js client of the main process (docs/architecture.md): the renderer never holds a client or a token.
// Services call `client.schema('console').rpc(…)` on it; auth-service.ts owns its session.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '../../../supabase/types/database.types.js';
import type { SessionStorage } from './secure-storage.js';

export type ConsoleClient = SupabaseClient<Database>;

/**
 * The key under which supabase-js keeps the session in SessionStorage: one per project, as supabase-js's own default
 * `sb-<project-ref>-auth-token` is. A client only ever reads its own project's key, so a session saved for one project
 * is never sent to another (e.g. when HG_SUPABASE_URL names another host at the next start). Unlike supabase-js's
 * default, which takes the host's first label only, other hosts keep their whole name and port, so two local stacks
 * (127.0.0.1:54321 and 127.0.0.1:64321) do not share a key either.
 */
export function sessionStorageKey(projectUrl: string): string {
  const url = new URL(projectUrl);
  const host = url.hostname.toLowerCase();
  const ref = /^([a-z0-9]+)\.supabase\.(co|in)$/.exec(host)?.[1];
  const id = ref ?? `${host}${url.port ? `-${url.port}` : ''}`.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `sb-${id}-auth-token`;
}

export interface ConsoleClientOptions {
  /** Project URL, e.g. https://abcd.supabase.co, or the local backend's http://local.humanglue. */
  url: string;
  /** The project's public API key: a publishable key (sb_publishable_…) or a legacy anon JWT. */
  apiKey: string;
  /** The local backend's gateway fetch; omitted for a Supabase project (Node's fetch then). */
  fetch?: typeof globalThis.fetch | ((input: string | URL | Request, init?: RequestInit) => Promise<Response>);
  storage: Pick<SessionStorage, 'getItem' | 'setItem' | 'removeItem'>;
}

export function createConsoleClient(options: ConsoleClientOptions): ConsoleClient {
  return createClient<Database>(options.url, options.apiKey, {
    ...(options.fetch ? { global: { fetch: options.fetch as typeof globalThis.fetch } } : {}),
    auth: {
      persistSession: true,
      autoRefreshToken: true,
      // No browser URL exists in main; OAuth redirects are not used by the console.
      detectSessionInUrl: false,
      storage: options.storage,
      storageKey: sessionStorageKey(options.url),
    },
  });
}
