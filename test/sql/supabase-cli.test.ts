// What Supabase's CLI made of this repository: the template every file clones was built by `supabase db push
// --include-seed` (test/support/global-setup.ts), as `postgres`, with the bootstrap standing in for what a hosted
// project provides. These tests check the CLI's view of it and of supabase/config.toml.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db.js';
import { migrationFiles, supabaseDir } from '../support/migrations.js';
import { MIGRATION_ROLE, postgresUrl, runSupabase } from '../support/supabase-cli.js';

const db = useTestDatabase();
const files = migrationFiles();
const versionAndName = (name: string) => /^migrations\/(\d+)_(.+)\.sql$/.exec(name)!.slice(1) as [string, string];

describe('migrations applied by the Supabase CLI', () => {
  it('supabase_migrations.schema_migrations records every file under its numeric version and name', async () => {
    const { rows } = await db.owner.query<{ version: string; name: string; statements: number }>(
      `select version, name, coalesce(array_length(statements, 1), 0) as statements
         from supabase_migrations.schema_migrations order by version`,
    );
    expect(rows.map((row) => [row.version, row.name])).toEqual(files.map((file) => versionAndName(file.name)));
    for (const row of rows) expect(row.statements, `statements recorded for ${row.version}`).toBeGreaterThan(0);
  });

  it('`supabase migration list` shows every local file applied on the database, and nothing else', async () => {
    const listed = await runSupabase(['migration', 'list', `--remote=${postgresUrl(db.server, db.name)}`]);
    expect(listed.code, listed.stderr).toBe(0);
    const table = [...listed.stdout.matchAll(/^\s*`(\d*)\s*`\s*\|\s*`(\d*)\s*`\s*\|/gm)].map((m) => [m[1], m[2]]);
    expect(table).toEqual(
      files.map((file) => {
        const [version] = versionAndName(file.name);
        return [version, version];
      }),
    );
  });

  it('migrations ran as postgres, which is no superuser, so they need nothing a hosted project withholds', async () => {
    const { rows } = await db.owner.query(
      `select r.rolsuper, r.rolcreaterole, r.rolbypassrls,
              (select count(*)::int from pg_class c where c.relnamespace in ('public'::regnamespace, 'console'::regnamespace)
                  and c.relkind = 'r' and c.relowner <> r.oid) as tables_owned_by_others,
              (select relowner::regrole::text from pg_class where oid = 'supabase_migrations.schema_migrations'::regclass) as history_owner
         from pg_roles r where r.rolname = $1`,
      [MIGRATION_ROLE],
    );
    expect(rows).toEqual([
      { rolsuper: false, rolcreaterole: true, rolbypassrls: true, tables_owned_by_others: 0, history_owner: 'postgres' },
    ]);
  });

  it('the API roles carry Supabase’s statement timeouts (anon 3 s, authenticated and authenticator 8 s)', async () => {
    const { rows } = await db.owner.query(
      `select r.rolname, s.setconfig from pg_db_role_setting s join pg_roles r on r.oid = s.setrole
        where s.setdatabase = 0 and r.rolname in ('anon', 'authenticated', 'authenticator') order by 1`,
    );
    expect(rows).toEqual([
      { rolname: 'anon', setconfig: ['statement_timeout=3s'] },
      { rolname: 'authenticated', setconfig: ['statement_timeout=8s'] },
      { rolname: 'authenticator', setconfig: ['statement_timeout=8s'] },
    ]);
  });
});

// It rebuilds this file's database, as README's `db reset --remote` does; the tests after it need only its result.
describe('supabase db reset --remote, as README documents it', () => {
  it(
    'drops what the migrations made, applies them again with the seed, and the history matches the files',
    { timeout: 180_000 },
    async () => {
      await db.owner.query(`insert into public.organizations (name, slug) values ('Left behind', 'left-behind')`);
      const reset = await runSupabase(['db', 'reset', `--remote=${postgresUrl(db.server, db.name)}`, '--yes']);
      expect(reset.code, reset.stdout + reset.stderr).toBe(0);
      const { rows } = await db.owner.query(
        `select (select count(*)::int from public.organizations where slug = 'left-behind') as left_behind,
              (select count(*)::int from supabase_migrations.schema_migrations) as migrations,
              (select count(*)::int from auth.users where email = 'admin@humanglue.dev') as seeded_admin`,
      );
      expect(rows).toEqual([{ left_behind: 0, migrations: files.length, seeded_admin: 1 }]);
    },
  );
});

describe('supabase/config.toml, as the CLI reads it', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** `migration list` loads and checks the config before it connects: no Docker needed. */
  async function load(config: string) {
    const dir = mkdtempSync(join(tmpdir(), 'hg-config-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'supabase', 'migrations'), { recursive: true });
    writeFileSync(join(dir, 'supabase', 'config.toml'), config);
    for (const file of files) copyFileSync(file.path, join(dir, 'supabase', file.name));
    return runSupabase(['migration', 'list', `--remote=${postgresUrl(db.server, db.name)}`], { workdir: dir });
  }

  const config = readFileSync(join(supabaseDir, 'config.toml'), 'utf8');

  it('loads without an error or a warning', async () => {
    const result = await load(config);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/WARN|Invalid/);
  });

  it('keeps email sign-in on: sign-ups are closed by [auth] enable_signup, not by the email provider switch', async () => {
    expect(config).toMatch(/^\[auth\][^[]*^enable_signup = false$/m);
    expect(config).not.toMatch(/^\[auth\.email\][^[]*^enable_signup\b/m);
    // The CLI does read [auth.email] enable_signup (as the provider switch): it warns about it, so the check above
    // is about a key that matters.
    const withSwitch = await load(config.replace('[auth.email]\n', '[auth.email]\nenable_signup = false\n'));
    expect(withSwitch.stderr).toMatch(/auth\.email\.enable_signup is deprecated/);
  });

  it('a config the CLI cannot accept fails the command, naming the key', async () => {
    const result = await load(config.replace(/^enable_signup = false$/m, 'enable_signup = "no"'));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Invalid auth\.enable_signup/);
  });

  it('seeds seed.sql, then seed/*.sql in order', () => {
    expect(/^sql_paths = (.*)$/m.exec(config)?.[1]).toBe('["./seed.sql", "./seed/*.sql"]');
  });
});
