// The CSV export of the filtered payments: payments:export-csv asks main where to save and starts an
// operation, followed like every long operation (data/operation.ts) until it is done, failed or cancelled.
import { useMutation } from '@tanstack/react-query';
import type { ChannelInput } from '../../../../shared/ipc/contract';
import { call } from '../../api/client';
import { useOperation } from '../../data/operation';

export function useExport() {
  const operation = useOperation('payments-export');
  const start = useMutation({
    mutationFn: (input: ChannelInput<'payments:export-csv'>) => call('payments:export-csv', input),
    onMutate: () => operation.reset(),
    // No operation id: the person closed the save dialog and nothing started.
    onSuccess: ({ operation_id }) => {
      if (operation_id) operation.follow(operation_id);
    },
  });
  // Not cancelled: it had already finished writing, and its `done` event says so.
  const cancel = useMutation({ mutationFn: (operation_id: string) => call('payments:cancel', { operation_id }) });

  const event = operation.event;
  const running = operation.operationId !== null && (event === null || event.phase === 'running');
  return {
    /** The dialog is open or rows are being written: one export at a time. */
    busy: start.isPending || running,
    start,
    cancel,
    running,
    event,
    operationId: operation.operationId,
    dismiss() {
      operation.reset();
      start.reset();
      cancel.reset();
    },
  };
}

export type Exporter = ReturnType<typeof useExport>;
