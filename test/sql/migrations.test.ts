import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createDatabase, dropDatabase } from '../support/db.js';
import { migrationFiles, rollbackSql, ROLLBACK_MARKER, type SqlFile } from '../support/migrations.js';
import { connect, type ServerInfo } from '../support/pg.js';
import { bootstrapDatabase, postgresUrl, pushMigrations, runSupabase } from '../support/supabase-cli.js';

// The schemas our migrations own: the platform's tables in public, the console's api and its private helpers.
const OURS = `array(select oid from pg_namespace where nspname in ('public', 'console', 'console_private'))`;

// Everything a migration can leave behind, as sorted text lines: relations (tables, indexes, sequences, views),
// functions with their definition and settings, types, policies, constraints, triggers on public tables and on
// auth.users, and comments. Two equal snapshots mean the same schema.
const SNAPSHOT = `
  select 'schema ' || nspname as line from pg_namespace where nspname in ('console', 'console_private')
  union all
  select 'relation ' || c.oid::regclass::text || ' (' || c.relkind::text || ')'
    from pg_class c where c.relnamespace = any(${OURS})
  union all
  select 'function ' || p.oid::regprocedure::text || ' definer=' || p.prosecdef || ' config=' ||
         coalesce(array_to_string(p.proconfig, ','), '') || ' acl=' || coalesce(p.proacl::text, '') ||
         ' body=' || md5(p.prosrc)
    from pg_proc p where p.pronamespace = any(${OURS})
  union all
  select 'type ' || t.typname from pg_type t where t.typnamespace = any(${OURS})
  union all
  select 'policy ' || pol.polname || ' on ' || pol.polrelid::regclass::text || ' ' ||
         md5(coalesce(pg_get_expr(pol.polqual, pol.polrelid), '') || '|' || coalesce(pg_get_expr(pol.polwithcheck, pol.polrelid), ''))
    from pg_policy pol
  union all
  select 'constraint ' || con.conname || ' on ' || con.conrelid::regclass::text || ' ' || md5(pg_get_constraintdef(con.oid))
    from pg_constraint con where con.connamespace = any(${OURS})
  union all
  select 'trigger ' || tg.tgname || ' on ' || tg.tgrelid::regclass::text
    from pg_trigger tg
    join pg_class c on c.oid = tg.tgrelid
   where not tg.tgisinternal and (c.relnamespace = any(${OURS}) or tg.tgrelid = 'auth.users'::regclass)
  union all
  select 'comment on ' || p.oid::regprocedure::text || ' ' || md5(d.description)
    from pg_description d
    join pg_proc p on d.classoid = 'pg_proc'::regclass and p.oid = d.objoid
   where p.pronamespace = any(${OURS})
  union all
  select 'comment on ' || c.oid::regclass::text || ' ' || d.objsubid || ' ' || md5(d.description)
    from pg_description d
    join pg_class c on d.classoid = 'pg_class'::regclass and c.oid = d.objoid
   where c.relnamespace = any(${OURS})
  order by 1`;

async function snapshot(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ line: string }>(SNAPSHOT);
  return rows.map((row) => row.line);
}

async function ourObjects(client: pg.Client): Promise<Record<string, string[]>> {
  const names = async (sql: string) => (await client.query<{ name: string }>(sql)).rows.map((row) => row.name);
  return {
    tables: await names(`select relname as name from pg_class where relnamespace = any(${OURS})`),
    functions: await names(`select proname as name from pg_proc where pronamespace = any(${OURS})`),
    types: await names(`select typname as name from pg_type where typnamespace = any(${OURS})`),
    policies: await names(
      `select pol.polname as name from pg_policy pol join pg_class c on c.oid = pol.polrelid
        where c.relnamespace = any(${OURS})`,
    ),
    authUsersTriggers: await names(`select tgname as name from pg_trigger where tgrelid = to_regclass('auth.users') and not tgisinternal`),
  };
}

const nothing = { tables: [], functions: [], types: [], policies: [], authUsersTriggers: [] };

const version = (file: SqlFile) => /^migrations\/(\d+)_/.exec(file.name)![1]!;

// Applied with Supabase's CLI as `postgres` (not a superuser), one `db push` per migration; rolled back with each
// file's rollback section, then `supabase migration repair --status reverted` so the CLI's history forgets them. The
// rollback sections run as the superuser: some drop triggers on auth.users, which only its owner may do.
describe('migrations: applied one by one to an empty database, rolled back, applied again', () => {
  const migrations = migrationFiles();
  // snapshots[i] = the catalogue after the bootstrap and the first i migrations.
  const snapshots: string[][] = [];
  let server: ServerInfo;
  let name = '';
  let client: pg.Client;

  const rollback = async (file: SqlFile) => {
    try {
      await client.query(rollbackSql(file));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`rolling back ${file.name} failed: ${message}`, { cause: error });
    }
  };

  beforeAll(async () => {
    ({ name, server } = await createDatabase());
    client = await connect(server, name);
  });

  afterAll(async () => {
    await client?.end().catch(() => undefined);
    if (server) await dropDatabase(server, name);
  });

  it("the document's five migrations come first, the console's follow, numbered without gaps, each with a fully commented-out rollback section at its end", () => {
    expect(migrations.slice(0, 5).map((file) => file.name)).toEqual([
      'migrations/001_create_users_and_roles.sql',
      'migrations/002_create_workshops.sql',
      'migrations/003_create_assessments.sql',
      'migrations/004_create_talent_and_engagements.sql',
      'migrations/005_create_payments_certificates_reviews.sql',
    ]);
    migrations.forEach((file, i) => {
      expect(file.name).toMatch(new RegExp(`^migrations/${String(i + 1).padStart(3, '0')}_[a-z0-9_]+\\.sql$`));
    });
    for (const file of migrations) {
      const at = file.sql.indexOf(ROLLBACK_MARKER);
      expect(at, `${file.name} has a rollback section`).toBeGreaterThan(0);
      const executable = file.sql
        .slice(at + ROLLBACK_MARKER.length)
        .split('\n')
        .filter((line) => line.trim() !== '' && !line.startsWith('-- '));
      expect(executable, `${file.name}: every rollback line is commented out`).toEqual([]);
      // a migration that creates tables or schemas drops them again; one that only changes existing objects (011)
      // restores them instead.
      if (/^create (table|schema)\b/m.test(file.sql.slice(0, at))) {
        expect(rollbackSql(file)).toMatch(/\bdrop (table|schema)\b/);
      }
    }
  });

  it('the bootstrap and then each migration, in order, apply to an empty database', { timeout: 180_000 }, async () => {
    expect(await ourObjects(client)).toEqual(nothing);
    await bootstrapDatabase(server, name);
    snapshots.push(await snapshot(client));
    for (const [i, file] of migrations.entries()) {
      // The CLI applies what its history lacks: here, exactly this file.
      const pushed = await pushMigrations(server, name, { only: migrations.slice(0, i + 1) });
      expect(pushed.stdout + pushed.stderr).toContain(`Applying migration ${file.name.slice('migrations/'.length)}`);
      const after = await snapshot(client);
      // Some migrations only replace function bodies (022): the catalogue changes, though it holds no more objects.
      expect(after, `${file.name} changes the catalogue`).not.toEqual(snapshots[snapshots.length - 1]);
      snapshots.push(after);
    }
    const { rows } = await client.query<{ relname: string }>(
      `select relname from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r' order by relname`,
    );
    expect(rows.map((row) => row.relname)).toEqual(
      expect.arrayContaining([
        'assessment_answers',
        'assessments',
        'certificates',
        'engagement_sessions',
        'engagements',
        'organizations',
        'payments',
        'reviews',
        'talent_profiles',
        'talent_testimonials',
        'user_roles',
        'users',
        'workshop_registrations',
        'workshops',
      ]),
    );
    expect((await ourObjects(client)).authUsersTriggers).toContain('on_auth_user_created');
  });

  it("the document's usage queries run as written on the migrated schema", async () => {
    await client.query('begin');
    try {
      const ids = await client.query<{ user_id: string; org_id: string }>(`
        with u as (
          insert into auth.users (id, email, raw_user_meta_data)
          values (gen_random_uuid(), 'usage.check@example.com', '{"full_name": "Usage Check"}')
          returning id
        ), o as (insert into public.organizations (name, slug) values ('Usage', 'usage') returning id)
        select u.id as user_id, o.id as org_id from u, o`);
      const { user_id: userId, org_id: orgId } = ids.rows[0]!;
      await client.query(
        `insert into public.workshops (title, description, instructor_id, pillar, level, format, capacity_total,
                                       status, schedule_date)
         values ('Usage workshop', 'Checks the catalogue query', $1, 'adaptability', 'beginner', 'live', 10,
                 'published', current_date + 7)`,
        [userId],
      );
      await client.query(`insert into public.talent_profiles (user_id, expertise, is_public) values ($1, array['AI Adoption'], true)`, [
        userId,
      ]);
      // As the owner (like a maintenance job), not through a rating signal: the query only needs a rated profile.
      await client.query(`update public.talent_profiles set rating = 4.8, review_count = 3 where user_id = $1`, [userId]);
      await client.query(
        `insert into public.assessments (user_id, organization_id, status, completed_at, individual_score,
                                         leadership_score, cultural_score, embedding_score, velocity_score)
         values ($1, $2, 'completed', now(), 75, 68, 70, 72, 77)`,
        [userId, orgId],
      );

      const workshops = await client.query(`
SELECT
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
LIMIT 10;`);
      expect(workshops.rows).toMatchObject([{ title: 'Usage workshop', instructor_name: 'Usage Check', registrations: 0 }]);

      const history = await client.query(
        `
SELECT
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
ORDER BY a.completed_at DESC;`.replace("'user-uuid'", `'${userId}'`),
      );
      expect(history.rows).toMatchObject([{ overall_score: 72, individual_score: 75 }]);

      const talent = await client.query(`
SELECT
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
LIMIT 20;`);
      expect(talent.rows).toMatchObject([{ full_name: 'Usage Check', rating: 4.8 }]);

      const trend = await client.query(
        `
SELECT * FROM get_org_adaptability_trend(
  'org-uuid',
  6 -- months
);`.replace("'org-uuid'", `'${orgId}'`),
      );
      expect(trend.fields.map((field) => field.name)).toEqual([
        'month',
        'avg_overall',
        'avg_individual',
        'avg_leadership',
        'avg_cultural',
        'avg_embedding',
        'avg_velocity',
        'assessment_count',
      ]);
      expect(trend.rows).toMatchObject([{ avg_overall: 72, avg_individual: 75, avg_leadership: 68, assessment_count: 1 }]);
    } finally {
      await client.query('rollback');
    }
  });

  it(
    'each rollback section, run in reverse order, restores the catalogue to what it was before its migration',
    { timeout: 180_000 },
    async () => {
      expect(snapshots).toHaveLength(migrations.length + 1);
      for (let i = migrations.length - 1; i >= 0; i--) {
        const file = migrations[i]!;
        await rollback(file);
        expect(await snapshot(client), `after rolling back ${file.name}`).toEqual(snapshots[i]);
      }
      // The CLI's history forgets them (one call for all: each CLI start costs a second or two on a busy machine).
      const versions = migrations.map(version);
      const repaired = await runSupabase([
        'migration',
        'repair',
        ...versions,
        '--status',
        'reverted',
        `--remote=${postgresUrl(server, name)}`,
        '--yes',
      ]);
      expect(repaired.code, `supabase migration repair: ${repaired.stderr}`).toBe(0);
      const { rows } = await client.query('select version from supabase_migrations.schema_migrations');
      expect(rows).toEqual([]);
    },
  );

  it('after all rollbacks nothing of ours remains: no tables, functions, types or policies in public, no trigger on auth.users', async () => {
    expect(await ourObjects(client)).toEqual(nothing);
  });

  it('the migrations apply again after the rollback, to the same schema', { timeout: 60_000 }, async () => {
    await pushMigrations(server, name);
    expect(await snapshot(client)).toEqual(snapshots[migrations.length]);
  });
});
