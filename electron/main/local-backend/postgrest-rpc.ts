// PostgREST's POST /rest/v1/rpc/<fn>, the only PostgREST route the console uses. Each call is one transaction that
// becomes the JWT's role and sets `request.jwt.claims` (plus PostgREST's other request.* settings), so functions
// and row-level security see exactly what they would behind a real PostgREST. Followed, as of PostgREST 14:
// - the role's settings (`alter role anon set statement_timeout = '3s'`, as Supabase configures its API roles) are
//   applied to each request that becomes the role, with set_config(…, true) before the role switch (PostgREST
//   11.1+, "configurable role settings": pg_roles.rolconfig of the roles the authenticator may become, settings a
//   plain user may set, default_transaction_isolation aside). PostgREST reads them when it loads its schema cache;
//   the gateway reads them on each call, so there is no cache to go stale;
// - a POST to a STABLE or IMMUTABLE function runs in a READ ONLY transaction, a VOLATILE one read-write (PostgREST's
//   txMode for RPC); a write in the former fails with 25006, answered 405;
// - overloads that the request's argument names cannot tell apart are answered 300 PGRST203.
import { JSON_TYPE, emptyResponse, errorMessage, parseJsonBody } from './http.js';
import { verifyJwt, type JwtPayload } from './jwt.js';
import { databaseErrorResponse, jwtFailureForRest, pgrstResponse } from './postgrest-errors.js';
import { callStatement, candidateRoutines, loadRoutines, quoteIdent, signature, type Routine } from './postgrest-routines.js';
import { isSqlError, type SqlExecutor } from './sql-executor.js';

export interface RpcConfig {
  executor: SqlExecutor;
  jwtSecret: string;
  /** The first is the default profile. */
  exposedSchemas: readonly string[];
  now: () => Date;
}

// Supabase's authenticator can only become these roles. The executor's connection is a superuser that could become
// any role, so the gateway refuses the others itself, as PostgreSQL refuses the authenticator.
const API_ROLES = new Set(['anon', 'authenticated', 'service_role']);
/** PostgREST (13+) accepts this much clock skew on `exp`/`nbf`; GoTrue accepts none. */
const POSTGREST_JWT_LEEWAY_SECONDS = 30;

/** The role's own settings, as PostgREST applies them: database-independent ones a plain user may set. */
const ROLE_SETTINGS = `
  select s.key, s.value
    from pg_catalog.pg_roles r,
         lateral (select substr(c, 1, strpos(c, '=') - 1) as key, substr(c, strpos(c, '=') + 1) as value
                    from unnest(r.rolconfig) as c) s
    join pg_catalog.pg_settings ps on ps.name = s.key and ps.context = 'user'
   where r.rolname = $1 and s.key <> 'default_transaction_isolation'
   order by s.key`;

/** What the Accept header chose: one object instead of an array (`single`), and whether nulls are stripped. */
interface Representation {
  single: boolean;
  strip: boolean;
}

type CallOutcome =
  | { kind: 'missing'; others: Routine[] }
  | { kind: 'ambiguous'; candidates: Routine[] }
  | { kind: 'ok'; body: string | null; isVoid: boolean; isSet: boolean };

/** The caller's claims; no Authorization header at all means anon, but an empty or invalid token is refused. */
async function callerClaims(request: Request, jwtSecret: string, nowSeconds: number): Promise<JwtPayload | Response> {
  const authorization = request.headers.get('Authorization');
  if (authorization === null) return { role: 'anon' };
  const token = /^[Bb]earer\s*(.*)$/.exec(authorization)?.[1]?.trim() ?? '';
  if (token === '')
    return pgrstResponse(401, { code: 'PGRST301', message: 'Empty JWT is sent in Authorization header', details: null, hint: null });
  const verified = await verifyJwt(token, jwtSecret, nowSeconds, POSTGREST_JWT_LEEWAY_SECONDS);
  if (!verified.ok) {
    const body = jwtFailureForRest(verified.reason, verified.detail, token.split('.').length);
    return pgrstResponse(401, body, {
      'WWW-Authenticate': `Bearer error="invalid_token", error_description=${JSON.stringify(body.message)}`,
    });
  }
  return verified.payload;
}

/** Named arguments are an object; an array is only acceptable to a function taking the whole body as json. */
function parseArguments(text: string): Record<string, unknown> | Response {
  try {
    const parsed = parseJsonBody(text);
    if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch {
    return pgrstResponse(400, { code: 'PGRST102', message: 'Empty or invalid json', details: null, hint: null });
  }
}

function negotiate(request: Request): Representation | Response {
  const accept = (request.headers.get('Accept') ?? '*/*')
    .split(',')
    .map((part) => part.trim().toLowerCase().replace(/\s+/g, ''))
    .filter(Boolean);
  const wanted = accept.find((type) =>
    /^(\*\/\*|application\/\*|application\/json|application\/vnd\.pgrst\.(object|array)\+json)(;.*)?$/.test(type),
  );
  if (!wanted) {
    return pgrstResponse(406, {
      code: 'PGRST107',
      message: `None of these media types are available: ${accept.join(', ')}`,
      details: null,
      hint: null,
    });
  }
  return { single: wanted.startsWith('application/vnd.pgrst.object+json'), strip: wanted.includes('nulls=stripped') };
}

/** `json_strip_nulls` as PostgREST applies it for `nulls=stripped`. */
function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, stripNulls(v)]),
    );
  }
  return value;
}

function resolutionError(outcome: Exclude<CallOutcome, { kind: 'ok' }>, schema: string, name: string, keys: string[]): Response {
  if (outcome.kind === 'ambiguous') {
    return pgrstResponse(300, {
      code: 'PGRST203',
      message: `Could not choose the best candidate function between: ${outcome.candidates.map((r) => signature(schema, name, r)).join(', ')}`,
      details: null,
      hint: 'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
    });
  }
  const described = keys.length === 0 ? ' without parameters' : ` with parameter${keys.length > 1 ? 's' : ''} ${keys.join(', ')}`;
  const alternative = outcome.others[0];
  return pgrstResponse(404, {
    code: 'PGRST202',
    message: `Could not find the function ${schema}.${name}${keys.length === 0 ? ' without parameters' : `(${keys.join(', ')})`} in the schema cache`,
    details: `Searched for the function ${schema}.${name}${described} or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.`,
    hint: alternative ? `Perhaps you meant to call the function ${signature(schema, name, alternative)}` : null,
  });
}

/** PostgREST's response for a successful call, honouring the representation and the Prefer header. */
function resultResponse(outcome: Extract<CallOutcome, { kind: 'ok' }>, representation: Representation, prefer: string): Response {
  if (outcome.isVoid) return emptyResponse(204);
  let data: unknown = JSON.parse(outcome.body ?? 'null');
  const headers: Record<string, string> = { 'Content-Type': JSON_TYPE };
  if (outcome.isSet && Array.isArray(data)) {
    const n = data.length;
    const countWanted = /count=(exact|planned|estimated)/.test(prefer);
    headers['Content-Range'] = `${n === 0 ? '*' : `0-${n - 1}`}/${countWanted ? n : '*'}`;
  }
  if (representation.single && Array.isArray(data)) {
    if (data.length !== 1) {
      return pgrstResponse(406, {
        code: 'PGRST116',
        message: 'Cannot coerce the result to a single JSON object',
        details: `The result contains ${data.length} rows`,
        hint: null,
      });
    }
    data = data[0];
    headers['Content-Type'] = 'application/vnd.pgrst.object+json; charset=utf-8';
  }
  if (representation.strip) data = stripNulls(data);
  if (/return=minimal/.test(prefer))
    return emptyResponse(204, headers['Content-Range'] ? { 'Content-Range': headers['Content-Range'] } : {});
  return new Response(JSON.stringify(data), { status: 200, headers });
}

/** Answers POST /rest/v1/rpc/<name> once the gateway has accepted the API key. */
export function createRpc(config: RpcConfig): (request: Request, url: URL, name: string) => Promise<Response> {
  const { executor, jwtSecret, now: clock } = config;
  const exposed = config.exposedSchemas;

  return async (request, url, name) => {
    const schema = request.headers.get('Content-Profile') ?? exposed[0]!;
    if (!exposed.includes(schema)) {
      return pgrstResponse(406, {
        code: 'PGRST106',
        message: `Invalid schema: ${schema}`,
        details: null,
        hint: `Only the following schemas are exposed: ${exposed.join(', ')}`,
      });
    }

    const claims = await callerClaims(request, jwtSecret, Math.floor(clock().getTime() / 1000));
    if (claims instanceof Response) return claims;
    const role = typeof claims.role === 'string' && claims.role !== '' ? claims.role : 'anon';
    const authed = role !== 'anon';
    if (!API_ROLES.has(role)) {
      return databaseErrorResponse({ code: '42501', message: `permission denied to set role "${role}"` }, authed);
    }

    const text = await request.text();
    const args = parseArguments(text);
    if (args instanceof Response) return args;
    const bodyIsObject = !Array.isArray(args);
    const keys = bodyIsObject ? Object.keys(args).sort() : [];

    const representation = negotiate(request);
    if (representation instanceof Response) return representation;
    const prefer = request.headers.get('Prefer') ?? '';

    const requestHeaders: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      requestHeaders[key.toLowerCase()] = value;
    });

    let outcome: CallOutcome;
    try {
      outcome = await executor.transaction(async (tx): Promise<CallOutcome> => {
        const routines = await loadRoutines(tx, schema, name);
        const candidates = candidateRoutines(routines, keys, bodyIsObject);
        if (candidates.length === 0) return { kind: 'missing', others: routines };
        if (candidates.length > 1) return { kind: 'ambiguous', candidates };
        const routine = candidates[0]!;
        if (routine.volatility !== 'v') await tx.query('set transaction read only');

        // The role's settings first (PostgREST sets them before the role, so a setting the role itself may not set
        // still applies), each transaction-local.
        const { rows: settings } = await tx.query<{ key: string; value: string }>(ROLE_SETTINGS, [role]);
        if (settings.length > 0) {
          await tx.query(
            `select ${settings.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ')}`,
            settings.flatMap((setting) => [setting.key, setting.value]),
          );
        }

        // Unqualified names inside the function resolve as behind Supabase's PostgREST (db-extra-search-path).
        const searchPath = [schema, ...['public', 'extensions'].filter((s) => s !== schema)].map(quoteIdent).join(', ');
        await tx.query(
          `select set_config('role', $1, true), set_config('request.jwt.claims', $2, true),
                  set_config('request.method', $3, true), set_config('request.path', $4, true),
                  set_config('request.headers', $5, true), set_config('request.cookies', '{}', true),
                  set_config('search_path', $6, true)`,
          [
            role,
            JSON.stringify(claims),
            request.method,
            url.pathname.replace(/^\/rest\/v1/, ''),
            JSON.stringify(requestHeaders),
            searchPath,
          ],
        );
        const { sql, params } = callStatement(schema, name, routine, keys, text);
        const { rows: result } = await tx.query<{ body: string | null }>(sql, params);
        const isVoid = routine.returnType === 'void';
        return { kind: 'ok', body: isVoid ? null : (result[0]?.body ?? 'null'), isVoid, isSet: routine.retset };
      });
    } catch (error) {
      if (isSqlError(error)) return databaseErrorResponse(error, authed);
      return pgrstResponse(500, { code: 'PGRSTX00', message: errorMessage(error), details: null, hint: null });
    }

    if (outcome.kind !== 'ok') return resolutionError(outcome, schema, name, keys);
    return resultResponse(outcome, representation, prefer);
  };
}
