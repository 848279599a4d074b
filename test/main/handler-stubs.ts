// The router takes a complete handler map; a test that exercises a few domains fills the other channels with a
// handler that fails loudly, so a call the test did not mean to make cannot pass unnoticed.
import { vi } from 'vitest';
import { channelNames } from '../../shared/ipc/contract.js';
import { createRouter, type Handlers } from '../../electron/main/ipc/router.js';
import type { Call } from '../../electron/main/services/rpc.js';

export function completeHandlers(some: Partial<Handlers>): Handlers {
  const stubs = Object.fromEntries(
    channelNames.map((channel) => [
      channel,
      async () => {
        throw new Error(`${channel} has no handler in this test`);
      },
    ]),
  );
  return { ...stubs, ...some } as Handlers;
}

/**
 * A router over some domains' handlers whose `call` (the console API) is a fake answering `answer(fn, args)`: the
 * calls made are kept in order, and what the router logs is a spy.
 */
export function routerOver(handlersFor: (call: Call) => Partial<Handlers>, answer: (fn: string, args: Record<string, unknown>) => unknown) {
  const calls: Array<[string, Record<string, unknown>]> = [];
  const call = vi.fn(async (fn: string, args: Record<string, unknown>) => {
    calls.push([fn, args]);
    return answer(fn, args);
  }) as unknown as Call;
  const log = vi.fn();
  const router = createRouter({
    handlers: completeHandlers(handlersFor(call)),
    isTrustedSender: (sender) => sender.url.startsWith('app://console/'),
    log,
  });
  return { router, calls, log };
}
