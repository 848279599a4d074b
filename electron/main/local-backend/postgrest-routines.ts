// Which function an RPC call means, and the SQL that calls it. PostgREST resolves overloads by the request's
// argument names (not types), so this reads names, modes and defaults from pg_proc on every call; there is no
// schema cache to go stale after a migration.
import type { SqlTx } from './sql-executor.js';

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

interface RoutineArg {
  name: string;
  type: string;
  mode: string; // i (in), b (inout), v (variadic); o and t (out, table) are filtered out
}

export interface Routine {
  /** pg_proc.provolatile: i immutable, s stable, v volatile. */
  volatility: 'i' | 's' | 'v';
  retset: boolean;
  returnType: string;
  returnTypeKind: string; // pg_type.typtype: b base, c composite, d domain, e enum, p pseudo, r range, m multirange
  inputs: RoutineArg[];
  defaults: number;
}

interface RoutineRow {
  volatility: string;
  retset: string;
  return_type: string;
  return_kind: string;
  defaults: string;
  args: string;
}

const ROUTINE_SELECT = `
  select p.provolatile::text as volatility, p.proretset::text as retset, p.prorettype::regtype::text as return_type, t.typtype::text as return_kind,
         p.pronargdefaults::text as defaults,
         (select coalesce(json_agg(json_build_object(
                   'name', coalesce(n.name, ''), 'type', format_type(x.type, null), 'mode', coalesce(m.mode::text, 'i'))
                 order by x.ord), '[]')::text
            from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality as x(type, ord)
            left join unnest(p.proargmodes) with ordinality as m(mode, ord) on m.ord = x.ord
            left join unnest(p.proargnames) with ordinality as n(name, ord) on n.ord = x.ord) as args
    from pg_catalog.pg_proc p
    join pg_catalog.pg_namespace s on s.oid = p.pronamespace
    join pg_catalog.pg_type t on t.oid = p.prorettype
   where s.nspname = $1 and p.proname = $2 and p.prokind = 'f'`;

/** Every overload of `schema.name`. */
export async function loadRoutines(tx: SqlTx, schema: string, name: string): Promise<Routine[]> {
  const { rows } = await tx.query<RoutineRow>(ROUTINE_SELECT, [schema, name]);
  return rows.map((row) => {
    const args = JSON.parse(row.args) as RoutineArg[];
    return {
      volatility: row.volatility === 'i' || row.volatility === 's' ? row.volatility : 'v',
      retset: row.retset === 'true',
      returnType: row.return_type,
      returnTypeKind: row.return_kind,
      inputs: args.filter((arg) => arg.mode === 'i' || arg.mode === 'b' || arg.mode === 'v'),
      defaults: Number(row.defaults),
    };
  });
}

const singleUnnamedJson = (routine: Routine) =>
  routine.inputs.length === 1 && routine.inputs[0]!.name === '' && ['json', 'jsonb'].includes(routine.inputs[0]!.type);

/** PostgREST's choice: a function whose parameter names cover the keys and whose required parameters are all given. */
function matches(routine: Routine, keys: string[], bodyIsObject: boolean): boolean {
  if (singleUnnamedJson(routine)) return true;
  if (!bodyIsObject) return false;
  const names = new Set(routine.inputs.map((arg) => arg.name));
  const required = routine.inputs.slice(0, routine.inputs.length - routine.defaults);
  return keys.every((key) => names.has(key)) && required.every((arg) => keys.includes(arg.name));
}

/**
 * The overloads that fit the request's keys, narrowed as PostgREST narrows them: an exact parameter count wins,
 * and a catch-all single json parameter only wins alone. More than one left means the call is ambiguous.
 */
export function candidateRoutines(routines: Routine[], keys: string[], bodyIsObject: boolean): Routine[] {
  const candidates = routines.filter((routine) => matches(routine, keys, bodyIsObject));
  if (candidates.length <= 1) return candidates;
  const exact = candidates.filter((routine) => routine.inputs.length === keys.length && !singleUnnamedJson(routine));
  return exact.length > 0 ? exact : candidates.filter((routine) => !singleUnnamedJson(routine));
}

/** As PostgREST names a function in its hints. */
export const signature = (schema: string, name: string, routine: Routine) =>
  `${schema}.${name}(${routine.inputs.map((arg) => (arg.name ? `${arg.name} => ${arg.type}` : arg.type)).join(', ')})`;

/**
 * The statement that calls the function and returns PostgREST's JSON body as text in column `body`. Named arguments
 * come from the request body through `jsonb_to_record`, which converts each JSON value to the parameter's declared
 * type (JSON arrays to SQL arrays, objects to json/jsonb, strings to uuid/timestamptz/…, null to null), as PostgREST
 * does. A function with one unnamed json/jsonb parameter receives the whole body.
 */
export function callStatement(
  schema: string,
  name: string,
  routine: Routine,
  keys: string[],
  bodyText: string,
): { sql: string; params: unknown[] } {
  const target = `${quoteIdent(schema)}.${quoteIdent(name)}`;
  let call: string;
  let from = '';
  let params: unknown[] = [];
  if (singleUnnamedJson(routine)) {
    call = `${target}($1::${routine.inputs[0]!.type})`;
    params = [bodyText.trim() === '' ? '{}' : bodyText];
  } else if (keys.length === 0) {
    call = `${target}()`;
  } else {
    const byName = new Map(routine.inputs.map((arg) => [arg.name, arg]));
    const columns = keys.map((key) => `${quoteIdent(key)} ${byName.get(key)!.type}`).join(', ');
    from = ` from jsonb_to_record($1::jsonb) as _pgrst_args(${columns})`;
    call = `${target}(${keys
      .map((key) => `${byName.get(key)!.mode === 'v' ? 'variadic ' : ''}${quoteIdent(key)} => _pgrst_args.${quoteIdent(key)}`)
      .join(', ')})`;
    params = [bodyText];
  }
  const fromWith = (item: string) => (from ? `${from}, lateral ${item}` : ` from ${item}`);
  let sql: string;
  if (routine.retset) sql = `select coalesce(json_agg(_pgrst_row), '[]')::text as body${fromWith(`${call} as _pgrst_row`)}`;
  else if (routine.returnType === 'void') sql = `select ${call} as body${from}`;
  else if (routine.returnTypeKind === 'c' || routine.returnType === 'record')
    sql = `select to_json(_pgrst_row)::text as body${fromWith(`${call} as _pgrst_row`)}`;
  else sql = `select to_json(${call})::text as body${from}`;
  return { sql, params };
}
