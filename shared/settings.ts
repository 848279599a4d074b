// Reading a console setting that an admin typed. The allowed range of each setting is the database's
// (console_private.setting_rules, returned by get_settings); this only reads the text against it, so the form says
// what is wrong before asking, and SQL refuses the same things on every other path.

export interface SettingRule {
  minimum: number;
  maximum: number;
  /** 0: a whole number. */
  decimals: number;
  /** 'amount', 'responses', 'seconds', 'rows'. */
  unit: string;
}

export type SettingParse = { ok: true; value: number } | { ok: false; reason: string };

const grouped = (n: number, decimals: number) => n.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: decimals });

/** "3 to 1,000 responses", "0 to 9,999,999,999.99 (an amount)". */
export function describeRange(rule: SettingRule): string {
  const range = `${grouped(rule.minimum, rule.decimals)} to ${grouped(rule.maximum, rule.decimals)}`;
  return rule.unit === 'amount' ? `${range}, up to ${rule.decimals} decimals` : `${range} ${rule.unit}`;
}

export function parseSettingValue(input: string, rule: SettingRule): SettingParse {
  const text = input.trim();
  const refuse = (reason: string): SettingParse => ({ ok: false, reason });
  if (text === '') return refuse('Enter a value.');
  if (/[,\s']/.test(text)) return refuse('Write the number without separators or spaces, such as 10000.');
  if (text.startsWith('-')) return refuse('It cannot be negative.');
  if (!/^\d+(\.\d+)?$/.test(text)) return refuse(`Write a plain number, such as ${grouped(rule.minimum, 0)}.`);
  const decimals = text.split('.')[1]?.length ?? 0;
  if (decimals > rule.decimals) return refuse(rule.decimals === 0 ? 'Use a whole number.' : `Use at most ${rule.decimals} decimals.`);
  const value = Number(text);
  if (!Number.isFinite(value) || value < rule.minimum || value > rule.maximum) return refuse(`Allowed: ${describeRange(rule)}.`);
  return { ok: true, value };
}
