// SqlExecutor over PGlite (Postgres in WASM, in-process): the console's embedded default backend. PGlite has a
// single connection; its transaction() holds an exclusive lock for the whole callback, so concurrent gateway
// requests run one after the other and never share a transaction (nor its role and JWT claims).
import type { PGlite } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { SqlExecutor, SqlTx } from './sql-executor.js';

/** The extensions our bootstrap and migrations create: PGlite must load each one's WASM module up front. */
export const PGLITE_EXTENSIONS = { pgcrypto, pg_trgm };

export interface PgliteExecutorOptions {
  /** Close the PGlite instance on close(). Default true: the executor owns the database it was handed. */
  closeDatabase?: boolean;
}

export function pgliteExecutor(db: PGlite, options: PgliteExecutorOptions = {}): SqlExecutor {
  const closeDatabase = options.closeDatabase ?? true;
  let closed = false;
  return {
    async transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> {
      if (closed) throw new Error('the SQL executor is closed');
      return db.transaction(async (transaction) => {
        const tx: SqlTx = {
          async query<R>(sql: string, params: unknown[] = []) {
            const result = await transaction.query<R>(sql, params);
            return { rows: result.rows };
          },
        };
        return fn(tx);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      if (closeDatabase && !db.closed) await db.close();
    },
  };
}
