// A benchmark run kept as JSON: each run under its own name in bench/results/ (committed, so figures can be compared
// over time). Shared by the database and renderer benchmarks.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function writeJson(path: string, data: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
}

/**
 * A run's file name: its UTC time to the second, its scales unless the run ends at the full volume the usual way (1
 * alone, or the database benchmark's default 0.1 and 1), and "partial" when only some cases ran.
 */
export function runStamp(at: Date, scales: number | number[], only: string | null): string {
  const time = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const list = [scales].flat();
  const usual = list.join(',') === '1' || list.join(',') === '0.1,1';
  const label = usual ? null : list.length === 1 ? `scale-${list[0]}` : `scales-${list.join('-')}`;
  return [time, label, only ? 'partial' : null].filter(Boolean).join('-');
}
