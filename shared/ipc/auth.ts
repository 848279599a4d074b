// Auth and connection channels. Tokens and the API key stay in main: outputs carry the user, roles and
// capabilities, and whether a key is set, never the key or a token.
import { z } from 'zod';
import { empty, type Expect, type RowMatches } from './common.js';
import { staffUser } from './result.js';

type _MyAccess = Expect<RowMatches<typeof staffUser, 'my_access'>>;

const backend = z.object({
  kind: z.enum(['local', 'supabase']),
  /** Host only (e.g. `abc.supabase.co`): enough to say where you are connected. */
  host: z.string().nullable(),
});

export const authStatus = z.object({
  state: z.enum(['signed_in', 'signed_out']),
  user: staffUser.nullable(),
  backend,
  /** `memory` when the OS offers no real keychain: the session ends with the app, and the UI says so. */
  session_storage: z.enum(['encrypted', 'memory']),
  /** Only on the local backend: the demo sign-ins printed on the sign-in screen (their passwords are public). */
  demo_accounts: z.array(z.object({ email: z.string(), password: z.string(), role: z.string() })),
});

export const emailAddress = z.email().max(320);
const email = emailAddress;

// `supabase start` serves plain http on the developer's own machine; anywhere else the anon key and passwords
// would travel in clear, so only https is accepted.
const projectUrl = z
  .url()
  .max(2048)
  .refine((raw) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return false;
    }
    if (url.username || url.password) return false;
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  }, 'must be an https URL (http only for localhost)');

// The project's public API key (a publishable key `sb_publishable_…` or a legacy anon JWT). Only bounded here:
// which keys are acceptable, and why a secret or service_role key is not, is main's one rule (validateApiKey in
// electron/main/backend/connection-settings.ts), so the user reads its specific reason rather than a shape error.
const apiKey = z.string().max(4096);

const connectionInput = z.strictObject({ url: projectUrl, anon_key: apiKey });

export const connectionInfo = z.object({
  backend,
  /** Environment variables win over saved settings, and the UI cannot change them. */
  source: z.enum(['default', 'saved', 'environment']),
  url: z.string().nullable(),
  has_anon_key: z.boolean(),
});

export const authChannels = {
  'auth:status': { input: empty, output: authStatus },
  'auth:sign-in': {
    input: z.strictObject({ email, password: z.string().min(1).max(1024) }),
    output: z.object({ user: staffUser }),
  },
  'auth:sign-out': { input: empty, output: z.null() },
} as const;

/** Where the console is connected; main's connection controller answers these. */
export const connectionChannels = {
  'connection:get': { input: empty, output: connectionInfo },
  /** Saves the project after a successful test; signs the current user out (their session is for the old one). */
  'connection:set': { input: connectionInput, output: connectionInfo },
  'connection:test': {
    input: connectionInput,
    output: z.object({
      status: z.enum(['ok', 'unreachable', 'wrong_key', 'schema_not_exposed', 'migrations_missing']),
      message: z.string(),
    }),
  },
  /** Forget the saved project and go back to the local backend with its demo data. */
  'connection:use-local': { input: empty, output: connectionInfo },
  /** Rebuild the local backend's database from migrations + seed; the typed word guards a destructive click. */
  'connection:reset-local': {
    input: z.strictObject({ confirm: z.literal('reset') }),
    output: connectionInfo,
  },
} as const;
