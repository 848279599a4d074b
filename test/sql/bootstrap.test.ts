import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db.js';

const db = useTestDatabase();

describe('bootstrap: what a Supabase project provides', () => {
  it('auth.uid(), auth.role() and auth.jwt() read the request claims PostgREST sets', async () => {
    const id = '00000000-0000-4000-8000-000000000001';
    const row = await db.asUser(id, async (q) => {
      const { rows } = await q.query(`select auth.uid() as uid, auth.role() as role, auth.jwt() ->> 'aud' as aud, current_user as who`);
      return rows[0];
    });
    expect(row).toEqual({ uid: id, role: 'authenticated', aud: 'authenticated', who: 'authenticated' });
  });

  it('anon has no subject', async () => {
    const row = await db.asAnon(async (q) => (await q.query(`select auth.uid() as uid, auth.role() as role`)).rows[0]);
    expect(row).toEqual({ uid: null, role: 'anon' });
  });

  it('the API roles carry Supabase attributes', async () => {
    const { rows } = await db.owner.query(
      `select rolname, rolcanlogin, rolbypassrls, rolinherit from pg_roles
        where rolname in ('anon','authenticated','service_role','authenticator') order by rolname`,
    );
    expect(rows).toEqual([
      { rolname: 'anon', rolcanlogin: false, rolbypassrls: false, rolinherit: false },
      { rolname: 'authenticated', rolcanlogin: false, rolbypassrls: false, rolinherit: false },
      { rolname: 'authenticator', rolcanlogin: true, rolbypassrls: false, rolinherit: false },
      { rolname: 'service_role', rolcanlogin: false, rolbypassrls: true, rolinherit: false },
    ]);
  });

  it('pgcrypto lives in schema extensions, not public', async () => {
    const { rows } = await db.owner.query(
      `select n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pgcrypto'`,
    );
    expect(rows).toEqual([{ nspname: 'extensions' }]);
  });
});
