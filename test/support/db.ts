// Per-file databases cloned from the migrated, seeded template, and the acting-as helpers tests use.
import { afterAll, beforeAll, inject } from 'vitest';
import type pg from 'pg';
import { randomBytes } from 'node:crypto';
import { connect, withClaims, type Claims, type Queryable, type ServerInfo } from './pg.js';

export interface TestDatabase {
  readonly server: ServerInfo;
  readonly name: string;
  /** Connection as the database owner (a superuser: bypasses RLS, like a migration). */
  readonly owner: pg.Client;
  /** A further connection, for concurrency tests. Closed with the database. */
  connection(): Promise<pg.Client>;
  /** As the anon API role (no JWT subject). Rolled back afterwards. */
  asAnon<T>(fn: (db: Queryable) => Promise<T>): Promise<T>;
  /** As an authenticated user with that id. Rolled back afterwards. */
  asUser<T>(userId: string, fn: (db: Queryable) => Promise<T>, extra?: Partial<Claims>): Promise<T>;
  /** As service_role (bypasses RLS, as Supabase's service key does). Rolled back afterwards. */
  asService<T>(fn: (db: Queryable) => Promise<T>): Promise<T>;
}

export async function createDatabase(template?: string): Promise<{ name: string; server: ServerInfo }> {
  const server = inject('pg');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = await connect(server, 'postgres');
  try {
    await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`);
    // Database privileges are not copied from a template: postgres (the bootstrap's migration role) gets back what
    // the bootstrap gave it on the template, so `supabase db reset --remote` and the like work on a clone too.
    if (template) await admin.query(`grant create, connect, temporary on database ${name} to postgres`);
  } finally {
    await admin.end();
  }
  return { name, server };
}

export async function dropDatabase(server: ServerInfo, name: string): Promise<void> {
  const admin = await connect(server, 'postgres');
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}

/** Registers hooks giving this test file its own database cloned from the template. */
export function useTestDatabase(): TestDatabase {
  const extra: pg.Client[] = [];
  let owner: pg.Client | undefined;
  let name = '';
  let server: ServerInfo | undefined;

  beforeAll(async () => {
    ({ name, server } = await createDatabase(inject('templateDb')));
    owner = await connect(server, name);
  });

  afterAll(async () => {
    await Promise.all([owner, ...extra].map((client) => client?.end().catch(() => undefined)));
    if (server) await dropDatabase(server, name);
  });

  const ownerClient = () => {
    if (!owner) throw new Error('test database used outside a test');
    return owner;
  };

  return {
    get server() {
      if (!server) throw new Error('test database used outside a test');
      return server;
    },
    get name() {
      return name;
    },
    get owner() {
      return ownerClient();
    },
    async connection() {
      if (!server) throw new Error('test database used outside a test');
      const client = await connect(server, name);
      extra.push(client);
      return client;
    },
    asAnon: (fn) => withClaims(ownerClient(), { role: 'anon' }, fn),
    asUser: (userId, fn, claims = {}) =>
      withClaims(ownerClient(), { sub: userId, role: 'authenticated', aud: 'authenticated', ...claims }, fn),
    asService: (fn) => withClaims(ownerClient(), { role: 'service_role' }, fn),
  };
}
