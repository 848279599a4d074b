// The soak of issue 20 ("long use"): the real console core (createConsoleApp on the local backend, as the Electron
// entry assembles it) driven through its router by one admin with a second factor, for a given number of calls of a
// staff member's mix: queue pages and counts, searches, moderation decisions (each undone, so the queue stays
// full) and decisions on a version already passed (refused: conflict), payment pages, counts, totals and details,
// small refunds (some replayed with their key, some above the remainder: refused with it), CSV exports written to a
// temporary folder, the audit log, people and trends. Memory is sampled every `sampleEvery` calls; the process's
// handles (getActiveResourcesInfo) and its event listeners are counted after a warm-up and again at the end, once
// every export has ended. Used by test/main/soak.test.ts (short) and test/bench/soak.ts (the full 20,000).
import { randomBytes } from 'node:crypto';
import { access, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConsoleApp, type ConsoleApp } from '../../electron/main/app/console-app.js';
import type { SqlSource } from '../../electron/main/backend/sql-files.js';
import { totpCode } from '../../electron/main/local-backend/gotrue-mfa.js';
import type { ChannelInput, ChannelName, ChannelOutput, Result } from '../../shared/ipc/contract.js';
import type { EventPayload } from '../../shared/ipc/result.js';
import { fakeBox } from '../main/fake-box.js';
import { collect, countBy, findGc, handleCounts, listenerCounts, mb, random, settle, slope, type Counts } from './measure.js';

export { findGc, slope, type Counts } from './measure.js';

const SENDER = { url: 'app://console/index.html' };
const PASSWORD = 'HumanGlue-demo-2026!';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
type Progress = EventPayload<'progress'>;

export interface SoakOptions {
  /** Calls through the router after sign-in (the warm-up included). */
  calls: number;
  /** Memory is sampled every this many calls. */
  sampleEvery: number;
  /** Calls before the baseline of handles, listeners and the heap is taken (caches, JIT, pools filled). */
  warmup: number;
  /** The prebuilt local database; default out/local-db (replayed from the SQL when it does not match). */
  localImage?: string;
  sql?: SqlSource;
  /** Called with each sample (the script prints progress). */
  onSample?: (sample: MemorySample) => void;
  seed?: number;
}

export interface MemorySample {
  calls: number;
  atMs: number;
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  arrayBuffersMb: number;
}

export interface SoakFigures {
  /** createConsoleApp() → ready, and how the local backend started (image, or a replay of the SQL and why). */
  start: { readyMs: number; steps: string[] };
  calls: number;
  durationMs: number;
  callsPerSecond: number;
  /** `<channel> ok` or `<channel> <error code>` → how many. */
  outcomes: Counts;
  /** Refusals the mix asks for on purpose (a stale version, an amount above the remainder), and how many. */
  expectedRefusals: Counts;
  /** Anything else that did not answer ok: the first few in full, and how many in all. */
  unexpected: { channel: string; code: string; message: string }[];
  unexpectedCount: number;
  actions: Counts;
  decisions: { decided: number; undone: number; staleRefused: number; staleMessages: string[] };
  refunds: { made: number; replayed: number; overRefused: number; refunded: number; overMessages: string[] };
  exports: { started: number; done: number; other: Counts; rows: number; filesLeftInFolder: number };
  samples: MemorySample[];
  /** Least-squares slopes over the second half of the samples, MB per 1,000 calls. */
  slope: { rssMbPer1000: number; heapUsedMbPer1000: number; externalMbPer1000: number };
  rss: { startMb: number; endMb: number; peakMb: number };
  /** Heap in use after a full collection, at the baseline and at the end (null when gc cannot be reached). */
  gcHeap: { baselineMb: number; endMb: number } | null;
  handles: { beforeCore: Counts; baseline: Counts; end: Counts; afterClose: Counts };
  listeners: { baseline: Counts; end: Counts; afterClose: Counts };
  /** Operations the core still tracks as running when the mix is over (reconciliation:running lists imports). */
  operations: { unfinished: string[]; runningImports: number };
  /** Process warnings raised during the run (MaxListenersExceededWarning is the leak it would show). */
  warnings: string[];
  /** What the core logged, as `<kind> <channel> <code>` → how many (a refusal is logged as a handler error). */
  logged: Counts;
  sessionEvents: Counts;
}

export async function runSoak(options: SoakOptions): Promise<SoakFigures> {
  const pick = random(options.seed ?? 20);
  const gc = findGc();
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
  const beforeCore = handleCounts();
  const dataDir = await mkdtemp(join(tmpdir(), 'hg-soak-'));
  const exportDir = join(dataDir, 'exports');
  await mkdir(exportDir);

  const progress: Progress[] = [];
  const waiters = new Map<string, () => void>();
  const sessionEvents: string[] = [];
  const logged: string[] = [];
  const describeLog = (entry: unknown) => {
    const { kind, channel, code } = (entry ?? {}) as { kind?: string; channel?: string; code?: string };
    return [kind ?? 'unknown', channel, code].filter(Boolean).join(' ');
  };
  const image = options.localImage ?? join(ROOT, 'out', 'local-db');
  let core: ConsoleApp | undefined;
  const steps: string[] = [];

  try {
    await access(join(image, 'local-db.json')).catch(() => {
      throw new Error(`no prebuilt database at ${image}: run npm run build:db`);
    });
    core = createConsoleApp({
      dataDir,
      box: fakeBox('keychain', randomBytes(32)),
      env: {},
      isTrustedSender: ({ url }) => url.startsWith('app://console/'),
      emit: (event, payload) => {
        if (event === 'session:changed') sessionEvents.push((payload as EventPayload<'session:changed'>).reason);
        if (event !== 'progress') return;
        const entry = payload as Progress;
        progress.push(entry);
        if (entry.phase !== 'running') waiters.get(entry.operation_id)?.();
      },
      files: {
        chooseOpenFile: async () => null,
        chooseSaveFile: async ({ defaultName }) => join(exportDir, `${randomBytes(4).toString('hex')}-${defaultName}`),
        capturePng: async () => Buffer.alloc(0),
      },
      log: (entry) => logged.push(describeLog(entry)),
      localImage: image,
      onLocalBackendProgress: ({ step, detail }) => {
        if (steps.at(-1)?.startsWith(`${step}`) && ['bootstrap', 'migration', 'seed'].includes(step)) return;
        steps.push(detail ? `${step}: ${detail}` : step);
      },
      ...(options.sql ? { sql: options.sql } : {}),
    });
    const starting = performance.now();
    await core.ready;
    const readyMs = Math.round(performance.now() - starting);
    const app = core;
    process.on('warning', onWarning);

    const outcomes: string[] = [];
    const expected: string[] = [];
    const unexpected: SoakFigures['unexpected'] = [];
    let unexpectedCount = 0;
    let calls = 0;
    /** `refusal`: the error code this call is meant to get; any other outcome is unexpected. */
    const call = async <C extends ChannelName>(channel: C, input: ChannelInput<C>, refusal?: string): Promise<Result<ChannelOutput<C>>> => {
      calls += 1;
      const result = (await app.router.handle(channel, input, SENDER)) as Result<ChannelOutput<C>>;
      const outcome = result.ok ? 'ok' : result.error.code;
      outcomes.push(`${channel} ${outcome}`);
      if (refusal && outcome === refusal) expected.push(`${channel} ${outcome}`);
      else if (refusal || !result.ok) {
        unexpectedCount += 1;
        if (unexpected.length < 20) {
          unexpected.push({ channel, code: outcome, message: result.ok ? `answered ok, expected ${refusal}` : result.error.message });
        }
      }
      return result;
    };
    const must = async <C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> => {
      const result = await call(channel, input);
      if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
      return result.value;
    };

    await must('auth:sign-in', { email: 'admin@humanglue.dev', password: PASSWORD });
    // Refunds need aal2 (014): a factor enrolled and verified with a code, as the "Confirm it is you" prompt does.
    const factor = await must('mfa:enroll', { friendly_name: `Soak ${process.pid}` });
    await must('mfa:verify', { factor_id: factor.factor_id, code: totpCode(factor.secret, new Date()) });

    const orgs = (await must('trends:organizations', { limit: 20 })).rows.map((org) => org.id);
    const refundable = await must('payments:list', {
      filters: { status: ['succeeded', 'partially_refunded'], provider: ['manual'], min_amount: 20 },
      limit: 50,
    });
    const payments = refundable.rows.map((row) => row.id);
    if (payments.length === 0) throw new Error('the demo data has no refundable manual payment');

    const actions: string[] = [];
    const decisions = { decided: 0, undone: 0, staleRefused: 0, staleMessages: [] as string[] };
    const refunds = { made: 0, replayed: 0, overRefused: 0, refunded: 0, overMessages: [] as string[] };
    const exportIds: string[] = [];
    let exportRows = 0;
    let queueAfter: ChannelOutput<'reviews:list'>['next_after'] = null;
    let refundSeq = 0;

    const words = ['work', 'pay', 'ann', 'lead', 'north', 'INV-', 'pi_', 'coach', 'x y', 'é'];
    const reviewFilters: ChannelInput<'reviews:list'>['filters'][] = [
      {},
      { status: ['approved'] },
      { status: ['rejected', 'flagged'], min_rating: 2 },
      { type: ['workshop'], verified: true },
      { search: 'great' },
    ];
    const paymentFilters: ChannelInput<'payments:list'>['filters'][] = [
      {},
      { status: ['succeeded'] },
      { provider: ['stripe'], currency: ['USD'] },
      { min_amount: 100, max_amount: 5000 },
      { search: 'INV' },
    ];
    const of = <T>(list: readonly T[]) => list[Math.floor(pick() * list.length)]!;

    /** Waits for an export's last progress event and checks the file it names was written whole. */
    async function exportOnce(): Promise<void> {
      const filters = of<ChannelInput<'payments:export-csv'>['filters']>([
        { provider: ['manual'] },
        { status: ['refunded', 'partially_refunded'] },
        { search: 'INV' },
      ]);
      const result = await call('payments:export-csv', { filters, sort: 'created_at', desc: true });
      if (!result.ok || !result.value.operation_id) return;
      const id = result.value.operation_id;
      exportIds.push(id);
      const ended = () => progress.find((entry) => entry.operation_id === id && entry.phase !== 'running');
      if (!ended()) {
        await new Promise<void>((resolveWait, reject) => {
          const timer = setTimeout(() => reject(new Error(`export ${id} did not end within 60 s`)), 60_000);
          waiters.set(id, () => {
            clearTimeout(timer);
            resolveWait();
          });
        });
        waiters.delete(id);
      }
      const last = ended()!;
      if (last.phase === 'done' && last.result?.file_name) {
        exportRows += last.done;
        const file = join(exportDir, last.result.file_name);
        if ((await stat(file)).size === 0) throw new Error(`export ${id} wrote an empty file`);
        await rm(file);
      }
    }

    const mix: { name: string; weight: number; run: () => Promise<void> }[] = [
      {
        name: 'reviews page',
        weight: 14,
        run: async () => {
          const filters = of(reviewFilters);
          const [page] = await Promise.all([
            call('reviews:list', { filters, limit: 50, ...(filters === reviewFilters[0] && queueAfter ? { after: queueAfter } : {}) }),
            call('reviews:count', { filters }),
          ]);
          if (filters === reviewFilters[0] && page.ok) queueAfter = pick() < 0.7 ? page.value.next_after : null;
        },
      },
      {
        name: 'search everywhere',
        weight: 10,
        run: async () => {
          await call('search:everything', { query: of(words), limit: 10 });
        },
      },
      {
        // Open a pending review, decide, undo; then decide on the version read before: someone else's change.
        name: 'decide and undo',
        weight: 10,
        run: async () => {
          const queue = await call('reviews:list', { filters: { status: ['pending'] }, limit: 50 });
          if (!queue.ok || queue.value.rows.length === 0) return;
          const review = of(queue.value.rows);
          await call('reviews:get', { review_id: review.id });
          const decision = of(['approve', 'reject', 'flag'] as const);
          const decided = await call('reviews:decide', {
            review_id: review.id,
            expected_version: review.version,
            decision,
            ...(decision === 'reject' ? { reason: 'spam' as const } : {}),
          });
          if (!decided.ok) return;
          decisions.decided += 1;
          if ((await call('reviews:undo', { decision_id: decided.value.decision_id })).ok) decisions.undone += 1;
          if (pick() < 0.3) {
            const stale = await call(
              'reviews:decide',
              { review_id: review.id, expected_version: review.version, decision: 'approve' },
              'conflict',
            );
            if (!stale.ok && stale.error.code === 'conflict') {
              decisions.staleRefused += 1;
              if (decisions.staleMessages.length < 3) decisions.staleMessages.push(stale.error.message);
            }
          }
        },
      },
      {
        name: 'payments page',
        weight: 14,
        run: async () => {
          const filters = of(paymentFilters);
          const [page] = await Promise.all([
            call('payments:list', { filters, sort: of(['created_at', 'amount', 'status'] as const), desc: pick() < 0.5, limit: 50 }),
            call('payments:count', { filters }),
            call('payments:totals', { filters }),
          ]);
          if (page.ok && page.value.rows.length > 0) await call('payments:get', { payment_id: of(page.value.rows).id });
        },
      },
      {
        // A small refund (a few replayed with their key, as a retried submission is), then the payment's refunds.
        name: 'refund',
        weight: 8,
        run: async () => {
          const payment = of(payments);
          refundSeq += 1;
          const key = `soak-${process.pid}-${refundSeq}`;
          const amount = Math.round((0.01 + pick() * 0.49) * 100) / 100;
          const input = { payment_id: payment, amount, reason: 'requested_by_customer' as const, idempotency_key: key };
          const made = await call('payments:refund', input);
          if (made.ok) {
            refunds.made += 1;
            refunds.refunded += amount;
            if (pick() < 0.2) {
              const again = await call('payments:refund', input);
              if (again.ok && again.value.replayed && again.value.id === made.value.id) refunds.replayed += 1;
            }
          }
          await call('payments:list-refunds', { filters: { payment_id: payment } });
        },
      },
      {
        // More than is left: refused with the remainder, and nothing is written.
        name: 'refund above the remainder',
        weight: 2,
        run: async () => {
          const detail = await call('payments:get', { payment_id: of(payments) });
          if (!detail.ok) return;
          const { payment } = detail.value;
          const over = await call(
            'payments:refund',
            {
              payment_id: payment.id,
              amount: Math.round((payment.refundable + 1) * 100) / 100,
              reason: 'duplicate',
              idempotency_key: `soak-over-${process.pid}-${(refundSeq += 1)}`,
            },
            'validation',
          );
          if (!over.ok && over.error.code === 'validation') {
            refunds.overRefused += 1;
            if (refunds.overMessages.length < 3) refunds.overMessages.push(over.error.message);
          }
        },
      },
      { name: 'export', weight: 2, run: exportOnce },
      {
        name: 'audit and people',
        weight: 8,
        run: async () => {
          await Promise.all([
            call('audit:list', { filters: {}, limit: 50 }),
            call('users:list', { filters: {}, sort: 'created_at', desc: true, limit: 50 }),
          ]);
        },
      },
      {
        name: 'trends',
        weight: 2,
        run: async () => {
          const chosen = [...new Set([of(orgs), of(orgs)])];
          await call('trends:org-trends', { organization_ids: chosen, months: of([3, 12, 24]), include_platform: pick() < 0.5 });
        },
      },
      {
        name: 'status',
        weight: 4,
        run: async () => {
          await Promise.all([call('auth:status', {}), call('mfa:state', {})]);
        },
      },
    ];
    const totalWeight = mix.reduce((sum, entry) => sum + entry.weight, 0);
    const choose = () => {
      let roll = pick() * totalWeight;
      for (const entry of mix) {
        roll -= entry.weight;
        if (roll < 0) return entry;
      }
      return mix.at(-1)!;
    };

    const samples: MemorySample[] = [];
    const began = performance.now();
    const sample = () => {
      const memory = process.memoryUsage();
      const entry: MemorySample = {
        calls,
        atMs: Math.round(performance.now() - began),
        rssMb: mb(memory.rss),
        heapUsedMb: mb(memory.heapUsed),
        heapTotalMb: mb(memory.heapTotal),
        externalMb: mb(memory.external),
        arrayBuffersMb: mb(memory.arrayBuffers),
      };
      samples.push(entry);
      options.onSample?.(entry);
    };

    let baseline: { handles: Counts; listeners: Counts; heap: number | null } | undefined;
    let nextSample = 0;
    sample();
    while (calls < options.calls) {
      const action = choose();
      actions.push(action.name);
      await action.run();
      if (!baseline && calls >= options.warmup) {
        await settle();
        baseline = { handles: handleCounts(), listeners: listenerCounts(), heap: await collect(gc) };
      }
      if (calls >= nextSample) {
        sample();
        nextSample = calls + options.sampleEvery;
      }
    }
    sample();
    const durationMs = performance.now() - began;

    // Idle: every export has ended (each action waited for its own), nothing is left running.
    const ended = new Set(progress.filter((entry) => entry.phase !== 'running').map((entry) => entry.operation_id));
    const unfinished = [...new Set(progress.map((entry) => entry.operation_id))].filter((id) => !ended.has(id));
    const running = await must('reconciliation:running', {});
    await settle();
    const end = { handles: handleCounts(), listeners: listenerCounts(), heap: await collect(gc) };
    const exportsEnded = exportIds.map((id) => progress.find((entry) => entry.operation_id === id && entry.phase !== 'running'));
    const filesLeftInFolder = (await readdir(exportDir)).length;

    await app.close();
    core = undefined;
    await settle();
    const afterClose = { handles: handleCounts(), listeners: listenerCounts() };

    const secondHalf = samples.slice(Math.floor(samples.length / 2));
    const perThousand = (key: 'rssMb' | 'heapUsedMb' | 'externalMb') =>
      Math.round(slope(secondHalf.map((s) => ({ x: s.calls / 1000, y: s[key] }))) * 1000) / 1000;

    return {
      start: { readyMs, steps },
      calls,
      durationMs: Math.round(durationMs),
      callsPerSecond: Math.round((calls / durationMs) * 1000 * 10) / 10,
      outcomes: countBy(outcomes),
      expectedRefusals: countBy(expected),
      unexpected,
      unexpectedCount,
      actions: countBy(actions),
      decisions,
      refunds: { ...refunds, refunded: Math.round(refunds.refunded * 100) / 100 },
      exports: {
        started: exportIds.length,
        done: exportsEnded.filter((entry) => entry?.phase === 'done').length,
        other: countBy(
          exportsEnded
            .filter((entry) => entry?.phase !== 'done')
            .map((entry) => `${entry?.phase}: ${entry?.error?.message ?? entry?.message}`),
        ),
        rows: exportRows,
        filesLeftInFolder,
      },
      samples,
      slope: {
        rssMbPer1000: perThousand('rssMb'),
        heapUsedMbPer1000: perThousand('heapUsedMb'),
        externalMbPer1000: perThousand('externalMb'),
      },
      rss: { startMb: samples[0]!.rssMb, endMb: samples.at(-1)!.rssMb, peakMb: Math.max(...samples.map((s) => s.rssMb)) },
      gcHeap: baseline?.heap != null && end.heap != null ? { baselineMb: baseline.heap, endMb: end.heap } : null,
      handles: { beforeCore, baseline: baseline?.handles ?? {}, end: end.handles, afterClose: afterClose.handles },
      listeners: { baseline: baseline?.listeners ?? {}, end: end.listeners, afterClose: afterClose.listeners },
      operations: { unfinished, runningImports: running.imports.length },
      warnings,
      logged: countBy(logged),
      sessionEvents: countBy(sessionEvents),
    };
  } finally {
    process.off('warning', onWarning);
    await core?.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
