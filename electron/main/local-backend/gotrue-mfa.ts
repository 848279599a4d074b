// GoTrue's TOTP multi-factor routes, as supabase/auth v2.196.0 answers them (internal/api/mfa.go, models/factor.go,
// models/sessions.go): POST /factors (enroll), POST /factors/{id}/challenge, POST /factors/{id}/verify, DELETE
// /factors/{id} (unenroll). Factors, challenges and the session's authentication methods live in auth.mfa_factors,
// auth.mfa_challenges and auth.mfa_amr_claims, shaped as GoTrue's migrations shape them; a session's `aal` and `amr`
// claims are computed from its amr claims as Session.CalculateAALAndAMR does. Codes are checked by otpauth
// (RFC 6238: SHA-1, 6 digits, 30 s, one step of skew, as GoTrue's totp.ValidateCustom).
//
// One deliberate difference: GoTrue accepts a code again when it comes with a new challenge inside its 90-second
// window; here a code (its time step) is accepted once per factor, and a replay is refused like a wrong code.
import { randomUUID } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import { AuthError } from './gotrue-errors.js';
import type { UserRow } from './gotrue-users.js';
import type { SqlExecutor, SqlTx } from './sql-executor.js';

/** GOTRUE_MFA_CHALLENGE_EXPIRY_DURATION's default (and minimum). */
export const CHALLENGE_EXPIRY_SECONDS = 300;
/** GOTRUE_MFA_FACTOR_EXPIRY_DURATION: an unverified factor older than this is deleted at the next enrolment. */
export const FACTOR_EXPIRY_SECONDS = 300;
/** GOTRUE_MFA_MAX_ENROLLED_FACTORS and GOTRUE_MFA_MAX_VERIFIED_FACTORS. */
const MAX_FACTORS = 10;
/** Every request of the in-process gateway comes from the same place; GoTrue compares the challenge's IP. */
const LOCAL_IP = '127.0.0.1';
const PERIOD = 30;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type FactorRoute = { action: 'enroll' } | { action: 'challenge' | 'verify' | 'unenroll'; factorId: string };

/** The factor routes under /auth/v1, with their methods; null for anything else. */
export function factorRoute(method: string, path: string): FactorRoute | null {
  if (path === '/auth/v1/factors' && method === 'POST') return { action: 'enroll' };
  const match = /^\/auth\/v1\/factors\/([^/]+)(?:\/(challenge|verify))?$/.exec(path);
  if (!match) return null;
  const [, factorId, sub] = match as unknown as [string, string, 'challenge' | 'verify' | undefined];
  if (sub && method === 'POST') return { action: sub, factorId };
  if (!sub && method === 'DELETE') return { action: 'unenroll', factorId };
  return null;
}

export interface SessionLevel {
  aal: 'aal1' | 'aal2';
  amr: { method: string; timestamp: number }[];
}

/** Session.CalculateAALAndAMR: aal2 once the session holds a second-factor claim; amr most recent first. */
export async function sessionLevel(tx: SqlTx, sessionId: string): Promise<SessionLevel | null> {
  const { rows } = await tx.query<{ method: string; at: string }>(
    `select authentication_method as method, floor(extract(epoch from updated_at))::bigint::text as at
       from auth.mfa_amr_claims where session_id = $1::uuid order by updated_at desc, authentication_method`,
    [sessionId],
  );
  if (rows.length === 0) return null;
  const amr = rows.map((row) => ({ method: row.method, timestamp: Number(row.at) }));
  const aal = rows.some((row) => ['totp', 'mfa/phone', 'mfa/webauthn'].includes(row.method)) ? 'aal2' : 'aal1';
  return { aal, amr };
}

/** models.AddClaimToSession: one claim per method and session, its time refreshed when used again. */
export async function addClaimToSession(tx: SqlTx, sessionId: string, method: string, at: string): Promise<void> {
  await tx.query(
    `insert into auth.mfa_amr_claims (id, session_id, created_at, updated_at, authentication_method)
     values ($1::uuid, $2::uuid, $3::timestamptz, $3::timestamptz, $4)
     on conflict on constraint mfa_amr_claims_session_id_authentication_method_pkey do update set updated_at = $3::timestamptz`,
    [randomUUID(), sessionId, at, method],
  );
}

interface FactorRow {
  id: string;
  status: 'verified' | 'unverified';
  factor_type: string;
  secret: string | null;
  friendly_name: string | null;
}

interface MfaDeps {
  executor: SqlExecutor;
  clock: () => Date;
  /** GoTrue's requireAuthentication (a valid token whose user and session exist). */
  authenticate(request: Request): Promise<{ user: UserRow; sessionId: string | undefined }>;
  readJsonBody(request: Request): Promise<Record<string, unknown>>;
  /**
   * updateMFASessionAndClaims after the claim is recorded: swaps the session's refresh token (the aal1 one can no
   * longer refresh into this level) and answers with a new session body.
   */
  reissue(tx: SqlTx, issuer: string, user: UserRow, sessionId: string, at: string): Promise<() => Promise<unknown>>;
}

/** The four factor routes; each returns the JSON body of a 200 answer or throws an AuthError. */
export function createMfa(deps: MfaDeps) {
  const { executor, clock } = deps;

  async function session(request: Request) {
    const found = await deps.authenticate(request);
    if (!found.sessionId) {
      throw new AuthError(500, 'unexpected_failure', 'A valid session and a registered user are required to enroll a factor');
    }
    if (found.user.is_anonymous === 'true')
      throw new AuthError(403, 'no_authorization', 'Anonymous user not allowed to perform these actions');
    return { user: found.user, sessionId: found.sessionId };
  }

  async function sessionAal(tx: SqlTx, sessionId: string): Promise<string | null> {
    const { rows } = await tx.query<{ aal: string | null }>('select aal::text as aal from auth.sessions where id = $1::uuid', [sessionId]);
    return rows[0]?.aal ?? null;
  }

  /** loadFactor: the caller's own factor, or 404 (someone else's factor is not found either). */
  async function ownFactor(tx: SqlTx, user: UserRow, factorId: string): Promise<FactorRow> {
    if (!UUID.test(factorId)) throw new AuthError(404, 'validation_failed', 'factor_id must be an UUID');
    const { rows } = await tx.query<FactorRow>(
      `select id::text as id, status::text as status, factor_type::text as factor_type, secret, friendly_name
         from auth.mfa_factors where id = $1::uuid and user_id = $2::uuid for update`,
      [factorId, user.id],
    );
    if (!rows[0]) throw new AuthError(404, 'mfa_factor_not_found', 'Factor not found');
    return rows[0];
  }

  async function enroll(request: Request, url: URL): Promise<unknown> {
    const { user, sessionId } = await session(request);
    const body = await deps.readJsonBody(request);
    const factorType = body.factor_type;
    if (factorType !== 'totp') {
      if (factorType === 'phone' || factorType === 'webauthn') {
        throw new AuthError(
          422,
          `mfa_${factorType}_enroll_not_enabled`,
          `MFA enroll is disabled for ${factorType === 'phone' ? 'Phone' : 'WebAuthn'}`,
        );
      }
      throw new AuthError(400, 'validation_failed', 'factor_type needs to be totp, phone, or webauthn');
    }
    const friendlyName = typeof body.friendly_name === 'string' ? body.friendly_name : '';
    const issuer = typeof body.issuer === 'string' && body.issuer !== '' ? body.issuer : url.host;
    const at = clock().toISOString();
    const secret = new OTPAuth.Secret({ size: 20 });
    const totp = new OTPAuth.TOTP({ issuer, label: user.email ?? '', secret, algorithm: 'SHA1', digits: 6, period: PERIOD });
    const uri = totp.toString();
    const id = randomUUID();
    await executor.transaction(async (tx) => {
      // validateFactors
      await tx.query(
        `delete from auth.mfa_factors where status = 'unverified' and created_at < $1::timestamptz - make_interval(secs => $2)`,
        [at, FACTOR_EXPIRY_SECONDS],
      );
      const { rows } = await tx.query<{ friendly_name: string | null; status: string }>(
        'select friendly_name, status::text as status from auth.mfa_factors where user_id = $1::uuid',
        [user.id],
      );
      if (rows.some((row) => (row.friendly_name ?? '') === friendlyName)) {
        throw new AuthError(
          422,
          'mfa_factor_name_conflict',
          `A factor with the friendly name ${JSON.stringify(friendlyName)} for this user already exists`,
        );
      }
      const verified = rows.filter((row) => row.status === 'verified').length;
      if (rows.length >= MAX_FACTORS || verified >= MAX_FACTORS) {
        throw new AuthError(422, 'too_many_enrolled_mfa_factors', 'Maximum number of verified factors reached, unenroll to continue');
      }
      if (verified > 0 && (await sessionAal(tx, sessionId)) !== 'aal2') {
        throw new AuthError(403, 'insufficient_aal', 'AAL2 required to enroll a new factor');
      }
      await tx.query(
        `insert into auth.mfa_factors (id, user_id, friendly_name, factor_type, status, created_at, updated_at, secret)
         values ($1::uuid, $2::uuid, $3, 'totp', 'unverified', $4::timestamptz, $4::timestamptz, $5)`,
        [id, user.id, friendlyName, at, secret.base32],
      );
    });
    const qr = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'H', margin: 1 });
    return { id, type: 'totp', friendly_name: friendlyName, totp: { qr_code: qr, secret: secret.base32, uri } };
  }

  async function challenge(request: Request, factorId: string): Promise<unknown> {
    const { user } = await session(request);
    const at = clock();
    const id = randomUUID();
    await executor.transaction(async (tx) => {
      const factor = await ownFactor(tx, user, factorId);
      await tx.query(
        `insert into auth.mfa_challenges (id, factor_id, created_at, ip_address) values ($1::uuid, $2::uuid, $3::timestamptz, $4::inet)`,
        [id, factor.id, at.toISOString(), LOCAL_IP],
      );
      await markChallenged(tx, factor.id, at);
    });
    return { id, type: 'totp', expires_at: Math.floor(at.getTime() / 1000) + CHALLENGE_EXPIRY_SECONDS };
  }

  /**
   * last_challenged_at is unique across all factors (GoTrue's schema), and a JS time has only milliseconds: two people
   * challenged in the same millisecond (two consoles on one project) would collide. GoTrue's times carry microseconds;
   * here a collision moves the time on by one microsecond and tries again.
   */
  async function markChallenged(tx: SqlTx, factorId: string, at: Date): Promise<void> {
    for (let micros = 0; ; micros += 1) {
      await tx.query('savepoint mark_challenged');
      try {
        await tx.query(
          `update auth.mfa_factors set last_challenged_at = $2::timestamptz + make_interval(secs => $3::double precision / 1e6) where id = $1::uuid`,
          [factorId, at.toISOString(), micros],
        );
        await tx.query('release savepoint mark_challenged');
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== '23505' || micros >= 999) throw error;
        await tx.query('rollback to savepoint mark_challenged');
      }
    }
  }

  async function verify(request: Request, issuer: string, factorId: string): Promise<unknown> {
    const { user, sessionId } = await session(request);
    const body = await deps.readJsonBody(request);
    const code = typeof body.code === 'string' ? body.code : '';
    const challengeId = typeof body.challenge_id === 'string' ? body.challenge_id : '';
    if (code === '') throw new AuthError(400, 'validation_failed', 'Code needs to be non-empty');
    const now = clock();
    const at = now.toISOString();
    // A refusal that must keep its effect (an expired challenge is deleted) is returned, so the transaction commits.
    const outcome = await executor.transaction(async (tx): Promise<AuthError | (() => Promise<unknown>)> => {
      const factor = await ownFactor(tx, user, factorId);
      if (!UUID.test(challengeId)) throw new AuthError(400, 'validation_failed', 'challenge_id must be an UUID');
      const { rows } = await tx.query<{ verified: string; ip: string; expired: string }>(
        `select (verified_at is not null)::text as verified, host(ip_address) as ip,
                (created_at + make_interval(secs => $3) < $4::timestamptz)::text as expired
           from auth.mfa_challenges where id = $1::uuid and factor_id = $2::uuid for update`,
        [challengeId, factor.id, CHALLENGE_EXPIRY_SECONDS, at],
      );
      const found = rows[0];
      if (!found) throw new AuthError(422, 'mfa_factor_not_found', 'MFA factor with the provided challenge ID not found');
      if (found.verified === 'true' || found.ip !== LOCAL_IP) {
        throw new AuthError(422, 'mfa_ip_address_mismatch', 'Challenge and verify IP addresses mismatch.');
      }
      if (found.expired === 'true') {
        await tx.query('delete from auth.mfa_challenges where id = $1::uuid', [challengeId]);
        return new AuthError(
          422,
          'mfa_challenge_expired',
          `MFA challenge ${challengeId} has expired, verify against another challenge or create a new challenge.`,
        );
      }
      const step = acceptedStep(factor.secret ?? '', code, now);
      const invalid = new AuthError(422, 'mfa_verification_failed', 'Invalid TOTP code entered');
      if (step === null) throw invalid;
      // The stricter rule of this gateway: a time step already accepted for this factor is not accepted again.
      const { rows: used } = await tx.query<{ n: string }>(
        `select count(*)::text as n from auth.mfa_challenges
          where factor_id = $1::uuid and verified_at is not null and otp_code like 'totp-step:%'
            and substr(otp_code, 11)::bigint >= $2::bigint`,
        [factor.id, step],
      );
      if (Number(used[0]?.n ?? 0) > 0) throw invalid;

      await tx.query(`update auth.mfa_challenges set verified_at = $2::timestamptz, otp_code = $3 where id = $1::uuid`, [
        challengeId,
        at,
        `totp-step:${step}`,
      ]);
      if (factor.status !== 'verified') {
        await tx.query(`update auth.mfa_factors set status = 'verified', updated_at = $2::timestamptz where id = $1::uuid`, [
          factor.id,
          at,
        ]);
      }
      await addClaimToSession(tx, sessionId, 'totp', at);
      await tx.query(`update auth.sessions set aal = 'aal2', factor_id = $2::uuid where id = $1::uuid`, [sessionId, factor.id]);
      const answer = await deps.reissue(tx, issuer, user, sessionId, at);
      // InvalidateSessionsWithAALLessThan(aal2) and DeleteUnverifiedFactors(totp).
      await tx.query(`delete from auth.sessions where user_id = $1::uuid and aal < 'aal2'`, [user.id]);
      await tx.query(`delete from auth.mfa_factors where user_id = $1::uuid and status = 'unverified' and factor_type = 'totp'`, [user.id]);
      return answer;
    });
    if (outcome instanceof AuthError) throw outcome;
    return outcome();
  }

  async function unenroll(request: Request, factorId: string): Promise<unknown> {
    const { user, sessionId } = await session(request);
    await executor.transaction(async (tx) => {
      const factor = await ownFactor(tx, user, factorId);
      if (factor.status === 'verified' && (await sessionAal(tx, sessionId)) !== 'aal2') {
        throw new AuthError(422, 'insufficient_aal', 'AAL2 required to unenroll verified factor');
      }
      await tx.query('delete from auth.mfa_factors where id = $1::uuid', [factor.id]);
      // DowngradeSessionsToAAL1: sessions raised by this factor lose its claim and go back to aal1.
      await tx.query(
        `delete from auth.mfa_amr_claims where authentication_method = 'totp'
            and session_id in (select id from auth.sessions where factor_id = $1::uuid)`,
        [factor.id],
      );
      await tx.query(`update auth.sessions set aal = 'aal1', factor_id = null where user_id = $1::uuid and factor_id = $2::uuid`, [
        user.id,
        factor.id,
      ]);
    });
    return { id: factorId };
  }

  return async (request: Request, url: URL, route: FactorRoute): Promise<unknown> => {
    switch (route.action) {
      case 'enroll':
        return enroll(request, url);
      case 'challenge':
        return challenge(request, route.factorId);
      case 'verify':
        return verify(request, `${url.origin}/auth/v1`, route.factorId);
      case 'unenroll':
        return unenroll(request, route.factorId);
    }
  };
}

/** The time step a code belongs to (now, or one step either side), or null when it is not a code of this secret. */
export function acceptedStep(secret: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code) || secret === '') return null;
  const delta = OTPAuth.TOTP.validate({
    token: code,
    secret: OTPAuth.Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    timestamp: now.getTime(),
    window: 1,
  });
  return delta === null ? null : Math.floor(now.getTime() / 1000 / PERIOD) + delta;
}

/** The code an authenticator app shows for a secret at a time (tests and the demo instructions). */
export function totpCode(secret: string, at: Date = new Date()): string {
  return OTPAuth.TOTP.generate({
    secret: OTPAuth.Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    timestamp: at.getTime(),
  });
}
