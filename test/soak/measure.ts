// What the soak measures with: memory in MB, a least-squares slope, the collector (when reachable), the process's
// handles and listeners by kind, and deterministic choices.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface Counts {
  [name: string]: number;
}

export const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 100) / 100;

/** Least-squares slope of y over x. */
export function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((sum, p) => sum + p.x, 0) / n;
  const my = points.reduce((sum, p) => sum + p.y, 0) / n;
  const sxy = points.reduce((sum, p) => sum + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((sum, p) => sum + (p.x - mx) ** 2, 0);
  return sxx === 0 ? NaN : sxy / sxx;
}

/** The collector, when this process can reach it: `--expose-gc`, or V8's flag set at run time (vitest's workers). */
export function findGc(): (() => void) | null {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
}

export function countBy(names: string[]): Counts {
  const counts: Counts = {};
  for (const name of names) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

export const handleCounts = (): Counts => countBy(process.getActiveResourcesInfo());

export function listenerCounts(): Counts {
  const counts: Counts = {};
  for (const name of process.eventNames()) counts[`process:${String(name)}`] = process.listenerCount(name);
  return counts;
}

/** Deterministic choices (mulberry32), so a run can be repeated. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const settle = () => new Promise<void>((resolveWait) => setTimeout(resolveWait, 50));

export async function collect(gc: (() => void) | null): Promise<number | null> {
  if (!gc) return null;
  // Twice with turns between: finalizers and weak callbacks of the first collection free more in the second.
  gc();
  await settle();
  gc();
  return mb(process.memoryUsage().heapUsed);
}
