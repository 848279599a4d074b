// Engagements (support, admin): every consulting engagement with its client, expert, status and hours used of the
// budget; the one chosen opens below the table with its sessions, where a session's status and length are changed.
import { useMemo, useState } from 'react';
import { SEARCH_MAX } from '../../../../shared/ipc/common';
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
import { engagementColumns } from './columns';
import { EngagementDetail } from './EngagementDetail';
import { defaultState, ENGAGEMENT_STATUSES, isFiltered, screenState, sortIds, toListInput } from './model';
import { useEngagementList } from './queries';
import './engagements.css';
import { ClearFilters } from '../../ui/ClearFilters';

export const VIEWS = defineViews({
  screen: 'engagements',
  filters: screenState.shape.filters,
  sort: screenState.shape.sort,
  columns: hideableColumnIds(engagementColumns),
  defaults: defaultState,
  storage: ['engagements'],
});

export default function EngagementsScreen() {
  const [state, setState] = usePersistedState('engagements', screenState, defaultState);
  const input = useMemo(() => toListInput(state), [state]);
  const list = useEngagementList(input);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = list.rows.find((row) => row.id === selectedId) ?? null;
  const filtered = isFiltered(state);
  const setFilter = (patch: Partial<typeof state.filters>) => setState((s) => ({ ...s, filters: { ...s.filters, ...patch } }));
  const bind = bindFilters(state.filters, setFilter);
  const loaded = list.rows.length;
  const paged = usePagedRows(list);
  const sorting = useTableSort(state, setState, sortIds, defaultState.sort);

  return (
    <div className="page eng-page">
      <header className="page-header">
        <div>
          <h1>Engagements</h1>
          <p className="subtitle" aria-live="polite">
            {list.query.isPending
              ? 'Loading engagements…'
              : `${formatLoaded(loaded, list.query.hasNextPage, ['engagement', 'engagements'])}${filtered ? (loaded === 1 ? ' matches the filters' : ' match the filters') : ''}`}
          </p>
        </div>
        <span className="spacer" />
        <ColumnPicker
          columns={engagementColumns}
          visibility={state.visibility}
          onChange={(visibility) => setState((s) => ({ ...s, visibility }))}
        />
      </header>
      <div className="filters" role="search" aria-label="Filter engagements">
        <TextFilter label="Search" max={SEARCH_MAX} className="eng-search" placeholder="Title or focus area" {...bind('search')} />
        <SelectFilter id="engagement-status" label="Status" any="Any status" options={ENGAGEMENT_STATUSES} {...bind('status')} />
        <ClearFilters shown={filtered} onClear={() => setState((s) => ({ ...s, filters: defaultState.filters }))} />
        <span className="spacer" />
        <SavedViews spec={VIEWS} current={state} onApply={setState} />
      </div>
      {list.query.isError && (
        <ErrorBanner title="Engagements could not be loaded" error={list.query.error} onRetry={() => void list.query.refetch()} />
      )}
      <DataTable
        label="Engagements"
        columns={engagementColumns}
        {...paged}
        {...sorting}
        getRowId={(row) => row.id}
        visibility={state.visibility}
        activeRowId={selected?.id ?? null}
        onRowClick={(row) => setSelectedId(row.id)}
        height="100%"
        empty={
          list.query.isError ? null : (
            <EmptyState title={filtered ? 'No engagement matches these filters' : 'No engagements yet'}>
              {filtered ? 'Clear the search or choose another status.' : 'Engagements appear here when a client books an expert.'}
            </EmptyState>
          )
        }
      />
      {selected ? (
        <EngagementDetail key={selected.id} engagement={selected} onClose={() => setSelectedId(null)} />
      ) : (
        list.rows.length > 0 && <p className="muted eng-hint">Choose an engagement to see its sessions and hours.</p>
      )}
    </div>
  );
}
