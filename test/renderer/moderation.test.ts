// The moderation screen's pure parts: columns against the contract's sort enum, the persisted state's schema and
// its mapping to reviews:list input, and the queue rules the UI owns (SLA, active row, typed confirmation, wording).
import { describe, expect, it } from 'vitest';
import { reviewChannels } from '../../shared/ipc/reviews';
import { reviewColumns, sortableColumnIds } from '../../renderer/src/screens/moderation/columns';
import {
  defaultScreenState,
  isFiltered,
  screenState,
  toFilters,
  toListInput,
  type FilterState,
} from '../../renderer/src/screens/moderation/filters';
import { isTypingTarget, shortcutFor } from '../../renderer/src/screens/moderation/keyboard';
import {
  confirmationMatches,
  conflictText,
  moveActive,
  needsTypedConfirmation,
  nextActiveId,
  signalLabel,
  slaLevel,
  summariseBulk,
  type BulkResult,
} from '../../renderer/src/screens/moderation/shape';

const listInput = reviewChannels['reviews:list'].input;
const filters = (patch: Partial<FilterState>): FilterState => ({ ...defaultScreenState.filters, ...patch });

describe('moderation columns', () => {
  it('sort exactly by the sort enum of reviews:list', () => {
    expect([...sortableColumnIds].sort()).toEqual([...listInput.shape.sort.unwrap().options].sort());
  });

  it('name every column the spec lists, in order, each with a label', () => {
    expect(reviewColumns.map((column) => column.id)).toEqual([
      'select',
      'created_at',
      'target',
      'reviewer',
      'rating',
      'excerpt',
      'verified',
      'helpful_count',
      'signals',
    ]);
    expect(reviewColumns.every((column) => column.meta?.label)).toBe(true);
    expect(reviewColumns.filter((column) => column.enableHiding === false).map((column) => column.id)).toEqual(['select']);
  });
});

describe('moderation filter state', () => {
  it('survives a JSON round trip through its schema', () => {
    const state = {
      ...defaultScreenState,
      filters: filters({ status: ['flagged'], minRating: 2, search: 'link' }),
      visibility: { signals: false },
    };
    expect(screenState.parse(JSON.parse(JSON.stringify(state)))).toEqual(state);
  });

  it.each([
    ['a stale shape', { filters: { status: 'pending' }, sort: { id: 'created_at', desc: false }, visibility: {} }],
    ['an unknown sort', { ...defaultScreenState, sort: { id: 'title', desc: false } }],
    ['a rating out of range', { ...defaultScreenState, filters: filters({ minRating: 9 as 1 }) }],
    ['a hand-edited date', { ...defaultScreenState, filters: filters({ from: '1 May' }) }],
    ['garbage', 'not an object'],
  ])('refuses %s, so the screen falls back to its defaults', (_name, value) => {
    expect(screenState.safeParse(value).success).toBe(false);
  });

  it('asks for the SQL default queue when nothing is set', () => {
    expect(toFilters(defaultScreenState.filters)).toEqual({});
    expect(isFiltered(defaultScreenState.filters)).toBe(false);
    expect(toListInput(defaultScreenState)).toEqual({ filters: {}, sort: 'created_at', desc: false });
  });

  it('maps every filter to the channel input, which the contract accepts', () => {
    const state = filters({
      status: ['pending'],
      type: ['expert'],
      minRating: 4,
      maxRating: 2,
      verified: 'no',
      from: '2026-03-01',
      to: '2026-03-31',
      search: '  "great course" -spam ',
    });
    const mapped = toFilters(state);
    expect(mapped).toMatchObject({
      status: ['pending'],
      type: ['expert'],
      min_rating: 2,
      max_rating: 4,
      verified: false,
      search: '"great course" -spam',
    });
    // "to" is exclusive in SQL: the day after, so the 31st is included.
    expect(new Date(mapped.to!).getTime() - new Date(mapped.from!).getTime()).toBe(
      31 * 86_400_000 + (new Date(2026, 3, 1).getTimezoneOffset() - new Date(2026, 2, 1).getTimezoneOffset()) * 60_000,
    );
    expect(listInput.safeParse({ ...toListInput({ ...defaultScreenState, filters: state }), limit: 100 }).success).toBe(true);
    expect(isFiltered(state)).toBe(true);
  });
});

describe('moderation queue rules', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  it.each([
    [1, 'ok'],
    [24, 'warn'],
    [71.9, 'warn'],
    [72, 'late'],
  ] as const)('a review %s hours old is %s', (hours, level) => {
    expect(slaLevel(new Date(now - hours * 3_600_000).toISOString(), now)).toBe(level);
  });

  const rows = ['a', 'b', 'c', 'd'].map((id) => ({ id }));
  it('makes the next review active after a decision, or the previous at the end', () => {
    expect(nextActiveId(rows, new Set(['b']), 'b')).toBe('c');
    expect(nextActiveId(rows, new Set(['d']), 'd')).toBe('c');
    expect(nextActiveId(rows, new Set(['a', 'b', 'c', 'd']), 'a')).toBeNull();
    expect(nextActiveId(rows, new Set(['b', 'c']), 'a')).toBe('a');
  });

  it('moves with j/k and stays at the ends', () => {
    expect(moveActive(rows, null, 1)).toBe('a');
    expect(moveActive(rows, 'a', -1)).toBe('a');
    expect(moveActive(rows, 'c', 1)).toBe('d');
    expect(moveActive(rows, 'd', 1)).toBe('d');
    expect(moveActive([], 'a', 1)).toBeNull();
  });

  it('asks for the typed count only above 20 items, and only the exact count passes', () => {
    expect(needsTypedConfirmation(20)).toBe(false);
    expect(needsTypedConfirmation(21)).toBe(true);
    expect(confirmationMatches(' 25 ', 25)).toBe(true);
    expect(confirmationMatches('24', 25)).toBe(false);
    expect(confirmationMatches('twenty-five', 25)).toBe(false);
  });

  it('writes a conflict with who and when from its details', () => {
    const text = conflictText('already decided by Ava Lindqvist at 2026-03-10T11:58:00Z', {
      by: 'Ava Lindqvist',
      at: '2026-03-10T11:58:00Z',
      status: 'approved',
      version: 3,
      review_id: 'x',
      by_id: 'y',
    });
    expect(text).toMatch(/^Already decided by Ava Lindqvist at 10 Mar 2026, \d\d:58\. It is now approved\.$/);
    expect(
      conflictText('already changed at 2026-03-10T11:58:00Z (edited or answered since you read it)', {
        by: null,
        at: '2026-03-10T11:58:00Z',
      }),
    ).toMatch(/^Already changed at /);
    expect(conflictText('the undo window has passed', undefined)).toBe('the undo window has passed');
  });

  it('summarises a bulk decision and keeps the decision ids to undo', () => {
    const ok = (id: string): BulkResult => ({
      id,
      ok: true,
      status: 'rejected',
      version: 2,
      decision_id: `d-${id}`,
      error_code: null,
      error: null,
    });
    const changed: BulkResult = {
      id: 'z',
      ok: false,
      status: null,
      version: null,
      decision_id: null,
      error_code: 'PT409',
      error: 'already decided by X at T',
    };
    const summary = summariseBulk([ok('a'), ok('b'), changed], 'reject');
    expect(summary.message).toBe('2 reviews rejected. 1 review not changed: 1 changed by someone else since you loaded them.');
    expect(summary.decisionIds).toEqual(['d-a', 'd-b']);
  });

  it('labels every signal the SQL computes in words', () => {
    for (const signal of ['short_text', 'contains_link', 'repeated_text', 'rating_outlier']) {
      expect(signalLabel(signal).label).not.toContain('_');
    }
    expect(signalLabel('new_signal').label).toBe('new signal');
  });
});

describe('moderation shortcuts', () => {
  it.each([
    [{ tagName: 'INPUT', type: 'search' }, true],
    [{ tagName: 'INPUT', type: 'text' }, true],
    [{ tagName: 'TEXTAREA' }, true],
    [{ tagName: 'SELECT' }, true],
    [{ tagName: 'DIV', isContentEditable: true }, true],
    [{ tagName: 'INPUT', type: 'checkbox' }, false],
    [{ tagName: 'BUTTON' }, false],
    [{ tagName: 'BODY' }, false],
  ])('treats %o as typing: %s', (target, typing) => {
    expect(isTypingTarget(target)).toBe(typing);
  });

  it('maps the single keys and ignores them with a modifier', () => {
    const key = (k: string, mod: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) =>
      shortcutFor({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mod });
    expect(['j', 'k', 'a', 'r', 'f', 'x', '/', '?'].map((k) => key(k))).toEqual([
      'next',
      'previous',
      'approve',
      'reject',
      'flag',
      'select',
      'search',
      'help',
    ]);
    expect(key('a', { metaKey: true })).toBeNull();
    expect(key('r', { ctrlKey: true })).toBeNull();
    expect(key('q')).toBeNull();
  });
});
