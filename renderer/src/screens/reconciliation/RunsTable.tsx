// Past runs: who imported which file when, for which processor, and what came out; newest first. A row opens the run.
import { navigate } from '../../app/route';
import { formatCount } from '../../data/server-list';
import { EmptyState, ErrorBanner } from '../../ui/feedback';
import { Field } from '../../ui/Field';
import { usePersistedState } from '../../ui/persisted';
import { ColumnPicker, hideableColumnIds } from '../../ui/table/ColumnPicker';
import { DataTable } from '../../ui/table/DataTable';
import { usePagedRows } from '../../ui/table/paging';
import { defineViews, fixedOrder, type ScreenView } from '../../ui/views/apply';
import { SavedViews } from '../../ui/views/SavedViews';
import { RUN_COLUMNS_HIDDEN, runColumns } from './columns';
import {
  columnVisibilityState,
  RUN_COLUMNS_KEY,
  RUN_FILTER_DEFAULTS,
  RUN_FILTERS_KEY,
  runFilterState,
  runFiltersInput,
  type RunFilterState,
} from './filters';
import { useRunList } from './queries';

// Runs come newest first (no sort to keep); filters and columns are kept under two keys.
export const VIEWS = defineViews({
  screen: 'reconciliation',
  filters: runFilterState,
  sort: fixedOrder,
  columns: hideableColumnIds(runColumns),
  defaults: { filters: RUN_FILTER_DEFAULTS, sort: null, visibility: RUN_COLUMNS_HIDDEN },
  storage: [RUN_FILTERS_KEY, RUN_COLUMNS_KEY],
});

export function RunsTable() {
  const [filters, setFilters] = usePersistedState(RUN_FILTERS_KEY, runFilterState, RUN_FILTER_DEFAULTS);
  const [visibility, setVisibility] = usePersistedState(RUN_COLUMNS_KEY, columnVisibilityState, RUN_COLUMNS_HIDDEN);
  const list = useRunList(runFiltersInput(filters));
  const { rows, query, total } = list;
  const paged = usePagedRows(list);
  const filtered = filters.provider !== 'all' || filters.status !== 'all';
  const set = (patch: Partial<RunFilterState>) => setFilters((previous) => ({ ...previous, ...patch }));
  const onView = (next: ScreenView<RunFilterState, null>) => {
    setFilters(next.filters);
    setVisibility(next.visibility);
  };

  return (
    <section className="stack" aria-labelledby="recon-runs-title">
      <div className="filters">
        <h2 id="recon-runs-title" className="recon-section-title">
          Past runs {total && <span className="muted recon-count">{formatCount(total)}</span>}
        </h2>
        <span className="spacer" />
        <Field label="Processor">
          <select
            className="select"
            value={filters.provider}
            onChange={(e) => set({ provider: e.target.value as RunFilterState['provider'] })}
          >
            <option value="all">All processors</option>
            <option value="stripe">Stripe</option>
            <option value="paypal">PayPal</option>
          </select>
        </Field>
        <Field label="Status">
          <select className="select" value={filters.status} onChange={(e) => set({ status: e.target.value as RunFilterState['status'] })}>
            <option value="all">All runs</option>
            <option value="completed">Completed</option>
            <option value="open">Not finished</option>
          </select>
        </Field>
        <SavedViews spec={VIEWS} current={{ filters, sort: null, visibility }} onApply={onView} />
        <ColumnPicker columns={runColumns} visibility={visibility} onChange={setVisibility} />
      </div>
      {query.isError && <ErrorBanner error={query.error} title="Past runs cannot be loaded" onRetry={() => void query.refetch()} />}
      <DataTable
        label="Past reconciliation runs"
        columns={runColumns}
        {...paged}
        getRowId={(row) => row.id}
        sort={null}
        visibility={visibility}
        onRowClick={(row) => navigate('reconciliation', row.id)}
        height={Math.min(420, 40 + Math.max(rows.length, 3) * 36)}
        empty={
          <EmptyState title={filtered ? 'No runs match these filters' : 'No reconciliation runs yet'}>
            {filtered ? 'Clear the filters to see every run.' : 'Import a Stripe or PayPal export above to start one.'}
          </EmptyState>
        }
      />
    </section>
  );
}
