// window.hg, built from the IPC contract: one invoke per contract channel and a typed subscription per known event.
// Nothing else crosses: no ipcRenderer, no channel by arbitrary name, no Node. Written against a two-method transport
// so that the same code serves the preload (ipcRenderer) and is unit-tested under Node.
import { isChannelName, type HgApi } from '../../shared/ipc/contract.js';
import { eventNames, fail, type EventName } from '../../shared/ipc/result.js';

export interface Transport {
  invoke(channel: string, input: unknown): Promise<unknown>;
  /** Subscribes to one event channel; returns the function that removes the listener. */
  on(channel: string, listener: (payload: unknown) => void): () => void;
}

/** The Electron channel an event arrives on: prefixed so that an event can never be mistaken for a request. */
export const eventChannel = (event: EventName) => `event:${event}`;

function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (eventNames as readonly string[]).includes(value);
}

export function createHgApi(transport: Transport): HgApi {
  const api: HgApi = {
    // Typed by HgApi for callers; checked here again because a page can call it with anything.
    invoke: ((channel: unknown, input: unknown) => {
      if (!isChannelName(channel)) {
        return Promise.resolve(fail({ code: 'validation', message: 'Unknown request: this version of the console has no such channel.' }));
      }
      return transport.invoke(channel, input);
    }) as HgApi['invoke'],
    on(event, listener) {
      if (!isEventName(event) || typeof listener !== 'function') throw new TypeError('window.hg.on: unknown event');
      // Only the payload reaches the page: never Electron's event object (it carries the sender).
      return transport.on(eventChannel(event), (payload) => listener(payload as never));
    },
  };
  return Object.freeze(api);
}
