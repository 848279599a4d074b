// The platform's tables (migration 015) → console.list_platform_organizations, get_organization,
// set_organization_tier, list_workshops, get_workshop, list_registrations, cancel_registration, record_attendance,
// preview_workshop_cancellation, set_workshop_status, list_engagements, list_engagement_sessions,
// set_session_status, list_talent, list_testimonials, decide_testimonial, list_certificates, verify_certificate,
// revoke_certificate, list_org_assessments. Each function checks its own capability (and the second factor for
// set_organization_tier and set_workshop_status); every rule is SQL's, so these handlers only map names.
import type { ChannelOutput } from '../../../shared/ipc/contract.js';
import type {
  assessmentChannels,
  certificateChannels,
  engagementChannels,
  organisationChannels,
  talentChannels,
  workshopChannels,
} from '../../../shared/ipc/platform.js';
import { IpcFailure } from '../ipc/errors.js';
import type { DomainHandlers } from '../ipc/handlers.js';
import { one, pagingArgs, toPage, type Call } from './rpc.js';

type OrganizationDetail = ChannelOutput<'organisations:get'>;
type WorkshopDetail = ChannelOutput<'workshops:get'>;
type Refunds = ChannelOutput<'workshops:set-status'>['refunds'];

export function organisationHandlers(call: Call): DomainHandlers<typeof organisationChannels> {
  return {
    'organisations:list': async (input) =>
      toPage(
        await call('list_platform_organizations', {
          p_search: input.filters.search,
          p_tier: input.filters.tier,
          p_activity: input.filters.activity,
          p_sort: input.sort,
          ...pagingArgs(input),
        }),
        input.limit,
      ),

    // The jsonb columns are built by SQL to the channel's shapes; the router checks them on the way out.
    'organisations:get': async (input) => {
      const row = one(await call('get_organization', { p_organization_id: input.organization_id }), 'The organisation');
      return {
        ...row,
        organization: row.organization as OrganizationDetail['organization'],
        members: row.members as OrganizationDetail['members'],
        workshops: row.workshops as OrganizationDetail['workshops'],
        engagements: row.engagements as OrganizationDetail['engagements'],
        payments: row.payments as OrganizationDetail['payments'],
      };
    },

    'organisations:set-tier': async (input) =>
      one(
        await call('set_organization_tier', {
          p_organization_id: input.organization_id,
          p_tier: input.tier,
          p_reason: input.reason,
        }),
        'The organisation',
      ),
  };
}

export function workshopHandlers(call: Call): DomainHandlers<typeof workshopChannels> {
  return {
    'workshops:list': async (input) =>
      toPage(
        await call('list_workshops', {
          p_search: input.filters.search,
          p_status: input.filters.status,
          p_from: input.filters.from,
          p_to: input.filters.to,
          p_sort: input.sort,
          ...pagingArgs(input),
        }),
        input.limit,
      ),

    'workshops:get': async (input) => {
      const row = one(await call('get_workshop', { p_workshop_id: input.workshop_id }), 'The workshop');
      return { ...row, workshop: row.workshop as WorkshopDetail['workshop'], counts: row.counts as WorkshopDetail['counts'] };
    },

    'workshops:registrations': async (input) =>
      toPage(
        await call('list_registrations', {
          p_workshop_id: input.filters.workshop_id,
          p_user_id: input.filters.user_id,
          p_status: input.filters.status,
          p_sort: input.sort,
          ...pagingArgs(input),
        }),
        input.limit,
      ),

    'workshops:cancel-registration': async (input) =>
      one(await call('cancel_registration', { p_registration_id: input.registration_id, p_reason: input.reason }), 'The registration'),

    'workshops:record-attendance': async (input) =>
      one(
        await call('record_attendance', {
          p_registration_id: input.registration_id,
          p_attended: input.attended,
          p_completed: input.completed,
          p_issue_certificate: input.issue_certificate,
        }),
        'The registration',
      ),

    'workshops:preview-cancellation': async (input) => ({
      rows: (await call('preview_workshop_cancellation', { p_workshop_id: input.workshop_id })) ?? [],
    }),

    'workshops:set-status': async (input) => {
      const row = one(
        await call('set_workshop_status', {
          p_workshop_id: input.workshop_id,
          p_status: input.status,
          p_reason: input.reason,
          p_idempotency_key: input.idempotency_key,
        }),
        'The workshop',
      );
      return { ...row, refunds: row.refunds as Refunds };
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The hour-budget trigger (004) refuses with P0001, a plain-text detail and a hint, written for people: the screen
 * shows all three, so they are passed on (the router's mapping keeps only JSON details and drops hints). */
function budgetRefusal(error: unknown): unknown {
  if (!isRecord(error) || error.code !== 'P0001' || typeof error.message !== 'string') return error;
  const detail = typeof error.details === 'string' && !error.details.startsWith('{') ? error.details : null;
  const hint = typeof error.hint === 'string' && error.hint !== '' ? error.hint : null;
  if (detail === null && hint === null) return error;
  return new IpcFailure('conflict', error.message, { details: { detail, hint } });
}

export function engagementHandlers(call: Call): DomainHandlers<typeof engagementChannels> {
  return {
    'engagements:list': async (input) =>
      toPage(
        await call('list_engagements', {
          p_search: input.filters.search,
          p_status: input.filters.status,
          p_organization_id: input.filters.organization_id,
          p_sort: input.sort,
          ...pagingArgs(input),
        }),
        input.limit,
      ),

    'engagements:sessions': async (input) =>
      toPage(
        await call('list_engagement_sessions', {
          p_engagement_id: input.filters.engagement_id,
          p_status: input.filters.status,
          p_sort: input.sort,
          ...pagingArgs(input),
        }),
        input.limit,
      ),

    'engagements:set-session-status': async (input) => {
      let rows;
      try {
        rows = await call('set_session_status', {
          p_session_id: input.session_id,
          p_status: input.status,
          // null and omitted mean the same: the duration stays.
          p_duration_hours: input.duration_hours ?? undefined,
          p_reason: input.reason,
        });
      } catch (error) {
        throw budgetRefusal(error);
      }
      return one(rows, 'The session');
    },
  };
}

export function talentHandlers(call: Call): DomainHandlers<typeof talentChannels> {
  return {
    'talent:list': async (input) =>
      toPage(
        await call('list_talent', {
          p_search: input.filters.search,
          p_availability: input.filters.availability,
          p_sort: input.sort,
          ...pagingArgs(input),
        }),
        input.limit,
      ),

    'talent:testimonials': async (input) =>
      toPage(
        await call('list_testimonials', {
          p_state: input.filters.state,
          p_talent_profile_id: input.filters.talent_profile_id,
          p_after: input.after ?? undefined,
          p_limit: input.limit,
        }),
        input.limit,
      ),

    'talent:decide-testimonial': async (input) =>
      one(
        await call('decide_testimonial', {
          p_testimonial_id: input.testimonial_id,
          p_decision: input.decision,
          p_reason: input.reason,
          p_expected_updated_at: input.expected_updated_at,
        }),
        'The testimonial',
      ),
  };
}

export function certificateHandlers(call: Call): DomainHandlers<typeof certificateChannels> {
  return {
    'certificates:list': async (input) =>
      toPage(
        await call('list_certificates', {
          p_search: input.filters.search,
          p_user_id: input.filters.user_id,
          p_workshop_id: input.filters.workshop_id,
          p_state: input.filters.state,
          p_sort: input.sort,
          ...pagingArgs(input),
        }),
        input.limit,
      ),

    // No row is an answer here (no certificate has that number), not a failure.
    'certificates:verify': async (input) => ({
      certificate: (await call('verify_certificate', { p_certificate_number: input.certificate_number }))?.[0] ?? null,
    }),

    'certificates:revoke': async (input) =>
      one(await call('revoke_certificate', { p_certificate_id: input.certificate_id, p_reason: input.reason }), 'The certificate'),
  };
}

export function assessmentHandlers(call: Call): DomainHandlers<typeof assessmentChannels> {
  return {
    'assessments:list': async (input) =>
      toPage(
        await call('list_org_assessments', {
          p_organization_id: input.filters.organization_id,
          p_status: input.filters.status,
          p_after: input.after ?? undefined,
          p_limit: input.limit,
        }),
        input.limit,
      ),
  };
}
