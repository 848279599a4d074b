// GoTrue's error bodies. auth-js sends X-Supabase-Api-Version: 2024-01-01 and then reads `{code, message}`;
// clients that don't get the legacy `{code, error_code, msg}`, so both shapes have to be right.
import type { JwtFailure } from './jwt.js';
import { jsonResponse } from './http.js';

const API_VERSION_HEADER = 'X-Supabase-Api-Version';
const API_VERSION_2024 = '2024-01-01';

/** GoTrue's HTTPError: `errorCode` is what auth-js exposes as `error.code`. */
export class AuthError {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    readonly message: string,
  ) {}
}

/** GoTrue's OAuthError, which a few token-endpoint refusals still use: always 400 `{error, error_description}`. */
export class OAuthError {
  constructor(
    readonly error: string,
    readonly description: string,
  ) {}
}

/** 2024-01-01 is the only dated version, so any later date means it; anything else means the initial one (null). */
export function requestedApiVersion(request: Request): string | null {
  const asked = request.headers.get(API_VERSION_HEADER);
  if (!asked || !/^\d{4}-\d{2}-\d{2}$/.test(asked) || Number.isNaN(Date.parse(asked))) return null;
  return asked >= API_VERSION_2024 ? API_VERSION_2024 : null;
}

/** GoTrue echoes the version it answered with. */
export function authHeaders(version: string | null): Record<string, string> {
  return version ? { [API_VERSION_HEADER]: version } : {};
}

export function authErrorResponse(error: AuthError | OAuthError, version: string | null): Response {
  if (error instanceof OAuthError) {
    return jsonResponse(
      400,
      { error: error.error, ...(error.description ? { error_description: error.description } : {}) },
      authHeaders(version),
    );
  }
  const body = version
    ? { code: error.errorCode, message: error.message }
    : { code: error.status, error_code: error.errorCode, msg: error.message };
  return jsonResponse(error.status, body, authHeaders(version));
}

// GoTrue gives an unknown account and a wrong password the same answer.
export const invalidCredentials = () => new AuthError(400, 'invalid_credentials', 'Invalid login credentials');

// GoTrue's wording for a refused token (golang-jwt v5's errors after GoTrue's prefix).
export const jwtFailureForAuth: Record<JwtFailure, string> = {
  malformed: 'token is malformed: could not base64 decode or JSON parse the token',
  algorithm: 'token signature is invalid: signing method is invalid',
  signature: 'token signature is invalid: signature is invalid',
  claims: 'token has invalid claims: a time claim is not a number',
  expired: 'token has invalid claims: token is expired',
  not_yet_valid: 'token has invalid claims: token is not valid yet',
};
