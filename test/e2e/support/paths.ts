// Where the end-to-end suite finds the built renderer and keeps what it makes.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const RENDERER_DIR = join(ROOT, 'out/renderer');
export const WORK_DIR = join(ROOT, 'test-results/e2e-work');
/** A local backend already migrated and seeded once; each test copies it (PGlite's first start takes seconds). */
export const TEMPLATE_DIR = join(WORK_DIR, 'template');
export const BRIDGE_FILE = join(WORK_DIR, 'bridge.js');
export const SCREENSHOT_DIR = join(ROOT, 'test-results/screenshots');
