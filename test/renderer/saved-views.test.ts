// Saved views on the renderer's side: every table screen's view spec keeps a state the contract accepts, a view
// round-trips, and a view saved by an older version opens with what still applies while naming what it dropped
// (a filter, a sort, a column). Then the menu's words for a view's audience and whom a view may be offered to.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { viewScreen, viewState } from '../../shared/ipc/views';
import { HgError } from '../../renderer/src/api/client';
import { VIEWS as assessments } from '../../renderer/src/screens/assessments/AssessmentsScreen';
import { VIEWS as audit } from '../../renderer/src/screens/audit/AuditScreen';
import { VIEWS as certificates } from '../../renderer/src/screens/certificates/CertificatesScreen';
import { VIEWS as engagements } from '../../renderer/src/screens/engagements/EngagementsScreen';
import { VIEWS as moderation } from '../../renderer/src/screens/moderation/ModerationScreen';
import { VIEWS as organisations } from '../../renderer/src/screens/organisations/OrganisationsScreen';
import { VIEWS as payments } from '../../renderer/src/screens/payments/PaymentsScreen';
import { VIEWS as reconciliation } from '../../renderer/src/screens/reconciliation/RunsTable';
import { VIEWS as experts } from '../../renderer/src/screens/talent/ExpertsView';
import { VIEWS as testimonials } from '../../renderer/src/screens/talent/TestimonialQueue';
import { VIEWS as users } from '../../renderer/src/screens/users/UsersScreen';
import { VIEWS as workshops } from '../../renderer/src/screens/workshops/WorkshopsScreen';
import { applyView, captureView, droppedNotice, type ViewSpec } from '../../renderer/src/ui/views/apply';
import { audience } from '../../renderer/src/ui/views/queries';
import { refusalText } from '../../renderer/src/ui/views/ViewDialog';

const specs: ViewSpec<z.ZodObject, z.ZodType>[] = [
  moderation,
  payments,
  reconciliation,
  users,
  audit,
  organisations,
  workshops,
  engagements,
  testimonials,
  experts,
  certificates,
  assessments,
];

describe('every table screen keeps views', () => {
  it('one spec per screen the database keeps views for', () => {
    expect(specs.map((spec) => spec.screen).sort()).toEqual([...viewScreen.options].sort());
  });

  it.each(specs.map((spec) => [spec.screen, spec] as const))(
    '%s: its defaults, every column hidden, fit the contract and round-trip',
    (_screen, spec) => {
      const hidden = Object.fromEntries(spec.columns.map((id) => [id, false]));
      const state = { ...spec.defaults, visibility: hidden };
      const saved = captureView(state);
      expect(viewState.safeParse(saved).error).toBeUndefined();
      expect(applyView(spec, saved)).toEqual({ state, dropped: [] });
    },
  );
});

describe('applying a view', () => {
  const filled = {
    filters: { search: 'northwind.example', tier: 'growth' as const, activity: 'quiet' as const },
    sort: { id: 'created_at' as const, desc: true },
    visibility: { created_at: true, members: false },
  };

  it('a valid view round-trips: what was saved is what opens, nothing named', () => {
    const applied = applyView(organisations, captureView(filled));
    expect(applied).toEqual({ state: filled, dropped: [] });
    expect(droppedNotice(applied.dropped)).toBeNull();
  });

  it('keeps a multi-select, a typed amount and no sort at all (payments may have none)', () => {
    const state = {
      filters: {
        ...payments.defaults.filters,
        status: ['refunded' as const, 'succeeded' as const],
        minAmount: '1,200.50',
        search: 'INV-1',
      },
      sort: null,
      visibility: { payer: false },
    };
    expect(applyView(payments, captureView(state))).toEqual({ state, dropped: [] });
  });

  it('drops a stale filter, a value a filter no longer takes, a sort no longer offered and a missing column, naming each', () => {
    const stale = {
      filters: { search: 'northwind', tier: 'platinum', foo: 'bar' },
      sort: { id: 'revenue', desc: true },
      visibility: { members: false, bar: true },
    };
    const applied = applyView(organisations, stale);
    expect(applied.state).toEqual({
      filters: { ...organisations.defaults.filters, search: 'northwind' },
      sort: organisations.defaults.sort,
      visibility: { ...organisations.defaults.visibility, members: false },
    });
    expect(applied.dropped).toEqual(["filter 'tier'", "filter 'foo'", "sort 'revenue'", "column 'bar'"]);
    expect(droppedNotice(applied.dropped)).toBe(
      "This view was saved with things this version no longer has: filter 'tier', filter 'foo', sort 'revenue', column 'bar'. It opened with the rest.",
    );
  });

  it('a filter the screen added since the view was saved takes its default, unnamed', () => {
    const older = { filters: { search: 'ann' }, sort: { id: 'email', desc: false }, visibility: {} };
    expect(applyView(users, older)).toEqual({
      state: { ...users.defaults, filters: { ...users.defaults.filters, search: 'ann' }, sort: { id: 'email', desc: false } },
      dropped: [],
    });
  });

  it('a list in a fixed order names a saved sort it cannot use, and takes no sort quietly', () => {
    expect(applyView(audit, { filters: { action: 'refund.create' }, sort: { id: 'occurred_at', desc: false }, visibility: {} })).toEqual({
      state: { ...audit.defaults, filters: { ...audit.defaults.filters, action: 'refund.create' } },
      dropped: ["sort 'occurred_at'"],
    });
    expect(applyView(audit, { filters: {}, sort: null, visibility: {} }).dropped).toEqual([]);
  });

  it.each([null, 'text', 42, [], { filters: [], sort: 'created_at', visibility: null }, { filters: { search: { sql: 1 } } }])(
    'opens the defaults from a stored state of the wrong shape %j, without throwing',
    (stored) => {
      const applied = applyView(organisations, stored);
      expect(applied.state).toEqual(organisations.defaults);
    },
  );

  it('a chosen item (an organisation by id and name) survives, a malformed one is dropped', () => {
    const organization = { id: '5a000000-0000-4000-8000-000000000001', name: 'Northwind Logistics' };
    expect(
      applyView(assessments, captureView({ ...assessments.defaults, filters: { organization, status: 'completed' } })).state.filters,
    ).toEqual({
      organization,
      status: 'completed',
    });
    expect(applyView(assessments, { filters: { organization: { id: 'not-an-id', name: 'X' } } }).dropped).toEqual([
      "filter 'organization'",
    ]);
  });
});

describe('sharing', () => {
  it('says with whom a view is shared, and whose it is when it is not yours', () => {
    expect(audience({ shared_with_role: null, is_mine: true, owner_name: 'Me' })).toBe('Private');
    expect(audience({ shared_with_role: 'finance', is_mine: true, owner_name: 'Me' })).toBe('Shared with Finance');
    expect(audience({ shared_with_role: 'finance', is_mine: false, owner_name: 'Fin Ance' })).toBe('Shared with Finance · Fin Ance');
  });

  it('a view changed meanwhile says by whom', () => {
    const conflict = new HgError({
      code: 'conflict',
      message: 'view "Refunds" was changed since you opened it',
      details: { by: 'Fin Ance', at: '2025-01-31T12:00:00Z' },
    });
    expect(refusalText(conflict)).toMatch(
      /^view "Refunds" was changed since you opened it \(by Fin Ance, .+\)\. The list shows it as it is now\.$/,
    );
    expect(refusalText(new HgError({ code: 'forbidden', message: 'permission denied' }))).toBe('permission denied');
  });
});
