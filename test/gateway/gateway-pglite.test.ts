// The same gateway contract on PGlite (Postgres in WASM, in-process): the console's embedded default backend, built
// from the same bootstrap, migrations and seed as the test template (HG_MIGRATIONS applies here too).
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { PGLITE_EXTENSIONS, pgliteExecutor } from '../../electron/main/local-backend/pglite-executor.js';
import { bootstrapFile, migrationFiles, seedFiles } from '../support/migrations.js';
import { describeGatewayContract } from './gateway-contract.js';

async function seededPglite(): Promise<PGlite> {
  const db = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
  for (const file of [bootstrapFile(), ...migrationFiles(), ...seedFiles()]) {
    try {
      await db.exec(file.sql);
    } catch (error) {
      await db.close();
      throw new Error(`applying ${file.name} on PGlite failed: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
  }
  return db;
}

// One database for the file (building it takes seconds): the contract's executor leaves it open, this file closes it.
let database: Promise<PGlite> | undefined;
const seeded = () => (database ??= seededPglite());
afterAll(async () => {
  await (await database)?.close();
});

describeGatewayContract('PGlite', {
  enforcesStatementTimeout: false,
  async open() {
    return pgliteExecutor(await seeded(), { closeDatabase: false });
  },
});

describe('pgliteExecutor', () => {
  it('enforces roles and row-level security, and rolls back on error', async () => {
    const executor = pgliteExecutor(await seeded(), { closeDatabase: false });
    try {
      await executor.transaction(async (tx) => {
        await tx.query(`create role probe_reader nologin`);
        await tx.query(`create table probe (id int, owner text)`);
        await tx.query(`alter table probe enable row level security`);
        await tx.query(`create policy own on probe for select to probe_reader using (owner = current_setting('probe.who', true))`);
        await tx.query(`grant select on probe to probe_reader`);
        await tx.query(`insert into probe values (1, 'a'), (2, 'b')`);
      });
      const seen = await executor.transaction(async (tx) => {
        await tx.query(`select set_config('role', 'probe_reader', true), set_config('probe.who', 'b', true)`);
        return (await tx.query<{ id: number }>(`select id from probe`)).rows;
      });
      expect(seen).toEqual([{ id: 2 }]);
      await expect(
        executor.transaction(async (tx) => {
          await tx.query(`select set_config('role', 'probe_reader', true)`);
          await tx.query(`insert into probe values (3, 'c')`);
        }),
      ).rejects.toMatchObject({ code: '42501' });
      await expect(executor.transaction((tx) => tx.query<{ n: number }>(`select count(*)::int as n from probe`))).resolves.toEqual({
        rows: [{ n: 2 }],
      });
      await executor.transaction(async (tx) => {
        await tx.query(`drop table probe`);
        await tx.query(`drop role probe_reader`);
      });
    } finally {
      await executor.close();
    }
    expect((await seeded()).closed).toBe(false);
  });
});
