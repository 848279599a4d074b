// The platform handlers (015) through the router over a fake `call`: which console function each channel reaches
// with which `p_` arguments, that SQL's rows come back in the contract's shapes (jsonb columns included), and that
// the hour budget's refusal keeps its detail and hint for the screen. The database itself is test/main/services.test.ts's.
import { describe, expect, it } from 'vitest';
import { combine } from '../../electron/main/ipc/handlers.js';
import {
  assessmentHandlers,
  certificateHandlers,
  engagementHandlers,
  organisationHandlers,
  talentHandlers,
  workshopHandlers,
} from '../../electron/main/services/platform.js';
import type { Call } from '../../electron/main/services/rpc.js';
import { routerOver } from './handler-stubs.js';

const ID = '5a000000-0000-4000-8000-000000000001';
const AT = '2025-01-31T12:00:00+00:00';
const TRUSTED = { url: 'app://console/index.html' };

const platformHandlers = (call: Call) =>
  combine(
    organisationHandlers(call),
    workshopHandlers(call),
    engagementHandlers(call),
    talentHandlers(call),
    certificateHandlers(call),
    assessmentHandlers(call),
  );

const orgRow = (n: number) => ({
  id: ID.replace(/1$/, String(n)),
  name: `Org ${n}`,
  slug: `org-${n}`,
  website: null,
  subscription_tier: 'growth',
  subscription_status: 'active',
  members: 3,
  completed_assessments: 7,
  last_activity_at: AT,
  created_at: AT,
  cursor: { v: `Org ${n}`, id: ID.replace(/1$/, String(n)) },
});

describe('platform handlers', () => {
  it('organisations:list sends the filters as p_ arguments and pages on the last cursor', async () => {
    const { router, calls } = routerOver(platformHandlers, () => [orgRow(1), orgRow(2)]);
    const result = await router.handle(
      'organisations:list',
      { filters: { search: 'https://northwind.example/about', tier: 'growth', activity: 'active' }, sort: 'name', desc: false, limit: 2 },
      TRUSTED,
    );
    expect(calls).toEqual([
      [
        'list_platform_organizations',
        {
          p_search: 'https://northwind.example/about',
          p_tier: 'growth',
          p_activity: 'active',
          p_sort: 'name',
          p_desc: false,
          p_after: undefined,
          p_limit: 2,
        },
      ],
    ]);
    expect(result).toMatchObject({ ok: true, value: { rows: [{ name: 'Org 1' }, { name: 'Org 2' }], next_after: orgRow(2).cursor } });
  });

  it('organisations:get answers the jsonb columns typed; payments stay null without payments.read', async () => {
    const detail = {
      organization: {
        id: ID,
        name: 'Northwind',
        slug: 'northwind',
        website: 'https://northwind.example',
        industry: null,
        company_size: '51-200',
        subscription_tier: 'growth',
        subscription_status: 'active',
        created_at: AT,
        updated_at: AT,
      },
      members: [{ user_id: ID, email: 'a@northwind.example', full_name: null, role: 'client', expires_at: null }],
      workshops: [{ workshop_id: ID, title: 'Change', schedule_date: '2025-03-01', status: 'published', registrations: 2 }],
      engagements: [
        {
          id: ID,
          title: null,
          focus_area: 'culture',
          status: 'active',
          start_date: null,
          expert_name: 'Ann',
          hours_used: 12.5,
          hours_total: 40,
        },
      ],
      payments: null,
      completed_assessments: 4,
      can_see_trends: false,
      can_manage: true,
    };
    const { router, calls, log } = routerOver(platformHandlers, () => [detail]);
    const result = await router.handle('organisations:get', { organization_id: ID }, TRUSTED);
    expect(calls).toEqual([['get_organization', { p_organization_id: ID }]]);
    expect(log).not.toHaveBeenCalled();
    expect(result).toEqual({ ok: true, value: detail });
  });

  it('a get with no row is not_found, a verification with no row is an answer', async () => {
    const { router } = routerOver(platformHandlers, () => []);
    expect(await router.handle('workshops:get', { workshop_id: ID }, TRUSTED)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await router.handle('certificates:verify', { certificate_number: 'CERT-X' }, TRUSTED)).toEqual({
      ok: true,
      value: { certificate: null },
    });
  });

  it('workshops:set-status forwards the idempotency key and answers the refunds requested', async () => {
    const refunds = [{ refund_id: ID, payment_id: ID, amount: 99.5, currency: 'EUR', status: 'pending_approval' }];
    const { router, calls } = routerOver(platformHandlers, () => [{ id: ID, status: 'cancelled', cancelled_registrations: 3, refunds }]);
    const input = { workshop_id: ID, status: 'cancelled', reason: 'instructor ill', idempotency_key: 'key-12345678' } as const;
    const result = await router.handle('workshops:set-status', input, TRUSTED);
    expect(calls[0]).toEqual([
      'set_workshop_status',
      { p_workshop_id: ID, p_status: 'cancelled', p_reason: 'instructor ill', p_idempotency_key: 'key-12345678' },
    ]);
    expect(result).toEqual({ ok: true, value: { id: ID, status: 'cancelled', cancelled_registrations: 3, refunds } });
  });

  it('engagements:set-session-status: null hours are left out (the duration stays)', async () => {
    const row = { id: ID, status: 'cancelled', duration_hours: 1.5, engagement_id: ID, hours_used: 10, hours_total: 40 };
    const { router, calls } = routerOver(platformHandlers, () => [row]);
    const result = await router.handle(
      'engagements:set-session-status',
      { session_id: ID, status: 'cancelled', duration_hours: null },
      TRUSTED,
    );
    expect(calls[0]).toEqual([
      'set_session_status',
      { p_session_id: ID, p_status: 'cancelled', p_duration_hours: undefined, p_reason: undefined },
    ]);
    expect(result).toEqual({ ok: true, value: row });
  });

  it("the hour budget's refusal reaches the screen as a conflict with its detail and hint", async () => {
    const refusal = {
      name: 'PostgrestError',
      code: 'P0001',
      message: "session would exceed the engagement's hour budget (41.50 of 40.00 hours)",
      details: 'Completed sessions of engagement "Culture" would total 41.50 hours; the budget is 40.00.',
      hint: "Raise the engagement's hours_total first, or shorten the session.",
    };
    const { router } = routerOver(platformHandlers, () => {
      throw refusal;
    });
    const result = await router.handle(
      'engagements:set-session-status',
      { session_id: ID, status: 'completed', duration_hours: 2.5 },
      TRUSTED,
    );
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'conflict',
        message: refusal.message,
        details: { detail: refusal.details, hint: refusal.hint },
      },
    });
  });

  it('other refusals of set-session-status keep the usual mapping (no hint passed on)', async () => {
    const { router } = routerOver(platformHandlers, () => {
      throw { code: 'P0002', message: 'session x not found', details: '{"entity":"session"}', hint: 'internal' };
    });
    const result = await router.handle('engagements:set-session-status', { session_id: ID, status: 'completed' }, TRUSTED);
    expect(result).toEqual({ ok: false, error: { code: 'not_found', message: 'session x not found', details: { entity: 'session' } } });
  });

  it('the lists without a sort send only the page position and size', async () => {
    const { router, calls } = routerOver(platformHandlers, () => []);
    const after = { v: AT, id: ID };
    await router.handle('talent:testimonials', { filters: { state: 'pending' }, after, limit: 10 }, TRUSTED);
    await router.handle('assessments:list', { filters: { organization_id: ID, status: 'completed' } }, TRUSTED);
    expect(calls).toEqual([
      ['list_testimonials', { p_state: 'pending', p_talent_profile_id: undefined, p_after: after, p_limit: 10 }],
      ['list_org_assessments', { p_organization_id: ID, p_status: 'completed', p_after: undefined, p_limit: undefined }],
    ]);
  });

  it('a row that does not fit the contract is an internal error, logged', async () => {
    const { router, log } = routerOver(platformHandlers, () => [{ ...orgRow(1), members: 'three' }]);
    const result = await router.handle('organisations:list', { filters: {} }, TRUSTED);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(log).toHaveBeenCalledWith(expect.objectContaining({ kind: 'output-mismatch', channel: 'organisations:list' }));
  });
});
