// Processor exports → staged rows, without a database: the formats recognised, each value's rules (table-driven,
// hostile input included) and the fixtures' bad rows found with their lines and fields.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv, sniffCsv } from '../../electron/main/files/csv-read.js';
import {
  createConverter,
  detectFormat,
  parseAmount,
  parseCurrency,
  parseKind,
  parseMoment,
  parseStatus,
  parseTransactionId,
  type Converted,
} from '../../electron/main/files/processor-rows.js';
import { IpcFailure } from '../../electron/main/ipc/errors.js';

const fixture = (name: string) => join(import.meta.dirname, '..', 'fixtures', name);
const NOW = Date.UTC(2026, 10, 24, 18, 0, 0);

async function records(path: string) {
  const shape = await sniffCsv(path, 'fixture');
  const all = [];
  for await (const batch of readCsv(path, shape)) all.push(...batch);
  return all;
}

describe('detectFormat', () => {
  it('recognises the Stripe payments export: payments only, dates in UTC', async () => {
    const [header, ...rows] = await records(fixture('stripe-payments.csv'));
    expect(
      detectFormat(
        header!.cells,
        rows.map((r) => r.cells),
      ),
    ).toEqual({
      provider: 'stripe',
      format: 'stripe-payments',
      mapping: {
        transaction_id: 'id',
        amount: 'Amount',
        currency: 'Currency',
        status: 'Status',
        occurred_at: 'Created (UTC)',
        kind: { fixed: 'payment' },
      },
    });
  });

  it('recognises the PayPal activity download: kind from Type', async () => {
    const [header, ...rows] = await records(fixture('paypal-activity.csv'));
    expect(
      detectFormat(
        header!.cells,
        rows.map((r) => r.cells),
      ),
    ).toEqual({
      provider: 'paypal',
      format: 'paypal-activity',
      mapping: {
        transaction_id: 'Transaction ID',
        amount: 'Gross',
        currency: 'Currency',
        status: 'Status',
        occurred_at: 'Date',
        kind: { column: 'Type' },
      },
    });
  });

  it('reads Stripe balance history by its Source and Type, not by the balance transaction id', () => {
    const headers = ['id', 'Type', 'Source', 'Amount', 'Fee', 'Net', 'Currency', 'Created (UTC)', 'Available On (UTC)', 'Status'];
    const rows = [
      ['txn_1', 'charge', 'ch_1', '10.00', '-0.59', '9.41', 'usd', '2026-01-01 00:00:00', '2026-01-03 00:00:00', 'available'],
      ['txn_2', 'refund', 're_1', '-10.00', '0.00', '-10.00', 'usd', '2026-01-02 00:00:00', '2026-01-02 00:00:00', 'available'],
    ];
    const detected = detectFormat(headers, rows);
    expect(detected).toMatchObject({
      provider: 'stripe',
      format: 'stripe-balance',
      mapping: { transaction_id: 'Source', kind: { column: 'Type' } },
    });
    const convert = createConverter({ headers, provider: 'stripe', mapping: detected.mapping!, now: NOW });
    expect(rows.map((cells, i) => convert(cells, i + 2))).toMatchObject([
      { ok: true, row: { kind: 'payment', transaction_id: 'ch_1', amount: '10.00', status: 'succeeded' } },
      { ok: true, row: { kind: 'refund', transaction_id: 're_1', amount: '10.00', status: 'succeeded' } },
    ]);
  });

  it('takes a Stripe export of re_ ids as refunds', () => {
    const headers = ['id', 'Amount', 'Currency', 'Created (UTC)', 'Status', 'Charge ID'];
    const rows = [['re_1', '5.00', 'usd', '2026-01-01 00:00:00', 'succeeded', 'ch_1']];
    expect(detectFormat(headers, rows).mapping?.kind).toEqual({ fixed: 'refund' });
  });

  it('maps other layouts by column names, guesses the provider from ids, and gives up without all five', () => {
    const headers = ['Transaction ID', 'Total', 'Currency Code', 'State', 'Timestamp', 'Kind'];
    const detected = detectFormat(headers, [['ch_abc', '1', 'USD', 'paid', '2026-01-01T00:00:00Z', 'charge']]);
    expect(detected).toMatchObject({
      provider: 'stripe',
      format: 'generic',
      mapping: { transaction_id: 'Transaction ID', amount: 'Total', occurred_at: 'Timestamp', kind: { column: 'Kind' } },
    });
    expect(detectFormat(['Reference', 'Value', 'When'], [])).toEqual({ provider: null, mapping: null, format: null });
  });
});

describe('values', () => {
  it.each([
    ['1990.00', { negative: false, value: '1990.00' }],
    ['1,990.00', { negative: false, value: '1990.00' }],
    [' 12,345,678.9 ', { negative: false, value: '12345678.9' }],
    ['-49.00', { negative: true, value: '49.00' }],
    ['0049', { negative: false, value: '49' }],
    ['9999999999.99', { negative: false, value: '9999999999.99' }],
  ])('amount %j → %j', (text, value) => {
    expect(parseAmount(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'is empty'],
    ['1,99O.00', 'is not an amount'],
    ['abc', 'is not an amount'],
    ['1,99', 'is not an amount'],
    ['1.990,00', 'is not an amount'],
    ['$10.00', 'is not an amount'],
    ['1e3', 'is not an amount'],
    ['10.005', 'more than 2 decimals'],
    ['0.00', 'greater than 0'],
    ['10000000000.00', 'too large'],
    ['=1+1', 'is not an amount'],
  ])('amount %j is refused (%s)', (text, reason) => {
    expect(parseAmount(text)).toEqual({ ok: false, reason: expect.stringContaining(reason) });
  });

  it.each([
    ['usd', 'USD'],
    [' eur ', 'EUR'],
  ])('currency %j → %s', (text, code) => expect(parseCurrency(text)).toEqual({ ok: true, value: code }));

  it.each(['usdollar', 'U$D', '', 'US', '€'])('currency %j is refused', (text) => {
    expect(parseCurrency(text).ok).toBe(false);
  });

  it.each([
    ['Paid', 'payment', 'succeeded'],
    ['Completed', 'payment', 'succeeded'],
    ['Partially refunded', 'payment', 'partially_refunded'],
    ['Partially Refunded', 'payment', 'partially_refunded'],
    ['partially_refunded', 'payment', 'partially_refunded'],
    ['Denied', 'payment', 'failed'],
    ['Reversed', 'payment', 'failed'],
    ['Pending', 'refund', 'pending'],
    ['Completed', 'refund', 'succeeded'],
  ] as const)('status %j of a %s → %s', (text, kind, status) => {
    expect(parseStatus(text, kind)).toEqual({ ok: true, value: status });
  });

  it.each([
    ['Refunded', 'refund', 'a refund row must be succeeded, pending or failed'],
    ['constructor', 'payment', 'not a status'],
    ['Held', 'payment', 'not a status'],
    ['', 'payment', 'is empty'],
  ] as const)('status %j of a %s is refused', (text, kind, reason) => {
    expect(parseStatus(text, kind)).toEqual({ ok: false, reason: expect.stringContaining(reason) });
  });

  it.each([
    ['Express Checkout Payment', 'payment'],
    ['Subscription Payment', 'payment'],
    ['General Payment', 'payment'],
    ['Payment Refund', 'refund'],
    ['charge', 'payment'],
    ['payment_refund', 'refund'],
  ] as const)('type %j → %s', (text, kind) => expect(parseKind(text)).toEqual({ ok: true, value: kind }));

  it.each(['Payment Reversal', 'General Currency Conversion', 'Transfer to Bank', 'PayPal Fee', 'Hold on Balance', 'payout', ''])(
    'type %j is neither a payment nor a refund',
    (text) => expect(parseKind(text).ok).toBe(false),
  );

  const moment = (date: string, extra: { time?: string; zone?: string; utc?: boolean } = {}) =>
    parseMoment({ date, time: extra.time, zone: extra.zone, zonelessIsUtc: extra.utc ?? true, now: NOW });

  it.each([
    [moment('2026-02-02 06:00:00'), '2026-02-02T06:00:00.000Z'],
    [moment('2026-02-02T06:00:00+01:00'), '2026-02-02T05:00:00.000Z'],
    [moment('2026-02-02T06:00:00.5Z'), '2026-02-02T06:00:00.500Z'],
    [moment('12/01/2025', { time: '22:00:00', zone: 'PST', utc: false }), '2025-12-02T06:00:00.000Z'],
    [moment('10/20/2025', { time: '10:04:36', zone: 'PDT', utc: false }), '2025-10-20T17:04:36.000Z'],
    [moment('10/20/2025 10:04:36 PM', { zone: 'UTC-05:00', utc: false }), '2025-10-21T03:04:36.000Z'],
    [moment('20.10.2025', { time: '10:04', zone: 'CET', utc: false }), '2025-10-20T09:04:00.000Z'],
    [moment('2026-01-01'), '2026-01-01T00:00:00.000Z'],
  ])('moment → %s', (parsed, iso) => expect(parsed).toEqual({ ok: true, value: iso }));

  it.each([
    [moment('2026-02-30 10:15:00'), 'not a real date'],
    [moment('13/45/2026', { time: '10:04:36', zone: 'PDT', utc: false }), 'not a real date'],
    [moment('2026-02-02 25:00:00'), 'not a time of day'],
    [moment('2026-02-02 06:00:00', { utc: false }), 'no time zone'],
    [moment('11/24/2026', { time: '09:00:00', zone: 'XYZ', utc: false }), 'not recognised'],
    [moment('1999-12-31 23:59:59'), 'before 2000'],
    [moment('2026-11-26 12:00:00'), 'in the future'],
    [moment('yesterday'), 'not a date'],
    [moment(''), 'is empty'],
  ])('moment is refused (%#: %s)', (parsed, reason) => {
    expect(parsed).toEqual({ ok: false, reason: expect.stringContaining(reason) });
  });

  it.each([
    ['', 'is empty'],
    ['   ', 'is empty'],
    ['ch_\u0000x', 'control characters'],
    ['ch_\u2028x', 'control characters'],
    ['x'.repeat(256), 'at most 255'],
  ])('transaction id %j is refused', (text, reason) => {
    expect(parseTransactionId(text)).toEqual({ ok: false, reason: expect.stringContaining(reason) });
  });
});

describe('createConverter', () => {
  it('names the mapping field whose column the file lacks', () => {
    const make = () =>
      createConverter({
        headers: ['id', 'Amount'],
        provider: 'stripe',
        mapping: {
          transaction_id: 'id',
          amount: 'Amount',
          currency: 'Cur',
          status: 'Status',
          occurred_at: 'Created',
          kind: { fixed: 'payment' },
        },
      });
    expect(make).toThrow(IpcFailure);
    expect(make).toThrow(/mapping\.currency: the file has no column "Cur"/);
  });

  async function convert(name: string, kinds?: ('payment' | 'refund')[]) {
    const [header, ...rows] = await records(fixture(name));
    const { provider, mapping } = detectFormat(
      header!.cells,
      rows.map((r) => r.cells),
    );
    const converter = createConverter({ headers: header!.cells, provider, mapping: mapping!, now: NOW, ...(kinds ? { kinds } : {}) });
    return rows.map((r) => converter(r.cells, r.line));
  }
  const bad = (rows: Converted[]) => rows.filter((r) => !r.ok).map((r) => !r.ok && { line: r.line, field: r.field });

  it('finds the Stripe fixture’s four bad rows with their lines and fields', async () => {
    const rows = await convert('stripe-payments.csv');
    expect(rows).toHaveLength(109);
    expect(bad(rows)).toEqual([
      { line: 22, field: 'amount' },
      { line: 48, field: 'transaction_id' },
      { line: 74, field: 'occurred_at' },
      { line: 100, field: 'currency' },
    ]);
    expect(rows[0]).toEqual({
      ok: true,
      row: {
        line: 2,
        kind: 'payment',
        transaction_id: 'ch_a5bb6c2a38a34e1b079fb853',
        amount: '990.00',
        currency: 'USD',
        status: 'succeeded',
        occurred_at: '2025-10-20T17:04:36.000Z',
      },
    });
  });

  it('finds the PayPal fixture’s four bad rows; refunds lose their minus sign; local times become UTC', async () => {
    const rows = await convert('paypal-activity.csv');
    expect(rows).toHaveLength(79);
    expect(bad(rows)).toEqual([
      { line: 17, field: 'amount' },
      { line: 33, field: 'transaction_id' },
      { line: 49, field: 'occurred_at' },
      { line: 65, field: 'currency' },
    ]);
    const good = rows.flatMap((r) => (r.ok ? [r.row] : []));
    expect(good.filter((r) => r.kind === 'refund')).toHaveLength(9);
    expect(good.find((r) => r.line === 4)).toEqual({
      line: 4,
      kind: 'refund',
      transaction_id: 'B1D556A8E9D6A1CB0',
      amount: '49.00',
      currency: 'USD',
      status: 'succeeded',
      occurred_at: '2025-12-05T06:00:00.000Z',
    });
  });

  it('refuses rows of kinds the run does not reconcile, and rows whose values do not line up with the header', async () => {
    const rows = await convert('paypal-activity.csv', ['payment']);
    const refused = rows.filter((r) => !r.ok && r.field === 'kind');
    expect(refused).toHaveLength(9);
    expect(refused[0]).toMatchObject({ reason: 'a refund row, but this run reconciles payment rows only' });

    const converter = createConverter({
      headers: ['id', 'Amount', 'Currency', 'Status', 'Created (UTC)'],
      provider: 'stripe',
      mapping: {
        transaction_id: 'id',
        amount: 'Amount',
        currency: 'Currency',
        status: 'Status',
        occurred_at: 'Created (UTC)',
        kind: { fixed: 'payment' },
      },
      now: NOW,
    });
    expect(converter(['ch_1', '5.00', 'usd'], 7)).toEqual({
      ok: false,
      line: 7,
      field: null,
      reason: 'has 3 values where the header has 5 (a comma or quote out of place?)',
    });
    expect(converter(['ch_1', '-5.00', 'usd', 'Paid', '2026-01-01 00:00:00'], 8)).toMatchObject({ ok: false, field: 'amount' });
  });
});
