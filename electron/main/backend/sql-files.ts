// The SQL that builds the local backend's database: the plain-PostgreSQL bootstrap, the migrations in order, the
// seed. Same order as test/support/migrations.ts (which the test harness keeps; it lives under test/ and honours a
// developer-only HG_MIGRATIONS filter, so the app does not import it).
//
// Injectable: in development the files are read from the repository's supabase/ folder; the packaged app bundles
// them (e.g. under process.resourcesPath) and passes that folder, or any SqlSource it likes.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type SqlFileKind = 'bootstrap' | 'migration' | 'seed';

export interface SqlFile {
  kind: SqlFileKind;
  /** Path relative to the supabase folder, e.g. `migrations/006_console_access_and_audit.sql`: the record's key. */
  name: string;
  sql: string;
}

export interface SqlSource {
  /** Every file, in the order to apply them: bootstrap, migrations by name, seed.sql, seed/*.sql by name. */
  files(): Promise<SqlFile[]>;
}

/** The repository's supabase/ folder, relative to this file (electron/main/backend → repo root). */
export function repositorySupabaseDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../../supabase');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

async function sqlNames(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  return (await readdir(dir)).filter((file) => file.endsWith('.sql')).sort();
}

export function sqlFilesFromDirectory(supabaseDir: string = repositorySupabaseDir()): SqlSource {
  return {
    async files() {
      const read = async (kind: SqlFileKind, name: string): Promise<SqlFile> => ({
        kind,
        name,
        sql: await readFile(join(supabaseDir, name), 'utf8'),
      });
      const migrations = await sqlNames(join(supabaseDir, 'migrations'));
      const seeds = await sqlNames(join(supabaseDir, 'seed'));
      return [
        await read('bootstrap', 'bootstrap/supabase-bootstrap.sql'),
        ...(await Promise.all(migrations.map((file) => read('migration', `migrations/${file}`)))),
        ...(existsSync(join(supabaseDir, 'seed.sql')) ? [await read('seed', 'seed.sql')] : []),
        ...(await Promise.all(seeds.map((file) => read('seed', `seed/${file}`)))),
      ];
    },
  };
}
