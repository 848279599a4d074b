// The one way services reach the database: `auth.rpc` (refresh-on-expiry, access re-check) typed from the generated
// `Database['console']['Functions']`, so a renamed argument or column fails to compile here rather than at runtime.
import type { Json, Database } from '../../../supabase/types/database.types.js';
import type { Cursor } from '../../../shared/ipc/common.js';
import type { ErrorCode } from '../../../shared/ipc/result.js';
import { IpcFailure, networkFailure } from '../ipc/errors.js';
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

/**
 * Console functions that only read (stable in SQL; test/console/read-functions.test.ts checks this list against the
 * catalogue): sent again after a failure that changed nothing for certain or that a read cannot make worse.
 */
export const READ_FUNCTIONS: ReadonlySet<ConsoleFn> = new Set<ConsoleFn>([
  'count_audit',
  'count_payments',
  'count_reconciliation_runs',
  'count_refunds',
  'count_reviews',
  'count_users',
  'export_payments',
  'export_payments_csv',
  'export_reconciliation_items',
  'get_organization',
  'get_payment',
  'get_reconciliation_run',
  'get_review',
  'get_settings',
  'get_workshop',
  'list_audit',
  'list_certificates',
  'list_engagement_sessions',
  'list_engagements',
  'list_org_assessments',
  'list_organizations',
  'list_payments',
  'list_platform_organizations',
  'list_reconciliation_items',
  'list_reconciliation_runs',
  'list_refunds',
  'list_registrations',
  'list_reviews',
  'list_saved_views',
  'list_talent',
  'list_testimonials',
  'list_users',
  'list_workshops',
  'my_access',
  'org_trends',
  'payment_totals',
  'preview_workshop_cancellation',
  'search_everything',
  'user_factors',
  'verify_certificate',
  'view_share_roles',
]);

/**
 * Writes the database recognises when they arrive twice, so a lost answer can be asked again with the same
 * arguments: the same idempotency key answers with the first refund or status change; an expected version answers
 * with the decision already made (022); a reconciliation call's numbered lines already in the run with the same
 * values are skipped (024).
 */
export const REPEATABLE_WRITES: ReadonlySet<ConsoleFn> = new Set<ConsoleFn>([
  'add_reconciliation_batch',
  'refund_payment',
  'set_workshop_status',
  'decide_review',
  'decide_reviews',
  'respond_to_review',
]);

/** Waits before each new attempt: a blip is over in a second; past ~5 s the person is told and may retry. */
export const RETRY_DELAYS_MS = [250, 1_000, 3_000] as const;

/** A proxy in front of the API (the platform's gateway) answering for a backend it cannot reach. */
const PROXY_STATUSES = new Set([502, 503, 504]);

type Attempt = { ok: true; data: unknown } | { ok: false; error: unknown; transient: false } | Failed;
/** A failure worth another attempt: `maybeSent` when the request may have reached the database and done its work. */
type Failed = { ok: false; error: unknown; transient: true; maybeSent: boolean; reason: string };

async function attempt(auth: Pick<AuthService, 'rpc'>, fn: ConsoleFn, args: Record<string, unknown>): Promise<Attempt> {
  let result: Awaited<ReturnType<AuthService['rpc']>>;
  try {
    // Undefined optional arguments vanish in the JSON body, so the SQL defaults apply (e.g. the review queue).
    result = await auth.rpc(fn, args);
  } catch (error) {
    if (!(error instanceof ConsoleAuthError && error.code === 'unreachable')) return { ok: false, error, transient: false };
    return { ok: false, error, transient: true, ...(networkFailure(error) ?? { reason: 'network error', maybeSent: true }) };
  }
  const { error } = result;
  if (!error) return { ok: true, data: result.data };
  // A statement timeout rolled its transaction back: nothing happened, whatever the function was.
  if (error.code === '57014') return { ok: false, error, transient: true, maybeSent: false, reason: 'the database timed out' };
  if (PROXY_STATUSES.has(result.status) && !/^[0-9A-Z]{5}$|^PGRST/.test(error.code ?? '')) {
    return { ok: false, error, transient: true, maybeSent: result.status !== 503, reason: `the server answered ${result.status}` };
  }
  return { ok: false, error, transient: false };
}

export interface CallOptions {
  /** Waits between attempts (tests shorten them); the number of entries is the number of retries. */
  retryDelays?: readonly number[];
  /** The backend's host, for "cannot reach <host>". */
  host?: () => string | undefined;
}

/**
 * Calls a console function. Failures that say nothing about the request itself (the network, a proxy, a statement
 * timeout) are tried again with backoff when that is safe: reads always; writes when the database recognises a
 * repeat (REPEATABLE_WRITES) or the failure proves nothing was done. A write whose answer was lost is never sent
 * again blindly: it fails as `outcome_unknown`, so the person checks before trying again.
 */
export function createCall(auth: Pick<AuthService, 'rpc'>, options: CallOptions = {}): Call {
  const delays = options.retryDelays ?? RETRY_DELAYS_MS;
  return async (fn, args) => {
    const repeatable = READ_FUNCTIONS.has(fn) || REPEATABLE_WRITES.has(fn);
    let sentBefore = false;
    for (let tries = 0; ; tries += 1) {
      const outcome = await attempt(auth, fn, args as Record<string, unknown>);
      if (outcome.ok) return outcome.data as FnReturns<typeof fn>;
      if (!outcome.transient) throw toFailure(outcome.error);
      sentBefore ||= outcome.maybeSent;
      const safe = repeatable || !sentBefore;
      if (safe && tries < delays.length) {
        await new Promise((resolve) => setTimeout(resolve, delays[tries]));
        continue;
      }
      if (sentBefore && !READ_FUNCTIONS.has(fn)) throw unknownOutcome(outcome, repeatable, options.host?.());
      throw toFailure(outcome.error);
    }
  };
}

function unknownOutcome(failed: Failed, repeatable: boolean, host: string | undefined): IpcFailure {
  const where = host ?? 'the backend';
  return new IpcFailure(
    'outcome_unknown',
    repeatable
      ? `The answer from ${where} was lost (${failed.reason}), so it is not known whether this was done. Check, then try again: the same request cannot be carried out twice.`
      : `The answer from ${where} was lost (${failed.reason}), so it is not known whether this was done. Check before trying again.`,
    { details: { reason: failed.reason, repeatable } },
  );
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
