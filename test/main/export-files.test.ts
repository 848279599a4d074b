// Exports through the IPC router against the seeded database: payments (the filtered list exactly, streamed,
// cancellable, injection-safe), trends (suppressed months blank) and the chart PNG (its rectangle checked).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvLine, decimal, UTF8_BOM } from '../../electron/main/files/csv-write.js';
import { csvPage, PAYMENT_COLUMNS, PAYMENTS_EXPORT_PAGE } from '../../electron/main/files/payments-files.js';
import { checkRect, NOT_ENOUGH_RESPONSES, trendsCsv } from '../../electron/main/files/trends-files.js';
import type { FnRow } from '../../electron/main/services/rpc.js';
import type { Cursor } from '../../shared/ipc/common.js';
import type { ChannelOutput } from '../../shared/ipc/contract.js';
import { expectPgError } from '../support/console.js';
import { createOrganization, createUser, createWorkshop } from '../support/factories.js';
import { withClaims } from '../support/pg.js';
import { useFileChannels, type FileApp, type Progress } from './files-harness.js';
import { value } from './services-roles.js';

/** A payment's CSV line as main wrote it from export_payments' row before 023: the reference for export_payments_csv's. */
function paymentLine(row: FnRow<'export_payments'>): string {
  return csvLine([
    row.id,
    row.created_at,
    row.payer_name,
    row.payer_email,
    row.user_id,
    row.organization_name,
    row.organization_id,
    row.payment_type,
    row.related_name,
    row.related_entity_id,
    row.description,
    row.provider,
    row.transaction_id,
    decimal(row.amount, 2),
    row.currency,
    decimal(row.refund_amount, 2),
    row.refunded_at,
    row.status,
    row.invoice_number,
    row.invoice_url,
  ]);
}

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

// export_payments_csv (023) writes in SQL the lines main wrote from export_payments' rows: the reference here is that
// older path, the rows as the API hands them over (PostgREST's json_agg of the function's rows, parsed) through
// paymentLine, page by page along the rows' own cursors.
describe('payments:export-csv writes the bytes main wrote from export_payments rows', () => {
  let finance: FileApp;
  let financeId: string;
  type ExportArgs = { search?: string; sort?: 'created_at' | 'amount' | 'status' | 'provider'; desc?: boolean };

  async function asFinance<T>(sql: string, params: unknown[]): Promise<T[]> {
    const claims = { sub: financeId, role: 'authenticated' as const, aud: 'authenticated', aal: 'aal2' as const };
    return withClaims(db.owner, claims, async (q) => (await q.query(sql, params)).rows as T[]);
  }

  const ARGS = `p_search => $1, p_sort => $2, p_desc => $3, p_after => $4, p_limit => $5`;
  const argsOf = (a: ExportArgs, after: unknown, limit: number) => [a.search ?? null, a.sort ?? 'created_at', a.desc ?? true, after, limit];

  /** The lines main wrote before 023: export_payments' pages as JSON, each row through paymentLine. */
  async function reference(a: ExportArgs, limit: number): Promise<{ text: string; pages: number }> {
    let text = '';
    let after: unknown = null;
    for (let pages = 1; ; pages++) {
      const [answer] = await asFinance<{ body: string }>(
        `select coalesce(json_agg(t), '[]')::text as body from console.export_payments(${ARGS}) t`,
        argsOf(a, after, limit),
      );
      const rows = JSON.parse(answer!.body) as FnRow<'export_payments'>[];
      text += rows.map(paymentLine).join('');
      if (rows.length < limit) return { text, pages };
      after = rows.at(-1)!.cursor;
    }
  }

  /** export_payments_csv's pages, chained by its own next_after. */
  async function sqlCsv(a: ExportArgs, limit: number): Promise<string> {
    let text = '';
    let after: unknown = null;
    for (;;) {
      const [page] = await asFinance<{ csv: string; row_count: number; next_after: unknown }>(
        `select * from console.export_payments_csv(${ARGS})`,
        argsOf(a, after, limit),
      );
      text += page!.csv;
      if (page!.row_count < limit) return text;
      after = page!.next_after;
    }
  }

  beforeAll(async () => {
    finance = await signedIn('finance@humanglue.dev');
    const { rows } = await db.owner.query<{ id: string }>(`select id from public.users where email = 'finance@humanglue.dev'`);
    financeId = rows[0]!.id;
    const org = await createOrganization(db.owner, { name: '=Acme, "Intl" Ltd\n(Zürich)' });
    const instructor = await createUser(db.owner);
    const workshop = await createWorkshop(db.owner, instructor.id, { title: '+Workshop, "quoted"\r\nnew line' });
    const names = [
      'Zoë "Zed" Ångström, Jr.',
      '=cmd|/C calc',
      '+1 caller',
      '-minus sign',
      '@at sign',
      '\tTabbed',
      '\rReturned',
      '\uFF1Dfull width',
      '日本語 名前',
      "O'Brien",
      '',
      '"quoted"',
    ];
    const payers: string[] = [];
    for (const [i, full_name] of names.entries()) {
      payers.push((await createUser(db.owner, { email: `awk.${i}@example.test`, full_name })).id);
    }
    // 5 000 and a few more: the channel's export takes two pages (PAYMENTS_EXPORT_PAGE); amounts tie across pages.
    await db.owner.query(
      `insert into public.payments (user_id, organization_id, amount, currency, provider, transaction_id, status, payment_type,
                                    related_entity_id, description, invoice_number, invoice_url, created_at)
       select ($1::uuid[])[1 + g % cardinality($1::uuid[])],
              case when g % 3 = 0 then $2::uuid end,
              (array[0.01, 12.5, 1234567.89, 99, 100.1, 7.07])[1 + g % 6],
              (array['USD', 'EUR', 'JPY'])[1 + g % 3],
              (array['stripe', 'paypal', 'manual'])[1 + g % 3],
              case when g % 7 <> 0 then (array['pi_', '=HYPERLINK("x")', '-', '@a,b', E'tab\\there'])[1 + g % 5] || g end,
              (array['succeeded', 'pending', 'failed'])[1 + g % 3],
              case when g % 4 = 0 then 'workshop' else (array['other', 'subscription', 'other'])[1 + g % 3] end,
              case when g % 4 = 0 then $3::uuid end,
              case when g % 5 <> 0 then (array['plain', 'comma, inside', 'a "quote"', E'multi\\nline\\r\\nend', '=1+2', '+x', '-y',
                                               '@z', U&'\\FF20fw', 'naïve café ☕', ''])[1 + g % 11] end,
              case when g % 2 = 0 then 'AWK-' || g end,
              case when g % 6 = 0 then 'https://billing.example/inv?id=' || g || '&x="y"' end,
              timestamptz '2026-01-01 00:00:00.5+00' - g * interval '1 minute 0.001 second'
         from generate_series(1, $4::integer + 137) g`,
      [payers, org.id, workshop.id, PAYMENTS_EXPORT_PAGE],
    );
  });

  it('the channel writes the old file byte for byte: header, awkward text, nulls, amounts, two pages', async () => {
    for (const args of [{ search: 'awk.', sort: 'amount', desc: false }, { search: 'awk.' }] as const) {
      const started = value(
        await finance.invoke('payments:export-csv', { filters: { search: args.search }, sort: args.sort, desc: args.desc }),
      );
      const events = await finance.finished(started.operation_id!);
      // progress counts whole pages (events closer than the throttle are skipped), and the end counts every row
      expect(events[0]).toMatchObject({ phase: 'running', done: 0 });
      for (const e of events.slice(1, -1)) expect([PAYMENTS_EXPORT_PAGE, PAYMENTS_EXPORT_PAGE + 137]).toContain(e.done);
      expect(events.at(-1)).toMatchObject({ phase: 'done', done: PAYMENTS_EXPORT_PAGE + 137 });
      const written = await readFile(join(dir(), events.at(-1)!.result!.file_name!), 'utf8');
      const old = await reference(args, PAYMENTS_EXPORT_PAGE);
      expect(old.pages).toBe(2);
      expect(written).toBe(UTF8_BOM + csvLine(PAYMENT_COLUMNS) + old.text);
    }
  });

  it('every sort, both ways, in small pages: the same lines, along the same cursors, as export_payments', async () => {
    for (const sort of ['created_at', 'amount', 'status', 'provider'] as const) {
      for (const desc of [true, false]) {
        const args = { search: 'awk.1', sort, desc }; // awk.1, awk.10, awk.11: ~1 300 payments
        const old = await reference(args, 500);
        expect(old.pages).toBeGreaterThan(2);
        expect(await sqlCsv(args, 500)).toBe(old.text);
      }
    }
  });

  it('the whole seeded set (refunds, organisations, workshops and engagements as labels) is the same file', async () => {
    const old = await reference({}, 2_000);
    expect(old.pages).toBeGreaterThan(2);
    expect(await sqlCsv({}, 2_000)).toBe(old.text);
  });

  it('follows the rule itself: formula guard, doubled quotes, empty null cells, two decimals, CRLF', async () => {
    const [page] = await asFinance<{ csv: string; row_count: number; next_after: { v: string; id: string } }>(
      `select * from console.export_payments_csv(p_search => 'awk.', p_sort => 'created_at', p_desc => true, p_limit => 10000)`,
      [],
    );
    expect(page!.row_count).toBe(PAYMENTS_EXPORT_PAGE + 137);
    expect(page!.csv.endsWith('\r\n')).toBe(true);
    const { data } = Papa.parse<string[]>(page!.csv, { skipEmptyLines: true });
    expect(data).toHaveLength(page!.row_count);
    const names = new Set(data.map((r) => r[2]));
    for (const guarded of ["'=cmd|/C calc", "'+1 caller", "'-minus sign", "'@at sign", "'\tTabbed", "'\rReturned", "'\uFF1Dfull width"]) {
      expect(names).toContain(guarded);
    }
    for (const kept of ['Zoë "Zed" Ångström, Jr.', '日本語 名前', "O'Brien", '', '"quoted"']) expect(names).toContain(kept);
    expect(page!.csv).toContain('"Zoë ""Zed"" Ångström, Jr."');
    expect(data.some((r) => r[5] === `'=Acme, "Intl" Ltd\n(Zürich)` && r[8] === `'+Workshop, "quoted"\r\nnew line`)).toBe(true);
    expect(data.some((r) => r[10] === 'multi\nline\r\nend')).toBe(true);
    expect(data.some((r) => r[12] === `'=HYPERLINK("x")1`)).toBe(true);
    // a null is an empty cell, an empty text a quoted one
    expect(page!.csv).toMatch(/,,/);
    expect(page!.csv).toContain(',"",');
    expect(new Set(data.map((r) => r[13]))).toEqual(new Set(['0.01', '12.50', '1234567.89', '99.00', '100.10', '7.07']));
    expect(data.every((r) => r[15] === '0.00' && r[16] === '')).toBe(true);
    expect(page!.next_after.id).toBe(data.at(-1)![0]);
  });

  it('a page answered in another form fails the export with a clear error rather than ending the file early', () => {
    const expected = { code: 'internal', message: expect.stringContaining('unexpected form') };
    expect(() => csvPage([])).toThrow(expect.objectContaining(expected));
    expect(() => csvPage([{ csv: 'x', row_count: 1.5, next_after: null }])).toThrow(expect.objectContaining(expected));
    expect(csvPage([{ csv: '"a"\r\n', row_count: 1, next_after: { v: 1, id: 'x' } }])).toEqual({
      csv: '"a"\r\n',
      rows: 1,
      next: { v: 1, id: 'x' },
    });
  });

  it('refuses a page size outside 1–10 000; an empty set is no lines and no cursor', async () => {
    for (const limit of [0, 10_001]) {
      await expectPgError(asFinance(`select * from console.export_payments_csv(p_limit => $1)`, [limit]), {
        code: '22023',
        message: /limit/,
      });
    }
    const [page] = await asFinance(`select * from console.export_payments_csv(p_search => 'no-such-payer-anywhere')`, []);
    expect(page).toEqual({ csv: '', row_count: 0, next_after: null });
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
