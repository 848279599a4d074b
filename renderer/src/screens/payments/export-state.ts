// The CSV export's state as the `progress` events for its operation arrive (pure, so it is unit-tested).
import type { EventPayload } from '../../../../shared/ipc/result';

export type Progress = EventPayload<'progress'>;

export type ExportState =
  | { phase: 'idle' }
  | { phase: 'starting' }
  | { phase: 'running'; operationId: string; done: number; total: number | null; message: string | null }
  | { phase: 'done'; operationId: string; done: number; fileName: string | null }
  | { phase: 'failed'; operationId: string | null; message: string }
  | { phase: 'cancelled'; operationId: string; message: string };

export const isTerminal = (phase: Progress['phase']) => phase !== 'running';

/** Applies one event; events of other operations are ignored. */
export function applyProgress(state: ExportState, event: Progress, operationId: string): ExportState {
  if (event.operation_id !== operationId || event.kind !== 'payments-export') return state;
  if (state.phase === 'done' || state.phase === 'failed' || state.phase === 'cancelled') return state;
  switch (event.phase) {
    case 'running':
      return { phase: 'running', operationId, done: event.done, total: event.total, message: event.message };
    case 'done':
      return { phase: 'done', operationId, done: event.done, fileName: event.result?.file_name ?? null };
    case 'failed':
      return { phase: 'failed', operationId, message: event.error?.message ?? event.message ?? 'The export failed.' };
    case 'cancelled':
      return { phase: 'cancelled', operationId, message: event.message ?? 'Export cancelled.' };
  }
}

/** 0–100, or null while the total is unknown. */
export function percent(done: number, total: number | null): number | null {
  if (total === null) return null;
  if (total === 0) return 100;
  return Math.min(100, Math.round((done / total) * 100));
}
