// The API's doors, linted from the catalogue (issue 12):
// - every security definer function an API caller can reach (exposed schemas, not a trigger function) checks a
//   capability before it reads anything, unless it is on the short, commented list of public ones below;
// - the console's own tables grant anon and authenticated exactly what supabase/api-grants.allow lists (nothing);
// - console_private is not usable by the API roles.
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db.js';
import { exposedSchemas, readAllowList } from '../support/api-grants.js';

const db = useTestDatabase();

/**
 * Security definer functions in exposed schemas that deliberately check no capability:
 * - is_admin, is_org_admin, is_org_member: the seed document's helpers; they answer only about the caller.
 * - has_role, get_user_roles: the seed document's helpers; about others only for admins and service_role.
 * - search_talent: marketplace visitors search experts; it returns only public profile fields.
 * - verify_certificate: "anyone can verify" a certificate number without reading the table.
 * - console.my_access: the caller's own roles and capabilities (empty for a non-staff user, who is then signed out).
 */
const PUBLIC_DEFINER_FUNCTIONS: readonly string[] = [
  'public.is_admin',
  'public.is_org_admin',
  'public.is_org_member',
  'public.has_role',
  'public.get_user_roles',
  'public.search_talent',
  'public.verify_certificate',
  'console.my_access',
];

/** Statements that may come before the capability check because they read nothing (an advisory lock). */
const BEFORE_THE_CHECK = [/^perform console_private\.lock_admin_changes\(\)$/];

interface DefinerFunction {
  name: string;
  language: string;
  src: string;
}

/** The first statements of a plpgsql body, comments removed, up to the first that is not allowed before the check. */
function firstStatement(src: string): { declarations: string; first: string } {
  const code = src
    .replace(/--[^\n]*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const at = code.search(/\bbegin\b/i);
  const declarations = at >= 0 ? code.slice(0, at) : '';
  const statements = (at >= 0 ? code.slice(at + 5) : code)
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
  const first = statements.find((s) => !BEFORE_THE_CHECK.some((re) => re.test(s))) ?? '';
  return { declarations, first };
}

async function definerFunctions(): Promise<DefinerFunction[]> {
  const { rows } = await db.owner.query<DefinerFunction>(
    `select n.nspname || '.' || p.proname as name, l.lanname as language, p.prosrc as src
       from pg_proc p
       join pg_namespace n on n.oid = p.pronamespace
       join pg_language l on l.oid = p.prolang
      where n.nspname = any ($1::text[])
        and p.prosecdef
        and p.prorettype <> 'trigger'::regtype
        and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
      order by 1`,
    [exposedSchemas()],
  );
  return rows;
}

describe('security definer functions an API caller can reach', () => {
  it('the first-statement reader sees through comments and the admin lock', () => {
    const src = `declare v int; begin -- lock first\n perform console_private.lock_admin_changes();\n perform console_private.require('users.manage'); select 1; end`;
    expect(firstStatement(src).first).toBe(`perform console_private.require('users.manage')`);
    expect(firstStatement(`begin select count(*) from public.users; perform console_private.require('x'); end`).first).toMatch(/^select/);
  });

  it('every console function runs as its owner (staff powers exist only inside them)', async () => {
    const { rows } = await db.owner.query<{ name: string }>(
      `select p.oid::regprocedure::text as name from pg_proc p
        where p.pronamespace = 'console'::regnamespace and not p.prosecdef order by 1`,
    );
    expect(rows.map((r) => r.name)).toEqual([]);
  });

  it('each checks a capability as its first statement, reading nothing before, unless listed as public', async () => {
    const offenders: string[] = [];
    const functions = await definerFunctions();
    expect(functions.filter((fn) => fn.name.startsWith('console.')).length).toBeGreaterThan(30);
    for (const fn of functions) {
      if (PUBLIC_DEFINER_FUNCTIONS.includes(fn.name)) continue;
      if (fn.language !== 'plpgsql') {
        offenders.push(`${fn.name}: ${fn.language} cannot check a capability first`);
        continue;
      }
      const { declarations, first } = firstStatement(fn.src);
      if (/\b(select|from)\b/i.test(declarations)) offenders.push(`${fn.name}: its declarations read before the check`);
      if (!/^perform console_private\.require\('[a-z_.]+'\)$/.test(first))
        offenders.push(`${fn.name}: first statement is "${first.slice(0, 80)}"`);
    }
    expect(offenders).toEqual([]);
  });

  it('the list of public definer functions is not stale', async () => {
    const names = new Set((await definerFunctions()).map((fn) => fn.name));
    expect(PUBLIC_DEFINER_FUNCTIONS.filter((name) => !names.has(name))).toEqual([]);
  });
});

describe("the console's own tables and helpers", () => {
  it('anon and authenticated hold on console tables exactly the privileges supabase/api-grants.allow lists', async () => {
    const { rows } = await db.owner.query<{ grant: string }>(
      `select distinct format('%s %s %s', c.oid::regclass::text, r.rolname, a.privilege_type) as grant
         from pg_class c
         join lateral aclexplode(c.relacl) a on true
         join pg_roles r on r.oid = a.grantee
        where c.relnamespace = 'console'::regnamespace and r.rolname in ('anon', 'authenticated')
       union
       select distinct format('%s %s %s', c.oid::regclass::text, r.rolname, a.privilege_type)
         from pg_attribute att
         join pg_class c on c.oid = att.attrelid
         join lateral aclexplode(att.attacl) a on true
         join pg_roles r on r.oid = a.grantee
        where c.relnamespace = 'console'::regnamespace and r.rolname in ('anon', 'authenticated')
        order by 1`,
    );
    const allowed = readAllowList();
    expect(
      allowed.filter((entry) => !entry.reason),
      'allow-list lines without a reason',
    ).toEqual([]);
    expect(rows.map((r) => r.grant)).toEqual(allowed.map((e) => `${e.relation} ${e.role} ${e.privilege}`).sort());
  });

  it('console_private is not usable by anon or authenticated', async () => {
    const { rows } = await db.owner.query(
      `select has_schema_privilege('anon', 'console_private', 'usage') as anon,
              has_schema_privilege('authenticated', 'console_private', 'usage') as authenticated`,
    );
    expect(rows[0]).toEqual({ anon: false, authenticated: false });
  });

  it('console_private is not an exposed schema', () => {
    expect(exposedSchemas()).not.toContain('console_private');
  });
});
