// Console API foundation (006): staff roles and capabilities, the capability check every function starts with,
// the append-only audit log, users and access management, settings, and the list/count conventions.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db.js';
import { createOrganization, createUser, createUserWithRole, grantRole, type UserRow } from '../support/factories.js';
import { auditCount, callConsole, consoleAs, expectPgError } from '../support/console.js';
import { withClaims } from '../support/pg.js';
import { capability } from '../../shared/ipc/capabilities.js';

const db = useTestDatabase();

let admin: UserRow;
let moderator: UserRow;
let finance: UserRow;
let leadership: UserRow;
let support: UserRow;
let plain: UserRow;
let orgAdmin: UserRow;
let expiredModerator: UserRow;
let orgId: string;

const as = (user: UserRow, fn: string, args = {}, commit = true) => consoleAs(db.owner, user.id, fn, args, { commit });

beforeAll(async () => {
  const q = db.owner;
  orgId = (await createOrganization(q)).id;
  admin = await createUserWithRole(q, 'admin');
  await createUserWithRole(q, 'admin'); // a second admin, so demoting `admin` is not refused as the last one
  moderator = await createUserWithRole(q, 'moderator');
  finance = await createUserWithRole(q, 'finance');
  leadership = await createUserWithRole(q, 'leadership');
  support = await createUserWithRole(q, 'support');
  plain = await createUserWithRole(q, 'user');
  orgAdmin = await createUserWithRole(q, 'admin', { organization_id: orgId });
  expiredModerator = await createUserWithRole(q, 'moderator', { expires_at: new Date(Date.now() - 60_000) });
});

describe('staff roles and capabilities', () => {
  it("the app's capability enum is exactly what SQL's role → capability mapping grants", async () => {
    const { rows } = await db.owner.query<{ capability: string }>(
      `select distinct unnest(console_private.role_capabilities(r)) as capability
         from unnest(array['admin', 'moderator', 'finance', 'leadership', 'support', 'instructor', 'expert', 'client', 'user']) r
        order by 1`,
    );
    expect(rows.map((row) => row.capability)).toEqual([...capability.options].sort());
  });

  it.each([
    ['admin', () => admin, ['admin'], ['audit.read_all', 'users.manage', 'reviews.moderate', 'payments.refund', 'trends.read']],
    ['moderator', () => moderator, ['moderator'], ['reviews.read', 'reviews.moderate', 'reviews.respond', 'audit.read_own']],
    ['finance', () => finance, ['finance'], ['payments.read', 'payments.refund', 'refunds.approve', 'reconciliation.run']],
    ['leadership', () => leadership, ['leadership'], ['trends.read', 'audit.read_own']],
    ['support', () => support, ['support'], ['organizations.manage', 'workshops.manage', 'certificates.revoke', 'audit.read_own']],
  ])('my_access gives a %s their role and its capabilities', async (_name, who, roles, some) => {
    const [access] = await as(who(), 'my_access');
    expect(access).toMatchObject({ user_id: who().id, roles });
    expect(access?.capabilities).toEqual(expect.arrayContaining(some));
  });

  it('a moderator has no finance, trends or user-management capability', async () => {
    const [access] = await as(moderator, 'my_access');
    expect(access?.capabilities).not.toEqual(expect.arrayContaining(['payments.read']));
    expect(access?.capabilities).toEqual([
      'audit.read_own',
      'reviews.moderate',
      'reviews.read',
      'reviews.respond',
      'search.everything',
      'talent.read',
      'testimonials.verify',
      'views.save',
    ]);
  });

  it.each([
    ['a plain user', () => plain],
    ['an organisation admin (not platform staff)', () => orgAdmin],
    ['someone whose moderator role expired', () => expiredModerator],
  ])('%s has no console access', async (_name, who) => {
    const [access] = await as(who(), 'my_access');
    expect(access).toMatchObject({ roles: [], capabilities: [] });
  });

  it('a suspended staff member has no capabilities', async () => {
    const suspended = await createUserWithRole(db.owner, 'finance');
    await db.owner.query(`update public.users set status = 'suspended' where id = $1`, [suspended.id]);
    const [access] = await as(suspended, 'my_access');
    expect(access).toMatchObject({ roles: [], capabilities: [] });
  });

  it('staff roles are platform-wide: one with an organisation is refused', async () => {
    const user = await createUser(db.owner);
    await expectPgError(grantRole(db.owner, user.id, 'finance', { organization_id: orgId }), {
      code: '23514',
      message: 'user_roles_staff_roles_platform_wide',
    });
  });

  it('anon cannot reach the console schema at all', async () => {
    await expectPgError(
      db.asAnon((q) => callConsole(q, 'my_access')),
      { code: '42501', message: 'schema console' },
    );
  });

  it('a function refuses a caller without its capability, naming it and their roles', async () => {
    await expectPgError(as(finance, 'list_users'), {
      code: '42501',
      message: 'permission denied: users.manage is needed (your staff roles: finance)',
    });
    await expectPgError(as(plain, 'list_audit'), {
      code: '42501',
      message: 'permission denied: audit.read_own is needed (your staff roles: none)',
    });
  });
});

describe('the audit log is append-only', () => {
  let entryId: number;

  beforeAll(async () => {
    const target = await createUser(db.owner);
    await as(admin, 'grant_role', { user_id: target.id, role: 'user', reason: 'onboarding' });
    const { rows } = await db.owner.query(`select id from console.audit_log order by id desc limit 1`);
    entryId = rows[0].id;
  });

  it.each(['update console.audit_log set reason = $$x$$ where id = ', 'delete from console.audit_log where id = '])(
    'service_role cannot %s…',
    async (statement) => {
      await expectPgError(
        db.asService((q) => q.query(`${statement}${entryId}`)),
        { code: '42501', message: 'permission denied' },
      );
    },
  );

  it('admins cannot change it either (no grant)', async () => {
    await expectPgError(
      db.asUser(admin.id, (q) => q.query(`update console.audit_log set reason = 'x' where id = ${entryId}`)),
      { code: '42501', message: 'permission denied' },
    );
  });

  it('even the database owner is stopped by the trigger, for update, delete and truncate', async () => {
    for (const statement of [
      `update console.audit_log set reason = 'x' where id = ${entryId}`,
      `delete from console.audit_log where id = ${entryId}`,
      'truncate console.audit_log',
    ]) {
      await expectPgError(db.owner.query(statement), { code: 'P0001', message: 'the audit log is append-only' });
    }
  });

  it('an admin reads every entry; other staff read only their own', async () => {
    await db.owner.query(
      `insert into console.audit_log (actor_id, action, entity, entity_id) values ($1, 'review.approve', 'review', 'r1')`,
      [moderator.id],
    );
    const all = await as(admin, 'list_audit', { limit: 200 });
    // null: the setup's direct writes as the database owner (roles granted by the factories), audited since 011.
    expect(new Set(all.map((row) => row.actor_id))).toEqual(new Set([admin.id, moderator.id, null]));
    const own = await as(moderator, 'list_audit', { limit: 200 });
    expect(own.map((row) => row.actor_id)).toEqual([moderator.id]);
    // read directly, the log gives nothing: the function is the only door (011).
    await expectPgError(
      db.asUser(moderator.id, (q) => q.query('select actor_id from console.audit_log')),
      { code: '42501', message: 'permission denied for table audit_log' },
    );
  });
});

describe('users and access', () => {
  it('granting a role with an expiry writes one audit entry with before and after', async () => {
    const target = await createUser(db.owner);
    const before = await auditCount(db.owner);
    const expires = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();
    const [granted] = await as(admin, 'grant_role', { user_id: target.id, role: 'moderator', expires_at: expires, reason: 'cover' });
    expect(granted).toMatchObject({ user_id: target.id, role: 'moderator', organization_id: null });
    expect(await auditCount(db.owner)).toBe(before + 1);
    const [entry] = await as(admin, 'list_audit', { entity_id: target.id, limit: 1 });
    expect(entry).toMatchObject({ action: 'role.grant', entity: 'user', actor_id: admin.id, reason: 'cover', before: null });
    expect(entry?.after).toMatchObject({ role: 'moderator' });
    const [access] = await consoleAs(db.owner, target.id, 'my_access');
    expect(access?.roles).toEqual(['moderator']);
  });

  it('granting the same role again renews it instead of duplicating it', async () => {
    const target = await createUser(db.owner);
    await as(admin, 'grant_role', { user_id: target.id, role: 'finance' });
    const later = new Date(Date.now() + 3600_000).toISOString();
    await as(admin, 'grant_role', { user_id: target.id, role: 'finance', expires_at: later });
    const { rows } = await db.owner.query(`select expires_at from public.user_roles where user_id = $1`, [target.id]);
    expect(rows).toHaveLength(1);
    expect(new Date(rows[0].expires_at).toISOString()).toBe(later);
  });

  it.each<[Record<string, unknown>, string, string]>([
    [{ role: 'wizard' }, 'role', 'unknown role "wizard"'],
    [{ role: 'finance', expires_at: '2020-01-01T00:00:00Z' }, 'expires_at', 'must be in the future'],
    [{ role: 'leadership', organization_id: 'ORG' }, 'organization_id', 'platform-wide staff role'],
    [{ role: 'user', reason: 'x'.repeat(2001) }, 'reason', 'at most 2000 characters'],
  ])('grant_role refuses bad input (%#) naming the field, and changes nothing', async (args, field, message) => {
    const target = await createUser(db.owner);
    const before = await auditCount(db.owner);
    const resolved = { ...args, ...(args.organization_id ? { organization_id: orgId } : {}) };
    await expectPgError(as(admin, 'grant_role', { user_id: target.id, ...resolved }), {
      code: '22023',
      message,
      detail: { field },
    });
    expect(await auditCount(db.owner)).toBe(before);
    const { rows } = await db.owner.query(`select 1 from public.user_roles where user_id = $1`, [target.id]);
    expect(rows).toHaveLength(0);
  });

  it('grant_role for an unknown user says so', async () => {
    await expectPgError(as(admin, 'grant_role', { user_id: '00000000-0000-4000-8000-00000000dead', role: 'user' }), {
      code: 'P0002',
      message: 'not found',
    });
  });

  it('an admin cannot remove their own admin role', async () => {
    const { rows } = await db.owner.query(`select id from public.user_roles where user_id = $1 and role = 'admin'`, [admin.id]);
    const before = await auditCount(db.owner);
    await expectPgError(as(admin, 'revoke_role', { role_id: rows[0].id }), {
      code: 'P0001',
      message: 'you cannot remove your own admin role',
    });
    expect(await auditCount(db.owner)).toBe(before);
  });

  it('an admin can revoke another role, audited with the removed row', async () => {
    const target = await createUserWithRole(db.owner, 'leadership');
    const { rows } = await db.owner.query(`select id from public.user_roles where user_id = $1`, [target.id]);
    await as(admin, 'revoke_role', { role_id: rows[0].id, reason: 'left the team' });
    const [access] = await consoleAs(db.owner, target.id, 'my_access');
    expect(access?.roles).toEqual([]);
    const [entry] = await as(admin, 'list_audit', { action: 'role.revoke', entity_id: target.id, limit: 1 });
    expect(entry).toMatchObject({ reason: 'left the team', after: null });
    expect(entry?.before).toMatchObject({ role: 'leadership' });
  });

  it('someone without users.manage cannot grant or revoke', async () => {
    const target = await createUser(db.owner);
    await expectPgError(as(moderator, 'grant_role', { user_id: target.id, role: 'admin' }), {
      code: '42501',
      message: 'users.manage is needed',
    });
  });

  it('suspending a user removes their console access; reactivating restores it; both audited', async () => {
    const target = await createUserWithRole(db.owner, 'moderator');
    await as(admin, 'set_user_status', { user_id: target.id, status: 'suspended', reason: 'investigation' });
    expect((await consoleAs(db.owner, target.id, 'my_access'))[0]).toMatchObject({ capabilities: [] });
    await expectPgError(consoleAs(db.owner, target.id, 'list_audit'), { code: '42501', message: 'your staff roles: none' });
    await as(admin, 'set_user_status', { user_id: target.id, status: 'active' });
    expect((await consoleAs(db.owner, target.id, 'my_access'))[0]).toMatchObject({ roles: ['moderator'] });
    const entries = await as(admin, 'list_audit', { action: 'user.set_status', entity_id: target.id });
    expect(entries.map((e) => e.after)).toEqual([{ status: 'active' }, { status: 'suspended' }]);
  });

  it('an admin cannot suspend themselves', async () => {
    await expectPgError(as(admin, 'set_user_status', { user_id: admin.id, status: 'suspended' }), {
      code: 'P0001',
      message: 'you cannot suspend or deactivate yourself',
    });
  });

  it('set_user_status refuses an unknown status naming the field', async () => {
    await expectPgError(as(admin, 'set_user_status', { user_id: plain.id, status: 'banned' }), {
      code: '22023',
      detail: { field: 'status' },
    });
  });
});

describe('the last platform admin cannot be removed', () => {
  it('revoking the only other admin is allowed, after which the last one is protected', async () => {
    const local = useIsolatedAdmins();
    await local.run(async (a, b) => {
      const roleOf = async (user: UserRow) =>
        (await db.owner.query(`select id from public.user_roles where user_id = $1 and role = 'admin'`, [user.id])).rows[0].id;
      await consoleAs(db.owner, a.id, 'revoke_role', { role_id: await roleOf(b) });
      // a is now the last admin: nobody else can remove them, and they cannot remove themselves.
      await expectPgError(consoleAs(db.owner, a.id, 'revoke_role', { role_id: await roleOf(a) }), {
        code: 'P0001',
        message: 'own admin role',
      });
      await expectPgError(consoleAs(db.owner, a.id, 'set_user_status', { user_id: a.id, status: 'inactive' }), {
        code: 'P0001',
      });
    });
  });

  it('two admins demoting each other at the same moment leave one admin, never none', async () => {
    const local = useIsolatedAdmins();
    await local.run(async (a, b) => {
      const roleOf = async (user: UserRow) =>
        (await db.owner.query(`select id from public.user_roles where user_id = $1 and role = 'admin'`, [user.id])).rows[0].id;
      const [roleA, roleB] = [await roleOf(a), await roleOf(b)];
      const [c1, c2] = [await db.connection(), await db.connection()];
      const outcomes = await Promise.allSettled([
        consoleAs(c1, a.id, 'revoke_role', { role_id: roleB }),
        consoleAs(c2, b.id, 'revoke_role', { role_id: roleA }),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      // the second to run waits for the first, and by then is no longer an admin.
      const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: '42501', message: expect.stringContaining('users.manage is needed') });
      const { rows } = await db.owner.query(
        `select count(*)::int as n from public.user_roles where role = 'admin' and organization_id is null`,
      );
      expect(rows[0].n).toBe(1);
    });
  });

  /**
   * These tests need a world with exactly two platform admins, so they take every other admin's role away inside a
   * transaction-free scope and put it back afterwards.
   */
  function useIsolatedAdmins() {
    return {
      async run(fn: (a: UserRow, b: UserRow) => Promise<void>) {
        // a and b first: the database refuses, on every path, to take away the last platform admin (011).
        const a = await createUserWithRole(db.owner, 'admin');
        const b = await createUserWithRole(db.owner, 'admin');
        const { rows: saved } = await db.owner.query(
          `delete from public.user_roles where role = 'admin' and organization_id is null and user_id not in ($1, $2)
           returning *`,
          [a.id, b.id],
        );
        try {
          await fn(a, b);
        } finally {
          for (const row of saved) await grantRole(db.owner, row.user_id, 'admin', { expires_at: row.expires_at });
          await db.owner.query(`delete from public.user_roles where role = 'admin' and organization_id is null and user_id in ($1, $2)`, [
            a.id,
            b.id,
          ]);
        }
      },
    };
  }
});

describe('lists and counts', () => {
  it('pages through users with a keyset cursor: no row twice, none missed, stable order', async () => {
    const all = await as(admin, 'list_users', { sort: 'email', desc: false, limit: 200 });
    const seen: string[] = [];
    let after: unknown = null;
    for (;;) {
      const page = await as(admin, 'list_users', { sort: 'email', desc: false, limit: 7, after });
      seen.push(...page.map((row) => row.id as string));
      if (page.length < 7) break;
      after = page.at(-1)?.cursor;
    }
    expect(seen).toEqual(all.map((row) => row.id));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('filters users by role and by search, and lists their roles with organisation names', async () => {
    const rows = await as(admin, 'list_users', { role: 'leadership' });
    expect(rows.map((row) => row.id)).toContain(leadership.id);
    expect(rows.every((row) => (row.roles as { role: string }[]).some((r) => r.role === 'leadership'))).toBe(true);
    const [found] = await as(admin, 'list_users', { search: orgAdmin.email.toUpperCase().slice(0, 12) });
    expect(found).toBeDefined();
    const withOrg = await as(admin, 'list_users', { search: orgAdmin.email });
    expect(withOrg[0]?.roles).toEqual([expect.objectContaining({ role: 'admin', organization_id: orgId })]);
  });

  it.each(['%', '_', "'; drop table public.users; --", '\\', 'ünïcødé ✓'])(
    'a hostile search string %j is just text: no error, no match beyond its literal meaning',
    async (search) => {
      const rows = await as(admin, 'list_users', { search });
      for (const row of rows) {
        const haystack = `${row.email} ${row.full_name ?? ''}`.toLowerCase();
        expect(haystack).toContain(search.toLowerCase());
      }
      const { rows: still } = await db.owner.query('select count(*)::int as n from public.users');
      expect(still[0].n).toBeGreaterThan(0);
    },
  );

  it.each([
    [{ sort: 'password' }, 'sort'],
    [{ limit: 0 }, 'limit'],
    [{ limit: 201 }, 'limit'],
    [{ after: { nope: 1 } }, 'after'],
    [{ search: 'x'.repeat(201) }, 'search'],
    [{ status: 'gone' }, 'status'],
  ])('list_users refuses %o naming the field', async (args, field) => {
    await expectPgError(as(admin, 'list_users', args), { code: '22023', detail: { field } });
  });

  it('counts exactly under the limit and estimates above it, saying which', async () => {
    const [exact] = await as(admin, 'count_users');
    const { rows } = await db.owner.query('select count(*)::int as n from public.users');
    expect(exact).toEqual({ total: rows[0].n, is_estimate: false });
    await as(admin, 'update_setting', { key: 'count_exact_limit', value: 3 });
    try {
      const [estimated] = await as(admin, 'count_users');
      expect(estimated?.is_estimate).toBe(true);
      expect(Number(estimated?.total)).toBeGreaterThan(3);
    } finally {
      await as(admin, 'update_setting', { key: 'count_exact_limit', value: 10000 });
    }
  });

  it('audit entries filter by action and actor and page newest first', async () => {
    const rows = await as(admin, 'list_audit', { action: 'role.grant', actor_id: admin.id, limit: 200 });
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.every((row) => row.action === 'role.grant' && row.actor_id === admin.id)).toBe(true);
    const times = rows.map((row) => new Date(row.occurred_at as string).getTime());
    expect(times).toEqual([...times].sort((x, y) => y - x));
    const [count] = await as(admin, 'count_audit', { action: 'role.grant', actor_id: admin.id });
    expect(count).toEqual({ total: rows.length, is_estimate: false });
  });
});

describe('settings', () => {
  it('an admin changes a setting, audited with before and after', async () => {
    await as(admin, 'update_setting', { key: 'trend_min_responses', value: 7, reason: 'stricter anonymity' });
    const [entry] = await as(admin, 'list_audit', { action: 'setting.update', entity_id: 'trend_min_responses', limit: 1 });
    expect(entry).toMatchObject({ before: 5, after: 7, reason: 'stricter anonymity' });
    await as(admin, 'update_setting', { key: 'trend_min_responses', value: 5 });
  });

  it.each([
    [{ key: 'no_such_setting', value: 1 }, 'key'],
    [{ key: 'trend_min_responses', value: '"five"' }, 'value'],
    [{ key: 'trend_min_responses', value: 0 }, 'value'],
    [{ key: 'undo_window_seconds', value: 2.5 }, 'value'],
    [{ key: 'refund_approval_threshold', value: -1 }, 'value'],
    // each setting's range (013): a typo of a few zeros, or an anonymity minimum that singles people out
    [{ key: 'trend_min_responses', value: 2 }, 'value'],
    [{ key: 'trend_min_responses', value: 1001 }, 'value'],
    [{ key: 'undo_window_seconds', value: 1_000_000_000 }, 'value'],
    [{ key: 'count_exact_limit', value: 0 }, 'value'],
    [{ key: 'count_exact_limit', value: 1_000_001 }, 'value'],
    [{ key: 'refund_approval_threshold', value: 10_000_000_000 }, 'value'],
    [{ key: 'refund_approval_threshold', value: 10.005 }, 'value'],
    [{ key: 'refund_approval_threshold', value: '1e400' }, 'value'],
    [{ key: 'refund_approval_threshold', value: 'null' }, 'value'],
    [{ key: 'refund_approval_threshold', value: '[1000]' }, 'value'],
  ])('update_setting refuses %o naming the field, and changes nothing', async (args, field) => {
    const before = (await db.owner.query('select key, value from console.settings order by key')).rows;
    await expectPgError(as(admin, 'update_setting', args), { code: '22023', detail: { field } });
    expect((await db.owner.query('select key, value from console.settings order by key')).rows).toEqual(before);
  });

  it('says the range in the refusal, and takes the edges of it', async () => {
    await expectPgError(as(admin, 'update_setting', { key: 'undo_window_seconds', value: 3601 }), {
      code: '22023',
      message: 'undo_window_seconds must be between 0 and 3600 seconds',
    });
    await expectPgError(as(admin, 'update_setting', { key: 'refund_approval_threshold', value: 10.005 }), {
      code: '22023',
      message: 'refund_approval_threshold has at most 2 decimals',
    });
    for (const [key, edge, back] of [
      ['undo_window_seconds', 3600, 10],
      ['undo_window_seconds', 0, 10],
      ['trend_min_responses', 3, 5],
      ['refund_approval_threshold', 9_999_999_999.99, 1000],
      ['refund_approval_threshold', 0.5, 1000],
    ] as const) {
      await expect(as(admin, 'update_setting', { key, value: edge })).resolves.toEqual([{ key, value: edge }]);
      await as(admin, 'update_setting', { key, value: back });
    }
  });

  it('get_settings gives every setting its range, as update_setting checks it', async () => {
    const rows = await as(moderator, 'get_settings');
    expect(Object.fromEntries(rows.map((row) => [row.key, [Number(row.minimum), Number(row.maximum), row.decimals, row.unit]]))).toEqual({
      count_exact_limit: [1, 1_000_000, 0, 'rows'],
      idle_lock_minutes: [1, 240, 0, 'minutes'],
      refund_approval_threshold: [0, 9_999_999_999.99, 2, 'amount'],
      trend_min_responses: [3, 1000, 0, 'responses'],
      undo_window_seconds: [0, 3600, 0, 'seconds'],
    });
  });

  it('only admins change settings', async () => {
    await expectPgError(as(finance, 'update_setting', { key: 'refund_approval_threshold', value: 1 }), {
      code: '42501',
      message: 'settings.manage',
    });
  });

  it('nobody reads the settings table directly, staff included: get_settings is the door (011)', async () => {
    const read = (user: UserRow) =>
      withClaims(db.owner, { sub: user.id, role: 'authenticated' }, async (q) => (await q.query('select key from console.settings')).rows);
    await expectPgError(read(leadership), { code: '42501', message: 'permission denied for table settings' });
    await expectPgError(read(plain), { code: '42501', message: 'permission denied for table settings' });
  });
});

describe('profiles', () => {
  it('last_sign_in_at follows the login record', async () => {
    const user = await createUser(db.owner);
    await db.owner.query(`update auth.users set last_sign_in_at = '2026-03-01T10:00:00Z' where id = $1`, [user.id]);
    const { rows } = await db.owner.query('select last_sign_in_at from public.users where id = $1', [user.id]);
    expect(new Date(rows[0].last_sign_in_at).toISOString()).toBe('2026-03-01T10:00:00.000Z');
  });

  it('read directly, staff see only their own profile like any user; platform admins see all (011)', async () => {
    const count = (user: UserRow) =>
      withClaims(
        db.owner,
        { sub: user.id, role: 'authenticated' },
        async (q) => (await q.query('select count(*)::int as n from public.users')).rows[0].n,
      );
    expect(await count(plain)).toBe(1);
    expect(await count(moderator)).toBe(1);
    expect(await count(admin)).toBeGreaterThan(10);
  });
});

describe('get_settings', () => {
  it('leadership reads all five settings in key order; a plain user is refused', async () => {
    const rows = await as(leadership, 'get_settings');
    expect(rows.map((row) => row.key)).toEqual([
      'count_exact_limit',
      'idle_lock_minutes',
      'refund_approval_threshold',
      'trend_min_responses',
      'undo_window_seconds',
    ]);
    expect(rows[0]).toMatchObject({ value: expect.any(Number), description: expect.any(String), updated_at: expect.anything() });
    await expectPgError(as(plain, 'get_settings'), { code: '42501', message: 'audit.read_own is needed' });
  });
});
