// The suite runs on the Node that Electron 45 gives the main process (Node 24), not on whatever Node the machine
// has: the `node` devDependency puts Node 24 at node_modules/.bin/node, which npm scripts put first on PATH, and
// Vitest's workers inherit it. A run on another major would test the main process on a runtime it never meets.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ELECTRON_NODE_MAJOR = 24;

describe('the runtime the suite runs on', () => {
  it("is Electron 45's Node major, in this worker and in a child it starts", () => {
    expect(Number(process.versions.node.split('.')[0]), `Vitest worker on Node ${process.version}`).toBe(ELECTRON_NODE_MAJOR);
    const child = execFileSync('node', ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
    expect(Number(child.split('.')[0]), `\`node\` on PATH is ${child}`).toBe(ELECTRON_NODE_MAJOR);
  });

  it('is what package.json installs and requires', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      engines: { node: string };
      devDependencies: Record<string, string>;
      allowScripts: Record<string, boolean>;
    };
    expect(pkg.devDependencies.node).toMatch(new RegExp(`^\\D*${ELECTRON_NODE_MAJOR}\\.`));
    // The package's preinstall script fetches the binary; without the approval npm skips it and no node appears.
    expect(pkg.allowScripts.node).toBe(true);
    expect(pkg.engines.node).toBe('>=22.12');
  });
});
