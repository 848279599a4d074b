// The embedded default backend (docs/architecture.md, "The local backend"): PGlite (Postgres in WASM, in-process) with
// the extensions our migrations use, built from the same bootstrap, migrations and seed as the tests, served to the
// one supabase-js client by the in-process gateway. Plain Node: the app passes app.getPath('userData')/local-backend as dataDir.
//
// Layout of dataDir:
//   pgdata/      PGlite's database files
//   jwt-secret   the gateway's HS256 secret (random, created once, mode 0600). Stored in clear on purpose: whoever
//                can read it can read pgdata/ too, so encrypting it would protect nothing.
//
// What was applied is recorded in `hg_local.applied_migrations` (name, kind, sha256, position), each file applied
// in ONE transaction with its record row, so a crash mid-way leaves a consistent prefix that the next start resumes.
// Upgrade policy (documented choice):
//   - the app ships files the database has not recorded → only those are applied, in order (new migrations, then
//     any new seed files); this is how a Supabase project evolves too;
//   - a recorded file is missing from the app or its content hash differs (an edited migration or seed) → the
//     database is REBUILT from scratch. It only holds demo data, and applying a different history on top of the old
//     one could leave a schema that matches no migration set; progress reports step 'rebuild' so the UI can say so.
import { PGlite } from '@electric-sql/pglite';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createGateway, type GatewayFetch } from '../local-backend/gateway.js';
import { PGLITE_EXTENSIONS, pgliteExecutor } from '../local-backend/pglite-executor.js';
import { sha256, sqlFilesFromDirectory, type SqlFile, type SqlSource } from './sql-files.js';

export const LOCAL_BACKEND_URL = 'http://local.humanglue';

export type ProgressStep = 'open' | 'rebuild' | 'bootstrap' | 'migration' | 'seed' | 'ready';

export interface LocalBackendProgress {
  step: ProgressStep;
  /** Files applied so far in this start (0 before the first). */
  done: number;
  /** Files this start has to apply (0 when the database is up to date). */
  total: number;
  /** The file being applied, or why a rebuild happens. */
  detail?: string;
}

export interface LocalBackendOptions {
  dataDir: string;
  onProgress?: (progress: LocalBackendProgress) => void;
  /** Where the SQL comes from; default: the repository's supabase/ folder. */
  sql?: SqlSource;
  /** Gateway access-token lifetime (tests). */
  accessTokenTtlSeconds?: number;
}

export interface AppliedFile {
  name: string;
  kind: string;
  sha256: string;
}

export interface LocalBackend {
  url: string;
  /** The key handed to supabase-js: publishable-style, as a new Supabase project's dashboard offers. */
  apiKey: string;
  fetch: GatewayFetch;
  /** What the database has applied, in order (for diagnostics and the about screen). */
  applied(): Promise<AppliedFile[]>;
  /** Throws the database away and builds it again from the shipped SQL. Sessions end (their rows are gone). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

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

async function readOrCreateSecret(dataDir: string): Promise<string> {
  const path = join(dataDir, 'jwt-secret');
  try {
    const secret = (await readFile(path, 'utf8')).trim();
    if (secret.length >= 32) return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(48).toString('base64url');
  await writeFile(path, secret, { mode: 0o600 });
  return secret;
}

async function recorded(db: PGlite): Promise<AppliedFile[] | undefined> {
  const { rows } = await db.query<{ t: string | null; users: string | null }>(
    `select to_regclass('hg_local.applied_migrations')::text as t, to_regclass('auth.users')::text as users`,
  );
  if (!rows[0]?.t) return rows[0]?.users ? undefined : []; // tables but no record: unknown state (undefined)
  return (await db.query<AppliedFile>(`select name, kind, sha256 from hg_local.applied_migrations order by position`)).rows;
}

export async function startLocalBackend(options: LocalBackendOptions): Promise<LocalBackend> {
  const { dataDir } = options;
  const progress = (event: LocalBackendProgress) => options.onProgress?.(event);
  const source = options.sql ?? sqlFilesFromDirectory();
  const pgdata = join(dataDir, 'pgdata');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const jwtSecret = await readOrCreateSecret(dataDir);

  const open = () => PGlite.create({ dataDir: pgdata, extensions: PGLITE_EXTENSIONS });

  async function apply(db: PGlite, files: SqlFile[], positionOf: (file: SqlFile) => number): Promise<void> {
    let done = 0;
    for (const file of files) {
      progress({ step: file.kind, done, total: files.length, detail: file.name });
      try {
        await db.transaction(async (tx) => {
          await tx.exec(file.sql);
          await tx.exec(RECORD_TABLE);
          await tx.query(`insert into hg_local.applied_migrations (name, kind, sha256, position) values ($1, $2, $3, $4)`, [
            file.name,
            file.kind,
            sha256(file.sql),
            positionOf(file),
          ]);
        });
      } catch (error) {
        throw new Error(`the local backend could not apply ${file.name}: ${(error as Error).message}`, { cause: error });
      }
      done += 1;
    }
  }

  /** Opens the database and brings it to the shipped SQL; rebuilds when told to or when the history differs. */
  async function build(forceRebuild: boolean): Promise<PGlite> {
    const files = await source.files();
    const positionOf = (file: SqlFile) => files.indexOf(file);
    progress({ step: 'open', done: 0, total: 0 });
    let db = await open();
    let rebuildReason = forceRebuild ? 'reset requested' : undefined;
    let missing = files;
    if (!rebuildReason) {
      const have = await recorded(db);
      if (!have) rebuildReason = 'the database has no record of its migrations';
      else {
        const shipped = new Map(files.map((file) => [file.name, sha256(file.sql)]));
        const changed = have.find((row) => shipped.get(row.name) !== row.sha256);
        if (changed) {
          rebuildReason = shipped.has(changed.name) ? `${changed.name} changed` : `${changed.name} is no longer shipped`;
        } else {
          const names = new Set(have.map((row) => row.name));
          missing = files.filter((file) => !names.has(file.name));
        }
      }
    }
    if (rebuildReason) {
      progress({ step: 'rebuild', done: 0, total: files.length, detail: rebuildReason });
      await db.close();
      await rm(pgdata, { recursive: true, force: true });
      db = await open();
      missing = files;
    }
    try {
      await apply(db, missing, positionOf);
    } catch (error) {
      await db.close();
      throw error;
    }
    progress({ step: 'ready', done: missing.length, total: missing.length });
    return db;
  }

  let db = await build(false);
  let gateway = await createGateway({
    executor: pgliteExecutor(db, { closeDatabase: false }),
    jwtSecret,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds,
  });
  // While reset() rebuilds, requests wait for the new database instead of hitting a closed one.
  let rebuilding: Promise<void> | undefined;
  let closed = false;
  // Requests already running when reset()/close() starts finish on the old database before it is closed.
  const inflight = new Set<Promise<unknown>>();
  const drain = () => Promise.allSettled([...inflight]);

  const fetch: GatewayFetch = async (input, init) => {
    while (rebuilding) await rebuilding.catch(() => undefined);
    if (closed) throw new TypeError('fetch failed: the local backend is closed');
    const pending = gateway.fetch(input, init);
    inflight.add(pending);
    try {
      return await pending;
    } finally {
      inflight.delete(pending);
    }
  };

  return {
    url: LOCAL_BACKEND_URL,
    apiKey: gateway.publishableKey, // derived from the secret only: the same across resets and restarts
    fetch,
    async applied() {
      if (rebuilding) await rebuilding;
      return (await db.query<AppliedFile>(`select name, kind, sha256 from hg_local.applied_migrations order by position`)).rows;
    },
    async reset() {
      if (closed) throw new Error('the local backend is closed');
      if (rebuilding) return rebuilding;
      rebuilding = (async () => {
        await drain();
        await db.close();
        db = await build(true);
        gateway = await createGateway({
          executor: pgliteExecutor(db, { closeDatabase: false }),
          jwtSecret,
          accessTokenTtlSeconds: options.accessTokenTtlSeconds,
        });
      })();
      try {
        await rebuilding;
      } finally {
        rebuilding = undefined;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      if (rebuilding) await rebuilding.catch(() => undefined);
      await drain();
      if (!db.closed) await db.close();
    },
  };
}
