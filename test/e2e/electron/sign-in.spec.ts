// The built app under a real Electron: window hardening, the preload's window.hg, the app:// protocol and the local
// backend together. Needs the Electron binary, which cannot be downloaded on every machine (ELECTRON_SKIP_BINARY_DOWNLOAD):
// without it the suite reports itself skipped, with the reason.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null; // "Electron failed to install correctly": the binary download was skipped
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
