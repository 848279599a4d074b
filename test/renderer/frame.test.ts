// The renderer frame's pure parts: persisted screen state, hash routes, which sections a user's capabilities show.
import type { Capability } from '../../shared/ipc/capabilities';
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseRoute, routeHref } from '../../renderer/src/app/route';
import { readPersisted, writePersisted } from '../../renderer/src/ui/persisted';

class MemoryStorage {
  private items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

const filters = z.object({ status: z.array(z.enum(['pending', 'flagged'])), search: z.string().max(200) });
const defaults = { status: ['pending' as const], search: '' };

describe('persisted screen state', () => {
  beforeEach(() => {
    Object.assign(globalThis, { localStorage: new MemoryStorage() });
  });

  it('reads back what was written', () => {
    writePersisted('moderation.filters', { status: ['flagged'], search: 'late' });
    expect(readPersisted('moderation.filters', filters, defaults)).toEqual({ status: ['flagged'], search: 'late' });
  });

  it.each([
    ['nothing stored', null],
    ['not JSON', '{ nope'],
    ['a value of another shape', JSON.stringify({ status: 'pending' })],
    ['an unknown status from an older version', JSON.stringify({ status: ['archived'], search: '' })],
  ])('falls back to the defaults for %s', (_name, raw) => {
    if (raw !== null) localStorage.setItem('hg.console.moderation.filters', raw);
    expect(readPersisted('moderation.filters', filters, defaults)).toEqual(defaults);
  });

  it('keeps working when storage is unavailable', () => {
    Object.assign(globalThis, {
      localStorage: {
        getItem: () => {
          throw new Error('denied');
        },
        setItem: () => {
          throw new Error('full');
        },
      },
    });
    expect(() => writePersisted('x', 1)).not.toThrow();
    expect(readPersisted('x', z.number(), 7)).toBe(7);
  });
});

describe('routes', () => {
  it.each([
    ['', { section: '', rest: [] }],
    ['#/payments', { section: 'payments', rest: [] }],
    ['#/payments/5a000000-0000-4000-8000-000000000001', { section: 'payments', rest: ['5a000000-0000-4000-8000-000000000001'] }],
    ['#payments//x/', { section: 'payments', rest: ['x'] }],
    ['#/audit/a%2Fb', { section: 'audit', rest: ['a/b'] }],
  ])('parses %j', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it('round-trips ids with reserved characters', () => {
    const href = routeHref('reconciliation', 'run/1 #2');
    expect(href).toBe('#/reconciliation/run%2F1%20%232');
    expect(parseRoute(href)).toEqual({ section: 'reconciliation', rest: ['run/1 #2'] });
  });
});

describe('sections by capability', () => {
  it.each<[Capability[], string[]]>([
    [
      ['reviews.read', 'reviews.moderate', 'reviews.respond', 'audit.read_own'],
      ['moderation', 'audit', 'security', 'connection'],
    ],
    // moderators also verify testimonials: talent, and nothing else of the platform's tables
    [
      ['reviews.read', 'reviews.moderate', 'reviews.respond', 'talent.read', 'testimonials.verify', 'audit.read_own'],
      ['moderation', 'talent', 'audit', 'security', 'connection'],
    ],
    // assessments are the admins' alone; engagements and certificates read without managing still show
    [
      ['assessments.read', 'organizations.read', 'trends.read', 'users.manage'],
      ['trends', 'organisations', 'assessments', 'users', 'security', 'connection'],
    ],
    [
      ['engagements.read', 'certificates.read'],
      ['engagements', 'certificates', 'security', 'connection'],
    ],
    [
      ['payments.read', 'payments.refund', 'refunds.approve', 'reconciliation.run', 'audit.read_own'],
      ['payments', 'reconciliation', 'audit', 'security', 'connection'],
    ],
    // finance also reads organisations and workshops (no action there: the manage capabilities are not theirs)
    [
      ['organizations.read', 'payments.read', 'payments.refund', 'reconciliation.run', 'workshops.read', 'audit.read_own'],
      ['payments', 'reconciliation', 'organisations', 'workshops', 'audit', 'security', 'connection'],
    ],
    // support: customer operations
    [
      [
        'audit.read_own',
        'certificates.read',
        'certificates.revoke',
        'engagements.manage',
        'engagements.read',
        'organizations.manage',
        'organizations.read',
        'talent.read',
        'testimonials.verify',
        'workshops.manage',
        'workshops.read',
      ],
      ['organisations', 'workshops', 'engagements', 'talent', 'certificates', 'audit', 'security', 'connection'],
    ],
    [
      ['trends.read', 'audit.read_own'],
      ['trends', 'audit', 'security', 'connection'],
    ],
    [[], ['security', 'connection']],
  ])('%j shows %j', async (capabilities, ids) => {
    const { allowedSections } = await import('../../renderer/src/app/sections');
    expect(allowedSections(capabilities).map((section) => section.id)).toEqual(ids);
  });
});
