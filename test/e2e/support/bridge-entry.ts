// Bundled into the page before it loads (page.addInitScript): the preload's own createHgApi over a transport that
// reaches the test process's router through a Playwright binding. Only Electron's IPC transport differs from the app.
import { createHgApi } from '../../../electron/preload/api.js';
import type { HgApi } from '../../../shared/ipc/contract.js';

type Listener = (payload: unknown) => void;

declare global {
  interface Window {
    readonly hg: HgApi;
    __hgInvoke(channel: string, input: unknown): Promise<unknown>;
    __hgDispatch(channel: string, payload: unknown): void;
  }
}

const listeners = new Map<string, Set<Listener>>();
const invoke = window.__hgInvoke;
window.__hgDispatch = (channel, payload) => {
  for (const listener of listeners.get(channel) ?? []) listener(payload);
};

Object.defineProperty(window, 'hg', {
  value: createHgApi({
    invoke: (channel, input) => invoke(channel, input),
    on(channel, listener) {
      const set = listeners.get(channel) ?? new Set<Listener>();
      listeners.set(channel, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  }),
  writable: false,
  configurable: false,
});
