// Search everywhere's pure parts: what a typed query is sent as, SQL's rows grouped by kind with their "more", how
// the arrow keys move through them, where a result opens for whom, what this person can search for at all, and the
// shortcut that opens it.
// Which rows a person may see is SQL's alone; the capabilities here only choose a screen and the words.
import type { Capability } from '../../../shared/ipc/capabilities';
import { SEARCH_EVERYWHERE_MAX, searchKind, searchKindCapabilities, type SearchHit, type SearchKind } from '../../../shared/ipc/search';
import { cleanLine } from '../../../shared/text';

/** Rows shown per kind; SQL sends one more when more match. */
export const RESULTS_PER_KIND = 5;
/** Long enough to skip the keystrokes of a typed word, short enough to feel immediate. */
export const SEARCH_DELAY_MS = 150;

export const cleanQuery = (text: string) => cleanLine(text, SEARCH_EVERYWHERE_MAX);

export const KIND_HEADING: Record<SearchKind, string> = {
  payment: 'Payments',
  person: 'People',
  organization: 'Organisations',
  workshop: 'Workshops',
  certificate: 'Certificates',
};

/** What each kind is found by, as SQL matches it. */
const FOUND_BY: Record<SearchKind, string> = {
  payment: 'payments by invoice number, transaction id or payer email',
  person: 'people by name or email',
  organization: 'organisations by name or domain',
  workshop: 'workshops by title',
  certificate: 'certificates by CERT-… number',
};

export interface SearchGroup {
  kind: SearchKind;
  hits: SearchHit[];
  /** SQL had more than `limit` of this kind. */
  more: boolean;
}

/** SQL's rows by kind, in the kinds' order, each cut to `limit` (the extra row only says there are more). */
export function groupHits(rows: readonly SearchHit[], limit: number): SearchGroup[] {
  return searchKind.options.flatMap((kind) => {
    const hits = rows.filter((row) => row.kind === kind);
    return hits.length === 0 ? [] : [{ kind, hits: hits.slice(0, limit), more: hits.length > limit }];
  });
}

/** Where something opens: a section, what follows it in the route, and a search the screen takes over. */
export interface Target {
  section: string;
  rest: string[];
  search?: string;
}

type Can = (capability: Capability) => boolean;

const LIST_SECTION: Record<SearchKind, { section: string; capability: Capability }> = {
  payment: { section: 'payments', capability: 'payments.read' },
  person: { section: 'users', capability: 'users.manage' },
  organization: { section: 'organisations', capability: 'organizations.read' },
  workshop: { section: 'workshops', capability: 'workshops.read' },
  certificate: { section: 'certificates', capability: 'certificates.read' },
};

/** A result's detail screen: its kind's section, at the result. A person is found on the users screen by their email
 * (it has no search by id), a certificate by its number; an organisation opens its trends for someone who reads
 * trends but not organisations (leadership). */
export function openTarget(hit: SearchHit, can: Can): Target | null {
  const list = LIST_SECTION[hit.kind];
  if (!can(list.capability)) return hit.kind === 'organization' && can('trends.read') ? { section: 'trends', rest: [hit.id] } : null;
  if (hit.kind === 'person') return { section: list.section, rest: [hit.id], search: hit.subtitle ?? hit.title };
  return { section: list.section, rest: [hit.kind === 'certificate' ? hit.title : hit.id] };
}

/** "More": the kind's own list searched for the query, or null where this person has no such list (trends has no
 * search). */
export function moreTarget(kind: SearchKind, query: string, can: Can): Target | null {
  const list = LIST_SECTION[kind];
  return can(list.capability) ? { section: list.section, rest: [], search: query } : null;
}

/** The kinds SQL returns to someone with these capabilities. */
export function searchableKinds(capabilities: readonly Capability[]): SearchKind[] {
  return searchKind.options.filter((kind) => searchKindCapabilities[kind].some((c) => capabilities.includes(c)));
}

const listOf = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;

/** What this person can search for, in a sentence ("You can search for …"), from their capabilities. */
export function searchScope(capabilities: readonly Capability[], roles: readonly string[]): string {
  const kinds = searchableKinds(capabilities);
  if (kinds.length === 0) {
    return (
      `Your roles (${roles.join(', ') || 'none'}) do not show any of what search everywhere finds: payments, people, ` +
      'organisations, workshops and certificates. Ask an admin if you need them.'
    );
  }
  return `You can search for ${listOf(kinds.map((kind) => FOUND_BY[kind]))}.`;
}

/** The next option the arrow keys make active, wrapping at both ends; -1 (none) when there is none. */
export function moveActive(current: number, key: 'ArrowDown' | 'ArrowUp', count: number): number {
  if (count === 0) return -1;
  if (key === 'ArrowDown') return current < 0 || current >= count - 1 ? 0 : current + 1;
  return current <= 0 || current >= count ? count - 1 : current - 1;
}

/** Ctrl+K, or Cmd+K: the shortcut command palettes share (not with Shift or Alt, which make other shortcuts). */
export function isSearchShortcut(event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }) {
  return (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k';
}
