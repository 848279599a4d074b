// Imports that stopped part-way (the app was closed or crashed mid-file, or the import was cancelled or failed): one
// banner each, with what was staged, Resume (from the staged rows, with the same file) when main can, and Discard
// (after a confirmation: the staged rows go). Nothing of such a run is reconciled until it is finished.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ChannelOutput } from '../../../../shared/ipc/contract';
import { call } from '../../api/client';
import { navigate } from '../../app/route';
import { progressView, useOperation } from '../../data/operation';
import { Banner, ErrorBanner } from '../../ui/feedback';
import { formatDateTime } from '../../ui/format';
import { ProgressBar } from '../../ui/ProgressBar';
import { useToasts } from '../../ui/toasts';
import { interruptedProgress, type Progress } from './model';
import { RUNS_KEY, useInvalidateRuns } from './queries';

type Interrupted = ChannelOutput<'reconciliation:interrupted'>['runs'][number];

const rows = (n: number) => `${n.toLocaleString('en')} ${n === 1 ? 'row' : 'rows'}`;

export function InterruptedImports() {
  const list = useQuery({ queryKey: [RUNS_KEY, 'interrupted'], queryFn: () => call('reconciliation:interrupted', {}) });
  const runs = list.data?.runs ?? [];
  if (list.isError)
    return <ErrorBanner error={list.error} title="Interrupted imports could not be listed" onRetry={() => void list.refetch()} />;
  if (runs.length === 0) return null;
  return (
    <section className="card recon-interrupted stack" aria-labelledby="recon-interrupted-title">
      <h2 id="recon-interrupted-title">Interrupted imports</h2>
      <p className="muted">
        {runs.length === 1 ? 'This import' : 'These imports'} stopped before the end (the console was closed, the import was cancelled, or
        it failed). Nothing of {runs.length === 1 ? 'it' : 'them'} is reconciled yet.
      </p>
      {runs.map((run) => (
        <InterruptedImport key={run.run_id} run={run} />
      ))}
    </section>
  );
}

function InterruptedImport({ run }: { run: Interrupted }) {
  const invalidateRuns = useInvalidateRuns();
  const toasts = useToasts();
  const operation = useOperation('reconciliation-run');
  const [confirming, setConfirming] = useState(false);

  const finished = (event: Progress) => {
    void invalidateRuns();
    if (event.phase !== 'done') return;
    toasts.show({ kind: 'ok', message: `${run.file_name} is reconciled.` });
    if (event.result?.run_id) navigate('reconciliation', event.result.run_id);
  };
  const resume = useMutation({
    mutationFn: () => call('reconciliation:resume', { run_id: run.run_id }),
    onSuccess: (started) => operation.follow(started.operation_id, finished),
  });
  const discard = useMutation({
    mutationFn: () => call('reconciliation:discard', { run_id: run.run_id }),
    onSuccess: (gone) => {
      toasts.show({ kind: 'ok', message: `The interrupted import of ${gone.file_name} was discarded.` });
      void invalidateRuns();
    },
  });

  const event = operation.event;
  const running = operation.operationId !== null && (event === null || event.phase === 'running');
  const busy = resume.isPending || discard.isPending || running;
  const staged = interruptedProgress(run);

  return (
    <Banner
      kind="warn"
      title={`Interrupted import: ${run.file_name}`}
      action={
        !running && (
          <div className="row recon-interrupted-actions">
            {confirming ? (
              <>
                <button className="btn small danger" onClick={() => discard.mutate()} disabled={busy}>
                  Discard {rows(run.staged_rows)}
                </button>
                <button className="btn small" onClick={() => setConfirming(false)} disabled={busy}>
                  Keep
                </button>
              </>
            ) : (
              <>
                {run.can_resume && (
                  <button className="btn small primary" onClick={() => resume.mutate()} disabled={busy}>
                    Resume
                  </button>
                )}
                <button className="btn small" onClick={() => setConfirming(true)} disabled={busy}>
                  Discard
                </button>
              </>
            )}
          </div>
        )
      }
    >
      <p>
        Started {formatDateTime(run.created_at)}; {staged}.
        {confirming && ' Discarding deletes the run and its staged rows; import the file again to reconcile it.'}
      </p>
      {!run.can_resume && run.resume_note && <p className="muted">{run.resume_note}</p>}
      {running && <ProgressBar label={`Resuming ${run.file_name}`} view={progressView(event)} />}
      {operation.operationId && event?.phase === 'failed' && <p role="alert">{event.error?.message ?? event.message}</p>}
      {resume.isError && <ErrorBanner error={resume.error} title="The import could not be resumed" />}
      {discard.isError && <ErrorBanner error={discard.error} title="The import could not be discarded" />}
    </Banner>
  );
}
