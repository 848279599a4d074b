// The console's settings (settings:get), read under one key with one lifetime by every screen that needs one.
import { useQuery } from '@tanstack/react-query';
import type { ChannelOutput } from '../../../shared/ipc/contract';
import { call } from '../api/client';

export const SETTINGS_KEY = ['settings'] as const;

export type Settings = ChannelOutput<'settings:get'>;

export function useSettings() {
  return useQuery({ queryKey: SETTINGS_KEY, queryFn: () => call('settings:get', {}), staleTime: 60_000 });
}
