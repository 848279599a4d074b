// Query keys and fetchers of the engagements screen. Every key starts with ENGAGEMENTS_KEY, so one invalidation after
// a session change refreshes the list (hours used) and the open engagement's sessions.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelInput } from '../../../../shared/ipc/contract';
import { call } from '../../api/client';
import { useServerList } from '../../data/server-list';

export const ENGAGEMENTS_KEY = 'engagements';
/** An engagement's sessions fit one page (a few dozen at most); more than this says so. */
export const SESSIONS_LIMIT = 200;

export function useEngagementList(input: Omit<ChannelInput<'engagements:list'>, 'after' | 'limit'>) {
  return useServerList({ key: ENGAGEMENTS_KEY, list: 'engagements:list', input });
}

export function useSessions(engagementId: string) {
  return useQuery({
    queryKey: [ENGAGEMENTS_KEY, 'sessions', engagementId],
    queryFn: () => call('engagements:sessions', { filters: { engagement_id: engagementId }, limit: SESSIONS_LIMIT }),
  });
}

export function useInvalidateEngagements() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: [ENGAGEMENTS_KEY] });
}
