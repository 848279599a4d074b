// Reads the SQL that builds a database: the plain-PostgreSQL bootstrap, the migrations in order, the seed.
// Shared by the test harness, the type generator and the benchmarks so they all build the same database.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const supabaseDir = join(repoRoot, 'supabase');

export interface SqlFile {
  name: string;
  path: string;
  sql: string;
}

function read(path: string): SqlFile {
  return { name: path.slice(supabaseDir.length + 1), path, sql: readFileSync(path, 'utf8') };
}

export function bootstrapFile(): SqlFile {
  return read(join(supabaseDir, 'bootstrap', 'supabase-bootstrap.sql'));
}

/**
 * While developing one migration beside others that are still in progress, `HG_MIGRATIONS` (a regular expression on
 * file names, e.g. `^(00[1-6]|010)_`) limits the build to some migrations and the seed files numbered like them.
 * Unset, as in CI, everything is applied.
 */
function selected(file: string): boolean {
  const only = process.env.HG_MIGRATIONS;
  return !only || new RegExp(only).test(file);
}

/** Migration files in the order the Supabase CLI applies them (lexical by file name). */
export function migrationFiles(): SqlFile[] {
  const dir = join(supabaseDir, 'migrations');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.sql') && selected(file))
    .sort()
    .map((file) => read(join(dir, file)));
}

/**
 * The seed in the order `supabase/config.toml` lists it: `seed.sql`, then `seed/*.sql` by name. Each file in `seed/`
 * carries the number of the migration it needs (`seed/008_refunds.sql` needs migration 008).
 */
export function seedFiles(): SqlFile[] {
  const main = join(supabaseDir, 'seed.sql');
  const dir = join(supabaseDir, 'seed');
  const extra = existsSync(dir)
    ? readdirSync(dir)
        .filter((file) => file.endsWith('.sql') && selected(file))
        .sort()
        .map((file) => join(dir, file))
    : [];
  return [...(existsSync(main) ? [main] : []), ...extra].map(read);
}

export const ROLLBACK_MARKER = '-- ====== rollback ======';

/** The commented-out rollback section at the end of a migration, uncommented. */
export function rollbackSql(file: SqlFile): string {
  const at = file.sql.indexOf(ROLLBACK_MARKER);
  if (at < 0) throw new Error(`${file.name} has no "${ROLLBACK_MARKER}" section`);
  return file.sql
    .slice(at + ROLLBACK_MARKER.length)
    .split('\n')
    .map((line) => line.replace(/^--\s?/, ''))
    .join('\n');
}
