// Follows one long operation in main (an import run or an export) through the `progress` event. The subscription
// is made when the screen mounts, before the channel that starts the work is invoked, and events are remembered
// by operation id: the first events (even the last one, for a small file) can arrive before the channel's answer
// says which id is ours.
import { useEffect, useRef, useState } from 'react';
import { subscribe } from '../../api/client';
import { isFinished, rememberProgress, type Progress } from './model';

type OnFinish = (event: Progress) => void;

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
