// Schema lint in the spirit of Supabase's database linter (splinter): catalog queries against the migrated
// database. Each rule is one test whose failure lists the offending objects. Fix the migration, not the lint;
// a deliberate exception goes into an explicit allow-list here, with its reason.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db.js';

const db = useTestDatabase();

/**
 * SECURITY DEFINER functions in `public` that `anon` may deliberately execute (SCHEMA.md, "Grants"):
 * - search_talent: marketplace visitors may not read `users`; it returns only full_name and avatar_url.
 * - verify_certificate: "anyone can verify" a certificate number without reading the table.
 */
const ANON_SECURITY_DEFINER_ALLOWED: readonly string[] = ['search_talent', 'verify_certificate'];

/** Functions whose calls in a policy must be wrapped as `(select auth.fn())` so they run once per statement. */
const AUTH_FUNCTIONS = ['uid', 'jwt', 'role', 'email'] as const;

/** Objects an extension owns are the extension's business, not the migrations'. */
const NOT_EXTENSION_OWNED = (classId: string, objId: string) =>
  `not exists (select 1 from pg_depend d where d.classid = '${classId}'::regclass and d.objid = ${objId} and d.deptype = 'e')`;

interface Frame {
  select: boolean;
  from: boolean;
}

/**
 * The `auth.<fn>()` calls in a deparsed policy expression that are not the select list of a FROM-less scalar
 * subquery. PostgreSQL deparses `(select auth.uid())` as `( SELECT auth.uid() AS uid)`: that is an initPlan,
 * evaluated once per statement. A call anywhere else (`user_id = auth.uid()`, or inside `exists (select 1 from
 * t where t.x = auth.uid())`) is evaluated per row.
 */
function bareAuthCalls(expression: string): string[] {
  const found: string[] = [];
  const stack: Frame[] = [];
  const call = new RegExp(`^auth\\.(${AUTH_FUNCTIONS.join('|')})\\(\\)`);
  let i = 0;
  while (i < expression.length) {
    const ch = expression[i]!;
    if (ch === "'") {
      // string literal, '' escapes a quote
      i += 1;
      while (i < expression.length) {
        if (expression[i] === "'" && expression[i + 1] === "'") i += 2;
        else if (expression[i] === "'") break;
        else i += 1;
      }
      i += 1;
      continue;
    }
    if (ch === '(') {
      stack.push({ select: /^\(\s*select\b/i.test(expression.slice(i, i + 16)), from: false });
      i += 1;
      continue;
    }
    if (ch === ')') {
      stack.pop();
      i += 1;
      continue;
    }
    if (/[A-Za-z_"]/.test(ch) && (i === 0 || !/[\w."$]/.test(expression[i - 1]!))) {
      const match = call.exec(expression.slice(i));
      if (match) {
        const nearestSelect = [...stack].reverse().find((frame) => frame.select);
        if (!nearestSelect || nearestSelect.from) found.push(match[0]);
        i += match[0].length;
        continue;
      }
      const word = /^[A-Za-z_][\w$]*/.exec(expression.slice(i))?.[0] ?? ch;
      const top = stack[stack.length - 1];
      if (top?.select && /^(from|where)$/i.test(word)) top.from = true;
      i += word.length;
      continue;
    }
    i += 1;
  }
  return found;
}

// regclass and regprocedure print schema-qualified names when public is not on the search_path.
beforeAll(async () => {
  await db.owner.query(`set search_path = pg_catalog`);
});

async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.owner.query(sql, params)).rows as T[];
}

describe('schema lint (splinter-style) on public', () => {
  it('the linted schema has tables (the migrations ran)', async () => {
    const tables = await rows<{ relname: string }>(
      `select relname from pg_class where relnamespace = 'public'::regnamespace and relkind in ('r', 'p')`,
    );
    expect(tables.length, 'no tables in public: nothing to lint').toBeGreaterThan(0);
  });

  it('every table has row-level security enabled and at least one policy', async () => {
    const offenders = await rows<{ problem: string }>(`
      select format('public.%I: %s', c.relname,
               concat_ws(', ',
                 case when not c.relrowsecurity then 'RLS disabled' end,
                 case when not exists (select 1 from pg_policy p where p.polrelid = c.oid) then 'no policy' end)) as problem
        from pg_class c
       where c.relnamespace = 'public'::regnamespace
         and c.relkind in ('r', 'p')
         and ${NOT_EXTENSION_OWNED('pg_class', 'c.oid')}
         and (not c.relrowsecurity or not exists (select 1 from pg_policy p where p.polrelid = c.oid))
       order by c.relname`);
    expect(
      offenders.map((r) => r.problem),
      'tables without RLS or without any policy',
    ).toEqual([]);
  });

  it('no function has a mutable search_path (proconfig sets search_path)', async () => {
    const offenders = await rows<{ fn: string }>(`
      select p.oid::regprocedure::text || coalesce(' config=' || array_to_string(p.proconfig, ','), '') as fn
        from pg_proc p
       where p.pronamespace = 'public'::regnamespace
         and p.prokind <> 'a'
         and ${NOT_EXTENSION_OWNED('pg_proc', 'p.oid')}
         and not exists (select 1 from unnest(coalesce(p.proconfig, '{}'::text[])) as s(setting)
                          where s.setting like 'search_path=%')
       order by 1`);
    expect(
      offenders.map((r) => r.fn),
      "functions without `set search_path = ''`",
    ).toEqual([]);
  });

  it('no SECURITY DEFINER function is executable by anon unless deliberately allow-listed', async () => {
    const offenders = await rows<{ fn: string }>(
      `
      select p.oid::regprocedure::text as fn
        from pg_proc p
       where p.pronamespace = 'public'::regnamespace
         and p.prosecdef
         and ${NOT_EXTENSION_OWNED('pg_proc', 'p.oid')}
         and has_function_privilege('anon', p.oid, 'execute')
         and not (p.proname = any($1::text[]))
       order by 1`,
      [ANON_SECURITY_DEFINER_ALLOWED],
    );
    expect(
      offenders.map((r) => r.fn),
      `security definer functions anon can execute (revoke execute from public, anon; allow-list: ${ANON_SECURITY_DEFINER_ALLOWED.join(', ')})`,
    ).toEqual([]);
  });

  it('the allow-listed anon SECURITY DEFINER functions exist as such (the allow-list is not stale)', async () => {
    const found = await rows<{ proname: string }>(`
      select distinct p.proname
        from pg_proc p
       where p.pronamespace = 'public'::regnamespace
         and p.prosecdef
         and has_function_privilege('anon', p.oid, 'execute')
       order by 1`);
    const names = new Set(found.map((r) => r.proname));
    const missing = ANON_SECURITY_DEFINER_ALLOWED.filter((name) => !names.has(name));
    expect(missing, 'allow-listed functions that are not security definer functions executable by anon').toEqual([]);
  });

  it('every foreign key is covered by an index whose leading columns are the key columns', async () => {
    const offenders = await rows<{ fk: string }>(`
      select format('%s.%I (%s) -> %s', c.conrelid::regclass::text, c.conname,
               (select string_agg(quote_ident(a.attname), ', ' order by k.ord)
                  from unnest(c.conkey) with ordinality as k(attnum, ord)
                  join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum),
               c.confrelid::regclass::text) as fk
        from pg_constraint c
       where c.contype = 'f'
         and c.connamespace = 'public'::regnamespace
         and not exists (
               select 1
                 from pg_index i
                 cross join lateral (select (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(c.conkey)] as lead) l
                where i.indrelid = c.conrelid
                  and i.indisvalid
                  and l.lead @> c.conkey and l.lead <@ c.conkey)
       order by 1`);
    expect(
      offenders.map((r) => r.fk),
      'foreign keys without a covering index',
    ).toEqual([]);
  });

  it('no duplicate indexes (same table, method, columns/expressions, operator classes, order, predicate)', async () => {
    const offenders = await rows<{ dup: string }>(`
      select format('%s: %s', i.indrelid::regclass::text,
               string_agg(i.indexrelid::regclass::text, ' = ' order by i.indexrelid::regclass::text)) as dup
        from pg_index i
        join pg_class ic on ic.oid = i.indexrelid
       where ic.relnamespace = 'public'::regnamespace
       group by i.indrelid, ic.relam, i.indkey::text, i.indclass::text, i.indcollation::text, i.indoption::text,
                coalesce(pg_get_expr(i.indexprs, i.indrelid), ''), coalesce(pg_get_expr(i.indpred, i.indrelid), '')
      having count(*) > 1
       order by 1`);
    expect(
      offenders.map((r) => r.dup),
      'duplicate indexes',
    ).toEqual([]);
  });

  it("the bare auth-call detector reads PostgreSQL's own deparsing correctly", async () => {
    const client = db.owner;
    await client.query('begin');
    try {
      await client.query(`create table public.lint_probe (id uuid primary key, owner_id uuid, org text)`);
      const policy = (name: string, using: string) =>
        client.query(`create policy ${name} on public.lint_probe for select to authenticated using (${using})`);
      await policy('wrapped', `owner_id = (select auth.uid())`);
      await policy('wrapped_expr', `org = (select auth.jwt() ->> 'org')`);
      await policy('bare', `owner_id = auth.uid()`);
      await policy('in_subquery', `exists (select 1 from public.lint_probe p where p.owner_id = auth.uid())`);
      await policy('string', `org = 'auth.uid()' and owner_id = (select auth.uid())`);
      const { rows: policies } = await client.query<{ policyname: string; qual: string }>(
        `select policyname, qual from pg_policies where tablename = 'lint_probe' order by policyname`,
      );
      const verdict = Object.fromEntries(policies.map((p) => [p.policyname, bareAuthCalls(p.qual)]));
      expect(verdict).toEqual({
        bare: ['auth.uid()'],
        in_subquery: ['auth.uid()'],
        string: [],
        wrapped: [],
        wrapped_expr: [],
      });
    } finally {
      await client.query('rollback');
    }
  });

  it('no policy calls auth.uid() (or auth.jwt/role/email) bare instead of (select auth.uid())', async () => {
    const policies = await rows<{ tablename: string; policyname: string; qual: string | null; with_check: string | null }>(
      `select tablename, policyname, qual, with_check from pg_policies where schemaname = 'public' order by 1, 2`,
    );
    const offenders = policies.flatMap((p) =>
      (['qual', 'with_check'] as const).flatMap((part) => {
        const calls = p[part] ? bareAuthCalls(p[part]) : [];
        return calls.length ? [`public.${p.tablename} "${p.policyname}" ${part === 'qual' ? 'using' : 'with check'}: ${p[part]}`] : [];
      }),
    );
    expect(offenders, 'policies calling auth functions per row (wrap as (select auth.uid()))').toEqual([]);
  });

  it('no extension is installed in public', async () => {
    const offenders = await rows<{ extname: string }>(
      `select extname from pg_extension where extnamespace = 'public'::regnamespace order by 1`,
    );
    expect(
      offenders.map((r) => r.extname),
      'extensions in public (use `with schema extensions`)',
    ).toEqual([]);
  });

  it('every policy applies to specific roles, not PUBLIC', async () => {
    const offenders = await rows<{ policy: string }>(`
      select format('%s "%s"', p.polrelid::regclass::text, p.polname) as policy
        from pg_policy p
        join pg_class c on c.oid = p.polrelid
       where c.relnamespace = 'public'::regnamespace
         and 0::oid = any(p.polroles)
       order by 1`);
    expect(
      offenders.map((r) => r.policy),
      'policies without `to <role>` (they apply to every role)',
    ).toEqual([]);
  });

  it('every table has a comment', async () => {
    const offenders = await rows<{ relname: string }>(`
      select format('public.%I', c.relname) as relname
        from pg_class c
       where c.relnamespace = 'public'::regnamespace
         and c.relkind in ('r', 'p')
         and ${NOT_EXTENSION_OWNED('pg_class', 'c.oid')}
         and coalesce(btrim(obj_description(c.oid, 'pg_class')), '') = ''
       order by 1`);
    expect(
      offenders.map((r) => r.relname),
      'tables without `comment on table`',
    ).toEqual([]);
  });
});
