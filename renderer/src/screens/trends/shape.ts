// Trend rows (console.org_trends) → what the chart and the table draw. Pure, so the rules are unit-tested:
// one organisation shows the overall score and the five dimensions, several organisations are compared on one
// dimension, the platform average is a series of its own, and a suppressed month is a gap (null), never a zero.
import { z } from 'zod';
import type { ChannelOutput } from '../../../../shared/ipc/contract';
import { dimension } from '../../../../shared/ipc/trends';

export type TrendRow = ChannelOutput<'trends:org-trends'>['rows'][number];
export type Dimension = z.infer<typeof dimension>;

export const DIMENSIONS: readonly Dimension[] = dimension.options;
export const DIMENSION_LABELS: Record<Dimension, string> = {
  overall: 'Overall',
  individual: 'Individual',
  leadership: 'Leadership',
  cultural: 'Cultural',
  embedding: 'Embedding',
  velocity: 'Velocity',
};

export const PLATFORM = 'platform';

export interface Series {
  /** The key of this series' values in each point. */
  key: string;
  name: string;
  /** 1–6: which --chart-N colour. */
  colour: number;
  dashed: boolean;
}

/** One month: its label, each series' value (null = no value or suppressed), and each series' count. */
export interface Point {
  month: string;
  label: string;
  values: Record<string, number | null>;
  counts: Record<string, number>;
  suppressed: Record<string, boolean>;
}

export interface ChartData {
  mode: 'dimensions' | 'compare';
  series: Series[];
  points: Point[];
  /** For the single-organisation chart: the organisation's completed assessments per month (bars). */
  countKey: string | null;
}

const monthLabel = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });

export function formatMonth(month: string): string {
  return monthLabel.format(new Date(`${month.slice(0, 10)}T00:00:00Z`));
}

const avg = (row: TrendRow, d: Dimension): number | null => (row.suppressed ? null : row[`avg_${d}`]);

export function shapeTrends(rows: readonly TrendRow[], options: { organizationIds: readonly string[]; dimension: Dimension }): ChartData {
  const months = [...new Set(rows.map((row) => row.month))].sort();
  const byMonth = new Map(
    months.map((month) => [month, { month, label: formatMonth(month), values: {}, counts: {}, suppressed: {} } as Point]),
  );
  const orgs = options.organizationIds.filter((id) => rows.some((row) => row.organization_id === id));
  const names = new Map(rows.map((row) => [row.organization_id ?? PLATFORM, row.organization_name ?? 'Platform average']));
  const hasPlatform = rows.some((row) => row.organization_id === null);

  if (orgs.length === 1) {
    const org = orgs[0]!;
    const series: Series[] = DIMENSIONS.map((d, i) => ({ key: d, name: DIMENSION_LABELS[d], colour: i + 1, dashed: false }));
    if (hasPlatform) series.push({ key: `${PLATFORM}:overall`, name: 'Platform overall', colour: 1, dashed: true });
    for (const row of rows) {
      const point = byMonth.get(row.month)!;
      if (row.organization_id === org) {
        for (const d of DIMENSIONS) point.values[d] = avg(row, d);
        point.counts[org] = row.assessment_count;
        point.suppressed[org] = row.suppressed;
      } else if (row.organization_id === null) {
        point.values[`${PLATFORM}:overall`] = avg(row, 'overall');
        point.counts[PLATFORM] = row.assessment_count;
        point.suppressed[PLATFORM] = row.suppressed;
      }
    }
    return { mode: 'dimensions', series, points: [...byMonth.values()], countKey: org };
  }

  const keys = [...orgs, ...(hasPlatform ? [PLATFORM] : [])];
  const series: Series[] = keys.map((key, i) => ({
    key,
    name: key === PLATFORM ? 'Platform average' : (names.get(key) ?? key),
    colour: key === PLATFORM ? 1 : (i % 5) + 2,
    dashed: key === PLATFORM,
  }));
  for (const row of rows) {
    const key = row.organization_id ?? PLATFORM;
    if (!keys.includes(key)) continue;
    const point = byMonth.get(row.month)!;
    point.values[key] = avg(row, options.dimension);
    point.counts[key] = row.assessment_count;
    point.suppressed[key] = row.suppressed;
  }
  return { mode: 'compare', series, points: [...byMonth.values()], countKey: null };
}

/** The months where a series had too few responses to show, per series name: said under the chart. */
export function suppressedMonths(data: ChartData): Array<{ name: string; months: string[] }> {
  const seriesKeys = data.mode === 'dimensions' ? [data.countKey!, PLATFORM] : data.series.map((s) => s.key);
  return seriesKeys
    .map((key) => ({
      name:
        key === PLATFORM
          ? 'Platform average'
          : data.mode === 'dimensions'
            ? 'This organisation'
            : (data.series.find((s) => s.key === key)?.name ?? key),
      months: data.points.filter((point) => point.suppressed[key] && (point.counts[key] ?? 0) > 0).map((point) => point.label),
    }))
    .map((entry) => (entry.months.length === data.points.length ? { ...entry, months: ['every month of this window'] } : entry))
    .filter((entry) => entry.months.length > 0);
}

/** The persisted state of the screen: which organisations, how far back, which dimension to compare. */
export const trendSettings = z.object({
  organizationIds: z.array(z.guid()).max(20),
  months: z.union([z.literal(3), z.literal(6), z.literal(12), z.literal(24)]),
  dimension,
  includePlatform: z.boolean(),
});
export type TrendSettings = z.infer<typeof trendSettings>;
export const DEFAULT_SETTINGS: TrendSettings = { organizationIds: [], months: 12, dimension: 'overall', includePlatform: true };
