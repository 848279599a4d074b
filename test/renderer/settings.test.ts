// How the settings screen words a setting's value, and the order it lists them in.
import { describe, expect, it } from 'vitest';
import { formatSetting, orderedSettings } from '../../renderer/src/screens/settings/model.js';

describe('formatSetting', () => {
  it('writes amounts with their decimals and counts with their unit, singular for one', () => {
    expect(formatSetting(750.5, { minimum: 0, maximum: 1e10, decimals: 2, unit: 'amount' })).toBe('750.50');
    expect(formatSetting(10000, { minimum: 1, maximum: 1e6, decimals: 0, unit: 'rows' })).toBe('10,000 rows');
    expect(formatSetting(1, { minimum: 0, maximum: 3600, decimals: 0, unit: 'seconds' })).toBe('1 second');
  });

  it('shows a value that is not a number as it is, instead of guessing', () => {
    expect(formatSetting('x', null)).toBe('"x"');
    expect(formatSetting(null, null)).toBe('null');
  });
});

describe('orderedSettings', () => {
  it('lists money first, then the rest as labelled, then settings this version does not know', () => {
    const keys = ['count_exact_limit', 'zzz_new', 'undo_window_seconds', 'refund_approval_threshold', 'aaa_new', 'trend_min_responses'];
    expect(orderedSettings(keys.map((key) => ({ key }))).map((row) => row.key)).toEqual([
      'refund_approval_threshold',
      'trend_min_responses',
      'undo_window_seconds',
      'count_exact_limit',
      'aaa_new',
      'zzz_new',
    ]);
  });
});
