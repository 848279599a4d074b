// Import a processor export: choose the processor and the file (main opens the dialog), preview what was read
// (columns, a sample, every bad row), fix the column mapping if it was not recognised, accept leaving bad rows out,
// then run with a progress bar and Cancel. Parsing and matching happen in main and SQL; the renderer only follows.
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { call, errorMessage, HgError } from '../../api/client';
import { navigate } from '../../app/route';
import { Banner, ErrorBanner } from '../../ui/feedback';
import { Field } from '../../ui/Field';
import { useToasts } from '../../ui/toasts';
import { MappingForm } from './MappingForm';
import {
  draftFromMapping,
  EMPTY_DRAFT,
  formatBytes,
  mappingFieldOf,
  mappingFromDraft,
  PROCESSOR_LABEL,
  type ColumnMapping,
  type MappedField,
  type MappingDraft,
  type Preview,
  type Processor,
  type Progress,
} from './model';
import { BadRows, SampleRows } from './PreviewDetails';
import { ProgressBar } from '../../ui/ProgressBar';
import { useInvalidateRuns } from './queries';
import { progressView, useOperation } from '../../data/operation';

type Picked = { file_id: string; file_name: string; size_bytes: number };
type ProviderChoice = Processor | 'detect';
const sameDraft = (a: MappingDraft, b: MappingDraft) => JSON.stringify(a) === JSON.stringify(b);

export function ImportPanel() {
  const invalidateRuns = useInvalidateRuns();
  const toasts = useToasts();
  const operation = useOperation('reconciliation-run');
  const [provider, setProvider] = useState<ProviderChoice>('detect');
  const [file, setFile] = useState<Picked | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [draft, setDraft] = useState<MappingDraft>(EMPTY_DRAFT);
  const [missing, setMissing] = useState<MappedField[]>([]);
  const [accepted, setAccepted] = useState(false);
  // An import started before the person left this screen: followed again when they come back.
  const [resumed, setResumed] = useState<{ file_name: string } | null>(null);

  const read = useMutation({
    mutationFn: (input: { file: Picked; provider: ProviderChoice; mapping?: ColumnMapping }) =>
      call('reconciliation:preview', {
        file_id: input.file.file_id,
        ...(input.provider !== 'detect' ? { provider: input.provider } : {}),
        ...(input.mapping ? { mapping: input.mapping } : {}),
      }),
    onSuccess: (result) => {
      setPreview(result);
      setDraft(draftFromMapping(result.mapping, result.headers));
      setMissing([]);
      setAccepted(false);
    },
  });

  const pick = useMutation({
    mutationFn: () => call('reconciliation:pick-file', {}),
    onSuccess: (picked) => {
      if (!picked) return; // the dialog was cancelled: nothing changes
      setResumed(null);
      setFile(picked);
      setPreview(null);
      operation.reset();
      read.mutate({ file: picked, provider });
    },
  });

  const finished = (event: Progress, fileName = file?.file_name) => {
    // Done, failed or cancelled, the run's row in past runs has changed.
    void invalidateRuns();
    if (event.phase !== 'done') return;
    toasts.show({ kind: 'ok', message: `${fileName ?? 'The file'} is reconciled.` });
    if (event.result?.run_id) navigate('reconciliation', event.result.run_id);
  };

  // Once, when the panel opens: an import main is still running (started before the person left this screen) is
  // followed again, with its progress and Cancel.
  useEffect(() => {
    let open = true;
    void call('reconciliation:running', {}).then(
      ({ imports }) => {
        const still = imports[0];
        if (!open || !still) return;
        const name = still.file_name ?? 'the file';
        setResumed({ file_name: name });
        operation.follow(still.operation_id, (event) => finished(event, name));
      },
      () => undefined,
    ); // not found out: the run still shows in past runs, as "not finished" until it ends
    return () => {
      open = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on mount only: later imports are started here
  }, []);

  const effectiveProvider: Processor | null = provider !== 'detect' ? provider : (preview?.provider ?? null);
  const start = useMutation({
    mutationFn: () =>
      call('reconciliation:run', {
        file_id: file!.file_id,
        provider: effectiveProvider!,
        mapping: preview!.mapping!,
        kinds: preview!.kinds,
        ...(accepted ? { accept_bad_rows: true } : {}),
      }),
    onSuccess: (started) => {
      void invalidateRuns(); // the open run is listed at once
      operation.follow(started.operation_id, finished);
    },
  });
  const cancel = useMutation({
    mutationFn: (operation_id: string) => call('reconciliation:cancel', { operation_id }),
  });

  function startOver() {
    setResumed(null);
    setFile(null);
    setPreview(null);
    setDraft(EMPTY_DRAFT);
    setMissing([]);
    setAccepted(false);
    read.reset();
    start.reset();
    operation.reset();
  }

  function previewAgain() {
    const result = mappingFromDraft(draft);
    if (!result.ok) {
      setMissing(result.missing);
      return;
    }
    setMissing([]);
    read.mutate({ file: file!, provider, mapping: result.mapping });
  }

  function chooseProvider(next: ProviderChoice) {
    setProvider(next);
    if (!file || !preview) return;
    const result = mappingFromDraft(draft);
    read.mutate({ file, provider: next, ...(result.ok ? { mapping: result.mapping } : {}) });
  }

  const event = operation.event;
  const running = operation.operationId !== null && (event === null || event.phase === 'running');
  const busy = pick.isPending || read.isPending || start.isPending || running;
  const readError = read.error instanceof HgError ? read.error : null;
  const formError = mappingFieldOf(readError?.field);
  const dirty = preview !== null && !sameDraft(draft, draftFromMapping(preview.mapping, preview.headers));
  const good = preview ? preview.row_count - preview.bad_row_count : 0;
  const needsAccept = (preview?.bad_row_count ?? 0) > 0;
  const canRun = Boolean(
    preview?.mapping && effectiveProvider && !dirty && good > 0 && preview.kinds.length > 0 && (!needsAccept || accepted),
  );
  const runError =
    start.error instanceof HgError
      ? start.error
      : start.error
        ? new HgError({ code: 'internal', message: errorMessage(start.error) })
        : null;

  return (
    <section className="card recon-import" aria-labelledby="recon-import-title">
      <div className="row">
        <h2 id="recon-import-title">Import a processor export</h2>
        <span className="spacer" />
        {file && !running && (
          <button className="btn small" onClick={startOver} disabled={busy}>
            Start over
          </button>
        )}
      </div>

      <div className="filters">
        <Field label="Processor">
          <select className="select" value={provider} disabled={busy} onChange={(e) => chooseProvider(e.target.value as ProviderChoice)}>
            <option value="detect">Detect from the file</option>
            <option value="stripe">Stripe</option>
            <option value="paypal">PayPal</option>
          </select>
        </Field>
        <button className={`btn${file ? '' : ' primary'}`} onClick={() => pick.mutate()} disabled={busy}>
          {file ? 'Choose another file…' : 'Choose CSV file…'}
        </button>
        {file && (
          <p className="recon-file" aria-label="Chosen file">
            <strong>{file.file_name}</strong>{' '}
            <span className="muted">
              {formatBytes(file.size_bytes)}
              {preview && ` · ${preview.row_count.toLocaleString('en')} ${preview.row_count === 1 ? 'row' : 'rows'}`}
            </span>{' '}
            {preview?.provider && provider === 'detect' && (
              <span className="badge accent">Detected: {PROCESSOR_LABEL[preview.provider]}</span>
            )}
          </p>
        )}
      </div>
      {!file && !resumed && (
        <p className="muted">
          Stripe: Payments → Export (CSV), or the balance history. PayPal: Activity → Download (CSV). Matching runs against HumanGlue
          payments and refunds by processor and transaction id.
        </p>
      )}
      {preview && !effectiveProvider && (
        <Banner kind="warn" title="Which processor is this file from?">
          It cannot be told from the file. Choose Stripe or PayPal under Processor.
        </Banner>
      )}
      {pick.isError && <ErrorBanner error={pick.error} title="The file cannot be opened" />}
      {read.isPending && (
        <ProgressBar label="Reading the file" view={{ percent: null, label: `Reading ${file?.file_name ?? 'the file'}…` }} />
      )}
      {read.isError && !formError && (
        <ErrorBanner error={read.error} title="The file cannot be previewed" onRetry={file ? previewAgain : undefined} />
      )}

      {preview && (
        <>
          <section className="stack" aria-labelledby="recon-columns-title">
            <h3 id="recon-columns-title">Columns</h3>
            {!preview.mapping && (
              <Banner kind="warn" title="The columns were not recognised">
                Choose the column of {preview.file_name} that holds each field, then preview again.
              </Banner>
            )}
            <MappingForm
              headers={preview.headers}
              draft={draft}
              onChange={setDraft}
              missing={formError && formError !== 'kind' ? [...missing, formError] : missing}
              disabled={busy}
            />
            {formError && readError && (
              <p className="recon-form-error" role="alert">
                {readError.message}
              </p>
            )}
            {(dirty || !preview.mapping) && (
              <div className="row">
                <button className="btn primary" onClick={previewAgain} disabled={busy}>
                  Preview with this mapping
                </button>
                {missing.length > 0 && <span className="recon-form-error">Choose a column for every field first.</span>}
              </div>
            )}
          </section>

          {preview.mapping && !dirty && (
            <>
              <section className="stack" aria-labelledby="recon-sample-title">
                <h3 id="recon-sample-title">
                  Sample <span className="muted">(first {preview.sample.length} readable rows, as they will be matched)</span>
                </h3>
                <SampleRows preview={preview} />
              </section>
              {needsAccept && (
                <section className="stack" aria-labelledby="recon-bad-title">
                  <h3 id="recon-bad-title">
                    {preview.bad_row_count.toLocaleString('en')} {preview.bad_row_count === 1 ? 'row cannot' : 'rows cannot'} be read
                  </h3>
                  <BadRows preview={preview} />
                  <label className="checkbox recon-accept">
                    <input type="checkbox" checked={accepted} disabled={busy} onChange={(e) => setAccepted(e.target.checked)} />
                    Leave {preview.bad_row_count === 1 ? 'this row' : `these ${preview.bad_row_count.toLocaleString('en')} rows`} out and
                    reconcile the other {good.toLocaleString('en')}
                  </label>
                </section>
              )}
            </>
          )}

          {!running && preview.mapping && !dirty && (
            <div className="row">
              <button className="btn primary" onClick={() => start.mutate()} disabled={!canRun || busy}>
                Reconcile {good.toLocaleString('en')} {good === 1 ? 'row' : 'rows'}
              </button>
              {needsAccept && !accepted && <span className="muted">Accept leaving the unreadable rows out to continue.</span>}
              {good === 0 && <span className="muted">No row can be read with this mapping.</span>}
            </div>
          )}
        </>
      )}
      {resumed && (
        <p className="recon-file" aria-label="File being imported">
          <strong>{resumed.file_name}</strong> <span className="muted">· started before you left this page</span>
        </p>
      )}
      {runError && <ErrorBanner error={runError} title="The run could not start" />}
      {operation.operationId && event?.phase === 'failed' && (
        <Banner kind="error" title="The import failed">
          {event.error?.message ?? event.message}
        </Banner>
      )}
      {operation.operationId && event?.phase === 'cancelled' && (
        <Banner kind="warn" title="Import cancelled">
          {event.message}
        </Banner>
      )}
      {running && (
        <div className="stack">
          <ProgressBar label="Import progress" view={progressView(event)} />
          <div className="row">
            <button className="btn" onClick={() => cancel.mutate(operation.operationId!)} disabled={cancel.isPending}>
              Cancel import
            </button>
            <span className="muted">The import goes on if you leave this page; the run shows in past runs.</span>
          </div>
        </div>
      )}
    </section>
  );
}
