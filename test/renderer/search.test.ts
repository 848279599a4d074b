// Search everywhere's pure parts: the query as sent, recent searches as kept, SQL's rows grouped with their "more",
// the arrow keys, where each kind opens for which capabilities, what each role is told it can search for, and the
// shortcut. What each role finds is SQL's (test/console); the palette itself is test/e2e/search.spec.ts's.
import { describe, expect, it } from 'vitest';
import type { Capability } from '../../shared/ipc/capabilities';
import type { SearchHit, SearchKind } from '../../shared/ipc/search';
import {
  cleanQuery,
  groupHits,
  isSearchShortcut,
  moreTarget,
  moveActive,
  openTarget,
  searchableKinds,
  searchScope,
} from '../../renderer/src/search/model';
import { addRecent, cleanRecent, RECENT_MAX, removeRecent } from '../../renderer/src/search/recent';

const ID = '5a000000-0000-4000-8000-000000000001';

const hit = (kind: SearchKind, n: number, patch: Partial<SearchHit> = {}): SearchHit => ({
  kind,
  id: ID.replace(/1$/, String(n)),
  title: `${kind} ${n}`,
  subtitle: null,
  status: null,
  matched: 'title',
  exact: false,
  ...patch,
});

/** The capabilities of each staff role as SQL grants them (migration 016), for the places the palette opens. */
const ROLE: Record<string, Capability[]> = {
  admin: ['payments.read', 'users.manage', 'organizations.read', 'trends.read', 'workshops.read', 'certificates.read', 'search.everything'],
  finance: ['payments.read', 'organizations.read', 'workshops.read', 'search.everything'],
  support: ['organizations.read', 'workshops.read', 'certificates.read', 'search.everything'],
  leadership: ['trends.read', 'search.everything'],
  moderator: ['reviews.read', 'talent.read', 'search.everything'],
};
const canOf = (role: string) => (capability: Capability) => ROLE[role]!.includes(capability);

describe('the query as sent', () => {
  it.each([
    ['stray spaces and a line break from a spreadsheet cell', '  ada@example.com\r\n', 'ada@example.com'],
    ['a control character from a paste', 'HG-2025-\u000700012', 'HG-2025-00012'],
    ['a NUL', 'CERT-\u0000WORKSHOP', 'CERT-WORKSHOP'],
    ['half an emoji', 'Culture \ud83d sprint', 'Culture  sprint'],
    ['a tab inside', 'Northwind\tLogistics', 'Northwind Logistics'],
    ['a whole emoji (kept)', 'Culture 🚀', 'Culture 🚀'],
    ['only spaces', '   ', ''],
  ])('cleans %s', (_label, typed, sent) => {
    expect(cleanQuery(typed)).toBe(sent);
  });

  it('keeps at most 300 characters, never half an emoji at the cut', () => {
    expect(cleanQuery('x'.repeat(400))).toHaveLength(300);
    const cut = cleanQuery(`${'x'.repeat(299)}🚀`);
    expect(cut).toBe('x'.repeat(299));
  });
});

describe('recent searches', () => {
  it('puts the newest first and keeps one copy of a search, whatever its case and spacing', () => {
    let list = addRecent([], 'HG-2025-00012');
    list = addRecent(list, 'ada@example.com');
    list = addRecent(list, '  hg-2025-00012 ');
    expect(list).toEqual(['hg-2025-00012', 'ada@example.com']);
  });

  it(`keeps the last ${RECENT_MAX}`, () => {
    const list = Array.from({ length: 15 }, (_, i) => `query ${i}`).reduce<string[]>(addRecent, []);
    expect(list).toHaveLength(RECENT_MAX);
    expect(list[0]).toBe('query 14');
    expect(list.at(-1)).toBe('query 5');
  });

  it('stores what is sent: no control characters, at most 300 characters, nothing blank', () => {
    expect(addRecent([], 'a\u0000b\u001bc')).toEqual(['abc']);
    expect(addRecent([], 'y'.repeat(1000))[0]).toHaveLength(300);
    expect(addRecent(['kept'], ' \t ')).toEqual(['kept']);
  });

  it('removes one, leaving the others in order', () => {
    expect(removeRecent(['c', 'b', 'a'], 'b')).toEqual(['c', 'a']);
  });

  it('cleans a stored list as it reads it (older or hand-edited values)', () => {
    const stored = ['new\u0007', 'NEW', '', 'z'.repeat(500), ...Array.from({ length: 20 }, (_, i) => `old ${i}`)];
    const list = cleanRecent(stored);
    expect(list.slice(0, 2)).toEqual(['new', 'z'.repeat(300)]);
    expect(list).toHaveLength(RECENT_MAX);
    expect(list.every((item) => item.length <= 300)).toBe(true);
  });
});

describe('grouping', () => {
  it('groups by kind in SQL’s order of kinds and shows at most the limit, saying when there are more', () => {
    const rows = [hit('payment', 1), hit('payment', 2), hit('payment', 3), hit('organization', 4), hit('certificate', 5)];
    const groups = groupHits(rows, 2);
    expect(groups.map((group) => [group.kind, group.hits.length, group.more])).toEqual([
      ['payment', 2, true],
      ['organization', 1, false],
      ['certificate', 1, false],
    ]);
    expect(groups[0]!.hits.map((h) => h.title)).toEqual(['payment 1', 'payment 2']);
  });

  it('exactly the limit is not "more"; no rows, no groups', () => {
    expect(groupHits([hit('person', 1), hit('person', 2)], 2)[0]!.more).toBe(false);
    expect(groupHits([], 5)).toEqual([]);
  });
});

describe('the arrow keys', () => {
  it.each([
    [-1, 'ArrowDown', 3, 0],
    [0, 'ArrowDown', 3, 1],
    [2, 'ArrowDown', 3, 0],
    [-1, 'ArrowUp', 3, 2],
    [0, 'ArrowUp', 3, 2],
    [2, 'ArrowUp', 3, 1],
    [5, 'ArrowUp', 3, 2],
    [0, 'ArrowDown', 0, -1],
    [-1, 'ArrowUp', 0, -1],
  ] as const)('from %i, %s among %i options goes to %i (wrapping)', (from, key, count, to) => {
    expect(moveActive(from, key, count)).toBe(to);
  });
});

describe('where a result opens', () => {
  const person = hit('person', 1, { title: 'Ada Lovelace', subtitle: 'ada@example.com' });
  const certificate = hit('certificate', 2, { title: 'CERT-WORKSHOP-20250131-5A000000' });

  const org = hit('organization', 3);
  it.each([
    { role: 'admin', result: hit('payment', 1), target: { section: 'payments', rest: [hit('payment', 1).id] } },
    { role: 'admin', result: person, target: { section: 'users', rest: [person.id], search: 'ada@example.com' } },
    { role: 'admin', result: org, target: { section: 'organisations', rest: [org.id] } },
    { role: 'finance', result: org, target: { section: 'organisations', rest: [org.id] } },
    { role: 'leadership', result: org, target: { section: 'trends', rest: [org.id] } },
    { role: 'support', result: hit('workshop', 4), target: { section: 'workshops', rest: [hit('workshop', 4).id] } },
    { role: 'support', result: certificate, target: { section: 'certificates', rest: ['CERT-WORKSHOP-20250131-5A000000'] } },
  ])('as $role, a $result.kind opens its detail', ({ role, result, target }) => {
    expect(openTarget(result, canOf(role))).toEqual(target);
  });

  it('a person without a name is found by the email SQL gives as the title', () => {
    expect(openTarget({ ...person, subtitle: null, title: 'ada@example.com' }, canOf('admin'))?.search).toBe('ada@example.com');
  });

  it.each([
    { role: 'moderator', result: hit('payment', 1) },
    { role: 'finance', result: person },
    { role: 'leadership', result: hit('workshop', 4) },
    { role: 'finance', result: certificate },
  ])('as $role, a $result.kind opens nowhere (SQL would not have sent it)', ({ role, result }) => {
    expect(openTarget(result, canOf(role))).toBeNull();
  });

  it('"more" opens the kind’s list with the query as its search, where the person has that list', () => {
    expect(moreTarget('payment', 'ada@', canOf('finance'))).toEqual({ section: 'payments', rest: [], search: 'ada@' });
    expect(moreTarget('person', 'ada', canOf('admin'))).toEqual({ section: 'users', rest: [], search: 'ada' });
    expect(moreTarget('certificate', 'CERT-W', canOf('support'))).toEqual({ section: 'certificates', rest: [], search: 'CERT-W' });
    // Trends has no search to take it.
    expect(moreTarget('organization', 'north', canOf('leadership'))).toBeNull();
  });
});

describe('what each role can search for', () => {
  it.each([
    ['admin', ['payment', 'person', 'organization', 'workshop', 'certificate']],
    ['finance', ['payment', 'organization', 'workshop']],
    ['support', ['organization', 'workshop', 'certificate']],
    ['leadership', ['organization']],
    ['moderator', []],
  ])('%s: %j', (role, kinds) => {
    expect(searchableKinds(ROLE[role]!)).toEqual(kinds);
  });

  it('says it in a sentence', () => {
    expect(searchScope(ROLE.finance!, ['finance'])).toBe(
      'You can search for payments by invoice number, transaction id or payer email, organisations by name or domain and workshops by title.',
    );
    expect(searchScope(ROLE.leadership!, ['leadership'])).toBe('You can search for organisations by name or domain.');
  });

  it('tells a moderator that their roles show none of it, naming the roles', () => {
    expect(searchScope(ROLE.moderator!, ['moderator'])).toBe(
      'Your roles (moderator) do not show any of what search everywhere finds: payments, people, organisations, workshops and ' +
        'certificates. Ask an admin if you need them.',
    );
  });
});

describe('the shortcut', () => {
  const key = (patch: Partial<Parameters<typeof isSearchShortcut>[0]>) => ({
    key: 'k',
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...patch,
  });

  it.each([
    ['Ctrl+K', key({ ctrlKey: true }), true],
    ['Cmd+K', key({ metaKey: true }), true],
    ['Ctrl+K with Caps Lock', key({ ctrlKey: true, key: 'K' }), true],
    ['K alone (the queue’s "previous")', key({}), false],
    ['Ctrl+Shift+K', key({ ctrlKey: true, shiftKey: true, key: 'K' }), false],
    ['Ctrl+Alt+K', key({ ctrlKey: true, altKey: true }), false],
    ['Ctrl+J', key({ ctrlKey: true, key: 'j' }), false],
  ])('%s: %s', (_label, event, opens) => {
    expect(isSearchShortcut(event)).toBe(opens);
  });
});
