// The page the user is on, kept in the URL hash (#/payments/<id>): it survives a session ending and signing in
// again, and the back/forward keys work. No router library: the console has one level of sections.
import { useSyncExternalStore } from 'react';

export interface Route {
  section: string;
  /** What follows the section, e.g. a payment id; screens decide what it means. */
  rest: string[];
}

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  return { section: parts[0] ?? '', rest: parts.slice(1) };
}

export function routeHref(section: string, ...rest: string[]): string {
  return `#/${[section, ...rest].map(encodeURIComponent).join('/')}`;
}

export function navigate(section: string, ...rest: string[]): void {
  window.location.hash = routeHref(section, ...rest);
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
