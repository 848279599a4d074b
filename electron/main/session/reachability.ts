// Whether the backend answers, as the console's own calls find it. Every request of the one supabase-js client goes
// through `observe`: an answer of any status means the backend is reachable (a 502/503/504 with no body of the API's
// own is a proxy saying it is not); a fetch that fails before any answer means it is not. Once offline, main checks
// again on its own with backoff (GoTrue's GET /auth/v1/health, which needs only the API key), so the console comes
// back without anyone pressing anything; the renderer hears `connection:state` both ways and refreshes what it shows.
import type { GatewayFetch } from '../local-backend/gateway.js';

export type ConnectionState = { state: 'online' | 'offline'; since: string; message: string | null };

export interface Reachability {
  /** `fetch` with its outcomes observed. */
  observe(fetch: GatewayFetch): GatewayFetch;
  state(): ConnectionState;
  /** Stops checking (app quit, connection switch). */
  close(): void;
}

/** Waits between checks while offline: quick at first (a blip), then every 15 s. */
export const PROBE_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 15_000] as const;

const PROXY_UNAVAILABLE = new Set([502, 503, 504]);

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

export function createReachability(options: {
  /** One check: resolves true when the backend answered. */
  probe: () => Promise<boolean>;
  emit: (state: ConnectionState) => void;
  /** Said while offline, e.g. "Cannot reach abc.supabase.co." */
  offlineMessage: string;
  delays?: readonly number[];
  now?: () => Date;
}): Reachability {
  const delays = options.delays ?? PROBE_DELAYS_MS;
  const now = options.now ?? (() => new Date());
  let current: ConnectionState = { state: 'online', since: now().toISOString(), message: null };
  let timer: NodeJS.Timeout | undefined;
  let attempt = 0;
  let closed = false;

  const set = (state: ConnectionState['state']) => {
    if (current.state === state || closed) return;
    current = { state, since: now().toISOString(), message: state === 'offline' ? options.offlineMessage : null };
    options.emit(current);
  };

  const schedule = () => {
    if (timer || closed) return;
    const delay = delays[Math.min(attempt, delays.length - 1)]!;
    attempt += 1;
    timer = setTimeout(() => {
      timer = undefined;
      options.probe().then(
        (answered) => (answered ? reached() : schedule()),
        () => schedule(),
      );
    }, delay);
    timer.unref?.();
  };

  function reached(): void {
    clearTimeout(timer);
    timer = undefined;
    attempt = 0;
    set('online');
  }

  function lost(): void {
    set('offline');
    schedule();
  }

  // A new connection (a start, a switch, a restart of the core) starts online: the renderer may still hold the
  // previous connection's "offline", which nothing else would clear.
  options.emit(current);

  return {
    observe: (fetch) => async (input, init) => {
      let response: Response;
      try {
        response = await fetch(input, init);
      } catch (error) {
        // A call the console cancelled itself says nothing about the network.
        if (!isAbort(error)) lost();
        throw error;
      }
      if (PROXY_UNAVAILABLE.has(response.status) && !response.headers.get('content-type')?.includes('json')) lost();
      else reached();
      return response;
    },
    state: () => current,
    close() {
      closed = true;
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** How long a request may go without an answer before it is given up (a PostgREST call stops at 8 s on a project). */
export const REQUEST_DEADLINE_MS = 30_000;

/**
 * A network that goes silent (no reset, no answer: a dropped VPN, a sleeping Wi-Fi) would hold a call for minutes.
 * Past the deadline the request is given up as a failed fetch, the way undici reports its own timeouts, so it is
 * treated like any lost connection: tried again when safe, `outcome_unknown` for a change that may have arrived.
 */
export function withDeadline(fetch: GatewayFetch, ms: number = REQUEST_DEADLINE_MS): GatewayFetch {
  return async (input, init) => {
    const giveUp = new AbortController();
    const signal = init?.signal ? AbortSignal.any([init.signal, giveUp.signal]) : giveUp.signal;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const cause = Object.assign(new Error(`no answer within ${ms / 1000} s`), { code: 'UND_ERR_HEADERS_TIMEOUT' });
        reject(new TypeError('fetch failed', { cause }));
        giveUp.abort(cause); // after the race is settled: the request itself stops too, where it can
      }, ms);
    });
    try {
      // raced as well as aborted: the in-process gateway cannot stop a query it has started
      return await Promise.race([fetch(input, { ...init, signal }), expired]);
    } finally {
      clearTimeout(timer);
    }
  };
}
