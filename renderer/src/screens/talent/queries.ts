// Query keys and fetchers of the talent screen. Every key starts with TALENT_KEY, so one invalidation after a
// decision refreshes the queue and the experts' pending counts alike.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ChannelInput } from '../../../../shared/ipc/contract';
import { call } from '../../api/client';
import { useServerList } from '../../data/server-list';

export const TALENT_KEY = 'talent';

export function useTalentList(input: Omit<ChannelInput<'talent:list'>, 'after' | 'limit'>) {
  return useServerList({ key: TALENT_KEY, list: 'talent:list', input });
}

export function useTestimonials(input: Omit<ChannelInput<'talent:testimonials'>, 'after' | 'limit'>) {
  return useServerList({ key: TALENT_KEY, list: 'talent:testimonials', input });
}

export function useInvalidateTalent() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: [TALENT_KEY] });
}

export function useDecideTestimonial() {
  return useMutation({
    mutationFn: (input: ChannelInput<'talent:decide-testimonial'>) => call('talent:decide-testimonial', input),
  });
}
