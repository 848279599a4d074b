// `npm run build:db`: the prebuilt database a first start of the local backend unpacks instead of replaying the
// SQL (electron/main/backend/local-image.ts), built into out/local-db: build output, git-ignored, shipped by
// electron-builder as the resource local-db/. Nothing is built when the image there was made by this PGlite from the
// SQL as it is now (checked by hash), so `npm start` and `npm run build` run it every time.
// `npm run build:db -- --force` builds it anyway.
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IMAGE_MANIFEST, buildImage, installedPgliteVersion, readImage } from '../electron/main/backend/local-image.js';
import { sqlFilesFromDirectory } from '../electron/main/backend/sql-files.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const IMAGE_DIR = join(ROOT, 'out', 'local-db');

async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((arg) => arg !== '--force');
  if (unknown.length > 0) {
    console.error(`usage: npm run build:db [-- --force]   (unknown argument: ${unknown.join(' ')})`);
    return 2;
  }
  const files = await sqlFilesFromDirectory().files();
  const pglite = installedPgliteVersion();
  const target = relative(ROOT, IMAGE_DIR);

  const current = argv.includes('--force') ? undefined : await readImage(IMAGE_DIR, files);
  if (current?.usable && current.manifest.pglite === pglite && current.manifest.files.length === files.length) {
    console.error(`${target}: up to date (${files.length} SQL files, PGlite ${pglite})`);
    return 0;
  }
  const why = current === undefined ? 'none built yet' : current.usable ? 'new SQL files or another PGlite' : current.reason;
  console.error(`${target}: building the prebuilt database (${why})`);
  const started = performance.now();
  const manifest = await buildImage({
    files,
    dir: IMAGE_DIR,
    pglite,
    onFile: (file, done) => console.error(`  ${String(done + 1).padStart(2)}/${files.length} ${file.name}`),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.error(
    `${target}/${IMAGE_MANIFEST}: ${manifest.files.length} files, ${(manifest.tarball.bytes / 1024 / 1024).toFixed(1)} MB tarball, in ${seconds} s`,
  );
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
