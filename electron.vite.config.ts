// Three worlds, three builds (electron-vite): main (Node, ESM, dependencies left to node_modules), preload
// (bundled whole as CommonJS: a sandboxed preload can require nothing but `electron`), renderer (React, served
// from app://console/ in the app and from a test server in the end-to-end suite).
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve('electron/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // zod and the contract are bundled in: sandbox: true gives the preload no node_modules to load from.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('renderer'),
    plugins: [react()],
    build: {
      outDir: resolve('out/renderer'),
      // electron-vite leaves bundles unminified by default; the renderer's size is a spec target (≤ 1.5 MB gzip).
      minify: true,
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
