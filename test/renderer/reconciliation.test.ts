// The reconciliation screen's pure parts: table columns, remembered filters and their channel input, the column
// mapping draft, totals per currency, progress, and how bad rows name their column.
import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/ipc/contract';
import { itemColumns, RUN_COLUMNS_HIDDEN, runColumns } from '../../renderer/src/screens/reconciliation/columns';
import {
  ITEM_FILTER_DEFAULTS,
  itemFilterState,
  itemFiltersInput,
  RUN_FILTER_DEFAULTS,
  runFilterState,
  runFiltersInput,
} from '../../renderer/src/screens/reconciliation/filters';
import {
  badRowColumn,
  draftFromMapping,
  EMPTY_DRAFT,
  interruptedProgress,
  issueCount,
  itemCount,
  mappingFieldOf,
  mappingFromDraft,
  OUTCOME_LABEL,
  OUTCOMES,
  totalsByCurrency,
  type ColumnMapping,
  type Progress,
  type Run,
} from '../../renderer/src/screens/reconciliation/model';
import { progressView, rememberProgress } from '../../renderer/src/data/operation';
import { readPersisted } from '../../renderer/src/ui/persisted';
import { outcome } from '../../shared/ipc/reconciliation';

const ids = (columns: readonly { id?: string }[]) => columns.map((column) => column.id);

describe('reconciliation columns', () => {
  it('lists the past runs with who, when, file, processor and counts, none sortable (the list takes no sort)', () => {
    expect(ids(runColumns)).toEqual([
      'created_at',
      'created_by',
      'file_name',
      'provider',
      'status',
      'row_count',
      'matched',
      'issues',
      'period',
    ]);
    expect(runColumns.every((column) => column.enableSorting === false)).toBe(true);
    expect('sort' in contract['reconciliation:list-runs'].input.shape).toBe(false);
    expect(runColumns.every((column) => column.meta?.label)).toBe(true);
    expect(Object.keys(RUN_COLUMNS_HIDDEN).every((id) => ids(runColumns).includes(id))).toBe(true);
  });

  it('lists the items in file order with both sides of each comparison, none sortable', () => {
    expect(ids(itemColumns)).toEqual([
      'line',
      'outcome',
      'kind',
      'transaction_id',
      'occurred_at',
      'processor_amount',
      'hg_amount',
      'status',
    ]);
    expect(itemColumns.every((column) => column.enableSorting === false)).toBe(true);
    expect('sort' in contract['reconciliation:list-items'].input.shape).toBe(false);
  });

  it('names every outcome the contract knows, in its order', () => {
    expect(OUTCOMES).toEqual(outcome.options);
    expect(Object.keys(OUTCOME_LABEL).sort()).toEqual([...outcome.options].sort());
  });
});

describe('reconciliation filters', () => {
  const store = new Map<string, string>();
  globalThis.localStorage = {
    getItem: (key: string) => store.get(key) ?? null,
    setItem: (key: string, value: string) => void store.set(key, value),
  } as Storage;

  it.each([
    ['a saved state', { provider: 'paypal', status: 'completed' }, { provider: 'paypal', status: 'completed' }],
    ['an unknown processor', { provider: 'adyen', status: 'open' }, RUN_FILTER_DEFAULTS],
    ['a missing field', { provider: 'stripe' }, RUN_FILTER_DEFAULTS],
    ['not an object', 'garbage', RUN_FILTER_DEFAULTS],
  ])('reads back %s of the past-runs filters', (_name, saved, expected) => {
    store.set('hg.console.test.runs', JSON.stringify(saved));
    expect(readPersisted('test.runs', runFilterState, RUN_FILTER_DEFAULTS)).toEqual(expected);
  });

  it('falls back to the defaults when the stored text is not JSON', () => {
    store.set('hg.console.test.items', '{not json');
    expect(readPersisted('test.items', itemFilterState, ITEM_FILTER_DEFAULTS)).toEqual(ITEM_FILTER_DEFAULTS);
    store.set('hg.console.test.items', JSON.stringify({ outcome: 'lost', kind: 'all' }));
    expect(readPersisted('test.items', itemFilterState, ITEM_FILTER_DEFAULTS)).toEqual(ITEM_FILTER_DEFAULTS);
  });

  it('maps the filters to channel input that the contract accepts, leaving out "all"', () => {
    expect(runFiltersInput(RUN_FILTER_DEFAULTS)).toEqual({});
    expect(runFiltersInput({ provider: 'stripe', status: 'open' })).toEqual({ provider: 'stripe', status: 'open' });
    expect(itemFiltersInput(ITEM_FILTER_DEFAULTS)).toEqual({});
    const items = itemFiltersInput({ outcome: 'amount_mismatch', kind: 'refund' });
    expect(items).toEqual({ outcome: 'amount_mismatch', kind: 'refund' });
    const runId = '5a000000-0000-4000-8000-000000000001';
    expect(contract['reconciliation:list-items'].input.safeParse({ run_id: runId, filters: items }).success).toBe(true);
    expect(
      contract['reconciliation:list-runs'].input.safeParse({ filters: runFiltersInput({ provider: 'paypal', status: 'completed' }) })
        .success,
    ).toBe(true);
  });
});

describe('column mapping draft', () => {
  const headers = ['id', 'Created (UTC)', 'Amount', 'Currency', 'Status', 'Type'];
  const mapping: ColumnMapping = {
    transaction_id: 'id',
    amount: 'Amount',
    currency: 'Currency',
    status: 'Status',
    occurred_at: 'Created (UTC)',
    kind: { column: 'Type' },
  };

  it('round-trips a detected mapping through the form', () => {
    expect(mappingFromDraft(draftFromMapping(mapping, headers))).toEqual({ ok: true, mapping });
    const fixed = { ...mapping, kind: { fixed: 'refund' as const } };
    expect(mappingFromDraft(draftFromMapping(fixed, headers))).toEqual({ ok: true, mapping: fixed });
  });

  it('starts empty when nothing was detected, and names the fields still to choose', () => {
    expect(draftFromMapping(null, headers)).toEqual(EMPTY_DRAFT);
    expect(mappingFromDraft({ ...EMPTY_DRAFT, transaction_id: 'id' })).toEqual({
      ok: false,
      missing: ['amount', 'currency', 'status', 'occurred_at'],
    });
  });

  it('drops a mapped column the file does not have', () => {
    expect(draftFromMapping({ ...mapping, amount: 'Gross' }, headers).amount).toBe('');
  });

  it('reads which form field a refusal names', () => {
    expect(mappingFieldOf('mapping.amount')).toBe('amount');
    expect(mappingFieldOf('mapping.kind.column')).toBe('kind');
    expect(mappingFieldOf('file_id')).toBeNull();
    expect(mappingFieldOf(undefined)).toBeNull();
  });

  it('names the column of a bad row in the file’s terms', () => {
    expect(badRowColumn('amount', mapping)).toBe('Amount (Amount)');
    expect(badRowColumn('occurred_at', mapping)).toBe('Date (Created (UTC))');
    expect(badRowColumn('kind', mapping)).toBe('Kind (Type)');
    expect(badRowColumn(null, mapping)).toBe('Whole row');
  });
});

describe('run results', () => {
  const totals: Run['totals'] = [
    { currency: 'USD', kind: 'payment', outcome: 'missing_in_humanglue', count: 1, processor_amount: 0.1, hg_amount: null },
    { currency: 'EUR', kind: 'payment', outcome: 'matched', count: 2, processor_amount: 20, hg_amount: 20 },
    { currency: 'USD', kind: 'payment', outcome: 'matched', count: 3, processor_amount: 0.2, hg_amount: 0.2 },
    { currency: 'USD', kind: 'refund', outcome: 'matched', count: 1, processor_amount: 5, hg_amount: 5 },
  ];

  it('sums totals per currency and outcome in outcome order, to the cent', () => {
    expect(totalsByCurrency(totals)).toEqual([
      {
        currency: 'EUR',
        count: 2,
        processor_amount: 20,
        hg_amount: 20,
        lines: [{ outcome: 'matched', count: 2, processor_amount: 20, hg_amount: 20 }],
      },
      {
        currency: 'USD',
        count: 5,
        processor_amount: 5.3,
        hg_amount: 5.2,
        lines: [
          { outcome: 'matched', count: 4, processor_amount: 5.2, hg_amount: 5.2 },
          { outcome: 'missing_in_humanglue', count: 1, processor_amount: 0.1, hg_amount: null },
        ],
      },
    ]);
  });

  it('counts the items a filter shows and the rows that need a look', () => {
    expect(itemCount({ totals }, {})).toBe(7);
    expect(itemCount({ totals }, { outcome: 'matched' })).toBe(6);
    expect(itemCount({ totals }, { outcome: 'matched', kind: 'refund' })).toBe(1);
    const counts = {
      matched: 5,
      amount_mismatch: 1,
      status_mismatch: 2,
      missing_in_humanglue: 3,
      missing_at_processor: 4,
      duplicate_in_file: 1,
    };
    expect(issueCount(counts)).toBe(11);
  });
});

describe('progress', () => {
  const event = (operation_id: string, done: number, phase: Progress['phase'] = 'running'): Progress => ({
    operation_id,
    kind: 'reconciliation-run',
    phase,
    done,
    total: 100_000,
    message: '20,000 rows staged',
    result: null,
    error: null,
  });

  it('shows a percentage and counts, or an indeterminate bar before the first event', () => {
    expect(progressView(null)).toEqual({ percent: null, label: 'Starting…' });
    expect(progressView(event('a', 40_000))).toEqual({
      percent: 40,
      label: '20,000 rows staged — 40,000 of 100,000 rows',
      detail: '40,000 of 100,000 rows',
    });
    // A message that already gives the count is not followed by it again.
    expect(progressView({ ...event('a', 20_000), message: '20,000 rows staged' }).label).toBe('20,000 rows staged');
    expect(progressView({ done: 7, total: null, message: null, phase: 'running' }, 'item').percent).toBeNull();
  });

  it('keeps the newest event per operation, so early events are there when the id is known', () => {
    const seen = new Map<string, Progress>();
    rememberProgress(seen, event('a', 1));
    rememberProgress(seen, event('b', 1));
    rememberProgress(seen, event('a', 2, 'done'));
    expect(seen.get('a')?.phase).toBe('done');
    for (let i = 0; i < 60; i++) rememberProgress(seen, event(`x${i}`, i), 50);
    expect(seen.size).toBe(50);
  });
});

describe('interrupted imports', () => {
  it('say how far the import got, and when only the matching is left', () => {
    expect(interruptedProgress({ staged_rows: 20_000, expected_rows: 30_000 })).toBe('20,000 of 30,000 rows staged');
    expect(interruptedProgress({ staged_rows: 30_000, expected_rows: 30_000 })).toBe('all 30,000 rows staged; only the matching is left');
    expect(interruptedProgress({ staged_rows: 1, expected_rows: null })).toBe('1 row staged');
  });
});
