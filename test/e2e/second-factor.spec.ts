// A second factor for money and access (issue 16): the database refuses a refund, a role change or a setting to a
// password-only session; the console asks for a code in place (or sets an authenticator app up first) and the action
// then happens once. Codes are computed from the key the set-up shows, as an authenticator app would.
import type { Page } from '@playwright/test';
import { totpCode } from '../../electron/main/local-backend/gotrue-mfa.js';
import { expect, test, type ConsoleHarness } from './support/console-fixture.js';

async function manualPayment(app: ConsoleHarness): Promise<string> {
  let id = '';
  await app.withDatabase(async (db) => {
    const result = await db.query<{ id: string }>(
      `select p.id from public.payments p
        where p.status = 'succeeded' and p.provider = 'manual' and p.currency = 'USD' and p.amount >= 50
          and not exists (select 1 from public.payment_refunds r where r.payment_id = p.id)
        order by p.id limit 1`,
    );
    id = result.rows[0]!.id;
  });
  return id;
}

async function refundRows(app: ConsoleHarness, paymentId: string): Promise<number> {
  let n = -1;
  await app.withDatabase(async (db) => {
    n = (await db.query<{ n: number }>('select count(*)::int as n from public.payment_refunds where payment_id = $1', [paymentId])).rows[0]!
      .n;
  });
  return n;
}

const prompt = (page: Page) => page.getByRole('dialog', { name: 'Confirm it is you' });

test('a refund asks a person with no factor to set one up in place, then goes through once', async ({ app }) => {
  test.slow();
  app.secondFactor.auto = false;
  const paymentId = await manualPayment(app);
  await app.open();
  await app.signIn('finance@humanglue.dev');
  const page = app.page;
  await page.evaluate((id) => (window.location.hash = `#/payments/${id}`), paymentId);
  await page.getByRole('button', { name: 'Refund…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Refund payment' });
  await dialog.getByLabel(/^Amount/).fill('5');
  await dialog.getByLabel('Reason').selectOption('requested_by_customer');
  await dialog.getByRole('button', { name: 'Review refund' }).click();
  await dialog.getByRole('button', { name: 'Refund USD 5.00' }).click();

  // The database refused the password-only session; the prompt sets up an authenticator app.
  await expect(prompt(page).getByText('Set up a second factor first')).toBeVisible();
  await prompt(page).getByRole('button', { name: 'Show the QR code' }).click();
  await expect(prompt(page).getByRole('img', { name: 'QR code to scan with your authenticator app' })).toBeVisible();
  const secret = (await prompt(page).getByLabel('Setup key').textContent())!.replace(/\s+/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await app.checkScreen('step-up-enrol');

  const code = prompt(page).getByLabel('Code from your authenticator app');
  await code.fill('12345');
  await prompt(page).getByRole('button', { name: 'Verify and turn on' }).click();
  await expect(prompt(page).getByRole('alert')).toHaveText('The code has 6 digits; this has 5.');
  await code.fill(totpCode(secret, new Date(Date.now() + 5 * 60_000)));
  await prompt(page).getByRole('button', { name: 'Verify and turn on' }).click();
  await expect(prompt(page).getByRole('alert')).toContainText('not right');
  const now = totpCode(secret);
  await code.fill(`${now.slice(0, 3)} ${now.slice(3)}`); // as the app shows it
  await prompt(page).getByRole('button', { name: 'Verify and turn on' }).click();

  // The refund went on by itself, once.
  await expect(page.getByRole('dialog', { name: 'Refund recorded' }).getByText('Refund succeeded')).toBeVisible();
  await page
    .getByRole('dialog', { name: 'Refund recorded' })
    .getByRole('button', { name: /Close|Done/ })
    .click();
  expect(await refundRows(app, paymentId)).toBe(1);

  // A new sign-in is password-only again: the next refund asks for a code (the set-up's code is spent).
  await page.getByRole('button', { name: 'Sign out' }).click();
  await app.signIn('finance@humanglue.dev');
  await page.evaluate((id) => (window.location.hash = `#/payments/${id}`), paymentId);
  await page.getByRole('button', { name: 'Refund…' }).click();
  await dialog.getByLabel(/^Amount/).fill('1');
  await dialog.getByLabel('Reason').selectOption('duplicate');
  await dialog.getByRole('button', { name: 'Review refund' }).click();
  await dialog.getByRole('button', { name: 'Refund USD 1.00' }).click();
  await expect(prompt(page).getByText('needs the code your authenticator app shows now')).toBeVisible();
  await prompt(page).getByLabel('Code from your authenticator app').fill(now);
  await prompt(page).getByRole('button', { name: 'Confirm' }).click();
  await expect(prompt(page).getByRole('alert')).toContainText('already used');
  await app.checkScreen('step-up-code');
  await prompt(page)
    .getByLabel('Code from your authenticator app')
    .fill(totpCode(secret, new Date(Date.now() + 30_000)));
  await prompt(page).getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('dialog', { name: 'Refund recorded' }).getByText('Refund succeeded')).toBeVisible();
  expect(await refundRows(app, paymentId)).toBe(2);
});

test('cancelling the prompt leaves the action undone and says why; the security screen lists and removes factors', async ({ app }) => {
  test.slow();
  await app.open();
  await app.signIn('admin@humanglue.dev');
  const page = app.page;
  // Set up through the security screen (the fixture answers the prompt from here on).
  await page.getByRole('link', { name: 'Sign-in security' }).click();
  await expect(page.getByText('No second factor yet')).toBeVisible();
  await app.checkScreen('security-none');
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await page.getByLabel('Name of this device').fill('Work phone');
  await page.getByRole('button', { name: 'Show the QR code' }).click();
  app.secondFactor.secret = (await page.getByLabel('Setup key').textContent())!.replace(/\s+/g, '');
  await page.getByLabel('Code from your authenticator app').fill(await app.secondFactor.code());
  await page.getByRole('button', { name: 'Verify and turn on' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: 'Work phone' })).toBeVisible();
  await expect(page.getByText('confirmed with a code')).toBeVisible();
  await app.checkScreen('security-factor');

  // Password-only again, the admin cancels the prompt: no role granted, and the refusal says why.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await app.signIn('admin@humanglue.dev');
  app.secondFactor.auto = false;
  await page.getByRole('link', { name: 'Settings' }).click();
  const card = page.getByRole('region', { name: 'Idle lock' });
  await card.getByLabel('New value').fill('20');
  await card.getByRole('button', { name: 'Save' }).click();
  await prompt(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(card.getByText('Enter a code from your authenticator app to do this.')).toBeVisible();
  await expect(card.locator('.setting-value')).toHaveText('15 minutes');
  app.secondFactor.auto = true;
  await card.getByRole('button', { name: 'Save' }).click();
  await expect(card.locator('.setting-value')).toHaveText('20 minutes');

  // Locked with a factor set up: the password, then a code.
  await page.evaluate(() => window.__hgDispatch?.('event:session:lock', { reason: 'os_locked' }));
  const unlock = page.getByRole('form', { name: 'Unlock with your password' });
  await unlock.getByLabel('Password').fill('HumanGlue-demo-2026!');
  await unlock.getByRole('button', { name: 'Unlock' }).click();
  const withCode = page.getByRole('form', { name: 'Unlock with a code' });
  await withCode.getByLabel('Code from your authenticator app').fill(await app.secondFactor.code());
  await withCode.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'The console is locked' })).toBeHidden();
  await expect(card.locator('.setting-value')).toHaveText('20 minutes');
});

test('the console locks when the OS locks the screen and after the idle time; the password unlocks it as it was', async ({ app }) => {
  test.slow();
  await app.page.clock.install();
  await app.open();
  await app.signIn('admin@humanglue.dev');
  const page = app.page;
  await page.getByRole('link', { name: 'Users and access' }).click();
  const search = page.getByLabel('Search', { exact: true });
  await search.fill('kestrel');

  // The OS locked the screen: main says so.
  await page.evaluate(() => window.__hgDispatch?.('event:session:lock', { reason: 'os_locked' }));
  const locked = page.getByRole('heading', { level: 1, name: 'The console is locked' });
  await expect(locked).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Sections' })).toBeHidden();
  await expect(page.getByText('kestrel')).toHaveCount(0); // nothing of the screen behind the lock is readable
  await app.checkScreen('idle-lock');
  const unlock = page.getByRole('form', { name: 'Unlock with your password' });
  await unlock.getByLabel('Password').fill('not it');
  await unlock.getByRole('button', { name: 'Unlock' }).click();
  await expect(unlock.getByText('Wrong password.')).toBeVisible();
  await unlock.getByLabel('Password').fill('HumanGlue-demo-2026!');
  await unlock.getByRole('button', { name: 'Unlock' }).click();
  await expect(locked).toBeHidden();
  await expect(search).toHaveValue('kestrel'); // the screen is as it was

  // Fifteen idle minutes (the default) lock it again.
  await page.clock.fastForward('15:10');
  await expect(locked).toBeVisible();
});
