// Main sends a failed call again only when that is safe (electron/main/services/rpc.ts). Its list of reads must be
// exactly the console functions the catalogue marks stable or immutable: a volatile function listed as a read would
// be repeated after a lost answer and could act twice; a read left out would fail at the first network blip.
import { describe, expect, it } from 'vitest';
import { READ_FUNCTIONS, REPEATABLE_WRITES } from '../../electron/main/services/rpc.js';
import { useTestDatabase } from '../support/db.js';

const db = useTestDatabase();

describe('what main may send again', () => {
  it('its reads are the console functions that do not change anything, and no others', async () => {
    const { rows } = await db.owner.query<{ name: string; volatile: boolean }>(
      `select distinct p.proname as name, p.provolatile = 'v' as volatile
         from pg_proc p where p.pronamespace = 'console'::regnamespace`,
    );
    const reads = rows.filter((row) => !row.volatile).map((row) => row.name);
    expect([...READ_FUNCTIONS].sort()).toEqual(reads.sort());
  });

  it('its repeatable writes are volatile functions that take an idempotency key, an expected version or numbered rows', async () => {
    const { rows } = await db.owner.query<{ name: string; volatile: boolean; args: string[] }>(
      `select p.proname as name, p.provolatile = 'v' as volatile, p.proargnames::text[] as args
         from pg_proc p where p.pronamespace = 'console'::regnamespace and p.proname = any($1)`,
      [[...REPEATABLE_WRITES]],
    );
    expect(rows.map((row) => row.name).sort()).toEqual([...REPEATABLE_WRITES].sort());
    for (const row of rows) {
      expect(row.volatile, row.name).toBe(true);
      // p_rows: add_reconciliation_batch's rows carry their file line, and a line already in the run is skipped (024).
      const recognisesRepeat = row.args.some((arg) => ['p_idempotency_key', 'p_expected_version', 'p_items', 'p_rows'].includes(arg));
      expect(recognisesRepeat, `${row.name} (${row.args.join(', ')})`).toBe(true);
    }
  });
});
