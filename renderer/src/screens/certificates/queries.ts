// Query keys and fetchers of the certificates screen. Every key starts with CERTIFICATES_KEY, so a revocation
// refreshes the list and any public verification on screen alike.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelInput } from '../../../../shared/ipc/contract';
import { call } from '../../api/client';
import { useServerList } from '../../data/server-list';

export const CERTIFICATES_KEY = 'certificates';

export function useCertificateList(input: Omit<ChannelInput<'certificates:list'>, 'after' | 'limit'>) {
  return useServerList({ key: CERTIFICATES_KEY, list: 'certificates:list', input });
}

/** The public verification of a number, asked only once the person asks for it. */
export function useVerification(certificateNumber: string, enabled: boolean) {
  return useQuery({
    queryKey: [CERTIFICATES_KEY, 'verify', certificateNumber],
    queryFn: () => call('certificates:verify', { certificate_number: certificateNumber }),
    enabled,
    staleTime: 0,
  });
}

export function useRevoke() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ChannelInput<'certificates:revoke'>) => call('certificates:revoke', input),
    onSuccess: () => client.invalidateQueries({ queryKey: [CERTIFICATES_KEY] }),
  });
}
