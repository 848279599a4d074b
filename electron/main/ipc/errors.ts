// Maps whatever a handler throws to an IpcError a person can act on. Database errors are recognised by their
// SQLSTATE `code` (PostgREST answers P0002 with HTTP 500, so the status says nothing). What reaches the renderer
// is the console functions' own sentences; PostgreSQL internals (hints, SQL text, constraint names, stacks) stay
// in main.
import type { ErrorCode, ErrorDetails, IpcError } from '../../../shared/ipc/result.js';

/** For handlers' own refusals (e.g. no staff role): thrown as is, passed through as is. */
export class IpcFailure extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly details: ErrorDetails | undefined;
  constructor(code: ErrorCode, message: string, options: { field?: string; details?: ErrorDetails } = {}) {
    super(message);
    this.name = 'IpcFailure';
    this.code = code;
    this.field = options.field;
    this.details = options.details;
  }
}

export const GENERIC_INTERNAL = 'Something went wrong in the console. The details are in the app log; please try again.';

interface DbErrorLike {
  code: string;
  message: string;
  details?: unknown;
}

const MAX_MESSAGE = 500;
const clip = (text: string) => (text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function asDbError(error: unknown): DbErrorLike | undefined {
  if (!isRecord(error) || typeof error.code !== 'string' || typeof error.message !== 'string') return undefined;
  return { code: error.code, message: error.message, details: error.details };
}

/** `details` is a JSON object string for console functions; only flat primitive values are passed on. */
function parseDetails(details: unknown): ErrorDetails | undefined {
  if (typeof details !== 'string' || !details.startsWith('{')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(details);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed) || Array.isArray(parsed)) return undefined;
  const flat: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
      flat[key] = typeof value === 'string' ? clip(value) : (value as number | boolean | null);
    }
  }
  return Object.keys(flat).length > 0 ? flat : undefined;
}

const SESSION_CODES = new Set([
  'PGRST301', // JWT invalid or expired
  'PGRST302', // anonymous access refused: the session is gone
  'PGRST303', // JWT claims invalid
  // supabase-js AuthError codes
  'session_expired',
  'session_not_found',
  'refresh_token_not_found',
  'refresh_token_already_used',
  'bad_jwt',
  'user_not_found',
]);

// Class 22 is PostgreSQL refusing a value (SQLSTATE appendix): bad input, not a fault of the console. Its own text
// quotes types and internals, so people get a sentence per common code instead.
const DATA_EXCEPTION = 'The database refused a value as invalid. Check what you entered and try again.';
const DATA_EXCEPTIONS: Record<string, string> = {
  '22P05': 'A value contains a character the database cannot store (such as a NUL character). Remove it and try again.',
  '22021': 'A value contains a character the database cannot store. Remove it and try again.',
  '22001': 'A value is too long for the database. Shorten it and try again.',
  '22003': 'A number is too large for the database.',
  '22007': 'A date or time is not valid.',
  '22008': 'A date or time is out of range.',
  '22P02': 'A value is not in the form the database expects (for example, text where a number or id belongs).',
  '22012': 'A calculation divided by zero; check the numbers entered.',
};

function fromDbError(error: DbErrorLike): IpcError | undefined {
  const message = clip(error.message);
  const details = parseDetails(error.details);
  switch (error.code) {
    case '42501':
      return { code: 'forbidden', message };
    case '22023': {
      const field = typeof details?.field === 'string' ? details.field : undefined;
      return { code: 'validation', message, ...(field ? { field } : {}), ...(details ? { details } : {}) };
    }
    case 'P0002':
      return { code: 'not_found', message, ...(details ? { details } : {}) };
    case 'PT403':
      // 014: an action kept for sessions with a second factor. Any other PT403 is a plain refusal.
      if (details?.reason === 'aal2_required') {
        return { code: 'step_up', message: 'Enter a code from your authenticator app to do this.', details };
      }
      return { code: 'forbidden', message };
    case 'PT409':
    case 'P0001':
      // Both are sentences written for people by the console functions ("already decided by X at T", "a second
      // person must approve this refund"); the renderer refreshes and shows them.
      return { code: 'conflict', message, ...(details ? { details } : {}) };
    case '23505':
      // PostgreSQL's own text names constraints and key values: replace it.
      return { code: 'conflict', message: 'This already exists (someone may have just created it). Refresh and check.' };
    case 'invalid_credentials':
      return { code: 'validation', message: 'Wrong email or password.', field: 'password' };
    case 'PGRST202':
      return {
        code: 'unavailable',
        message: 'The console API is missing on this backend: apply the HumanGlue migrations to the project.',
      };
    case '57014':
      // statement_timeout (8 s on a project): the statement was cancelled and its transaction rolled back.
      return {
        code: 'unavailable',
        message: 'The database stopped this request at its time limit, so nothing was changed. Try again, or narrow the filters.',
      };
    case 'PGRST106':
      return {
        code: 'unavailable',
        message: 'The project does not expose the "console" schema: add it to the API settings (exposed schemas).',
      };
  }
  if (error.code.startsWith('22')) return { code: 'validation', message: DATA_EXCEPTIONS[error.code] ?? DATA_EXCEPTION };
  if (SESSION_CODES.has(error.code) || /jwt expired/i.test(error.message)) {
    return { code: 'session_expired', message: 'Your session has ended. Please sign in again.' };
  }
  return undefined;
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'timed out',
  UND_ERR_CONNECT_TIMEOUT: 'timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no answer in time',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is not trusted',
};

/** Failures where the request never left this machine or never reached the server: nothing can have happened. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
]);

/**
 * A failed fetch, wherever it is wrapped (a ConsoleAuthError's cause, postgrest-js's error object): its reason in
 * words, and whether the request may have reached the server (then a change may have happened, its answer lost).
 */
export function networkFailure(error: unknown): { reason: string; maybeSent: boolean } | undefined {
  for (let current = error, depth = 0; isRecord(current) && depth < 4; current = current.cause, depth += 1) {
    const reason = networkReason(current);
    if (!reason) continue;
    const text = `${String(current.message)} ${typeof current.details === 'string' ? current.details : ''}`;
    const cause = isRecord(current.cause) ? current.cause : undefined;
    const code = typeof cause?.code === 'string' ? cause.code : [...NOT_SENT].find((known) => text.includes(known));
    return { reason, maybeSent: !(code && NOT_SENT.has(code)) };
  }
  return undefined;
}

/** fetch failures arrive as TypeError('fetch failed', {cause}), as supabase-js's AuthRetryableFetchError, or
 * wrapped by postgrest-js into `{code: '', message: 'TypeError: fetch failed', details: '…Caused by…'}`; a body cut
 * mid-way as TypeError('terminated'). */
function networkReason(error: unknown): string | undefined {
  if (!isRecord(error)) return undefined;
  const name = typeof error.name === 'string' ? error.name : '';
  const message = typeof error.message === 'string' ? error.message : '';
  const text = `${message} ${typeof error.details === 'string' ? error.details : ''}`;
  const cause = isRecord(error.cause) ? error.cause : undefined;
  const causeCode = typeof cause?.code === 'string' ? cause.code : undefined;
  const known = Object.keys(NETWORK_REASONS).find((code) => code === causeCode || text.includes(code));
  if (known) return NETWORK_REASONS[known];
  if (/\bterminated\b/.test(text) && (name === 'TypeError' || /TypeError/.test(text))) return 'the connection broke mid-answer';
  if (name === 'AuthRetryableFetchError' || /fetch failed|failed to fetch|network ?error/i.test(text)) {
    return 'network error';
  }
  if (name === 'AbortError' || name === 'TimeoutError') return 'timed out';
  return undefined;
}

export interface MapContext {
  /** The backend's host, to say which one cannot be reached. */
  host?: string | undefined;
}

export function toIpcError(error: unknown, context: MapContext = {}): IpcError {
  if (error instanceof IpcFailure) {
    return {
      code: error.code,
      message: clip(error.message),
      ...(error.field ? { field: error.field } : {}),
      ...(error.details ? { details: error.details } : {}),
    };
  }
  // Known database codes first: their messages may quote user text that merely looks like a network error.
  const db = asDbError(error);
  const mapped = db && fromDbError(db);
  if (mapped) return mapped;
  const reason = networkReason(error);
  if (reason) {
    const host = context.host ?? 'the backend';
    return { code: 'unavailable', message: `Cannot reach ${host}: ${reason}. Check the connection and try again.` };
  }
  if (isRecord(error) && error.name === 'AuthSessionMissingError') {
    return { code: 'session_expired', message: 'Your session has ended. Please sign in again.' };
  }
  return { code: 'internal', message: GENERIC_INTERNAL };
}
