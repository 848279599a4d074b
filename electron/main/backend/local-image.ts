// The prebuilt database ("image") a first start of the local backend unpacks instead of replaying the bootstrap,
// every migration and the seed into a new PGlite (PGlite's initdb, then the SQL: about 13 s). `npm run build:db`
// (scripts/build-local-db.ts) builds it into out/local-db; electron-builder ships it as the resource local-db/.
//
//   local-db.tar.gz   pgdata/ as PGlite's dumpDataDir writes it (a gzip tar)
//   local-db.json     the manifest: the tarball's size and sha256, the PGlite that wrote it, and the files the image
//                     has applied (its hg_local.applied_migrations rows, in order)
//
// The image holds the demo data and nothing of an installation: the gateway's jwt-secret lives beside pgdata/ and is
// created per installation, and the build refuses a database holding sessions, refresh tokens or second factors.
// At a first start the manifest is checked against the shipped SQL by hash (a file the image lacks is applied after
// it, as on any upgrade; a changed one makes the image unusable) and the tarball against its checksum; then it is
// unpacked beside pgdata/ and renamed into place when complete, so a start interrupted half-way leaves no half
// database. After it opens, local-backend.ts checks the database's own record like any other start.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, posix } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { z } from 'zod';
import { PGLITE_EXTENSIONS, PGLITE_START_PARAMS } from '../local-backend/pglite-executor.js';
import { applySqlFiles, recordedFiles } from './applied-migrations.js';
import { compareHistory, type SqlFile } from './sql-files.js';

export const IMAGE_MANIFEST = 'local-db.json';
export const IMAGE_TARBALL = 'local-db.tar.gz';

const manifestSchema = z.object({
  format: z.literal(1),
  /** Postgres refuses data files of another catalog version at open, which a start then treats as a bad image. */
  pglite: z.string(),
  builtAt: z.string(),
  tarball: z.object({ bytes: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  files: z.array(z.object({ name: z.string(), kind: z.enum(['bootstrap', 'migration', 'seed']), sha256: z.string() })),
});
export type ImageManifest = z.infer<typeof manifestSchema>;

export type ImageCheck = { usable: true; tarball: Buffer; manifest: ImageManifest } | { usable: false; reason: string };

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** The image in `dir`, checked against the shipped files; undefined when there is none. */
export async function readImage(dir: string, files: readonly SqlFile[]): Promise<ImageCheck | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, IMAGE_MANIFEST), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { usable: false, reason: `its manifest cannot be read (${(error as Error).message})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { usable: false, reason: 'its manifest is not JSON' };
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) return { usable: false, reason: 'its manifest is not one this version reads' };
  const manifest = parsed.data;
  const history = compareHistory(manifest.files, files);
  if (!history.ok) return { usable: false, reason: `it was built from other SQL (${history.reason})` };
  let tarball: Buffer;
  try {
    tarball = await readFile(join(dir, IMAGE_TARBALL));
  } catch (error) {
    return { usable: false, reason: `its tarball cannot be read (${(error as Error).message})` };
  }
  if (tarball.length !== manifest.tarball.bytes || sha256(tarball) !== manifest.tarball.sha256) {
    return { usable: false, reason: 'its tarball is damaged (size or checksum differs from the manifest)' };
  }
  return { usable: true, tarball, manifest };
}

/**
 * Unpacks the tarball as `pgdata` (which must not exist): into `<pgdata>.partial` first, renamed when complete.
 * Done here rather than by PGlite's loadDataDir, which writes each file through the WASM file system in place: a
 * first start measured about 1.5× the CPU time that way, and an interrupted one left a half-written pgdata/.
 */
export async function unpackImage(tarball: Buffer, pgdata: string): Promise<void> {
  const partial = `${pgdata}.partial`;
  await rm(partial, { recursive: true, force: true });
  const { dirs, files } = tarEntries(await promisify(gunzip)(tarball));
  try {
    await mkdir(partial, { recursive: true, mode: 0o700 });
    for (const dir of dirs) await mkdir(join(partial, dir), { recursive: true, mode: 0o700 });
    await Promise.all(files.map((file) => writeFile(join(partial, file.path), file.data, { mode: 0o600 })));
    await rename(partial, pgdata);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
}

/** The folders and regular files of a ustar archive (what dumpDataDir writes); any other entry is refused. */
function tarEntries(tar: Buffer): { dirs: string[]; files: { path: string; data: Buffer }[] } {
  const field = (offset: number, length: number) => {
    const raw = tar.subarray(offset, offset + length);
    const end = raw.indexOf(0);
    return raw.subarray(0, end < 0 ? length : end).toString('utf8');
  };
  const dirs = new Set<string>();
  const files: { path: string; data: Buffer }[] = [];
  let offset = 0;
  while (offset + 512 <= tar.length && tar[offset] !== 0) {
    const prefix = field(offset + 345, 155);
    const name = (prefix ? `${prefix}/` : '') + field(offset, 100);
    const size = Number.parseInt(field(offset + 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(tar[offset + 156] ?? 0);
    const start = offset + 512;
    if (!Number.isSafeInteger(size) || size < 0 || start + size > tar.length) throw new Error(`the image is truncated at ${name}`);
    const path = entryPath(name);
    if (type === '5') {
      if (path) dirs.add(path);
    } else if ((type === '0' || type === '\0') && path) {
      files.push({ path, data: tar.subarray(start, start + size) });
      if (posix.dirname(path) !== '.') dirs.add(posix.dirname(path));
    } else throw new Error(`the image holds an unexpected entry: ${name}`);
    offset = start + Math.ceil(size / 512) * 512;
  }
  if (!files.some((file) => file.path === 'PG_VERSION')) throw new Error('the image holds no database (no PG_VERSION)');
  return { dirs: [...dirs].sort(), files };
}

/** An entry's path inside pgdata/ ('' for pgdata/ itself); one that would land outside it is refused. */
function entryPath(name: string): string {
  const path = posix.normalize(name.replace(/^\/+/, ''));
  if (path === '.' || path === '') return '';
  if (path.includes('\\') || path === '..' || path.startsWith('../') || posix.isAbsolute(path)) {
    throw new Error(`the image holds a path outside its database: ${name}`);
  }
  return path.replace(/\/$/, '');
}

/** The installed @electric-sql/pglite's version, which a build records (for the build tools; the app never needs it). */
export function installedPgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  return (JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
}

/** What signing in creates: never part of an image. */
const INSTALLATION_TABLES = ['auth.sessions', 'auth.refresh_tokens', 'auth.mfa_factors', 'auth.mfa_challenges', 'auth.mfa_amr_claims'];

export interface BuildImageOptions {
  files: readonly SqlFile[];
  /** Where to write local-db.tar.gz and local-db.json. */
  dir: string;
  /** The version of @electric-sql/pglite building it, recorded in the manifest. */
  pglite: string;
  onFile?: (file: SqlFile, done: number) => void;
}

/**
 * Builds the image: a new in-memory database with every shipped file applied by the replay's own code (the same
 * record rows), dumped with PGlite's dumpDataDir. Its WAL is kept small (1MB segments, none recycled ahead): the
 * image then carries about 2MB of WAL instead of two 16MB segments, half of what a first start would unpack.
 */
export async function buildImage(options: BuildImageOptions): Promise<ImageManifest> {
  const db = await PGlite.create({
    extensions: PGLITE_EXTENSIONS,
    initDbStartParams: ['--wal-segsize=1'],
    startParams: [...PGLITE_START_PARAMS, '-c', 'min_wal_size=2MB', '-c', 'max_wal_size=2MB'],
  });
  try {
    await applySqlFiles(db, options.files, options.files, options.onFile);
    // Sessions, refresh tokens and factors are made by signing in: an image holding any would share them.
    for (const table of INSTALLATION_TABLES) {
      const { rows } = await db.query<{ t: string | null }>(`select to_regclass($1)::text as t`, [table]);
      if (!rows[0]?.t) continue;
      const count = await db.query<{ n: number }>(`select count(*)::int as n from ${table}`);
      if (count.rows[0]?.n) throw new Error(`${table} holds rows: a database with sessions or second factors is not an image to ship`);
    }
    const files = (await recordedFiles(db)) ?? [];
    await db.exec('checkpoint');
    const tarball = Buffer.from(await (await db.dumpDataDir('gzip')).arrayBuffer());
    const manifest: ImageManifest = {
      format: 1,
      pglite: options.pglite,
      builtAt: new Date().toISOString(),
      tarball: { bytes: tarball.length, sha256: sha256(tarball) },
      files,
    };
    // The manifest goes last: an image interrupted while being written has none, or one its tarball fails.
    await mkdir(options.dir, { recursive: true });
    await rm(join(options.dir, IMAGE_MANIFEST), { force: true });
    await writeFile(join(options.dir, IMAGE_TARBALL), tarball);
    await writeFile(join(options.dir, IMAGE_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } finally {
    await db.close();
  }
}
