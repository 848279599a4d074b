// The Electron entry: lifecycle, the one window, and the wiring of Electron's pieces (safeStorage, dialogs, IPC,
// the app:// protocol) to the console core, which holds everything else and is tested under Node.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeTheme,
  powerMonitor,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
} from 'electron';
import { channelNames, type EventName, type EventPayload } from '../../shared/ipc/contract.js';
import { sqlFilesFromDirectory } from './backend/sql-files.js';
import { APP_HOST, APP_INDEX, APP_SCHEME, appFileFor } from './app/app-protocol.js';
import { createConsoleApp, type ConsoleApp } from './app/console-app.js';
import type { FilePlatform } from './files/platform.js';
import { safeStorageBox } from './app/secret-box.js';
import { hardenSession, hardenWebContents } from './security/harden.js';
import { contentSecurityPolicy } from './security/navigation.js';
import { createAppOrigins } from './security/trusted-url.js';
import { applicationMenu } from './window/menu.js';
import { mainWindowOptions } from './window/window-options.js';
import { createWindowStateStore } from './window/window-state.js';

// A separate profile for the Electron end-to-end suite (each run its own data); never set for users.
if (process.env.HG_USER_DATA_DIR) app.setPath('userData', process.env.HG_USER_DATA_DIR);

const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;

// Must happen before `ready`: app:// gets a real origin (standard) that counts as secure, like https.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let mainWindow: BrowserWindow | null = null;
let core: ConsoleApp | null = null;

function emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(`event:${event}`, payload);
}

const files: FilePlatform = {
  async chooseOpenFile({ title, filters }) {
    const options = { title, filters, properties: ['openFile' as const] };
    const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  },
  async chooseSaveFile({ title, defaultName, filters }) {
    const options = { title, defaultPath: join(app.getPath('downloads'), defaultName), filters };
    const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
    return result.canceled ? null : (result.filePath ?? null);
  },
  async capturePng(rect) {
    if (!mainWindow) throw new Error('The console window is closed.');
    return (await mainWindow.webContents.capturePage(rect)).toPNG();
  },
};

function serveRenderer(csp: string): void {
  const root = join(import.meta.dirname, '../renderer');
  protocol.handle(APP_SCHEME, async (request) => {
    const file = appFileFor(request.url, root);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file.path);
      return new Response(body, { headers: { 'content-type': file.type, 'content-security-policy': csp } });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

async function createWindow(origins: ReturnType<typeof createAppOrigins>): Promise<void> {
  const stateStore = createWindowStateStore({
    file: join(app.getPath('userData'), 'window-state.json'),
    displays: () => screen.getAllDisplays().map((display) => display.workArea),
  });
  const state = await stateStore.load();
  const window = new BrowserWindow(
    mainWindowOptions({
      preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
      state,
      dark: nativeTheme.shouldUseDarkColors,
      devTools: !app.isPackaged,
    }),
  );
  mainWindow = window;
  hardenWebContents(window.webContents, { origins, openExternal: (url) => shell.openExternal(url) });
  stateStore.track(window);
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    mainWindow = null;
  });
  await window.loadURL(devServerUrl ?? APP_INDEX);
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  await app.whenReady();
  const origins = createAppOrigins({ devServerUrl, appOrigin: `${APP_SCHEME}://${APP_HOST}` });
  const csp = contentSecurityPolicy({ dev: Boolean(devServerUrl), devServerUrl });
  hardenSession(session.defaultSession, { csp });
  serveRenderer(csp);
  Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenu({ platform: process.platform, dev: !app.isPackaged })));

  core = createConsoleApp({
    dataDir: app.getPath('userData'),
    box: safeStorageBox(safeStorage),
    files,
    emit,
    isTrustedSender: ({ url }) => origins.isAppUrl(url),
    // The SQL the local backend applies and the prebuilt database a first start unpacks: shipped beside the app when
    // packaged, the repository's (and its build output's) in development.
    sql: sqlFilesFromDirectory(app.isPackaged ? join(process.resourcesPath, 'supabase') : join(app.getAppPath(), 'supabase')),
    localImage: app.isPackaged ? join(process.resourcesPath, 'local-db') : join(app.getAppPath(), 'out', 'local-db'),
  });
  for (const channel of channelNames) {
    ipcMain.handle(channel, (event, input: unknown) => core!.router.handle(channel, input, { url: event.senderFrame?.url ?? '' }));
  }

  // The screen locked or the machine sleeping: the console covers its window until the password (idle lock).
  powerMonitor.on('lock-screen', () => emit('session:lock', { reason: 'os_locked' }));
  powerMonitor.on('suspend', () => emit('session:lock', { reason: 'suspend' }));

  await createWindow(origins);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow(origins);
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let quitting = false;
app.on('before-quit', (event) => {
  // The local backend's database and the session are closed cleanly before the process ends.
  if (quitting || !core) return;
  event.preventDefault();
  quitting = true;
  void core.close().finally(() => app.quit());
});

main().catch((error: unknown) => {
  dialog.showErrorBox('HumanGlue Console could not start', error instanceof Error ? error.message : String(error));
  app.quit();
});
