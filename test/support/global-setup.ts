// Vitest global setup: one PostgreSQL server for the whole run and a template database built from the bootstrap,
// every migration and the seed. Each test file clones the template (test/support/db.ts), which takes milliseconds.
import type { TestProject } from 'vitest/node';
import { startPgServer, type PgServer } from './pg-server.js';
import { connect, type ServerInfo } from './pg.js';
import { bootstrapFile, migrationFiles, seedFiles, type SqlFile } from './migrations.js';

export const TEMPLATE_DB = 'hg_template';

declare module 'vitest' {
  export interface ProvidedContext {
    pg: ServerInfo;
    templateDb: string;
  }
}

let server: PgServer | undefined;

export async function applySqlFiles(info: ServerInfo, database: string, files: SqlFile[]): Promise<void> {
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

export async function setup(project: TestProject): Promise<void> {
  server = await startPgServer();
  const info: ServerInfo = { host: server.host, port: server.port, user: server.user, password: server.password };
  const admin = await connect(info, 'postgres');
  await admin.query(`create database ${TEMPLATE_DB}`);
  await admin.end();
  await applySqlFiles(info, TEMPLATE_DB, [bootstrapFile(), ...migrationFiles(), ...seedFiles()]);
  project.provide('pg', info);
  project.provide('templateDb', TEMPLATE_DB);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
