// A search handed to a screen: "more" in the palette opens a kind's list searched for the query, and a person found
// by search opens the users screen searched for their email. The screen takes the search once, when it mounts or at
// once when it is already showing; it lives in memory only, like the palette's query.
import { useEffect, useEffectEvent } from 'react';
import { SEARCH_MAX } from '../../../shared/ipc/common';
import { cleanLine } from '../../../shared/text';

let pending: { section: string; search: string } | null = null;
const listeners = new Set<() => void>();

export function handOffSearch(section: string, search: string): void {
  // The screens' searches are shorter than the palette's query.
  pending = { section, search: cleanLine(search, SEARCH_MAX) };
  for (const listener of listeners) listener();
}

/** Calls `apply` with a search handed to `section`, once. */
export function useHandedOffSearch(section: string, apply: (search: string) => void): void {
  const take = useEffectEvent(() => {
    if (pending?.section !== section) return;
    const { search } = pending;
    pending = null;
    apply(search);
  });
  useEffect(() => {
    const listener = () => take();
    listener();
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
}
