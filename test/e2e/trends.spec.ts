// Adaptability trends over the seeded assessments: one organisation's dimensions with counts, windows, a comparison
// with the platform average and suppressed months, PNG and CSV exports.
import { readFile } from 'node:fs/promises';
import { expect, test } from './support/console-fixture.js';

const monthRows = (app: { page: import('@playwright/test').Page }) =>
  app.page.getByRole('table', { name: 'Trend data by month' }).locator('tbody tr');

test('one organisation: the overall score and five dimensions per month, with counts, over a chosen window', async ({ app }) => {
  await app.open();
  await app.signIn('leadership@humanglue.dev');
  await expect(app.page.getByRole('heading', { level: 1, name: 'Trends' })).toBeVisible();
  await expect(app.page.getByText('Choose an organisation')).toBeVisible();
  await app.checkScreen('trends-empty');

  await app.page.getByRole('checkbox', { name: /Northwind Logistics/ }).check();
  const figure = app.page.getByRole('figure', { name: /Northwind Logistics: adaptability, last 12 months/ });
  await expect(figure).toBeVisible();
  await expect(monthRows(app)).toHaveCount(12);
  const header = app.page.getByRole('table', { name: 'Trend data by month' }).locator('thead th');
  await expect(header).toHaveText([
    'Month',
    'Completed',
    'Overall',
    'Individual',
    'Leadership',
    'Cultural',
    'Embedding',
    'Velocity',
    'Platform overall',
  ]);
  // Every month of Northwind's last year has enough responses: numbers, not notices.
  await expect(monthRows(app).first().locator('td').nth(1)).toHaveText(/^\d+(\.\d)?$/);
  await app.checkScreen('trends-single');

  await app.page.getByRole('button', { name: '3 months' }).click();
  await expect(monthRows(app)).toHaveCount(3);
  await app.page.getByRole('button', { name: '24 months' }).click();
  await expect(monthRows(app)).toHaveCount(24);
  // Seeded history is 18 months: the oldest months say there was nothing, not zero.
  await expect(monthRows(app).first()).toContainText('no assessments');

  // The choice is remembered across a restart.
  await app.restart();
  await expect(app.page.getByRole('figure', { name: /last 24 months/ })).toBeVisible();
});

test('several organisations compared on one dimension with the platform average; small months are suppressed', async ({ app }) => {
  await app.open();
  await app.signIn('admin@humanglue.dev');
  await app.page.getByRole('link', { name: 'Trends' }).click();
  for (const name of ['Northwind Logistics', 'Brightpath Health', 'Kestrel Labs']) {
    await app.page.getByRole('checkbox', { name: new RegExp(name) }).check();
  }
  await app.page.getByLabel('Dimension').selectOption('leadership');
  await expect(app.page.getByRole('figure', { name: 'Leadership score by organisation, last 12 months' })).toBeVisible();
  const header = app.page.getByRole('table', { name: 'Trend data by month' }).locator('thead th');
  await expect(header).toContainText(['Northwind Logistics', 'Brightpath Health', 'Kestrel Labs', 'Platform average']);
  // Northwind and Brightpath complete five or more assessments every month: averages for both, every month.
  // Kestrel completes four a month lately: fewer than five, so no averages, and the banner names it alone.
  const banner = app.page.getByRole('status').filter({ hasText: 'Not enough responses' });
  await expect(banner).toContainText('Kestrel Labs');
  await expect(banner).not.toContainText('Northwind');
  await expect(banner).not.toContainText('Brightpath');
  await expect(monthRows(app).last()).toContainText('not enough responses');
  await app.checkScreen('trends-compare');

  // Exports: the chart as PNG, its data as CSV with the suppressed months blank.
  await app.page.getByRole('button', { name: 'Export PNG' }).click();
  await expect(app.page.getByText(/Saved .*adaptability-trends-12-months.*\.png/)).toBeVisible();
  await app.page.getByRole('button', { name: 'Export CSV' }).click();
  await expect(app.page.getByText(/Saved .*adaptability-trends-12-months.*\.csv/)).toBeVisible();
  await app.checkScreen('trends-exported');

  const [pngPath, csvPath] = app.files.saved;
  const png = await readFile(pngPath!);
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const lines = (await readFile(csvPath!, 'utf8'))
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);
  expect(lines[0]).toMatch(/month/i);
  expect(lines.length).toBe(1 + 12 * 4); // three organisations and the platform, twelve months each
  const kestrelNow = lines.filter((line) => line.includes('Kestrel Labs')).at(-1)!;
  expect(kestrelNow).toMatch(/,4,,"not enough responses"$/); // its count, no average, and why
  for (const name of ['Northwind Logistics', 'Brightpath Health']) {
    const rows = lines.filter((line) => line.includes(name));
    expect(rows).toHaveLength(12);
    for (const row of rows) expect(row).not.toContain('not enough responses');
  }
});
