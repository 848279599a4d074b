-- 006_console_access_and_audit.sql
--
-- what: the foundation of HumanGlue Console's database api: staff roles (moderator, finance, leadership) beside
-- admin, their capabilities, schema `console` (the api, exposed through postgrest) and `console_private` (helpers,
-- not exposed), the append-only audit log, console settings, and the users-and-access functions.
-- why: the console reads and writes only through `console` functions, so permissions are checked in one place, in
-- the database, whatever client calls; every mutation is audited in the same transaction.
-- design: supabase/CONSOLE-API.md.

-- ====== schemas ======

create schema console;
create schema console_private;

comment on schema console is 'HumanGlue Console api: functions called with supabase.schema(''console'').rpc().';
comment on schema console_private is 'Helpers for the console api. Not exposed through the api.';

revoke all on schema console from public;
revoke all on schema console_private from public;
grant usage on schema console to authenticated, service_role;
grant usage on schema console_private to authenticated, service_role;
-- nothing in these schemas is for anon, and new functions are not executable by default.
alter default privileges in schema console revoke execute on functions from public;
alter default privileges in schema console_private revoke execute on functions from public;

-- ====== staff roles ======

alter table public.user_roles drop constraint user_roles_role_check;
alter table public.user_roles add constraint user_roles_role_check
  check (role in ('admin', 'instructor', 'expert', 'client', 'user', 'moderator', 'finance', 'leadership'));
alter table public.user_roles add constraint user_roles_staff_roles_platform_wide
  check (role not in ('moderator', 'finance', 'leadership') or organization_id is null);

comment on constraint user_roles_staff_roles_platform_wide on public.user_roles is
  'Console staff roles (moderator, finance, leadership) are platform-wide: they carry no organization.';

-- security definer: rls policies on users and user_roles call it, so it must read them without recursing.
-- plpgsql rather than sql: every console call and many policies ask this, and plpgsql keeps its plan per session.
create function console_private.my_staff_roles()
returns text[]
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_roles text[];
begin
  select coalesce(array_agg(distinct ur.role order by ur.role), '{}')
    into v_roles
    from public.user_roles ur
    join public.users u on u.id = ur.user_id
   where ur.user_id = auth.uid()
     and u.status = 'active'
     and ur.organization_id is null
     and ur.role in ('admin', 'moderator', 'finance', 'leadership')
     and (ur.expires_at is null or ur.expires_at > now());
  return v_roles;
end;
$$;

comment on function console_private.my_staff_roles() is
  'The caller''s unexpired platform-wide staff roles; empty for a suspended or inactive user.';

create function console_private.role_capabilities(p_role text)
returns text[]
language sql
immutable
set search_path = ''
as $$
  select case p_role
    when 'admin' then array[
      'audit.read_all', 'audit.read_own', 'payments.read', 'payments.refund', 'reconciliation.run',
      'refunds.approve', 'reviews.moderate', 'reviews.read', 'reviews.respond', 'settings.manage',
      'trends.read', 'users.manage']
    when 'moderator' then array['audit.read_own', 'reviews.moderate', 'reviews.read', 'reviews.respond']
    when 'finance' then array['audit.read_own', 'payments.read', 'payments.refund', 'reconciliation.run', 'refunds.approve']
    when 'leadership' then array['audit.read_own', 'trends.read']
    else '{}'::text[]
  end;
$$;

comment on function console_private.role_capabilities(text) is
  'What each staff role may do in the console. The single definition of the role → capability mapping.';

create function console_private.my_capabilities()
returns text[]
language plpgsql
stable
set search_path = ''
as $$
declare
  v_capabilities text[];
begin
  select coalesce(array_agg(distinct c order by c), '{}')
    into v_capabilities
    from unnest(console_private.my_staff_roles()) r(role)
   cross join lateral unnest(console_private.role_capabilities(r.role)) c;
  return v_capabilities;
end;
$$;

create function console_private.has_capability(p_capability text)
returns boolean
language plpgsql
stable
set search_path = ''
as $$
begin
  return p_capability = any (console_private.my_capabilities());
end;
$$;

comment on function console_private.has_capability(text) is
  'True when the caller''s staff roles grant that capability. Used by rls policies and console functions.';

create function console_private.require(p_capability text)
returns void
language plpgsql
stable
set search_path = ''
as $$
declare
  v_roles text[];
begin
  if auth.uid() is null then
    raise exception 'permission denied: sign in to use the console'
      using errcode = '42501';
  end if;
  if not console_private.has_capability(p_capability) then
    v_roles := console_private.my_staff_roles();
    raise exception 'permission denied: % is needed (your staff roles: %)',
      p_capability, coalesce(nullif(array_to_string(v_roles, ', '), ''), 'none')
      using errcode = '42501',
            hint = 'Ask an administrator for a staff role that includes it.';
  end if;
end;
$$;

comment on function console_private.require(text) is
  'First statement of every console function: raises 42501 naming the missing capability.';

-- validation errors name their field, in the message and in details, so the app can point at it.
create function console_private.invalid(p_field text, p_message text)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  raise exception '%: %', p_field, p_message
    using errcode = '22023', detail = json_build_object('field', p_field)::text;
end;
$$;

-- ids arrive from the client as text, so that a malformed one is a 22023 naming its field, not a cast error.
create function console_private.to_uuid(p_field text, p_value text)
returns uuid
language plpgsql
immutable
set search_path = ''
as $$
begin
  if p_value is null or btrim(p_value) = '' then
    perform console_private.invalid(p_field, 'is required');
  end if;
  if btrim(p_value) !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
    perform console_private.invalid(p_field, 'must be a uuid');
  end if;
  return btrim(p_value)::uuid;
end;
$$;

-- like pattern for a literal prefix: %, _ and \ typed in a search are plain characters, never wildcards.
create function console_private.like_prefix(p_text text)
returns text
language sql
immutable
set search_path = ''
as $$
  select replace(replace(replace(p_text, '\', '\\'), '%', '\%'), '_', '\_') || '%';
$$;

create function console_private.check_limit(p_limit integer)
returns integer
language plpgsql
immutable
set search_path = ''
as $$
begin
  if p_limit is null or p_limit < 1 or p_limit > 200 then
    perform console_private.invalid('limit', 'must be between 1 and 200');
  end if;
  return p_limit;
end;
$$;

create function console_private.check_text(p_field text, p_value text, p_max integer)
returns text
language plpgsql
immutable
set search_path = ''
as $$
begin
  if p_value is not null and char_length(p_value) > p_max then
    perform console_private.invalid(p_field, format('must be at most %s characters (got %s)', p_max, char_length(p_value)));
  end if;
  return nullif(btrim(p_value), '');
end;
$$;

-- ====== settings ======

create table console.settings (
  key text primary key check (key ~ '^[a-z_]+$'),
  value jsonb not null,
  description text not null,
  updated_by uuid references public.users (id) on delete set null,
  updated_at timestamptz not null default now()
);

comment on table console.settings is
  'Console settings: refund approval threshold, trend anonymity minimum, undo window, exact-count limit.';

create index idx_console_settings_updated_by on console.settings (updated_by);

insert into console.settings (key, value, description) values
  ('refund_approval_threshold', '1000', 'Refunds above this amount need a second finance or admin approver.'),
  ('trend_min_responses', '5', 'Months with fewer completed assessments show no averages (anonymity).'),
  ('undo_window_seconds', '10', 'How long a moderation decision can be undone by its author.'),
  ('count_exact_limit', '10000', 'Lists count exactly up to this many rows and estimate above it.');

create function console_private.setting(p_key text)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  -- security definer: console functions read settings for callers who cannot read the table (e.g. trends).
  select s.value from console.settings s where s.key = p_key;
$$;

alter table console.settings enable row level security;
revoke all on console.settings from public, anon, authenticated;
grant select on console.settings to authenticated;

create policy "Staff read console settings"
  on console.settings for select to authenticated
  using (cardinality(console_private.my_staff_roles()) > 0);

-- ====== audit log ======

create table console.audit_log (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  actor_id uuid,
  actor_email text,
  action text not null check (action ~ '^[a-z_]+\.[a-z_]+$'),
  entity text not null,
  entity_id text,
  before jsonb,
  after jsonb,
  reason text
);

comment on table console.audit_log is
  'Append-only record of every console mutation: who, when, what, before/after, why. No role may update or '
  'delete it. actor_id is kept without a foreign key so entries outlive the people they name.';

create index idx_audit_log_occurred_at on console.audit_log (occurred_at desc, id desc);
create index idx_audit_log_actor on console.audit_log (actor_id, occurred_at desc, id desc);
create index idx_audit_log_entity on console.audit_log (entity, entity_id, occurred_at desc);
create index idx_audit_log_action on console.audit_log (action, occurred_at desc);

create function console_private.audit_log_is_append_only()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception 'the audit log is append-only: % is not allowed', lower(tg_op)
    using errcode = 'P0001';
end;
$$;

create trigger audit_log_no_update_or_delete
  before update or delete on console.audit_log
  for each row execute function console_private.audit_log_is_append_only();

create trigger audit_log_no_truncate
  before truncate on console.audit_log
  for each statement execute function console_private.audit_log_is_append_only();

alter table console.audit_log enable row level security;
revoke all on console.audit_log from public, anon, authenticated, service_role;
grant select on console.audit_log to authenticated, service_role;

create policy "Admins read the whole audit log; staff read their own entries"
  on console.audit_log for select to authenticated
  using (
    (select console_private.has_capability('audit.read_all'))
    or (actor_id = (select auth.uid()) and (select console_private.has_capability('audit.read_own')))
  );

-- security definer: the only way into the audit log; no api role may insert into it directly.
create function console_private.audit(
  p_action text,
  p_entity text,
  p_entity_id text,
  p_before jsonb,
  p_after jsonb,
  p_reason text default null
)
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id bigint;
begin
  insert into console.audit_log (actor_id, actor_email, action, entity, entity_id, before, after, reason)
  values (
    auth.uid(),
    (select u.email from public.users u where u.id = auth.uid()),
    p_action, p_entity, p_entity_id, p_before, p_after, p_reason
  )
  returning id into v_id;
  return v_id;
end;
$$;

comment on function console_private.audit(text, text, text, jsonb, jsonb, text) is
  'Appends one audit entry for the caller. Called by every console mutation in its own transaction.';

-- ====== counting: exact when small, estimated when large ======

-- p_sql is built by console functions with format() and %L literals only, never from raw client text.
create function console_private.count_rows(p_sql text)
returns table (total bigint, is_estimate boolean)
language plpgsql
set search_path = ''
as $$
declare
  v_limit integer := coalesce((console_private.setting('count_exact_limit'))::integer, 10000);
  v_count bigint;
  v_plan jsonb;
begin
  execute format('select count(*) from (%s limit %s) s', p_sql, v_limit + 1) into v_count;
  if v_count <= v_limit then
    return query select v_count, false;
    return;
  end if;
  execute format('explain (format json) %s', p_sql) into v_plan;
  return query select greatest((v_plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint, v_limit + 1), true;
end;
$$;

comment on function console_private.count_rows(text) is
  'Row count for a list: exact up to count_exact_limit rows, the planner''s estimate above it.';

-- p_sql as for count_rows. For a search that matched more candidates than a list resolves to ids (search_id_limit).
create function console_private.estimate_rows(p_sql text, p_at_least bigint)
returns table (total bigint, is_estimate boolean)
language plpgsql
set search_path = ''
as $$
declare
  v_plan jsonb;
begin
  execute format('explain (format json) %s', p_sql) into v_plan;
  return query select greatest((v_plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint, p_at_least), true;
end;
$$;

comment on function console_private.estimate_rows(text, bigint) is
  'The planner''s row estimate for a list, at least p_at_least; is_estimate is always true.';

-- ====== search: candidate ids ======

-- a search that matches at most this many rows (before access rules) is resolved to their ids through indexes; a
-- search that matches more filters the rows directly, which is fast precisely because matches are then common,
-- and its count is the planner's estimate.
create function console_private.search_id_limit()
returns integer
language sql
immutable
set search_path = ''
as $$
  select 10000;
$$;

-- ====== profiles: last sign-in and staff visibility ======

alter table public.users add column last_sign_in_at timestamptz;

-- list_users pages by each of its sort columns with an id tie-breaker; without these it sorts every profile.
create index idx_users_created_at_id on public.users (created_at, id);
create index idx_users_full_name_id on public.users ((coalesce(full_name, '')), id);
create index idx_users_last_sign_in_at_id on public.users ((coalesce(last_sign_in_at, '-infinity'::timestamptz)), id);
-- search: an email prefix whatever the database's collation, a name substring through trigrams.
create extension if not exists pg_trgm with schema extensions;
create index idx_users_email_prefix on public.users (email text_pattern_ops);
create index idx_users_full_name_trgm on public.users using gin (full_name extensions.gin_trgm_ops);

-- security definer: runs inside gotrue's update of auth.users, whose role may not write public.users.
create function public.sync_last_sign_in()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.users set last_sign_in_at = new.last_sign_in_at where id = new.id;
  return new;
end;
$$;

revoke execute on function public.sync_last_sign_in() from public, anon, authenticated;

create trigger on_auth_user_signed_in
  after update of last_sign_in_at on auth.users
  for each row when (new.last_sign_in_at is distinct from old.last_sign_in_at)
  execute function public.sync_last_sign_in();

-- staff see the people behind the reviews, payments and roles they work on.
alter policy "Users see their own profile; admins see all" on public.users
  using (
    id = (select auth.uid())
    or (select public.is_admin())
    or (select cardinality(console_private.my_staff_roles()) > 0)
  );
alter policy "Users see their own profile; admins see all" on public.users
  rename to "Users see their own profile; staff and admins see all";

-- ====== console.my_access ======

create function console.my_access()
returns table (user_id uuid, email text, full_name text, roles text[], capabilities text[])
language sql
stable
set search_path = ''
as $$
  select u.id, u.email, u.full_name, console_private.my_staff_roles(), console_private.my_capabilities()
    from public.users u
   where u.id = auth.uid();
$$;

comment on function console.my_access() is
  'The signed-in user''s staff roles and console capabilities (both empty for someone with no console access).';

-- ====== users and access ======

create function console_private.user_roles_json(p_user_id uuid)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
           'id', ur.id, 'role', ur.role, 'organization_id', ur.organization_id,
           'organization_name', o.name, 'expires_at', ur.expires_at)
         order by ur.role, o.name nulls first), '[]')
    from public.user_roles ur
    left join public.organizations o on o.id = ur.organization_id
   where ur.user_id = p_user_id;
$$;

-- security definer: it uses the email and name indexes, which the caller's rls keeps the planner from using (like is
-- not leakproof); it returns only ids, and the caller's own query still applies rls to the rows.
create function console_private.user_ids_matching(p_search text, p_limit integer)
returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform console_private.require('users.manage');
  return query execute format(
    '(select u.id from public.users u where u.email like %1$L limit %3$s)
     union
     (select u.id from public.users u where u.full_name ilike %2$L limit %3$s)
     limit %3$s',
    console_private.like_prefix(lower(p_search)),
    '%' || console_private.like_prefix(p_search),
    p_limit);
end;
$$;

comment on function console_private.user_ids_matching(text, integer) is
  'Ids of up to p_limit users whose email starts with p_search (lower-cased) or whose name contains it (users.manage).';

-- the users a search matches, or null when it matches more than search_id_limit.
create function console_private.user_search_ids(p_search text)
returns uuid[]
language plpgsql
stable
set search_path = ''
as $$
declare
  v_ids uuid[] := array(select console_private.user_ids_matching(p_search, console_private.search_id_limit() + 1));
begin
  return case when cardinality(v_ids) <= console_private.search_id_limit() then v_ids end;
end;
$$;

create function console_private.users_where(p_search text, p_role text, p_status text)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  v_where text := 'true';
  v_search text := console_private.check_text('search', p_search, 200);
  v_ids uuid[];
begin
  if p_status is not null and p_status not in ('active', 'inactive', 'suspended') then
    perform console_private.invalid('status', 'must be active, inactive or suspended');
  end if;
  if p_role is not null and p_role not in ('admin', 'instructor', 'expert', 'client', 'user', 'moderator', 'finance', 'leadership') then
    perform console_private.invalid('role', format('unknown role "%s"', p_role));
  end if;
  if v_search is not null then
    v_ids := console_private.user_search_ids(v_search);
  end if;
  if v_ids is not null then
    v_where := v_where || format(' and u.id = any (%L::uuid[])', v_ids);
  elsif v_search is not null then
    v_where := v_where || format(
      ' and (u.email like %L or u.full_name ilike %L)',
      console_private.like_prefix(lower(v_search)),
      '%' || console_private.like_prefix(v_search));
  end if;
  if p_status is not null then
    v_where := v_where || format(' and u.status = %L', p_status);
  end if;
  if p_role is not null then
    v_where := v_where || format(
      ' and exists (select 1 from public.user_roles r where r.user_id = u.id and r.role = %L'
      ' and (r.expires_at is null or r.expires_at > now()))', p_role);
  end if;
  return v_where;
end;
$$;

create function console.list_users(
  p_search text default null,
  p_role text default null,
  p_status text default null,
  p_sort text default 'created_at',
  p_desc boolean default true,
  p_after jsonb default null,
  p_limit integer default 50
)
returns table (
  id uuid, email text, full_name text, company_name text, status text, roles jsonb,
  last_sign_in_at timestamptz, created_at timestamptz, cursor jsonb
)
language plpgsql
stable
set search_path = ''
as $$
declare
  v_col text;
  v_cmp text := case when p_desc then '<' else '>' end;
  v_dir text := case when p_desc then 'desc' else 'asc' end;
  v_where text;
begin
  perform console_private.require('users.manage');
  v_col := case p_sort
    when 'created_at' then 'u.created_at'
    when 'email' then 'u.email'
    when 'full_name' then 'coalesce(u.full_name, '''')'
    when 'last_sign_in_at' then 'coalesce(u.last_sign_in_at, ''-infinity''::timestamptz)'
  end;
  if v_col is null then
    perform console_private.invalid('sort', 'must be one of created_at, email, full_name, last_sign_in_at');
  end if;
  v_where := console_private.users_where(p_search, p_role, p_status);
  if p_after is not null then
    if jsonb_typeof(p_after) <> 'object' or not (p_after ? 'v' and p_after ? 'id') then
      perform console_private.invalid('after', 'is not a cursor returned by this list');
    end if;
    v_where := v_where || format(' and (%s, u.id) %s (%L::%s, %L::uuid)', v_col, v_cmp, p_after ->> 'v',
      case when p_sort in ('created_at', 'last_sign_in_at') then 'timestamptz' else 'text' end, p_after ->> 'id');
  end if;
  return query execute format(
    'select u.id, u.email, u.full_name, u.company_name, u.status, console_private.user_roles_json(u.id),
            u.last_sign_in_at, u.created_at, jsonb_build_object(''v'', %1$s, ''id'', u.id)
       from public.users u
      where %2$s
      order by %1$s %3$s, u.id %3$s
      limit %4$s', v_col, v_where, v_dir, console_private.check_limit(p_limit));
end;
$$;

comment on function console.list_users(text, text, text, text, boolean, jsonb, integer) is
  'Users with their roles (users.manage): search by email/name, filter by role and status, keyset pages.';

create function console.count_users(p_search text default null, p_role text default null, p_status text default null)
returns table (total bigint, is_estimate boolean)
language plpgsql
stable
set search_path = ''
as $$
declare
  v_sql text;
  v_search text;
begin
  perform console_private.require('users.manage');
  v_sql := 'select 1 from public.users u where ' || console_private.users_where(p_search, p_role, p_status);
  v_search := console_private.check_text('search', p_search, 200);
  if v_search is not null and console_private.user_search_ids(v_search) is null then
    return query select * from console_private.estimate_rows(v_sql, console_private.search_id_limit() + 1);
  else
    return query select * from console_private.count_rows(v_sql);
  end if;
end;
$$;

-- changes that could remove a platform admin take this lock before anything else (even the capability check), so
-- two admins demoting each other at once are decided one after the other, each seeing the other's outcome.
create function console_private.lock_admin_changes()
returns void
language sql
set search_path = ''
as $$
  select pg_advisory_xact_lock(hashtext('console.admin_changes'));
$$;

create function console_private.assert_admins_remain(p_excluding_role_id uuid, p_excluding_user_id uuid)
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if not exists (
    select 1
      from public.user_roles ur
      join public.users u on u.id = ur.user_id
     where ur.role = 'admin'
       and ur.organization_id is null
       and (ur.expires_at is null or ur.expires_at > now())
       and u.status = 'active'
       and ur.id is distinct from p_excluding_role_id
       and ur.user_id is distinct from p_excluding_user_id
  ) then
    raise exception 'the last active platform admin cannot be removed'
      using errcode = 'P0001', hint = 'Grant admin to someone else first.';
  end if;
end;
$$;

create function console.grant_role(
  p_user_id uuid,
  p_role text,
  p_organization_id uuid default null,
  p_expires_at timestamptz default null,
  p_reason text default null
)
returns table (id uuid, user_id uuid, role text, organization_id uuid, expires_at timestamptz)
language plpgsql
set search_path = ''
as $$
declare
  v_row public.user_roles;
  v_before public.user_roles;
begin
  perform console_private.require('users.manage');
  if p_user_id is null then perform console_private.invalid('user_id', 'is required'); end if;
  if p_role is null or p_role not in ('admin', 'instructor', 'expert', 'client', 'user', 'moderator', 'finance', 'leadership') then
    perform console_private.invalid('role', format('unknown role "%s"', coalesce(p_role, '')));
  end if;
  if p_expires_at is not null and p_expires_at <= now() then
    perform console_private.invalid('expires_at', 'must be in the future');
  end if;
  if p_role in ('moderator', 'finance', 'leadership') and p_organization_id is not null then
    perform console_private.invalid('organization_id', format('%s is a platform-wide staff role and takes no organization', p_role));
  end if;
  if not exists (select 1 from public.users u where u.id = p_user_id) then
    raise exception 'user % not found', p_user_id
      using errcode = 'P0002', detail = json_build_object('entity', 'user', 'id', p_user_id)::text;
  end if;
  if p_organization_id is not null and not exists (select 1 from public.organizations o where o.id = p_organization_id) then
    perform console_private.invalid('organization_id', 'no such organization');
  end if;

  select * into v_before from public.user_roles ur
   where ur.user_id = p_user_id and ur.role = p_role and ur.organization_id is not distinct from p_organization_id
   for update;
  if found then
    -- granting again renews the existing assignment (new expiry), keeping one row per role and organization.
    update public.user_roles ur set expires_at = p_expires_at, granted_by = auth.uid()
     where ur.id = v_before.id returning * into v_row;
  else
    insert into public.user_roles (user_id, role, organization_id, expires_at, granted_by)
    values (p_user_id, p_role, p_organization_id, p_expires_at, auth.uid())
    returning * into v_row;
  end if;

  perform console_private.audit('role.grant', 'user', p_user_id::text,
    case when v_before.id is null then null else to_jsonb(v_before) end, to_jsonb(v_row),
    console_private.check_text('reason', p_reason, 2000));
  return query select v_row.id, v_row.user_id, v_row.role, v_row.organization_id, v_row.expires_at;
end;
$$;

comment on function console.grant_role(uuid, text, uuid, timestamptz, text) is
  'Grants (or renews, with a new expiry) a role, optionally for an organization (users.manage). Audited.';

create function console.revoke_role(p_role_id uuid, p_reason text default null)
returns void
language plpgsql
set search_path = ''
as $$
declare
  v_role public.user_roles;
begin
  perform console_private.lock_admin_changes();
  perform console_private.require('users.manage');
  select * into v_role from public.user_roles ur where ur.id = p_role_id;
  if not found then
    raise exception 'role assignment % not found', p_role_id
      using errcode = 'P0002', detail = json_build_object('entity', 'user_role', 'id', p_role_id)::text;
  end if;
  if v_role.role = 'admin' and v_role.organization_id is null then
    if v_role.user_id = auth.uid() then
      raise exception 'you cannot remove your own admin role'
        using errcode = 'P0001', hint = 'Another admin has to do it.';
    end if;
    perform console_private.assert_admins_remain(v_role.id, null);
  end if;
  delete from public.user_roles ur where ur.id = p_role_id;
  perform console_private.audit('role.revoke', 'user', v_role.user_id::text, to_jsonb(v_role), null,
    console_private.check_text('reason', p_reason, 2000));
end;
$$;

comment on function console.revoke_role(uuid, text) is
  'Revokes a role assignment (users.manage). Refuses your own admin role and the last platform admin. Audited.';

create function console.set_user_status(p_user_id uuid, p_status text, p_reason text default null)
returns table (id uuid, status text)
language plpgsql
set search_path = ''
as $$
declare
  v_before public.users;
  v_after public.users;
begin
  perform console_private.lock_admin_changes();
  perform console_private.require('users.manage');
  if p_status is null or p_status not in ('active', 'inactive', 'suspended') then
    perform console_private.invalid('status', 'must be active, inactive or suspended');
  end if;
  select * into v_before from public.users u where u.id = p_user_id for update;
  if not found then
    raise exception 'user % not found', p_user_id
      using errcode = 'P0002', detail = json_build_object('entity', 'user', 'id', p_user_id)::text;
  end if;
  if p_status <> 'active' then
    if p_user_id = auth.uid() then
      raise exception 'you cannot suspend or deactivate yourself' using errcode = 'P0001';
    end if;
    if public.has_role(p_user_id, 'admin') then
      perform console_private.assert_admins_remain(null, p_user_id);
    end if;
  end if;
  update public.users u set status = p_status where u.id = p_user_id returning * into v_after;
  perform console_private.audit('user.set_status', 'user', p_user_id::text,
    jsonb_build_object('status', v_before.status), jsonb_build_object('status', v_after.status),
    console_private.check_text('reason', p_reason, 2000));
  return query select v_after.id, v_after.status;
end;
$$;

comment on function console.set_user_status(uuid, text, text) is
  'Suspends, deactivates or reactivates a user (users.manage). Refuses yourself and the last admin. Audited.';

create function console.update_setting(p_key text, p_value jsonb, p_reason text default null)
returns table (key text, value jsonb)
language plpgsql
set search_path = ''
as $$
declare
  v_before jsonb;
begin
  perform console_private.require('settings.manage');
  select s.value into v_before from console.settings s where s.key = p_key for update;
  if not found then
    perform console_private.invalid('key', format('unknown setting "%s"', coalesce(p_key, '')));
  end if;
  if jsonb_typeof(p_value) <> 'number' or (p_value)::numeric < 0
     or (p_key <> 'refund_approval_threshold' and (p_value)::numeric <> trunc((p_value)::numeric))
     or (p_key in ('trend_min_responses', 'count_exact_limit') and (p_value)::numeric < 1) then
    perform console_private.invalid('value', format('%s needs a non-negative number%s', p_key,
      case when p_key = 'refund_approval_threshold' then '' else ' (a whole number)' end));
  end if;
  update console.settings s set value = p_value, updated_by = auth.uid(), updated_at = now() where s.key = p_key;
  perform console_private.audit('setting.update', 'setting', p_key, v_before, p_value,
    console_private.check_text('reason', p_reason, 2000));
  return query select p_key, p_value;
end;
$$;

grant update (value, updated_by, updated_at) on console.settings to authenticated;
create policy "Admins change console settings"
  on console.settings for update to authenticated
  using ((select console_private.has_capability('settings.manage')))
  with check ((select console_private.has_capability('settings.manage')));

create function console.get_settings()
returns table (key text, value jsonb, description text, updated_at timestamptz, updated_by_email text)
language plpgsql
stable
set search_path = ''
as $$
begin
  perform console_private.require('audit.read_own');
  -- security invoker: rls on console.settings and public.users already lets staff read both.
  return query
    select s.key, s.value, s.description, s.updated_at, u.email
      from console.settings s
      left join public.users u on u.id = s.updated_by
     order by s.key;
end;
$$;

comment on function console.get_settings() is
  'Every console setting with its description and who changed it last (any staff role; admins change them).';

-- ====== audit log reads ======

create function console_private.audit_where(
  p_actor_id uuid, p_action text, p_entity text, p_entity_id text, p_from timestamptz, p_to timestamptz
)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_where text := 'true';
begin
  if p_from is not null and p_to is not null and p_from > p_to then
    perform console_private.invalid('from', 'must not be after "to"');
  end if;
  if p_actor_id is not null then v_where := v_where || format(' and a.actor_id = %L', p_actor_id); end if;
  if p_action is not null then
    v_where := v_where || format(' and a.action = %L', console_private.check_text('action', p_action, 100));
  end if;
  if p_entity is not null then
    v_where := v_where || format(' and a.entity = %L', console_private.check_text('entity', p_entity, 100));
  end if;
  if p_entity_id is not null then
    v_where := v_where || format(' and a.entity_id = %L', console_private.check_text('entity_id', p_entity_id, 200));
  end if;
  if p_from is not null then v_where := v_where || format(' and a.occurred_at >= %L', p_from); end if;
  if p_to is not null then v_where := v_where || format(' and a.occurred_at < %L', p_to); end if;
  return v_where;
end;
$$;

create function console.list_audit(
  p_actor_id uuid default null,
  p_action text default null,
  p_entity text default null,
  p_entity_id text default null,
  p_from timestamptz default null,
  p_to timestamptz default null,
  p_desc boolean default true,
  p_after jsonb default null,
  p_limit integer default 50
)
returns table (
  id bigint, occurred_at timestamptz, actor_id uuid, actor_email text, action text, entity text,
  entity_id text, before jsonb, after jsonb, reason text, cursor jsonb
)
language plpgsql
stable
set search_path = ''
as $$
declare
  v_where text;
begin
  perform console_private.require('audit.read_own');
  v_where := console_private.audit_where(p_actor_id, p_action, p_entity, p_entity_id, p_from, p_to);
  if p_after is not null then
    if jsonb_typeof(p_after) <> 'object' or not (p_after ? 'v' and p_after ? 'id') then
      perform console_private.invalid('after', 'is not a cursor returned by this list');
    end if;
    v_where := v_where || format(' and (a.occurred_at, a.id) %s (%L::timestamptz, %L::bigint)',
      case when p_desc then '<' else '>' end, p_after ->> 'v', p_after ->> 'id');
  end if;
  -- rls limits the rows to the caller's own unless they may read the whole log.
  return query execute format(
    'select a.id, a.occurred_at, a.actor_id, a.actor_email, a.action, a.entity, a.entity_id, a.before, a.after,
            a.reason, jsonb_build_object(''v'', a.occurred_at, ''id'', a.id)
       from console.audit_log a
      where %1$s
      order by a.occurred_at %2$s, a.id %2$s
      limit %3$s', v_where, case when p_desc then 'desc' else 'asc' end, console_private.check_limit(p_limit));
end;
$$;

comment on function console.list_audit(uuid, text, text, text, timestamptz, timestamptz, boolean, jsonb, integer) is
  'Audit entries (admins: all; other staff: their own), filtered by actor, action, entity and time; keyset pages.';

create function console.count_audit(
  p_actor_id uuid default null,
  p_action text default null,
  p_entity text default null,
  p_entity_id text default null,
  p_from timestamptz default null,
  p_to timestamptz default null
)
returns table (total bigint, is_estimate boolean)
language plpgsql
stable
set search_path = ''
as $$
begin
  perform console_private.require('audit.read_own');
  return query select * from console_private.count_rows('select 1 from console.audit_log a where '
    || console_private.audit_where(p_actor_id, p_action, p_entity, p_entity_id, p_from, p_to));
end;
$$;

-- ====== grants ======

revoke execute on all functions in schema console from public, anon;
revoke execute on all functions in schema console_private from public, anon;
grant execute on all functions in schema console to authenticated, service_role;
grant execute on all functions in schema console_private to authenticated, service_role;
revoke execute on function console_private.audit_log_is_append_only() from authenticated, service_role;

-- ====== rollback ======
-- alter policy "Users see their own profile; staff and admins see all" on public.users
--   rename to "Users see their own profile; admins see all";
-- alter policy "Users see their own profile; admins see all" on public.users
--   using (id = (select auth.uid()) or (select public.is_admin()));
-- drop index if exists public.idx_users_full_name_trgm;
-- drop index if exists public.idx_users_email_prefix;
-- drop extension if exists pg_trgm;
-- drop index if exists public.idx_users_last_sign_in_at_id;
-- drop index if exists public.idx_users_full_name_id;
-- drop index if exists public.idx_users_created_at_id;
-- drop trigger if exists on_auth_user_signed_in on auth.users;
-- drop function if exists public.sync_last_sign_in();
-- alter table public.users drop column if exists last_sign_in_at;
-- drop schema if exists console cascade;
-- drop schema if exists console_private cascade;
-- delete from public.user_roles where role in ('moderator', 'finance', 'leadership');
-- alter table public.user_roles drop constraint if exists user_roles_staff_roles_platform_wide;
-- alter table public.user_roles drop constraint if exists user_roles_role_check;
-- alter table public.user_roles add constraint user_roles_role_check
--   check (role in ('admin', 'instructor', 'expert', 'client', 'user'));
