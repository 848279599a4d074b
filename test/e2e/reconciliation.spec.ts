// Reconciliation (docs/architecture.md, "Screens") over the real console core and the seeded local backend: a Stripe export built
// from seeded payments is previewed (bad rows listed by line), accepted, reconciled, exported and found again in
// past runs and the audit log; a file with unknown headers is mapped by hand; a 100k-row file shows progress and
// can be cancelled; leadership cannot open the section.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Papa from 'papaparse';
import { expect, test, type ConsoleHarness } from './support/console-fixture.js';

interface SeededPayment {
  transaction_id: string;
  amount: string;
  currency: string;
  created_at: Date;
}

/** Two succeeded, unrefunded USD Stripe payments of the seed, newest first. */
async function seededStripePayments(app: ConsoleHarness): Promise<SeededPayment[]> {
  let rows: SeededPayment[] = [];
  await app.withDatabase(async (db) => {
    const result = await db.query<SeededPayment>(
      `select transaction_id, amount::text as amount, currency, created_at from public.payments
        where provider = 'stripe' and status = 'succeeded' and currency = 'USD' and refund_amount = 0
          and transaction_id is not null
        order by created_at desc limit 2`,
    );
    rows = result.rows;
  });
  expect(rows).toHaveLength(2);
  return rows;
}

const stripeTime = (at: Date) => at.toISOString().slice(0, 19).replace('T', ' ');

async function openReconciliation(app: ConsoleHarness, email = 'finance@humanglue.dev') {
  await app.open();
  await app.signIn(email);
  await app.page.getByRole('link', { name: 'Reconciliation' }).click();
  await expect(app.page.getByRole('heading', { level: 1, name: 'Reconciliation' })).toBeVisible();
}

test('finance previews a Stripe export with bad rows, reconciles it, exports the results and finds the run again', async ({ app }) => {
  test.slow(); // six screens photographed and axe-checked in two themes: near a minute on a busy two-core machine
  const [matched, mismatched] = await seededStripePayments(app);
  const file = join(app.dataDir, 'stripe-march.csv');
  const at = stripeTime(matched!.created_at);
  await writeFile(
    file,
    [
      'id,Description,Created (UTC),Amount,Currency,Status',
      `${matched!.transaction_id},Workshop,${at},${matched!.amount},usd,Paid`,
      `${mismatched!.transaction_id},Workshop,${stripeTime(mismatched!.created_at)},${(Number(mismatched!.amount) + 1).toFixed(2)},usd,Paid`,
      `ch_notknowntohumanglue01,Legacy charge,${at},42.00,usd,Paid`,
      `ch_badamount0000000001,Typo,${at},12O.00,usd,Paid`,
      `,No id,${at},50.00,usd,Paid`,
    ].join('\n') + '\n',
  );
  const page = app.page;
  await openReconciliation(app);
  await expect(page.getByRole('button', { name: 'Choose CSV file…' })).toBeVisible();
  await app.checkScreen('reconciliation-start');

  app.files.nextOpen = file;
  await page.getByRole('button', { name: 'Choose CSV file…' }).click();
  await expect(page.getByLabel('Chosen file')).toContainText('stripe-march.csv');
  await expect(page.getByText('Detected: Stripe')).toBeVisible();
  const sample = page.getByRole('region', { name: 'Sample rows' });
  await expect(sample.getByRole('row')).toHaveCount(4); // header + the three readable rows
  await expect(sample).toContainText(matched!.transaction_id);
  // The two bad rows are listed with their lines (the header is line 1) and why.
  await expect(page.getByRole('heading', { name: '2 rows cannot be read' })).toBeVisible();
  const bad = page.getByRole('region', { name: 'Rows that cannot be read' });
  await expect(bad.getByRole('row', { name: /^5 Amount \(Amount\).*"12O\.00" is not an amount/ })).toBeVisible();
  await expect(bad.getByRole('row', { name: /^6 Transaction id \(id\) is empty/ })).toBeVisible();
  const reconcile = page.getByRole('button', { name: 'Reconcile 3 rows' });
  await expect(reconcile).toBeDisabled();
  await page.getByLabel('Leave these 2 rows out and reconcile the other 3').scrollIntoViewIfNeeded();
  await app.checkScreen('reconciliation-preview-bad-rows');

  await page.getByLabel('Leave these 2 rows out and reconcile the other 3').check();
  await reconcile.click();

  // The run opens when it is done.
  await expect(page).toHaveURL(/#\/reconciliation\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  const runId = page.url().split('/').pop()!;
  await expect(page.getByRole('heading', { level: 1, name: 'stripe-march.csv' })).toBeVisible();
  const outcomes = page.getByRole('group', { name: /Outcomes/ });
  await expect(outcomes.getByRole('button', { name: 'Matched 1' })).toBeVisible();
  await expect(outcomes.getByRole('button', { name: 'Amount mismatch 1' })).toBeVisible();
  await expect(outcomes.getByRole('button', { name: 'Missing in HumanGlue 1' })).toBeVisible();
  await expect(outcomes.getByRole('button', { name: 'Duplicate in file 0' })).toBeVisible();
  const totals = page.getByRole('region', { name: 'Totals per currency' });
  await expect(totals.getByRole('row', { name: /Missing in HumanGlue 1 USD 42\.00/ })).toBeVisible();
  await expect(totals.getByRole('row', { name: /^Total USD/ })).toBeVisible();
  const items = page.getByRole('table', { name: 'Reconciliation items' });
  await expect(items.getByRole('row', { name: /ch_notknowntohumanglue01/ })).toContainText('Missing in HumanGlue');
  await app.checkScreen('reconciliation-results');

  // Filtering by outcome asks the server for those items only.
  await outcomes.getByRole('button', { name: 'Amount mismatch 1' }).click();
  await expect(items.getByRole('row')).toHaveCount(2);
  await expect(items).toContainText(mismatched!.transaction_id);
  await page.getByLabel('Outcome', { exact: true }).selectOption('all');

  // Export: the save dialog's path gets every item of the run.
  await page.getByRole('button', { name: 'Export CSV' }).click();
  await expect(page.getByText(/^Saved .*\.csv \(\d+ items\)\.$/)).toBeVisible();
  expect(app.files.saved).toHaveLength(1);
  const csv = Papa.parse<Record<string, string>>((await readFile(app.files.saved[0]!, 'utf8')).replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
  });
  expect(csv.meta.fields).toEqual([
    'line',
    'outcome',
    'kind',
    'transaction_id',
    'occurred_at',
    'processor_amount',
    'processor_currency',
    'processor_status',
    'payment_id',
    'refund_id',
    'hg_amount',
    'hg_currency',
    'hg_status',
    'hg_created_at',
  ]);
  const byId = new Map(csv.data.map((record) => [record.transaction_id, record]));
  expect(byId.get(matched!.transaction_id)).toMatchObject({
    line: '2',
    outcome: 'matched',
    processor_amount: matched!.amount,
    hg_amount: matched!.amount,
  });
  expect(byId.get(mismatched!.transaction_id)).toMatchObject({ line: '3', outcome: 'amount_mismatch', hg_amount: mismatched!.amount });
  expect(byId.get('ch_notknowntohumanglue01')).toMatchObject({
    line: '4',
    outcome: 'missing_in_humanglue',
    processor_amount: '42.00',
    processor_currency: 'USD',
    payment_id: '',
  });
  expect(csv.data.some((record) => record.transaction_id?.startsWith('ch_badamount'))).toBe(false);

  // Past runs list it; its file name opens it again.
  await page.getByRole('link', { name: '← Reconciliation' }).click();
  const runs = page.getByRole('table', { name: 'Past reconciliation runs' });
  const row = runs.getByRole('row', { name: /stripe-march\.csv/ });
  await expect(row).toContainText('Stripe');
  await expect(row).toContainText('Completed');
  await expect(row).toContainText('Felix Brandt'); // finance@humanglue.dev
  await app.checkScreen('reconciliation-past-runs');
  await row.getByRole('link', { name: 'stripe-march.csv' }).click();
  await expect(page).toHaveURL(new RegExp(`#/reconciliation/${runId}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'stripe-march.csv' })).toBeVisible();

  // The run is in the audit log, written by the functions that made it.
  await app.withDatabase(async (db) => {
    const audit = await db.query<{ action: string; actor_email: string }>(
      `select action, actor_email from console.audit_log where entity = 'reconciliation_run' and entity_id = $1 order by id`,
      [runId],
    );
    expect(audit.rows.map((entry) => entry.action)).toEqual(['reconciliation.start', 'reconciliation.add_rows', 'reconciliation.finish']);
    expect(audit.rows.every((entry) => entry.actor_email === 'finance@humanglue.dev')).toBe(true);
  });
});

test('a file whose headers are not recognised is mapped by hand and then previews; a cancelled dialog changes nothing', async ({ app }) => {
  const [payment] = await seededStripePayments(app);
  const file = join(app.dataDir, 'bank-report.csv');
  await writeFile(
    file,
    [
      'Ref,Value,Curr,State,When,Note',
      `${payment!.transaction_id},${payment!.amount},USD,paid,${payment!.created_at.toISOString()},ok`,
    ].join('\n') + '\n',
  );
  const page = app.page;
  await openReconciliation(app);

  // The person closes the file dialog: nothing is read, nothing is said.
  app.files.nextOpen = null;
  await page.getByRole('button', { name: 'Choose CSV file…' }).click();
  await expect(page.getByRole('button', { name: 'Choose CSV file…' })).toBeEnabled();
  await expect(page.getByLabel('Chosen file')).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);

  app.files.nextOpen = file;
  await page.getByRole('button', { name: 'Choose CSV file…' }).click();
  await expect(page.getByText('The columns were not recognised')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Reconcile/ })).toHaveCount(0);
  // Previewing with a field unchosen says which.
  const mapping = page.getByRole('group', { name: 'Column mapping' });
  await mapping.getByLabel('Transaction id').selectOption('Ref');
  await page.getByRole('button', { name: 'Preview with this mapping' }).click();
  await expect(page.getByText('Choose a column for every field first.')).toBeVisible();
  await app.checkScreen('reconciliation-mapping-form');

  await mapping.getByLabel('Amount').selectOption('Value');
  await mapping.getByLabel('Currency').selectOption('Curr');
  await mapping.getByLabel('Status').selectOption('State');
  await mapping.getByLabel('Date (when it happened)').selectOption('When');
  await page.getByRole('button', { name: 'Preview with this mapping' }).click();
  await expect(page.getByRole('region', { name: 'Sample rows' })).toContainText(payment!.transaction_id);
  await expect(page.getByText('The columns were not recognised')).toHaveCount(0);
  // Nothing in the file says which processor it came from: the person says so.
  const importer = page.getByRole('region', { name: 'Import a processor export' });
  await expect(importer.getByText('Which processor is this file from?')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Reconcile 1 row' })).toBeDisabled();
  await importer.getByLabel('Processor').selectOption('stripe');
  await page.getByRole('button', { name: 'Reconcile 1 row' }).click();
  await expect(page).toHaveURL(/#\/reconciliation\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await expect(page.getByRole('group', { name: /Outcomes/ }).getByRole('button', { name: 'Matched 1' })).toBeVisible();
});

// 800 000 rows, the second batch held on its way to the backend until the person has cancelled: the import is
// caught running every time, whatever the machine's speed (racing a real import to its end failed on a busy one).
test('an 800 000-row export shows its progress while it is imported, can be cancelled, and is then discarded', async ({ app }) => {
  test.setTimeout(180_000);
  const file = join(app.dataDir, 'stripe-year.csv');
  const at = '2026-01-15 10:00:00';
  const rows = Array.from({ length: 800_000 }, (_, i) => `ch_bulk${String(i).padStart(8, '0')},Bulk,${at},10.00,usd,Paid`);
  await writeFile(file, ['id,Description,Created (UTC),Amount,Currency,Status', ...rows].join('\n') + '\n');
  const page = app.page;
  await openReconciliation(app);
  app.files.nextOpen = file;
  await page.getByRole('button', { name: 'Choose CSV file…' }).click();
  const second = app.faults.inject('add_reconciliation_batch', { kind: 'hold' }, { skip: 1 });
  await page.getByRole('button', { name: 'Reconcile 800,000 rows' }).click({ timeout: 30_000 });

  const bar = page.getByRole('progressbar', { name: 'Import progress' });
  await expect(bar).toBeVisible();
  await expect(bar).toHaveAttribute('aria-valuetext', /20,000 of 800,000 rows/);
  await expect.poll(() => second.hits.length).toBe(1);
  await app.checkScreen('reconciliation-running');
  // The window stays responsive meanwhile: other controls still answer.
  await page.getByRole('button', { name: 'Columns' }).click();
  await expect(page.getByRole('group', { name: 'Visible columns' })).toBeVisible();
  await page.getByRole('button', { name: 'Columns' }).click();
  // Leaving the page does not stop the import; coming back shows it running, with its file, and it can be cancelled.
  const sections = page.getByRole('navigation', { name: 'Sections' });
  await sections.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  await sections.getByRole('link', { name: 'Reconciliation' }).click();
  await expect(bar).toBeVisible();
  await expect(page.getByLabel('File being imported')).toContainText('stripe-year.csv');
  await page.getByRole('button', { name: 'Cancel import' }).click();
  second.release();
  await expect(page.getByText('Import cancelled')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/The run was left open and unreconciled/)).toBeVisible();
  // The cancelled run is listed as not finished, and as an interrupted import that can be resumed or discarded.
  const past = page.getByRole('table', { name: 'Past reconciliation runs' }).getByRole('row', { name: /stripe-year\.csv/ });
  await expect(past).toContainText('Not finished');
  const interrupted = page.getByRole('region', { name: /^Interrupted imports?$/ });
  await expect(interrupted).toContainText('Interrupted import: stripe-year.csv');
  await expect(interrupted).toContainText(/[24]0,000 of 800,000 rows staged/);
  await app.checkScreen('reconciliation-cancelled');
  await interrupted.getByRole('button', { name: 'Discard', exact: true }).click();
  await interrupted.getByRole('button', { name: /^Discard [24]0,000 rows$/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The interrupted import of stripe-year.csv was discarded.' })).toBeVisible();
  await expect(interrupted).toBeHidden();
  await expect(past).toHaveCount(0);
});
