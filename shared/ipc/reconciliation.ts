// Reconciliation channels. The renderer never sends a path or file contents: main opens the file dialog and keeps
// the chosen file behind a `file_id`, so a compromised renderer cannot read arbitrary files or push 100k rows
// through IPC. Main parses the CSV, stages and matches rows with console.add_reconciliation_batch and finishes the run in SQL.
import { z } from 'zod';
import { eventSchemas } from './result.js';
import {
  cancelInput,
  cancelOutput,
  countOutput,
  cursor,
  id,
  page,
  paging,
  requiredText,
  startedOperation,
  type ArgsCovered,
  type Expect,
  type RowMatches,
} from './common.js';

export const processor = z.enum(['stripe', 'paypal']);
export const recordKind = z.enum(['payment', 'refund']);
export const outcome = z.enum([
  'matched',
  'amount_mismatch',
  'status_mismatch',
  'missing_in_humanglue',
  'missing_at_processor',
  'duplicate_in_file',
]);
export const kinds = z.array(recordKind).min(1).max(2);
const header = requiredText(200);

/** Which CSV header feeds each field. `kind` is either a column or one kind for the whole file. */
export const columnMapping = z.strictObject({
  transaction_id: header,
  amount: header,
  currency: header,
  status: header,
  occurred_at: header,
  kind: z.union([z.strictObject({ column: header }), z.strictObject({ fixed: recordKind })]),
});

const fileRef = z.strictObject({ file_id: id });

export const runRow = z.object({
  id,
  provider: z.string(),
  file_name: z.string(),
  kinds: z.array(z.string()),
  status: z.string(),
  created_by: z.string().nullable(),
  created_by_name: z.string().nullable(),
  created_by_email: z.string().nullable(),
  created_at: z.string(),
  completed_at: z.string().nullable(),
  row_count: z.number().int(),
  matched: z.number().int(),
  amount_mismatch: z.number().int(),
  status_mismatch: z.number().int(),
  missing_in_humanglue: z.number().int(),
  missing_at_processor: z.number().int(),
  duplicate_in_file: z.number().int(),
  totals: z.array(
    z.object({
      currency: z.string(),
      kind: z.string(),
      outcome: z.string(),
      count: z.number().int(),
      processor_amount: z.number().nullable(),
      hg_amount: z.number().nullable(),
    }),
  ),
  period_from: z.string().nullable(),
  period_to: z.string().nullable(),
});
type _Run = Expect<RowMatches<typeof runRow, 'get_reconciliation_run'>>;
const runListRow = runRow.extend({ cursor });
type _RunList = Expect<RowMatches<typeof runListRow, 'list_reconciliation_runs'>>;

const itemRow = z.object({
  run_id: z.string(),
  seq: z.number().int(),
  outcome: z.string(),
  kind: z.string(),
  transaction_id: z.string(),
  line: z.number().int().nullable(),
  occurred_at: z.string().nullable(),
  processor_amount: z.number().nullable(),
  processor_currency: z.string().nullable(),
  processor_status: z.string().nullable(),
  payment_id: z.string().nullable(),
  refund_id: z.string().nullable(),
  hg_amount: z.number().nullable(),
  hg_currency: z.string().nullable(),
  hg_status: z.string().nullable(),
  hg_created_at: z.string().nullable(),
  cursor,
});
type _Item = Expect<RowMatches<typeof itemRow, 'list_reconciliation_items'>>;

const runFilters = z.strictObject({
  provider: processor.optional(),
  status: z.enum(['open', 'completed']).optional(),
  created_by: id.optional(),
});
type _RunFilterArgs = Expect<ArgsCovered<keyof z.input<typeof runFilters> & string, 'count_reconciliation_runs'>>;

const itemFilters = z.strictObject({ outcome: outcome.optional(), kind: recordKind.optional() });

/** A row that could not be read, with its line number and why: bad rows are listed, never silently dropped. */
const badRow = z.object({ line: z.number().int(), field: z.string().nullable(), reason: z.string() });

export const reconciliationChannels = {
  'reconciliation:list-runs': {
    input: z.strictObject({ filters: runFilters, ...paging }),
    output: page(runListRow),
  },
  'reconciliation:count-runs': { input: z.strictObject({ filters: runFilters }), output: countOutput },
  'reconciliation:get-run': { input: z.strictObject({ run_id: id }), output: runRow },
  'reconciliation:list-items': {
    input: z.strictObject({ run_id: id, filters: itemFilters, ...paging }),
    output: page(itemRow),
  },
} as const;

/** Channels that read or write files or run in the background: main's files/ answers them. */
export const reconciliationFileChannels = {
  /** Opens the file dialog in main; null when the user cancels it. */
  'reconciliation:pick-file': {
    input: z.strictObject({}),
    output: z.object({ file_id: id, file_name: z.string(), size_bytes: z.number().int().min(0) }).nullable(),
  },
  /** Headers, a suggested mapping and provider, a sample of parsed rows and the bad rows under `mapping`. */
  'reconciliation:preview': {
    input: fileRef.extend({ provider: processor.optional(), mapping: columnMapping.optional() }),
    output: z.object({
      file_name: z.string(),
      headers: z.array(z.string()),
      provider: processor.nullable(),
      mapping: columnMapping.nullable(),
      kinds: z.array(recordKind),
      sample: z.array(
        z.object({
          line: z.number().int(),
          kind: z.string(),
          transaction_id: z.string(),
          amount: z.string(),
          currency: z.string(),
          status: z.string(),
          occurred_at: z.string(),
        }),
      ),
      row_count: z.number().int().min(0),
      bad_rows: z.array(badRow),
      bad_row_count: z.number().int().min(0),
    }),
  },
  /** Starts the run (its id comes back at once) and stages rows in the background (progress kind
   * `reconciliation-run`); `accept_bad_rows` must be set when the preview listed bad rows. */
  'reconciliation:run': {
    input: fileRef.extend({
      provider: processor,
      mapping: columnMapping,
      kinds,
      accept_bad_rows: z.boolean().optional(),
    }),
    output: z.object({ operation_id: id, run_id: id }),
  },
  /** Imports still running in main, so the screen shows one again after the person navigated away and back. */
  'reconciliation:running': {
    input: z.strictObject({}),
    output: z.object({
      imports: z.array(
        z.object({
          operation_id: id,
          run_id: id.nullable(),
          file_name: z.string().nullable(),
          event: eventSchemas.progress.nullable(),
        }),
      ),
    }),
  },
  /** The caller's runs that stopped part-way (the app was killed or quit, the run was cancelled or failed): open
   * runs this app is not working on. `can_resume` when every row is staged (finishing is left), or
   * when the file it was started with is still there, unchanged, to stage the rest; `resume_note` says why not. */
  'reconciliation:interrupted': {
    input: z.strictObject({}),
    output: z.object({
      runs: z.array(
        z.object({
          run_id: id,
          provider: z.string(),
          file_name: z.string(),
          created_at: z.string(),
          staged_rows: z.number().int().min(0),
          /** Rows the run stages in all; null when this app did not start it (another computer, an older version). */
          expected_rows: z.number().int().min(0).nullable(),
          can_resume: z.boolean(),
          resume_note: z.string().nullable(),
        }),
      ),
    }),
  },
  /** Stages the rest of an interrupted run from the same file and finishes it (progress kind `reconciliation-run`). */
  'reconciliation:resume': {
    input: z.strictObject({ run_id: id }),
    output: z.object({ operation_id: id, run_id: id }),
  },
  /** Throws away an interrupted run and its staged rows (console.discard_reconciliation_run). */
  'reconciliation:discard': {
    input: z.strictObject({ run_id: id }),
    output: z.object({ run_id: id, file_name: z.string(), staged_rows: z.number().int().min(0) }),
  },
  'reconciliation:cancel': { input: cancelInput, output: cancelOutput },
  /** Saves a run's items as CSV (progress kind `reconciliation-export`); cancel with reconciliation:cancel. */
  'reconciliation:export-csv': {
    input: z.strictObject({ run_id: id, filters: itemFilters }),
    output: startedOperation,
  },
} as const;
