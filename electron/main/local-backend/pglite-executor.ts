// SqlExecutor over PGlite (Postgres in WASM, in-process): the console's embedded default backend. PGlite has a
// single connection; its transaction() holds an exclusive lock for the whole callback, so concurrent gateway
// requests run one after the other and never share a transaction (nor its role and JWT claims).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { SqlExecutor, SqlTx } from './sql-executor.js';

/** The extensions our bootstrap and migrations create: PGlite must load each one's WASM module up front. */
export const PGLITE_EXTENSIONS = { pgcrypto, pg_trgm };

/**
 * The extensions a running console uses: pg_trgm (the trigram indexes and operators of the searches). pgcrypto is
 * created by the bootstrap, as Supabase provides it, but no function, default or view of ours calls it (a test keeps
 * it so), and its module (3 MB of WASM holding OpenSSL, compiled and linked at every open) cost a later start about
 * a sixth of its CPU time and tens of MB. The local backend loads PGLITE_EXTENSIONS only while it applies SQL.
 */
export const PGLITE_RUNTIME_EXTENSIONS = { pg_trgm };

/**
 * PGlite's own start parameters plus settings sized for the demo database (17 MB) in one process. Postgres's default
 * shared_buffers (128MB: 145MB of shared memory in all) is allocated and zeroed inside the WASM heap at every start,
 * used or not: it was about a third of the console's memory and, zeroed by code V8 has not optimised yet, a third of a
 * later start's CPU time. Emscripten zeroes all of it, so every 4 KB page of it is a first touch at every start. 8MB
 * (15 MB of shared memory in all) is 2,000 such pages fewer than 16MB, about 35 ms of a start on the bench machine,
 * and made no scripted use slower (1.5-minute soaks with no think time: 10,085 and 10,765 calls, against 8,929 and
 * 9,320 with 16MB). Settings given here override postgresql.conf, so databases created before them get them too.
 */
export const PGLITE_START_PARAMS: readonly string[] = [...PGlite.defaultStartParams, '-c', 'shared_buffers=8MB'];

let compiling: Promise<WebAssembly.Module | undefined> | undefined;

/** The WebAssembly global, which the Node typings this build uses declare only as types. */
const wasm = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WebAssembly.Module> } }).WebAssembly;

/**
 * Postgres's WebAssembly (PGlite's pglite.wasm, 9 MB), compiled once per process; PGlite.create takes it as
 * `pgliteWasmModule`. Call it as early as possible: the file is read at once and V8 compiles it on background
 * threads, so whatever the main thread does meanwhile (reading the SQL files, loading Node's fetch for supabase-js)
 * no longer waits behind the compile, as it did when PGlite read and compiled the file inside create(). Resolves to
 * undefined when the file cannot be read or compiled here: PGlite then loads it itself and reports the error.
 */
export function compilePglite(): Promise<WebAssembly.Module | undefined> {
  compiling ??= (async () => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), 'pglite.wasm'));
    } catch {
      return undefined;
    }
    // V8 compiles off the main thread without holding the event loop open: a process that awaited nothing else
    // would exit before the compile ends ("unsettled top-level await").
    const keepAlive = setInterval(() => undefined, 60_000);
    try {
      return await wasm.compile(bytes);
    } catch {
      return undefined;
    } finally {
      clearInterval(keepAlive);
    }
  })();
  return compiling;
}

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
