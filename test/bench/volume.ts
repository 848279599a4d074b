// How many rows the benchmark loads at a given scale. Scale 1 is the volume the spec's performance targets are
// stated for (≥1M reviews, payments and completed assessments); HG_BENCH_SCALE shrinks it for development, and the
// loader test runs it at a tiny scale. Floors keep every relationship present even at the smallest scales.
import { createHash } from 'node:crypto';

export interface Volume {
  scale: number;
  organizations: number;
  users: number;
  instructors: number;
  experts: number;
  workshops: number;
  engagements: number;
  reviews: number;
  payments: number;
  /** Share of payments that get a refund in the ledger (008). */
  refundShare: number;
  completedAssessments: number;
  openAssessments: number;
  auditEntries: number;
  /** 015's lists: workshop registrations, certificates, engagement sessions, expert testimonials. */
  registrations: number;
  certificates: number;
  sessions: number;
  testimonials: number;
}

const at = (full: number, scale: number, floor: number) => Math.max(floor, Math.round(full * scale));

export function volumeFor(scale: number): Volume {
  if (!Number.isFinite(scale) || scale <= 0 || scale > 10) throw new Error(`bench scale must be in (0, 10], got ${scale}`);
  return {
    scale,
    organizations: at(500, scale, 12),
    users: at(200_000, scale, 300),
    instructors: at(500, scale, 5),
    experts: at(1_000, scale, 8),
    workshops: at(5_000, scale, 10),
    engagements: at(50_000, scale, 20),
    reviews: at(1_000_000, scale, 200),
    payments: at(1_000_000, scale, 200),
    refundShare: 0.05,
    completedAssessments: at(1_000_000, scale, 200),
    openAssessments: at(20_000, scale, 10),
    auditEntries: at(1_000_000, scale, 200),
    registrations: at(1_000_000, scale, 200),
    certificates: at(1_000_000, scale, 200),
    sessions: at(1_000_000, scale, 200),
    testimonials: at(20_000, scale, 40),
  };
}

export function scaleFromEnv(fallback = 1): number {
  const raw = process.env.HG_BENCH_SCALE;
  if (raw === undefined || raw === '') return fallback;
  return parseScale(raw, 'HG_BENCH_SCALE');
}

/** The scales `npm run bench:db` compares: a tenth and the full volume, so a cost that grows with the data shows. */
export const DEFAULT_SCALES = [0.1, 1];

/**
 * The scales of one database benchmark run, smallest first: HG_BENCH_SCALES=0.1,1 (the default), or a single
 * HG_BENCH_SCALE=x for a quick run. Setting both is refused rather than guessing which one was meant.
 */
export function scalesFromEnv(): number[] {
  const single = process.env.HG_BENCH_SCALE;
  const several = process.env.HG_BENCH_SCALES;
  if (single && several) throw new Error('set HG_BENCH_SCALE (one scale) or HG_BENCH_SCALES (several), not both');
  if (single) return [scaleFromEnv()];
  if (!several) return [...DEFAULT_SCALES];
  const scales = [...new Set(several.split(',').map((part) => parseScale(part.trim(), 'HG_BENCH_SCALES')))];
  return scales.sort((a, b) => a - b);
}

function parseScale(raw: string, name: string): number {
  const value = Number(raw);
  if (raw === '' || !Number.isFinite(value) || value <= 0) throw new Error(`${name}: "${raw}" is not a positive number`);
  return value;
}

/** Fixed ids of the staff the benchmark signs in as (the loader creates them with these roles). */
export const BENCH_STAFF = {
  admin: 'b0000000-0000-4000-8000-000000000001',
  moderator: 'b0000000-0000-4000-8000-000000000002',
  finance: 'b0000000-0000-4000-8000-000000000003',
  finance2: 'b0000000-0000-4000-8000-000000000004',
  leadership: 'b0000000-0000-4000-8000-000000000005',
  support: 'b0000000-0000-4000-8000-000000000006',
} as const;

/** Every loaded row's id is md5('<kind>:<n>')::uuid, so related rows are computed arithmetically, never joined. */
export const KINDS = {
  org: 'hgb-org',
  user: 'hgb-user',
  workshop: 'hgb-workshop',
  engagement: 'hgb-engagement',
  profile: 'hgb-profile',
  review: 'hgb-review',
  payment: 'hgb-payment',
  refund: 'hgb-refund',
  assessment: 'hgb-assessment',
  registration: 'hgb-registration',
  certificate: 'hgb-certificate',
  session: 'hgb-session',
  testimonial: 'hgb-testimonial',
} as const;

/** The id the loader gives row n of a kind (pg_temp.id): md5('<kind>:<n>') as a uuid. */
export function benchId(kind: string, n: number): string {
  const hex = createHash('md5').update(`${kind}:${n}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The workshop the registrations' skew makes one of the largest (published, recorded). */
export const LARGE_WORKSHOP = 5;
