// What each console setting is called on screen and how its value reads. The ranges are the database's
// (get_settings returns them); only the words are here.
import type { SettingRule } from '../../../../shared/settings';
import { formatNumber } from '../../ui/format';

export const settingLabels: Record<string, { label: string; effect: string }> = {
  refund_approval_threshold: {
    label: 'Refund approval threshold',
    effect: 'Refunds above this amount wait for a second finance or admin person to approve them.',
  },
  trend_min_responses: {
    label: 'Trend anonymity minimum',
    effect: 'Months with fewer completed assessments show no averages in the trends, so no one’s answers can be singled out.',
  },
  undo_window_seconds: {
    label: 'Undo window',
    effect: 'How long the author of a moderation decision can undo it.',
  },
  idle_lock_minutes: {
    label: 'Idle lock',
    effect: 'After this many minutes without use the console covers its window and asks for the password again.',
  },
  count_exact_limit: {
    label: 'Exact count limit',
    effect: 'Lists count their rows exactly up to this many and estimate above it, so counting never slows a screen.',
  },
};

export function settingLabel(key: string): string {
  return settingLabels[key]?.label ?? key;
}

/** "1,000.00", "5 responses", "10 seconds". */
export function formatSetting(value: unknown, rule: SettingRule | null): string {
  if (typeof value !== 'number') return JSON.stringify(value);
  if (!rule) return formatNumber(value);
  if (rule.unit === 'amount') return formatNumber(value, rule.decimals);
  const unit = value === 1 ? rule.unit.replace(/s$/, '') : rule.unit;
  return `${formatNumber(value)} ${unit}`;
}

/** In the order of settingLabels (money first), then any setting this version does not know, by key. */
export function orderedSettings<T extends { key: string }>(rows: readonly T[]): T[] {
  const order = Object.keys(settingLabels);
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  return [...rows].sort((a, b) => rank(a.key) - rank(b.key) || a.key.localeCompare(b.key));
}
