// Reconciliation reads → console.list_reconciliation_runs, count_reconciliation_runs, get_reconciliation_run,
// list_reconciliation_items. The channels that need a file dialog or a background operation
// (reconciliationFileChannels: pick-file, preview, run, export, cancel) are ../files/reconciliation-files.ts's.
import type { ChannelOutput, ParsedInput } from '../../../shared/ipc/contract.js';
import type { reconciliationChannels } from '../../../shared/ipc/reconciliation.js';
import type { DomainHandlers } from '../ipc/handlers.js';
import { count, one, pagingArgs, toPage, type Call, type FnArgs } from './rpc.js';

type Totals = ChannelOutput<'reconciliation:get-run'>['totals'];

function filterArgs(f: ParsedInput<'reconciliation:count-runs'>['filters']): FnArgs<'count_reconciliation_runs'> {
  return { p_provider: f.provider, p_status: f.status, p_created_by: f.created_by };
}

export function reconciliationHandlers(call: Call): DomainHandlers<typeof reconciliationChannels> {
  return {
    'reconciliation:list-runs': async (input) => {
      const page = toPage(await call('list_reconciliation_runs', { ...filterArgs(input.filters), ...pagingArgs(input) }), input.limit);
      // `totals` is a jsonb array SQL builds to the contract's shape; the router checks it on the way out.
      return { ...page, rows: page.rows.map((row) => ({ ...row, totals: row.totals as Totals })) };
    },

    'reconciliation:count-runs': async (input) => count(await call('count_reconciliation_runs', filterArgs(input.filters))),

    'reconciliation:get-run': async (input) => {
      const run = one(await call('get_reconciliation_run', { p_run_id: input.run_id }), 'The reconciliation run');
      return { ...run, totals: run.totals as Totals };
    },

    'reconciliation:list-items': async (input) =>
      toPage(
        await call('list_reconciliation_items', {
          p_run_id: input.run_id,
          p_outcome: input.filters.outcome,
          p_kind: input.filters.kind,
          ...pagingArgs(input),
        }),
        input.limit,
      ),
  };
}
