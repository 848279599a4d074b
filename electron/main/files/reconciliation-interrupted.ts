// Imports that stopped part-way: the app was killed or quit mid-file, or the import was cancelled or failed. Their
// runs stay open in the database with the rows staged so far. `interrupted` lists the caller's open runs that no
// import of this app is working on; `resume` stages the rest from the same file (the rows already staged are skipped:
// they were staged in file order, a call at a time, each all or nothing) and finishes the run; `discard` throws the
// run away (console.discard_reconciliation_run, 019).
import type { reconciliationFileChannels } from '../../../shared/ipc/reconciliation.js';
import type { Capability } from '../../../shared/ipc/capabilities.js';
import { IpcFailure } from '../ipc/errors.js';
import type { DomainHandlers } from '../ipc/handlers.js';
import { one } from '../services/rpc.js';
import { requireCapability } from './access.js';
import { sniffCsv } from './csv-read.js';
import { fileFailure } from './csv-write.js';
import type { FileDeps } from './deps.js';
import { stageAndFinish } from './reconciliation-files.js';
import type { ImportRecord } from './work-journal.js';

type InterruptedChannels = Pick<
  typeof reconciliationFileChannels,
  'reconciliation:interrupted' | 'reconciliation:resume' | 'reconciliation:discard'
>;

const CAPABILITY: Capability = 'reconciliation.run';
/** Open runs listed at most; an interrupted import is rare, a hundred of them is a list to clean, not to page. */
const LISTED = 100;

const count = (n: number) => n.toLocaleString('en-US');

type Resumable = { ok: true; record: ImportRecord; complete: boolean } | { ok: false; note: string };

export function interruptedImportHandlers(deps: FileDeps): DomainHandlers<InterruptedChannels> {
  const { auth, call, registry, operations, journal } = deps;

  const runningRuns = () => new Set(operations.running(['reconciliation-run']).map((op) => op.subject.run_id));

  /** Whether the run can be resumed, and from what; `staged` is what the run holds now. */
  async function resumable(runId: string, staged: number): Promise<Resumable> {
    const record = await journal?.importOf(runId);
    if (!record) {
      return {
        ok: false,
        note: 'This import was not started by this app on this computer, so its file is unknown. Discard it and import the file again.',
      };
    }
    if (staged >= record.expected_rows) return { ok: true, record, complete: true };
    try {
      const now = await registry.version({ path: record.path, name: record.name });
      if (now.size !== record.size || now.mtimeMs !== record.mtimeMs) {
        return { ok: false, note: `${record.name} has changed since the import started. Discard this run and import the file again.` };
      }
    } catch {
      return { ok: false, note: `${record.name} is no longer where it was imported from. Discard this run and import the file again.` };
    }
    return { ok: true, record, complete: false };
  }

  async function openRun(runId: string) {
    const run = one(await call('get_reconciliation_run', { p_run_id: runId }), 'The reconciliation run');
    if (run.status !== 'open') {
      throw new IpcFailure('conflict', `The import of ${run.file_name} has already finished; there is nothing to resume or discard.`);
    }
    if (runningRuns().has(runId)) {
      throw new IpcFailure('conflict', `${run.file_name} is still being imported. Wait for it, or cancel it first.`);
    }
    return run;
  }

  return {
    'reconciliation:interrupted': async () => {
      requireCapability(auth, CAPABILITY);
      const me = auth.status().user?.id;
      if (!me) return { runs: [] };
      const rows = await call('list_reconciliation_runs', { p_status: 'open', p_created_by: me, p_desc: true, p_limit: LISTED });
      const running = runningRuns();
      const runs = [];
      for (const run of rows ?? []) {
        if (running.has(run.id)) continue;
        const record = await journal?.importOf(run.id);
        const check = await resumable(run.id, run.row_count);
        runs.push({
          run_id: run.id,
          provider: run.provider,
          file_name: run.file_name,
          created_at: run.created_at,
          staged_rows: run.row_count,
          expected_rows: record?.expected_rows ?? null,
          can_resume: check.ok,
          resume_note: check.ok ? null : check.note,
        });
      }
      return { runs };
    },

    'reconciliation:resume': async (input) => {
      requireCapability(auth, CAPABILITY);
      const run = await openRun(input.run_id);
      const check = await resumable(run.id, run.row_count);
      if (!check.ok) throw new IpcFailure('conflict', check.note, { field: 'run_id' });
      const { record } = check;
      const file = { path: record.path, name: record.name };
      const total = record.summary.row_count;
      operations.ensureCapacity();
      if (check.complete) {
        // Every row is staged: only the matching of finish_reconciliation was left.
        const operation_id = operations.start(
          'reconciliation-run',
          { total, subject: { run_id: run.id, file_name: record.name }, message: `Finishing the import of ${record.name}` },
          async (ctx) => {
            ctx.commit();
            ctx.progress(total, 'Matching the rows against HumanGlue payments and refunds…', { force: true });
            const done = one(await call('finish_reconciliation', { p_run_id: run.id }), 'The reconciliation run');
            await journal?.forgetImport(run.id).catch(() => undefined);
            return { run_id: done.id, file_name: null };
          },
        );
        return { operation_id, run_id: run.id };
      }
      let shape;
      try {
        shape = await sniffCsv(record.path, record.name);
      } catch (error) {
        throw fileFailure(error, record.name, 'read');
      }
      const job = {
        file,
        shape,
        input: { provider: record.provider, mapping: record.mapping, kinds: record.kinds },
        summary: record.summary,
        expectedBad: record.expected_bad,
        runId: run.id,
        skip: run.row_count,
      };
      const operation_id = operations.start(
        'reconciliation-run',
        {
          total,
          subject: { run_id: run.id, file_name: record.name },
          message: `Resuming ${record.name} after ${count(run.row_count)} staged rows`,
          cancelledMessage: (done) =>
            `Import cancelled after ${count(done)} of ${count(total)} rows. The run was left open and unreconciled: resume or discard it under "Interrupted imports".`,
        },
        (ctx) => stageAndFinish(deps, ctx, job),
      );
      return { operation_id, run_id: run.id };
    },

    'reconciliation:discard': async (input) => {
      requireCapability(auth, CAPABILITY);
      await openRun(input.run_id);
      const discarded = one(await call('discard_reconciliation_run', { p_run_id: input.run_id }), 'The reconciliation run');
      await journal?.forgetImport(input.run_id).catch(() => undefined);
      return { run_id: discarded.run_id, file_name: discarded.file_name, staged_rows: discarded.staged_rows };
    },
  };
}
