// GoTrue's /auth/v1 routes the console uses: the password and refresh-token grants, the current user, logout, and
// the TOTP factor routes (gotrue-mfa.ts).
// Sessions live in auth.sessions and rotating refresh tokens in auth.refresh_tokens, as GoTrue keeps them, so a
// database moved between this gateway and a real Supabase project keeps its sign-ins.
import bcrypt from 'bcryptjs';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  AuthError,
  OAuthError,
  authErrorResponse,
  authHeaders,
  invalidCredentials,
  jwtFailureForAuth,
  requestedApiVersion,
} from './gotrue-errors.js';
import { findUser, parseObject, userJson, type UserRow } from './gotrue-users.js';
import { emptyResponse, errorMessage, jsonResponse, parseJsonBody } from './http.js';
import { signJwt, verifyJwt, type AccessTokenClaims, type JwtPayload } from './jwt.js';
import { addClaimToSession, createMfa, sessionLevel, type FactorRoute, type SessionLevel } from './gotrue-mfa.js';
import type { SqlExecutor, SqlTx } from './sql-executor.js';

export type AuthRoute = 'token' | 'user' | 'logout' | FactorRoute;

export interface GoTrueConfig {
  executor: SqlExecutor;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenReuseIntervalSeconds: number;
  now: () => Date;
}

const newRefreshToken = () => randomBytes(24).toString('base64url');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// GoTrue's parser is stricter than PostgREST's: exactly one space and a non-empty token.
const bearer = (request: Request): string | undefined => /^[Bb]earer (\S+)$/.exec(request.headers.get('Authorization') ?? '')?.[1];

/** Text columns only (see gotrue-users.ts); the time tests are made in SQL against the gateway's clock ($2). */
interface TokenRow {
  id: string;
  token: string;
  user_id: string | null;
  revoked: string;
  reuse_expired: string;
  session_id: string | null;
  session_exists: string;
  session_expired: string;
  session_created: string | null;
}

type Rotation = { user: UserRow; sessionId: string; level: SessionLevel; token: string };

/** Answers one /auth/v1 request whose route and method the gateway has already accepted. */
export function createGoTrue(config: GoTrueConfig): (request: Request, url: URL, route: AuthRoute) => Promise<Response> {
  const { executor, jwtSecret, accessTokenTtlSeconds: ttl, refreshTokenReuseIntervalSeconds: reuseInterval, now: clock } = config;
  const nowSeconds = () => Math.floor(clock().getTime() / 1000);

  async function accessToken(
    issuer: string,
    user: UserRow,
    sessionId: string,
    level: SessionLevel,
  ): Promise<{ token: string; exp: number }> {
    const iat = nowSeconds();
    const exp = iat + ttl;
    const claims: AccessTokenClaims = {
      iss: issuer,
      sub: user.id,
      aud: user.aud || 'authenticated',
      exp,
      iat,
      email: user.email ?? '',
      phone: user.phone ?? '',
      app_metadata: parseObject(user.app_metadata),
      user_metadata: parseObject(user.user_metadata),
      role: user.role || 'authenticated',
      aal: level.aal,
      amr: level.amr,
      session_id: sessionId,
      is_anonymous: user.is_anonymous === 'true',
    };
    return { token: await signJwt(claims as unknown as JwtPayload, jwtSecret), exp };
  }

  /** The session's level from its amr claims; a session from before they were recorded signed in with a password. */
  async function levelOf(tx: SqlTx, sessionId: string, sessionCreatedAt: number): Promise<SessionLevel> {
    return (await sessionLevel(tx, sessionId)) ?? { aal: 'aal1', amr: [{ method: 'password', timestamp: sessionCreatedAt }] };
  }

  async function sessionBody(issuer: string, user: UserRow, sessionId: string, level: SessionLevel, refreshToken: string) {
    const { token, exp } = await accessToken(issuer, user, sessionId, level);
    return {
      access_token: token,
      token_type: 'bearer',
      expires_in: ttl,
      expires_at: exp,
      refresh_token: refreshToken,
      user: userJson(user),
    };
  }

  async function readJsonBody(request: Request): Promise<Record<string, unknown>> {
    const text = await request.text();
    try {
      const value = parseJsonBody(text);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('expected a JSON object');
      return value as Record<string, unknown>;
    } catch (error) {
      throw new AuthError(400, 'bad_json', `Could not parse request body as JSON: ${errorMessage(error)}`);
    }
  }

  async function passwordGrant(request: Request, issuer: string): Promise<unknown> {
    const body = await readJsonBody(request);
    const email = typeof body.email === 'string' ? body.email.trim() : '';
    const phone = typeof body.phone === 'string' ? body.phone.trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    if (email && phone) throw new AuthError(400, 'validation_failed', 'Only an email address or phone number should be provided on login.');
    if (!email && !phone) throw new AuthError(400, 'validation_failed', 'missing email or phone');

    const now = clock().toISOString();
    const lookup = email
      ? `lower(u.email) = lower($2) and u.aud = 'authenticated' and not u.is_sso_user and u.deleted_at is null`
      : `u.phone = regexp_replace($2, '[^0-9]', '', 'g') and u.aud = 'authenticated' and u.deleted_at is null`;
    const user = await executor.transaction((tx) => findUser(tx, now, lookup, email || phone));
    if (!user || !user.encrypted_password) throw invalidCredentials();
    if (user.banned === 'true') throw new AuthError(400, 'user_banned', 'User is banned');
    // bcrypt runs outside any transaction: PGlite has one connection, and a compare takes tens of milliseconds.
    const hash = user.encrypted_password;
    const valid = await Promise.resolve()
      .then(() => bcrypt.compare(password, hash))
      .catch(() => false); // a hash bcrypt cannot read matches nothing
    if (!valid) throw invalidCredentials();
    if (email && !user.email_confirmed_at) throw new AuthError(400, 'email_not_confirmed', 'Email not confirmed');
    if (phone && !user.phone_confirmed_at) throw new AuthError(400, 'phone_not_confirmed', 'Phone not confirmed');

    const signedInAt = clock();
    const at = signedInAt.toISOString();
    const sessionId = randomUUID();
    const refreshToken = newRefreshToken();
    const fresh = await executor.transaction(async (tx) => {
      await tx.query(
        `insert into auth.sessions (id, user_id, created_at, updated_at, aal)
         values ($1::uuid, $2::uuid, $3::timestamptz, $3::timestamptz, 'aal1')`,
        [sessionId, user.id, at],
      );
      await addClaimToSession(tx, sessionId, 'password', at);
      await tx.query(
        `insert into auth.refresh_tokens (token, user_id, revoked, created_at, updated_at, parent, session_id)
         values ($1, $2, false, $3::timestamptz, $3::timestamptz, null, $4::uuid)`,
        [refreshToken, user.id, at, sessionId],
      );
      await tx.query(`update auth.users set last_sign_in_at = $2::timestamptz, updated_at = $2::timestamptz where id = $1::uuid`, [
        user.id,
        at,
      ]);
      await tx.query(
        `update auth.identities set last_sign_in_at = $2::timestamptz, updated_at = $2::timestamptz where user_id = $1::uuid and provider = $3`,
        [user.id, at, email ? 'email' : 'phone'],
      );
      // Re-read so the response shows the sign-in just recorded.
      const row = await findUser(tx, at, 'u.id = $2::uuid', user.id);
      return row && { row, level: await levelOf(tx, sessionId, Math.floor(signedInAt.getTime() / 1000)) };
    });
    if (!fresh) throw invalidCredentials();
    return sessionBody(issuer, fresh.row, sessionId, fresh.level, refreshToken);
  }

  async function refreshTokenGrant(request: Request, issuer: string): Promise<unknown> {
    const body = await readJsonBody(request);
    const presented = typeof body.refresh_token === 'string' ? body.refresh_token : '';
    if (!presented) throw new OAuthError('invalid_request', 'refresh_token required');
    const now = clock().toISOString();

    // Everything in one transaction holding the token's row lock, so two refreshes of one token are decided one after
    // the other. Refusals that must persist (revoking a reused token's family) are returned, not thrown, so they commit.
    const outcome = await executor.transaction(async (tx): Promise<AuthError | Rotation> => {
      const { rows } = await tx.query<TokenRow>(
        `select rt.id::text as id, rt.token::text as token, rt.user_id::text as user_id, coalesce(rt.revoked, false)::text as revoked,
                (coalesce(rt.updated_at, rt.created_at, '-infinity') + make_interval(secs => $3::int) < $2::timestamptz)::text as reuse_expired,
                rt.session_id::text as session_id, (s.id is not null)::text as session_exists,
                (s.not_after is not null and s.not_after <= $2::timestamptz)::text as session_expired,
                floor(extract(epoch from s.created_at))::bigint::text as session_created
           from auth.refresh_tokens rt
           left join auth.sessions s on s.id = rt.session_id
          where rt.token = $1
          for update of rt`,
        [presented, now, reuseInterval],
      );
      const token = rows[0];
      const notFound = new AuthError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
      if (!token || !token.user_id || !UUID.test(token.user_id)) return notFound;
      const user = await findUser(tx, now, 'u.id = $2::uuid', token.user_id);
      if (!user || user.deleted === 'true') return notFound;
      if (user.banned === 'true') return new AuthError(400, 'user_banned', 'Invalid Refresh Token: User Banned');
      if (!token.session_id || token.session_exists !== 'true') {
        await tx.query('delete from auth.refresh_tokens where id = $1::bigint', [token.id]);
        return new AuthError(400, 'session_not_found', 'Invalid Refresh Token: No Valid Session Found');
      }
      if (token.session_expired === 'true') return new AuthError(400, 'session_expired', 'Invalid Refresh Token: Session Expired');
      await tx.query('select 1 from auth.sessions where id = $1::uuid for update', [token.session_id]);

      let issued: string | undefined;
      if (token.revoked === 'true') {
        const { rows: active } = await tx.query<{ token: string; parent: string | null }>(
          `select token::text as token, parent::text as parent from auth.refresh_tokens
            where session_id = $1::uuid and not coalesce(revoked, false) order by id desc limit 1`,
          [token.session_id],
        );
        const current = active[0];
        if (current && current.parent === token.token) {
          // The client rotated this token but never stored the answer: hand back the token it missed.
          issued = current.token;
        } else if (!current || token.reuse_expired === 'true') {
          // Reuse: someone else may hold this token. Revoke the whole session's family. (GoTrue would still honour
          // a family-revoked token inside the reuse interval; here a session with no active token stays closed.)
          await tx.query(
            `update auth.refresh_tokens set revoked = true, updated_at = $2::timestamptz where session_id = $1::uuid and not coalesce(revoked, false)`,
            [token.session_id, now],
          );
          return new AuthError(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used');
        }
      }
      if (!issued) {
        issued = newRefreshToken();
        await tx.query('update auth.refresh_tokens set revoked = true, updated_at = $2::timestamptz where id = $1::bigint', [
          token.id,
          now,
        ]);
        await tx.query(
          `insert into auth.refresh_tokens (token, user_id, revoked, created_at, updated_at, parent, session_id)
           values ($1, $2, false, $3::timestamptz, $3::timestamptz, $4, $5::uuid)`,
          [issued, user.id, now, token.token, token.session_id],
        );
      }
      await tx.query('update auth.sessions set updated_at = $2::timestamptz where id = $1::uuid', [token.session_id, now]);
      const level = await levelOf(tx, token.session_id, Number(token.session_created ?? nowSeconds()));
      return { user, sessionId: token.session_id, level, token: issued };
    });
    if (outcome instanceof AuthError) throw outcome;
    return sessionBody(issuer, outcome.user, outcome.sessionId, outcome.level, outcome.token);
  }

  /** GoTrue's requireAuthentication: a valid user access token whose user and session still exist. */
  async function authenticate(request: Request): Promise<{ user: UserRow; sessionId: string | undefined }> {
    const token = bearer(request);
    if (!token) throw new AuthError(401, 'no_authorization', 'This endpoint requires a Bearer token');
    const verified = await verifyJwt(token, jwtSecret, nowSeconds());
    if (!verified.ok) {
      throw new AuthError(403, 'bad_jwt', `invalid JWT: unable to parse or verify signature, ${jwtFailureForAuth[verified.reason]}`);
    }
    const { sub, session_id: sessionId } = verified.payload;
    if (typeof sub !== 'string' || sub === '') throw new AuthError(403, 'bad_jwt', 'invalid claim: missing sub claim');
    if (!UUID.test(sub)) throw new AuthError(400, 'bad_jwt', 'invalid claim: sub claim must be a UUID');
    if (sessionId !== undefined && (typeof sessionId !== 'string' || !UUID.test(sessionId))) {
      throw new AuthError(403, 'bad_jwt', 'invalid claim: session_id claim must be a UUID');
    }
    const now = clock().toISOString();
    const found = await executor.transaction(async (tx) => {
      const user = await findUser(tx, now, 'u.id = $2::uuid', sub);
      if (!user || !sessionId) return { user, session: false };
      const { rows } = await tx.query<{ one: string }>(
        'select 1::text as one from auth.sessions where id = $1::uuid and user_id = $2::uuid',
        [sessionId, sub],
      );
      return { user, session: rows.length > 0 };
    });
    if (!found.user) throw new AuthError(403, 'user_not_found', 'User from sub claim in JWT does not exist');
    if (sessionId && !found.session) throw new AuthError(403, 'session_not_found', 'Session from session_id claim in JWT does not exist');
    // GoTrue 2.195.0+ ("reject AT from banned users"): an access token issued before the ban no longer passes.
    if (found.user.banned === 'true') throw new AuthError(403, 'user_banned', 'User is banned');
    return { user: found.user, sessionId: sessionId as string | undefined };
  }

  /** updateMFASessionAndClaims for this gateway's refresh tokens (GoTrue's legacy ones): swap the session's active
   * token, so the one issued before the second factor cannot be refreshed into this level; the body is signed after
   * the transaction commits. */
  async function reissue(tx: SqlTx, issuer: string, user: UserRow, sessionId: string, at: string) {
    const { rows } = await tx.query<{ id: string; token: string; created: string }>(
      `select rt.id::text as id, rt.token::text as token, floor(extract(epoch from s.created_at))::bigint::text as created
         from auth.sessions s left join auth.refresh_tokens rt on rt.session_id = s.id and not coalesce(rt.revoked, false)
        where s.id = $1::uuid order by rt.id desc limit 1`,
      [sessionId],
    );
    const current = rows[0];
    if (current?.id) {
      await tx.query('update auth.refresh_tokens set revoked = true, updated_at = $2::timestamptz where id = $1::bigint', [current.id, at]);
    }
    const issued = newRefreshToken();
    await tx.query(
      `insert into auth.refresh_tokens (token, user_id, revoked, created_at, updated_at, parent, session_id)
       values ($1, $2, false, $3::timestamptz, $3::timestamptz, $4, $5::uuid)`,
      [issued, user.id, at, current?.token ?? null, sessionId],
    );
    const level = await levelOf(tx, sessionId, Number(current?.created ?? nowSeconds()));
    return () => sessionBody(issuer, user, sessionId, level, issued);
  }

  const factors = createMfa({ executor, clock, authenticate, readJsonBody, reissue });

  async function logout(request: Request, url: URL): Promise<void> {
    const scope = url.searchParams.get('scope') ?? 'global';
    if (!['global', 'local', 'others'].includes(scope)) {
      throw new AuthError(400, 'validation_failed', `Unsupported logout scope ${JSON.stringify(scope)}`);
    }
    const { user, sessionId } = await authenticate(request);
    await executor.transaction(async (tx) => {
      // A token without a session can only be logged out everywhere.
      if (scope === 'global' || !sessionId) {
        await tx.query('delete from auth.sessions where user_id = $1::uuid', [user.id]);
        await tx.query('delete from auth.refresh_tokens where user_id = $1', [user.id]);
      } else if (scope === 'local') {
        await tx.query('delete from auth.sessions where id = $1::uuid', [sessionId]);
      } else {
        await tx.query('delete from auth.sessions where user_id = $1::uuid and id <> $2::uuid', [user.id, sessionId]);
      }
    });
  }

  return async (request, url, route) => {
    const version = requestedApiVersion(request);
    const issuer = `${url.origin}/auth/v1`;
    try {
      if (route === 'token') {
        const grant = url.searchParams.get('grant_type');
        const body = grant === 'password' ? await passwordGrant(request, issuer) : await refreshTokenGrant(request, issuer);
        return jsonResponse(200, body, authHeaders(version));
      }
      if (route === 'user') {
        const { user } = await authenticate(request);
        return jsonResponse(200, userJson(user), authHeaders(version));
      }
      if (route === 'logout') {
        await logout(request, url);
        return emptyResponse(204, authHeaders(version));
      }
      return jsonResponse(200, await factors(request, url, route), authHeaders(version));
    } catch (error) {
      if (error instanceof AuthError || error instanceof OAuthError) return authErrorResponse(error, version);
      return authErrorResponse(
        new AuthError(
          500,
          'unexpected_failure',
          `Unexpected failure, please check server logs for more information (${errorMessage(error)})`,
        ),
        version,
      );
    }
  };
}
