// Row-level security of 001: organizations, users, user_roles and the role helpers the policies are built on.
// SCHEMA.md "Row-level security": organizations: select member of the org, insert admin, update org admin/admin
// (guard: subscription_tier and subscription_status by platform admin only), delete admin; users: select/insert/update own row (guard: status and email by admin only), delete admin;
// user_roles: select own rows, every write admin-only. anon has no grant on any of them.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db.js';
import { createUser } from '../support/factories.js';
import {
  ACTOR_NAMES,
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
  type ActorName,
  type Cast,
} from './rls-helpers.js';

const db = useTestDatabase();
let cast: Cast;
const as = actorsOf(db, () => cast);

/** The cast's people by name → id (for users) and their role rows by name → id (for user_roles). */
let people: Record<string, string>;
let roleRows: Record<string, string>;

beforeAll(async () => {
  cast = await createCast(db);
  people = Object.fromEntries(
    ACTOR_NAMES.filter((name) => name !== 'anon' && name !== 'service').map((name) => [
      name,
      cast[name as Exclude<ActorName, 'anon' | 'service'>].id,
    ]),
  );
  const { rows } = await db.owner.query<{ user_id: string; id: string }>(
    'select user_id, id from public.user_roles where user_id = any($1::uuid[])',
    [Object.values(people)],
  );
  const nameOf = new Map(Object.entries(people).map(([name, id]) => [id, name]));
  roleRows = Object.fromEntries(rows.map((row) => [nameOf.get(row.user_id)!, row.id]));
});

describe('organizations', () => {
  const orgs = () => ({ A: cast.orgA.id, B: cast.orgB.id });

  it('anon has no grant on organizations', async () => {
    await expectPermissionDenied(as('anon').run((q) => q.query('select id from public.organizations')));
    await expectPermissionDenied(insertAs(as('anon'), 'organizations', { name: 'Anon Org', slug: 'anon-org' }));
    await expectPermissionDenied(updateAs(as('anon'), 'organizations', cast.orgA.id, { name: 'x' }));
    await expectPermissionDenied(deleteAs(as('anon'), 'organizations', cast.orgA.id));
  });

  it.each<[ActorName, string[]]>([
    ['user', []],
    ['other', []],
    ['instructor', []],
    ['expert', []],
    ['client', ['A']],
    ['orgAdmin', ['A']],
    ['orgMember', ['A']],
    ['orgBMember', ['B']],
    ['admin', ['A', 'B']],
    ['expiredAdmin', []],
    ['service', ['A', 'B']],
  ])('select: %s sees %j', async (actor, expected) => {
    expect(await visible(as(actor), 'organizations', orgs())).toEqual(expected);
  });

  it('an expired org role is no membership', async () => {
    const lapsed = await createUser(db.owner);
    await db.owner.query(
      `insert into public.user_roles (user_id, role, organization_id, expires_at) values ($1, 'user', $2, now() - interval '1 day')`,
      [lapsed.id, cast.orgB.id],
    );
    expect(await visible(userActor(db, 'lapsed', lapsed.id), 'organizations', orgs())).toEqual([]);
  });

  it.each<ActorName>(['user', 'client', 'orgAdmin', 'orgMember', 'expiredAdmin'])('insert: %s is refused by the policy', async (actor) => {
    await expectRlsViolation(
      insertAs(as(actor), 'organizations', { name: 'New Org', slug: `new-org-${actor.toLowerCase()}` }),
      'organizations',
    );
  });

  it.each<ActorName>(['admin', 'service'])('insert: %s may create an organization', async (actor) => {
    const row = await expectInsertAllowed(as(actor), 'organizations', { name: 'New Org', slug: `new-org-${actor.toLowerCase()}` });
    expect(row.slug).toBe(`new-org-${actor.toLowerCase()}`);
  });

  it('update: the org admin may update its own organization', async () => {
    const row = await expectUpdateAllowed(as('orgAdmin'), 'organizations', cast.orgA.id, { industry: 'Consulting' });
    expect(row.industry).toBe('Consulting');
  });

  it("update: the org admin may change its organization's name, settings and profile, and re-save the same plan", async () => {
    const { subscription_tier, subscription_status } = cast.orgA;
    const row = await expectUpdateAllowed(as('orgAdmin'), 'organizations', cast.orgA.id, {
      name: 'Org A Renamed',
      settings: { theme: 'dark' },
      company_size: '51-200',
      website: 'https://org-a.example',
      subscription_tier,
      subscription_status,
    });
    expect(row).toMatchObject({
      name: 'Org A Renamed',
      settings: { theme: 'dark' },
      company_size: '51-200',
      subscription_tier,
      subscription_status,
    });
  });

  it.each<[string, Record<string, unknown>]>([
    ['subscription_tier', { subscription_tier: 'enterprise' }],
    ['subscription_tier', { subscription_tier: 'starter' }],
    ['subscription_status', { subscription_status: 'active' }],
    ['subscription_status', { subscription_status: 'canceled' }],
  ])("update: the guard refuses the org admin changing its organization's %s (%j)", async (column, set) => {
    await expectGuard(updateAs(as('orgAdmin'), 'organizations', cast.orgA.id, { name: 'Upgraded', ...set }), column);
  });

  it.each<[ActorName, 'A' | 'B']>([
    ['orgAdmin', 'B'],
    ['orgMember', 'A'],
    ['client', 'A'],
    ['orgBMember', 'B'],
    ['user', 'A'],
    ['expiredAdmin', 'A'],
  ])('update: %s cannot update org %s (0 rows, unchanged)', async (actor, org) => {
    await expectUpdateRefused(db, as(actor), 'organizations', orgs()[org], { industry: 'Hijacked' });
  });

  it.each<ActorName>(['admin', 'service'])('update: %s may update any organization, subscription included', async (actor) => {
    const row = await expectUpdateAllowed(as(actor), 'organizations', cast.orgB.id, {
      subscription_status: 'active',
      subscription_tier: 'enterprise',
    });
    expect(row).toMatchObject({ subscription_status: 'active', subscription_tier: 'enterprise' });
  });

  it.each<ActorName>(['orgAdmin', 'orgMember', 'client', 'expiredAdmin', 'user'])('delete: %s cannot delete org A', async (actor) => {
    await expectDeleteRefused(db, as(actor), 'organizations', cast.orgA.id);
  });

  it.each<ActorName>(['admin', 'service'])('delete: %s may delete an organization', async (actor) => {
    await expectDeleteAllowed(as(actor), 'organizations', cast.orgB.id);
  });
});

describe('users', () => {
  it('anon has no grant on users', async () => {
    await expectPermissionDenied(as('anon').run((q) => q.query('select id from public.users')));
    await expectPermissionDenied(insertAs(as('anon'), 'users', { email: 'anon@example.test' }));
    await expectPermissionDenied(updateAs(as('anon'), 'users', cast.user.id, { full_name: 'x' }));
    await expectPermissionDenied(deleteAs(as('anon'), 'users', cast.user.id));
  });

  it.each(ACTOR_NAMES.filter((name) => name !== 'anon'))('select: %s sees its own profile only (admins all)', async (actor) => {
    const expected = actor === 'admin' || actor === 'service' ? Object.keys(people).sort() : [actor];
    expect(await visible(as(actor), 'users', people)).toEqual(expected);
  });

  /** A sign-in whose profile row is missing, so a profile insert is not a duplicate. */
  async function loginWithoutProfile() {
    const login = await createUser(db.owner);
    await db.owner.query('delete from public.users where id = $1', [login.id]);
    return login;
  }

  it('insert: a user may create their own missing profile (id = uid)', async () => {
    const login = await loginWithoutProfile();
    const row = await expectInsertAllowed(userActor(db, 'login', login.id), 'users', { id: login.id, email: login.email });
    expect(row.email).toBe(login.email);
  });

  it.each<ActorName>(['user', 'orgAdmin', 'expiredAdmin'])('insert: %s cannot create a profile for someone else', async (actor) => {
    const login = await loginWithoutProfile();
    await expectRlsViolation(insertAs(as(actor), 'users', { id: login.id, email: login.email }), 'users');
  });

  it.each<ActorName>(['admin', 'service'])("insert: %s may create anyone's profile", async (actor) => {
    const login = await loginWithoutProfile();
    await expectInsertAllowed(as(actor), 'users', { id: login.id, email: login.email });
  });

  it('update: a user may edit their own profile', async () => {
    const row = await expectUpdateAllowed(as('user'), 'users', cast.user.id, { full_name: 'Renamed', job_title: 'CTO' });
    expect(row).toMatchObject({ full_name: 'Renamed', job_title: 'CTO' });
  });

  it.each<[string, Record<string, unknown>]>([
    ['status', { status: 'suspended' }],
    ['email', { email: 'someone-else@example.test' }],
  ])('update: the guard refuses a user changing their own %s', async (column, set) => {
    await expectGuard(updateAs(as('user'), 'users', cast.user.id, set), column);
  });

  it('update: an expired admin is held by the guard like any user', async () => {
    await expectGuard(updateAs(as('expiredAdmin'), 'users', cast.expiredAdmin.id, { status: 'inactive' }), 'status');
  });

  it.each<[ActorName, ActorName]>([
    ['user', 'other'],
    ['orgAdmin', 'orgMember'],
    ['client', 'orgMember'],
    ['expiredAdmin', 'user'],
    ['instructor', 'user'],
  ])('update: %s cannot edit the profile of %s (0 rows, unchanged)', async (actor, target) => {
    await expectUpdateRefused(db, as(actor), 'users', people[target]!, { full_name: 'Hijacked' });
  });

  it.each<ActorName>(['admin', 'service'])("update: %s may change anyone's status and email", async (actor) => {
    const row = await expectUpdateAllowed(as(actor), 'users', cast.other.id, {
      status: 'suspended',
      email: `moved-${actor.toLowerCase()}@example.test`,
    });
    expect(row).toMatchObject({ status: 'suspended', email: `moved-${actor.toLowerCase()}@example.test` });
  });

  it.each<[ActorName, ActorName]>([
    ['user', 'user'],
    ['user', 'other'],
    ['orgAdmin', 'orgMember'],
    ['expiredAdmin', 'other'],
  ])('delete: %s cannot delete the profile of %s', async (actor, target) => {
    await expectDeleteRefused(db, as(actor), 'users', people[target]!);
  });

  it.each<ActorName>(['admin', 'service'])('delete: %s may delete a profile', async (actor) => {
    await expectDeleteAllowed(as(actor), 'users', cast.other.id);
  });
});

describe('user_roles', () => {
  it('anon has no grant on user_roles', async () => {
    await expectPermissionDenied(as('anon').run((q) => q.query('select id from public.user_roles')));
    await expectPermissionDenied(insertAs(as('anon'), 'user_roles', { user_id: cast.user.id, role: 'admin' }));
    await expectPermissionDenied(updateAs(as('anon'), 'user_roles', roleRows.user!, { role: 'admin' }));
    await expectPermissionDenied(deleteAs(as('anon'), 'user_roles', roleRows.user!));
  });

  it.each(ACTOR_NAMES.filter((name) => name !== 'anon'))('select: %s sees its own role rows only (admins all)', async (actor) => {
    const expected = actor === 'admin' || actor === 'service' ? Object.keys(roleRows).sort() : [actor];
    expect(await visible(as(actor), 'user_roles', roleRows)).toEqual(expected);
  });

  it.each<[ActorName, Record<string, unknown>]>([
    ['user', { role: 'admin' }],
    ['user', { role: 'instructor' }],
    ['user', { role: 'admin', organization_id: 'orgA' }],
    ['orgAdmin', { role: 'admin' }],
    ['expiredAdmin', { role: 'admin' }],
  ])('insert: %s cannot grant itself %j', async (actor, values) => {
    const self = as(actor).id!;
    const organization_id = values.organization_id === 'orgA' ? cast.orgA.id : undefined;
    await expectRlsViolation(insertAs(as(actor), 'user_roles', { ...values, user_id: self, organization_id }), 'user_roles');
  });

  it('insert: an org admin cannot add members to its own organization', async () => {
    await expectRlsViolation(
      insertAs(as('orgAdmin'), 'user_roles', { user_id: cast.other.id, role: 'user', organization_id: cast.orgA.id }),
      'user_roles',
    );
  });

  it.each<ActorName>(['admin', 'service'])('insert: %s may grant roles', async (actor) => {
    const row = await expectInsertAllowed(as(actor), 'user_roles', { user_id: cast.other.id, role: 'instructor' });
    expect(row).toMatchObject({ user_id: cast.other.id, role: 'instructor' });
  });

  it.each<[ActorName, ActorName, Record<string, unknown>]>([
    ['user', 'user', { role: 'admin' }],
    ['orgAdmin', 'orgAdmin', { organization_id: null }],
    ['orgAdmin', 'orgMember', { role: 'admin' }],
    ['expiredAdmin', 'expiredAdmin', { expires_at: null }],
    ['user', 'other', { role: 'expert' }],
  ])('update: %s cannot change the role row of %s to %j', async (actor, target, set) => {
    await expectUpdateRefused(db, as(actor), 'user_roles', roleRows[target]!, set);
  });

  it.each<ActorName>(['admin', 'service'])('update: %s may change a role row', async (actor) => {
    const row = await expectUpdateAllowed(as(actor), 'user_roles', roleRows.expiredAdmin!, { expires_at: null });
    expect(row.expires_at).toBeNull();
  });

  it.each<[ActorName, ActorName]>([
    ['user', 'user'],
    ['orgAdmin', 'orgMember'],
    ['expiredAdmin', 'admin'],
  ])('delete: %s cannot delete the role row of %s', async (actor, target) => {
    await expectDeleteRefused(db, as(actor), 'user_roles', roleRows[target]!);
  });

  it.each<ActorName>(['admin', 'service'])('delete: %s may delete a role row', async (actor) => {
    await expectDeleteAllowed(as(actor), 'user_roles', roleRows.other!);
  });
});

describe('role helpers the policies rely on', () => {
  const call = (actor: ActorName, sql: string, params: unknown[] = []) => as(actor).run(async (q) => (await q.query(sql, params)).rows);

  it.each<[ActorName, boolean]>([
    ['admin', true],
    ['orgAdmin', false],
    ['expiredAdmin', false],
    ['user', false],
    ['client', false],
  ])('is_admin() for %s is %s (an org admin is not a platform admin; an expired admin is none)', async (actor, expected) => {
    expect(await call(actor, 'select public.is_admin() as v')).toEqual([{ v: expected }]);
  });

  it.each<[ActorName, boolean, boolean]>([
    ['orgAdmin', true, true],
    ['client', false, true],
    ['orgMember', false, true],
    ['orgBMember', false, false],
    ['user', false, false],
  ])('for org A, %s: is_org_admin %s, is_org_member %s', async (actor, isOrgAdmin, isOrgMember) => {
    const rows = await call(actor, 'select public.is_org_admin($1) as admin, public.is_org_member($1) as member', [cast.orgA.id]);
    expect(rows).toEqual([{ admin: isOrgAdmin, member: isOrgMember }]);
  });

  it('has_role answers about oneself, and about others only to a platform admin or service_role', async () => {
    const sql = `select public.has_role($1, 'instructor') as v`;
    expect(await call('instructor', sql, [cast.instructor.id])).toEqual([{ v: true }]);
    expect(await call('user', sql, [cast.instructor.id])).toEqual([{ v: false }]);
    expect(await call('orgAdmin', sql, [cast.instructor.id])).toEqual([{ v: false }]);
    expect(await call('admin', sql, [cast.instructor.id])).toEqual([{ v: true }]);
    expect(await call('service', sql, [cast.instructor.id])).toEqual([{ v: true }]);
    expect(await call('expiredAdmin', `select public.has_role($1, 'admin') as v`, [cast.expiredAdmin.id])).toEqual([{ v: false }]);
  });

  it('get_user_roles lists unexpired roles of oneself; others get no rows', async () => {
    const sql = 'select role, organization_id from public.get_user_roles($1)';
    expect(await call('client', sql, [cast.client.id])).toEqual([{ role: 'client', organization_id: cast.orgA.id }]);
    expect(await call('user', sql, [cast.client.id])).toEqual([]);
    expect(await call('admin', sql, [cast.client.id])).toEqual([{ role: 'client', organization_id: cast.orgA.id }]);
    expect(await call('expiredAdmin', sql, [cast.expiredAdmin.id])).toEqual([]);
  });

  it('anon may not execute the role helpers', async () => {
    await expectPermissionDenied(call('anon', `select public.has_role($1, 'admin')`, [cast.admin.id]));
    await expectPermissionDenied(call('anon', 'select * from public.get_user_roles($1)', [cast.admin.id]));
  });
});
