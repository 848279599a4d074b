// The console's one parser for typed money (shared/money.ts): every form a person might type, what it reads as,
// and, for each form that could be misread, the reason it is refused.
import { describe, expect, it } from 'vitest';
import { currencyDecimals, parseMoney } from '../../shared/money.js';

describe('typed money', () => {
  it.each([
    ['5', 'USD', '5.00'],
    ['5.5', 'USD', '5.50'],
    ['5.05', 'USD', '5.05'],
    ['  12.30  ', 'USD', '12.30'],
    ['0.01', 'USD', '0.01'],
    ['.5', 'USD', '0.50'],
    ['5.', 'USD', '5.00'],
    ['007.10', 'USD', '7.10'],
    ['1234.56', 'USD', '1234.56'],
    ['1,234.56', 'USD', '1234.56'],
    ['1,234,567.8', 'EUR', '1234567.80'],
    ['1,234.', 'USD', '1234.00'],
    ['9999999999.99', 'USD', '9999999999.99'],
    ['9,999,999,999.99', 'USD', '9999999999.99'],
    ['1500', 'JPY', '1500'],
    ['1,500', 'JPY', '1500'],
    ['12.5', 'KWD', '12.50'],
  ])('%j in %s reads as %s', (input, currency, text) => {
    expect(parseMoney(input, { currency })).toEqual({ ok: true, value: Number(text), text });
  });

  it.each([
    // Locale separators: each could be read two ways, so none is guessed.
    [',5', /Use a point for decimals/],
    ['5,00', /Use a point for decimals/],
    ['5,5', /Use a point for decimals/],
    ['1.234,56', /commas only between thousands/],
    ['1.234.567', /commas only between thousands/],
    ['1,200', /could mean 1200 or 1.200/],
    ['12,34,567.00', /groups of three/],
    ['1,2345.00', /groups of three/],
    ['1 200.50', /Remove the spaces/],
    ['1\u00a0200', /Remove the spaces/],
    // Signs and exponents.
    ['-5', /cannot be negative/],
    ['- 5', /cannot be negative/],
    ['+5', /without a \+ sign/],
    ['5-', /sign inside/],
    ['1e3', /plain digits/],
    ['1.5E+2', /plain digits/],
    // Size and precision: each names its real reason.
    ['99999999999', /Too large/],
    ['10000000000.00', /Too large/],
    ['5.001', /USD amounts have at most 2 decimals/],
    ['5.000', /at most 2 decimals/],
    ['1.5', /JPY amounts have no decimals/],
    ['12.345', /KWD amounts have at most 2 decimals/],
    ['0', /greater than 0/],
    ['0.00', /greater than 0/],
    // Not amounts at all.
    ['', /Enter an amount/],
    ['   ', /Enter an amount/],
    ['$5', /without a currency sign/],
    ['5 USD', /without a currency sign/],
    ['€5,00', /without a currency sign/],
    ['abc', /without a currency sign/],
    ['.', /is not an amount/],
    ['5\u00005', /other characters/],
    ['٥', /without a currency sign|other characters/],
    ["'; drop table payments; --", /without a currency sign|other characters/],
  ])('%j is refused: %s', (input, reason) => {
    const result = parseMoney(input, { currency: input === '1.5' ? 'JPY' : input === '12.345' ? 'KWD' : 'USD' });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(reason);
  });

  it('accepts 0 only where the caller allows it (a filter), and uses 2 decimals when no currency is given', () => {
    expect(parseMoney('0', { allowZero: true })).toEqual({ ok: true, value: 0, text: '0.00' });
    expect(parseMoney('5.123', {})).toEqual({ ok: false, reason: 'Amounts have at most 2 decimals.' });
  });

  it('knows which currencies have fewer decimals, and stores at most 2', () => {
    expect([currencyDecimals('USD'), currencyDecimals('JPY'), currencyDecimals('KWD'), currencyDecimals('XYZ')]).toEqual([2, 0, 2, 2]);
  });

  it('never reads a value that differs from what is shown: the text is the number', () => {
    for (const input of ['0.1', '0.29', '1,000,000.07', '9999999999.99', '123456789.12']) {
      const result = parseMoney(input, { currency: 'USD' });
      expect(result.ok && result.value.toFixed(2)).toBe(result.ok && result.text);
    }
  });
});
