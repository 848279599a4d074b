// 019: console.discard_reconciliation_run throws away an open run (an import that stopped part-way) with its staged
// rows and items, audited with what the run was; a completed run stays read-only, and only the run's creator or an
// admin may discard it.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db.js';
import { createUserWithRole, type UserRow } from '../support/factories.js';
import { auditCount, consoleAs, expectPgError } from '../support/console.js';

const db = useTestDatabase();
let finance: UserRow;
let finance2: UserRow;
let admin: UserRow;

const line = (n: number) =>
  [n, 'payment', `ch_${randomUUID().slice(0, 12)}`, '10.00', 'USD', 'succeeded', '2014-06-01T12:00:00Z'].join('\t');

async function openRun(rows: number, by = () => finance): Promise<string> {
  const [run] = await consoleAs<{ id: string }>(db.owner, by().id, 'start_reconciliation', { provider: 'stripe', file_name: 'cut.csv' });
  if (rows > 0) {
    const text = Array.from({ length: rows }, (_, i) => line(i + 2)).join('\n');
    await consoleAs(db.owner, by().id, 'add_reconciliation_batch', { run_id: run!.id, rows: text });
  }
  return run!.id;
}

async function left(runId: string) {
  const count = async (table: string, column: string) =>
    (await db.owner.query(`select count(*)::int as n from console.${table} where ${column} = $1`, [runId])).rows[0].n as number;
  return {
    runs: await count('reconciliation_runs', 'id'),
    rows: await count('reconciliation_rows', 'run_id'),
    items: await count('reconciliation_items', 'run_id'),
  };
}

beforeAll(async () => {
  finance = await createUserWithRole(db.owner, 'finance');
  finance2 = await createUserWithRole(db.owner, 'finance');
  admin = await createUserWithRole(db.owner, 'admin');
});

describe('discard_reconciliation_run', () => {
  it('deletes an open run with its staged rows and items, and audits what the run was', async () => {
    const runId = await openRun(3);
    // since 021 a call's rows are kept as the run's items only; a run staged before 021 also holds copies in
    // reconciliation_rows, which go with it too.
    expect(await left(runId)).toEqual({ runs: 1, rows: 0, items: 3 });
    await db.owner.query(
      `insert into console.reconciliation_rows (run_id, line, kind, transaction_id, amount, currency, status, occurred_at)
       select run_id, line, kind, transaction_id, processor_amount, processor_currency, processor_status, occurred_at
         from console.reconciliation_items where run_id = $1`,
      [runId],
    );
    expect(await left(runId)).toEqual({ runs: 1, rows: 3, items: 3 });

    const [gone] = await consoleAs(db.owner, finance.id, 'discard_reconciliation_run', { run_id: runId });
    expect(gone).toEqual({ run_id: runId, file_name: 'cut.csv', staged_rows: 3 });
    expect(await left(runId)).toEqual({ runs: 0, rows: 0, items: 0 });
    const { rows } = await db.owner.query(
      `select actor_id, before, after from console.audit_log where action = 'reconciliation.discard' and entity_id = $1`,
      [runId],
    );
    expect(rows).toEqual([
      {
        actor_id: finance.id,
        before: expect.objectContaining({ status: 'open', file_name: 'cut.csv', row_count: 3, created_by: finance.id }),
        after: null,
      },
    ]);
    // The deletes inside the function write no second, "direct" entry.
    expect(await auditCount(db.owner, `entity_id = $1 and action like '%direct%'`, [runId])).toBe(0);
  });

  it('refuses a completed run, which stays as it was', async () => {
    const runId = await openRun(1);
    await consoleAs(db.owner, finance.id, 'finish_reconciliation', { run_id: runId });
    await expectPgError(consoleAs(db.owner, finance.id, 'discard_reconciliation_run', { run_id: runId }), {
      code: 'P0001',
      message: /already completed .* cannot be changed/,
    });
    expect((await left(runId)).runs).toBe(1);
  });

  it("refuses another person's run, naming its owner; an admin may discard it", async () => {
    const runId = await openRun(1, () => finance2);
    await expectPgError(consoleAs(db.owner, finance.id, 'discard_reconciliation_run', { run_id: runId }), {
      code: '42501',
      message: /belongs to/,
    });
    expect((await left(runId)).runs).toBe(1);
    await consoleAs(db.owner, admin.id, 'discard_reconciliation_run', { run_id: runId });
    expect(await left(runId)).toEqual({ runs: 0, rows: 0, items: 0 });
  });

  it('says which run is unknown', async () => {
    const missing = randomUUID();
    await expectPgError(consoleAs(db.owner, finance.id, 'discard_reconciliation_run', { run_id: missing }), {
      code: 'P0002',
      message: new RegExp(missing),
    });
    await expectPgError(consoleAs(db.owner, finance.id, 'discard_reconciliation_run', { run_id: null }), {
      code: '22023',
    });
  });
});
