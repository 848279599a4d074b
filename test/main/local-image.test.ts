// The prebuilt database (electron/main/backend/local-image.ts) a first start unpacks instead of replaying the SQL.
// On the shipped SQL: the record it leaves is the replay's, the console works on it with the extensions it loads at
// run time, and two installations share no secret. On small synthetic SQL (fast to build): every way an image can be
// unusable (other SQL, damaged, not a database, a path escaping pgdata/) makes the first start replay and say why;
// files it lacks are applied on top; an interrupted unpack is started again; reset() unpacks it again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { createConsoleApp } from '../../electron/main/app/console-app.js';
import { startLocalBackend, type LocalBackend, type LocalBackendProgress } from '../../electron/main/backend/local-backend.js';
import { IMAGE_MANIFEST, IMAGE_TARBALL, buildImage, type ImageManifest } from '../../electron/main/backend/local-image.js';
import { sha256, sqlFilesFromDirectory, type SqlFile, type SqlSource } from '../../electron/main/backend/sql-files.js';
import { PGLITE_EXTENSIONS, PGLITE_START_PARAMS } from '../../electron/main/local-backend/pglite-executor.js';
import { fakeBox } from './fake-box.js';

const APP = { url: 'app://console/index.html' };
const PASSWORD = 'HumanGlue-demo-2026!';
let root: string;
const open: LocalBackend[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hg-image-'));
});
afterAll(async () => {
  await Promise.all(open.map((backend) => backend.close()));
  await rm(root, { recursive: true, force: true });
});

async function start(dataDir: string, image: string, sql?: SqlSource) {
  const events: LocalBackendProgress[] = [];
  const backend = await startLocalBackend({ dataDir, image, ...(sql ? { sql } : {}), onProgress: (event) => events.push(event) });
  open.push(backend);
  return { backend, events };
}

const steps = (events: LocalBackendProgress[]) => events.map((event) => event.step);

const source = (files: SqlFile[]): SqlSource => ({ files: async () => files });

describe('the prebuilt database of the shipped SQL', () => {
  // Read once: every start below sees the files the image was built from, whatever is edited meanwhile.
  let shipped: SqlFile[];
  let image: string;
  let manifest: ImageManifest;

  beforeAll(async () => {
    shipped = await sqlFilesFromDirectory().files();
    image = join(root, 'image');
    manifest = await buildImage({ files: shipped, dir: image, pglite: 'test' });
  }, 300_000);

  it('a first start unpacks it, records what a replay records, and the console works on it', { timeout: 120_000 }, async () => {
    const dataDir = join(root, 'first');
    const { backend, events } = await start(dataDir, image, source(shipped));
    expect(steps(events)).toEqual(['open', 'image', 'ready']);
    expect(events.at(-1)).toEqual({ step: 'ready', done: 0, total: 0 });
    const replayed = shipped.map((file) => ({ name: file.name, kind: file.kind, sha256: sha256(file.sql) }));
    expect(await backend.applied()).toEqual(replayed);
    expect(manifest.files).toEqual(replayed);
    await backend.close();

    // The whole core on it, as the app runs it: sign-in, a count, a trigram search (pg_trgm is loaded at run time).
    const core = createConsoleApp({
      dataDir: root,
      box: fakeBox('keychain'),
      env: {},
      isTrustedSender: ({ url }) => url.startsWith('app://console/'),
      emit: () => undefined,
      files: { chooseOpenFile: async () => null, chooseSaveFile: async () => null, capturePng: async () => Buffer.alloc(0) },
      log: () => undefined,
      sql: source(shipped),
      localImage: image,
    });
    try {
      expect(await core.router.handle('auth:sign-in', { email: 'admin@humanglue.dev', password: PASSWORD }, APP)).toMatchObject({
        ok: true,
      });
      expect(await core.router.handle('payments:count', { filters: {} }, APP)).toMatchObject({ ok: true });
      expect(await core.router.handle('users:list', { filters: { search: 'ann' }, limit: 5 }, APP)).toMatchObject({ ok: true });
      expect(await core.router.handle('search:everything', { query: 'lead', limit: 5 }, APP)).toMatchObject({ ok: true });
    } finally {
      await core.close();
    }
  });

  it('nothing in it calls pgcrypto, which the console does not load at run time', async () => {
    const db = await PGlite.create({
      dataDir: join(root, 'first', 'pgdata'),
      extensions: PGLITE_EXTENSIONS,
      startParams: [...PGLITE_START_PARAMS],
    });
    try {
      // Defaults, views and SQL-standard bodies record what they call; plpgsql and SQL-string bodies are searched.
      const { rows } = await db.query<{ dependents: number; callers: string[] }>(`
        with crypto as (
          select p.oid, p.proname from pg_catalog.pg_proc p
            join pg_catalog.pg_depend d on d.classid = 'pg_catalog.pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e'
            join pg_catalog.pg_extension x on x.oid = d.refobjid and x.extname = 'pgcrypto'
          where p.proname <> 'gen_random_uuid' -- resolves to the core function (pg_catalog is searched first)
        )
        select
          (select count(*)::int from pg_catalog.pg_depend d join crypto c on d.refobjid = c.oid
            where d.refclassid = 'pg_catalog.pg_proc'::regclass and d.deptype = 'n') as dependents,
          array(select n.nspname || '.' || p.proname from pg_catalog.pg_proc p
                  join pg_catalog.pg_namespace n on n.oid = p.pronamespace
                 where n.nspname not in ('pg_catalog', 'information_schema', 'extensions')
                   and p.prosrc ~ ('\\m(' || (select string_agg(distinct proname, '|') from crypto) || ')\\s*\\(')) as callers`);
      expect(rows[0]).toEqual({ dependents: 0, callers: [] });
    } finally {
      await db.close();
    }
  });

  it('holds nothing of an installation: two installations have their own secret, and one refuses the other’s token', async () => {
    expect(gunzipSync(await readFile(join(image, IMAGE_TARBALL))).includes('jwt-secret')).toBe(false);
    const a = (await start(join(root, 'install-a'), image, source(shipped))).backend;
    const b = (await start(join(root, 'install-b'), image, source(shipped))).backend;
    const secretA = await readFile(join(root, 'install-a', 'jwt-secret'), 'utf8');
    expect(secretA).not.toBe(await readFile(join(root, 'install-b', 'jwt-secret'), 'utf8'));
    expect(a.apiKey).not.toBe(b.apiKey);

    const signIn = await a.fetch(`${a.url}/auth/v1/token?grant_type=password`, {
      method: 'POST',
      headers: { apikey: a.apiKey, 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'admin@humanglue.dev', password: PASSWORD }),
    });
    const { access_token: token } = (await signIn.json()) as { access_token: string };
    const user = (backend: LocalBackend) =>
      backend.fetch(`${backend.url}/auth/v1/user`, { headers: { apikey: backend.apiKey, Authorization: `Bearer ${token}` } });
    expect((await user(a)).status).toBe(200);
    expect((await user(b)).status).toBeGreaterThanOrEqual(400);
  });
});

describe('a prebuilt database that cannot be used: the first start replays and says why', () => {
  const file = (kind: SqlFile['kind'], name: string, sql: string): SqlFile => ({ kind, name, sql });
  const base = [
    file('bootstrap', 'bootstrap/mini.sql', 'create schema if not exists app;'),
    file('migration', 'migrations/001_a.sql', 'create table app.a (x int);'),
    file('seed', 'seed.sql', 'insert into app.a values (1);'),
  ];
  const edited = [base[0]!, file('migration', 'migrations/001_a.sql', 'create table app.a (x int, z text);'), base[2]!];
  const names = (files: SqlFile[]) => files.map((entry) => entry.name);
  let image: string;
  let editedImage: string;

  beforeAll(async () => {
    image = join(root, 'synthetic-image');
    editedImage = join(root, 'synthetic-edited');
    await buildImage({ files: base, dir: image, pglite: 'test' });
    await buildImage({ files: edited, dir: editedImage, pglite: 'test' });
  }, 180_000);

  /** A copy of the synthetic image, damaged by `change`, for one start. */
  async function damaged(name: string, change: (dir: string) => Promise<void>): Promise<string> {
    const dir = join(root, `damaged-${name}`);
    await cp(image, dir, { recursive: true });
    await change(dir);
    return dir;
  }

  /** Puts `tarball` in the image with a manifest that vouches for it (its size and checksum). */
  async function replaceTarball(dir: string, tarball: Buffer): Promise<void> {
    await writeFile(join(dir, IMAGE_TARBALL), tarball);
    const manifest = JSON.parse(await readFile(join(dir, IMAGE_MANIFEST), 'utf8')) as ImageManifest;
    manifest.tarball = { bytes: tarball.length, sha256: createHash('sha256').update(tarball).digest('hex') };
    await writeFile(join(dir, IMAGE_MANIFEST), JSON.stringify(manifest));
  }

  /** A gzip ustar archive of the given entries (type '0' file, '5' folder). */
  function tarball(entries: { name: string; type?: '0' | '5'; data?: string }[]): Buffer {
    const blocks: Buffer[] = [];
    for (const entry of entries) {
      const data = Buffer.from(entry.data ?? '');
      const header = Buffer.alloc(512);
      header.write(entry.name, 0, 100);
      header.write('0000600\0', 100);
      header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
      header.write('00000000000\0', 136);
      header.write(entry.type ?? '0', 156);
      header.write('ustar\0' + '00', 257);
      header.fill(' ', 148, 156);
      const sum = header.reduce((total, byte) => total + byte, 0);
      header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
      blocks.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512));
    }
    return gzipSync(Buffer.concat([...blocks, Buffer.alloc(1024)]));
  }

  const cases: { name: string; sql: SqlFile[]; image: () => Promise<string>; reason: RegExp }[] = [
    {
      name: 'built from other SQL',
      sql: edited,
      image: async () => image,
      reason: /it was built from other SQL \(migrations\/001_a\.sql changed\)/,
    },
    {
      name: 'a truncated tarball',
      sql: base,
      image: () => damaged('truncated', async (dir) => truncate(join(dir, IMAGE_TARBALL), 1000)),
      reason: /its tarball is damaged/,
    },
    {
      name: 'a manifest that is not JSON',
      sql: base,
      image: () => damaged('manifest', async (dir) => writeFile(join(dir, IMAGE_MANIFEST), '{"format": 1,')),
      reason: /its manifest is not JSON/,
    },
    {
      name: 'a tarball that holds no database',
      sql: base,
      image: () => damaged('empty', (dir) => replaceTarball(dir, tarball([{ name: '/base', type: '5' }]))),
      reason: /it could not be opened \(the image holds no database/,
    },
    {
      name: 'a path outside its database',
      sql: base,
      image: () =>
        damaged('escape', (dir) =>
          replaceTarball(
            dir,
            tarball([
              { name: '/PG_VERSION', data: '17' },
              { name: '/../escaped', data: 'x' },
            ]),
          ),
        ),
      reason: /it could not be opened \(the image holds a path outside its database: \/\.\.\/escaped\)/,
    },
    {
      name: 'a database that records other SQL than its manifest',
      sql: base,
      image: () => damaged('lying', async (dir) => replaceTarball(dir, await readFile(join(editedImage, IMAGE_TARBALL)))),
      reason: /its database records other SQL \(migrations\/001_a\.sql changed\)/,
    },
  ];

  it.each(cases)('$name', { timeout: 90_000 }, async ({ name, sql, image: imageFor, reason }) => {
    const dataDir = join(root, 'unusable', name.replace(/\W+/g, '-'));
    const { backend, events } = await start(dataDir, await imageFor(), source(sql));
    const rebuild = events.find((event) => event.step === 'rebuild');
    expect(rebuild?.detail).toMatch(/^the prebuilt database is not used: /);
    expect(rebuild?.detail).toMatch(reason);
    expect(events.filter((event) => ['bootstrap', 'migration', 'seed'].includes(event.step)).map((event) => event.detail)).toEqual(
      names(sql),
    );
    expect((await backend.applied()).map((row) => row.name)).toEqual(names(sql));
    expect(existsSync(join(dataDir, 'pgdata.partial'))).toBe(false);
    expect(existsSync(join(dataDir, 'escaped'))).toBe(false);
  });

  it('files the image lacks are applied on top of it, as on any upgrade', { timeout: 60_000 }, async () => {
    const added = file('migration', 'migrations/002_b.sql', 'create table app.b (y int);');
    const { backend, events } = await start(join(root, 'upgrade'), image, source([...base, added]));
    expect(steps(events)).toEqual(['open', 'image', 'migration', 'ready']);
    expect((await backend.applied()).map((row) => row.name)).toEqual(names([...base, added]));
  });

  it('an unpack cut short leaves no database: the next start unpacks again', { timeout: 60_000 }, async () => {
    const dataDir = join(root, 'interrupted');
    await mkdir(join(dataDir, 'pgdata.partial', 'base'), { recursive: true });
    await writeFile(join(dataDir, 'pgdata.partial', 'PG_VERSION'), '17');
    const { backend, events } = await start(dataDir, image, source(base));
    expect(steps(events)).toEqual(['open', 'image', 'ready']);
    expect((await backend.applied()).map((row) => row.name)).toEqual(names(base));
    expect(existsSync(join(dataDir, 'pgdata.partial'))).toBe(false);
  });

  it('reset() starts again from the image', { timeout: 60_000 }, async () => {
    const { backend, events } = await start(join(root, 'reset'), image, source(base));
    events.length = 0;
    await backend.reset();
    expect(steps(events)).toEqual(['open', 'rebuild', 'image', 'ready']);
    expect((await backend.applied()).map((row) => row.name)).toEqual(names(base));
  });

  it('is never built from a database holding sessions', { timeout: 60_000 }, async () => {
    const withSession = [
      ...base,
      file('seed', 'seed/session.sql', `create schema auth; create table auth.sessions (id int); insert into auth.sessions values (1);`),
    ];
    await expect(buildImage({ files: withSession, dir: join(root, 'never'), pglite: 'test' })).rejects.toThrow(/auth\.sessions holds rows/);
    expect(existsSync(join(root, 'never', IMAGE_MANIFEST))).toBe(false);
  });
});
