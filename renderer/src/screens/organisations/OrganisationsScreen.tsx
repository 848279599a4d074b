// Organisations (support, admin; finance reads): every customer organisation with its plan, members, completed
// assessments and last activity, and for the one chosen (#/organisations/<id>) its people, workshops, engagements,
// payments and plan tier. The route keeps the choice across a session expiry and sign-in.
import { useMemo } from 'react';
import { SEARCH_MAX } from '../../../../shared/ipc/common';
import { navigate, useRoute } from '../../app/route';
import { useHandedOffSearch } from '../../search/handoff';
import { EmptyState, ErrorBanner } from '../../ui/feedback';
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
import { organisationColumns } from './columns';
import { ACTIVITIES, ACTIVITY_LABEL, defaultState, isFiltered, screenState, sortIds, TIER_LABEL, TIERS, toListInput } from './model';
import { OrganisationPanel } from './OrganisationPanel';
import { useOrganisationList } from './queries';
import './organisations.css';
import { ClearFilters } from '../../ui/ClearFilters';

export const VIEWS = defineViews({
  screen: 'organisations',
  filters: screenState.shape.filters,
  sort: screenState.shape.sort,
  columns: hideableColumnIds(organisationColumns),
  defaults: defaultState,
  storage: ['organisations'],
});

export default function OrganisationsScreen() {
  const route = useRoute();
  const selectedId = route.rest[0] ?? null;
  const [state, setState] = usePersistedState('organisations', screenState, defaultState);
  const input = useMemo(() => toListInput(state), [state]);
  const list = useOrganisationList(input);
  const filtered = isFiltered(state);
  const paged = usePagedRows(list);
  const sorting = useTableSort(state, setState, sortIds, defaultState.sort);
  useHandedOffSearch('organisations', (search) => setState((s) => ({ ...s, filters: { ...defaultState.filters, search } })));

  const setFilter = (patch: Partial<typeof state.filters>) => setState((s) => ({ ...s, filters: { ...s.filters, ...patch } }));
  const bind = bindFilters(state.filters, setFilter);

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Organisations</h1>
          <p className="subtitle" aria-live="polite">
            {list.query.isPending
              ? 'Loading…'
              : `${formatLoaded(list.rows.length, list.query.hasNextPage, ['organisation', 'organisations'])}${filtered ? ' match the filters' : ''}`}
          </p>
        </div>
      </header>
      <div className="filters" role="search" aria-label="Filter organisations">
        <TextFilter
          label="Search"
          className="org-search"
          max={SEARCH_MAX}
          placeholder="Name, domain or website address"
          {...bind('search')}
        />
        <SelectFilter id="org-tier" label="Plan tier" any="Any tier" options={TIERS} labels={TIER_LABEL} {...bind('tier')} />
        <SelectFilter
          id="org-activity"
          label="Activity"
          any="Any activity"
          options={ACTIVITIES}
          labels={ACTIVITY_LABEL}
          {...bind('activity')}
        />
        <ClearFilters shown={filtered} onClear={() => setState((s) => ({ ...s, filters: defaultState.filters }))} />
        <span className="spacer" />
        <SavedViews spec={VIEWS} current={state} onApply={setState} />
        <ColumnPicker
          columns={organisationColumns}
          visibility={state.visibility}
          onChange={(visibility) => setState((s) => ({ ...s, visibility }))}
        />
      </div>
      {list.query.isError && (
        <ErrorBanner error={list.query.error} title="Organisations could not be loaded" onRetry={() => void list.query.refetch()} />
      )}
      <div className="split org-split">
        <DataTable
          label="Organisations"
          columns={organisationColumns}
          {...paged}
          {...sorting}
          getRowId={(row) => row.id}
          visibility={state.visibility}
          activeRowId={selectedId}
          onRowClick={(row) => navigate('organisations', row.id)}
          empty={
            <EmptyState title={filtered ? 'No organisation matches these filters' : 'No organisations yet'}>
              {filtered
                ? 'Search by name, or by domain such as northwind.example (a pasted web address works too); or clear the tier and activity.'
                : 'Organisations appear here once customers sign up.'}
            </EmptyState>
          }
        />
        {selectedId ? (
          <OrganisationPanel key={selectedId} organizationId={selectedId} />
        ) : (
          <div className="card">
            <EmptyState title="Choose an organisation">Click a row to see its people, workshops, engagements and plan.</EmptyState>
          </div>
        )}
      </div>
    </div>
  );
}
