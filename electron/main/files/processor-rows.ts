// Processor exports → the rows console.add_reconciliation_batch stages: under a column mapping (detected by
// processor-formats.ts or chosen by the person), each CSV record converted to `{line, kind, transaction_id, amount,
// currency, status, occurred_at}` or refused with the field and a reason.
//
// The checks mirror add_reconciliation_batch's on purpose: SQL takes a chunk all or nothing and stops at its first bad
// row, so main must find every bad row itself to list them (with line and reason) before staging the rest. SQL stays
// the authority — if the two ever disagree, the run fails with SQL's line-numbered message rather than losing rows.
import { IpcFailure } from '../ipc/errors.js';
import { normalise, type ColumnMapping, type Processor, type RecordKind } from './processor-formats.js';

export type { ColumnMapping, Processor, RecordKind } from './processor-formats.js';
export { detectFormat, type Detected } from './processor-formats.js';

// A type, not an interface: it must be assignable to the generated `Json` that p_rows takes.
export type StagedRow = {
  line: number;
  kind: RecordKind;
  transaction_id: string;
  /** A decimal string ("1990.00"): no float ever stands between the file and numeric(12,2). */
  amount: string;
  currency: string;
  status: string;
  occurred_at: string;
};

export type Converted = { ok: true; row: StagedRow } | { ok: false; line: number; field: string | null; reason: string };

/**
 * A row as console.add_reconciliation_batch takes it: one line of its text, the fields in this order and separated
 * by tabs. No field can hold a tab or a line break: parseTransactionId refuses control characters, and the others
 * are written by the parsers below.
 */
export function batchLine(row: StagedRow): string {
  return `${row.line}\t${row.kind}\t${row.transaction_id}\t${row.amount}\t${row.currency}\t${row.status}\t${row.occurred_at}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Values

type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };
const bad = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });
const quote = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);

// US formatting as both processors write it (1,990.00); a decimal comma is refused rather than guessed. This reads
// what a processor wrote (signed, "1,990" meaning 1990), not what a person typed: typed money is shared/money.ts.
const AMOUNT = /^([+-])?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/** A processor amount → `{negative, digits}` with ≤ 2 decimals, > 0 and ≤ 9 999 999 999.99 (numeric(12,2)). */
export function parseAmount(text: string): Parsed<{ negative: boolean; value: string }> {
  const trimmed = text.trim();
  if (trimmed === '') return bad('is empty');
  const match = AMOUNT.exec(trimmed);
  if (!match) return bad(`${quote(trimmed)} is not an amount (expected digits such as 1990.00 or 1,990.00)`);
  const [, sign, whole = '', decimals] = match;
  if (decimals !== undefined && decimals.length > 2) return bad(`${quote(trimmed)} has more than 2 decimals`);
  const integer = whole.replace(/,/g, '').replace(/^0+(?=\d)/, '');
  if (integer.length > 10) return bad(`${quote(trimmed)} is too large (at most 9,999,999,999.99)`);
  const value = decimals === undefined ? integer : `${integer}.${decimals}`;
  if (!/[1-9]/.test(value)) return bad('must be greater than 0');
  return { ok: true, value: { negative: sign === '-', value } };
}

export function parseCurrency(text: string): Parsed<string> {
  const code = text.trim().toUpperCase();
  if (code === '') return bad('is empty');
  if (!/^[A-Z]{3}$/.test(code)) return bad(`${quote(text.trim())} is not a three-letter currency code (e.g. USD)`);
  return { ok: true, value: code };
}

// The processors' words for a payment's state, in SQL's vocabulary. Stripe: Paid, Refunded, Partially refunded,
// Failed, Pending, Canceled, Uncaptured (balance history: available, pending); PayPal: Completed, Pending, Denied, Reversed, Refunded, Partially Refunded.
const STATUSES = new Map<string, string>(
  Object.entries({
    succeeded: 'succeeded',
    paid: 'succeeded',
    // Stripe's balance history: a balance transaction exists only for money that moved.
    available: 'succeeded',
    completed: 'succeeded',
    complete: 'succeeded',
    pending: 'pending',
    processing: 'pending',
    uncaptured: 'pending',
    failed: 'failed',
    denied: 'failed',
    declined: 'failed',
    reversed: 'failed',
    canceled: 'failed',
    cancelled: 'failed',
    voided: 'failed',
    blocked: 'failed',
    refunded: 'refunded',
    'fully refunded': 'refunded',
    'partially refunded': 'partially_refunded',
  }),
);

export function parseStatus(text: string, kind: RecordKind): Parsed<string> {
  const word = normalise(text).replace(/-/g, ' ');
  if (word === '') return bad('is empty');
  const status = STATUSES.get(word);
  if (!status) {
    return bad(
      `${quote(text.trim())} is not a status the console knows (paid/completed, pending, failed/denied, refunded, partially refunded)`,
    );
  }
  if (kind === 'refund' && (status === 'refunded' || status === 'partially_refunded')) {
    return bad(`${quote(text.trim())}: a refund row must be succeeded, pending or failed`);
  }
  return { ok: true, value: status };
}

/** A processor's type column: PayPal's `Payment Refund` / `Express Checkout Payment`, Stripe's `refund` / `charge`. */
export function parseKind(text: string): Parsed<RecordKind> {
  const word = normalise(text).replace(/-/g, ' ');
  if (word === '') return bad('is empty');
  // Reversals, holds, fees, transfers and conversions move money but are neither a payment nor a refund.
  const other = /revers|hold|release|fee|transfer|withdraw|conversion|authori[sz]ation|payout|adjustment|dispute|chargeback/;
  if (!other.test(word)) {
    if (/\brefund/.test(word)) return { ok: true, value: 'refund' };
    if (/\b(payment|charge|sale|checkout)\b/.test(word)) return { ok: true, value: 'payment' };
  }
  return bad(`${quote(text.trim())} is neither a payment nor a refund`);
}

// Time zone names processors print. Ambiguous ones (IST, CST in Asia) are left out: the row is refused instead.
const ZONES = new Map<string, number>(
  Object.entries({
    Z: 0,
    UTC: 0,
    GMT: 0,
    WET: 0,
    WEST: 60,
    BST: 60,
    CET: 60,
    CEST: 120,
    EET: 120,
    EEST: 180,
    PST: -480,
    PDT: -420,
    MST: -420,
    MDT: -360,
    CST: -360,
    CDT: -300,
    EST: -300,
    EDT: -240,
    AKST: -540,
    AKDT: -480,
    HST: -600,
    JST: 540,
    KST: 540,
    HKT: 480,
    SGT: 480,
    AWST: 480,
    ACST: 570,
    ACDT: 630,
    AEST: 600,
    AEDT: 660,
    NZST: 720,
    NZDT: 780,
  }),
);

/** `PST`, `UTC`, `+01:00`, `-0700`, `GMT+1`, `UTC-05:30` → minutes east of UTC. */
export function parseZone(text: string): number | undefined {
  const zone = text.trim().toUpperCase();
  const named = ZONES.get(zone);
  if (named !== undefined) return named;
  const match = /^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(zone);
  if (!match) return undefined;
  const hours = Number(match[2]);
  const minutes = Number(match[3] ?? '0');
  if (hours > 14 || minutes > 59) return undefined;
  return (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

const EARLIEST = Date.UTC(2000, 0, 1);
// SQL refuses a moment more than a day after its own clock; an hour of margin keeps a slightly fast PC clock from
// letting through a row the database would then refuse (failing the whole chunk).
const LATEST_AHEAD_MS = 23 * 3_600_000;

export interface MomentParts {
  date: string;
  /** A separate time column (PayPal's `Time`). */
  time?: string | undefined;
  /** A separate zone column (PayPal's `TimeZone`). */
  zone?: string | undefined;
  /** Whether a moment written without a zone is UTC (Stripe's `Created (UTC)`), or must name its zone. */
  zonelessIsUtc: boolean;
  now: number;
}

/**
 * `2026-03-01T09:30:00Z`, `2026-03-01 09:30:00` (+ zone), `03/01/2026` (US month first, as PayPal writes it) or
 * `01.03.2026`, with an optional time (`09:30`, `9:30:00 PM`) and zone → an ISO timestamp in UTC. A date that does
 * not exist (30 February) is refused, never rolled over.
 */
export function parseMoment(parts: MomentParts): Parsed<string> {
  const text = parts.date.trim();
  if (text === '') return bad('is empty');
  const iso = isoMoment(text, parts);
  if (iso !== undefined) return { ok: true, value: iso };
  let y: number, mo: number, d: number;
  let rest: string;
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\s*(.*))?$/.exec(text);
  if (m) {
    [y, mo, d, rest] = [Number(m[1]), Number(m[2]), Number(m[3]), m[4] ?? ''];
  } else if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T]+(.*))?$/.exec(text))) {
    [y, mo, d, rest] = [Number(m[3]), Number(m[1]), Number(m[2]), m[4] ?? ''];
  } else if ((m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T]+(.*))?$/.exec(text))) {
    [y, mo, d, rest] = [Number(m[3]), Number(m[2]), Number(m[1]), m[4] ?? ''];
  } else {
    return bad(`${quote(text)} is not a date (expected e.g. 2026-03-01 09:30:00 or 03/01/2026)`);
  }
  let timeText = rest.trim();
  if (timeText === '' && parts.time !== undefined) timeText = parts.time.trim();
  // The time may end in its own zone (Z, +01:00, " UTC").
  let zoneText: string | undefined;
  const zoned = /^(.*?)(?:\s*(Z|[+-]\d{2}(?::?\d{2})?|(?:UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?|[A-Z]{3,4}))$/i.exec(timeText);
  if (zoned && zoned[1] !== undefined && /(\d|[ap]m)$/i.test(zoned[1])) {
    timeText = zoned[1].trim();
    zoneText = zoned[2];
  }
  let hh = 0,
    mi = 0,
    ss = 0,
    ms = 0;
  if (timeText !== '') {
    const t = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?\s*([AaPp][Mm])?$/.exec(timeText);
    if (!t) return bad(`${quote(timeText)} is not a time of day (expected e.g. 09:30:00)`);
    [hh, mi, ss] = [Number(t[1]), Number(t[2]), Number(t[3] ?? '0')];
    ms = Math.floor(Number(`0.${t[4] ?? '0'}`) * 1000);
    if (t[5]) {
      if (hh < 1 || hh > 12) return bad(`${quote(timeText)} is not a time of day`);
      hh = (hh % 12) + (/p/i.test(t[5]) ? 12 : 0);
    }
    if (hh > 23 || mi > 59 || ss > 59) return bad(`${quote(timeText)} is not a time of day`);
  }
  const local = Date.UTC(y, mo - 1, d, hh, mi, ss, ms);
  const check = new Date(local);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    return bad(`${quote(text)} is not a real date`);
  }
  zoneText ??= parts.zone?.trim() || undefined;
  let offset: number | undefined;
  if (zoneText !== undefined) {
    offset = parseZone(zoneText);
    if (offset === undefined) return bad(`time zone ${quote(zoneText)} is not recognised (use e.g. UTC, PST or +01:00)`);
  } else if (parts.zonelessIsUtc) {
    offset = 0;
  } else {
    return bad(`${quote(text)} has no time zone (the file needs a time zone column or times in UTC)`);
  }
  const instant = local - offset * 60_000;
  if (instant < EARLIEST) return bad(`${quote(text)} is before 2000`);
  if (instant > parts.now + LATEST_AHEAD_MS) return bad(`${quote(text)} is in the future`);
  return { ok: true, value: new Date(instant).toISOString() };
}

// The form most exports write (`2026-03-01 09:30:00`, `2026-03-01T09:30:00.5Z`, `…+01:00`): one pattern instead of
// the general path's four, for the 100 000 rows of a file. Anything it does not accept in full, including every
// refusal, goes the general way, which words the reason.
const ISO_MOMENT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

function isoMoment(text: string, parts: MomentParts): string | undefined {
  const m = ISO_MOMENT.exec(text);
  if (!m) return undefined;
  const [y, mo, d, hh, mi, ss] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])];
  if (hh > 23 || mi > 59 || ss > 59) return undefined;
  const local = Date.UTC(y, mo - 1, d, hh, mi, ss, Math.floor(Number(`0.${m[7] ?? '0'}`) * 1000));
  const check = new Date(local);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined;
  const zoneText = m[8] ?? (parts.zone?.trim() || undefined);
  const offset = zoneText !== undefined ? parseZone(zoneText) : parts.zonelessIsUtc ? 0 : undefined;
  if (offset === undefined) return undefined;
  const instant = local - offset * 60_000;
  if (instant < EARLIEST || instant > parts.now + LATEST_AHEAD_MS) return undefined;
  return new Date(instant).toISOString();
}

/** Trimmed, 1–255 characters, no control characters (PostgreSQL's [[:cntrl:]] includes C1 and U+2028/9). */
export function parseTransactionId(text: string): Parsed<string> {
  const id = text.trim();
  if (id === '') return bad('is empty');
  if (id.length > 255) return bad(`is ${id.length} characters long (at most 255)`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(id)) return bad('contains control characters');
  return { ok: true, value: id };
}

// ---------------------------------------------------------------------------------------------------------------
// Rows

export interface ConverterOptions {
  headers: readonly string[];
  provider: Processor | null;
  mapping: ColumnMapping;
  /** Rows of other kinds are refused (a payments-only run cannot stage a refund). Default: both. */
  kinds?: readonly RecordKind[];
  now?: number;
}

export type Converter = (cells: readonly string[], line: number) => Converted;

function columnIndex(headers: readonly string[], header: string, field: string): number {
  let index = headers.indexOf(header);
  if (index < 0) index = headers.findIndex((h) => normalise(h) === normalise(header));
  if (index < 0) {
    const known = headers
      .filter((h) => h.trim() !== '')
      .slice(0, 30)
      .map((h) => `"${h}"`)
      .join(', ');
    throw new IpcFailure('validation', `${field}: the file has no column "${header}" (its columns: ${known})`, { field });
  }
  return index;
}

/**
 * Builds the row converter for a file's header and a mapping; a mapped column missing from the file is a
 * validation error on `mapping.<field>`.
 *
 * Sign conventions: a payment row's amount must be positive; a refund row's amount is taken without its sign
 * (PayPal and Stripe's balance reports write refunds negative, Stripe's refund exports positive). Dates: PayPal's
 * `Date` is read with its `Time` and `TimeZone` columns; a time without a zone is UTC except in a PayPal file
 * (PayPal writes the account's local time) — there the row is refused rather than guessed.
 */
export function createConverter(options: ConverterOptions): Converter {
  const { headers, mapping } = options;
  const kinds = options.kinds ?? ['payment', 'refund'];
  const now = options.now ?? Date.now();
  const at = {
    transaction_id: columnIndex(headers, mapping.transaction_id, 'mapping.transaction_id'),
    amount: columnIndex(headers, mapping.amount, 'mapping.amount'),
    currency: columnIndex(headers, mapping.currency, 'mapping.currency'),
    status: columnIndex(headers, mapping.status, 'mapping.status'),
    occurred_at: columnIndex(headers, mapping.occurred_at, 'mapping.occurred_at'),
    kind: 'column' in mapping.kind ? columnIndex(headers, mapping.kind.column, 'mapping.kind.column') : -1,
  };
  const fixedKind = 'fixed' in mapping.kind ? mapping.kind.fixed : undefined;
  const other = (names: string[]) => {
    const index = headers.findIndex((h) => names.includes(normalise(h)));
    return index >= 0 && index !== at.occurred_at ? index : -1;
  };
  const timeAt = other(['time', 'time (utc)']);
  const zoneAt = other(['timezone', 'time zone', 'tz']);
  const dateHeader = normalise(headers[at.occurred_at] ?? '');
  const zonelessIsUtc = /\butc\b/.test(dateHeader) || options.provider !== 'paypal';
  const width = headers.length;

  return (cells, line) => {
    const refuse = (field: string | null, reason: string): Converted => ({ ok: false, line, field, reason });
    if (cells.length !== width) {
      return refuse(null, `has ${cells.length} values where the header has ${width} (a comma or quote out of place?)`);
    }
    const id = parseTransactionId(cells[at.transaction_id]!);
    if (!id.ok) return refuse('transaction_id', id.reason);

    let kind: RecordKind;
    if (fixedKind) kind = fixedKind;
    else {
      const parsed = parseKind(cells[at.kind]!);
      if (!parsed.ok) return refuse('kind', parsed.reason);
      kind = parsed.value;
    }
    if (!kinds.includes(kind)) return refuse('kind', `a ${kind} row, but this run reconciles ${kinds.join(' and ')} rows only`);

    const amount = parseAmount(cells[at.amount]!);
    if (!amount.ok) return refuse('amount', amount.reason);
    if (amount.value.negative && kind === 'payment') {
      return refuse('amount', `is negative (-${amount.value.value}) on a payment row; refunds must be marked as refunds`);
    }
    const currency = parseCurrency(cells[at.currency]!);
    if (!currency.ok) return refuse('currency', currency.reason);
    const status = parseStatus(cells[at.status]!, kind);
    if (!status.ok) return refuse('status', status.reason);
    const moment = parseMoment({
      date: cells[at.occurred_at]!,
      time: timeAt >= 0 ? cells[timeAt] : undefined,
      zone: zoneAt >= 0 ? cells[zoneAt] : undefined,
      zonelessIsUtc: zonelessIsUtc && zoneAt < 0,
      now,
    });
    if (!moment.ok) return refuse('occurred_at', moment.reason);
    return {
      ok: true,
      row: {
        line,
        kind,
        transaction_id: id.value,
        amount: amount.value.value,
        currency: currency.value,
        status: status.value,
        occurred_at: moment.value,
      },
    };
  };
}
