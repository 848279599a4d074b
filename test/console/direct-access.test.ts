// Issue 12: staff cannot go around the console API. The seven cases found by acting as PostgREST does for a
// signed-in staff member (role authenticated + request.jwt.claims) on the seeded database, each a regression test;
// plus the invariants that now hold on every path (admin override and service_role included).
import { beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { useTestDatabase } from '../support/db.js';
import { auditCount, consoleAs, expectPgError } from '../support/console.js';
import { createPayment, createReview, createUser, createUserWithRole, createWorkshop, type UserRow } from '../support/factories.js';
import { withClaims, type Queryable } from '../support/pg.js';

const db = useTestDatabase();

let seedAdmin: UserRow;
let leadership: UserRow;
let finance: UserRow;
let moderator: UserRow;
let someoneElse: UserRow;

const person = async (email: string) => (await db.owner.query('select * from public.users where email = $1', [email])).rows[0] as UserRow;

const asUser = <T>(user: UserRow, fn: (q: Queryable) => Promise<T>) => db.asUser(user.id, fn);

/** As the owner, in a transaction that is rolled back, then as the signed-in user inside it. */
async function inTransaction<T>(setup: (q: pg.Client) => Promise<void>, user: UserRow, fn: (q: Queryable) => Promise<T>): Promise<T> {
  const q = db.owner;
  await q.query('begin');
  try {
    await setup(q);
    await q.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [
      JSON.stringify({ sub: user.id, role: 'authenticated', aud: 'authenticated' }),
    ]);
    return await fn(q);
  } finally {
    await q.query('rollback');
  }
}

beforeAll(async () => {
  seedAdmin = await person('admin@humanglue.dev');
  leadership = await person('leadership@humanglue.dev');
  finance = await person('finance@humanglue.dev');
  moderator = await person('moderator@humanglue.dev');
  someoneElse = await createUser(db.owner);
});

describe('the seven cases of issue 12, acted as PostgREST does', () => {
  it('1. leadership cannot read console.assessment_monthly directly (small trend cells stay suppressed)', async () => {
    await expectPgError(
      asUser(leadership, (q) =>
        q.query('select organization_id, month, completed, overall_sum from console.assessment_monthly where completed < 5'),
      ),
      { code: '42501', message: 'permission denied for table assessment_monthly' },
    );
    await expectPgError(
      asUser(leadership, (q) => q.query('select * from console.assessment_monthly_platform')),
      {
        code: '42501',
      },
    );
    // nor the raw material: leadership reads no assessment.
    const n = await asUser(leadership, async (q) => (await q.query('select count(*)::int as n from public.assessments')).rows[0].n);
    expect(n).toBe(0);
  });

  it('2. finance cannot mark a pending Stripe refund succeeded by updating public.payment_refunds', async () => {
    const payer = await createUser(db.owner);
    const payment = await createPayment(db.owner, payer.id, {
      amount: 100,
      provider: 'stripe',
      status: 'succeeded',
      transaction_id: 'ch_case2',
    });
    const [refund] = await consoleAs(db.owner, finance.id, 'refund_payment', {
      payment_id: payment.id,
      amount: 10,
      reason: 'other',
      idempotency_key: 'case-2-refund',
    });
    expect(refund).toMatchObject({ status: 'pending' });
    const before = await auditCount(db.owner);
    await expectPgError(
      asUser(finance, (q) =>
        q.query(`update public.payment_refunds set status = 'succeeded', provider_refund_id = 're_made_up' where id = $1`, [refund!.id]),
      ),
      { code: '42501', message: 'permission denied for table payment_refunds' },
    );
    const { rows } = await db.owner.query('select status, provider_refund_id from public.payment_refunds where id = $1', [refund!.id]);
    expect(rows[0]).toEqual({ status: 'pending', provider_refund_id: null });
    expect(await auditCount(db.owner)).toBe(before);
  });

  it('3. the only platform admin cannot delete their own admin row in public.user_roles', async () => {
    const { rows: admins } = await db.owner.query(
      `select ur.user_id from public.user_roles ur where ur.role = 'admin' and ur.organization_id is null`,
    );
    expect(admins.map((r) => r.user_id)).toEqual([seedAdmin.id]); // the seed's only platform admin
    const before = await auditCount(db.owner);
    await expectPgError(
      asUser(seedAdmin, (q) =>
        q.query(`delete from public.user_roles where user_id = $1 and role = 'admin' and organization_id is null`, [seedAdmin.id]),
      ),
      { code: 'P0001', message: 'the last active platform admin cannot be removed' },
    );
    expect(await auditCount(db.owner)).toBe(before);
    // the same through demotion, an expiry, or suspension, whoever writes (the owner included).
    for (const change of [
      `update public.user_roles set role = 'user' where user_id = $1 and role = 'admin'`,
      `update public.user_roles set expires_at = now() + interval '1 day' where user_id = $1 and role = 'admin'`,
      `update public.users set status = 'suspended' where id = $1`,
    ]) {
      await expectPgError(db.owner.query(change, [seedAdmin.id]), { code: 'P0001', message: 'last active platform admin' });
    }
  });

  it('4. a moderator cannot approve a review with moderated_by set to someone else', async () => {
    const instructor = await createUserWithRole(db.owner, 'instructor');
    const workshop = await createWorkshop(db.owner, instructor.id);
    const review = await createReview(db.owner, (await createUser(db.owner)).id, { workshop_id: workshop.id });
    const updated = await asUser(
      moderator,
      async (q) =>
        (await q.query(`update public.reviews set status = 'approved', moderated_by = $2 where id = $1`, [review.id, someoneElse.id]))
          .rowCount,
    );
    expect(updated).toBe(0);
    const { rows } = await db.owner.query('select status, moderated_by from public.reviews where id = $1', [review.id]);
    expect(rows[0]).toEqual({ status: 'pending', moderated_by: null });
    // the admin override may write it, but the who-column is the admin, and the change is audited.
    const written = await withClaims(db.owner, { sub: seedAdmin.id, role: 'authenticated' }, async (q) => {
      const result = await q.query(
        `update public.reviews set status = 'approved', moderated_by = $2 where id = $1 returning moderated_by`,
        [review.id, someoneElse.id],
      );
      await q.query('reset role');
      const audit = await q.query(`select action, actor_id, after from console.audit_log where entity = 'review' and entity_id = $1`, [
        review.id,
      ]);
      return { moderatedBy: result.rows[0].moderated_by, audit: audit.rows };
    });
    expect(written.moderatedBy).toBe(seedAdmin.id);
    expect(written.audit).toEqual([
      {
        action: 'review.direct_update',
        actor_id: seedAdmin.id,
        after: expect.objectContaining({ status: 'approved', moderated_by: seedAdmin.id }),
      },
    ]);
  });

  it('5. finance cannot mark their own open reconciliation run completed with made-up counts', async () => {
    const [run] = await consoleAs(db.owner, finance.id, 'start_reconciliation', { provider: 'stripe', file_name: 'case5.csv' });
    await expectPgError(
      asUser(finance, (q) =>
        q.query(`update console.reconciliation_runs set status = 'completed', matched = 5000 where id = $1`, [run!.id]),
      ),
      { code: '42501', message: 'permission denied for table reconciliation_runs' },
    );
    // not even service_role or the owner: only finish_reconciliation completes a run.
    await expectPgError(
      db.asService((q) => q.query(`update console.reconciliation_runs set status = 'completed', matched = 5000 where id = $1`, [run!.id])),
      { code: 'P0001', message: 'only by console.finish_reconciliation' },
    );
    await expectPgError(
      db.owner.query(`update console.reconciliation_runs set status = 'completed', completed_at = now() where id = $1`, [run!.id]),
      { code: 'P0001', message: 'only by console.finish_reconciliation' },
    );
    const { rows } = await db.owner.query('select status, matched from console.reconciliation_runs where id = $1', [run!.id]);
    expect(rows[0]).toEqual({ status: 'open', matched: 0 });
  });

  it("6. an admin cannot set refund_approval_threshold in console.settings directly; the owner's change is audited", async () => {
    await expectPgError(
      asUser(seedAdmin, (q) => q.query(`update console.settings set value = '1e9' where key = 'refund_approval_threshold'`)),
      { code: '42501', message: 'permission denied for table settings' },
    );
    const q = db.owner;
    await q.query('begin');
    let entries: Record<string, unknown>[];
    let owner: string;
    try {
      owner = (await q.query('select session_user as name')).rows[0].name;
      await q.query(`update console.settings set value = '2000' where key = 'refund_approval_threshold'`);
      entries = (
        await q.query(
          `select action, actor_id, actor_role, before, after from console.audit_log where entity = 'setting' order by id desc limit 1`,
        )
      ).rows;
    } finally {
      await q.query('rollback');
    }
    expect(entries).toEqual([
      {
        action: 'setting.direct_update',
        actor_id: null,
        actor_role: owner,
        before: expect.objectContaining({ key: 'refund_approval_threshold', value: 1000 }),
        after: expect.objectContaining({ key: 'refund_approval_threshold', value: 2000 }),
      },
    ]);
  });

  it('7. a suspended admin cannot set their own status back to active, directly or through the console', async () => {
    const suspended = await createUserWithRole(db.owner, 'admin');
    await db.owner.query(`update public.users set status = 'suspended' where id = $1`, [suspended.id]);
    await expectPgError(
      asUser(suspended, (q) => q.query(`update public.users set status = 'active' where id = $1`, [suspended.id])),
      { code: 'P0001', message: 'only an administrator may change users.status' },
    );
    await expectPgError(consoleAs(db.owner, suspended.id, 'set_user_status', { user_id: suspended.id, status: 'active' }), {
      code: '42501',
      message: 'users.manage is needed',
    });
    const { rows } = await db.owner.query('select status from public.users where id = $1', [suspended.id]);
    expect(rows[0].status).toBe('suspended');
  });
});

describe('what holds on every path', () => {
  it('a suspended admin holds no role: is_admin, has_role and get_user_roles answer as for nobody', async () => {
    const suspended = await createUserWithRole(db.owner, 'admin');
    await db.owner.query(`update public.users set status = 'suspended' where id = $1`, [suspended.id]);
    const answers = await asUser(
      suspended,
      async (q) =>
        (
          await q.query(
            `select public.is_admin() as admin, public.has_role($1, 'admin') as has, (select count(*)::int from public.get_user_roles($1)) as roles`,
            [suspended.id],
          )
        ).rows[0],
    );
    expect(answers).toEqual({ admin: false, has: false, roles: 0 });
    const seen = await asUser(suspended, async (q) => (await q.query('select count(*)::int as n from public.users')).rows[0].n);
    expect(seen).toBe(1);
  });

  it('a direct change by service_role is audited with the database role as actor', async () => {
    const payer = await createUser(db.owner);
    const payment = await createPayment(db.owner, payer.id, { amount: 40, provider: 'manual', status: 'succeeded' });
    const entries = await db.asService(async (q) => {
      await q.query(`update public.payments set description = 'corrected' where id = $1`, [payment.id]);
      await q.query('reset role');
      return (
        await q.query(
          `select action, actor_id, actor_role from console.audit_log where entity = 'payment' and entity_id = $1 order by id`,
          [payment.id],
        )
      ).rows;
    });
    expect(entries).toEqual([
      { action: 'payment.direct_insert', actor_id: null, actor_role: expect.any(String) },
      { action: 'payment.direct_update', actor_id: null, actor_role: 'service_role' },
    ]);
  });

  it('granted_by comes from auth.uid() when an admin grants a role directly', async () => {
    const target = await createUser(db.owner);
    const granted = await asUser(
      seedAdmin,
      async (q) =>
        (
          await q.query(`insert into public.user_roles (user_id, role, granted_by) values ($1, 'user', $2) returning granted_by`, [
            target.id,
            someoneElse.id,
          ])
        ).rows[0],
    );
    expect(granted.granted_by).toBe(seedAdmin.id);
  });

  it('with a second non-expiring admin, the admin override may remove an admin row, and it is audited', async () => {
    const other = await createUserWithRole(db.owner, 'admin');
    const entries = await inTransaction(
      async () => undefined,
      seedAdmin,
      async (q) => {
        await q.query(`delete from public.user_roles where user_id = $1 and role = 'admin'`, [other.id]);
        await q.query('reset role');
        return (await q.query(`select action, actor_id from console.audit_log where entity = 'role' and entity_id = $1`, [other.id])).rows;
      },
    );
    expect(entries).toContainEqual({ action: 'role.direct_delete', actor_id: seedAdmin.id });
    await db.owner.query(`delete from public.user_roles where user_id = $1 and role = 'admin'`, [other.id]);
  });

  it('two direct removals of the last two admins at the same moment: the second waits, then is refused', async () => {
    const other = await createUserWithRole(db.owner, 'admin');
    const admins = async () =>
      (
        await db.owner.query(
          `select ur.user_id from public.user_roles ur join public.users u on u.id = ur.user_id
            where ur.role = 'admin' and ur.organization_id is null and u.status = 'active' order by ur.created_at`,
        )
      ).rows.map((r) => r.user_id);
    expect(await admins()).toEqual([seedAdmin.id, other.id]);
    const [c1, c2] = [await db.connection(), await db.connection()];
    const removeAdmin = `delete from public.user_roles where user_id = $1 and role = 'admin' and organization_id is null`;
    try {
      await c1.query('begin');
      await c2.query('begin');
      await c1.query(removeAdmin, [seedAdmin.id]);
      const second = c2.query(removeAdmin, [other.id]).then(
        () => 'removed',
        (error: { code?: string; message?: string }) => `${error.code}: ${error.message}`,
      );
      await new Promise((resolve) => setTimeout(resolve, 200)); // c2 now waits for c1's lock
      await c1.query('commit');
      expect(await second).toBe('P0001: the last active platform admin cannot be removed');
      await c2.query('rollback');
    } finally {
      await c1.query('rollback').catch(() => undefined);
      await c2.query('rollback').catch(() => undefined);
      // put the seed's admin back, then take the extra admin away again.
      await db.owner.query(`insert into public.user_roles (user_id, role) values ($1, 'admin') on conflict do nothing`, [seedAdmin.id]);
      await db.owner.query(removeAdmin, [other.id]);
    }
    expect(await admins()).toEqual([seedAdmin.id]);
  });
});
