// Payments and refunds (008): the append-only refund ledger and its triggers, refund_payment (idempotent, serialised
// per payment, maker-checker), the refund lifecycle, payment and refund lists. Real connections, real concurrency.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { useTestDatabase } from '../support/db.js';
import { createPayment, createUser, createUserWithRole, createWorkshop, registerForWorkshop, type UserRow } from '../support/factories.js';
import { auditCount, consoleAs, expectPgError } from '../support/console.js';

const db = useTestDatabase();

let admin: UserRow;
let finance: UserRow;
let finance2: UserRow;
let moderator: UserRow;
let leadership: UserRow;
let plain: UserRow;
let payer: UserRow;

type Row = Record<string, unknown>;
const as = (user: UserRow, fn: string, args: Row = {}) => consoleAs(db.owner, user.id, fn, args);

/** As the owner (the role console functions run as) with a signed-in user's claims, rolled back afterwards. */
async function asOwnerFor<T>(user: UserRow, fn: (q: pg.Client) => Promise<T>): Promise<T> {
  const q = db.owner;
  await q.query('begin');
  try {
    await q.query(`select set_config('request.jwt.claims', $1, true)`, [
      JSON.stringify({ sub: user.id, role: 'authenticated', aud: 'authenticated' }),
    ]);
    return await fn(q);
  } finally {
    await q.query('rollback');
  }
}
const on = (client: pg.Client, user: UserRow, fn: string, args: Row = {}) => consoleAs(client, user.id, fn, args);
const key = () => `key-${randomUUID()}`;

async function payment(overrides: Row = {}) {
  return createPayment(db.owner, payer.id, { amount: 100, provider: 'manual', status: 'succeeded', ...overrides });
}

async function refundRows(paymentId: string) {
  return (await db.owner.query('select * from public.payment_refunds where payment_id = $1 order by created_at, id', [paymentId])).rows;
}

async function paymentRow(id: string) {
  return (await db.owner.query('select * from public.payments where id = $1', [id])).rows[0];
}

const refundAudits = (refundId: string) => auditCount(db.owner, `entity = 'refund' and entity_id = $1`, [refundId]);

beforeAll(async () => {
  const q = db.owner;
  admin = await createUserWithRole(q, 'admin');
  finance = await createUserWithRole(q, 'finance');
  finance2 = await createUserWithRole(q, 'finance');
  moderator = await createUserWithRole(q, 'moderator');
  leadership = await createUserWithRole(q, 'leadership');
  plain = await createUserWithRole(q, 'user');
  payer = await createUserWithRole(q, 'user');
});

describe('who may call what', () => {
  const missing = '00000000-0000-4000-8000-00000000beef';
  const calls: [string, Row][] = [
    ['refund_payment', { payment_id: missing, reason: 'other', idempotency_key: 'permission-check' }],
    ['approve_refund', { refund_id: missing }],
    ['reject_refund', { refund_id: missing, reason: 'no' }],
    ['confirm_refund', { refund_id: missing, provider_refund_id: 're_x' }],
    ['fail_refund', { refund_id: missing, status: 'failed' }],
    ['get_payment', { payment_id: missing }],
    ['list_payments', {}],
    ['count_payments', {}],
    ['payment_totals', {}],
    ['list_refunds', {}],
    ['count_refunds', {}],
  ];

  it.each(calls)('%s is open to finance and admin (the call gets past the capability check)', async (fn, args) => {
    for (const user of [finance, admin]) {
      const outcome = await as(user, fn, args).then(
        () => 'ok',
        (error: { code?: string }) => error.code,
      );
      expect(['ok', 'P0002'], `${fn} as ${user.email}`).toContain(outcome);
    }
  });

  it.each(calls)('%s is refused (42501) to moderators, leadership and plain users', async (fn, args) => {
    for (const user of [moderator, leadership, plain]) {
      await expectPgError(as(user, fn, args), { code: '42501', message: 'permission denied' });
    }
  });
});

describe('refund_payment: manual refunds, partial then full', () => {
  it('a partial manual refund succeeds at once, the payment becomes partially_refunded, one audit entry', async () => {
    const p = await payment({ amount: 100 });
    const before = await auditCount(db.owner);
    const [refund] = await as(finance, 'refund_payment', {
      payment_id: p.id,
      amount: 30,
      reason: 'requested_by_customer',
      note: 'goodwill',
      idempotency_key: key(),
    });
    expect(refund).toMatchObject({
      status: 'succeeded',
      amount: 30,
      currency: 'USD',
      provider: 'manual',
      requested_by: finance.id,
      payment_status: 'partially_refunded',
      payment_refund_amount: 30,
      payment_refundable: 70,
      replayed: false,
    });
    expect(await auditCount(db.owner)).toBe(before + 1);
    const [entry] = (await db.owner.query(`select * from console.audit_log order by id desc limit 1`)).rows;
    expect(entry).toMatchObject({ action: 'refund.create', entity: 'refund', entity_id: refund!.id, actor_id: finance.id });
    expect(await paymentRow(p.id)).toMatchObject({ status: 'partially_refunded', refund_amount: 30 });
    expect((await paymentRow(p.id)).refunded_at).not.toBeNull();
  });

  it('the amount defaults to the refundable remainder; the second refund makes it refunded', async () => {
    const p = await payment({ amount: 80 });
    await as(finance, 'refund_payment', { payment_id: p.id, amount: 20.5, reason: 'service_issue', idempotency_key: key() });
    const [rest] = await as(admin, 'refund_payment', { payment_id: p.id, reason: 'service_issue', idempotency_key: key() });
    expect(rest).toMatchObject({
      amount: 59.5,
      status: 'succeeded',
      payment_status: 'refunded',
      payment_refund_amount: 80,
      payment_refundable: 0,
    });
    await expectPgError(as(finance, 'refund_payment', { payment_id: p.id, reason: 'other', idempotency_key: key() }), {
      code: 'P0001',
      message: 'is refunded: only succeeded or partially refunded payments can be refunded',
    });
  });

  it.each(['pending', 'failed', 'refunded'])('a %s payment cannot be refunded', async (status) => {
    const p = await payment({ status, ...(status === 'refunded' ? { refund_amount: 100, refunded_at: new Date() } : {}) });
    await expectPgError(as(finance, 'refund_payment', { payment_id: p.id, reason: 'other', idempotency_key: key() }), {
      code: 'P0001',
      message: `is ${status}`,
    });
    expect(await refundRows(p.id)).toHaveLength(0);
  });

  it('an unknown payment is not found', async () => {
    await expectPgError(as(finance, 'refund_payment', { payment_id: randomUUID(), reason: 'other', idempotency_key: key() }), {
      code: 'P0002',
      detail: { entity: 'payment' },
    });
  });
});

describe('refund_payment refuses bad input, naming the field, and changes nothing', () => {
  let p: { id: string };
  beforeAll(async () => {
    p = await payment({ amount: 100 });
  });

  it.each<[string, Row, string, string]>([
    ['negative amount', { amount: -5 }, 'amount', 'must be greater than 0'],
    ['zero amount', { amount: 0 }, 'amount', 'must be greater than 0'],
    ['amount above the payment', { amount: 100.01 }, 'amount', 'exceeds the refundable remainder of 100.00 USD'],
    ['huge amount', { amount: 1e15 }, 'amount', 'too large'],
    ['3-decimal amount', { amount: 10.005 }, 'amount', 'at most 2 decimal places'],
    ['unknown reason', { reason: 'changed_my_mind' }, 'reason', 'must be one of'],
    ['missing reason', { reason: null }, 'reason', 'must be one of'],
    ['malformed payment id', { payment_id: 'not-a-uuid' }, 'payment_id', 'must be a uuid'],
    ['SQL in the payment id', { payment_id: "'; delete from public.payments; --" }, 'payment_id', 'must be a uuid'],
    ['oversized note', { note: 'n'.repeat(2001) }, 'note', 'at most 2000 characters'],
    ['short idempotency key', { idempotency_key: 'short' }, 'idempotency_key', '8 to 200 characters'],
    ['long idempotency key', { idempotency_key: 'k'.repeat(201) }, 'idempotency_key', '8 to 200 characters'],
    ['missing idempotency key', { idempotency_key: null }, 'idempotency_key', '8 to 200 characters'],
  ])('%s', async (_name, bad, field, message) => {
    const before = await auditCount(db.owner);
    await expectPgError(as(finance, 'refund_payment', { payment_id: p.id, amount: 10, reason: 'other', idempotency_key: key(), ...bad }), {
      code: '22023',
      message: new RegExp(`^${field}: .*${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      detail: { field },
    });
    expect(await refundRows(p.id)).toHaveLength(0);
    expect(await auditCount(db.owner)).toBe(before);
    expect(await paymentRow(p.id)).toMatchObject({ status: 'succeeded', refund_amount: 0 });
  });
});

describe('idempotency', () => {
  it('the same key and request returns the first refund: no new row, no audit entry', async () => {
    const p = await payment({ amount: 100 });
    const k = key();
    const [first] = await as(finance, 'refund_payment', { payment_id: p.id, amount: 25, reason: 'duplicate', idempotency_key: k });
    const audits = await auditCount(db.owner);
    const [again] = await as(finance, 'refund_payment', { payment_id: p.id, amount: 25, reason: 'duplicate', idempotency_key: k });
    expect(again).toMatchObject({ id: first!.id, replayed: true, payment_refund_amount: 25 });
    // a retry without an amount means "the remainder I asked for": still the same request.
    const [implicit] = await as(finance, 'refund_payment', { payment_id: p.id, reason: 'duplicate', idempotency_key: k });
    expect(implicit?.id).toBe(first!.id);
    expect(await refundRows(p.id)).toHaveLength(1);
    expect(await auditCount(db.owner)).toBe(audits);
  });

  it.each<[string, Row]>([
    ['a different amount', { amount: 26 }],
    ['a different reason', { reason: 'fraudulent' }],
  ])('the same key with %s is refused (22023 on idempotency_key)', async (_name, change) => {
    const p = await payment({ amount: 100 });
    const k = key();
    await as(finance, 'refund_payment', { payment_id: p.id, amount: 25, reason: 'duplicate', idempotency_key: k });
    await expectPgError(
      as(finance, 'refund_payment', { payment_id: p.id, amount: 25, reason: 'duplicate', idempotency_key: k, ...change }),
      {
        code: '22023',
        message: 'idempotency_key: was already used for a different refund request',
        detail: { field: 'idempotency_key' },
      },
    );
    expect(await refundRows(p.id)).toHaveLength(1);
  });

  it('the same key on another payment is refused', async () => {
    const [p1, p2] = [await payment(), await payment()];
    const k = key();
    await as(finance, 'refund_payment', { payment_id: p1.id, amount: 5, reason: 'other', idempotency_key: k });
    await expectPgError(as(finance, 'refund_payment', { payment_id: p2.id, amount: 5, reason: 'other', idempotency_key: k }), {
      code: '22023',
      detail: { field: 'idempotency_key' },
    });
    expect(await refundRows(p2.id)).toHaveLength(0);
  });

  it('20 simultaneous calls with one key from 20 connections make exactly one refund and one audit entry', async () => {
    const p = await payment({ amount: 100 });
    const k = key();
    const clients = await Promise.all(Array.from({ length: 20 }, () => db.connection()));
    const results = await Promise.all(
      clients.map((client, i) =>
        on(client, i % 2 ? finance : finance2, 'refund_payment', { payment_id: p.id, amount: 40, reason: 'duplicate', idempotency_key: k }),
      ),
    );
    const ids = new Set(results.map(([row]) => row!.id));
    expect(ids.size).toBe(1);
    expect(results.filter(([row]) => row!.replayed === false)).toHaveLength(1);
    const rows = await refundRows(p.id);
    expect(rows).toHaveLength(1);
    expect(await refundAudits(rows[0].id)).toBe(1);
    expect(await paymentRow(p.id)).toMatchObject({ refund_amount: 40, status: 'partially_refunded' });
  });

  it('simultaneous refunds with different keys never exceed the payment; the losers are told the remainder', async () => {
    const p = await payment({ amount: 100 });
    const clients = await Promise.all(Array.from({ length: 10 }, () => db.connection()));
    const outcomes = await Promise.allSettled(
      clients.map((client) =>
        on(client, finance, 'refund_payment', { payment_id: p.id, amount: 30, reason: 'other', idempotency_key: key() }),
      ),
    );
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(3);
    for (const loss of lost) {
      expect(loss.reason).toMatchObject({ code: '22023', message: 'amount: 30 exceeds the refundable remainder of 10.00 USD' });
      expect(JSON.parse(loss.reason.detail)).toMatchObject({ field: 'amount', remainder: 10, currency: 'USD' });
    }
    const rows = await refundRows(p.id);
    expect(rows.reduce((sum, row) => sum + Number(row.amount), 0)).toBe(90);
    expect(await paymentRow(p.id)).toMatchObject({ refund_amount: 90, status: 'partially_refunded' });
  });

  it('simultaneous default-amount refunds: one takes the remainder, the rest find nothing left', async () => {
    const p = await payment({ amount: 55 });
    const clients = await Promise.all(Array.from({ length: 6 }, () => db.connection()));
    const outcomes = await Promise.allSettled(
      clients.map((client) => on(client, finance, 'refund_payment', { payment_id: p.id, reason: 'other', idempotency_key: key() })),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const loss of outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected')) {
      // the payment is refunded by then, or (if it raced the status change) nothing remains.
      expect(['P0001', '22023']).toContain(loss.reason.code);
    }
    expect(await paymentRow(p.id)).toMatchObject({ refund_amount: 55, status: 'refunded' });
  });
});

describe('processor refunds: pending until confirmed, failed or cancelled', () => {
  it.each(['stripe', 'paypal'])('a %s refund is pending, counts against the remainder, and succeeds on confirm', async (provider) => {
    const p = await payment({ provider, amount: 200 });
    const [pending] = await as(finance, 'refund_payment', {
      payment_id: p.id,
      amount: 150,
      reason: 'service_issue',
      idempotency_key: key(),
    });
    expect(pending).toMatchObject({ status: 'pending', payment_status: 'succeeded', payment_refund_amount: 0, payment_refundable: 50 });
    await expectPgError(as(finance, 'refund_payment', { payment_id: p.id, amount: 60, reason: 'other', idempotency_key: key() }), {
      code: '22023',
      message: 'refundable remainder of 50.00',
    });
    const refId = `re_${randomUUID()}`;
    const [confirmed] = await as(finance2, 'confirm_refund', { refund_id: pending!.id, provider_refund_id: refId });
    expect(confirmed).toMatchObject({
      status: 'succeeded',
      provider_refund_id: refId,
      completed_by: finance2.id,
      payment_status: 'partially_refunded',
      payment_refund_amount: 150,
    });
    // confirming again with the same id is a retry; with another id it is a conflict.
    const audits = await refundAudits(pending!.id as string);
    expect((await as(finance2, 'confirm_refund', { refund_id: pending!.id, provider_refund_id: refId }))[0]).toMatchObject({
      replayed: true,
    });
    expect(await refundAudits(pending!.id as string)).toBe(audits);
    await expectPgError(as(finance, 'confirm_refund', { refund_id: pending!.id, provider_refund_id: 're_other' }), {
      code: 'PT409',
      message: 'is already succeeded',
    });
  });

  it('a processor refund id is unique per provider', async () => {
    const p = await payment({ provider: 'stripe', amount: 100 });
    const [a] = await as(finance, 'refund_payment', { payment_id: p.id, amount: 10, reason: 'other', idempotency_key: key() });
    const [b] = await as(finance, 'refund_payment', { payment_id: p.id, amount: 10, reason: 'other', idempotency_key: key() });
    const refId = `re_${randomUUID()}`;
    await as(finance, 'confirm_refund', { refund_id: a!.id, provider_refund_id: refId });
    await expectPgError(as(finance, 'confirm_refund', { refund_id: b!.id, provider_refund_id: refId }), {
      code: '22023',
      detail: { field: 'provider_refund_id' },
    });
    await expectPgError(as(finance, 'confirm_refund', { refund_id: b!.id, provider_refund_id: '  ' }), {
      code: '22023',
      detail: { field: 'provider_refund_id' },
    });
    expect((await refundRows(p.id)).map((r) => r.status)).toEqual(['succeeded', 'pending']);
  });

  it.each(['failed', 'cancelled'])('a %s refund returns its amount to the refundable remainder', async (status) => {
    const p = await payment({ provider: 'paypal', amount: 100 });
    const [pending] = await as(finance, 'refund_payment', { payment_id: p.id, reason: 'other', idempotency_key: key() });
    expect(pending).toMatchObject({ amount: 100, payment_refundable: 0 });
    const [done] = await as(finance, 'fail_refund', { refund_id: pending!.id, status, reason: 'processor said no' });
    expect(done).toMatchObject({ status, failure_reason: 'processor said no', payment_status: 'succeeded', payment_refundable: 100 });
    const [entry] = (await db.owner.query(`select * from console.audit_log where entity_id = $1 order by id desc limit 1`, [pending!.id]))
      .rows;
    expect(entry).toMatchObject({ action: 'refund.fail', reason: 'processor said no' });
    expect(entry.after).toMatchObject({ status });
    const [again] = await as(finance, 'refund_payment', { payment_id: p.id, reason: 'other', idempotency_key: key() });
    expect(again).toMatchObject({ amount: 100 });
    await expectPgError(as(finance, 'fail_refund', { refund_id: pending!.id, status: 'failed' }), { code: 'PT409' });
  });

  it('fail_refund refuses an unknown status and confirm/fail a malformed id', async () => {
    await expectPgError(as(finance, 'fail_refund', { refund_id: randomUUID(), status: 'succeeded' }), {
      code: '22023',
      detail: { field: 'status' },
    });
    await expectPgError(as(finance, 'fail_refund', { refund_id: 'nope', status: 'failed' }), {
      code: '22023',
      detail: { field: 'refund_id' },
    });
    await expectPgError(as(finance, 'confirm_refund', { refund_id: '1', provider_refund_id: 're_1' }), {
      code: '22023',
      detail: { field: 'refund_id' },
    });
  });
});

describe('maker-checker above the approval threshold', () => {
  it('a large refund waits for a second person; its requester cannot approve it; another finance user can', async () => {
    const p = await payment({ amount: 5000, provider: 'manual' });
    const [requested] = await as(finance, 'refund_payment', {
      payment_id: p.id,
      amount: 2000,
      reason: 'service_issue',
      idempotency_key: key(),
    });
    expect(requested).toMatchObject({ status: 'pending_approval', payment_status: 'succeeded', payment_refundable: 3000 });
    const audits = await auditCount(db.owner);
    await expectPgError(as(finance, 'approve_refund', { refund_id: requested!.id }), {
      code: 'P0001',
      message: 'a second person must approve this refund',
    });
    expect(await auditCount(db.owner)).toBe(audits);
    const [approved] = await as(finance2, 'approve_refund', { refund_id: requested!.id });
    expect(approved).toMatchObject({
      status: 'succeeded',
      approved_by: finance2.id,
      payment_status: 'partially_refunded',
      payment_refund_amount: 2000,
    });
    expect(await auditCount(db.owner, `action = 'refund.approve' and entity_id = $1 and actor_id = $2`, [requested!.id, finance2.id])).toBe(
      1,
    );
    await expectPgError(as(admin, 'approve_refund', { refund_id: requested!.id }), { code: 'PT409', message: 'already succeeded' });
  });

  it('an approved processor refund goes on to pending; at the threshold itself no approval is needed', async () => {
    const p = await payment({ amount: 3000, provider: 'stripe' });
    const [atThreshold] = await as(finance, 'refund_payment', { payment_id: p.id, amount: 1000, reason: 'other', idempotency_key: key() });
    expect(atThreshold?.status).toBe('pending');
    const [above] = await as(finance, 'refund_payment', { payment_id: p.id, amount: 1000.01, reason: 'other', idempotency_key: key() });
    expect(above?.status).toBe('pending_approval');
    const [approved] = await as(admin, 'approve_refund', { refund_id: above!.id });
    expect(approved).toMatchObject({ status: 'pending', approved_by: admin.id });
  });

  it('a rejected request needs a reason, is audited, and frees its amount', async () => {
    const p = await payment({ amount: 5000 });
    const [requested] = await as(finance, 'refund_payment', { payment_id: p.id, reason: 'requested_by_customer', idempotency_key: key() });
    expect(requested).toMatchObject({ amount: 5000, status: 'pending_approval', payment_refundable: 0 });
    await expectPgError(as(finance2, 'reject_refund', { refund_id: requested!.id }), { code: '22023', detail: { field: 'reason' } });
    const [rejected] = await as(finance2, 'reject_refund', { refund_id: requested!.id, reason: 'contract term not over' });
    expect(rejected).toMatchObject({
      status: 'rejected',
      failure_reason: 'contract term not over',
      completed_by: finance2.id,
      payment_refundable: 5000,
    });
    expect(await auditCount(db.owner, `action = 'refund.reject' and entity_id = $1`, [requested!.id])).toBe(1);
    await expectPgError(as(finance2, 'approve_refund', { refund_id: requested!.id }), { code: 'PT409', message: 'already rejected' });
  });

  it('the threshold is the console setting', async () => {
    await db.owner.query(`update console.settings set value = '50' where key = 'refund_approval_threshold'`);
    try {
      const p = await payment({ amount: 100 });
      const [r] = await as(finance, 'refund_payment', { payment_id: p.id, amount: 60, reason: 'other', idempotency_key: key() });
      expect(r?.status).toBe('pending_approval');
    } finally {
      await db.owner.query(`update console.settings set value = '1000' where key = 'refund_approval_threshold'`);
    }
  });
});

describe('a full refund of a workshop payment', () => {
  async function paidRegistration() {
    const instructor = await createUserWithRole(db.owner, 'instructor');
    const workshop = await createWorkshop(db.owner, instructor.id, { capacity_total: 5 });
    const learner = await createUser(db.owner);
    const p = await createPayment(db.owner, learner.id, {
      amount: 300,
      provider: 'manual',
      payment_type: 'workshop',
      related_entity_id: workshop.id,
    });
    const registration = await registerForWorkshop(db.owner, workshop.id, learner.id, { payment_id: p.id, price_paid: 300 });
    const seats = async () =>
      (await db.owner.query('select capacity_remaining from public.workshops where id = $1', [workshop.id])).rows[0].capacity_remaining;
    const status = async () =>
      (await db.owner.query('select status, cancelled_at from public.workshop_registrations where id = $1', [registration.id])).rows[0];
    return { p, seats, status };
  }

  it('cancels the registration and frees the seat; a partial refund does not', async () => {
    const { p, seats, status } = await paidRegistration();
    expect(await seats()).toBe(4);
    await as(finance, 'refund_payment', { payment_id: p.id, amount: 100, reason: 'workshop_cancelled', idempotency_key: key() });
    expect((await status()).status).toBe('registered');
    expect(await seats()).toBe(4);
    const [rest] = await as(finance, 'refund_payment', { payment_id: p.id, reason: 'workshop_cancelled', idempotency_key: key() });
    expect(rest).toMatchObject({ amount: 200, payment_status: 'refunded' });
    expect(await status()).toMatchObject({ status: 'cancelled', cancelled_at: expect.any(Date) });
    expect(await seats()).toBe(5);
  });

  it('finds the registration by workshop and payer when it is not linked to the payment', async () => {
    const instructor = await createUserWithRole(db.owner, 'instructor');
    const workshop = await createWorkshop(db.owner, instructor.id, { capacity_total: 3 });
    const learner = await createUser(db.owner);
    const p = await createPayment(db.owner, learner.id, {
      amount: 50,
      provider: 'manual',
      payment_type: 'workshop',
      related_entity_id: workshop.id,
    });
    const registration = await registerForWorkshop(db.owner, workshop.id, learner.id);
    await as(finance, 'refund_payment', { payment_id: p.id, reason: 'workshop_cancelled', idempotency_key: key() });
    const { rows } = await db.owner.query('select status from public.workshop_registrations where id = $1', [registration.id]);
    expect(rows[0].status).toBe('cancelled');
  });
});

describe('the ledger is append-only, whoever writes', () => {
  let refundId: string;
  let paymentId: string;
  beforeAll(async () => {
    const p = await payment({ amount: 100, provider: 'stripe' });
    paymentId = p.id;
    const [r] = await as(finance, 'refund_payment', { payment_id: p.id, amount: 10, reason: 'other', idempotency_key: key() });
    refundId = r!.id as string;
  });

  it('service_role may not delete or truncate (no privilege); the owner is stopped by the trigger', async () => {
    await expectPgError(
      db.asService((q) => q.query('delete from public.payment_refunds where id = $1', [refundId])),
      {
        code: '42501',
        message: 'permission denied',
      },
    );
    await expectPgError(
      db.asService((q) => q.query('truncate public.payment_refunds')),
      { code: '42501' },
    );
    await expectPgError(db.owner.query('delete from public.payment_refunds where id = $1', [refundId]), {
      code: 'P0001',
      message: 'the refund ledger is append-only: delete is not allowed',
    });
    await expectPgError(db.owner.query('truncate public.payment_refunds cascade'), { code: 'P0001', message: 'append-only' });
    await expectPgError(
      db.asUser(admin.id, (q) => q.query('delete from public.payment_refunds where id = $1', [refundId])),
      { code: '42501' },
    );
  });

  it.each([
    ['amount', '99'],
    ['payment_id', 'gen_random_uuid()'],
    ['idempotency_key', `'another-key-123'`],
    ['currency', `'EUR'`],
    ['provider', `'manual'`],
  ])('%s cannot be changed, even by service_role or the owner', async (column, value) => {
    await expectPgError(
      db.asService((q) => q.query(`update public.payment_refunds set ${column} = ${value} where id = $1`, [refundId])),
      {
        code: 'P0001',
        message: `payment_refunds.${column} cannot be changed`,
      },
    );
    await expectPgError(db.owner.query(`update public.payment_refunds set ${column} = ${value} where id = $1`, [refundId]), {
      code: 'P0001',
    });
  });

  it('only legal status moves are allowed', async () => {
    await expectPgError(db.owner.query(`update public.payment_refunds set status = 'rejected' where id = $1`, [refundId]), {
      code: 'P0001',
      message: 'cannot move from pending to rejected',
    });
    await expectPgError(db.owner.query(`update public.payment_refunds set status = 'succeeded' where id = $1`, [refundId]), {
      code: 'P0001',
      message: "processor's refund id",
    });
    await db.owner.query(`update public.payment_refunds set status = 'failed' where id = $1`, [refundId]);
    await expectPgError(db.owner.query(`update public.payment_refunds set status = 'pending' where id = $1`, [refundId]), {
      code: 'P0001',
      message: 'cannot move from failed to pending',
    });
  });

  it('a direct insert cannot over-refund, and through the api cannot skip the approval', async () => {
    // Its own payment of 100: the cap is the amount, then the amount less what is already refunded.
    const own = await payment({ amount: 100 });
    const insertRefund = (amount: number) =>
      db.owner.query(
        `insert into public.payment_refunds (payment_id, amount, reason, status, idempotency_key) values ($1, $2, 'other', 'pending', $3)`,
        [own.id, amount, key()],
      );
    const over = { code: 'P0001', message: 'exceeds the refundable remainder' };
    await expectPgError(insertRefund(100.01), over);
    await insertRefund(60);
    await expectPgError(insertRefund(40.01), over);
    await insertRefund(40);
    await expectPgError(insertRefund(0.01), over);

    const big = await payment({ amount: 5000 });
    const insertBig = `insert into public.payment_refunds (payment_id, amount, reason, status, idempotency_key)
                       values ($1, 4000, 'other', 'succeeded', 'direct-big-1')`;
    // through the api the ledger is closed to direct writes (011) ...
    await expectPgError(
      db.asUser(finance.id, (q) => q.query(insertBig, [big.id])),
      {
        code: '42501',
        message: 'permission denied for table payment_refunds',
      },
    );
    // ... and a write made for a signed-in caller by the owner (as console functions do) still meets the guard.
    await expectPgError(
      asOwnerFor(finance, (q) => q.query(insertBig, [big.id])),
      {
        code: 'P0001',
        message: 'must start pending_approval',
      },
    );
  });

  it('a requester cannot approve their own refund even by writing the row', async () => {
    const big = await payment({ amount: 5000 });
    const [r] = await as(finance, 'refund_payment', { payment_id: big.id, amount: 3000, reason: 'other', idempotency_key: key() });
    const approve = `update public.payment_refunds set status = 'succeeded' where id = $1`;
    await expectPgError(
      db.asUser(finance.id, (q) => q.query(approve, [r!.id])),
      {
        code: '42501',
        message: 'permission denied for table payment_refunds',
      },
    );
    await expectPgError(
      asOwnerFor(finance, (q) => q.query(approve, [r!.id])),
      {
        code: 'P0001',
        message: 'a second person must approve',
      },
    );
  });

  it('read directly, payers see the refunds of their own payments and admins all; staff none (011)', async () => {
    const read = (user: UserRow) =>
      db.asUser(user.id, async (q) => (await q.query('select id from public.payment_refunds where payment_id = $1', [paymentId])).rows);
    expect(await read(payer)).toHaveLength(1);
    expect(await read(plain)).toHaveLength(0);
    expect(await read(moderator)).toHaveLength(0);
    expect(await read(finance)).toHaveLength(0);
    expect(await read(admin)).toHaveLength(1);
  });
});

describe('get_payment', () => {
  it('returns the payment, its refunds, the registration and the whole audit history', async () => {
    const instructor = await createUserWithRole(db.owner, 'instructor');
    const workshop = await createWorkshop(db.owner, instructor.id, { title: 'Detail Workshop' });
    const learner = await createUser(db.owner);
    const p = await createPayment(db.owner, learner.id, {
      amount: 5000,
      provider: 'manual',
      payment_type: 'workshop',
      related_entity_id: workshop.id,
    });
    await registerForWorkshop(db.owner, workshop.id, learner.id, { payment_id: p.id, price_paid: 5000 });
    const [big] = await as(finance, 'refund_payment', { payment_id: p.id, amount: 1500, reason: 'other', idempotency_key: key() });
    await as(finance2, 'approve_refund', { refund_id: big!.id });
    const [detail] = await as(finance, 'get_payment', { payment_id: p.id });
    const value = detail!.get_payment as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read in assertions
    expect(value.payment).toMatchObject({
      id: p.id,
      status: 'partially_refunded',
      related_name: 'Detail Workshop',
      payer_email: learner.email,
      refundable: 3500,
    });
    expect(value.refunds).toHaveLength(1);
    expect(value.refunds[0]).toMatchObject({ id: big!.id, approved_by: finance2.id, approved_by_name: finance2.full_name });
    expect(value.registration).toMatchObject({ workshop_id: workshop.id, workshop_title: 'Detail Workshop', status: 'registered' });
    expect(value.engagement).toBeNull();
    // finance sees finance2's approval too, though the audit log shows them only their own entries; the payment's
    // creation by the database owner (the setup) is audited as a direct write (011).
    expect(value.audit.map((a: { action: string }) => a.action)).toEqual(['payment.direct_insert', 'refund.create', 'refund.approve']);
    await expectPgError(as(finance, 'get_payment', { payment_id: 'x' }), { code: '22023', detail: { field: 'payment_id' } });
  });
});

describe('payment lists', () => {
  const sql = async (text: string, params: unknown[] = []) => (await db.owner.query(text, params)).rows;

  it('filters by status, provider, type, currency, date and amount range', async () => {
    const rows = await as(finance, 'list_payments', {
      status: ['succeeded', 'partially_refunded'],
      provider: ['stripe'],
      type: ['workshop'],
      currency: ['USD'],
      from: '2000-01-01T00:00:00Z',
      to: '2100-01-01T00:00:00Z',
      min_amount: 100,
      max_amount: 500,
      limit: 200,
    });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(['succeeded', 'partially_refunded']).toContain(row.status);
      expect(row).toMatchObject({ provider: 'stripe', payment_type: 'workshop', currency: 'USD' });
      expect(Number(row.amount)).toBeGreaterThanOrEqual(100);
      expect(Number(row.amount)).toBeLessThanOrEqual(500);
    }
    const [direct] = await sql(`select count(*)::int as n from public.payments where status in ('succeeded', 'partially_refunded')
      and provider = 'stripe' and payment_type = 'workshop' and currency = 'USD' and amount between 100 and 500`);
    expect(rows).toHaveLength(direct.n);
    const [count] = await as(finance, 'count_payments', {
      status: ['succeeded', 'partially_refunded'],
      provider: ['stripe'],
      type: ['workshop'],
      min_amount: 100,
      max_amount: 500,
    });
    expect(count).toEqual({ total: direct.n, is_estimate: false });
  });

  it('names the payer, organisation and what was paid for on the page', async () => {
    const rows = await as(finance, 'list_payments', { type: ['workshop'], limit: 20 });
    expect(rows.every((row) => typeof row.payer_email === 'string')).toBe(true);
    expect(rows.filter((row) => row.related_entity_id).every((row) => typeof row.related_name === 'string')).toBe(true);
    const withOrg = await as(finance, 'list_payments', { type: ['subscription'], limit: 5 });
    expect(withOrg.every((row) => typeof row.organization_name === 'string')).toBe(true);
  });

  it('totals by currency and status match a direct aggregate, for the whole set and a filter', async () => {
    for (const filter of [{}, { provider: ['paypal'], type: ['workshop', 'subscription'] }]) {
      const totals = await as(finance, 'payment_totals', filter);
      const where = 'provider' in filter ? `where provider = 'paypal' and payment_type in ('workshop', 'subscription')` : '';
      const direct = await sql(`select currency, status, count(*)::int as payments, sum(amount)::numeric as amount,
        sum(refund_amount)::numeric as refunded from public.payments ${where} group by 1, 2 order by 1, 2`);
      expect(totals).toEqual(direct);
    }
  });

  it.each([
    ['created_at', true],
    ['created_at', false],
    ['amount', true],
    ['amount', false],
    ['status', false],
    ['provider', true],
  ] as const)('pages by %s (desc %s) with a keyset cursor: every row once, in order', async (sort, desc) => {
    const column = sort === 'created_at' ? 'created_at' : sort;
    const dir = desc ? 'desc' : 'asc';
    const expected = (await sql(`select id from public.payments order by ${column} ${dir}, id ${dir}`)).map((r) => r.id);
    const seen: unknown[] = [];
    let after: unknown = null;
    for (let i = 0; i < 100; i++) {
      const page = await as(finance, 'list_payments', { sort, desc, limit: 37, after });
      seen.push(...page.map((row) => row.id));
      if (page.length < 37) break;
      after = page.at(-1)!.cursor;
    }
    expect(seen).toEqual(expected);
  });

  it('searches invoice numbers, transaction ids and payer emails by prefix', async () => {
    const [target] = await sql(`select p.id, p.invoice_number, p.transaction_id, u.email from public.payments p
      join public.users u on u.id = p.user_id where p.invoice_number like 'HG-%' order by p.id limit 1`);
    const byInvoice = await as(finance, 'list_payments', { search: target.invoice_number.toLowerCase(), limit: 200 });
    expect(byInvoice.map((r) => r.id)).toContain(target.id);
    const byTxn = await as(finance, 'list_payments', { search: target.transaction_id.slice(0, 10), limit: 200 });
    expect(byTxn.map((r) => r.id)).toContain(target.id);
    expect(
      byTxn.every(
        (r) =>
          (r.transaction_id as string).startsWith(target.transaction_id.slice(0, 10)) ||
          (r.invoice_number as string).startsWith(target.transaction_id.slice(0, 10).toUpperCase()) ||
          (r.payer_email as string).startsWith(target.transaction_id.slice(0, 10).toLowerCase()),
      ),
    ).toBe(true);
    const byEmail = await as(finance, 'list_payments', { search: target.email.toUpperCase(), limit: 200 });
    expect(byEmail.map((r) => r.id)).toContain(target.id);
    expect(byEmail.every((r) => r.payer_email === target.email)).toBe(true);
  });

  it.each(['%', '_', "'; drop table public.payments; --", '\\', 'HG-%', 'x'.repeat(200), 'ünïcødé ✓'])(
    'a hostile search %j is plain text',
    async (search) => {
      const rows = await as(finance, 'list_payments', { search, limit: 200 });
      for (const row of rows) {
        const hit = [row.invoice_number as string, row.transaction_id as string, row.payer_email as string];
        expect(hit.some((value) => value?.toLowerCase().startsWith(search.toLowerCase()))).toBe(true);
      }
      expect((await sql('select count(*)::int as n from public.payments'))[0].n).toBeGreaterThan(0);
    },
  );

  it.each<[Row, string]>([
    [{ sort: 'payer_email' }, 'sort'],
    [{ status: ['paid'] }, 'status'],
    [{ provider: ['venmo'] }, 'provider'],
    [{ type: ['donation'] }, 'type'],
    [{ currency: ['usd'] }, 'currency'],
    [{ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, 'from'],
    [{ min_amount: -1 }, 'min_amount'],
    [{ min_amount: 10, max_amount: 5 }, 'min_amount'],
    [{ search: 'x'.repeat(201) }, 'search'],
    [{ limit: 0 }, 'limit'],
    [{ limit: 201 }, 'limit'],
    [{ after: { v: 'not a date', id: randomUUID() } }, 'after'],
    [{ after: { v: '2026-01-01T00:00:00Z', id: 'nope' } }, 'after'],
    [{ after: { v: '2026-01-01T00:00:00Z', id: 5 } }, 'after'],
    [{ after: { v: '2026-01-01T00:00:00Z' } }, 'after'],
    [{ sort: 'amount', after: { v: '1); drop table public.payments; --', id: randomUUID() } }, 'after'],
  ])('list_payments refuses %o naming the field', async (args, field) => {
    await expectPgError(as(finance, 'list_payments', args), { code: '22023', detail: { field } });
  });
});

describe('refund lists', () => {
  it('lists refunds by status and payment, newest first, with a keyset cursor; counts agree', async () => {
    const p = await payment({ amount: 100, provider: 'stripe' });
    for (let i = 0; i < 5; i++)
      await as(finance, 'refund_payment', { payment_id: p.id, amount: 5, reason: 'other', idempotency_key: key() });
    const mine = await as(finance, 'list_refunds', { payment_id: p.id, limit: 2 });
    expect(mine).toHaveLength(2);
    const seen = [...mine.map((r) => r.id)];
    let after = mine.at(-1)!.cursor;
    for (;;) {
      const page = await as(finance, 'list_refunds', { payment_id: p.id, limit: 2, after });
      seen.push(...page.map((r) => r.id));
      if (page.length < 2) break;
      after = page.at(-1)!.cursor;
    }
    const expected = (await refundRows(p.id)).map((r) => r.id).reverse();
    expect(seen).toEqual(expected);
    expect((await as(finance, 'count_refunds', { payment_id: p.id }))[0]).toEqual({ total: 5, is_estimate: false });
    const queue = await as(finance, 'list_refunds', { status: ['pending_approval'], limit: 200 });
    expect(queue.every((r) => r.status === 'pending_approval')).toBe(true);
    const [direct] = (await db.owner.query(`select count(*)::int as n from public.payment_refunds where status = 'pending_approval'`)).rows;
    expect(queue).toHaveLength(direct.n);
    await expectPgError(as(finance, 'list_refunds', { status: ['done'] }), { code: '22023', detail: { field: 'status' } });
    await expectPgError(as(finance, 'list_refunds', { payment_id: 'x' }), { code: '22023', detail: { field: 'payment_id' } });
  });
});

describe('the seed', () => {
  it('has refunds in every state, and every payment agrees with its ledger', async () => {
    const { rows: states } = await db.owner.query('select distinct status from public.payment_refunds order by 1');
    expect(states.map((r) => r.status)).toEqual(
      expect.arrayContaining(['cancelled', 'failed', 'pending', 'pending_approval', 'rejected', 'succeeded']),
    );
    const { rows } = await db.owner.query(`
      select count(*) filter (where p.refund_amount <> coalesce(s.succeeded, 0))::int as wrong_amount,
             count(*) filter (where p.status = 'partially_refunded' and not (p.refund_amount > 0 and p.refund_amount < p.amount))::int as wrong_partial,
             count(*) filter (where p.status = 'refunded' and p.refund_amount <> p.amount and s.succeeded is null)::int as unexplained,
             count(*) filter (where coalesce(s.reserved, 0) > p.amount)::int as over_refunded,
             count(*) filter (where p.status = 'partially_refunded')::int as partial
        from public.payments p
        left join (select payment_id, sum(amount) filter (where status = 'succeeded') as succeeded,
                          sum(amount) filter (where status in ('pending_approval', 'pending', 'succeeded')) as reserved
                     from public.payment_refunds group by payment_id) s on s.payment_id = p.id
       where p.invoice_number like 'HG-%'`);
    expect(rows[0]).toMatchObject({ wrong_amount: 0, wrong_partial: 0, unexplained: 0, over_refunded: 0 });
    expect(rows[0].partial).toBeGreaterThanOrEqual(3);
  });
});
