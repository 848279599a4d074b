// The payments screen's pure parts: columns against the contract's sort enum, persisted filter state and its
// mapping to the channels' input, totals shaping, refund guidance and export progress.
import { describe, expect, it } from 'vitest';
import { paymentChannels, paymentFilters } from '../../shared/ipc/payments';
import { paymentColumns } from '../../renderer/src/screens/payments/columns';
import {
  defaultFilters,
  defaultSort,
  filterProblems,
  filterStateSchema,
  nextDay,
  parseAmount,
  sortSchema,
  SORT_IDS,
  toChannelFilters,
} from '../../renderer/src/screens/payments/filters';
import { canRefund, readRefundAmount, expectedOutcome, resultHeadline, thresholdFrom } from '../../renderer/src/screens/payments/refund';
import { shapeTotals } from '../../renderer/src/screens/payments/totals';
import { auditSummary } from '../../renderer/src/screens/payments/AuditHistory';

const contractSort = paymentChannels['payments:list'].input.shape.sort.unwrap().options;

describe('payments columns', () => {
  const ids = paymentColumns.map((column) => column.id);

  it('name every column the spec lists, once', () => {
    expect(ids).toEqual([
      'created_at',
      'payer',
      'organization',
      'type',
      'provider',
      'transaction_id',
      'amount',
      'refunded',
      'status',
      'invoice',
    ]);
    expect(paymentColumns.every((column) => typeof column.meta?.label === 'string' && column.meta.label.length > 0)).toBe(true);
  });

  it('make sortable exactly the columns the server sorts by, under the sort enum ids', () => {
    const sortable = paymentColumns.filter((column) => column.enableSorting !== false).map((column) => column.id);
    expect(new Set(sortable)).toEqual(new Set(contractSort));
    expect([...SORT_IDS].sort()).toEqual([...contractSort].sort());
  });

  it('align money to the right', () => {
    for (const id of ['amount', 'refunded']) expect(paymentColumns.find((c) => c.id === id)?.meta?.align).toBe('right');
  });
});

describe('persisted payments filters', () => {
  const full = {
    status: ['succeeded', 'refunded'],
    provider: ['manual'],
    type: ['workshop'],
    currency: ['EUR', 'USD'],
    from: '2025-01-01',
    to: '2025-01-31',
    minAmount: '100',
    maxAmount: '1,000.50',
    search: 'INV-2025',
  };

  it('round-trip through JSON and the schema unchanged', () => {
    expect(filterStateSchema.parse(JSON.parse(JSON.stringify(full)))).toEqual(full);
    expect(filterStateSchema.parse(defaultFilters)).toEqual(defaultFilters);
    expect(sortSchema.parse(JSON.parse(JSON.stringify(defaultSort)))).toEqual(defaultSort);
  });

  it.each([
    ['an unknown status', { ...full, status: ['paid'] }],
    ['a lowercase currency', { ...full, currency: ['usd'] }],
    ['a malformed date', { ...full, from: '01/02/2025' }],
    ['a number where text belongs', { ...full, search: 42 }],
    ['a search with a NUL the contract would refuse', { ...full, search: 'INV\u0000' }],
    ['a missing key', { status: [] }],
    ['not an object', 'garbage'],
  ])('refuse %s, so the screen falls back to the defaults', (_name, value) => {
    expect(filterStateSchema.safeParse(value).success).toBe(false);
  });

  it('refuse a sort the server does not know', () => {
    expect(sortSchema.safeParse({ id: 'payer', desc: true }).success).toBe(false);
    expect(sortSchema.parse(null)).toBeNull();
  });
});

describe('filters → channel input', () => {
  it('leave out everything when nothing is chosen', () => {
    expect(toChannelFilters(defaultFilters)).toEqual({});
  });

  it('map every filter, with the end date inclusive (the SQL bound is exclusive)', () => {
    const out = toChannelFilters({
      ...defaultFilters,
      status: ['partially_refunded'],
      provider: ['stripe', 'paypal'],
      type: ['engagement'],
      currency: ['GBP'],
      from: '2025-03-01',
      to: '2025-03-31',
      minAmount: ' 1,200.00 ',
      maxAmount: '5000.5',
      search: '  pi_123 ',
    });
    expect(out).toEqual({
      status: ['partially_refunded'],
      provider: ['stripe', 'paypal'],
      type: ['engagement'],
      currency: ['GBP'],
      from: new Date('2025-03-01T00:00:00').toISOString(),
      to: new Date('2025-04-01T00:00:00').toISOString(),
      min_amount: 1200,
      max_amount: 5000.5,
      search: 'pi_123',
    });
    expect(paymentFilters.safeParse(out).success).toBe(true);
  });

  it('leave out invalid amounts and a reversed range, and say why', () => {
    const state = { ...defaultFilters, minAmount: 'abc', maxAmount: '10', from: '2025-05-02', to: '2025-05-01' };
    expect(toChannelFilters(state)).toEqual({ max_amount: 10 });
    expect(filterProblems(state)).toEqual({ minAmount: expect.any(String), to: 'The end date is before the start date.' });
    expect(filterProblems({ ...defaultFilters, minAmount: '50', maxAmount: '10' }).maxAmount).toMatch(/below the minimum/);
    expect(filterProblems({ ...defaultFilters, minAmount: '1,200', maxAmount: '-5' })).toEqual({
      minAmount: '“1,200” could mean 1200 or 1.200: write 1200 or 1,200.00.',
      maxAmount: 'The amount cannot be negative.',
    });
  });

  it.each([
    ['12', 12],
    ['12.5', 12.5],
    ['1,234.56', 1234.56],
    ['0', 0],
    ['12.345', null],
    ['-5', null],
    [',5', null],
    ['5,00', null],
    ['1e3', null],
    ['', null],
    ["'; drop table payments; --", null],
  ])('parse the amount %j as %j', (text, expected) => {
    expect(parseAmount(text)).toBe(expected);
  });

  it('find the next day across month and year ends', () => {
    expect(nextDay('2025-01-31')).toBe('2025-02-01');
    expect(nextDay('2024-12-31')).toBe('2025-01-01');
    expect(nextDay('2024-02-28')).toBe('2024-02-29');
  });
});

describe('totals per currency', () => {
  it('add up each currency apart, in cents, statuses in a fixed order', () => {
    const shaped = shapeTotals([
      { currency: 'USD', status: 'refunded', payments: 1, amount: 0.1, refunded: 0.1 },
      { currency: 'EUR', status: 'succeeded', payments: 1, amount: 50, refunded: 0 },
      { currency: 'USD', status: 'succeeded', payments: 3, amount: 0.2, refunded: 0 },
      { currency: 'USD', status: 'failed', payments: 2, amount: 99, refunded: 0 },
      { currency: 'USD', status: 'partially_refunded', payments: 1, amount: 100, refunded: 30.05 },
    ]);
    expect(shaped.map((t) => t.currency)).toEqual(['USD', 'EUR']);
    const usd = shaped[0]!;
    expect(usd).toMatchObject({ payments: 7, collected: 100.3, refunded: 30.15, net: 70.15 });
    expect(usd.byStatus.map((s) => s.status)).toEqual(['succeeded', 'partially_refunded', 'refunded', 'failed']);
    expect(shaped[1]).toMatchObject({ payments: 1, collected: 50, refunded: 0, net: 50 });
  });

  it('give nothing for no rows', () => {
    expect(shapeTotals([])).toEqual([]);
  });
});

describe('refund guidance', () => {
  it.each([
    ['', 'Enter the amount to refund.'],
    ['abc', expect.stringMatching(/without a currency sign/)],
    ['-5', 'The amount cannot be negative.'],
    ['99999999999', expect.stringMatching(/Too large/)],
    [',5', expect.stringMatching(/Use a point for decimals/)],
    ['5,00', expect.stringMatching(/Use a point for decimals/)],
    ['0', 'The amount must be greater than 0.'],
    ['100.01', 'The amount exceeds the refundable remainder of 100.00 USD.'],
  ])('refuse %j against a remainder of 100 USD, saying why', (text, problem) => {
    expect(readRefundAmount(text, 100, 'USD')).toEqual({ amount: null, problem });
  });

  it.each([
    ['100', 100],
    ['0.01', 0.01],
    ['5.5', 5.5],
  ])('read %j as %j', (text, amount) => {
    expect(readRefundAmount(text, 100, 'USD')).toEqual({ amount, problem: null });
  });

  it('read a zero-decimal currency without decimals', () => {
    expect(readRefundAmount('1500', 2000, 'JPY')).toEqual({ amount: 1500, problem: null });
    expect(readRefundAmount('15.5', 2000, 'JPY').problem).toBe('JPY amounts have no decimals.');
  });

  it('forecast what the database does: above the threshold waits, manual succeeds, processors pend', () => {
    expect(expectedOutcome(1000.01, 'manual', 1000)).toBe('pending_approval');
    expect(expectedOutcome(1000, 'manual', 1000)).toBe('succeeded');
    expect(expectedOutcome(10, 'stripe', 1000)).toBe('pending');
    expect(expectedOutcome(5000, 'paypal', null)).toBe('pending');
  });

  it('read the threshold from the settings rows', () => {
    expect(
      thresholdFrom([
        { key: 'trend_min_responses', value: 5 },
        { key: 'refund_approval_threshold', value: 1000 },
      ]),
    ).toBe(1000);
    expect(thresholdFrom([{ key: 'refund_approval_threshold', value: 'x' }])).toBeNull();
    expect(thresholdFrom(undefined)).toBeNull();
  });

  it('offer a refund only for succeeded or partially refunded payments with money left', () => {
    expect(canRefund('succeeded', 10)).toBe(true);
    expect(canRefund('partially_refunded', 0.01)).toBe(true);
    expect(canRefund('partially_refunded', 0)).toBe(false);
    expect(canRefund('pending', 10)).toBe(false);
    expect(canRefund('refunded', 0)).toBe(false);
  });

  it('say when a retry returned the first refund', () => {
    expect(resultHeadline('succeeded', false)).toBe('Refund succeeded');
    expect(resultHeadline('pending_approval', true)).toMatch(/^This refund was already submitted/);
  });

  it('summarise an audit entry from its before and after', () => {
    expect(
      auditSummary({
        before: null,
        after: { amount: 25, currency: 'USD', status: 'succeeded', payment: { status: 'partially_refunded' } },
      }),
    ).toBe('25 USD · succeeded · payment partially_refunded');
    expect(auditSummary({ before: { status: 'pending_approval' }, after: { status: 'succeeded' } })).toBe('pending_approval → succeeded');
    expect(auditSummary({ before: null, after: null })).toBe('');
  });
});
