// The app killed mid-work (SIGKILL: no close, no cleanup) and started again on the same data folder, as a person
// whose laptop froze would. The core runs in a child process (crash-child.ts) on a copy of a prepared local backend;
// the test kills that very process (no wrapper in between) once the work is midway, then starts a new core on the
// folder here. What must hold:
//   - the local database opens, and the session is still there;
//   - an import cut short is listed as interrupted, with the rows it had staged, and can be resumed from the same file
//     to the same result as an uninterrupted import, or discarded;
//   - an export cut short leaves no file: neither under the chosen name nor its temporary `.partial`;
//   - a refund cut short exists once or not at all, and the payment's refunded amount is the sum of its ledger.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleApp, type ConsoleApp } from '../../electron/main/app/console-app.js';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../shared/ipc/contract.js';
import type { EventPayload } from '../../shared/ipc/result.js';
import { fakeBox } from './fake-box.js';
import { copyOfTemplate, preparedTemplate } from './local-template.js';

const APP = { url: 'app://console/index.html' };
const ROOT_DIR = join(import.meta.dirname, '../..');
// node itself with tsx's loader, not the tsx command: that one runs the script in a child process of its own, which
// a SIGKILL of the command leaves running (still holding the database open).
const TSX_LOADER = join(ROOT_DIR, 'node_modules/tsx/dist/loader.mjs');
const CHILD = join(import.meta.dirname, 'crash-child.ts');
const IMPORT_ROWS = 30_000; // crash-child.ts's files: a chunk of 20 000, then 10 000

let root: string;
const cores: ConsoleApp[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hg-crash-'));
  await preparedTemplate();
}, 120_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(cores.map((core) => core.close()));
  await rm(root, { recursive: true, force: true });
});

interface Scene {
  dataDir: string;
  work: string;
  key: NonNullable<Parameters<typeof fakeBox>[1]>;
}

async function scene(name: string): Promise<Scene> {
  const dataDir = await copyOfTemplate(join(root, name, 'data'));
  const work = join(root, name, 'files');
  await mkdir(work, { recursive: true });
  return { dataDir, work, key: randomBytes(32) };
}

/** Runs the job in a child core, waits for its "midway" line and kills it there with SIGKILL. */
async function killMidway(at: Scene, job: string): Promise<Record<string, unknown>> {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, CHILD, at.dataDir, job, at.key.toString('hex'), at.work], {
    cwd: ROOT_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const midway = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${job}: no midway line within 45 s\n${stderr}`)), 45_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const message = JSON.parse(line) as Record<string, unknown>;
      if (message.midway) {
        clearTimeout(timer);
        resolve(message);
      } else if (message.error) {
        clearTimeout(timer);
        reject(new Error(`${job}: ${String(message.error)}`));
      }
    });
    child.once('exit', (code) => reject(new Error(`${job}: the child ended (${code}) before midway\n${stderr}`)));
  });
  child.kill('SIGKILL');
  await exited;
  expect(child.signalCode).toBe('SIGKILL');
  return midway;
}

/** The app started again on the folder, as after the crash. */
function restart(at: Scene, progress: EventPayload<'progress'>[] = []) {
  const core = createConsoleApp({
    dataDir: at.dataDir,
    box: fakeBox('keychain', at.key),
    env: {},
    isTrustedSender: ({ url }) => url.startsWith('app://console/'),
    emit: (event, payload) => {
      if (event === 'progress') progress.push(payload as EventPayload<'progress'>);
    },
    files: { chooseOpenFile: async () => null, chooseSaveFile: async () => null, capturePng: async () => Buffer.alloc(0) },
    log: () => undefined,
  });
  cores.push(core);
  const invoke = async <C extends ChannelName>(channel: C, input: ChannelInput<C>) => core.router.handle(channel, input, APP);
  const value = async <C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> => {
    const result = await invoke(channel, input);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value as ChannelOutput<C>;
  };
  return { core, invoke, value, progress };
}

async function finished(progress: EventPayload<'progress'>[], operationId: string, timeoutMs = 45_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const end = progress.find((e) => e.operation_id === operationId && e.phase !== 'running');
    if (end) return end;
    if (Date.now() > until) throw new Error(`operation ${operationId} did not end within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('killed mid-work and started again', () => {
  it(
    'imports cut short are listed as interrupted; they resume to the end from their staged rows, or are discarded',
    { timeout: 180_000 },
    async () => {
      const at = await scene('import');
      await killMidway(at, 'import');

      const { core, invoke, value, progress } = restart(at);
      await expect(core.ready).resolves.toMatchObject({ signedIn: true, user: { email: 'finance@humanglue.dev' } });

      const { runs } = await value('reconciliation:interrupted', {});
      const byName = Object.fromEntries(runs.map((run) => [run.file_name, run]));
      expect(Object.keys(byName).sort()).toEqual(['crash-a.csv', 'crash-b.csv', 'crash-c.csv']);
      for (const run of runs) {
        expect(run).toMatchObject({ provider: 'stripe', expected_rows: IMPORT_ROWS, can_resume: true, resume_note: null });
      }
      // Whole calls of 20 000 only: a call cut short by the kill left nothing.
      expect(byName['crash-a.csv']!.staged_rows).toBe(20_000);
      expect(byName['crash-c.csv']!.staged_rows).toBe(20_000);
      expect(byName['crash-b.csv']!.staged_rows).toBe(IMPORT_ROWS);

      // a: the rest of the file is staged, then the run finishes; b: every row was there, only finishing was left.
      for (const name of ['crash-a.csv', 'crash-b.csv']) {
        const run = byName[name]!;
        const resumed = await value('reconciliation:resume', { run_id: run.run_id });
        expect(await finished(progress, resumed.operation_id)).toMatchObject({ phase: 'done', result: { run_id: run.run_id } });
        // Every row once: none staged before the kill was sent again (a repeated line would have been refused).
        expect(await value('reconciliation:get-run', { run_id: run.run_id })).toMatchObject({
          status: 'completed',
          row_count: IMPORT_ROWS,
          duplicate_in_file: 0,
          missing_in_humanglue: IMPORT_ROWS, // the file's charges are not HumanGlue's
        });
      }

      const c = byName['crash-c.csv']!;
      expect(await value('reconciliation:discard', { run_id: c.run_id })).toEqual({
        run_id: c.run_id,
        file_name: 'crash-c.csv',
        staged_rows: c.staged_rows,
      });
      expect(await invoke('reconciliation:get-run', { run_id: c.run_id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect(await value('reconciliation:interrupted', {})).toEqual({ runs: [] });

      // Neither can be resumed or discarded again: one is finished, the other gone.
      expect(await invoke('reconciliation:discard', { run_id: byName['crash-a.csv']!.run_id })).toMatchObject({
        ok: false,
        error: { code: 'conflict', message: expect.stringMatching(/already finished/) },
      });
      expect(await invoke('reconciliation:resume', { run_id: c.run_id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    },
  );

  it(
    'an import killed while the database writes a chunk keeps whole chunks only, and resumes to the same end',
    { timeout: 120_000 },
    async () => {
      const at = await scene('import-live');
      await killMidway(at, 'import-live');

      const { core, value, progress } = restart(at);
      await core.ready; // the database recovers from the kill and opens
      const { runs } = await value('reconciliation:interrupted', {});
      expect(runs).toHaveLength(1);
      const [run] = runs;
      // The chunk being written when the process died is all there or not there at all.
      expect([20_000, 40_000]).toContain(run!.staged_rows);
      expect(run).toMatchObject({ file_name: 'crash-live.csv', expected_rows: 50_000, can_resume: true });
      const resumed = await value('reconciliation:resume', { run_id: run!.run_id });
      const end = await finished(progress, resumed.operation_id);
      expect(`${end.phase}: ${end.message ?? ''}`).toMatch(/^done/);
      expect(await value('reconciliation:get-run', { run_id: run!.run_id })).toMatchObject({
        status: 'completed',
        row_count: 50_000,
        duplicate_in_file: 0,
      });
    },
  );

  it('an export cut short leaves no file behind once the app starts again', { timeout: 90_000 }, async () => {
    const at = await scene('export');
    await killMidway(at, 'export');
    // The kill left the temporary file: the header was written, the rows never came.
    const left = await readdir(at.work);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^payments-.*\.csv\.partial$/);

    const { core, value } = restart(at);
    await core.ready;
    expect(await readdir(at.work)).toEqual([]);
    expect(existsSync(join(at.dataDir, 'unfinished-work'))).toBe(true);
    expect((await readdir(join(at.dataDir, 'unfinished-work'))).filter((name) => name.startsWith('temp-'))).toEqual([]);
    expect(await value('auth:status', {})).toMatchObject({ state: 'signed_in' });
  });

  for (const job of ['refund-sent', 'refund-answered'] as const) {
    it(
      `a refund cut short (${job === 'refund-sent' ? 'before the backend had it' : 'after the backend answered'}) exists ${job === 'refund-sent' ? 'not at all' : 'once'}, and the payment agrees with its ledger`,
      { timeout: 90_000 },
      async () => {
        const at = await scene(job);
        const midway = (await killMidway(at, job)) as { payment_id: string; refunds_before: number; status?: number };
        if (job === 'refund-answered') expect(midway.status).toBe(200);

        const { core, value } = restart(at);
        await core.ready;
        const { payment, refunds } = await value('payments:get', { payment_id: midway.payment_id });
        expect(refunds).toHaveLength(midway.refunds_before + (job === 'refund-sent' ? 0 : 1));
        if (job === 'refund-answered') {
          expect(refunds.filter((refund) => refund.amount === 1 && refund.status === 'succeeded')).toHaveLength(1);
        }
        const ledger = refunds.filter((refund) => refund.status === 'succeeded').reduce((sum, refund) => sum + refund.amount, 0);
        expect(payment.refund_amount).toBeCloseTo(ledger, 2);
        expect(payment.refundable).toBeCloseTo(payment.amount - payment.refund_amount - pendingOf(refunds), 2);
      },
    );
  }
});

/** Refunds still waiting (for approval or the processor) hold part of the remainder too. */
function pendingOf(refunds: readonly { status: string; amount: number }[]): number {
  return refunds.filter((r) => r.status === 'pending' || r.status === 'pending_approval').reduce((sum, r) => sum + r.amount, 0);
}
