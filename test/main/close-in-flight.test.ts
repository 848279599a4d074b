// Closing the app while an export and an import are running, each with a call on its way to the backend: close()
// stops both between their calls, lets the calls in flight finish on the open backend, and only then closes it. Nothing
// is logged (no "backend is closed", no failed operation), the export leaves no file, and the import's run waits,
// open, to be resumed or discarded at the next start.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createConsoleApp, type ConsoleApp, type Platform } from '../../electron/main/app/console-app.js';
import type { GatewayFetch } from '../../electron/main/local-backend/gateway.js';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../shared/ipc/contract.js';
import type { EventPayload } from '../../shared/ipc/result.js';
import { fakeBox } from './fake-box.js';
import { copyOfTemplate, preparedTemplate } from './local-template.js';

const APP = { url: 'app://console/index.html' };
const PASSWORD = 'HumanGlue-demo-2026!';
const ROWS = 50_000; // chunks of 20 000: the second is in flight at close, the third never goes
let root: string;
const cores: ConsoleApp[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hg-close-'));
  await preparedTemplate();
}, 120_000);
afterAll(async () => {
  await Promise.all(cores.map((core) => core.close()));
  await rm(root, { recursive: true, force: true });
});

function stripeCsv(rows: number): string {
  const lines = ['id,Created (UTC),Amount,Currency,Status'];
  const start = Date.now() - 100 * 86_400_000;
  for (let i = 0; i < rows; i++) {
    lines.push(
      `ch_close${String(i).padStart(6, '0')},${new Date(start + i * 60_000).toISOString().slice(0, 19).replace('T', ' ')},12.50,usd,Paid`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function start(overrides: Partial<Platform> & Pick<Platform, 'dataDir' | 'box'>) {
  const progress: EventPayload<'progress'>[] = [];
  const logged: unknown[] = [];
  const core = createConsoleApp({
    env: {},
    isTrustedSender: ({ url }) => url.startsWith('app://console/'),
    emit: (event, payload) => {
      if (event === 'progress') progress.push(payload as EventPayload<'progress'>);
    },
    files: { chooseOpenFile: async () => null, chooseSaveFile: async () => null, capturePng: async () => Buffer.alloc(0) },
    log: (entry) => logged.push(entry),
    ...overrides,
  });
  cores.push(core);
  const value = async <C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> => {
    const result = await core.router.handle(channel, input, APP);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value as ChannelOutput<C>;
  };
  return { core, value, progress, logged };
}

describe('closing while an export and an import are running', () => {
  it(
    'stops both, lets their calls in flight finish, logs nothing, leaves no file and keeps the import to resume',
    { timeout: 180_000 },
    async () => {
      const dataDir = await copyOfTemplate(join(root, 'data'));
      const files = join(root, 'files');
      await mkdir(files, { recursive: true });
      const csv = join(files, 'close.csv');
      await writeFile(csv, stripeCsv(ROWS));
      const key = randomBytes(32);

      // The export's first page and the import's second chunk are held on their way to the backend until close begins.
      let release!: () => void;
      const closing = new Promise<void>((resolve) => (release = resolve));
      const held = new Set<string>();
      let batches = 0;
      const wrapFetch =
        (inner: GatewayFetch): GatewayFetch =>
        async (input, init) => {
          const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
          const hold = url.includes('/rpc/export_payments')
            ? 'export'
            : url.includes('/rpc/add_reconciliation_batch') && ++batches === 2
              ? 'import'
              : null;
          if (hold) {
            held.add(hold);
            await closing;
          }
          return inner(input, init);
        };
      const consoleError = vi.spyOn(console, 'error');
      const target = join(files, 'payments.csv');
      const { core, value, progress, logged } = start({
        dataDir,
        box: fakeBox('keychain', key),
        wrapFetch,
        files: { chooseOpenFile: async () => csv, chooseSaveFile: async () => target, capturePng: async () => Buffer.alloc(0) },
      });
      await value('auth:sign-in', { email: 'finance@humanglue.dev', password: PASSWORD });

      const picked = (await value('reconciliation:pick-file', {}))!;
      const preview = await value('reconciliation:preview', { file_id: picked.file_id });
      const run = await value('reconciliation:run', {
        file_id: picked.file_id,
        provider: preview.provider!,
        mapping: preview.mapping!,
        kinds: preview.kinds,
      });
      const exported = await value('payments:export-csv', { filters: {} });
      await vi.waitFor(() => expect([...held].sort()).toEqual(['export', 'import']), { timeout: 60_000, interval: 50 });
      expect(await readdir(files)).toContain('payments.csv.partial');

      const closed = core.close();
      release();
      await closed;

      expect(logged).toEqual([]);
      expect(consoleError).not.toHaveBeenCalled();
      consoleError.mockRestore();
      const ends = Object.fromEntries(
        [exported.operation_id!, run.operation_id].map((id) => [id, progress.find((e) => e.operation_id === id && e.phase !== 'running')]),
      );
      expect(ends[exported.operation_id!]).toMatchObject({ phase: 'cancelled', message: 'Export cancelled; payments.csv was not saved.' });
      expect(ends[run.operation_id]).toMatchObject({ phase: 'cancelled', message: expect.stringMatching(/after 40,000 of 50,000 rows/) });
      expect((await readdir(files)).sort()).toEqual(['close.csv']);

      // At the next start the import waits with the chunk that was in flight at close: finished on the open backend.
      const again = start({ dataDir, box: fakeBox('keychain', key) });
      await again.core.ready;
      expect(await again.value('reconciliation:interrupted', {})).toMatchObject({
        runs: [{ run_id: run.run_id, file_name: 'close.csv', staged_rows: 40_000, expected_rows: ROWS, can_resume: true }],
      });
      await again.core.close();
      expect(again.logged).toEqual([]);
    },
  );
});

describe('closing behind a call that does not end', () => {
  it('logs by name the step it is still waiting for, then closes once the call ends', { timeout: 120_000 }, async () => {
    const dataDir = await copyOfTemplate(join(root, 'slow'));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held = false;
    const wrapFetch =
      (inner: GatewayFetch): GatewayFetch =>
      async (input, init) => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        if (url.includes('/rpc/export_payments')) {
          held = true;
          await released;
        }
        return inner(input, init);
      };
    const { core, value, progress, logged } = start({
      dataDir,
      box: fakeBox('keychain', randomBytes(32)),
      wrapFetch,
      files: {
        chooseOpenFile: async () => null,
        chooseSaveFile: async () => join(root, 'slow.csv'),
        capturePng: async () => Buffer.alloc(0),
      },
    });
    await value('auth:sign-in', { email: 'finance@humanglue.dev', password: PASSWORD });
    const exported = await value('payments:export-csv', { filters: {} });
    await vi.waitFor(() => expect(held).toBe(true), { timeout: 30_000, interval: 20 });

    const closed = core.close();
    // the export cannot stop before its page comes back: after 10 s closing says what it waits for
    await vi.waitFor(() => expect(logged).toHaveLength(1), { timeout: 15_000, interval: 100 });
    expect(logged).toEqual([
      { kind: 'app-error', message: 'closing has waited 10 s for the running imports and exports to stop', error: null },
    ]);
    release();
    await closed;
    expect(logged).toHaveLength(1);
    expect(progress.find((e) => e.operation_id === exported.operation_id && e.phase !== 'running')).toMatchObject({ phase: 'cancelled' });
  });
});
