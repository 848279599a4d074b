// The built app under a real Electron: window hardening, the preload's window.hg, the app:// protocol and the local
// backend together. Needs the Electron binary, which cannot be downloaded on every machine (ELECTRON_SKIP_BINARY_DOWNLOAD):
// without it the suite reports itself skipped, with the reason.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

/** The installed Electron executable, or null. Read from the package's path.txt rather than by requiring
 * `electron`: that require tries to download a missing binary, which is slow and needs the network. */
function electronBinary(): string | null {
  try {
    const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const relative = readFileSync(join(dir, 'path.txt'), 'utf8').trim();
    const path = join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(dir, 'dist'), relative);
    return existsSync(path) ? path : null;
  } catch {
    return null; // no path.txt: the binary download was skipped at install
  }
}

const binary = electronBinary();

test.describe('the desktop app', () => {
  test.skip(!binary, 'No Electron binary on this machine (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1).');

  test('opens hardened on the local backend and signs a moderator in', async () => {
    const userData = await mkdtemp(join(tmpdir(), 'hg-electron-'));
    const app = await electron.launch({
      executablePath: binary!,
      args: ['out/main/index.js'],
      env: { ...process.env, HG_USER_DATA_DIR: userData },
    });
    try {
      const page = await app.firstWindow();
      await expect(page.locator('[data-app-state="ready"]')).toBeVisible({ timeout: 60_000 });
      expect(page.url()).toBe('app://console/index.html');
      // The page sees window.hg and nothing of Node.
      expect(await page.evaluate(() => Object.keys(window.hg).sort())).toEqual(['invoke', 'on']);
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');

      await page.getByLabel('Email').fill('moderator@humanglue.dev');
      await page.getByLabel('Password').fill('HumanGlue-demo-2026!');
      await page.getByRole('button', { name: 'Sign in' }).click();
      const nav = page.getByRole('navigation');
      await expect(nav.getByRole('link', { name: 'Moderation' })).toBeVisible();
      await expect(nav.getByRole('link', { name: 'Payments' })).toHaveCount(0);

      // Navigation away from the app is refused by the window's guards.
      await page.evaluate(() => {
        window.location.href = 'https://example.com/';
      });
      // Proving that something does not happen needs a bound: half a second is far beyond a local navigation.
      await page.waitForTimeout(500);
      expect(page.url()).toMatch(/^app:\/\/console\/index\.html(#.*)?$/);
      await expect(nav.getByRole('link', { name: 'Moderation' })).toBeVisible();
    } finally {
      await app.close();
      await rm(userData, { recursive: true, force: true });
    }
  });
});
