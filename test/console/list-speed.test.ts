// 017: payment totals and counts read a rollup kept by statement triggers — equal to the payments' own group by for
// every filter shape (whole months, whole days, the partial days at a range's ends), and kept through inserts,
// refunds, edits and deletes; a search's count is exact up to 1,000; the users and payments searches are
// filters; the review queue's text search reads its own index and returns what the filter says, in order.
import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { useTestDatabase } from '../support/db.js';
import { createPayment, createReview, createUser, createUserWithRole, createWorkshop, type UserRow } from '../support/factories.js';
import { consoleAs } from '../support/console.js';
import { recomputedTotals, totalsAsText, totalsDrift, type Total, type TotalsFilter } from '../support/payment-totals.js';

const db = useTestDatabase();

let finance: UserRow;
let moderator: UserRow;
let admin: UserRow;
let payer: UserRow;

const as = <T = Record<string, unknown>>(user: UserRow, fn: string, args = {}) =>
  consoleAs<T>(db.owner, user.id, fn, args, { commit: false });

// payments around month and day edges, in three currencies and every provider and type, at times within the day.
const TIMES = [
  '2025-01-31T23:59:59.999Z',
  '2025-02-01T00:00:00Z',
  '2025-02-01T00:00:00.001Z',
  '2025-02-14T08:30:00Z',
  '2025-02-14T17:45:00Z',
  '2025-02-28T23:00:00Z',
  '2025-03-01T00:00:00Z',
  '2025-03-15T10:00:00Z',
  '2025-03-15T09:59:59Z',
  '2025-04-30T12:00:00Z',
  '2025-05-01T01:00:00Z',
  '2025-06-20T17:30:00Z',
  '2025-06-20T17:29:59Z',
  '2025-12-31T23:59:59Z',
  '2026-01-01T00:00:00Z',
];
const CURRENCIES = ['USD', 'EUR', 'GBP'];
const PROVIDERS = ['stripe', 'paypal', 'manual'];
const TYPES = ['workshop', 'engagement', 'subscription', 'other'];

beforeAll(async () => {
  finance = await createUserWithRole(db.owner, 'finance');
  moderator = await createUserWithRole(db.owner, 'moderator');
  admin = await createUserWithRole(db.owner, 'admin');
  payer = await createUser(db.owner, { email: `payer-${randomUUID().slice(0, 8)}@example.com` });
  let n = 0;
  for (const at of TIMES) {
    for (let k = 0; k < 4; k++) {
      n++;
      await createPayment(db.owner, payer.id, {
        created_at: at,
        amount: 10 + ((n * 37) % 400) + 0.25 * k,
        currency: CURRENCIES[n % 3],
        provider: PROVIDERS[(n + k) % 3],
        payment_type: TYPES[(n * 3 + k) % 4],
        status: n % 7 === 0 ? 'failed' : n % 5 === 0 ? 'pending' : 'succeeded',
      });
    }
  }
});

describe('payment totals and counts from the rollup', () => {
  it('the rollup holds every payment, seeded and added, and drift reports a tampered row', async () => {
    expect(await totalsDrift(db)).toEqual([]);
    await db.owner.query('begin');
    try {
      await db.owner.query(`update console_private.payment_totals_daily set payments = payments + 1
                             where day = '2025-02-14'`);
      const found = (await totalsDrift(db)) as { scope: string; period: string }[];
      expect(found.map((d) => d.scope)).toContain('daily');
      expect(found.every((d) => String(d.period).length > 0)).toBe(true);
    } finally {
      await db.owner.query('rollback');
    }
  });

  const filters: [string, TotalsFilter][] = [
    ['no filter', {}],
    ['from a moment inside a day, to the end', { from: '2025-03-15T10:00:00Z' }],
    ['from the start, to a moment inside a day', { to: '2025-06-20T17:30:00Z' }],
    ['whole months, midnight to midnight', { from: '2025-02-01T00:00:00Z', to: '2025-05-01T00:00:00Z' }],
    ['months and partial days at both ends', { from: '2025-01-31T23:00:00Z', to: '2025-06-20T17:30:00Z' }],
    ['within one day', { from: '2025-02-14T08:00:00Z', to: '2025-02-14T12:00:00Z' }],
    ['across one midnight only', { from: '2025-02-28T22:00:00Z', to: '2025-03-01T00:00:00.001Z' }],
    ['within one month, whole days only', { from: '2025-02-02T00:00:00Z', to: '2025-02-20T00:00:00Z' }],
    ['an empty range', { from: '2025-02-14T09:00:00Z', to: '2025-02-14T09:00:00Z' }],
    ['status', { status: ['failed', 'pending'] }],
    ['provider and currency', { provider: ['paypal', 'manual'], currency: ['EUR'] }],
    ['type and a range', { type: ['subscription', 'other'], from: '2025-02-14T17:00:00Z', to: '2026-01-01T00:00:00Z' }],
    ['a currency nobody paid in', { currency: ['JPY'] }],
    ['an amount (read from the payments)', { min_amount: 200 }],
    ['an amount and a range', { min_amount: 50, from: '2025-02-01T00:00:00.001Z', to: '2025-03-15T10:00:00Z' }],
  ];

  it.each(filters)('%s: the totals and the count equal a group by over the payments', async (_name, filter) => {
    const totals = await as<Total>(finance, 'payment_totals', filter);
    const expected = await recomputedTotals(db, filter);
    expect(totalsAsText(totals)).toEqual(totalsAsText(expected));
    const [count] = await as<{ total: string; is_estimate: boolean }>(finance, 'count_payments', filter);
    expect(Number(count!.total)).toBe(expected.reduce((sum, r) => sum + Number(r.payments), 0));
    expect(count!.is_estimate).toBe(false);
  });

  it('keeps up with refunds through the ledger, edits that move a payment, and deletes', async () => {
    const [p1, p2, p3] = (
      await db.owner.query<{ id: string }>(
        `select id from public.payments where user_id = $1 and status = 'succeeded' order by created_at, id limit 3`,
        [payer.id],
      )
    ).rows;
    // a partial refund, made and committed as finance makes it: the ledger's trigger changes the payment.
    await consoleAs(db.owner, finance.id, 'refund_payment', {
      payment_id: p1!.id,
      amount: 5,
      reason: 'service_issue',
      idempotency_key: randomUUID(),
    });
    expect(await totalsDrift(db)).toEqual([]);
    // another day, currency and status at once; then a delete.
    await db.owner.query(
      `update public.payments set created_at = '2025-07-04T12:00:00Z', currency = 'CHF', status = 'failed'
                           where id = $1`,
      [p2!.id],
    );
    await db.owner.query('delete from public.payments where id = $1', [p3!.id]);
    expect(await totalsDrift(db)).toEqual([]);
    const filter = { currency: ['CHF'], from: '2025-07-01T00:00:00Z', to: '2025-08-01T00:00:00Z' };
    expect(totalsAsText(await as<Total>(finance, 'payment_totals', filter))).toEqual(totalsAsText(await recomputedTotals(db, filter)));
    expect(totalsAsText(await as<Total>(finance, 'payment_totals', {}))).toEqual(totalsAsText(await recomputedTotals(db, {})));
  });

  it("nobody reads or writes the rollup directly, and its drift check is the maintainers'", async () => {
    for (const role of ['anon', 'authenticated']) {
      await db.owner.query('begin');
      try {
        await db.owner.query(`set local role ${role}`);
        await expect(db.owner.query('select * from console_private.payment_totals_daily')).rejects.toThrow(/permission denied/);
      } finally {
        await db.owner.query('rollback');
      }
    }
    await expect(db.asUser(finance.id, (q) => q.query('select * from console_private.payment_totals_drift()'))).rejects.toThrow(
      /permission denied/,
    );
  });
});

describe('searches', () => {
  it("a search's count is exact up to 1,000 matches, then the planner's estimate", async () => {
    const prefix = `SPD${randomUUID().slice(0, 6).toUpperCase()}`;
    await db.owner.query(
      `insert into public.payments (user_id, amount, currency, provider, status, payment_type, invoice_number)
       select $1, 10 + i, 'USD', 'manual', 'succeeded', 'other', $2 || '-' || lpad(i::text, 5, '0')
         from generate_series(1, 1001) i`,
      [payer.id, prefix],
    );
    await db.owner.query('analyze public.payments');
    const [many] = await as<{ total: string; is_estimate: boolean }>(finance, 'count_payments', { search: prefix.toLowerCase() });
    expect(many!.is_estimate).toBe(true);
    expect(Number(many!.total)).toBeGreaterThan(1000);
    const [few] = await as<{ total: string; is_estimate: boolean }>(finance, 'count_payments', { search: `${prefix}-0010` });
    expect(few).toEqual({ total: 10, is_estimate: false });
    const page = await as<{ invoice_number: string }>(finance, 'list_payments', { search: `${prefix}-0010`, sort: 'amount', desc: false });
    expect(page.map((p) => p.invoice_number)).toEqual(Array.from({ length: 10 }, (_, i) => `${prefix}-0010${i}`));
  });

  it('people are found by email prefix or a part of the name, newest first, and counted', async () => {
    const token = `Zyx${randomUUID().slice(0, 6)}`;
    const made: UserRow[] = [];
    for (let i = 0; i < 3; i++) made.push(await createUser(db.owner, { full_name: `Ada ${token} ${i}` }));
    made.push(await createUser(db.owner, { email: `${token.toLowerCase()}.x@example.com`, full_name: 'Someone Else' }));
    const rows = await as<{ id: string }>(admin, 'list_users', { search: token.toUpperCase() });
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(made.map((u) => u.id)));
    const [count] = await as(admin, 'count_users', { search: token });
    expect(count).toEqual({ total: 4, is_estimate: false });
  });

  it('a text search of the queue returns exactly the matching reviews, oldest first, page after page', async () => {
    const instructor = await createUser(db.owner);
    const workshop = await createWorkshop(db.owner, instructor.id);
    const word = `quokka${randomUUID().slice(0, 6)}`;
    const made: string[] = [];
    for (let i = 0; i < 7; i++) {
      const author = await createUser(db.owner);
      const review = await createReview(
        db.owner,
        author.id,
        { workshop_id: workshop.id },
        {
          status: i === 3 ? 'approved' : i % 2 ? 'flagged' : 'pending',
          review_text: `The session about ${word} was ${i % 2 ? 'fine' : 'great'} and long enough to count.`,
          created_at: new Date(Date.UTC(2025, 0, 10 + i)).toISOString(),
        },
      );
      if (i !== 3) made.push(review.id);
    }
    const first = await as<{ id: string; cursor: unknown }>(moderator, 'list_reviews', { search: word, limit: 4 });
    const rest = await as<{ id: string }>(moderator, 'list_reviews', { search: word, limit: 4, after: first.at(-1)!.cursor });
    expect([...first, ...rest].map((r) => r.id)).toEqual(made);
    const [count] = await as(moderator, 'count_reviews', { search: word });
    expect(count).toEqual({ total: 6, is_estimate: false });
  });

  it("a certificate number's year is read as that year's certificates of that type — and one re-dated since is still found", async () => {
    const support = await createUserWithRole(db.owner, 'support');
    const holder = await createUser(db.owner);
    // more than search_id_limit (10,000) matches: the list reads the year's stretch of the issue date index.
    await db.owner.query(
      `insert into public.certificates (user_id, certificate_type, title, issue_date)
       select $1, 'program', 'Program ' || i, date '2019-01-01' + (i % 365)
         from generate_series(1, 10050) i`,
      [holder.id],
    );
    await db.owner.query('analyze public.certificates');
    type Cert = { id: string; certificate_number: string; issue_date: string; cursor: unknown };
    const expected = async () =>
      (
        await db.owner.query<{ id: string }>(
          `select id from public.certificates where certificate_number like 'CERT-PROGRAM-2019%'
            order by issue_date desc, id desc limit 60`,
        )
      ).rows.map((r) => r.id);
    const listed = async () => {
      const first = await as<Cert>(support, 'list_certificates', { search: 'cert-program-2019', limit: 30 });
      const next = await as<Cert>(support, 'list_certificates', { search: 'cert-program-2019', limit: 30, after: first.at(-1)!.cursor });
      return [...first, ...next].map((c) => c.id);
    };
    expect(await listed()).toEqual(await expected());
    // someone moves one to 2020 by hand: its number still says 2019, so the search must still find it.
    await db.owner.query(
      `update public.certificates set issue_date = '2020-06-01'
        where id = (select id from public.certificates where certificate_number like 'CERT-PROGRAM-2019%' order by id limit 1)`,
    );
    const now = await listed();
    expect(now).toEqual(await expected());
    expect(now.length).toBe(60);
    const [month] = await as<Cert>(support, 'list_certificates', { search: 'CERT-PROGRAM-201902', limit: 1 });
    expect(month!.certificate_number).toMatch(/^CERT-PROGRAM-201902/);
    expect(await as(support, 'list_certificates', { search: 'CERT-PROGRAM-20191345' })).toEqual([]);
  });
});
