// Search everywhere and saved views (016), as each staff role calls them through the API: what each role finds and
// never learns exists, what staff paste (urls, stray spaces, prefixes, any case), hostile input refused or taken
// literally; who sees a saved view, who may change it, and the refusals that keep names, states and sharing sane.
// Which callers are refused each function is function-contract.test.ts's subject.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db.js';
import {
  createCertificate,
  createOrganization,
  createPayment,
  createUser,
  createUserWithRole,
  createWorkshop,
  grantRole,
  type UserRow,
} from '../support/factories.js';
import { consoleAs, expectPgError } from '../support/console.js';

const db = useTestDatabase();

interface Hit {
  kind: string;
  id: string;
  title: string;
  subtitle: string;
  status: string;
  matched: string;
  exact: boolean;
}

let admin: UserRow;
let support: UserRow;
let finance: UserRow;
let finance2: UserRow;
let moderator: UserRow;
let leadership: UserRow;
/** One of each kind, sharing a word ("zephyrine") so that one query can reach them all. */
const world = {} as {
  payer: UserRow;
  payment: { id: string; invoice: string; txn: string };
  org: { id: string; name: string };
  workshop: { id: string };
  certificate: { id: string; number: string };
};

const as = <T = Record<string, unknown>>(who: UserRow, fn: string, args: Record<string, unknown> = {}) =>
  consoleAs<T>(db.owner, who.id, fn, args);
const search = (who: UserRow, query: string, limit?: number) =>
  as<Hit>(who, 'search_everything', { query, ...(limit === undefined ? {} : { limit }) });
const kinds = (hits: Hit[]) => [...new Set(hits.map((h) => h.kind))];

beforeAll(async () => {
  const q = db.owner;
  admin = await createUserWithRole(q, 'admin');
  support = await createUserWithRole(q, 'support');
  finance = await createUserWithRole(q, 'finance');
  finance2 = await createUserWithRole(q, 'finance');
  moderator = await createUserWithRole(q, 'moderator');
  leadership = await createUserWithRole(q, 'leadership');
  const tag = randomUUID().slice(0, 8);
  world.payer = await createUser(q, { email: `zephyrine.${tag}@example.com`, full_name: `Zephyrine Okafor ${tag}` });
  const invoice = `HG-2026-${tag.toUpperCase()}`;
  const txn = `pi_zephyrine${tag}`;
  const payment = await createPayment(q, world.payer.id, { invoice_number: invoice, transaction_id: txn, amount: 450 });
  world.payment = { id: payment.id, invoice, txn };
  const org = await createOrganization(q, { name: `Zephyrine Labs ${tag}`, website: `https://www.zephyrine-${tag}.example/about` });
  world.org = { id: org.id, name: org.name as string };
  const instructor = await createUserWithRole(q, 'instructor');
  world.workshop = await createWorkshop(q, instructor.id, { title: `Zephyrine prompting ${tag}` });
  const cert = await createCertificate(q, world.payer.id);
  world.certificate = { id: cert.id, number: cert.certificate_number };
});

describe('search everywhere: what each role finds', () => {
  it('finance finds the payment by a pasted invoice url, stray spaces and all, and never people or certificates', async () => {
    const hits = await search(finance, `\u00a0 https://billing.humanglue.dev/invoices/${world.payment.invoice}.pdf?download=1 \t`);
    expect(hits.filter((h) => h.kind === 'payment')).toEqual([
      expect.objectContaining({ id: world.payment.id, title: world.payment.invoice, matched: 'invoice_number', exact: true }),
    ]);
    expect(hits[0]!.subtitle).toContain(world.payer.email);
    expect(kinds(await search(finance, world.payer.email))).toEqual(['payment']);
    expect(kinds(await search(finance, world.certificate.number))).toEqual([]);
  });

  it('finds a payment by its processor id with its prefix, in any case, and by a dashboard url', async () => {
    const [byId] = await search(finance, world.payment.txn);
    expect(byId).toMatchObject({ id: world.payment.id, matched: 'transaction_id', exact: true });
    const [byUrl] = await search(finance, `https://dashboard.stripe.com/payments/${world.payment.txn}`);
    expect(byUrl).toMatchObject({ id: world.payment.id, matched: 'transaction_id' });
    const [byLowerInvoice] = await search(finance, `#${world.payment.invoice.toLowerCase()}`);
    expect(byLowerInvoice).toMatchObject({ id: world.payment.id, matched: 'invoice_number', exact: true });
    const byPrefix = await search(finance, world.payment.invoice.slice(0, -2));
    expect(byPrefix.find((h) => h.id === world.payment.id)).toMatchObject({ exact: false });
  });

  it('admins find every kind; a person by email with stray spaces or by part of their name', async () => {
    const [person] = await search(admin, `  ${world.payer.email.toUpperCase()}  `).then((hits) => hits.filter((h) => h.kind === 'person'));
    expect(person).toMatchObject({ id: world.payer.id, matched: 'email', exact: true, subtitle: world.payer.email });
    const byName = await search(admin, 'zephyrine okafor');
    expect(byName.find((h) => h.kind === 'person')).toMatchObject({ id: world.payer.id, matched: 'name' });
    const all = await search(admin, 'Zephyrine');
    expect(kinds(all)).toEqual(['payment', 'person', 'organization', 'workshop']); // payments: the payer's email
    expect(kinds(await search(admin, world.certificate.number))).toEqual(['certificate']);
  });

  it('support finds organisations, workshops and certificates (a lower-case number, a verification link), not payments', async () => {
    expect(kinds(await search(support, 'zephyrine'))).toEqual(['organization', 'workshop']);
    expect(kinds(await search(support, world.payment.invoice))).toEqual([]);
    const [byNumber] = await search(support, ` ${world.certificate.number.toLowerCase()} `);
    expect(byNumber).toMatchObject({ kind: 'certificate', id: world.certificate.id, exact: true, status: 'valid' });
    const [byLink] = await search(support, `https://humanglue.dev/verify/${world.certificate.number}`);
    expect(byLink).toMatchObject({ id: world.certificate.id });
  });

  it('an organisation is found by a pasted website url (its domain); leadership sees organisations only', async () => {
    const domain = `zephyrine-${world.org.name.split(' ').pop()}.example`;
    const [org] = await search(leadership, `https://${domain}/careers?x=1`);
    expect(org).toMatchObject({ kind: 'organization', id: world.org.id, matched: 'domain', exact: true, subtitle: domain });
    expect(kinds(await search(leadership, 'zephyrine'))).toEqual(['organization']);
    expect(kinds(await search(leadership, world.payment.invoice))).toEqual([]);
  });

  it('a moderator never learns that a payment, person, organisation or certificate exists', async () => {
    for (const query of [world.payment.invoice, world.payment.txn, world.payer.email, 'zephyrine', world.certificate.number]) {
      expect(await search(moderator, query), query).toEqual([]);
    }
  });

  it('someone without a staff role is refused, naming the capability', async () => {
    const person = await createUser(db.owner);
    await expectPgError(search(person, 'zephyrine'), { code: '42501', message: /search\.everything/ });
  });

  it('returns one row more than the limit per kind to say there are more, exact matches first', async () => {
    const tag = randomUUID().slice(0, 6).toUpperCase();
    for (const n of [1, 2, 3]) await createPayment(db.owner, world.payer.id, { invoice_number: `HG-MORE-${tag}-${n}` });
    const exact = await createPayment(db.owner, world.payer.id, { invoice_number: `HG-MORE-${tag}` });
    const hits = await search(finance, `HG-MORE-${tag}`, 2);
    expect(hits).toHaveLength(3);
    expect(hits[0]).toMatchObject({ id: exact.id, exact: true });
  });
});

describe('search everywhere: careless and hostile input', () => {
  it('blank, white space or control characters alone find nothing', async () => {
    // (a NUL cannot reach SQL at all: PostgreSQL text cannot hold it, and main's schemas refuse it first)
    for (const query of ['', '   ', '\u0007\u001b\t\n', '\u00a0\u3000\u200b']) expect(await search(admin, query)).toEqual([]);
  });

  it('wildcards, quotes and sql are literal text', async () => {
    for (const query of ['%', '_', '\\', "'; drop table public.payments; --", '%%@%', '.*']) {
      expect(await search(admin, query), query).toEqual([]);
    }
    const [{ count }] = (await db.owner.query<{ count: string }>('select count(*) from public.payments')).rows as [{ count: string }];
    expect(Number(count)).toBeGreaterThan(0);
  });

  it('refuses an overlong query and a limit out of range at their fields', async () => {
    await expectPgError(search(admin, 'x'.repeat(301)), { code: '22023', detail: { field: 'query' } });
    await expectPgError(search(admin, 'x', 0), { code: '22023', detail: { field: 'limit' } });
    await expectPgError(search(admin, 'x', 21), { code: '22023', detail: { field: 'limit' } });
  });
});

// ====== saved views ======

interface View {
  id: string;
  name: string;
  state: Record<string, unknown>;
  shared_with_role: string | null;
  is_mine: boolean;
  is_default: boolean;
  can_change: boolean;
  owner_name: string;
  updated_at: Date;
}

const state = {
  filters: { status: ['succeeded'], search: 'HG-2026' },
  sort: { id: 'created_at', desc: true },
  visibility: { provider: false },
};
const list = (who: UserRow, screen: string) => as<View>(who, 'list_saved_views', { screen });
const create = (who: UserRow, args: Record<string, unknown>) =>
  as<{ id: string; updated_at: Date }>(who, 'create_saved_view', { screen: 'payments', state, ...args }).then((rows) => rows[0]!);

describe('saved views: who sees them', () => {
  it('a view shared with finance is listed for finance2 (read-only) and for admins, never for a moderator', async () => {
    const name = `Stripe successes ${randomUUID().slice(0, 6)}`;
    const view = await create(finance, { name, shared_with_role: 'finance' });
    expect((await list(finance, 'payments')).find((v) => v.id === view.id)).toMatchObject({ is_mine: true, can_change: true, state });
    expect((await list(finance2, 'payments')).find((v) => v.id === view.id)).toMatchObject({
      name,
      is_mine: false,
      can_change: false,
      shared_with_role: 'finance',
      owner_name: finance.full_name ?? finance.email,
    });
    expect((await list(admin, 'payments')).find((v) => v.id === view.id)).toMatchObject({ can_change: true });
    await expectPgError(list(moderator, 'payments'), { code: '42501', message: /payments\.read/ });
    // on a screen both open, the finance view is still not the moderator's to see
    const audit = await create(finance, { screen: 'audit', name, shared_with_role: 'finance', state: { filters: {} } });
    expect((await list(finance2, 'audit')).map((v) => v.id)).toContain(audit.id);
    expect((await list(moderator, 'audit')).map((v) => v.id)).not.toContain(audit.id);
  });

  it('a private view is its owner’s alone, admins included; losing the role loses the shared views', async () => {
    const mine = await create(finance, { name: `Mine ${randomUUID().slice(0, 6)}` });
    expect((await list(finance2, 'payments')).map((v) => v.id)).not.toContain(mine.id);
    expect((await list(admin, 'payments')).map((v) => v.id)).not.toContain(mine.id);
    await expectPgError(as(admin, 'delete_saved_view', { view_id: mine.id }), { code: 'P0002' });

    const leaver = await createUserWithRole(db.owner, 'finance');
    const shared = await create(finance, { name: `Team ${randomUUID().slice(0, 6)}`, shared_with_role: 'finance' });
    expect((await list(leaver, 'payments')).map((v) => v.id)).toContain(shared.id);
    await db.owner.query(`delete from public.user_roles where user_id = $1`, [leaver.id]);
    await grantRole(db.owner, leaver.id, 'support');
    await expectPgError(list(leaver, 'payments'), { code: '42501' });
  });
});

describe('saved views: who may change them', () => {
  it('only the owner or an admin renames, re-shares or deletes; each change is audited with before and after', async () => {
    const view = await create(finance, { name: `Weekly ${randomUUID().slice(0, 6)}`, shared_with_role: 'finance' });
    const args = { view_id: view.id, name: 'Hijacked', state: null, shared_with_role: 'finance' };
    await expectPgError(as(finance2, 'update_saved_view', args), { code: '42501', message: /owner or an admin/ });
    await expectPgError(as(finance2, 'delete_saved_view', { view_id: view.id }), { code: '42501' });

    const [renamed] = await as<{ updated_at: Date }>(finance, 'update_saved_view', { ...args, name: 'Weekly successes' });
    const [after] = (await list(finance2, 'payments')).filter((v) => v.id === view.id);
    expect(after).toMatchObject({ name: 'Weekly successes', state }); // a null state keeps the saved one
    const { rows: audit } = await db.owner.query(
      `select action, before ->> 'name' as before, after ->> 'name' as after from console.audit_log
        where entity = 'saved_view' and entity_id = $1 order by id`,
      [view.id],
    );
    expect(audit).toEqual([
      { action: 'saved_view.create', before: null, after: expect.stringMatching(/^Weekly /) },
      { action: 'saved_view.update', before: expect.stringMatching(/^Weekly /), after: 'Weekly successes' },
    ]);

    // someone who opened it before the rename and saves over it is told who changed it
    await expectPgError(
      as(admin, 'update_saved_view', { ...args, name: 'Admin’s', expected_updated_at: new Date(renamed!.updated_at.getTime() - 1000) }),
      { code: 'PT409', message: /was changed since you opened it \(by / },
    );
    await as(admin, 'delete_saved_view', { view_id: view.id });
    expect((await list(finance, 'payments')).map((v) => v.id)).not.toContain(view.id);
  });

  it('refuses a name taken (any case), blank, too long or with control characters, at the name field', async () => {
    const name = `Refunds ${randomUUID().slice(0, 6)}`;
    await create(finance, { name });
    for (const bad of [name.toUpperCase(), '   ', 'x'.repeat(81), 'two\nlines']) {
      await expectPgError(create(finance, { name: bad }), { code: '22023', detail: { field: 'name' } });
    }
    // the same name is another person's to use
    await create(finance2, { name });
  });

  it('refuses a state that is not {filters, sort, visibility}, or larger than 8,000 bytes', async () => {
    for (const bad of [
      [],
      'text',
      { filters: [] },
      { filters: {}, script: 'x' },
      { sort: 'created_at' },
      { filters: { q: 'x'.repeat(8000) } },
    ]) {
      const sent = JSON.stringify(bad); // as PostgREST passes a json argument
      await expectPgError(create(finance, { name: `S ${randomUUID()}`, state: sent }), { code: '22023', detail: { field: 'state' } });
    }
  });

  it('offers to share with the roles the sharer holds (admins: any) whose people can open the screen', async () => {
    const roles = async (who: UserRow, screen: string) =>
      (await as<{ view_share_roles: string[] }>(who, 'view_share_roles', { screen }))[0]!.view_share_roles;
    expect(await roles(finance, 'payments')).toEqual(['finance']);
    expect(await roles(admin, 'payments')).toEqual(['admin', 'finance']);
    expect(await roles(admin, 'audit')).toEqual(['admin', 'moderator', 'finance', 'leadership', 'support']);
    expect(await roles(admin, 'talent.testimonials')).toEqual(['admin', 'moderator', 'support']);
    await expectPgError(roles(moderator, 'payments'), { code: '42501' });
  });

  it('refuses an unknown screen, a role the sharer does not hold, and a role that cannot open the screen', async () => {
    await expectPgError(create(finance, { screen: 'secrets', name: 'x' }), { code: '22023', detail: { field: 'screen' } });
    await expectPgError(create(finance, { name: 'x', shared_with_role: 'support' }), {
      code: '22023',
      detail: { field: 'shared_with_role' },
      message: /only with a role you hold/,
    });
    await expectPgError(create(admin, { name: 'x', shared_with_role: 'moderator' }), {
      code: '22023',
      detail: { field: 'shared_with_role' },
      message: /moderator cannot open this screen/,
    });
    await expectPgError(create(finance, { name: 'x', shared_with_role: 'root' }), { code: '22023', detail: { field: 'shared_with_role' } });
  });
});

describe('saved views: a default per person', () => {
  it('is listed first, can be a view shared with me, clears when deleted, and must be one I see', async () => {
    const person = await createUserWithRole(db.owner, 'finance');
    const shared = await create(finance, { name: `Default ${randomUUID().slice(0, 6)}`, shared_with_role: 'finance' });
    await as(person, 'set_default_view', { screen: 'payments', view_id: shared.id });
    const [first] = await list(person, 'payments');
    expect(first).toMatchObject({ id: shared.id, is_default: true });
    expect((await list(finance, 'payments')).find((v) => v.id === shared.id)).toMatchObject({ is_default: false });

    await as(finance, 'delete_saved_view', { view_id: shared.id });
    expect((await list(person, 'payments')).some((v) => v.is_default)).toBe(false);

    const hidden = await create(finance, { name: `Private ${randomUUID().slice(0, 6)}` });
    await expectPgError(as(person, 'set_default_view', { screen: 'payments', view_id: hidden.id }), { code: 'P0002' });
    await expectPgError(as(person, 'set_default_view', { screen: 'payments', view_id: 'not-a-uuid' }), {
      code: '22023',
      detail: { field: 'view_id' },
    });
    const own = await create(person, { name: 'Mine' });
    await as(person, 'set_default_view', { screen: 'payments', view_id: own.id });
    await as(person, 'set_default_view', { screen: 'payments', view_id: null });
    expect((await list(person, 'payments')).some((v) => v.is_default)).toBe(false);
  });
});
