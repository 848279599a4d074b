// The lint rule that keeps the worlds apart (docs/architecture.md): shared/ imports no Electron, React or Node built-in; the
// renderer no Electron or Node. Checked with the project's own ESLint configuration.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ["import { app } from 'electron';"],
    ["import { useState } from 'react';"],
    ["import { createRoot } from 'react-dom/client';"],
    ["import { readFile } from 'node:fs/promises';"],
    ["import { join } from 'path';"],
  ])('shared/ refuses %s', async (code) => {
    expect(await restricted('shared/ipc/example.ts', `${code}\nexport {};\n`)).toHaveLength(1);
  });

  it.each([["import { ipcRenderer } from 'electron';"], ["import { readFileSync } from 'fs';"]])(
    'the renderer refuses %s',
    async (code) => {
      expect(await restricted('renderer/src/example.ts', `${code}\nexport {};\n`)).toHaveLength(1);
    },
  );

  it('allows shared/ to use zod and the renderer to use React', async () => {
    expect(await restricted('shared/ipc/example.ts', "import { z } from 'zod';\nexport const s = z.string();\n")).toEqual([]);
    expect(await restricted('renderer/src/example.tsx', "import { useState } from 'react';\nexport { useState };\n")).toEqual([]);
  });
});
