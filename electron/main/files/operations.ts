// Long work (imports, exports) runs in main after its channel has answered with an operation id; the renderer
// follows it through `progress` events keyed by that id: `running` first, then exactly one of `done`, `failed`,
// `cancelled`. Cancelling is honoured at the points the work checks (between chunks or pages) until the work
// commits (the final rename, finishing a run); after that a cancel is refused (`cancelled: false`).
import { randomUUID } from 'node:crypto';
import type { EventPayload } from '../../../shared/ipc/result.js';
import { IpcFailure, toIpcError } from '../ipc/errors.js';
import type { EmitEvent } from './platform.js';

type Progress = EventPayload<'progress'>;
export type OperationKind = Progress['kind'];
export type OperationResult = { run_id?: string | null; file_name?: string | null };
export type OperationSubject = { run_id: string | null; file_name: string | null };
export interface RunningOperation {
  /** The last event sent; null only in the moment before the first. */
  event: Progress | null;
  subject: OperationSubject;
  operation_id: string;
}

export class OperationCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'OperationCancelled';
  }
}

export interface OperationContext {
  readonly id: string;
  readonly signal: AbortSignal;
  /** Reports how far the work is (throttled; the first and last reports always go out). */
  progress(done: number, message?: string | null, options?: { force?: boolean }): void;
  setTotal(total: number | null): void;
  /** Throws OperationCancelled when a cancel was accepted. */
  checkCancelled(): void;
  /** The point of no return: throws if cancelled, then refuses later cancels. */
  commit(): void;
}

export interface StartOptions {
  total: number | null;
  /** What the work is about, for a screen that comes back to it (listed by `running`). */
  subject?: OperationSubject;
  message?: string | null;
  /** Said when the operation is cancelled (e.g. what was left behind). */
  cancelledMessage?: (done: number) => string;
}

export interface Operations {
  start(kind: OperationKind, options: StartOptions, work: (ctx: OperationContext) => Promise<OperationResult>): string;
  /** Refuses (conflict) when as many operations run as allowed; checked before work that cannot be undone. */
  ensureCapacity(): void;
  /** True when the operation exists, is of one of `kinds`, and had not yet committed. */
  cancel(id: string, kinds: readonly OperationKind[]): boolean;
  /** Cancels every operation that has not committed (the app is quitting); committed ones run to their end. */
  cancelAll(): void;
  /** Resolves when nothing is running (tests, app quit). */
  idle(): Promise<void>;
  /** The operations of these kinds still running, oldest first: a screen left and opened again follows them. */
  running(kinds: readonly OperationKind[]): RunningOperation[];
}

interface Running {
  kind: OperationKind;
  controller: AbortController;
  committed: boolean;
  done: Promise<void>;
  last: Progress | null;
  subject: OperationSubject;
}

const THROTTLE_MS = 100;

export function createOperations(options: {
  emit: EmitEvent;
  log?: (message: string, error: unknown) => void;
  /** Bound on concurrent operations, so a renderer cannot start thousands. */
  max?: number;
}): Operations {
  const running = new Map<string, Running>();
  const max = options.max ?? 8;
  const log = options.log ?? ((message, error) => console.error('[files]', message, error));

  const ensureCapacity = () => {
    if (running.size >= max) {
      throw new IpcFailure('conflict', `${running.size} imports and exports are already running. Wait for one to finish.`);
    }
  };

  return {
    ensureCapacity,
    start(kind, start, work) {
      ensureCapacity();
      const id = randomUUID();
      const controller = new AbortController();
      let total = start.total;
      let done = 0;
      let lastEmit = 0;
      const entry: Running = {
        kind,
        controller,
        committed: false,
        done: Promise.resolve(),
        last: null,
        subject: { run_id: start.subject?.run_id ?? null, file_name: start.subject?.file_name ?? null },
      };
      const send = (phase: Progress['phase'], extra: Partial<Progress> = {}) => {
        lastEmit = Date.now();
        const event: Progress = {
          operation_id: id,
          kind,
          phase,
          done,
          total: total === null ? null : Math.max(total, done),
          message: null,
          result: null,
          error: null,
          ...extra,
        };
        entry.last = event;
        options.emit('progress', event);
      };
      const ctx: OperationContext = {
        id,
        signal: controller.signal,
        progress(next, message = null, opts = {}) {
          done = Math.max(0, Math.floor(next));
          if (opts.force || Date.now() - lastEmit >= THROTTLE_MS) send('running', { message });
        },
        setTotal(next) {
          total = next;
        },
        checkCancelled() {
          if (controller.signal.aborted) throw new OperationCancelled();
        },
        commit() {
          if (controller.signal.aborted) throw new OperationCancelled();
          entry.committed = true;
        },
      };

      running.set(id, entry);
      entry.done = (async () => {
        // The channel answers with the id before the operation's first event is sent.
        await new Promise<void>((resolve) => setImmediate(resolve));
        send('running', { message: start.message ?? null });
        try {
          const result = await work(ctx);
          send('done', { result: { run_id: result.run_id ?? null, file_name: result.file_name ?? null } });
        } catch (error) {
          if (controller.signal.aborted && !entry.committed) {
            send('cancelled', { message: start.cancelledMessage?.(done) ?? 'Cancelled.' });
          } else {
            const mapped = toIpcError(error);
            if (mapped.code === 'internal') log(`${kind} ${id} failed`, error);
            send('failed', {
              message: mapped.message,
              error: { code: mapped.code, message: mapped.message, ...(mapped.field ? { field: mapped.field } : {}) },
            });
          }
        } finally {
          running.delete(id);
        }
      })();
      return id;
    },

    cancel(id, kinds) {
      const entry = running.get(id);
      if (!entry || !kinds.includes(entry.kind) || entry.committed) return false;
      entry.controller.abort();
      return true;
    },

    cancelAll() {
      for (const entry of running.values()) if (!entry.committed) entry.controller.abort();
    },

    running(kinds) {
      return [...running.entries()]
        .filter(([, entry]) => kinds.includes(entry.kind))
        .map(([operation_id, entry]) => ({ operation_id, event: entry.last, subject: entry.subject }));
    },

    async idle() {
      while (running.size > 0) await Promise.all([...running.values()].map((entry) => entry.done));
    },
  };
}
