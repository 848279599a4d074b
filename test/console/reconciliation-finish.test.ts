// 025: finishing a run on a database whose reconciliation_items has no statistics yet (a new project: autovacuum
// analyzes a table only after enough changes, and the runs are its first rows). The planner then guesses one item for
// the run, and between a nested loop and a hash join over that guess its costs are a near tie: on the bench's
// database 018's finish got the nested loop, which compared every payment of the period with every item of the run,
// so a run of 30 000 rows passed the 8 s statement timeout a Supabase project gives `authenticated` and failed. Its
// own database, so no other test's runs give the table statistics.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db.js';
import { createUser, createUserWithRole, type UserRow } from '../support/factories.js';
import { consoleAs } from '../support/console.js';

const db = useTestDatabase();
const ROWS = 30_000;
const ABSENT = 10; // payments the file leaves out (every 3 000th from the 1 000th), inside its period

let finance: UserRow;
let payer: UserRow;

beforeAll(async () => {
  finance = await createUserWithRole(db.owner, 'finance');
  payer = await createUser(db.owner);
  // as on a new project: the items table has never been analyzed, and autovacuum does not get to it during the test.
  await db.owner.query('alter table console.reconciliation_items set (autovacuum_enabled = false)');
  await db.owner.query(
    `insert into public.payments (user_id, amount, currency, provider, transaction_id, status, payment_type, description, created_at)
     select $1, 10 + g % 500, 'USD', 'stripe', 'ch_finish_' || g, 'succeeded', 'other', 'Finish test payment',
            timestamptz '2015-01-01T00:00:00Z' + g * interval '1 minute'
       from generate_series(1, $2::integer) g`,
    [payer.id, ROWS + ABSENT],
  );
  await db.owner.query('analyze public.payments');
}, 120_000);

describe('finish_reconciliation on a table without statistics', () => {
  it('finishes a 30 000-row run within the statement timeout, finding the payments the file lacks', { timeout: 120_000 }, async () => {
    const { rows: before } = await db.owner.query<{ reltuples: number }>(
      `select reltuples from pg_class where oid = 'console.reconciliation_items'::regclass`,
    );
    expect(before[0]!.reltuples, 'the premise: reconciliation_items was never analyzed').toBe(-1);

    const as = <T = Record<string, unknown>>(fn: string, args = {}) => consoleAs<T>(db.owner, finance.id, fn, args);
    const [run] = await as<{ id: string }>('start_reconciliation', { provider: 'stripe', file_name: 'finish.csv' });
    // every payment but ABSENT of them, in calls of 10 000 rows
    const lines: string[] = [];
    for (let g = 1, line = 2; g <= ROWS + ABSENT; g++) {
      if (g % 3_000 === 1_000) continue;
      const at = new Date(Date.UTC(2015, 0, 1) + g * 60_000).toISOString();
      lines.push(`${line++}\tpayment\tch_finish_${g}\t${10 + (g % 500)}.00\tUSD\tsucceeded\t${at}`);
    }
    expect(lines).toHaveLength(ROWS);
    for (let at = 0; at < ROWS; at += 10_000) {
      await as('add_reconciliation_batch', { run_id: run!.id, rows: lines.slice(at, at + 10_000).join('\n') });
    }

    // This database's planner happens to pick the hash join; with hash and merge joins off in the session it picks
    // the nested loop, as the bench's did. The finish must not depend on that choice.
    await db.owner.query('set enable_hashjoin = off; set enable_mergejoin = off');
    // consoleAs applies authenticated's 8 s statement_timeout, as PostgREST does
    const [done] = await as<Record<string, unknown>>('finish_reconciliation', { run_id: run!.id });
    // the finish's own planner settings held for its statement only
    expect((await db.owner.query('show enable_nestloop')).rows[0]).toEqual({ enable_nestloop: 'on' });
    await db.owner.query('reset enable_hashjoin; reset enable_mergejoin');
    expect(done).toMatchObject({
      status: 'completed',
      row_count: ROWS,
      matched: ROWS,
      missing_at_processor: ABSENT,
      missing_in_humanglue: 0,
      duplicate_in_file: 0,
    });
  });
});
