// The one thing the local backend needs from a database: run some statements in a transaction. Two implementations:
// pg-executor.ts (a PostgreSQL server through `pg`, used by the tests against the embedded server) and
// pglite-executor.ts (PGlite, Postgres compiled to WASM and running in-process: the console's embedded default).
//
// Contract:
// - `transaction(fn)` runs `fn` inside BEGIN … COMMIT on one connection; if `fn` throws, the transaction is rolled
//   back and the error is rethrown unchanged (database errors keep their SQLSTATE in `code`, plus `detail`/`hint`).
// - Settings made with `set local` / `set_config(…, true)` end with the transaction, so concurrent transactions never
//   see each other's role or JWT claims.
// - The connection is a database owner (superuser): the gateway switches to an API role itself where it must.
// - Values come back as the driver parses them. The gateway only selects `text` columns (and builds JSON in SQL), so
//   it behaves the same whatever type parsers a driver (or a test that reconfigured `pg`) uses.

export interface SqlTx {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

export interface SqlExecutor {
  transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The fields PostgreSQL reports for an error (pg's and PGlite's DatabaseError both carry them). */
export interface SqlError {
  code: string;
  message: string;
  detail?: string;
  hint?: string;
}

/** True for an error that came from the database server (it has a five-character SQLSTATE). */
export function isSqlError(error: unknown): error is SqlError {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof message === 'string';
}
