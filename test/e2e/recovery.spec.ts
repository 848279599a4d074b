// What a person meets after a crash or a full disk damaged the local demo database (issue 20): the start says the
// database is damaged instead of failing blankly, and offers to rebuild the demo data, which keeps the damaged copy.
import { readdir, truncate } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { expect, test } from './support/console-fixture.js';

test('a damaged local database is reported at start; rebuilding the demo data keeps the damaged copy and signs in again', async ({
  app,
}) => {
  test.setTimeout(180_000);
  // the catalogue of tables, cut short: nothing opens without it
  let backendDir = '';
  await app.withCoreClosed(async (pgdata) => {
    backendDir = dirname(pgdata);
    await truncate(join(pgdata, 'base', '5', '1259'), 100);
  });
  await app.open();
  const page = app.page;
  await expect(page.getByRole('heading', { name: 'The console cannot reach its data' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'The local demo database is damaged' })).toContainText(
    'Rebuild the demo data to start again; the damaged copy is kept beside it, not deleted.',
  );
  await app.checkScreen('damaged-database');

  await page.getByRole('button', { name: 'Rebuild the demo data' }).click();
  await expect(page.getByLabel('Email')).toBeVisible({ timeout: 120_000 });
  expect((await readdir(backendDir)).filter((name) => name.startsWith('pgdata.damaged-'))).toHaveLength(1);
  await app.signIn('finance@humanglue.dev');
  await expect(page.getByRole('heading', { level: 1, name: 'Payments' })).toBeVisible();
  await expect(page.locator('tr[data-row-id]').first()).toBeVisible();
});
