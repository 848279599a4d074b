// Following long work in main: events that arrive before the starting channel answers are not lost, a failure
// rejects in words, and a cancelled file dialog starts nothing.
import { afterEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../shared/ipc/result';
import { runOperation } from '../../renderer/src/data/operation';

type Progress = EventPayload<'progress'>;
const listeners = new Set<(payload: Progress) => void>();

function fakeBridge() {
  Object.assign(globalThis, {
    window: {
      hg: {
        invoke: async () => ({ ok: true, value: null }),
        on: (_event: string, listener: (payload: Progress) => void) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      },
    },
  });
}
const emit = (event: Partial<Progress> & Pick<Progress, 'operation_id' | 'phase'>) =>
  listeners.forEach((listener) =>
    listener({ kind: 'trends-export', done: 0, total: null, message: null, result: null, error: null, ...event }),
  );

afterEach(() => {
  listeners.clear();
  Reflect.deleteProperty(globalThis, 'window');
});

describe('runOperation', () => {
  it('resolves with the last event even when it came before the id', async () => {
    fakeBridge();
    const last = await runOperation('trends-export', async () => {
      emit({ operation_id: 'other', phase: 'done' });
      emit({ operation_id: 'op-1', phase: 'running', done: 1 });
      emit({ operation_id: 'op-1', phase: 'done', done: 2, result: { run_id: null, file_name: 'trends.csv' } });
      return { operation_id: 'op-1' };
    });
    expect(last).toMatchObject({ phase: 'done', result: { file_name: 'trends.csv' } });
    expect(listeners.size).toBe(0);
  });

  it('waits for events after the answer, and rejects a failure with its message', async () => {
    fakeBridge();
    const pending = runOperation('trends-export', async () => ({ operation_id: 'op-2' }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    emit({ operation_id: 'op-2', phase: 'failed', error: { code: 'unavailable', message: 'The disk is full.' } });
    await expect(pending).rejects.toMatchObject({ code: 'unavailable', message: 'The disk is full.' });
  });

  it('a cancelled file dialog starts nothing', async () => {
    fakeBridge();
    expect(await runOperation('trends-export', async () => ({ operation_id: null }))).toBeNull();
  });
});
