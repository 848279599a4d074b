// Runs payments:export-csv-start and follows its operation. The `progress` subscription is made BEFORE the call:
// main may send the first events as soon as it answers, and events that arrive before the id is known are kept and
// replayed once it is.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChannelInput } from '../../../../shared/ipc/contract';
import { call, errorMessage, subscribe } from '../../api/client';
import { applyProgress, isTerminal, type ExportState, type Progress } from './export-state';

export function useExport() {
  const [state, setState] = useState<ExportState>({ phase: 'idle' });
  const unsubscribe = useRef<(() => void) | null>(null);
  const operation = useRef<string | null>(null);

  const stop = useCallback(() => {
    unsubscribe.current?.();
    unsubscribe.current = null;
  }, []);
  useEffect(() => stop, [stop]);

  const start = useCallback(
    async (input: ChannelInput<'payments:export-csv-start'>) => {
      stop();
      operation.current = null;
      const early: Progress[] = [];
      const onEvent = (event: Progress) => {
        if (event.kind !== 'payments-export') return;
        const id = operation.current;
        if (id === null) {
          early.push(event);
          return;
        }
        if (event.operation_id !== id) return;
        setState((previous) => applyProgress(previous, event, id));
        if (isTerminal(event.phase)) stop();
      };
      unsubscribe.current = subscribe('progress', onEvent);
      setState({ phase: 'starting' });
      try {
        const { operation_id } = await call('payments:export-csv-start', input);
        if (operation_id === null) {
          // The person closed the save dialog: nothing started.
          stop();
          setState({ phase: 'idle' });
          return;
        }
        operation.current = operation_id;
        setState({ phase: 'running', operationId: operation_id, done: 0, total: null, message: null });
        for (const event of early.splice(0)) onEvent(event);
      } catch (error) {
        stop();
        setState({ phase: 'failed', operationId: null, message: errorMessage(error) });
      }
    },
    [stop],
  );

  const cancel = useCallback(async () => {
    const id = operation.current;
    if (!id) return;
    try {
      const { cancelled } = await call('payments:export-csv-cancel', { operation_id: id });
      // Not cancelled: it had already finished writing; its `done` event says so.
      if (!cancelled) return;
    } catch (error) {
      setState({ phase: 'failed', operationId: id, message: errorMessage(error) });
      stop();
    }
  }, [stop]);

  const dismiss = useCallback(() => setState({ phase: 'idle' }), []);

  return { state, start, cancel, dismiss };
}
