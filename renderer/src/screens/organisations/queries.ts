// Query keys and fetchers of the organisations screen. Every key starts with ORGANISATIONS_KEY, so one invalidation
// after a tier change refreshes the list and the open detail.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelInput } from '../../../../shared/ipc/contract';
import { call } from '../../api/client';
import { useServerList } from '../../data/server-list';

export const ORGANISATIONS_KEY = 'organisations';

export function useOrganisationList(input: Omit<ChannelInput<'organisations:list'>, 'after' | 'limit'>) {
  return useServerList({ key: ORGANISATIONS_KEY, list: 'organisations:list', input });
}

export function useOrganisation(organizationId: string) {
  return useQuery({
    queryKey: [ORGANISATIONS_KEY, 'detail', organizationId],
    queryFn: () => call('organisations:get', { organization_id: organizationId }),
  });
}

export function useInvalidateOrganisations() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: [ORGANISATIONS_KEY] });
}
