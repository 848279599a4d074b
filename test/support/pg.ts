// Connections to the test server and the ways a test acts: as the database owner, as service_role, as anon, or
// as a signed-in user exactly as PostgREST does it (role switch plus `request.jwt.claims` in one transaction).
import pg from 'pg';

export interface ServerInfo {
  host: string;
  port: number;
  user: string;
  password: string;
}

// Return numeric, bigint and date values as JS-friendly types so assertions read naturally.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export async function connect(server: ServerInfo, database: string): Promise<pg.Client> {
  const client = new pg.Client({ ...server, database });
  await client.connect();
  return client;
}

export type Queryable = Pick<pg.Client, 'query'>;

export interface Claims {
  sub?: string;
  role: 'anon' | 'authenticated' | 'service_role';
  email?: string;
  [key: string]: unknown;
}

/**
 * Runs `fn` inside a transaction as the given API role with the JWT claims PostgREST would set, then rolls back
 * unless `commit` is set. Errors from `fn` propagate after the rollback.
 */
export async function withClaims<T>(
  client: pg.Client,
  claims: Claims,
  fn: (db: Queryable) => Promise<T>,
  { commit = false }: { commit?: boolean } = {},
): Promise<T> {
  await client.query('begin');
  try {
    // As PostgREST (11.1+) does per request: the role, the claims, and the role's own settings (Supabase gives
    // authenticated an 8 s and anon a 3 s statement_timeout), so a call that would time out on a project does here.
    await client.query(
      `select set_config('role', $1, true), set_config('request.jwt.claims', $2, true),
              (select count(set_config(split_part(setting, '=', 1), substr(setting, strpos(setting, '=') + 1), true))
                 from pg_catalog.pg_db_role_setting s, unnest(s.setconfig) as setting
                where s.setrole = (select oid from pg_catalog.pg_roles where rolname = $1)
                  and s.setdatabase in (0, (select oid from pg_catalog.pg_database where datname = current_database())))`,
      [claims.role, JSON.stringify(claims)],
    );
    const result = await fn(client);
    await client.query(commit ? 'commit' : 'rollback');
    return result;
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}
