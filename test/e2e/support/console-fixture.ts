// The end-to-end fixture: per test, a data folder copied from the template, the real console core (router,
// services, supabase-js, the local PGlite backend) in the test process, and a Chromium page whose window.hg
// forwards to that router. `restart()` builds a new core on the same folder, as quitting and reopening would.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { test as base, expect, type Page } from '@playwright/test';
import type { AxeResults } from 'axe-core';
import { createConsoleApp, type ConsoleApp } from '../../../electron/main/app/console-app.js';
import type { FilePlatform } from '../../../electron/main/files/platform.js';
import { PGLITE_EXTENSIONS } from '../../../electron/main/local-backend/pglite-executor.js';
import { totpCode } from '../../../electron/main/local-backend/gotrue-mfa.js';
import { fakeBox } from '../../main/fake-box.js';
import { faultyFetch, type FaultyFetch } from '../../support/faulty-fetch.js';
import { BRIDGE_FILE, SCREENSHOT_DIR, TEMPLATE_DIR, WORK_DIR } from './paths.js';
import { serveRenderer } from './static-server.js';

export const DEMO_PASSWORD = 'HumanGlue-demo-2026!';

export interface TestFiles extends FilePlatform {
  /** The next file the "open" dialog returns (null: the person cancels). */
  nextOpen: string | null;
  /** Every path the "save" dialog handed out, newest last. */
  saved: string[];
}

export interface ConsoleHarness {
  page: Page;
  dataDir: string;
  files: TestFiles;
  /** The network between the core and its backend: faults injected at chosen calls, every call recorded. */
  faults: FaultyFetch;
  core(): ConsoleApp;
  /** Opens the app and waits for data-app-state="ready". */
  open(): Promise<void>;
  /** A new core on the same data folder, and the page reloaded: what quitting and reopening the app does. */
  restart(): Promise<void>;
  signIn(email: string, password?: string): Promise<void>;
  /**
   * Works on the database directly, as something outside the console would (another staff member, an operator):
   * the core is closed for it and started again afterwards; the page is not reloaded.
   */
  withDatabase(work: (db: PGlite) => Promise<void>): Promise<void>;
  /** Does `work` to the local backend's data folder (pgdata) while no core has it open: what a crash or a full disk
   * might leave behind. The core is started again afterwards; the page is not reloaded. */
  withCoreClosed(work: (pgdata: string) => Promise<void>): Promise<void>;
  /** Writes test-results/screenshots/<name>-<theme>.png in light and dark, and runs axe in each theme. */
  checkScreen(name: string): Promise<void>;
  /**
   * The second factor, as a person with an authenticator app answers it: while `auto` is on (the default) the
   * "Confirm it is you" prompt is completed whenever it appears: set-up (reading the key the dialog shows) or a code.
   * Tests of the prompt itself turn it off. Codes are computed from the key, each time step once (the gateway
   * refuses a replay).
   */
  secondFactor: { auto: boolean; secret: string | null; code(): Promise<string>; /** How many prompts were answered. */ answered: number };
}

function testFiles(dataDir: string, page: Page): TestFiles {
  const files: TestFiles = {
    nextOpen: null,
    saved: [],
    chooseOpenFile: async () => files.nextOpen,
    async chooseSaveFile(options) {
      const path = join(dataDir, 'exports', `${files.saved.length + 1}-${options.defaultName}`);
      await mkdir(join(dataDir, 'exports'), { recursive: true });
      files.saved.push(path);
      return path;
    },
    capturePng: (rect) => page.screenshot({ clip: rect }),
  };
  return files;
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's violations on the page (every rule, or only `rules`). The same engine and rules as @axe-core/playwright,
 * whose builder injects axe's 500 kB source again for each analysis (about a second each, some 140 times a run): here
 * it is injected once per page load, through evaluate (as the builder does, so the app's CSP does not apply), and
 * only violations are collected.
 */
async function axeViolations(page: Page, rules: string[] | null): Promise<AxeResults['violations']> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    (only) =>
      (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe
        .run(document, { resultTypes: ['violations'], ...(only ? { runOnly: { type: 'rule', values: only } } : {}) })
        .then((results) => results.violations),
    rules,
  );
}

/** The most one teardown step may take: closing the core waits up to 15 s for calls still running, then closes the
 * session and the database. */
const TEARDOWN_STEP_MS = 25_000;

export const test = base.extend<{ app: ConsoleHarness }>({
  app: [
    async ({ page }, use) => {
      await mkdir(WORK_DIR, { recursive: true });
      const dataDir = await mkdtemp(join(WORK_DIR, 'data-'));
      await cp(TEMPLATE_DIR, dataDir, { recursive: true });
      const server = await serveRenderer();
      const box = fakeBox('keychain', randomBytes(32));
      const files = testFiles(dataDir, page);
      const faults = faultyFetch();
      const isTrustedSender = ({ url }: { url: string }) => {
        try {
          return new URL(url).origin === server.origin;
        } catch {
          return false;
        }
      };

      let core: ConsoleApp;
      // What the core logs while it closes (teardown, restart, withDatabase): nothing is expected. A call still
      // running when the local backend closes would log "fetch failed: the local backend is closed" here.
      let closingLog: unknown[] | undefined;
      const closeCore = async () => {
        const logged: unknown[] = [];
        closingLog = logged;
        try {
          await core.close();
        } finally {
          closingLog = undefined;
        }
        // A call the page makes once closing has begun is refused as "closing" (the page stays open in restart and
        // withDatabase): that refusal is the intended answer, anything else is not.
        const closingRefusal = (entry: unknown) =>
          (entry as { error?: unknown }).error instanceof Error && (entry as { error: Error }).error.message === 'The console is closing.';
        expect(
          logged.filter((entry) => !closingRefusal(entry)),
          'logged while the core closed',
        ).toEqual([]);
      };
      const startCore = () => {
        core = createConsoleApp({
          dataDir,
          box,
          files,
          wrapFetch: faults.wrap,
          isTrustedSender,
          env: {},
          emit: (event, payload) => {
            page.evaluate(([name, body]) => window.__hgDispatch?.(name, body), [`event:${event}`, payload] as const).catch(() => undefined);
          },
          log: (entry) => closingLog?.push(entry),
        });
      };
      startCore();

      await page.exposeBinding('__hgInvoke', ({ frame }, channel: unknown, input: unknown) =>
        core.router.handle(channel, input, { url: frame.url() }),
      );
      await page.addInitScript({ content: await readFile(BRIDGE_FILE, 'utf8') });

      // Each time step is accepted once per factor, so the steps used are kept per key.
      const lastSteps = new Map<string, number>();
      const secondFactor: ConsoleHarness['secondFactor'] = {
        auto: true,
        secret: null,
        answered: 0,
        async code() {
          if (!secondFactor.secret) throw new Error('no second factor set up in this test yet');
          // The current step unless it was used; then the next one (accepted up to one step early); when both are
          // spent, wait for the window to move on, as a person waits for the app's next code.
          const step = Math.max(Math.floor(Date.now() / 30_000), (lastSteps.get(secondFactor.secret) ?? 0) + 1);
          const usableFrom = (step - 1) * 30_000 + 500;
          if (Date.now() < usableFrom) await new Promise((resolve) => setTimeout(resolve, usableFrom - Date.now()));
          lastSteps.set(secondFactor.secret, step);
          return totpCode(secondFactor.secret, new Date(step * 30_000 + 1_000));
        },
      };
      const prompt = page.getByRole('dialog', { name: 'Confirm it is you' });
      await page.addLocatorHandler(
        prompt,
        async () => {
          if (!secondFactor.auto) return;
          const setUp = prompt.getByRole('button', { name: 'Show the QR code' });
          const confirm = prompt.getByRole('button', { name: 'Confirm', exact: true });
          // The prompt first asks main whether a factor exists: wait for its answer before choosing.
          await expect(setUp.or(confirm)).toBeVisible();
          if (await setUp.isVisible()) {
            await setUp.click();
            secondFactor.secret = (await prompt.getByLabel('Setup key').textContent())!.replace(/\s+/g, '');
            await prompt.getByLabel('Code from your authenticator app').fill(await secondFactor.code());
            await prompt.getByRole('button', { name: 'Verify and turn on' }).click();
          } else {
            await prompt.getByLabel('Code from your authenticator app').fill(await secondFactor.code());
            await confirm.click();
          }
          await expect(prompt).toBeHidden();
          secondFactor.answered += 1;
        },
        { noWaitAfter: true },
      );

      const harness: ConsoleHarness = {
        page,
        secondFactor,
        dataDir,
        files,
        faults,
        core: () => core,
        async open() {
          await page.goto(`${server.origin}/`);
          await expect(page.locator('[data-app-state="ready"]')).toBeVisible({ timeout: 30_000 });
        },
        async restart() {
          await closeCore();
          startCore();
          await page.reload();
          await expect(page.locator('[data-app-state="ready"]')).toBeVisible({ timeout: 30_000 });
        },
        async signIn(email, password = DEMO_PASSWORD) {
          await page.getByLabel('Email').fill(email);
          await page.getByLabel('Password').fill(password);
          await page.getByRole('button', { name: 'Sign in' }).click();
        },
        async withDatabase(work) {
          await closeCore();
          const db = await PGlite.create({ dataDir: join(dataDir, 'local-backend', 'pgdata'), extensions: PGLITE_EXTENSIONS });
          try {
            await work(db);
          } finally {
            await db.close();
            startCore();
          }
        },
        async withCoreClosed(work) {
          await closeCore();
          try {
            await work(join(dataDir, 'local-backend', 'pgdata'));
          } finally {
            startCore();
          }
        },
        async checkScreen(name) {
          await mkdir(SCREENSHOT_DIR, { recursive: true });
          for (const colorScheme of ['light', 'dark'] as const) {
            await page.emulateMedia({ colorScheme });
            await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${colorScheme}.png`), fullPage: true });
            // every rule in the light theme; in the dark one, what the theme changes: contrast (the full set again
            // found no violation on any of the suite's screens, and cost it about a minute).
            const violations = await axeViolations(page, colorScheme === 'light' ? null : ['color-contrast']);
            const serious = violations
              .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
              .map(
                (violation) =>
                  `${violation.id} (${colorScheme}): ${violation.help} — ${violation.nodes
                    .map((node) => node.target.join(' '))
                    .slice(0, 5)
                    .join(', ')}`,
              );
            expect(serious, `accessibility on ${name}`).toEqual([]);
          }
          await page.emulateMedia({ colorScheme: null });
        },
      };

      await use(harness);
      // The page first: its last calls would otherwise reach a core that is closing. Each step is bounded and named,
      // so a teardown that hangs says where (the core also logs which of its closing steps it waits for).
      await base.step('close the page', () => page.close(), { timeout: TEARDOWN_STEP_MS });
      try {
        await base.step('close the console core', closeCore, { timeout: TEARDOWN_STEP_MS });
      } finally {
        await base.step('stop the renderer server', () => server.close(), { timeout: TEARDOWN_STEP_MS });
      }
    },
    // The fixture's own time (copying the database, closing the core) is its own, not the test body's 60 s.
    { timeout: 60_000 },
  ],
});

export { expect };
