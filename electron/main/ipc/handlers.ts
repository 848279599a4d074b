// How the domains' handlers become the router's one map. Each domain declares its handlers against the channels
// of its contract object, and `combine` merges them, throwing on a channel answered twice; the assembled map is
// checked with `satisfies Handlers`, so a channel nobody answers fails the build rather than the first click.
import type { ChannelName } from '../../../shared/ipc/contract.js';
import type { Handlers } from './router.js';

/** The handlers for the channels declared by one of the contract's domain objects (e.g. `typeof paymentChannels`). */
export type DomainHandlers<Declared> = Pick<Handlers, keyof Declared & ChannelName>;

/** The contract's channels named `<domain>:…`. */
export type DomainChannel<Domain extends string> = Extract<ChannelName, `${Domain}:${string}`>;

type Merged<Parts extends readonly object[]> = Parts extends readonly [infer First, ...infer Rest extends readonly object[]]
  ? First & Merged<Rest>
  : unknown;

/** One map from the parts; a channel two parts answer is a wiring bug, reported when the map is built. */
export function combine<Parts extends readonly object[]>(...parts: Parts): Merged<Parts> {
  const merged: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [channel, handler] of Object.entries(part)) {
      if (Object.hasOwn(merged, channel)) throw new Error(`Two handlers answer ${channel}.`);
      merged[channel] = handler;
    }
  }
  return merged as Merged<Parts>;
}
