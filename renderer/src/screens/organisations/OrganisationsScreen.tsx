// Organisations (support, admin; finance reads): every customer organisation with its plan, members, completed
// assessments and last activity, and for the one chosen (#/organisations/<id>) its people, workshops, engagements,
// payments and plan tier. The route keeps the choice across a session expiry and sign-in.
import { useCallback, useMemo } from 'react';
import { SEARCH_MAX } from '../../../../shared/ipc/common';
import { navigate, useRoute } from '../../app/route';
import { EmptyState, ErrorBanner } from '../../ui/feedback';
import { usePersistedState } from '../../ui/persisted';
import { TextFilter } from '../../ui/TextFilter';
import { ColumnPicker } from '../../ui/table/ColumnPicker';
import { DataTable, type Sort } from '../../ui/table/DataTable';
import { organisationColumns } from './columns';
import { ACTIVITIES, ACTIVITY_LABEL, defaultState, isFiltered, screenState, sortIds, TIER_LABEL, TIERS, toListInput } from './model';
import { OrganisationPanel } from './OrganisationPanel';
import { useOrganisationList } from './queries';
import './organisations.css';

export default function OrganisationsScreen() {
  const route = useRoute();
  const selectedId = route.rest[0] ?? null;
  const [state, setState] = usePersistedState('organisations', screenState, defaultState);
  const input = useMemo(() => toListInput(state), [state]);
  const list = useOrganisationList(input);
  const filtered = isFiltered(state);
  const shown = list.rows.length;

  const setFilter = (patch: Partial<typeof state.filters>) => setState((s) => ({ ...s, filters: { ...s.filters, ...patch } }));
  const onSortChange = useCallback(
    (sort: Sort | null) =>
      setState((s) => ({
        ...s,
        sort: sort && (sortIds as readonly string[]).includes(sort.id) ? (sort as typeof s.sort) : defaultState.sort,
      })),
    [setState],
  );
  const onLoadMore = useCallback(() => void list.query.fetchNextPage(), [list.query]);

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Organisations</h1>
          <p className="subtitle" aria-live="polite">
            {list.query.isPending
              ? 'Loading…'
              : `${shown.toLocaleString('en')}${list.query.hasNextPage ? '+' : ''} ${shown === 1 ? 'organisation' : 'organisations'}${
                  filtered ? ' match the filters' : ''
                }`}
          </p>
        </div>
      </header>
      <div className="filters" role="search" aria-label="Filter organisations">
        <TextFilter
          label="Search"
          className="org-search"
          max={SEARCH_MAX}
          placeholder="Name, domain or website address"
          value={state.filters.search}
          onChange={(search) => setFilter({ search })}
        />
        <div className="field">
          <label htmlFor="org-tier">Plan tier</label>
          <select
            id="org-tier"
            className="select"
            value={state.filters.tier ?? ''}
            onChange={(e) => setFilter({ tier: (e.target.value || null) as typeof state.filters.tier })}
          >
            <option value="">Any tier</option>
            {TIERS.map((tier) => (
              <option key={tier} value={tier}>
                {TIER_LABEL[tier]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="org-activity">Activity</label>
          <select
            id="org-activity"
            className="select"
            value={state.filters.activity ?? ''}
            onChange={(e) => setFilter({ activity: (e.target.value || null) as typeof state.filters.activity })}
          >
            <option value="">Any activity</option>
            {ACTIVITIES.map((activity) => (
              <option key={activity} value={activity}>
                {ACTIVITY_LABEL[activity]}
              </option>
            ))}
          </select>
        </div>
        {filtered && (
          <button type="button" className="btn ghost" onClick={() => setState((s) => ({ ...s, filters: defaultState.filters }))}>
            Clear filters
          </button>
        )}
        <span className="spacer" />
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
          rows={list.rows}
          getRowId={(row) => row.id}
          sort={state.sort}
          onSortChange={onSortChange}
          visibility={state.visibility}
          loading={list.query.isPending}
          hasMore={list.query.hasNextPage}
          loadingMore={list.query.isFetchingNextPage}
          onLoadMore={onLoadMore}
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
