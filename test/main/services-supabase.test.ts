// The role matrix of services.test.ts against a real Supabase project (migrations and the demo seed applied):
// set HG_TEST_SUPABASE_URL and HG_TEST_SUPABASE_KEY (the publishable key; HG_TEST_SUPABASE_ANON_KEY is still read) (and HG_TEST_SUPABASE_PASSWORD when the staff accounts
// do not use the demo password). Only read-only probes and refused writes are sent, so nothing changes there.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSessionStorage } from '../../electron/main/session/secure-storage.js';
import { createConsoleClient } from '../../electron/main/session/supabase-client.js';
import { createMfaService, scratchClientFor } from '../../electron/main/session/mfa.js';
import { createAuthService, type AuthService } from '../../electron/main/session/auth-service.js';
import { fakeBox } from './fake-box.js';
import { checkRole, PASSWORD, roleMatrix, routerFor, value, type Invoke } from './services-roles.js';

const url = process.env.HG_TEST_SUPABASE_URL;
// The project's publishable key (HG_TEST_SUPABASE_KEY), or its legacy anon key under the older name.
const apiKey = process.env.HG_TEST_SUPABASE_KEY ?? process.env.HG_TEST_SUPABASE_ANON_KEY;
const configured = Boolean(url && apiKey);

if (!configured) {
  console.info(
    '[services-supabase] skipped: set HG_TEST_SUPABASE_URL and HG_TEST_SUPABASE_KEY (optionally ' +
      'HG_TEST_SUPABASE_PASSWORD) to run against a real project.',
  );
}

const services: AuthService[] = [];
const dirs: string[] = [];

afterAll(async () => {
  await Promise.all(
    services.map(async (service) => {
      await service.signOut().catch(() => undefined);
      await service.close();
    }),
  );
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function app(): Promise<Invoke> {
  const dir = await mkdtemp(join(tmpdir(), 'hg-supabase-'));
  dirs.push(dir);
  // 'basic_text' keeps the session in memory only: nothing from a real project is written to disk by a test.
  const storage = createSessionStorage({ box: fakeBox('basic_text'), file: join(dir, 'session.bin') });
  const client = createConsoleClient({ url: url!, apiKey: apiKey!, storage });
  const auth = createAuthService({ client, storage });
  services.push(auth);
  return routerFor(auth, createMfaService({ client, scratchClient: scratchClientFor(url!, apiKey!) })).invoke;
}

(configured ? describe : describe.skip)('services against a Supabase project', () => {
  it.each(roleMatrix)(
    '$email ($role): allowed domains answer, the others are forbidden',
    async ({ email, role, allowed }) => {
      const invoke = await app();
      const { user } = value(await invoke('auth:sign-in', { email, password: PASSWORD }));
      expect(user).toMatchObject({ email, roles: [role] });
      await checkRole(invoke, allowed);
    },
    60_000,
  );

  it('user@ (no staff role) gets no_console_access', async () => {
    const invoke = await app();
    expect(await invoke('auth:sign-in', { email: 'user@humanglue.dev', password: PASSWORD })).toMatchObject({
      ok: false,
      error: { code: 'no_console_access' },
    });
  }, 60_000);
});
