// The local gateway against the embedded PostgreSQL 17 server (this file's clone of the migrated, seeded template),
// through pgExecutor; plus the parts of the gateway that need no database.
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db.js';
import { pgExecutor } from '../../electron/main/local-backend/pg-executor.js';
import { postgrestStatus, createGateway } from '../../electron/main/local-backend/gateway.js';
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

  it('signs HS256 tokens that verify, and refuses other secrets, algorithms and expired tokens', () => {
    const token = signJwt({ sub: 'x', role: 'authenticated', exp: 2000 }, secret);
    expect(verifyJwt(token, secret, 1999)).toEqual({ ok: true, payload: { sub: 'x', role: 'authenticated', exp: 2000 } });
    expect(verifyJwt(token, secret, 2000)).toMatchObject({ ok: false, reason: 'expired' });
    expect(verifyJwt(token, randomJwtSecret(), 0)).toMatchObject({ ok: false, reason: 'signature' });
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${token.split('.')[1]}.`;
    expect(verifyJwt(none, secret, 0)).toMatchObject({ ok: false, reason: 'algorithm' });
    expect(verifyJwt('a.b', secret, 0)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(() => signJwt({}, 'short')).toThrow(/at least 32/);
  });

  it('makes an anon key that is a long-lived HS256 JWT with role anon', () => {
    const key = createAnonKey(secret);
    expect(createAnonKey(secret)).toBe(key);
    expect(decodeJwtUnverified(key)).toMatchObject({ role: 'anon', iss: 'supabase' });
    expect(verifyJwt(key, secret, Date.UTC(2040, 0, 1) / 1000).ok).toBe(true);
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
  const gateway = createGateway({ executor: untouchable, jwtSecret: randomJwtSecret() });

  it('refuses a short secret', () => {
    expect(() => createGateway({ executor: untouchable, jwtSecret: 'secret' })).toThrow(/at least 32/);
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
