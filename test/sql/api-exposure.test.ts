// What the API's table and view endpoints give each kind of caller, generated from the catalogue: every relation of
// every schema `supabase/config.toml` exposes × anon, a platform user, an org admin and each staff role × select,
// insert, update, delete, acted as PostgREST acts (role switch plus `request.jwt.claims`, one transaction each,
// rolled back). The expected outcome of every cell is in supabase/api-exposure.txt, the one file a reviewer reads;
// a relation without an entry there fails. `HG_WRITE_EXPOSURE=1` rewrites the file from what the database does (for
// review in the diff, never to make the test pass unseen).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db.js';
import { exposedSchemas, readAllowList } from '../support/api-grants.js';
import { supabaseDir } from '../support/migrations.js';
import { withClaims, type Claims, type Queryable } from '../support/pg.js';

const db = useTestDatabase();

const EXPECTED_FILE = join(supabaseDir, 'api-exposure.txt');

/** The callers, by the seed's demo sign-ins (supabase/SCHEMA.md, "Demo sign-ins"). */
const ACTORS = [
  ['anon', null],
  ['user', 'user@humanglue.dev'],
  ['org_admin', 'orgadmin@humanglue.dev'],
  ['admin', 'admin@humanglue.dev'],
  ['moderator', 'moderator@humanglue.dev'],
  ['finance', 'finance@humanglue.dev'],
  ['leadership', 'leadership@humanglue.dev'],
  ['support', 'support@humanglue.dev'],
] as const;
type ActorName = (typeof ACTORS)[number][0];

const OPS = ['select', 'insert', 'update', 'delete'] as const;
type Op = (typeof OPS)[number];

const HEADER = `# What each caller of the API gets from every table and view endpoint (test/sql/api-exposure.test.ts).
# Acted as PostgREST: the caller's role (anon or authenticated) and JWT claims, on the seeded database.
# select, update, delete: denied (no privilege: PostgREST answers 401/403) | none | some | all (rows seen or
#   affected, of what the table holds; update sets a column the role may update to itself) | empty (allowed, and
#   the table holds no rows) | rls-refused | error-<sqlstate> (a guard trigger refused).
# insert: denied (no privilege) | policy (privilege; a row-level-security policy decides which rows) | no-policy
#   (privilege but no insert policy: every row refused) | open (no row-level security).
# Console tables must read "denied" everywhere unless supabase/api-grants.allow says why.`;

interface Relation {
  name: string;
  total: number;
}

type Matrix = Map<string, Record<ActorName, string>>; // key: "<relation> <op>"

const quoteIdent = (name: string) =>
  name
    .split('.')
    .map((part) => `"${part.replace(/"/g, '""')}"`)
    .join('.');

function classify(count: number, total: number): string {
  if (total === 0) return 'empty';
  if (count === 0) return 'none';
  return count >= total ? 'all' : 'some';
}

function failure(error: unknown): string {
  const e = error as { code?: string; message?: string };
  if (e.code === '42501') return /row-level security/.test(e.message ?? '') ? 'rls-refused' : 'denied';
  return `error-${e.code ?? 'unknown'}`;
}

let relations: Relation[] = [];
const actual: Matrix = new Map();

async function columns(relation: string, role: string, privilege: 'INSERT' | 'UPDATE'): Promise<string[]> {
  const { rows } = await db.owner.query<{ attname: string }>(
    `select a.attname
       from pg_attribute a
      where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped
        and a.attgenerated = '' and a.attidentity <> 'a'
        and has_column_privilege($2, a.attrelid, a.attnum, $3)
      order by a.attnum`,
    [relation, role, privilege],
  );
  return rows.map((row) => row.attname);
}

async function insertPolicy(relation: string, role: string): Promise<string> {
  const { rows } = await db.owner.query<{ rls: boolean; policies: number }>(
    `select c.relrowsecurity as rls,
            (select count(*)::int from pg_policy p
              where p.polrelid = c.oid and p.polcmd in ('a', '*')
                and (0 = any (p.polroles) or (select oid from pg_roles where rolname = $2) = any (p.polroles))) as policies
       from pg_class c where c.oid = $1::regclass`,
    [relation, role],
  );
  const row = rows[0]!;
  if (!row.rls) return 'open';
  return row.policies > 0 ? 'policy' : 'no-policy';
}

async function cell(relation: Relation, op: Op, claims: Claims): Promise<string> {
  const table = quoteIdent(relation.name);
  const act = <T>(fn: (q: Queryable) => Promise<T>) => withClaims(db.owner, claims, fn);
  try {
    if (op === 'select') {
      const n = await act(async (q) => (await q.query(`select count(*)::int as n from ${table}`)).rows[0].n as number);
      return classify(n, relation.total);
    }
    if (op === 'insert') {
      const cols = await columns(relation.name, claims.role, 'INSERT');
      if (cols.length === 0) return 'denied';
      const list = cols.map((c) => quoteIdent(c)).join(', ');
      // no row: the privilege is checked as PostgREST's insert would meet it, no policy or trigger runs.
      await act((q) =>
        q.query(`insert into ${table} (${list}) select ${cols.map((c) => `x.${quoteIdent(c)}`).join(', ')}
                   from (select (null::${table}).*) x where false`),
      );
      return insertPolicy(relation.name, claims.role);
    }
    if (op === 'update') {
      const [col] = await columns(relation.name, claims.role, 'UPDATE');
      if (!col) return 'denied';
      const n = await act(async (q) => (await q.query(`update ${table} set ${quoteIdent(col)} = ${quoteIdent(col)}`)).rowCount ?? 0);
      return classify(n, relation.total);
    }
    const n = await act(async (q) => (await q.query(`delete from ${table}`)).rowCount ?? 0);
    return classify(n, relation.total);
  } catch (error) {
    return failure(error);
  }
}

function render(matrix: Matrix): string {
  const keys = [...matrix.keys()];
  const width = Math.max(...keys.map((k) => k.split(' ')[0]!.length), 'relation'.length) + 2;
  const col = (s: string) => s.padEnd(13);
  const line = (rel: string, op: string, values: string[]) => (rel.padEnd(width) + op.padEnd(8) + values.map(col).join('')).trimEnd();
  const out = [
    HEADER,
    '',
    line(
      'relation',
      'op',
      ACTORS.map(([name]) => name),
    ),
  ];
  for (const key of keys) {
    const [rel, op] = key.split(' ') as [string, string];
    out.push(
      line(
        rel,
        op,
        ACTORS.map(([name]) => matrix.get(key)![name]),
      ),
    );
  }
  return `${out.join('\n')}\n`;
}

function parse(text: string): Matrix {
  const matrix: Matrix = new Map();
  const lines = text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const [head, ...body] = lines;
  const names = head!.trim().split(/\s+/).slice(2);
  expect(names, 'the header of supabase/api-exposure.txt names the actors in order').toEqual(ACTORS.map(([name]) => name));
  for (const l of body) {
    const [rel, op, ...values] = l.trim().split(/\s+/);
    matrix.set(`${rel} ${op}`, Object.fromEntries(names.map((n, i) => [n, values[i] ?? '(missing)'])) as Record<ActorName, string>);
  }
  return matrix;
}

beforeAll(async () => {
  const { rows } = await db.owner.query<{ name: string }>(
    `select n.nspname || '.' || c.relname as name
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = any ($1::text[]) and c.relkind in ('r', 'p', 'v', 'm', 'f')
      order by n.nspname, c.relname`,
    [exposedSchemas()],
  );
  relations = [];
  for (const { name } of rows) {
    const total = (await db.owner.query(`select count(*)::int as n from ${quoteIdent(name)}`)).rows[0].n as number;
    relations.push({ name, total });
  }
  const ids = new Map<string, string>();
  for (const [, email] of ACTORS) {
    if (!email) continue;
    const { rows: found } = await db.owner.query('select id from public.users where email = $1', [email]);
    if (!found[0]) throw new Error(`seed user ${email} is missing`);
    ids.set(email, found[0].id);
  }
  for (const relation of relations) {
    for (const op of OPS) {
      const values = {} as Record<ActorName, string>;
      for (const [name, email] of ACTORS) {
        const claims: Claims = email ? { sub: ids.get(email)!, role: 'authenticated', aud: 'authenticated', email } : { role: 'anon' };
        values[name] = await cell(relation, op, claims);
      }
      actual.set(`${relation.name} ${op}`, values);
    }
  }
  if (process.env.HG_WRITE_EXPOSURE === '1') writeFileSync(EXPECTED_FILE, render(actual));
}, 300_000);

describe('api exposure: every table and view endpoint × caller × operation', () => {
  it('the exposed schemas are read from config.toml and hold relations', () => {
    expect(exposedSchemas()).toEqual(expect.arrayContaining(['public', 'console']));
    expect(relations.length).toBeGreaterThan(10);
  });

  it('every exposed relation has its four lines in supabase/api-exposure.txt, and the file names no other', () => {
    const expected = parse(readFileSync(EXPECTED_FILE, 'utf8'));
    const missing = [...actual.keys()].filter((key) => !expected.has(key));
    const stale = [...expected.keys()].filter((key) => !actual.has(key));
    expect(missing, 'relations/operations without an expected line (add them, reviewed)').toEqual([]);
    expect(stale, 'lines for relations that no longer exist').toEqual([]);
  });

  it('each cell is what supabase/api-exposure.txt says', () => {
    const expected = parse(readFileSync(EXPECTED_FILE, 'utf8'));
    const differences: string[] = [];
    for (const [key, values] of actual) {
      const want = expected.get(key);
      if (!want) continue;
      for (const [name] of ACTORS) {
        if (want[name] !== values[name]) differences.push(`${key} as ${name}: expected ${want[name]}, got ${values[name]}`);
      }
    }
    expect(differences).toEqual([]);
  });

  it('no console relation gives any caller anything directly, unless supabase/api-grants.allow lists it', () => {
    const allowed = new Set(readAllowList().map((entry) => entry.relation));
    const open = [...actual].filter(
      ([key, values]) =>
        key.startsWith('console.') && !allowed.has(key.split(' ')[0]!) && Object.values(values).some((v) => v !== 'denied'),
    );
    expect(open.map(([key]) => key)).toEqual([]);
  });
});
