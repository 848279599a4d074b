// The local gateway's contract, written once and run against every SqlExecutor: the embedded PostgreSQL 17 test
// clone (gateway.test.ts) and PGlite with the same bootstrap, migrations and seed (gateway-pglite.test.ts). GoTrue and
// PostgREST behaviour is checked on the wire (raw fetch, zod schemas) and through the real supabase-js client.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { createGateway, type Gateway } from '../../electron/main/local-backend/gateway.js';
import { decodeJwtUnverified, randomJwtSecret, signJwt, verifyJwt } from '../../electron/main/local-backend/jwt.js';
import { totpCode } from '../../electron/main/local-backend/gotrue-mfa.js';
import { raiseToAal2 } from '../support/second-factor.js';
import type { SqlExecutor } from '../../electron/main/local-backend/sql-executor.js';

export const BASE_URL = 'http://127.0.0.1:54321';
export const DEMO_PASSWORD = 'HumanGlue-demo-2026!';
const TTL = 3600;

// ----- wire shapes

const isoTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
const jsonObject = z.record(z.string(), z.unknown());

const identitySchema = z.strictObject({
  identity_id: z.guid(),
  id: z.string().min(1),
  user_id: z.guid(),
  identity_data: jsonObject,
  provider: z.string(),
  last_sign_in_at: isoTime.optional(),
  created_at: isoTime,
  updated_at: isoTime,
  email: z.string().optional(),
});

export const userSchema = z.strictObject({
  id: z.guid(),
  aud: z.literal('authenticated'),
  role: z.literal('authenticated'),
  email: z.email(),
  email_confirmed_at: isoTime,
  phone: z.string(),
  phone_confirmed_at: isoTime.optional(),
  confirmed_at: isoTime.optional(),
  last_sign_in_at: isoTime.optional(),
  app_metadata: jsonObject,
  user_metadata: jsonObject,
  identities: z.array(identitySchema),
  /** models.User `factors,omitempty`: present once the user has a factor. */
  factors: z
    .array(
      z.strictObject({
        id: z.guid(),
        created_at: isoTime,
        updated_at: isoTime,
        status: z.enum(['verified', 'unverified']),
        friendly_name: z.string().min(1).optional(),
        factor_type: z.literal('totp'),
        phone: z.literal(''),
        last_challenged_at: isoTime.nullable(),
      }),
    )
    .min(1)
    .optional(),
  created_at: isoTime,
  updated_at: isoTime,
  is_anonymous: z.boolean(),
});

export const sessionSchema = z.strictObject({
  access_token: z.string().regex(/^[\w-]+\.[\w-]+\.[\w-]+$/),
  token_type: z.literal('bearer'),
  expires_in: z.number().int().positive(),
  expires_at: z.number().int().positive(),
  refresh_token: z.string().min(16),
  user: userSchema,
});

export const claimsSchema = z.strictObject({
  iss: z.literal(`${BASE_URL}/auth/v1`),
  sub: z.guid(),
  aud: z.literal('authenticated'),
  exp: z.number().int(),
  iat: z.number().int(),
  email: z.email(),
  phone: z.string(),
  app_metadata: jsonObject,
  user_metadata: jsonObject,
  role: z.literal('authenticated'),
  aal: z.literal('aal1'),
  amr: z.array(z.strictObject({ method: z.literal('password'), timestamp: z.number().int() })).length(1),
  session_id: z.guid(),
  is_anonymous: z.literal(false),
});

/** GoTrue's error body for clients sending X-Supabase-Api-Version: 2024-01-01 (auth-js does). */
export const authErrorSchema = z.strictObject({ code: z.string(), message: z.string() });
/** GoTrue's legacy error body (no API version header). */
export const legacyAuthErrorSchema = z.strictObject({ code: z.number().int(), error_code: z.string(), msg: z.string() });
export const pgrstErrorSchema = z.strictObject({
  code: z.string(),
  message: z.string(),
  details: z.string().nullable(),
  hint: z.string().nullable(),
});

const accessRow = z.strictObject({
  user_id: z.guid(),
  email: z.email(),
  full_name: z.string().nullable(),
  roles: z.array(z.string()),
  capabilities: z.array(z.string()),
});
export const myAccessSchema = z.array(accessRow).length(1);

// ----- the contract

export interface ContractTarget {
  /** Opens the database the gateway serves (migrated and seeded); the executor connects as its owner. */
  open(): Promise<SqlExecutor>;
  /** Whether the database cancels a statement past statement_timeout (PGlite, single-threaded WASM, has no timer). */
  enforcesStatementTimeout: boolean;
}

// Probes the fidelity cases call: what a request's transaction looks like from inside, a write hidden behind a
// STABLE function (nextval), a sleep, and two overloads that one argument name cannot tell apart.
const PROBES = `
  create sequence if not exists public.gateway_probe_seq;
  grant usage, update on sequence public.gateway_probe_seq to anon, authenticated;
  create or replace function public.gateway_probe_state() returns jsonb language sql stable as $$
    select jsonb_build_object('role', current_user, 'statement_timeout', current_setting('statement_timeout'),
                              'read_only', current_setting('transaction_read_only'))
  $$;
  create or replace function public.gateway_probe_state_volatile() returns jsonb language sql volatile as $$
    select public.gateway_probe_state()
  $$;
  create or replace function public.gateway_probe_next_stable() returns bigint language sql stable as $$
    select nextval('public.gateway_probe_seq')
  $$;
  create or replace function public.gateway_probe_next() returns bigint language sql volatile as $$
    select nextval('public.gateway_probe_seq')
  $$;
  create or replace function public.gateway_probe_sleep(p_seconds double precision) returns boolean language sql volatile as $$
    select pg_sleep(p_seconds) is not null
  $$;
  create or replace function public.gateway_probe_overload(p_value integer) returns text language sql immutable as $$ select 'integer' $$;
  create or replace function public.gateway_probe_overload(p_value text) returns text language sql immutable as $$ select 'text' $$;
  grant execute on function public.gateway_probe_state(), public.gateway_probe_state_volatile(), public.gateway_probe_next_stable(),
    public.gateway_probe_next(), public.gateway_probe_sleep(double precision), public.gateway_probe_overload(integer),
    public.gateway_probe_overload(text) to anon, authenticated;`;

interface RawOptions {
  body?: unknown;
  token?: string;
  apikey?: string | null;
  headers?: Record<string, string>;
  apiVersion?: boolean;
}

export function describeGatewayContract(label: string, target: ContractTarget): void {
  describe(`local gateway contract on ${label}`, () => {
    const jwtSecret = randomJwtSecret();
    let executor: SqlExecutor;
    let gateway: Gateway;
    let offsetMs = 0;
    /** Set to stop the gateway's clock (two requests in the same millisecond). */
    let frozen: Date | null = null;
    const now = () => frozen ?? new Date(Date.now() + offsetMs);
    const clients: SupabaseClient[] = [];

    const ids = {
      banned: randomUUID(),
      deleted: randomUUID(),
      unconfirmed: randomUUID(),
      expiredBan: randomUUID(),
      target: randomUUID(),
      mfa: randomUUID(),
      mfa2: randomUUID(),
      sameMsA: randomUUID(),
      sameMsB: randomUUID(),
    };
    const emails = {
      banned: `banned-${ids.banned.slice(0, 8)}@example.test`,
      deleted: `deleted-${ids.deleted.slice(0, 8)}@example.test`,
      unconfirmed: `unconfirmed-${ids.unconfirmed.slice(0, 8)}@example.test`,
      expiredBan: `was-banned-${ids.expiredBan.slice(0, 8)}@example.test`,
      target: `target-${ids.target.slice(0, 8)}@example.test`,
      mfa: `mfa-${ids.mfa.slice(0, 8)}@example.test`,
      mfa2: `mfa2-${ids.mfa2.slice(0, 8)}@example.test`,
      sameMsA: `same-ms-a-${ids.sameMsA.slice(0, 8)}@example.test`,
      sameMsB: `same-ms-b-${ids.sameMsB.slice(0, 8)}@example.test`,
    };

    async function sql<R = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<R[]> {
      return executor.transaction(async (tx) => (await tx.query<R>(text, params)).rows);
    }

    async function addUser(id: string, email: string, extra: { confirmed?: boolean; bannedUntil?: string; deletedAt?: string } = {}) {
      await sql(
        `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data,
                                 raw_user_meta_data, created_at, updated_at, banned_until, deleted_at)
         select '00000000-0000-0000-0000-000000000000', $1::uuid, 'authenticated', 'authenticated', $2::text, a.encrypted_password,
                case when $3::boolean then now() end, '{"provider":"email","providers":["email"]}'::jsonb,
                jsonb_build_object('full_name', 'Test ' || $2::text), now(), now(), $4::timestamptz, $5::timestamptz
           from auth.users a where a.email = 'admin@humanglue.dev'`,
        [id, email, extra.confirmed ?? true, extra.bannedUntil ?? null, extra.deletedAt ?? null],
      );
    }

    beforeAll(async () => {
      executor = await target.open();
      gateway = await createGateway({ executor, jwtSecret, accessTokenTtlSeconds: TTL, now });
      const day = 24 * 3600 * 1000;
      await addUser(ids.banned, emails.banned, { bannedUntil: new Date(Date.now() + day).toISOString() });
      await addUser(ids.expiredBan, emails.expiredBan, { bannedUntil: new Date(Date.now() - day).toISOString() });
      await addUser(ids.deleted, emails.deleted, { deletedAt: new Date(Date.now() - day).toISOString() });
      await addUser(ids.unconfirmed, emails.unconfirmed, { confirmed: false });
      await addUser(ids.target, emails.target);
      await addUser(ids.mfa, emails.mfa);
      await addUser(ids.mfa2, emails.mfa2);
      await addUser(ids.sameMsA, emails.sameMsA);
      await addUser(ids.sameMsB, emails.sameMsB);
      // One statement per query: PGlite's extended protocol takes no multi-statement strings.
      for (const statement of PROBES.split(/;\s*$/m)
        .map((part) => part.trim())
        .filter(Boolean))
        await sql(statement);
    });

    afterEach(() => {
      offsetMs = 0;
      frozen = null;
    });

    afterAll(async () => {
      await Promise.all(clients.map((client) => client.removeAllChannels()));
      await executor?.close();
    });

    function raw(method: string, path: string, options: RawOptions = {}): Promise<Response> {
      const headers: Record<string, string> = { ...options.headers };
      if (options.apikey !== null) headers.apikey = options.apikey ?? gateway.anonKey;
      if (options.token) headers.Authorization = `Bearer ${options.token}`;
      if (options.apiVersion !== false) headers['X-Supabase-Api-Version'] = '2024-01-01';
      if (options.body !== undefined) headers['Content-Type'] = 'application/json';
      return gateway.fetch(`${BASE_URL}${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
    }

    async function signIn(email: string, password = DEMO_PASSWORD) {
      const response = await raw('POST', '/auth/v1/token?grant_type=password', { body: { email, password } });
      expect(response.status, await response.clone().text()).toBe(200);
      return sessionSchema.parse(await response.json());
    }

    async function refresh(refreshToken: string) {
      return raw('POST', '/auth/v1/token?grant_type=refresh_token', { body: { refresh_token: refreshToken } });
    }

    function client(): SupabaseClient {
      const supabase = createClient(BASE_URL, gateway.anonKey, {
        global: { fetch: gateway.fetch },
        auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      });
      clients.push(supabase);
      return supabase;
    }

    async function signedIn(email: string): Promise<SupabaseClient> {
      const supabase = client();
      const { error } = await supabase.auth.signInWithPassword({ email, password: DEMO_PASSWORD });
      expect(error).toBeNull();
      return supabase;
    }

    /** Signed in and raised to aal2 as a verified TOTP code raises a session (the factor routes are tested above):
     * for calls to console functions that move money or change access (014). */
    async function signedInAal2(email: string): Promise<SupabaseClient> {
      const supabase = await signedIn(email);
      await raiseToAal2(executor, supabase);
      return supabase;
    }

    async function expectAuthError(response: Response, status: number, code: string, message?: string | RegExp) {
      expect(response.status).toBe(status);
      expect(response.headers.get('X-Supabase-Api-Version')).toBe('2024-01-01');
      const body = authErrorSchema.parse(await response.json());
      expect(body.code).toBe(code);
      if (message instanceof RegExp) expect(body.message).toMatch(message);
      else if (message) expect(body.message).toBe(message);
    }

    async function expectPgrstError(response: Response, status: number, code: string) {
      expect(response.status).toBe(status);
      const body = pgrstErrorSchema.parse(await response.json());
      expect(body.code).toBe(code);
      return body;
    }

    // ===== GoTrue

    describe('password sign-in', () => {
      it('returns a GoTrue session whose access token carries Supabase claims', async () => {
        const before = Math.floor(Date.now() / 1000);
        const session = await signIn('admin@humanglue.dev');
        expect(session.expires_in).toBe(TTL);
        expect(session.user.email).toBe('admin@humanglue.dev');
        expect(session.user.identities.map((identity) => identity.provider)).toContain('email');
        expect(Date.parse(session.user.last_sign_in_at!)).toBeGreaterThanOrEqual((before - 1) * 1000);

        const verified = await verifyJwt(session.access_token, jwtSecret, before);
        expect(verified.ok).toBe(true);
        const claims = claimsSchema.parse(verified.ok ? verified.payload : {});
        expect(claims.sub).toBe(session.user.id);
        expect(claims.exp).toBe(claims.iat + TTL);
        expect(session.expires_at).toBe(claims.exp);
        expect(claims.iat).toBeGreaterThanOrEqual(before);
        expect(claims.email).toBe('admin@humanglue.dev');

        const [row] = await sql<{ user_id: string; tokens: string; parent: string | null; revoked: string }>(
          `select s.user_id::text as user_id, count(rt.*)::text as tokens, max(rt.parent) as parent, bool_or(rt.revoked)::text as revoked
             from auth.sessions s join auth.refresh_tokens rt on rt.session_id = s.id
            where s.id = $1::uuid and rt.token = $2 group by s.user_id`,
          [claims.session_id, session.refresh_token],
        );
        expect(row).toEqual({ user_id: session.user.id, tokens: '1', parent: null, revoked: 'false' });
        const [profile] = await sql<{ synced: string }>(
          `select (p.last_sign_in_at = u.last_sign_in_at)::text as synced from public.users p join auth.users u using (id) where u.id = $1::uuid`,
          [session.user.id],
        );
        expect(profile?.synced).toBe('true');
      });

      it('matches the email case-insensitively', async () => {
        const session = await signIn('Moderator@HumanGlue.dev');
        expect(session.user.email).toBe('moderator@humanglue.dev');
      });

      it('refuses a wrong password and an unknown email alike (invalid_credentials, 400)', async () => {
        const wrong = await raw('POST', '/auth/v1/token?grant_type=password', { body: { email: 'admin@humanglue.dev', password: 'nope' } });
        await expectAuthError(wrong, 400, 'invalid_credentials', 'Invalid login credentials');
        const unknown = await raw('POST', '/auth/v1/token?grant_type=password', {
          body: { email: 'nobody@example.test', password: DEMO_PASSWORD },
        });
        await expectAuthError(unknown, 400, 'invalid_credentials', 'Invalid login credentials');
      });

      it('answers in the legacy error shape when no API version is asked for', async () => {
        const response = await raw('POST', '/auth/v1/token?grant_type=password', {
          body: { email: 'admin@humanglue.dev', password: 'nope' },
          apiVersion: false,
        });
        expect(response.status).toBe(400);
        expect(response.headers.get('X-Supabase-Api-Version')).toBeNull();
        expect(legacyAuthErrorSchema.parse(await response.json())).toEqual({
          code: 400,
          error_code: 'invalid_credentials',
          msg: 'Invalid login credentials',
        });
      });

      it('refuses a banned user (user_banned) but not one whose ban has run out', async () => {
        const banned = await raw('POST', '/auth/v1/token?grant_type=password', { body: { email: emails.banned, password: DEMO_PASSWORD } });
        await expectAuthError(banned, 400, 'user_banned', 'User is banned');
        const session = await signIn(emails.expiredBan);
        expect(session.user.id).toBe(ids.expiredBan);
      });

      it('treats a deleted user as unknown and refuses an unconfirmed email', async () => {
        const deleted = await raw('POST', '/auth/v1/token?grant_type=password', {
          body: { email: emails.deleted, password: DEMO_PASSWORD },
        });
        await expectAuthError(deleted, 400, 'invalid_credentials');
        const unconfirmed = await raw('POST', '/auth/v1/token?grant_type=password', {
          body: { email: emails.unconfirmed, password: DEMO_PASSWORD },
        });
        await expectAuthError(unconfirmed, 400, 'email_not_confirmed', 'Email not confirmed');
      });

      it('validates the request', async () => {
        await expectAuthError(
          await raw('POST', '/auth/v1/token?grant_type=password', { body: { password: 'x' } }),
          400,
          'validation_failed',
        );
        const notJson = await gateway.fetch(`${BASE_URL}/auth/v1/token?grant_type=password`, {
          method: 'POST',
          headers: { apikey: gateway.anonKey, 'X-Supabase-Api-Version': '2024-01-01' },
          body: '{oops',
        });
        await expectAuthError(notJson, 400, 'bad_json');
      });

      it('reports errors to supabase-js as AuthApiError with the GoTrue code', async () => {
        const supabase = client();
        const { data, error } = await supabase.auth.signInWithPassword({ email: 'admin@humanglue.dev', password: 'wrong' });
        expect(data.session).toBeNull();
        expect(error?.name).toBe('AuthApiError');
        expect(error?.status).toBe(400);
        expect(error?.code).toBe('invalid_credentials');
        expect(error?.message).toBe('Invalid login credentials');
      });

      it('checks the apikey as Supabase’s API gateway does', async () => {
        const missing = await raw('POST', '/auth/v1/token?grant_type=password', { apikey: null, body: { email: 'a@b.c', password: 'x' } });
        expect(missing.status).toBe(401);
        expect(await missing.json()).toMatchObject({ message: 'No API key found in request' });
        const forged = await signJwt({ role: 'anon', iat: 1, exp: 4102444800 }, randomJwtSecret());
        const invalid = await raw('POST', '/rest/v1/rpc/my_access', { apikey: forged, body: {} });
        expect(invalid.status).toBe(401);
        expect(await invalid.json()).toMatchObject({ message: 'Invalid API key' });
        const otherPublishable = await raw('POST', '/rest/v1/rpc/my_access', {
          apikey: 'sb_publishable_NotThisProjectsKey_12345678',
          body: {},
        });
        expect(otherPublishable.status).toBe(401);
        expect(await otherPublishable.json()).toMatchObject({ message: 'Invalid API key' });
      });

      // Supabase's API keys (2025): supabase-js sends a publishable key as apikey and, until someone signs in, as the
      // bearer; the platform's gateway swaps that bearer for the anon role's JWT before GoTrue and PostgREST.
      it('accepts the publishable key: sign-in, and anon calls that run as anon', async () => {
        expect(gateway.publishableKey).toMatch(/^sb_publishable_[A-Za-z0-9_-]{16,}$/);
        const supabase = createClient(BASE_URL, gateway.publishableKey, {
          global: { fetch: gateway.fetch },
          auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
        });
        clients.push(supabase);
        const anon = await supabase.rpc('gateway_probe_state_volatile');
        expect(anon.error).toBeNull();
        expect(anon.data).toMatchObject({ role: 'anon' });
        const refused = await supabase.schema('console').rpc('my_access');
        expect(refused.status).toBe(401);
        expect(refused.error?.code).toBe('42501');
        const { data, error } = await supabase.auth.signInWithPassword({ email: 'admin@humanglue.dev', password: DEMO_PASSWORD });
        expect(error).toBeNull();
        expect(data.user?.email).toBe('admin@humanglue.dev');
        const signedInCall = await supabase.schema('console').rpc('my_access');
        expect(myAccessSchema.parse(signedInCall.data)[0]!.email).toBe('admin@humanglue.dev');
        // The publishable key is not a user's token: /user with it as the bearer is GoTrue's refusal of an anon JWT.
        await expectAuthError(
          await raw('GET', '/auth/v1/user', { apikey: gateway.publishableKey, token: gateway.publishableKey }),
          403,
          'bad_jwt',
          'invalid claim: missing sub claim',
        );
      });
    });

    describe('refresh tokens', () => {
      it('rotate: the new token works, the parent is answered with its child, older tokens are reuse and revoke the family', async () => {
        const first = await signIn('finance@humanglue.dev');
        const sessionId = claimsSchema.parse(decodeJwtUnverified(first.access_token)).session_id;

        const r2 = await refresh(first.refresh_token);
        expect(r2.status).toBe(200);
        const second = sessionSchema.parse(await r2.json());
        expect(second.refresh_token).not.toBe(first.refresh_token);
        expect(second.user.id).toBe(first.user.id);
        const [child] = await sql<{ parent: string; revoked: string }>(
          `select parent::text as parent, (select revoked::text from auth.refresh_tokens where token = $2) as revoked
             from auth.refresh_tokens where token = $1`,
          [second.refresh_token, first.refresh_token],
        );
        expect(child).toEqual({ parent: first.refresh_token, revoked: 'true' });

        // The client lost the answer and retries with the parent: GoTrue hands back the active child.
        const retry = sessionSchema.parse(await (await refresh(first.refresh_token)).json());
        expect(retry.refresh_token).toBe(second.refresh_token);

        const third = sessionSchema.parse(await (await refresh(second.refresh_token)).json());
        expect(third.refresh_token).not.toBe(second.refresh_token);

        // The first token is now two rotations old and past the reuse interval: that is reuse.
        offsetMs = 11_000;
        await expectAuthError(await refresh(first.refresh_token), 400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used');
        // ...and the whole session's family is revoked, including the token the legitimate client holds.
        await expectAuthError(await refresh(third.refresh_token), 400, 'refresh_token_already_used');
        const [left] = await sql<{ active: string }>(
          `select count(*) filter (where not revoked)::text as active from auth.refresh_tokens where session_id = $1::uuid`,
          [sessionId],
        );
        expect(left?.active).toBe('0');
      });

      it('refuses an unknown token and a missing one', async () => {
        await expectAuthError(
          await refresh('not-a-token'),
          400,
          'refresh_token_not_found',
          'Invalid Refresh Token: Refresh Token Not Found',
        );
        const missing = await raw('POST', '/auth/v1/token?grant_type=refresh_token', { body: {} });
        expect(missing.status).toBe(400);
        expect(await missing.json()).toEqual({ error: 'invalid_request', error_description: 'refresh_token required' });
      });

      it('refuses a banned user’s refresh', async () => {
        const session = await signIn(emails.target);
        await sql(`update auth.users set banned_until = now() + interval '1 hour' where id = $1::uuid`, [ids.target]);
        try {
          await expectAuthError(await refresh(session.refresh_token), 400, 'user_banned', 'Invalid Refresh Token: User Banned');
        } finally {
          await sql(`update auth.users set banned_until = null where id = $1::uuid`, [ids.target]);
        }
      });

      it('works through supabase-js refreshSession', async () => {
        const supabase = await signedIn('leadership@humanglue.dev');
        const before = (await supabase.auth.getSession()).data.session!;
        const { data, error } = await supabase.auth.refreshSession();
        expect(error).toBeNull();
        expect(data.session?.refresh_token).not.toBe(before.refresh_token);
        expect(data.user?.email).toBe('leadership@humanglue.dev');
      });
    });

    describe('GET /auth/v1/user', () => {
      it('returns the user for a valid access token', async () => {
        const session = await signIn('admin@humanglue.dev');
        const response = await raw('GET', '/auth/v1/user', { token: session.access_token });
        expect(response.status).toBe(200);
        const user = userSchema.parse(await response.json());
        expect(user.id).toBe(session.user.id);

        const supabase = await signedIn('admin@humanglue.dev');
        const { data, error } = await supabase.auth.getUser();
        expect(error).toBeNull();
        expect(data.user?.email).toBe('admin@humanglue.dev');
      });

      it('refuses expired, tampered, subject-less and missing tokens as GoTrue does', async () => {
        const session = await signIn('admin@humanglue.dev');
        offsetMs = (TTL + 1) * 1000;
        await expectAuthError(await raw('GET', '/auth/v1/user', { token: session.access_token }), 403, 'bad_jwt', /token is expired/);
        offsetMs = 0;

        const [header, payload, signature] = session.access_token.split('.') as [string, string, string];
        const forged = Buffer.from(
          JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'service_role' }),
        ).toString('base64url');
        await expectAuthError(
          await raw('GET', '/auth/v1/user', { token: `${header}.${forged}.${signature}` }),
          403,
          'bad_jwt',
          /signature is invalid/,
        );
        await expectAuthError(
          await raw('GET', '/auth/v1/user', { token: gateway.anonKey }),
          403,
          'bad_jwt',
          'invalid claim: missing sub claim',
        );
        await expectAuthError(await raw('GET', '/auth/v1/user', {}), 401, 'no_authorization');
      });

      // GoTrue 2.195.0 ("reject AT from banned users", supabase/auth #2642): requireAuthentication refuses a banned
      // user's access token issued before the ban, 403 user_banned; once the ban has run out it passes again.
      it('refuses a user banned after the token was issued (403 user_banned), and lets them back once the ban ends', async () => {
        const session = await signIn(emails.target);
        await sql(`update auth.users set banned_until = now() + interval '1 hour' where id = $1::uuid`, [ids.target]);
        try {
          await expectAuthError(await raw('GET', '/auth/v1/user', { token: session.access_token }), 403, 'user_banned', 'User is banned');
          // Two hours on, the ban is over: a refreshed token passes again.
          offsetMs = 2 * 3600 * 1000;
          const fresh = sessionSchema.parse(await (await refresh(session.refresh_token)).json());
          expect((await raw('GET', '/auth/v1/user', { token: fresh.access_token })).status).toBe(200);
        } finally {
          await sql(`update auth.users set banned_until = null where id = $1::uuid`, [ids.target]);
        }
      });
    });

    describe('logout', () => {
      it('local: ends this session; its refresh token and access token are refused afterwards', async () => {
        const session = await signIn('moderator@humanglue.dev');
        const out = await raw('POST', '/auth/v1/logout?scope=local', { token: session.access_token });
        expect(out.status).toBe(204);
        expect(await out.text()).toBe('');
        await expectAuthError(await refresh(session.refresh_token), 400, 'refresh_token_not_found');
        await expectAuthError(await raw('GET', '/auth/v1/user', { token: session.access_token }), 403, 'session_not_found');
      });

      it('others keeps the caller’s session; global ends them all', async () => {
        const a = await signIn('finance2@humanglue.dev');
        const b = await signIn('finance2@humanglue.dev');
        expect((await raw('POST', '/auth/v1/logout?scope=others', { token: a.access_token })).status).toBe(204);
        await expectAuthError(await refresh(b.refresh_token), 400, 'refresh_token_not_found');
        const a2 = sessionSchema.parse(await (await refresh(a.refresh_token)).json());
        const c = await signIn('finance2@humanglue.dev');
        expect((await raw('POST', '/auth/v1/logout', { token: a2.access_token })).status).toBe(204);
        await expectAuthError(await refresh(a2.refresh_token), 400, 'refresh_token_not_found');
        await expectAuthError(await refresh(c.refresh_token), 400, 'refresh_token_not_found');
        await expectAuthError(await raw('POST', '/auth/v1/logout?scope=everywhere', { token: c.access_token }), 400, 'validation_failed');
      });

      it('through supabase-js signOut', async () => {
        const supabase = await signedIn('leadership@humanglue.dev');
        const refreshToken = (await supabase.auth.getSession()).data.session!.refresh_token;
        const { error } = await supabase.auth.signOut();
        expect(error).toBeNull();
        expect((await supabase.auth.getSession()).data.session).toBeNull();
        await expectAuthError(await refresh(refreshToken), 400, 'refresh_token_not_found');
      });
    });

    // ===== PostgREST RPC

    describe('RPC', () => {
      it('console.my_access as an admin through supabase-js', async () => {
        const supabase = await signedIn('admin@humanglue.dev');
        const { data, error, status } = await supabase.schema('console').rpc('my_access');
        expect(error).toBeNull();
        expect(status).toBe(200);
        const [access] = myAccessSchema.parse(data);
        expect(access!.email).toBe('admin@humanglue.dev');
        expect(access!.roles).toContain('admin');
        expect(access!.capabilities).toEqual(
          expect.arrayContaining([
            'users.manage',
            'audit.read_all',
            'settings.manage',
            'reviews.moderate',
            'payments.refund',
            'trends.read',
          ]),
        );

        const single = await supabase.schema('console').rpc('my_access').single();
        expect(single.error).toBeNull();
        expect(accessRow.parse(single.data).email).toBe('admin@humanglue.dev');
      });

      it('a user with no staff role sees no roles or capabilities', async () => {
        const supabase = await signedIn('user@humanglue.dev');
        const { data, error } = await supabase.schema('console').rpc('my_access');
        expect(error).toBeNull();
        expect(myAccessSchema.parse(data)[0]).toMatchObject({ email: 'user@humanglue.dev', roles: [], capabilities: [] });
      });

      it('a moderator calling console.list_users gets 42501 naming the capability, HTTP 403', async () => {
        const supabase = await signedIn('moderator@humanglue.dev');
        const { data, error, status } = await supabase.schema('console').rpc('list_users', { p_limit: 5 });
        expect(data).toBeNull();
        expect(status).toBe(403);
        expect(pgrstErrorSchema.parse(error)).toEqual({
          code: '42501',
          message: 'permission denied: users.manage is needed (your staff roles: moderator)',
          details: null,
          hint: 'Ask an administrator for a staff role that includes it.',
        });
      });

      it('anon is refused the console schema (42501, HTTP 401)', async () => {
        const supabase = client();
        const { data, error, status } = await supabase.schema('console').rpc('my_access');
        expect(data).toBeNull();
        expect(status).toBe(401);
        expect(error?.code).toBe('42501');
        expect(error?.message).toMatch(/permission denied for (schema console|function my_access)/);
      });

      it('an action kept for aal2 is refused to a password-only session: PT403, HTTP 403, aal2_required (014)', async () => {
        const weak = await signedIn('admin@humanglue.dev');
        const refused = await weak.schema('console').rpc('update_setting', { p_key: 'trend_min_responses', p_value: 6 });
        expect(refused.status).toBe(403);
        expect(refused.error).toMatchObject({ code: 'PT403', hint: 'Verify a code from your authenticator app, then try again.' });
        expect(JSON.parse(refused.error?.details ?? '{}')).toEqual({ reason: 'aal2_required', action: 'update_setting' });
        const read = await weak.schema('console').rpc('get_settings');
        expect(read.error).toBeNull();
      });

      it('validation errors arrive as 22023 with details naming the field (HTTP 400)', async () => {
        const supabase = await signedInAal2('admin@humanglue.dev');
        const sorted = await supabase.schema('console').rpc('list_users', { p_sort: 'shoe_size' });
        expect(sorted.status).toBe(400);
        expect(sorted.error?.code).toBe('22023');
        expect(sorted.error?.message).toMatch(/^sort: /);
        expect(JSON.parse(sorted.error?.details ?? '{}')).toEqual({ field: 'sort' });

        const setting = await supabase.schema('console').rpc('update_setting', { p_key: 'trend_min_responses', p_value: 'lots' });
        expect(setting.status).toBe(400);
        expect(setting.error?.code).toBe('22023');
        expect(JSON.parse(setting.error?.details ?? '{}')).toEqual({ field: 'value' });
      });

      it('passes typed arguments: jsonb, timestamptz, uuid, text[], numeric and nulls', async () => {
        const supabase = await signedInAal2('admin@humanglue.dev');
        const updated = await supabase
          .schema('console')
          .rpc('update_setting', { p_key: 'trend_min_responses', p_value: 6, p_reason: null });
        expect(updated.error).toBeNull();
        expect(updated.data).toEqual([{ key: 'trend_min_responses', value: 6 }]);

        const expires = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();
        const granted = await supabase.schema('console').rpc('grant_role', {
          p_user_id: ids.target,
          p_role: 'leadership',
          p_organization_id: null,
          p_expires_at: expires,
          p_reason: 'gateway test',
        });
        expect(granted.error).toBeNull();
        const grantedRows = z
          .array(z.strictObject({ id: z.guid(), user_id: z.guid(), role: z.string(), organization_id: z.null(), expires_at: z.string() }))
          .length(1)
          .parse(granted.data);
        expect(grantedRows[0]).toMatchObject({ user_id: ids.target, role: 'leadership' });
        expect(Date.parse(grantedRows[0]!.expires_at)).toBe(Date.parse(expires));

        const talent = await supabase.rpc('search_talent', { p_expertise: ['AI Adoption'], p_min_rating: 0, p_limit: 3 });
        expect(talent.error).toBeNull();
        expect(Array.isArray(talent.data)).toBe(true);
        for (const row of talent.data as { expertise: string[] }[]) expect(row.expertise).toContain('AI Adoption');
      });

      it('void functions answer 204 with no body; scalar functions their JSON value', async () => {
        const supabase = await signedInAal2('admin@humanglue.dev');
        const granted = await supabase.schema('console').rpc('grant_role', { p_user_id: ids.target, p_role: 'moderator' });
        expect(granted.error).toBeNull();
        const roleId = (granted.data as { id: string }[])[0]!.id;
        const revoked = await supabase.schema('console').rpc('revoke_role', { p_role_id: roleId, p_reason: 'done' });
        expect(revoked).toMatchObject({ error: null, data: null, status: 204 });

        const response = await raw('POST', '/rest/v1/rpc/is_admin', {
          token: (await signIn('admin@humanglue.dev')).access_token,
          body: {},
        });
        expect(response.status).toBe(200);
        expect(await response.text()).toBe('true');
        const moderator = await signedIn('moderator@humanglue.dev');
        expect((await moderator.rpc('is_admin')).data).toBe(false);
      });

      it('maps other SQLSTATEs as PostgREST does (P0002 → 500, P0001 → 400 with its hint)', async () => {
        const supabase = await signedInAal2('admin@humanglue.dev');
        const missing = await supabase.schema('console').rpc('revoke_role', { p_role_id: randomUUID() });
        expect(missing.status).toBe(500);
        expect(missing.error?.code).toBe('P0002');
        expect(JSON.parse(missing.error?.details ?? '{}')).toMatchObject({ entity: 'user_role' });

        const admin = myAccessSchema.parse((await supabase.schema('console').rpc('my_access')).data)[0]!;
        const self = await supabase.schema('console').rpc('set_user_status', { p_user_id: admin.user_id, p_status: 'suspended' });
        expect(self.status).toBe(400);
        expect(self.error?.code).toBe('P0001');
      });

      it('returns the count supabase-js asks for', async () => {
        const supabase = await signedIn('admin@humanglue.dev');
        const { data, count, error } = await supabase.schema('console').rpc('list_users', { p_limit: 7 }, { count: 'exact' });
        expect(error).toBeNull();
        expect(data).toHaveLength(7);
        expect(count).toBe(7);
      });

      it('an unknown function (or unknown arguments) is PGRST202, 404', async () => {
        const supabase = await signedIn('admin@humanglue.dev');
        const unknown = await supabase.schema('console').rpc('no_such_function');
        expect(unknown.status).toBe(404);
        expect(pgrstErrorSchema.parse(unknown.error)).toMatchObject({
          code: 'PGRST202',
          message: 'Could not find the function console.no_such_function without parameters in the schema cache',
        });
        const badArgs = await supabase.schema('console').rpc('list_users', { p_shoe_size: 44 });
        expect(badArgs.status).toBe(404);
        expect(badArgs.error?.code).toBe('PGRST202');
        expect(badArgs.error?.message).toBe('Could not find the function console.list_users(p_shoe_size) in the schema cache');
        expect(badArgs.error?.hint).toMatch(/^Perhaps you meant to call the function console\.list_users\(p_search => text/);
      });

      it('refuses a schema that is not exposed (PGRST106, 406)', async () => {
        const supabase = await signedIn('admin@humanglue.dev');
        const { error, status } = await supabase.schema('console_private').rpc('capabilities');
        expect(status).toBe(406);
        expect(pgrstErrorSchema.parse(error)).toEqual({
          code: 'PGRST106',
          message: 'Invalid schema: console_private',
          details: null,
          hint: 'Only the following schemas are exposed: public, console',
        });
      });

      it('refuses expired, tampered and foreign-role JWTs', async () => {
        const session = await signIn('admin@humanglue.dev');
        offsetMs = (TTL + 20) * 1000; // inside PostgREST's 30 s clock-skew allowance: still accepted
        const skewed = await raw('POST', '/rest/v1/rpc/my_access', {
          token: session.access_token,
          body: {},
          headers: { 'Content-Profile': 'console' },
        });
        expect(skewed.status).toBe(200);
        offsetMs = (TTL + 31) * 1000;
        const expired = await raw('POST', '/rest/v1/rpc/my_access', {
          token: session.access_token,
          body: {},
          headers: { 'Content-Profile': 'console' },
        });
        expect(expired.headers.get('WWW-Authenticate')).toBe('Bearer error="invalid_token", error_description="JWT expired"');
        expect(await expectPgrstError(expired, 401, 'PGRST303')).toMatchObject({ message: 'JWT expired' });
        offsetMs = 0;

        const [header, , signature] = session.access_token.split('.') as [string, string, string];
        const payload = Buffer.from(JSON.stringify({ sub: session.user.id, role: 'service_role', exp: 4102444800 })).toString('base64url');
        const tampered = await raw('POST', '/rest/v1/rpc/my_access', {
          token: `${header}.${payload}.${signature}`,
          body: {},
          headers: { 'Content-Profile': 'console' },
        });
        await expectPgrstError(tampered, 401, 'PGRST301');

        const superuser = await signJwt({ sub: session.user.id, role: 'postgres', exp: 4102444800 }, jwtSecret);
        const refused = await raw('POST', '/rest/v1/rpc/my_access', {
          token: superuser,
          body: {},
          headers: { 'Content-Profile': 'console' },
        });
        expect(await expectPgrstError(refused, 403, '42501')).toMatchObject({ message: 'permission denied to set role "postgres"' });
      });

      // PostgREST 11.1+ (#2561, configurable role settings): each request applies the settings of the role it
      // becomes; Supabase gives anon 3 s and authenticated 8 s of statement_timeout (bootstrap).
      it('applies the API role’s settings to each request: statement_timeout 3 s as anon, 8 s as authenticated', async () => {
        const anon = await client().rpc('gateway_probe_state_volatile');
        expect(anon.error).toBeNull();
        expect(anon.data).toEqual({ role: 'anon', statement_timeout: '3s', read_only: 'off' });
        const supabase = await signedIn('moderator@humanglue.dev');
        const authed = await supabase.rpc('gateway_probe_state_volatile');
        expect(authed.data).toEqual({ role: 'authenticated', statement_timeout: '8s', read_only: 'off' });
        // Transaction-local: the next request on the same connection pool starts from the server's default again.
        const [after] = await sql<{ timeout: string }>(`select current_setting('statement_timeout') as timeout`);
        expect(after?.timeout).toBe('0');
      });

      // Only where the database has a timer: PGlite applies the setting (above) but cannot cancel a statement, a
      // known difference of the local backend, so the case is not registered there rather than skipped.
      if (target.enforcesStatementTimeout) {
        it('cancels an anon call that runs past 3 s (57014, HTTP 500)', { timeout: 20_000 }, async () => {
          const quick = await client().rpc('gateway_probe_sleep', { p_seconds: 0.1 });
          expect(quick).toMatchObject({ error: null, data: true });
          const started = Date.now();
          const slow = await client().rpc('gateway_probe_sleep', { p_seconds: 5 });
          expect(Date.now() - started).toBeLessThan(4500);
          expect(slow.status).toBe(500);
          expect(slow.error).toMatchObject({ code: '57014', message: 'canceling statement due to statement timeout' });
        });
      }

      // PostgREST (since #547; txMode in Plan.hs as of 14): POST to a STABLE or IMMUTABLE function is READ ONLY.
      it('runs STABLE and IMMUTABLE functions in a read-only transaction, VOLATILE ones read-write', async () => {
        const supabase = await signedIn('moderator@humanglue.dev');
        expect((await supabase.rpc('gateway_probe_state')).data).toMatchObject({ read_only: 'on' });
        expect((await supabase.rpc('gateway_probe_state_volatile')).data).toMatchObject({ read_only: 'off' });
        const hidden = await supabase.rpc('gateway_probe_next_stable');
        expect(hidden.status).toBe(405);
        expect(pgrstErrorSchema.parse(hidden.error)).toMatchObject({
          code: '25006',
          message: 'cannot execute nextval() in a read-only transaction',
        });
        const written = await supabase.rpc('gateway_probe_next');
        expect(written.error).toBeNull();
        expect(typeof written.data).toBe('number');
      });

      // PostgREST's AmbiguousRpc (Error.hs as of 14): 300, PGRST203, both signatures named.
      it('answers overloads the argument names cannot tell apart with 300 PGRST203', async () => {
        const response = await raw('POST', '/rest/v1/rpc/gateway_probe_overload', { body: { p_value: 1 } });
        const body = await expectPgrstError(response, 300, 'PGRST203');
        const listed = /^Could not choose the best candidate function between: (.*)$/.exec(body.message)?.[1]?.split(', ').sort();
        expect(listed).toEqual(['public.gateway_probe_overload(p_value => integer)', 'public.gateway_probe_overload(p_value => text)']);
        expect(body).toMatchObject({
          details: null,
          hint: 'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
        });
        // Through supabase-js too: the status and code the console would branch on.
        const viaClient = await client().rpc('gateway_probe_overload', { p_value: 'x' });
        expect(viaClient.status).toBe(300);
        expect(viaClient.error?.code).toBe('PGRST203');
      });

      it('concurrent calls never see each other’s claims', async () => {
        const people = ['admin@humanglue.dev', 'moderator@humanglue.dev', 'finance@humanglue.dev', 'user@humanglue.dev'];
        const signed = await Promise.all(people.map(async (email) => ({ email, supabase: await signedIn(email) })));
        const calls = Array.from({ length: 6 }, () => signed).flat();
        const results = await Promise.all(
          calls.map(async ({ email, supabase }) => {
            const { data, error } = await supabase.schema('console').rpc('my_access');
            expect(error).toBeNull();
            return { email, seen: myAccessSchema.parse(data)[0]!.email };
          }),
        );
        expect(results).toHaveLength(24);
        for (const { email, seen } of results) expect(seen).toBe(email);
      });
    });

    describe('TOTP factors (GoTrue v2.196.0 internal/api/mfa.go)', () => {
      const claimsOf = (token: string) => decodeJwtUnverified(token) as { aal: string; amr: { method: string; timestamp: number }[] };
      /** The code for a secret at the gateway's clock, `steps` periods later. */
      const codeAt = (secret: string, steps = 0) => totpCode(secret, new Date(now().getTime() + steps * 30_000));

      async function enrolled(supabase: SupabaseClient, name = 'Phone') {
        const { data, error } = await supabase.auth.mfa.enroll({ factorType: 'totp', friendlyName: name });
        expect(error).toBeNull();
        return data!;
      }

      async function verifyWith(supabase: SupabaseClient, factorId: string, code: string) {
        const challenge = await supabase.auth.mfa.challenge({ factorId });
        expect(challenge.error).toBeNull();
        return supabase.auth.mfa.verify({ factorId, challengeId: challenge.data!.id, code });
      }

      it('enroll answers the factor with its QR code, secret and otpauth URI; it is unverified until a code is verified', async () => {
        const supabase = await signedIn(emails.mfa);
        const factor = await enrolled(supabase, 'Work phone');
        expect(factor).toMatchObject({ type: 'totp', friendly_name: 'Work phone' });
        // GoTrue answers the SVG itself; auth-js makes it a data URL.
        expect(factor.totp.qr_code).toMatch(/^data:image\/svg\+xml;utf-8,<svg[\s\S]*<\/svg>\s*$/);
        expect(factor.totp.secret).toMatch(/^[A-Z2-7]{32}$/);
        const uri = new URL(factor.totp.uri);
        expect([uri.protocol, uri.host, decodeURIComponent(uri.pathname)]).toEqual(['otpauth:', 'totp', `/127.0.0.1:54321:${emails.mfa}`]);
        expect(Object.fromEntries(uri.searchParams)).toEqual({
          issuer: '127.0.0.1:54321', // the site's host unless the client names an issuer, as GoTrue does
          secret: factor.totp.secret,
          algorithm: 'SHA1',
          digits: '6',
          period: '30',
        });
        const listed = await supabase.auth.mfa.listFactors();
        expect(listed.data?.totp).toEqual([]);
        expect(listed.data?.all.map((f) => [f.id, f.status])).toEqual([[factor.id, 'unverified']]);
        const [row] = await sql<{ status: string; secret: string }>('select status::text, secret from auth.mfa_factors where id = $1', [
          factor.id,
        ]);
        expect(row).toEqual({ status: 'unverified', secret: factor.totp.secret });

        const wrong = await verifyWith(supabase, factor.id, codeAt(factor.totp.secret, 5));
        expect(wrong.error).toMatchObject({ status: 422, code: 'mfa_verification_failed', message: 'Invalid TOTP code entered' });
        const verified = await verifyWith(supabase, factor.id, codeAt(factor.totp.secret));
        expect(verified.error).toBeNull();
        const claims = claimsOf(verified.data!.access_token);
        expect(claims.aal).toBe('aal2');
        expect(claims.amr.map((entry) => entry.method)).toEqual(['totp', 'password']);
        const level = await supabase.auth.mfa.getAuthenticatorAssuranceLevel();
        expect(level.data).toMatchObject({ currentLevel: 'aal2', nextLevel: 'aal2' });
        const after = await supabase.auth.mfa.listFactors();
        expect(after.data?.totp.map((f) => [f.id, f.status, f.friendly_name])).toEqual([[factor.id, 'verified', 'Work phone']]);
        const { data: session0 } = await supabase.auth.getSession();
        const user = await raw('GET', '/auth/v1/user', { token: session0.session!.access_token });
        expect(userSchema.parse(await user.json()).factors).toEqual([
          expect.objectContaining({ id: factor.id, status: 'verified', friendly_name: 'Work phone', factor_type: 'totp' }),
        ]);
        const [session] = await sql<{ aal: string; factor_id: string }>(
          'select aal::text, factor_id::text from auth.sessions where id = $1',
          [claims && (decodeJwtUnverified(verified.data!.access_token).session_id as string)],
        );
        expect(session).toEqual({ aal: 'aal2', factor_id: factor.id });
      });

      it('two people challenged in the same millisecond both get their challenge (last_challenged_at is unique)', async () => {
        const a = await signedIn(emails.sameMsA);
        const b = await signedIn(emails.sameMsB);
        const [factorA, factorB] = [await enrolled(a, 'Same ms A'), await enrolled(b, 'Same ms B')];
        frozen = new Date();
        const challenges = [await a.auth.mfa.challenge({ factorId: factorA.id }), await b.auth.mfa.challenge({ factorId: factorB.id })];
        expect(challenges.map((challenge) => challenge.error)).toEqual([null, null]);
        const times = await sql<{ micros: string }>(
          `select (extract(epoch from last_challenged_at - $3::timestamptz) * 1e6)::bigint::text as micros
             from auth.mfa_factors where id in ($1, $2) order by last_challenged_at`,
          [factorA.id, factorB.id, frozen.toISOString()],
        );
        expect(times.map((row) => row.micros)).toEqual(['0', '1']);
      });

      it('a code is accepted once: a replay with a new challenge, and a second verify of a challenge, are refused', async () => {
        const supabase = await signedIn(emails.mfa2);
        const factor = await enrolled(supabase);
        const code = codeAt(factor.totp.secret);
        expect((await verifyWith(supabase, factor.id, code)).error).toBeNull();
        const replay = await verifyWith(supabase, factor.id, code);
        expect(replay.error).toMatchObject({ status: 422, code: 'mfa_verification_failed' });

        const challenge = await supabase.auth.mfa.challenge({ factorId: factor.id });
        offsetMs = 30_000; // the next code
        const next = codeAt(factor.totp.secret);
        expect((await supabase.auth.mfa.verify({ factorId: factor.id, challengeId: challenge.data!.id, code: next })).error).toBeNull();
        const again = await supabase.auth.mfa.verify({
          factorId: factor.id,
          challengeId: challenge.data!.id,
          code: codeAt(factor.totp.secret, 1),
        });
        expect(again.error).toMatchObject({ status: 422, code: 'mfa_ip_address_mismatch' });
      });

      it('a challenge expires after 300 s and is deleted; a malformed or someone else’s factor is not found', async () => {
        const supabase = await signedIn(emails.target);
        const factor = await enrolled(supabase, 'Expiring');
        const challenge = await supabase.auth.mfa.challenge({ factorId: factor.id });
        expect(challenge.data!.expires_at).toBeGreaterThan(Math.floor(now().getTime() / 1000) + 290);
        offsetMs = 301_000;
        const late = await supabase.auth.mfa.verify({
          factorId: factor.id,
          challengeId: challenge.data!.id,
          code: codeAt(factor.totp.secret),
        });
        expect(late.error).toMatchObject({ status: 422, code: 'mfa_challenge_expired' });
        expect(await sql('select 1 from auth.mfa_challenges where id = $1', [challenge.data!.id])).toEqual([]);

        const other = await signedIn('moderator@humanglue.dev');
        const { data: session } = await other.auth.getSession();
        await expectAuthError(
          await raw('POST', `/auth/v1/factors/${factor.id}/challenge`, { token: session.session!.access_token }),
          404,
          'mfa_factor_not_found',
          'Factor not found',
        );
        await expectAuthError(
          await raw('POST', '/auth/v1/factors/not-a-uuid/challenge', { token: session.session!.access_token }),
          404,
          'validation_failed',
        );
        await expectAuthError(
          await raw('POST', '/auth/v1/factors', { token: session.session!.access_token, body: { factor_type: 'sms' } }),
          400,
          'validation_failed',
        );
        await expectAuthError(
          await raw('POST', `/auth/v1/factors/${factor.id}/verify`, {
            token: session.session!.access_token,
            body: { challenge_id: randomUUID(), code: '' },
          }),
          400,
          'validation_failed',
          'Code needs to be non-empty',
        );
        await expectAuthError(await raw('POST', '/auth/v1/factors', { body: { factor_type: 'totp' } }), 401, 'no_authorization');
      });

      it('a second factor, or removing a verified one, needs aal2; at aal2 it goes and the session falls back to aal1', async () => {
        const email = 'finance2@humanglue.dev';
        const first = await signedIn(email);
        const factor = await enrolled(first, 'Main');
        expect((await verifyWith(first, factor.id, codeAt(factor.totp.secret))).error).toBeNull();

        // A new password sign-in is aal1: it can neither add a factor nor remove the verified one.
        const weak = await signedIn(email);
        expect((await weak.auth.mfa.getAuthenticatorAssuranceLevel()).data).toMatchObject({ currentLevel: 'aal1', nextLevel: 'aal2' });
        const second = await weak.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'Spare' });
        expect(second.error).toMatchObject({ status: 403, code: 'insufficient_aal' });
        const removal = await weak.auth.mfa.unenroll({ factorId: factor.id });
        expect(removal.error).toMatchObject({
          status: 422,
          code: 'insufficient_aal',
          message: 'AAL2 required to unenroll verified factor',
        });

        // Raised with the next code, the same session removes it, and is aal1 again at its next refresh.
        offsetMs = 30_000;
        const raised = await verifyWith(weak, factor.id, codeAt(factor.totp.secret));
        expect(raised.error).toBeNull();
        expect((await weak.auth.mfa.unenroll({ factorId: factor.id })).error).toBeNull();
        const { data: refreshed } = await weak.auth.refreshSession();
        expect(claimsOf(refreshed.session!.access_token)).toMatchObject({ aal: 'aal1' });
        expect(claimsOf(refreshed.session!.access_token).amr.map((entry) => entry.method)).toEqual(['password']);
        expect(await sql('select 1 from auth.mfa_factors where id = $1', [factor.id])).toEqual([]);
      });

      it('verifying ends the user’s other aal1 sessions, keeps its level across refreshes, and retires the aal1 refresh token', async () => {
        const email = 'leadership@humanglue.dev';
        const other = await signIn(email);
        const mine = await signIn(email);
        const supabase = client();
        await supabase.auth.setSession({ access_token: mine.access_token, refresh_token: mine.refresh_token });
        const factor = await enrolled(supabase, 'Tablet');
        const verified = await verifyWith(supabase, factor.id, codeAt(factor.totp.secret));
        expect(verified.error).toBeNull();
        // InvalidateSessionsWithAALLessThan(aal2): the session is gone, and its refresh tokens with it.
        await expectAuthError(await refresh(other.refresh_token), 400, 'refresh_token_not_found');
        const kept = await refresh(verified.data!.refresh_token);
        expect(kept.status).toBe(200);
        expect(claimsOf(sessionSchema.parse(await kept.json()).access_token).aal).toBe('aal2');
        offsetMs = 11_000; // past the reuse interval, the token from before the second factor is reuse
        await expectAuthError(await refresh(mine.refresh_token), 400, 'refresh_token_already_used');
        await sql('delete from auth.mfa_factors where id = $1', [factor.id]);
      });
    });

    // ===== everything else

    describe('unsupported routes', () => {
      it('answer 501 naming the route', async () => {
        const supabase = await signedIn('admin@humanglue.dev');
        const table = await supabase.from('users').select('id').limit(1);
        expect(table.status).toBe(501);
        expect(table.error?.message).toBe('the local backend does not support GET /rest/v1/users');

        const get = await supabase.schema('console').rpc('my_access', {}, { get: true });
        expect(get.status).toBe(501);
        expect(get.error?.message).toBe('the local backend does not support GET /rest/v1/rpc/my_access');

        const signup = await raw('POST', '/auth/v1/signup', { body: { email: 'x@example.test', password: 'long-enough-1' } });
        expect(signup.status).toBe(501);
        expect(await signup.json()).toEqual({ message: 'the local backend does not support POST /auth/v1/signup' });

        const pkce = await raw('POST', '/auth/v1/token?grant_type=pkce', { body: {} });
        expect(await pkce.json()).toEqual({ message: 'the local backend does not support POST /auth/v1/token?grant_type=pkce' });

        const storage = await raw('GET', '/storage/v1/bucket');
        expect(storage.status).toBe(501);
      });
    });
  });
}
