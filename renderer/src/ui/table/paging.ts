// How a screen's server-driven list (data/server-list.ts) meets the DataTable: its rows and paging from the keyset-paged
// query, and its sort kept in the screen's persisted state.
import { useCallback } from 'react';
import type { Sort } from './DataTable';

interface PagedList<T> {
  rows: T[];
  query: { isPending: boolean; hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };
}

/** DataTable's rows, loading and paging props for a list: the next page is fetched as the table's end comes into view. */
export function usePagedRows<T>(list: PagedList<T>) {
  const { query } = list;
  const { fetchNextPage } = query;
  const onLoadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);
  return { rows: list.rows, loading: query.isPending, hasMore: query.hasNextPage, loadingMore: query.isFetchingNextPage, onLoadMore };
}

/** The sort a list accepts: a column it cannot sort by, or no sort at all (a third click on a header), is the default. */
export function sortWithin<S extends Sort>(sort: Sort | null, sortIds: readonly S['id'][], fallback: S): S {
  return sort && (sortIds as readonly string[]).includes(sort.id) ? (sort as S) : fallback;
}

/** DataTable's sort props for screen state kept as `{ sort, … }`, where the sort is one of `sortIds` (see sortWithin). */
export function useTableSort<T extends { sort: Sort }>(
  state: T,
  setState: (update: (previous: T) => T) => void,
  sortIds: readonly T['sort']['id'][],
  fallback: T['sort'],
) {
  const onSortChange = useCallback(
    (sort: Sort | null) => setState((previous) => ({ ...previous, sort: sortWithin(sort, sortIds, fallback) })),
    [setState, sortIds, fallback],
  );
  return { sort: state.sort, onSortChange };
}
