// PostgREST's error body `{code, message, details, hint}` and its SQLSTATE → HTTP status mapping. supabase-js
// hands the body to the console unchanged, and the console branches on codes and statuses, so both follow PostgREST.
import { jsonResponse } from './http.js';
import type { JwtFailure } from './jwt.js';
import type { SqlError } from './sql-executor.js';

export interface PgrstErrorBody {
  code: string;
  message: string;
  details: string | null;
  hint: string | null;
}

export function pgrstResponse(status: number, body: PgrstErrorBody, headers: Record<string, string> = {}): Response {
  const extra: Record<string, string> = { 'Proxy-Status': `PostgREST; error=${body.code}`, ...headers };
  if (status === 401 && !extra['WWW-Authenticate']) extra['WWW-Authenticate'] = 'Bearer';
  return jsonResponse(status, body, extra);
}

/**
 * PostgREST's SQLSTATE → HTTP status mapping. `authed` is false for the anonymous role: a privilege error (42501)
 * is then 401 (sign in) rather than 403.
 */
export function postgrestStatus(code: string, message: string, authed: boolean): number {
  const starts = (prefix: string) => code.startsWith(prefix);
  if (starts('08')) return 503;
  if (starts('09')) return 500;
  if (starts('0L') || starts('0P')) return 403;
  if (code === '23503' || code === '23505') return 409;
  if (code === '25006') return 405;
  if (code === '21000') return message.endsWith('requires a WHERE clause') ? 400 : 500;
  if (code === '22023') return message.startsWith('role') && message.endsWith('does not exist') ? 401 : 400;
  if (starts('25') || starts('2D') || starts('38') || starts('39') || starts('3B') || starts('40')) return 500;
  if (starts('28')) return 403;
  if (code === '53400') return 500;
  if (starts('53')) return 503;
  if (code === '57P01') return 503;
  if (starts('54') || starts('55') || starts('57') || starts('58') || starts('F0') || starts('HV')) return 500;
  if (code === 'P0001') return 400;
  if (starts('P0') || starts('XX')) return 500;
  if (code === '42883') return 404;
  if (code === '42P01') return 404;
  if (code === '42P17') return 500;
  if (code === '42501') return authed ? 403 : 401;
  if (starts('PT')) {
    const status = Number(code.slice(2));
    return Number.isInteger(status) && status >= 100 && status <= 599 ? status : 500;
  }
  return 400;
}

/**
 * A database error as PostgREST answers it. `raise sqlstate 'PGRST'` lets a function choose the whole response
 * (a JSON error body in the message, `{status, headers}` in the detail), so it bypasses the mapping.
 */
export function databaseErrorResponse(error: SqlError, authed: boolean): Response {
  if (error.code === 'PGRST') {
    try {
      const message = JSON.parse(error.message) as Partial<PgrstErrorBody>;
      const detail = JSON.parse(error.detail ?? '') as { status?: number; headers?: Record<string, string> };
      if (typeof message.code === 'string' && typeof message.message === 'string' && typeof detail.status === 'number') {
        return jsonResponse(
          detail.status,
          { code: message.code, message: message.message, details: message.details ?? null, hint: message.hint ?? null },
          detail.headers ?? {},
        );
      }
    } catch {
      // fall through: PostgREST answers a malformed PGRST raise with PGRST121
    }
    return pgrstResponse(500, {
      code: 'PGRST121',
      message: 'Could not parse JSON in the "RAISE SQLSTATE \'PGRST\'" error',
      details: null,
      hint: "MESSAGE must be a JSON object with obligatory keys: 'code', 'message' and optional keys: 'details', 'hint'.",
    });
  }
  return pgrstResponse(postgrestStatus(error.code, error.message, authed), {
    code: error.code,
    message: error.message,
    details: error.detail ?? null,
    hint: error.hint ?? null,
  });
}

/** PostgREST's wording for a refused JWT; `parts` is how many dot-separated segments the token had. */
export function jwtFailureForRest(reason: JwtFailure, detail: string, parts: number): PgrstErrorBody {
  switch (reason) {
    case 'malformed':
      return {
        code: 'PGRST301',
        message: parts !== 3 ? `Expected 3 parts in JWT; got ${parts}` : "JWT couldn't be decoded",
        details: null,
        hint: null,
      };
    case 'algorithm':
      return { code: 'PGRST301', message: 'Wrong or unsupported encoding algorithm', details: detail, hint: null };
    case 'signature':
      return { code: 'PGRST301', message: 'JWT cryptographic operation failed', details: null, hint: null };
    case 'claims':
      return { code: 'PGRST303', message: detail.replace(/^the '(\w+)' claim/, "The JWT '$1' claim"), details: null, hint: null };
    case 'expired':
      return { code: 'PGRST303', message: 'JWT expired', details: null, hint: null };
    case 'not_yet_valid':
      return { code: 'PGRST303', message: 'JWT not yet valid', details: null, hint: null };
  }
}
