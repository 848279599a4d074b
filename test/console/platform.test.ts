// The platform's tables in the console (015): what each staff role may read and do, what is refused and why, what
// is audited, and the rules that hold on every path — a cancelled workshop never refunds twice, a revocation or a
// testimonial decision is written only by its console function, an expert's edit sends a testimonial back to the
// queue. Which role is refused which function is function-contract.test.ts's subject; paging is list-cursors'.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db.js';
import {
  answer,
  createAssessment,
  createCertificate,
  createEngagement,
  createOrganization,
  createPayment,
  createSession,
  createTalentProfile,
  createTestimonial,
  createUser,
  createUserWithRole,
  createWorkshop,
  grantRole,
  registerForWorkshop,
  type UserRow,
} from '../support/factories.js';
import { auditCount, consoleAs, expectPgError } from '../support/console.js';
import { withClaims } from '../support/pg.js';

const db = useTestDatabase();

let admin: UserRow;
let support: UserRow;
let finance: UserRow;
let finance2: UserRow;
let moderator: UserRow;

beforeAll(async () => {
  const q = db.owner;
  admin = await createUserWithRole(q, 'admin');
  support = await createUserWithRole(q, 'support');
  finance = await createUserWithRole(q, 'finance');
  finance2 = await createUserWithRole(q, 'finance');
  moderator = await createUserWithRole(q, 'moderator');
});

/** An expert's own edit through the api, committed. */
const editAsExpert = (expert: UserRow, sql: string, params: unknown[]) =>
  withClaims(db.owner, { sub: expert.id, role: 'authenticated', aud: 'authenticated' }, (q) => q.query(sql, params), { commit: true });

const as = <T = Record<string, unknown>>(who: UserRow, fn: string, args: Record<string, unknown> = {}) =>
  consoleAs<T>(db.owner, who.id, fn, args);

/** A published workshop with `paid` paid registrations (succeeded stripe payments of 250) and one free one. */
async function workshopWithRegistrations(paid: number) {
  const instructor = await createUserWithRole(db.owner, 'instructor');
  const workshop = await createWorkshop(db.owner, instructor.id, { price_amount: 250 });
  const registrations: { id: string; payment_id: string | null }[] = [];
  for (let i = 0; i < paid; i += 1) {
    const learner = await createUser(db.owner);
    const payment = await createPayment(db.owner, learner.id, { amount: 250, related_entity_id: workshop.id });
    const r = await registerForWorkshop(db.owner, workshop.id, learner.id, { payment_id: payment.id, price_paid: 250 });
    registrations.push({ id: r.id, payment_id: payment.id });
  }
  const free = await registerForWorkshop(db.owner, workshop.id, (await createUser(db.owner)).id);
  registrations.push({ id: free.id, payment_id: null });
  return { workshop, registrations };
}

describe('the support role', () => {
  it('is platform-wide like the other staff roles: granting it for one organization is refused', async () => {
    const person = await createUser(db.owner);
    const org = await createOrganization(db.owner);
    await expectPgError(as(admin, 'grant_role', { user_id: person.id, role: 'support', organization_id: org.id, reason: 'x' }), {
      code: '22023',
      detail: { field: 'organization_id' },
      message: 'support is a platform-wide staff role',
    });
    const [granted] = await as(admin, 'grant_role', { user_id: person.id, role: 'support', reason: 'new hire' });
    expect(granted).toMatchObject({ role: 'support', organization_id: null });
    const [access] = await consoleAs<{ roles: string[] }>(db.owner, person.id, 'my_access');
    expect(access!.roles).toEqual(['support']);
  });

  it('lists people by the support role in Users and access', async () => {
    const rows = await as<{ roles: { role: string }[] }>(admin, 'list_users', { role: 'support' });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.roles.some((r) => r.role === 'support'))).toBe(true);
  });
});

describe('organisations', () => {
  it('finds an organisation by a pasted url of its website, and by name', async () => {
    const org = await createOrganization(db.owner, { name: 'Quillfeather Analytics', website: 'https://quillfeather.example' });
    for (const search of ['https://www.quillfeather.example/about?x=1', '  quillfeather.example ', 'feather analy']) {
      const rows = await as<{ id: string }>(support, 'list_platform_organizations', { search });
      expect(
        rows.map((row) => row.id),
        search,
      ).toContain(org.id);
    }
    const none = await as(support, 'list_platform_organizations', { search: '%' });
    expect(none.every((row) => String(row.name).includes('%'))).toBe(true);
  });

  it('counts completed assessments and the last activity (the trends rollup agrees with the rows)', async () => {
    const org = await createOrganization(db.owner, { name: `Counted ${randomUUID()}` });
    const person = await createUser(db.owner);
    for (const status of ['completed', 'completed', 'in_progress']) {
      await createAssessment(db.owner, person.id, {
        organization_id: org.id,
        status,
        completed_at: status === 'completed' ? new Date().toISOString() : null,
      });
    }
    const [listed] = await as(support, 'list_platform_organizations', { search: String(org.name) });
    expect(listed).toMatchObject({ id: org.id, completed_assessments: 2 });
    expect(listed!.last_activity_at).not.toBeNull();
    const quiet = await as<{ id: string }>(support, 'list_platform_organizations', { search: String(org.name), activity: 'quiet' });
    expect(quiet).toEqual([]);
    const [detail] = await as(support, 'get_organization', { organization_id: org.id });
    expect(detail!.completed_assessments).toBe(2);
  });

  it('shows payments to finance and not to support; trends link only for trend readers', async () => {
    const org = await createOrganization(db.owner);
    const member = await createUser(db.owner);
    await grantRole(db.owner, member.id, 'client', { organization_id: org.id });
    await createPayment(db.owner, member.id, { organization_id: org.id });
    const [forSupport] = await as(support, 'get_organization', { organization_id: org.id });
    expect(forSupport).toMatchObject({ payments: null, can_manage: true, can_see_trends: false });
    expect(forSupport!.members).toEqual([expect.objectContaining({ user_id: member.id, role: 'client' })]);
    const [forFinance] = await as(finance, 'get_organization', { organization_id: org.id });
    expect(forFinance).toMatchObject({ can_manage: false });
    expect(forFinance!.payments).toHaveLength(1);
  });

  it('changes a plan tier with a reason, audited; the same tier or no reason is refused', async () => {
    const org = await createOrganization(db.owner, { subscription_tier: 'growth' });
    await expectPgError(as(support, 'set_organization_tier', { organization_id: org.id, tier: 'growth', reason: 'x'.repeat(5) }), {
      code: '22023',
      message: 'is already growth',
    });
    await expectPgError(as(support, 'set_organization_tier', { organization_id: org.id, tier: 'enterprise', reason: '  ' }), {
      code: '22023',
      detail: { field: 'reason' },
    });
    await expectPgError(as(support, 'set_organization_tier', { organization_id: org.id, tier: 'platinum', reason: 'upsell' }), {
      code: '22023',
      detail: { field: 'tier' },
    });
    await as(support, 'set_organization_tier', { organization_id: org.id, tier: 'enterprise', reason: 'Signed the enterprise order' });
    expect(await auditCount(db.owner, `action = 'organization.set_tier' and entity_id = $1 and reason like 'Signed%'`, [org.id])).toBe(1);
    await expectPgError(as(finance, 'set_organization_tier', { organization_id: org.id, tier: 'starter', reason: 'cheaper' }), {
      code: '42501',
      message: 'organizations.manage',
    });
  });
});

describe('workshops and registrations', () => {
  it('cancelling a registration gives its seat back and names what is left to refund; twice is a conflict', async () => {
    const { workshop, registrations } = await workshopWithRegistrations(1);
    const seats = async () =>
      (await db.owner.query('select capacity_remaining from public.workshops where id = $1', [workshop.id])).rows[0].capacity_remaining;
    const before = await seats();
    const [cancelled] = await as(support, 'cancel_registration', { registration_id: registrations[0]!.id, reason: 'Asked by phone' });
    expect(cancelled).toMatchObject({ status: 'cancelled', payment_id: registrations[0]!.payment_id, refundable: 250 });
    expect(await seats()).toBe(before + 1);
    await expectPgError(as(support, 'cancel_registration', { registration_id: registrations[0]!.id, reason: 'Again' }), {
      code: 'PT409',
      message: 'already cancelled',
    });
    await expectPgError(as(support, 'cancel_registration', { registration_id: 'not-an-id', reason: 'Again' }), {
      code: '22023',
      detail: { field: 'registration_id' },
    });
  });

  it('completion issues one certificate, never a second', async () => {
    const { registrations } = await workshopWithRegistrations(0);
    const id = registrations[0]!.id;
    await expectPgError(as(support, 'record_attendance', { registration_id: id, attended: false, completed: true }), {
      code: '22023',
      detail: { field: 'completed' },
    });
    const [first] = await as(support, 'record_attendance', {
      registration_id: id,
      attended: true,
      completed: true,
      issue_certificate: true,
    });
    expect(first).toMatchObject({ status: 'completed', attended: true });
    expect(first!.certificate_number).toMatch(/^CERT-WORKSHOP-\d{8}-[0-9A-F]{8}$/);
    const [again] = await as(support, 'record_attendance', {
      registration_id: id,
      attended: true,
      completed: true,
      issue_certificate: true,
    });
    expect(again!.certificate_id).toBe(first!.certificate_id);
    const { rows } = await db.owner.query(
      'select count(*)::int as n from public.certificates c join public.workshop_registrations r on r.user_id = c.user_id where r.id = $1',
      [id],
    );
    expect(rows[0].n).toBe(1);
  });

  it('cancelling a workshop cancels its registrations and asks for one refund per paid one, awaiting a second person, never twice', async () => {
    const { workshop, registrations } = await workshopWithRegistrations(3);
    const preview = await as(support, 'preview_workshop_cancellation', { workshop_id: workshop.id });
    expect(preview.map((row) => row.payment_id).sort()).toEqual(registrations.flatMap((r) => r.payment_id ?? []).sort());
    expect(preview.every((row) => Number(row.amount) === 250 && row.needs_approval === true)).toBe(true);

    const key = randomUUID();
    const args = { workshop_id: workshop.id, status: 'cancelled', reason: 'Instructor ill', idempotency_key: key };
    const [done] = await as<{ cancelled_registrations: number; refunds: { refund_id: string; status: string; amount: number }[] }>(
      support,
      'set_workshop_status',
      args,
    );
    expect(done!.cancelled_registrations).toBe(4);
    expect(done!.refunds).toHaveLength(3);
    expect(done!.refunds.every((r) => r.status === 'pending_approval')).toBe(true);

    // a retry of the same submission answers the same refunds and makes none.
    const [retried] = await as<{ refunds: unknown[] }>(support, 'set_workshop_status', args);
    expect(retried!.refunds).toEqual(done!.refunds);
    // a second cancellation, with another key, is a conflict; leaving cancelled is refused.
    await expectPgError(as(support, 'set_workshop_status', { ...args, idempotency_key: randomUUID() }), { code: 'PT409' });
    await expectPgError(as(support, 'set_workshop_status', { ...args, status: 'published', idempotency_key: randomUUID() }), {
      code: '22023',
      message: 'stays cancelled',
    });
    const { rows } = await db.owner.query(
      `select count(*)::int as n, sum(amount)::float as total from public.payment_refunds where payment_id = any($1::uuid[])`,
      [registrations.flatMap((r) => r.payment_id ?? [])],
    );
    expect(rows[0]).toEqual({ n: 3, total: 750 });

    // maker-checker: the person who cancelled cannot approve; finance can.
    const refundId = done!.refunds[0]!.refund_id;
    await grantRole(db.owner, support.id, 'finance');
    await expectPgError(as(support, 'approve_refund', { refund_id: refundId }), { code: 'P0001', message: 'a second person must approve' });
    await db.owner.query(`delete from public.user_roles where user_id = $1 and role = 'finance'`, [support.id]);
    const [approved] = await as(finance2, 'approve_refund', { refund_id: refundId });
    expect(approved).toMatchObject({ status: 'pending' });
    expect(await auditCount(db.owner, `action = 'refund.create' and after ->> 'workshop_id' = $1`, [workshop.id])).toBe(3);
  });

  it('a direct refund insert through the api may still only start pending_approval or what the threshold says', async () => {
    const payer = await createUser(db.owner);
    const payment = await createPayment(db.owner, payer.id, { amount: 50, provider: 'manual' });
    const error = await db
      .asUser(admin.id, (q) =>
        q.query(
          `insert into public.payment_refunds (payment_id, amount, currency, reason, status, provider, idempotency_key)
           values ($1, 10, 'USD', 'other', 'pending', 'manual', $2)`,
          [payment.id, randomUUID()],
        ),
      )
      .catch((caught: Error) => caught);
    expect(String(error)).toMatch(/must start succeeded, not pending|permission denied/);
  });
});

describe('engagements', () => {
  it("the schema's hour budget refuses a session that would pass it, with its own words", async () => {
    const client = await createUser(db.owner);
    const expert = await createUserWithRole(db.owner, 'expert');
    const engagement = await createEngagement(db.owner, client.id, expert.id, { hours_total: 4 });
    const first = await createSession(db.owner, engagement.id);
    const second = await createSession(db.owner, engagement.id);
    const [ok] = await as(support, 'set_session_status', { session_id: first.id, status: 'completed', duration_hours: 3 });
    expect(ok).toMatchObject({ hours_used: 3, hours_total: 4 });
    const error = await expectPgError(
      as(support, 'set_session_status', { session_id: second.id, status: 'completed', duration_hours: 1.5 }),
      {
        code: 'P0001',
        message: "session would exceed the engagement's hour budget (4.50 of 4.00 hours)",
      },
    );
    expect(error.hint).toContain('Raise the engagement');
    for (const duration_hours of [-1, 24.5, 1.005]) {
      await expectPgError(as(support, 'set_session_status', { session_id: second.id, status: 'completed', duration_hours }), {
        code: '22023',
        detail: { field: 'duration_hours' },
      });
    }
    expect(await auditCount(db.owner, `action = 'session.set_status' and entity_id = $1`, [second.id])).toBe(0);
  });
});

describe('the talent list', () => {
  it("counts each expert's own engagements and queued testimonials, whatever the others have", async () => {
    const expert = await createUserWithRole(db.owner, 'expert');
    const other = await createUserWithRole(db.owner, 'expert');
    const client = await createUser(db.owner);
    const profile = await createTalentProfile(db.owner, expert.id);
    const otherProfile = await createTalentProfile(db.owner, other.id);
    for (const status of ['active', 'active', 'paused', 'completed', 'cancelled']) {
      await createEngagement(db.owner, client.id, expert.id, { status });
    }
    await createEngagement(db.owner, client.id, other.id, { status: 'active' });
    const [verified, rejected] = [await createTestimonial(db.owner, profile.id), await createTestimonial(db.owner, profile.id)];
    await createTestimonial(db.owner, profile.id);
    await createTestimonial(db.owner, otherProfile.id);
    await as(moderator, 'decide_testimonial', {
      testimonial_id: verified.id,
      decision: 'verify',
      expected_updated_at: verified.updated_at,
    });
    await as(moderator, 'decide_testimonial', {
      testimonial_id: rejected.id,
      decision: 'reject',
      reason: 'Client unknown',
      expected_updated_at: rejected.updated_at,
    });
    const row = async () => (await as(support, 'list_talent', { search: expert.email }))[0];
    expect(await row()).toMatchObject({ id: profile.id, engagements: 5, active_engagements: 2, testimonials_pending: 1 });
    // The expert's edit sends the rejected one back to the queue.
    await editAsExpert(expert, `update public.talent_testimonials set quote = 'Reworded' where id = $1`, [rejected.id]);
    expect(await row()).toMatchObject({ testimonials_pending: 2 });
  });
});

describe('testimonials', () => {
  async function pending() {
    const expert = await createUserWithRole(db.owner, 'expert');
    const profile = await createTalentProfile(db.owner, expert.id);
    const t = await createTestimonial(db.owner, profile.id);
    return { expert, t };
  }

  it('a moderator verifies what they read; an edit since then is a conflict', async () => {
    const { expert, t } = await pending();
    await editAsExpert(expert, `update public.talent_testimonials set quote = 'Edited words' where id = $1`, [t.id]);
    await expectPgError(
      as(moderator, 'decide_testimonial', { testimonial_id: t.id, decision: 'verify', expected_updated_at: t.updated_at }),
      {
        code: 'PT409',
        message: 'after you opened it',
      },
    );
    const [fresh] = await as<{ updated_at: string }>(moderator, 'list_testimonials', { talent_profile_id: t.talent_profile_id });
    const [verified] = await as(moderator, 'decide_testimonial', {
      testimonial_id: t.id,
      decision: 'verify',
      expected_updated_at: fresh!.updated_at,
    });
    expect(verified).toMatchObject({ verified: true, state: 'verified' });
  });

  it('a rejection needs a reason; the expert editing it sends it back to the queue', async () => {
    const { expert, t } = await pending();
    await expectPgError(
      as(moderator, 'decide_testimonial', { testimonial_id: t.id, decision: 'reject', expected_updated_at: t.updated_at }),
      {
        code: '22023',
        detail: { field: 'reason' },
      },
    );
    await as(moderator, 'decide_testimonial', {
      testimonial_id: t.id,
      decision: 'reject',
      reason: 'Client unknown',
      expected_updated_at: t.updated_at,
    });
    const state = async () =>
      (await as<{ state: string }>(moderator, 'list_testimonials', { state: null, talent_profile_id: t.talent_profile_id }))[0]!.state;
    expect(await state()).toBe('rejected');
    await editAsExpert(expert, `update public.talent_testimonials set metric = '40% faster' where id = $1`, [t.id]);
    expect(await state()).toBe('pending');
  });

  it('nobody writes the decision columns directly, not even an admin through the api', async () => {
    const { expert, t } = await pending();
    for (const who of [expert, admin]) {
      await expectPgError(
        db.asUser(who.id, (q) => q.query(`update public.talent_testimonials set rejection_reason = 'no way' where id = $1`, [t.id])),
        { code: 'P0001', message: 'only in the console' },
      );
    }
  });
});

describe('certificates', () => {
  it('finds by number as pasted, revokes with a reason, and the public verification then says revoked', async () => {
    const holder = await createUser(db.owner, { full_name: 'Ada Holder' });
    const cert = await createCertificate(db.owner, holder.id);
    for (const search of [
      cert.certificate_number.toLowerCase(),
      ` ${cert.certificate_number} `,
      `https://humanglue.dev/verify/${cert.certificate_number}`,
    ]) {
      const rows = await as<{ id: string }>(support, 'list_certificates', { search });
      expect(
        rows.map((row) => row.id),
        search,
      ).toEqual([cert.id]);
    }
    const instructor = await createUserWithRole(db.owner, 'instructor');
    const workshop = await createWorkshop(db.owner, instructor.id, { title: `Prompt Craft ${randomUUID()}` });
    const ofWorkshop = await createCertificate(db.owner, holder.id, { certificate_type: 'workshop', workshop_id: workshop.id });
    const byTitle = await as<{ id: string }>(support, 'list_certificates', { search: String(workshop.title).slice(0, 20) });
    expect(byTitle.map((row) => row.id)).toContain(ofWorkshop.id);
    const byName = await as<{ id: string }>(support, 'list_certificates', { search: 'Ada Hold' });
    expect(byName.map((row) => row.id)).toEqual(expect.arrayContaining([cert.id, ofWorkshop.id]));
    await expectPgError(as(support, 'revoke_certificate', { certificate_id: cert.id, reason: '' }), {
      code: '22023',
      detail: { field: 'reason' },
    });
    await as(support, 'revoke_certificate', { certificate_id: cert.id, reason: 'Issued to the wrong person' });
    await expectPgError(as(support, 'revoke_certificate', { certificate_id: cert.id, reason: 'Again' }), {
      code: 'PT409',
      message: 'already revoked',
    });
    const [staffView] = await as(support, 'verify_certificate', { certificate_number: cert.certificate_number });
    const publicView = await db.asAnon((q) => q.query('select * from public.verify_certificate($1)', [cert.certificate_number]));
    expect(publicView.rows[0]).toMatchObject({ is_revoked: true, is_verified: false, recipient_name: 'Ada Holder' });
    expect(staffView).toEqual(publicView.rows[0]);
    const revoked = await as(support, 'list_certificates', { user_id: holder.id, state: 'revoked' });
    expect(revoked).toHaveLength(1);
    await expectPgError(as(support, 'verify_certificate', { certificate_number: 'hello' }), {
      code: '22023',
      detail: { field: 'certificate_number' },
    });
  });

  it('a revocation cannot be written or undone directly through the api, even by an admin', async () => {
    const cert = await createCertificate(db.owner, (await createUser(db.owner)).id);
    await expectPgError(
      db.asUser(admin.id, (q) =>
        q.query(`update public.certificates set revoked_at = now(), revocation_reason = 'direct' where id = $1`, [cert.id]),
      ),
      { code: 'P0001', message: 'revoked only in the console' },
    );
  });
});

describe('assessments', () => {
  it('admins see scores of an organisation, never the answers; nobody else sees them', async () => {
    const org = await createOrganization(db.owner);
    const person = await createUser(db.owner);
    const a = await createAssessment(db.owner, person.id, { organization_id: org.id });
    await answer(db.owner, a.id, 'individual', 80);
    const [row] = await as(admin, 'list_org_assessments', { organization_id: org.id });
    expect(row).toMatchObject({ id: a.id, individual_score: 80 });
    expect(Object.keys(row!)).not.toContain('answers');
    expect(JSON.stringify(row)).not.toContain('answer_value');
    for (const who of [support, finance, moderator]) {
      await expectPgError(as(who, 'list_org_assessments', { organization_id: org.id }), { code: '42501', message: 'assessments.read' });
    }
  });
});
