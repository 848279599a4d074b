// Expert profiles: availability, rating, engagements and testimonials waiting for verification, filtered and sorted
// by SQL. Choosing an expert opens their testimonials in the queue.
import { useMemo } from 'react';
import { SEARCH_MAX } from '../../../../shared/ipc/common';
import { navigate } from '../../app/route';
import { EmptyState, ErrorBanner } from '../../ui/feedback';
import { bindFilters } from '../../ui/filters';
import { formatLoaded } from '../../ui/format';
import { usePersistedState, writePersisted } from '../../ui/persisted';
import { SelectFilter } from '../../ui/SelectFilter';
import { TextFilter } from '../../ui/TextFilter';
import { ColumnPicker, hideableColumnIds } from '../../ui/table/ColumnPicker';
import { DataTable } from '../../ui/table/DataTable';
import { usePagedRows, useTableSort } from '../../ui/table/paging';
import { defineViews } from '../../ui/views/apply';
import { SavedViews } from '../../ui/views/SavedViews';
import { expertColumns } from './columns';
import { AVAILABILITIES, defaultExpertsState, expertsState, QUEUE_STORAGE, queueForExpert, talentSortIds, toTalentInput } from './model';
import { useTalentList } from './queries';

export const VIEWS = defineViews({
  screen: 'talent.experts',
  filters: expertsState.shape.filters,
  sort: expertsState.shape.sort,
  columns: hideableColumnIds(expertColumns),
  defaults: defaultExpertsState,
  storage: ['talent.experts'],
});

export function ExpertsView() {
  const [state, setState] = usePersistedState('talent.experts', expertsState, defaultExpertsState);
  const input = useMemo(() => toTalentInput(state), [state]);
  const list = useTalentList(input);
  const filtered = Boolean(state.filters.search.trim() || state.filters.availability);
  const setFilter = (patch: Partial<typeof state.filters>) => setState((s) => ({ ...s, filters: { ...s.filters, ...patch } }));
  const bind = bindFilters(state.filters, setFilter);
  const paged = usePagedRows(list);
  const sorting = useTableSort(state, setState, talentSortIds, defaultExpertsState.sort);

  return (
    <>
      <div className="filters" role="search" aria-label="Filter experts">
        <TextFilter label="Search" max={SEARCH_MAX} className="tal-search" placeholder="Name, email or tagline" {...bind('search')} />
        <SelectFilter id="talent-availability" label="Availability" any="Any" options={AVAILABILITIES} {...bind('availability')} />
        <span className="spacer" />
        <p className="muted tal-count" aria-live="polite">
          {list.query.isPending ? 'Loading…' : formatLoaded(list.rows.length, list.query.hasNextPage, ['expert', 'experts'])}
        </p>
        <SavedViews spec={VIEWS} current={state} onApply={setState} />
        <ColumnPicker
          columns={expertColumns}
          visibility={state.visibility}
          onChange={(visibility) => setState((s) => ({ ...s, visibility }))}
        />
      </div>
      {list.query.isError && (
        <ErrorBanner title="Experts could not be loaded" error={list.query.error} onRetry={() => void list.query.refetch()} />
      )}
      <DataTable
        label="Expert profiles"
        columns={expertColumns}
        {...paged}
        {...sorting}
        getRowId={(row) => row.id}
        visibility={state.visibility}
        onRowClick={(row) => {
          writePersisted(QUEUE_STORAGE, queueForExpert(row));
          navigate('talent', 'testimonials');
        }}
        height="100%"
        empty={
          list.query.isError ? null : (
            <EmptyState title={filtered ? 'No expert matches these filters' : 'No expert profiles yet'}>
              {filtered ? 'Clear the search or choose another availability.' : 'Experts appear here once they create a profile.'}
            </EmptyState>
          )
        }
      />
    </>
  );
}
