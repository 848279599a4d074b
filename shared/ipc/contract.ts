// The IPC contract: every `domain:action` channel the renderer may invoke, with the zod schemas main validates its
// input and output against. The preload, the renderer client and the router's handler types are all derived from
// this one object, so a channel is declared once. Domain files hold the schemas; this file only assembles them.
import type { z } from 'zod';
import { adminChannels } from './admin.js';
import { authChannels, connectionChannels } from './auth.js';
import { mfaChannels } from './mfa.js';
import { paymentChannels, paymentFileChannels } from './payments.js';
import { platformChannels } from './platform.js';
import { reconciliationChannels, reconciliationFileChannels } from './reconciliation.js';
import type { EventName, EventPayload, Result } from './result.js';
import { reviewChannels } from './reviews.js';
import { searchChannels } from './search.js';
import { trendChannels, trendFileChannels } from './trends.js';
import { viewChannels } from './views.js';

export interface ChannelSchemas {
  readonly input: z.ZodType;
  readonly output: z.ZodType;
}

export const contract = {
  ...authChannels,
  ...connectionChannels,
  ...mfaChannels,
  ...reviewChannels,
  ...paymentChannels,
  ...paymentFileChannels,
  ...reconciliationChannels,
  ...reconciliationFileChannels,
  ...trendChannels,
  ...trendFileChannels,
  ...adminChannels,
  ...platformChannels,
  ...searchChannels,
  ...viewChannels,
} as const satisfies Record<`${string}:${string}`, ChannelSchemas>;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
/** What a caller sends (optional fields may be left out). */
export type ChannelInput<C extends ChannelName> = z.input<Contract[C]['input']>;
/** What a handler receives once main has parsed the input. */
export type ParsedInput<C extends ChannelName> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Contract[C]['output']>;

export const channelNames = Object.keys(contract) as ChannelName[];

export function isChannelName(value: unknown): value is ChannelName {
  // Own keys only: `toString` or `__proto__` must not resolve to something on Object.prototype.
  return typeof value === 'string' && Object.hasOwn(contract, value);
}

export type Unsubscribe = () => void;

/** The shape of `window.hg`, exposed by the preload. No generic send: only contract channels and known events. */
export interface HgApi {
  invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe;
}

export type { ErrorCode, EventName, EventPayload, IpcError, Result } from './result.js';
export { errorCodes, eventNames, eventSchemas } from './result.js';
