// Users and access, and the audit log that records every change made there.
import { expect, test, type ConsoleHarness } from './support/console-fixture.js';

async function openUser(app: ConsoleHarness, email: string) {
  await app.page.getByRole('link', { name: 'Users and access' }).click();
  await app.page.getByLabel('Search').fill(email);
  const row = app.page.getByRole('table', { name: 'Users' }).locator('tbody tr', { hasText: email });
  await expect(row).toHaveCount(1);
  await row.click();
  const panel = app.page.getByRole('complementary', { name: `Access of ${email}` });
  await expect(panel).toBeVisible();
  return { row, panel };
}

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

test('an admin grants a role with an expiry; an expiry in the past is refused; audit shows the grant readably', async ({ app }) => {
  await app.open();
  await app.signIn('admin@humanglue.dev');
  const { row, panel } = await openUser(app, 'user@humanglue.dev');
  await expect(panel.getByRole('region', { name: 'Second factor' })).toContainText('None.');
  await app.checkScreen('users-table');

  const grant = panel.getByRole('form', { name: 'Grant a role' });
  await grant.getByLabel('Role').selectOption('moderator');
  await grant.getByLabel('Expires').fill('2020-01-01');
  await grant.getByRole('button', { name: 'Grant role' }).click();
  await expect(grant.getByRole('alert')).toContainText('must be in the future');
  await app.checkScreen('users-grant-refused');

  await grant.getByLabel('Expires').fill(isoDay(30));
  await grant.getByLabel('Reason').fill('Covering the queue while Sam is away');
  await grant.getByRole('button', { name: 'Grant role' }).click();
  await expect(row).toContainText(/moderator · until \d+ \w+ \d{4}/);
  await expect(panel.getByRole('button', { name: /Revoke moderator · until/ })).toBeVisible();
  expect(app.secondFactor.answered, 'granting a role asked for a code once (set up on the way)').toBe(1);

  await app.page.getByRole('link', { name: 'Audit log' }).click();
  const entry = app.page.getByRole('table', { name: 'Audit entries' }).locator('tbody tr', { hasText: 'role.grant' }).first();
  await expect(entry).toContainText('Covering the queue while Sam is away');
  await entry.click();
  const detail = app.page.getByRole('complementary', { name: 'Audit entry' });
  const changes = detail.getByRole('table', { name: 'What changed' });
  await expect(changes.locator('tr', { hasText: 'role' }).first()).toContainText('moderator');
  await app.checkScreen('audit-entry');
});

test('an admin cannot remove their own admin role or suspend themselves; suspending and reactivating another user works', async ({
  app,
}) => {
  await app.open();
  await app.signIn('admin@humanglue.dev');
  const self = await openUser(app, 'admin@humanglue.dev');
  await self.panel.getByRole('button', { name: /^Revoke admin$/ }).click();
  const dialog = app.page.getByRole('dialog', { name: /Revoke admin/ });
  await dialog.getByRole('button', { name: 'Revoke role' }).click();
  await expect(dialog.getByRole('alert')).toContainText('you cannot remove your own admin role');
  await app.checkScreen('users-self-demotion');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await self.panel.getByRole('button', { name: 'Suspend…' }).click();
  const suspendSelf = app.page.getByRole('dialog', { name: /Suspend admin@humanglue.dev/ });
  await suspendSelf.getByRole('button', { name: 'Suspend' }).click();
  await expect(suspendSelf.getByRole('alert')).toContainText('you cannot suspend or deactivate yourself');
  await suspendSelf.getByRole('button', { name: 'Cancel' }).click();

  const other = await openUser(app, 'client@humanglue.dev');
  await other.panel.getByRole('button', { name: 'Suspend…' }).click();
  const suspend = app.page.getByRole('dialog', { name: /Suspend client@humanglue.dev/ });
  await suspend.getByLabel('Reason').fill('Chargeback under review');
  await suspend.getByRole('button', { name: 'Suspend' }).click();
  await expect(other.row).toContainText('suspended');
  await other.panel.getByRole('button', { name: 'Reactivate…' }).click();
  await app.page
    .getByRole('dialog', { name: /Reactivate/ })
    .getByRole('button', { name: 'Reactivate' })
    .click();
  await expect(other.row).toContainText('active');

  await app.page.getByRole('link', { name: 'Audit log' }).click();
  await app.page.getByLabel('Action', { exact: true }).fill('user.set_status');
  const entries = app.page.getByRole('table', { name: 'Audit entries' }).locator('tbody tr');
  await expect(entries).toHaveCount(2);
  await entries.last().click();
  await expect(app.page.getByRole('complementary', { name: 'Audit entry' }).getByRole('table', { name: 'What changed' })).toContainText(
    'suspended',
  );
  await app.checkScreen('audit-table');
});

test('staff other than admins see only their own audit entries; finance cannot open users', async ({ app }) => {
  await app.open();
  await app.signIn('finance@humanglue.dev');
  await expect(app.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Users and access' })).toHaveCount(0);
  await app.page.evaluate(() => (window.location.hash = '#/users'));
  await expect(app.page.getByRole('alert')).toContainText('do not include users and access');
  await app.page.getByRole('link', { name: 'Audit log' }).click();
  await expect(app.page.getByText("Showing your own actions. Admins see everyone's.")).toBeVisible();
  const actors = await app.page.getByRole('table', { name: 'Audit entries' }).locator('tbody tr td:nth-child(2)').allTextContents();
  expect(actors.every((actor) => actor === 'finance@humanglue.dev')).toBe(true);
});
