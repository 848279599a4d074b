// Background operations without a database: the events they send, in order, for each way an operation can end, and
// the rules of cancelling (honoured until the work commits, only through the operation's own channel).
import { describe, expect, it } from 'vitest';
import { createOperations, type OperationContext } from '../../electron/main/files/operations.js';
import { IpcFailure } from '../../electron/main/ipc/errors.js';
import { eventSchemas, type EventPayload } from '../../shared/ipc/result.js';

type Progress = EventPayload<'progress'>;

function setup(max?: number) {
  const events: Progress[] = [];
  const logged: unknown[] = [];
  const operations = createOperations({
    emit: ((_event: string, payload: unknown) => events.push(eventSchemas.progress.parse(payload))) as never,
    log: (_message, error) => logged.push(error),
    ...(max ? { max } : {}),
  });
  return { events, logged, operations };
}

/** A step the test releases by hand. */
function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('operations', () => {
  it('answers with the id first, then running …, then done with the result', async () => {
    const { events, operations } = setup();
    const id = operations.start('payments-export', { total: 3, message: 'Saving a.csv' }, async (ctx) => {
      ctx.progress(1, null, { force: true });
      ctx.progress(2); // throttled: within 100 ms of the last event
      ctx.progress(3, null, { force: true });
      ctx.commit();
      return { file_name: 'a.csv' };
    });
    expect(events).toEqual([]);
    await operations.idle();
    expect(events.map((e) => [e.operation_id === id, e.phase, e.done, e.total])).toEqual([
      [true, 'running', 0, 3],
      [true, 'running', 1, 3],
      [true, 'running', 3, 3],
      [true, 'done', 3, 3],
    ]);
    expect(events[0]!.message).toBe('Saving a.csv');
    expect(events.at(-1)!.result).toEqual({ run_id: null, file_name: 'a.csv' });
  });

  it('a cancel before the commit ends it as cancelled; after the commit it is refused and the work completes', async () => {
    const { events, operations } = setup();
    const step = gate();
    const id = operations.start('reconciliation-run', { total: null, cancelledMessage: (done) => `stopped at ${done}` }, async (ctx) => {
      ctx.progress(5);
      await step.promise;
      ctx.checkCancelled();
      return {};
    });
    expect(operations.cancel(id, ['payments-export'])).toBe(false); // not through another channel
    expect(operations.cancel(id, ['reconciliation-run'])).toBe(true);
    step.open();
    await operations.idle();
    expect(events.at(-1)).toMatchObject({ phase: 'cancelled', message: 'stopped at 5', result: null, error: null });
    expect(operations.cancel(id, ['reconciliation-run'])).toBe(false);

    const late = gate();
    let ctxOf: OperationContext | undefined;
    const committed = operations.start('reconciliation-run', { total: null }, async (ctx) => {
      ctxOf = ctx;
      ctx.commit();
      await late.promise;
      return { run_id: 'r1' };
    });
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(ctxOf).toBeDefined();
    expect(operations.cancel(committed, ['reconciliation-run'])).toBe(false);
    late.open();
    await operations.idle();
    expect(events.at(-1)).toMatchObject({ operation_id: committed, phase: 'done', result: { run_id: 'r1', file_name: null } });
  });

  it('a failure is reported with its code, message and field; a bug says only that it failed, and is logged', async () => {
    const { events, logged, operations } = setup();
    operations.start('reconciliation-run', { total: 10 }, async () => {
      throw { code: '22023', message: 'amount: line 5: must be a number greater than 0', details: '{"field":"amount","line":5,"row":4}' };
    });
    operations.start('trends-export', { total: 1 }, async () => {
      throw new TypeError('boom');
    });
    await operations.idle();
    const failed = events.filter((e) => e.phase === 'failed');
    expect(failed.map((e) => e.error)).toEqual([
      { code: 'validation', message: 'amount: line 5: must be a number greater than 0', field: 'amount' },
      { code: 'internal', message: expect.stringContaining('Something went wrong') },
    ]);
    expect(logged).toHaveLength(1);
  });

  it('quitting cancels what has not committed and lets committed work finish', async () => {
    const { events, operations } = setup();
    const first = gate();
    const second = gate();
    const open = operations.start('payments-export', { total: null }, async (ctx) => {
      await first.promise;
      ctx.checkCancelled();
      return { file_name: 'never.csv' };
    });
    const committed = operations.start('reconciliation-run', { total: null }, async (ctx) => {
      ctx.commit();
      await second.promise;
      return { run_id: 'run-1' };
    });
    await new Promise((resolve) => setImmediate(resolve));
    operations.cancelAll();
    first.open();
    second.open();
    await operations.idle();
    const last = (id: string) => events.filter((e) => e.operation_id === id).at(-1);
    expect(last(open)).toMatchObject({ phase: 'cancelled' });
    expect(last(committed)).toMatchObject({ phase: 'done', result: { run_id: 'run-1' } });
  });

  it('lists what is still running of a kind, with its subject and last event, so a screen can follow it again', async () => {
    const { operations } = setup();
    const release = gate();
    const id = operations.start(
      'reconciliation-run',
      { total: 10, message: 'Importing a.csv', subject: { run_id: 'run-1', file_name: 'a.csv' } },
      async (ctx) => {
        ctx.progress(4, '4 rows staged', { force: true });
        await release.promise;
        return { run_id: 'run-1' };
      },
    );
    operations.start('payments-export', { total: 1 }, async () => {
      await release.promise;
      return {};
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(operations.running(['reconciliation-run'])).toEqual([
      {
        operation_id: id,
        subject: { run_id: 'run-1', file_name: 'a.csv' },
        event: expect.objectContaining({ operation_id: id, phase: 'running', done: 4, total: 10, message: '4 rows staged' }),
      },
    ]);
    expect(operations.running(['trends-export'])).toEqual([]);
    release.open();
    await operations.idle();
    expect(operations.running(['reconciliation-run', 'payments-export'])).toEqual([]);
  });

  it('refuses more than its bound of concurrent operations', async () => {
    const { operations } = setup(1);
    const step = gate();
    operations.start('payments-export', { total: null }, async () => {
      await step.promise;
      return {};
    });
    expect(() => operations.ensureCapacity()).toThrow(IpcFailure);
    expect(() => operations.start('payments-export', { total: null }, async () => ({}))).toThrow(/already running/);
    step.open();
    await operations.idle();
    expect(() => operations.ensureCapacity()).not.toThrow();
  });
});
