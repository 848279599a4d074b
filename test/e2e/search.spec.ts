// Search everywhere over the real console core and the seeded local database: what staff paste (an invoice link, an
// email with stray spaces, a certificate number in lower case) opens the detail it names, for the roles that may see
// it; a moderator finds nothing and is told why; the palette works from the keyboard alone and keeps recent searches
// on this computer. What each role may find is SQL's (test/console/search-views.test.ts); this proves the console.
import type { Page } from '@playwright/test';
import { expect, test, type ConsoleHarness } from './support/console-fixture.js';

// Screens are photographed and axe-checked in both themes, on a shared two-core machine.
test.describe.configure({ timeout: 120_000 });

const palette = (page: Page) => page.getByRole('dialog', { name: 'Search everywhere' });
const box = (page: Page) => palette(page).getByRole('combobox', { name: 'Search everywhere' });
const group = (page: Page, heading: string) => palette(page).getByRole('group', { name: heading });

async function signedIn(app: ConsoleHarness, email: string) {
  await app.open();
  await app.signIn(email);
  await expect(app.page.getByRole('button', { name: 'Search' })).toBeVisible();
}

/** A value through the same router the page uses, as the signed-in person. */
async function ask<T>(app: ConsoleHarness, channel: string, input: unknown): Promise<T> {
  const result = await app.core().router.handle(channel, input, { url: app.page.url() });
  if (!result.ok) throw new Error(result.error.message);
  return result.value as T;
}

/** A seeded payment with an invoice, and the link its invoice has in the seed. */
async function invoicedPayment(app: ConsoleHarness) {
  const page = await ask<{ rows: { id: string; invoice_number: string | null }[] }>(app, 'payments:list', { filters: {}, limit: 50 });
  const payment = page.rows.find((row) => row.invoice_number?.startsWith('HG-'));
  if (!payment) throw new Error('the seed has invoiced payments');
  return { id: payment.id, invoice: payment.invoice_number!, url: `https://billing.humanglue.dev/invoices/${payment.invoice_number}.pdf` };
}

test('finance pastes an invoice link and the payment opens', async ({ app }) => {
  await signedIn(app, 'finance@humanglue.dev');
  const page = app.page;
  const payment = await invoicedPayment(app);

  await page.getByRole('button', { name: 'Search' }).click();
  await expect(box(page)).toBeFocused();
  await box(page).fill(`  ${payment.url} `);
  const option = group(page, 'Payments').getByRole('option', { name: new RegExp(payment.invoice) });
  await expect(option).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await expect(option).toHaveAttribute('aria-selected', 'true');
  await app.checkScreen('search-payment');
  await option.click();

  await expect(palette(page)).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`#/payments/${payment.id}$`));
  await expect(page.locator('.pay-detail .subtitle')).toContainText(payment.invoice);
});

test('admin finds a person by email with stray spaces; the user opens with their access', async ({ app }) => {
  await signedIn(app, 'admin@humanglue.dev');
  const page = app.page;

  await page.keyboard.press('Control+k');
  await box(page).fill('   olivia.grant@brightpath.example  ');
  const person = group(page, 'People').getByRole('option', { name: /Olivia Grant/ });
  await expect(person).toContainText('olivia.grant@brightpath.example');
  await person.click();

  await expect(page).toHaveURL(/#\/users\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Users and access' })).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'Access of olivia.grant@brightpath.example' })).toBeVisible();
  // Found by their email, which the list now searches for.
  await expect(page.getByLabel('Search')).toHaveValue('olivia.grant@brightpath.example');
});

test('admin sees each kind under its heading, with "show all" where more match (light and dark)', async ({ app }) => {
  await signedIn(app, 'admin@humanglue.dev');
  const page = app.page;

  // One letter: payer emails, people's emails, and the names and titles that contain it.
  await page.keyboard.press('Control+k');
  await box(page).fill('a');
  for (const heading of ['Payments', 'People', 'Organisations', 'Workshops']) {
    await expect(group(page, heading).getByRole('option').first()).toBeVisible();
  }
  await expect(group(page, 'Payments').getByRole('option', { name: /^Show all payments matching “a”/ })).toBeVisible();
  const more = group(page, 'Workshops').getByRole('option', { name: /^Show all workshops matching “a”/ });
  await expect(group(page, 'Workshops').getByRole('option')).toHaveCount(6);
  await app.checkScreen('search-results');

  await more.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Workshops' })).toBeVisible();
  await expect(page.getByLabel('Search')).toHaveValue('a');
});

test('support finds a certificate by its number in lower case; it opens', async ({ app }) => {
  await signedIn(app, 'support@humanglue.dev');
  const page = app.page;
  const certificates = await ask<{ rows: { certificate_number: string }[] }>(app, 'certificates:list', { filters: {}, limit: 1 });
  const number = certificates.rows[0]!.certificate_number;

  await page.getByRole('button', { name: 'Search' }).click();
  await box(page).fill(number.toLowerCase());
  const option = group(page, 'Certificates').getByRole('option', { name: new RegExp(number) });
  await expect(option).toBeVisible();
  await option.click();

  await expect(page.getByRole('heading', { level: 1, name: 'Certificates' })).toBeVisible();
  await expect(page.getByRole('complementary', { name: number })).toBeVisible();
  // The address hands the number to the search box and goes back to the list's.
  await expect(page).toHaveURL(/#\/certificates$/);
});

test('a moderator pasting the same invoice finds nothing, and is told what their role can search for', async ({ app }) => {
  await signedIn(app, 'finance@humanglue.dev');
  const payment = await invoicedPayment(app);
  await app.page.getByRole('button', { name: 'Sign out' }).click();
  await app.signIn('moderator@humanglue.dev');
  const page = app.page;
  await expect(page.getByRole('button', { name: 'Search' })).toBeVisible();

  await page.keyboard.press('Control+k');
  await box(page).fill(payment.url);
  const empty = palette(page).getByRole('status').filter({ hasText: 'Nothing found for' });
  await expect(empty).toContainText(`Nothing found for “${payment.url}”`);
  await expect(empty).toContainText('Your roles (moderator) do not show any of what search everywhere finds');
  await expect(palette(page).getByRole('option')).toHaveCount(0);
  await app.checkScreen('search-nothing-moderator');
});

test('leadership opens an organisation’s trends', async ({ app }) => {
  await signedIn(app, 'leadership@humanglue.dev');
  const page = app.page;

  await page.keyboard.press('Control+k');
  await expect(palette(page)).toContainText('You can search for organisations by name or domain.');
  await box(page).fill('Northwind');
  await group(page, 'Organisations')
    .getByRole('option', { name: /Northwind Logistics/ })
    .click();

  await expect(page.getByRole('heading', { level: 1, name: 'Trends' })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: /Northwind Logistics/ })).toBeChecked();
  await expect(page.getByRole('figure', { name: /Northwind Logistics: adaptability/ })).toBeVisible();
});

test('keyboard only: Ctrl+K, type, arrows, Enter; Escape returns focus; recent searches come back', async ({ app }) => {
  await signedIn(app, 'finance@humanglue.dev');
  const page = app.page;
  const payment = await invoicedPayment(app);
  const search = page.getByRole('button', { name: 'Search' });

  // Escape closes and gives focus back to where it was.
  await search.focus();
  await page.keyboard.press('Control+k');
  await expect(box(page)).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(palette(page)).toBeHidden();
  await expect(search).toBeFocused();

  await page.keyboard.press('Control+k');
  await page.keyboard.type(payment.invoice);
  const option = group(page, 'Payments').getByRole('option', { name: new RegExp(payment.invoice) });
  await expect(option).toBeVisible();
  // Arrows wrap and the box tells assistive technology which result is active.
  await page.keyboard.press('ArrowDown');
  await expect(option).toHaveAttribute('aria-selected', 'true');
  await expect(box(page)).toHaveAttribute('aria-activedescendant', (await option.getAttribute('id'))!);
  const count = await palette(page).getByRole('option').count();
  for (let i = 0; i < count; i += 1) await page.keyboard.press('ArrowDown');
  await expect(option).toHaveAttribute('aria-selected', 'true');
  // Tab stays in the palette.
  await page.keyboard.press('Tab');
  await expect(box(page)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/payments/${payment.id}$`));

  // Reopened with nothing typed: the search just used, removable one by one or all at once.
  await page.keyboard.press('Control+k');
  const recent = palette(page).getByRole('region', { name: 'Recent searches' });
  await expect(recent.getByRole('button', { name: payment.invoice, exact: true })).toBeVisible();
  await app.checkScreen('search-recent');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter'); // the recent search runs again
  await expect(box(page)).toHaveValue(payment.invoice);
  await expect(option).toBeVisible();
  await box(page).fill('');
  await recent.getByRole('button', { name: `Remove “${payment.invoice}” from recent searches` }).click();
  await expect(palette(page).getByText('No recent searches')).toBeVisible();
  await expect(box(page)).toBeFocused();
});
