// SqlExecutor over a PostgreSQL server (node-postgres pool). Used by the gateway tests against the embedded
// PostgreSQL 17 server, and usable against any plain PostgreSQL that has the bootstrap, migrations and seed applied.
import pg from 'pg';
import { isSqlError, type SqlExecutor, type SqlTx } from './sql-executor.js';

export interface PgExecutorOptions {
  /** End the pool on close(). Default: true when the executor created the pool, false for a pool passed in. */
  endPoolOnClose?: boolean;
}

/**
 * How long a pool this executor creates keeps an idle connection: PostgREST's `db-pool-max-idletime` (30 s since
 * PostgREST 11.1, still the default in 14), not node-postgres's 10 s. A connection closed sooner than PostgREST would
 * close it makes the next request pay a new server process's first-use costs that a real project would not charge.
 */
const POOL_MAX_IDLE_MS = 30_000;

export function pgExecutor(poolOrConfig: pg.Pool | pg.PoolConfig, options: PgExecutorOptions = {}): SqlExecutor {
  const given = poolOrConfig instanceof pg.Pool;
  const pool = given ? poolOrConfig : new pg.Pool({ idleTimeoutMillis: POOL_MAX_IDLE_MS, ...poolOrConfig });
  const endPool = options.endPoolOnClose ?? !given;
  let closed = false;

  return {
    async transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> {
      if (closed) throw new Error('the SQL executor is closed');
      const client = await pool.connect();
      // Set when the connection's state is unknown (a failed rollback, a broken socket): it is then discarded.
      let discard: Error | undefined;
      const control = async (statement: 'begin' | 'commit' | 'rollback') => {
        try {
          await client.query(statement);
        } catch (error) {
          if (statement === 'rollback' || !isSqlError(error)) discard = error instanceof Error ? error : new Error(String(error));
          throw error;
        }
      };
      try {
        await control('begin');
        const tx: SqlTx = {
          async query<R>(sql: string, params: unknown[] = []) {
            const result = await client.query(sql, params);
            return { rows: result.rows as R[] };
          },
        };
        let value: T;
        try {
          value = await fn(tx);
        } catch (error) {
          await control('rollback').catch(() => undefined);
          throw error;
        }
        await control('commit');
        return value;
      } finally {
        client.release(discard);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      if (endPool) await pool.end();
    },
  };
}
