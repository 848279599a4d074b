// Bad input as a careless or hostile person types it, in the running console: amounts written the European way or
// with a stray comma, pasted control characters in every search, values longer than any field takes, a sign-in
// email that is not one, and processor files that are not exports. Each is refused at the field or the file, with
// its own reason, and nothing is recorded.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, type ConsoleHarness } from './support/console-fixture.js';

const NUL_MESSAGE = /Contains a NUL character \(U\+0000\)/;
const GENERIC = /Something went wrong/;

async function refundablePayment(app: ConsoleHarness): Promise<{ id: string; amount: number }> {
  let row: { id: string; amount: string } | undefined;
  await app.withDatabase(async (db) => {
    const result = await db.query<{ id: string; amount: string }>(
      `select p.id, p.amount::text from public.payments p
        where p.status = 'succeeded' and p.provider = 'manual' and p.currency = 'USD' and p.amount >= 600
          and not exists (select 1 from public.payment_refunds r where r.payment_id = p.id)
        order by p.id limit 1`,
    );
    row = result.rows[0];
  });
  expect(row, 'a seeded manual USD payment of at least 600').toBeDefined();
  return { id: row!.id, amount: Number(row!.amount) };
}

async function refundAmounts(app: ConsoleHarness, paymentId: string): Promise<string[]> {
  let amounts: string[] = [];
  await app.withDatabase(async (db) => {
    const result = await db.query<{ amount: string }>('select amount::text from public.payment_refunds where payment_id = $1', [paymentId]);
    amounts = result.rows.map((row) => row.amount);
  });
  return amounts;
}

async function goTo(page: Page, section: string, heading: string) {
  await page.getByRole('link', { name: section }).click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

test('a refund amount is read only in a form that cannot be misread; each refusal names its reason', async ({ app }) => {
  test.slow(); // two trips to the database beside the browser
  const payment = await refundablePayment(app);
  await app.open();
  await app.signIn('finance@humanglue.dev');
  const page = app.page;
  await page.evaluate((id) => (window.location.hash = `#/payments/${id}`), payment.id);
  await page.getByRole('button', { name: 'Refund…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Refund payment' });
  const amount = dialog.getByLabel(/^Amount/);
  await dialog.getByLabel('Reason').selectOption('requested_by_customer');

  const refusals: Array<[string, RegExp]> = [
    [',5', /Use a point for decimals/],
    ['5,00', /Use a point for decimals: “5,00” could mean two different amounts/],
    ['1,200', /“1,200” could mean 1200 or 1\.200/],
    ['1.234,56', /commas only between thousands/],
    ['-5', /^The amount cannot be negative\.$/],
    ['99999999999', /^Too large: the most an amount can be is 9,999,999,999\.99\.$/],
    ['5.001', /^USD amounts have at most 2 decimals\.$/],
    ['$5', /without a currency sign/],
    ['1e3', /plain digits/],
  ];
  for (const [typed, reason] of refusals) {
    await amount.fill(typed);
    await dialog.getByRole('button', { name: 'Review refund' }).click();
    await expect(dialog.getByRole('alert')).toHaveText(reason);
    await expect(dialog.getByRole('button', { name: 'Review refund' }), `“${typed}” must not reach the confirmation`).toBeVisible();
  }
  await app.checkScreen('payments-refund-amount-refused');

  // A plain amount goes through, and the confirmation shows it as the database will store it.
  await amount.fill(' 5 ');
  await dialog.getByRole('button', { name: 'Review refund' }).click();
  await expect(dialog.getByText('USD 5.00 (as typed: “5”)')).toBeVisible();
  await dialog.getByRole('button', { name: 'Refund USD 5.00' }).click();
  await expect(page.getByRole('dialog', { name: 'Refund recorded' }).getByText('Refund succeeded')).toBeVisible();
  // Of everything typed, exactly one refund was recorded: the 5.00.
  expect(await refundAmounts(app, payment.id)).toEqual(['5.00']);
});

test('a NUL pasted into any search is refused at the field, in words, and never reaches the database', async ({ app }) => {
  test.slow(); // five screens
  await app.open();
  await app.signIn('admin@humanglue.dev');
  const page = app.page;
  const screens: Array<[string, string, string]> = [
    ['Payments', 'Payments', 'Search'],
    ['Moderation', 'Moderation', 'Search'],
    ['Users and access', 'Users and access', 'Search'],
    ['Audit log', 'Audit log', 'Entity id'],
    ['Trends', 'Trends', 'Organisations'],
  ];
  for (const [section, heading, label] of screens) {
    await goTo(page, section, heading);
    const box = page.getByLabel(label, { exact: true });
    await box.fill('INV\u0000-2026');
    await expect(page.getByRole('alert').filter({ hasText: NUL_MESSAGE }), `${section}: the field says why`).toBeVisible();
    // Give a debounced search the time it would have taken to be sent; nothing fails, nothing spins.
    await page.waitForTimeout(600);
    await expect(page.getByText(GENERIC), `${section}: no generic failure`).toHaveCount(0);
    await expect(page.getByText('Counting…')).toHaveCount(0);
    await expect(box).toHaveValue('INV\u0000-2026'); // kept, to be corrected
    if (section === 'Payments') await app.checkScreen('payments-search-refused');
    await box.fill('');
  }
});

test('every search stops at the length its request takes and says so; a pasted cell\u2019s tab is a space', async ({ app }) => {
  await app.open();
  await app.signIn('admin@humanglue.dev');
  const page = app.page;
  for (const [section, heading, label] of [
    ['Users and access', 'Users and access', 'Search'],
    ['Audit log', 'Audit log', 'Action'],
    ['Trends', 'Trends', 'Organisations'],
  ] as const) {
    await goTo(page, section, heading);
    const box = page.getByLabel(label, { exact: true });
    await box.fill('x'.repeat(500));
    const max = label === 'Action' ? 100 : 200;
    await expect(box).toHaveValue('x'.repeat(max));
    await expect(page.getByText(`At most ${max} characters.`)).toBeVisible();
    await page.waitForTimeout(600);
    await expect(page.getByText(/Too big|expected string|<=/)).toHaveCount(0);
    await expect(page.getByText(GENERIC)).toHaveCount(0);
    await box.fill('');
  }
  await goTo(page, 'Users and access', 'Users and access');
  await page.getByLabel('Search', { exact: true }).fill('finance\t');
  await expect(page.getByLabel('Search', { exact: true })).toHaveValue('finance ');
  await expect(page.locator('tr[data-row-id]').filter({ hasText: 'finance@humanglue.dev' })).toBeVisible();
});

test('sign-in says what is wrong with an email that is not one, at the field', async ({ app }) => {
  await app.open();
  const page = app.page;
  await page.getByLabel('Email').fill('finance at humanglue');
  await page.getByLabel('Password').fill('whatever');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Email must be an email address, such as name@example.com.');
  await expect(page.getByText(/Invalid email/)).toHaveCount(0);
  await app.checkScreen('sign-in-email-refused');
});

test('reconciliation refuses files that are not exports in main, saying why, before any column reaches the window', async ({ app }) => {
  await app.open();
  await app.signIn('finance@humanglue.dev');
  const page = app.page;
  await goTo(page, 'Reconciliation', 'Reconciliation');
  const choose = page.getByRole('button', { name: /^Choose (CSV|another) file…$/ });
  const cases: Array<[string, string | Buffer, RegExp]> = [
    // A 1 MB export whose line breaks were lost: ~85,000 header columns.
    [
      'lost-newlines.csv',
      `id,Description,Created (UTC),Amount,Currency,Status,${Array.from({ length: 85_000 }, (_, i) => `ch_${String(i).padStart(6, '0')}`).join(',')}\n`,
      /has 85,006 columns in its first row.*line breaks may have been lost/,
    ],
    ['binary.csv', Buffer.from(Array.from({ length: 8192 }, (_, i) => ((i * 7919 + 13) % 255) + 1)), /is not a UTF-8 text file/],
    ['header-only.csv', 'id,Description,Created (UTC),Amount,Currency,Status\n', /has a header row but no data rows/],
  ];
  for (const [name, content, reason] of cases) {
    const file = join(app.dataDir, name);
    await writeFile(file, content);
    app.files.nextOpen = file;
    await choose.click();
    await expect(page.getByRole('alert').filter({ hasText: reason })).toBeVisible();
    // Nothing of the file became mapping options (85,000 columns in seven menus froze the window before).
    await expect(page.getByRole('group', { name: 'Column mapping' })).toHaveCount(0);
    await expect(page.getByText('The columns were not recognised')).toHaveCount(0);
    if (name === 'lost-newlines.csv') await app.checkScreen('reconciliation-file-refused');
  }
});
