// The console window: the security options its factory passes, the remembered state, and the menu.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applicationMenu } from '../../electron/main/window/menu.js';
import { mainWindowOptions } from '../../electron/main/window/window-options.js';
import { createWindowStateStore, DEFAULT_STATE, restoreState } from '../../electron/main/window/window-state.js';

describe('main window options', () => {
  it('isolates and sandboxes the renderer with the CommonJS preload', () => {
    const options = mainWindowOptions({ preloadPath: '/app/out/preload/index.cjs', state: DEFAULT_STATE, dark: false, devTools: false });
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
    expect(options.show).toBe(false);
  });

  it('uses the remembered bounds and a background matching the theme', () => {
    const state = { bounds: { x: 10, y: 20, width: 1400, height: 900 }, maximized: false };
    const options = mainWindowOptions({ preloadPath: 'p', state, dark: true, devTools: true });
    expect(options).toMatchObject({ x: 10, y: 20, width: 1400, height: 900, backgroundColor: '#111418' });
  });
});

describe('window state', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];

  it.each([
    ['nothing saved', undefined, DEFAULT_STATE],
    ['garbage', 'nope', DEFAULT_STATE],
    ['non-numeric bounds', { bounds: { x: 'a', y: 0, width: 1, height: 1 } }, DEFAULT_STATE],
    [
      'a window on a monitor that is gone',
      { bounds: { x: 4000, y: 0, width: 1200, height: 800 }, maximized: true },
      { bounds: { width: 1200, height: 800 }, maximized: true },
    ],
    [
      'a tiny window',
      { bounds: { x: 0, y: 0, width: 10, height: 10 } },
      { bounds: { x: 0, y: 0, width: 960, height: 600 }, maximized: false },
    ],
    [
      'a visible window',
      { bounds: { x: 100, y: 50, width: 1300, height: 850 }, maximized: false },
      { bounds: { x: 100, y: 50, width: 1300, height: 850 }, maximized: false },
    ],
  ])('restores %s safely', (_name, saved, expected) => {
    expect(restoreState(saved, screen)).toEqual(expected);
  });

  let dir: string | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('saves the normal bounds on close and loads them next time', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hg-window-'));
    const file = join(dir, 'window-state.json');
    const store = createWindowStateStore({ file, displays: () => screen });
    expect(await store.load()).toEqual(DEFAULT_STATE);
    const listeners = new Map<string, () => void>();
    store.track({
      getNormalBounds: () => ({ x: 5, y: 6, width: 1000, height: 700 }),
      isMaximized: () => true,
      on: (event, listener) => listeners.set(event, listener),
    });
    listeners.get('close')!();
    await vi.waitFor(async () => expect(JSON.parse(await readFile(file, 'utf8'))).toBeTruthy());
    expect(await store.load()).toEqual({ bounds: { x: 5, y: 6, width: 1000, height: 700 }, maximized: true });
    await writeFile(file, '{ torn');
    expect(await store.load()).toEqual(DEFAULT_STATE);
  });
});

describe('application menu', () => {
  it('has the usual roles, the macOS app menu only on macOS and devtools only in development', () => {
    const roles = (items: ReturnType<typeof applicationMenu>): string[] =>
      items.flatMap((item) => [item.role ?? item.label ?? '', ...(Array.isArray(item.submenu) ? roles(item.submenu) : [])]);
    const linux = roles(applicationMenu({ platform: 'linux', dev: false }));
    expect(linux).toEqual(expect.arrayContaining(['fileMenu', 'editMenu', 'View', 'windowMenu', 'reload', 'zoomIn', 'togglefullscreen']));
    expect(linux).not.toContain('appMenu');
    expect(linux).not.toContain('toggleDevTools');
    expect(roles(applicationMenu({ platform: 'darwin', dev: true }))).toEqual(expect.arrayContaining(['appMenu', 'toggleDevTools']));
  });
});
