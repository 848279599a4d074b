// The preload: exposes window.hg (see api.ts) and nothing else. Bundled as CommonJS with its dependencies, because a
// sandboxed preload can require only `electron`.
import { contextBridge, ipcRenderer } from 'electron';
import { createHgApi } from './api.js';

contextBridge.exposeInMainWorld(
  'hg',
  createHgApi({
    invoke: (channel, input) => ipcRenderer.invoke(channel, input),
    on(channel, listener) {
      const wrapped = (_event: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, wrapped);
      return () => {
        ipcRenderer.removeListener(channel, wrapped);
      };
    },
  }),
);
