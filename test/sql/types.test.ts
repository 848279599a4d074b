// The committed supabase/types/database.types.ts must be what Supabase's generator produces from the migrations.
// Generated from this run's database: a clone of the template (bootstrap + migrations + seed). Nobody may connect
// to the template itself while other files clone it, and the seed adds rows, not types.
import { readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db.js';
import {
  REGENERATE_COMMAND,
  TYPES_FILE,
  TYPE_SCHEMAS,
  databaseUrl,
  describeDifference,
  generateTypes,
} from '../../scripts/lib/generate-types.js';

const db = useTestDatabase();

describe('generated database types', () => {
  it(`supabase/types/database.types.ts is current (else: ${REGENERATE_COMMAND})`, { timeout: 60_000 }, async () => {
    const generated = await generateTypes(databaseUrl(db.server, db.name), TYPE_SCHEMAS);
    if (!existsSync(TYPES_FILE)) {
      expect.fail(`supabase/types/database.types.ts is missing: run \`${REGENERATE_COMMAND}\` and commit it`);
    }
    const committed = readFileSync(TYPES_FILE, 'utf8');
    if (committed !== generated) {
      expect.fail(
        `supabase/types/database.types.ts is out of date with the migrations: run \`${REGENERATE_COMMAND}\`\n` +
          describeDifference(committed, generated),
      );
    }
  });
});
