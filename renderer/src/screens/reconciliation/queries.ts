// Query keys and fetchers of the reconciliation screen. Every key starts with RUNS_KEY, so one invalidation after
// an import lists the new run and refreshes an open one.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelInput } from '../../../../shared/ipc/contract';
import { call } from '../../api/client';
import { useServerList } from '../../data/server-list';

export const RUNS_KEY = 'reconciliation-runs';

export function useRunList(filters: ChannelInput<'reconciliation:list-runs'>['filters']) {
  return useServerList({ key: RUNS_KEY, list: 'reconciliation:list-runs', count: 'reconciliation:count-runs', input: { filters } });
}

export function useRun(runId: string) {
  return useQuery({ queryKey: [RUNS_KEY, 'run', runId], queryFn: () => call('reconciliation:get-run', { run_id: runId }) });
}

export function useRunItems(runId: string, filters: ChannelInput<'reconciliation:list-items'>['filters'], enabled: boolean) {
  return useServerList({ key: RUNS_KEY, list: 'reconciliation:list-items', input: { run_id: runId, filters }, enabled });
}

export function useInvalidateRuns() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: [RUNS_KEY] });
}
