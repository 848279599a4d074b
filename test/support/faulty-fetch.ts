// A fault-injecting fetch for tests: it sits between the console core's supabase-js and the backend (the local
// gateway or a project) and, at the calls a test chooses, does what an office or home network does. Every call is
// recorded (method, path, RPC name, headers, body) so a test can check what was sent, e.g. that a retried refund
// carried the same idempotency key as the call whose answer was lost.
//
// The failures have the shapes Node's fetch (undici 7, Node 24) gives them, which is what supabase-js sees on a real
// network: a refused or reset connection rejects with `TypeError: fetch failed` whose cause carries the socket error
// code; a body cut mid-way errors the stream with `TypeError: terminated`. A statement timeout is PostgREST's answer
// to 57014 (v12–v13, src/PostgREST/Error.hs: SQLSTATE class 57 → 500, body {code, message, details, hint}).

export type Fault =
  /** The connection is refused: nothing reaches the server. */
  | { kind: 'drop' }
  /** The request reaches the server and is carried out; the answer never arrives (connection reset). */
  | { kind: 'lose-response' }
  /** The answer comes this much later (an abort signal still ends the wait). */
  | { kind: 'delay'; ms: number }
  /** The call waits until the rule's `release()`; then it goes through. */
  | { kind: 'hold' }
  /** A gateway or proxy answers with this status and never passes the request on. */
  | { kind: 'status'; status: number; body?: string }
  /** The server answers, but the connection breaks after the first half of the body. */
  | { kind: 'cut-body' }
  /** PostgREST's answer when the statement timeout cancels the call (the call's work is rolled back). */
  | { kind: 'statement-timeout' };

export interface FetchCall {
  /** 1-based, over every call this fetch has seen. */
  seq: number;
  method: string;
  url: string;
  /** The URL's path, e.g. /rest/v1/rpc/refund_payment or /auth/v1/token. */
  path: string;
  /** The function's name for /rest/v1/rpc/<name>, else null. */
  rpc: string | null;
  headers: Record<string, string>;
  /** The request body as text ('' when none). */
  body: string;
  /** The fault this call met, if any. */
  fault: Fault['kind'] | null;
}

export interface FaultRule {
  /** Calls this rule has been applied to. */
  readonly hits: FetchCall[];
  /** For `hold`: lets every held call (and later ones) go through. */
  release(): void;
  /** Stops applying the rule (held calls are released). */
  remove(): void;
}

export interface RuleOptions {
  /** Matching calls to let through untouched before the rule starts applying. Default 0. */
  skip?: number;
  /** How many calls the rule applies to; default every matching call until removed. */
  times?: number;
}

export type CallMatch = string | RegExp | ((call: FetchCall) => boolean);

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface FaultyFetch {
  /** `inner` with the faults in front of it (a core rebuilt on restart wraps its new backend the same way). */
  wrap(inner: Fetch): Fetch;
  /** Every call seen, oldest first. */
  readonly calls: FetchCall[];
  /** Calls to one RPC, oldest first. */
  rpcCalls(name: string): FetchCall[];
  /**
   * Applies `fault` to calls that match: a string is an RPC name (`refund_payment`), a RegExp is tested against
   * `METHOD path`, a function sees the whole call.
   */
  inject(match: CallMatch, fault: Fault, options?: RuleOptions): FaultRule;
  /** Removes every rule and releases every held call. */
  heal(): void;
}

function socketError(code: string, message: string): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** Rejects when the signal aborts; never settles without one. */
function aborted(signal: AbortSignal | null | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (!signal) return;
    if (signal.aborted) return reject(abortError(signal));
    signal.addEventListener('abort', () => reject(abortError(signal)), { once: true });
  });
}

function wait(ms: number, signal: AbortSignal | null | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(abortError(signal));
      },
      { once: true },
    );
  });
}

function matcher(match: CallMatch): (call: FetchCall) => boolean {
  if (typeof match === 'string') return (call) => call.rpc === match;
  if (match instanceof RegExp) return (call) => match.test(`${call.method} ${call.path}`);
  return match;
}

/** A response whose body stops after half its bytes with the error undici gives a reset connection. */
async function cutBody(response: Response): Promise<Response> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const half = bytes.subarray(0, Math.floor(bytes.length / 2));
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (half.length > 0) controller.enqueue(half);
      // after the first chunk has been read: the reader gets the half, then the error
      setTimeout(
        () => controller.error(new TypeError('terminated', { cause: socketError('UND_ERR_SOCKET', 'other side closed').cause })),
        0,
      );
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

async function describe(seq: number, input: string | URL | Request, init: RequestInit | undefined): Promise<FetchCall> {
  const request = new Request(input, init);
  const path = new URL(request.url).pathname;
  const rpc = /^\/rest\/v1\/rpc\/([^/?]+)$/.exec(path)?.[1] ?? null;
  const body = ['GET', 'HEAD'].includes(request.method) ? '' : await request.text();
  return { seq, method: request.method, url: request.url, path, rpc, headers: Object.fromEntries(request.headers), body, fault: null };
}

export function faultyFetch(): FaultyFetch {
  interface Rule extends FaultRule {
    test(call: FetchCall): boolean;
    fault: Fault;
    seen: number;
    options: RuleOptions;
    gate: Promise<void>;
    removed: boolean;
  }
  const rules: Rule[] = [];
  const calls: FetchCall[] = [];

  const wrap =
    (inner: Fetch): Fetch =>
    async (input, init) => {
      const call = await describe(calls.length + 1, input, init);
      calls.push(call);
      const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
      const rule = rules.find((candidate) => {
        if (candidate.removed || !candidate.test(call)) return false;
        candidate.seen += 1;
        const skip = candidate.options.skip ?? 0;
        return candidate.seen > skip && (candidate.options.times === undefined || candidate.hits.length < candidate.options.times);
      });
      // The request is rebuilt from what was recorded, since reading the body consumed it.
      const send = () =>
        inner(call.url, {
          method: call.method,
          headers: call.headers,
          ...(call.body === '' ? {} : { body: call.body }),
          ...(signal ? { signal } : {}),
        });
      if (!rule) return send();
      rule.hits.push(call);
      const fault = rule.fault;
      call.fault = fault.kind;
      switch (fault.kind) {
        case 'drop':
          throw socketError('ECONNREFUSED', 'connect ECONNREFUSED');
        case 'lose-response': {
          const response = await send();
          await response.arrayBuffer(); // the server finished its work
          throw socketError('ECONNRESET', 'read ECONNRESET');
        }
        case 'delay':
          await wait(fault.ms, signal);
          return send();
        case 'hold':
          await Promise.race([rule.gate, aborted(signal)]);
          return send();
        case 'status':
          return new Response(fault.body ?? `upstream unavailable (${fault.status})`, {
            status: fault.status,
            headers: { 'content-type': 'text/plain' },
          });
        case 'cut-body':
          return cutBody(await send());
        case 'statement-timeout':
          return Response.json(
            { code: '57014', details: null, hint: null, message: 'canceling statement due to statement timeout' },
            { status: 500 },
          );
      }
    };

  return {
    wrap,
    calls,
    rpcCalls: (name) => calls.filter((call) => call.rpc === name),
    inject(match, fault, options = {}) {
      let open!: () => void;
      const gate = new Promise<void>((resolve) => {
        open = resolve;
      });
      const rule: Rule = {
        test: matcher(match),
        fault,
        options,
        seen: 0,
        hits: [],
        gate,
        removed: false,
        release: open,
        remove() {
          rule.removed = true;
          open();
        },
      };
      rules.push(rule);
      return rule;
    },
    heal() {
      for (const rule of rules.splice(0)) rule.remove();
    },
  };
}
