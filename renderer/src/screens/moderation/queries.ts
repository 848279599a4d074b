// Query keys and fetchers of the moderation screen. The queue's keys start with QUEUE_KEY, so one invalidation
// after a decision, undo or response refreshes the queue and its count. A review's history is keyed by its
// version, so a decision (a new version) reads it again.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelInput } from '../../../../shared/ipc/contract';
import { call } from '../../api/client';
import { useServerList } from '../../data/server-list';

export const QUEUE_KEY = 'reviews';
const HISTORY_KEY = 'moderation';

export function useQueue(input: Omit<ChannelInput<'reviews:list'>, 'after' | 'limit'>) {
  return useServerList({ key: QUEUE_KEY, list: 'reviews:list', count: 'reviews:count', input });
}

export function useReviewHistory(review: { id: string; version: number } | null) {
  return useQuery({
    queryKey: [HISTORY_KEY, 'history', review?.id ?? null, review?.version ?? null],
    queryFn: () => call('audit:list', { filters: { entity: 'review', entity_id: review!.id }, limit: 50 }),
    enabled: Boolean(review),
  });
}

/** The whole text of the active review; keyed by version, so an edited review is read again. */
export function useReviewText(review: { id: string; version: number } | null) {
  return useQuery({
    queryKey: [QUEUE_KEY, 'text', review?.id ?? null, review?.version ?? null],
    queryFn: () => call('reviews:get', { review_id: review!.id }),
    enabled: Boolean(review),
    staleTime: 5 * 60_000,
  });
}

export function useInvalidateQueue() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: [QUEUE_KEY] });
}
