// mfa:* over the second-factor service. The unlock check is made for the signed-in person only: main knows who that
// is, the renderer sends just the password.
import type { mfaChannels } from '../../../shared/ipc/mfa.js';
import type { DomainHandlers } from '../ipc/handlers.js';
import { IpcFailure } from '../ipc/errors.js';
import type { AuthService } from '../session/auth-service.js';
import type { MfaService } from '../session/mfa.js';

export function mfaHandlers(mfa: MfaService, auth: AuthService): DomainHandlers<typeof mfaChannels> {
  return {
    'mfa:state': () => mfa.state(),
    'mfa:enroll': (input) => mfa.enroll(input.friendly_name.trim()),
    'mfa:verify': (input) => mfa.verify(input.factor_id, input.code),
    'mfa:step-up': (input) => mfa.stepUp(input.code),
    'mfa:unenroll': (input) => mfa.unenroll(input.factor_id),
    'mfa:unlock': async (input) => {
      const email = auth.status().user?.email;
      if (!email) throw new IpcFailure('session_expired', 'Your session has ended. Please sign in again.');
      return { ok: await mfa.checkPassword(email, input.password) };
    },
  };
}
