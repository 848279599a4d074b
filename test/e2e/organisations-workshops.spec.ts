// Organisations and workshops in Chromium over the real console core and the seeded local backend: support finds an
// organisation by a pasted web address and changes its plan (second factor, the database's refusal of the tier it
// already has), cancels a registration, records a completion that issues a certificate, and cancels a workshop after
// reading the refunds it will request; finance reads both without any action (which roles see them at all is
// app-frame.spec.ts's); an admin goes on from a cancelled registration to the payments screen's refund dialog, and to an organisation's trends.
import type { Page } from '@playwright/test';
import { expect, test, type ConsoleHarness } from './support/console-fixture.js';

const SUPPORT = 'support@humanglue.dev';
const UPCOMING = 'AI Adoption Fundamentals for Teams';

interface SeedRegistration {
  id: string;
  email: string;
  full_name: string;
}

/** Registrations of the upcoming cohort still `registered`, with their payment's state as the tests need it. */
async function registrations(app: ConsoleHarness, where: string, limit: number): Promise<SeedRegistration[]> {
  let rows: SeedRegistration[] = [];
  await app.withDatabase(async (db) => {
    const result = await db.query<SeedRegistration>(
      `select r.id, u.email, u.full_name
         from public.workshop_registrations r
         join public.workshops w on w.id = r.workshop_id
         join public.users u on u.id = r.user_id
         left join public.payments p on p.id = r.payment_id
        where w.title = $1 and r.status = 'registered' and r.certificate_id is null and ${where}
        order by r.registered_at desc, r.id
        limit ${limit}`,
      [UPCOMING],
    );
    rows = result.rows;
  });
  expect(rows, `registrations of ${UPCOMING} where ${where}`).toHaveLength(limit);
  return rows;
}

async function openUpcomingWorkshop(page: Page) {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Workshops' }).click();
  const filters = page.getByRole('search', { name: 'Filter workshops' });
  await filters.getByLabel('Status').selectOption('published');
  await filters.getByLabel('Search').fill(UPCOMING);
  const rows = page.getByRole('table', { name: 'Workshops' }).locator('tbody tr[data-row-id]');
  await expect(rows).toHaveCount(1);
  await rows.getByRole('link', { name: UPCOMING }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(UPCOMING);
  await expect(page.getByRole('table', { name: 'Registrations' }).locator('tbody tr[data-row-id]').first()).toBeVisible();
}

async function openRegistration(page: Page, registration: SeedRegistration) {
  const row = page.locator(`table[aria-label="Registrations"] tr[data-row-id="${registration.id}"]`);
  await row.getByRole('button', { name: registration.full_name }).click();
  const panel = page.getByRole('complementary', { name: `Registration of ${registration.full_name}` });
  await expect(panel).toBeVisible();
  return { row, panel };
}

test('support finds an organisation by a pasted web address and changes its plan; the tier it already has is refused', async ({ app }) => {
  await app.open();
  await app.signIn(SUPPORT);
  const page = app.page;
  await expect(page.getByRole('heading', { level: 1, name: 'Organisations' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Organisations' });
  await expect(table.locator('tbody tr[data-row-id]')).toHaveCount(4);
  await expect(page.locator('.page-header .subtitle')).toHaveText('4 organisations');
  await app.checkScreen('organisations-table');

  await page.getByRole('search', { name: 'Filter organisations' }).getByLabel('Search').fill('https://www.northwind.example/about');
  await expect(page.locator('.page-header .subtitle')).toHaveText('1 organisation match the filters');
  const row = table.locator('tbody tr[data-row-id]');
  await expect(row).toContainText('Northwind Logistics');
  await expect(row).toContainText('Enterprise');
  await row.getByRole('link', { name: 'Northwind Logistics' }).click();
  await expect(page).toHaveURL(/#\/organisations\/[0-9a-f-]{36}$/);

  const panel = page.getByRole('complementary', { name: 'Organisation Northwind Logistics' });
  await expect(panel.getByRole('list', { name: 'Members' }).getByRole('listitem').first()).toBeVisible();
  await expect(panel.getByRole('list', { name: 'Workshops booked' }).getByRole('listitem').first()).toBeVisible();
  await expect(panel.getByRole('list', { name: 'Engagements' }).getByRole('listitem').first()).toBeVisible();
  // Support may not read payments (SQL sends none) nor trends.
  await expect(panel.getByRole('heading', { name: /Recent payments/ })).toHaveCount(0);
  await expect(panel.getByRole('link', { name: /Adaptability trends/ })).toHaveCount(0);
  await app.checkScreen('organisations-detail');

  await panel.getByRole('button', { name: 'Change plan tier…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Change the plan of Northwind Logistics' });
  await expect(dialog.getByLabel('New plan tier')).toHaveValue('enterprise');
  // A blank reason is caught before anything is sent; the tier it already has is the database's refusal.
  await dialog.getByRole('button', { name: 'Change plan tier' }).click();
  await expect(dialog.getByText('Give a reason')).toBeVisible();
  await dialog.getByLabel('Reason').fill('Renewal signed: ticket CS-4411');
  await dialog.getByRole('button', { name: 'Change plan tier' }).click();
  await expect(dialog.getByRole('alert')).toContainText('is already enterprise');
  await expect(dialog.getByLabel('Reason')).toHaveValue('Renewal signed: ticket CS-4411');
  await app.checkScreen('organisations-tier-refused');

  await dialog.getByLabel('New plan tier').selectOption('growth');
  // A double-click still changes it once.
  await dialog.getByRole('button', { name: 'Change plan tier' }).dblclick();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Northwind Logistics is now on the Growth plan')).toBeVisible();
  await expect(row).toContainText('Growth');
  expect(app.secondFactor.answered, 'the tier change asked for a code (set up on the way)').toBe(1);

  await app.withDatabase(async (db) => {
    const audit = await db.query<{ actor_email: string; reason: string; after: { subscription_tier: string } }>(
      `select actor_email, reason, after from console.audit_log where action = 'organization.set_tier' order by id`,
    );
    expect(audit.rows).toEqual([
      { actor_email: SUPPORT, reason: 'Renewal signed: ticket CS-4411', after: { subscription_tier: 'growth' } },
    ]);
  });
});

test('support cancels a registration, records a completion with its certificate, and cancels the workshop after reading its refunds', async ({
  app,
}) => {
  test.setTimeout(180_000);
  const [paid, learner] = await registrations(app, `p.status = 'succeeded'`, 2);
  await app.open();
  await app.signIn(SUPPORT);
  const page = app.page;
  await openUpcomingWorkshop(page);
  await app.checkScreen('workshops-detail');

  // Cancel one registration: a reason too short is the database's refusal, on the field, and nothing typed is lost.
  const cancelled = await openRegistration(page, paid!);
  await cancelled.panel.getByRole('button', { name: 'Cancel registration…' }).click();
  const cancel = page.getByRole('dialog', { name: `Cancel the registration of ${paid!.full_name}?` });
  await cancel.getByLabel('Reason').fill('no');
  await cancel.getByRole('button', { name: 'Cancel registration' }).click();
  await expect(cancel.getByRole('alert')).toContainText('reason: is required (at least 3 characters)');
  await cancel.getByLabel('Reason').fill('no longer able to attend');
  await cancel.getByRole('button', { name: 'Cancel registration' }).click();
  const cancelledDone = page.getByRole('dialog', { name: 'Registration cancelled' });
  await expect(cancelledDone).toContainText('The seat is free again');
  // Support cannot refund: the dialog says who can.
  await expect(cancelledDone).toContainText('Someone who may refund payments can return it in Payments.');
  await expect(cancelledDone.getByRole('button', { name: 'Refund this payment…' })).toHaveCount(0);
  await app.checkScreen('workshops-registration-cancelled');
  await cancelledDone.getByRole('button', { name: 'Done' }).click();
  await expect(cancelled.row).toContainText('Cancelled');

  // Completion issues the certificate.
  const completed = await openRegistration(page, learner!);
  const attendance = completed.panel.getByRole('form', { name: 'Attendance' });
  await attendance.getByLabel('Completed').check();
  await expect(attendance.getByLabel('Issue the certificate of completion')).toBeChecked();
  await app.checkScreen('workshops-attendance');
  await attendance.getByRole('button', { name: 'Save attendance' }).click();
  await expect(completed.row).toContainText('Completed');
  await expect(completed.panel).toContainText(/Certificate\s*CERT-/);
  await expect(completed.row.locator('[title^="CERT-"]')).toBeVisible();

  // Cancel the workshop: the preview lists the refunds it will request, each waiting for a second approver.
  await page.getByRole('button', { name: 'Change status…' }).click();
  const status = page.getByRole('dialog', { name: `Change the status of ${UPCOMING}` });
  await status.getByLabel('New status').selectOption('cancelled');
  const preview = status.getByRole('table');
  await expect(preview.locator('tbody tr').first()).toBeVisible();
  const refunds = await preview.locator('tbody tr').count();
  await expect(preview.locator('tbody tr', { hasText: 'Awaits a second approver in Payments → Refunds' })).toHaveCount(refunds);
  // The cancelled registration asks for nothing more; the completed one is not cancelled.
  await expect(preview).not.toContainText(paid!.email);
  await expect(preview).not.toContainText(learner!.email);
  await app.checkScreen('workshops-cancel-preview');
  await status.getByRole('button', { name: `Cancel workshop and request ${refunds} refunds` }).click();
  await expect(status.getByText('Give a reason')).toBeVisible();
  await status.getByLabel('Reason').fill('Instructor ill; no replacement available');
  await status.getByRole('button', { name: `Cancel workshop and request ${refunds} refunds` }).click();
  const done = page.getByRole('dialog', { name: 'Workshop cancelled' });
  await expect(done).toContainText(new RegExp(`\\d+ registrations cancelled, ${refunds} refund requests created`));
  await expect(done.getByRole('list', { name: 'Refund requests' }).getByText('Awaiting approval')).toHaveCount(refunds);
  await app.checkScreen('workshops-cancelled');
  await done.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('heading', { level: 1 }).getByText('Cancelled')).toBeVisible();
  await expect(page.getByText('A cancelled workshop stays cancelled.')).toBeVisible();

  await app.withDatabase(async (db) => {
    const result = await db.query<{ refunds: number; pending: number; registered: number; certificate: string | null }>(
      `select (select count(*)::int from public.payment_refunds r where r.idempotency_key like 'workshop-cancel:' || w.id || ':%') as refunds,
              (select count(*)::int from public.payment_refunds r
                where r.idempotency_key like 'workshop-cancel:' || w.id || ':%' and r.status = 'pending_approval') as pending,
              (select count(*)::int from public.workshop_registrations r where r.workshop_id = w.id and r.status = 'registered') as registered,
              (select r.certificate_id::text from public.workshop_registrations r where r.id = $2) as certificate
         from public.workshops w where w.title = $1`,
      [UPCOMING, learner!.id],
    );
    expect(result.rows[0]).toMatchObject({ refunds, pending: refunds, registered: 0 });
    expect(result.rows[0]!.certificate).not.toBeNull();
  });
});

test('finance reads organisations and workshops, with payments, and is offered no action', async ({ app }) => {
  await app.open();
  await app.signIn('finance@humanglue.dev');
  const page = app.page;
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Organisations' }).click();
  await page.getByRole('table', { name: 'Organisations' }).getByRole('link', { name: 'Brightpath Health' }).click();
  const panel = page.getByRole('complementary', { name: 'Organisation Brightpath Health' });
  await expect(panel.getByRole('list', { name: 'Recent payments' }).getByRole('listitem').first()).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Change plan tier…' })).toHaveCount(0);

  await openUpcomingWorkshop(page);
  await expect(page.getByRole('button', { name: 'Change status…' })).toHaveCount(0);
  const first = page.getByRole('table', { name: 'Registrations' }).locator('tbody tr[data-row-id]').first();
  await first.click();
  const registration = page.getByRole('complementary', { name: /^Registration of / });
  await expect(registration).toBeVisible();
  await expect(registration.getByRole('button')).toHaveCount(0);
  await expect(registration.getByRole('form', { name: 'Attendance' })).toHaveCount(0);
});

test("an admin refunds a cancelled registration's payment through the refund dialog, and opens an organisation's trends", async ({
  app,
}) => {
  test.setTimeout(120_000);
  const [paid] = await registrations(app, `p.status = 'succeeded' and p.provider = 'stripe'`, 1);
  await app.open();
  await app.signIn('admin@humanglue.dev');
  const page = app.page;
  await openUpcomingWorkshop(page);
  const { panel, row } = await openRegistration(page, paid!);
  await panel.getByRole('button', { name: 'Cancel registration…' }).click();
  const cancel = page.getByRole('dialog', { name: `Cancel the registration of ${paid!.full_name}?` });
  await cancel.getByLabel('Reason').fill('Asked to move to the next cohort');
  await cancel.getByRole('button', { name: 'Cancel registration' }).click();
  const done = page.getByRole('dialog', { name: 'Registration cancelled' });
  await expect(done).toContainText('refundable');
  await done.getByRole('button', { name: 'Refund this payment…' }).click();

  const refund = page.getByRole('dialog', { name: 'Refund payment' });
  await expect(refund.getByLabel('Reason')).toHaveValue('workshop_cancelled');
  await refund.getByRole('button', { name: 'Review refund' }).click();
  await refund.getByRole('button', { name: /^Refund / }).click();
  const recorded = page.getByRole('dialog', { name: 'Refund recorded' });
  await expect(recorded.getByText(/^Refund (pending at the processor|awaiting a second approver)$/)).toBeVisible();
  await recorded.getByRole('button', { name: 'Done' }).click();
  await expect(row).toContainText('Cancelled');
  // Nothing is left to refund once the refund is requested: the offer is gone.
  await expect(panel.getByRole('button', { name: 'Refund this payment…' })).toHaveCount(0);

  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Organisations' }).click();
  await page.getByRole('table', { name: 'Organisations' }).getByRole('link', { name: 'Kestrel Labs' }).click();
  const org = page.getByRole('complementary', { name: 'Organisation Kestrel Labs' });
  await expect(org.getByRole('button', { name: 'Change plan tier…' })).toBeVisible();
  await org.getByRole('link', { name: 'Adaptability trends →' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Trends' })).toBeVisible();
  await expect(page).toHaveURL(/#\/trends$/);
  await expect(page.getByRole('list', { name: 'Chosen organisations' })).toContainText('Kestrel Labs');
});
