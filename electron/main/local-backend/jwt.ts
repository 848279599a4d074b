// HS256 JSON Web Tokens with node:crypto, shaped like the ones Supabase issues: GoTrue's access tokens and the
// project's anon key (itself a JWT whose role is `anon`). Only HS256 is accepted when verifying: a token naming
// another algorithm (including "none") is refused.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

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

const encodeSegment = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

function signature(signingInput: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(signingInput).digest();
}

export function signJwt(payload: JwtPayload, secret: string): string {
  assertUsableSecret(secret);
  const signingInput = `${encodeSegment({ alg: 'HS256', typ: 'JWT' })}.${encodeSegment(payload)}`;
  return `${signingInput}.${signature(signingInput, secret).toString('base64url')}`;
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

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function decodeSegment(segment: string): unknown {
  if (!BASE64URL.test(segment)) throw new Error('invalid base64url');
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Verifies an HS256 token's signature and its time claims (`exp`, `nbf`) against `nowSeconds`, allowing
 * `leewaySeconds` of clock skew (GoTrue allows none; PostgREST 13 allows 30).
 */
export function verifyJwt(token: string, secret: string, nowSeconds: number, leewaySeconds = 0): JwtVerification {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed', detail: `expected 3 parts, got ${parts.length}` };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  let header: unknown;
  let payload: unknown;
  try {
    header = decodeSegment(headerPart);
    payload = decodeSegment(payloadPart);
  } catch (error) {
    return { ok: false, reason: 'malformed', detail: error instanceof Error ? error.message : String(error) };
  }
  if (!isObject(header) || !isObject(payload)) return { ok: false, reason: 'malformed', detail: 'header and payload must be JSON objects' };
  if (header.alg !== 'HS256') return { ok: false, reason: 'algorithm', detail: `signing method ${String(header.alg)} is invalid` };
  if (!BASE64URL.test(signaturePart)) return { ok: false, reason: 'malformed', detail: 'invalid signature encoding' };
  const expected = signature(`${headerPart}.${payloadPart}`, secret);
  const given = Buffer.from(signaturePart, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'signature', detail: 'signature is invalid' };
  }
  for (const claim of ['exp', 'iat', 'nbf'] as const) {
    if (payload[claim] !== undefined && typeof payload[claim] !== 'number') {
      return { ok: false, reason: 'claims', detail: `the '${claim}' claim must be a number` };
    }
  }
  if (typeof payload.exp === 'number' && nowSeconds >= payload.exp + leewaySeconds) return { ok: false, reason: 'expired', detail: 'token is expired' };
  if (typeof payload.nbf === 'number' && nowSeconds < payload.nbf - leewaySeconds) return { ok: false, reason: 'not_yet_valid', detail: 'token is not valid yet' };
  return { ok: true, payload: payload as JwtPayload };
}

/** Reads a token's payload without checking anything (for tests and diagnostics only). */
export function decodeJwtUnverified(token: string): JwtPayload {
  const payload = decodeSegment(token.split('.')[1] ?? '');
  if (!isObject(payload)) throw new Error('the JWT payload is not an object');
  return payload as JwtPayload;
}

// The anon key is deterministic for a secret (same claims every time), like a Supabase project's: issued
// 2025-01-01, valid for 20 years.
const ANON_KEY_IAT = Date.UTC(2025, 0, 1) / 1000;
const ANON_KEY_LIFETIME = 20 * 365 * 24 * 3600;

/** The project's anon key: an HS256 JWT with role `anon` and no subject. */
export function createAnonKey(secret: string): string {
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
