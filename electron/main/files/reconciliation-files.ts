// Reconciliation channels that touch files: pick-file (dialog → file id), preview (headers, detected format and
// mapping, a sample, the bad rows), run (stages and matches the rows in chunks through
// console.add_reconciliation_batch and finishes the run in SQL, in the background), cancel, and export (a finished
// run's items → CSV, 5 000 a call through console.export_reconciliation_items).
import { basename } from 'node:path';
import type { Cursor } from '../../../shared/ipc/common.js';
import type { ChannelOutput, ParsedInput } from '../../../shared/ipc/contract.js';
import { IpcFailure } from '../ipc/errors.js';
import type { reconciliationFileChannels } from '../../../shared/ipc/reconciliation.js';
import type { Capability } from '../../../shared/ipc/capabilities.js';
import type { DomainHandlers } from '../ipc/handlers.js';
import { one, type FnRow } from '../services/rpc.js';
import { requireCapability, safeFileName } from './access.js';
import { readCsv, sniffCsv, type CsvShape } from './csv-read.js';
import { csvLine, decimal, fileFailure, UTF8_BOM } from './csv-write.js';
import { CSV_FILTERS, type FileDeps } from './deps.js';
import { startCsvExport } from './export.js';
import type { PickedFile } from './file-registry.js';
import type { OperationContext } from './operations.js';
import { batchLine, createConverter } from './processor-rows.js';
import { interruptedImportHandlers } from './reconciliation-interrupted.js';
import { convertRecord, headerProblem, scanFile, scanKey, tooManyRows, MAX_ROWS, type ScanSummary } from './reconciliation-scan.js';

type Totals = ChannelOutput<'reconciliation:get-run'>['totals'];

/** Rows per console.add_reconciliation_batch call (it takes up to 50 000): each call matches its rows, so 20 000
 * keeps a call well under a second and the progress moving, and the file is read while the database works. */
export const STAGE_CHUNK = 20_000;
/** add_reconciliation_batch calls of a run in flight at once on a project: the database stages them side by side
 * (024) while the next chunk is read. So a later call may be staged and an earlier one not, when the import stops
 * between. The local backend takes one at a time (FileDeps.parallelCalls). */
export const STAGE_IN_FLIGHT = 2;
/** Items per console.export_reconciliation_items call (it takes up to 10 000): 20 calls for a 100k-row run. */
const EXPORT_CHUNK = 5_000;
const MAX_FILE_BYTES = 256 * 1024 * 1024;
const SCANS_KEPT = 4;
const CAPABILITY: Capability = 'reconciliation.run';

const count = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

/** The run's file_name: 1–255 characters without control characters, as start_reconciliation requires. */
function runFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').trim();
  return (cleaned === '' ? 'export.csv' : cleaned).slice(0, 255);
}

async function openCsv(deps: FileDeps, file: Pick<PickedFile, 'path' | 'name'>) {
  const version = await deps.registry.version(file);
  if (version.size > MAX_FILE_BYTES) {
    throw new IpcFailure('validation', `${file.name} is larger than 256 MB. Export a shorter period and import each part.`, {
      field: 'file_id',
    });
  }
  let shape: CsvShape;
  try {
    shape = await sniffCsv(file.path, file.name);
  } catch (error) {
    throw fileFailure(error, file.name, 'read');
  }
  return { version, shape };
}

function remember(file: PickedFile, key: string, summary: ScanSummary): void {
  file.scans.delete(key);
  file.scans.set(key, summary);
  while (file.scans.size > SCANS_KEPT) file.scans.delete(file.scans.keys().next().value!);
}

/**
 * Rows per call for `rows` readable rows sent `inFlight` calls at a time: at most STAGE_CHUNK, and when it takes more
 * than one call, as many calls as a whole number of rounds, all of one size, so the last round is not one call on its
 * own while the database's other connection idles (100 000 rows: six calls of 16 667 in three pairs, not five of
 * 20 000 with the fifth alone).
 */
export function stageChunkSize(rows: number, inFlight: number): number {
  const calls = Math.ceil(rows / STAGE_CHUNK);
  if (calls <= 1 || inFlight <= 1) return STAGE_CHUNK;
  return Math.ceil(rows / (Math.ceil(calls / inFlight) * inFlight));
}

export interface StageJob {
  file: Pick<PickedFile, 'path' | 'name'>;
  shape: CsvShape;
  input: Pick<ParsedInput<'reconciliation:run'>, 'provider' | 'mapping' | 'kinds'>;
  summary: ScanSummary;
  expectedBad: number;
  runId: string;
  /** Readable rows already staged in the run (a resumed import): skipped, then the rest is staged. */
  skip?: number;
}

/** Reads the file again with the chosen mapping and stages its readable rows (stageChunkSize a call), then finishes. Each
 * chunk goes as add_reconciliation_batch's text (a line per row), which SQL splits once instead of reading a JSON
 * object per row. */
export async function stageAndFinish(deps: Pick<FileDeps, 'call' | 'journal' | 'parallelCalls'>, ctx: OperationContext, job: StageJob) {
  const { call } = deps;
  const inFlightMax = Math.min(STAGE_IN_FLIGHT, deps.parallelCalls ?? STAGE_IN_FLIGHT);
  const { file, input, summary, runId } = job;
  // A resumed import may hold a later call's rows without an earlier one's (see STAGE_IN_FLIGHT): it sends again
  // from before the rows that may be missing, and the database skips the lines it already holds with the same values.
  const skip = Math.max(0, (job.skip ?? 0) - STAGE_CHUNK * (STAGE_IN_FLIGHT - 1));
  const chunkSize = stageChunkSize(summary.row_count - job.expectedBad - skip, inFlightMax);
  const converter = createConverter({ headers: summary.headers, provider: input.provider, mapping: input.mapping, kinds: input.kinds });
  const changed = () =>
    new IpcFailure(
      'conflict',
      `${file.name} changed while it was being imported. The run was left open and unreconciled; preview the file again and start a new run.`,
    );
  let processed = 0;
  let bad = 0;
  let sent = 0;
  let staged = job.skip ?? 0;
  let shown = 0;
  let readable = 0;
  let header = true;
  let chunk: string[] = [];
  // Up to inFlightMax calls in flight while the next chunk is read and converted: parsing overlaps the database's
  // work, and at most that many chunks and the one being read are held in memory.
  const inFlight = new Set<Promise<void>>();
  let failed: { error: unknown } | undefined;
  const settled = async () => {
    await Promise.all(inFlight);
    if (failed) throw failed.error;
  };
  const flush = async () => {
    while (inFlight.size >= inFlightMax) await Promise.race(inFlight);
    if (failed) throw failed.error;
    ctx.checkCancelled();
    const rows = chunk;
    const upTo = processed;
    chunk = [];
    sent += rows.length;
    const call$: Promise<void> = call('add_reconciliation_batch', { p_run_id: runId, p_rows: rows.join('\n') })
      .then((result) => {
        staged = Math.max(staged, one(result, 'The reconciliation run').row_count);
        shown = Math.max(shown, upTo);
        ctx.progress(shown, `${plural(staged, 'row')} staged`, { force: true });
      })
      .catch((error: unknown) => {
        // the first failure ends the import: no more calls are sent, and it is thrown once the others are done.
        failed ??= { error };
      })
      .finally(() => inFlight.delete(call$));
    inFlight.add(call$);
  };

  try {
    for await (const batch of readCsv(file.path, job.shape)) {
      ctx.checkCancelled();
      for (const record of batch) {
        if (header) {
          header = false;
          if (record.problem) throw headerProblem(file.name, record.problem);
          if (JSON.stringify(record.cells) !== JSON.stringify(summary.headers)) throw changed();
          continue;
        }
        if (++processed > MAX_ROWS) throw tooManyRows(file.name);
        const converted = convertRecord(converter, record);
        // A resumed import skips the readable rows its run surely holds (see `skip`).
        if (converted.ok) {
          if (++readable > skip) chunk.push(batchLine(converted.row));
        } else if (++bad > job.expectedBad) throw changed();
        if (chunk.length === chunkSize) await flush();
      }
    }
  } catch (error) {
    await Promise.all(inFlight);
    throw fileFailure(error, file.name, 'read');
  }
  if (chunk.length > 0) await flush();
  await settled();
  if (processed !== summary.row_count || bad !== job.expectedBad || (sent === 0 && staged === 0)) throw changed();

  ctx.commit();
  ctx.progress(processed, 'Matching the rows against HumanGlue payments and refunds…', { force: true });
  const run = one(await call('finish_reconciliation', { p_run_id: runId }), 'The reconciliation run');
  await deps.journal?.forgetImport(runId).catch(() => undefined);
  return { run_id: run.id, file_name: null };
}

export function reconciliationFileHandlers(deps: FileDeps): DomainHandlers<typeof reconciliationFileChannels> {
  const { files, auth, call, registry, operations, journal } = deps;

  return {
    'reconciliation:pick-file': async () => {
      requireCapability(auth, CAPABILITY);
      const path = await files.chooseOpenFile({ title: 'Choose a Stripe or PayPal export (CSV)', filters: CSV_FILTERS });
      if (path === null) return null;
      const { version } = await openCsv(deps, { path, name: basename(path) });
      const file = registry.add(path);
      return { file_id: file.id, file_name: file.name, size_bytes: version.size };
    },

    'reconciliation:preview': async (input) => {
      requireCapability(auth, CAPABILITY);
      const file = registry.get(input.file_id);
      const { version, shape } = await openCsv(deps, file);
      const scan = await scanFile(file, shape, { provider: input.provider, mapping: input.mapping });
      if (scan.mapping) {
        const { headers, row_count, bad_row_count, kinds } = scan;
        remember(file, scanKey(version, scan.provider, scan.mapping), { headers, row_count, bad_row_count, kinds });
      }
      return {
        file_name: file.name,
        headers: scan.headers,
        provider: scan.provider,
        mapping: scan.mapping,
        kinds: (['payment', 'refund'] as const).filter((kind) => scan.kinds[kind] > 0),
        sample: scan.sample,
        row_count: scan.row_count,
        bad_rows: scan.bad_rows,
        bad_row_count: scan.bad_row_count,
      };
    },

    'reconciliation:run': async (input) => {
      requireCapability(auth, CAPABILITY);
      const file = registry.get(input.file_id);
      const { version, shape } = await openCsv(deps, file);
      const key = scanKey(version, input.provider, input.mapping);
      let summary = file.scans.get(key) as ScanSummary | undefined;
      if (!summary) {
        // No preview under this mapping (or the file changed since): read it once first, to know what is left out.
        const { headers, row_count, bad_row_count, kinds } = await scanFile(file, shape, {
          provider: input.provider,
          mapping: input.mapping,
          sampleSize: 0,
          badRowsListed: 0,
        });
        summary = { headers, row_count, bad_row_count, kinds };
        remember(file, key, summary);
      }
      const left = (['payment', 'refund'] as const).filter((kind) => !input.kinds.includes(kind) && summary.kinds[kind] > 0);
      const excluded = left.reduce((sum, kind) => sum + summary.kinds[kind], 0);
      const expectedBad = summary.bad_row_count + excluded;
      if (summary.row_count - expectedBad <= 0) {
        const why = excluded > 0 ? { field: 'kinds' } : { field: 'file_id' };
        const text =
          summary.row_count === 0
            ? `${file.name} has no rows under its header.`
            : `${summary.row_count === 1 ? 'The only row' : `None of the ${plural(summary.row_count, 'row')}`} of ${file.name} can${summary.row_count === 1 ? 'not' : ''} be imported${excluded > 0 ? ` as ${input.kinds.join(' and ')} rows` : ''}. Check the column mapping.`;
        throw new IpcFailure('validation', text, why);
      }
      if (expectedBad > 0 && input.accept_bad_rows !== true) {
        const parts = [
          summary.bad_row_count > 0 ? `${plural(summary.bad_row_count, 'row')} cannot be read (listed in the preview)` : null,
          excluded > 0 ? `${plural(excluded, `${left.join(' and ')} row`)} are not among the kinds chosen` : null,
        ].filter(Boolean);
        throw new IpcFailure(
          'validation',
          `${parts.join(' and ')}: confirm leaving ${expectedBad === 1 ? 'it' : 'them'} out to import the other ${plural(summary.row_count - expectedBad, 'row')}.`,
          { field: 'accept_bad_rows', details: { bad_row_count: summary.bad_row_count, excluded_by_kind: excluded } },
        );
      }

      operations.ensureCapacity(); // before the run exists: a refused start must not leave an empty open run
      const run = one(
        await call('start_reconciliation', { p_provider: input.provider, p_file_name: runFileName(file.name), p_kinds: input.kinds }),
        'The reconciliation run',
      );
      const total = summary.row_count;
      const job = { file, shape, input, summary, expectedBad, runId: run.id };
      // Kept until the run is finished, so that a run this import leaves open (the app killed or quit, a cancel, a
      // failure) can be resumed from the same file. Without the record it can still be discarded.
      await journal
        ?.saveImport({
          run_id: run.id,
          user_id: auth.status().user?.id ?? null,
          path: file.path,
          name: file.name,
          size: version.size,
          mtimeMs: version.mtimeMs,
          provider: input.provider,
          mapping: input.mapping,
          kinds: input.kinds,
          ...(input.accept_bad_rows !== undefined ? { accept_bad_rows: input.accept_bad_rows } : {}),
          summary,
          expected_bad: expectedBad,
          expected_rows: summary.row_count - expectedBad,
        })
        .catch(() => undefined);
      const operation_id = operations.start(
        'reconciliation-run',
        {
          total,
          subject: { run_id: run.id, file_name: file.name },
          message: `Importing ${file.name}`,
          cancelledMessage: (done) =>
            `Import cancelled after ${count(done)} of ${plural(total, 'row')}. The run was left open and unreconciled: resume or discard it under "Interrupted imports".`,
        },
        (ctx) => stageAndFinish(deps, ctx, job),
      );
      return { operation_id, run_id: run.id };
    },

    'reconciliation:running': async () => ({
      imports: operations.running(['reconciliation-run']).map((op) => ({
        operation_id: op.operation_id,
        run_id: op.subject.run_id,
        file_name: op.subject.file_name,
        event: op.event,
      })),
    }),

    ...interruptedImportHandlers(deps),

    'reconciliation:cancel': async (input) => ({
      cancelled: operations.cancel(input.operation_id, ['reconciliation-run', 'reconciliation-export']),
    }),

    'reconciliation:export-csv': async (input) => {
      const { outcome, kind } = input.filters;
      const run = one(await call('get_reconciliation_run', { p_run_id: input.run_id }), 'The reconciliation run');
      if (run.status !== 'completed') {
        throw new IpcFailure('conflict', 'This run has not finished, so it has no results to export yet.');
      }
      const total = (run.totals as Totals)
        .filter((row) => (!outcome || row.outcome === outcome) && (!kind || row.kind === kind))
        .reduce((sum, row) => sum + row.count, 0);
      const defaultName = safeFileName(
        `reconciliation-${run.provider}-${run.created_at.slice(0, 10)}${outcome ? `-${outcome}` : ''}${kind ? `-${kind}` : ''}`,
        'csv',
      );
      return startCsvExport<FnRow<'export_reconciliation_items'>>(deps, {
        kind: 'reconciliation-export',
        title: 'Export reconciliation results',
        defaultName,
        total,
        header: UTF8_BOM + csvLine(ITEM_COLUMNS),
        page: (after) =>
          call('export_reconciliation_items', {
            p_run_id: input.run_id,
            p_outcome: outcome,
            p_kind: kind,
            p_desc: false,
            p_after: after,
            p_limit: EXPORT_CHUNK,
          }),
        pageSize: EXPORT_CHUNK,
        line: itemLine,
        cursorOf: (row) => row.cursor as Cursor,
      });
    },
  };
}

const ITEM_COLUMNS = [
  'line',
  'outcome',
  'kind',
  'transaction_id',
  'occurred_at',
  'processor_amount',
  'processor_currency',
  'processor_status',
  'payment_id',
  'refund_id',
  'hg_amount',
  'hg_currency',
  'hg_status',
  'hg_created_at',
];

type ItemRow = {
  line: number | null;
  outcome: string;
  kind: string;
  transaction_id: string;
  occurred_at: string | null;
  processor_amount: number | null;
  processor_currency: string | null;
  processor_status: string | null;
  payment_id: string | null;
  refund_id: string | null;
  hg_amount: number | null;
  hg_currency: string | null;
  hg_status: string | null;
  hg_created_at: string | null;
};

function itemLine(row: ItemRow): string {
  return csvLine([
    row.line,
    row.outcome,
    row.kind,
    row.transaction_id,
    row.occurred_at,
    decimal(row.processor_amount, 2),
    row.processor_currency,
    row.processor_status,
    row.payment_id,
    row.refund_id,
    decimal(row.hg_amount, 2),
    row.hg_currency,
    row.hg_status,
    row.hg_created_at,
  ]);
}
