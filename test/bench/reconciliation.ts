// Reconciliation of a 100k-row processor export (009), end to end as the finance user: start, add the rows in
// 20 000-row calls (JSON built and sent by the client, as the main process would), finish — each call its own
// committed transaction, as PostgREST runs them. Beside it, what a script would do without the console: one lookup
// query per processor row, timed on a sample and extrapolated.
import type pg from 'pg';
import { consoleAs } from '../support/console.js';
import { withClaims } from '../support/pg.js';
import { stats } from './measure.js';
import { measureList, type Result } from './runner.js';
import { BENCH_STAFF, type Volume } from './volume.js';

export const CHUNK = 20_000;
const RUNS = 3;
const NAIVE_SAMPLE = 2_000;

export interface ProcessorRow {
  line: number;
  kind: 'payment' | 'refund';
  transaction_id: string;
  amount: number;
  currency: string;
  status: string;
  occurred_at: string;
}

/**
 * A Stripe export of the newest `rows` Stripe payments and their refunds, with the usual blemishes: ~1% amount
 * mismatches, ~1% status mismatches, ~0.5% of our payments absent (missing at processor), ~0.5% rows we never saw
 * (missing in HumanGlue) and a few duplicated lines.
 */
export function processorFileSql(rows: number): string {
  return `
with recent as (
  select p.*, row_number() over (order by p.created_at desc, p.id desc) as n
    from public.payments p
   where p.provider = 'stripe' and p.transaction_id is not null
   order by p.created_at desc, p.id desc
   limit ${Math.ceil(rows * 1.02)}
), payment_rows as (
  select p.created_at as at, 'payment' as kind, p.transaction_id as tx,
         case when p.n % 100 = 7 then p.amount + 1 else p.amount end as amount, p.currency,
         case when p.n % 100 = 13 then (case when p.status = 'failed' then 'succeeded' else 'failed' end)
              else p.status end as status
    from recent p
   where p.n % 200 <> 11
  union all
  -- a few lines repeated by the processor's export
  select p.created_at, 'payment', p.transaction_id, p.amount, p.currency, p.status from recent p where p.n % 1000 = 17
  union all
  -- charges HumanGlue never recorded
  select p.created_at + interval '1 second', 'payment', 'pi_x' || md5('unknown:' || p.n), p.amount, p.currency, 'succeeded'
    from recent p where p.n % 200 = 3
), refund_rows as (
  select f.created_at as at, 'refund' as kind, f.provider_refund_id as tx, f.amount, f.currency,
         case f.status when 'succeeded' then 'succeeded' else 'failed' end as status
    from public.payment_refunds f
   where f.provider = 'stripe' and f.provider_refund_id is not null
     and f.created_at >= (select min(created_at) from recent)
)
select jsonb_build_object('line', row_number() over (order by x.at, x.tx), 'kind', x.kind, 'transaction_id', x.tx,
                          'amount', x.amount, 'currency', x.currency, 'status', x.status, 'occurred_at', x.at) as row
  from (select * from payment_rows union all select * from refund_rows order by 1 desc limit ${rows}) x
 order by x.at, x.tx`;
}

export async function processorFile(client: pg.Client, rows: number): Promise<ProcessorRow[]> {
  const { rows: result } = await client.query<{ row: ProcessorRow }>(processorFileSql(rows));
  return result.map((r) => r.row);
}

export interface RunTimes {
  totalMs: number;
  startMs: number;
  addMs: number[];
  finishMs: number;
  runId: string;
  outcome: Record<string, unknown>;
}

/** One reconciliation through the console API, timed by the client clock. */
export async function reconcile(client: pg.Client, userId: string, file: ProcessorRow[], fileName: string): Promise<RunTimes> {
  const t0 = performance.now();
  const [run] = await consoleAs<{ id: string }>(client, userId, 'start_reconciliation', { provider: 'stripe', file_name: fileName });
  const startMs = performance.now() - t0;
  const addMs: number[] = [];
  for (let at = 0; at < file.length; at += CHUNK) {
    const t = performance.now();
    await consoleAs(client, userId, 'add_reconciliation_rows', { run_id: run!.id, rows: file.slice(at, at + CHUNK) });
    addMs.push(performance.now() - t);
  }
  const t = performance.now();
  const [outcome] = await consoleAs<Record<string, unknown>>(client, userId, 'finish_reconciliation', { run_id: run!.id });
  const finishMs = performance.now() - t;
  return { totalMs: performance.now() - t0, startMs, addMs, finishMs, runId: run!.id, outcome: outcome ?? {} };
}

/** Row by row: one lookup per processor row over a warm connection, as the finance user; ms for `sample` rows. */
async function rowByRow(client: pg.Client, userId: string, sample: ProcessorRow[]): Promise<number> {
  return withClaims(client, { sub: userId, role: 'authenticated', aud: 'authenticated' }, async (q) => {
    const t0 = performance.now();
    for (const row of sample) {
      if (row.kind === 'payment') {
        await q.query('select id, amount, currency, status from public.payments where provider = $1 and transaction_id = $2', [
          'stripe',
          row.transaction_id,
        ]);
      } else {
        await q.query('select id, amount, currency, status from public.payment_refunds where provider = $1 and provider_refund_id = $2', [
          'stripe',
          row.transaction_id,
        ]);
      }
    }
    return performance.now() - t0;
  });
}

export async function measureReconciliation(client: pg.Client, volume: Volume, log: (line: string) => void): Promise<Result[]> {
  const size = Math.max(200, Math.round(100_000 * volume.scale));
  const file = await processorFile(client, size);
  const finance = BENCH_STAFF.finance;
  const runs: RunTimes[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await reconcile(client, finance, file, `stripe-export-${i + 1}.csv`));
  const sample = file.filter((_, i) => i % Math.max(1, Math.floor(file.length / NAIVE_SAMPLE)) === 0).slice(0, NAIVE_SAMPLE);
  const naive: number[] = [];
  for (let i = 0; i < 2; i++) naive.push(((await rowByRow(client, finance, sample)) * file.length) / sample.length);
  const last = runs.at(-1)!;
  const o = last.outcome;
  const totals = stats(runs.map((r) => r.totalMs));
  const results: Result[] = [
    {
      name: `reconciliation of ${file.length.toLocaleString('en')} rows (start + ${last.addMs.length} adds + finish)`,
      group: 'reconciliation',
      ours: totals,
      oursWall: totals,
      naive: stats(naive),
      naiveNote: `one lookup query per row, timed on ${sample.length} rows and extrapolated to ${file.length} (lookups only: no outcomes saved, no missing-at-processor pass)`,
      target: { p95Ms: 3000, text: '≤ 3 s end to end' },
      notes: [
        `runs: ${runs.map((r) => `${Math.round(r.totalMs)} ms (start ${Math.round(r.startMs)}, adds ${r.addMs.map(Math.round).join('/')}, finish ${Math.round(r.finishMs)})`).join('; ')}`,
        `outcome: matched ${o.matched}, amount_mismatch ${o.amount_mismatch}, status_mismatch ${o.status_mismatch}, missing_in_humanglue ${o.missing_in_humanglue}, missing_at_processor ${o.missing_at_processor}, duplicate_in_file ${o.duplicate_in_file}`,
      ],
    },
  ];
  log(`  ${results[0]!.name}`);

  // the finished run's items: a list of ~100k rows to page through.
  results.push(
    ...(await measureList(
      client,
      {
        name: 'list_reconciliation_items (one run)',
        role: 'finance',
        fn: 'list_reconciliation_items',
        args: { run_id: last.runId },
        from: 'console.reconciliation_items i',
        where: `i.run_id = '${last.runId}'`,
        order: 'i.seq',
        cursor: `jsonb_build_object('v', i.seq, 'id', i.seq)`,
        key: { sql: 'i.seq', column: 'seq' },
      },
      log,
    )),
  );
  return results;
}
