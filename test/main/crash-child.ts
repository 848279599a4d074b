// A console core in a process of its own, for crash-recovery.test.ts to kill with SIGKILL in the middle of work.
// Usage: tsx test/main/crash-child.ts <dataDir> <job> <keychain key, hex> <work folder>
//   import           three reconciliation imports of 30 000 rows; "midway" once each is held where importJob says
//   import-live      one import of 50 000 rows; "midway" as its second chunk goes into the database (not held)
//   export           a payments CSV export; "midway" when its first page is on its way (the header is written)
//   refund-sent      a 1.00 refund; "midway" when its call is on its way to the backend (held there)
//   refund-answered  the same; "midway" once the backend has answered (the answer is held from the core)
// It prints one JSON object a line ({ midway: … } or { error: … }) and then waits to be killed.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createConsoleApp } from '../../electron/main/app/console-app.js';
import { totpCode } from '../../electron/main/local-backend/gotrue-mfa.js';
import type { GatewayFetch } from '../../electron/main/local-backend/gateway.js';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../shared/ipc/contract.js';
import type { EventPayload } from '../../shared/ipc/result.js';
import { fakeBox } from './fake-box.js';

const [dataDir, job, keyHex, work] = process.argv.slice(2) as [string, string, string, string];
const APP = { url: 'app://console/index.html' };
const PASSWORD = 'HumanGlue-demo-2026!';
const IMPORT_ROWS = 30_000;
const LIVE_ROWS = 50_000;

const say = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
const never = () => new Promise<never>(() => undefined);
const opens: string[] = [];
const progress: EventPayload<'progress'>[] = [];
let hold: ((url: string, pass: () => Promise<Response>, body?: string) => Promise<Response>) | undefined;

const core = createConsoleApp({
  dataDir,
  box: fakeBox('keychain', Buffer.from(keyHex, 'hex')),
  env: {},
  isTrustedSender: () => true,
  emit: (event, payload) => {
    if (event === 'progress') progress.push(payload as EventPayload<'progress'>);
  },
  files: {
    chooseOpenFile: async () => opens.shift() ?? null,
    chooseSaveFile: async ({ defaultName }) => join(work, defaultName),
    capturePng: async () => Buffer.alloc(0),
  },
  wrapFetch:
    (inner: GatewayFetch): GatewayFetch =>
    (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const body = typeof init?.body === 'string' ? init.body : undefined;
      return hold ? hold(url, () => inner(input, init), body) : inner(input, init);
    },
  log: (entry) => say({ log: String((entry as { message?: unknown }).message ?? 'entry') }),
});

async function invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const result = await core.router.handle(channel, input, APP);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value as ChannelOutput<C>;
}

function stripeCsv(prefix: string, rows: number): string {
  const lines = ['id,Created (UTC),Amount,Currency,Status'];
  const start = Date.now() - 200 * 86_400_000;
  for (let i = 0; i < rows; i++) {
    const created = new Date(start + i * 250_000).toISOString().slice(0, 19).replace('T', ' ');
    lines.push(`ch_${prefix}${String(i).padStart(7, '0')},${created},${((i % 9000) / 100 + 1).toFixed(2)},usd,Paid`);
  }
  return `${lines.join('\n')}\n`;
}

async function importJob() {
  // Three imports, held where a crash would catch them (and killed there): crash-a and crash-c after their first
  // chunk of 20 000 rows (the second is on its way), crash-b with every row staged and only the finishing left.
  const names = ['crash-a.csv', 'crash-b.csv', 'crash-c.csv'];
  const runs = new Map<string, string>(); // run id → file name
  const batches = new Map<string, number>();
  const held = new Set<string>();
  hold = async (url, pass, body) => {
    const runId = /"p_run_id":"([^"]+)"/.exec(body ?? '')?.[1];
    const name = runId ? runs.get(runId) : undefined;
    if (!name) return pass();
    if (url.includes('/rpc/add_reconciliation_batch') && name !== 'crash-b.csv') {
      const n = (batches.get(name) ?? 0) + 1;
      batches.set(name, n);
      if (n < 2) return pass();
    } else if (!(url.includes('/rpc/finish_reconciliation') && name === 'crash-b.csv')) {
      return pass();
    }
    held.add(name);
    if (held.size === names.length) say({ midway: 'import', files: names.map((file) => join(work, file)) });
    return never();
  };
  for (const name of names) {
    const path = join(work, name);
    await writeFile(path, stripeCsv(name.slice(6, 7), IMPORT_ROWS));
    opens.push(path);
    const picked = (await invoke('reconciliation:pick-file', {}))!;
    const preview = await invoke('reconciliation:preview', { file_id: picked.file_id });
    // The run's id comes back before its first chunk is sent (operations.ts starts the work on the next turn).
    const started = await invoke('reconciliation:run', {
      file_id: picked.file_id,
      provider: preview.provider!,
      mapping: preview.mapping!,
      kinds: preview.kinds,
    });
    runs.set(started.run_id, name);
  }
}

/** One import killed while PGlite writes a chunk: "midway" as its second call has gone in (not held). */
async function liveImportJob() {
  let batches = 0;
  hold = async (url, pass) => {
    if (!url.includes('/rpc/add_reconciliation_batch')) return pass();
    batches += 1;
    if (batches === 1) return pass();
    if (batches > 2) return never(); // the kill lands during the second chunk's write or just after it, never later
    const answer = pass();
    say({ midway: 'import-live' });
    return answer;
  };
  const path = join(work, 'crash-live.csv');
  await writeFile(path, stripeCsv('l', LIVE_ROWS));
  opens.push(path);
  const picked = (await invoke('reconciliation:pick-file', {}))!;
  const preview = await invoke('reconciliation:preview', { file_id: picked.file_id });
  await invoke('reconciliation:run', {
    file_id: picked.file_id,
    provider: preview.provider!,
    mapping: preview.mapping!,
    kinds: preview.kinds,
  });
}

async function exportJob() {
  hold = async (url, pass) => {
    if (!url.includes('/rpc/export_payments')) return pass();
    say({ midway: 'export' });
    return never();
  };
  await invoke('payments:export-csv', { filters: {} });
}

async function refundJob(answered: boolean) {
  const enrolled = await invoke('mfa:enroll', { friendly_name: 'Crash test phone' });
  await invoke('mfa:verify', { factor_id: enrolled.factor_id, code: totpCode(enrolled.secret) });
  const page = await invoke('payments:list', { filters: { status: ['succeeded'], provider: ['manual'], min_amount: 50 }, limit: 1 });
  const payment = page.rows[0];
  if (!payment) throw new Error('no refundable manual payment in the demo data');
  const before = await invoke('payments:get', { payment_id: payment.id });
  hold = async (url, pass) => {
    if (!url.includes('/rpc/refund_payment')) return pass();
    if (!answered) {
      say({ midway: 'refund-sent', payment_id: payment.id, refunds_before: before.refunds.length });
      return never();
    }
    const response = await pass();
    say({ midway: 'refund-answered', status: response.status, payment_id: payment.id, refunds_before: before.refunds.length });
    return never();
  };
  await invoke('payments:refund', { payment_id: payment.id, amount: 1, reason: 'other', idempotency_key: `crash-${Date.now()}` });
}

try {
  await core.ready;
  await invoke('auth:sign-in', { email: 'finance@humanglue.dev', password: PASSWORD });
  const jobs: Record<string, () => Promise<void>> = {
    import: importJob,
    'import-live': liveImportJob,
    export: exportJob,
    'refund-sent': () => refundJob(false),
    'refund-answered': () => refundJob(true),
  };
  const run = jobs[job];
  if (!run) throw new Error(`unknown job ${job}`);
  await run();
  setInterval(() => undefined, 60_000); // held calls keep nothing open: stay until killed
} catch (error) {
  say({ error: (error as Error).message });
  process.exit(1);
}
