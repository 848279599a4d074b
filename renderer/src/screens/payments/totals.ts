// payments:totals rows (one per currency and status) shaped into one summary per currency: what was collected,
// refunded and kept, and how many payments are in each status. Currencies are never added together.
import type { ChannelOutput } from '../../../../shared/ipc/contract';

type TotalsRow = ChannelOutput<'payments:totals'>['rows'][number];

const COLLECTED = new Set(['succeeded', 'partially_refunded', 'refunded']);
const STATUS_ORDER = ['succeeded', 'partially_refunded', 'refunded', 'pending', 'failed'];

export interface CurrencyTotals {
  currency: string;
  payments: number;
  collected: number;
  refunded: number;
  net: number;
  byStatus: { status: string; payments: number; amount: number }[];
}

const cents = (value: number) => Math.round(value * 100);

export function shapeTotals(rows: readonly TotalsRow[]): CurrencyTotals[] {
  const byCurrency = new Map<string, CurrencyTotals>();
  for (const row of rows) {
    let entry = byCurrency.get(row.currency);
    if (!entry) {
      entry = { currency: row.currency, payments: 0, collected: 0, refunded: 0, net: 0, byStatus: [] };
      byCurrency.set(row.currency, entry);
    }
    entry.payments += row.payments;
    // Sums in cents, so 0.1 + 0.2 stays 0.30.
    if (COLLECTED.has(row.status)) entry.collected = (cents(entry.collected) + cents(row.amount)) / 100;
    entry.refunded = (cents(entry.refunded) + cents(row.refunded)) / 100;
    entry.byStatus.push({ status: row.status, payments: row.payments, amount: row.amount });
  }
  const rank = (status: string) => STATUS_ORDER.indexOf(status) + 1 || 99;
  return [...byCurrency.values()]
    .map((entry) => ({
      ...entry,
      net: (cents(entry.collected) - cents(entry.refunded)) / 100,
      byStatus: entry.byStatus.sort((a, b) => rank(a.status) - rank(b.status)),
    }))
    .sort((a, b) => b.payments - a.payments || a.currency.localeCompare(b.currency));
}
