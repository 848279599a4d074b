// The Electron entry (electron/main/index.ts), as BUILT (out/main/index.js), run under plain Node with a TEST DOUBLE
// of the `electron` module (./electron-double/electron.ts) — NOT under Electron: the machines that run this suite
// have no Electron binary. The double enforces the ordering and security rules of Electron's documentation that
// the entry must follow (schemes registered before ready; windows, safeStorage, screen, session and protocol.handle
// only after; the window's webPreferences; a CommonJS preload that exists), and this test drives the entry through
// it: start → ready → the window → one IPC call from the app's page → quit, then checks the process ends by itself
// with nothing logged. What the double cannot show (Chromium, the real preload bridge, real IPC) is covered by the
// real-Electron suite, test/e2e/electron, wherever the binary exists.
//
// `npm test` builds before Vitest; run alone, build first: `npx electron-vite build`.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const ENTRY = join(ROOT, 'out/main/index.js');
const REGISTER = fileURLToPath(new URL('./electron-double/register.ts', import.meta.url));
const APP_PAGE = 'app://console/index.html';

type Report = { type: string } & Record<string, unknown>;

/** The built entry in a Node child whose `electron` is the double, and what it reports. */
function launch(userData: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, HG_USER_DATA_DIR: userData, HG_DOUBLE_APP_PATH: ROOT };
  // The default the person gets: the local backend, no dev server.
  delete env.HG_SUPABASE_URL;
  delete env.HG_SUPABASE_ANON_KEY;
  delete env.ELECTRON_RENDERER_URL;
  const child: ChildProcess = fork(ENTRY, [], {
    cwd: ROOT,
    env,
    execArgv: ['--import', REGISTER],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const reports: Report[] = [];
  const waiters: Array<{ match: (report: Report) => boolean; resolve: (report: Report) => void }> = [];
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.on('message', (message: Report) => {
    reports.push(message);
    for (const waiter of waiters.filter((w) => w.match(message))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(message);
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    reports,
    exited,
    output: () => output,
    next(type: string, match: (report: Report) => boolean = () => true): Promise<Report> {
      const seen = reports.find((report) => report.type === type && match(report));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ match: (report) => report.type === type && match(report), resolve });
        void exited.then(({ code, signal }) => {
          const broken = reports.filter((report) => ['violation', 'error-box'].includes(report.type));
          reject(new Error(`the entry exited (${code ?? signal}) before '${type}': ${JSON.stringify(broken)}\n${output}`));
        });
      });
    },
    send(command: Record<string, unknown>) {
      child.send(command);
    },
  };
}

let userData: string;
let running: ReturnType<typeof launch> | undefined;

beforeAll(async () => {
  if (!existsSync(ENTRY))
    throw new Error('out/main/index.js is missing: `npm test` builds before Vitest; alone, run `npx electron-vite build` first.');
  userData = await mkdtemp(join(tmpdir(), 'hg-entry-'));
});
afterAll(async () => {
  if (running && running.child.exitCode === null) running.child.kill('SIGKILL');
  await rm(userData, { recursive: true, force: true });
});

describe('the built Electron entry, under a test double of electron', () => {
  it(
    'registers its scheme before ready, opens one hardened window, answers the app page over IPC and quits cleanly',
    { timeout: 240_000 },
    async () => {
      const entry = (running = launch(userData));
      // As Electron does, ready comes as soon as the main script has run (the double's message arrives after the
      // entry module's synchronous evaluation); whatever must happen before it has happened by then.
      await entry.next('double-loaded');
      entry.send({ type: 'ready' });
      await entry.next('ready');
      expect(entry.reports.map((report) => report.type).slice(0, 3)).toEqual(['double-loaded', 'schemes', 'ready']);
      expect(entry.reports[1]!.schemes).toEqual({ app: { standard: true, secure: true, supportFetchAPI: true } });

      const window = await entry.next('window');
      expect(window.webPreferences).toMatchObject({
        preload: join(ROOT, 'out/preload/index.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
      });
      // The window loads the app's page through its own protocol handler, with the CSP on the response.
      const loaded = await entry.next('window-loaded');
      expect(loaded).toMatchObject({ url: APP_PAGE, status: 200, contentType: expect.stringMatching(/^text\/html/), hasRoot: true });
      expect(loaded.csp).toMatch(/default-src 'none'/);
      await entry.next('window-shown');

      // One call as the page would make it: ipcMain.handle's listener with a sender frame on the app's URL. It waits
      // for the local backend's first start (migrations and demo data), then answers from the real core.
      entry.send({ type: 'invoke', id: 1, channel: 'auth:status', input: {}, senderUrl: APP_PAGE });
      const answer = await entry.next('invoke-result', (report) => report.id === 1);
      expect(answer.result).toMatchObject({
        ok: true,
        value: { state: 'signed_out', backend: { kind: 'local', host: null }, session_storage: 'encrypted' },
      });

      // Quit: the entry holds the first before-quit to close the core, then quits for real; the window closes.
      entry.send({ type: 'quit' });
      const { code, signal } = await entry.exited;
      const quitting = entry.reports.filter((report) => ['before-quit', 'quit'].includes(report.type));
      expect(quitting).toEqual([{ type: 'before-quit', prevented: true }, { type: 'before-quit', prevented: false }, { type: 'quit' }]);
      // Ended by itself once the double let go of the test's channel: nothing left open (database, timers, sockets).
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(entry.reports.filter((report) => ['violation', 'error-box'].includes(report.type))).toEqual([]);
      expect(entry.output()).toBe('');
      // Closing the window remembered its bounds for the next start.
      expect(JSON.parse(await readFile(join(userData, 'window-state.json'), 'utf8'))).toMatchObject({ maximized: false });
    },
  );
});
