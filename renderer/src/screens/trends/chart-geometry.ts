// The trend chart's geometry, pure so it is unit-tested: where each month sits, the axes' ticks, which month labels
// fit, and a series as SVG path data — a smooth curve through each run of months that have a value, a gap where a
// month has none (suppressed or empty), never a line drawn through it.

export interface Point {
  x: number;
  y: number;
}

/** The centre of month `index` of `count` across `width` px starting at `left`: each month owns an equal band. */
export function bandCentre(index: number, count: number, left: number, width: number): number {
  return left + ((index + 0.5) * width) / Math.max(count, 1);
}

/** Maps a value of [min, max] to pixels, max at `top` and min at `top + height`. */
export function linearScale(min: number, max: number, top: number, height: number): (value: number) => number {
  const span = max - min || 1;
  return (value) => top + height - ((value - min) / span) * height;
}

/** Whole-number ticks from 0 past `max`: about five, on a step of 1, 2 or 5 × 10ⁿ. */
export function countTicks(max: number): number[] {
  if (max <= 0) return [0, 1];
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude);
  const ticks: number[] = [];
  for (let tick = 0; tick < max + step; tick += step) ticks.push(tick);
  return ticks;
}

/** Every how many months a label is written so that labels `labelWidth` px wide do not touch in bands of `band` px. */
export function labelStep(labelWidth: number, band: number): number {
  return Math.max(1, Math.ceil((labelWidth + 8) / Math.max(band, 1)));
}

/** The runs of consecutive points that have a value: a null splits the series. */
export function runs(points: ReadonlyArray<Point | null>): Point[][] {
  const result: Point[][] = [];
  let current: Point[] = [];
  for (const point of points) {
    if (point) current.push(point);
    else if (current.length > 0) {
      result.push(current);
      current = [];
    }
  }
  if (current.length > 0) result.push(current);
  return result;
}

/**
 * Path data through `points` (x increasing): cubic segments whose tangents keep the curve monotone between
 * neighbouring months (Steffen's method), so it never overshoots a month's value; a run of one point has no line.
 */
export function monotonePath(points: readonly Point[]): string {
  const n = points.length;
  if (n < 2) return '';
  const at = (i: number) => points[i]!;
  const secant = (i: number) => (at(i + 1).y - at(i).y) / (at(i + 1).x - at(i).x);
  const tangents = points.map((_, i) => {
    if (i === 0) return secant(0);
    if (i === n - 1) return secant(n - 2);
    const before = secant(i - 1);
    const after = secant(i);
    if (before * after <= 0) return 0;
    const h0 = at(i).x - at(i - 1).x;
    const h1 = at(i + 1).x - at(i).x;
    const blended = (before * h1 + after * h0) / (h0 + h1);
    return Math.sign(before) * Math.min(Math.abs(before), Math.abs(after), Math.abs(blended) / 2) * 2;
  });
  const round = (value: number) => Math.round(value * 10) / 10;
  let path = `M${round(at(0).x)},${round(at(0).y)}`;
  for (let i = 0; i < n - 1; i++) {
    const third = (at(i + 1).x - at(i).x) / 3;
    path +=
      `C${round(at(i).x + third)},${round(at(i).y + tangents[i]! * third)} ` +
      `${round(at(i + 1).x - third)},${round(at(i + 1).y - tangents[i + 1]! * third)} ` +
      `${round(at(i + 1).x)},${round(at(i + 1).y)}`;
  }
  return path;
}

/** Circles of radius `r` at every point, as one path (one element per series instead of one per month). */
export function dotsPath(points: readonly Point[], r: number): string {
  return points
    .map(
      ({ x, y }) => `M${Math.round((x - r) * 10) / 10},${Math.round(y * 10) / 10}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`,
    )
    .join('');
}
