// Payments and refunds in Chromium over the real console core and the seeded local backend: refunds in full and
// in part, the database refusing an over-refund, one refund per dialog however often it is submitted, the
// second-approver rule, CSV export with progress and cancel, the audit trail, and who may open the screen.
import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import type { Page } from '@playwright/test';
import { expect, test, type ConsoleHarness } from './support/console-fixture.js';

const FINANCE = 'finance@humanglue.dev';
const FINANCE2 = 'finance2@humanglue.dev';

interface SeedPayment {
  id: string;
  amount: number;
  currency: string;
  invoice_number: string;
}

/** Succeeded payments nobody has refunded yet, as the tests need them (fresh database per test). */
async function freshPayments(app: ConsoleHarness, where: string, limit: number): Promise<SeedPayment[]> {
  let rows: SeedPayment[] = [];
  await app.withDatabase(async (db) => {
    const result = await db.query<{ id: string; amount: string; currency: string; invoice_number: string }>(
      `select p.id, p.amount::text, p.currency, p.invoice_number
         from public.payments p
        where p.status = 'succeeded' and p.invoice_number is not null and ${where}
          and not exists (select 1 from public.payment_refunds r where r.payment_id = p.id)
        order by p.id
        limit ${limit}`,
    );
    rows = result.rows.map((row) => ({ ...row, amount: Number(row.amount) }));
  });
  expect(rows, `seeded payments where ${where}`).toHaveLength(limit);
  return rows;
}

async function openPayment(page: Page, id: string) {
  await page.evaluate((paymentId) => (window.location.hash = `#/payments/${paymentId}`), id);
  await expect(page.getByRole('link', { name: '← All payments' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Refunds', exact: false })).toBeVisible();
}

const money = (amount: number, currency: string) =>
  new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay: 'code' }).format(amount);

test('finance refunds one payment in full and another in part, and the audit log records both', async ({ app }) => {
  const [full, partial] = await freshPayments(app, `p.provider = 'manual' and p.amount between 20 and 1000`, 2);
  await app.open();
  await app.signIn(FINANCE);
  const page = app.page;
  await expect(page.getByRole('heading', { level: 1, name: 'Payments' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Totals for the current filter' })).toBeVisible();
  await expect(page.locator('tr[data-row-id]').first()).toBeVisible();
  await expect(page.locator('.page-header .subtitle')).toHaveText(/^\d+ payments$/);
  await app.checkScreen('payments-table');

  // Find the first payment by its invoice number, as staff would.
  await page.getByLabel('Search').fill(full!.invoice_number);
  await expect(page.getByText('1 payment match the filters')).toBeVisible();
  await page.locator(`tr[data-row-id="${full!.id}"]`).click();
  await expect(page).toHaveURL(new RegExp(`#/payments/${full!.id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(money(full!.amount, full!.currency));
  await app.checkScreen('payments-detail');

  await page.getByRole('button', { name: 'Refund…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Refund payment' });
  await expect(dialog.getByLabel(/^Amount/)).toHaveValue(full!.amount.toFixed(2));
  await dialog.getByLabel('Reason').selectOption('requested_by_customer');
  await dialog.getByLabel('Note (optional)').fill('Could not attend; refunded in full.');
  await app.checkScreen('payments-refund-dialog');
  await dialog.getByRole('button', { name: 'Review refund' }).click();
  await expect(dialog.getByText('(full refund)')).toBeVisible();
  await dialog.getByRole('button', { name: `Refund ${money(full!.amount, full!.currency)}` }).click();
  const done = page.getByRole('dialog', { name: 'Refund recorded' });
  await expect(done.getByText('Refund succeeded')).toBeVisible();
  await expect(done.getByText('Refunded', { exact: true })).toBeVisible();
  await app.checkScreen('payments-refund-result');
  await done.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('heading', { level: 1 }).getByText('Refunded')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Refunds on this payment' }).getByRole('listitem')).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Refund…' })).toBeDisabled();

  // A partial refund of the second.
  await openPayment(page, partial!.id);
  await page.getByRole('button', { name: 'Refund…' }).click();
  const second = page.getByRole('dialog', { name: 'Refund payment' });
  await second.getByLabel(/^Amount/).fill('10');
  await second.getByLabel('Reason').selectOption('service_issue');
  await second.getByRole('button', { name: 'Review refund' }).click();
  await expect(second.getByText('(partial refund)')).toBeVisible();
  await second.getByRole('button', { name: `Refund ${money(10, partial!.currency)}` }).click();
  const secondDone = page.getByRole('dialog', { name: 'Refund recorded' });
  await expect(secondDone.getByText('Partially refunded')).toBeVisible();
  await expect(secondDone.getByText(money(partial!.amount - 10, partial!.currency))).toBeVisible();
  await secondDone.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('heading', { level: 1 }).getByText('Partially refunded')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Audit entries' })).toContainText(`Refund requested by ${FINANCE}`);

  await app.withDatabase(async (db) => {
    const audit = await db.query<{ payment_id: string; amount: string; actor_email: string }>(
      `select a.after ->> 'payment_id' as payment_id, a.after ->> 'amount' as amount, a.actor_email
         from console.audit_log a
        where a.action = 'refund.create' and a.after ->> 'payment_id' in ($1, $2)
        order by a.id`,
      [full!.id, partial!.id],
    );
    expect(audit.rows).toEqual(
      [
        { payment_id: full!.id, amount: String(full!.amount), actor_email: FINANCE },
        { payment_id: partial!.id, amount: '10', actor_email: FINANCE },
      ].map((row) => ({ ...row, amount: expect.stringMatching(new RegExp(`^${row.amount}(\\.0+)?$`)) })),
    );
  });
});

test('an over-refund is refused with the remainder, and a double-click makes exactly one refund', async ({ app }) => {
  const [payment] = await freshPayments(app, `p.provider = 'manual' and p.amount between 50 and 1000`, 1);
  await app.open();
  await app.signIn(FINANCE);
  await openPayment(app.page, payment!.id);
  const page = app.page;
  await page.getByRole('button', { name: 'Refund…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Refund payment' });
  // The form's own guidance first.
  await dialog.getByLabel(/^Amount/).fill(String(payment!.amount + 1));
  await dialog.getByLabel('Reason').selectOption('duplicate');
  await dialog.getByRole('button', { name: 'Review refund' }).click();
  await expect(dialog.getByRole('alert')).toContainText('exceeds the refundable remainder');

  // Meanwhile a colleague refunds 20 of it elsewhere; the dialog still thinks the whole amount is refundable.
  await dialog.getByLabel(/^Amount/).fill(payment!.amount.toFixed(2));
  await app.withDatabase(async (db) => {
    await db.query(
      `insert into public.payment_refunds (payment_id, amount, reason, status, idempotency_key, requested_by, completed_by, completed_at)
       values ($1, 20, 'duplicate', 'succeeded', 'e2e-colleague-refund', '5a000000-0000-4000-8000-000000000003',
               '5a000000-0000-4000-8000-000000000003', now())`,
      [payment!.id],
    );
  });
  await dialog.getByRole('button', { name: 'Review refund' }).click();
  await dialog.getByRole('button', { name: /^Refund / }).click();
  const remainder = (payment!.amount - 20).toFixed(2);
  await expect(dialog.getByRole('alert')).toContainText(`exceeds the refundable remainder of ${remainder} ${payment!.currency}`);
  await expect(dialog.getByText(`Refundable: ${money(payment!.amount - 20, payment!.currency)}`)).toBeVisible();
  await app.checkScreen('payments-over-refund');

  // A double-click on the final button still makes one refund.
  await dialog.getByLabel(/^Amount/).fill('5');
  await dialog.getByRole('button', { name: 'Review refund' }).click();
  await dialog.getByRole('button', { name: `Refund ${money(5, payment!.currency)}` }).dblclick();
  await expect(page.getByRole('dialog', { name: 'Refund recorded' }).getByText('Refund succeeded')).toBeVisible();
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('list', { name: 'Refunds on this payment' }).getByRole('listitem')).toHaveCount(2);

  await app.withDatabase(async (db) => {
    const mine = await db.query<{ n: number }>(
      `select count(*)::int as n from public.payment_refunds where payment_id = $1 and requested_by = '5a000000-0000-4000-8000-000000000002'`,
      [payment!.id],
    );
    expect(mine.rows[0]!.n).toBe(1);
  });
});

test('a refund above the threshold waits for a second approver: the maker cannot approve it, finance2 can', async ({ app }) => {
  let threshold = 0;
  await app.withDatabase(async (db) => {
    const row = await db.query<{ value: string }>(`select value::text from console.settings where key = 'refund_approval_threshold'`);
    threshold = Number(row.rows[0]!.value);
  });
  const [payment] = await freshPayments(app, `p.provider = 'manual' and p.amount > ${threshold}`, 1);
  await app.open();
  await app.signIn(FINANCE);
  const page = app.page;
  await openPayment(page, payment!.id);
  await page.getByRole('button', { name: 'Refund…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Refund payment' });
  await dialog.getByLabel('Reason').selectOption('service_issue');
  await dialog.getByRole('button', { name: 'Review refund' }).click();
  await expect(dialog.getByText(/above the approval threshold/)).toBeVisible();
  await dialog.getByRole('button', { name: /^Refund / }).click();
  const done = page.getByRole('dialog', { name: 'Refund recorded' });
  await expect(done.getByText('Refund awaiting a second approver')).toBeVisible();
  await done.getByRole('button', { name: 'Done' }).click();

  const refunds = page.getByRole('list', { name: 'Refunds on this payment' });
  await expect(refunds.getByText('Awaiting approval')).toBeVisible();
  await expect(refunds.getByText(/You requested this refund/)).toBeVisible();
  await app.checkScreen('payments-pending-approval');

  // The maker tries anyway: the database says no, in its words.
  await refunds.getByRole('button', { name: 'Approve…' }).click();
  const approve = page.getByRole('dialog', { name: 'Approve refund' });
  await approve.getByRole('button', { name: 'Approve' }).click();
  await expect(approve.getByRole('alert')).toContainText('a second person must approve this refund: you requested it');
  await approve.getByRole('button', { name: 'Cancel' }).click();

  // The second person, in the same window; the page they return to is the same payment.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await app.signIn(FINANCE2);
  await expect(page.getByRole('heading', { name: /Refunds/ })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`#/payments/${payment!.id}$`));
  await refunds.getByRole('button', { name: 'Approve…' }).click();
  await page.getByRole('dialog', { name: 'Approve refund' }).getByRole('button', { name: 'Approve' }).click();
  await expect(refunds.getByText('Succeeded', { exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 }).getByText('Refunded')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Audit entries' })).toContainText(`Refund approved by ${FINANCE2}`);
  expect(app.secondFactor.answered, 'the refund and the second approval each asked their person for a code').toBe(2);

  await app.withDatabase(async (db) => {
    const audit = await db.query<{ action: string; actor_email: string }>(
      `select a.action, a.actor_email from console.audit_log a
         join public.payment_refunds r on a.entity = 'refund' and a.entity_id = r.id::text
        where r.payment_id = $1 order by a.id`,
      [payment!.id],
    );
    expect(audit.rows).toEqual([
      { action: 'refund.create', actor_email: FINANCE },
      { action: 'refund.approve', actor_email: FINANCE2 },
    ]);
  });
});

test('CSV export of the filtered set writes the file with every matching row', async ({ app }) => {
  let expected = 0;
  await app.withDatabase(async (db) => {
    const row = await db.query<{ n: number }>(`select count(*)::int as n from public.payments where provider = 'manual'`);
    expected = row.rows[0]!.n;
  });
  await app.open();
  await app.signIn('admin@humanglue.dev');
  const page = app.page;
  await page.getByRole('link', { name: 'Payments' }).click();
  await page.getByRole('search', { name: 'Filter payments' }).getByRole('button', { name: 'Provider' }).click();
  await page.getByRole('checkbox', { name: 'Manual' }).check();
  await page.keyboard.press('Escape');
  await expect(page.getByText(`${expected} payments match the filters`)).toBeVisible();

  await page.getByRole('button', { name: 'Export CSV…' }).click();
  const banner = page.getByRole('status').filter({ hasText: 'Export finished' });
  await expect(banner).toContainText(`${expected} payments saved to`);
  expect(app.files.saved).toHaveLength(1);
  const fileName = app.files.saved[0]!.split('/').pop()!;
  await expect(banner).toContainText(fileName);
  await app.checkScreen('payments-export-done');

  const text = (await readFile(app.files.saved[0]!, 'utf8')).replace(/^\uFEFF/, '');
  const { data } = Papa.parse<string[]>(text, { skipEmptyLines: true });
  expect(data[0]).toEqual(
    'id,created_at,payer_name,payer_email,user_id,organization_name,organization_id,payment_type,related_name,related_entity_id,description,provider,transaction_id,amount,currency,refund_amount,refunded_at,status,invoice_number,invoice_url'.split(
      ',',
    ),
  );
  expect(data).toHaveLength(expected + 1);
  expect(data.slice(1).every((row) => row[11] === 'manual')).toBe(true);
});

test('a long export shows its progress and can be cancelled, leaving no file', async ({ app }) => {
  // Three pages of 5,000: the second is held on its way to the backend until the person has pressed Cancel, so the
  // export is caught midway every time (racing a real export to its end made this test pass or fail with the
  // machine's speed).
  await app.withDatabase(async (db) => {
    await db.query(
      `insert into public.payments (user_id, amount, currency, provider, transaction_id, status, payment_type, description, created_at)
       select u.id, 10 + (g % 500), 'USD', 'stripe', 'pi_e2e_bulk_' || g, 'succeeded', 'other', 'Bulk e2e payment', now() - (g || ' minutes')::interval
         from generate_series(1, 12000) g
         cross join (select id from public.users where email = 'user@humanglue.dev') u`,
    );
    await db.query('analyze public.payments');
  });
  await app.open();
  await app.signIn(FINANCE);
  const page = app.page;
  await expect(page.locator('tr[data-row-id]').first()).toBeVisible();
  const secondPage = app.faults.inject('export_payments_csv', { kind: 'hold' }, { skip: 1 });
  await page.getByRole('button', { name: 'Export CSV…' }).click();
  const progress = page.getByRole('progressbar', { name: 'Export progress' });
  await expect(progress).toBeVisible();
  await expect(page.getByText(/5,000 of 12,\d{3} rows written/)).toBeVisible();
  await expect.poll(() => secondPage.hits.length).toBe(1);
  await app.checkScreen('payments-export-running');
  await page.getByRole('button', { name: 'Cancel export' }).click();
  secondPage.release();
  await expect(page.getByText('Export cancelled', { exact: true })).toBeVisible();
  await expect(page.getByText(/was not saved/)).toBeVisible();
  await expect(readFile(app.files.saved[0]!)).rejects.toThrow();
  // the cancel stopped the walk: the held page was the last one asked for
  expect(app.faults.rpcCalls('export_payments_csv')).toHaveLength(2);
  await app.checkScreen('payments-export-cancelled');
});
