// `node --import ./test/main/electron-double/register.ts out/main/index.js`: the built entry's
// `import … from 'electron'` gets the TEST DOUBLE in ./electron.ts instead of Electron (which needs its binary).
// Synchronous module hooks (Node ≥ 22.15) run in the entry's own thread, so the double shares its process.
import { registerHooks } from 'node:module';

const DOUBLE = new URL('./electron.ts', import.meta.url).href;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'electron') return { url: DOUBLE, format: 'module-typescript', shortCircuit: true };
    return nextResolve(specifier, context);
  },
});
