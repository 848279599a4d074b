// Generates the TypeScript `Database` types with Supabase's CLI: `supabase gen types typescript --remote=<postgres
// url> --schema public,console`, the command a Supabase user runs (v3 takes `--remote=<url>` where v2 took
// `--db-url`; it needs no Docker). The output is kept exactly as the CLI prints it, so the committed file is what a
// Supabase user would get. Used by `npm run db:types` (scripts/db-types.ts) and by the test that keeps it current.
import { join } from 'node:path';
import { repoRoot } from '../../test/support/migrations.js';
import { postgresUrl, runSupabase } from '../../test/support/supabase-cli.js';

/** Schemas whose types are generated: the platform tables and the console API. */
export const TYPE_SCHEMAS: readonly string[] = ['public', 'console'];

/** The committed, generated file. */
export const TYPES_FILE = join(repoRoot, 'supabase', 'types', 'database.types.ts');

/** The command that rewrites TYPES_FILE, for error messages. */
export const REGENERATE_COMMAND = 'npm run db:types';

export interface ConnectionInfo {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** The URL the generator reads from: as `postgres`, the role a Supabase user connects as. */
export function databaseUrl(info: ConnectionInfo, database: string): string {
  return postgresUrl(info, database);
}

/**
 * Runs the CLI's type generator against `dbUrl` for `schemas` and resolves with the TypeScript source (normalised to
 * end with exactly one newline). Rejects with the CLI's output when it fails.
 */
export async function generateTypes(dbUrl: string, schemas: readonly string[] = TYPE_SCHEMAS): Promise<string> {
  if (schemas.length === 0) throw new Error('generateTypes: no schemas given');
  const result = await runSupabase(['gen', 'types', 'typescript', `--remote=${dbUrl}`, '--schema', schemas.join(',')]);
  if (result.code !== 0) throw new Error(`supabase gen types failed (exit ${result.code}):\n${result.stderr.trim()}`);
  if (!/export type Database\b/.test(result.stdout)) {
    throw new Error(`supabase gen types produced no Database type:\n${result.stdout.slice(0, 2000)}\n${result.stderr}`);
  }
  return `${result.stdout.trimEnd()}\n`;
}

/** A short description of the first difference between two versions of the file, for failure messages. */
export function describeDifference(committed: string, generated: string): string {
  const a = committed.split('\n');
  const b = generated.split('\n');
  const lines = Math.max(a.length, b.length);
  for (let i = 0; i < lines; i += 1) {
    if (a[i] !== b[i]) {
      return [
        `first difference at line ${i + 1}:`,
        `  committed: ${a[i] === undefined ? '<end of file>' : JSON.stringify(a[i])}`,
        `  generated: ${b[i] === undefined ? '<end of file>' : JSON.stringify(b[i])}`,
      ].join('\n');
    }
  }
  return 'no difference';
}
