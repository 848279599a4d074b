// A damaged local database (a file of PGlite's data folder truncated, as a full disk or a crash during a copy
// leaves it) must not crash the console or be rebuilt behind the person's back: the start fails with a message that
// says the demo database is damaged, every call answers with it (the renderer shows it with "Rebuild the demo data"),
// and connection:reset-local then moves the damaged folder aside, builds a new database and the console works.
import { randomBytes } from 'node:crypto';
import { readdir, stat, truncate, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleApp, type ConsoleApp } from '../../electron/main/app/console-app.js';
import { LocalDatabaseDamaged } from '../../electron/main/backend/local-backend.js';
import { fakeBox } from './fake-box.js';
import { copyOfTemplate, preparedTemplate, templateImage } from './local-template.js';

const APP = { url: 'app://console/index.html' };
const PASSWORD = 'HumanGlue-demo-2026!';
const PG_CLASS = join('base', '5', '1259'); // the catalogue of tables: nothing opens without it
let root: string;
let image: string;
const cores: ConsoleApp[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hg-damaged-'));
  await preparedTemplate();
  image = await templateImage();
}, 120_000);
afterAll(async () => {
  await Promise.all(cores.map((core) => core.close()));
  await rm(root, { recursive: true, force: true });
});

function start(dataDir: string, key: NonNullable<Parameters<typeof fakeBox>[1]>, logged: unknown[] = []) {
  const core = createConsoleApp({
    dataDir,
    box: fakeBox('keychain', key),
    env: {},
    isTrustedSender: ({ url }) => url.startsWith('app://console/'),
    emit: () => undefined,
    files: { chooseOpenFile: async () => null, chooseSaveFile: async () => null, capturePng: async () => Buffer.alloc(0) },
    log: (entry) => logged.push(entry),
    localImage: image, // the rebuild unpacks it instead of replaying the SQL
  });
  cores.push(core);
  return core;
}

describe('a damaged local database', () => {
  it(
    'is reported at start with a way to rebuild the demo data, which keeps the damaged copy and brings the console back',
    { timeout: 120_000 },
    async () => {
      const dataDir = await copyOfTemplate(join(root, 'truncated'));
      const pgdata = join(dataDir, 'local-backend', 'pgdata');
      await truncate(join(pgdata, PG_CLASS), 100);
      const key = randomBytes(32);

      const core = start(dataDir, key);
      await expect(core.ready).rejects.toBeInstanceOf(LocalDatabaseDamaged);
      const damaged = {
        ok: false,
        error: {
          code: 'unavailable',
          message: expect.stringMatching(/local demo database is damaged.*Rebuild the demo data/),
          details: { reason: 'local_database_damaged' },
        },
      };
      expect(await core.router.handle('auth:status', {}, APP)).toMatchObject(damaged);
      expect(await core.router.handle('payments:count', { filters: {} }, APP)).toMatchObject(damaged);
      // Bad input is refused as before, without touching the folder.
      expect(await core.router.handle('connection:reset-local', { confirm: 'yes' } as never, APP)).toMatchObject({
        ok: false,
        error: { code: 'validation' },
      });
      expect(await readdir(join(dataDir, 'local-backend'))).not.toContainEqual(expect.stringMatching(/^pgdata\.damaged-/));

      expect(await core.router.handle('connection:reset-local', { confirm: 'reset' }, APP)).toMatchObject({
        ok: true,
        value: { backend: { kind: 'local' } },
      });
      // The damaged folder is kept beside the new one, as it was.
      const aside = (await readdir(join(dataDir, 'local-backend'))).filter((name) => name.startsWith('pgdata.damaged-'));
      expect(aside).toHaveLength(1);
      expect((await stat(join(dataDir, 'local-backend', aside[0]!, PG_CLASS))).size).toBe(100);

      expect(await core.router.handle('auth:status', {}, APP)).toMatchObject({ ok: true, value: { state: 'signed_out' } });
      expect(await core.router.handle('auth:sign-in', { email: 'finance@humanglue.dev', password: PASSWORD }, APP)).toMatchObject({
        ok: true,
      });
      expect(await core.router.handle('payments:count', { filters: {} }, APP)).toMatchObject({ ok: true });
      await core.close();

      // The app started again on the folder opens the new database, signed in as before.
      const again = start(dataDir, key);
      await expect(again.ready).resolves.toMatchObject({ signedIn: true, user: { email: 'finance@humanglue.dev' } });
      await again.close();
    },
  );
});
