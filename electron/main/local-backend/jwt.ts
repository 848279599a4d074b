// HS256 JSON Web Tokens, shaped like the ones Supabase issues: GoTrue's access tokens and the project's anon key
// (itself a JWT whose role is `anon`). Verifying is jose's; only HS256 is accepted: a token naming another algorithm
// (including "none") is refused. Signing a JWS of our own header and claims is one HMAC (RFC 7515 §3.1), done with
// node:crypto: jose would sign through WebCrypto, whose first use in a process cost 6–8 ms of the main thread (against
// about 1 ms for the HMAC), paid by every start of the local backend for the anon key alone.
import { createHmac, randomBytes } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify } from 'jose';

/** Claims of a GoTrue access token (plus whatever else a token carries). */
export interface AccessTokenClaims {
  iss: string;
  sub: string;
  aud: string;
  exp: number;
  iat: number;
  email: string;
  phone: string;
  app_metadata: Record<string, unknown>;
  user_metadata: Record<string, unknown>;
  role: string;
  aal: 'aal1' | 'aal2';
  amr: { method: string; timestamp: number }[];
  session_id: string;
  is_anonymous: boolean;
}

export type JwtPayload = Record<string, unknown> & { exp?: number; iat?: number; role?: string; sub?: string };

/** Smallest secret accepted: Supabase requires JWT secrets of at least 32 characters. */
export const MIN_SECRET_LENGTH = 32;

export function assertUsableSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`the JWT secret must be a string of at least ${MIN_SECRET_LENGTH} characters`);
  }
}

/** A fresh random secret (64 url-safe characters), e.g. generated once per installation of the local backend. */
export function randomJwtSecret(): string {
  return randomBytes(48).toString('base64url');
}

const key = (secret: string): Uint8Array => new TextEncoder().encode(secret);

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

export async function signJwt(payload: JwtPayload, secret: string): Promise<string> {
  assertUsableSecret(secret);
  const input = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/**
 * Why a token was refused:
 * - `malformed`: not three base64url segments of JSON objects;
 * - `algorithm`: the header names something other than HS256;
 * - `signature`: the signature does not match the secret;
 * - `claims`: a registered claim has the wrong type (exp/iat/nbf not numbers);
 * - `expired`: `exp` is not after now; `not_yet_valid`: `nbf` is after now.
 */
export type JwtFailure = 'malformed' | 'algorithm' | 'signature' | 'claims' | 'expired' | 'not_yet_valid';

export type JwtVerification = { ok: true; payload: JwtPayload } | { ok: false; reason: JwtFailure; detail: string };

function failure(error: unknown, token: string): { reason: JwtFailure; detail: string } {
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    let alg: unknown;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      alg = undefined;
    }
    return { reason: 'algorithm', detail: `signing method ${String(alg)} is invalid` };
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return { reason: 'signature', detail: 'signature is invalid' };
  if (error instanceof errors.JWTExpired) return { reason: 'expired', detail: 'token is expired' };
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'check_failed' && error.claim === 'nbf') return { reason: 'not_yet_valid', detail: 'token is not valid yet' };
    return { reason: 'claims', detail: `the '${error.claim}' claim must be a number` };
  }
  return { reason: 'malformed', detail: error instanceof Error ? error.message : String(error) };
}

/**
 * Verifies an HS256 token's signature and its time claims (`exp`, `nbf`, and that `iat` is a number) against
 * `nowSeconds`, allowing `leewaySeconds` of clock skew (GoTrue allows none; PostgREST 13 allows 30). jose does the
 * checking; only HS256 is allowed, so `alg: none` and every other algorithm are refused before any signature check.
 */
export async function verifyJwt(token: string, secret: string, nowSeconds: number, leewaySeconds = 0): Promise<JwtVerification> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      algorithms: ['HS256'],
      currentDate: new Date(nowSeconds * 1000),
      clockTolerance: leewaySeconds,
    });
    return { ok: true, payload: payload as JwtPayload };
  } catch (error) {
    return { ok: false, ...failure(error, token) };
  }
}

/** Reads a token's payload without checking anything (for tests and diagnostics only). */
export function decodeJwtUnverified(token: string): JwtPayload {
  return decodeJwt(token) as JwtPayload;
}

// The anon key is deterministic for a secret (same claims every time), like a Supabase project's: issued
// 2025-01-01, valid for 20 years.
const ANON_KEY_IAT = Date.UTC(2025, 0, 1) / 1000;
const ANON_KEY_LIFETIME = 20 * 365 * 24 * 3600;

/** The project's anon key: an HS256 JWT with role `anon` and no subject. */
export function createAnonKey(secret: string): Promise<string> {
  return signJwt({ iss: 'supabase', ref: 'local', role: 'anon', iat: ANON_KEY_IAT, exp: ANON_KEY_IAT + ANON_KEY_LIFETIME }, secret);
}

/**
 * The project's publishable key, in the form a Supabase dashboard shows today (`sb_publishable_…`): an opaque string
 * that stands for the anon role. Deterministic for a secret, like the anon key, so it survives resets and restarts.
 */
export function createPublishableKey(secret: string): string {
  assertUsableSecret(secret);
  return `sb_publishable_${createHmac('sha256', secret).update('hg-local publishable key').digest('base64url').slice(0, 32)}`;
}
