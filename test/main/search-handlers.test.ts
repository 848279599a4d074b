// search:everything through the router over a fake `call`: the query and limit reach console.search_everything as
// typed (SQL normalises), SQL's rows come back in its order, and what SQL refuses keeps its code and field. What each
// role finds is the database's (test/console).
import { describe, expect, it } from 'vitest';
import { searchHandlers } from '../../electron/main/services/search.js';
import { routerOver } from './handler-stubs.js';

const ID = '5a000000-0000-4000-8000-000000000001';
const TRUSTED = { url: 'app://console/index.html' };

const payment = {
  kind: 'payment',
  id: ID,
  title: 'HG-2025-00012',
  subtitle: 'ada@example.com · 450.00 USD · pi_3N',
  status: 'succeeded',
  matched: 'invoice_number',
  exact: true,
};
const person = {
  ...payment,
  kind: 'person',
  title: 'Ada Lovelace',
  subtitle: 'ada@example.com',
  status: 'active',
  matched: 'email',
  exact: false,
};

describe('search:everything', () => {
  it('sends the pasted query and the limit as p_query and p_limit, and answers the rows in SQL’s order', async () => {
    const { router, calls } = routerOver(searchHandlers, () => [payment, person]);
    const query = ' https://billing.humanglue.dev/invoices/HG-2025-00012.pdf ';
    const result = await router.handle('search:everything', { query, limit: 5 }, TRUSTED);
    expect(calls).toEqual([['search_everything', { p_query: query, p_limit: 5 }]]);
    expect(result).toEqual({ ok: true, value: { rows: [payment, person] } });
  });

  it('leaves the limit to SQL’s default when none is sent, and answers no rows for no match', async () => {
    const { router, calls } = routerOver(searchHandlers, () => null);
    const result = await router.handle('search:everything', { query: 'nothing like it' }, TRUSTED);
    expect(calls).toEqual([['search_everything', { p_query: 'nothing like it', p_limit: undefined }]]);
    expect(result).toEqual({ ok: true, value: { rows: [] } });
  });

  it('a kind the contract does not know is an internal error, logged (never shown half-typed)', async () => {
    const { router, log } = routerOver(searchHandlers, () => [{ ...payment, kind: 'invoice' }]);
    const result = await router.handle('search:everything', { query: 'HG' }, TRUSTED);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(log).toHaveBeenCalledWith(expect.objectContaining({ kind: 'output-mismatch', channel: 'search:everything' }));
  });

  it.each([
    [
      'no staff role (42501)',
      { code: '42501', message: 'permission denied: search.everything is needed (your staff roles: none)' },
      { code: 'forbidden', message: 'permission denied: search.everything is needed (your staff roles: none)' },
    ],
    [
      'a limit SQL refuses (22023)',
      { code: '22023', message: 'limit: must be between 1 and 20', details: '{"field":"limit"}' },
      { code: 'validation', field: 'limit' },
    ],
  ])('keeps SQL’s refusal: %s', async (_label, refusal, expected) => {
    const { router } = routerOver(searchHandlers, () => {
      throw { name: 'PostgrestError', details: null, hint: null, ...refusal };
    });
    const result = await router.handle('search:everything', { query: 'HG' }, TRUSTED);
    expect(result).toMatchObject({ ok: false, error: expected });
  });
});
