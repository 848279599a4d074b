// Row-level security of 002: workshops and workshop_registrations.
// SCHEMA.md: workshops: anon sees published; authenticated sees published and own (instructor); insert needs the
// instructor role and instructor_id = uid; update own; delete admin; is_featured is admin-only (guard). Registrations:
// select own or instructor of the workshop; insert own, workshop published, status registered (guard: nothing but a
// plain registration); update own (guard) or the workshop's instructor (guard); delete admin. Platform admins pass
// every policy; service_role bypasses RLS.
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
  updateAs,
  userActor,
  visible,
  type Actor,
  type ActorName,
  type Cast,
} from './rls-helpers.js';

const db = useTestDatabase();
let cast: Cast;
let instructor2: UserRow;
let lapsedInstructor: UserRow;
const base = actorsOf(db, () => cast);
type Name = ActorName | 'instructor2' | 'lapsedInstructor';
const as = (name: Name): Actor =>
  name === 'instructor2'
    ? userActor(db, name, instructor2.id)
    : name === 'lapsedInstructor'
      ? userActor(db, name, lapsedInstructor.id)
      : base(name);

let workshops: Record<'pub' | 'draft' | 'archived' | 'pub2' | 'draft2', string>;
let registrations: Record<'regUser' | 'regOther' | 'regUserPub2', string>;
/** Someone else's payment and certificate, for registrations that try to claim them. */
let paymentId: string;
let certificateId: string;

beforeAll(async () => {
  cast = await createCast(db);
  const q = db.owner;
  instructor2 = await createUserWithRole(q, 'instructor');
  lapsedInstructor = await createUserWithRole(q, 'instructor', { expires_at: new Date(Date.now() - 86_400_000) });
  const pub = await createWorkshop(q, cast.instructor.id, { status: 'published' });
  const draft = await createWorkshop(q, cast.instructor.id, { status: 'draft' });
  const archived = await createWorkshop(q, cast.instructor.id, { status: 'archived' });
  const pub2 = await createWorkshop(q, instructor2.id, { status: 'published' });
  const draft2 = await createWorkshop(q, instructor2.id, { status: 'draft' });
  workshops = { pub: pub.id, draft: draft.id, archived: archived.id, pub2: pub2.id, draft2: draft2.id };
  registrations = {
    regUser: (await registerForWorkshop(q, pub.id, cast.user.id, { price_paid: 100 })).id,
    regOther: (await registerForWorkshop(q, pub.id, cast.other.id, { price_paid: 100 })).id,
    regUserPub2: (await registerForWorkshop(q, pub2.id, cast.user.id, { price_paid: 100 })).id,
  };
  paymentId = (await createPayment(q, cast.other.id, { related_entity_id: pub.id })).id;
  certificateId = (await createCertificate(q, cast.other.id, { certificate_type: 'workshop', workshop_id: pub.id })).id;
});

const newWorkshop = (instructorId: string) => ({
  title: 'Leading through AI change',
  instructor_id: instructorId,
  pillar: 'coaching',
  level: 'intermediate',
  format: 'hybrid',
  capacity_total: 12,
  status: 'draft',
});

describe('workshops', () => {
  const published = ['pub', 'pub2'];
  const all = ['archived', 'draft', 'draft2', 'pub', 'pub2'];

  it.each<[Name, string[]]>([
    ['anon', published],
    ['user', published],
    ['other', published],
    ['expert', published],
    ['client', published],
    ['orgAdmin', published],
    ['orgMember', published],
    ['orgBMember', published],
    ['expiredAdmin', published],
    ['instructor', ['archived', 'draft', 'pub', 'pub2']],
    ['instructor2', ['draft2', 'pub', 'pub2']],
    ['admin', all],
    ['service', all],
  ])('select: %s sees %j', async (actor, expected) => {
    expect(await visible(as(actor), 'workshops', workshops)).toEqual(expected);
  });

  it('anon may only read: no insert, update or delete grant', async () => {
    await expectPermissionDenied(insertAs(as('anon'), 'workshops', newWorkshop(cast.instructor.id)));
    await expectPermissionDenied(updateAs(as('anon'), 'workshops', workshops.pub, { title: 'x' }));
    await expectPermissionDenied(deleteAs(as('anon'), 'workshops', workshops.pub));
  });

  it('insert: an instructor may create a workshop they teach', async () => {
    const row = await expectInsertAllowed(as('instructor'), 'workshops', newWorkshop(cast.instructor.id));
    expect(row).toMatchObject({ instructor_id: cast.instructor.id, status: 'draft', capacity_remaining: 12 });
  });

  it.each<[Name, 'self' | 'instructor2']>([
    ['instructor', 'instructor2'],
    ['user', 'self'],
    ['expert', 'self'],
    ['client', 'self'],
    ['orgAdmin', 'self'],
    ['lapsedInstructor', 'self'],
    ['expiredAdmin', 'instructor2'],
  ])('insert: %s cannot create a workshop taught by %s', async (actor, teacher) => {
    const acting = as(actor);
    const instructorId = teacher === 'self' ? acting.id! : instructor2.id;
    await expectRlsViolation(insertAs(acting, 'workshops', newWorkshop(instructorId)), 'workshops');
  });

  it.each<Name>(['admin', 'service'])('insert: %s may create a workshop for any instructor', async (actor) => {
    const row = await expectInsertAllowed(as(actor), 'workshops', newWorkshop(instructor2.id));
    expect(row.instructor_id).toBe(instructor2.id);
  });

  it('insert: the guard refuses an instructor creating a workshop already featured', async () => {
    await expectGuard(insertAs(as('instructor'), 'workshops', { ...newWorkshop(cast.instructor.id), is_featured: true }), 'is_featured');
  });

  it('insert: an instructor may create a workshop unfeatured explicitly', async () => {
    const row = await expectInsertAllowed(as('instructor'), 'workshops', { ...newWorkshop(cast.instructor.id), is_featured: false });
    expect(row.is_featured).toBe(false);
  });

  it.each<Name>(['admin', 'service'])('insert: %s may create a featured workshop', async (actor) => {
    const row = await expectInsertAllowed(as(actor), 'workshops', { ...newWorkshop(instructor2.id), is_featured: true });
    expect(row.is_featured).toBe(true);
  });

  it('update: an instructor may update (publish) their own workshop', async () => {
    const row = await expectUpdateAllowed(as('instructor'), 'workshops', workshops.draft, { status: 'published', title: 'Now live' });
    expect(row).toMatchObject({ status: 'published', title: 'Now live' });
  });

  it('update: the guard refuses an instructor featuring their own workshop', async () => {
    await expectGuard(updateAs(as('instructor'), 'workshops', workshops.pub, { is_featured: true }), 'is_featured');
  });

  it('update: the guard refuses an instructor unfeaturing a workshop an admin featured', async () => {
    await db.owner.query('update public.workshops set is_featured = true where id = $1', [workshops.draft]);
    try {
      await expectGuard(updateAs(as('instructor'), 'workshops', workshops.draft, { is_featured: false }), 'is_featured');
      const row = await expectUpdateAllowed(as('instructor'), 'workshops', workshops.draft, { title: 'Still featured' });
      expect(row).toMatchObject({ title: 'Still featured', is_featured: true });
    } finally {
      await db.owner.query('update public.workshops set is_featured = false where id = $1', [workshops.draft]);
    }
  });

  it('update: an instructor cannot hand their workshop to another instructor', async () => {
    await expectRlsViolation(updateAs(as('instructor'), 'workshops', workshops.pub, { instructor_id: instructor2.id }), 'workshops');
  });

  it.each<[Name, keyof typeof workshops]>([
    ['instructor', 'pub2'],
    ['instructor', 'draft2'],
    ['instructor2', 'draft'],
    ['user', 'pub'],
    ['client', 'pub'],
    ['orgAdmin', 'pub'],
    ['expiredAdmin', 'pub'],
    ['expiredAdmin', 'draft'],
  ])('update: %s cannot update workshop %s (0 rows, unchanged)', async (actor, workshop) => {
    await expectUpdateRefused(db, as(actor), 'workshops', workshops[workshop], { title: 'Hijacked', capacity_remaining: 1 });
  });

  it.each<Name>(['admin', 'service'])('update: %s may update any workshop', async (actor) => {
    const row = await expectUpdateAllowed(as(actor), 'workshops', workshops.draft2, { is_featured: true, status: 'published' });
    expect(row).toMatchObject({ is_featured: true, status: 'published' });
  });

  it.each<[Name, keyof typeof workshops]>([
    ['instructor', 'draft'],
    ['instructor', 'pub'],
    ['user', 'pub'],
    ['orgAdmin', 'pub'],
    ['expiredAdmin', 'pub'],
  ])('delete: %s cannot delete workshop %s', async (actor, workshop) => {
    await expectDeleteRefused(db, as(actor), 'workshops', workshops[workshop]);
  });

  it.each<Name>(['admin', 'service'])('delete: %s may delete any workshop', async (actor) => {
    await expectDeleteAllowed(as(actor), 'workshops', workshops.pub2);
  });
});

describe('workshop_registrations', () => {
  it('anon has no grant on registrations', async () => {
    await expectPermissionDenied(as('anon').run((q) => q.query('select id from public.workshop_registrations')));
    await expectPermissionDenied(insertAs(as('anon'), 'workshop_registrations', { workshop_id: workshops.pub, user_id: cast.user.id }));
    await expectPermissionDenied(updateAs(as('anon'), 'workshop_registrations', registrations.regUser, { status: 'cancelled' }));
    await expectPermissionDenied(deleteAs(as('anon'), 'workshop_registrations', registrations.regUser));
  });

  const all = ['regOther', 'regUser', 'regUserPub2'];
  it.each<[Name, string[]]>([
    ['user', ['regUser', 'regUserPub2']],
    ['other', ['regOther']],
    ['instructor', ['regOther', 'regUser']],
    ['instructor2', ['regUserPub2']],
    ['expert', []],
    ['client', []],
    ['orgAdmin', []],
    ['orgMember', []],
    ['orgBMember', []],
    ['expiredAdmin', []],
    ['admin', all],
    ['service', all],
  ])('select: %s sees %j', async (actor, expected) => {
    expect(await visible(as(actor), 'workshop_registrations', registrations)).toEqual(expected);
  });

  it('insert: a user may register themselves for a published workshop', async () => {
    const row = await expectInsertAllowed(as('expert'), 'workshop_registrations', { workshop_id: workshops.pub, user_id: cast.expert.id });
    expect(row).toMatchObject({ user_id: cast.expert.id, status: 'registered' });
  });

  it.each<[string, Name, () => Record<string, unknown>]>([
    ['a draft workshop', 'expert', () => ({ workshop_id: workshops.draft, user_id: cast.expert.id })],
    ['an archived workshop', 'expert', () => ({ workshop_id: workshops.archived, user_id: cast.expert.id })],
    ['someone else', 'expert', () => ({ workshop_id: workshops.pub, user_id: cast.orgMember.id })],
    ['a learner into their own workshop', 'instructor', () => ({ workshop_id: workshops.pub, user_id: cast.orgMember.id })],
    ['someone else (expired admin)', 'expiredAdmin', () => ({ workshop_id: workshops.pub, user_id: cast.orgMember.id })],
  ])('insert: registering %s is refused (%s)', async (_what, actor, values) => {
    await expectRlsViolation(insertAs(as(actor), 'workshop_registrations', values()), 'workshop_registrations');
  });

  it.each<[string, Record<string, unknown>]>([
    ['status', { status: 'completed' }],
    ['status', { status: 'no_show' }],
    ['attended', { attended: true }],
    ['completed_at', { completed_at: new Date() }],
    ['cancelled_at', { cancelled_at: new Date() }],
    ['certificate_id', { certificate_id: 'certificate' }],
    ['payment_id', { payment_id: 'payment' }],
    ['price_paid', { price_paid: 0.01 }],
    ['price_paid', { price_paid: 100 }],
    ['rating', { rating: 5 }],
    ['review', { review: 'Loved it (before it happened)' }],
  ])('insert: the guard refuses a registrant registering with %s set (%j)', async (column, extra) => {
    const value = extra[column] === 'certificate' ? certificateId : extra[column] === 'payment' ? paymentId : extra[column];
    await expectGuard(
      insertAs(as('expert'), 'workshop_registrations', { workshop_id: workshops.pub, user_id: cast.expert.id, [column]: value }),
      column,
    );
  });

  it('insert: a registrant may spell out the plain defaults (registered, not attended, price_paid 0, nothing linked)', async () => {
    const row = await expectInsertAllowed(as('expert'), 'workshop_registrations', {
      workshop_id: workshops.pub,
      user_id: cast.expert.id,
      status: 'registered',
      attended: false,
      price_paid: 0,
      payment_id: null,
      certificate_id: null,
      completed_at: null,
      rating: null,
      review: null,
    });
    expect(row).toMatchObject({ status: 'registered', attended: false, price_paid: 0, payment_id: null, certificate_id: null });
  });

  it.each<Name>(['admin', 'service'])('insert: %s may register someone as paid, attended and certified', async (actor) => {
    const row = await expectInsertAllowed(as(actor), 'workshop_registrations', {
      workshop_id: workshops.pub2,
      user_id: cast.orgMember.id,
      status: 'completed',
      attended: true,
      completed_at: new Date(),
      price_paid: 100,
      payment_id: paymentId,
      certificate_id: certificateId,
    });
    expect(row).toMatchObject({
      status: 'completed',
      attended: true,
      price_paid: 100,
      payment_id: paymentId,
      certificate_id: certificateId,
    });
  });

  it.each<Name>(['admin', 'service'])('insert: %s may register anyone, even for a draft workshop', async (actor) => {
    const row = await expectInsertAllowed(as(actor), 'workshop_registrations', {
      workshop_id: workshops.draft,
      user_id: cast.orgMember.id,
      status: 'completed',
    });
    expect(row.status).toBe('completed');
  });

  it('update: the registrant may cancel, rate and review', async () => {
    const row = await expectUpdateAllowed(as('user'), 'workshop_registrations', registrations.regUser, {
      status: 'cancelled',
      rating: 4,
      review: 'Useful',
    });
    expect(row).toMatchObject({ status: 'cancelled', rating: 4, review: 'Useful' });
    expect(row.cancelled_at).not.toBeNull();
  });

  it.each<[string, Record<string, unknown>]>([
    ['attended', { attended: true }],
    ['status', { status: 'completed' }],
    ['price_paid', { price_paid: 0 }],
    ['completed_at', { completed_at: new Date() }],
    ['workshop_id', { workshop_id: 'draft' }],
    ['user_id', { user_id: 'other' }],
  ])('update: the guard refuses the registrant changing %s', async (column, set) => {
    const value = column === 'workshop_id' ? workshops.draft : column === 'user_id' ? cast.other.id : set[column];
    await expectGuard(updateAs(as('user'), 'workshop_registrations', registrations.regUser, { [column]: value }), column);
  });

  it('update: the instructor of the workshop may record attendance and completion', async () => {
    const completedAt = new Date('2026-01-15T12:00:00Z');
    const row = await expectUpdateAllowed(as('instructor'), 'workshop_registrations', registrations.regUser, {
      attended: true,
      status: 'completed',
      completed_at: completedAt,
    });
    expect(row).toMatchObject({ attended: true, status: 'completed' });
    expect((row.completed_at as Date).toISOString()).toBe(completedAt.toISOString());
    const noShow = await expectUpdateAllowed(as('instructor'), 'workshop_registrations', registrations.regOther, { status: 'no_show' });
    expect(noShow.status).toBe('no_show');
  });

  it.each<[string, Record<string, unknown>]>([
    ['status', { status: 'cancelled' }],
    ['rating', { rating: 1 }],
    ['review', { review: 'Written by the instructor' }],
    ['price_paid', { price_paid: 0 }],
  ])('update: the guard refuses the instructor changing %s', async (column, set) => {
    await expectGuard(updateAs(as('instructor'), 'workshop_registrations', registrations.regUser, set), column);
  });

  it.each<[Name, keyof typeof registrations]>([
    ['other', 'regUser'],
    ['user', 'regOther'],
    ['instructor2', 'regUser'],
    ['instructor', 'regUserPub2'],
    ['orgAdmin', 'regUser'],
    ['expiredAdmin', 'regUser'],
  ])('update: %s cannot update %s (0 rows, unchanged)', async (actor, registration) => {
    await expectUpdateRefused(db, as(actor), 'workshop_registrations', registrations[registration], { attended: true, rating: 1 });
  });

  it.each<Name>(['admin', 'service'])('update: %s may change any column', async (actor) => {
    const row = await expectUpdateAllowed(as(actor), 'workshop_registrations', registrations.regUser, { price_paid: 50, attended: true });
    expect(row).toMatchObject({ price_paid: 50, attended: true });
  });

  it.each<[Name, keyof typeof registrations]>([
    ['user', 'regUser'],
    ['instructor', 'regUser'],
    ['other', 'regUser'],
    ['expiredAdmin', 'regOther'],
  ])('delete: %s cannot delete %s', async (actor, registration) => {
    await expectDeleteRefused(db, as(actor), 'workshop_registrations', registrations[registration]);
  });

  it.each<Name>(['admin', 'service'])('delete: %s may delete a registration', async (actor) => {
    await expectDeleteAllowed(as(actor), 'workshop_registrations', registrations.regOther);
  });
});
