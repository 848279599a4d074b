// Recent searches: the last ten queries a person opened something with, kept in this computer's localStorage only
// (never sent anywhere), per staff member, newest first. What is read back is cleaned again, so a hand-edited or
// older value can hold neither a control character, nor more than the query's limit, nor a duplicate.
import { z } from 'zod';
import { usePersistedState, writePersisted } from '../ui/persisted';
import { cleanQuery } from './model';

export const RECENT_MAX = 10;

// Bounded so a tampered value is not worth parsing; longer entries are cut by cleanQuery.
const stored = z.array(z.string().max(10_000)).max(100);

/** Two queries are the same search when they differ only in case and spacing, as SQL compares them. */
const sameSearch = (a: string, b: string) => a.toLocaleLowerCase().replace(/\s+/g, ' ') === b.toLocaleLowerCase().replace(/\s+/g, ' ');

/** `query` first, its older copy gone, at most RECENT_MAX; a query that cleans to nothing changes nothing. */
export function addRecent(list: readonly string[], query: string): string[] {
  const clean = cleanQuery(query);
  if (!clean) return [...list];
  return [clean, ...list.filter((item) => !sameSearch(item, clean))].slice(0, RECENT_MAX);
}

export function removeRecent(list: readonly string[], query: string): string[] {
  return list.filter((item) => item !== query);
}

/** A stored list as it may be kept: each entry cleaned, duplicates and blanks dropped, the newest RECENT_MAX. */
export function cleanRecent(list: readonly string[]): string[] {
  return list.reduceRight<string[]>((kept, item) => addRecent(kept, item), []);
}

export function useRecentSearches(userId: string) {
  const key = `search.recent.${userId}`;
  const [raw, setRaw] = usePersistedState(key, stored, []);
  const recent = cleanRecent(raw);
  return {
    recent,
    // Written at once: opening a result closes the palette in the same click, and React drops a state update of a
    // component that goes away.
    add: (query: string) => writePersisted(key, addRecent(recent, query)),
    remove: (query: string) => setRaw((list) => removeRecent(cleanRecent(list), query)),
    clear: () => setRaw([]),
  };
}
