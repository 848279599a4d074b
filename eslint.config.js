// Lint: typescript-eslint's recommended rules everywhere, React's hooks rules in the renderer, and the boundaries
// between worlds (docs/architecture.md): shared/ runs in main, preload and renderer alike, so it imports no Electron, no React
// and no Node built-in; the renderer never imports Electron or Node.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
const noElectron = { name: 'electron', message: 'Only electron/ may import Electron.' };
const builtinPatterns = nodeBuiltins.map((name) => ({ name, message: 'Node built-ins are not available in this world.' }));

export default tseslint.config(
  { ignores: ['out/**', 'release/**', 'node_modules/**', 'test-results/**', 'bench/results/**', 'supabase/types/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'test/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.flat['recommended-latest'].rules,
      'no-restricted-imports': ['error', { paths: [noElectron, ...builtinPatterns] }],
    },
  },
  {
    // files/ sits below the app that assembles it: the platform it needs is declared in files/platform.ts.
    files: ['electron/main/files/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/app/*'], message: 'electron/main/files/ must not import from app/.' }] },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...builtinPatterns],
          patterns: [{ group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'shared/ must not depend on React.' }],
        },
      ],
    },
  },
);
