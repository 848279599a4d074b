// Reconciliation of processor exports (009, 018) as the finance user, end to end, each call its own committed
// transaction:
// - through the API the way the console calls it (services' call → supabase-js → the in-process gateway → the
//   server, through-api.ts): start, the rows in add_reconciliation_batch calls of up to 20 000 rows (built by the app's own
//   batchLine), two in flight as the app sends them (024), finish. This is the figure held to "100k rows ≤ 3 s end to end";
// - the same file over a raw pg client in 009's json calls (add_reconciliation_rows), the baseline of earlier runs;
// - the app's import of the file as a CSV (reconciliation-files.ts' `reconciliation:run`, after its preview): the
//   file read and converted while the database matches the previous chunk, with progress — at 100k and at 1M rows
//   (1M: ≤ 30 s, no call over the 8 s statement timeout the gateway applies to `authenticated`);
// - what a script would do without the console: one lookup query per processor row, timed on a sample;
// - and, the console's other long file operation, the payments CSV export of 100 000 payments (≤ 5 s, with
//   progress).
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { paymentFileHandlers } from '../../electron/main/files/payments-files.js';
import { batchLine, type StagedRow } from '../../electron/main/files/processor-rows.js';
import { reconciliationFileHandlers, stageChunkSize, STAGE_IN_FLIGHT } from '../../electron/main/files/reconciliation-files.js';
import type { Call } from '../../electron/main/services/rpc.js';
import { consoleAs } from '../support/console.js';
import { withClaims } from '../support/pg.js';
import { stats } from './measure.js';
import { measureList, type Result } from './runner.js';
import { apiAs, fileBench, invoke, type Progress } from './through-api.js';
import { BENCH_STAFF, type Volume } from './volume.js';

export const CHUNK = 20_000;
const RUNS = 3;
const NAIVE_SAMPLE = 2_000;
/** The statement timeout of `authenticated` on a Supabase project (and in this database, see db-bench.ts). */
const STATEMENT_TIMEOUT_MS = 8_000;

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

/**
 * The export of processorFileSql. The benchmark holds ~600 000 Stripe payments, so a larger file (the 1M-row run)
 * is topped up with more charges HumanGlue never recorded, spread evenly through it (each is still looked up).
 */
export async function processorFile(client: pg.Client, rows: number): Promise<ProcessorRow[]> {
  const { rows: result } = await client.query<{ row: ProcessorRow }>(processorFileSql(rows));
  const found = result.map((r) => r.row);
  const missing = rows - found.length;
  if (missing <= 0 || found.length === 0) return found;
  const file: ProcessorRow[] = [];
  let added = 0;
  for (const [i, row] of found.entries()) {
    file.push({ ...row, line: file.length + 1 });
    for (; added < Math.round(((i + 1) * missing) / found.length); added++) {
      file.push({ ...row, line: file.length + 1, kind: 'payment', transaction_id: `pi_y${added}`, status: 'succeeded' });
    }
  }
  return file;
}

export interface RunTimes {
  totalMs: number;
  startMs: number;
  addMs: number[];
  finishMs: number;
  runId: string;
  outcome: Record<string, unknown>;
}

/** One reconciliation over a raw pg client in 009's json calls, timed by the client clock (the baseline). */
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

/** One reconciliation through the API as the console makes it: add_reconciliation_batch calls of stageChunkSize rows. */
export async function reconcileThroughApi(call: Call, file: ProcessorRow[], fileName: string): Promise<RunTimes> {
  const step = { name: 'start', at: performance.now() };
  try {
    return await reconcileThroughApiSteps(call, file, fileName, step);
  } catch (error) {
    // which call failed, and after how long: a statement timeout says little without it.
    const ms = Math.round(performance.now() - step.at);
    throw new Error(`${step.name} failed after ${ms} ms: ${error instanceof Error ? error.message : JSON.stringify(error)}`, {
      cause: error,
    });
  }
}

async function reconcileThroughApiSteps(
  call: Call,
  file: ProcessorRow[],
  fileName: string,
  step: { name: string; at: number },
): Promise<RunTimes> {
  const t0 = performance.now();
  const [run] = await call('start_reconciliation', { p_provider: 'stripe', p_file_name: fileName, p_kinds: ['payment', 'refund'] });
  const startMs = performance.now() - t0;
  const addMs: number[] = [];
  // as the app sends them: STAGE_IN_FLIGHT calls at a time of stageChunkSize rows, the next chunk built while they run.
  const size = stageChunkSize(file.length, STAGE_IN_FLIGHT);
  const inFlight = new Set<Promise<void>>();
  for (let at = 0; at < file.length; at += size) {
    while (inFlight.size >= STAGE_IN_FLIGHT) await Promise.race(inFlight);
    const t = performance.now();
    const text = file
      .slice(at, at + size)
      .map((row) => batchLine({ ...row, amount: String(row.amount) } satisfies StagedRow))
      .join('\n');
    Object.assign(step, { name: `add_reconciliation_batch of rows ${at + 1}–${at + size}`, at: performance.now() });
    const sent: Promise<void> = call('add_reconciliation_batch', { p_run_id: run!.id, p_rows: text }).then(() => {
      addMs.push(performance.now() - t);
      inFlight.delete(sent);
    });
    sent.catch(() => undefined); // rethrown by the race or the Promise.all below
    inFlight.add(sent);
  }
  await Promise.all(inFlight);
  const t = performance.now();
  Object.assign(step, { name: 'finish_reconciliation', at: t });
  const [outcome] = await call('finish_reconciliation', { p_run_id: run!.id });
  const finishMs = performance.now() - t;
  return { totalMs: performance.now() - t0, startMs, addMs, finishMs, runId: run!.id, outcome: outcome ?? {} };
}

/** The file as a processor's CSV: one column per field, kinds in `Type` (the console detects and maps it). */
function processorCsv(file: ProcessorRow[]): string {
  const lines = file.map((r) => `${r.transaction_id},${r.kind},${r.amount},${r.currency},${r.status},${r.occurred_at}`);
  return `Transaction ID,Type,Amount,Currency,Status,Created (UTC)\n${lines.join('\n')}\n`;
}

interface FileImport {
  previewMs: number;
  runMs: number;
  events: Progress[];
  slowestCallMs: number;
  calls: number;
  outcome: Record<string, unknown>;
}

/** The app's import of `path`: preview (as the person does before importing), then `reconciliation:run` to done. */
async function importFile(call: Call, dir: string, path: string): Promise<FileImport> {
  const durations: number[] = [];
  const timed: Call = async (fn, args) => {
    const t = performance.now();
    try {
      return await call(fn, args);
    } finally {
      durations.push(performance.now() - t);
    }
  };
  const bench = fileBench(timed, dir, () => path, ['reconciliation.run']);
  const handlers = reconciliationFileHandlers(bench.deps);
  const picked = await invoke(handlers['reconciliation:pick-file'], 'reconciliation:pick-file', {});
  const t0 = performance.now();
  const preview = await invoke(handlers['reconciliation:preview'], 'reconciliation:preview', { file_id: picked!.file_id });
  const previewMs = performance.now() - t0;
  if (!preview.mapping || preview.bad_row_count > 0)
    throw new Error(`the bench file did not preview cleanly: ${JSON.stringify(preview.bad_rows.slice(0, 3))}`);
  durations.length = 0;
  const t1 = performance.now();
  const { operation_id, run_id } = await invoke(handlers['reconciliation:run'], 'reconciliation:run', {
    file_id: picked!.file_id,
    provider: 'stripe',
    mapping: preview.mapping,
    kinds: ['payment', 'refund'],
  });
  const events = await bench.finished(operation_id);
  const runMs = performance.now() - t1;
  const [outcome] = await call('get_reconciliation_run', { p_run_id: run_id });
  return { previewMs, runMs, events, slowestCallMs: Math.max(...durations), calls: durations.length, outcome: outcome ?? {} };
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

const OUTCOMES = ['matched', 'amount_mismatch', 'status_mismatch', 'missing_in_humanglue', 'missing_at_processor', 'duplicate_in_file'];
const outcomeText = (o: Record<string, unknown>) => OUTCOMES.map((k) => `${k} ${o[k]}`).join(', ');
const counts = (o: Record<string, unknown>) => OUTCOMES.map((k) => o[k]).join('/');
const ms = (value: number) => Math.round(value);
const runText = (r: RunTimes) =>
  `${ms(r.totalMs)} ms (start ${ms(r.startMs)}, adds ${r.addMs.map(ms).join('/')}, finish ${ms(r.finishMs)})`;

export async function measureReconciliation(client: pg.Client, volume: Volume, log: (line: string) => void): Promise<Result[]> {
  const size = Math.max(200, Math.round(100_000 * volume.scale));
  const file = await processorFile(client, size);
  const finance = BENCH_STAFF.finance;
  const api = await apiAs(client, finance);
  const dir = await mkdtemp(join(tmpdir(), 'hg-bench-reconciliation-'));
  const results: Result[] = [];
  try {
    // through the API: the headline.
    const runs: RunTimes[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await reconcileThroughApi(api.call, file, `stripe-export-${i + 1}.csv`));
    // the raw pg baseline (009's json calls), and the same outcome from both paths.
    const baseline: RunTimes[] = [];
    for (let i = 0; i < RUNS; i++) baseline.push(await reconcile(client, finance, file, `stripe-export-json-${i + 1}.csv`));
    const sample = file.filter((_, i) => i % Math.max(1, Math.floor(file.length / NAIVE_SAMPLE)) === 0).slice(0, NAIVE_SAMPLE);
    const naive: number[] = [];
    for (let i = 0; i < 2; i++) naive.push(((await rowByRow(client, finance, sample)) * file.length) / sample.length);
    const last = runs.at(-1)!;
    const same = counts(last.outcome) === counts(baseline.at(-1)!.outcome);
    const slowest = Math.max(...runs.flatMap((r) => [r.startMs, ...r.addMs, r.finishMs]));
    const totals = stats(runs.map((r) => r.totalMs));
    results.push({
      name: `reconciliation of ${file.length.toLocaleString('en')} rows through the API (start + ${last.addMs.length} batches + finish)`,
      group: 'reconciliation',
      ours: totals,
      oursWall: totals,
      naive: stats(naive),
      naiveNote: `one lookup query per row, timed on ${sample.length} rows and extrapolated to ${file.length} (lookups only: no outcomes saved, no missing-at-processor pass)`,
      target: { p95Ms: 3000, text: '≤ 3 s end to end' },
      notes: [
        `runs (supabase-js → gateway → server): ${runs.map(runText).join('; ')}; slowest call ${ms(slowest)} ms`,
        `outcome: ${outcomeText(last.outcome)}`,
        ...(same ? [] : [`WRONG: the json path's outcome differs: ${outcomeText(baseline.at(-1)!.outcome)}`]),
        ...(slowest > STATEMENT_TIMEOUT_MS
          ? [`WRONG: a call took ${ms(slowest)} ms, over the ${STATEMENT_TIMEOUT_MS} ms statement timeout`]
          : []),
      ],
    });
    log(`  ${results.at(-1)!.name}`);
    const base = stats(baseline.map((r) => r.totalMs));
    results.push({
      name: `reconciliation of ${file.length.toLocaleString('en')} rows, raw pg client in 009's json calls (baseline)`,
      group: 'reconciliation',
      ours: base,
      oursWall: base,
      target: { text: 'baseline (no target)' },
      notes: [`runs: ${baseline.map(runText).join('; ')}`],
    });
    log(`  ${results.at(-1)!.name}`);

    // the app's import of the file as a CSV, at 100k (twice) and 1M rows.
    const path = join(dir, 'processor-export.csv');
    await writeFile(path, processorCsv(file));
    const imports: FileImport[] = [];
    for (let i = 0; i < 2; i++) imports.push(await importFile(api.call, dir, path));
    results.push(importResult(file.length, imports, { p95Ms: 3000, text: '≤ 3 s end to end' }));
    log(`  ${results.at(-1)!.name}`);

    const bigSize = Math.max(2_000, Math.round(1_000_000 * volume.scale));
    const big = await processorFile(client, bigSize);
    const bigPath = join(dir, 'processor-export-1m.csv');
    await writeFile(bigPath, processorCsv(big));
    results.push(importResult(big.length, [await importFile(api.call, dir, bigPath)], { p95Ms: 30_000, text: '≤ 30 s, with progress' }));
    log(`  ${results.at(-1)!.name}`);

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

    results.push(await measurePaymentsExport(client, api.call, dir, Math.max(200, Math.round(100_000 * volume.scale))));
    log(`  ${results.at(-1)!.name}`);
  } finally {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  }
  return results;
}

function importResult(rows: number, imports: FileImport[], target: Result['target']): Result {
  const times = stats(imports.map((i) => i.runMs));
  const last = imports.at(-1)!;
  const running = last.events.filter((e) => e.phase === 'running');
  const slowest = Math.max(...imports.map((i) => i.slowestCallMs));
  return {
    name: `reconciliation of ${rows.toLocaleString('en')} rows imported from a CSV file (the app's reconciliation:run)`,
    group: 'reconciliation',
    ours: times,
    oursWall: times,
    target,
    notes: [
      `runs: ${imports.map((i) => `${ms(i.runMs)} ms (${i.calls} calls, slowest ${ms(i.slowestCallMs)} ms; preview before it ${ms(i.previewMs)} ms)`).join('; ')}`,
      `progress: ${running.length} running events, the last "${running.at(-1)?.message}"`,
      `outcome: ${outcomeText(last.outcome)}`,
      ...(slowest > STATEMENT_TIMEOUT_MS
        ? [`WRONG: a call took ${ms(slowest)} ms, over the ${STATEMENT_TIMEOUT_MS} ms statement timeout`]
        : []),
      ...(last.outcome.status === 'completed' ? [] : ['WRONG: the run did not complete']),
    ],
  };
}

/** The newest `rows` payments exported as the console does it (payments:export-csv), through the API. */
async function measurePaymentsExport(client: pg.Client, call: Call, dir: string, rows: number): Promise<Result> {
  const { rows: found } = await client.query<{ created_at: Date }>(
    `select created_at from public.payments order by created_at desc, id desc offset ${rows - 1} limit 1`,
  );
  const from = found[0]!.created_at.toISOString();
  const bench = fileBench(call, dir, () => null, ['payments.read']);
  const handlers = paymentFileHandlers(bench.deps);
  const times: number[] = [];
  let events: Progress[] = [];
  let bytes = 0;
  for (let i = 0; i < 2; i++) {
    const t = performance.now();
    const { operation_id } = await invoke(handlers['payments:export-csv'], 'payments:export-csv', {
      filters: { from },
      sort: 'created_at',
      desc: true,
    });
    events = await bench.finished(operation_id!);
    times.push(performance.now() - t);
    const saved = events.at(-1)!.result!.file_name!;
    bytes = (await stat(join(dir, saved))).size;
    await rm(join(dir, saved), { force: true });
  }
  const exported = events.at(-1)!.done;
  const s = stats(times);
  return {
    name: `payments CSV export of ${exported.toLocaleString('en')} payments (the app's payments:export-csv, through the API)`,
    group: 'other',
    ours: s,
    oursWall: s,
    target: { p95Ms: 5000, text: '≤ 5 s, with progress' },
    notes: [
      `runs: ${times.map(ms).join(' / ')} ms; ${events.filter((e) => e.phase === 'running').length} progress events; ${(bytes / 2 ** 20).toFixed(1)} MiB`,
      ...(exported === rows ? [] : [`WRONG: exported ${exported} of ${rows} payments`]),
    ],
  };
}
