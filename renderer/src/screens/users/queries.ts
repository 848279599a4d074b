// Query keys and fetchers of the users screen. Every key starts with USERS_KEY, so one invalidation after a grant,
// revoke or status change refreshes the list and its count.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../api/client';
import type { ChannelInput } from '../../../../shared/ipc/contract';
import { useServerList } from '../../data/server-list';

export const USERS_KEY = 'users';

export function useUserList(input: Omit<ChannelInput<'users:list'>, 'after' | 'limit'>) {
  return useServerList({ key: USERS_KEY, list: 'users:list', count: 'users:count', input });
}

export function useInvalidateUsers() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: [USERS_KEY] });
}

/** Whether a person has a second factor (users:factors); refreshed with the list. */
export function useUserFactors(userId: string) {
  return useQuery({ queryKey: [USERS_KEY, 'factors', userId], queryFn: () => call('users:factors', { user_id: userId }) });
}
