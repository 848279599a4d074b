// One entry per function of schema `console`: the capability it checks first, who calls it successfully, and valid
// arguments (built on a fresh world when needed). test/console/function-contract.test.ts reads the functions from the
// catalogue and fails for one without an entry here, so a new function cannot slip past the refusal and audit tests.
// Mutating (volatile) functions also name the audit entry one successful call writes.
import { randomUUID } from 'node:crypto';
import type { TestDatabase } from '../support/db.js';
import { consoleAs, type Args } from '../support/console.js';
import {
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
  grantRole,
  registerForWorkshop,
  type UserRow,
} from '../support/factories.js';

export type Caller = 'admin' | 'moderator' | 'finance' | 'finance2' | 'leadership' | 'support';

export interface World {
  db: TestDatabase;
  people: Record<Caller, UserRow>;
}

export interface FunctionCase {
  /** The capability the function checks as its first statement; null: any signed-in user (my_access). */
  capability: string | null;
  /** Who calls it successfully. */
  caller: Caller;
  /** Valid arguments; may prepare rows (committed) first. */
  args: (world: World) => Promise<Args> | Args;
  /** For a mutating function: the audit entry's action, and whether it carries a before (and after) image. */
  audit?: { action: string; before: boolean; after?: false };
}

const owner = (w: World) => w.db.owner;

async function pendingReview(w: World) {
  const instructor = await createUserWithRole(owner(w), 'instructor');
  const workshop = await createWorkshop(owner(w), instructor.id);
  const author = await createUser(owner(w));
  return createReview(owner(w), author.id, { workshop_id: workshop.id });
}

async function refundablePayment(w: World, overrides: Record<string, unknown> = {}) {
  const payer = await createUser(owner(w));
  return createPayment(owner(w), payer.id, { amount: 5000, provider: 'manual', status: 'succeeded', ...overrides });
}

/** A refund by finance: above the approval threshold it waits for approval; a small stripe one waits for Stripe. */
async function refund(w: World, amount: number, provider: 'manual' | 'stripe') {
  const p = await refundablePayment(w, { provider, transaction_id: provider === 'stripe' ? `ch_${randomUUID()}` : null });
  const [row] = await consoleAs(owner(w), w.people.finance.id, 'refund_payment', {
    payment_id: p.id,
    amount,
    reason: 'other',
    idempotency_key: `case-${randomUUID()}`,
  });
  return row!.id as string;
}

async function openRun(w: World, rows = 0) {
  const [run] = await consoleAs(owner(w), w.people.finance.id, 'start_reconciliation', { provider: 'stripe', file_name: 'case.csv' });
  if (rows > 0) {
    await consoleAs(owner(w), w.people.finance.id, 'add_reconciliation_rows', { run_id: run!.id, rows: [fileRow(2)] });
  }
  return run!.id as string;
}

/** A payments view finance owns, shared with finance (so that finance2 sees it too). */
async function savedView(w: World) {
  const [view] = await consoleAs(owner(w), w.people.finance.id, 'create_saved_view', {
    screen: 'payments',
    name: `Case ${randomUUID()}`,
    state: { filters: {} },
    shared_with_role: 'finance',
  });
  return view!.id as string;
}

/** A registration for a fresh workshop (the seat trigger takes a seat). */
async function registration(w: World) {
  const instructor = await createUserWithRole(owner(w), 'instructor');
  const workshop = await createWorkshop(owner(w), instructor.id);
  const learner = await createUser(owner(w));
  return registerForWorkshop(owner(w), workshop.id, learner.id);
}

async function session(w: World) {
  const client = await createUser(owner(w));
  const expert = await createUserWithRole(owner(w), 'expert');
  const engagement = await createEngagement(owner(w), client.id, expert.id);
  return createSession(owner(w), engagement.id);
}

async function testimonial(w: World) {
  const expert = await createUserWithRole(owner(w), 'expert');
  const profile = await createTalentProfile(owner(w), expert.id);
  return createTestimonial(owner(w), profile.id);
}

const fileRow = (line: number) => ({
  line,
  kind: 'payment',
  transaction_id: `txn-${randomUUID()}`,
  amount: 10,
  currency: 'USD',
  status: 'succeeded',
  occurred_at: '2012-06-01T12:00:00Z',
});

export const FUNCTION_CASES: Record<string, FunctionCase> = {
  // ====== access, users, settings, audit (006) ======
  my_access: { capability: null, caller: 'leadership', args: () => ({}) },
  list_users: { capability: 'users.manage', caller: 'admin', args: () => ({ limit: 5 }) },
  count_users: { capability: 'users.manage', caller: 'admin', args: () => ({}) },
  grant_role: {
    capability: 'users.manage',
    caller: 'admin',
    audit: { action: 'role.grant', before: false },
    args: async (w) => ({ user_id: (await createUser(owner(w))).id, role: 'moderator', reason: 'cover' }),
  },
  revoke_role: {
    capability: 'users.manage',
    caller: 'admin',
    audit: { action: 'role.revoke', before: true, after: false },
    args: async (w) => {
      const user = await createUser(owner(w));
      return { role_id: ((await grantRole(owner(w), user.id, 'moderator')) as { id: string }).id, reason: 'left' };
    },
  },
  set_user_status: {
    capability: 'users.manage',
    caller: 'admin',
    audit: { action: 'user.set_status', before: true },
    args: async (w) => ({ user_id: (await createUser(owner(w))).id, status: 'suspended', reason: 'case' }),
  },
  update_setting: {
    capability: 'settings.manage',
    caller: 'admin',
    audit: { action: 'setting.update', before: true },
    args: () => ({ key: 'undo_window_seconds', value: 15, reason: 'case' }),
  },
  get_settings: { capability: 'audit.read_own', caller: 'leadership', args: () => ({}) },
  list_audit: { capability: 'audit.read_own', caller: 'finance', args: () => ({ limit: 5 }) },
  count_audit: { capability: 'audit.read_own', caller: 'finance', args: () => ({}) },

  // ====== moderation (007) ======
  list_reviews: { capability: 'reviews.read', caller: 'moderator', args: () => ({ limit: 5 }) },
  count_reviews: { capability: 'reviews.read', caller: 'moderator', args: () => ({}) },
  get_review: { capability: 'reviews.read', caller: 'moderator', args: async (w) => ({ review_id: (await pendingReview(w)).id }) },
  decide_review: {
    capability: 'reviews.moderate',
    caller: 'moderator',
    audit: { action: 'review.approve', before: true },
    args: async (w) => ({ review_id: (await pendingReview(w)).id, expected_version: 1, decision: 'approve' }),
  },
  decide_reviews: {
    capability: 'reviews.moderate',
    caller: 'moderator',
    audit: { action: 'review.flag', before: true },
    args: async (w) => ({ items: [{ id: (await pendingReview(w)).id, version: 1 }], decision: 'flag' }),
  },
  undo_review_decision: {
    capability: 'reviews.moderate',
    caller: 'moderator',
    audit: { action: 'review.undo', before: true },
    args: async (w) => {
      const review = await pendingReview(w);
      const [decided] = await consoleAs(owner(w), w.people.moderator.id, 'decide_review', {
        review_id: review.id,
        expected_version: 1,
        decision: 'approve',
      });
      return { decision_id: decided!.decision_id };
    },
  },
  respond_to_review: {
    capability: 'reviews.respond',
    caller: 'moderator',
    audit: { action: 'review.respond', before: true },
    args: async (w) => ({ review_id: (await pendingReview(w)).id, expected_version: 1, text: 'Thank you.' }),
  },

  // ====== payments and refunds (008) ======
  refund_payment: {
    capability: 'payments.refund',
    caller: 'finance',
    audit: { action: 'refund.create', before: false },
    args: async (w) => ({
      payment_id: (await refundablePayment(w)).id,
      amount: 10,
      reason: 'other',
      idempotency_key: `case-${randomUUID()}`,
    }),
  },
  approve_refund: {
    capability: 'refunds.approve',
    caller: 'finance2',
    audit: { action: 'refund.approve', before: true },
    args: async (w) => ({ refund_id: await refund(w, 2000, 'manual') }),
  },
  reject_refund: {
    capability: 'refunds.approve',
    caller: 'finance2',
    audit: { action: 'refund.reject', before: true },
    args: async (w) => ({ refund_id: await refund(w, 2000, 'manual'), reason: 'not eligible' }),
  },
  confirm_refund: {
    capability: 'payments.refund',
    caller: 'finance',
    audit: { action: 'refund.confirm', before: true },
    args: async (w) => ({ refund_id: await refund(w, 10, 'stripe'), provider_refund_id: `re_${randomUUID()}` }),
  },
  fail_refund: {
    capability: 'payments.refund',
    caller: 'finance',
    audit: { action: 'refund.fail', before: true },
    args: async (w) => ({ refund_id: await refund(w, 10, 'stripe'), reason: 'declined' }),
  },
  list_payments: { capability: 'payments.read', caller: 'finance', args: () => ({ limit: 5 }) },
  export_payments: { capability: 'payments.read', caller: 'finance', args: () => ({ limit: 5 }) },
  export_payments_csv: { capability: 'payments.read', caller: 'finance', args: () => ({ limit: 5 }) },
  count_payments: { capability: 'payments.read', caller: 'finance', args: () => ({}) },
  payment_totals: { capability: 'payments.read', caller: 'finance', args: () => ({}) },
  user_factors: { capability: 'users.manage', caller: 'admin', args: async (w) => ({ user_id: (await createUser(owner(w))).id }) },
  get_payment: { capability: 'payments.read', caller: 'finance', args: async (w) => ({ payment_id: (await refundablePayment(w)).id }) },
  list_refunds: { capability: 'payments.read', caller: 'finance', args: () => ({ limit: 5 }) },
  count_refunds: { capability: 'payments.read', caller: 'finance', args: () => ({}) },

  // ====== reconciliation (009) ======
  start_reconciliation: {
    capability: 'reconciliation.run',
    caller: 'finance',
    audit: { action: 'reconciliation.start', before: false },
    args: () => ({ provider: 'stripe', file_name: 'case.csv' }),
  },
  add_reconciliation_rows: {
    capability: 'reconciliation.run',
    caller: 'finance',
    audit: { action: 'reconciliation.add_rows', before: true },
    args: async (w) => ({ run_id: await openRun(w), rows: [fileRow(2)] }),
  },
  // 018: the same rows as one text, a line per row and tab-separated fields.
  add_reconciliation_batch: {
    capability: 'reconciliation.run',
    caller: 'finance',
    audit: { action: 'reconciliation.add_rows', before: true },
    args: async (w) => {
      const row = fileRow(2);
      const fields = [row.line, row.kind, row.transaction_id, row.amount, row.currency, row.status, row.occurred_at];
      return { run_id: await openRun(w), rows: fields.join('\t') };
    },
  },
  finish_reconciliation: {
    capability: 'reconciliation.run',
    caller: 'finance',
    audit: { action: 'reconciliation.finish', before: true },
    args: async (w) => ({ run_id: await openRun(w, 1) }),
  },
  discard_reconciliation_run: {
    capability: 'reconciliation.run',
    caller: 'finance',
    args: async (w) => ({ run_id: await openRun(w, 1) }),
    audit: { action: 'reconciliation.discard', before: true, after: false },
  },
  get_reconciliation_run: { capability: 'reconciliation.run', caller: 'finance', args: async (w) => ({ run_id: await openRun(w) }) },
  list_reconciliation_runs: { capability: 'reconciliation.run', caller: 'finance', args: () => ({ limit: 5 }) },
  count_reconciliation_runs: { capability: 'reconciliation.run', caller: 'finance', args: () => ({}) },
  list_reconciliation_items: { capability: 'reconciliation.run', caller: 'finance', args: async (w) => ({ run_id: await openRun(w) }) },
  export_reconciliation_items: { capability: 'reconciliation.run', caller: 'finance', args: async (w) => ({ run_id: await openRun(w) }) },

  // ====== trends (010) ======
  list_organizations: { capability: 'trends.read', caller: 'leadership', args: () => ({ limit: 5 }) },
  org_trends: {
    capability: 'trends.read',
    caller: 'leadership',
    args: async (w) => ({ org_ids: [(await createOrganization(owner(w))).id], months: 3 }),
  },

  // ====== the platform's tables (015) ======
  list_platform_organizations: { capability: 'organizations.read', caller: 'finance', args: () => ({ limit: 5 }) },
  get_organization: {
    capability: 'organizations.read',
    caller: 'support',
    args: async (w) => ({ organization_id: (await createOrganization(owner(w))).id }),
  },
  set_organization_tier: {
    capability: 'organizations.manage',
    caller: 'support',
    audit: { action: 'organization.set_tier', before: true },
    args: async (w) => ({ organization_id: (await createOrganization(owner(w))).id, tier: 'enterprise', reason: 'signed' }),
  },
  list_workshops: { capability: 'workshops.read', caller: 'finance', args: () => ({ limit: 5 }) },
  get_workshop: {
    capability: 'workshops.read',
    caller: 'support',
    args: async (w) => ({ workshop_id: (await registration(w)).workshop_id }),
  },
  list_registrations: { capability: 'workshops.read', caller: 'support', args: () => ({ limit: 5 }) },
  cancel_registration: {
    capability: 'workshops.manage',
    caller: 'support',
    audit: { action: 'registration.cancel', before: true },
    args: async (w) => ({ registration_id: (await registration(w)).id, reason: 'asked by phone' }),
  },
  record_attendance: {
    capability: 'workshops.manage',
    caller: 'support',
    audit: { action: 'registration.attendance', before: true },
    args: async (w) => ({ registration_id: (await registration(w)).id, attended: true, completed: true, issue_certificate: true }),
  },
  preview_workshop_cancellation: {
    capability: 'workshops.read',
    caller: 'support',
    args: async (w) => ({ workshop_id: (await registration(w)).workshop_id }),
  },
  set_workshop_status: {
    capability: 'workshops.manage',
    caller: 'support',
    audit: { action: 'workshop.set_status', before: true },
    args: async (w) => ({
      workshop_id: (await registration(w)).workshop_id,
      status: 'cancelled',
      reason: 'instructor ill',
      idempotency_key: `case-${randomUUID()}`,
    }),
  },
  list_engagements: { capability: 'engagements.read', caller: 'support', args: () => ({ limit: 5 }) },
  list_engagement_sessions: { capability: 'engagements.read', caller: 'support', args: () => ({ limit: 5 }) },
  set_session_status: {
    capability: 'engagements.manage',
    caller: 'support',
    audit: { action: 'session.set_status', before: true },
    args: async (w) => ({ session_id: (await session(w)).id, status: 'completed', duration_hours: 1.5 }),
  },
  list_talent: { capability: 'talent.read', caller: 'moderator', args: () => ({ limit: 5 }) },
  list_testimonials: { capability: 'talent.read', caller: 'moderator', args: () => ({ limit: 5 }) },
  decide_testimonial: {
    capability: 'testimonials.verify',
    caller: 'moderator',
    audit: { action: 'testimonial.reject', before: true },
    args: async (w) => {
      const t = await testimonial(w);
      return { testimonial_id: t.id, decision: 'reject', reason: 'client unknown', expected_updated_at: t.updated_at };
    },
  },
  list_certificates: { capability: 'certificates.read', caller: 'support', args: () => ({ limit: 5 }) },
  verify_certificate: {
    capability: 'certificates.read',
    caller: 'support',
    args: async (w) => ({ certificate_number: (await createCertificate(owner(w), (await createUser(owner(w))).id)).certificate_number }),
  },
  revoke_certificate: {
    capability: 'certificates.revoke',
    caller: 'support',
    audit: { action: 'certificate.revoke', before: true },
    args: async (w) => ({
      certificate_id: (await createCertificate(owner(w), (await createUser(owner(w))).id)).id,
      reason: 'issued in error',
    }),
  },
  list_org_assessments: {
    capability: 'assessments.read',
    caller: 'admin',
    args: async (w) => ({ organization_id: (await createOrganization(owner(w))).id }),
  },
  search_everything: { capability: 'search.everything', caller: 'leadership', args: () => ({ query: 'HG-2026', limit: 5 }) },
  list_saved_views: { capability: 'views.save', caller: 'finance', args: () => ({ screen: 'payments' }) },
  view_share_roles: { capability: 'views.save', caller: 'support', args: () => ({ screen: 'certificates' }) },
  create_saved_view: {
    capability: 'views.save',
    caller: 'finance',
    audit: { action: 'saved_view.create', before: false },
    args: () => ({ screen: 'payments', name: `Case ${randomUUID()}`, state: { filters: { status: ['refunded'] } } }),
  },
  update_saved_view: {
    capability: 'views.save',
    caller: 'finance',
    audit: { action: 'saved_view.update', before: true },
    args: async (w) => ({ view_id: await savedView(w), name: `Renamed ${randomUUID()}`, state: null, shared_with_role: 'finance' }),
  },
  delete_saved_view: {
    capability: 'views.save',
    caller: 'finance',
    audit: { action: 'saved_view.delete', before: true, after: false },
    args: async (w) => ({ view_id: await savedView(w) }),
  },
  set_default_view: {
    capability: 'views.save',
    caller: 'finance',
    audit: { action: 'saved_view.set_default', before: true },
    args: async (w) => ({ screen: 'payments', view_id: await savedView(w) }),
  },
};
