// Adaptability trends channels → console.list_organizations, org_trends. Suppression of small months is SQL's;
// nothing here recomputes or fills in averages. CSV/PNG exports (trendFileChannels) are
// ../files/trends-files.ts's.
import type { trendChannels } from '../../../shared/ipc/trends.js';
import type { DomainHandlers } from '../ipc/handlers.js';
import type { Call } from './rpc.js';

export function trendHandlers(call: Call): DomainHandlers<typeof trendChannels> {
  return {
    'trends:organizations': async (input) => ({
      rows: await call('list_organizations', { p_search: input.search, p_limit: input.limit }),
    }),

    'trends:org-trends': async (input) => ({
      rows: await call('org_trends', {
        p_org_ids: input.organization_ids,
        p_months: input.months,
        p_include_platform: input.include_platform,
      }),
    }),
  };
}
