// Payments and refunds (finance, admin): the filtered payments table with totals per currency, CSV export of the
// same set, and each payment's detail at #/payments/<id> where refunds are made, approved and confirmed.
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { call } from '../../api/client';
import { navigate, useRoute } from '../../app/route';
import { formatCount, useServerList } from '../../data/server-list';
import { useHandedOffSearch } from '../../search/handoff';
import { EmptyState, ErrorBanner } from '../../ui/feedback';
import { usePersistedState } from '../../ui/persisted';
import { ColumnPicker, hideableColumnIds } from '../../ui/table/ColumnPicker';
import { DataTable, type Sort } from '../../ui/table/DataTable';
import { usePagedRows } from '../../ui/table/paging';
import { defineViews, type ScreenView } from '../../ui/views/apply';
import { SavedViews } from '../../ui/views/SavedViews';
import { paymentColumns, type PaymentRow } from './columns';
import { ExportStatus } from './ExportStatus';
import { FilterBar } from './FilterBar';
import {
  activeFilterCount,
  defaultFilters,
  defaultSort,
  filterStateSchema,
  sortSchema,
  STORAGE,
  toChannelFilters,
  visibilitySchema,
  type FilterState,
  type SortState,
} from './filters';
import { PaymentDetail } from './PaymentDetail';
import { PAYMENTS_KEY } from './queries';
import { shapeTotals } from './totals';
import { Totals } from './Totals';
import { useExport } from './useExport';
import './payments.css';

// Payments keeps its filters, sort and columns under three keys: a view is the three together.
export const VIEWS = defineViews({
  screen: 'payments',
  filters: filterStateSchema,
  sort: sortSchema,
  columns: hideableColumnIds(paymentColumns),
  defaults: { filters: defaultFilters, sort: defaultSort, visibility: {} },
  storage: Object.values(STORAGE),
});

export default function PaymentsScreen() {
  const route = useRoute();
  const paymentId = route.rest[0];
  return paymentId ? <PaymentDetail key={paymentId} paymentId={paymentId} /> : <PaymentsList />;
}

function PaymentsList() {
  const [filters, setFilters] = usePersistedState(STORAGE.filters, filterStateSchema, defaultFilters);
  const [sort, setSort] = usePersistedState(STORAGE.sort, sortSchema, defaultSort);
  const [visibility, setVisibility] = usePersistedState(STORAGE.columns, visibilitySchema, {});
  useHandedOffSearch('payments', (search) => setFilters({ ...defaultFilters, search }));
  const channelFilters = useMemo(() => toChannelFilters(filters), [filters]);
  const input = useMemo(() => ({ filters: channelFilters, ...(sort ? { sort: sort.id, desc: sort.desc } : {}) }), [channelFilters, sort]);
  const list = useServerList({ key: PAYMENTS_KEY, list: 'payments:list', count: 'payments:count', input });
  const totals = useQuery({
    queryKey: [PAYMENTS_KEY, 'totals', channelFilters],
    queryFn: () => call('payments:totals', { filters: channelFilters }),
    placeholderData: (previous) => previous,
  });
  // Currencies to offer in the filter: those present at all, whatever else is filtered.
  const allTotals = useQuery({
    queryKey: [PAYMENTS_KEY, 'totals', {}],
    queryFn: () => call('payments:totals', { filters: {} }),
    staleTime: 60_000,
  });
  const currencies = useMemo(() => [...new Set(allTotals.data?.rows.map((row) => row.currency) ?? [])], [allTotals.data]);
  const shaped = useMemo(() => (totals.data ? shapeTotals(totals.data.rows) : undefined), [totals.data]);
  const exporter = useExport();

  const onSortChange = useCallback(
    (next: Sort | null) => {
      const parsed = sortSchema.safeParse(next);
      setSort(parsed.success ? parsed.data : defaultSort);
    },
    [setSort],
  );
  const paged = usePagedRows(list);
  const onFilters = useCallback((next: FilterState) => setFilters(next), [setFilters]);
  const onView = (next: ScreenView<FilterState, SortState>) => {
    setFilters(next.filters);
    setSort(next.sort);
    setVisibility(next.visibility);
  };
  const filtered = activeFilterCount(filters) > 0;

  return (
    <div className="page pay-page">
      <header className="page-header">
        <div>
          <h1>Payments</h1>
          <p className="subtitle" aria-live="polite">
            {list.total
              ? `${formatCount(list.total)} ${list.total.total === 1 ? 'payment' : 'payments'}${filtered ? ' match the filters' : ''}`
              : 'Counting…'}
          </p>
        </div>
        <span className="spacer" />
        <ColumnPicker columns={paymentColumns} visibility={visibility} onChange={setVisibility} />
        <button
          className="btn"
          disabled={exporter.busy}
          onClick={() => exporter.start.mutate({ filters: channelFilters, ...(sort ? { sort: sort.id, desc: sort.desc } : {}) })}
        >
          Export CSV…
        </button>
      </header>
      <FilterBar value={filters} onChange={onFilters} currencies={currencies}>
        <SavedViews spec={VIEWS} current={{ filters, sort, visibility }} onApply={onView} />
      </FilterBar>
      <ExportStatus exporter={exporter} />
      {totals.isError ? (
        <ErrorBanner error={totals.error} title="Totals could not be loaded" onRetry={() => void totals.refetch()} />
      ) : (
        <Totals totals={shaped} loading={totals.isPending} />
      )}
      {list.query.isError && (
        <ErrorBanner error={list.query.error} title="Payments could not be loaded" onRetry={() => void list.query.refetch()} />
      )}
      <DataTable<PaymentRow>
        label="Payments"
        columns={paymentColumns}
        {...paged}
        getRowId={(row) => row.id}
        sort={sort}
        onSortChange={onSortChange}
        visibility={visibility}
        onRowClick={(row) => navigate('payments', row.id)}
        height="max(320px, calc(100vh - 420px))"
        empty={
          filtered ? (
            <EmptyState title="No payments match these filters">
              <button className="btn small" onClick={() => setFilters(defaultFilters)}>
                Clear filters
              </button>
            </EmptyState>
          ) : (
            <EmptyState title="No payments yet">
              Payments appear here as people pay for workshops, engagements and subscriptions.
            </EmptyState>
          )
        }
      />
    </div>
  );
}
