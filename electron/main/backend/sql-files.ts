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

/** A file as `hg_local.applied_migrations` records it (and as a prebuilt database's manifest lists it). */
export interface AppliedFile {
  name: string;
  kind: SqlFileKind;
  sha256: string;
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

/**
 * What a recorded history (a database's, or a prebuilt image's) needs to match the shipped files, by the upgrade
 * policy in local-backend.ts: the shipped files it lacks, applied in order on top; or, when a recorded file changed
 * or is no longer shipped, the reason it must be rebuilt instead.
 */
export function compareHistory(
  recorded: readonly AppliedFile[],
  files: readonly SqlFile[],
): { ok: true; missing: SqlFile[] } | { ok: false; reason: string } {
  const shipped = new Map(files.map((file) => [file.name, sha256(file.sql)]));
  const changed = recorded.find((row) => shipped.get(row.name) !== row.sha256);
  if (changed) return { ok: false, reason: shipped.has(changed.name) ? `${changed.name} changed` : `${changed.name} is no longer shipped` };
  const names = new Set(recorded.map((row) => row.name));
  return { ok: true, missing: files.filter((file) => !names.has(file.name)) };
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
