// Console settings: an admin changes one with careless input refused at the field, the change applies at once and is
// in its history and the audit log; other staff have no settings screen; the database refuses what the form would.
import { expect, test } from './support/console-fixture.js';

test('an admin changes the refund threshold: misreadable amounts are refused, the change is audited and shown', async ({ app }) => {
  await app.open();
  await app.signIn('admin@humanglue.dev');
  await app.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Settings' }).click();
  const page = app.page;
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  const card = page.getByRole('region', { name: 'Refund approval threshold' });
  await expect(card.locator('.setting-value')).toHaveText('1,000.00');
  await app.checkScreen('settings');

  const value = card.getByLabel('New value');
  const save = card.getByRole('button', { name: 'Save' });
  for (const [typed, reason] of [
    ['1,500', /without separators/],
    ['1.500,00', /without separators/],
    ['-10', /cannot be negative/],
    ['1e3', /plain number/],
    ['12.345', /at most 2 decimals/],
    ['99999999999', /Allowed: 0 to 9,999,999,999.99/],
  ] as const) {
    await value.fill(typed);
    await expect(card.getByRole('alert')).toHaveText(reason);
    await expect(save).toBeDisabled();
  }
  await value.fill('1000');
  await expect(card.getByText('That is the current value.')).toBeVisible();
  await expect(save).toBeDisabled();
  await app.checkScreen('settings-refused');

  await value.fill('750.50');
  await card.getByLabel('Reason').fill('Quarterly risk review');
  await save.dblclick(); // a double click saves once
  await expect(page.getByRole('status').filter({ hasText: 'Refund approval threshold is now 750.50' })).toBeVisible();
  await expect(card.locator('.setting-value')).toHaveText('750.50');
  await expect(card.getByText(/admin@humanglue\.dev, /)).toBeVisible();
  const history = card.getByRole('region', { name: 'Recent changes' });
  await expect(history.getByRole('listitem').first()).toContainText('1,000.00 → 750.50 by admin@humanglue.dev');
  await expect(history.getByRole('listitem').first()).toContainText('Quarterly risk review');
  await expect(value).toHaveValue('');

  await app.withDatabase(async (db) => {
    const setting = await db.query<{ value: string }>(`select value::text from console.settings where key = 'refund_approval_threshold'`);
    expect(setting.rows[0]!.value).toBe('750.5');
    const audit = await db.query<{ n: number }>(
      `select count(*)::int as n from console.audit_log where action = 'setting.update' and entity_id = 'refund_approval_threshold'`,
    );
    expect(audit.rows[0]!.n).toBe(1);
  });
  await app.checkScreen('settings-changed');
});

test('a whole-number setting refuses decimals and its range; the database refuses what the form would', async ({ app }) => {
  await app.open();
  await app.signIn('admin@humanglue.dev');
  await app.page.getByRole('link', { name: 'Settings' }).click();
  const card = app.page.getByRole('region', { name: 'Trend anonymity minimum' });
  const value = card.getByLabel('New value');
  await value.fill('2');
  await expect(card.getByRole('alert')).toHaveText('Allowed: 3 to 1,000 responses.');
  await value.fill('4.5');
  await expect(card.getByRole('alert')).toHaveText('Use a whole number.');
  // Around the form, a password-only session is refused before anything else: a setting needs a second factor.
  const send = (n: number) =>
    app.core().router.handle('settings:update', { key: 'trend_min_responses', value: n }, { url: app.page.url() });
  expect(await send(2)).toMatchObject({ ok: false, error: { code: 'step_up' } });
  // With one (the prompt answered on the way), the database refuses what the form would, in words.
  await value.fill('6');
  await card.getByRole('button', { name: 'Save' }).click();
  await expect(card.locator('.setting-value')).toHaveText('6 responses');
  const direct = await send(2);
  expect(direct.ok).toBe(false);
  expect(direct.ok ? '' : direct.error.message).toMatch(/between 3 and 1000 responses/);
});
