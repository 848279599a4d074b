// Settings channels → console.update_setting. `settings:get` has no console function (the table is read directly
// with `.from('settings')`), and services call only console functions, so it is left unwired for now.
import type { ChannelOutput } from '../../../shared/ipc/contract.js';
import type { Handlers } from '../ipc/router.js';
import { one, type Call } from './rpc.js';

export function settingHandlers(call: Call): Pick<Handlers, 'settings:update'> {
  return {
    'settings:update': async (input) => {
      const row = one(
        await call('update_setting', { p_key: input.key, p_value: input.value, p_reason: input.reason }),
        'The setting',
      );
      // supabase-js's Json allows `undefined` members that JSON cannot carry; the value came back as parsed JSON.
      return { key: row.key, value: row.value as ChannelOutput<'settings:update'>['value'] };
    },
  };
}
