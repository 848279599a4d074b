// The local backend's gateway: an in-process stand-in for the two Supabase services the console uses, handed to
// supabase-js as its `global.fetch`, so the console runs on PGlite (or any plain PostgreSQL with our bootstrap,
// migrations and seed) with no Supabase project.
//
// This file plays Kong: it routes to GoTrue (gotrue.ts) or PostgREST's RPC (postgrest-rpc.ts) behind the API-key
// check, and answers anything else with 501 naming the route, so a console feature that needs more of Supabase fails
// loudly instead of half-working.
//
// Plain Node (no Electron imports): the main process creates it, tests drive it directly.
import { createGoTrue, type AuthRoute } from './gotrue.js';
import { factorRoute } from './gotrue-mfa.js';
import { jsonResponse, notSupported, parseRequest } from './http.js';
import { assertUsableSecret, createAnonKey, createPublishableKey, verifyJwt } from './jwt.js';
import { createRpc } from './postgrest-rpc.js';
import type { SqlExecutor } from './sql-executor.js';

export { postgrestStatus } from './postgrest-errors.js';

export type GatewayFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface GatewayOptions {
  executor: SqlExecutor;
  /** HS256 secret for access tokens and the anon key (at least 32 characters). */
  jwtSecret: string;
  /** Lifetime of access tokens (GoTrue's JWT_EXP). Default 3600. */
  accessTokenTtlSeconds?: number;
  /**
   * GoTrue's SECURITY_REFRESH_TOKEN_REUSE_INTERVAL: how long a rotated refresh token may still be presented (by a
   * client that raced itself) before presenting it counts as reuse. Default 10.
   */
  refreshTokenReuseIntervalSeconds?: number;
  /** The clock (tests move it). Default: the system clock. */
  now?: () => Date;
  /** Schemas PostgREST exposes (the first is the default profile). Default: public, console. */
  exposedSchemas?: readonly string[];
}

export interface Gateway {
  fetch: GatewayFetch;
  /** The project's publishable key (`sb_publishable_…`) for createClient(url, key, …): what the console uses. */
  publishableKey: string;
  /** The legacy anon key (an HS256 JWT with role anon), still accepted as Supabase still accepts it. */
  anonKey: string;
}

export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const { executor, jwtSecret } = options;
  assertUsableSecret(jwtSecret);
  const clock = options.now ?? (() => new Date());
  const anonKey = await createAnonKey(jwtSecret);
  const publishableKey = createPublishableKey(jwtSecret);
  const auth = createGoTrue({
    executor,
    jwtSecret,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    refreshTokenReuseIntervalSeconds: options.refreshTokenReuseIntervalSeconds ?? 10,
    now: clock,
  });
  const rpc = createRpc({ executor, jwtSecret, exposedSchemas: [...(options.exposedSchemas ?? ['public', 'console'])], now: clock });

  /**
   * The API gateway's key check: the publishable key, the legacy anon key, or any JWT signed with the project's
   * secret passes. A publishable key is not a JWT, so where it also arrives as the bearer (supabase-js sends the key
   * as `Authorization: Bearer <key>` until someone signs in) the platform's gateway puts the anon role's JWT in its
   * place before GoTrue or PostgREST see the request; so does this one. Returns the request to route, or the refusal.
   */
  async function checkApiKey(request: Request, url: URL): Promise<Request | Response> {
    const key = request.headers.get('apikey') ?? url.searchParams.get('apikey');
    if (!key)
      return jsonResponse(401, { message: 'No API key found in request', hint: 'No `apikey` request header or url param was found.' });
    if (key !== publishableKey && key !== anonKey && !(await verifyJwt(key, jwtSecret, Math.floor(clock().getTime() / 1000))).ok) {
      return jsonResponse(401, { message: 'Invalid API key', hint: 'Double check your Supabase `anon` or `service_role` API key.' });
    }
    if (key === publishableKey && request.headers.get('Authorization') === `Bearer ${publishableKey}`) {
      const headers = new Headers(request.headers);
      headers.set('Authorization', `Bearer ${anonKey}`);
      return new Request(request, { headers });
    }
    return request;
  }

  const fetch: GatewayFetch = async (input, init) => {
    const { request, url, method, path } = parseRequest(input, init);

    if (path.startsWith('/auth/v1/factors')) {
      const route = factorRoute(method, path);
      if (!route) return notSupported(method, path);
      const checked = await checkApiKey(request, url);
      return checked instanceof Response ? checked : auth(checked, url, route);
    }
    if (path === '/auth/v1/health' && method === 'GET') {
      // GoTrue v2 (api/api.go, HealthCheck): its name, version and description, answered without a session.
      const checked = await checkApiKey(request, url);
      return checked instanceof Response
        ? checked
        : jsonResponse(200, { version: 'local', name: 'GoTrue', description: 'GoTrue is a user registration and authentication API' });
    }
    const authRoute = /^\/auth\/v1\/(token|user|logout)$/.exec(path)?.[1] as AuthRoute | undefined;
    if (authRoute) {
      const grant = url.searchParams.get('grant_type');
      const supported =
        (authRoute === 'token' && method === 'POST' && (grant === 'password' || grant === 'refresh_token')) ||
        (authRoute === 'user' && method === 'GET') ||
        (authRoute === 'logout' && method === 'POST');
      if (!supported) return notSupported(method, authRoute === 'token' && grant ? `${path}?grant_type=${grant}` : path);
      const checked = await checkApiKey(request, url);
      return checked instanceof Response ? checked : auth(checked, url, authRoute);
    }

    const fn = /^\/rest\/v1\/rpc\/([^/]+)$/.exec(path)?.[1];
    if (fn && method === 'POST') {
      let name: string;
      try {
        name = decodeURIComponent(fn);
      } catch {
        return notSupported(method, path);
      }
      const checked = await checkApiKey(request, url);
      return checked instanceof Response ? checked : rpc(checked, url, name);
    }
    return notSupported(method, path);
  };

  return { fetch, publishableKey, anonKey };
}
