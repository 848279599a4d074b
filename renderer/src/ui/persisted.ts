// Screen state that survives navigation and restarts (filters, sort, visible columns), kept in localStorage under
// one key per screen. What is read back is checked by the screen's zod schema: a stale or hand-edited value falls
// back to the defaults instead of breaking the screen.
import { useCallback, useState } from 'react';
import type { z } from 'zod';

const PREFIX = 'hg.console.';

export function readPersisted<S extends z.ZodType>(key: string, schema: S, fallback: z.output<S>): z.output<S> {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    if (raw === null) return fallback;
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

/** Whether this computer keeps the screen's own state under `key` (a screen without any opens on the default view). */
export function hasPersisted(key: string): boolean {
  try {
    return localStorage.getItem(PREFIX + key) !== null;
  } catch {
    return false;
  }
}

export function writePersisted(key: string, value: unknown): void {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // Storage full or unavailable: the state still works for this session.
  }
}

export function usePersistedState<S extends z.ZodType>(key: string, schema: S, fallback: z.output<S>) {
  const [value, setValue] = useState<z.output<S>>(() => readPersisted(key, schema, fallback));
  const update = useCallback(
    (next: z.output<S> | ((previous: z.output<S>) => z.output<S>)) => {
      setValue((previous: z.output<S>) => {
        const resolved = typeof next === 'function' ? (next as (p: z.output<S>) => z.output<S>)(previous) : next;
        writePersisted(key, resolved);
        return resolved;
      });
    },
    [key],
  );
  return [value, update] as const;
}
