// 020: payment_totals for every filter of the payments screen from rollups kept by statement triggers — an amount
// range from the rollups by amount band (bands wholly inside the range) and the payments of the bands it cuts (or
// the whole band less the part outside), a provider with partial days, the payer search — each equal to the
// payments' own group by, before and after inserts, edits across a band edge, currency changes, refunds and deletes.
import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { useTestDatabase } from '../support/db.js';
import { createPayment, createUser, createUserWithRole, type UserRow } from '../support/factories.js';
import { consoleAs } from '../support/console.js';
import { recomputedTotals, totalsAsText, totalsDrift, type Total, type TotalsFilter } from '../support/payment-totals.js';

const db = useTestDatabase();

let finance: UserRow;
let payers: UserRow[];

const totals = (f: TotalsFilter) => consoleAs<Total>(db.owner, finance.id, 'payment_totals', { ...f }, { commit: false });

// amounts on both sides of band edges (1,000 | 1,200 | 1,500 | 2,000 and 0.01 | 0.02), near the middle of a band,
// and far apart; times around month and day edges.
const AMOUNTS = [0.01, 0.02, 49, 999.99, 1000, 1000.01, 1009.5, 1100, 1150.5, 1190, 1199.99, 1200, 1499.99, 1500, 1999, 2000, 12500];
const TIMES = [
  '2025-01-31T23:59:59.999Z',
  '2025-02-01T00:00:00Z',
  '2025-02-14T08:30:00Z',
  '2025-02-14T17:45:00Z',
  '2025-03-01T00:00:00Z',
  '2025-03-15T10:00:00Z',
  '2025-05-01T01:00:00Z',
  '2025-06-20T17:29:59Z',
];
const CURRENCIES = ['USD', 'EUR', 'GBP'];
const PROVIDERS = ['stripe', 'paypal', 'manual'];
const TYPES = ['workshop', 'engagement', 'subscription', 'other'];

beforeAll(async () => {
  finance = await createUserWithRole(db.owner, 'finance');
  const tag = randomUUID().slice(0, 8);
  payers = [
    await createUser(db.owner, { email: `ava.okafor.${tag}@example.com` }),
    await createUser(db.owner, { email: `ava.okafor2.${tag}@example.com` }),
    await createUser(db.owner, { email: `ben.${tag}@example.com` }),
  ];
  let n = 0;
  for (const at of TIMES) {
    for (const amount of AMOUNTS) {
      n++;
      await createPayment(db.owner, payers[n % 3]!.id, {
        created_at: at,
        amount,
        currency: CURRENCIES[n % 3],
        provider: PROVIDERS[(n + 1) % 3],
        payment_type: TYPES[n % 4],
        status: n % 7 === 0 ? 'failed' : n % 5 === 0 ? 'pending' : 'succeeded',
        // ben's invoices start like ava's email: the search finds them by invoice, each payment once.
        invoice_number: n % 3 === 2 && n % 2 === 0 ? `AVA.OKAFOR-${tag}-${n}` : `INV-${tag}-${n}`,
      });
    }
  }
});

const filters: [string, TotalsFilter][] = [
  ['no filter', {}],
  ['min on a band edge', { min_amount: 1000 }],
  ['min a cent above a band edge (the band less what lies below)', { min_amount: 1000.01 }],
  ['min near the top of a band (the part inside read)', { min_amount: 1190 }],
  ['max on the cent below a band edge', { max_amount: 1199.99 }],
  ['max on a band edge', { max_amount: 1200 }],
  ['max inside a band, near its bottom', { max_amount: 1009.5 }],
  ['max inside a band, near its top', { max_amount: 1190 }],
  ['min and max in one band, a narrow part', { min_amount: 1100, max_amount: 1150.5 }],
  ['min and max in one band, most of it', { min_amount: 1000.01, max_amount: 1199.98 }],
  ['min and max across bands, both cut', { min_amount: 999.99, max_amount: 1500.5 }],
  ['min with more decimals than an amount', { min_amount: 1099.995 }],
  ['min 0, max the smallest amount', { min_amount: 0, max_amount: 0.01 }],
  ['min above every amount', { min_amount: 1_000_000_000_000 }],
  ['amount and status and currency', { min_amount: 1000.01, status: ['succeeded', 'pending'], currency: ['USD', 'EUR'] }],
  ['amount and a range with months and partial days', { min_amount: 1009.5, from: '2025-01-31T23:00:00Z', to: '2025-06-20T17:30:00Z' }],
  ['amount within one day', { max_amount: 1150.5, from: '2025-02-14T08:00:00Z', to: '2025-02-14T12:00:00Z' }],
  ['amount and whole days only', { min_amount: 1100, max_amount: 1999, from: '2025-02-01T00:00:00Z', to: '2025-02-20T00:00:00Z' }],
  ['a provider with partial days at both ends', { provider: ['stripe'], from: '2025-01-31T10:17:00Z', to: '2025-05-01T15:42:00Z' }],
  [
    'a provider and type, partial day then whole month',
    { provider: ['paypal', 'manual'], type: ['workshop'], from: '2025-02-14T12:00:00Z', to: '2025-04-01T00:00:00Z' },
  ],
  ['payer email prefix', { search: 'ava.okafor' }],
  ['payer email prefix, one of two people', { search: 'ava.okafor2' }],
  ['payer search with an amount and a range', { search: 'ava.okafor', min_amount: 1000.01, from: '2025-02-01T00:00:00Z' }],
  ['invoice prefix', { search: 'inv-' }],
];

async function expectAllEqual() {
  for (const [name, filter] of filters) {
    const expected = await recomputedTotals(db, filter);
    expect(totalsAsText(await totals(filter)), name).toEqual(totalsAsText(expected));
  }
}

describe('payment totals for every filter of the payments screen', () => {
  it('the band and amount rollups hold every payment, and drift reports a tampered row of each', async () => {
    expect(await totalsDrift(db)).toEqual([]);
    const { rows } = await db.owner.query<{ n: number }>(
      `select (select count(*) from console_private.payment_band_totals_monthly)
            + (select count(*) from console_private.payment_amount_totals)::int as n`,
    );
    expect(rows[0]!.n).toBeGreaterThan(0);
    await db.owner.query('begin');
    try {
      await db.owner.query(`update console_private.payment_band_totals_monthly set amount = amount + 1
                             where ctid = (select ctid from console_private.payment_band_totals_monthly
                                            where month = '2025-02-01' order by band desc limit 1)`);
      await db.owner.query(`update console_private.payment_amount_totals set payments = payments + 1
                             where ctid = (select ctid from console_private.payment_amount_totals
                                            where each_amount = 1000.01 limit 1)`);
      const found = await totalsDrift(db);
      expect(found.map((d) => d.scope)).toEqual(['all time by amount', 'monthly by band']);
      expect(Number(found[0]!.each_amount)).toBe(1000.01);
      expect(found[1]!.band).not.toBeNull();
    } finally {
      await db.owner.query('rollback');
    }
  });

  it.each(filters)('%s: equal to a group by over the payments', async (_name, filter) => {
    const expected = await recomputedTotals(db, filter);
    // every filter here must select something, or it proves nothing (except the one meant to be empty).
    if (filter.min_amount !== 1_000_000_000_000) expect(expected.length).toBeGreaterThan(0);
    expect(totalsAsText(await totals(filter))).toEqual(totalsAsText(expected));
  });

  it('stays equal after inserts, edits across a band edge, currency changes, refunds and deletes', async () => {
    const tag = randomUUID().slice(0, 8);
    // one statement inserting many payments, some on the band edges.
    await db.owner.query(
      `insert into public.payments (user_id, amount, currency, provider, status, payment_type, invoice_number, created_at)
       select $1, (array[1000, 1000.01, 1199.99, 1200, 77.7])[1 + i % 5], 'USD', 'stripe', 'succeeded', 'engagement',
              'BULK-' || $2 || '-' || i, timestamptz '2025-02-14T00:00:00Z' + i * interval '7 hours'
         from generate_series(1, 40) i`,
      [payers[0]!.id, tag],
    );
    expect(await totalsDrift(db)).toEqual([]);
    await expectAllEqual();

    const pick = async (amount: number) =>
      (
        await db.owner.query<{ id: string }>(
          `select id from public.payments where amount = $1 and status = 'succeeded' order by created_at, id limit 1`,
          [amount],
        )
      ).rows[0]!.id;
    // across a band edge, then to another currency and day.
    await db.owner.query('update public.payments set amount = 999.99 where id = $1', [await pick(1000)]);
    await db.owner.query(`update public.payments set currency = 'CHF', created_at = '2025-07-04T12:00:00Z' where id = $1`, [
      await pick(1200),
    ]);
    expect(await totalsDrift(db)).toEqual([]);
    // a partial refund and a full one through the ledger, as finance makes them.
    for (const [amount, refund] of [
      [1150.5, 100],
      [49, 49],
    ] as const) {
      await consoleAs(db.owner, finance.id, 'refund_payment', {
        payment_id: await pick(amount),
        amount: refund,
        reason: 'service_issue',
        idempotency_key: randomUUID(),
      });
    }
    expect(await totalsDrift(db)).toEqual([]);
    // deletes: one payment, then every payment of a band on one day (its band rows must go, not stay at zero).
    await db.owner.query('delete from public.payments where id = $1', [await pick(1000.01)]);
    await db.owner.query(
      `delete from public.payments where amount >= 1200 and amount < 1500 and created_at >= '2025-02-14' and created_at < '2025-02-15'`,
    );
    expect(await totalsDrift(db)).toEqual([]);
    await expectAllEqual();
    expect(totalsAsText(await totals({ currency: ['CHF'] }))).toEqual(totalsAsText(await recomputedTotals(db, { currency: ['CHF'] })));
  });

  it('nobody reads or writes the band and amount rollups directly', async () => {
    for (const role of ['anon', 'authenticated', 'service_role']) {
      for (const table of ['payment_amount_totals', 'payment_band_totals', 'payment_band_totals_monthly', 'payment_band_totals_daily']) {
        await db.owner.query('begin');
        try {
          await db.owner.query(`set local role ${role}`);
          await expect(db.owner.query(`select * from console_private.${table}`), `${role} ${table}`).rejects.toThrow(/permission denied/);
        } finally {
          await db.owner.query('rollback');
        }
      }
    }
  });
});
