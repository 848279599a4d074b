// The console in Chromium when the network between its core and the backend fails (issue 20), through the fixture's
// fault-injecting fetch: a refund whose answers are lost, a refund sent while the backend is unreachable, a bulk
// decision whose answer is lost, an export whose pages cannot be read. Each ends with exactly one effect (or none)
// and says what happened; the console shows it is offline and comes back by itself.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, type ConsoleHarness } from './support/console-fixture.js';

const FINANCE = 'finance@humanglue.dev';

test.describe.configure({ timeout: 180_000 });

async function freshPayment(app: ConsoleHarness): Promise<{ id: string; amount: number; currency: string }> {
  let row: { id: string; amount: number; currency: string } | undefined;
  await app.withDatabase(async (db) => {
    const result = await db.query<{ id: string; amount: string; currency: string }>(
      `select p.id, p.amount::text, p.currency from public.payments p
        where p.status = 'succeeded' and p.provider = 'manual' and p.amount between 20 and 1000
          and not exists (select 1 from public.payment_refunds r where r.payment_id = p.id)
        order by p.id limit 1`,
    );
    row = result.rows[0] && { ...result.rows[0], amount: Number(result.rows[0].amount) };
  });
  expect(row, 'a refundable manual payment in the seed').toBeDefined();
  return row!;
}

async function ledgerRows(app: ConsoleHarness, paymentId: string): Promise<{ idempotency_key: string; amount: string }[]> {
  let rows: { idempotency_key: string; amount: string }[] = [];
  await app.withDatabase(async (db) => {
    rows = (
      await db.query<{ idempotency_key: string; amount: string }>(
        'select idempotency_key, amount::text from public.payment_refunds where payment_id = $1',
        [paymentId],
      )
    ).rows;
  });
  return rows;
}

async function openRefund(page: Page, paymentId: string) {
  await page.evaluate((id) => (window.location.hash = `#/payments/${id}`), paymentId);
  await expect(page.getByRole('heading', { name: 'Refunds', exact: false })).toBeVisible();
  await page.getByRole('button', { name: 'Refund…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Refund payment' });
  await dialog.getByLabel(/^Amount/).fill('10');
  await dialog.getByLabel('Reason').selectOption('requested_by_customer');
  await dialog.getByLabel('Note (optional)').fill('Refunded while the line was bad.');
  await dialog.getByRole('button', { name: 'Review refund' }).click();
  return dialog;
}

const keysSent = (app: ConsoleHarness) =>
  app.faults.rpcCalls('refund_payment').map((call) => JSON.parse(call.body).p_idempotency_key as string);

test('a refund whose answers are all lost says so, finds its refund on the payment, and the retry makes no second one', async ({ app }) => {
  const payment = await freshPayment(app);
  await app.open();
  await app.signIn(FINANCE);
  const page = app.page;
  const dialog = await openRefund(page, payment.id);
  // The first call is refused for want of a second factor (the fixture answers the prompt); the next one and every
  // retry main makes reach the database, and none of their answers come back.
  const lost = app.faults.inject('refund_payment', { kind: 'lose-response' }, { skip: 1, times: 4 });
  await dialog.getByRole('button', { name: /^Refund / }).click();
  await expect(dialog.getByText('The refund was recorded')).toBeVisible({ timeout: 20_000 });
  await expect(dialog.getByText(/Its answer was lost, but the payment \(checked .*\) shows this refund of/)).toBeVisible();
  await app.checkScreen('refund-answer-lost');
  expect(lost.hits).toHaveLength(4);

  await dialog.getByRole('button', { name: 'Show the recorded refund' }).click();
  const done = page.getByRole('dialog', { name: 'Refund recorded' });
  await expect(done).toBeVisible();
  // every call carried the dialog's one key; the ledger has one refund of 10
  const keys = keysSent(app);
  expect(keys).toHaveLength(6);
  expect(new Set(keys).size).toBe(1);
  await done.getByRole('button', { name: 'Done' }).click();
  expect(await ledgerRows(app, payment.id)).toEqual([{ idempotency_key: keys[0], amount: '10.00' }]);
});

test('a refund sent while the backend cannot be reached is not made; the console says it is offline, comes back by itself, and the retry refunds once', async ({
  app,
}) => {
  const payment = await freshPayment(app);
  await app.open();
  await app.signIn(FINANCE);
  const page = app.page;
  const dialog = await openRefund(page, payment.id);
  const down = app.faults.inject(() => true, { kind: 'drop' });
  await dialog.getByRole('button', { name: /^Refund / }).click();
  await expect(dialog.getByText('The refund was not made')).toBeVisible({ timeout: 20_000 });
  await expect(dialog.getByText(/cannot be reached.*You can try again: it will not refund twice/)).toBeVisible();
  const offline = page.getByRole('status').filter({ hasText: 'Offline: the console cannot reach its data' });
  await expect(offline).toBeVisible();
  await expect(offline).toContainText('What you see was last updated');
  // what was typed is still there
  await dialog.getByRole('button', { name: 'Back' }).click();
  await expect(dialog.getByLabel(/^Amount/)).toHaveValue('10');
  await expect(dialog.getByLabel('Note (optional)')).toHaveValue('Refunded while the line was bad.');
  await dialog.getByRole('button', { name: 'Review refund' }).click();
  await app.checkScreen('offline');

  down.remove();
  await expect(offline).toBeHidden({ timeout: 20_000 });
  await dialog.getByRole('button', { name: /^Refund [A-Z]{3} 10\.00$/ }).click();
  await expect(page.getByRole('dialog', { name: 'Refund recorded' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible(); // never signed out
  const rows = await ledgerRows(app, payment.id);
  expect(rows).toHaveLength(1);
  expect(new Set(keysSent(app))).toEqual(new Set([rows[0]!.idempotency_key]));
});

test('a bulk approval whose answer is lost is sent again and reports every review approved, each once', async ({ app }) => {
  await app.open();
  await app.signIn('moderator@humanglue.dev');
  const page = app.page;
  const rows = page.getByRole('table', { name: 'Reviews to moderate' }).locator('tbody tr[data-row-id]');
  await expect(rows.first()).toBeVisible();
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    ids.push((await page.locator('tbody tr.active').getAttribute('data-row-id'))!);
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    await expect(page.locator('tbody tr.active')).not.toHaveAttribute('data-row-id', ids.at(-1)!);
  }
  app.faults.inject('decide_reviews', { kind: 'lose-response' }, { times: 1 });
  await page.getByRole('region', { name: 'Bulk actions' }).getByRole('button', { name: 'Approve selected' }).click();
  await expect(page.getByRole('status').filter({ hasText: '3 reviews approved.' })).toBeVisible({ timeout: 20_000 });
  for (const id of ids) await expect(page.locator(`tr[data-row-id="${id}"]`)).toHaveCount(0);
  expect(app.faults.rpcCalls('decide_reviews')).toHaveLength(2);

  await app.withDatabase(async (db) => {
    const decisions = await db.query<{ review_id: string; n: string }>(
      `select review_id, count(*)::text as n from console.review_decisions where review_id = any($1::uuid[]) group by review_id`,
      [ids],
    );
    expect(decisions.rows.map((row) => [row.review_id, row.n]).sort()).toEqual(ids.map((id) => [id, '1']).sort());
  });
});

test('an export whose pages cannot be read fails with the reason and leaves no file; once the network is back it saves', async ({
  app,
}) => {
  await app.open();
  await app.signIn(FINANCE);
  const page = app.page;
  await expect(page.locator('tr[data-row-id]').first()).toBeVisible();
  const down = app.faults.inject('export_payments_csv', { kind: 'drop' });
  await page.getByRole('button', { name: 'Export CSV…' }).click();
  const failed = page.getByRole('alert').filter({ hasText: 'The export failed' });
  await expect(failed).toBeVisible({ timeout: 20_000 });
  await expect(failed).toContainText(/cannot be reached/i);
  await app.checkScreen('payments-export-network-failed');
  expect(await readdir(join(app.dataDir, 'exports'))).toEqual([]);

  down.remove();
  await failed.getByRole('button', { name: 'Dismiss' }).click();
  await page.getByRole('button', { name: 'Export CSV…' }).click();
  await expect(page.getByText('Export finished')).toBeVisible();
  expect(await readdir(join(app.dataDir, 'exports'))).toEqual([app.files.saved[1]!.split('/').pop()]);
});
