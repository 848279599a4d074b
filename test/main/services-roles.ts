// The per-role access matrix shared by the local (embedded PostgreSQL) and the real-Supabase service tests: one
// read-only probe per domain, expected to succeed where the role has the capability and to be refused with
// `forbidden` naming it where not. Probes never change data, so they are safe against a real project.
import { expect } from 'vitest';
import type { ChannelInput, ChannelName, ChannelOutput, Result } from '../../shared/ipc/contract.js';
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

type Domain = 'reviews' | 'payments' | 'users' | 'audit' | 'trends' | 'settings' | 'reconciliation';

interface Probe {
  capability: string;
  run(invoke: Invoke): Promise<Result<unknown>>;
}

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
};

const ALL = Object.keys(probes) as Domain[];

export const roleMatrix: Array<{ email: string; role: string; allowed: Domain[] }> = [
  { email: 'admin@humanglue.dev', role: 'admin', allowed: ALL },
  { email: 'moderator@humanglue.dev', role: 'moderator', allowed: ['reviews', 'audit'] },
  { email: 'finance@humanglue.dev', role: 'finance', allowed: ['payments', 'reconciliation', 'audit'] },
  { email: 'finance2@humanglue.dev', role: 'finance', allowed: ['payments', 'reconciliation', 'audit'] },
  { email: 'leadership@humanglue.dev', role: 'leadership', allowed: ['trends', 'audit'] },
];

/** Runs every read-only probe of the role's allowed domains (ok, typed page) and of the others (forbidden). */
export async function checkRole(invoke: Invoke, allowed: readonly Domain[]): Promise<void> {
  for (const domain of ALL) {
    const probe = probes[domain];
    if (allowed.includes(domain)) {
      if (domain === 'settings') continue; // a write: exercised by the admin test on the local clone only
      const result = await probe.run(invoke);
      expect(result, `${domain} should be allowed`).toMatchObject({ ok: true });
      continue;
    }
    const result = await probe.run(invoke);
    expect(result, `${domain} should be forbidden`).toEqual({
      ok: false,
      error: { code: 'forbidden', message: expect.stringContaining(probe.capability) },
    });
  }
}
