// Declarative rules of the schema (SCHEMA.md): every check constraint refuses a bad value and accepts the good ones,
// unique constraints refuse duplicates, each foreign key deletes as designed, and created_at/updated_at are kept.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseError } from 'pg';
import { expectPgError } from '../support/console.js';
import { useTestDatabase } from '../support/db.js';
import {
  answer,
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
  createWorkshop,
  grantRole,
  insertRow,
  registerForWorkshop,
} from '../support/factories.js';

const db = useTestDatabase();

/** Runs fn in a transaction on the owner connection and rolls it back, so each case starts from the same world. */
async function rolledBack<T>(fn: () => Promise<T>): Promise<T> {
  await db.owner.query('begin');
  try {
    return await fn();
  } finally {
    await db.owner.query('rollback');
  }
}

/** Runs one statement inside the current transaction behind a savepoint; returns the error it raised, if any. */
async function attempt(sql: string, params: unknown[] = []): Promise<DatabaseError | undefined> {
  await db.owner.query('savepoint attempt');
  try {
    await db.owner.query(sql, params);
    await db.owner.query('release savepoint attempt');
    return undefined;
  } catch (error) {
    await db.owner.query('rollback to savepoint attempt');
    return error as DatabaseError;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The world every check case updates (committed once; each case runs in a rolled-back transaction).
// ---------------------------------------------------------------------------------------------------------------
type Table =
  | 'organizations'
  | 'users'
  | 'user_roles'
  | 'workshops'
  | 'workshop_registrations'
  | 'assessments'
  | 'assessment_answers'
  | 'talent_profiles'
  | 'talent_testimonials'
  | 'engagements'
  | 'engagement_sessions'
  | 'payments'
  | 'certificates'
  | 'reviews';

const ids = {} as Record<Table, string>;

beforeAll(async () => {
  const o = db.owner;
  const instructor = await createUser(o);
  const member = await createUser(o);
  const expert = await createUser(o);
  const org = await createOrganization(o);
  const role = await grantRole(o, member.id, 'user');
  const workshop = await createWorkshop(o, instructor.id);
  const registration = await registerForWorkshop(o, workshop.id, member.id);
  const assessment = await createAssessment(o, member.id, { organization_id: org.id });
  const ans = await answer(o, assessment.id, 'individual', 50);
  const talent = await createTalentProfile(o, expert.id);
  const testimonial = await createTestimonial(o, talent.id);
  const engagement = await createEngagement(o, member.id, expert.id);
  const session = await createSession(o, engagement.id);
  const payment = await createPayment(o, member.id);
  const certificate = await createCertificate(o, member.id);
  const review = await createReview(o, member.id, { workshop_id: workshop.id });
  Object.assign(ids, {
    organizations: org.id,
    users: member.id,
    user_roles: role.id as string,
    workshops: workshop.id,
    workshop_registrations: registration.id,
    assessments: assessment.id,
    assessment_answers: ans.id,
    talent_profiles: talent.id,
    talent_testimonials: testimonial.id,
    engagements: engagement.id,
    engagement_sessions: session.id,
    payments: payment.id,
    certificates: certificate.id,
    reviews: review.id,
  } satisfies Record<Table, string>);
});

// ---------------------------------------------------------------------------------------------------------------
// Check constraints, table-driven. Each case is an UPDATE of the world's row: refused values must fail with 23514
// (on the constraint named after the column, per CONVENTIONS.md, for single-column rules); every good value passes.
// ---------------------------------------------------------------------------------------------------------------
interface Assignment {
  set: string;
  params: unknown[];
}
interface CheckCase {
  table: Table;
  rule: string;
  bad: Assignment[];
  good: Assignment[];
  /** The constraint name the refusal must come from (prefix), when the rule involves only one column. */
  constraint?: string;
}

const assign = (column: string, value: unknown): Assignment => ({ set: `${column} = $1`, params: [value] });

/** A value list: every listed value is accepted, the bad ones refused. */
function oneOf(table: Table, column: string, good: unknown[], bad: unknown[] = ['bogus']): CheckCase {
  return {
    table,
    rule: `${column} in (${good.map((v) => JSON.stringify(v)).join(', ')})`,
    bad: bad.map((v) => assign(column, v)),
    good: good.map((v) => assign(column, v)),
    constraint: `${table}_${column}`,
  };
}

/** A single-column range or format rule. */
function rule(table: Table, column: string, description: string, good: unknown[], bad: unknown[]): CheckCase {
  return {
    table,
    rule: `${column}: ${description}`,
    bad: bad.map((v) => assign(column, v)),
    good: good.map((v) => assign(column, v)),
    constraint: `${table}_${column}`,
  };
}

/** A rule across columns, given as SET clauses. */
function across(table: Table, description: string, good: string[], bad: string[]): CheckCase {
  return {
    table,
    rule: description,
    bad: bad.map((set) => ({ set, params: [] })),
    good: good.map((set) => ({ set, params: [] })),
  };
}

const long = (n: number) => 'x'.repeat(n);
const ratings1to5 = (table: Table, column: string) => rule(table, column, '1–5', [1, 3, 5], [0, 6]);
const score0to100 = (table: Table, column: string) => rule(table, column, '0–100', [0, 55, 100], [-1, 101]);

const checkCases: CheckCase[] = [
  // organizations
  rule('organizations', 'name', '1–200 chars', ['A', long(200)], ['', long(201)]),
  rule(
    'organizations',
    'slug',
    'format ^[a-z0-9]+(-[a-z0-9]+)*$',
    ['acme', 'acme-2-corp'],
    ['Acme', 'acme corp', '-acme', 'acme-', 'acme--corp', 'acme_corp'],
  ),
  oneOf('organizations', 'subscription_tier', ['starter', 'growth', 'enterprise'], ['free', 'Growth']),
  oneOf('organizations', 'subscription_status', ['trialing', 'active', 'past_due', 'canceled', 'paused'], ['cancelled']),
  oneOf('organizations', 'company_size', ['1-10', '11-50', '51-200', '201-500', '501-1000', '1001-5000', '5000+', null], ['10-20']),
  rule('organizations', 'settings', 'a JSON object', ['{}', '{"theme":"dark"}'], ['[]', '"text"', '1']),
  // users
  rule('users', 'email', 'contains @, lower-case', ['renamed-member@example.test'], ['Member@Example.test', 'no-at-sign.example.test']),
  rule('users', 'full_name', '≤ 200 chars', [long(200), null], [long(201)]),
  rule('users', 'metadata', 'a JSON object', ['{"a":1}'], ['[1]']),
  oneOf('users', 'status', ['active', 'inactive', 'suspended'], ['deleted']),
  // user_roles
  oneOf('user_roles', 'role', ['admin', 'instructor', 'expert', 'client', 'user'], ['owner', 'Admin']),
  // workshops
  rule('workshops', 'title', '1–200 chars', ['T', long(200)], ['', long(201)]),
  oneOf('workshops', 'pillar', ['adaptability', 'coaching', 'marketplace'], ['leadership']),
  oneOf('workshops', 'level', ['beginner', 'intermediate', 'advanced'], ['expert']),
  oneOf('workshops', 'format', ['live', 'hybrid', 'recorded'], ['online']),
  oneOf('workshops', 'status', ['draft', 'published', 'archived', 'cancelled'], ['deleted']),
  rule('workshops', 'duration_minutes', '> 0', [1, 90, null], [0, -5]),
  {
    // capacity_remaining follows, so that only the capacity_total rule is at stake.
    table: 'workshops',
    rule: 'capacity_total: > 0',
    bad: [{ set: 'capacity_total = 0, capacity_remaining = 0', params: [] }],
    good: [
      { set: 'capacity_total = 1, capacity_remaining = 1', params: [] },
      { set: 'capacity_total = 500', params: [] },
    ],
    constraint: 'workshops_capacity_total',
  },
  across(
    'workshops',
    'capacity_remaining: 0 ≤ remaining ≤ capacity_total',
    ['capacity_remaining = 0', 'capacity_remaining = capacity_total'],
    ['capacity_remaining = -1', 'capacity_remaining = capacity_total + 1'],
  ),
  rule('workshops', 'price_amount', '≥ 0', [0, 250.5], [-0.01]),
  across(
    'workshops',
    'price_early_bird: ≥ 0 and ≤ price_amount',
    ['price_early_bird = 0', 'price_early_bird = price_amount', 'price_early_bird = null'],
    ['price_early_bird = -1', 'price_early_bird = price_amount + 0.01'],
  ),
  rule('workshops', 'currency', '^[A-Z]{3}$', ['EUR', 'GBP'], ['usd', 'US', 'USDX', 'U$D']),
  rule('workshops', 'average_rating', '0–5', [0, 4.25, 5], [-0.01, 5.01]),
  rule('workshops', 'review_count', '≥ 0', [0, 12], [-1]),
  // workshop_registrations
  oneOf('workshop_registrations', 'status', ['registered', 'completed', 'cancelled', 'no_show'], ['attended']),
  rule('workshop_registrations', 'price_paid', '≥ 0', [0, 99.99], [-1]),
  ratings1to5('workshop_registrations', 'rating'),
  // assessments
  oneOf('assessments', 'assessment_type', ['full', 'quick', 'follow_up'], ['partial']),
  across(
    'assessments',
    'status in (in_progress, completed, abandoned); completed requires completed_at',
    ["status = 'in_progress'", "status = 'abandoned'", "status = 'completed', completed_at = now()"],
    ["status = 'done'", "status = 'completed', completed_at = null"],
  ),
  score0to100('assessments', 'individual_score'),
  score0to100('assessments', 'leadership_score'),
  score0to100('assessments', 'cultural_score'),
  score0to100('assessments', 'embedding_score'),
  score0to100('assessments', 'velocity_score'),
  // assessment_answers
  oneOf('assessment_answers', 'dimension', ['individual', 'leadership', 'cultural', 'embedding', 'velocity'], ['strategy']),
  oneOf('assessment_answers', 'answer_type', ['scale', 'multiChoice', 'fearToConfidence', 'text'], ['multichoice', 'slider']),
  rule('assessment_answers', 'answer_value', '0–100', [0, 72.5, 100], [-0.01, 100.01]),
  across(
    'assessment_answers',
    'answer_value null only for text answers',
    ["answer_type = 'text', answer_value = null", "answer_type = 'text', answer_value = 40"],
    ["answer_type = 'scale', answer_value = null", "answer_type = 'multiChoice', answer_value = null"],
  ),
  rule('assessment_answers', 'question_weight', '> 0', [0.001, 2.5], [0, -1]),
  // talent_profiles
  rule('talent_profiles', 'tagline', '≤ 200 chars', [long(200)], [long(201)]),
  score0to100('talent_profiles', 'transformation_success_rate'),
  score0to100('talent_profiles', 'behavior_change_score'),
  score0to100('talent_profiles', 'client_retention_rate'),
  rule('talent_profiles', 'cultures_transformed', '≥ 0', [0, 7], [-1]),
  rule('talent_profiles', 'years_experience', '0–80', [0, 80], [-1, 81]),
  rule(
    'talent_profiles',
    'transformation_stages',
    'each in assess, reframe, embed, scale',
    [[], ['assess'], ['assess', 'reframe', 'embed', 'scale']],
    [['assess', 'transform'], ['Assess']],
  ),
  oneOf('talent_profiles', 'coaching_style', ['directive', 'facilitative', 'hybrid', null], ['laissez-faire']),
  rule('talent_profiles', 'rating', '0–5', [0, 3.75, 5], [-0.01, 5.01]),
  rule('talent_profiles', 'review_count', '≥ 0', [0, 3], [-1]),
  oneOf('talent_profiles', 'availability', ['available', 'limited', 'booked'], ['busy']),
  rule('talent_profiles', 'hourly_rate', '≥ 0', [0, 350, null], [-1]),
  // talent_testimonials
  rule('talent_testimonials', 'quote', '1–2000 chars', ['!', long(2000)], ['', long(2001)]),
  // engagements
  oneOf('engagements', 'status', ['pending', 'active', 'paused', 'completed', 'cancelled'], ['done']),
  rule('engagements', 'hours_total', '> 0', [0.25, 40], [0, -2]),
  across(
    'engagements',
    'hours_used: 0 ≤ used ≤ hours_total',
    ['hours_used = 0', 'hours_used = hours_total'],
    ['hours_used = -1', 'hours_used = hours_total + 0.01'],
  ),
  rule('engagements', 'hourly_rate', '≥ 0', [0, 180, null], [-1]),
  across(
    'engagements',
    'end_date ≥ start_date',
    ["start_date = '2026-01-01', end_date = '2026-01-01'", "start_date = '2026-01-01', end_date = '2026-03-01'"],
    ["start_date = '2026-03-01', end_date = '2026-02-28'"],
  ),
  ratings1to5('engagements', 'client_satisfaction_score'),
  across('engagements', 'expert_id <> client_id', ['expert_id = expert_id'], ['expert_id = client_id']),
  // engagement_sessions
  oneOf('engagement_sessions', 'session_type', ['coaching', 'workshop', 'consultation', 'follow_up'], ['meeting']),
  oneOf('engagement_sessions', 'status', ['scheduled', 'completed', 'cancelled', 'no_show'], ['done']),
  rule('engagement_sessions', 'duration_hours', '0–24', [0, 1.5, 24], [-0.5, 24.01]),
  across(
    'engagement_sessions',
    'ended_at ≥ started_at',
    [
      "started_at = '2026-01-01 10:00Z', ended_at = '2026-01-01 10:00Z'",
      "started_at = '2026-01-01 10:00Z', ended_at = '2026-01-01 11:30Z'",
    ],
    ["started_at = '2026-01-01 10:00Z', ended_at = '2026-01-01 09:59Z'"],
  ),
  // payments
  rule('payments', 'amount', '> 0', [0.01, 1000], [0, -10]),
  rule('payments', 'currency', '^[A-Z]{3}$', ['EUR'], ['eur', 'EURO']),
  oneOf('payments', 'provider', ['stripe', 'paypal', 'manual'], ['venmo', 'Stripe']),
  oneOf('payments', 'status', ['pending', 'succeeded', 'failed', 'refunded'], ['paid']),
  oneOf('payments', 'payment_type', ['workshop', 'engagement', 'subscription', 'other'], ['donation']),
  across(
    'payments',
    'refund_amount: 0 ≤ refund ≤ amount',
    ['refund_amount = 0', 'refund_amount = amount'],
    ['refund_amount = -1', 'refund_amount = amount + 0.01'],
  ),
  // certificates
  oneOf('certificates', 'certificate_type', ['workshop', 'program', 'assessment'], ['course']),
  across(
    'certificates',
    'expiry_date ≥ issue_date',
    ['expiry_date = issue_date', 'expiry_date = issue_date + 365', 'expiry_date = null'],
    ['expiry_date = issue_date - 1'],
  ),
  // reviews (review_type and the target rule are covered by their own table below)
  rule('reviews', 'title', '≤ 200 chars', [long(200), null], [long(201)]),
  ratings1to5('reviews', 'rating'),
  rule('reviews', 'review_text', '1–10000 chars', ['!', long(10000)], ['', long(10001)]),
  ratings1to5('reviews', 'content_quality_rating'),
  ratings1to5('reviews', 'delivery_rating'),
  ratings1to5('reviews', 'value_rating'),
  ratings1to5('reviews', 'impact_rating'),
  oneOf('reviews', 'status', ['pending', 'approved', 'rejected', 'flagged'], ['hidden']),
  rule('reviews', 'helpful_count', '≥ 0', [0, 4], [-1]),
  rule('reviews', 'not_helpful_count', '≥ 0', [0, 4], [-1]),
];

describe('check constraints refuse bad values and accept good ones', () => {
  for (const c of checkCases) {
    for (const bad of c.bad) {
      it(`${c.table}.${c.rule}: refuses ${bad.set}${bad.params.length ? ` [${JSON.stringify(bad.params[0])}]` : ''}`, async () => {
        const error = await rolledBack(() =>
          attempt(`update public.${c.table} set ${bad.set} where id = $${bad.params.length + 1}`, [...bad.params, ids[c.table]]),
        );
        expect(error, 'the bad value was accepted').toBeDefined();
        expect(error).toMatchObject({ code: '23514', table: c.table });
        expect(error?.message).toContain('violates check constraint');
        if (c.constraint) expect(error?.constraint).toMatch(new RegExp(`^${c.constraint}`));
      });
    }
    it(`${c.table}.${c.rule}: accepts ${c.good.map((g) => (g.params.length ? JSON.stringify(g.params[0])?.slice(0, 20) : g.set)).join(' | ')}`, async () => {
      const errors = await rolledBack(async () => {
        const found: string[] = [];
        for (const good of c.good) {
          const error = await attempt(`update public.${c.table} set ${good.set} where id = $${good.params.length + 1}`, [
            ...good.params,
            ids[c.table],
          ]);
          if (error) found.push(`${good.set} ${JSON.stringify(good.params).slice(0, 40)}: ${error.code} ${error.message}`);
        }
        return found;
      });
      expect(errors).toEqual([]);
    });
  }
});

describe('reviews: exactly one target, matching review_type', () => {
  let reviewer: string;
  let workshopId: string;
  let expertId: string;
  let engagementId: string;

  beforeAll(async () => {
    const o = db.owner;
    reviewer = (await createUser(o)).id;
    const instructor = await createUser(o);
    expertId = (await createUser(o)).id;
    workshopId = (await createWorkshop(o, instructor.id)).id;
    engagementId = (await createEngagement(o, reviewer, expertId)).id;
  });

  const insertReview = (values: Record<string, unknown>) =>
    attempt(
      `insert into public.reviews (user_id, review_type, workshop_id, expert_id, engagement_id, rating, review_text)
       values ($1, $2, $3, $4, $5, 4, 'Useful')`,
      [reviewer, values.review_type, values.workshop_id ?? null, values.expert_id ?? null, values.engagement_id ?? null],
    );

  const badTargets: [string, () => Record<string, unknown>][] = [
    ['a workshop review naming an expert instead', () => ({ review_type: 'workshop', expert_id: expertId })],
    [
      'a workshop review naming a workshop and an expert',
      () => ({ review_type: 'workshop', workshop_id: workshopId, expert_id: expertId }),
    ],
    ['an expert review with no target', () => ({ review_type: 'expert' })],
    ['an engagement review naming a workshop', () => ({ review_type: 'engagement', workshop_id: workshopId })],
    [
      'an expert review naming all three targets',
      () => ({ review_type: 'expert', workshop_id: workshopId, expert_id: expertId, engagement_id: engagementId }),
    ],
  ];

  it.each(badTargets)('refuses %s', async (_label, values) => {
    const error = await rolledBack(() => insertReview(values()));
    expect(error).toMatchObject({ code: '23514', table: 'reviews' });
  });

  it('refuses an unknown review_type', async () => {
    const error = await rolledBack(() => insertReview({ review_type: 'course', workshop_id: workshopId }));
    expect(error).toMatchObject({ code: '23514', table: 'reviews' });
  });

  it('accepts each review_type with its own target', async () => {
    const errors = await rolledBack(async () => [
      await insertReview({ review_type: 'workshop', workshop_id: workshopId }),
      await insertReview({ review_type: 'expert', expert_id: expertId }),
      await insertReview({ review_type: 'engagement', engagement_id: engagementId }),
    ]);
    expect(errors).toEqual([undefined, undefined, undefined]);
  });
});

describe('not-null columns without a value are refused', () => {
  it('a workshop needs a title, instructor, pillar, level, format and capacity', async () => {
    await expectPgError(db.owner.query(`insert into public.workshops (title) values ('Only a title')`), { code: '23502' });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Unique constraints.
// ---------------------------------------------------------------------------------------------------------------
describe('unique constraints refuse duplicates', () => {
  it('organizations.slug', async () => {
    const org = await createOrganization(db.owner);
    const error = await expectPgError(createOrganization(db.owner, { slug: org.slug }), { code: '23505' });
    expect(error).toMatchObject({ code: '23505', table: 'organizations' });
    expect(error.detail).toContain(`(slug)=(${org.slug as string})`);
  });

  it('users.email', async () => {
    const a = await createUser(db.owner);
    const b = await createUser(db.owner);
    const error = await expectPgError(db.owner.query('update public.users set email = $1 where id = $2', [a.email, b.id]), {
      code: '23505',
    });
    expect(error).toMatchObject({ code: '23505', table: 'users' });
    expect(error.detail).toContain(`(email)=(${a.email})`);
  });

  it('user_roles (user_id, role, organization_id) for an org-scoped role', async () => {
    const user = await createUser(db.owner);
    const org = await createOrganization(db.owner);
    await grantRole(db.owner, user.id, 'client', { organization_id: org.id });
    const error = await expectPgError(grantRole(db.owner, user.id, 'client', { organization_id: org.id }), { code: '23505' });
    expect(error).toMatchObject({ code: '23505', table: 'user_roles' });
  });

  it('user_roles treats a null organization as equal (nulls not distinct): one platform role per user and role', async () => {
    const user = await createUser(db.owner);
    await grantRole(db.owner, user.id, 'instructor');
    const error = await expectPgError(grantRole(db.owner, user.id, 'instructor'), { code: '23505' });
    expect(error).toMatchObject({ code: '23505', table: 'user_roles' });
  });

  it('user_roles allows the same role in another organization and platform-wide', async () => {
    const user = await createUser(db.owner);
    const [a, b] = [await createOrganization(db.owner), await createOrganization(db.owner)];
    await grantRole(db.owner, user.id, 'admin', { organization_id: a.id });
    await grantRole(db.owner, user.id, 'admin', { organization_id: b.id });
    await grantRole(db.owner, user.id, 'admin');
    const { rows } = await db.owner.query('select count(*)::int as n from public.user_roles where user_id = $1', [user.id]);
    expect(rows[0].n).toBe(3);
  });

  it('workshop_registrations (workshop_id, user_id)', async () => {
    const instructor = await createUser(db.owner);
    const user = await createUser(db.owner);
    const workshop = await createWorkshop(db.owner, instructor.id);
    await registerForWorkshop(db.owner, workshop.id, user.id);
    const error = await expectPgError(registerForWorkshop(db.owner, workshop.id, user.id), { code: '23505' });
    expect(error).toMatchObject({ code: '23505', table: 'workshop_registrations' });
  });

  it('certificates.certificate_number (two certificates whose ids share the first 8 hex digits, same type and day)', async () => {
    const user = await createUser(db.owner);
    const prefix = 'abcdef12';
    await createCertificate(db.owner, user.id, { id: `${prefix}-0000-4000-8000-000000000001`, issue_date: '2026-01-15' });
    const error = await expectPgError(
      createCertificate(db.owner, user.id, { id: `${prefix}-0000-4000-8000-000000000002`, issue_date: '2026-01-15' }),
      { code: '23505' },
    );
    expect(error).toMatchObject({ code: '23505', table: 'certificates' });
    expect(error.detail).toContain('CERT-PROGRAM-20260115-ABCDEF12');
  });

  it('payments (provider, transaction_id)', async () => {
    const user = await createUser(db.owner);
    await createPayment(db.owner, user.id, { provider: 'stripe', transaction_id: 'ch_dup_1' });
    const error = await expectPgError(createPayment(db.owner, user.id, { provider: 'stripe', transaction_id: 'ch_dup_1' }), {
      code: '23505',
    });
    expect(error).toMatchObject({ code: '23505', table: 'payments' });
  });

  it('payments: the same transaction_id at another provider is fine', async () => {
    const user = await createUser(db.owner);
    await createPayment(db.owner, user.id, { provider: 'stripe', transaction_id: 'shared-txn-7' });
    const other = await createPayment(db.owner, user.id, { provider: 'paypal', transaction_id: 'shared-txn-7' });
    expect(other.provider).toBe('paypal');
  });

  it('payments.invoice_number', async () => {
    const user = await createUser(db.owner);
    await createPayment(db.owner, user.id, { invoice_number: 'INV-2026-0001' });
    const error = await expectPgError(createPayment(db.owner, user.id, { invoice_number: 'INV-2026-0001' }), { code: '23505' });
    expect(error).toMatchObject({ code: '23505', table: 'payments' });
    expect(error.detail).toContain('invoice_number');
  });

  it('talent_profiles.user_id: one profile per user', async () => {
    const user = await createUser(db.owner);
    await createTalentProfile(db.owner, user.id);
    const error = await expectPgError(createTalentProfile(db.owner, user.id), { code: '23505' });
    expect(error).toMatchObject({ code: '23505', table: 'talent_profiles' });
  });

  it('assessment_answers (assessment_id, question_id)', async () => {
    const user = await createUser(db.owner);
    const assessment = await createAssessment(db.owner, user.id);
    await answer(db.owner, assessment.id, 'individual', 50, { question_id: 'q-ind-1' });
    const error = await expectPgError(answer(db.owner, assessment.id, 'leadership', 60, { question_id: 'q-ind-1' }), { code: '23505' });
    expect(error).toMatchObject({ code: '23505', table: 'assessment_answers' });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Foreign keys: the catalog says exactly the delete rule SCHEMA.md chose, and each kind behaves so per migration.
// ---------------------------------------------------------------------------------------------------------------
describe('foreign keys', () => {
  // [table.column, referenced table, on delete: c = cascade, n = set null, r = restrict]
  const designed: [string, string, 'c' | 'n' | 'r'][] = [
    ['users.id', 'auth.users', 'c'],
    ['user_roles.user_id', 'users', 'c'],
    ['user_roles.organization_id', 'organizations', 'c'],
    ['user_roles.granted_by', 'users', 'n'],
    ['workshops.instructor_id', 'users', 'r'],
    ['workshop_registrations.workshop_id', 'workshops', 'c'],
    ['workshop_registrations.user_id', 'users', 'c'],
    ['workshop_registrations.payment_id', 'payments', 'n'],
    ['workshop_registrations.certificate_id', 'certificates', 'n'],
    ['assessments.user_id', 'users', 'c'],
    ['assessments.organization_id', 'organizations', 'n'],
    ['assessment_answers.assessment_id', 'assessments', 'c'],
    ['talent_profiles.user_id', 'users', 'c'],
    ['talent_testimonials.talent_profile_id', 'talent_profiles', 'c'],
    ['engagements.client_id', 'users', 'r'],
    ['engagements.expert_id', 'users', 'r'],
    ['engagements.organization_id', 'organizations', 'n'],
    ['engagement_sessions.engagement_id', 'engagements', 'c'],
    ['payments.user_id', 'users', 'r'],
    ['payments.organization_id', 'organizations', 'n'],
    ['certificates.user_id', 'users', 'c'],
    ['certificates.workshop_id', 'workshops', 'n'],
    ['certificates.assessment_id', 'assessments', 'n'],
    ['certificates.issued_by', 'users', 'n'],
    ['reviews.user_id', 'users', 'c'],
    ['reviews.workshop_id', 'workshops', 'c'],
    ['reviews.expert_id', 'users', 'c'],
    ['reviews.engagement_id', 'engagements', 'c'],
    ['reviews.response_by', 'users', 'n'],
    // console migrations (CONSOLE-API.md)
    ['reviews.moderated_by', 'users', 'n'],
    ['certificates.revoked_by', 'users', 'n'],
    ['talent_testimonials.reviewed_by', 'users', 'n'],
    ['payment_refunds.payment_id', 'payments', 'r'],
    ['payment_refunds.requested_by', 'users', 'r'],
    ['payment_refunds.approved_by', 'users', 'r'],
    ['payment_refunds.completed_by', 'users', 'r'],
  ];

  it('every foreign key in public has the delete rule SCHEMA.md and CONSOLE-API.md give it, and there are no others', async () => {
    const { rows } = await db.owner.query(
      `select c.conrelid::regclass::text || '.' || a.attname as col,
              case when cn.nspname = 'public' then cr.relname else cn.nspname || '.' || cr.relname end as ref,
              c.confdeltype as rule
         from pg_constraint c
         join pg_class t on t.oid = c.conrelid
         join pg_namespace tn on tn.oid = t.relnamespace
         join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
         join pg_class cr on cr.oid = c.confrelid
         join pg_namespace cn on cn.oid = cr.relnamespace
        where c.contype = 'f' and tn.nspname = 'public'
        order by 1`,
    );
    const actual = rows.map((r) => [r.col.replace(/^public\./, ''), r.ref, r.rule]);
    expect(actual).toEqual([...designed].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)));
  });

  describe('001 users and roles', () => {
    it('deleting the auth.users login deletes the profile and its roles (cascade)', async () => {
      const user = await createUser(db.owner);
      await grantRole(db.owner, user.id, 'user');
      await db.owner.query('delete from auth.users where id = $1', [user.id]);
      const { rows } = await db.owner.query(
        `select (select count(*) from public.users where id = $1)::int as profiles,
                (select count(*) from public.user_roles where user_id = $1)::int as roles`,
        [user.id],
      );
      expect(rows[0]).toEqual({ profiles: 0, roles: 0 });
    });

    it('deleting an organization deletes the roles scoped to it (cascade)', async () => {
      const user = await createUser(db.owner);
      const org = await createOrganization(db.owner);
      await grantRole(db.owner, user.id, 'client', { organization_id: org.id });
      await db.owner.query('delete from public.organizations where id = $1', [org.id]);
      const { rows } = await db.owner.query('select count(*)::int as n from public.user_roles where user_id = $1', [user.id]);
      expect(rows[0].n).toBe(0);
    });

    it('deleting the granting user keeps the role and clears granted_by (set null)', async () => {
      const granter = await createUser(db.owner);
      const user = await createUser(db.owner);
      const role = await insertRow(db.owner, 'public.user_roles', { user_id: user.id, role: 'instructor', granted_by: granter.id });
      await db.owner.query('delete from public.users where id = $1', [granter.id]);
      const { rows } = await db.owner.query('select granted_by from public.user_roles where id = $1', [role.id]);
      expect(rows).toEqual([{ granted_by: null }]);
    });
  });

  describe('002 workshops', () => {
    it("an instructor's profile cannot be deleted while they have a workshop (restrict)", async () => {
      const instructor = await createUser(db.owner);
      await createWorkshop(db.owner, instructor.id);
      const error = await expectPgError(db.owner.query('delete from public.users where id = $1', [instructor.id]), { code: '23503' });
      expect(error).toMatchObject({ code: '23503', table: 'workshops' });
      expect(error.message).toContain('violates foreign key constraint');
    });

    it('deleting a workshop deletes its registrations (cascade)', async () => {
      const instructor = await createUser(db.owner);
      const user = await createUser(db.owner);
      const workshop = await createWorkshop(db.owner, instructor.id);
      const registration = await registerForWorkshop(db.owner, workshop.id, user.id);
      await db.owner.query('delete from public.workshops where id = $1', [workshop.id]);
      const { rows } = await db.owner.query('select id from public.workshop_registrations where id = $1', [registration.id]);
      expect(rows).toEqual([]);
    });

    it('deleting a user deletes their registrations (cascade)', async () => {
      const instructor = await createUser(db.owner);
      const user = await createUser(db.owner);
      const workshop = await createWorkshop(db.owner, instructor.id);
      const registration = await registerForWorkshop(db.owner, workshop.id, user.id);
      await db.owner.query('delete from public.users where id = $1', [user.id]);
      const { rows } = await db.owner.query('select id from public.workshop_registrations where id = $1', [registration.id]);
      expect(rows).toEqual([]);
    });
  });

  describe('003 assessments', () => {
    it('deleting an assessment deletes its answers (cascade)', async () => {
      const user = await createUser(db.owner);
      const assessment = await createAssessment(db.owner, user.id);
      const a = await answer(db.owner, assessment.id, 'velocity', 70);
      await db.owner.query('delete from public.assessments where id = $1', [assessment.id]);
      const { rows } = await db.owner.query('select id from public.assessment_answers where id = $1', [a.id]);
      expect(rows).toEqual([]);
    });

    it("deleting the organization keeps its members' assessments and clears organization_id (set null)", async () => {
      const user = await createUser(db.owner);
      const org = await createOrganization(db.owner);
      const assessment = await createAssessment(db.owner, user.id, { organization_id: org.id });
      await db.owner.query('delete from public.organizations where id = $1', [org.id]);
      const { rows } = await db.owner.query('select organization_id from public.assessments where id = $1', [assessment.id]);
      expect(rows).toEqual([{ organization_id: null }]);
    });

    it('deleting a user deletes their assessments (cascade)', async () => {
      const user = await createUser(db.owner);
      const assessment = await createAssessment(db.owner, user.id);
      await db.owner.query('delete from public.users where id = $1', [user.id]);
      const { rows } = await db.owner.query('select id from public.assessments where id = $1', [assessment.id]);
      expect(rows).toEqual([]);
    });
  });

  describe('004 talent and engagements', () => {
    it('a client with an engagement cannot be deleted (restrict)', async () => {
      const client = await createUser(db.owner);
      const expert = await createUser(db.owner);
      await createEngagement(db.owner, client.id, expert.id);
      const error = await expectPgError(db.owner.query('delete from public.users where id = $1', [client.id]), { code: '23503' });
      expect(error).toMatchObject({ code: '23503', table: 'engagements' });
    });

    it('an expert with an engagement cannot be deleted (restrict)', async () => {
      const client = await createUser(db.owner);
      const expert = await createUser(db.owner);
      await createEngagement(db.owner, client.id, expert.id);
      const error = await expectPgError(db.owner.query('delete from public.users where id = $1', [expert.id]), { code: '23503' });
      expect(error).toMatchObject({ code: '23503', table: 'engagements' });
    });

    it('deleting an engagement deletes its sessions (cascade)', async () => {
      const client = await createUser(db.owner);
      const expert = await createUser(db.owner);
      const engagement = await createEngagement(db.owner, client.id, expert.id);
      const session = await createSession(db.owner, engagement.id);
      await db.owner.query('delete from public.engagements where id = $1', [engagement.id]);
      const { rows } = await db.owner.query('select id from public.engagement_sessions where id = $1', [session.id]);
      expect(rows).toEqual([]);
    });

    it('deleting an expert without engagements deletes their profile and its testimonials (cascade)', async () => {
      const expert = await createUser(db.owner);
      const profile = await createTalentProfile(db.owner, expert.id);
      const testimonial = await createTestimonial(db.owner, profile.id);
      await db.owner.query('delete from public.users where id = $1', [expert.id]);
      const { rows } = await db.owner.query(
        `select (select count(*) from public.talent_profiles where id = $1)::int as profiles,
                (select count(*) from public.talent_testimonials where id = $2)::int as testimonials`,
        [profile.id, testimonial.id],
      );
      expect(rows[0]).toEqual({ profiles: 0, testimonials: 0 });
    });

    it('deleting the organization keeps the engagement and clears organization_id (set null)', async () => {
      const client = await createUser(db.owner);
      const expert = await createUser(db.owner);
      const org = await createOrganization(db.owner);
      const engagement = await createEngagement(db.owner, client.id, expert.id, { organization_id: org.id });
      await db.owner.query('delete from public.organizations where id = $1', [org.id]);
      const { rows } = await db.owner.query('select organization_id from public.engagements where id = $1', [engagement.id]);
      expect(rows).toEqual([{ organization_id: null }]);
    });
  });

  describe('005 payments, certificates, reviews', () => {
    it('a user with a payment cannot be deleted (restrict)', async () => {
      const user = await createUser(db.owner);
      await createPayment(db.owner, user.id);
      const error = await expectPgError(db.owner.query('delete from public.users where id = $1', [user.id]), { code: '23503' });
      expect(error).toMatchObject({ code: '23503', table: 'payments' });
    });

    it('deleting a payment or certificate clears them on the registration (set null)', async () => {
      const instructor = await createUser(db.owner);
      const user = await createUser(db.owner);
      const workshop = await createWorkshop(db.owner, instructor.id);
      const payment = await createPayment(db.owner, user.id);
      const certificate = await createCertificate(db.owner, user.id, { certificate_type: 'workshop', workshop_id: workshop.id });
      const registration = await registerForWorkshop(db.owner, workshop.id, user.id, {
        payment_id: payment.id,
        certificate_id: certificate.id,
      });
      await db.owner.query('delete from public.payments where id = $1', [payment.id]);
      await db.owner.query('delete from public.certificates where id = $1', [certificate.id]);
      const { rows } = await db.owner.query('select payment_id, certificate_id from public.workshop_registrations where id = $1', [
        registration.id,
      ]);
      expect(rows).toEqual([{ payment_id: null, certificate_id: null }]);
    });

    it('deleting the workshop keeps its certificates (workshop_id set null) and deletes its reviews (cascade)', async () => {
      const instructor = await createUser(db.owner);
      const user = await createUser(db.owner);
      const workshop = await createWorkshop(db.owner, instructor.id);
      const certificate = await createCertificate(db.owner, user.id, { certificate_type: 'workshop', workshop_id: workshop.id });
      const review = await createReview(db.owner, user.id, { workshop_id: workshop.id });
      await db.owner.query('delete from public.workshops where id = $1', [workshop.id]);
      const { rows } = await db.owner.query(
        `select (select workshop_id from public.certificates where id = $1) as cert_workshop,
                (select count(*) from public.certificates where id = $1)::int as certs,
                (select count(*) from public.reviews where id = $2)::int as reviews`,
        [certificate.id, review.id],
      );
      expect(rows[0]).toEqual({ cert_workshop: null, certs: 1, reviews: 0 });
    });

    it('deleting the organization keeps the payment and clears organization_id (set null)', async () => {
      const user = await createUser(db.owner);
      const org = await createOrganization(db.owner);
      const payment = await createPayment(db.owner, user.id, { organization_id: org.id });
      await db.owner.query('delete from public.organizations where id = $1', [org.id]);
      const { rows } = await db.owner.query('select organization_id from public.payments where id = $1', [payment.id]);
      expect(rows).toEqual([{ organization_id: null }]);
    });

    it('deleting the responder keeps the review and clears response_by (set null); deleting the issuer clears issued_by', async () => {
      const author = await createUser(db.owner);
      const expert = await createUser(db.owner);
      const issuer = await createUser(db.owner);
      const review = await createReview(db.owner, author.id, { expert_id: expert.id }, { response_text: 'Thanks', response_by: issuer.id });
      const certificate = await createCertificate(db.owner, author.id, { issued_by: issuer.id });
      await db.owner.query('delete from public.users where id = $1', [issuer.id]);
      const { rows } = await db.owner.query(
        `select (select response_by from public.reviews where id = $1) as response_by,
                (select issued_by from public.certificates where id = $2) as issued_by`,
        [review.id, certificate.id],
      );
      expect(rows[0]).toEqual({ response_by: null, issued_by: null });
    });

    it('deleting a user deletes their certificates and reviews, and reviews about them as expert (cascade)', async () => {
      const author = await createUser(db.owner);
      const expert = await createUser(db.owner);
      const other = await createUser(db.owner);
      const certificate = await createCertificate(db.owner, author.id);
      const ownReview = await createReview(db.owner, author.id, { expert_id: other.id });
      const aboutExpert = await createReview(db.owner, other.id, { expert_id: expert.id });
      await db.owner.query('delete from public.users where id = any($1)', [[author.id, expert.id]]);
      const { rows } = await db.owner.query(
        `select (select count(*) from public.certificates where id = $1)::int as certs,
                (select count(*) from public.reviews where id = any($2))::int as reviews`,
        [certificate.id, [ownReview.id, aboutExpert.id]],
      );
      expect(rows[0]).toEqual({ certs: 0, reviews: 0 });
    });

    it('deleting an engagement deletes its engagement reviews (cascade)', async () => {
      const client = await createUser(db.owner);
      const expert = await createUser(db.owner);
      const engagement = await createEngagement(db.owner, client.id, expert.id);
      const review = await createReview(db.owner, client.id, { engagement_id: engagement.id });
      await db.owner.query('delete from public.engagements where id = $1', [engagement.id]);
      const { rows } = await db.owner.query('select id from public.reviews where id = $1', [review.id]);
      expect(rows).toEqual([]);
    });

    it('deleting an assessment keeps its certificate and clears assessment_id (set null)', async () => {
      const user = await createUser(db.owner);
      const assessment = await createAssessment(db.owner, user.id);
      const certificate = await createCertificate(db.owner, user.id, { certificate_type: 'assessment', assessment_id: assessment.id });
      await db.owner.query('delete from public.assessments where id = $1', [assessment.id]);
      const { rows } = await db.owner.query('select assessment_id from public.certificates where id = $1', [certificate.id]);
      expect(rows).toEqual([{ assessment_id: null }]);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// created_at / updated_at.
// ---------------------------------------------------------------------------------------------------------------
describe('created_at and updated_at', () => {
  const tables: Table[] = [
    'organizations',
    'users',
    'user_roles',
    'workshops',
    'workshop_registrations',
    'assessments',
    'assessment_answers',
    'talent_profiles',
    'talent_testimonials',
    'engagements',
    'engagement_sessions',
    'payments',
    'certificates',
    'reviews',
  ];

  it.each(tables)('%s: both are set on insert', async (table) => {
    const { rows } = await db.owner.query(
      `select created_at is not null and updated_at is not null as set,
              created_at > now() - interval '10 minutes' as recent
         from public.${table} where id = $1`,
      [ids[table]],
    );
    expect(rows[0]).toEqual({ set: true, recent: true });
  });

  it.each(tables)('%s: an update moves updated_at to now() and leaves created_at', async (table) => {
    const { rows } = await db.owner.query(
      `with before as (select created_at, updated_at from public.${table} where id = $1)
       update public.${table} t set id = t.id where t.id = $1
       returning t.updated_at > (select updated_at from before) as moved,
                 t.updated_at = now() as is_now,
                 t.created_at = (select created_at from before) as created_kept`,
      [ids[table]],
    );
    expect(rows[0]).toEqual({ moved: true, is_now: true, created_kept: true });
  });

  it('updated_at cannot be back-dated by the writer: the trigger sets it', async () => {
    const { rows } = await db.owner.query(
      `update public.workshops set updated_at = '2000-01-01', title = title where id = $1 returning updated_at = now() as is_now`,
      [ids.workshops],
    );
    expect(rows[0]).toEqual({ is_now: true });
  });
});
