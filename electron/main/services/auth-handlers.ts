// auth:status / sign-in / sign-out over the auth service. What the renderer sees is the contract's staff user and
// where it is connected; tokens never leave the session layer.
import type { ChannelOutput } from '../../../shared/ipc/contract.js';
import type { StaffUser } from '../../../shared/ipc/result.js';
import type { authChannels } from '../../../shared/ipc/auth.js';
import type { DomainHandlers } from '../ipc/handlers.js';
import type { AuthService, AuthStatus } from '../session/auth-service.js';
import { toFailure } from './rpc.js';

export interface BackendInfo {
  kind: 'local' | 'supabase';
  /** Host only, e.g. `abc.supabase.co`; null for the local backend. */
  host: string | null;
}

export interface ConnectionSource {
  backend(): BackendInfo;
}

type DemoAccount = ChannelOutput<'auth:status'>['demo_accounts'][number];

// The seeded staff sign-ins (supabase/SCHEMA.md "Demo sign-ins"). Their password is public and they exist only in
// the local backend's demo data, so they are offered there and never for a Supabase project.
const DEMO_PASSWORD = 'HumanGlue-demo-2026!';
const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { email: 'admin@humanglue.dev', password: DEMO_PASSWORD, role: 'admin' },
  { email: 'moderator@humanglue.dev', password: DEMO_PASSWORD, role: 'moderator' },
  { email: 'finance@humanglue.dev', password: DEMO_PASSWORD, role: 'finance' },
  { email: 'finance2@humanglue.dev', password: DEMO_PASSWORD, role: 'finance' },
  { email: 'leadership@humanglue.dev', password: DEMO_PASSWORD, role: 'leadership' },
  { email: 'support@humanglue.dev', password: DEMO_PASSWORD, role: 'support' },
];

const LOCAL: BackendInfo = { kind: 'local', host: null };

export function staffUser(status: AuthStatus): StaffUser | null {
  if (!status.signedIn || !status.user) return null;
  return {
    user_id: status.user.id,
    email: status.user.email,
    full_name: status.user.fullName,
    roles: [...status.roles],
    capabilities: [...status.capabilities],
  };
}

export function authHandlers(auth: AuthService, connection?: ConnectionSource): DomainHandlers<typeof authChannels> {
  return {
    'auth:status': async () => {
      const status = auth.status();
      const backend = connection?.backend() ?? LOCAL;
      const user = staffUser(status);
      return {
        state: user ? 'signed_in' : 'signed_out',
        user,
        backend,
        // 'memory' must reach the UI: the person is told the session ends with the app.
        session_storage: status.persistence === 'keychain' ? 'encrypted' : 'memory',
        demo_accounts: backend.kind === 'local' ? DEMO_ACCOUNTS.map((account) => ({ ...account })) : [],
      };
    },

    'auth:sign-in': async (input) => {
      let status: AuthStatus;
      try {
        status = await auth.signIn(input.email, input.password);
      } catch (error) {
        throw toFailure(error);
      }
      const user = staffUser(status);
      // signIn resolves only with access granted; a null user here would be a bug in the session layer.
      if (!user) throw new Error('auth.signIn resolved without a signed-in user');
      return { user };
    },

    'auth:sign-out': async () => {
      try {
        await auth.signOut();
      } catch (error) {
        throw toFailure(error);
      }
      return null;
    },
  };
}
