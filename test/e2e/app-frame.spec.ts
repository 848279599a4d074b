// The desktop app's frame in Chromium over the real console core: sign-in per role, refusals, sign-out, restart,
// an ended session, connection settings. Each screen is photographed in light and dark and checked with axe.
import { expect, test } from './support/console-fixture.js';

const ROLES = [
  {
    email: 'admin@humanglue.dev',
    sections: [
      'Moderation',
      'Payments',
      'Reconciliation',
      'Trends',
      'Organisations',
      'Workshops',
      'Engagements',
      'Talent',
      'Certificates',
      'Assessments',
      'Users and access',
      'Settings',
      'Audit log',
      'Sign-in security',
      'Connection',
    ],
  },
  { email: 'moderator@humanglue.dev', sections: ['Moderation', 'Talent', 'Audit log', 'Sign-in security', 'Connection'] },
  {
    email: 'finance@humanglue.dev',
    sections: ['Payments', 'Reconciliation', 'Organisations', 'Workshops', 'Audit log', 'Sign-in security', 'Connection'],
  },
  {
    email: 'support@humanglue.dev',
    sections: ['Organisations', 'Workshops', 'Engagements', 'Talent', 'Certificates', 'Audit log', 'Sign-in security', 'Connection'],
  },
  { email: 'leadership@humanglue.dev', sections: ['Trends', 'Audit log', 'Sign-in security', 'Connection'] },
];

/** Every section with a capability, by its navigation label: the address each role is refused by when it lacks it. */
const SECTION_IDS: Record<string, string> = {
  Moderation: 'moderation',
  Payments: 'payments',
  Reconciliation: 'reconciliation',
  Trends: 'trends',
  Organisations: 'organisations',
  Workshops: 'workshops',
  Engagements: 'engagements',
  Talent: 'talent',
  Certificates: 'certificates',
  Assessments: 'assessments',
  'Users and access': 'users',
  Settings: 'settings',
  'Audit log': 'audit',
};

test('the sign-in screen lists the demo staff accounts on the local backend', async ({ app }) => {
  await app.open();
  await expect(app.page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(app.page.getByText('Local backend with demo data')).toBeVisible();
  const demo = app.page.getByRole('region', { name: 'Demo staff accounts' }).or(app.page.locator('section[aria-labelledby="demo-title"]'));
  for (const role of ['admin', 'moderator', 'finance', 'leadership', 'support'])
    await expect(demo.getByText(role, { exact: true }).first()).toBeVisible();
  // One click fills the form.
  await demo.getByRole('button', { name: /finance2@humanglue\.dev/ }).click();
  await expect(app.page.getByLabel('Email')).toHaveValue('finance2@humanglue.dev');
  await app.checkScreen('sign-in');
});

for (const role of ROLES) {
  test(`${role.email} sees only the sections the role allows`, async ({ app }) => {
    await app.open();
    await app.signIn(role.email);
    const nav = app.page.getByRole('navigation', { name: 'Sections' });
    await expect(nav.getByRole('link').first()).toBeVisible();
    expect(await nav.locator('.nav-label').allTextContents()).toEqual(role.sections);
    // The first allowed section opens, and every section outside the role, opened by its address, says so
    // instead of loading anything.
    await expect(app.page.getByRole('heading', { level: 1, name: role.sections[0] })).toBeVisible();
    if (role.email.startsWith('admin')) await app.checkScreen('frame-admin');
    for (const [label, id] of Object.entries(SECTION_IDS).filter(([label]) => !role.sections.includes(label))) {
      await app.page.evaluate((hash) => (window.location.hash = hash), `#/${id}`);
      await expect(app.page.getByRole('alert'), id).toContainText(`do not include ${label.toLowerCase()}`);
      await expect(app.page.locator('main table'), id).toHaveCount(0);
    }
  });
}

test('a signed-in user without a staff role is refused and signed out', async ({ app }) => {
  await app.open();
  await app.signIn('user@humanglue.dev');
  await expect(app.page.getByRole('heading', { name: 'No console access' })).toBeVisible();
  await app.checkScreen('no-access');
  await app.page.getByRole('button', { name: 'Back to sign-in' }).click();
  await expect(app.page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  // Nothing was kept: a restart lands on sign-in, not in the console.
  await app.restart();
  await expect(app.page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});

test('a wrong password says so and keeps the email', async ({ app }) => {
  await app.open();
  await app.signIn('admin@humanglue.dev', 'not-the-password');
  await expect(app.page.getByRole('alert')).toContainText(/email or password/i);
  await expect(app.page.getByLabel('Email')).toHaveValue('admin@humanglue.dev');
  await app.checkScreen('sign-in-error');
});

test('sign-out returns to sign-in and the next start stays signed out', async ({ app }) => {
  await app.open();
  await app.signIn('moderator@humanglue.dev');
  await expect(app.page.getByRole('navigation', { name: 'Sections' })).toBeVisible();
  await app.page.getByRole('button', { name: 'Sign out' }).click();
  await expect(app.page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await app.restart();
  await expect(app.page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});

test('a restart restores the session and the page the user was on', async ({ app }) => {
  await app.open();
  await app.signIn('finance@humanglue.dev');
  await app.page.getByRole('link', { name: 'Reconciliation' }).click();
  await expect(app.page).toHaveURL(/#\/reconciliation$/);
  await app.restart();
  await expect(app.page.getByRole('heading', { level: 1, name: 'Reconciliation' })).toBeVisible();
  await expect(app.page.getByText('finance', { exact: true })).toBeVisible();
});

test('a session ended on the server returns to sign-in with the reason, then back to the same page', async ({ app }) => {
  await app.open();
  await app.signIn('admin@humanglue.dev');
  await app.page.getByRole('link', { name: 'Audit log' }).click();
  await expect(app.page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  // Every session is revoked on the server ("sign out everywhere"), then the console makes its next call.
  await app.withDatabase(async (db) => {
    await db.query('delete from auth.sessions');
  });
  // The console may notice at once (the new core checks the stored session with GoTrue as it starts) or at the next
  // call; going to another page works either way, where a click on its link could meet the frame already gone.
  await app.page.evaluate(() => (window.location.hash = '#/connection'));
  await expect(app.page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(app.page.getByText(/session has ended/i)).toBeVisible();
  await app.checkScreen('session-ended');
  await app.signIn('admin@humanglue.dev');
  await expect(app.page.getByRole('heading', { level: 1, name: 'Connection' })).toBeVisible();
});

test('connection settings refuse a malformed URL and key with the reason, and reset needs the typed word', async ({ app }) => {
  // The reset rebuilds the database from every migration and the seed: tens of seconds on a busy two-core machine.
  test.setTimeout(180_000);
  await app.open();
  await app.page.getByRole('button', { name: 'Connection settings' }).click();
  const form = app.page.getByRole('form', { name: 'Connect to a Supabase project' });
  await form.getByLabel('Project URL').fill('ftp://example.com');
  await form.getByLabel('Publishable key').fill('sb_secret_AbCdEfGhIjKlMnOpQrStUv');
  await form.getByRole('button', { name: 'Save and connect' }).click();
  await expect(form.getByRole('alert').first()).toContainText(/https/i);
  await form.getByLabel('Project URL').fill('https://abcd.supabase.co');
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form.getByRole('alert').first()).toContainText(/secret key \(sb_secret_…\)/);
  await app.checkScreen('connection-invalid');
  // Still on the local backend: nothing was saved.
  await expect(app.page.getByText('Local backend (demo data on this computer)')).toBeVisible();

  await app.page.getByRole('button', { name: 'Reset demo data…' }).click();
  const dialog = app.page.getByRole('dialog', { name: 'Reset the local demo data?' });
  await expect(dialog.getByRole('button', { name: 'Reset demo data' })).toBeDisabled();
  await dialog.getByLabel('Type "reset" to confirm').fill('reset');
  await app.checkScreen('connection-reset');
  await dialog.getByRole('button', { name: 'Reset demo data' }).click();
  await expect(dialog).toBeHidden({ timeout: 150_000 });
  await expect(app.page.getByText('The local demo data was rebuilt.')).toBeVisible();
});

test('an unreachable project is reported with the reason', async ({ app }) => {
  await app.open();
  await app.page.getByRole('button', { name: 'Connection settings' }).click();
  const form = app.page.getByRole('form', { name: 'Connect to a Supabase project' });
  await form.getByLabel('Project URL').fill('https://nothing-here.invalid');
  await form.getByLabel('Publishable key').fill('sb_publishable_AbCdEfGhIjKlMnOpQrStUv_1a2B3c4D');
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form.getByText('Connection failed')).toBeVisible({ timeout: 30_000 });
  await app.checkScreen('connection-unreachable');
});
