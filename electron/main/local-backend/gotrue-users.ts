// Reading auth.users the way GoTrue presents them. Every column is selected as text (timestamps pre-formatted in
// SQL) so the result is the same whichever driver, and whichever type parsers, the executor uses.
import type { SqlTx } from './sql-executor.js';

/** A timestamptz as GoTrue prints it (RFC 3339, UTC, microseconds), or null. */
const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export interface UserRow {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  phone: string | null;
  encrypted_password: string | null;
  email_confirmed_at: string | null;
  phone_confirmed_at: string | null;
  confirmed_at: string | null;
  last_sign_in_at: string | null;
  created_at: string | null;
  updated_at: string | null;
  banned: string;
  deleted: string;
  app_metadata: string | null;
  user_metadata: string | null;
  is_anonymous: string;
  identities: string;
  factors: string;
}

/** $1 is "now": a ban is only in force until banned_until, measured on the gateway's (test-movable) clock. */
const USER_SELECT = `
  select u.id::text as id, u.aud::text as aud, u.role::text as role, u.email::text as email, u.phone::text as phone,
         u.encrypted_password::text as encrypted_password,
         ${iso('u.email_confirmed_at')} as email_confirmed_at, ${iso('u.phone_confirmed_at')} as phone_confirmed_at,
         ${iso('u.confirmed_at')} as confirmed_at, ${iso('u.last_sign_in_at')} as last_sign_in_at,
         ${iso('u.created_at')} as created_at, ${iso('u.updated_at')} as updated_at,
         (u.banned_until is not null and u.banned_until > $1::timestamptz)::text as banned,
         (u.deleted_at is not null)::text as deleted,
         u.raw_app_meta_data::text as app_metadata, u.raw_user_meta_data::text as user_metadata,
         u.is_anonymous::text as is_anonymous,
         (select coalesce(json_agg(json_build_object(
                   'identity_id', i.id, 'id', i.provider_id, 'user_id', i.user_id, 'identity_data', i.identity_data,
                   'provider', i.provider, 'last_sign_in_at', ${iso('i.last_sign_in_at')},
                   'created_at', ${iso('i.created_at')}, 'updated_at', ${iso('i.updated_at')}, 'email', i.email)
                 order by i.created_at, i.id), '[]')::text
            from auth.identities i where i.user_id = u.id) as identities,
         (select coalesce(json_agg(json_build_object(
                   'id', f.id, 'created_at', ${iso('f.created_at')}, 'updated_at', ${iso('f.updated_at')},
                   'status', f.status, 'friendly_name', f.friendly_name, 'factor_type', f.factor_type,
                   'phone', coalesce(f.phone, ''), 'last_challenged_at', ${iso('f.last_challenged_at')})
                 order by f.created_at, f.id), '[]')::text
            from auth.mfa_factors f where f.user_id = u.id) as factors
    from auth.users u`;

/** `where` is a condition on `u` in which $2 is `value`. */
export async function findUser(tx: SqlTx, now: string, where: string, value: string): Promise<UserRow | undefined> {
  const { rows } = await tx.query<UserRow>(`${USER_SELECT} where ${where} limit 1`, [now, value]);
  return rows[0];
}

// Go's zero time.Time, which GoTrue prints for a timestamp column that is null.
const ZERO_TIME = '0001-01-01T00:00:00Z';

/** Metadata columns may be null or hold a non-object; GoTrue shows either as `{}`. */
export function parseObject(text: string | null): Record<string, unknown> {
  if (!text) return {};
  const value: unknown = JSON.parse(text);
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** GoTrue's user JSON; unset optional timestamps are left out, as its `omitempty` tags do. */
export function userJson(row: UserRow): Record<string, unknown> {
  const optional = (key: string, value: string | null) => (value ? { [key]: value } : {});
  const identities = (JSON.parse(row.identities) as Record<string, unknown>[]).map((identity) => {
    const out = { ...identity };
    for (const key of ['email', 'last_sign_in_at']) if (out[key] === null) delete out[key];
    return out;
  });
  // models.Factor: friendly_name is omitempty; the whole list is omitempty on the user.
  const factors = (JSON.parse(row.factors) as Record<string, unknown>[]).map((factor) => {
    const out = { ...factor };
    if (!out.friendly_name) delete out.friendly_name;
    return out;
  });
  return {
    id: row.id,
    aud: row.aud ?? '',
    role: row.role ?? '',
    email: row.email ?? '',
    ...optional('email_confirmed_at', row.email_confirmed_at),
    phone: row.phone ?? '',
    ...optional('phone_confirmed_at', row.phone_confirmed_at),
    ...optional('confirmed_at', row.confirmed_at),
    ...optional('last_sign_in_at', row.last_sign_in_at),
    app_metadata: parseObject(row.app_metadata),
    user_metadata: parseObject(row.user_metadata),
    identities,
    ...(factors.length > 0 ? { factors } : {}),
    created_at: row.created_at ?? ZERO_TIME,
    updated_at: row.updated_at ?? ZERO_TIME,
    is_anonymous: row.is_anonymous === 'true',
  };
}
