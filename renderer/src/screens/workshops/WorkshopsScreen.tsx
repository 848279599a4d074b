// Workshops (support, admin; finance reads): every workshop with its date, status, instructor, seats,
// registrations and rating; each one's page at #/workshops/<id> holds its registrations and the actions on them.
import { useMemo } from 'react';
import { SEARCH_MAX } from '../../../../shared/ipc/common';
import { navigate, useRoute } from '../../app/route';
import { useHandedOffSearch } from '../../search/handoff';
import { EmptyState, ErrorBanner } from '../../ui/feedback';
import { Field } from '../../ui/Field';
import { bindFilters } from '../../ui/filters';
import { formatLoaded } from '../../ui/format';
import { usePersistedState } from '../../ui/persisted';
import { SelectFilter } from '../../ui/SelectFilter';
import { TextFilter } from '../../ui/TextFilter';
import { ColumnPicker, hideableColumnIds } from '../../ui/table/ColumnPicker';
import { DataTable } from '../../ui/table/DataTable';
import { usePagedRows, useTableSort } from '../../ui/table/paging';
import { defineViews } from '../../ui/views/apply';
import { SavedViews } from '../../ui/views/SavedViews';
import { workshopColumns } from './columns';
import { defaultState, isFiltered, rangeProblem, screenState, sortIds, toListInput, WORKSHOP_STATUS, WORKSHOP_STATUSES } from './model';
import { useWorkshopList } from './queries';
import { WorkshopDetailPage } from './WorkshopDetail';
import './workshops.css';
import { ClearFilters } from '../../ui/ClearFilters';

export const VIEWS = defineViews({
  screen: 'workshops',
  filters: screenState.shape.filters,
  sort: screenState.shape.sort,
  columns: hideableColumnIds(workshopColumns),
  defaults: defaultState,
  storage: ['workshops'],
});

export default function WorkshopsScreen() {
  const route = useRoute();
  const workshopId = route.rest[0];
  return workshopId ? <WorkshopDetailPage key={workshopId} workshopId={workshopId} /> : <WorkshopList />;
}

function WorkshopList() {
  const [state, setState] = usePersistedState('workshops', screenState, defaultState);
  const input = useMemo(() => toListInput(state), [state]);
  const list = useWorkshopList(input);
  const filtered = isFiltered(state);
  const problem = rangeProblem(state.filters);
  const paged = usePagedRows(list);
  const sorting = useTableSort(state, setState, sortIds, defaultState.sort);
  useHandedOffSearch('workshops', (search) => setState((s) => ({ ...s, filters: { ...defaultState.filters, search } })));

  const setFilter = (patch: Partial<typeof state.filters>) => setState((s) => ({ ...s, filters: { ...s.filters, ...patch } }));
  const bind = bindFilters(state.filters, setFilter);

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Workshops</h1>
          <p className="subtitle" aria-live="polite">
            {list.query.isPending
              ? 'Loading…'
              : `${formatLoaded(list.rows.length, list.query.hasNextPage, ['workshop', 'workshops'])}${filtered ? ' match the filters' : ''}`}
          </p>
        </div>
        <span className="spacer" />
        <ColumnPicker
          columns={workshopColumns}
          visibility={state.visibility}
          onChange={(visibility) => setState((s) => ({ ...s, visibility }))}
        />
      </header>
      <div className="filters" role="search" aria-label="Filter workshops">
        <TextFilter label="Search" className="ws-search" max={SEARCH_MAX} placeholder="Title" {...bind('search')} />
        <SelectFilter
          id="ws-status"
          label="Status"
          any="Any status"
          options={WORKSHOP_STATUSES}
          labels={(status) => WORKSHOP_STATUS[status].label}
          {...bind('status')}
        />
        <Field label="From">
          <input className="input" type="date" value={state.filters.from} onChange={(e) => setFilter({ from: e.target.value })} />
        </Field>
        <Field label="To" error={problem}>
          <input className="input" type="date" value={state.filters.to} onChange={(e) => setFilter({ to: e.target.value })} />
        </Field>
        <ClearFilters shown={filtered} onClear={() => setState((s) => ({ ...s, filters: defaultState.filters }))} />
        <span className="spacer" />
        <SavedViews spec={VIEWS} current={state} onApply={setState} />
      </div>
      {list.query.isError && (
        <ErrorBanner error={list.query.error} title="Workshops could not be loaded" onRetry={() => void list.query.refetch()} />
      )}
      <DataTable
        label="Workshops"
        columns={workshopColumns}
        {...paged}
        {...sorting}
        getRowId={(row) => row.id}
        visibility={state.visibility}
        onRowClick={(row) => navigate('workshops', row.id)}
        empty={
          <EmptyState title={filtered ? 'No workshop matches these filters' : 'No workshops yet'}>
            {filtered
              ? 'Try another status, a wider date range or part of the title.'
              : 'Workshops appear here once instructors create them.'}
          </EmptyState>
        }
      />
    </div>
  );
}
