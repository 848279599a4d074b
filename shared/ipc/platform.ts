// The platform's own tables (migration 015): organisations, workshops and registrations, engagements and their
// sessions, talent and testimonials, certificates, assessments. Each channel forwards to one `console` function
// 1:1 (input fields are its `p_` arguments without the prefix). Business rules — a reason required, same tier,
// already cancelled or revoked, the hour budget, refunds on a cancelled workshop — are SQL's; these schemas only
// bound what may be sent and state what comes back.
import { z } from 'zod';
import type { Capability } from './capabilities.js';
import {
  cursor,
  id,
  idempotencyKey,
  isoDate,
  isoDateTime,
  page,
  paging,
  reason,
  requiredText,
  search,
  type ArgNames,
  type ArgsCovered,
  type Expect,
  type RowMatches,
} from './common.js';

/** A page position and size for the lists SQL sorts itself (testimonials, assessments): no sort, no direction. */
const pageOnly = { after: paging.after, limit: paging.limit };

/** Required reasons: SQL also refuses one that is only spaces (22023 on `reason`). */
const requiredReason = reason.min(1);

// ====== organisations ======

export const subscriptionTier = z.enum(['starter', 'growth', 'enterprise']);
export const organizationActivity = z.enum(['active', 'quiet']);

const organizationFilters = z.strictObject({
  /** Name (contains) or domain: a website host or a whole URL pasted. */
  search: search.optional(),
  tier: subscriptionTier.optional(),
  /** active: some activity in the last 30 days; quiet: none in 90. */
  activity: organizationActivity.optional(),
});
type _OrganizationFilterArgs = Expect<ArgsCovered<keyof z.input<typeof organizationFilters> & string, 'list_platform_organizations'>>;

export const organizationRow = z.object({
  id,
  name: z.string(),
  slug: z.string(),
  website: z.string().nullable(),
  subscription_tier: z.string(),
  subscription_status: z.string(),
  members: z.number().int(),
  completed_assessments: z.number().int(),
  last_activity_at: z.string().nullable(),
  created_at: z.string(),
  cursor,
});
type _OrganizationRow = Expect<RowMatches<typeof organizationRow, 'list_platform_organizations'>>;

// get_organization: one row of jsonb documents, each built by SQL to these shapes (the router checks them).
export const organizationDetail = z.object({
  organization: z.object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    website: z.string().nullable(),
    industry: z.string().nullable(),
    company_size: z.string().nullable(),
    subscription_tier: z.string(),
    subscription_status: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
  }),
  /** Organisation-scoped roles, up to 200. */
  members: z.array(
    z.object({
      user_id: z.string(),
      email: z.string(),
      full_name: z.string().nullable(),
      role: z.string(),
      expires_at: z.string().nullable(),
    }),
  ),
  /** Workshops the organisation's members registered for, up to 50. */
  workshops: z.array(
    z.object({
      workshop_id: z.string(),
      title: z.string(),
      schedule_date: z.string().nullable(),
      status: z.string(),
      registrations: z.number().int(),
    }),
  ),
  engagements: z.array(
    z.object({
      id: z.string(),
      title: z.string().nullable(),
      focus_area: z.string(),
      status: z.string(),
      start_date: z.string().nullable(),
      expert_name: z.string().nullable(),
      hours_used: z.number(),
      hours_total: z.number(),
    }),
  ),
  /** The last 20; null when the caller lacks payments.read. */
  payments: z
    .array(
      z.object({
        id: z.string(),
        amount: z.number(),
        currency: z.string(),
        status: z.string(),
        created_at: z.string(),
        invoice_number: z.string().nullable(),
      }),
    )
    .nullable(),
  completed_assessments: z.number().int(),
  /** The caller holds trends.read (the screen links to Trends). */
  can_see_trends: z.boolean(),
  /** The caller holds organizations.manage. */
  can_manage: z.boolean(),
});
type _OrganizationDetail = Expect<RowMatches<typeof organizationDetail, 'get_organization'>>;

const tierRow = z.object({ id: z.string(), subscription_tier: z.string(), updated_at: z.string() });
type _Tier = Expect<RowMatches<typeof tierRow, 'set_organization_tier'>>;

export const organisationChannels = {
  'organisations:list': {
    input: z.strictObject({ filters: organizationFilters, sort: z.enum(['name', 'created_at']).optional(), ...paging }),
    output: page(organizationRow),
  },
  'organisations:get': { input: z.strictObject({ organization_id: id }), output: organizationDetail },
  /** Step-up (aal2): the tier is what the organisation is billed for. */
  'organisations:set-tier': {
    input: z.strictObject({ organization_id: id, tier: subscriptionTier, reason: requiredReason }),
    output: tierRow,
  },
} as const;
type _SetTierArgs = Expect<ArgsCovered<'organization_id' | 'tier' | 'reason', 'set_organization_tier'>>;
type _GetOrganizationArgs = Expect<ArgsCovered<'organization_id', 'get_organization'>>;

// ====== workshops ======

export const workshopStatus = z.enum(['draft', 'published', 'archived', 'cancelled']);
export const registrationStatus = z.enum(['registered', 'completed', 'cancelled', 'no_show']);

const workshopFilters = z.strictObject({
  /** Title contains. */
  search: search.optional(),
  status: workshopStatus.optional(),
  /** Schedule dates, both inclusive (yyyy-mm-dd). */
  from: isoDate.optional(),
  to: isoDate.optional(),
});
type _WorkshopFilterArgs = Expect<ArgsCovered<keyof z.input<typeof workshopFilters> & string, 'list_workshops'>>;

export const workshopRow = z.object({
  id,
  title: z.string(),
  status: z.string(),
  schedule_date: z.string().nullable(),
  schedule_time: z.string().nullable(),
  instructor_id: z.string(),
  instructor_name: z.string().nullable(),
  capacity_total: z.number().int(),
  capacity_remaining: z.number().int(),
  /** Registrations not cancelled. */
  registrations: z.number().int(),
  average_rating: z.number(),
  review_count: z.number().int(),
  price_amount: z.number(),
  currency: z.string(),
  cursor,
});
type _WorkshopRow = Expect<RowMatches<typeof workshopRow, 'list_workshops'>>;

export const workshopDetail = z.object({
  workshop: z.object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    status: z.string(),
    schedule_date: z.string().nullable(),
    schedule_time: z.string().nullable(),
    duration_minutes: z.number().int().nullable(),
    timezone: z.string(),
    location: z.string().nullable(),
    format: z.string(),
    level: z.string(),
    pillar: z.string(),
    capacity_total: z.number().int(),
    capacity_remaining: z.number().int(),
    price_amount: z.number(),
    currency: z.string(),
    average_rating: z.number(),
    review_count: z.number().int(),
    instructor_id: z.string(),
    instructor_name: z.string().nullable(),
    updated_at: z.string(),
  }),
  counts: z.object({
    registered: z.number().int(),
    completed: z.number().int(),
    cancelled: z.number().int(),
    no_show: z.number().int(),
  }),
  paid_registrations: z.number().int(),
  can_manage: z.boolean(),
});
type _WorkshopDetail = Expect<RowMatches<typeof workshopDetail, 'get_workshop'>>;

const registrationFilters = z.strictObject({
  /** Either may be left out: all registrations. */
  workshop_id: id.optional(),
  user_id: id.optional(),
  status: registrationStatus.optional(),
});
type _RegistrationFilterArgs = Expect<ArgsCovered<keyof z.input<typeof registrationFilters> & string, 'list_registrations'>>;

export const registrationRow = z.object({
  id,
  workshop_id: z.string(),
  workshop_title: z.string(),
  user_id: z.string(),
  email: z.string(),
  full_name: z.string().nullable(),
  status: z.string(),
  attended: z.boolean(),
  registered_at: z.string(),
  cancelled_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  price_paid: z.number(),
  payment_id: z.string().nullable(),
  payment_status: z.string().nullable(),
  /** The payment's refundable remainder. */
  refundable: z.number().nullable(),
  certificate_id: z.string().nullable(),
  certificate_number: z.string().nullable(),
  cursor,
});
type _RegistrationRow = Expect<RowMatches<typeof registrationRow, 'list_registrations'>>;

/** What cancelling a registration leaves: the renderer offers payments:refund when refundable > 0. */
export const cancelledRegistration = z.object({
  id: z.string(),
  status: z.string(),
  cancelled_at: z.string(),
  payment_id: z.string().nullable(),
  refundable: z.number().nullable(),
  currency: z.string().nullable(),
});
type _CancelledRegistration = Expect<RowMatches<typeof cancelledRegistration, 'cancel_registration'>>;

export const attendanceRow = z.object({
  id: z.string(),
  status: z.string(),
  attended: z.boolean(),
  completed_at: z.string().nullable(),
  certificate_id: z.string().nullable(),
  certificate_number: z.string().nullable(),
});
type _Attendance = Expect<RowMatches<typeof attendanceRow, 'record_attendance'>>;

/** A refund cancelling the workshop would request (every one waits for a second person's approval). */
export const cancellationRefund = z.object({
  registration_id: z.string(),
  user_id: z.string(),
  email: z.string(),
  full_name: z.string().nullable(),
  payment_id: z.string(),
  /** The payment's remainder to refund. */
  amount: z.number(),
  currency: z.string(),
  provider: z.string(),
  needs_approval: z.boolean(),
});
type _CancellationRefund = Expect<RowMatches<typeof cancellationRefund, 'preview_workshop_cancellation'>>;

export const workshopStatusResult = z.object({
  id: z.string(),
  status: z.string(),
  cancelled_registrations: z.number().int(),
  /** One refund request per paid registration when the workshop was cancelled (status pending_approval). */
  refunds: z.array(
    z.object({
      refund_id: z.string(),
      payment_id: z.string(),
      amount: z.number(),
      currency: z.string(),
      status: z.string(),
    }),
  ),
});
type _WorkshopStatus = Expect<RowMatches<typeof workshopStatusResult, 'set_workshop_status'>>;

export const workshopChannels = {
  'workshops:list': {
    input: z.strictObject({
      filters: workshopFilters,
      sort: z.enum(['schedule_date', 'title', 'created_at']).optional(),
      ...paging,
    }),
    output: page(workshopRow),
  },
  'workshops:get': { input: z.strictObject({ workshop_id: id }), output: workshopDetail },
  'workshops:registrations': {
    input: z.strictObject({ filters: registrationFilters, sort: z.enum(['registered_at']).optional(), ...paging }),
    output: page(registrationRow),
  },
  'workshops:cancel-registration': {
    input: z.strictObject({ registration_id: id, reason: requiredReason }),
    output: cancelledRegistration,
  },
  'workshops:record-attendance': {
    input: z.strictObject({
      registration_id: id,
      attended: z.boolean(),
      /** true: completed (needs attended); false: back to registered. */
      completed: z.boolean(),
      /** Only with completed; a registration that has a certificate keeps it (no second one). */
      issue_certificate: z.boolean().optional(),
    }),
    output: attendanceRow,
  },
  'workshops:preview-cancellation': {
    input: z.strictObject({ workshop_id: id }),
    output: z.object({ rows: z.array(cancellationRefund) }),
  },
  /** Step-up (aal2): cancelling may start refunds. Leaving 'cancelled' is refused by SQL. */
  'workshops:set-status': {
    input: z.strictObject({ workshop_id: id, status: workshopStatus, reason: requiredReason, idempotency_key: idempotencyKey }),
    output: workshopStatusResult,
  },
} as const;
type _GetWorkshopArgs = Expect<ArgsCovered<'workshop_id', 'get_workshop'>>;
type _CancelArgs = Expect<ArgsCovered<'registration_id' | 'reason', 'cancel_registration'>>;
type _AttendanceArgs = Expect<ArgsCovered<'registration_id' | 'attended' | 'completed' | 'issue_certificate', 'record_attendance'>>;
type _PreviewArgs = Expect<ArgsCovered<'workshop_id', 'preview_workshop_cancellation'>>;
type _SetStatusArgs = Expect<ArgsCovered<'workshop_id' | 'status' | 'reason' | 'idempotency_key', 'set_workshop_status'>>;

// ====== engagements ======

export const engagementStatus = z.enum(['pending', 'active', 'paused', 'completed', 'cancelled']);
export const sessionStatus = z.enum(['scheduled', 'completed', 'cancelled', 'no_show']);

/** A session's hours as the schema stores them (numeric(5,2), 0–24): two decimals at most. */
export const sessionHours = z
  .number()
  .min(0)
  .max(24)
  .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, { message: 'Use at most 2 decimals.' });

const engagementFilters = z.strictObject({
  /** Title or focus area contains. */
  search: search.optional(),
  status: engagementStatus.optional(),
  organization_id: id.optional(),
});
type _EngagementFilterArgs = Expect<ArgsCovered<keyof z.input<typeof engagementFilters> & string, 'list_engagements'>>;

export const engagementRow = z.object({
  id,
  title: z.string().nullable(),
  focus_area: z.string(),
  organization_id: z.string().nullable(),
  organization_name: z.string().nullable(),
  client_id: z.string(),
  client_name: z.string().nullable(),
  expert_id: z.string(),
  expert_name: z.string().nullable(),
  status: z.string(),
  hours_used: z.number(),
  hours_total: z.number(),
  hourly_rate: z.number().nullable(),
  start_date: z.string().nullable(),
  end_date: z.string().nullable(),
  created_at: z.string(),
  cursor,
});
type _EngagementRow = Expect<RowMatches<typeof engagementRow, 'list_engagements'>>;

const sessionFilters = z.strictObject({
  /** Left out: every engagement's sessions. */
  engagement_id: id.optional(),
  status: sessionStatus.optional(),
});
type _SessionFilterArgs = Expect<ArgsCovered<keyof z.input<typeof sessionFilters> & string, 'list_engagement_sessions'>>;

export const sessionRow = z.object({
  id,
  engagement_id: z.string(),
  engagement_title: z.string(),
  session_type: z.string(),
  scheduled_at: z.string(),
  started_at: z.string().nullable(),
  ended_at: z.string().nullable(),
  duration_hours: z.number(),
  status: z.string(),
  has_notes: z.boolean(),
  cursor,
});
type _SessionRow = Expect<RowMatches<typeof sessionRow, 'list_engagement_sessions'>>;

/** The session and its engagement's budget after the change. */
export const sessionStatusResult = z.object({
  id: z.string(),
  status: z.string(),
  duration_hours: z.number(),
  engagement_id: z.string(),
  hours_used: z.number(),
  hours_total: z.number(),
});
type _SessionStatus = Expect<RowMatches<typeof sessionStatusResult, 'set_session_status'>>;

export const engagementChannels = {
  'engagements:list': {
    input: z.strictObject({ filters: engagementFilters, sort: z.enum(['start_date', 'created_at']).optional(), ...paging }),
    output: page(engagementRow),
  },
  'engagements:sessions': {
    input: z.strictObject({ filters: sessionFilters, sort: z.enum(['scheduled_at']).optional(), ...paging }),
    output: page(sessionRow),
  },
  /** Over the hour budget, SQL refuses (P0001) with a sentence and a hint the screen shows as they are. */
  'engagements:set-session-status': {
    input: z.strictObject({
      session_id: id,
      status: sessionStatus,
      /** null or left out: the duration stays. */
      duration_hours: sessionHours.nullable().optional(),
      reason: reason.optional(),
    }),
    output: sessionStatusResult,
  },
} as const;
type _SessionStatusArgs = Expect<ArgsCovered<'session_id' | 'status' | 'duration_hours' | 'reason', 'set_session_status'>>;

// ====== talent ======

export const availability = z.enum(['available', 'limited', 'booked']);
export const testimonialState = z.enum(['pending', 'verified', 'rejected']);
export const testimonialDecision = z.enum(['verify', 'reject']);

const talentFilters = z.strictObject({
  /** Name, email or tagline contains. */
  search: search.optional(),
  availability: availability.optional(),
});
type _TalentFilterArgs = Expect<ArgsCovered<keyof z.input<typeof talentFilters> & string, 'list_talent'>>;

export const talentRow = z.object({
  /** The talent profile's id. */
  id,
  user_id: z.string(),
  full_name: z.string().nullable(),
  email: z.string(),
  tagline: z.string().nullable(),
  availability: z.string(),
  rating: z.number(),
  review_count: z.number().int(),
  hourly_rate: z.number().nullable(),
  is_public: z.boolean(),
  engagements: z.number().int(),
  active_engagements: z.number().int(),
  testimonials_pending: z.number().int(),
  created_at: z.string(),
  cursor,
});
type _TalentRow = Expect<RowMatches<typeof talentRow, 'list_talent'>>;

const testimonialFilters = z.strictObject({
  /** Left out: all. Pending is a queue (oldest-updated first); the others newest first. */
  state: testimonialState.optional(),
  talent_profile_id: id.optional(),
});
type _TestimonialFilterArgs = Expect<ArgsCovered<keyof z.input<typeof testimonialFilters> & string, 'list_testimonials'>>;

export const testimonialRow = z.object({
  id,
  talent_profile_id: z.string(),
  expert_name: z.string().nullable(),
  client_name: z.string(),
  client_company: z.string().nullable(),
  client_title: z.string().nullable(),
  quote: z.string(),
  metric: z.string().nullable(),
  verified: z.boolean(),
  is_featured: z.boolean(),
  /** pending | verified | rejected */
  state: z.string(),
  rejection_reason: z.string().nullable(),
  decided_by_email: z.string().nullable(),
  decided_at: z.string().nullable(),
  updated_at: z.string(),
  cursor,
});
type _TestimonialRow = Expect<RowMatches<typeof testimonialRow, 'list_testimonials'>>;

export const testimonialDecisionResult = z.object({
  id: z.string(),
  verified: z.boolean(),
  state: z.string(),
  updated_at: z.string(),
});
type _TestimonialDecision = Expect<RowMatches<typeof testimonialDecisionResult, 'decide_testimonial'>>;

export const talentChannels = {
  'talent:list': {
    input: z.strictObject({ filters: talentFilters, sort: z.enum(['rating', 'full_name', 'created_at']).optional(), ...paging }),
    output: page(talentRow),
  },
  'talent:testimonials': {
    input: z.strictObject({ filters: testimonialFilters, ...pageOnly }),
    output: page(testimonialRow),
  },
  /** Edited by the expert since `expected_updated_at` (the row's updated_at as read), or already decided: PT409. */
  'talent:decide-testimonial': {
    input: z.strictObject({
      testimonial_id: id,
      decision: testimonialDecision,
      /** Required to reject (SQL says so). */
      reason: reason.optional(),
      expected_updated_at: isoDateTime,
    }),
    output: testimonialDecisionResult,
  },
} as const;
type _DecideTestimonialArgs = Expect<ArgsCovered<'testimonial_id' | 'decision' | 'reason' | 'expected_updated_at', 'decide_testimonial'>>;

// ====== certificates ======

export const certificateState = z.enum(['valid', 'revoked', 'expired']);
/** A certificate number as typed or pasted (CERT-…, or the public verification URL); SQL normalises it. */
export const certificateNumber = requiredText(300);

const certificateFilters = z.strictObject({
  /** A certificate number (exact or prefix; a pasted verification URL too) or a person's email or name. */
  search: search.optional(),
  user_id: id.optional(),
  workshop_id: id.optional(),
  state: certificateState.optional(),
});
type _CertificateFilterArgs = Expect<ArgsCovered<keyof z.input<typeof certificateFilters> & string, 'list_certificates'>>;

export const certificateRow = z.object({
  id,
  certificate_number: z.string(),
  certificate_type: z.string(),
  title: z.string().nullable(),
  user_id: z.string(),
  email: z.string(),
  full_name: z.string().nullable(),
  workshop_id: z.string().nullable(),
  workshop_title: z.string().nullable(),
  issue_date: z.string(),
  expiry_date: z.string().nullable(),
  is_verified: z.boolean(),
  revoked_at: z.string().nullable(),
  revocation_reason: z.string().nullable(),
  cursor,
});
type _CertificateRow = Expect<RowMatches<typeof certificateRow, 'list_certificates'>>;

/** Exactly what the public verification answers. */
export const certificateVerification = z.object({
  certificate_number: z.string(),
  certificate_type: z.string(),
  title: z.string().nullable(),
  recipient_name: z.string().nullable(),
  issue_date: z.string(),
  expiry_date: z.string().nullable(),
  is_verified: z.boolean(),
  is_expired: z.boolean(),
  is_revoked: z.boolean(),
  revoked_at: z.string().nullable(),
});
type _Verification = Expect<RowMatches<typeof certificateVerification, 'verify_certificate'>>;

export const revokedCertificate = z.object({
  id: z.string(),
  certificate_number: z.string(),
  revoked_at: z.string(),
  revocation_reason: z.string(),
});
type _Revoked = Expect<RowMatches<typeof revokedCertificate, 'revoke_certificate'>>;

export const certificateChannels = {
  'certificates:list': {
    input: z.strictObject({
      filters: certificateFilters,
      sort: z.enum(['issue_date', 'certificate_number']).optional(),
      ...paging,
    }),
    output: page(certificateRow),
  },
  /** null: no certificate has that number. */
  'certificates:verify': {
    input: z.strictObject({ certificate_number: certificateNumber }),
    output: z.object({ certificate: certificateVerification.nullable() }),
  },
  'certificates:revoke': {
    input: z.strictObject({ certificate_id: id, reason: requiredReason }),
    output: revokedCertificate,
  },
} as const;
type _VerifyArgs = Expect<ArgsCovered<'certificate_number', 'verify_certificate'>>;
type _RevokeArgs = Expect<ArgsCovered<'certificate_id' | 'reason', 'revoke_certificate'>>;

// ====== assessments (admins only) ======

export const assessmentStatus = z.enum(['in_progress', 'completed', 'abandoned']);

const assessmentFilters = z.strictObject({
  /** One organisation's assessments (required by SQL). */
  organization_id: id,
  status: assessmentStatus.optional(),
});
type _AssessmentFilterArgs = Expect<ArgsCovered<keyof z.input<typeof assessmentFilters> & string, 'list_org_assessments'>>;

const score = z.number().nullable();
/** Scores only, never answers. */
export const assessmentRow = z.object({
  id,
  user_id: z.string(),
  full_name: z.string().nullable(),
  assessment_type: z.string(),
  status: z.string(),
  completed_at: z.string().nullable(),
  individual_score: score,
  leadership_score: score,
  cultural_score: score,
  embedding_score: score,
  velocity_score: score,
  overall_score: score,
  cursor,
});
type _AssessmentRow = Expect<RowMatches<typeof assessmentRow, 'list_org_assessments'>>;

export const assessmentChannels = {
  /** Newest first (by when the assessment started), keyset paged. */
  'assessments:list': {
    input: z.strictObject({ filters: assessmentFilters, ...pageOnly }),
    output: page(assessmentRow),
  },
} as const;
type _PagingArgs = Expect<[`p_${'after' | 'limit'}`] extends [ArgNames<'list_org_assessments'>] ? true : false>;

/** Every platform channel; the capability each needs is checked by its console function. */
export const platformChannels = {
  ...organisationChannels,
  ...workshopChannels,
  ...engagementChannels,
  ...talentChannels,
  ...certificateChannels,
  ...assessmentChannels,
} as const;

export type PlatformChannel = keyof typeof platformChannels;

/** The capability each channel's console function checks (spec 017; the second factor too where marked aal2). SQL is
 * the one check — main does not pre-check these, as for every other database channel — so this map is for the
 * screens (which action to offer) and the tests (test/main/services-roles.ts probes them against SQL). */
export const platformCapabilities = {
  'organisations:list': 'organizations.read',
  'organisations:get': 'organizations.read',
  /** aal2 */
  'organisations:set-tier': 'organizations.manage',
  'workshops:list': 'workshops.read',
  'workshops:get': 'workshops.read',
  'workshops:registrations': 'workshops.read',
  'workshops:cancel-registration': 'workshops.manage',
  'workshops:record-attendance': 'workshops.manage',
  'workshops:preview-cancellation': 'workshops.read',
  /** aal2 */
  'workshops:set-status': 'workshops.manage',
  'engagements:list': 'engagements.read',
  'engagements:sessions': 'engagements.read',
  'engagements:set-session-status': 'engagements.manage',
  'talent:list': 'talent.read',
  'talent:testimonials': 'talent.read',
  'talent:decide-testimonial': 'testimonials.verify',
  'certificates:list': 'certificates.read',
  'certificates:verify': 'certificates.read',
  'certificates:revoke': 'certificates.revoke',
  'assessments:list': 'assessments.read',
} as const satisfies Record<PlatformChannel, Capability>;
