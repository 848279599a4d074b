// The results table a database benchmark prints.
import { met, ratio, type Result } from './runner.js';

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
      x === undefined ? '—' : `${x >= 100 ? x.toFixed(0) : x.toFixed(1)}×`,
      r.target.text,
      met(r) ? 'yes' : 'NO',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 || i >= 6 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
