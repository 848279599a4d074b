// Which export a CSV is, from its header and first rows, and the column mapping that reads it: Stripe's payments
// export, its balance history and refund exports, PayPal's activity download, or — for anything else — the columns
// whose names say what they hold.
import type { z } from 'zod';
import type { columnMapping } from '../../../shared/ipc/reconciliation.js';

export type Processor = 'stripe' | 'paypal';
export type RecordKind = 'payment' | 'refund';
export type ColumnMapping = z.output<typeof columnMapping>;
export type MappedField = Exclude<keyof ColumnMapping, 'kind'>;

export const normalise = (text: string) =>
  text
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, ' ');

/** The first header whose normalised name is one of `names`, in the file's own spelling. */
export function findHeader(headers: readonly string[], names: readonly string[]): string | undefined {
  for (const name of names) {
    const found = headers.find((header) => normalise(header) === name);
    if (found !== undefined && found.trim() !== '') return found;
  }
  return undefined;
}

export interface Detected {
  provider: Processor | null;
  mapping: ColumnMapping | null;
  /** What was recognised (for tests and the log); null when nothing was. */
  format: 'stripe-payments' | 'stripe-balance' | 'paypal-activity' | 'generic' | null;
}

const SYNONYMS: Record<MappedField, readonly string[]> = {
  transaction_id: ['transaction id', 'transactionid', 'txn id', 'id', 'charge id', 'payment id', 'reference'],
  amount: ['amount', 'gross', 'gross amount', 'total'],
  currency: ['currency', 'currency code'],
  status: ['status', 'state', 'payment status'],
  occurred_at: ['created (utc)', 'created date (utc)', 'created at', 'created', 'date (utc)', 'date', 'occurred at', 'timestamp'],
};
const KIND_COLUMNS = ['type', 'kind', 'transaction type', 'record type'];

const STRIPE_ID = /^(ch|pi|py|re|pyr|txn)_[A-Za-z0-9]+$/;
const PAYPAL_ID = /^(PAYID-[A-Z0-9]+|[0-9A-Z]{17})$/;

function guessProviderFromIds(ids: readonly string[]): Processor | null {
  const present = ids.filter((id) => id !== '');
  if (present.length === 0) return null;
  const stripe = present.filter((id) => STRIPE_ID.test(id)).length;
  const paypal = present.filter((id) => PAYPAL_ID.test(id)).length;
  if (stripe > present.length / 2) return 'stripe';
  if (paypal > present.length / 2) return 'paypal';
  return null;
}

/**
 * Recognises the export from its header (and a few rows, for Stripe refunds and unknown layouts). Stripe's
 * payments export (`id`, `Created (UTC)`, `Amount`, `Currency`, `Status`, …) carries payments only; a Stripe export
 * whose ids are mostly `re_…` carries refunds. PayPal's activity download (`Date`, `Time`, `TimeZone`, `Type`,
 * `Gross`, `Transaction ID`, …) carries both, told apart by `Type`. Anything else gets a mapping by column names
 * when all five columns are found, and no mapping otherwise (the person maps the columns).
 */
export function detectFormat(headers: readonly string[], sample: readonly (readonly string[])[]): Detected {
  const names = new Set(headers.map(normalise));
  const column = (header: string | undefined) => (header === undefined ? -1 : headers.indexOf(header));
  const idsOf = (header: string | undefined) => {
    const index = column(header);
    return index < 0 ? [] : sample.map((cells) => (cells[index] ?? '').trim());
  };

  if (['transaction id', 'gross', 'currency', 'status', 'date', 'type'].every((name) => names.has(name))) {
    return {
      provider: 'paypal',
      format: 'paypal-activity',
      mapping: {
        transaction_id: findHeader(headers, ['transaction id'])!,
        amount: findHeader(headers, ['gross'])!,
        currency: findHeader(headers, ['currency'])!,
        status: findHeader(headers, ['status'])!,
        occurred_at: findHeader(headers, ['date'])!,
        kind: { column: findHeader(headers, ['type'])! },
      },
    };
  }

  const stripeCreated = findHeader(headers, ['created (utc)', 'created date (utc)']);
  // Stripe's balance history: `id` is the balance transaction (txn_…); the charge or refund is `Source`, and `Type`
  // says which (charge/payment, refund/payment_refund; payouts and fees are listed as rows that are neither).
  const source = findHeader(headers, ['source']);
  const balanceIds = idsOf(findHeader(headers, ['id'])).filter((value) => value !== '');
  if (
    stripeCreated &&
    source &&
    names.has('type') &&
    ['amount', 'currency', 'status'].every((name) => names.has(name)) &&
    balanceIds.length > 0 &&
    balanceIds.filter((value) => value.startsWith('txn_')).length > balanceIds.length / 2
  ) {
    return {
      provider: 'stripe',
      format: 'stripe-balance',
      mapping: {
        transaction_id: source,
        amount: findHeader(headers, ['amount'])!,
        currency: findHeader(headers, ['currency'])!,
        status: findHeader(headers, ['status'])!,
        occurred_at: stripeCreated,
        kind: { column: findHeader(headers, ['type'])! },
      },
    };
  }
  if (stripeCreated && ['id', 'amount', 'currency', 'status'].every((name) => names.has(name))) {
    const id = findHeader(headers, ['id'])!;
    const ids = idsOf(id).filter((value) => value !== '');
    const refunds = ids.filter((value) => value.startsWith('re_') || value.startsWith('pyr_')).length;
    return {
      provider: 'stripe',
      format: 'stripe-payments',
      mapping: {
        transaction_id: id,
        amount: findHeader(headers, ['amount'])!,
        currency: findHeader(headers, ['currency'])!,
        status: findHeader(headers, ['status'])!,
        occurred_at: stripeCreated,
        kind: { fixed: ids.length > 0 && refunds > ids.length / 2 ? 'refund' : 'payment' },
      },
    };
  }

  const found = {} as Record<MappedField, string | undefined>;
  for (const field of Object.keys(SYNONYMS) as MappedField[]) found[field] = findHeader(headers, SYNONYMS[field]);
  const provider = guessProviderFromIds(idsOf(found.transaction_id));
  const complete = (Object.values(found) as (string | undefined)[]).every((header) => header !== undefined);
  if (!complete) return { provider, mapping: null, format: null };
  const kindColumn = findHeader(headers, KIND_COLUMNS);
  return {
    provider,
    format: 'generic',
    mapping: {
      transaction_id: found.transaction_id!,
      amount: found.amount!,
      currency: found.currency!,
      status: found.status!,
      occurred_at: found.occurred_at!,
      kind: kindColumn ? { column: kindColumn } : { fixed: 'payment' },
    },
  };
}
