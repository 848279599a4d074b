// Query keys and mutations of the settings screen. The settings themselves are read with useSettings() (one key,
// one lifetime, shared by every screen that uses a setting); a change refreshes them and the setting's history.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelInput } from '../../../../shared/ipc/contract';
import { call } from '../../api/client';
import { SETTINGS_KEY } from '../../data/settings';

const HISTORY_KEY = 'settings-history';

/** The last changes of one setting, from the audit log. */
export function useSettingHistory(key: string) {
  return useQuery({
    queryKey: [HISTORY_KEY, key],
    queryFn: () => call('audit:list', { filters: { entity: 'setting', entity_id: key }, limit: 5 }),
  });
}

export function useUpdateSetting() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ChannelInput<'settings:update'>) => call('settings:update', input),
    onSuccess: (_result, input) =>
      Promise.all([client.invalidateQueries({ queryKey: SETTINGS_KEY }), client.invalidateQueries({ queryKey: [HISTORY_KEY, input.key] })]),
  });
}
