// Builders for test rows, inserted as the database owner (bypassing RLS) so each test sets up exactly the world
// it needs. Every builder takes overrides and returns the inserted row.
import { randomUUID } from 'node:crypto';
import type { Queryable } from './pg.js';

type Row = Record<string, unknown>;

async function insert<T extends Row = Row>(db: Queryable, table: string, values: Row): Promise<T> {
  const entries = Object.entries(values).filter(([, value]) => value !== undefined);
  const columns = entries.map(([key]) => `"${key}"`).join(', ');
  const params = entries.map((_, i) => `$${i + 1}`).join(', ');
  const { rows } = await db.query(
    `insert into ${table} (${columns}) values (${params}) returning *`,
    entries.map(([, value]) => (Array.isArray(value) || value === null || typeof value !== 'object' ? value : JSON.stringify(value))),
  );
  return rows[0] as T;
}

let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export interface UserRow extends Row {
  id: string;
  email: string;
}

/** A sign-in (auth.users) and, through the on_auth_user_created trigger, its profile in public.users. */
export async function createUser(db: Queryable, overrides: { email?: string; full_name?: string; id?: string } = {}): Promise<UserRow> {
  const id = overrides.id ?? randomUUID();
  const email = overrides.email ?? `${unique('user')}@example.test`;
  await db.query(
    `insert into auth.users (id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
     values ($1, 'authenticated', 'authenticated', $2, '', now(), '{"provider":"email"}', $3, now(), now())`,
    [id, email, JSON.stringify({ full_name: overrides.full_name ?? `Test ${email.split('@')[0]}` })],
  );
  const { rows } = await db.query('select * from public.users where id = $1', [id]);
  return rows[0] as UserRow;
}

export async function grantRole(
  db: Queryable,
  userId: string,
  role: string,
  options: { organization_id?: string | null; expires_at?: string | Date | null } = {},
): Promise<Row> {
  return insert(db, 'public.user_roles', { user_id: userId, role, ...options });
}

/** A user holding a role (platform-wide unless an organization is given). */
export async function createUserWithRole(
  db: Queryable,
  role: string,
  options: { organization_id?: string | null; expires_at?: string | Date | null } = {},
): Promise<UserRow> {
  const user = await createUser(db);
  await grantRole(db, user.id, role, options);
  return user;
}

export async function createOrganization(db: Queryable, overrides: Row = {}): Promise<Row & { id: string }> {
  const slug = unique('org').toLowerCase();
  return insert(db, 'public.organizations', { name: `Org ${slug}`, slug, subscription_tier: 'growth', ...overrides });
}

export async function createWorkshop(db: Queryable, instructorId: string, overrides: Row = {}): Promise<Row & { id: string }> {
  return insert(db, 'public.workshops', {
    title: unique('Workshop'),
    description: 'A workshop about adapting to AI',
    instructor_id: instructorId,
    pillar: 'adaptability',
    level: 'beginner',
    format: 'live',
    capacity_total: 10,
    price_amount: 100,
    status: 'published',
    ...overrides,
  });
}

export async function registerForWorkshop(
  db: Queryable,
  workshopId: string,
  userId: string,
  overrides: Row = {},
): Promise<Row & { id: string }> {
  return insert(db, 'public.workshop_registrations', { workshop_id: workshopId, user_id: userId, ...overrides });
}

export async function createAssessment(db: Queryable, userId: string, overrides: Row = {}): Promise<Row & { id: string }> {
  return insert(db, 'public.assessments', { user_id: userId, assessment_type: 'full', ...overrides });
}

export async function answer(
  db: Queryable,
  assessmentId: string,
  dimension: string,
  value: number | null,
  overrides: Row = {},
): Promise<Row & { id: string }> {
  return insert(db, 'public.assessment_answers', {
    assessment_id: assessmentId,
    question_id: unique('q'),
    dimension,
    answer_type: 'scale',
    answer_value: value,
    ...overrides,
  });
}

export async function createTalentProfile(db: Queryable, userId: string, overrides: Row = {}): Promise<Row & { id: string }> {
  return insert(db, 'public.talent_profiles', {
    user_id: userId,
    tagline: 'Transformation coach',
    expertise: ['AI Adoption'],
    is_public: true,
    ...overrides,
  });
}

export async function createEngagement(
  db: Queryable,
  clientId: string,
  expertId: string,
  overrides: Row = {},
): Promise<Row & { id: string }> {
  return insert(db, 'public.engagements', {
    client_id: clientId,
    expert_id: expertId,
    focus_area: 'AI adoption roadmap',
    hours_total: 10,
    status: 'active',
    ...overrides,
  });
}

export async function createSession(db: Queryable, engagementId: string, overrides: Row = {}): Promise<Row & { id: string }> {
  return insert(db, 'public.engagement_sessions', {
    engagement_id: engagementId,
    session_type: 'coaching',
    scheduled_at: new Date().toISOString(),
    ...overrides,
  });
}

export async function createPayment(db: Queryable, userId: string, overrides: Row = {}): Promise<Row & { id: string }> {
  return insert(db, 'public.payments', {
    user_id: userId,
    amount: 100,
    currency: 'USD',
    provider: 'stripe',
    transaction_id: unique('txn'),
    status: 'succeeded',
    payment_type: 'workshop',
    invoice_number: unique('INV'),
    ...overrides,
  });
}

export async function createCertificate(
  db: Queryable,
  userId: string,
  overrides: Row = {},
): Promise<Row & { id: string; certificate_number: string }> {
  return insert(db, 'public.certificates', {
    user_id: userId,
    certificate_type: 'program',
    title: 'AI Transformation Program',
    ...overrides,
  });
}

export type ReviewTarget = { workshop_id: string } | { expert_id: string } | { engagement_id: string };

export async function createReview(
  db: Queryable,
  userId: string,
  target: ReviewTarget,
  overrides: Row = {},
): Promise<Row & { id: string }> {
  const review_type = 'workshop_id' in target ? 'workshop' : 'expert_id' in target ? 'expert' : 'engagement';
  return insert(db, 'public.reviews', {
    user_id: userId,
    review_type,
    ...target,
    rating: 5,
    title: 'Great',
    review_text: 'Clear, practical and well paced.',
    ...overrides,
  });
}

export async function createTestimonial(db: Queryable, talentProfileId: string, overrides: Row = {}): Promise<Row & { id: string }> {
  return insert(db, 'public.talent_testimonials', {
    talent_profile_id: talentProfileId,
    client_name: 'Dana Client',
    client_company: 'Acme',
    quote: 'Our teams stopped fearing AI and started using it.',
    ...overrides,
  });
}

export { insert as insertRow };
