// The embedded default backend (docs/architecture.md, "The local backend"): PGlite (Postgres in WASM, in-process) with
// the extensions our migrations use, built from the same bootstrap, migrations and seed as the tests, served to the
// one supabase-js client by the in-process gateway. Plain Node: the app passes app.getPath('userData')/local-backend as dataDir.
//
// Layout of dataDir:
//   pgdata/      PGlite's database files
//   jwt-secret   the gateway's HS256 secret (random, created once, mode 0600). Stored in clear on purpose: whoever
//                can read it can read pgdata/ too, so encrypting it would protect nothing.
//   pgdata.partial/  a prebuilt database being unpacked (local-image.ts), renamed to pgdata/ once complete
//   pgdata.damaged-<time>/  a database that could not be opened, moved aside by setAsideDamagedDatabase when the
//                person chose to rebuild the demo data: kept, never deleted by the app
//
// What was applied is recorded in `hg_local.applied_migrations` (applied-migrations.ts), each file applied in ONE
// transaction with its record row, so a crash mid-way leaves a consistent prefix that the next start resumes.
// A new database (first start, rebuild, reset) comes from the prebuilt image when one is given and matches the
// shipped SQL by hash; otherwise, or when it cannot be read or opened (progress 'rebuild' says why), PGlite's initdb
// and a replay of every file. Either way the policy below then applies to what the database records.
// Upgrade policy (documented choice):
//   - the app ships files the database has not recorded → only those are applied, in order (new migrations, then
//     any new seed files); this is how a Supabase project evolves too;
//   - a recorded file is missing from the app or its content hash differs (an edited migration or seed) → the
//     database is REBUILT from scratch. It only holds demo data, and applying a different history on top of the old
//     one could leave a schema that matches no migration set; progress reports step 'rebuild' so the UI can say so.
import { PGlite } from '@electric-sql/pglite';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createGateway, type GatewayFetch } from '../local-backend/gateway.js';
import {
  PGLITE_EXTENSIONS,
  PGLITE_RUNTIME_EXTENSIONS,
  PGLITE_START_PARAMS,
  compilePglite,
  pgliteExecutor,
} from '../local-backend/pglite-executor.js';
import { applySqlFiles, recordedFiles } from './applied-migrations.js';
import { IMAGE_TARBALL, readImage, unpackImage } from './local-image.js';
import { compareHistory, sqlFilesFromDirectory, type AppliedFile, type SqlFile, type SqlSource } from './sql-files.js';

export type { AppliedFile } from './sql-files.js';

export const LOCAL_BACKEND_URL = 'http://local.humanglue';

/** 'image': a new database is unpacked from the prebuilt image (detail: its file); the files it lacks follow. */
export type ProgressStep = 'open' | 'rebuild' | 'image' | 'bootstrap' | 'migration' | 'seed' | 'ready';

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
  /** The folder of the prebuilt database (local-image.ts) a new database starts from; default none: a replay. */
  image?: string;
  /** Gateway access-token lifetime (tests). */
  accessTokenTtlSeconds?: number;
}

export interface LocalBackend {
  url: string;
  /** The key handed to supabase-js: publishable-style, as a new Supabase project's dashboard offers. */
  apiKey: string;
  fetch: GatewayFetch;
  /** What the database has applied, in order (for diagnostics and the about screen). */
  applied(): Promise<AppliedFile[]>;
  /** Throws the database away and makes it again (from the image, or the shipped SQL). Sessions end with their rows. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The database on disk exists but cannot be opened or read (a truncated or corrupted file, a disk error): the start
 * stops here rather than rebuilding over it, so nothing is thrown away without the person's say. The app offers to
 * rebuild the demo data, which first moves the damaged folder aside (setAsideDamagedDatabase).
 */
export class LocalDatabaseDamaged extends Error {
  readonly reason: string;
  constructor(
    readonly pgdata: string,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`the local database in ${pgdata} is damaged and cannot be opened (${reason})`, { cause });
    this.name = 'LocalDatabaseDamaged';
    this.reason = reason;
  }
}

/** Moves a damaged pgdata/ aside as pgdata.damaged-<UTC time>, so the next start builds a new database; returns the
 * new folder, or null when there was no database. */
export async function setAsideDamagedDatabase(dataDir: string, now = new Date()): Promise<string | null> {
  const pgdata = join(dataDir, 'pgdata');
  if (!existsSync(pgdata)) return null;
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let target = `${pgdata}.damaged-${stamp}`;
  for (let n = 2; existsSync(target); n++) target = `${pgdata}.damaged-${stamp}-${n}`;
  await rename(pgdata, target);
  return target;
}

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

/** The database's record against the shipped files (the upgrade policy above). */
async function check(db: PGlite, files: SqlFile[]): Promise<ReturnType<typeof compareHistory>> {
  const have = await recordedFiles(db);
  return have ? compareHistory(have, files) : { ok: false, reason: 'the database has no record of its migrations' };
}

export async function startLocalBackend(options: LocalBackendOptions): Promise<LocalBackend> {
  const { dataDir } = options;
  // First: Postgres's WASM compiles on background threads while this start reads its files.
  const wasmModule = compilePglite();
  const progress = (event: LocalBackendProgress) => options.onProgress?.(event);
  const source = options.sql ?? sqlFilesFromDirectory();
  const pgdata = join(dataDir, 'pgdata');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const jwtSecret = await readOrCreateSecret(dataDir);

  /** Opens pgdata/ with the extensions the console uses, or with all of them to apply SQL (pglite-executor.ts). */
  const canApply = new WeakSet<PGlite>();
  const open = async (toApply = false) => {
    const extensions = toApply ? PGLITE_EXTENSIONS : PGLITE_RUNTIME_EXTENSIONS;
    const pgliteWasmModule = await wasmModule;
    const opened = await PGlite.create({
      dataDir: pgdata,
      extensions,
      startParams: [...PGLITE_START_PARAMS],
      ...(pgliteWasmModule ? { pgliteWasmModule } : {}),
    });
    if (toApply) canApply.add(opened);
    return opened;
  };

  /**
   * A new database in place of pgdata/, and its record checked against the shipped files: the image when it matches
   * them and opens with a record that does too, else an empty one (PGlite's initdb) to replay the SQL into, with
   * progress 'rebuild' saying why the image was not used.
   */
  async function fresh(files: SqlFile[]): Promise<{ db: PGlite; missing: SqlFile[] }> {
    await rm(pgdata, { recursive: true, force: true });
    const image = options.image ? await readImage(options.image, files) : undefined;
    let unusable = image && !image.usable ? image.reason : undefined;
    if (image?.usable) {
      progress({ step: 'image', done: 0, total: 1, detail: IMAGE_TARBALL });
      let db: PGlite | undefined;
      try {
        await unpackImage(image.tarball, pgdata);
        db = await open();
        const history = await check(db, files);
        if (history.ok) return { db, missing: history.missing };
        unusable = `its database records other SQL (${history.reason})`;
      } catch (error) {
        unusable = `it could not be opened (${(error as Error).message})`;
      }
      await db?.close().catch(() => undefined);
      await rm(pgdata, { recursive: true, force: true });
    }
    if (unusable) progress({ step: 'rebuild', done: 0, total: files.length, detail: `the prebuilt database is not used: ${unusable}` });
    return { db: await open(true), missing: files };
  }

  /** The database as it is, with the files it lacks; undefined (and closed) when it must be rebuilt. */
  async function existing(files: SqlFile[]): Promise<{ db: PGlite; missing: SqlFile[] } | undefined> {
    // PGlite reports a damaged file as an abort of its WebAssembly build ("Aborted()") or a failed initialisation,
    // while opening or at the first query: either way the database is there but unusable.
    let db: PGlite;
    try {
      db = await open();
    } catch (error) {
      throw new LocalDatabaseDamaged(pgdata, error);
    }
    try {
      const history = await check(db, files);
      if (history.ok) return { db, missing: history.missing };
      progress({ step: 'rebuild', done: 0, total: files.length, detail: history.reason });
    } catch (error) {
      await db.close().catch(() => undefined);
      throw new LocalDatabaseDamaged(pgdata, error);
    }
    await db.close();
    return undefined;
  }

  /** Opens the database and brings it to the shipped SQL; rebuilds when told to or when the history differs. */
  async function build(forceRebuild: boolean): Promise<PGlite> {
    const files = await source.files();
    progress({ step: 'open', done: 0, total: 0 });
    if (forceRebuild) progress({ step: 'rebuild', done: 0, total: files.length, detail: 'reset requested' });
    // No PG_VERSION: a first start, or one interrupted before its database was complete.
    const found = !forceRebuild && existsSync(join(pgdata, 'PG_VERSION')) ? await existing(files) : undefined;
    const { missing, ...opened } = found ?? (await fresh(files));
    let { db } = opened;
    try {
      if (missing.length > 0) {
        // Applying needs every extension loaded; the console then runs without the ones it does not use.
        if (!canApply.has(db)) {
          await db.close();
          db = await open(true);
        }
        await applySqlFiles(db, missing, files, (file, done) =>
          progress({ step: file.kind, done, total: missing.length, detail: file.name }),
        );
        await db.close();
        db = await open();
      }
    } catch (error) {
      if (!db.closed) await db.close();
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
      return (await recordedFiles(db)) ?? [];
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
