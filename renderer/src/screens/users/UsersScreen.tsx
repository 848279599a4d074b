// Users and access (docs/architecture.md, "Screens"): every user with their roles, and for the one selected, grant, revoke,
// suspend and reactivate.
import { useMemo, useState } from 'react';
import { SEARCH_MAX } from '../../../../shared/ipc/common';
import { formatCount } from '../../data/server-list';
import { EmptyState, ErrorBanner } from '../../ui/feedback';
import { usePersistedState } from '../../ui/persisted';
import { TextFilter } from '../../ui/TextFilter';
import { ColumnPicker } from '../../ui/table/ColumnPicker';
import { DataTable } from '../../ui/table/DataTable';
import { userColumns } from './columns';
import { defaultState, ROLES, screenState, sortIds, STATUSES, toListInput } from './model';
import { useUserList } from './queries';
import { UserPanel } from './UserPanel';
import './users.css';

export default function UsersScreen() {
  const [state, setState] = usePersistedState('users', screenState, defaultState);
  const input = useMemo(() => toListInput(state), [state]);
  const list = useUserList(input);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = list.rows.find((row) => row.id === selectedId) ?? null;
  const filtered = Boolean(state.filters.search.trim() || state.filters.role || state.filters.status);

  const setFilter = (patch: Partial<typeof state.filters>) => setState((s) => ({ ...s, filters: { ...s.filters, ...patch } }));

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Users and access</h1>
          <p className="subtitle">{list.total ? `${formatCount(list.total)} ${list.total.total === 1 ? 'user' : 'users'}` : ' '}</p>
        </div>
      </header>
      <div className="filters" role="search" aria-label="Filter users">
        <TextFilter
          label="Search"
          max={SEARCH_MAX}
          placeholder="Name, email or company"
          value={state.filters.search}
          onChange={(search) => setFilter({ search })}
        />
        <div className="field">
          <label htmlFor="user-role">Role</label>
          <select
            id="user-role"
            className="select"
            value={state.filters.role ?? ''}
            onChange={(e) => setFilter({ role: (e.target.value || null) as typeof state.filters.role })}
          >
            <option value="">Any role</option>
            {ROLES.map((role) => (
              <option key={role}>{role}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="user-status">Status</label>
          <select
            id="user-status"
            className="select"
            value={state.filters.status ?? ''}
            onChange={(e) => setFilter({ status: (e.target.value || null) as typeof state.filters.status })}
          >
            <option value="">Any status</option>
            {STATUSES.map((status) => (
              <option key={status}>{status}</option>
            ))}
          </select>
        </div>
        <span className="spacer" />
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
          rows={list.rows}
          getRowId={(row) => row.id}
          sort={state.sort}
          onSortChange={(sort) =>
            setState((s) => ({
              ...s,
              sort: sort && (sortIds as readonly string[]).includes(sort.id) ? (sort as typeof s.sort) : defaultState.sort,
            }))
          }
          visibility={state.visibility}
          loading={list.query.isPending}
          hasMore={list.query.hasNextPage}
          loadingMore={list.query.isFetchingNextPage}
          onLoadMore={() => void list.query.fetchNextPage()}
          activeRowId={selectedId}
          onRowClick={(row) => setSelectedId(row.id)}
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
