// Row-level security of 005 (money and credentials): payments and certificates, and verify_certificate.
// SCHEMA.md: payments: select own or member of its org; every write admin-only. Certificates: select own (anon: no
// grant, use verify_certificate); insert by the workshop's instructor with issued_by = uid, for a learner whose
// registration is completed or attended; update and delete admin; is_verified only by a platform admin (guard).
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db.js';
import {
  createCertificate,
  createPayment,
  createUserWithRole,
  createWorkshop,
  registerForWorkshop,
  type UserRow,
} from '../support/factories.js';
import {
  actorsOf,
  createCast,
  deleteAs,
  expectDeleteAllowed,
  expectDeleteRefused,
  expectGuard,
  expectInsertAllowed,
  expectPermissionDenied,
  expectRlsViolation,
  expectUpdateAllowed,
  expectUpdateRefused,
  insertAs,
  insertSql,
  updateAs,
  userActor,
  uuid,
  visible,
  type Actor,
  type ActorName,
  type Cast,
} from './rls-helpers.js';

const db = useTestDatabase();
let cast: Cast;
let instructor2: UserRow;
let lapsedMember: UserRow;
const base = actorsOf(db, () => cast);
type Name = ActorName | 'instructor2' | 'lapsedMember';
const as = (name: Name): Actor =>
  name === 'instructor2'
    ? userActor(db, name, instructor2.id)
    : name === 'lapsedMember'
      ? userActor(db, name, lapsedMember.id)
      : base(name);

let payments: Record<'payUser' | 'payOther' | 'payA' | 'payB', string>;
let workshop: string;
let workshop2: string;
let certificates: Record<'certUser' | 'certOther', string>;
let certUserNumber: string;

beforeAll(async () => {
  cast = await createCast(db);
  const q = db.owner;
  instructor2 = await createUserWithRole(q, 'instructor');
  lapsedMember = await createUserWithRole(q, 'user', { organization_id: cast.orgA.id, expires_at: new Date(Date.now() - 86_400_000) });
  payments = {
    payUser: (await createPayment(q, cast.user.id)).id,
    payOther: (await createPayment(q, cast.other.id)).id,
    payA: (await createPayment(q, cast.orgAdmin.id, { organization_id: cast.orgA.id, payment_type: 'subscription' })).id,
    payB: (await createPayment(q, cast.orgBMember.id, { organization_id: cast.orgB.id, payment_type: 'subscription' })).id,
  };
  workshop = (await createWorkshop(q, cast.instructor.id)).id;
  workshop2 = (await createWorkshop(q, instructor2.id)).id;
  // workshop's learners: other completed it, orgMember attended (still registered), client registered only,
  // orgBMember cancelled; orgAdmin completed workshop2 (another instructor's).
  await registerForWorkshop(q, workshop, cast.other.id, { status: 'completed', attended: true, completed_at: new Date() });
  await registerForWorkshop(q, workshop, cast.orgMember.id, { attended: true });
  await registerForWorkshop(q, workshop, cast.client.id);
  await registerForWorkshop(q, workshop, cast.orgBMember.id, { status: 'cancelled' });
  await registerForWorkshop(q, workshop2, cast.orgAdmin.id, { status: 'completed' });
  const certUser = await createCertificate(q, cast.user.id, {
    certificate_type: 'workshop',
    workshop_id: workshop,
    issued_by: cast.instructor.id,
    title: 'AI Foundations',
  });
  certUserNumber = certUser.certificate_number;
  certificates = { certUser: certUser.id, certOther: (await createCertificate(q, cast.other.id)).id };
});

describe('payments', () => {
  const all = ['payA', 'payB', 'payOther', 'payUser'];
  const newPayment = (userId: string, extra: Record<string, unknown> = {}) => ({
    user_id: userId,
    amount: 49,
    provider: 'manual',
    payment_type: 'other',
    ...extra,
  });

  it('anon has no grant on payments', async () => {
    await expectPermissionDenied(as('anon').run((q) => q.query('select id from public.payments')));
    await expectPermissionDenied(insertAs(as('anon'), 'payments', newPayment(cast.user.id)));
    await expectPermissionDenied(updateAs(as('anon'), 'payments', payments.payUser, { status: 'refunded' }));
    await expectPermissionDenied(deleteAs(as('anon'), 'payments', payments.payUser));
  });

  it.each<[Name, string[]]>([
    ['user', ['payUser']],
    ['other', ['payOther']],
    ['orgAdmin', ['payA']],
    ['orgMember', ['payA']],
    ['client', ['payA']],
    ['orgBMember', ['payB']],
    ['lapsedMember', []],
    ['instructor', []],
    ['expert', []],
    ['expiredAdmin', []],
    ['admin', all],
    ['service', all],
  ])('select: %s sees %j (own, and every payment of an org it belongs to)', async (actor, expected) => {
    expect(await visible(as(actor), 'payments', payments)).toEqual(expected);
  });

  it.each<[Name, () => Record<string, unknown>]>([
    ['user', () => newPayment(cast.user.id)],
    ['orgAdmin', () => newPayment(cast.orgAdmin.id, { organization_id: cast.orgA.id })],
    ['client', () => newPayment(cast.client.id, { organization_id: cast.orgA.id })],
    ['expiredAdmin', () => newPayment(cast.user.id)],
  ])('insert: %s cannot record a payment', async (actor, values) => {
    await expectRlsViolation(insertAs(as(actor), 'payments', values()), 'payments');
  });

  it.each<Name>(['admin', 'service'])('insert: %s may record a payment', async (actor) => {
    const row = await expectInsertAllowed(as(actor), 'payments', newPayment(cast.user.id, { organization_id: cast.orgA.id }));
    expect(row).toMatchObject({ user_id: cast.user.id, amount: 49, status: 'pending' });
  });

  it.each<[Name, keyof typeof payments]>([
    ['user', 'payUser'],
    ['user', 'payOther'],
    ['orgAdmin', 'payA'],
    ['orgMember', 'payA'],
    ['client', 'payA'],
    ['expiredAdmin', 'payUser'],
  ])('update: %s cannot change %s (0 rows, unchanged)', async (actor, key) => {
    await expectUpdateRefused(db, as(actor), 'payments', payments[key], {
      status: 'refunded',
      refund_amount: 100,
      refunded_at: new Date(),
    });
  });

  it.each<Name>(['admin', 'service'])('update: %s may refund a payment', async (actor) => {
    const row = await expectUpdateAllowed(as(actor), 'payments', payments.payUser, {
      status: 'refunded',
      refund_amount: 100,
      refunded_at: new Date(),
    });
    expect(row).toMatchObject({ status: 'refunded', refund_amount: 100 });
  });

  it.each<[Name, keyof typeof payments]>([
    ['user', 'payUser'],
    ['orgAdmin', 'payA'],
    ['orgMember', 'payA'],
    ['expiredAdmin', 'payB'],
  ])('delete: %s cannot delete %s', async (actor, key) => {
    await expectDeleteRefused(db, as(actor), 'payments', payments[key]);
  });

  it.each<Name>(['admin', 'service'])('delete: %s may delete a payment', async (actor) => {
    await expectDeleteAllowed(as(actor), 'payments', payments.payB);
  });
});

describe('certificates', () => {
  const all = ['certOther', 'certUser'];

  it('anon has no grant on certificates', async () => {
    await expectPermissionDenied(as('anon').run((q) => q.query('select id from public.certificates')));
    await expectPermissionDenied(insertAs(as('anon'), 'certificates', { user_id: cast.user.id, certificate_type: 'program' }));
    await expectPermissionDenied(updateAs(as('anon'), 'certificates', certificates.certUser, { is_verified: true }));
    await expectPermissionDenied(deleteAs(as('anon'), 'certificates', certificates.certUser));
  });

  it.each<[Name, string[]]>([
    ['user', ['certUser']],
    ['other', ['certOther']],
    ['instructor', []],
    ['expert', []],
    ['client', []],
    ['orgAdmin', []],
    ['orgMember', []],
    ['orgBMember', []],
    ['expiredAdmin', []],
    ['admin', all],
    ['service', all],
  ])('select: %s sees %j (own only: issuing a certificate does not make it visible to the issuer)', async (actor, expected) => {
    expect(await visible(as(actor), 'certificates', certificates)).toEqual(expected);
  });

  const workshopCertificate = (userId: string, workshopId: string, issuedBy: string | null) => ({
    user_id: userId,
    certificate_type: 'workshop',
    workshop_id: workshopId,
    issued_by: issuedBy,
    title: 'AI Foundations',
  });

  it("insert: the workshop's instructor may issue a certificate signed by themselves, and the learner sees it", async () => {
    const id = uuid();
    const learners = await as('instructor').run(async (q) => {
      expect(await insertSql(q, 'certificates', { id, ...workshopCertificate(cast.other.id, workshop, cast.instructor.id) })).toBe(1);
      // Same transaction, now as the learner: the new certificate is theirs to see.
      await q.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: cast.other.id, role: 'authenticated' })]);
      return (await q.query('select certificate_number from public.certificates where id = $1', [id])).rows;
    });
    expect(learners).toHaveLength(1);
    expect(learners[0]!.certificate_number).toMatch(/^CERT-WORKSHOP-\d{8}-[0-9A-F]{8}$/);
  });

  it("insert: the workshop's instructor may certify a learner who attended but is not yet marked completed", async () => {
    const row = await expectInsertAllowed(
      as('instructor'),
      'certificates',
      workshopCertificate(cast.orgMember.id, workshop, cast.instructor.id),
    );
    expect(row).toMatchObject({ user_id: cast.orgMember.id, is_verified: false });
  });

  it.each<[string, Name, () => Record<string, unknown>]>([
    ['to someone never registered for the workshop', 'instructor', () => workshopCertificate(cast.expert.id, workshop, cast.instructor.id)],
    [
      'to a registrant who has neither completed nor attended',
      'instructor',
      () => workshopCertificate(cast.client.id, workshop, cast.instructor.id),
    ],
    ['to a registrant who cancelled', 'instructor', () => workshopCertificate(cast.orgBMember.id, workshop, cast.instructor.id)],
    [
      "to a graduate of another instructor's workshop, naming their own",
      'instructor',
      () => workshopCertificate(cast.orgAdmin.id, workshop, cast.instructor.id),
    ],
    ["for another instructor's workshop", 'instructor', () => workshopCertificate(cast.other.id, workshop2, cast.instructor.id)],
    ['signed by someone else', 'instructor', () => workshopCertificate(cast.other.id, workshop, cast.admin.id)],
    ['unsigned', 'instructor', () => workshopCertificate(cast.other.id, workshop, null)],
    ['without a workshop', 'instructor', () => ({ user_id: cast.other.id, certificate_type: 'program', issued_by: cast.instructor.id })],
    ['by a different instructor', 'instructor2', () => workshopCertificate(cast.other.id, workshop, instructor2.id)],
    ['to themselves by a learner', 'user', () => workshopCertificate(cast.user.id, workshop, cast.user.id)],
    ['to themselves by a learner, naming the instructor', 'user', () => workshopCertificate(cast.user.id, workshop, cast.instructor.id)],
    [
      'by an expired admin',
      'expiredAdmin',
      () => ({ user_id: cast.expiredAdmin.id, certificate_type: 'program', issued_by: cast.expiredAdmin.id }),
    ],
  ])('insert: a certificate %s is refused', async (_what, actor, values) => {
    await expectRlsViolation(insertAs(as(actor), 'certificates', values()), 'certificates');
  });

  it.each<Name>(['admin', 'service'])('insert: %s may issue any certificate', async (actor) => {
    const row = await expectInsertAllowed(as(actor), 'certificates', {
      user_id: cast.user.id,
      certificate_type: 'program',
      title: 'Program',
    });
    expect(row.certificate_number).toMatch(/^CERT-PROGRAM-/);
  });

  it('insert: the guard refuses the instructor issuing a certificate already verified', async () => {
    await expectGuard(
      insertAs(as('instructor'), 'certificates', {
        ...workshopCertificate(cast.other.id, workshop, cast.instructor.id),
        is_verified: true,
      }),
      'is_verified',
    );
  });

  it.each<Name>(['admin', 'service'])('insert: %s may issue a verified certificate, even to someone never registered', async (actor) => {
    const row = await expectInsertAllowed(as(actor), 'certificates', {
      ...workshopCertificate(cast.expert.id, workshop, cast.instructor.id),
      is_verified: true,
    });
    expect(row.is_verified).toBe(true);
  });

  it.each<[Name, keyof typeof certificates]>([
    ['user', 'certUser'],
    ['instructor', 'certUser'],
    ['other', 'certUser'],
    ['expiredAdmin', 'certOther'],
  ])('update: %s cannot change %s (0 rows, unchanged)', async (actor, key) => {
    await expectUpdateRefused(db, as(actor), 'certificates', certificates[key], { is_verified: true, expiry_date: '2099-12-31' });
  });

  it.each<Name>(['admin', 'service'])('update: %s may verify a certificate', async (actor) => {
    const row = await expectUpdateAllowed(as(actor), 'certificates', certificates.certUser, { is_verified: true });
    expect(row.is_verified).toBe(true);
  });

  it('update: the guard refuses is_verified changes by anyone but a platform admin, even past the policy', async () => {
    // The update policy is admin-only; the guard is the second line. Show it on its own by letting the
    // instructor through the policies for this one transaction (probe policies, rolled back with it).
    const outcome = await as('instructor').run(async (q) => {
      await q.query('reset role');
      await q.query(`create policy "probe: instructor reads" on public.certificates for select to authenticated using (true)`);
      await q.query(
        `create policy "probe: instructor updates" on public.certificates for update to authenticated using (true) with check (true)`,
      );
      await q.query('set local role authenticated');
      await q.query('savepoint probe');
      const refused = await q
        .query('update public.certificates set is_verified = true where id = $1', [certificates.certUser])
        .catch((e: unknown) => e);
      await q.query('rollback to savepoint probe');
      const allowed = await q.query(`update public.certificates set title = 'Renamed' where id = $1`, [certificates.certUser]);
      return { refused, allowedCount: allowed.rowCount };
    });
    expect(outcome.refused).toMatchObject({ code: 'P0001', message: expect.stringMatching(/\bis_verified\b/) });
    expect(outcome.allowedCount).toBe(1);
  });

  it.each<[Name, keyof typeof certificates]>([
    ['user', 'certUser'],
    ['instructor', 'certUser'],
    ['expiredAdmin', 'certOther'],
  ])('delete: %s cannot delete %s', async (actor, key) => {
    await expectDeleteRefused(db, as(actor), 'certificates', certificates[key]);
  });

  it.each<Name>(['admin', 'service'])('delete: %s may delete a certificate', async (actor) => {
    await expectDeleteAllowed(as(actor), 'certificates', certificates.certOther);
  });

  it.each<Name>(['anon', 'other'])(
    'verify_certificate lets %s check a certificate by number, exposing only its public facts',
    async (actor) => {
      const rows = await as(actor).run(async (q) => (await q.query('select * from public.verify_certificate($1)', [certUserNumber])).rows);
      expect(rows).toHaveLength(1);
      const facts = rows[0] as Record<string, unknown>;
      expect(Object.values(facts)).toContain(certUserNumber);
      expect(Object.values(facts)).toContain('RLS user');
      for (const hidden of ['user_id', 'email', 'id', 'metadata', 'issued_by']) expect(Object.keys(facts)).not.toContain(hidden);
      expect(JSON.stringify(facts)).not.toContain(cast.user.id);
    },
  );

  it('verify_certificate finds nothing for an unknown number', async () => {
    const rows = await as('anon').run(
      async (q) => (await q.query('select * from public.verify_certificate($1)', ['CERT-WORKSHOP-20000101-DEADBEEF'])).rows,
    );
    expect(rows.filter((row) => Object.values(row).some((value) => value !== null))).toEqual([]);
  });
});
