// What an admin may type for a console setting: plain digits within the setting's range, with no more decimals
// than it takes; everything else refused with the reason, before anything is sent.
import { describe, expect, it } from 'vitest';
import { describeRange, parseSettingValue, type SettingRule } from '../../shared/settings.js';

const threshold: SettingRule = { minimum: 0, maximum: 9_999_999_999.99, decimals: 2, unit: 'amount' };
const responses: SettingRule = { minimum: 3, maximum: 1000, decimals: 0, unit: 'responses' };
const seconds: SettingRule = { minimum: 0, maximum: 3600, decimals: 0, unit: 'seconds' };

describe('parseSettingValue', () => {
  it.each<[string, SettingRule, number]>([
    ['1000', threshold, 1000],
    [' 250.5 ', threshold, 250.5],
    ['0.01', threshold, 0.01],
    ['9999999999.99', threshold, 9_999_999_999.99],
    ['0', seconds, 0],
    ['3600', seconds, 3600],
    ['3', responses, 3],
    ['007', responses, 7],
  ])('reads %j', (text, rule, value) => {
    expect(parseSettingValue(text, rule)).toEqual({ ok: true, value });
  });

  it.each<[string, SettingRule, RegExp]>([
    ['', threshold, /Enter a value/],
    ['   ', threshold, /Enter a value/],
    ['1,000', threshold, /without separators/],
    ['1 000', threshold, /without separators/],
    ["1'000", threshold, /without separators/],
    ['5,5', threshold, /without separators/],
    ['-5', threshold, /negative/],
    ['1e3', threshold, /plain number/],
    ['$500', threshold, /plain number/],
    ['500 USD', threshold, /without separators/],
    ['0x10', seconds, /plain number/],
    ['Infinity', seconds, /plain number/],
    ['.5', threshold, /plain number/],
    ['5.', threshold, /plain number/],
    ['10.005', threshold, /at most 2 decimals/],
    ['2.5', seconds, /whole number/],
    ['10000000000', threshold, /Allowed: 0 to 9,999,999,999.99/],
    ['2', responses, /Allowed: 3 to 1,000 responses/],
    ['3601', seconds, /Allowed: 0 to 3,600 seconds/],
    ['9'.repeat(400), seconds, /Allowed/],
    ['5\u0000', seconds, /plain number/],
  ])('refuses %j with its reason', (text, rule, reason) => {
    const parsed = parseSettingValue(text, rule);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toMatch(reason);
  });
});

describe('describeRange', () => {
  it('says the range in the unit, with grouping', () => {
    expect(describeRange(responses)).toBe('3 to 1,000 responses');
    expect(describeRange(threshold)).toBe('0 to 9,999,999,999.99, up to 2 decimals');
  });
});
