// The tables a database benchmark prints: one scale's results against their targets, and how each case's cost grows
// from the smallest scale to the largest.
import { met, NAIVE_SLOW_MS, ratio, ratioWaived, type Result } from './runner.js';

const ms = (value: number | undefined) =>
  value === undefined
    ? '—'
    : Number.isNaN(value)
      ? 'error'
      : value < 10
        ? value.toFixed(2)
        : value < 1000
          ? value.toFixed(1)
          : value.toFixed(0);

const times = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '—' : `${x >= 100 ? x.toFixed(0) : x.toFixed(1)}×`);

export function table(results: Result[]): string {
  const header = ['name', 'p50 ms', 'p95 ms', 'naive p50', 'naive p95', 'ratio', 'target', 'met?'];
  const rows = results.map((r) => {
    const x = ratio(r);
    return [
      r.name,
      ms(r.ours.p50),
      ms(r.ours.p95),
      ms(r.naive?.p50),
      ms(r.naive?.p95),
      times(x),
      r.target.text,
      met(r) ? (ratioWaived(r) ? `yes (naive < ${NAIVE_SLOW_MS} ms: ratio n/a)` : 'yes') : 'NO',
    ];
  });
  return layout(header, rows, (i) => i === 0 || i >= 6);
}

/** Columns padded to their widest cell: text columns (`left`) to the left, figures to the right. */
function layout(header: string[], rows: string[][], left: (column: number) => boolean): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (left(i) ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * How much slower a case gets when the data grows: keyset pages and indexed searches should barely notice (≤ 1.5×);
 * up to 3× is worth watching; beyond that the cost follows the data and the design needs explaining or fixing.
 */
export type GrowthVerdict = 'ok' | 'watch' | 'design problem' | 'not comparable';

export function verdictFor(growth: number | undefined): GrowthVerdict {
  if (growth === undefined || !Number.isFinite(growth)) return 'not comparable';
  return growth <= 1.5 ? 'ok' : growth <= 3 ? 'watch' : 'design problem';
}

export interface GrowthRow {
  /** The case at the largest scale, numbers that differ between the scales shown as `small→large`. */
  name: string;
  /** Per scale, smallest first; null where the case did not run. */
  p95: (number | null)[];
  met: (boolean | null)[];
  /** p95 at the largest scale ÷ p95 at the smallest. */
  growth?: number;
  /** The same for p50: when it stays low while p95 grows, the p95 caught a stall, not a cost that follows the data. */
  p50Growth?: number;
  /** The same for the naive query beside it: what cost that follows the data looks like on this machine. */
  naiveGrowth?: number;
  /** When the work itself grows with the scale (reconciliation's file): growth ÷ how much more work there was. */
  perRowGrowth?: number;
  verdict: GrowthVerdict;
  /** The verdict is not ok on p95 while p50 grew ≤ 1.5×: most likely a stall in one scale's sample; rerun before acting. */
  p95Only: boolean;
}

export interface ScaleResults {
  scale: number;
  results: Result[];
}

// Names carry figures that follow the volume ("deep page (row 90,000)", "reconciliation of 10,000 rows"), so a case
// is the same case at another scale when its name matches with every number masked; the occurrence index keeps two
// cases that differ only in a number apart, as both scales list the cases in the same order.
const NUMBER = /\d[\d,]*/g;

function keyed(results: Result[]): Map<string, Result> {
  const seen = new Map<string, number>();
  const byKey = new Map<string, Result>();
  for (const r of results) {
    const masked = r.name.replace(NUMBER, '#');
    const n = seen.get(masked) ?? 0;
    seen.set(masked, n + 1);
    byKey.set(`${masked}\u0000${n}`, r);
  }
  return byKey;
}

/** "deep page (row 9,000→90,000)": the large name, with the small one's differing numbers before an arrow. */
function mergedName(small: string | undefined, large: string): string {
  if (small === undefined) return large;
  const from = small.match(NUMBER) ?? [];
  let i = 0;
  return large.replace(NUMBER, (value) => {
    const before = from[i++];
    return before === undefined || before === value ? value : `${before}→${value}`;
  });
}

const measured = (r: Result | undefined) => (r && !Number.isNaN(r.ours.p95) ? r : undefined);
const rowsOf = (r: Result) => Number(/ of ([\d,]+) rows/.exec(r.name)?.[1]?.replace(/,/g, '') ?? Number.NaN);

/** Each case's p95 at every scale and its growth from the smallest scale to the largest. */
export function growth(scales: ScaleResults[]): GrowthRow[] {
  const maps = scales.map((s) => keyed(s.results));
  const first = maps[0]!;
  const last = maps.at(-1)!;
  // the largest scale's order, then anything that ran only at smaller scales.
  const keys = [...new Set([...last.keys(), ...maps.slice(0, -1).flatMap((m) => [...m.keys()])])];
  return keys.map((key) => {
    const small = measured(first.get(key));
    const large = measured(last.get(key));
    const x = small && large ? large.ours.p95 / small.ours.p95 : undefined;
    const naive = small?.naive && large?.naive ? large.naive.p95 / small.naive.p95 : undefined;
    // reconciliation imports a file sized to the volume (reconciliation.ts), so its end-to-end time is judged per
    // imported row; what a finance user waits for at full volume is its own p95 and target above.
    const work = small && large && large.group === 'reconciliation' ? rowsOf(large) / rowsOf(small) : Number.NaN;
    const perRow = x !== undefined && Number.isFinite(work) && work !== 1 ? x / work : undefined;
    const anyResult = last.get(key) ?? maps.map((m) => m.get(key)).find(Boolean)!;
    const p50Growth = small && large ? large.ours.p50 / small.ours.p50 : undefined;
    const verdict = verdictFor(perRow ?? x);
    return {
      name: mergedName(first.get(key)?.name, anyResult.name),
      p95: maps.map((m) => measured(m.get(key))?.ours.p95 ?? null),
      met: maps.map((m) => {
        const r = m.get(key);
        return r ? met(r) : null;
      }),
      growth: x,
      p50Growth,
      naiveGrowth: naive,
      perRowGrowth: perRow,
      verdict,
      p95Only: (verdict === 'watch' || verdict === 'design problem') && perRow === undefined && p50Growth !== undefined && p50Growth <= 1.5,
    };
  });
}

export function growthTable(scales: number[], rows: GrowthRow[]): string {
  const at = scales.flatMap((s) => [`p95 ms @${s}`, 'met?']);
  const header = ['name', ...at, 'growth', 'p50 growth', 'naive growth', 'verdict'];
  const cells = rows.map((row) => [
    row.name,
    ...row.p95.flatMap((p, i) => [ms(p ?? undefined), row.met[i] === null ? '—' : row.met[i] ? 'yes' : 'NO']),
    row.perRowGrowth === undefined ? times(row.growth) : `${times(row.growth)} (${times(row.perRowGrowth)}/row)`,
    times(row.p50Growth),
    times(row.naiveGrowth),
    row.p95Only ? `${row.verdict} *` : row.verdict,
  ]);
  return layout(header, cells, (i) => i === 0 || i === header.length - 1 || (i <= at.length && i % 2 === 0));
}
