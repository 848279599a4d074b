// The moderation queue over the real console core and the seeded local database (the pending and flagged reviews
// of seed.sql and seed/007): keyboard-only decisions, bulk reject with typed confirmation, undo, a conflicting decision, respond on behalf,
// the audit entries each writes, filters that persist, and a role that may not open the section.
import type { Page } from '@playwright/test';
import { expect, test, type ConsoleHarness } from './support/console-fixture.js';

const MODERATOR = 'moderator@humanglue.dev';

// Several screens are photographed and axe-checked in both themes per test, on a shared two-core machine.
test.describe.configure({ timeout: 180_000 });

/** Opens the queue and returns how many reviews wait in it (the seed's pending and flagged reviews). */
async function openQueue(app: ConsoleHarness): Promise<number> {
  await app.open();
  await app.signIn(MODERATOR);
  await expect(app.page.getByRole('heading', { level: 1, name: 'Moderation' })).toBeVisible();
  await expect(queueRows(app.page).first()).toBeVisible();
  const subtitle = app.page.getByText(/^\d+ reviews waiting/);
  await expect(subtitle).toBeVisible();
  const total = Number(/^(\d+)/.exec((await subtitle.textContent())!)![1]);
  expect(total).toBeGreaterThan(25);
  return total;
}

const waiting = (page: Page, count: number) => page.getByText(new RegExp(`^${count} reviews waiting`));

const queueRows = (page: Page) => page.getByRole('table', { name: 'Reviews to moderate' }).locator('tbody tr[data-row-id]');
const activeRowId = (page: Page) => page.locator('tbody tr.active').getAttribute('data-row-id');

/** The signed-in user's audit entries on reviews, through the same router the UI uses. */
async function auditActions(app: ConsoleHarness): Promise<{ action: string; entity_id: string | null; reason: string | null }[]> {
  const result = await app.core().router.handle('audit:list', { filters: { entity: 'review' }, limit: 200 }, { url: app.page.url() });
  if (!result.ok) throw new Error(result.error.message);
  return (result.value as { rows: { action: string; entity_id: string | null; reason: string | null }[] }).rows;
}

async function reviewStatus(app: ConsoleHarness, id: string): Promise<string> {
  let status = '';
  await app.withDatabase(async (db) => {
    const result = await db.query<{ status: string }>('select status from public.reviews where id = $1', [id]);
    status = result.rows[0]!.status;
  });
  return status;
}

test('a moderator works the queue by keyboard only: move, approve, reject with a reason, flag', async ({ app }) => {
  const total = await openQueue(app);
  const page = app.page;
  const ids = await queueRows(page).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-row-id')!));
  expect(await activeRowId(page)).toBe(ids[0]);
  await app.checkScreen('moderation-queue');

  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  expect(await activeRowId(page)).toBe(ids[1]);

  // a: approved, the row leaves and the next one becomes active.
  await page.keyboard.press('a');
  await expect(page.getByRole('status').filter({ hasText: 'Review approved.' })).toBeVisible();
  await expect(page.locator(`tr[data-row-id="${ids[1]}"]`)).toHaveCount(0);
  await expect(page.locator('tbody tr.active')).toHaveAttribute('data-row-id', ids[2]!);

  // r: the reason dialog, answered with the keyboard (arrow keys pick the reason, Tab reaches the button).
  await page.keyboard.press('r');
  const dialog = page.getByRole('dialog', { name: 'Reject this review' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Enter'); // no reason yet: refused, in words
  await expect(dialog.getByRole('alert')).toHaveText('Choose why the review is rejected.');
  await page.keyboard.press('ArrowDown');
  await expect(dialog.getByRole('radio', { name: 'Offensive or abusive' })).toBeChecked();
  await page.keyboard.press('a'); // a shortcut under a dialog does nothing
  await app.checkScreen('moderation-reject-dialog');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Insults the instructor');
  await page.keyboard.press('Tab'); // Cancel
  await page.keyboard.press('Tab'); // Reject this review
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Review rejected (offensive).' })).toBeVisible();
  await expect(page.locator(`tr[data-row-id="${ids[2]}"]`)).toHaveCount(0);
  await expect(page.locator('tbody tr.active')).toHaveAttribute('data-row-id', ids[3]!);

  // f on a pending review: flagged, it stays in the queue and the next review becomes active.
  const flagIndex = await queueRows(page).evaluateAll(
    (rows, start) => rows.findIndex((row, index) => index >= start && !row.textContent!.includes('flagged')),
    2,
  );
  const flagId = (await queueRows(page).nth(flagIndex).getAttribute('data-row-id'))!;
  while ((await activeRowId(page)) !== flagId) await page.keyboard.press('j');
  await page.keyboard.press('f');
  await expect(page.getByRole('status').filter({ hasText: 'Review flagged.' })).toBeVisible();
  await expect(page.locator(`tr[data-row-id="${flagId}"]`)).toContainText('flagged');
  await expect(page.locator('tbody tr.active')).not.toHaveAttribute('data-row-id', flagId);

  // Shortcuts stay quiet while typing: / focuses search, and "a" is text there.
  await page.keyboard.press('/');
  await expect(page.getByLabel('Search', { exact: true })).toBeFocused();
  await page.keyboard.press('Escape');
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await app.checkScreen('moderation-shortcuts');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeHidden();
  await expect(waiting(page, total - 2)).toBeVisible();

  const audit = await auditActions(app);
  expect(audit.find((entry) => entry.entity_id === ids[1])?.action).toBe('review.approve');
  const reject = audit.find((entry) => entry.entity_id === ids[2]);
  expect(reject?.action).toBe('review.reject');
  expect(reject?.reason).toContain('offensive');
  expect(audit.find((entry) => entry.entity_id === flagId)?.action).toBe('review.flag');
  expect(await reviewStatus(app, ids[2]!)).toBe('rejected');
});

test('bulk reject of more than 20 reviews asks for the count typed, then rejects them all with one reason', async ({ app }) => {
  const total = await openQueue(app);
  const page = app.page;
  // Rows are virtualised, so the ids are read as each one becomes active.
  const ids: string[] = [];
  for (let i = 0; i < 25; i++) {
    ids.push((await activeRowId(page))!);
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    await expect(page.locator('tbody tr.active')).not.toHaveAttribute('data-row-id', ids.at(-1)!);
  }
  const bar = page.getByRole('region', { name: 'Bulk actions' });
  await expect(bar).toContainText('25 selected');
  await bar.getByRole('button', { name: 'Reject selected…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Reject 25 reviews' });
  await dialog.getByRole('radio', { name: 'Spam or advertising' }).check();
  await dialog.getByLabel('Type 25 to confirm').fill('24');
  await dialog.getByRole('button', { name: 'Reject 25 reviews' }).click();
  await expect(dialog.getByText('Type 25 to confirm.', { exact: true })).toBeVisible();
  await app.checkScreen('moderation-bulk-confirm');
  await dialog.getByLabel('Type 25 to confirm').fill('25');
  await dialog.getByRole('button', { name: 'Reject 25 reviews' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: '25 reviews rejected.' })).toBeVisible();
  await expect(waiting(page, total - 25)).toBeVisible();
  for (const id of ids) await expect(page.locator(`tr[data-row-id="${id}"]`)).toHaveCount(0);

  const rejected = (await auditActions(app)).filter((entry) => entry.action === 'review.reject');
  expect(rejected.map((entry) => entry.entity_id).sort()).toEqual([...ids].sort());
  expect(rejected.every((entry) => entry.reason?.startsWith('spam'))).toBe(true);
});

test('undo within 10 seconds puts the decided review back in the queue', async ({ app }) => {
  const total = await openQueue(app);
  const page = app.page;
  const first = (await activeRowId(page))!;
  await page.keyboard.press('a');
  const toast = page.getByRole('status').filter({ hasText: 'Review approved.' });
  await expect(page.locator(`tr[data-row-id="${first}"]`)).toHaveCount(0);
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Decision undone' })).toBeVisible();
  await expect(page.locator(`tr[data-row-id="${first}"]`)).toHaveCount(1);
  await expect(page.locator('tbody tr.active')).toHaveAttribute('data-row-id', first);
  await expect(waiting(page, total)).toBeVisible();
  const actions = (await auditActions(app)).filter((entry) => entry.entity_id === first).map((entry) => entry.action);
  expect(actions.sort()).toEqual(['review.approve', 'review.undo']);
  expect(await reviewStatus(app, first)).not.toBe('approved');
});

test('a decision on a review another moderator already decided names who and when, and refreshes the queue', async ({ app }) => {
  const total = await openQueue(app);
  const page = app.page;
  const first = (await activeRowId(page))!;
  // The admin approves it in the meantime, as decide_review would record it.
  await app.withDatabase(async (db) => {
    await db.query(
      `with admin as (select id from public.users where email = 'admin@humanglue.dev'),
            decided as (
              update public.reviews r set status = 'approved', moderated_by = admin.id, moderated_at = now(),
                     moderation_reason = null
                from admin where r.id = $1
              returning r.id, r.version, admin.id as admin_id)
       insert into console.review_decisions (review_id, decided_by, decision, from_status, to_status, from_version, to_version, decided_at)
       select id, admin_id, 'approve', 'pending', 'approved', version - 1, version, now() from decided`,
      [first],
    );
  });
  await page.keyboard.press('a');
  const banner = page.getByRole('status').filter({ hasText: 'Someone else got there first' });
  await expect(banner).toContainText(/Already decided by Ava Lindqvist at \d/);
  await expect(banner).toContainText('It is now approved.');
  await expect(page.locator(`tr[data-row-id="${first}"]`)).toHaveCount(0);
  await expect(waiting(page, total - 1)).toBeVisible();
  await app.checkScreen('moderation-conflict');
  expect((await auditActions(app)).filter((entry) => entry.entity_id === first)).toEqual([]);
});

test('a moderator responds on behalf of the reviewed instructor or expert', async ({ app }) => {
  await openQueue(app);
  const page = app.page;
  const first = (await activeRowId(page))!;
  const detail = page.getByRole('complementary', { name: 'Review detail' });
  await detail.getByRole('button', { name: 'Respond on behalf…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Respond on behalf' });
  await dialog.getByRole('button', { name: 'Publish response' }).click();
  await expect(dialog.getByText('Write the response first.')).toBeVisible();
  await dialog.getByLabel('Response').fill('Thank you for the detailed feedback — we have shared it with the team.');
  await dialog.getByRole('button', { name: 'Publish response' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: /^Response published as / })).toBeVisible();
  await expect(detail.getByText('Thank you for the detailed feedback — we have shared it with the team.')).toBeVisible();
  await expect(detail.getByRole('button', { name: 'Edit response…' })).toBeVisible();
  await expect(detail.getByText('Responded on behalf')).toBeVisible();
  const respond = (await auditActions(app)).find((entry) => entry.entity_id === first);
  expect(respond?.action).toBe('review.respond');
});

test('filters narrow the queue, an empty result says why, and the filters survive a restart', async ({ app }) => {
  const total = await openQueue(app);
  const page = app.page;
  await page.getByLabel('Type', { exact: true }).selectOption('expert');
  // Rating, verified and dates are folded under "More filters", which says how many of them are set.
  await expect(page.getByLabel('Rating from')).toBeHidden();
  await page.getByRole('button', { name: 'More filters' }).click();
  await page.getByLabel('Rating from').selectOption('4');
  await page.getByRole('button', { name: /Fewer filters/ }).click();
  await expect(page.getByRole('button', { name: /More filters/ })).toHaveText(/More filters\s*1/);
  await expect(page.getByText(/reviews? match the filters/)).toBeVisible();
  const ratings = await queueRows(page).evaluateAll((rows) =>
    rows.map((row) => row.querySelector('[aria-label$="of 5 stars"]')!.getAttribute('aria-label')),
  );
  expect(ratings.length).toBeGreaterThan(0);
  expect(ratings.every((label) => /^[45] of 5/.test(label!))).toBe(true);

  await page.getByLabel('Search', { exact: true }).fill('zebra-unicorn-nothing');
  await expect(page.getByText('No reviews match these filters')).toBeVisible();
  await app.checkScreen('moderation-empty-filtered');

  await app.restart();
  await expect(page.getByRole('heading', { level: 1, name: 'Moderation' })).toBeVisible();
  await expect(page.getByLabel('Search', { exact: true })).toHaveValue('zebra-unicorn-nothing');
  await expect(page.getByLabel('Type', { exact: true })).toHaveValue('expert');
  await expect(page.getByRole('button', { name: /More filters/ })).toHaveText(/More filters\s*1/);
  await expect(page.getByText('No reviews match these filters')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await expect(waiting(page, total)).toBeVisible();
});

test('the reading pane shows the whole review, not the queue’s 240 characters, and the queue keeps its rows', async ({ app }) => {
  const ending = 'and that is why the follow-up clinic mattered most.';
  const text = `${'The facilitator kept every exercise grounded in our own dispatch data. '.repeat(40)}${ending}`;
  await app.withDatabase(async (db) => {
    await db.query(
      `insert into public.reviews (user_id, review_type, workshop_id, title, rating, review_text, created_at)
       select u.id, 'workshop', w.id, 'A very long review', 4, $1, '2000-01-01'
         from public.users u cross join public.workshops w
        where not exists (select 1 from public.reviews r where r.user_id = u.id and r.workshop_id = w.id)
        order by u.id, w.id limit 1`,
      [text],
    );
  });
  await openQueue(app);
  const page = app.page;
  // Eight rows of the queue stand above the reading pane at 1280 × 800 (four before).
  const pane = await page.getByRole('complementary', { name: 'Review detail' }).boundingBox();
  const above = await queueRows(page).evaluateAll(
    (rows, top) => rows.filter((row) => row.getBoundingClientRect().bottom <= top).length,
    pane!.y,
  );
  expect(above).toBeGreaterThanOrEqual(8);

  // The oldest review first: the long one.
  const detail = page.getByRole('complementary', { name: 'Review detail' });
  await expect(detail.getByRole('heading', { name: 'A very long review' })).toBeVisible();
  await expect(detail.getByText(ending, { exact: false })).toBeVisible();
  expect((await detail.locator('.mod-text').first().textContent())!.trim()).toBe(text);
  await app.checkScreen('moderation-long-review');
});
