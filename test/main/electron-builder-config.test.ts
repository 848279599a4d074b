// electron-builder.yml cannot be exercised here (packaging needs the Electron binary), so it is checked against
// electron-builder's own JSON schema, and the security-relevant settings are pinned.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const config = parse(await readFile(new URL('../../electron-builder.yml', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's schema", () => {
    const schema = require('app-builder-lib/scheme.json') as object;
    const validate = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('a misspelt option is caught by the same check', () => {
    const schema = require('app-builder-lib/scheme.json') as object;
    const validate = new Ajv({ strict: false, allowUnionTypes: true }).compile(schema);
    expect(validate({ ...config, asr: true })).toBe(false);
  });

  it('builds the four installers with asar and the fuses that stop running as Node', () => {
    expect(config).toMatchObject({
      appId: 'com.humanglue.console',
      productName: 'HumanGlue Console',
      asar: true,
      linux: { target: ['AppImage', 'deb'] },
      mac: { target: ['dmg'] },
      win: { target: ['nsis'] },
      electronFuses: {
        runAsNode: false,
        enableNodeOptionsEnvironmentVariable: false,
        enableNodeCliInspectArguments: false,
        enableEmbeddedAsarIntegrityValidation: true,
        onlyLoadAppFromAsar: true,
      },
    });
  });

  it('packages only the built output, not sources or tests', () => {
    expect(config.files).toEqual(['out/**/*', 'package.json', '!**/*.map', '!out/local-db/**']);
  });

  it('ships the SQL and the prebuilt database beside the app, where the Electron entry looks for them', () => {
    expect(config.extraResources).toEqual([
      expect.objectContaining({ from: 'supabase', to: 'supabase' }),
      { from: 'out/local-db', to: 'local-db', filter: ['local-db.json', 'local-db.tar.gz'] },
    ]);
  });
});
