// Users and access (docs/architecture.md, "Screens"): every user with their roles, and for the one selected
// (#/users/<id>), grant, revoke, suspend and reactivate. A person opened from search everywhere comes with their email
// as the search (handed off), since users are found by email or name, not id.
import { useMemo } from 'react';
import { SEARCH_MAX } from '../../../../shared/ipc/common';
import { navigate, useRoute } from '../../app/route';
import { formatCount } from '../../data/server-list';
import { useHandedOffSearch } from '../../search/handoff';
import { EmptyState, ErrorBanner } from '../../ui/feedback';
import { bindFilters } from '../../ui/filters';
import { usePersistedState } from '../../ui/persisted';
import { SelectFilter } from '../../ui/SelectFilter';
import { TextFilter } from '../../ui/TextFilter';
import { ColumnPicker, hideableColumnIds } from '../../ui/table/ColumnPicker';
import { DataTable } from '../../ui/table/DataTable';
import { usePagedRows, useTableSort } from '../../ui/table/paging';
import { defineViews } from '../../ui/views/apply';
import { SavedViews } from '../../ui/views/SavedViews';
import { userColumns } from './columns';
import { defaultState, ROLES, screenState, sortIds, STATUSES, toListInput } from './model';
import { useUserList } from './queries';
import { UserPanel } from './UserPanel';
import './users.css';

export const VIEWS = defineViews({
  screen: 'users',
  filters: screenState.shape.filters,
  sort: screenState.shape.sort,
  columns: hideableColumnIds(userColumns),
  defaults: defaultState,
  storage: ['users'],
});

export default function UsersScreen() {
  const [state, setState] = usePersistedState('users', screenState, defaultState);
  const input = useMemo(() => toListInput(state), [state]);
  const list = useUserList(input);
  const selectedId = useRoute().rest[0] ?? null;
  const selected = list.rows.find((row) => row.id === selectedId) ?? null;
  const filtered = Boolean(state.filters.search.trim() || state.filters.role || state.filters.status);

  const setFilter = (patch: Partial<typeof state.filters>) => setState((s) => ({ ...s, filters: { ...s.filters, ...patch } }));
  const bind = bindFilters(state.filters, setFilter);
  const paged = usePagedRows(list);
  const sorting = useTableSort(state, setState, sortIds, defaultState.sort);
  useHandedOffSearch('users', (search) => setState((s) => ({ ...s, filters: { ...defaultState.filters, search } })));

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Users and access</h1>
          <p className="subtitle">{list.total ? `${formatCount(list.total)} ${list.total.total === 1 ? 'user' : 'users'}` : ' '}</p>
        </div>
      </header>
      <div className="filters" role="search" aria-label="Filter users">
        <TextFilter label="Search" max={SEARCH_MAX} placeholder="Name, email or company" {...bind('search')} />
        <SelectFilter id="user-role" label="Role" any="Any role" options={ROLES} {...bind('role')} />
        <SelectFilter id="user-status" label="Status" any="Any status" options={STATUSES} {...bind('status')} />
        <span className="spacer" />
        <SavedViews spec={VIEWS} current={state} onApply={setState} />
        <ColumnPicker
          columns={userColumns}
          visibility={state.visibility}
          onChange={(visibility) => setState((s) => ({ ...s, visibility }))}
        />
      </div>
      {list.query.isError && <ErrorBanner error={list.query.error} onRetry={() => void list.query.refetch()} />}
      <div className="split">
        <DataTable
          label="Users"
          columns={userColumns}
          {...paged}
          {...sorting}
          getRowId={(row) => row.id}
          visibility={state.visibility}
          activeRowId={selectedId}
          onRowClick={(row) => navigate('users', row.id)}
          empty={
            <EmptyState title={filtered ? 'No user matches these filters' : 'No users yet'}>
              {filtered ? 'Clear the search or choose another role or status.' : 'Users appear here once they sign up.'}
            </EmptyState>
          }
        />
        {selected ? (
          <UserPanel key={selected.id} user={selected} />
        ) : (
          <div className="card">
            <EmptyState title="Choose a user">Click a row to see and change their access.</EmptyState>
          </div>
        )}
      </div>
    </div>
  );
}
