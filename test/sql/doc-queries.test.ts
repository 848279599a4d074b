// The client document's "Usage Examples" (shared/seed/humanglue-schema.md), run exactly as written against the
// seeded database, with only the 'user-uuid' / 'org-uuid' placeholders replaced by ids of real seed rows. Run as
// the database owner (a backend/admin reading everything): the queries are the document's, not an API role's.
// Each result is checked against what the seed rows say it must be.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db.js';

const db = useTestDatabase();

// ---- the document's SQL, verbatim ----

const AVAILABLE_WORKSHOPS_BY_PILLAR = `SELECT
  w.*,
  u.full_name AS instructor_name,
  COUNT(wr.id) AS registrations
FROM workshops w
JOIN users u ON w.instructor_id = u.id
LEFT JOIN workshop_registrations wr ON w.id = wr.workshop_id
WHERE w.status = 'published'
  AND w.pillar = 'adaptability'
  AND w.capacity_remaining > 0
GROUP BY w.id, u.full_name
ORDER BY w.is_featured DESC, w.schedule_date ASC
LIMIT 10;`;

const USER_ASSESSMENT_HISTORY = `SELECT
  a.id,
  a.overall_score,
  a.individual_score,
  a.leadership_score,
  a.cultural_score,
  a.embedding_score,
  a.velocity_score,
  a.completed_at
FROM assessments a
WHERE a.user_id = 'user-uuid'
  AND a.status = 'completed'
ORDER BY a.completed_at DESC;`;

const SEARCH_TALENT_BY_EXPERTISE = `SELECT
  tp.*,
  u.full_name,
  u.avatar_url
FROM talent_profiles tp
JOIN users u ON tp.user_id = u.id
WHERE tp.is_public = true
  AND tp.accepting_clients = true
  AND tp.expertise && ARRAY['AI Adoption', 'Change Management']
  AND tp.rating >= 4.5
ORDER BY tp.rating DESC, tp.review_count DESC
LIMIT 20;`;

const ORGANIZATION_ADAPTABILITY_TREND = `SELECT * FROM get_org_adaptability_trend(
  'org-uuid',
  6 -- months
);`;

// ---- helpers ----

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Replaces the document's placeholder (exactly one occurrence) with a real id. */
function withId(sql: string, placeholder: 'user-uuid' | 'org-uuid', id: string): string {
  expect(id).toMatch(UUID);
  expect(sql.split(placeholder).length - 1, `placeholder ${placeholder} occurs once`).toBe(1);
  return sql.replace(placeholder, id);
}

async function query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.owner.query(sql, params)).rows as T[];
}

/** The document's ORDER BY: is_featured DESC, schedule_date ASC (nulls last, PostgreSQL's default for ASC). */
function workshopOrder(a: WorkshopRow, b: WorkshopRow): number {
  if (a.is_featured !== b.is_featured) return a.is_featured ? -1 : 1;
  if (a.schedule_date === b.schedule_date) return 0;
  if (a.schedule_date === null) return 1;
  if (b.schedule_date === null) return -1;
  return a.schedule_date < b.schedule_date ? -1 : 1;
}

interface WorkshopRow {
  id: string;
  title: string;
  instructor_id: string;
  pillar: string;
  status: string;
  capacity_remaining: number;
  is_featured: boolean;
  schedule_date: string | null;
  [column: string]: unknown;
}

// ---- tests ----

describe("client document's usage examples, as written, on the seed", () => {
  it('Get Available Workshops by Pillar: published adaptability workshops with seats, featured first, then by date', async () => {
    const result = await query<WorkshopRow & { instructor_name: string | null; registrations: number }>(AVAILABLE_WORKSHOPS_BY_PILLAR);

    const all = await query<WorkshopRow>(`select * from public.workshops`);
    const eligible = all.filter((w) => w.status === 'published' && w.pillar === 'adaptability' && w.capacity_remaining > 0);
    expect(eligible.length, 'the seed has published adaptability workshops with seats').toBeGreaterThan(0);
    expect(all.length, 'the seed also has workshops the query must leave out (other pillar, draft, or full)').toBeGreaterThan(
      eligible.length,
    );

    // Which rows: all eligible ones (up to the LIMIT), nothing else.
    expect(result.length).toBe(Math.min(10, eligible.length));
    const eligibleIds = new Set(eligible.map((w) => w.id));
    for (const row of result) {
      expect(eligibleIds.has(row.id), `${row.title} is published, adaptability, with seats`).toBe(true);
    }
    if (eligible.length <= 10) expect(new Set(result.map((r) => r.id))).toEqual(eligibleIds);

    // Order: the same sort keys, in the same sequence, as sorting the eligible rows by the document's ORDER BY.
    const expectedKeys = [...eligible]
      .sort(workshopOrder)
      .slice(0, 10)
      .map((w) => [w.is_featured, w.schedule_date]);
    expect(result.map((r) => [r.is_featured, r.schedule_date])).toEqual(expectedKeys);

    // Columns: every workshops column (w.*) plus instructor_name and registrations, with the table's values.
    const byId = new Map(all.map((w) => [w.id, w]));
    const users = new Map(
      (await query<{ id: string; full_name: string | null }>(`select id, full_name from public.users`)).map((u) => [u.id, u.full_name]),
    );
    const counts = new Map(
      (
        await query<{ workshop_id: string; n: number }>(
          `select workshop_id, count(*) as n from public.workshop_registrations group by workshop_id`,
        )
      ).map((r) => [r.workshop_id, r.n]),
    );
    for (const row of result) {
      const { instructor_name, registrations, ...workshop } = row;
      expect(workshop).toEqual(byId.get(row.id));
      expect(instructor_name).toBe(users.get(row.instructor_id));
      expect(registrations, `${row.title}: every registration row, any status`).toBe(counts.get(row.id) ?? 0);
    }
  });

  describe("User's Assessment History", () => {
    let userId = '';

    beforeAll(async () => {
      // The seed user with the most completed assessments, so the ordering is exercised.
      const [row] = await query<{ user_id: string }>(
        `select user_id from public.assessments where status = 'completed'
          group by user_id order by count(*) desc, user_id limit 1`,
      );
      expect(row, 'the seed has a completed assessment').toBeDefined();
      userId = row!.user_id;
    });

    it("returns exactly the user's completed assessments, newest first, with the five scores and their average", async () => {
      const result = await query<{
        id: string;
        overall_score: number | null;
        individual_score: number | null;
        leadership_score: number | null;
        cultural_score: number | null;
        embedding_score: number | null;
        velocity_score: number | null;
        completed_at: Date;
      }>(withId(USER_ASSESSMENT_HISTORY, 'user-uuid', userId));

      const expected = await query<{ id: string }>(
        `select id from public.assessments where user_id = $1 and status = 'completed' order by completed_at desc`,
        [userId],
      );
      expect(result.length, 'the chosen user has several completed assessments').toBeGreaterThanOrEqual(2);
      expect(new Set(result.map((r) => r.id))).toEqual(new Set(expected.map((r) => r.id)));

      expect(Object.keys(result[0]!)).toEqual([
        'id',
        'overall_score',
        'individual_score',
        'leadership_score',
        'cultural_score',
        'embedding_score',
        'velocity_score',
        'completed_at',
      ]);
      const times = result.map((r) => r.completed_at.getTime());
      expect(times).toEqual([...times].sort((a, b) => b - a));
      for (const r of result) {
        const dims = [r.individual_score, r.leadership_score, r.cultural_score, r.embedding_score, r.velocity_score];
        if (dims.every((d): d is number => d !== null)) {
          for (const d of dims) {
            expect(d).toBeGreaterThanOrEqual(0);
            expect(d).toBeLessThanOrEqual(100);
          }
          // overall_score is the generated column: integer division of the sum by 5
          expect(r.overall_score).toBe(Math.trunc(dims.reduce((s, d) => s + d, 0) / 5));
        } else {
          expect(r.overall_score).toBeNull();
        }
      }
    });
  });

  it('Search Talent by Expertise: public, accepting experts with AI Adoption or Change Management rated 4.5+, best first', async () => {
    const result = await query<{
      id: string;
      user_id: string;
      expertise: string[];
      is_public: boolean;
      accepting_clients: boolean;
      rating: number;
      review_count: number;
      full_name: string | null;
      avatar_url: string | null;
      [column: string]: unknown;
    }>(SEARCH_TALENT_BY_EXPERTISE);

    const all = await query<{
      id: string;
      user_id: string;
      expertise: string[];
      is_public: boolean;
      accepting_clients: boolean;
      rating: number;
      review_count: number;
    }>(`select * from public.talent_profiles`);
    const wanted = ['AI Adoption', 'Change Management'];
    const eligible = all.filter(
      (p) => p.is_public && p.accepting_clients && p.rating >= 4.5 && p.expertise.some((e) => wanted.includes(e)),
    );
    expect(eligible.length, 'the seed has matching public experts').toBeGreaterThan(0);
    expect(all.length, 'the seed also has profiles the query must leave out').toBeGreaterThan(eligible.length);

    expect(result.length).toBe(Math.min(20, eligible.length));
    if (eligible.length <= 20) expect(new Set(result.map((r) => r.id))).toEqual(new Set(eligible.map((p) => p.id)));
    for (const r of result) {
      expect(r.is_public && r.accepting_clients).toBe(true);
      expect(r.rating).toBeGreaterThanOrEqual(4.5);
      expect(
        r.expertise.some((e) => wanted.includes(e)),
        `${r.full_name}: ${r.expertise.join(', ')}`,
      ).toBe(true);
    }
    const keys = result.map((r) => [r.rating, r.review_count] as const);
    const sorted = [...keys].sort((a, b) => b[0] - a[0] || b[1] - a[1]);
    expect(keys, 'rating desc, then review_count desc').toEqual(sorted);

    // tp.* plus the expert's name and avatar from users.
    const profiles = new Map(all.map((p) => [p.id, p]));
    const users = new Map(
      (
        await query<{ id: string; full_name: string | null; avatar_url: string | null }>(
          `select id, full_name, avatar_url from public.users`,
        )
      ).map((u) => [u.id, u]),
    );
    for (const r of result) {
      const { full_name, avatar_url, ...profile } = r;
      expect(profile).toEqual(profiles.get(r.id));
      expect({ full_name, avatar_url }).toEqual({
        full_name: users.get(r.user_id)?.full_name,
        avatar_url: users.get(r.user_id)?.avatar_url,
      });
    }

    // The document's TypeScript example reaches the same experts through the search_talent RPC.
    const rpc = await query<{ id?: string; user_id?: string }>(
      `select * from public.search_talent(array['AI Adoption', 'Change Management'], 4.5, 20)`,
    );
    expect(new Set(rpc.map((r) => r.user_id))).toEqual(new Set(result.map((r) => r.user_id)));
  });

  describe('Organization Adaptability Trend', () => {
    let orgId = '';

    beforeAll(async () => {
      // The seed organisation whose completed assessments span the most months of the last six.
      const [row] = await query<{ organization_id: string }>(
        `select organization_id from public.assessments
          where status = 'completed' and organization_id is not null
            and completed_at >= date_trunc('month', now()) - interval '5 months'
          group by organization_id
          order by count(distinct date_trunc('month', completed_at)) desc, count(*) desc, organization_id
          limit 1`,
      );
      expect(row, 'the seed has an organisation with completed assessments in the last six months').toBeDefined();
      orgId = row!.organization_id;
    });

    it('one row per month with completed assessments in the last six months, newest first, with averages and counts', async () => {
      const result = await query<{
        month: string;
        avg_overall: number | null;
        avg_individual: number | null;
        avg_leadership: number | null;
        avg_cultural: number | null;
        avg_embedding: number | null;
        avg_velocity: number | null;
        assessment_count: number;
      }>(withId(ORGANIZATION_ADAPTABILITY_TREND, 'org-uuid', orgId));

      expect(result.length, 'several months of data for the chosen organisation').toBeGreaterThanOrEqual(2);
      expect(result.length).toBeLessThanOrEqual(6);
      expect(Object.keys(result[0]!)).toEqual([
        'month',
        'avg_overall',
        'avg_individual',
        'avg_leadership',
        'avg_cultural',
        'avg_embedding',
        'avg_velocity',
        'assessment_count',
      ]);
      const months = result.map((r) => r.month);
      for (const m of months) expect(m).toMatch(/^\d{4}-\d{2}-01$/);
      expect(months, 'newest month first, one row per month').toEqual([...new Set(months)].sort().reverse());

      // The same numbers straight from the seed rows.
      const expected = await query<{
        month: string;
        avg_overall: number | null;
        avg_individual: number | null;
        avg_leadership: number | null;
        avg_cultural: number | null;
        avg_embedding: number | null;
        avg_velocity: number | null;
        assessment_count: number;
      }>(
        `select date_trunc('month', completed_at)::date as month,
                round(avg(overall_score), 1) as avg_overall,
                round(avg(individual_score), 1) as avg_individual,
                round(avg(leadership_score), 1) as avg_leadership,
                round(avg(cultural_score), 1) as avg_cultural,
                round(avg(embedding_score), 1) as avg_embedding,
                round(avg(velocity_score), 1) as avg_velocity,
                count(*) as assessment_count
           from public.assessments
          where organization_id = $1 and status = 'completed'
            and completed_at >= date_trunc('month', now()) - interval '5 months'
          group by 1
          order by 1 desc`,
        [orgId],
      );
      expect(result).toEqual(expected);
      for (const r of result) expect(r.assessment_count).toBeGreaterThan(0);
    });
  });
});
