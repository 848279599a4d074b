// A prepared local backend (the shipped SQL applied, demo data seeded) that tests copy into a data folder of their
// own instead of each building one (10–20 s), and a prebuilt image of it (local-image.ts) for a start or a rebuild
// that must make a new database. Built once per version of the SQL, in the temporary folder, and reused across test
// files and runs; built in a folder of its own and renamed into place, so two files building it at once both end
// with a complete one.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalBackend } from '../../electron/main/backend/local-backend.js';
import { buildImage } from '../../electron/main/backend/local-image.js';
import { sqlFilesFromDirectory } from '../../electron/main/backend/sql-files.js';

/** The prepared folder for the SQL as it is now: `data/local-backend/` and the image `image/`. */
export async function preparedTemplate(): Promise<string> {
  const files = await sqlFilesFromDirectory().files();
  const hash = createHash('sha256');
  for (const file of files) hash.update(file.name).update('\0').update(file.sql).update('\0');
  const dir = join(tmpdir(), `hg-local-image-template-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(join(dir, 'data', 'local-backend', 'pgdata', 'PG_VERSION'))) return dir;
  const building = `${dir}.building-${randomUUID()}`;
  await mkdir(building, { recursive: true });
  await buildImage({ files, dir: join(building, 'image'), pglite: 'test' });
  const backend = await startLocalBackend({
    dataDir: join(building, 'data', 'local-backend'),
    sql: { files: async () => files },
    image: join(building, 'image'),
  });
  await backend.close();
  try {
    await rename(building, dir);
  } catch {
    await rm(building, { recursive: true, force: true }); // another file finished first
  }
  return dir;
}

/** A new data folder with a copy of the prepared local backend. */
export async function copyOfTemplate(into: string): Promise<string> {
  await cp(join(await preparedTemplate(), 'data'), into, { recursive: true });
  return into;
}

/** The prepared image, for a core that must make a new database (a reset, a rebuild). */
export async function templateImage(): Promise<string> {
  return join(await preparedTemplate(), 'image');
}
