// The per-role access matrix shared by the local (embedded PostgreSQL) and the real-Supabase service tests: one
// read-only probe per domain, expected to succeed where the role has the capability and to be refused with
// `forbidden` naming it where not. Probes never change data, so they are safe against a real project: the platform's
// mutations (015) are probed on an id that does not exist, so an allowed role gets `not_found` (the capability check
// passed) and changes nothing.
import { expect } from 'vitest';
import type { ChannelInput, ChannelName, ChannelOutput, Result } from '../../shared/ipc/contract.js';
import { platformCapabilities } from '../../shared/ipc/platform.js';
import { createRouter, type Router } from '../../electron/main/ipc/router.js';
import { createHandlers } from '../../electron/main/services/index.js';
import { completeHandlers } from './handler-stubs.js';
import type { AuthService } from '../../electron/main/session/auth-service.js';
import type { MfaService } from '../../electron/main/session/mfa.js';

export const PASSWORD = process.env.HG_TEST_SUPABASE_PASSWORD ?? 'HumanGlue-demo-2026!';
const SENDER = { url: 'app://console/index.html' };

export type Invoke = <C extends ChannelName>(channel: C, input: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>;

export function routerFor(auth: AuthService, mfa: MfaService): { router: Router; invoke: Invoke } {
  const router = createRouter({
    handlers: completeHandlers(createHandlers({ auth, mfa })),
    isTrustedSender: (sender) => sender.url.startsWith('app://console/'),
    log: () => undefined,
  });
  const invoke: Invoke = async (channel, input) => (await router.handle(channel, input, SENDER)) as Result<ChannelOutput<typeof channel>>;
  return { router, invoke };
}

/** The value of a successful call; a failure is shown in full so the test output says what went wrong. */
export function value<T>(result: Result<T>): T {
  if (!result.ok) expect.fail(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}

type Domain =
  | 'reviews'
  | 'payments'
  | 'users'
  | 'audit'
  | 'trends'
  | 'settings'
  | 'reconciliation'
  | 'organisations'
  | 'organisations-manage'
  | 'workshops'
  | 'workshops-manage'
  | 'engagements'
  | 'engagements-manage'
  | 'talent'
  | 'testimonials'
  | 'certificates'
  | 'certificates-revoke'
  | 'assessments'
  | 'search'
  | 'views';

interface Probe {
  capability: string;
  run(invoke: Invoke): Promise<Result<unknown>>;
  /** What an allowed role gets: a page (ok, the default) or `not_found` (a mutation on an id that does not exist). */
  allowed?: 'not_found';
}

/** No row has it: a mutation on it passes the capability check and stops at P0002, changing nothing. */
const NO_SUCH_ID = '5a000000-0000-4000-8000-00000000dead';

const probes: Record<Domain, Probe> = {
  reviews: { capability: 'reviews.read', run: (i) => i('reviews:list', { filters: {}, limit: 5 }) },
  payments: { capability: 'payments.read', run: (i) => i('payments:list', { filters: {}, limit: 5 }) },
  users: { capability: 'users.manage', run: (i) => i('users:list', { filters: {}, limit: 5 }) },
  audit: { capability: 'audit.read_own', run: (i) => i('audit:list', { filters: {}, limit: 5 }) },
  trends: { capability: 'trends.read', run: (i) => i('trends:organizations', { limit: 5 }) },
  // A refused update changes nothing (the capability check is the function's first statement).
  settings: {
    capability: 'settings.manage',
    run: (i) => i('settings:update', { key: 'undo_window_seconds', value: 10, reason: 'probe' }),
  },
  reconciliation: {
    capability: 'reconciliation.run',
    run: (i) => i('reconciliation:list-runs', { filters: {}, limit: 5 }),
  },
  organisations: { capability: platformCapabilities['organisations:list'], run: (i) => i('organisations:list', { filters: {}, limit: 5 }) },
  'organisations-manage': {
    capability: platformCapabilities['organisations:set-tier'],
    run: (i) => i('organisations:set-tier', { organization_id: NO_SUCH_ID, tier: 'growth', reason: 'probe' }),
    allowed: 'not_found',
  },
  workshops: { capability: platformCapabilities['workshops:list'], run: (i) => i('workshops:list', { filters: {}, limit: 5 }) },
  'workshops-manage': {
    capability: platformCapabilities['workshops:cancel-registration'],
    run: (i) => i('workshops:cancel-registration', { registration_id: NO_SUCH_ID, reason: 'probe' }),
    allowed: 'not_found',
  },
  engagements: { capability: platformCapabilities['engagements:list'], run: (i) => i('engagements:list', { filters: {}, limit: 5 }) },
  'engagements-manage': {
    capability: platformCapabilities['engagements:set-session-status'],
    run: (i) => i('engagements:set-session-status', { session_id: NO_SUCH_ID, status: 'cancelled', reason: 'probe' }),
    allowed: 'not_found',
  },
  talent: { capability: platformCapabilities['talent:list'], run: (i) => i('talent:list', { filters: {}, limit: 5 }) },
  testimonials: {
    capability: platformCapabilities['talent:decide-testimonial'],
    run: (i) =>
      i('talent:decide-testimonial', {
        testimonial_id: NO_SUCH_ID,
        decision: 'verify',
        expected_updated_at: '2025-01-31T12:00:00Z',
      }),
    allowed: 'not_found',
  },
  // 016: every staff role searches everywhere and keeps views (of the screens it can open).
  search: { capability: 'search.everything', run: (i) => i('search:everything', { query: 'northwind' }) },
  views: { capability: 'views.save', run: (i) => i('views:list', { screen: 'audit' }) },
  certificates: { capability: platformCapabilities['certificates:list'], run: (i) => i('certificates:list', { filters: {}, limit: 5 }) },
  'certificates-revoke': {
    capability: platformCapabilities['certificates:revoke'],
    run: (i) => i('certificates:revoke', { certificate_id: NO_SUCH_ID, reason: 'probe' }),
    allowed: 'not_found',
  },
  assessments: {
    capability: platformCapabilities['assessments:list'],
    run: (i) => i('assessments:list', { filters: { organization_id: NO_SUCH_ID }, limit: 5 }),
  },
};

const ALL = Object.keys(probes) as Domain[];

/** The platform's tables (015) per role: support runs them, finance reads organisations and workshops, moderators
 * read talent and verify testimonials; assessments are the admins' alone. */
const SUPPORT: Domain[] = [
  'organisations',
  'organisations-manage',
  'workshops',
  'workshops-manage',
  'engagements',
  'engagements-manage',
  'talent',
  'testimonials',
  'certificates',
  'certificates-revoke',
];

/** 016: every staff role searches everywhere and keeps views. */
const EVERY_STAFF: Domain[] = ['audit', 'search', 'views'];

export const roleMatrix: Array<{ email: string; role: string; allowed: Domain[] }> = [
  { email: 'admin@humanglue.dev', role: 'admin', allowed: ALL },
  { email: 'moderator@humanglue.dev', role: 'moderator', allowed: ['reviews', 'talent', 'testimonials', ...EVERY_STAFF] },
  {
    email: 'finance@humanglue.dev',
    role: 'finance',
    allowed: ['payments', 'reconciliation', 'organisations', 'workshops', ...EVERY_STAFF],
  },
  {
    email: 'finance2@humanglue.dev',
    role: 'finance',
    allowed: ['payments', 'reconciliation', 'organisations', 'workshops', ...EVERY_STAFF],
  },
  { email: 'leadership@humanglue.dev', role: 'leadership', allowed: ['trends', ...EVERY_STAFF] },
  { email: 'support@humanglue.dev', role: 'support', allowed: [...SUPPORT, ...EVERY_STAFF] },
];

/** Runs every read-only probe of the role's allowed domains (ok, typed page) and of the others (forbidden). */
export async function checkRole(invoke: Invoke, allowed: readonly Domain[]): Promise<void> {
  for (const domain of ALL) {
    const probe = probes[domain];
    if (allowed.includes(domain)) {
      if (domain === 'settings') continue; // a write: exercised by the admin test on the local clone only
      const result = await probe.run(invoke);
      expect(result, `${domain} should be allowed`).toMatchObject(
        probe.allowed === 'not_found' ? { ok: false, error: { code: 'not_found' } } : { ok: true },
      );
      continue;
    }
    const result = await probe.run(invoke);
    expect(result, `${domain} should be forbidden`).toEqual({
      ok: false,
      error: { code: 'forbidden', message: expect.stringContaining(probe.capability) },
    });
  }
}
