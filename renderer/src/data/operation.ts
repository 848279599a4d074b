// Long work in main (imports, exports) reports through the `progress` event, keyed by the operation id the
// starting channel answers with. Its first events — even its last, for a small file — can arrive before that
// answer, so every follower here subscribes before starting and remembers events by id.
import { useEffect, useRef, useState } from 'react';
import type { EventPayload } from '../../../shared/ipc/result';
import { HgError, subscribe } from '../api/client';

export type Progress = EventPayload<'progress'>;

/** Keeps the newest event per operation, so events that arrive before the operation id is known are not lost. */
export function rememberProgress(seen: Map<string, Progress>, event: Progress, limit = 50): Map<string, Progress> {
  seen.delete(event.operation_id);
  seen.set(event.operation_id, event);
  while (seen.size > limit) seen.delete(seen.keys().next().value!);
  return seen;
}

export const isFinished = (event: Progress | null | undefined) => Boolean(event && event.phase !== 'running');

/**
 * Starts an operation and resolves with its last event, or null when nothing started (the person closed the
 * file dialog). A failed operation rejects with its error, in words.
 */
export async function runOperation(
  kind: Progress['kind'],
  start: () => Promise<{ operation_id: string | null }>,
): Promise<Progress | null> {
  const seen = new Map<string, Progress>();
  let wake: () => void = () => undefined;
  const off = subscribe('progress', (event) => {
    if (event.kind !== kind) return;
    rememberProgress(seen, event);
    wake();
  });
  try {
    const { operation_id: id } = await start();
    if (!id) return null;
    for (;;) {
      const last = seen.get(id);
      if (last && isFinished(last)) {
        if (last.phase === 'failed') {
          throw new HgError({
            code: last.error?.code ?? 'internal',
            message: last.error?.message ?? last.message ?? 'The operation failed.',
          });
        }
        return last;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    off();
  }
}

// ---- what a progress bar shows ----

export interface ProgressView {
  /** 0–100, or null when the total is unknown (an indeterminate bar). */
  percent: number | null;
  label: string;
  /** "40,000 of 100,000 rows", for screen readers whatever the message says. */
  detail?: string;
}

/** `noun` is what is counted, `verb` what happened to it ("rows written"). */
export function progressView(event: Pick<Progress, 'done' | 'total' | 'message' | 'phase'> | null, noun = 'row', verb = ''): ProgressView {
  if (!event) return { percent: null, label: 'Starting…' };
  const { done, total } = event;
  const percent = total && total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : null;
  const counted = (
    total !== null
      ? `${done.toLocaleString('en')} of ${total.toLocaleString('en')} ${noun}${total === 1 ? '' : 's'} ${verb}`
      : `${done.toLocaleString('en')} ${noun}${done === 1 ? '' : 's'} ${verb}`
  ).trimEnd();
  // Main's message often says the count already ("40,000 rows staged"); then the count is not repeated.
  const label = !event.message
    ? counted
    : event.message.includes(done.toLocaleString('en'))
      ? event.message
      : `${event.message} — ${counted}`;
  return { percent, label, detail: counted };
}

type OnFinish = (event: Progress) => void;

/** Follows one operation of a kind for a screen: its latest event as state, `onFinish` once it ends. */
export function useOperation(kind: Progress['kind']) {
  const seen = useRef(new Map<string, Progress>());
  const current = useRef<{ id: string; onFinish?: OnFinish | undefined } | null>(null);
  const [operationId, setOperationId] = useState<string | null>(null);
  const [event, setEvent] = useState<Progress | null>(null);

  useEffect(
    () =>
      subscribe('progress', (payload) => {
        if (payload.kind !== kind) return;
        rememberProgress(seen.current, payload);
        const followed = current.current;
        if (payload.operation_id !== followed?.id) return;
        setEvent(payload);
        if (isFinished(payload)) followed.onFinish?.(payload);
      }),
    [kind],
  );

  return {
    operationId,
    event,
    /** Starts following `id`, with whatever arrived for it already; `onFinish` runs once it is done, failed or cancelled. */
    follow(id: string, onFinish?: OnFinish) {
      current.current = { id, onFinish };
      setOperationId(id);
      const known = seen.current.get(id) ?? null;
      setEvent(known);
      if (known && isFinished(known)) onFinish?.(known);
    },
    reset() {
      current.current = null;
      setOperationId(null);
      setEvent(null);
    },
  };
}
