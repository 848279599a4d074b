-- 001_create_users_and_roles.sql
--
-- what: the identity layer of HumanGlue: organizations, user profiles (public.users, one per auth.users row,
-- created by a trigger on sign-up), role assignments (public.user_roles, platform-wide or per organization), the
-- role helpers every later policy calls (has_role, get_user_roles, is_admin, is_org_admin, is_org_member), the
-- shared updated_at trigger function, and the guards keeping account status/email and an organization's
-- subscription tier/status in platform admins' hands.
-- why: every other table hangs off a user, and every row-level-security policy asks "who is the caller and what may
-- they do"; the helpers answer that once, as security definer functions, so policies never recurse into
-- user_roles' own rls.
-- design: supabase/SCHEMA.md (001); style: supabase/CONVENTIONS.md.

-- ====== shared: updated_at ======

create function public.set_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

comment on function public.set_updated_at() is
  'Trigger function: keeps updated_at at the time of the last update (before update, every table).';

revoke execute on function public.set_updated_at() from public, anon, authenticated;

-- ====== organizations ======

create table public.organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(name) between 1 and 200),
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  subscription_tier text not null default 'starter'
    check (subscription_tier in ('starter', 'growth', 'enterprise')),
  subscription_status text not null default 'trialing'
    check (subscription_status in ('trialing', 'active', 'past_due', 'canceled', 'paused')),
  company_size text
    check (company_size in ('1-10', '11-50', '51-200', '201-500', '501-1000', '1001-5000', '5000+')),
  industry text,
  website text,
  settings jsonb not null default '{}' check (jsonb_typeof(settings) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

comment on table public.organizations is
  'Client companies using the platform: subscription tier and status, size, org-specific settings.';

-- slug is indexed by its unique constraint.
create index idx_organizations_subscription_tier on public.organizations (subscription_tier);
create index idx_organizations_subscription_status on public.organizations (subscription_status);

create trigger organizations_set_updated_at
  before update on public.organizations
  for each row execute function public.set_updated_at();

-- ====== users (profiles) ======

create table public.users (
  id uuid primary key references auth.users (id) on delete cascade,
  email text not null unique check (position('@' in email) > 1 and email = lower(email)),
  full_name text check (char_length(full_name) <= 200),
  avatar_url text,
  company_name text,
  job_title text,
  metadata jsonb not null default '{}' check (jsonb_typeof(metadata) = 'object'),
  status text not null default 'active' check (status in ('active', 'inactive', 'suspended')),
  last_active_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

comment on table public.users is
  'User profiles: one per auth.users login (same id), created by the on_auth_user_created trigger.';

-- id (the FK to auth.users) is the primary key; email is indexed by its unique constraint.
create index idx_users_status on public.users (status);

create trigger users_set_updated_at
  before update on public.users
  for each row execute function public.set_updated_at();

-- ====== user_roles ======

create table public.user_roles (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  role text not null check (role in ('admin', 'instructor', 'expert', 'client', 'user')),
  organization_id uuid references public.organizations (id) on delete cascade,
  granted_by uuid references public.users (id) on delete set null,
  expires_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint user_roles_user_id_role_organization_id_key unique nulls not distinct (user_id, role, organization_id)
);

comment on table public.user_roles is
  'Role assignments (RBAC). admin with no organization = platform admin; admin with an organization = org admin; '
  'any role with an organization = org member. A role counts while expires_at is null or in the future.';

-- user_id leads the unique constraint's index.
create index idx_user_roles_organization_id on public.user_roles (organization_id);
create index idx_user_roles_granted_by on public.user_roles (granted_by);

create trigger user_roles_set_updated_at
  before update on public.user_roles
  for each row execute function public.set_updated_at();

-- ====== role helpers ======

-- security definer: policies call it and it must read user_roles without recursing into user_roles' rls.
create function public.is_admin()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
      from public.user_roles ur
     where ur.user_id = auth.uid()
       and ur.role = 'admin'
       and ur.organization_id is null
       and (ur.expires_at is null or ur.expires_at > now())
  );
$$;

comment on function public.is_admin() is
  'True when the caller (auth.uid()) is a platform admin: an unexpired admin role with no organization.';

-- security definer: policies call it and it must read user_roles without recursing into user_roles' rls.
create function public.is_org_admin(p_org_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
      from public.user_roles ur
     where ur.user_id = auth.uid()
       and ur.role = 'admin'
       and ur.organization_id = p_org_id
       and (ur.expires_at is null or ur.expires_at > now())
  );
$$;

comment on function public.is_org_admin(uuid) is
  'True when the caller has an unexpired admin role for that organization.';

-- security definer: policies call it and it must read user_roles without recursing into user_roles' rls.
create function public.is_org_member(p_org_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
      from public.user_roles ur
     where ur.user_id = auth.uid()
       and ur.organization_id = p_org_id
       and (ur.expires_at is null or ur.expires_at > now())
  );
$$;

comment on function public.is_org_member(uuid) is
  'True when the caller has any unexpired role for that organization.';

-- security definer: policies call it and it must read user_roles without recursing into user_roles' rls.
create function public.has_role(p_user_id uuid, p_role text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
      from public.user_roles ur
     where ur.user_id = p_user_id
       and ur.role = p_role
       and (ur.expires_at is null or ur.expires_at > now())
  )
  and (
    -- who may ask: the user about themselves, service_role or the owner (not an api role), a platform admin.
    p_user_id = auth.uid()
    or coalesce(nullif(current_setting('role', true), 'none'), session_user::text) not in ('anon', 'authenticated')
    or public.is_admin()
  );
$$;

comment on function public.has_role(uuid, text) is
  'True when the user has an unexpired role of that name (any organization). Callers may ask only about '
  'themselves unless platform admin or service_role; otherwise the answer is false.';

-- security definer: policies call it and it must read user_roles without recursing into user_roles' rls.
create function public.get_user_roles(p_user_id uuid)
returns table (role text, organization_id uuid)
language sql
stable
security definer
set search_path = ''
as $$
  select ur.role, ur.organization_id
    from public.user_roles ur
   where ur.user_id = p_user_id
     and (ur.expires_at is null or ur.expires_at > now())
     and (
       p_user_id = auth.uid()
       or coalesce(nullif(current_setting('role', true), 'none'), session_user::text) not in ('anon', 'authenticated')
       or public.is_admin()
     )
   order by ur.role, ur.organization_id nulls first;
$$;

comment on function public.get_user_roles(uuid) is
  'The user''s unexpired roles with their organization (null = platform-wide). Callers may ask only about '
  'themselves unless platform admin or service_role; otherwise no rows.';

revoke execute on function public.is_admin() from public, anon, authenticated;
revoke execute on function public.is_org_admin(uuid) from public, anon, authenticated;
revoke execute on function public.is_org_member(uuid) from public, anon, authenticated;
revoke execute on function public.has_role(uuid, text) from public, anon, authenticated;
revoke execute on function public.get_user_roles(uuid) from public, anon, authenticated;
grant execute on function public.is_admin() to authenticated;
grant execute on function public.is_org_admin(uuid) to authenticated;
grant execute on function public.is_org_member(uuid) to authenticated;
grant execute on function public.has_role(uuid, text) to authenticated;
grant execute on function public.get_user_roles(uuid) to authenticated;

-- ====== profile creation on sign-up ======

-- security definer: runs inside gotrue's insert into auth.users, whose role may not write public.users.
create function public.handle_new_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.users (id, email, full_name, avatar_url)
  values (
    new.id,
    lower(new.email),
    new.raw_user_meta_data ->> 'full_name',
    new.raw_user_meta_data ->> 'avatar_url'
  )
  on conflict (id) do nothing;
  return new;
end;
$$;

comment on function public.handle_new_user() is
  'Trigger function (after insert on auth.users): creates the public.users profile from the login''s email and '
  'raw_user_meta_data (full_name, avatar_url).';

revoke execute on function public.handle_new_user() from public, anon, authenticated;

create trigger on_auth_user_created
  after insert on auth.users
  for each row execute function public.handle_new_user();

-- ====== guards ======

-- security invoker: it only inspects the row being written.
create function public.users_guard()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user not in ('anon', 'authenticated') or (select public.is_admin()) then
    return new;
  end if;
  if new.status is distinct from old.status then
    raise exception 'only an administrator may change users.status (from "%" to "%")', old.status, new.status
      using errcode = 'P0001', hint = 'Ask a platform administrator to change the account status.';
  end if;
  if new.email is distinct from old.email then
    raise exception 'only an administrator may change users.email (from "%" to "%")', old.email, new.email
      using errcode = 'P0001', hint = 'The email follows the login; ask a platform administrator.';
  end if;
  return new;
end;
$$;

comment on function public.users_guard() is
  'Trigger function (before update on users): status and email change only by a platform admin.';

revoke execute on function public.users_guard() from public, anon, authenticated;

create trigger users_guard
  before update on public.users
  for each row execute function public.users_guard();

-- security invoker: it only inspects the row being written.
create function public.organizations_guard()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user not in ('anon', 'authenticated') or (select public.is_admin()) then
    return new;
  end if;
  if new.subscription_tier is distinct from old.subscription_tier then
    raise exception 'only a platform administrator may change organizations.subscription_tier (from "%" to "%")',
      old.subscription_tier, new.subscription_tier
      using errcode = 'P0001', hint = 'Plan changes go through billing; ask a platform administrator.';
  end if;
  if new.subscription_status is distinct from old.subscription_status then
    raise exception 'only a platform administrator may change organizations.subscription_status (from "%" to "%")',
      old.subscription_status, new.subscription_status
      using errcode = 'P0001', hint = 'The subscription status follows billing; ask a platform administrator.';
  end if;
  return new;
end;
$$;

comment on function public.organizations_guard() is
  'Trigger function (before update on organizations): subscription_tier and subscription_status change only by a '
  'platform admin (org admins keep name, settings and the other profile columns).';

revoke execute on function public.organizations_guard() from public, anon, authenticated;

create trigger organizations_guard
  before update on public.organizations
  for each row execute function public.organizations_guard();

-- ====== row-level security ======

alter table public.organizations enable row level security;
alter table public.users enable row level security;
alter table public.user_roles enable row level security;

revoke all on public.organizations from anon, authenticated;
revoke all on public.users from anon, authenticated;
revoke all on public.user_roles from anon, authenticated;
grant select, insert, update, delete on public.organizations to authenticated;
grant select, insert, update, delete on public.users to authenticated;
grant select, insert, update, delete on public.user_roles to authenticated;

-- organizations
create policy "Members see their organizations; admins see all"
  on public.organizations for select to authenticated
  using (public.is_org_member(id) or (select public.is_admin()));

create policy "Admins create organizations"
  on public.organizations for insert to authenticated
  with check ((select public.is_admin()));

create policy "Org admins update their organization; admins update any"
  on public.organizations for update to authenticated
  using (public.is_org_admin(id) or (select public.is_admin()))
  with check (public.is_org_admin(id) or (select public.is_admin()));

create policy "Admins delete organizations"
  on public.organizations for delete to authenticated
  using ((select public.is_admin()));

-- users
create policy "Users see their own profile; admins see all"
  on public.users for select to authenticated
  using (id = (select auth.uid()) or (select public.is_admin()));

create policy "Users create their own profile; admins create any"
  on public.users for insert to authenticated
  with check (id = (select auth.uid()) or (select public.is_admin()));

create policy "Users update their own profile; admins update any"
  on public.users for update to authenticated
  using (id = (select auth.uid()) or (select public.is_admin()))
  with check (id = (select auth.uid()) or (select public.is_admin()));

create policy "Admins delete profiles"
  on public.users for delete to authenticated
  using ((select public.is_admin()));

-- user_roles
create policy "Users see their own roles; admins see all"
  on public.user_roles for select to authenticated
  using (user_id = (select auth.uid()) or (select public.is_admin()));

create policy "Admins grant roles"
  on public.user_roles for insert to authenticated
  with check ((select public.is_admin()));

create policy "Admins change roles"
  on public.user_roles for update to authenticated
  using ((select public.is_admin()))
  with check ((select public.is_admin()));

create policy "Admins revoke roles"
  on public.user_roles for delete to authenticated
  using ((select public.is_admin()));

-- ====== rollback ======
-- drop trigger if exists on_auth_user_created on auth.users;
-- drop function if exists public.handle_new_user();
-- drop table if exists public.user_roles;
-- drop table if exists public.users;
-- drop table if exists public.organizations;
-- drop function if exists public.organizations_guard();
-- drop function if exists public.users_guard();
-- drop function if exists public.get_user_roles(uuid);
-- drop function if exists public.has_role(uuid, text);
-- drop function if exists public.is_org_member(uuid);
-- drop function if exists public.is_org_admin(uuid);
-- drop function if exists public.is_admin();
-- drop function if exists public.set_updated_at();
