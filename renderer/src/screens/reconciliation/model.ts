// Pure shaping for the reconciliation screen: outcome names and tones, a run's totals grouped by currency, the
// column-mapping draft the person edits, and the progress of a long operation. No React here, so it is unit-tested.
import type { z } from 'zod';
import type { ChannelOutput } from '../../../../shared/ipc/contract';
import type { columnMapping, outcome, processor, recordKind } from '../../../../shared/ipc/reconciliation';

export type Outcome = z.output<typeof outcome>;
export type Processor = z.output<typeof processor>;
export type RecordKind = z.output<typeof recordKind>;
export type ColumnMapping = z.output<typeof columnMapping>;
export type Run = ChannelOutput<'reconciliation:get-run'>;
export type Preview = ChannelOutput<'reconciliation:preview'>;
export type { Progress } from '../../data/operation';

export const OUTCOMES: readonly Outcome[] = [
  'matched',
  'amount_mismatch',
  'status_mismatch',
  'missing_in_humanglue',
  'missing_at_processor',
  'duplicate_in_file',
];

export const OUTCOME_LABEL: Record<Outcome, string> = {
  matched: 'Matched',
  amount_mismatch: 'Amount mismatch',
  status_mismatch: 'Status mismatch',
  missing_in_humanglue: 'Missing in HumanGlue',
  missing_at_processor: 'Missing at processor',
  duplicate_in_file: 'Duplicate in file',
};

/** What each outcome asks of finance: nothing (ok), a look (warn), or a fix (danger). */
export const OUTCOME_TONE: Record<Outcome, 'ok' | 'warn' | 'danger' | 'info'> = {
  matched: 'ok',
  amount_mismatch: 'danger',
  status_mismatch: 'warn',
  missing_in_humanglue: 'danger',
  missing_at_processor: 'danger',
  duplicate_in_file: 'info',
};

export const PROCESSOR_LABEL: Record<Processor, string> = { stripe: 'Stripe', paypal: 'PayPal' };

export function isOutcome(value: string): value is Outcome {
  return (OUTCOMES as readonly string[]).includes(value);
}

export function outcomeLabel(value: string): string {
  return isOutcome(value) ? OUTCOME_LABEL[value] : value;
}

export function processorLabel(value: string): string {
  return value === 'stripe' || value === 'paypal' ? PROCESSOR_LABEL[value] : value;
}

/** Rows that need someone's attention: every outcome but matched. */
export function issueCount(run: Pick<Run, Outcome>): number {
  return OUTCOMES.filter((o) => o !== 'matched').reduce((sum, o) => sum + run[o], 0);
}

export interface CurrencyLine {
  outcome: Outcome | string;
  count: number;
  /** null when no item of the line has that side (nothing in HumanGlue for missing_in_humanglue). */
  processor_amount: number | null;
  hg_amount: number | null;
}
export interface CurrencyTotals {
  currency: string;
  lines: CurrencyLine[];
  count: number;
  processor_amount: number;
  hg_amount: number;
}

type Sum = { count: number; p: number | null; h: number | null };
// Sums go through integer cents so 0.1 + 0.2 never shows as 0.30000000000000004.
const addCents = (sum: number | null, value: number | null) => (value === null ? sum : (sum ?? 0) + Math.round(value * 100));
const fromCents = (value: number | null) => (value === null ? null : value / 100);

/** The run's totals (per currency, kind and outcome) summed per currency and outcome, outcomes in their fixed order. */
export function totalsByCurrency(totals: Run['totals']): CurrencyTotals[] {
  const byCurrency = new Map<string, Map<string, Sum>>();
  for (const row of totals) {
    const lines = byCurrency.get(row.currency) ?? new Map<string, Sum>();
    byCurrency.set(row.currency, lines);
    const line = lines.get(row.outcome) ?? { count: 0, p: null, h: null };
    line.count += row.count;
    line.p = addCents(line.p, row.processor_amount);
    line.h = addCents(line.h, row.hg_amount);
    lines.set(row.outcome, line);
  }
  const rank = (o: string) => (isOutcome(o) ? OUTCOMES.indexOf(o) : OUTCOMES.length);
  return [...byCurrency.keys()].sort().map((currency) => {
    const entries = [...byCurrency.get(currency)!.entries()].sort((a, b) => rank(a[0]) - rank(b[0]));
    return {
      currency,
      lines: entries.map(([o, v]) => ({ outcome: o, count: v.count, processor_amount: fromCents(v.p), hg_amount: fromCents(v.h) })),
      count: entries.reduce((sum, [, v]) => sum + v.count, 0),
      processor_amount: entries.reduce((sum, [, v]) => sum + (v.p ?? 0), 0) / 100,
      hg_amount: entries.reduce((sum, [, v]) => sum + (v.h ?? 0), 0) / 100,
    };
  });
}

// ---- the column mapping the person edits ----

export const MAPPED_FIELDS = ['transaction_id', 'amount', 'currency', 'status', 'occurred_at'] as const;
export type MappedField = (typeof MAPPED_FIELDS)[number];

export const FIELD_LABEL: Record<MappedField, string> = {
  transaction_id: 'Transaction id',
  amount: 'Amount',
  currency: 'Currency',
  status: 'Status',
  occurred_at: 'Date (when it happened)',
};

/** Every field a header name or '' (not chosen yet); `kind` is `column:<header>`, `fixed:payment` or `fixed:refund`. */
export type MappingDraft = Record<MappedField, string> & { kind: string };

export const EMPTY_DRAFT: MappingDraft = {
  transaction_id: '',
  amount: '',
  currency: '',
  status: '',
  occurred_at: '',
  kind: 'fixed:payment',
};

export function draftFromMapping(mapping: ColumnMapping | null, headers: readonly string[]): MappingDraft {
  if (!mapping) return { ...EMPTY_DRAFT };
  const known = (header: string) => (headers.includes(header) ? header : '');
  return {
    transaction_id: known(mapping.transaction_id),
    amount: known(mapping.amount),
    currency: known(mapping.currency),
    status: known(mapping.status),
    occurred_at: known(mapping.occurred_at),
    kind: 'column' in mapping.kind ? `column:${mapping.kind.column}` : `fixed:${mapping.kind.fixed}`,
  };
}

export type DraftResult = { ok: true; mapping: ColumnMapping } | { ok: false; missing: MappedField[] };

export function mappingFromDraft(draft: MappingDraft): DraftResult {
  const missing = MAPPED_FIELDS.filter((field) => draft[field] === '');
  const kindColumn = draft.kind.startsWith('column:') ? draft.kind.slice('column:'.length) : null;
  if (missing.length > 0 || kindColumn === '') return { ok: false, missing };
  const kind: ColumnMapping['kind'] =
    kindColumn !== null ? { column: kindColumn } : { fixed: draft.kind === 'fixed:refund' ? 'refund' : 'payment' };
  return {
    ok: true,
    mapping: {
      transaction_id: draft.transaction_id,
      amount: draft.amount,
      currency: draft.currency,
      status: draft.status,
      occurred_at: draft.occurred_at,
      kind,
    },
  };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Where a bad row went wrong, in the file's terms: "Amount (Gross)", or the whole row when it cannot be split. */
export function badRowColumn(field: string | null, mapping: ColumnMapping | null): string {
  if (field === null) return 'Whole row';
  if (field === 'kind') return mapping && 'column' in mapping.kind ? `Kind (${mapping.kind.column})` : 'Kind';
  if (!(MAPPED_FIELDS as readonly string[]).includes(field)) return field;
  const label = FIELD_LABEL[field as MappedField].replace(/ \(.*\)$/, '');
  const header = mapping?.[field as MappedField];
  return header ? `${label} (${header})` : label;
}

/** A preview or run refused on `mapping.<field>` names the form control to mark. */
export function mappingFieldOf(errorField: string | undefined): MappedField | 'kind' | null {
  const name = errorField?.startsWith('mapping.') ? errorField.slice('mapping.'.length).split('.')[0] : undefined;
  if (name === 'kind') return 'kind';
  return name && (MAPPED_FIELDS as readonly string[]).includes(name) ? (name as MappedField) : null;
}

/** How many items a filter shows, from the run's totals (which count every item by currency, kind and outcome). */
export function itemCount(run: Pick<Run, 'totals'>, filter: { outcome?: string | undefined; kind?: string | undefined }): number {
  return run.totals
    .filter((row) => (!filter.outcome || row.outcome === filter.outcome) && (!filter.kind || row.kind === filter.kind))
    .reduce((sum, row) => sum + row.count, 0);
}

/** What an interrupted import holds, in words: "12,000 of 30,000 rows staged", or that only the matching is left. */
export function interruptedProgress(run: { staged_rows: number; expected_rows: number | null }): string {
  const rows = (n: number) => `${n.toLocaleString('en')} ${n === 1 ? 'row' : 'rows'}`;
  if (run.expected_rows === null) return `${rows(run.staged_rows)} staged`;
  if (run.staged_rows >= run.expected_rows) return `all ${rows(run.expected_rows)} staged; only the matching is left`;
  return `${run.staged_rows.toLocaleString('en')} of ${rows(run.expected_rows)} staged`;
}
