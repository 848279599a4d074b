// Reading an amount of money that a person typed. An amount is accepted only in a form that cannot be misread:
// digits with a point for decimals, and commas only as thousands separators in groups of three before a decimal
// point ("1,234.50"). "5,00", ",5" and "1,200" mean different amounts in different countries, so each is refused
// with the reason instead of guessed. Every money field of the console uses this one parser, and
// test/renderer/money.test.ts holds its table of inputs: keep the two together.

export type MoneyParse = { ok: true; value: number; text: string } | { ok: false; reason: string };

export interface MoneyOptions {
  /** ISO 4217 code: decides how many decimals an amount may have (none given: 2, as for a filter over many). */
  currency?: string;
  /** Filters accept 0; refunds and thresholds do not. */
  allowZero?: boolean;
}

/** numeric(12,2), as the schema stores payments and refunds. */
const MAX_INTEGER_DIGITS = 10;
export const MAX_AMOUNT = 9_999_999_999.99;

/** Decimals a currency's amounts may have here: its minor units, at most 2 (what numeric(12,2) stores). */
export function currencyDecimals(currency: string): number {
  try {
    const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
    return Math.min(digits ?? 2, 2);
  } catch {
    return 2;
  }
}

const refuse = (reason: string): MoneyParse => ({ ok: false, reason });
const shown = (text: string) => `“${text.length > 24 ? `${text.slice(0, 24)}…` : text}”`;

export function parseMoney(input: string, options: MoneyOptions): MoneyParse {
  const text = input.trim();
  const { currency } = options;
  const decimals = currency ? currencyDecimals(currency) : 2;
  const amounts = currency ? `${currency} amounts` : 'Amounts';
  if (text === '') return refuse('Enter an amount.');
  if (/^[+-]?(\d+\.?\d*|\.\d+)e[+-]?\d+$/i.test(text)) {
    return refuse(`Write the amount in plain digits, such as 1500, not ${shown(text)}.`);
  }
  if (/[^\d.,+\-\s]/.test(text)) {
    return /[\p{L}\p{Sc}]/u.test(text)
      ? refuse(`Type only the number, without a currency sign or code${currency ? ` (the currency is ${currency})` : ''}.`)
      : refuse(`Use only digits and a point for decimals, such as 25.50; ${shown(text)} has other characters.`);
  }
  if (text.startsWith('-')) return refuse('The amount cannot be negative.');
  if (text.startsWith('+')) return refuse('Type the amount without a + sign.');
  if (/[+-]/.test(text)) return refuse(`Use only digits and a point for decimals, such as 25.50; ${shown(text)} has a sign inside.`);
  if (/\s/.test(text)) return refuse('Remove the spaces inside the amount (write 1200.50 or 1,200.50).');

  // Only digits, points and commas from here.
  const points = text.split('.').length - 1;
  if (points > 1 || /\..*,/.test(text)) {
    return refuse('Use a point for decimals and commas only between thousands: write 1,234.56 or 1234.56.');
  }
  const [whole = '', fraction] = text.split('.') as [string, string | undefined];
  if (whole.includes(',')) {
    const grouped = /^\d{1,3}(,\d{3})+$/.test(whole);
    if (!grouped) {
      return /,\d{1,2}$/.test(whole)
        ? refuse(`Use a point for decimals: ${shown(text)} could mean two different amounts. Write it with a point, such as 5.00.`)
        : refuse('Commas go only between groups of three digits, such as 1,234.56.');
    }
    if (fraction === undefined && decimals > 0) {
      const plain = whole.replace(/,/g, '');
      return refuse(`${shown(text)} could mean ${plain} or ${whole.replace(',', '.')}: write ${plain} or ${whole}.00.`);
    }
  }
  if (fraction !== undefined && fraction.length > decimals) {
    return refuse(decimals === 0 ? `${amounts} have no decimals.` : `${amounts} have at most ${decimals} decimals.`);
  }
  const integer = whole.replace(/,/g, '').replace(/^0+(?=\d)/, '') || '0';
  if (!/^\d+$/.test(integer) || (fraction !== undefined && !/^\d*$/.test(fraction)) || (whole === '' && !fraction)) {
    return refuse(`${shown(text)} is not an amount. Type digits, such as 25.50.`);
  }
  if (integer.length > MAX_INTEGER_DIGITS) return refuse('Too large: the most an amount can be is 9,999,999,999.99.');
  const canonical = decimals === 0 ? integer : `${integer}.${(fraction ?? '').padEnd(decimals, '0')}`;
  const value = Number(canonical);
  if (value === 0 && !options.allowZero) return refuse('The amount must be greater than 0.');
  return { ok: true, value, text: canonical };
}
