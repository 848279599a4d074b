// Trend rows → chart data: the series drawn, suppressed months as gaps (never zeros), and the persisted settings.
import { describe, expect, it } from 'vitest';
import {
  bandCentre,
  countTicks,
  dotsPath,
  labelStep,
  linearScale,
  monotonePath,
  runs,
  type Point,
} from '../../renderer/src/screens/trends/chart-geometry';
import {
  DEFAULT_SETTINGS,
  shapeTrends,
  suppressedMonths,
  trendSettings,
  type ChartData,
  type TrendRow,
} from '../../renderer/src/screens/trends/shape';

const A = '00000001-0000-4000-8000-000000000001';
const B = '00000001-0000-4000-8000-000000000002';

function row(org: string | null, month: string, count: number, score: number | null, suppressed = count < 5): TrendRow {
  const value = suppressed ? null : score;
  return {
    organization_id: org,
    organization_name: org === A ? 'Northwind' : org === B ? 'Kestrel' : null,
    month,
    assessment_count: count,
    suppressed,
    avg_overall: value,
    avg_individual: value === null ? null : value + 1,
    avg_leadership: value === null ? null : value + 2,
    avg_cultural: value,
    avg_embedding: value,
    avg_velocity: value,
  };
}

const rows: TrendRow[] = [
  row(A, '2026-10-01', 6, 60),
  row(A, '2026-11-01', 3, 70),
  row(B, '2026-10-01', 0, null),
  row(B, '2026-11-01', 8, 55),
  row(null, '2026-10-01', 20, 58),
  row(null, '2026-11-01', 21, 61),
];

/** What the chart draws for each month: every series' value (null: a gap) and, for one organisation, its count. */
const drawn = (data: ChartData) =>
  data.points.map((point) => ({ label: point.label, ...point.values, count: data.countKey ? (point.counts[data.countKey] ?? 0) : null }));

describe('one organisation', () => {
  const data = shapeTrends(
    rows.filter((r) => r.organization_id !== B),
    { organizationIds: [A], dimension: 'leadership' },
  );

  it('draws the overall score, the five dimensions and the platform overall, with counts as bars', () => {
    expect(data.mode).toBe('dimensions');
    expect(data.series.map((s) => s.name)).toEqual([
      'Overall',
      'Individual',
      'Leadership',
      'Cultural',
      'Embedding',
      'Velocity',
      'Platform overall',
    ]);
    expect(data.series.at(-1)).toMatchObject({ dashed: true });
    expect(drawn(data)).toEqual([
      {
        label: 'Oct 2026',
        overall: 60,
        individual: 61,
        leadership: 62,
        cultural: 60,
        embedding: 60,
        velocity: 60,
        'platform:overall': 58,
        count: 6,
      },
      {
        label: 'Nov 2026',
        overall: null,
        individual: null,
        leadership: null,
        cultural: null,
        embedding: null,
        velocity: null,
        'platform:overall': 61,
        count: 3,
      },
    ]);
  });

  it('names the suppressed months (a gap in the chart, not a zero)', () => {
    expect(suppressedMonths(data)).toEqual([{ name: 'This organisation', months: ['Nov 2026'] }]);
  });
});

describe('several organisations', () => {
  const data = shapeTrends(rows, { organizationIds: [A, B], dimension: 'leadership' });

  it('compares them on the chosen dimension beside the platform average, in the order chosen', () => {
    expect(data.mode).toBe('compare');
    expect(data.series.map((s) => [s.key, s.name, s.dashed])).toEqual([
      [A, 'Northwind', false],
      [B, 'Kestrel', false],
      ['platform', 'Platform average', true],
    ]);
    expect(drawn(data)).toEqual([
      { label: 'Oct 2026', [A]: 62, [B]: null, platform: 60, count: null },
      { label: 'Nov 2026', [A]: null, [B]: 57, platform: 63, count: null },
    ]);
  });

  it('a month with no assessments is not "not enough responses"', () => {
    expect(suppressedMonths(data)).toEqual([{ name: 'Northwind', months: ['Nov 2026'] }]);
  });

  it('says "every month" when a series is suppressed throughout', () => {
    const only = shapeTrends(
      [row(B, '2026-10-01', 2, 50), row(B, '2026-11-01', 4, 50), row(A, '2026-10-01', 9, 1), row(A, '2026-11-01', 9, 1)],
      {
        organizationIds: [A, B],
        dimension: 'overall',
      },
    );
    expect(suppressedMonths(only)).toEqual([{ name: 'Kestrel', months: ['every month of this window'] }]);
  });
});

describe('persisted trend settings', () => {
  it.each([
    [{ organizationIds: [A], months: 24, dimension: 'velocity', includePlatform: false }, true],
    [{ organizationIds: ['not-an-id'], months: 12, dimension: 'overall', includePlatform: true }, false],
    [{ organizationIds: [], months: 9, dimension: 'overall', includePlatform: true }, false],
    [{ organizationIds: [], months: 12, dimension: 'happiness', includePlatform: true }, false],
  ])('%j valid: %s', (value, valid) => {
    expect(trendSettings.safeParse(value).success).toBe(valid);
  });

  it('starts with no organisation, a year, overall, and the platform average', () => {
    expect(trendSettings.parse(DEFAULT_SETTINGS)).toEqual({ organizationIds: [], months: 12, dimension: 'overall', includePlatform: true });
  });
});

describe('chart geometry', () => {
  const at = (x: number, y: number): Point => ({ x, y });

  it('splits a series at a month without a value: a gap, never a line through it', () => {
    expect(runs([at(0, 1), at(1, 2), null, at(3, 4), null, null, at(6, 7)])).toEqual([[at(0, 1), at(1, 2)], [at(3, 4)], [at(6, 7)]]);
    expect(runs([null, null])).toEqual([]);
  });

  it('draws no line through a single month, and a curve through two or more that passes every month', () => {
    expect(monotonePath([at(5, 5)])).toBe('');
    const points = [at(0, 100), at(10, 20), at(20, 60), at(30, 60)];
    const path = monotonePath(points);
    expect(path.startsWith('M0,100C')).toBe(true);
    expect(path.endsWith(' 30,60')).toBe(true);
    expect(path.match(/C/g)).toHaveLength(3);
  });

  it('never overshoots a month: each segment stays between its two months (a flat stretch stays flat)', () => {
    const points = [at(0, 100), at(10, 20), at(20, 60), at(30, 60), at(40, 10)];
    const numbers = [...monotonePath(points).matchAll(/C([\d.-]+),([\d.-]+) ([\d.-]+),([\d.-]+) /g)];
    expect(numbers).toHaveLength(4);
    numbers.forEach((match, i) => {
      const [low, high] = [points[i]!.y, points[i + 1]!.y].sort((a, b) => a - b);
      for (const y of [Number(match[2]), Number(match[4])]) {
        expect(y).toBeGreaterThanOrEqual(low!);
        expect(y).toBeLessThanOrEqual(high!);
      }
    });
  });

  it('puts each month in the middle of an equal band, the score 100 at the top and 0 at the bottom', () => {
    expect([0, 1, 23].map((i) => bandCentre(i, 24, 40, 480))).toEqual([50, 70, 510]);
    const score = linearScale(0, 100, 8, 200);
    expect([score(100), score(50), score(0)]).toEqual([8, 108, 208]);
  });

  it('counts get about five whole-number ticks reaching past the highest month', () => {
    expect(countTicks(3)).toEqual([0, 1, 2, 3]);
    expect(countTicks(23)).toEqual([0, 10, 20, 30]);
    expect(countTicks(180)).toEqual([0, 50, 100, 150, 200]);
    expect(countTicks(0)).toEqual([0, 1]);
  });

  it('labels every month when they fit, and every second or third when the months are narrow', () => {
    expect(labelStep(62, 80)).toBe(1);
    expect(labelStep(62, 40)).toBe(2);
    expect(labelStep(62, 29)).toBe(3);
  });

  it('draws all dots of a series as one path, a circle per month', () => {
    expect(dotsPath([at(10, 20), at(30, 40)], 3)).toBe('M7,20a3,3 0 1,0 6,0a3,3 0 1,0 -6,0M27,40a3,3 0 1,0 6,0a3,3 0 1,0 -6,0');
  });
});
