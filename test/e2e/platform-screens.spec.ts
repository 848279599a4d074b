// Engagements, talent, certificates and assessments over the real console core and the seeded local database:
// support works each (the hour budget refusing in the schema's words, testimonials verified and rejected, an edit
// after opening one, a certificate found by its pasted link, verified, revoked), moderators see talent only, admins
// read assessments as scores without answers. Which sections each role sees is app-frame.spec.ts's.
import type { Page } from '@playwright/test';
import { expect, test, type ConsoleHarness } from './support/console-fixture.js';

const SUPPORT = 'support@humanglue.dev';

// Several screens are photographed and axe-checked in both themes per test, on a shared two-core machine.
test.describe.configure({ timeout: 180_000 });

const nav = (page: Page) => page.getByRole('navigation', { name: 'Sections' });
const rowsOf = (page: Page, table: string) => page.getByRole('table', { name: table, exact: true }).locator('tbody tr[data-row-id]');

async function open(app: ConsoleHarness, email: string, section: string) {
  await app.open();
  await app.signIn(email);
  await nav(app.page).getByRole('link', { name: section }).click();
  await expect(app.page.getByRole('heading', { level: 1, name: section })).toBeVisible();
}

/** The signed-in user's audit entries with this action, through the same router the UI uses. */
async function audited(app: ConsoleHarness, action: string) {
  const result = await app.core().router.handle('audit:list', { filters: { action }, limit: 50 }, { url: app.page.url() });
  if (!result.ok) throw new Error(result.error.message);
  return (result.value as { rows: { entity_id: string | null; reason: string | null }[] }).rows;
}

test('support reads engagements and their sessions; the hour budget refuses in the schema’s words and keeps what was typed', async ({
  app,
}) => {
  await open(app, SUPPORT, 'Engagements');
  const page = app.page;
  await expect(rowsOf(page, 'Engagements').first()).toBeVisible();
  await app.checkScreen('engagements-list');

  await page.getByLabel('Search').fill('network operations');
  await expect(rowsOf(page, 'Engagements')).toHaveCount(1);
  const row = rowsOf(page, 'Engagements').first();
  await expect(row).toContainText('36 / 40 h');
  await expect(row).toContainText('Northwind Logistics');
  // The engagement's name is a button: the keyboard opens it too.
  await row.getByRole('button', { name: /AI adoption roadmap for network operations/ }).focus();
  await page.keyboard.press('Enter');
  const detail = page.getByRole('region', { name: 'AI adoption roadmap for network operations' });
  await expect(detail).toContainText('4 h left');
  const sessions = detail.getByRole('table', { name: 'Sessions of AI adoption roadmap for network operations' });
  await expect(sessions.locator('tbody tr')).toHaveCount(13);
  await app.checkScreen('engagements-detail');

  // The one cancelled session, marked completed: careless lengths are refused at the field, in words.
  const cancelled = sessions.locator('tbody tr', { hasText: 'Cancelled' });
  await cancelled.getByRole('button', { name: /^Change the session of/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Change the session' });
  await dialog.getByLabel('Status').selectOption('completed');
  const hours = dialog.getByLabel('Length in hours');
  await hours.fill('1,5');
  await expect(dialog.getByText('Use a point for decimals: write 1.5, not “1,5”.')).toBeVisible();
  await hours.fill('2h');
  await expect(dialog.getByText('Type only the number of hours, such as 2, without “h”.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Save session' }).click();
  await expect(dialog).toBeVisible();

  // 36 completed hours + 5.5 is over the 40-hour budget: the trigger's sentence, detail and hint, as written.
  await hours.fill('5.5');
  await dialog.getByLabel('Reason (optional)').fill('The client confirmed the session took place');
  await dialog.getByRole('button', { name: 'Save session' }).click();
  const refusal = dialog.getByRole('alert').filter({ hasText: 'Not changed' });
  await expect(refusal).toContainText("session would exceed the engagement's hour budget (41.50 of 40.00 hours)");
  await expect(refusal).toContainText("Raise the engagement's hours_total first, or shorten the session.");
  await expect(hours).toHaveValue('5.5');
  await expect(dialog.getByLabel('Status')).toHaveValue('completed');
  await expect(dialog.getByLabel('Reason (optional)')).toHaveValue('The client confirmed the session took place');
  await app.checkScreen('engagements-budget-refused');

  // Within the budget it goes through: the list and the detail show the budget used up.
  await hours.fill('4');
  await dialog.getByRole('button', { name: 'Save session' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Session completed, 4 h · 40 / 40 h used' })).toBeVisible();
  await expect(row).toContainText('40 / 40 h');
  await expect(detail).toContainText('No hours left');
  await expect(sessions.locator('tbody tr', { hasText: 'Cancelled' })).toHaveCount(0);
  const entries = await audited(app, 'session.set_status');
  expect(entries).toHaveLength(1);
  expect(entries[0]!.reason).toBe('The client confirmed the session took place');
});

test('support verifies and rejects testimonials; one the expert edits after it was opened is reloaded, not overwritten', async ({
  app,
}) => {
  await open(app, SUPPORT, 'Talent');
  const page = app.page;
  await expect(
    page.getByText('An expert’s edit to the quote, client or metric removes the verified badge and sends it back to this queue.'),
  ).toBeVisible();
  const queue = () => rowsOf(page, 'Testimonials');
  await expect(queue().first()).toBeVisible();
  const pane = page.getByRole('complementary', { name: 'Testimonial' });
  await app.checkScreen('testimonials-queue');

  // Hannah Weiss's testimonial is opened, then its expert rewrites the quote.
  await queue().filter({ hasText: 'Hannah Weiss' }).click();
  await expect(pane).toContainText('Priya sat with our branch managers');
  await app.withDatabase(async (db) => {
    await db.query(`update public.talent_testimonials set quote = $1 where client_name = 'Hannah Weiss'`, [
      'Priya stayed with our branch managers until the new credit workflow was theirs.',
    ]);
  });
  await pane.getByRole('button', { name: /^Verify/ }).click();
  const notice = page.getByRole('status').filter({ hasText: 'Edited after you opened it' });
  await expect(notice).toContainText(/was changed at .* after you opened it/);
  await expect(notice).toContainText('It has been reloaded with what it says now.');
  await expect(pane).toContainText('Priya stayed with our branch managers');

  // Read again, it is verified: it leaves the pending queue.
  await pane.getByRole('button', { name: /^Verify/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Testimonial from Hannah Weiss verified.' })).toBeVisible();
  await expect(queue().filter({ hasText: 'Hannah Weiss' })).toHaveCount(0);

  // Reject the active one by keyboard: r opens the dialog; a reason is required.
  const active = page.locator('tbody tr.active');
  const client = (await active.locator('td').nth(2).textContent())!;
  await page.keyboard.press('r');
  const dialog = page.getByRole('dialog', { name: 'Reject this testimonial' });
  await dialog.getByRole('button', { name: 'Reject testimonial' }).click();
  await expect(dialog.getByText('Give a reason: it is kept in the audit log.')).toBeVisible();
  await app.checkScreen('testimonials-reject');
  await dialog.getByLabel('Reason (required)').fill('The metric cannot be confirmed with the client.');
  await dialog.getByRole('button', { name: 'Reject testimonial' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: /^Testimonial from .* rejected\./ })).toBeVisible();

  await page.getByRole('radio', { name: 'Rejected' }).check();
  const rejected = queue().filter({ hasText: client.split(',')[0]! });
  await expect(rejected.first()).toBeVisible();
  await rejected.first().click();
  await expect(pane).toContainText('The metric cannot be confirmed with the client.');
  await expect(pane).toContainText(`Rejected by ${SUPPORT}`);
  await page.getByRole('radio', { name: 'Verified' }).check();
  await expect(queue().filter({ hasText: 'Hannah Weiss' })).toHaveCount(1);

  expect(await audited(app, 'testimonial.verify')).toHaveLength(1);
  const rejects = await audited(app, 'testimonial.reject');
  expect(rejects.map((entry) => entry.reason)).toContain('The metric cannot be confirmed with the client.');
});

test('support finds a certificate by its pasted verification link, checks it as the public does, revokes it, and the check says revoked', async ({
  app,
}) => {
  await open(app, SUPPORT, 'Certificates');
  const page = app.page;
  await expect(rowsOf(page, 'Certificates').first()).toBeVisible();
  // A valid certificate the platform has verified (the public page confirms it).
  const listed = await app.core().router.handle('certificates:list', { filters: { state: 'valid' }, limit: 200 }, { url: page.url() });
  if (!listed.ok) throw new Error(listed.error.message);
  const rows = (listed.value as { rows: { certificate_number: string; email: string; is_verified: boolean }[] }).rows;
  const certificate = rows.find((row) => row.is_verified)!;
  const number = certificate.certificate_number;

  // A person's email finds theirs; the verification link as pasted finds exactly the one.
  const find = page.getByLabel('Find a certificate');
  await find.fill(certificate.email);
  await expect(rowsOf(page, 'Certificates').filter({ hasText: number })).toHaveCount(1);
  await find.fill(`https://humanglue.dev/verify/${number.toLowerCase()}`);
  await expect(rowsOf(page, 'Certificates')).toHaveCount(1);
  const panel = page.getByRole('complementary', { name: number });
  await panel.getByRole('button', { name: 'Verify as the public sees it' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'Valid: the public page confirms this certificate.' })).toBeVisible();
  await expect(panel.getByRole('definition').filter({ hasText: number })).toBeVisible();

  await panel.getByRole('button', { name: 'Revoke…' }).click();
  const dialog = page.getByRole('dialog', { name: `Revoke ${number}?` });
  await dialog.getByRole('button', { name: 'Revoke certificate' }).click();
  await expect(dialog.getByText('Give a reason: it is kept in the audit log.')).toBeVisible();
  await dialog.getByLabel('Reason (required)').fill('Issued for a registration that was cancelled.');
  await dialog.getByRole('button', { name: 'Revoke certificate' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: `${number} revoked.` })).toBeVisible();
  await expect(rowsOf(page, 'Certificates').first()).toContainText('revoked');

  await panel.getByRole('button', { name: 'Verify as the public sees it' }).click();
  await expect(panel.getByRole('alert').filter({ hasText: 'Revoked: the public page says this certificate was revoked.' })).toBeVisible();
  await expect(panel).toContainText('Issued for a registration that was cancelled.');
  await expect(panel.getByRole('button', { name: 'Revoke…' })).toHaveCount(0);
  await app.checkScreen('certificates-revoked');

  await find.fill('');
  await page.getByLabel('State').selectOption('revoked');
  await expect(rowsOf(page, 'Certificates').filter({ hasText: number })).toHaveCount(1);
  const entries = await audited(app, 'certificate.revoke');
  expect(entries.map((entry) => entry.reason)).toContain('Issued for a registration that was cancelled.');
});

test('a moderator has talent and its testimonial queue, and none of the other platform tables', async ({ app }) => {
  await open(app, 'moderator@humanglue.dev', 'Talent');
  const page = app.page;
  const labels = await nav(page).locator('.nav-label').allTextContents();
  expect(labels).toContain('Talent');
  for (const section of ['Engagements', 'Certificates', 'Assessments', 'Organisations', 'Workshops']) expect(labels).not.toContain(section);
  await expect(page.getByRole('complementary', { name: 'Testimonial' }).getByRole('button', { name: /^Verify/ })).toBeVisible();

  await page.getByRole('link', { name: 'Expert profiles' }).click();
  const experts = rowsOf(page, 'Expert profiles');
  await expect(experts.first()).toBeVisible();
  await app.checkScreen('talent-experts');
  // An expert with testimonials waiting opens them in the queue.
  const waiting = experts.filter({ has: page.locator('.badge.warn[title="Testimonials waiting for verification"]') }).first();
  const name = (await waiting.getByRole('button').locator('span').first().textContent())!;
  await waiting.click();
  await expect(page.getByText(`Expert: ${name}`)).toBeVisible();
  await expect(rowsOf(page, 'Testimonials').first()).toContainText(name);

  await page.evaluate(() => (window.location.hash = '#/engagements'));
  await expect(page.getByRole('alert')).toContainText('do not include engagements');
});

test('an admin reads an organisation’s assessments as scores, never answers', async ({ app }) => {
  await open(app, 'admin@humanglue.dev', 'Assessments');
  const page = app.page;
  await expect(page.getByRole('status').filter({ hasText: 'Choose an organisation' })).toBeVisible();
  await page.getByLabel('Find an organisation').fill('Northwind');
  await page.getByLabel('Organisation', { exact: true }).selectOption({ label: 'Northwind Logistics' });
  const table = page.getByRole('table', { name: 'Assessments of Northwind Logistics' });
  const headers = await table.locator('thead th').allTextContents();
  expect(headers.map((header) => header.replace(/[▲▼↕]/g, '').trim())).toEqual([
    'Person',
    'Status',
    'Completed',
    'Individual',
    'Leadership',
    'Cultural',
    'Embedding',
    'Velocity',
    'Overall',
  ]);
  const completed = table.locator('tbody tr[data-row-id]', { hasText: 'completed' }).first();
  await expect(completed).toBeVisible();
  const scores = await completed.locator('td.num').allTextContents();
  expect(scores).toHaveLength(6);
  expect(scores.every((score) => /^\d{1,3}$/.test(score))).toBe(true);
  await expect(page.locator('main')).not.toContainText(/question|answer_/i);
  await app.checkScreen('assessments');

  await page.getByLabel('Status').selectOption('in_progress');
  await expect(table.locator('tbody tr[data-row-id]', { hasText: 'completed' })).toHaveCount(0);
});
