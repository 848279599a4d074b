// The reconciliation screen's remembered state: past-runs filters, the results table's outcome/kind filter and
// visible columns. Each is checked by zod when read back (a stale value falls back to the defaults) and mapped to
// the channel's `filters` input here, in one place.
import { z } from 'zod';
import type { ChannelInput } from '../../../../shared/ipc/contract';
import { outcome, processor, recordKind } from '../../../../shared/ipc/reconciliation';

export const RUN_FILTERS_KEY = 'reconciliation.runs';
export const ITEM_FILTERS_KEY = 'reconciliation.items';
export const ITEM_COLUMNS_KEY = 'reconciliation.items.columns';
export const RUN_COLUMNS_KEY = 'reconciliation.runs.columns';

export const runFilterState = z.object({
  provider: z.union([processor, z.literal('all')]),
  status: z.enum(['all', 'open', 'completed']),
});
export type RunFilterState = z.output<typeof runFilterState>;
export const RUN_FILTER_DEFAULTS: RunFilterState = { provider: 'all', status: 'all' };

export function runFiltersInput(state: RunFilterState): ChannelInput<'reconciliation:list-runs'>['filters'] {
  return {
    ...(state.provider !== 'all' ? { provider: state.provider } : {}),
    ...(state.status !== 'all' ? { status: state.status } : {}),
  };
}

export const itemFilterState = z.object({
  outcome: z.union([outcome, z.literal('all')]),
  kind: z.union([recordKind, z.literal('all')]),
});
export type ItemFilterState = z.output<typeof itemFilterState>;
export const ITEM_FILTER_DEFAULTS: ItemFilterState = { outcome: 'all', kind: 'all' };

export function itemFiltersInput(state: ItemFilterState): ChannelInput<'reconciliation:list-items'>['filters'] {
  return {
    ...(state.outcome !== 'all' ? { outcome: state.outcome } : {}),
    ...(state.kind !== 'all' ? { kind: state.kind } : {}),
  };
}

export const columnVisibilityState = z.record(z.string().max(60), z.boolean());
