// Settings channels → console.get_settings, console.update_setting. Every staff role reads the settings (the
// function's capability check is audit.read_own); only settings.manage changes them.
import type { ChannelOutput } from '../../../shared/ipc/contract.js';
import type { DomainChannel } from '../ipc/handlers.js';
import type { Handlers } from '../ipc/router.js';
import { one, type Call } from './rpc.js';

type SettingValue = ChannelOutput<'settings:update'>['value'];

export function settingHandlers(call: Call): Pick<Handlers, DomainChannel<'settings'>> {
  return {
    'settings:get': async () => {
      const rows = (await call('get_settings', {})) ?? [];
      return {
        rows: rows.map((row) => ({
          key: row.key,
          // supabase-js's Json allows `undefined` members that JSON cannot carry; the value came back as parsed JSON.
          value: row.value as SettingValue,
          description: row.description,
          rule:
            row.minimum === null || row.maximum === null || row.decimals === null || row.unit === null
              ? null
              : { minimum: Number(row.minimum), maximum: Number(row.maximum), decimals: row.decimals, unit: row.unit },
          // The contract names who changed it `updated_by`; the function gives their email (null: the seeded value
          // or a since-deleted user), never an id the renderer could not resolve.
          updated_by: row.updated_by_email ?? null,
          updated_at: row.updated_at,
        })),
      };
    },

    'settings:update': async (input) => {
      const row = one(await call('update_setting', { p_key: input.key, p_value: input.value, p_reason: input.reason }), 'The setting');
      return { key: row.key, value: row.value as SettingValue };
    },
  };
}
