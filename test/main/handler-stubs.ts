// The router takes a complete handler map; a test that exercises a few domains fills the other channels with a
// handler that fails loudly, so a call the test did not mean to make cannot pass unnoticed.
import { channelNames } from '../../shared/ipc/contract.js';
import type { Handlers } from '../../electron/main/ipc/router.js';

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
