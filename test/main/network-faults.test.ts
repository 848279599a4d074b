// The console core through a bad network (issue 20): a fault-injecting fetch (test/support/faulty-fetch.ts) between
// the core's supabase-js and the local backend drops connections, loses answers after the server acted, cuts bodies,
// answers as a failing proxy or with a statement timeout, at chosen calls. What must hold: reads are tried again
// and answer; a change is sent again only when the database recognises a repeat (same idempotency key, expected
// version), so each ends with exactly one effect; a change whose answer was lost says so; the console says it is
// offline and comes back by itself, signed in; a token refresh that cannot reach GoTrue signs no one out.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConsoleApp, type ConsoleApp } from '../../electron/main/app/console-app.js';
import { startLocalBackend } from '../../electron/main/backend/local-backend.js';
import { totpCode } from '../../electron/main/local-backend/gotrue-mfa.js';
import { createAuthService } from '../../electron/main/session/auth-service.js';
import { createSessionStorage } from '../../electron/main/session/secure-storage.js';
import { createConsoleClient } from '../../electron/main/session/supabase-client.js';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../shared/ipc/contract.js';
import type { EventPayload, IpcError, Result } from '../../shared/ipc/result.js';
import { faultyFetch, type Fault } from '../support/faulty-fetch.js';
import { fakeBox } from './fake-box.js';

const APP = { url: 'app://console/index.html' };
const PASSWORD = 'HumanGlue-demo-2026!';
const RETRY_DELAYS = [10, 20, 40];
/** A request unanswered this long is given up (30 s in the app). */
const DEADLINE_MS = 3_000;

let dataDir: string;
let core: ConsoleApp;
const faults = faultyFetch();
const states: EventPayload<'connection:state'>[] = [];
const sessions: EventPayload<'session:changed'>[] = [];
const progress: EventPayload<'progress'>[] = [];
const key = randomBytes(32);
let openPath: string | null = null;

function handle<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>> {
  return core.router.handle(channel, input, APP) as Promise<Result<ChannelOutput<C>>>;
}

async function must<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const result = await handle(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

async function refusal<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<IpcError> {
  const result = await handle(channel, input);
  if (result.ok) throw new Error(`${channel} answered ok`);
  return result.error;
}

function startCore(): ConsoleApp {
  return createConsoleApp({
    dataDir,
    box: fakeBox('keychain', key),
    env: {},
    isTrustedSender: ({ url }) => url.startsWith('app://console/'),
    wrapFetch: faults.wrap,
    retryDelays: RETRY_DELAYS,
    requestDeadlineMs: DEADLINE_MS,
    emit: (event, payload) => {
      if (event === 'connection:state') states.push(payload as EventPayload<'connection:state'>);
      if (event === 'session:changed') sessions.push(payload as EventPayload<'session:changed'>);
      if (event === 'progress') progress.push(payload as EventPayload<'progress'>);
    },
    files: { chooseOpenFile: async () => openPath, chooseSaveFile: async () => null, capturePng: async () => Buffer.alloc(0) },
    log: () => undefined,
  });
}

/** A succeeded Stripe payment with nothing refunded yet (the demo data has several). */
async function refundablePayment(skip = 0) {
  const page = await must('payments:list', { filters: { status: ['succeeded'], provider: ['stripe'] }, limit: 20 });
  const row = page.rows.filter((payment) => payment.refund_amount === 0 || payment.refund_amount === null)[skip];
  if (!row) throw new Error('no refundable payment in the demo data');
  return row;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'hg-faults-'));
  core = startCore();
  await must('auth:sign-in', { email: 'finance@humanglue.dev', password: PASSWORD });
  // refunds are kept for sessions with a second factor (014)
  const factor = await must('mfa:enroll', { friendly_name: 'Fault tests' });
  await must('mfa:verify', { factor_id: factor.factor_id, code: totpCode(factor.secret, new Date()) });
}, 180_000);

afterAll(async () => {
  faults.heal();
  await core?.close();
  await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
});

beforeEach(() => {
  faults.heal();
});

describe('reads through a bad network', () => {
  const transient: Fault[] = [
    { kind: 'drop' },
    { kind: 'lose-response' },
    { kind: 'cut-body' },
    { kind: 'status', status: 503 },
    { kind: 'statement-timeout' },
  ];
  for (const fault of transient) {
    it(`a list that meets "${fault.kind}${fault.kind === 'status' ? ` ${fault.status}` : ''}" twice is tried again and answers`, async () => {
      const rule = faults.inject('list_payments', fault, { times: 2 });
      const page = await must('payments:list', { filters: {}, limit: 5 });
      expect(page.rows).toHaveLength(5);
      expect(rule.hits).toHaveLength(2);
      expect(faults.rpcCalls('list_payments').at(-1)!.fault).toBeNull();
    });
  }

  it('a read that keeps failing says the backend cannot be reached; offline is reported, and online again by itself, still signed in', async () => {
    const before = states.length;
    const down = faults.inject(() => true, { kind: 'drop' });
    const error = await refusal('payments:count', { filters: {} });
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/cannot be reached/i);
    // one call and every retry, then nothing more for this read
    expect(down.hits.filter((call) => call.rpc === 'count_payments')).toHaveLength(1 + RETRY_DELAYS.length);
    expect(states.slice(before)).toEqual([expect.objectContaining({ state: 'offline', message: 'The local backend does not answer.' })]);

    // main checks GoTrue's health endpoint on its own while offline
    await expect.poll(() => down.hits.filter((call) => call.path === '/auth/v1/health').length, { timeout: 5_000 }).toBeGreaterThan(0);
    down.remove();
    await expect.poll(() => states.at(-1)?.state, { timeout: 10_000 }).toBe('online');
    expect(sessions.filter((event) => event.state === 'signed_out')).toEqual([]);
    expect(await must('auth:status', {})).toMatchObject({ state: 'signed_in', user: { email: 'finance@humanglue.dev' } });
    expect((await must('payments:count', { filters: {} })).total).toBeGreaterThan(0);
  });

  it('a read the network leaves unanswered is given up at the deadline and asked again', async () => {
    const silent = faults.inject('list_payments', { kind: 'delay', ms: 60_000 }, { times: 1 });
    const started = Date.now();
    const page = await must('payments:list', { filters: {}, limit: 5 });
    expect(page.rows).toHaveLength(5);
    expect(silent.hits).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(DEADLINE_MS);
    expect(Date.now() - started).toBeLessThan(DEADLINE_MS + 10_000);
  });

  it('a change the network leaves unanswered is not sent again: its outcome is unknown', async () => {
    faults.inject('create_saved_view', { kind: 'delay', ms: 60_000 }, { times: 1 });
    const error = await refusal('views:create', { screen: 'payments', name: 'Silent', state: { filters: {}, sort: null, visibility: {} } });
    expect(error).toMatchObject({ code: 'outcome_unknown', details: { reason: 'no answer in time', repeatable: false } });
  });

  it('a statement timeout that persists is said in words, not as "something went wrong"', async () => {
    faults.inject('payment_totals', { kind: 'statement-timeout' });
    const error = await refusal('payments:totals', { filters: {} });
    expect(error).toEqual({ code: 'unavailable', message: expect.stringMatching(/time limit, so nothing was changed/) });
  });
});

describe('second factor through a bad network', () => {
  it('a server error is told apart from a lost network', async () => {
    faults.inject(/\/auth\/v1\/factors/, { kind: 'status', status: 503 }, { times: 1 });
    expect(await refusal('mfa:enroll', { friendly_name: 'Second phone' })).toEqual({
      code: 'unavailable',
      message: 'The sign-in server had an error (HTTP 503). Try again in a moment.',
    });
    faults.inject(/\/auth\/v1\/factors/, { kind: 'drop' }, { times: 1 });
    expect((await refusal('mfa:enroll', { friendly_name: 'Second phone' })).message).toMatch(/cannot be reached/i);
  });
});

describe('changes through a bad network', () => {
  const view = (name: string): ChannelInput<'views:create'> => ({
    screen: 'payments',
    name,
    state: { filters: { search: name }, sort: null, visibility: {} },
  });
  const viewsNamed = async (name: string) => (await must('views:list', { screen: 'payments' })).rows.filter((row) => row.name === name);

  it('a change with no key whose answer was lost is not sent again: the person is told the outcome is unknown; it happened once', async () => {
    const name = `Lost ${randomUUID().slice(0, 8)}`;
    const before = faults.rpcCalls('create_saved_view').length;
    faults.inject('create_saved_view', { kind: 'lose-response' });
    const error = await refusal('views:create', view(name));
    expect(error.code).toBe('outcome_unknown');
    expect(error.message).toMatch(/not known whether this was done\. Check before trying again/);
    expect(faults.rpcCalls('create_saved_view').length - before).toBe(1);
    expect(await viewsNamed(name)).toHaveLength(1);
  });

  it('a change with no key that never left (connection refused) is sent again and happens once', async () => {
    const name = `Refused ${randomUUID().slice(0, 8)}`;
    const before = faults.rpcCalls('create_saved_view').length;
    faults.inject('create_saved_view', { kind: 'drop' }, { times: 2 });
    await must('views:create', view(name));
    expect(faults.rpcCalls('create_saved_view').length - before).toBe(3);
    expect(await viewsNamed(name)).toHaveLength(1);
  });

  it('a refund whose answer is lost is sent again with the same key: one ledger row, reported as the first refund', async () => {
    const payment = await refundablePayment();
    const idempotency_key = randomUUID();
    const before = faults.rpcCalls('refund_payment').length;
    faults.inject('refund_payment', { kind: 'lose-response' }, { times: 1 });
    const refund = await must('payments:refund', { payment_id: payment.id, amount: 1, reason: 'requested_by_customer', idempotency_key });
    expect(refund).toMatchObject({ amount: 1, replayed: true, idempotency_key });
    const sent = faults.rpcCalls('refund_payment').slice(before);
    expect(sent).toHaveLength(2);
    expect(sent.map((call) => JSON.parse(call.body).p_idempotency_key)).toEqual([idempotency_key, idempotency_key]);
    const detail = await must('payments:get', { payment_id: payment.id });
    expect(detail.refunds.filter((row) => row.idempotency_key === idempotency_key)).toHaveLength(1);
    expect(detail.payment.refundable).toBe(payment.amount - 1);
  });

  it('a refund whose every answer is lost says so; the person trying again later with the same key gets the one refund', async () => {
    const payment = await refundablePayment(1);
    const idempotency_key = randomUUID();
    const input = { payment_id: payment.id, amount: 2, reason: 'requested_by_customer', idempotency_key } as const;
    faults.inject('refund_payment', { kind: 'lose-response' }, { times: 1 + RETRY_DELAYS.length });
    const error = await refusal('payments:refund', input);
    expect(error).toMatchObject({ code: 'outcome_unknown', details: { repeatable: true } });
    expect(error.message).toMatch(/the same request cannot be carried out twice/);
    // what the dialog does next: look at the payment; its refund is there, under the dialog's key
    const detail = await must('payments:get', { payment_id: payment.id });
    expect(detail.refunds.filter((row) => row.idempotency_key === idempotency_key)).toHaveLength(1);
    expect(await must('payments:refund', input)).toMatchObject({ replayed: true, amount: 2 });
    const after = await must('payments:get', { payment_id: payment.id });
    expect(after.refunds.filter((row) => row.idempotency_key === idempotency_key)).toHaveLength(1);
    expect(after.payment.refundable).toBe(payment.amount - 2);
  });

  it(
    'an import call whose answer is lost is sent again: its rows are staged once, and the import completes',
    { timeout: 120_000 },
    async () => {
      const rows = 45_000; // three calls of 20 000 rows
      const lines = Array.from(
        { length: rows },
        (_, i) => `ch_lost${String(i).padStart(6, '0')},2026-01-02 03:04:05,${(i % 90) + 1}.25,usd,Paid`,
      );
      openPath = join(dataDir, 'lost-answer.csv');
      await writeFile(openPath, `id,Created (UTC),Amount,Currency,Status\n${lines.join('\n')}\n`);
      const picked = (await must('reconciliation:pick-file', {}))!;
      const preview = await must('reconciliation:preview', { file_id: picked.file_id });
      const before = faults.rpcCalls('add_reconciliation_batch').length;
      faults.inject('add_reconciliation_batch', { kind: 'lose-response' }, { skip: 1, times: 1 });
      const started = await must('reconciliation:run', {
        file_id: picked.file_id,
        provider: preview.provider!,
        mapping: preview.mapping!,
        kinds: preview.kinds,
      });
      await vi.waitFor(() => expect(progress.find((e) => e.operation_id === started.operation_id && e.phase !== 'running')).toBeDefined(), {
        timeout: 100_000,
        interval: 100,
      });
      expect(progress.filter((e) => e.operation_id === started.operation_id).at(-1)).toMatchObject({ phase: 'done', done: rows });
      expect(faults.rpcCalls('add_reconciliation_batch').length - before).toBe(4);
      const run = await must('reconciliation:get-run', { run_id: started.run_id });
      expect(run).toMatchObject({ status: 'completed', row_count: rows, missing_in_humanglue: rows, duplicate_in_file: 0 });
    },
  );

  it('a bulk decision whose answer is lost is sent again; the reviews it decided are reported decided, each once', async () => {
    await must('auth:sign-in', { email: 'moderator@humanglue.dev', password: PASSWORD });
    try {
      const queue = await must('reviews:list', { filters: {}, limit: 3 });
      expect(queue.rows.length).toBe(3);
      const items = queue.rows.map((row) => ({ id: row.id, version: row.version }));
      faults.inject('decide_reviews', { kind: 'lose-response' }, { times: 1 });
      const { results } = await must('reviews:decide-bulk', { items, decision: 'approve' });
      expect(results.map((row) => [row.ok, row.status, row.version])).toEqual(items.map((item) => [true, 'approved', item.version + 1]));
      expect(
        faults
          .rpcCalls('decide_reviews')
          .slice(-2)
          .map((call) => call.body),
      ).toEqual([faults.rpcCalls('decide_reviews').at(-1)!.body, faults.rpcCalls('decide_reviews').at(-1)!.body]);
      // one decision each: a second would have moved the version on again
      for (const item of items) expect(await must('reviews:get', { review_id: item.id })).toMatchObject({ version: item.version + 1 });
      // the repeat answered with the first attempt's decisions (022), so they can still be undone from here
      expect(await must('reviews:undo', { decision_id: results[0]!.decision_id! })).toMatchObject({ version: items[0]!.version + 2 });
    } finally {
      await must('auth:sign-in', { email: 'finance@humanglue.dev', password: PASSWORD });
    }
  });

  it('a single decision whose answer is lost is sent again and answers with the decision made, which can be undone', async () => {
    await must('auth:sign-in', { email: 'moderator@humanglue.dev', password: PASSWORD });
    try {
      const [review] = (await must('reviews:list', { filters: {}, limit: 1 })).rows;
      const before = faults.rpcCalls('decide_review').length;
      faults.inject('decide_review', { kind: 'lose-response' }, { times: 1 });
      const decided = await must('reviews:decide', {
        review_id: review!.id,
        expected_version: review!.version,
        decision: 'reject',
        reason: 'spam',
      });
      expect(decided).toMatchObject({ status: 'rejected', version: review!.version + 1 });
      expect(faults.rpcCalls('decide_review').length - before).toBe(2);
      expect(await must('reviews:get', { review_id: review!.id })).toMatchObject({ version: review!.version + 1 });
      expect(await must('reviews:undo', { decision_id: decided.decision_id })).toMatchObject({ status: review!.status });
    } finally {
      await must('auth:sign-in', { email: 'finance@humanglue.dev', password: PASSWORD });
    }
  });
});

describe('the session through a bad network', () => {
  it('a start while the backend cannot be reached keeps the stored session and signs back in once it answers', async () => {
    await core.close();
    const down = faults.inject(() => true, { kind: 'drop' });
    const before = sessions.length;
    core = startCore();
    const status = await must('auth:status', {});
    expect(status).toMatchObject({ state: 'signed_out' });
    expect(states.at(-1)).toMatchObject({ state: 'offline' });
    down.remove();
    // main's health check finds the backend; the stored session is checked then, with no one signing in again
    await expect.poll(() => sessions.slice(before).some((event) => event.state === 'signed_in'), { timeout: 15_000 }).toBe(true);
    expect(await must('auth:status', {})).toMatchObject({ state: 'signed_in', user: { email: 'finance@humanglue.dev' } });
  });

  it(
    'an expired token whose refresh cannot reach GoTrue signs no one out; a refresh token revoked meanwhile ends the session with the reason',
    { timeout: 120_000 },
    async () => {
      // A backend whose tokens live 2 s, so the token has expired by the time the network drops.
      await core.close();
      const backend = await startLocalBackend({ dataDir: join(dataDir, 'local-backend'), accessTokenTtlSeconds: 2 });
      const storage = createSessionStorage({ box: fakeBox('keychain', key), file: join(dataDir, 'session-short.bin') });
      const client = createConsoleClient({ url: backend.url, apiKey: backend.apiKey, fetch: faults.wrap(backend.fetch), storage });
      const ended: string[] = [];
      const auth = createAuthService({ client, storage, onChange: (status) => !status.signedIn && ended.push(status.notice ?? '') });
      const expire = () => new Promise((resolve) => setTimeout(resolve, 2_500));
      try {
        await auth.signIn('support@humanglue.dev', PASSWORD);
        await expire();
        const outage = faults.inject(/ \/auth\/v1\//, { kind: 'drop' });
        // supabase-js keeps trying the refresh with backoff for up to 30 s (auth-js _refreshAccessToken) before giving up
        await expect(auth.rpc('my_access')).rejects.toMatchObject({ code: 'unreachable' });
        expect(outage.hits.filter((call) => call.path === '/auth/v1/token').length).toBeGreaterThan(0);
        expect(auth.status().signedIn).toBe(true);
        expect(ended).toEqual([]);

        // the network is back: what the core does when its health check answers
        outage.remove();
        await auth.reconnected();
        expect((await auth.rpc('my_access')).error).toBeNull();
        expect(auth.status().signedIn).toBe(true);

        // meanwhile the person signs out everywhere from another device: GoTrue revokes every refresh token
        const other = createClient(backend.url, backend.apiKey, {
          auth: { persistSession: false, autoRefreshToken: false },
          global: { fetch: backend.fetch as typeof fetch },
        });
        expect((await other.auth.signInWithPassword({ email: 'support@humanglue.dev', password: PASSWORD })).error).toBeNull();
        expect((await other.auth.signOut({ scope: 'global' })).error).toBeNull();
        await expire();
        await expect(auth.rpc('my_access')).rejects.toMatchObject({ code: 'session_expired' });
        expect(auth.status()).toMatchObject({ signedIn: false, notice: 'Your session has ended. Please sign in again.' });
        expect(ended.at(-1)).toBe('Your session has ended. Please sign in again.');
      } finally {
        await auth.close();
        await backend.close();
        core = startCore();
      }
    },
  );
});
