// One phase of `npm run bench:app` (app-bench.ts), in a Node process of its own so that each start is a cold one:
//   start <dataDir> <sqlDir> <imageDir|->   createConsoleApp() → ready, then close;
//   floor <dataDir>                         the baseline under a later start: PGlite alone, without the console,
//                                           opening the same database, then running the SQL a session check needs;
//   soak  <dataDir> <sqlDir> <imageDir|->   a start, then HG_APP_BENCH_MINUTES of scripted use by the admin (second
//                                           factor enrolled, so refunds go through), memory sampled every 5 s.
// Prints its figures as one `RESULT <json>` line on stdout.
import { join } from 'node:path';
import { getHeapSpaceStatistics } from 'node:v8';
import { PGlite } from '@electric-sql/pglite';
import { createConsoleApp, type ConsoleApp } from '../../electron/main/app/console-app.js';
import type { LocalBackendProgress } from '../../electron/main/backend/local-backend.js';
import { sqlFilesFromDirectory } from '../../electron/main/backend/sql-files.js';
import { totpCode } from '../../electron/main/local-backend/gotrue-mfa.js';
import { findUser } from '../../electron/main/local-backend/gotrue-users.js';
import {
  compilePglite,
  PGLITE_RUNTIME_EXTENSIONS,
  PGLITE_START_PARAMS,
  pgliteExecutor,
} from '../../electron/main/local-backend/pglite-executor.js';
import type { ChannelInput, ChannelName, ChannelOutput, Result } from '../../shared/ipc/contract.js';
import { fakeBox } from '../main/fake-box.js';
import type { FloorFigures, MemorySample, SoakFigures, StartFigures } from './app-bench.js';
import { faultsSince, mainThreadFaults } from './page-faults.js';

const [phase, dataDir, sqlDir, imageArg] = process.argv.slice(2);
const SENDER = { url: 'app://console/index.html' };
const SAMPLE_MS = 5000;
/** Think time after each screen (HG_APP_BENCH_PAUSE_MS): a brisk person opens a screen about every second. */
const PAUSE_MS = Number(process.env.HG_APP_BENCH_PAUSE_MS ?? 1000);
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const REPLAYED: readonly string[] = ['bootstrap', 'migration', 'seed'];
const ADMIN = 'admin@humanglue.dev';

async function start(): Promise<{ core: ConsoleApp; figures: StartFigures }> {
  const steps: StartFigures['steps'] = [];
  const cpu = process.cpuUsage();
  const faults = mainThreadFaults();
  const began = performance.now();
  const onProgress = (event: LocalBackendProgress) => {
    // A replay reports every file; the first of each kind is enough to see where the time goes.
    if (REPLAYED.includes(event.step) && steps.at(-1)?.step === event.step) return;
    steps.push({ step: event.step, atMs: performance.now() - began, ...(event.detail ? { detail: event.detail } : {}) });
  };
  const core = createConsoleApp({
    dataDir: dataDir!,
    // The same key every run: a session stored by the soak is restored by the starts after it.
    box: fakeBox('keychain', Buffer.alloc(32, 7)),
    files: { chooseOpenFile: async () => null, chooseSaveFile: async () => null, capturePng: async () => Buffer.alloc(0) },
    isTrustedSender: ({ url }) => url.startsWith('app://console/'),
    env: {},
    emit: () => undefined,
    log: () => undefined,
    onLocalBackendProgress: onProgress,
    sql: sqlFilesFromDirectory(sqlDir),
    ...(imageArg && imageArg !== '-' ? { localImage: imageArg } : {}),
  });
  const status = await core.ready;
  const readyMs = performance.now() - began;
  const used = process.cpuUsage(cpu);
  const faulted = faultsSince(faults);
  return {
    core,
    figures: {
      readyMs,
      processMs: performance.now(),
      cpuMs: (used.user + used.system) / 1000,
      mainThreadFaults: faulted,
      rssMb: mb(process.memoryUsage().rss),
      steps,
      signedIn: status.signedIn,
    },
  };
}

/**
 * What any app on PGlite pays before the console does anything: compile Postgres's WASM, open this database with the
 * options the console uses, answer one query; then the SQL of a session check (the user and session lookups GoTrue
 * makes, and console.my_access() as the signed-in admin), without the gateway, supabase-js or the console around it.
 */
async function floor(): Promise<FloorFigures> {
  const faults = mainThreadFaults();
  const began = performance.now();
  const pgliteWasmModule = await compilePglite();
  const compiled = performance.now();
  const db = await PGlite.create({
    dataDir: join(dataDir!, 'local-backend', 'pgdata'),
    extensions: PGLITE_RUNTIME_EXTENSIONS,
    startParams: [...PGLITE_START_PARAMS],
    ...(pgliteWasmModule ? { pgliteWasmModule } : {}),
  });
  const created = performance.now();
  await db.query('select 1');
  const opened = performance.now();
  const open = {
    compileMs: compiled - began,
    createMs: created - compiled,
    firstQueryMs: opened - created,
    openMs: opened - began,
    openFaults: faultsSince(faults),
  };
  const executor = pgliteExecutor(db);
  try {
    const found = await executor.transaction(async (tx) => {
      const user = await findUser(tx, new Date().toISOString(), 'u.email = $2', ADMIN);
      if (!user) return undefined;
      const { rows } = await tx.query<{ id: string }>(
        'select id::text as id from auth.sessions where user_id = $1::uuid order by created_at desc limit 1',
        [user.id],
      );
      return rows[0] ? { sub: user.id, session_id: rows[0].id } : undefined;
    });
    // Before the soak has signed in, there is no session to check: the floor of a signed-out start only.
    if (!found) return open;
    const looked = performance.now();
    await executor.transaction(async (tx) => {
      const claims = { ...found, role: 'authenticated', aal: 'aal2', email: ADMIN };
      await tx.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [
        JSON.stringify(claims),
      ]);
      await tx.query('select console.my_access()');
    });
    const checked = performance.now();
    return {
      ...open,
      session: { userLookupMs: looked - opened, myAccessMs: checked - looked, totalMs: checked - began },
      sessionFaults: faultsSince(faults),
    };
  } finally {
    await executor.close();
  }
}

type Invoke = <C extends ChannelName>(channel: C, input: ChannelInput<C>) => Promise<ChannelOutput<C> | undefined>;

async function soak(core: ConsoleApp, figures: StartFigures): Promise<SoakFigures> {
  const minutes = Number(process.env.HG_APP_BENCH_MINUTES ?? 15);
  const failures: Record<string, number> = {};
  let calls = 0;
  /** A call's value, or undefined when it failed (counted by channel and error code, as the UI would show it). */
  const invoke: Invoke = async (channel, input) => {
    calls += 1;
    const result = (await core.router.handle(channel, input, SENDER)) as Result<ChannelOutput<typeof channel>>;
    if (result.ok) return result.value;
    const key = `${channel} ${result.error.code}`;
    failures[key] = (failures[key] ?? 0) + 1;
    return undefined;
  };
  const must = async <C extends ChannelName>(channel: C, input: ChannelInput<C>) => {
    const value = await invoke(channel, input);
    if (value === undefined) throw new Error(`${channel} failed: ${JSON.stringify(failures)}`);
    return value;
  };

  await must('auth:sign-in', { email: ADMIN, password: 'HumanGlue-demo-2026!' });
  // Refunds need a second factor (014_console_step_up): enrol one and verify it, which raises the session to aal2.
  const factor = await must('mfa:enroll', { friendly_name: `Bench ${process.pid}` });
  await must('mfa:verify', { factor_id: factor.factor_id, code: totpCode(factor.secret, new Date()) });

  const samples: MemorySample[] = [];
  const began = performance.now();
  const sample = () => {
    const memory = process.memoryUsage();
    samples.push({
      atMin: (performance.now() - began) / 60_000,
      rssMb: mb(memory.rss),
      heapMb: mb(memory.heapUsed),
      heapTotalMb: mb(memory.heapTotal),
      externalMb: mb(memory.external),
      youngMb: mb(getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? NaN),
    });
  };
  sample();
  const timer = setInterval(sample, SAMPLE_MS);

  let rounds = 0;
  const orgs = (await must('trends:organizations', { limit: 20 })).rows.map((org) => org.id);
  const think = () => new Promise((resolveWait) => setTimeout(resolveWait, PAUSE_MS));
  // One round visits the screens in turn; a screen's reads go out together, as the renderer's queries do.
  const screens: (() => Promise<unknown>)[] = [
    // The moderation queue: open a pending review, approve it, undo (the data stays as it was).
    async () => {
      const [queue] = await Promise.all([invoke('reviews:list', { filters: {}, limit: 50 }), invoke('reviews:count', { filters: {} })]);
      const pending = queue?.rows.find((row) => row.status === 'pending');
      if (!pending) return;
      await invoke('reviews:get', { review_id: pending.id });
      const decided = await invoke('reviews:decide', { review_id: pending.id, expected_version: pending.version, decision: 'approve' });
      if (decided) await invoke('reviews:undo', { decision_id: decided.decision_id });
    },
    // Payments: the list with its count and totals, then one payment's detail.
    async () => {
      const [page] = await Promise.all([
        invoke('payments:list', { filters: {}, sort: 'created_at', desc: true, limit: 50 }),
        invoke('payments:count', { filters: {} }),
        invoke('payments:totals', { filters: { status: ['succeeded'] } }),
      ]);
      if (page?.rows[0]) await invoke('payments:get', { payment_id: page.rows[0].id });
    },
    // A $1 refund of a manual payment, then its refunds.
    async () => {
      const refundable = await invoke('payments:list', {
        filters: { status: ['succeeded', 'partially_refunded'], provider: ['manual'], min_amount: 5 },
        limit: 20,
      });
      const payment = refundable?.rows[rounds % Math.max(1, refundable.rows.length)];
      if (!payment) return;
      await invoke('payments:refund', {
        payment_id: payment.id,
        amount: 1,
        reason: 'requested_by_customer',
        idempotency_key: `bench-${process.pid}-${rounds}`,
      });
      await Promise.all([
        invoke('payments:list-refunds', { filters: { payment_id: payment.id } }),
        invoke('payments:count-refunds', { filters: {} }),
      ]);
    },
    // Trends of three organisations.
    () => {
      const picked = [0, 1, 2].map((i) => orgs[(rounds + i) % orgs.length]!);
      return invoke('trends:org-trends', { organization_ids: [...new Set(picked)], months: 12, include_platform: true });
    },
    // The audit log, people, and a search.
    () =>
      Promise.all([
        invoke('audit:list', { filters: {}, limit: 50 }),
        invoke('users:list', { filters: {}, sort: 'created_at', desc: true, limit: 50 }),
        invoke('search:everything', { query: ['work', 'pay', 'ann', 'lead'][rounds % 4]!, limit: 10 }),
      ]),
  ];
  while (performance.now() - began < minutes * 60_000) {
    for (const screen of screens) {
      await screen();
      await think();
    }
    rounds += 1;
  }
  clearInterval(timer);
  sample();
  return { start: figures, minutes, pauseMs: PAUSE_MS, rounds, calls, failures, samples };
}

if (phase === 'floor') {
  console.log(`RESULT ${JSON.stringify(await floor())}`);
} else {
  const started = await start();
  const result = phase === 'soak' ? await soak(started.core, started.figures) : started.figures;
  await started.core.close();
  console.log(`RESULT ${JSON.stringify(result)}`);
}
