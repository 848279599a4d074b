// What crosses IPC back to the renderer: a value or an error a person can act on. Never a thrown Error: Electron
// serialises those lossily, and a stack or SQL text must not reach the renderer at all.
import { z } from 'zod';
import { capability } from './capabilities.js';

export const errorCodes = [
  'validation', // the input is wrong; `field` names it (a path such as `filters.min_rating`)
  'forbidden', // the caller's roles do not allow it, or the sender is not the app
  'not_found',
  'conflict', // someone else changed it first, or a business rule refused it; `details` say who/when
  'unavailable', // the backend cannot be reached (nothing was changed)
  'outcome_unknown', // a change was sent but its answer was lost: check whether it happened before trying again
  'session_expired', // sign in again
  'no_console_access', // signed in, but holds no staff role
  'step_up', // the action needs a second factor (an aal2 session): ask for a code, then call again with the same input
  'internal', // a bug; details stay in main's log
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/** Flat JSON only: enough for "already decided by X at T" or "remainder 10.00 USD", nothing nested to leak. */
export type ErrorDetails = { readonly [key: string]: string | number | boolean | null };

export interface IpcError {
  code: ErrorCode;
  message: string;
  field?: string;
  details?: ErrorDetails;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: IpcError): { ok: false; error: IpcError } => ({ ok: false, error });

// ---- events main pushes to the renderer (one-way; the renderer can only listen) ----

const staffUser = z.object({
  user_id: z.string(),
  email: z.string(),
  full_name: z.string().nullable(),
  roles: z.array(z.string()),
  capabilities: z.array(capability),
});

export const eventSchemas = {
  /** Sign-in, sign-out, refresh failure, a revoked session or a removed role: the renderer re-reads auth:status. */
  'session:changed': z.object({
    state: z.enum(['signed_in', 'signed_out']),
    reason: z.enum(['signed_in', 'signed_out', 'expired', 'revoked', 'no_console_access', 'connection_changed']),
    user: staffUser.nullable(),
    message: z.string().nullable(),
  }),
  /** The OS locked the screen (or the machine is about to sleep): the window covers itself until the password. */
  'session:lock': z.object({ reason: z.enum(['os_locked', 'suspend']) }),
  /**
   * Whether the backend answers: offline after a call could not reach it (main then checks again with backoff),
   * online at the first answer. `since` is when the state began (ISO time).
   */
  'connection:state': z.object({
    state: z.enum(['online', 'offline']),
    since: z.string(),
    message: z.string().nullable(),
  }),
  /** Long work started by an `…export…` or `reconciliation:run` channel, keyed by the operation id it returned. */
  progress: z.object({
    operation_id: z.string(),
    kind: z.enum(['payments-export', 'reconciliation-run', 'reconciliation-export', 'trends-export']),
    phase: z.enum(['running', 'done', 'failed', 'cancelled']),
    done: z.number().int().min(0),
    total: z.number().int().min(0).nullable(),
    message: z.string().nullable(),
    /** Set when phase is done: the reconciliation run or the saved file's name (never a full path). */
    result: z.object({ run_id: z.string().nullable(), file_name: z.string().nullable() }).nullable(),
    error: z.object({ code: z.enum(errorCodes), message: z.string(), field: z.string().optional() }).nullable(),
  }),
} as const;

export type EventName = keyof typeof eventSchemas;
export const eventNames = Object.keys(eventSchemas) as EventName[];
export type EventPayload<E extends EventName> = z.output<(typeof eventSchemas)[E]>;
export type StaffUser = z.output<typeof staffUser>;
export { staffUser };
