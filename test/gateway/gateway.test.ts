// The local gateway against the embedded PostgreSQL 17 server (this file's clone of the migrated, seeded template),
// through pgExecutor; plus the parts of the gateway that need no database.
import { createHmac } from 'node:crypto';
import { decodeProtectedHeader, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db.js';
import { pgExecutor } from '../../electron/main/local-backend/pg-executor.js';
import { postgrestStatus, createGateway, type Gateway } from '../../electron/main/local-backend/gateway.js';
import { createAnonKey, decodeJwtUnverified, randomJwtSecret, signJwt, verifyJwt } from '../../electron/main/local-backend/jwt.js';
import type { SqlExecutor } from '../../electron/main/local-backend/sql-executor.js';
import { describeGatewayContract } from './gateway-contract.js';

const db = useTestDatabase();

describeGatewayContract('PostgreSQL 17 (pg)', {
  enforcesStatementTimeout: true,
  async open() {
    return pgExecutor({ ...db.server, database: db.name, max: 8 });
  },
});

describe('pgExecutor', () => {
  it('rolls back when the callback throws and keeps working', async () => {
    const executor = pgExecutor({ ...db.server, database: db.name, max: 1 });
    try {
      await expect(
        executor.transaction(async (tx) => {
          await tx.query(`create table gateway_rollback_probe (id int)`);
          throw new Error('stop');
        }),
      ).rejects.toThrow('stop');
      await expect(executor.transaction((tx) => tx.query(`select to_regclass('gateway_rollback_probe')::text as t`))).resolves.toEqual({
        rows: [{ t: null }],
      });
      await expect(executor.transaction((tx) => tx.query('select 1/0'))).rejects.toMatchObject({ code: '22012' });
      await expect(executor.transaction((tx) => tx.query(`select 'ok'::text as v`))).resolves.toEqual({ rows: [{ v: 'ok' }] });
    } finally {
      await executor.close();
    }
  });
});

describe('jwt', () => {
  const secret = randomJwtSecret();

  const hmac = (alg: 'sha256' | 'sha512', input: string) => createHmac(alg, secret).update(input).digest('base64url');
  const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  /** A token signed by hand, for headers and claims jose would not write. */
  const handMade = (header: Record<string, unknown>, payload: unknown, alg: 'sha256' | 'sha512' = 'sha256') => {
    const input = `${segment(header)}.${segment(payload)}`;
    return `${input}.${hmac(alg, input)}`;
  };

  it('signs HS256 tokens that verify, and refuses other secrets and expired tokens', async () => {
    const token = await signJwt({ sub: 'x', role: 'authenticated', exp: 2000 }, secret);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(await verifyJwt(token, secret, 1999)).toEqual({ ok: true, payload: { sub: 'x', role: 'authenticated', exp: 2000 } });
    expect(await verifyJwt(token, secret, 2000)).toMatchObject({ ok: false, reason: 'expired' });
    expect(await verifyJwt(token, secret, 2029, 30)).toMatchObject({ ok: true });
    expect(await verifyJwt(token, randomJwtSecret(), 0)).toMatchObject({ ok: false, reason: 'signature' });
    await expect(signJwt({}, 'short')).rejects.toThrow(/at least 32/);
  });

  it("signs byte for byte as jose's SignJWT does, non-ASCII claims included", async () => {
    const payload = { sub: 'x', email: 'zoë@例え.jp', app_metadata: { roles: ['admin'] }, exp: 2000, iat: 1000 };
    const jose = await new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(secret));
    expect(await signJwt(payload, secret)).toBe(jose);
  });

  it('refuses "none" and every algorithm but HS256, even one signed with the right secret', async () => {
    const payload = { sub: 'x', role: 'service_role', exp: 4102444800 };
    const none = `${segment({ alg: 'none', typ: 'JWT' })}.${segment(payload)}.`;
    expect(await verifyJwt(none, secret, 0)).toMatchObject({ ok: false, reason: 'algorithm', detail: 'signing method none is invalid' });
    expect(await verifyJwt(handMade({ alg: 'HS512', typ: 'JWT' }, payload, 'sha512'), secret, 0)).toMatchObject({
      ok: false,
      reason: 'algorithm',
    });
    expect(await verifyJwt(handMade({ alg: 'RS256', typ: 'JWT' }, payload), secret, 0)).toMatchObject({ ok: false, reason: 'algorithm' });
    expect(await verifyJwt(handMade({ typ: 'JWT' }, payload), secret, 0)).toMatchObject({ ok: false });
    expect(await verifyJwt(handMade({ alg: 'HS256' }, payload), secret, 0)).toMatchObject({ ok: true });
  });

  it('refuses malformed tokens and time claims that are not numbers, and honours nbf', async () => {
    expect(await verifyJwt('a.b', secret, 0)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(await verifyJwt('a.b.c', secret, 0)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(await verifyJwt(handMade({ alg: 'HS256' }, [1, 2]), secret, 0)).toMatchObject({ ok: false, reason: 'malformed' });
    for (const claim of ['exp', 'nbf', 'iat']) {
      expect(await verifyJwt(handMade({ alg: 'HS256' }, { sub: 'x', [claim]: '2000' }), secret, 0)).toMatchObject({
        ok: false,
        reason: 'claims',
        detail: `the '${claim}' claim must be a number`,
      });
    }
    const later = handMade({ alg: 'HS256' }, { sub: 'x', nbf: 1000 });
    expect(await verifyJwt(later, secret, 999)).toMatchObject({ ok: false, reason: 'not_yet_valid' });
    expect(await verifyJwt(later, secret, 1000)).toMatchObject({ ok: true });
  });

  it('makes an anon key that is a long-lived HS256 JWT with role anon', async () => {
    const key = await createAnonKey(secret);
    expect(await createAnonKey(secret)).toBe(key);
    expect(decodeJwtUnverified(key)).toMatchObject({ role: 'anon', iss: 'supabase' });
    expect((await verifyJwt(key, secret, Date.UTC(2040, 0, 1) / 1000)).ok).toBe(true);
  });
});

describe('PostgREST status mapping', () => {
  it.each([
    ['42501', false, 401],
    ['42501', true, 403],
    ['22023', true, 400],
    ['P0001', true, 400],
    ['P0002', true, 500],
    ['PT409', true, 409],
    ['PT402', true, 402],
    ['23505', true, 409],
    ['23503', true, 409],
    ['42883', true, 404],
    ['42P01', true, 404],
    ['42P17', true, 500],
    ['40001', true, 500],
    ['53100', true, 503],
    ['25006', true, 405],
    ['08006', true, 503],
    ['23514', true, 400],
    ['XX000', true, 500],
  ] as const)('%s (authenticated: %s) → %i', (code, authed, status) => {
    expect(postgrestStatus(code, 'message', authed)).toBe(status);
  });
});

describe('gateway without a database', () => {
  // Routes that never reach SQL: the executor must not be touched.
  const untouchable: SqlExecutor = {
    transaction: () => Promise.reject(new Error('no database expected')),
    close: () => Promise.resolve(),
  };
  let gateway: Gateway;
  beforeAll(async () => {
    gateway = await createGateway({ executor: untouchable, jwtSecret: randomJwtSecret() });
  });

  it('refuses a short secret', async () => {
    await expect(createGateway({ executor: untouchable, jwtSecret: 'secret' })).rejects.toThrow(/at least 32/);
  });

  it('answers unsupported methods on supported paths with 501', async () => {
    const response = await gateway.fetch('http://local/auth/v1/user', { method: 'DELETE', headers: { apikey: gateway.anonKey } });
    expect(response.status).toBe(501);
    expect(await response.json()).toEqual({ message: 'the local backend does not support DELETE /auth/v1/user' });
  });

  it('answers a non-JSON rpc body with PGRST102', async () => {
    const response = await gateway.fetch('http://local/rest/v1/rpc/anything', {
      method: 'POST',
      headers: { apikey: gateway.anonKey, Authorization: `Bearer ${gateway.anonKey}` },
      body: '{not json',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ code: 'PGRST102', message: 'Empty or invalid json', details: null, hint: null });
  });
});
