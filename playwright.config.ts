// End-to-end suite: the built renderer in Debian's Chromium, the console core in the test process
// (test/e2e/support/console-fixture.ts). `npm test` builds first; `npm run test:e2e` runs this alone.
import { defineConfig } from '@playwright/test';

const executablePath = process.env.HG_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'test/e2e',
  globalSetup: './test/e2e/support/global-setup.ts',
  outputDir: 'test-results/e2e',
  fullyParallel: true,
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  projects: [
    // The renderer in Chromium with the console core in the test process: runs everywhere.
    { name: 'chromium', testIgnore: ['electron/**'] },
    // The packaged shape under a real Electron: runs where the binary exists, reports itself skipped otherwise.
    { name: 'electron', testMatch: ['electron/**/*.spec.ts'] },
  ],
  use: {
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
