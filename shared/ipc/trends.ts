// Adaptability trends channels → console.list_organizations and console.org_trends. Suppression of small months
// happens in SQL, so exports built from these rows inherit it; nothing here recomputes averages.
import { z } from 'zod';
import { id, requiredText, search, startedOperation, type ArgNames, type Expect, type RowMatches } from './common.js';

export const trendWindow = z.union([z.literal(3), z.literal(6), z.literal(12), z.literal(24)]);
export const dimension = z.enum(['overall', 'individual', 'leadership', 'cultural', 'embedding', 'velocity']);

const organizationRow = z.object({
  id,
  name: z.string(),
  slug: z.string().nullable(),
  subscription_tier: z.string().nullable(),
  completed_assessments: z.number().int(),
  last_assessment_month: z.string().nullable(),
});
type _Org = Expect<RowMatches<typeof organizationRow, 'list_organizations'>>;

const average = z.number().nullable();
export const trendRow = z.object({
  /** null: the all-platform row of that month. */
  organization_id: z.string().nullable(),
  organization_name: z.string().nullable(),
  month: z.string(),
  assessment_count: z.number().int(),
  /** Fewer completed assessments than the anonymity minimum: every average is null ("not enough responses"). */
  suppressed: z.boolean(),
  avg_overall: average,
  avg_individual: average,
  avg_leadership: average,
  avg_cultural: average,
  avg_embedding: average,
  avg_velocity: average,
});
type _Trend = Expect<RowMatches<typeof trendRow, 'org_trends'>>;

const trendQuery = {
  organization_ids: z.array(id).min(1).max(20),
  months: trendWindow,
  include_platform: z.boolean(),
};
type _TrendArgs = Expect<[`p_${'org_ids' | 'months' | 'include_platform'}`] extends [ArgNames<'org_trends'>] ? true : false>;

// The chart's own pixels: main captures that rectangle of the window, so no image data crosses IPC.
const pixels = z.number().int().min(0).max(16_384);
const chartRect = z.strictObject({ x: pixels, y: pixels, width: pixels.min(1), height: pixels.min(1) });

export const trendChannels = {
  'trends:organizations': {
    input: z.strictObject({ search: search.optional(), limit: z.number().int().min(1).max(200).optional() }),
    output: z.object({ rows: z.array(organizationRow) }),
  },
  'trends:org-trends': {
    input: z.strictObject(trendQuery),
    output: z.object({ rows: z.array(trendRow) }),
  },
} as const;

/** Channels that write files or run in the background: main's files/ answers them. */
export const trendFileChannels = {
  /** CSV of exactly what the chart shows, suppressed months included as blanks. */
  'trends:export-csv': {
    input: z.strictObject({ ...trendQuery, dimensions: z.array(dimension).min(1).max(6).optional() }),
    output: startedOperation,
  },
  'trends:export-png': {
    input: z.strictObject({ rect: chartRect, file_name: requiredText(120).optional() }),
    output: z.object({ file_name: z.string().nullable() }),
  },
} as const;
