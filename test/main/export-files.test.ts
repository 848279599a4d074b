// Exports through the IPC router against the seeded database: payments (the filtered list exactly, streamed,
// cancellable, injection-safe), trends (suppressed months blank) and the chart PNG (its rectangle checked).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkRect, NOT_ENOUGH_RESPONSES, trendsCsv } from '../../electron/main/files/trends-files.js';
import type { FnRow } from '../../electron/main/services/rpc.js';
import type { Cursor } from '../../shared/ipc/common.js';
import type { ChannelOutput } from '../../shared/ipc/contract.js';
import { createUser } from '../support/factories.js';
import { useFileChannels, type FileApp, type Progress } from './files-harness.js';
import { value } from './services-roles.js';

const { db, dir, signedIn } = useFileChannels();

async function csvOf(events: Progress[]): Promise<string[][]> {
  const name = events.at(-1)!.result!.file_name!;
  const text = await readFile(join(dir(), name), 'utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  return Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data;
}

describe('payments:export-csv', () => {
  let finance: FileApp;
  beforeAll(async () => {
    finance = await signedIn('finance@humanglue.dev');
  });

  it('writes exactly the filtered, sorted list, with a header row and progress ending in done', async () => {
    const filters = { provider: ['stripe' as const], status: ['succeeded' as const] };
    const listed: string[] = [];
    let after: Cursor | null = null;
    do {
      const page: ChannelOutput<'payments:list'> = value(
        await finance.invoke('payments:list', { filters, sort: 'amount', desc: false, limit: 200, after }),
      );
      listed.push(...page.rows.map((r) => r.id));
      after = page.next_after;
    } while (after);
    const { total } = value(await finance.invoke('payments:count', { filters }));

    const started = value(await finance.invoke('payments:export-csv', { filters, sort: 'amount', desc: false }));
    expect(finance.desktop.dialogs.at(-1)).toMatchObject({
      kind: 'save',
      defaultName: expect.stringMatching(/^payments-\d{4}-\d{2}-\d{2}\.csv$/),
    });
    const events = await finance.finished(started.operation_id!);
    expect(events[0]).toMatchObject({ kind: 'payments-export', phase: 'running', done: 0, total });
    expect(events.at(-1)).toMatchObject({ phase: 'done', done: listed.length, error: null, result: { run_id: null } });

    const [header, ...rows] = await csvOf(events);
    expect(header).toEqual([
      'id',
      'created_at',
      'payer_name',
      'payer_email',
      'user_id',
      'organization_name',
      'organization_id',
      'payment_type',
      'related_name',
      'related_entity_id',
      'description',
      'provider',
      'transaction_id',
      'amount',
      'currency',
      'refund_amount',
      'refunded_at',
      'status',
      'invoice_number',
      'invoice_url',
    ]);
    expect(rows.map((r) => r[0])).toEqual(listed);
    expect(rows.every((r) => r[11] === 'stripe' && r[17] === 'succeeded' && /^\d+\.\d{2}$/.test(r[13]!))).toBe(true);
  });

  it('guards cells that a spreadsheet would run as formulas', async () => {
    const payer = await createUser(db.owner, { full_name: '-2+3 Evil Payer' });
    await db.owner.query(
      `insert into public.payments (user_id, amount, currency, provider, transaction_id, status, payment_type, description, invoice_number)
       values ($1, 12.5, 'USD', 'stripe', '@SUM(1+1)', 'succeeded', 'other', '=HYPERLINK("http://evil.example","open")', 'INJ-0001')`,
      [payer.id],
    );
    const started = value(await finance.invoke('payments:export-csv', { filters: { search: 'INJ-0001' } }));
    const [, row] = await csvOf(await finance.finished(started.operation_id!));
    expect(row).toMatchObject({
      2: "'-2+3 Evil Payer",
      10: `'=HYPERLINK("http://evil.example","open")`,
      12: "'@SUM(1+1)",
      13: '12.50',
      18: 'INJ-0001',
    });
  });

  it('cancel stops the export and removes the partial file; a late cancel is refused', async () => {
    const { rows } = await db.owner.query<{ id: string }>(`select id from public.users where email = 'user@humanglue.dev'`);
    await db.owner.query(
      `insert into public.payments (user_id, amount, provider, status, payment_type, invoice_number)
       select $1, 10 + n, 'manual', 'succeeded', 'other', 'BULK-' || lpad(n::text, 6, '0') from generate_series(1, 3000) n`,
      [rows[0]!.id],
    );
    const before = await readdir(dir());
    const started = value(await finance.invoke('payments:export-csv', { filters: { search: 'BULK-' } }));
    expect(value(await finance.invoke('payments:cancel', { operation_id: started.operation_id! }))).toEqual({ cancelled: true });
    const events = await finance.finished(started.operation_id!);
    expect(events.at(-1)).toMatchObject({ phase: 'cancelled', message: expect.stringMatching(/^Export cancelled; .* was not saved\.$/) });
    expect(events.at(-1)!.done).toBeLessThan(3000);
    expect(await readdir(dir())).toEqual(before); // neither the file nor its .partial

    expect(value(await finance.invoke('payments:cancel', { operation_id: started.operation_id! }))).toEqual({ cancelled: false });
    // The reconciliation channel cannot cancel a payments export.
    const other = value(await finance.invoke('payments:export-csv', { filters: { search: 'BULK-' } }));
    expect(value(await finance.invoke('reconciliation:cancel', { operation_id: other.operation_id! }))).toEqual({ cancelled: false });
    expect((await finance.finished(other.operation_id!)).at(-1)).toMatchObject({ phase: 'done', done: 3000 });
  });

  it('a cancelled save dialog starts nothing; a role without payments.read is refused before any dialog', async () => {
    finance.desktop.nextSave = null;
    const count = finance.events.length;
    expect(await finance.invoke('payments:export-csv', { filters: {} })).toEqual({ ok: true, value: { operation_id: null } });
    expect(finance.events).toHaveLength(count);

    const moderator = await signedIn('moderator@humanglue.dev');
    expect(await moderator.invoke('payments:export-csv', { filters: {} })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringContaining('payments.read is needed') },
    });
    expect(moderator.desktop.dialogs).toEqual([]);
  });

  it('a filter SQL refuses is a validation error on its field, before the dialog', async () => {
    const dialogs = finance.desktop.dialogs.length;
    const result = await finance.invoke('payments:export-csv', { filters: { min_amount: 50, max_amount: 10 } });
    expect(result).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(finance.desktop.dialogs).toHaveLength(dialogs);
  });
});

describe('trends:export-csv', () => {
  let leadership: FileApp;
  beforeAll(async () => {
    leadership = await signedIn('leadership@humanglue.dev');
  });

  it('writes what the chart shows: suppressed months keep their count, blank averages and a note', async () => {
    const orgs = value(await leadership.invoke('trends:organizations', { limit: 20 })).rows.map((o) => o.id);
    const query = { organization_ids: orgs, months: 24 as const, include_platform: true };
    const { rows: trend } = value(await leadership.invoke('trends:org-trends', query));
    expect(trend.some((r) => r.suppressed)).toBe(true);
    expect(trend.some((r) => !r.suppressed && r.avg_overall !== null)).toBe(true);

    const started = value(await leadership.invoke('trends:export-csv', { ...query, dimensions: ['overall', 'velocity'] }));
    const events = await leadership.finished(started.operation_id!);
    expect(events.at(-1)).toMatchObject({ kind: 'trends-export', phase: 'done', done: trend.length, total: trend.length });
    const [header, ...rows] = await csvOf(events);
    expect(header).toEqual(['organization', 'organization_id', 'month', 'completed_assessments', 'avg_overall', 'avg_velocity', 'note']);
    expect(rows).toHaveLength(trend.length);
    trend.forEach((t, i) => {
      const row = rows[i]!;
      expect(row[1]).toBe(t.organization_id ?? '');
      expect(row[2]).toBe(t.month.slice(0, 7));
      expect(row[3]).toBe(String(t.assessment_count));
      if (t.suppressed) {
        expect(row.slice(4)).toEqual(['', '', NOT_ENOUGH_RESPONSES]);
      } else {
        expect(row.slice(4)).toEqual([
          t.avg_overall === null ? '' : t.avg_overall.toFixed(1),
          t.avg_velocity === null ? '' : t.avg_velocity.toFixed(1),
          '',
        ]);
      }
    });
    expect(rows.at(-1)![0]).toBe('All organisations (platform)');
  });

  it('never writes an average for a suppressed row, even if one arrived', () => {
    const leaked = {
      organization_id: 'o1',
      organization_name: 'Small Co',
      month: '2026-05-01',
      assessment_count: 2,
      suppressed: true,
      avg_overall: 3.3,
      avg_individual: 3.1,
      avg_leadership: 2.9,
      avg_cultural: 3.5,
      avg_embedding: 3.0,
      avg_velocity: 4.2,
    } satisfies FnRow<'org_trends'>;
    const text = trendsCsv([leaked], ['overall', 'individual', 'leadership', 'cultural', 'embedding', 'velocity']);
    expect(text).not.toMatch(/3\.3|3\.1|2\.9|3\.5|4\.2/);
    expect(text.split('\r\n')[1]).toBe(`"Small Co","o1","2026-05",2,,,,,,,"${NOT_ENOUGH_RESPONSES}"`);
  });

  it('answers a bad organisation id before the dialog; a cancelled dialog starts nothing', async () => {
    const dialogs = leadership.desktop.dialogs.length;
    expect(
      await leadership.invoke('trends:export-csv', {
        organization_ids: ['00000000-0000-4000-8000-000000000000'],
        months: 3,
        include_platform: false,
      }),
    ).toMatchObject({ ok: false, error: { code: 'validation', field: 'org_ids' } });
    expect(leadership.desktop.dialogs).toHaveLength(dialogs);

    const orgs = value(await leadership.invoke('trends:organizations', { limit: 1 })).rows.map((o) => o.id);
    leadership.desktop.nextSave = null;
    expect(value(await leadership.invoke('trends:export-csv', { organization_ids: orgs, months: 3, include_platform: false }))).toEqual({
      operation_id: null,
    });
  });
});

describe('trends:export-png', () => {
  const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR…chart pixels')]);
  let leadership: FileApp;
  beforeAll(async () => {
    leadership = await signedIn('leadership@humanglue.dev');
  });

  it('captures the chart’s rectangle and saves it; the suggested name is made safe', async () => {
    leadership.desktop.png = PNG;
    const rect = { x: 10, y: 20, width: 640, height: 360 };
    const { file_name } = value(await leadership.invoke('trends:export-png', { rect, file_name: '../../etc/passwd' }));
    expect(leadership.desktop.captures.at(-1)).toEqual(rect);
    expect(leadership.desktop.dialogs.at(-1)).toMatchObject({ kind: 'save', defaultName: 'etc-passwd.png' });
    expect(await readFile(join(dir(), file_name!))).toEqual(PNG);
  });

  it.each([
    [{ x: -1, y: 0, width: 10, height: 10 }, 'rect.x'],
    [{ x: 0, y: 0, width: 0, height: 10 }, 'rect.width'],
    [{ x: 0, y: 0, width: 10.5, height: 10 }, 'rect.width'],
    [{ x: 0, y: 0, width: 10, height: 20_000 }, 'rect.height'],
    [{ x: 0, y: 0, width: 10 }, 'rect.height'],
    [{ x: 16_000, y: 0, width: 1_000, height: 10 }, 'rect'],
    [{ x: 0, y: 0, width: 16_000, height: 16_000 }, 'rect'],
  ])('refuses the rectangle %j (field %s) before capturing', async (rect, field) => {
    const captures = leadership.desktop.captures.length;
    expect(await leadership.invoke('trends:export-png', { rect } as never)).toMatchObject({
      ok: false,
      error: { code: 'validation', field },
    });
    expect(leadership.desktop.captures).toHaveLength(captures);
  });

  it('checkRect refuses what JSON cannot carry either (NaN, Infinity)', () => {
    expect(() => checkRect({ x: Number.NaN, y: 0, width: 1, height: 1 })).toThrow(/whole numbers/);
    expect(() => checkRect({ x: 0, y: 0, width: Number.POSITIVE_INFINITY, height: 1 })).toThrow(/whole numbers/);
  });

  it('an empty capture is a clear error, a cancelled dialog is null, and a finance user is refused', async () => {
    leadership.desktop.png = Buffer.alloc(0);
    expect(await leadership.invoke('trends:export-png', { rect: { x: 0, y: 0, width: 10, height: 10 } })).toMatchObject({
      ok: false,
      error: { code: 'validation', field: 'rect', message: expect.stringContaining('Make sure the chart is visible') },
    });
    leadership.desktop.png = PNG;
    leadership.desktop.nextSave = null;
    expect(await leadership.invoke('trends:export-png', { rect: { x: 0, y: 0, width: 10, height: 10 } })).toEqual({
      ok: true,
      value: { file_name: null },
    });
    const finance = await signedIn('finance@humanglue.dev');
    expect(await finance.invoke('trends:export-png', { rect: { x: 0, y: 0, width: 10, height: 10 } })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });
});
