// The pieces every list screen shares: the "Any …" select filter's markup (ids, labels and values the e2e tests and
// axe rely on), filters bound to their controls, the sort a list accepts, and the "N+ rows" count of a list without one.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { bindFilters } from '../../renderer/src/ui/filters';
import { formatLoaded } from '../../renderer/src/ui/format';
import { SelectFilter } from '../../renderer/src/ui/SelectFilter';
import { sortWithin } from '../../renderer/src/ui/table/paging';

const TIERS = ['starter', 'growth'] as const;

describe('SelectFilter', () => {
  const render = (props: Partial<Parameters<typeof SelectFilter<(typeof TIERS)[number]>>[0]>) =>
    renderToStaticMarkup(
      createElement(SelectFilter<(typeof TIERS)[number]>, {
        id: 'org-tier',
        label: 'Plan tier',
        any: 'Any tier',
        options: TIERS,
        value: null,
        onChange: () => {},
        ...props,
      }),
    );

  it('is a labelled select with "Any …" first, the values as they are without labels', () => {
    expect(render({})).toBe(
      '<div class="field"><label for="org-tier">Plan tier</label><select id="org-tier" class="select">' +
        '<option value="" selected="">Any tier</option><option value="starter">starter</option><option value="growth">growth</option>' +
        '</select></div>',
    );
  });

  it('shows the chosen value, its words from a lookup or a function, and extra classes on the field', () => {
    const markup = render({ value: 'growth', labels: { starter: 'Starter', growth: 'Growth' }, className: 'ws-inline-field' });
    expect(markup).toContain('<div class="field ws-inline-field">');
    expect(markup).toContain('<option value="growth" selected="">Growth</option>');
    expect(render({ labels: (tier) => tier.toUpperCase() })).toContain('<option value="starter">STARTER</option>');
  });
});

describe('bindFilters', () => {
  it('gives each control its filter and sets that filter alone', () => {
    const setFilter = vi.fn();
    const bind = bindFilters({ search: 'ava', tier: null as string | null }, setFilter);
    const tier = bind('tier');
    expect(tier.value).toBeNull();
    tier.onChange('growth');
    expect(setFilter).toHaveBeenCalledWith({ tier: 'growth' });
    expect(bind('search').value).toBe('ava');
  });
});

describe('sortWithin', () => {
  const ids = ['name', 'created_at'] as const;
  const fallback: { id: (typeof ids)[number]; desc: boolean } = { id: 'name', desc: false };

  it('keeps a sort the list accepts and falls back to the default otherwise', () => {
    expect(sortWithin({ id: 'created_at', desc: true }, ids, fallback)).toEqual({ id: 'created_at', desc: true });
    expect(sortWithin({ id: 'members', desc: true }, ids, fallback)).toBe(fallback);
    expect(sortWithin(null, ids, fallback)).toBe(fallback);
  });
});

describe('formatLoaded', () => {
  it('counts what is loaded, "+" while more pages remain', () => {
    expect(formatLoaded(100, true, ['workshop', 'workshops'])).toBe('100+ workshops');
    expect(formatLoaded(1, false, ['workshop', 'workshops'])).toBe('1 workshop');
    expect(formatLoaded(0, false, ['workshop', 'workshops'])).toBe('0 workshops');
    expect(formatLoaded(1200, true)).toBe('1,200+');
  });
});
