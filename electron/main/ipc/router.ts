// The one entry point for renderer calls. Plain TypeScript with no Electron import, so the same router serves
// ipcMain (through a small adapter), the end-to-end tests (page.exposeFunction) and unit tests.
// Order matters: sender before channel before input, so nothing from an untrusted page is even parsed.
import type { z } from 'zod';
import { contract, isChannelName, type ChannelName, type ChannelOutput, type ParsedInput } from '../../../shared/ipc/contract.js';
import { fail, ok, type IpcError, type Result } from '../../../shared/ipc/result.js';
import { describeIssue, fieldLabel, fieldPath } from '../../../shared/ipc/issues.js';
import { GENERIC_INTERNAL, toIpcError } from './errors.js';

export interface Sender {
  url: string;
}

export interface HandlerContext {
  channel: ChannelName;
  sender: Sender;
}

export type Handler<C extends ChannelName> = (input: ParsedInput<C>, ctx: HandlerContext) => Promise<ChannelOutput<C>>;

export type Handlers = { [C in ChannelName]: Handler<C> };

export type LogEntry =
  | { kind: 'untrusted-sender'; url: string }
  | { kind: 'unknown-channel'; channel: string }
  | { kind: 'output-mismatch'; channel: ChannelName; issues: string[] }
  | { kind: 'handler-error'; channel: string; code: IpcError['code']; error: unknown };

export interface RouterOptions {
  /** Every contract channel's handler (see ./handlers.ts for how the map is assembled). */
  handlers: Handlers;
  /** Only the app's own origin; a navigated or injected frame gets nothing. */
  isTrustedSender: (sender: Sender) => boolean;
  /** The backend's host, so that network failures can name it. */
  backendHost?: () => string | undefined;
  log?: (entry: LogEntry) => void;
}

export interface Router {
  handle(channel: unknown, input: unknown, sender: Sender): Promise<Result<unknown>>;
}

/** Field `filters.min_rating`, message in people's words; the input's own values are never echoed (they may be 1 MB
 * or hostile). */
function validationError(error: z.ZodError): IpcError {
  const issue = error.issues[0];
  if (!issue) return { code: 'validation', message: 'The request is not valid.' };
  const { field, message } = describeIssue(issue);
  return { code: 'validation', message, ...(field ? { field } : {}) };
}

// Checked before zod so that the rule holds whatever a schema allows: only what JSON can express reaches a
// handler (a Date or Map would otherwise pass as an object with no keys), no key can reach a prototype, and a
// 100k-item array or a 10 000-deep nesting is refused cheaply, without recursion. The largest valid request
// (a bulk decision of 500 items) has about 1 500 values.
const MAX_VALUES = 20_000;
const MAX_DEPTH = 32;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return Object.prototype.toString.call(value).slice(8, -1);
}

function rejected(path: readonly PropertyKey[], text: string): IpcError {
  const field = fieldPath(path);
  return { code: 'validation', message: `${fieldLabel(path)} ${text}.`, ...(field ? { field } : {}) };
}

function notPlainData(input: unknown): IpcError | undefined {
  const stack: Array<{ value: unknown; path: PropertyKey[] }> = [{ value: input, path: [] }];
  let seen = 0;
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (++seen > MAX_VALUES) return rejected([], `is too large (over ${MAX_VALUES} values)`);
    if (path.length > MAX_DEPTH) return rejected(path, 'is nested too deeply');
    if (value === null || value === undefined || typeof value === 'string' || typeof value === 'boolean') continue;
    if (typeof value === 'number') {
      if (Number.isFinite(value)) continue;
      return rejected(path, 'must be a finite number');
    }
    if (Array.isArray(value)) {
      if (value.length > MAX_VALUES) return rejected(path, `has too many items (over ${MAX_VALUES})`);
      value.forEach((item, index) => stack.push({ value: item, path: [...path, index] }));
      continue;
    }
    const proto = typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
    if (typeof value !== 'object' || (proto !== Object.prototype && proto !== null)) {
      return rejected(path, `must be plain data (got ${describe(value)})`);
    }
    for (const key of Reflect.ownKeys(value)) {
      if (typeof key === 'symbol' || FORBIDDEN_KEYS.has(key)) {
        return rejected(path, `"${typeof key === 'symbol' ? 'a symbol key' : key}" is not an allowed key`);
      }
      stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return undefined;
}

function defaultLog(entry: LogEntry): void {
  console.error('[ipc]', entry);
}

export function createRouter(options: RouterOptions): Router {
  const log = options.log ?? defaultLog;
  const handlers = options.handlers;

  function trusted(sender: unknown): sender is Sender {
    if (typeof sender !== 'object' || sender === null) return false;
    const url = (sender as { url?: unknown }).url;
    if (typeof url !== 'string') return false;
    try {
      return options.isTrustedSender({ url }) === true;
    } catch {
      // A predicate that throws on a strange URL must refuse, not let it through.
      return false;
    }
  }

  async function run<C extends ChannelName>(channel: C, input: unknown, sender: Sender): Promise<Result<unknown>> {
    const schemas = contract[channel];
    let parsed: z.ZodSafeParseResult<unknown>;
    try {
      const impure = notPlainData(input);
      if (impure) return fail(impure);
      parsed = schemas.input.safeParse(input);
    } catch {
      // Getters that throw or proxies: whatever it is, it is not a valid request.
      return fail({ code: 'validation', message: 'The request is not valid.' });
    }
    if (!parsed.success) return fail(validationError(parsed.error));

    const handler = handlers[channel] as Handler<C>;

    let value: unknown;
    try {
      value = await handler(parsed.data as ParsedInput<C>, { channel, sender: { url: sender.url } });
    } catch (error) {
      const mapped = toIpcError(error, { host: safeHost() });
      log({ kind: 'handler-error', channel, code: mapped.code, error });
      return fail(mapped);
    }

    const out = schemas.output.safeParse(value);
    if (!out.success) {
      // A handler returning the wrong shape is our bug: log what was wrong, tell the renderer only that it failed.
      log({
        kind: 'output-mismatch',
        channel,
        issues: out.error.issues.slice(0, 10).map((i) => `${fieldPath(i.path) || '(root)'}: ${i.message}`),
      });
      return fail({ code: 'internal', message: GENERIC_INTERNAL });
    }
    return ok(out.data);
  }

  function safeHost(): string | undefined {
    try {
      return options.backendHost?.();
    } catch {
      return undefined;
    }
  }

  return {
    async handle(channel, input, sender) {
      try {
        if (!trusted(sender)) {
          const url = typeof (sender as { url?: unknown } | null)?.url === 'string' ? (sender as Sender).url : '';
          log({ kind: 'untrusted-sender', url: url.slice(0, 200) });
          return fail({ code: 'forbidden', message: 'This window is not allowed to use the console.' });
        }
        if (!isChannelName(channel)) {
          log({ kind: 'unknown-channel', channel: typeof channel === 'string' ? channel.slice(0, 100) : typeof channel });
          return fail({ code: 'validation', message: 'Unknown request: this version of the console has no such channel.' });
        }
        return await run(channel, input, sender);
      } catch (error) {
        // Last line of defence: the renderer always gets a Result, and main keeps running.
        const name = typeof channel === 'string' ? channel.slice(0, 100) : typeof channel;
        log({ kind: 'handler-error', channel: name, code: 'internal', error });
        return fail({ code: 'internal', message: GENERIC_INTERNAL });
      }
    },
  };
}
