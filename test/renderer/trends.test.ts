// Trend rows → chart data: the series drawn, suppressed months as gaps (never zeros), and the persisted settings.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  chartRows,
  shapeTrends,
  suppressedMonths,
  trendSettings,
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
    expect(chartRows(data)).toEqual([
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
    expect(chartRows(data)).toEqual([
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
