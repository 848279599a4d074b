// The saved-view handlers (016) through the router over a fake `call`: which console function each channel reaches
// with which `p_` arguments, a stored state coming back as stored (stale keys included: the screen decides), and the
// null that means "private" or "no default" reaching SQL. Who sees and changes a view is SQL's (test/console).
import { describe, expect, it } from 'vitest';
import { viewHandlers } from '../../electron/main/services/views.js';
import { routerOver } from './handler-stubs.js';

const ID = '5a000000-0000-4000-8000-000000000001';
const OWNER = '5a000000-0000-4000-8000-000000000002';
const AT = '2025-01-31T12:00:00.123456+00:00';
const TRUSTED = { url: 'app://console/index.html' };
const state = { filters: { status: ['succeeded'], search: 'INV' }, sort: { id: 'amount', desc: true }, visibility: { payer: false } };

describe('saved-view handlers', () => {
  it('views:list answers the rows with their state as stored, keys this version no longer has included', async () => {
    const stale = { filters: { foo: 'bar', status: ['succeeded'] }, sort: { id: 'gone', desc: false }, visibility: { bar: true } };
    const row = {
      id: ID,
      screen: 'payments',
      name: 'Old refunds',
      state: stale,
      shared_with_role: 'finance',
      owner_id: OWNER,
      owner_name: 'Fin Ance',
      is_mine: false,
      is_default: true,
      can_change: false,
      updated_at: AT,
    };
    const { router, calls, log } = routerOver(viewHandlers, () => [row]);
    const result = await router.handle('views:list', { screen: 'payments' }, TRUSTED);
    expect(calls).toEqual([['list_saved_views', { p_screen: 'payments' }]]);
    expect(log).not.toHaveBeenCalled();
    expect(result).toEqual({ ok: true, value: { rows: [row] } });
  });

  it('views:create sends the state and the role; private leaves the role to SQL’s default', async () => {
    const { router, calls } = routerOver(viewHandlers, () => [{ id: ID, updated_at: AT }]);
    const shared = await router.handle(
      'views:create',
      { screen: 'payments', name: '  Refunds  ', state, shared_with_role: 'finance' },
      TRUSTED,
    );
    await router.handle('views:create', { screen: 'talent.experts', name: 'Mine', state, shared_with_role: null }, TRUSTED);
    expect(calls).toEqual([
      ['create_saved_view', { p_screen: 'payments', p_name: 'Refunds', p_state: state, p_shared_with_role: 'finance' }],
      ['create_saved_view', { p_screen: 'talent.experts', p_name: 'Mine', p_state: state, p_shared_with_role: undefined }],
    ]);
    expect(shared).toEqual({ ok: true, value: { id: ID, updated_at: AT } });
  });

  it('views:update sends a full replace: a null state keeps the stored one, a null role makes it private', async () => {
    const { router, calls } = routerOver(viewHandlers, () => [{ id: ID, updated_at: AT }]);
    await router.handle(
      'views:update',
      { view_id: ID, name: 'Renamed', state: null, shared_with_role: null, expected_updated_at: AT },
      TRUSTED,
    );
    expect(calls).toEqual([
      ['update_saved_view', { p_view_id: ID, p_name: 'Renamed', p_state: null, p_shared_with_role: null, p_expected_updated_at: AT }],
    ]);
  });

  it('views:update passes on who changed the view meanwhile (PT409) as a conflict', async () => {
    const { router } = routerOver(viewHandlers, () => {
      throw {
        code: 'PT409',
        message: 'view "Refunds" was changed since you opened it',
        details: `{"by":"Fin Ance","by_id":"${OWNER}","at":"${AT}"}`,
      };
    });
    const result = await router.handle('views:update', { view_id: ID, name: 'Refunds', state, shared_with_role: 'finance' }, TRUSTED);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'conflict',
        message: 'view "Refunds" was changed since you opened it',
        details: { by: 'Fin Ance', by_id: OWNER, at: AT },
      },
    });
  });

  it('views:share-roles answers the roles SQL offers for the screen, and refuses a screen it does not know', async () => {
    const { router, calls } = routerOver(viewHandlers, () => ['admin', 'finance']);
    expect(await router.handle('views:share-roles', { screen: 'payments' }, TRUSTED)).toEqual({
      ok: true,
      value: { roles: ['admin', 'finance'] },
    });
    expect(calls).toEqual([['view_share_roles', { p_screen: 'payments' }]]);
    const refused = await router.handle('views:share-roles', { screen: 'secrets' }, TRUSTED);
    expect(refused.ok).toBe(false);
    expect(calls).toHaveLength(1);
  });

  it('views:set-default with no view clears it through SQL’s default; views:delete answers null', async () => {
    const { router, calls } = routerOver(viewHandlers, () => null);
    expect(await router.handle('views:set-default', { screen: 'audit', view_id: null }, TRUSTED)).toEqual({ ok: true, value: null });
    await router.handle('views:set-default', { screen: 'audit', view_id: ID }, TRUSTED);
    expect(await router.handle('views:delete', { view_id: ID }, TRUSTED)).toEqual({ ok: true, value: null });
    expect(calls).toEqual([
      ['set_default_view', { p_screen: 'audit', p_view_id: undefined }],
      ['set_default_view', { p_screen: 'audit', p_view_id: ID }],
      ['delete_saved_view', { p_view_id: ID }],
    ]);
  });

  it('a name already taken is refused at the name field, in SQL’s words', async () => {
    const { router } = routerOver(viewHandlers, () => {
      throw { code: '22023', message: 'name: you already have a view called "Refunds" on this screen', details: '{"field":"name"}' };
    });
    const result = await router.handle('views:create', { screen: 'payments', name: 'refunds', state }, TRUSTED);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'validation', field: 'name', message: 'name: you already have a view called "Refunds" on this screen' },
    });
  });
});
