// Second-factor channels (014): the signed-in person's TOTP factors, enrolment, a code to step up before an action
// the database keeps for aal2 sessions, and the idle lock's password check. Secrets appear once, in the enrolment
// answer; tokens never. Which actions need aal2 is the database's list, not the app's.
import { z } from 'zod';
import { empty, id, shortText } from './common.js';

/** Six digits; spaces an app shows in the middle ("123 456") are taken out by the form before sending. */
export const totpCode = z
  .string()
  .max(6)
  .regex(/^\d{6}$/, 'is the 6-digit code your authenticator app shows');

const level = z.enum(['aal1', 'aal2']);

export const mfaState = z.object({
  /** The session's level now, and the one it can reach (aal2 once a factor is verified). */
  aal: level,
  next_aal: level,
  factors: z.array(
    z.object({ id, friendly_name: z.string().nullable(), status: z.enum(['verified', 'unverified']), created_at: z.string() }),
  ),
});

export const mfaChannels = {
  'mfa:state': { input: empty, output: mfaState },
  /** A new, unverified factor: scan the QR code (or type the secret), then verify its first code with mfa:verify. */
  'mfa:enroll': {
    input: z.strictObject({ friendly_name: shortText(60).min(1) }),
    output: z.object({ factor_id: id, qr_svg: z.string().max(200_000), secret: z.string().max(128), uri: z.string().max(2048) }),
  },
  'mfa:verify': { input: z.strictObject({ factor_id: id, code: totpCode }), output: mfaState },
  /** A code of the person's verified factor raises the session to aal2; the refused action can then be sent again. */
  'mfa:step-up': { input: z.strictObject({ code: totpCode }), output: mfaState },
  /** Removing a verified factor needs aal2 (GoTrue's rule): a step_up refusal first. */
  'mfa:unenroll': { input: z.strictObject({ factor_id: id }), output: mfaState },
  /** The idle lock: is this the signed-in person's password? The session main holds is not touched. */
  'mfa:unlock': { input: z.strictObject({ password: z.string().min(1).max(1024) }), output: z.object({ ok: z.boolean() }) },
} as const;
