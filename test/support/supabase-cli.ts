// Supabase's own CLI (npm `supabase`, pinned in devDependencies) is how the suite's databases are made, the way a
// Supabase user applies this repository: `supabase db push --remote=<postgres url> --include-seed`. It sends each
// migration file as one pipelined batch (an implicit transaction) and records it in
// supabase_migrations.schema_migrations, so a migration the CLI refuses fails the suite.
//
// On a plain PostgreSQL the bootstrap comes first, as the server's superuser (it stands in for what Supabase sets up
// itself); the migrations and the seed then run as `postgres`, the non-superuser role a hosted project gives you.
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { connect, type ServerInfo } from './pg.js';
import { bootstrapFile, migrationFiles, repoRoot, seedFiles, supabaseDir, type SqlFile } from './migrations.js';

/** The role migrations run as, and its password on the test server (set by `bootstrapDatabase`). */
export const MIGRATION_ROLE = 'postgres';
export const MIGRATION_PASSWORD = 'postgres';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI's native binary, from the platform package npm installed beside `supabase`. */
export function supabaseBinary(): string {
  const require = createRequire(join(repoRoot, 'package.json'));
  const platform = `@supabase/cli-${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  try {
    return join(dirname(require.resolve(`${platform}/package.json`)), 'bin', process.platform === 'win32' ? 'supabase.exe' : 'supabase');
  } catch {
    // The JavaScript shim finds the binary itself (and says which package is missing).
    return join(dirname(require.resolve('supabase/package.json')), 'dist', 'supabase.js');
  }
}

/** Runs `supabase <args>` with `workdir` holding the supabase/ folder; never prompts, never asks for telemetry. */
export function runSupabase(args: string[], options: { workdir?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  const binary = supabaseBinary();
  const command = binary.endsWith('.js') ? process.execPath : binary;
  const argv = [...(binary.endsWith('.js') ? [binary] : []), ...args, '--workdir', options.workdir ?? repoRoot];
  const env: NodeJS.ProcessEnv = { ...process.env, SUPABASE_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', CI: 'true' };
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { env, stdio: ['ignore', 'pipe', 'pipe'], cwd: options.workdir ?? repoRoot });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** A `postgresql://` URL for the CLI's `--remote=` (no TLS on the embedded server). */
export function postgresUrl(info: ServerInfo, database: string, user = MIGRATION_ROLE, password = MIGRATION_PASSWORD): string {
  const url = new URL('postgresql://');
  url.hostname = info.host;
  url.port = String(info.port);
  url.username = user;
  url.password = password;
  url.pathname = `/${encodeURIComponent(database)}`;
  url.searchParams.set('sslmode', 'disable');
  return url.toString();
}

/** Runs SQL files as the server's superuser, each as one simple query. Only for what Supabase itself provides. */
export async function applyAsSuperuser(info: ServerInfo, database: string, files: SqlFile[]): Promise<void> {
  const client = await connect(info, database);
  try {
    for (const file of files) {
      try {
        await client.query(file.sql);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`applying ${file.name} failed: ${message}`, { cause: error });
      }
    }
  } finally {
    await client.end();
  }
}

/** The bootstrap, as the superuser, and a password for `postgres` so the CLI can sign in as it. */
export async function bootstrapDatabase(info: ServerInfo, database: string): Promise<void> {
  await applyAsSuperuser(info, database, [bootstrapFile()]);
  const client = await connect(info, database);
  try {
    await client.query(`alter role ${MIGRATION_ROLE} with login password '${MIGRATION_PASSWORD}'`);
  } finally {
    await client.end();
  }
}

/**
 * The folder the CLI runs in. Normally the repository itself; when HG_MIGRATIONS selects some migrations (see
 * migrations.ts), a temporary copy of supabase/ holding only those, with config.toml as it is. `only` narrows it
 * further to given migration files (the migration test applies them one at a time).
 */
export function cliWorkdir(options: { only?: SqlFile[] } = {}): { dir: string; dispose(): void } {
  const selected = options.only ?? migrationFiles();
  const seeds = seedFiles();
  const all = !options.only && !process.env.HG_MIGRATIONS;
  if (all) return { dir: repoRoot, dispose() {} };
  const dir = mkdtempSync(join(tmpdir(), 'hg-supabase-'));
  const target = join(dir, 'supabase');
  mkdirSync(join(target, 'migrations'), { recursive: true });
  mkdirSync(join(target, 'seed'), { recursive: true });
  copyFileSync(join(supabaseDir, 'config.toml'), join(target, 'config.toml'));
  for (const file of selected) copyFileSync(file.path, join(target, file.name));
  for (const file of seeds) cpSync(file.path, join(target, file.name));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

function failure(what: string, result: CliResult): Error {
  const output = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-25).join('\n');
  return new Error(`${what} failed (exit ${result.code}):\n${output}`);
}

/** `supabase db push --remote=<url> --yes [--include-seed]` into a bootstrapped database. */
export async function pushMigrations(
  info: ServerInfo,
  database: string,
  options: { seed?: boolean; only?: SqlFile[] } = {},
): Promise<CliResult> {
  const workdir = cliWorkdir(options.only ? { only: options.only } : {});
  try {
    const args = ['db', 'push', `--remote=${postgresUrl(info, database)}`, '--yes', ...(options.seed ? ['--include-seed'] : [])];
    const result = await runSupabase(args, { workdir: workdir.dir });
    if (result.code !== 0) throw failure(`supabase ${args.slice(0, 2).join(' ')} into ${database}`, result);
    return result;
  } finally {
    workdir.dispose();
  }
}

/** An empty database made into a migrated (and, with `seed`, seeded) one, as a Supabase user would. */
export async function buildDatabase(info: ServerInfo, database: string, options: { seed?: boolean } = {}): Promise<void> {
  await bootstrapDatabase(info, database);
  await pushMigrations(info, database, options);
}
