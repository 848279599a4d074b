// Every console list pages with one helper (console_private.keyset_after, 012): a cursor the list returned gives the
// next page with no row twice, and anything else is the same field error on "after" from every list.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db.js';
import {
  createAssessment,
  createCertificate,
  createEngagement,
  createOrganization,
  createPayment,
  createReview,
  createSession,
  createTalentProfile,
  createTestimonial,
  createUser,
  createUserWithRole,
  createWorkshop,
  registerForWorkshop,
  type UserRow,
} from '../support/factories.js';
import { consoleAs, expectPgError } from '../support/console.js';

const db = useTestDatabase();

type Row = Record<string, unknown> & { cursor: { v: unknown; id: unknown } };

interface List {
  fn: string;
  caller: () => UserRow;
  args?: () => Record<string, unknown>;
  /** A cursor of the right shape that no row needs to match. */
  valid: Record<string, unknown>;
  key: string;
}

let admin: UserRow;
let moderator: UserRow;
let finance: UserRow;
let support: UserRow;
let runId: string;
let orgId: string;

const T = '2020-01-01T00:00:00+00:00';
const lists: List[] = [
  { fn: 'list_users', caller: () => admin, valid: { v: T, id: randomUUID() }, key: 'id' },
  { fn: 'list_audit', caller: () => admin, valid: { v: T, id: 7 }, key: 'id' },
  { fn: 'list_reviews', caller: () => moderator, valid: { v: T, id: randomUUID() }, key: 'id' },
  { fn: 'list_payments', caller: () => finance, valid: { v: T, id: randomUUID() }, key: 'id' },
  { fn: 'list_refunds', caller: () => finance, valid: { v: T, id: randomUUID() }, key: 'id' },
  { fn: 'list_reconciliation_runs', caller: () => finance, valid: { v: T, id: randomUUID() }, key: 'id' },
  {
    fn: 'list_reconciliation_items',
    caller: () => finance,
    args: () => ({ run_id: runId }),
    valid: { v: 1, id: 1 },
    key: 'seq',
  },
  // the platform's tables (015); organisations by creation, as a name is any text.
  {
    fn: 'list_platform_organizations',
    caller: () => support,
    args: () => ({ sort: 'created_at' }),
    valid: { v: T, id: randomUUID() },
    key: 'id',
  },
  { fn: 'list_workshops', caller: () => support, valid: { v: '2020-01-01', id: randomUUID() }, key: 'id' },
  { fn: 'list_registrations', caller: () => support, valid: { v: T, id: randomUUID() }, key: 'id' },
  { fn: 'list_engagements', caller: () => support, valid: { v: '2020-01-01', id: randomUUID() }, key: 'id' },
  { fn: 'list_engagement_sessions', caller: () => support, valid: { v: T, id: randomUUID() }, key: 'id' },
  { fn: 'list_talent', caller: () => support, valid: { v: 4.5, id: randomUUID() }, key: 'id' },
  { fn: 'list_testimonials', caller: () => support, args: () => ({ state: null }), valid: { v: T, id: randomUUID() }, key: 'id' },
  { fn: 'list_certificates', caller: () => support, valid: { v: '2020-01-01', id: randomUUID() }, key: 'id' },
  // a person search reads their certificates through the user index, then sorts: the same pages.
  {
    fn: 'list_certificates',
    caller: () => support,
    args: () => ({ search: 'Pagewise' }),
    valid: { v: '2020-01-01', id: randomUUID() },
    key: 'id',
  },
  {
    fn: 'list_org_assessments',
    caller: () => admin,
    args: () => ({ organization_id: orgId }),
    valid: { v: T, id: randomUUID() },
    key: 'id',
  },
];

const call = (list: List, extra: Record<string, unknown>) =>
  consoleAs<Row>(db.owner, list.caller().id, list.fn, { ...list.args?.(), ...extra }, { commit: false });

beforeAll(async () => {
  const q = db.owner;
  admin = await createUserWithRole(q, 'admin');
  moderator = await createUserWithRole(q, 'moderator');
  finance = await createUserWithRole(q, 'finance');
  support = await createUserWithRole(q, 'support');
  const instructor = await createUserWithRole(q, 'instructor');
  const workshop = await createWorkshop(q, instructor.id);
  const org = await createOrganization(q);
  orgId = org.id;
  const holder = await createUser(q, { full_name: 'Pagewise Holder' });
  for (let i = 0; i < 5; i += 1) {
    const payer = await createUserWithRole(q, 'user');
    await createOrganization(q);
    await createWorkshop(q, instructor.id, { schedule_date: `2026-0${i + 1}-15` });
    await registerForWorkshop(q, workshop.id, payer.id);
    const expert = await createUserWithRole(q, 'expert');
    const engagement = await createEngagement(q, payer.id, expert.id, { start_date: `2025-0${i + 1}-01` });
    await createSession(q, engagement.id);
    const profile = await createTalentProfile(q, expert.id);
    await createTestimonial(q, profile.id);
    // three a month, two on the same day: pages must break ties by id.
    for (const day of ['10', '10', '20']) await createCertificate(q, holder.id, { issue_date: `2025-0${i + 1}-${day}` });
    await createAssessment(q, payer.id, { organization_id: org.id });
    await createReview(q, payer.id, { workshop_id: workshop.id });
    const payment = await createPayment(q, payer.id);
    await consoleAs(q, finance.id, 'refund_payment', {
      payment_id: payment.id,
      amount: 1,
      reason: 'duplicate',
      idempotency_key: randomUUID(),
    });
    await consoleAs(q, finance.id, 'start_reconciliation', { provider: 'stripe', file_name: `file-${i}.csv` });
  }
  const [run] = await consoleAs<{ id: string }>(q, finance.id, 'start_reconciliation', { provider: 'stripe', file_name: 'items.csv' });
  runId = run!.id;
  const rows = Array.from({ length: 5 }, (_, i) => ({
    line: i + 2,
    kind: 'payment',
    transaction_id: `txn-${randomUUID()}`,
    amount: '10.00',
    currency: 'USD',
    status: 'succeeded',
    occurred_at: T,
  }));
  await consoleAs(q, finance.id, 'add_reconciliation_rows', { run_id: runId, rows });
  await consoleAs(q, finance.id, 'finish_reconciliation', { run_id: runId });
});

describe.each(lists.map((list) => [list.fn, list] as const))('%s', (_fn, list) => {
  it('pages with the cursors it returns: no row twice, none skipped', async () => {
    const all = await call(list, { limit: 200 });
    expect(all.length).toBeGreaterThanOrEqual(5);
    const seen: unknown[] = [];
    let after: unknown = null;
    for (;;) {
      const page: Row[] = await call(list, { limit: 7, after });
      seen.push(...page.map((row) => row[list.key]));
      if (page.length < 7) break;
      after = page.at(-1)!.cursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(0, all.length)).toEqual(all.map((row) => row[list.key]));
    if (all.length < 200) expect(seen).toHaveLength(all.length);
  });

  it('takes a cursor of the right shape even if no row has it', async () => {
    await expect(call(list, { after: list.valid })).resolves.toBeInstanceOf(Array);
  });

  it.each([
    // json text: the driver sends it as is, so the function (not the jsonb parser) sees it.
    ['a string', '"next page"'],
    ['an array', '[1, 2]'],
    ['an empty object', {}],
    ['no value', { id: 1 }],
    ['a null value', { v: null, id: 1 }],
    ['an object value', { v: { a: 1 }, id: 1 }],
    ['an injected value', { v: "2020-01-01'); drop table public.users; --", id: 1 }],
    ['a word for a time', { v: 'yesterday', id: 1 }],
  ])('refuses %s as the cursor, naming "after"', async (_what, bad) => {
    const cursor = typeof bad === 'object' && 'id' in bad ? { ...bad, id: list.valid.id } : bad;
    await expectPgError(call(list, { after: cursor }), {
      code: '22023',
      detail: { field: 'after' },
      message: 'is not a cursor returned by this list',
    });
  });

  // reconciliation items: seq alone is the key, so only "v" is read.
  if (list.key === 'id')
    it('refuses a cursor whose id is not an id of this list', async () => {
      for (const id of ['nope', { a: 1 }, null, typeof list.valid.id === 'number' ? randomUUID() : 5]) {
        await expectPgError(call(list, { after: { v: list.valid.v, id } }), { code: '22023', detail: { field: 'after' } });
      }
    });
});
