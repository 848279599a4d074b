// Generates the TypeScript `Database` types with Supabase's own generator, @supabase/postgres-meta: the same code
// `supabase gen types typescript` runs inside its container, here run as a child process (`node
// dist/server/server.js` in type-generation mode) against any PostgreSQL database we point it at.
// Used by `npm run db:types` (scripts/db-types.ts) and by the test that keeps the committed file current.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { repoRoot } from '../../test/support/migrations.js';

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

export function databaseUrl(info: ConnectionInfo, database: string): string {
  const url = new URL('postgresql://');
  url.hostname = info.host;
  url.port = String(info.port);
  url.username = info.user;
  url.password = info.password;
  url.pathname = `/${encodeURIComponent(database)}`;
  url.searchParams.set('sslmode', 'disable');
  return url.toString();
}

function postgresMetaServer(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@supabase/postgres-meta/package.json')), 'dist', 'server', 'server.js');
}

/**
 * Runs postgres-meta's type generator against `dbUrl` for `schemas` and resolves with the TypeScript source
 * (normalised to end with exactly one newline). Rejects with the generator's stderr when it fails.
 */
export function generateTypes(dbUrl: string, schemas: readonly string[] = TYPE_SCHEMAS): Promise<string> {
  if (schemas.length === 0) return Promise.reject(new Error('generateTypes: no schemas given'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PG_META_GENERATE_TYPES: 'typescript',
    PG_META_DB_URL: dbUrl,
    PG_META_GENERATE_TYPES_INCLUDED_SCHEMAS: schemas.join(','),
    PG_META_GENERATE_TYPES_DEFAULT_SCHEMA: schemas[0],
    // What `supabase gen types` sets by default: unique FKs (e.g. talent_profiles.user_id) become one-to-one.
    PG_META_GENERATE_TYPES_DETECT_ONE_TO_ONE_RELATIONSHIPS: 'true',
  };
  // The generator must not pick up settings meant for another run from the caller's environment.
  delete env.PG_META_POSTGREST_VERSION;
  delete env.PG_META_FORMAT_IN_WORKER;

  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [postgresMetaServer()], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8').trim();
      if (code !== 0) {
        reject(new Error(`postgres-meta type generation failed (${signal ?? `exit ${code}`})${stderr ? `:\n${stderr}` : ''}`));
        return;
      }
      if (!/export type Database\b/.test(stdout)) {
        reject(new Error(`postgres-meta produced no Database type:\n${stdout.slice(0, 2000)}\n${stderr}`));
        return;
      }
      resolve(`${stdout.trimEnd()}\n`);
    });
  });
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
