// How the console writes numbers, money and time: one place, so every screen reads the same.
const moneyFormats = new Map<string, Intl.NumberFormat>();

export function formatMoney(amount: number | string | null | undefined, currency: string): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  let format = moneyFormats.get(currency);
  if (!format) {
    try {
      format = new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay: 'code' });
    } catch {
      format = new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    moneyFormats.set(currency, format);
  }
  return format.format(Number(amount));
}

// A formatter is built once per digit count: toLocaleString builds one per call, some 20× slower, which a table of
// numbers (the trends screen's 500 cells) pays for every cell.
const numberFormats = new Map<number, Intl.NumberFormat>();

export function formatNumber(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined) return '—';
  let format = numberFormats.get(digits);
  if (!format) {
    format = new Intl.NumberFormat('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    numberFormats.set(digits, format);
  }
  return format.format(value);
}

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' });

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? dateOnly.format(new Date(iso)) : '—';
}

/** "3 h", "2 d", "5 min": how long ago, for ages in queues. */
export function formatAge(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - new Date(iso).getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

/** Turns a local date input (yyyy-mm-dd) into the ISO instant at the start of that day, or null when empty. */
export function dayStart(value: string): string | null {
  return value ? new Date(`${value}T00:00:00`).toISOString() : null;
}

/** How many rows a list without a count has loaded, "+" while more pages remain: "100+", or with a noun "100+ workshops",
 * "1 workshop". */
export function formatLoaded(loaded: number, hasMore: boolean, noun?: readonly [one: string, many: string]): string {
  const count = `${loaded.toLocaleString('en')}${hasMore ? '+' : ''}`;
  return noun ? `${count} ${loaded === 1 ? noun[0] : noun[1]}` : count;
}
