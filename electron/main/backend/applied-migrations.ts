// How the local backend's database records what it was built from: `hg_local.applied_migrations` (name, kind,
// sha256, position), each file applied in ONE transaction with its record row, so a crash mid-way leaves a consistent
// prefix that the next start resumes. Used by a first start's replay (local-backend.ts) and by the build of the
// prebuilt database (local-image.ts): one implementation, so an image records exactly what a replay records.
import type { PGlite } from '@electric-sql/pglite';
import { sha256, type AppliedFile, type SqlFile } from './sql-files.js';

const RECORD_TABLE = `
  create schema if not exists hg_local;
  revoke all on schema hg_local from public;
  create table if not exists hg_local.applied_migrations (
    name text primary key,
    kind text not null check (kind in ('bootstrap', 'migration', 'seed')),
    sha256 text not null,
    position integer not null,
    applied_at timestamptz not null default now()
  );`;

/** What the database has applied, in order: [] for a new database, undefined when it has tables but no record. */
export async function recordedFiles(db: PGlite): Promise<AppliedFile[] | undefined> {
  const { rows } = await db.query<{ t: string | null; users: string | null }>(
    `select to_regclass('hg_local.applied_migrations')::text as t, to_regclass('auth.users')::text as users`,
  );
  if (!rows[0]?.t) return rows[0]?.users ? undefined : [];
  return (await db.query<AppliedFile>(`select name, kind, sha256 from hg_local.applied_migrations order by position`)).rows;
}

/**
 * Applies `files` in order, each with its record row. `all` is the whole shipped list: a file's position is its place
 * there, whether it is applied in a first build or later as an upgrade.
 */
export async function applySqlFiles(
  db: PGlite,
  files: readonly SqlFile[],
  all: readonly SqlFile[],
  onFile?: (file: SqlFile, done: number) => void,
): Promise<void> {
  let done = 0;
  for (const file of files) {
    onFile?.(file, done);
    try {
      await db.transaction(async (tx) => {
        await tx.exec(file.sql);
        await tx.exec(RECORD_TABLE);
        await tx.query(`insert into hg_local.applied_migrations (name, kind, sha256, position) values ($1, $2, $3, $4)`, [
          file.name,
          file.kind,
          sha256(file.sql),
          all.indexOf(file),
        ]);
      });
    } catch (error) {
      throw new Error(`the local backend could not apply ${file.name}: ${(error as Error).message}`, { cause: error });
    }
    done += 1;
  }
}
