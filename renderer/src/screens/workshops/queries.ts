// Query keys and fetchers of the workshops screen. Every key starts with WORKSHOPS_KEY, so one invalidation after a
// registration or status change refreshes the list, the open workshop and its registrations. Organisations show
// bookings too, so their keys are refreshed with them.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelInput } from '../../../../shared/ipc/contract';
import { call } from '../../api/client';
import { useServerList } from '../../data/server-list';
import { ORGANISATIONS_KEY } from '../organisations/queries';

export const WORKSHOPS_KEY = 'workshops';

export function useWorkshopList(input: Omit<ChannelInput<'workshops:list'>, 'after' | 'limit'>) {
  return useServerList({ key: WORKSHOPS_KEY, list: 'workshops:list', input });
}

export function useWorkshop(workshopId: string) {
  return useQuery({
    queryKey: [WORKSHOPS_KEY, 'detail', workshopId],
    queryFn: () => call('workshops:get', { workshop_id: workshopId }),
  });
}

export function useRegistrations(input: Omit<ChannelInput<'workshops:registrations'>, 'after' | 'limit'>) {
  return useServerList({ key: WORKSHOPS_KEY, list: 'workshops:registrations', input });
}

/** The refunds cancelling the workshop would request; read fresh each time the dialog asks. */
export function useCancellationPreview(workshopId: string, enabled: boolean) {
  return useQuery({
    queryKey: [WORKSHOPS_KEY, 'preview-cancellation', workshopId],
    queryFn: () => call('workshops:preview-cancellation', { workshop_id: workshopId }),
    enabled,
    staleTime: 0,
  });
}

export function useInvalidateWorkshops() {
  const client = useQueryClient();
  return () =>
    Promise.all([client.invalidateQueries({ queryKey: [WORKSHOPS_KEY] }), client.invalidateQueries({ queryKey: [ORGANISATIONS_KEY] })]);
}
