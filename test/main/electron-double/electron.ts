// A TEST DOUBLE of the `electron` module — not Electron. test/main/electron-entry.test.ts runs the BUILT entry
// (out/main/index.js) under plain Node with this module answering `import … from 'electron'` (see register.ts),
// because no Electron binary exists on the machines that run the suite. It implements only what the entry uses,
// and it enforces the rules of Electron's documentation that the entry must follow, so that breaking one fails the
// test instead of failing only in the real app:
// - protocol.registerSchemesAsPrivileged only before `ready`, once (docs: protocol);
// - BrowserWindow, screen, session.defaultSession, safeStorage, dialogs and protocol.handle only after `ready`
//   (docs: "cannot be used until the ready event of the app module is emitted"); dialog.showErrorBox is the one
//   dialog allowed before it;
// - a second ipcMain.handle for one channel throws, as in Electron;
// - the window's webPreferences: contextIsolation true, sandbox true, nodeIntegration false, webSecurity not
//   false; the preload an absolute path to a file that exists, CommonJS (a sandboxed preload cannot be ESM) that
//   requires nothing but what a sandboxed preload may require;
// - loadURL of a custom scheme needs a handler for it (Electron fails with ERR_UNKNOWN_URL_SCHEME otherwise).
// The real app under Electron is test/e2e/electron (Playwright `_electron`), run where the binary exists.
//
// The test drives the double through the child process's IPC channel: it sends `ready`, `invoke` and `quit`, and
// the double reports what the app did (`window`, `invoke-result`, `violation`, `error-box`, `quit`…).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { Script } from 'node:vm';

type Report = { type: string } & Record<string, unknown>;

function report(message: Report): void {
  process.send?.(message);
}

/** A broken rule: reported to the test, and thrown at the caller as Electron would throw or misbehave. */
function violation(rule: string): never {
  report({ type: 'violation', rule });
  throw new Error(`[electron double] ${rule}`);
}

let isReady = false;
let readyResolve!: () => void;
const readyPromise = new Promise<void>((resolve) => {
  readyResolve = resolve;
});

function afterReady(what: string): void {
  if (!isReady) violation(`${what} used before the app's ready event`);
}

// ----- app

const paths = new Map<string, string>();
let quitState: 'running' | 'quitting' | 'quit' = 'running';

class App extends EventEmitter {
  readonly isPackaged = false;
  whenReady(): Promise<void> {
    return readyPromise;
  }
  isReady(): boolean {
    return isReady;
  }
  requestSingleInstanceLock(): boolean {
    return true;
  }
  setPath(name: string, value: string): void {
    paths.set(name, value);
  }
  getPath(name: string): string {
    const path = paths.get(name) ?? (name === 'downloads' ? join(process.env.HG_DOUBLE_HOME ?? '/tmp', 'Downloads') : undefined);
    if (!path) violation(`app.getPath('${name}') has no value in the double (set HG_USER_DATA_DIR)`);
    return path;
  }
  /** As `electron .` does: the folder of the package.json whose main is the built entry. */
  getAppPath(): string {
    const root = process.env.HG_DOUBLE_APP_PATH;
    if (!root) violation('HG_DOUBLE_APP_PATH is not set');
    return root;
  }
  /** Electron: before-quit (preventable) → windows close → will-quit (preventable) → quit, then the process ends. */
  quit(): void {
    if (quitState !== 'running') return;
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    report({ type: 'before-quit', prevented });
    if (prevented) return;
    quitState = 'quitting';
    // app.quit() closes the windows without emitting window-all-closed (docs: app, event 'window-all-closed').
    for (const window of [...windows]) window.close();
    let willQuitPrevented = false;
    this.emit('will-quit', { preventDefault: () => (willQuitPrevented = true) });
    if (willQuitPrevented) {
      quitState = 'running';
      return;
    }
    quitState = 'quit';
    this.emit('quit', {}, 0);
    report({ type: 'quit' });
    // Electron ends the process here. The double instead only lets go of the test's channel, so that the test sees
    // whether anything the app left running (a database, a timer, a socket) would keep Node alive.
    setImmediate(() => process.disconnect?.());
  }
}

export const app = new App();

// ----- protocol

const privileged = new Map<string, Record<string, boolean>>();
const handlers = new Map<string, (request: Request) => Promise<Response> | Response>();
let schemesRegistered = false;

export const protocol = {
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges?: Record<string, boolean> }>): void {
    if (isReady) violation('protocol.registerSchemesAsPrivileged called after ready');
    if (schemesRegistered) violation('protocol.registerSchemesAsPrivileged called twice');
    schemesRegistered = true;
    for (const { scheme, privileges } of schemes) privileged.set(scheme, { ...privileges });
    report({ type: 'schemes', schemes: Object.fromEntries(privileged) });
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response): void {
    afterReady('protocol.handle');
    if (handlers.has(scheme)) violation(`protocol.handle('${scheme}') called twice`);
    handlers.set(scheme, handler);
  },
  isProtocolHandled(scheme: string): boolean {
    return handlers.has(scheme);
  },
};

// ----- ipcMain

const ipcHandlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();

export const ipcMain = {
  handle(channel: string, listener: (event: unknown, ...args: unknown[]) => unknown): void {
    // Electron's own message for the same mistake.
    if (ipcHandlers.has(channel)) violation(`Attempted to register a second handler for '${channel}'`);
    ipcHandlers.set(channel, listener);
  },
  removeHandler(channel: string): void {
    ipcHandlers.delete(channel);
  },
};

// ----- BrowserWindow and its webContents

const windows = new Set<BrowserWindow>();
const SANDBOXED_PRELOAD_MODULES = new Set(['electron', 'events', 'timers', 'url']);

function checkPreload(path: unknown): void {
  if (typeof path !== 'string' || !isAbsolute(path)) violation('webPreferences.preload must be an absolute path');
  if (!existsSync(path)) violation(`the preload ${path} does not exist`);
  const code = readFileSync(path, 'utf8');
  try {
    // Compiled as a CommonJS function body: an ES module's import/export is a syntax error here.
    new Script(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, { filename: path });
  } catch (error) {
    violation(`the preload ${path} is not CommonJS: ${error instanceof Error ? error.message : String(error)}`);
  }
  for (const [, name] of code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)) {
    if (!SANDBOXED_PRELOAD_MODULES.has(name!)) violation(`a sandboxed preload cannot require '${name}'`);
  }
}

class WebContents extends EventEmitter {
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  private destroyed = false;
  send(channel: string, payload: unknown): void {
    if (this.destroyed) violation('webContents.send on a destroyed window');
    this.sent.push({ channel, payload });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  async capturePage(): Promise<{ toPNG(): Buffer }> {
    return { toPNG: () => Buffer.alloc(0) };
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

interface WindowOptions {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  show?: boolean;
  webPreferences?: Record<string, unknown>;
}

export class BrowserWindow extends EventEmitter {
  static getAllWindows(): BrowserWindow[] {
    return [...windows];
  }

  readonly webContents = new WebContents();
  private bounds: { x: number; y: number; width: number; height: number };
  private destroyed = false;
  private visible: boolean;
  private maximized = false;

  constructor(options: WindowOptions = {}) {
    super();
    afterReady('new BrowserWindow');
    const prefs = options.webPreferences ?? {};
    if (prefs.contextIsolation !== true) violation('webPreferences.contextIsolation must be true');
    if (prefs.sandbox !== true) violation('webPreferences.sandbox must be true');
    if (prefs.nodeIntegration !== false) violation('webPreferences.nodeIntegration must be false');
    if (prefs.webSecurity === false) violation('webPreferences.webSecurity must not be false');
    checkPreload(prefs.preload);
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 800, height: options.height ?? 600 };
    this.visible = options.show !== false;
    windows.add(this);
    report({ type: 'window', webPreferences: prefs });
  }

  async loadURL(url: string): Promise<void> {
    if (this.destroyed) violation('loadURL on a destroyed window');
    const scheme = new URL(url).protocol.slice(0, -1);
    const handler = handlers.get(scheme);
    if (!handler && !['http', 'https', 'file'].includes(scheme)) violation(`ERR_UNKNOWN_URL_SCHEME: nothing handles ${scheme}://`);
    // The page itself, as the window would request it through the app's protocol handler.
    const response = handler ? await handler(new Request(url)) : undefined;
    const body = response ? await response.text() : '';
    report({
      type: 'window-loaded',
      url,
      status: response?.status ?? null,
      contentType: response?.headers.get('content-type') ?? null,
      csp: response?.headers.get('content-security-policy') ?? null,
      hasRoot: body.includes('id="root"'),
    });
    setImmediate(() => this.emit('ready-to-show'));
  }

  show(): void {
    this.visible = true;
    report({ type: 'window-shown' });
  }
  isVisible(): boolean {
    return this.visible;
  }
  focus(): void {}
  restore(): void {}
  isMinimized(): boolean {
    return false;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  getBounds() {
    return { ...this.bounds };
  }
  getNormalBounds() {
    return { ...this.bounds };
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  close(): void {
    if (this.destroyed) return;
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    this.destroy();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroy();
    windows.delete(this);
    this.emit('closed');
    if (windows.size === 0 && quitState === 'running') app.emit('window-all-closed');
  }
}

// ----- the rest the entry touches

const defaultSession = {
  permissionRequestHandler: undefined as unknown,
  permissionCheckHandler: undefined as unknown,
  headersListener: undefined as unknown,
  setPermissionRequestHandler(handler: unknown) {
    this.permissionRequestHandler = handler;
  },
  setPermissionCheckHandler(handler: unknown) {
    this.permissionCheckHandler = handler;
  },
  webRequest: {
    onHeadersReceived(listener: unknown) {
      defaultSession.headersListener = listener;
    },
  },
};

export const session = {
  get defaultSession() {
    afterReady('session.defaultSession');
    return defaultSession;
  },
};

export const screen = {
  getAllDisplays() {
    afterReady('screen.getAllDisplays');
    return [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }];
  },
};

// safeStorage: a keychain of the double's own (AES-256-GCM under a key held in memory), usable only after ready.
const keychainKey = randomBytes(32);
export const safeStorage = {
  isEncryptionAvailable(): boolean {
    afterReady('safeStorage.isEncryptionAvailable');
    return true;
  },
  getSelectedStorageBackend(): string {
    afterReady('safeStorage.getSelectedStorageBackend');
    return 'gnome_libsecret';
  },
  encryptString(plain: string): Buffer {
    afterReady('safeStorage.encryptString');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', keychainKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  },
  decryptString(data: Buffer): string {
    afterReady('safeStorage.decryptString');
    const decipher = createDecipheriv('aes-256-gcm', keychainKey, data.subarray(0, 12));
    decipher.setAuthTag(data.subarray(12, 28));
    return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
  },
};

export const dialog = {
  async showOpenDialog() {
    afterReady('dialog.showOpenDialog');
    return { canceled: true, filePaths: [] };
  },
  async showSaveDialog() {
    afterReady('dialog.showSaveDialog');
    return { canceled: true };
  },
  /** The one dialog Electron allows before ready; the entry shows it when it cannot start. */
  showErrorBox(title: string, content: string): void {
    report({ type: 'error-box', title, content });
  },
};

export const Menu = {
  buildFromTemplate(template: unknown[]) {
    return { items: template };
  },
  setApplicationMenu(menu: unknown): void {
    report({ type: 'menu', items: (menu as { items: unknown[] } | null)?.items.length ?? 0 });
  },
};

// powerMonitor: an EventEmitter usable only after ready, as Electron documents; the test can fire 'lock-screen'.
class PowerMonitor extends EventEmitter {
  override on(event: string, listener: (...args: unknown[]) => void): this {
    afterReady(`powerMonitor.on('${event}')`);
    return super.on(event, listener);
  }
}
export const powerMonitor = new PowerMonitor();

export const nativeTheme = { shouldUseDarkColors: false };

export const shell = {
  async openExternal(url: string): Promise<void> {
    report({ type: 'open-external', url });
  },
};

export default { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, powerMonitor, protocol, safeStorage, screen, session, shell };

// ----- what the test drives

type Command = { type: 'ready' } | { type: 'invoke'; id: number; channel: string; input: unknown; senderUrl: string } | { type: 'quit' };

process.on('message', (command: Command) => {
  if (command.type === 'ready') {
    if (isReady) return;
    isReady = true;
    report({ type: 'ready' });
    app.emit('ready', {}, {});
    readyResolve();
    return;
  }
  if (command.type === 'invoke') {
    const handler = ipcHandlers.get(command.channel);
    if (!handler) {
      report({ type: 'invoke-result', id: command.id, missing: true });
      return;
    }
    const [window] = windows;
    // What ipcMain.handle's listener gets: the sender's webContents and the frame that sent the message.
    const event = { sender: window?.webContents, senderFrame: { url: command.senderUrl }, processId: 1, frameId: 1 };
    Promise.resolve()
      .then(() => handler(event, command.input))
      .then(
        (result) => report({ type: 'invoke-result', id: command.id, result }),
        (error: unknown) => report({ type: 'invoke-result', id: command.id, thrown: String(error) }),
      );
    return;
  }
  if (command.type === 'quit') app.quit();
});

report({ type: 'double-loaded' });
