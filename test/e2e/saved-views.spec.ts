// Shared saved views over the real console core and the seeded local database: finance saves the payments filters,
// sort and columns as a view shared with finance; the second finance person finds and applies it but may not change
// it; a moderator never sees a finance view; an admin may delete one; the owner renames and deletes theirs. A view
// saved by an older version opens with what still applies and names the rest; a default view opens the screen when
// this computer keeps no state of its own for it.
import type { Page } from '@playwright/test';
import { expect, test, type ConsoleHarness } from './support/console-fixture.js';

const FINANCE = 'finance@humanglue.dev';
const FINANCE2 = 'finance2@humanglue.dev';

// Four people sign in one after another, and the menu and dialog are photographed in both themes.
test.describe.configure({ timeout: 120_000 });

const viewsButton = (page: Page) => page.getByRole('button', { name: /^Views/ });
const menu = (page: Page) => page.getByRole('group', { name: 'Saved views' });
const statusFilter = (page: Page) =>
  page.getByRole('search', { name: 'Filter payments' }).getByRole('button', { name: 'Status', exact: true });
const payerHeader = (page: Page) => page.getByRole('table', { name: 'Payments' }).getByRole('columnheader', { name: 'Payer' });

async function openMenu(page: Page) {
  if ((await viewsButton(page).getAttribute('aria-expanded')) !== 'true') await viewsButton(page).click();
  await expect(menu(page)).toBeVisible();
  return menu(page);
}

/** The actions of one view in the menu's `region` ("Your views", "Shared with you"), shown if they were not. */
async function actionsFor(page: Page, region: string, view: string) {
  const list = (await openMenu(page)).getByRole('region', { name: region });
  const toggle = list.getByRole('button', { name: `Actions for “${view}”` });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  return list.getByRole('group', { name: `Actions for “${view}”` });
}

async function section(page: Page, name: string) {
  await page.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

/** Another person, as on a shared computer: the screens' own state on it is the last person's, so it is cleared. */
async function switchTo(app: ConsoleHarness, email: string) {
  await app.page.getByRole('button', { name: 'Sign out' }).click();
  await app.page.evaluate(() => localStorage.clear());
  await app.signIn(email);
  await expect(app.page.getByRole('navigation', { name: 'Sections' })).toBeVisible();
}

async function saveView(page: Page, name: string, shareWith: string) {
  await (await openMenu(page)).getByRole('button', { name: 'Save view…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save view' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Share with').selectOption({ label: shareWith });
  return dialog;
}

test('a view finance shares with finance: the second finance person applies it, a moderator never sees one, an admin and the owner may delete', async ({
  app,
}) => {
  await app.open();
  await app.signIn(FINANCE);
  const page = app.page;
  await expect(page.getByRole('heading', { level: 1, name: 'Payments' })).toBeVisible();

  // Succeeded payments with HG- invoices, the payer column hidden, largest first.
  await statusFilter(page).click();
  await page.getByRole('checkbox', { name: 'Succeeded' }).check();
  await page.keyboard.press('Escape');
  await page.getByLabel('Search').fill('HG-20');
  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByRole('checkbox', { name: 'Payer' }).uncheck();
  await page.getByRole('button', { name: 'Columns' }).click();
  const amount = page.getByRole('columnheader', { name: 'Amount' });
  await amount.getByRole('button').click();
  await expect(amount).toHaveAttribute('aria-sort', /ending$/);
  const sorted = (await amount.getAttribute('aria-sort'))!;
  await expect(payerHeader(page)).toHaveCount(0);

  const dialog = await saveView(page, 'Succeeded HG invoices', 'Finance');
  await app.checkScreen('views-save-dialog');
  await dialog.getByRole('button', { name: 'Save view' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'View “Succeeded HG invoices” saved.' })).toBeVisible();
  await expect(viewsButton(page)).toHaveText('Views · Succeeded HG invoices');

  // The same name in other letters is refused at the field, in the database's words; what was typed stays.
  const again = await saveView(page, 'succeeded hg invoices', 'Only me (private)');
  await again.getByRole('button', { name: 'Save view' }).click();
  await expect(again.getByRole('alert')).toContainText('you already have a view called "succeeded hg invoices" on this screen');
  await expect(again.getByLabel('Name')).toHaveValue('succeeded hg invoices');
  await again.getByRole('button', { name: 'Cancel' }).click();

  const mine = (await openMenu(page)).getByRole('region', { name: 'Your views' });
  await expect(mine.getByRole('button', { name: /^Succeeded HG invoices/ })).toContainText('Shared with Finance');
  await app.checkScreen('views-menu');
  await page.keyboard.press('Escape');

  // A finance view on the audit log too, a screen moderators open as well.
  await section(page, 'Audit log');
  await page.getByLabel('Action').fill('refund.create');
  // The filter applies after a pause in typing, and only then is there something to save: wait until it has.
  await expect(page.getByRole('button', { name: 'Clear filters' })).toBeVisible();
  await (await saveView(page, 'Refund requests', 'Finance')).getByRole('button', { name: 'Save view' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'View “Refund requests” saved.' })).toBeVisible();

  // The second finance person: listed as shared, with whose it is; applied, it sets status, search, sort and columns.
  await switchTo(app, FINANCE2);
  await section(page, 'Payments');
  await expect(payerHeader(page)).toBeVisible();
  const shared = (await openMenu(page)).getByRole('region', { name: 'Shared with you' });
  const item = shared.getByRole('button', { name: /^Succeeded HG invoices/ });
  await expect(item).toContainText('Shared with Finance · Felix Brandt');
  const offered = await actionsFor(page, 'Shared with you', 'Succeeded HG invoices');
  await expect(offered.getByRole('button')).toHaveText(['Make it my default']);
  await app.checkScreen('views-menu-shared');
  await item.click();
  await expect(menu(page)).toBeHidden();
  await expect(page.getByLabel('Search')).toHaveValue('HG-20');
  await expect(statusFilter(page)).toHaveAccessibleDescription('Succeeded');
  await expect(payerHeader(page)).toHaveCount(0);
  await expect(amount).toHaveAttribute('aria-sort', sorted);

  // A moderator sees no finance view, and cannot even list the payments screen's views.
  await switchTo(app, 'moderator@humanglue.dev');
  await section(page, 'Audit log');
  await expect((await openMenu(page)).getByText('No saved views yet.')).toBeVisible();
  const listed = await app.core().router.handle('views:list', { screen: 'payments' }, { url: page.url() });
  expect(listed).toMatchObject({ ok: false, error: { code: 'forbidden' } });

  // An admin sees every shared view, and may delete one that is not theirs.
  await switchTo(app, 'admin@humanglue.dev');
  await section(page, 'Audit log');
  await (await actionsFor(page, 'Shared with you', 'Refund requests')).getByRole('button', { name: 'Delete…' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete “Refund requests”?' });
  await expect(confirm).toContainText('It is deleted for everyone it is shared with');
  await confirm.getByRole('button', { name: 'Delete view' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'View “Refund requests” deleted.' })).toBeVisible();
  await expect((await openMenu(page)).getByText('No saved views yet.')).toBeVisible();

  // The owner renames theirs, then deletes it.
  await switchTo(app, FINANCE);
  await section(page, 'Payments');
  await (await actionsFor(page, 'Your views', 'Succeeded HG invoices')).getByRole('button', { name: 'Rename or share…' }).click();
  const rename = page.getByRole('dialog', { name: 'Rename or share “Succeeded HG invoices”' });
  await expect(rename.getByLabel('Share with')).toHaveValue('finance');
  await rename.getByLabel('Name').fill('Paid HG invoices');
  await rename.getByRole('button', { name: 'Save changes' }).click();
  await expect(rename).toBeHidden();
  await expect((await openMenu(page)).getByRole('button', { name: /^Paid HG invoices/ })).toBeVisible();
  await (await actionsFor(page, 'Your views', 'Paid HG invoices')).getByRole('button', { name: 'Delete…' }).click();
  await page.getByRole('dialog', { name: 'Delete “Paid HG invoices”?' }).getByRole('button', { name: 'Delete view' }).click();
  await expect((await openMenu(page)).getByText('No saved views yet.')).toBeVisible();
});

test('a view from an older version opens with what still applies and names the rest; a default view opens a fresh screen', async ({
  app,
}) => {
  // Saved before an upgrade: a filter ('foo') and a column ('bar') this version does not have.
  await app.withDatabase(async (db) => {
    await db.query(
      `insert into console.saved_views (owner_id, screen, name, state, updated_by)
       select u.id, 'payments', 'From last year', $1::jsonb, u.id from public.users u where u.email = $2`,
      [
        JSON.stringify({
          filters: { status: ['succeeded'], foo: 'bar' },
          sort: { id: 'amount', desc: true },
          visibility: { payer: false, bar: true },
        }),
        FINANCE,
      ],
    );
  });
  await app.open();
  await app.signIn(FINANCE);
  const page = app.page;
  await expect(page.getByRole('heading', { level: 1, name: 'Payments' })).toBeVisible();

  await (await openMenu(page)).getByRole('button', { name: /^From last year/ }).click();
  const notice = page.getByRole('status').filter({ hasText: 'This view was saved with things' });
  await expect(notice).toContainText(
    "This view was saved with things this version no longer has: filter 'foo', column 'bar'. It opened with the rest.",
  );
  await expect(statusFilter(page)).toHaveAccessibleDescription('Succeeded');
  await expect(payerHeader(page)).toHaveCount(0);
  await app.checkScreen('views-stale-notice');

  // Updated with the current filters, it holds only what this version has: applied again, nothing is dropped.
  const actions = await actionsFor(page, 'Your views', 'From last year');
  await actions.getByRole('button', { name: 'Update “From last year” with current filters' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'View “From last year” now keeps the current filters.' })).toBeVisible();
  await actions.getByRole('button', { name: 'Make it my default' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'This screen opens with “From last year” from now on.' })).toBeVisible();
  await expect(menu(page).getByRole('button', { name: /^From last year/ })).toContainText('Default');
  await page.keyboard.press('Escape');
  await expect(menu(page)).toBeHidden();
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await (await openMenu(page)).getByRole('button', { name: /^From last year/ }).click();
  await expect(viewsButton(page)).toHaveText('Views · From last year');
  await expect(notice).toHaveCount(0);

  // A fresh start on this computer (no state of its own for the screen): the default view opens it.
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.locator('[data-app-state="ready"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1, name: 'Payments' })).toBeVisible();
  await expect(viewsButton(page)).toHaveText('Views · From last year');
  await expect(statusFilter(page)).toHaveAccessibleDescription('Succeeded');
  await expect(payerHeader(page)).toHaveCount(0);
  await expect(notice).toHaveCount(0);
});
