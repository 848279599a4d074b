// The signed-in staff member's second factor, through supabase-js's auth.mfa on the ONE client whose session main
// holds: enrol a TOTP factor (QR code and secret), verify a code (which raises the session to aal2, as GoTrue does),
// remove a factor, and step up before an action the database reserves for aal2 sessions (014). The secret and the
// QR code go to the renderer only in the enrolment answer, never again; tokens never.
//
// Also the idle lock's password check: a throwaway client (no storage) signs in and straight out again, so the held
// session is neither replaced nor ended.
import { createClient, isAuthApiError, isAuthRetryableFetchError, type AuthError } from '@supabase/supabase-js';
import { IpcFailure } from '../ipc/errors.js';
import type { ConsoleClient } from './supabase-client.js';

export interface SecondFactor {
  id: string;
  friendly_name: string | null;
  status: 'verified' | 'unverified';
  created_at: string;
}

export interface MfaState {
  /** The session's level now, and the level it can reach (aal2 once a factor is verified). */
  aal: 'aal1' | 'aal2';
  next_aal: 'aal1' | 'aal2';
  factors: SecondFactor[];
}

export interface Enrolment {
  factor_id: string;
  /** The SVG of the QR code (not a data URL: the renderer decides how to show it). */
  qr_svg: string;
  secret: string;
  uri: string;
}

export interface MfaService {
  state(): Promise<MfaState>;
  enroll(friendlyName: string): Promise<Enrolment>;
  /** Verifies a code for a factor: the first code of an enrolment, or any later one; the session becomes aal2. */
  verify(factorId: string, code: string): Promise<MfaState>;
  /** Steps the session up with a code of the person's verified factor. */
  stepUp(code: string): Promise<MfaState>;
  unenroll(factorId: string): Promise<MfaState>;
  /** True when the password is the signed-in person's (the idle lock); the held session stays as it is. */
  checkPassword(email: string, password: string): Promise<boolean>;
}

/** What the authenticator app shows as the account's issuer. */
export const TOTP_ISSUER = 'HumanGlue Console';

const UNREACHABLE = 'The server cannot be reached. Check the connection and try again.';

/** GoTrue's MFA refusals, in people's words, with the field they are about. */
function failure(error: AuthError): IpcFailure {
  // auth-js also calls a 5xx answer "retryable": the server was reached and failed, which is not a lost network.
  if (isAuthRetryableFetchError(error) && !(error.status >= 500)) return new IpcFailure('unavailable', UNREACHABLE);
  if (isAuthRetryableFetchError(error)) {
    return new IpcFailure('unavailable', `The sign-in server had an error (HTTP ${error.status}). Try again in a moment.`);
  }
  const code = isAuthApiError(error) ? error.code : undefined;
  switch (code) {
    case 'mfa_verification_failed':
      return new IpcFailure('validation', 'That code is not right, or it was already used. Enter the code your app shows now.', {
        field: 'code',
      });
    case 'mfa_challenge_expired':
      return new IpcFailure('validation', 'The code took too long to arrive. Enter the code your app shows now.', { field: 'code' });
    case 'mfa_factor_name_conflict':
      return new IpcFailure('validation', 'You already have a factor with that name. Choose another.', { field: 'friendly_name' });
    case 'too_many_enrolled_mfa_factors':
      return new IpcFailure('conflict', 'You have as many factors as allowed. Remove one first.');
    case 'insufficient_aal':
      return new IpcFailure('step_up', 'Enter a code from your authenticator app first.');
    case 'mfa_factor_not_found':
      return new IpcFailure('not_found', 'That factor no longer exists. It may have been removed on another device.');
    default:
      return new IpcFailure('internal', `The second factor could not be used: ${error.message}`);
  }
}

export function createMfaService(options: {
  client: ConsoleClient;
  /** A client for the same project that keeps nothing (the idle lock's password check). */
  scratchClient: () => ConsoleClient;
}): MfaService {
  const { client } = options;
  const mfa = client.auth.mfa;

  async function state(): Promise<MfaState> {
    const [level, list] = await Promise.all([mfa.getAuthenticatorAssuranceLevel(), mfa.listFactors()]);
    if (level.error) throw failure(level.error);
    if (list.error) throw failure(list.error);
    return {
      aal: level.data.currentLevel === 'aal2' ? 'aal2' : 'aal1',
      next_aal: level.data.nextLevel === 'aal2' ? 'aal2' : 'aal1',
      factors: list.data.all
        .filter((factor) => factor.factor_type === 'totp')
        .map((factor) => ({
          id: factor.id,
          friendly_name: factor.friendly_name ?? null,
          status: factor.status === 'verified' ? 'verified' : 'unverified',
          created_at: factor.created_at,
        })),
    };
  }

  async function verify(factorId: string, code: string): Promise<MfaState> {
    const { error } = await mfa.challengeAndVerify({ factorId, code });
    if (error) throw failure(error);
    return state();
  }

  return {
    state,
    verify,

    async enroll(friendlyName) {
      const { data, error } = await mfa.enroll({ factorType: 'totp', friendlyName, issuer: TOTP_ISSUER });
      if (error) throw failure(error);
      return {
        factor_id: data.id,
        // auth-js turns GoTrue's SVG into a data URL; the renderer gets the SVG itself.
        qr_svg: data.totp.qr_code.replace(/^data:image\/svg\+xml;utf-8,/, ''),
        secret: data.totp.secret,
        uri: data.totp.uri,
      };
    },

    async stepUp(code) {
      // listFactors' `totp` holds the verified ones only.
      const { data, error } = await mfa.listFactors();
      if (error) throw failure(error);
      const factor = data.totp[0];
      if (!factor) throw new IpcFailure('step_up', 'Set up an authenticator app first: this action needs a second factor.');
      return verify(factor.id, code);
    },

    async unenroll(factorId) {
      const { error } = await mfa.unenroll({ factorId });
      if (error) throw failure(error);
      // GoTrue lowered the session when it removed the factor that raised it; the next token says so.
      const refreshed = await client.auth.refreshSession();
      if (refreshed.error) throw failure(refreshed.error);
      return state();
    },

    async checkPassword(email, password) {
      const scratch = options.scratchClient();
      const { error } = await scratch.auth.signInWithPassword({ email, password });
      if (!error) {
        await scratch.auth.signOut({ scope: 'local' }).catch(() => undefined);
        return true;
      }
      if (isAuthRetryableFetchError(error)) throw new IpcFailure('unavailable', UNREACHABLE);
      if (isAuthApiError(error) && error.code === 'invalid_credentials') return false;
      throw failure(error);
    },
  };
}

/** createClient for the idle lock's check: same project and key, nothing persisted, nothing refreshed. */
export function scratchClientFor(url: string, apiKey: string, fetch?: typeof globalThis.fetch): () => ConsoleClient {
  return () =>
    createClient(url, apiKey, {
      ...(fetch ? { global: { fetch } } : {}),
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    }) as unknown as ConsoleClient;
}
