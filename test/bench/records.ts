// A benchmark run kept as JSON: each run under its own name in bench/results/ (committed, so figures can be compared
// over time). Shared by the database and renderer benchmarks.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function writeJson(path: string, data: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
}

/** A run's file name: its UTC time to the second, its scale when not 1, and "partial" when only some cases ran. */
export function runStamp(at: Date, scale: number, only: string | null): string {
  const time = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return [time, scale === 1 ? null : `scale-${scale}`, only ? 'partial' : null].filter(Boolean).join('-');
}
