// One reconciliation run (#/reconciliation/<run id>): who ran it on which file, its outcomes and totals per
// currency, the items (filtered by outcome and kind) and a CSV export with progress and Cancel.
import { useMutation } from '@tanstack/react-query';
import { call, HgError } from '../../api/client';
import { routeHref } from '../../app/route';
import { Banner, EmptyState, ErrorBanner, Skeleton } from '../../ui/feedback';
import { Field } from '../../ui/Field';
import { formatDate, formatDateTime } from '../../ui/format';
import { usePersistedState } from '../../ui/persisted';
import { ColumnPicker } from '../../ui/table/ColumnPicker';
import { DataTable } from '../../ui/table/DataTable';
import { usePagedRows } from '../../ui/table/paging';
import { useToasts } from '../../ui/toasts';
import { itemColumns } from './columns';
import {
  columnVisibilityState,
  ITEM_COLUMNS_KEY,
  ITEM_FILTER_DEFAULTS,
  ITEM_FILTERS_KEY,
  itemFilterState,
  itemFiltersInput,
  type ItemFilterState,
} from './filters';
import { itemCount, OUTCOME_LABEL, OUTCOMES, processorLabel, type Outcome } from './model';
import { ProgressBar } from '../../ui/ProgressBar';
import { CurrencyTotals, OutcomeCounts } from './RunTotals';
import { useRun, useRunItems } from './queries';
import { progressView, useOperation } from '../../data/operation';

export function RunView(props: { runId: string }) {
  const { runId } = props;
  const toasts = useToasts();
  const run = useRun(runId);
  const [filters, setFilters] = usePersistedState(ITEM_FILTERS_KEY, itemFilterState, ITEM_FILTER_DEFAULTS);
  const [chosenColumns, setVisibility] = usePersistedState(ITEM_COLUMNS_KEY, columnVisibilityState, {});
  // A run of one kind (a Stripe payments export) has nothing to tell apart by kind: no Kind column or filter.
  const oneKind = (run.data?.kinds.length ?? 0) === 1;
  const visibility = oneKind ? { ...chosenColumns, kind: false } : chosenColumns;
  const shownColumns = oneKind ? itemColumns.filter((column) => column.id !== 'kind') : itemColumns;
  const completed = run.data?.status === 'completed';
  const input = itemFiltersInput(oneKind ? { ...filters, kind: 'all' } : filters);
  const items = useRunItems(runId, input, completed);
  const pagedItems = usePagedRows(items);
  const exporting = useOperation('reconciliation-export');
  const startExport = useMutation({
    mutationFn: () => call('reconciliation:export-csv', { run_id: runId, filters: input }),
    onSuccess: ({ operation_id }) => {
      if (!operation_id) return; // the save dialog was cancelled
      exporting.follow(operation_id, (event) => {
        if (event.phase === 'done') toasts.show({ kind: 'ok', message: `Saved ${event.result?.file_name ?? 'the export'}.` });
      });
    },
  });
  const cancelExport = useMutation({ mutationFn: (operation_id: string) => call('reconciliation:cancel', { operation_id }) });
  const set = (patch: Partial<ItemFilterState>) => setFilters((previous) => ({ ...previous, ...patch }));

  const back = (
    <a href={routeHref('reconciliation')} className="recon-back">
      ← Reconciliation
    </a>
  );
  if (run.isPending) {
    return (
      <div className="page recon-page">
        {back}
        <Skeleton lines={8} />
      </div>
    );
  }
  if (run.isError) {
    const missing = run.error instanceof HgError && run.error.code === 'not_found';
    return (
      <div className="page recon-page">
        {back}
        <h1>Reconciliation run</h1>
        {missing ? (
          <EmptyState title="This run does not exist">The link may be mistyped. Open a run from the list of past runs.</EmptyState>
        ) : (
          <ErrorBanner error={run.error} title="The run cannot be loaded" onRetry={() => void run.refetch()} />
        )}
      </div>
    );
  }

  const data = run.data;
  const exportEvent = exporting.event;
  const exportRunning = exporting.operationId !== null && (exportEvent === null || exportEvent.phase === 'running');
  const shown = itemCount(data, input);
  return (
    <div className="page recon-page">
      {back}
      <header className="page-header">
        <div>
          <h1>{data.file_name}</h1>
          <p className="subtitle">
            {processorLabel(data.provider)} · {data.kinds.map((k) => (k === 'refund' ? 'refunds' : 'payments')).join(' and ')} · imported by{' '}
            {data.created_by_name ?? data.created_by_email ?? 'someone no longer on staff'} on {formatDateTime(data.created_at)}
            {data.period_from && ` · file covers ${formatDate(data.period_from)} – ${formatDate(data.period_to)}`}
          </p>
        </div>
        <span className="spacer" />
        {completed && (
          <button className="btn" onClick={() => startExport.mutate()} disabled={startExport.isPending || exportRunning}>
            Export CSV{Object.keys(input).length > 0 ? ' (filtered)' : ''}
          </button>
        )}
      </header>

      {!completed && (
        <Banner kind="warn" title="This run did not finish">
          It was cancelled or failed while the file was being imported, so nothing was matched. Import the file again to reconcile it.
        </Banner>
      )}
      {startExport.isError && <ErrorBanner error={startExport.error} title="The export could not start" />}
      {exporting.operationId && exportRunning && (
        <div className="card recon-export">
          <ProgressBar label="Export progress" view={progressView(exportEvent)} />
          <button className="btn small" onClick={() => cancelExport.mutate(exporting.operationId!)} disabled={cancelExport.isPending}>
            Cancel export
          </button>
        </div>
      )}
      {exportEvent?.phase === 'done' && (
        <Banner kind="ok">
          Saved {exportEvent.result?.file_name} ({exportEvent.done.toLocaleString('en')} items).
        </Banner>
      )}
      {exportEvent?.phase === 'failed' && (
        <Banner kind="error" title="The export failed">
          {exportEvent.error?.message ?? exportEvent.message}
        </Banner>
      )}
      {exportEvent?.phase === 'cancelled' && <Banner kind="warn">{exportEvent.message}</Banner>}

      {completed && (
        <>
          <OutcomeCounts run={data} selected={filters.outcome} onSelect={(outcome) => set({ outcome })} />
          <section className="stack" aria-labelledby="recon-totals-title">
            <h2 id="recon-totals-title">Totals per currency</h2>
            <CurrencyTotals run={data} />
          </section>
          <section className="stack" aria-labelledby="recon-items-title">
            <div className="filters">
              <h2 id="recon-items-title" className="recon-section-title">
                Items <span className="muted recon-count">{shown.toLocaleString('en')}</span>
              </h2>
              <span className="spacer" />
              <Field label="Outcome">
                <select className="select" value={filters.outcome} onChange={(e) => set({ outcome: e.target.value as Outcome | 'all' })}>
                  <option value="all">All outcomes</option>
                  {OUTCOMES.map((o) => (
                    <option key={o} value={o}>
                      {OUTCOME_LABEL[o]}
                    </option>
                  ))}
                </select>
              </Field>
              {!oneKind && (
                <Field label="Kind">
                  <select
                    className="select"
                    value={filters.kind}
                    onChange={(e) => set({ kind: e.target.value as ItemFilterState['kind'] })}
                  >
                    <option value="all">Payments and refunds</option>
                    <option value="payment">Payments</option>
                    <option value="refund">Refunds</option>
                  </select>
                </Field>
              )}
              <ColumnPicker columns={shownColumns} visibility={chosenColumns} onChange={setVisibility} />
            </div>
            {items.query.isError && (
              <ErrorBanner error={items.query.error} title="The items cannot be loaded" onRetry={() => void items.query.refetch()} />
            )}
            <DataTable
              label="Reconciliation items"
              columns={itemColumns}
              {...pagedItems}
              getRowId={(row) => String(row.seq)}
              sort={null}
              visibility={visibility}
              height={Math.min(520, 40 + Math.max(items.rows.length, 4) * 36)}
              empty={<EmptyState title="No items with this outcome">Choose another outcome or kind to see more.</EmptyState>}
            />
          </section>
        </>
      )}
    </div>
  );
}
