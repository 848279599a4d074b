// 018: rows matched as they are added, and add_reconciliation_batch (a call's rows as one tab-separated text):
// the same outcomes and errors as 009's json calls, repeats found across calls (in or out of order), and
// export_payments giving exactly list_payments' rows in larger pages. 021: the whole-text pattern that spares a good
// call the per-row checks never lets a bad row through.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db.js';
import { createPayment, createUser, createUserWithRole, type UserRow } from '../support/factories.js';
import { auditCount, callConsole, consoleAs, expectPgError } from '../support/console.js';
import { withClaims } from '../support/pg.js';

const db = useTestDatabase();

let finance: UserRow;
let payer: UserRow;

type Run = { id: string; row_count: number; totals: unknown[] } & Record<string, unknown>;
type Item = { line: number | null; outcome: string; transaction_id: string; payment_id: string | null };
type Row = [line: number, kind: string, transaction_id: string, amount: string, currency: string, status: string, occurred_at: string];

const as = <T = Record<string, unknown>>(fn: string, args = {}) => consoleAs<T>(db.owner, finance.id, fn, args);
const text = (rows: Row[]) => rows.map((row) => row.join('\t')).join('\n');
const row = (line: number, overrides: Partial<Record<'kind' | 'tx' | 'amount' | 'currency' | 'status' | 'at', string>> = {}): Row => [
  line,
  overrides.kind ?? 'payment',
  overrides.tx ?? `txn-${randomUUID()}`,
  overrides.amount ?? '10.00',
  overrides.currency ?? 'USD',
  overrides.status ?? 'succeeded',
  overrides.at ?? '2014-06-01T12:00:00Z',
];

async function start(): Promise<string> {
  const [run] = await as<Run>('start_reconciliation', { provider: 'stripe', file_name: 'batch.csv' });
  return run!.id;
}

async function items(runId: string): Promise<Item[]> {
  return as<Item>('list_reconciliation_items', { run_id: runId, limit: 200 });
}

/** The rows staged in a run while it is open: since 021 a call's rows are kept as its items only (line = seq). */
async function staged(runId: string): Promise<number> {
  const { rows } = await db.owner.query(
    `select count(*)::int as n
       from console.reconciliation_items i join console.reconciliation_runs r on r.id = i.run_id and r.status = 'open'
      where i.run_id = $1 and i.seq < 2147483648`,
    [runId],
  );
  return rows[0].n;
}

/** A call's transaction held open after the call: `stage()` says the call is done, `release()` lets it commit. */
function holdOpen() {
  let release!: () => void;
  let stage!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const staged = new Promise<void>((resolve) => (stage = resolve));
  return { held, release, staged, stage };
}

/** How many backends wait for `pid`'s locks. */
async function blockedBy(pid: number): Promise<number> {
  const { rows } = await db.owner.query<{ n: number }>(
    `select count(*)::int as n from pg_stat_activity where $1 = any(pg_blocking_pids(pid))`,
    [pid],
  );
  return rows[0]!.n;
}

async function until(what: string, check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; !(await check());) {
    if (Date.now() > end) throw new Error(`gave up waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  finance = await createUserWithRole(db.owner, 'finance');
  payer = await createUser(db.owner);
});

describe('add_reconciliation_batch', () => {
  it('gives the outcomes, totals and audit entries the json calls give for the same rows', async () => {
    const at = (day: number) => `2014-03-${String(day).padStart(2, '0')}T10:00:00Z`;
    const tx = () => `ch_${randomUUID().slice(0, 12)}`;
    const ids = { matched: tx(), amount: tx(), status: tx(), dup: tx(), absent: tx() };
    await createPayment(db.owner, payer.id, { transaction_id: ids.matched, amount: 100, created_at: at(5) });
    await createPayment(db.owner, payer.id, { transaction_id: ids.amount, amount: 200, created_at: at(6) });
    await createPayment(db.owner, payer.id, { transaction_id: ids.status, amount: 75, status: 'pending', created_at: at(7) });
    await createPayment(db.owner, payer.id, { transaction_id: ids.dup, amount: 60, created_at: at(8) });
    await createPayment(db.owner, payer.id, { transaction_id: ids.absent, amount: 40, created_at: at(9) });
    const rows: Row[] = [
      row(2, { tx: ids.matched, amount: '100', at: at(4) }),
      row(3, { tx: ids.amount, amount: '210.50', at: at(6) }),
      row(4, { tx: ids.status, amount: '75', at: at(7) }),
      row(5, { tx: ids.dup, amount: '60', at: at(8) }),
      row(6, { tx: ids.dup, amount: '60', at: at(8) }),
      row(7, { tx: 'ch_unknown', amount: '1.5', currency: 'EUR', at: at(20) }),
    ];

    const before = await auditCount(db.owner, `action = 'reconciliation.add_rows'`);
    const viaText = await start();
    const [added] = await as('add_reconciliation_batch', { run_id: viaText, rows: `${text(rows.slice(0, 3))}\n` });
    expect(added).toMatchObject({ run_id: viaText, added: 3, row_count: 3 });
    await as('add_reconciliation_batch', { run_id: viaText, rows: text(rows.slice(3)) });
    const [done] = await as<Run>('finish_reconciliation', { run_id: viaText });
    expect(await auditCount(db.owner, `action = 'reconciliation.add_rows'`)).toBe(before + 2);

    const viaJson = await start();
    const json = rows.map(([line, kind, transaction_id, amount, currency, status, occurred_at]) => ({
      line,
      kind,
      transaction_id,
      amount,
      currency,
      status,
      occurred_at,
    }));
    await as('add_reconciliation_rows', { run_id: viaJson, rows: json });
    const [expected] = await as<Run>('finish_reconciliation', { run_id: viaJson });

    const outcome = (run: Run) => {
      const { id: _id, file_name: _f, created_at: _c, completed_at: _d, cursor: _k, ...rest } = run;
      return rest;
    };
    expect(outcome(done!)).toEqual(outcome(expected!));
    expect(done).toMatchObject({
      row_count: 6,
      matched: 2,
      amount_mismatch: 1,
      status_mismatch: 1,
      missing_in_humanglue: 1,
      missing_at_processor: 1,
      duplicate_in_file: 1,
    });
    const strip = (list: Item[]) =>
      list.map(({ line, outcome: o, transaction_id, payment_id }) => ({ line, o, transaction_id, payment_id }));
    expect(strip(await items(viaText))).toEqual(strip(await items(viaJson)));
    expect(await staged(viaText)).toBe(0);
  });

  it('finds a repeat in a later call, and in an earlier call sent after it (the earlier line is the one matched)', async () => {
    const id = `ch_${randomUUID().slice(0, 12)}`;
    await createPayment(db.owner, payer.id, { transaction_id: id, amount: 10, created_at: '2014-06-01T12:00:00Z' });
    const run = await start();
    await as('add_reconciliation_batch', { run_id: run, rows: text([row(20, { tx: id }), row(21)]) });
    await as('add_reconciliation_batch', { run_id: run, rows: text([row(30, { tx: id })]) });
    await as('add_reconciliation_batch', { run_id: run, rows: text([row(10, { tx: id }), row(11)]) });
    const byLine = Object.fromEntries((await items(run)).map((i) => [i.line, i.outcome]));
    expect(byLine).toMatchObject({ 10: 'matched', 20: 'duplicate_in_file', 30: 'duplicate_in_file', 11: 'missing_in_humanglue' });
    const [done] = await as<Run>('finish_reconciliation', { run_id: run });
    expect(done).toMatchObject({ row_count: 5, matched: 1, duplicate_in_file: 2, missing_in_humanglue: 2 });
  });

  const bad: Array<[string, Row | string, string, number | null, string]> = [
    ['a row without 7 fields', '5\tpayment\tch_x\t10.00\tUSD\tsucceeded', 'row', 5, 'must have 7 fields'],
    ['a line that is not a number', 'x\tpayment\tch_x\t10.00\tUSD\tsucceeded\t2014-06-01T12:00:00Z', 'line', null, 'whole number'],
    ['line 0', row(0), 'line', null, 'whole number'],
    ['an unknown kind', row(4, { kind: 'charge' }), 'kind', 4, 'must be payment or refund'],
    ['a blank transaction id', row(4, { tx: '   ' }), 'transaction_id', 4, 'is required'],
    ['a transaction id of 256 characters', row(4, { tx: 'x'.repeat(256) }), 'transaction_id', 4, 'at most 255'],
    ['a control character in the id', row(4, { tx: 'ch_\u0001x' }), 'transaction_id', 4, 'control characters'],
    ['three decimals', row(4, { amount: '10.005' }), 'amount', 4, 'at most 2 decimals'],
    ['a zero amount', row(4, { amount: '0.00' }), 'amount', 4, 'greater than 0'],
    ['a negative amount', row(4, { amount: '-5' }), 'amount', 4, 'greater than 0'],
    ['a lower-case currency', row(4, { currency: 'usd' }), 'currency', 4, 'ISO currency'],
    ['a refund marked refunded', row(4, { kind: 'refund', status: 'refunded' }), 'status', 4, 'a refund row must be'],
    ['an unknown status', row(4, { status: 'paid' }), 'status', 4, 'must be succeeded'],
    ['a time without a zone', row(4, { at: '2014-06-01 12:00:00' }), 'occurred_at', 4, 'ISO 8601'],
    ['30 February', row(4, { at: '2014-02-30T12:00:00Z' }), 'occurred_at', 4, 'ISO 8601'],
    ['a date before 2000', row(4, { at: '1999-12-31T23:59:59Z' }), 'occurred_at', 4, 'from 2000 on'],
  ];

  it.each(bad)('%s → 22023 on that field and line, and nothing of the call is staged', async (_name, bad, field, line, reason) => {
    const run = await start();
    const rows = [text([row(2), row(3)]), typeof bad === 'string' ? bad : text([bad]), text([row(9)])].join('\n');
    await expectPgError(as('add_reconciliation_batch', { run_id: run, rows }), {
      code: '22023',
      message: new RegExp(`^${field}: ${line === null ? 'row 3 of this call' : `line ${line}`}: .*${reason}`),
      detail: { field, line, row: 3 },
    });
    expect(await staged(run)).toBe(0);
    expect((await items(run)).length).toBe(0);
  });

  it('a line appears once per run: repeated in the call, or already added with other values, is refused on line', async () => {
    const run = await start();
    await expectPgError(as('add_reconciliation_batch', { run_id: run, rows: text([row(2), row(3), row(2)]) }), {
      code: '22023',
      message: 'line: line 2: appears more than once in this call',
      detail: { field: 'line', line: 2, row: 3 },
    });
    const first = [row(2), row(3)];
    await as('add_reconciliation_batch', { run_id: run, rows: text(first) });
    await expectPgError(as('add_reconciliation_batch', { run_id: run, rows: text([row(4), row(3)]) }), {
      code: '22023',
      message: 'line: line 3: was already added to this run with other values',
      detail: { field: 'line', line: 3, row: 2 },
    });
    // one field differs: the amount.
    await expectPgError(
      as('add_reconciliation_batch', { run_id: run, rows: text([[...first[1]!.slice(0, 3), '10.01', ...first[1]!.slice(4)] as Row]) }),
      {
        code: '22023',
        message: 'line: line 3: was already added to this run with other values',
      },
    );
    // the json calls see the same lines.
    await expectPgError(
      as('add_reconciliation_rows', {
        run_id: run,
        rows: [
          {
            line: 2,
            kind: 'payment',
            transaction_id: 'x',
            amount: 1,
            currency: 'USD',
            status: 'succeeded',
            occurred_at: '2014-06-01T12:00:00Z',
          },
        ],
      }),
      {
        code: '22023',
        message: 'line: line 2: was already added to this run with other values',
      },
    );
    expect(await staged(run)).toBe(2);
  });

  // 024: a call sent again (its answer was lost, or a resumed import sends its last call's rows again) is a repeat.
  it('lines already in the run with the same values are skipped: a call sent again adds nothing and audits nothing', async () => {
    const run = await start();
    const rows = [row(2), row(3), row(4, { amount: '1990.5' })];
    const [first] = await as('add_reconciliation_batch', { run_id: run, rows: text(rows) });
    expect(first).toMatchObject({ added: 3, row_count: 3 });
    const before = await auditCount(db.owner, `action = 'reconciliation.add_rows' and entity_id = '${run}'`);
    const [again] = await as('add_reconciliation_batch', { run_id: run, rows: text(rows) });
    expect(again).toMatchObject({ added: 0, row_count: 3 });
    expect(await auditCount(db.owner, `action = 'reconciliation.add_rows' and entity_id = '${run}'`)).toBe(before);
    // the amount as sent (1990.5) and as kept (1990.50) are the same value; a call that overlaps adds the rest.
    const [overlap] = await as('add_reconciliation_batch', {
      run_id: run,
      rows: text([[...rows[2]!.slice(0, 3), '1990.50', ...rows[2]!.slice(4)] as Row, row(5), row(6)]),
    });
    expect(overlap).toMatchObject({ added: 2, row_count: 5 });
    expect(await auditCount(db.owner, `action = 'reconciliation.add_rows' and entity_id = '${run}'`)).toBe(before + 1);
    expect(await staged(run)).toBe(5);
    const [done] = await as<Run>('finish_reconciliation', { run_id: run });
    expect(done).toMatchObject({ row_count: 5, missing_in_humanglue: 5, duplicate_in_file: 0 });
  });

  // 024: calls of one run stage side by side; repeats across them are found whichever commits first.
  it.each([
    ['the earlier lines commit first', false],
    ['the later lines commit first', true],
  ])('two calls of one run at the same time: the second waits only to look for repeats (%s)', async (_name, laterFirst) => {
    const id = `ch_${randomUUID().slice(0, 12)}`;
    await createPayment(db.owner, payer.id, { transaction_id: id, amount: 10, created_at: '2014-06-01T12:00:00Z' });
    const run = await start();
    const early = text([row(2), row(3, { tx: id }), row(4)]);
    const late = text([row(5), row(6, { tx: id }), row(7, { tx: id })]);
    const [one, two] = [await db.connection(), await db.connection()];
    const claims = { sub: finance.id, role: 'authenticated' as const, aud: 'authenticated', aal: 'aal2' };
    const backend = async (c: typeof one) => (await c.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    const [firstPid, secondPid] = [await backend(one), await backend(two)];
    const { held, release, staged: firstStaged, stage } = holdOpen();
    // the first call stages and keeps its transaction open until released.
    const first = withClaims(
      one,
      claims,
      async (q) => {
        const rows = await callConsole(q, 'add_reconciliation_batch', { run_id: run, rows: laterFirst ? late : early });
        stage();
        await held;
        return rows;
      },
      { commit: true },
    );
    await firstStaged;
    const second = withClaims(
      two,
      claims,
      (q) => callConsole(q, 'add_reconciliation_batch', { run_id: run, rows: laterFirst ? early : late }),
      {
        commit: true,
      },
    );
    // the second has staged its rows and waits for the run's row (a row lock), held by the first to its commit.
    await until('the second call waits for the run', async () => (await blockedBy(firstPid)) > 0);
    const { rows: locked } = await db.owner.query<{ n: number }>(
      `select count(*)::int as n from pg_locks where pid = $1 and relation = 'console.reconciliation_items'::regclass and mode = 'RowExclusiveLock'`,
      [secondPid],
    );
    expect(locked[0]!.n, 'the second call wrote its items before it waited').toBe(1);
    release();
    expect((await first)[0]).toMatchObject({ added: 3 });
    expect((await second)[0]).toMatchObject({ added: 3, row_count: 6 });
    const byLine = Object.fromEntries((await items(run)).map((i) => [i.line, i.outcome]));
    expect(byLine).toMatchObject({ 3: 'matched', 6: 'duplicate_in_file', 7: 'duplicate_in_file' });
    const [done] = await as<Run>('finish_reconciliation', { run_id: run });
    expect(done).toMatchObject({ row_count: 6, matched: 1, duplicate_in_file: 2, missing_in_humanglue: 3 });
  });

  it('a run is not finished under a call in flight: finishing waits for it, then counts its rows', async () => {
    const run = await start();
    await as('add_reconciliation_batch', { run_id: run, rows: text([row(2)]) });
    const one = await db.connection();
    const claims = { sub: finance.id, role: 'authenticated' as const, aud: 'authenticated', aal: 'aal2' };
    const pid = (await one.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    const { held, release, staged: callStaged, stage } = holdOpen();
    const adding = withClaims(
      one,
      claims,
      async (q) => {
        await callConsole(q, 'add_reconciliation_batch', { run_id: run, rows: text([row(3), row(4)]) });
        stage();
        await held;
      },
      { commit: true },
    );
    await callStaged;
    const finishing = consoleAs<Run>(await db.connection(), finance.id, 'finish_reconciliation', { run_id: run });
    await until('finishing waits for the call', async () => (await blockedBy(pid)) > 0);
    release();
    await adding;
    expect((await finishing)[0]).toMatchObject({ row_count: 3, missing_in_humanglue: 3 });
  });

  // 021: a call is checked by one pattern over its whole text; the per-row checks run only when it does not match.
  // The pattern may refuse a good row (they are then checked one by one) but must never let a bad one through:
  // only the dates it passes are checked later, on the cast values.
  it('the whole-text pattern lets through no row the per-row checks refuse (but for a date)', async () => {
    const good = row(7, { tx: 'ch_1' });
    const variants: string[][] = [];
    const vary = (field: number, values: string[]) => {
      for (const value of values) variants.push(good.map((cell, i) => (i === field ? value : String(cell))));
    };
    vary(0, ['0', '007', '1', '999999999', '1000000000', '2147483647', '2147483648', '99999999999', '-1', '1.0', ' 7', '']);
    vary(1, ['payment', 'refund', 'Payment', 'charge', '']);
    vary(2, ['x', ' x', 'x ', '   ', '', 'x'.repeat(255), 'x'.repeat(256), 'ch_é', 'a\u0085b', 'a\u007fb', 'a\rb', 'a"b,c']);
    vary(3, ['1', '0', '0.00', '0.01', '0.1', '00.5', '1.', '.5', '1.234', '9999999999.99', '99999999999', '1e3', '+1', '1,000', '-5']);
    vary(4, ['USD', 'usd', 'US', 'USDD', 'ÜSD', '']);
    vary(5, ['succeeded', 'pending', 'failed', 'refunded', 'partially_refunded', 'paid', 'Succeeded']);
    vary(6, [
      '2014-06-01T12:00:00Z',
      '2014-06-01 12:00:00+02',
      '2014-06-01T12:00:00.123456+05:30',
      '2014-06-01T12:00:00.1234567Z',
      '2014-06-01T12:00Z',
      '2014-06-01T12:00:00+0530',
      '2014-06-01T12:00:00',
      '2014-02-30T12:00:00Z',
      '2014-06-01T25:00:00Z',
      '1999-12-31T23:59:59Z',
      '2999-01-01T00:00:00Z',
      '2014-06-01T12:00:00+99:00',
      '\u0662\u0660\u0661\u0664-06-01T12:00:00Z',
    ]);
    // every variant as a refund row too, and the rows of two kinds with the run taking only one.
    for (const v of [...variants]) variants.push([v[0]!, 'refund', ...v.slice(2)]);
    let passed = 0;
    for (const kinds of [['payment', 'refund'], ['payment'], ['refund']]) {
      const { rows } = await db.owner.query<{ matches: boolean[]; problems: (string | null)[] }>(
        `select array_agg(t ~ console_private.reconciliation_batch_pattern($1) order by o) as matches,
                array_agg((console_private.reconciliation_batch_problem($1, t)).field order by o) as problems
           from unnest($2::text[]) with ordinality as v(t, o)`,
        [kinds, variants.map((v) => v.join('\t'))],
      );
      const { matches, problems } = rows[0]!;
      variants.forEach((v, i) => {
        if (!matches[i]) return;
        passed++;
        // through the pattern: the per-row checks find nothing, or only the date (a date the pattern cannot judge).
        expect([null, 'occurred_at'], `${kinds.join('+')}: ${JSON.stringify(v)} → ${problems[i]}`).toContain(problems[i]);
      });
    }
    // and the pattern is not so strict that it sends every call the slow way: the console's own rows match it.
    expect(passed).toBeGreaterThan(40);
    const app = text([row(2), row(3, { kind: 'refund', amount: '0.5', at: '2014-06-01T12:00:00.5+02:00' })]);
    const { rows: ok } = await db.owner.query(`select $1 ~ console_private.reconciliation_batch_pattern($2) as ok`, [
      app,
      ['payment', 'refund'],
    ]);
    expect(ok[0].ok).toBe(true);
  });

  it('takes 1 to 50 000 rows', async () => {
    const run = await start();
    for (const rows of ['', '\n']) {
      await expectPgError(as('add_reconciliation_batch', { run_id: run, rows }), { code: '22023', detail: { field: 'rows' } });
    }
    const tooMany = Array.from({ length: 50_001 }, (_, i) => `${i + 2}\tpayment\tx${i}\t1\tUSD\tsucceeded\t2014-06-01T12:00:00Z`).join(
      '\n',
    );
    await expectPgError(as('add_reconciliation_batch', { run_id: run, rows: tooMany }), {
      code: '22023',
      message: 'rows: at most 50000 rows per call (got 50001)',
    });
    expect(await staged(run)).toBe(0);
  });
});

describe('export_payments', () => {
  it("gives list_payments' rows and cursors, in pages up to 10 000", async () => {
    const list = await consoleAs<{ id: string; cursor: unknown; organization_name: unknown; related_name: unknown }>(
      db.owner,
      finance.id,
      'list_payments',
      { sort: 'amount', desc: false, limit: 12 },
    );
    expect(list.length).toBe(12);
    const page = (after: unknown) =>
      consoleAs<(typeof list)[number]>(db.owner, finance.id, 'export_payments', { sort: 'amount', desc: false, after, limit: 5 });
    const first = await page(null);
    const second = await page(first.at(-1)!.cursor);
    const third = await page(second.at(-1)!.cursor);
    expect([...first, ...second, ...third].slice(0, 12)).toEqual(list);
    for (const limit of [0, 10_001]) {
      await expectPgError(consoleAs(db.owner, finance.id, 'export_payments', { limit }), {
        code: '22023',
        message: 'limit: must be between 1 and 10000',
      });
    }
  });
});

describe('export_reconciliation_items', () => {
  it("gives list_reconciliation_items' rows and cursors, in pages up to 10 000", async () => {
    const run = await start();
    await as('add_reconciliation_batch', { run_id: run, rows: text(Array.from({ length: 12 }, (_, i) => row(i + 2))) });
    await as('finish_reconciliation', { run_id: run });
    const list = await as<{ seq: number; cursor: unknown }>('list_reconciliation_items', { run_id: run, limit: 200 });
    expect(list.length).toBeGreaterThanOrEqual(12); // and what the file lacks in its period
    const page = (after: unknown) => as<(typeof list)[number]>('export_reconciliation_items', { run_id: run, after, limit: 5 });
    const pages = [await page(null)];
    while (pages.at(-1)!.length === 5) pages.push(await page(pages.at(-1)!.at(-1)!.cursor));
    expect(pages.flat()).toEqual(list);
    await expectPgError(as('export_reconciliation_items', { run_id: run, limit: 10_001 }), {
      code: '22023',
      message: 'limit: must be between 1 and 10000',
    });
  });
});
