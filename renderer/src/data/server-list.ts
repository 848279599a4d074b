// A server-driven list: pages fetched by keyset cursor as the table scrolls (TanStack Query's infinite query), and
// its count fetched beside it. The query key holds the filters and sort, so changing them starts a new list and
// a mutation invalidates it by its first key part.
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/ipc/contract';
import { call } from '../api/client';
import { formatNumber } from '../ui/format';

type PageOutput = { rows: unknown[]; next_after: unknown };
type ListChannel = { [C in ChannelName]: ChannelOutput<C> extends PageOutput ? C : never }[ChannelName];
type CountChannel = { [C in ChannelName]: ChannelOutput<C> extends { total: number; is_estimate: boolean } ? C : never }[ChannelName];
type Row<C extends ListChannel> = ChannelOutput<C>['rows'][number];

export const PAGE_SIZE = 100;
const NO_ROWS: never[] = [];

export function useServerList<L extends ListChannel, C extends CountChannel>(options: {
  key: string;
  list: L;
  count?: C;
  /** The list input without paging. */
  input: Omit<ChannelInput<L>, 'after' | 'limit'>;
  enabled?: boolean;
}) {
  const { key, list, count, input } = options;
  const rows = useInfiniteQuery({
    queryKey: [key, 'list', input],
    initialPageParam: null as unknown,
    queryFn: ({ pageParam }) => call(list, { ...input, after: pageParam, limit: PAGE_SIZE } as ChannelInput<L>) as Promise<PageOutput>,
    getNextPageParam: (last: PageOutput) => last.next_after ?? undefined,
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
  const total = useQuery({
    queryKey: [key, 'count', (input as { filters?: unknown }).filters ?? null],
    queryFn: () => call(count!, { filters: (input as { filters?: unknown }).filters } as ChannelInput<C>),
    enabled: Boolean(count) && (options.enabled ?? true),
    placeholderData: keepPreviousData,
  });
  // One array while the pages stand: a new one on every render (every j/k, every scroll step) made the table build
  // its window's rows again and render every row on screen again (bench:ui).
  const pages = rows.data?.pages;
  const data = useMemo(() => (pages?.flatMap((page) => page.rows) ?? NO_ROWS) as Row<L>[], [pages]);
  return { rows: data, query: rows, total: total.data as { total: number; is_estimate: boolean } | undefined };
}

export function formatCount(total: { total: number; is_estimate: boolean } | undefined): string {
  if (!total) return '';
  const n = formatNumber(total.total);
  return total.is_estimate ? `about ${n}` : n;
}
