// Once per run: the local backend migrated and seeded into a template folder (copied per test), and the page-side
// bridge bundled from the preload's own code.
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { build } from 'esbuild';
import { startLocalBackend } from '../../../electron/main/backend/local-backend.js';
import { BRIDGE_FILE, RENDERER_DIR, TEMPLATE_DIR, WORK_DIR } from './paths.js';

export default async function globalSetup(): Promise<void> {
  if (!existsSync(`${RENDERER_DIR}/index.html`)) {
    throw new Error('out/renderer is missing: run `npm run build` (npm test does) before the end-to-end suite.');
  }
  await rm(WORK_DIR, { recursive: true, force: true });
  await mkdir(WORK_DIR, { recursive: true });

  const bundle = await build({
    entryPoints: [new URL('./bridge-entry.ts', import.meta.url).pathname],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
  });
  await writeFile(BRIDGE_FILE, bundle.outputFiles[0]!.text);

  const backend = await startLocalBackend({ dataDir: `${TEMPLATE_DIR}/local-backend` });
  await backend.close();
}
