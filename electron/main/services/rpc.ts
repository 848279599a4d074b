// The one way services reach the database: `auth.rpc` (refresh-on-expiry, access re-check) typed from the generated
// `Database['console']['Functions']`, so a renamed argument or column fails to compile here rather than at runtime.
import type { Json, Database } from '../../../supabase/types/database.types.js';
import type { Cursor } from '../../../shared/ipc/common.js';
import type { ErrorCode } from '../../../shared/ipc/result.js';
import { IpcFailure } from '../ipc/errors.js';
import { ConsoleAuthError, type AuthErrorCode, type AuthService } from '../session/auth-service.js';

type Functions = Database['console']['Functions'];
export type ConsoleFn = keyof Functions;
export type FnArgs<F extends ConsoleFn> = Functions[F]['Args'];
export type FnReturns<F extends ConsoleFn> = Functions[F]['Returns'];
export type FnRow<F extends ConsoleFn> = FnReturns<F> extends readonly (infer R)[] ? R : never;

export type Call = <F extends ConsoleFn>(fn: F, args: FnArgs<F>) => Promise<FnReturns<F>>;

// The auth service speaks its own codes (it is used outside IPC too); the renderer only knows ErrorCode.
const AUTH_CODES: Record<AuthErrorCode, { code: ErrorCode; field?: string }> = {
  invalid_input: { code: 'validation', field: 'email' },
  invalid_credentials: { code: 'validation', field: 'password' },
  account_disabled: { code: 'forbidden' },
  no_console_access: { code: 'no_console_access' },
  session_expired: { code: 'session_expired' },
  forbidden: { code: 'forbidden' },
  unreachable: { code: 'unavailable' },
  auth_failed: { code: 'internal' },
};

/** ConsoleAuthError → IpcFailure (its messages are written for people); anything else is rethrown untouched so the
 * router's own mapping (SQLSTATE, network) applies. */
export function toFailure(error: unknown): unknown {
  if (!(error instanceof ConsoleAuthError)) return error;
  const mapped = AUTH_CODES[error.code];
  return new IpcFailure(mapped.code, error.message, mapped.field ? { field: mapped.field } : {});
}

export function createCall(auth: Pick<AuthService, 'rpc'>): Call {
  return async (fn, args) => {
    let result: Awaited<ReturnType<AuthService['rpc']>>;
    try {
      // Undefined optional arguments vanish in the JSON body, so the SQL defaults apply (e.g. the review queue).
      result = await auth.rpc(fn, args as Record<string, unknown>);
    } catch (error) {
      throw toFailure(error);
    }
    // The PostgrestError keeps its SQLSTATE, details and message: the router maps those to codes and fields.
    if (result.error) throw result.error;
    return result.data as FnReturns<typeof fn>;
  };
}

/** Functions returning one row (mutations, get-by-id) raise P0002 themselves; an empty answer is still possible
 * through RLS, and must not reach the renderer as `undefined`. */
export function one<R>(rows: readonly R[] | null, what: string): R {
  const row = rows?.[0];
  if (row === undefined) throw new IpcFailure('not_found', `${what} was not found (or is no longer visible to you).`);
  return row;
}

export function count(rows: readonly { total: number; is_estimate: boolean }[] | null) {
  const row = rows?.[0];
  return { total: row ? Number(row.total) : 0, is_estimate: row?.is_estimate ?? false };
}

/** SQL's default page size, used to tell a full page from the last one when the caller sent no limit. */
export const DEFAULT_LIMIT = 50;

type WithCursor<R> = Omit<R, 'cursor'> & { cursor: Cursor };

/** The generated type says `Json` for the cursor column; its shape is SQL's `{v, id}` and the router checks every
 * output against the contract, so it is narrowed here rather than re-validated. */
export function toPage<R extends { cursor: Json }>(
  rows: readonly R[] | null,
  limit: number | undefined,
): { rows: WithCursor<R>[]; next_after: Cursor | null } {
  const typed = (rows ?? []).map((row) => ({ ...row, cursor: row.cursor as Cursor }));
  const last = typed.at(-1);
  return { rows: typed, next_after: last && typed.length >= (limit ?? DEFAULT_LIMIT) ? last.cursor : null };
}

/** Paging arguments every list function takes under the same names. */
export function pagingArgs(input: { desc?: boolean | undefined; after?: Cursor | null | undefined; limit?: number | undefined }) {
  return { p_desc: input.desc, p_after: input.after ?? undefined, p_limit: input.limit };
}
