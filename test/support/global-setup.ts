// Vitest global setup: one PostgreSQL server for the whole run and a template database built as a Supabase user
// builds one: the bootstrap (what Supabase provides), then `supabase db push --include-seed` with Supabase's CLI
// (supabase-cli.ts). Each test file clones the template (test/support/db.ts), which takes milliseconds.
import type { TestProject } from 'vitest/node';
import { startPgServer, type PgServer } from './pg-server.js';
import { connect, type ServerInfo } from './pg.js';
import type { SqlFile } from './migrations.js';
import { applyAsSuperuser, buildDatabase } from './supabase-cli.js';

export const TEMPLATE_DB = 'hg_template';

declare module 'vitest' {
  export interface ProvidedContext {
    pg: ServerInfo;
    templateDb: string;
  }
}

let server: PgServer | undefined;

/**
 * Runs files as the superuser, one simple query each. Kept only for the benchmark's loader; the suite's databases are
 * migrated by the CLI (buildDatabase), so a migration the CLI refuses fails the suite.
 */
export function applySqlFiles(info: ServerInfo, database: string, files: SqlFile[]): Promise<void> {
  return applyAsSuperuser(info, database, files);
}

export async function setup(project: TestProject): Promise<void> {
  server = await startPgServer();
  const info: ServerInfo = { host: server.host, port: server.port, user: server.user, password: server.password };
  const admin = await connect(info, 'postgres');
  await admin.query(`create database ${TEMPLATE_DB}`);
  await admin.end();
  await buildDatabase(info, TEMPLATE_DB, { seed: true });
  project.provide('pg', info);
  project.provide('templateDb', TEMPLATE_DB);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
