-- 011_console_definer_functions.sql
--
-- what: console functions run as their owner (security definer) and are the only door to staff powers; the
-- staff-power policies 006–010 added to platform tables go, the console's own tables grant the api roles nothing,
-- and what must hold on every path (audit of a change, the last platform admin, who-columns, how a reconciliation
-- run completes, no powers for a suspended person) is enforced by triggers and helpers in the same transaction.
-- why: on a real supabase project every table of an exposed schema has rest endpoints any signed-in person can call
-- with the public key. with staff powers in policies, staff could go around the console: read small trend cells,
-- mark refunds succeeded, remove the last admin, set moderated_by to someone else, complete a run with made-up
-- counts, change settings, all unaudited (issue 12).
-- design: supabase/CONSOLE-API.md, "where each guarantee is enforced".
-- applied by the supabase cli as one implicit transaction: no explicit transaction control, no locks by statement,
-- nothing that needs a superuser.

-- ====== role helpers: a suspended or inactive person holds no role ======

-- the seed document's helpers answer as before for active users; a suspended or inactive user holds no role on any
-- path (policies, guards, console functions), so a suspended admin is no longer covered by the admin override.

-- security definer: policies call it and it must read user_roles without recursing into user_roles' rls.
create or replace function public.is_admin()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
      from public.user_roles ur
      join public.users u on u.id = ur.user_id
     where ur.user_id = auth.uid()
       and ur.role = 'admin'
       and ur.organization_id is null
       and (ur.expires_at is null or ur.expires_at > now())
       and u.status = 'active'
  );
$$;

comment on function public.is_admin() is
  'True when the caller (auth.uid()) is an active platform admin: an unexpired admin role with no organization, '
  'held by a user whose status is active.';

-- security definer: policies call it and it must read user_roles without recursing into user_roles' rls.
create or replace function public.is_org_admin(p_org_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
      from public.user_roles ur
      join public.users u on u.id = ur.user_id
     where ur.user_id = auth.uid()
       and ur.role = 'admin'
       and ur.organization_id = p_org_id
       and (ur.expires_at is null or ur.expires_at > now())
       and u.status = 'active'
  );
$$;

comment on function public.is_org_admin(uuid) is
  'True when the caller is active and has an unexpired admin role for that organization.';

-- security definer: policies call it and it must read user_roles without recursing into user_roles' rls.
create or replace function public.is_org_member(p_org_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
      from public.user_roles ur
      join public.users u on u.id = ur.user_id
     where ur.user_id = auth.uid()
       and ur.organization_id = p_org_id
       and (ur.expires_at is null or ur.expires_at > now())
       and u.status = 'active'
  );
$$;

comment on function public.is_org_member(uuid) is
  'True when the caller is active and has any unexpired role for that organization.';

-- security definer: policies call it and it must read user_roles without recursing into user_roles' rls.
create or replace function public.has_role(p_user_id uuid, p_role text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
      from public.user_roles ur
      join public.users u on u.id = ur.user_id
     where ur.user_id = p_user_id
       and ur.role = p_role
       and (ur.expires_at is null or ur.expires_at > now())
       and u.status = 'active'
  )
  and (
    -- who may ask: the user about themselves, service_role or the owner (not an api role), a platform admin.
    p_user_id = auth.uid()
    or coalesce(nullif(current_setting('role', true), 'none'), session_user::text) not in ('anon', 'authenticated')
    or public.is_admin()
  );
$$;

comment on function public.has_role(uuid, text) is
  'True when the user is active and has an unexpired role of that name (any organization). Callers may ask only '
  'about themselves unless platform admin or service_role; otherwise the answer is false.';

-- security definer: policies call it and it must read user_roles without recursing into user_roles' rls.
create or replace function public.get_user_roles(p_user_id uuid)
returns table (role text, organization_id uuid)
language sql
stable
security definer
set search_path = ''
as $$
  select ur.role, ur.organization_id
    from public.user_roles ur
    join public.users u on u.id = ur.user_id
   where ur.user_id = p_user_id
     and (ur.expires_at is null or ur.expires_at > now())
     and u.status = 'active'
     and (
       p_user_id = auth.uid()
       or coalesce(nullif(current_setting('role', true), 'none'), session_user::text) not in ('anon', 'authenticated')
       or public.is_admin()
     )
   order by ur.role, ur.organization_id nulls first;
$$;

comment on function public.get_user_roles(uuid) is
  'The user''s unexpired roles with their organization (null = platform-wide); none while the user is suspended or '
  'inactive. Callers may ask only about themselves unless platform admin or service_role; otherwise no rows.';

-- ====== platform tables: the seed document's policies again, without staff powers ======

alter policy "Users see their own profile; staff and admins see all" on public.users
  using (id = (select auth.uid()) or (select public.is_admin()));
alter policy "Users see their own profile; staff and admins see all" on public.users
  rename to "Users see their own profile; admins see all";

alter policy "Users see approved reviews and their own; moderators and admins see all" on public.reviews
  using (status = 'approved' or user_id = (select auth.uid()) or (select public.is_admin()));
alter policy "Users see approved reviews and their own; moderators and admins see all" on public.reviews
  rename to "Users see approved reviews and their own; admins see all";

alter policy "Authors edit reviews, the reviewed respond; moderators and admins update any" on public.reviews
  using (
    user_id = (select auth.uid())
    or expert_id = (select auth.uid())
    or exists (
      select 1 from public.workshops w where w.id = workshop_id and w.instructor_id = (select auth.uid())
    )
    or exists (
      select 1 from public.engagements e where e.id = engagement_id and e.expert_id = (select auth.uid())
    )
    or (select public.is_admin())
  )
  with check (
    user_id = (select auth.uid())
    or expert_id = (select auth.uid())
    or exists (
      select 1 from public.workshops w where w.id = workshop_id and w.instructor_id = (select auth.uid())
    )
    or exists (
      select 1 from public.engagements e where e.id = engagement_id and e.expert_id = (select auth.uid())
    )
    or (select public.is_admin())
  );
alter policy "Authors edit reviews, the reviewed respond; moderators and admins update any" on public.reviews
  rename to "Authors edit reviews, the reviewed respond; admins update any";

alter policy "Users see own payments, members their org's; finance sees all" on public.payments
  using (
    user_id = (select auth.uid())
    or (organization_id is not null and public.is_org_member(organization_id))
    or (select public.is_admin())
  );
alter policy "Users see own payments, members their org's; finance sees all" on public.payments
  rename to "Users see own payments, members their org's; admins see all";

alter policy "Members see their organizations; admins see all" on public.organizations
  using (public.is_org_member(id) or (select public.is_admin()));

-- the refund ledger is written only by console functions (and service_role); payers read their own refunds and the
-- admin override reads every one.
drop policy "Finance and admins record refunds" on public.payment_refunds;
drop policy "Finance and admins move refunds through their lifecycle" on public.payment_refunds;
revoke insert, update on public.payment_refunds from authenticated;
alter policy "Finance and admins see every refund; payers the refunds of their own payments" on public.payment_refunds
  using (
    exists (select 1 from public.payments p where p.id = payment_id and p.user_id = (select auth.uid()))
    or (select public.is_admin())
  );
alter policy "Finance and admins see every refund; payers the refunds of their own payments" on public.payment_refunds
  rename to "Payers see the refunds of their own payments; admins see all";

-- 005's review guard again: staff no longer write reviews directly (console functions run as the owner, which the
-- guard lets through), and an invoker trigger must not call console_private, which authenticated can no longer use.
-- security invoker: it only inspects the row being written (and the caller's own workshops and engagements).
create or replace function public.reviews_guard()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_uid uuid := auth.uid();
  v_is_author boolean;
  v_is_target boolean;
  v_content_changed boolean := false;
  v_column text;
begin
  if current_user not in ('anon', 'authenticated') or (select public.is_admin()) then
    return new;
  end if;

  if tg_op = 'INSERT' then
    if new.helpful_count <> 0 or new.not_helpful_count <> 0 then
      raise exception 'reviews.helpful_count and reviews.not_helpful_count start at 0 (got % and %)',
        new.helpful_count, new.not_helpful_count
        using errcode = 'P0001';
    end if;
    if new.response_text is not null or new.response_by is not null or new.responded_at is not null then
      raise exception 'a new review cannot carry a response (reviews.response_text)'
        using errcode = 'P0001', hint = 'The reviewed instructor or expert responds once the review is published.';
    end if;
    return new;
  end if;

  v_is_author := old.user_id = v_uid;
  v_is_target := old.expert_id = v_uid
    or exists (select 1 from public.workshops w where w.id = old.workshop_id and w.instructor_id = v_uid)
    or exists (select 1 from public.engagements e where e.id = old.engagement_id and e.expert_id = v_uid);

  for v_column in
    select n.key
      from jsonb_each(to_jsonb(new)) n
     where n.value is distinct from (to_jsonb(old) -> n.key)
       and n.key <> 'updated_at'
     order by n.key
  loop
    if v_column in ('title', 'rating', 'review_text', 'content_quality_rating', 'delivery_rating', 'value_rating',
                    'impact_rating') and v_is_author then
      v_content_changed := true;
      continue;
    elsif v_column = 'response_text' and v_is_target then
      continue;
    elsif v_column in ('status', 'helpful_count', 'not_helpful_count', 'verified_purchase') then
      raise exception 'only an administrator may change reviews.%', v_column
        using errcode = 'P0001';
    end if;
    raise exception 'you may not change reviews.%', v_column
      using errcode = 'P0001',
            hint = 'The author may edit title, rating, review_text and the detailed ratings; the reviewed '
                   'instructor or expert may only write response_text.';
  end loop;

  if v_content_changed then
    -- an edited review goes back to moderation.
    new.status := 'pending';
  end if;
  if new.response_text is distinct from old.response_text then
    new.response_by := case when new.response_text is null then null else v_uid end;
    new.responded_at := case when new.response_text is null then null else now() end;
  end if;
  return new;
end;
$$;

comment on function public.reviews_guard() is
  'Trigger function (before insert or update on reviews): the author edits only the text and ratings (the review '
  'returns to pending); the reviewed instructor or expert writes only response_text (response_by and responded_at '
  'set here); status, counts and verified_purchase are admin-only.';

-- ====== console tables: no direct access for the api roles ======

-- the functions are the only door; every grant to anon or authenticated on a console table would have to be listed
-- in supabase/api-grants.allow with its reason (none is today). rls stays enabled, with no policy, as a second wall.
drop policy "Staff read console settings" on console.settings;
drop policy "Admins change console settings" on console.settings;
drop policy "Admins read the whole audit log; staff read their own entries" on console.audit_log;
drop policy "Moderators read review decisions" on console.review_decisions;
drop policy "Moderators record their own decisions" on console.review_decisions;
drop policy "Moderators mark decisions undone" on console.review_decisions;
drop policy "Reconciliation staff read runs" on console.reconciliation_runs;
drop policy "Reconciliation staff start their own runs" on console.reconciliation_runs;
drop policy "Open runs change only by their creator or an admin" on console.reconciliation_runs;
drop policy "Reconciliation staff read staged rows" on console.reconciliation_rows;
drop policy "Rows are staged only into the caller's open runs" on console.reconciliation_rows;
drop policy "Staged rows are cleared only from the caller's open runs" on console.reconciliation_rows;
drop policy "Reconciliation staff read items" on console.reconciliation_items;
drop policy "Items are written only while finishing the caller's open run" on console.reconciliation_items;
drop policy "Trend readers read the assessment rollup" on console.assessment_monthly;
drop policy "Trend readers read the platform rollup" on console.assessment_monthly_platform;

revoke all on console.settings, console.audit_log, console.review_decisions, console.reconciliation_runs,
  console.reconciliation_rows, console.reconciliation_items, console.assessment_monthly,
  console.assessment_monthly_platform
  from anon, authenticated;

-- console_private is not exposed and nothing executed as an api role calls it any more (definer functions and
-- definer triggers run as the owner).
revoke usage on schema console_private from authenticated;

-- ====== the audit log names the database role too ======

alter table console.audit_log
  add column actor_role text not null default coalesce(nullif(current_setting('role', true), 'none'), session_user::text);

comment on column console.audit_log.actor_role is
  'The database role that made the change (authenticated, service_role, postgres, …): the actor when there is no '
  'signed-in user (actor_id null).';

-- ====== who is calling: a console function, or a direct write ======

-- true when a plpgsql function of schema console (or the one named) is on the call stack. the stack is the
-- server's own, so no client can fake it; console functions audit and stamp their writes themselves.
create function console_private.inside_console_function(p_function text default null)
returns boolean
language plpgsql
stable
set search_path = ''
as $$
declare
  v_stack text;
begin
  get diagnostics v_stack = pg_context;
  return position(format('PL/pgSQL function console.%s', coalesce(p_function || '(', '')) in v_stack) > 0;
end;
$$;

comment on function console_private.inside_console_function(text) is
  'True when a PL/pgSQL function of schema console (p_function: that one) is on the call stack; triggers use it to '
  'tell a console function''s write from a direct one.';

-- ====== audit of direct writes ======

-- security definer: it writes the audit log, which no api role may write, and reads the actor's email.
create function console_private.audit_direct_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_entity text := tg_argv[0];
  v_id_column text := tg_argv[1];
  v_old jsonb;
  v_new jsonb;
  v_entity_id text;
begin
  if console_private.inside_console_function() then
    return null; -- the console function writes its own entry, with its action and reason.
  end if;
  if tg_level = 'STATEMENT' then
    insert into console.audit_log (actor_id, actor_email, action, entity, entity_id, before, after)
    values (auth.uid(), (select u.email from public.users u where u.id = auth.uid()),
            v_entity || '.direct_truncate', v_entity, null, null, null);
    return null;
  end if;
  v_old := case when tg_op in ('UPDATE', 'DELETE') then to_jsonb(old) end;
  v_new := case when tg_op in ('INSERT', 'UPDATE') then to_jsonb(new) end;
  v_entity_id := coalesce(v_new, v_old) ->> v_id_column;
  if tg_table_name = 'reviews' then
    -- only the moderation fields are the console's business; the text stays out of the log.
    v_old := (select jsonb_object_agg(k, v_old -> k) from unnest(array['status', 'version', 'moderation_reason',
              'moderation_note', 'moderated_by', 'moderated_at']) k where v_old is not null);
    v_new := (select jsonb_object_agg(k, v_new -> k) from unnest(array['status', 'version', 'moderation_reason',
              'moderation_note', 'moderated_by', 'moderated_at']) k where v_new is not null);
  end if;
  insert into console.audit_log (actor_id, actor_email, action, entity, entity_id, before, after)
  values (auth.uid(), (select u.email from public.users u where u.id = auth.uid()),
          v_entity || '.direct_' || lower(tg_op), v_entity, v_entity_id, v_old, v_new);
  return null;
end;
$$;

comment on function console_private.audit_direct_change() is
  'Trigger function (after insert/update/delete/truncate): one audit entry <entity>.direct_<op> for a change made '
  'outside the console functions (admin override, service_role, the owner); actor from the jwt, else actor_role.';

create trigger payments_audit
  after insert or update or delete on public.payments
  for each row execute function console_private.audit_direct_change('payment', 'id');
create trigger payments_audit_truncate
  after truncate on public.payments
  for each statement execute function console_private.audit_direct_change('payment', 'id');

create trigger payment_refunds_audit
  after insert or update or delete on public.payment_refunds
  for each row execute function console_private.audit_direct_change('refund', 'id');

-- reviews: only changes to the moderation fields (a new review waiting for moderation is not one).
create trigger reviews_audit_insert
  after insert on public.reviews
  for each row
  when (new.status <> 'pending' or new.moderation_reason is not null or new.moderation_note is not null
        or new.moderated_by is not null or new.moderated_at is not null)
  execute function console_private.audit_direct_change('review', 'id');
create trigger reviews_audit_update
  after update on public.reviews
  for each row
  when (new.status is distinct from old.status or new.moderation_reason is distinct from old.moderation_reason
        or new.moderation_note is distinct from old.moderation_note
        or new.moderated_by is distinct from old.moderated_by or new.moderated_at is distinct from old.moderated_at)
  execute function console_private.audit_direct_change('review', 'id');
create trigger reviews_audit_delete
  after delete on public.reviews
  for each row execute function console_private.audit_direct_change('review', 'id');
create trigger reviews_audit_truncate
  after truncate on public.reviews
  for each statement execute function console_private.audit_direct_change('review', 'id');

create trigger user_roles_audit
  after insert or update or delete on public.user_roles
  for each row execute function console_private.audit_direct_change('role', 'user_id');
create trigger user_roles_audit_truncate
  after truncate on public.user_roles
  for each statement execute function console_private.audit_direct_change('role', 'user_id');

create trigger settings_audit
  after insert or update or delete on console.settings
  for each row execute function console_private.audit_direct_change('setting', 'key');
create trigger settings_audit_truncate
  after truncate on console.settings
  for each statement execute function console_private.audit_direct_change('setting', 'key');

create trigger reconciliation_runs_audit
  after insert or update or delete on console.reconciliation_runs
  for each row execute function console_private.audit_direct_change('reconciliation_run', 'id');
create trigger reconciliation_runs_audit_truncate
  after truncate on console.reconciliation_runs
  for each statement execute function console_private.audit_direct_change('reconciliation_run', 'id');

-- ====== who-columns come from auth.uid() ======

-- for a signed-in caller (jwt role authenticated or anon) writing directly, a who-column the write sets (to a value,
-- on insert, or to a new value) becomes auth.uid(), whatever the input said. console functions set them from
-- auth.uid() themselves (undo restores the previous moderator on purpose); service_role and the owner (seed,
-- imports) carry no user and keep what they write. payment_refunds' who-columns are kept by its guard (008).
-- security definer: it asks console_private whether a console function is writing, which api roles may not use.
create function console_private.stamp_who_columns()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_column text;
  v_new jsonb;
  v_old jsonb;
  v_set jsonb := '{}';
begin
  if coalesce(auth.role(), '') not in ('authenticated', 'anon') or console_private.inside_console_function() then
    return new;
  end if;
  v_new := to_jsonb(new);
  v_old := case when tg_op = 'UPDATE' then to_jsonb(old) else '{}'::jsonb end;
  foreach v_column in array tg_argv loop
    if v_new -> v_column <> 'null'::jsonb and (v_new -> v_column) is distinct from (v_old -> v_column) then
      v_set := v_set || jsonb_build_object(v_column, auth.uid());
    end if;
  end loop;
  if v_set <> '{}' then
    new := jsonb_populate_record(new, v_set);
  end if;
  return new;
end;
$$;

comment on function console_private.stamp_who_columns() is
  'Trigger function (before insert or update): who-columns (trigger arguments) that a signed-in caller''s direct '
  'write sets become auth.uid().';

create trigger reviews_who_columns
  before insert or update on public.reviews
  for each row execute function console_private.stamp_who_columns('moderated_by');
create trigger user_roles_who_columns
  before insert or update on public.user_roles
  for each row execute function console_private.stamp_who_columns('granted_by');
create trigger settings_who_columns
  before insert or update on console.settings
  for each row execute function console_private.stamp_who_columns('updated_by');
create trigger reconciliation_runs_who_columns
  before insert or update on console.reconciliation_runs
  for each row execute function console_private.stamp_who_columns('created_by');

-- ====== a reconciliation run completes only by matching ======

-- security definer: it asks console_private whether finish_reconciliation is writing, which api roles may not use.
create function console_private.reconciliation_run_guard()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.status = 'completed' and (tg_op = 'INSERT' or old.status is distinct from 'completed')
     and not console_private.inside_console_function('finish_reconciliation') then
    raise exception 'a reconciliation run is completed only by console.finish_reconciliation, which matches it'
      using errcode = 'P0001', hint = 'Stage the file''s rows and call finish_reconciliation.';
  end if;
  return new;
end;
$$;

comment on function console_private.reconciliation_run_guard() is
  'Trigger function (before insert or update on reconciliation_runs): status completed only from '
  'console.finish_reconciliation, on every path (service_role and the owner included).';

create trigger reconciliation_runs_guard
  before insert or update on console.reconciliation_runs
  for each row execute function console_private.reconciliation_run_guard();

-- ====== the last platform admin ======

-- a change that takes away an active platform admin (delete, demotion, an expiry, suspension) must leave another
-- active platform admin whose role never expires, or the platform would be left (or later left) without one.
-- security definer: it reads every admin's role and status, which the caller's rls may hide.
create function console_private.keep_a_platform_admin()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user uuid;
  v_role uuid;
begin
  if tg_table_name = 'users' then
    if not (old.status = 'active' and new.status <> 'active') then
      return null;
    end if;
    if not exists (select 1 from public.user_roles ur
                    where ur.user_id = old.id and ur.role = 'admin' and ur.organization_id is null
                      and (ur.expires_at is null or ur.expires_at > now())) then
      return null;
    end if;
    v_user := old.id;
  else
    if not (old.role = 'admin' and old.organization_id is null and (old.expires_at is null or old.expires_at > now())) then
      return null;
    end if;
    if tg_op = 'UPDATE' and new.role = 'admin' and new.organization_id is null and new.expires_at is null
       and new.user_id = old.user_id then
      return null;
    end if;
    v_role := old.id;
  end if;
  -- the same lock the console's admin changes take first: concurrent removals are decided one after the other.
  perform pg_advisory_xact_lock(hashtext('console.admin_changes'));
  if not exists (
    select 1
      from public.user_roles ur
      join public.users u on u.id = ur.user_id
     where ur.role = 'admin'
       and ur.organization_id is null
       and ur.expires_at is null
       and u.status = 'active'
       and ur.id is distinct from v_role
       and ur.user_id is distinct from v_user
  ) then
    raise exception 'the last active platform admin cannot be removed'
      using errcode = 'P0001',
            hint = 'Grant admin (without an expiry) to someone else first.';
  end if;
  return null;
end;
$$;

comment on function console_private.keep_a_platform_admin() is
  'Trigger function (after update or delete on user_roles, after update of status on users): refuses a change '
  'that would leave no active platform admin whose role never expires, on every path.';

create trigger user_roles_keep_a_platform_admin
  after update or delete on public.user_roles
  for each row execute function console_private.keep_a_platform_admin();
create trigger users_keep_a_platform_admin
  after update of status on public.users
  for each row execute function console_private.keep_a_platform_admin();

revoke execute on function
  console_private.audit_direct_change(),
  console_private.stamp_who_columns(),
  console_private.reconciliation_run_guard(),
  console_private.keep_a_platform_admin()
  from public, anon, authenticated;
revoke execute on function console_private.inside_console_function(text) from public, anon, authenticated;

-- ====== console functions run as their owner ======

-- audit entries: with no rls on the log for the owner, the filter "your own unless audit.read_all" is explicit.
create or replace function console_private.audit_where(
  p_actor_id uuid, p_action text, p_entity text, p_entity_id text, p_from timestamptz, p_to timestamptz
)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  v_where text := 'true';
begin
  if p_from is not null and p_to is not null and p_from > p_to then
    perform console_private.invalid('from', 'must not be after "to"');
  end if;
  if not console_private.has_capability('audit.read_all') then
    v_where := v_where || format(' and a.actor_id = %L::uuid', coalesce(auth.uid()::text, '00000000-0000-0000-0000-000000000000'));
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

comment on function console_private.audit_where(uuid, text, text, text, timestamptz, timestamptz) is
  'The where clause of list_audit/count_audit: the caller''s own entries unless they hold audit.read_all, then '
  'the filters.';

create or replace function console.get_settings()
returns table (key text, value jsonb, description text, updated_at timestamptz, updated_by_email text)
language plpgsql
stable
set search_path = ''
as $$
begin
  perform console_private.require('audit.read_own');
  return query
    select s.key, s.value, s.description, s.updated_at, u.email
      from console.settings s
      left join public.users u on u.id = s.updated_by
     order by s.key;
end;
$$;

-- security definer, all of them: staff powers exist only here (no staff policies on the tables), each checks its
-- capability first and takes the caller from auth.uid(). list_reviews and count_reviews already were (007).
alter function console.my_access() security definer;
alter function console.list_users(text, text, text, text, boolean, jsonb, integer) security definer;
alter function console.count_users(text, text, text) security definer;
alter function console.grant_role(uuid, text, uuid, timestamptz, text) security definer;
alter function console.revoke_role(uuid, text) security definer;
alter function console.set_user_status(uuid, text, text) security definer;
alter function console.update_setting(text, jsonb, text) security definer;
alter function console.get_settings() security definer;
alter function console.list_audit(uuid, text, text, text, timestamptz, timestamptz, boolean, jsonb, integer) security definer;
alter function console.count_audit(uuid, text, text, text, timestamptz, timestamptz) security definer;
alter function console.decide_review(text, integer, text, text, text) security definer;
alter function console.decide_reviews(jsonb, text, text, text) security definer;
alter function console.undo_review_decision(text) security definer;
alter function console.respond_to_review(text, integer, text) security definer;
alter function console.refund_payment(text, numeric, text, text, text) security definer;
alter function console.approve_refund(text) security definer;
alter function console.reject_refund(text, text) security definer;
alter function console.confirm_refund(text, text) security definer;
alter function console.fail_refund(text, text, text) security definer;
alter function console.list_payments(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text, text, boolean, jsonb, integer) security definer;
alter function console.count_payments(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text) security definer;
alter function console.payment_totals(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text) security definer;
alter function console.get_payment(text) security definer;
alter function console.list_refunds(text[], text, timestamptz, timestamptz, boolean, jsonb, integer) security definer;
alter function console.count_refunds(text[], text, timestamptz, timestamptz) security definer;
alter function console.start_reconciliation(text, text, text[]) security definer;
alter function console.add_reconciliation_rows(uuid, jsonb) security definer;
alter function console.finish_reconciliation(uuid) security definer;
alter function console.get_reconciliation_run(uuid) security definer;
alter function console.list_reconciliation_runs(text, text, uuid, boolean, jsonb, integer) security definer;
alter function console.count_reconciliation_runs(text, text, uuid) security definer;
alter function console.list_reconciliation_items(uuid, text, text, boolean, jsonb, integer) security definer;
alter function console.list_organizations(text, integer) security definer;
alter function console.org_trends(text[], integer, boolean) security definer;

-- ====== rollback ======
-- alter function console.org_trends(text[], integer, boolean) security invoker;
-- alter function console.list_organizations(text, integer) security invoker;
-- alter function console.list_reconciliation_items(uuid, text, text, boolean, jsonb, integer) security invoker;
-- alter function console.count_reconciliation_runs(text, text, uuid) security invoker;
-- alter function console.list_reconciliation_runs(text, text, uuid, boolean, jsonb, integer) security invoker;
-- alter function console.get_reconciliation_run(uuid) security invoker;
-- alter function console.finish_reconciliation(uuid) security invoker;
-- alter function console.add_reconciliation_rows(uuid, jsonb) security invoker;
-- alter function console.start_reconciliation(text, text, text[]) security invoker;
-- alter function console.count_refunds(text[], text, timestamptz, timestamptz) security invoker;
-- alter function console.list_refunds(text[], text, timestamptz, timestamptz, boolean, jsonb, integer) security invoker;
-- alter function console.get_payment(text) security invoker;
-- alter function console.payment_totals(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text) security invoker;
-- alter function console.count_payments(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text) security invoker;
-- alter function console.list_payments(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text, text, boolean, jsonb, integer) security invoker;
-- alter function console.fail_refund(text, text, text) security invoker;
-- alter function console.confirm_refund(text, text) security invoker;
-- alter function console.reject_refund(text, text) security invoker;
-- alter function console.approve_refund(text) security invoker;
-- alter function console.refund_payment(text, numeric, text, text, text) security invoker;
-- alter function console.respond_to_review(text, integer, text) security invoker;
-- alter function console.undo_review_decision(text) security invoker;
-- alter function console.decide_reviews(jsonb, text, text, text) security invoker;
-- alter function console.decide_review(text, integer, text, text, text) security invoker;
-- alter function console.count_audit(uuid, text, text, text, timestamptz, timestamptz) security invoker;
-- alter function console.list_audit(uuid, text, text, text, timestamptz, timestamptz, boolean, jsonb, integer) security invoker;
-- alter function console.get_settings() security invoker;
-- alter function console.update_setting(text, jsonb, text) security invoker;
-- alter function console.set_user_status(uuid, text, text) security invoker;
-- alter function console.revoke_role(uuid, text) security invoker;
-- alter function console.grant_role(uuid, text, uuid, timestamptz, text) security invoker;
-- alter function console.count_users(text, text, text) security invoker;
-- alter function console.list_users(text, text, text, text, boolean, jsonb, integer) security invoker;
-- alter function console.my_access() security invoker;
-- create or replace function console.get_settings()
-- returns table (key text, value jsonb, description text, updated_at timestamptz, updated_by_email text)
-- language plpgsql
-- stable
-- set search_path = ''
-- as $$
-- begin
--   perform console_private.require('audit.read_own');
--   -- security invoker: rls on console.settings and public.users already lets staff read both.
--   return query
--     select s.key, s.value, s.description, s.updated_at, u.email
--       from console.settings s
--       left join public.users u on u.id = s.updated_by
--      order by s.key;
-- end;
-- $$;
-- create or replace function console_private.audit_where(
--   p_actor_id uuid, p_action text, p_entity text, p_entity_id text, p_from timestamptz, p_to timestamptz
-- )
-- returns text
-- language plpgsql
-- immutable
-- set search_path = ''
-- as $$
-- declare
--   v_where text := 'true';
-- begin
--   if p_from is not null and p_to is not null and p_from > p_to then
--     perform console_private.invalid('from', 'must not be after "to"');
--   end if;
--   if p_actor_id is not null then v_where := v_where || format(' and a.actor_id = %L', p_actor_id); end if;
--   if p_action is not null then
--     v_where := v_where || format(' and a.action = %L', console_private.check_text('action', p_action, 100));
--   end if;
--   if p_entity is not null then
--     v_where := v_where || format(' and a.entity = %L', console_private.check_text('entity', p_entity, 100));
--   end if;
--   if p_entity_id is not null then
--     v_where := v_where || format(' and a.entity_id = %L', console_private.check_text('entity_id', p_entity_id, 200));
--   end if;
--   if p_from is not null then v_where := v_where || format(' and a.occurred_at >= %L', p_from); end if;
--   if p_to is not null then v_where := v_where || format(' and a.occurred_at < %L', p_to); end if;
--   return v_where;
-- end;
-- $$;
-- comment on function console_private.audit_where(uuid, text, text, text, timestamptz, timestamptz) is null;
-- drop trigger if exists users_keep_a_platform_admin on public.users;
-- drop trigger if exists user_roles_keep_a_platform_admin on public.user_roles;
-- drop function if exists console_private.keep_a_platform_admin();
-- drop trigger if exists reconciliation_runs_guard on console.reconciliation_runs;
-- drop function if exists console_private.reconciliation_run_guard();
-- drop trigger if exists reconciliation_runs_who_columns on console.reconciliation_runs;
-- drop trigger if exists settings_who_columns on console.settings;
-- drop trigger if exists user_roles_who_columns on public.user_roles;
-- drop trigger if exists reviews_who_columns on public.reviews;
-- drop function if exists console_private.stamp_who_columns();
-- drop trigger if exists reconciliation_runs_audit_truncate on console.reconciliation_runs;
-- drop trigger if exists reconciliation_runs_audit on console.reconciliation_runs;
-- drop trigger if exists settings_audit_truncate on console.settings;
-- drop trigger if exists settings_audit on console.settings;
-- drop trigger if exists user_roles_audit_truncate on public.user_roles;
-- drop trigger if exists user_roles_audit on public.user_roles;
-- drop trigger if exists reviews_audit_truncate on public.reviews;
-- drop trigger if exists reviews_audit_delete on public.reviews;
-- drop trigger if exists reviews_audit_update on public.reviews;
-- drop trigger if exists reviews_audit_insert on public.reviews;
-- drop trigger if exists payment_refunds_audit on public.payment_refunds;
-- drop trigger if exists payments_audit_truncate on public.payments;
-- drop trigger if exists payments_audit on public.payments;
-- drop function if exists console_private.audit_direct_change();
-- drop function if exists console_private.inside_console_function(text);
-- alter table console.audit_log drop column if exists actor_role;
-- grant usage on schema console_private to authenticated;
-- grant select on console.settings to authenticated;
-- grant update (value, updated_by, updated_at) on console.settings to authenticated;
-- grant select on console.audit_log to authenticated;
-- grant select, insert on console.review_decisions to authenticated;
-- grant update (undone_at, undone_by) on console.review_decisions to authenticated;
-- grant select, insert, update on console.reconciliation_runs to authenticated;
-- grant select, insert, delete on console.reconciliation_rows to authenticated;
-- grant select, insert on console.reconciliation_items to authenticated;
-- grant select on console.assessment_monthly to authenticated;
-- grant select on console.assessment_monthly_platform to authenticated;
-- create policy "Staff read console settings"
--   on console.settings for select to authenticated
--   using (cardinality(console_private.my_staff_roles()) > 0);
-- create policy "Admins change console settings"
--   on console.settings for update to authenticated
--   using ((select console_private.has_capability('settings.manage')))
--   with check ((select console_private.has_capability('settings.manage')));
-- create policy "Admins read the whole audit log; staff read their own entries"
--   on console.audit_log for select to authenticated
--   using (
--     (select console_private.has_capability('audit.read_all'))
--     or (actor_id = (select auth.uid()) and (select console_private.has_capability('audit.read_own')))
--   );
-- create policy "Moderators read review decisions"
--   on console.review_decisions for select to authenticated
--   using ((select console_private.has_capability('reviews.read')));
-- create policy "Moderators record their own decisions"
--   on console.review_decisions for insert to authenticated
--   with check (decided_by = (select auth.uid()) and (select console_private.has_capability('reviews.moderate')));
-- create policy "Moderators mark decisions undone"
--   on console.review_decisions for update to authenticated
--   using ((select console_private.has_capability('reviews.moderate')))
--   with check (undone_by = (select auth.uid()) and (select console_private.has_capability('reviews.moderate')));
-- create policy "Reconciliation staff read runs"
--   on console.reconciliation_runs for select to authenticated
--   using ((select console_private.has_capability('reconciliation.run')));
-- create policy "Reconciliation staff start their own runs"
--   on console.reconciliation_runs for insert to authenticated
--   with check (
--     (select console_private.has_capability('reconciliation.run'))
--     and created_by = (select auth.uid())
--     and status = 'open'
--   );
-- create policy "Open runs change only by their creator or an admin"
--   on console.reconciliation_runs for update to authenticated
--   using (id = any ((select console_private.my_open_reconciliation_runs())::uuid[]))
--   with check ((select console_private.has_capability('reconciliation.run')));
-- create policy "Reconciliation staff read staged rows"
--   on console.reconciliation_rows for select to authenticated
--   using ((select console_private.has_capability('reconciliation.run')));
-- create policy "Rows are staged only into the caller's open runs"
--   on console.reconciliation_rows for insert to authenticated
--   with check (run_id = any ((select console_private.my_open_reconciliation_runs())::uuid[]));
-- create policy "Staged rows are cleared only from the caller's open runs"
--   on console.reconciliation_rows for delete to authenticated
--   using (run_id = any ((select console_private.my_open_reconciliation_runs())::uuid[]));
-- create policy "Reconciliation staff read items"
--   on console.reconciliation_items for select to authenticated
--   using ((select console_private.has_capability('reconciliation.run')));
-- create policy "Items are written only while finishing the caller's open run"
--   on console.reconciliation_items for insert to authenticated
--   with check (run_id = any ((select console_private.my_open_reconciliation_runs())::uuid[]));
-- create policy "Trend readers read the assessment rollup"
--   on console.assessment_monthly for select to authenticated
--   using ((select console_private.has_capability('trends.read')));
-- create policy "Trend readers read the platform rollup"
--   on console.assessment_monthly_platform for select to authenticated
--   using ((select console_private.has_capability('trends.read')));
-- create or replace function public.reviews_guard()
-- returns trigger
-- language plpgsql
-- set search_path = ''
-- as $$
-- declare
--   v_uid uuid := auth.uid();
--   v_is_author boolean;
--   v_is_target boolean;
--   v_moderate boolean;
--   v_respond boolean;
--   v_content_changed boolean := false;
--   v_column text;
-- begin
--   if current_user not in ('anon', 'authenticated') or (select public.is_admin()) then
--     return new;
--   end if;
-- 
--   if tg_op = 'INSERT' then
--     if new.helpful_count <> 0 or new.not_helpful_count <> 0 then
--       raise exception 'reviews.helpful_count and reviews.not_helpful_count start at 0 (got % and %)',
--         new.helpful_count, new.not_helpful_count
--         using errcode = 'P0001';
--     end if;
--     if new.response_text is not null or new.response_by is not null or new.responded_at is not null then
--       raise exception 'a new review cannot carry a response (reviews.response_text)'
--         using errcode = 'P0001', hint = 'The reviewed instructor or expert responds once the review is published.';
--     end if;
--     return new;
--   end if;
-- 
--   v_is_author := old.user_id = v_uid;
--   v_is_target := coalesce(old.expert_id = v_uid, false)
--     or exists (select 1 from public.workshops w where w.id = old.workshop_id and w.instructor_id = v_uid)
--     or exists (select 1 from public.engagements e where e.id = old.engagement_id and e.expert_id = v_uid);
--   v_moderate := console_private.has_capability('reviews.moderate');
--   v_respond := console_private.has_capability('reviews.respond');
-- 
--   for v_column in
--     select n.key
--       from jsonb_each(to_jsonb(new)) n
--      where n.value is distinct from (to_jsonb(old) -> n.key)
--        and n.key <> 'updated_at'
--      order by n.key
--   loop
--     if v_column in ('title', 'rating', 'review_text', 'content_quality_rating', 'delivery_rating', 'value_rating',
--                     'impact_rating') and v_is_author then
--       v_content_changed := true;
--       continue;
--     elsif v_column = 'response_text' and (v_is_target or v_respond) then
--       continue;
--     elsif v_column in ('response_by', 'responded_at') and v_respond and not v_is_target
--           and new.response_text is distinct from old.response_text then
--       continue; -- set below from the response itself
--     elsif v_column in ('status', 'moderation_reason', 'moderation_note', 'moderated_by', 'moderated_at')
--           and v_moderate then
--       continue;
--     elsif v_column in ('status', 'helpful_count', 'not_helpful_count', 'verified_purchase') then
--       raise exception 'only an administrator may change reviews.%', v_column
--         using errcode = 'P0001';
--     end if;
--     raise exception 'you may not change reviews.%', v_column
--       using errcode = 'P0001',
--             hint = 'The author may edit title, rating, review_text and the detailed ratings; the reviewed '
--                    'instructor or expert may only write response_text; moderators decide status.';
--   end loop;
-- 
--   if v_content_changed then
--     -- an edited review goes back to moderation.
--     new.status := 'pending';
--   end if;
--   if new.response_text is distinct from old.response_text then
--     if v_is_target then
--       new.response_by := case when new.response_text is null then null else v_uid end;
--     else
--       -- staff answer on behalf of the reviewed instructor or expert.
--       new.response_by := case when new.response_text is null then null else (
--         select t.person_id
--           from console_private.review_target(old.review_type, coalesce(old.workshop_id, old.expert_id, old.engagement_id)) t
--       ) end;
--     end if;
--     new.responded_at := case when new.response_text is null then null else now() end;
--   end if;
--   return new;
-- end;
-- $$;
-- comment on function public.reviews_guard() is
--   'Trigger function (before insert or update on reviews): the author edits only the text and ratings (the review '
--   'returns to pending); the reviewed instructor or expert writes only response_text (response_by and responded_at '
--   'set here); staff with reviews.moderate change status and the moderation fields, staff with reviews.respond write '
--   'response_text on behalf of the reviewed person (response_by = that person); counts and verified_purchase are '
--   'admin-only.';
-- alter policy "Payers see the refunds of their own payments; admins see all" on public.payment_refunds
--   rename to "Finance and admins see every refund; payers the refunds of their own payments";
-- alter policy "Finance and admins see every refund; payers the refunds of their own payments" on public.payment_refunds
--   using (
--     (select console_private.has_capability('payments.read'))
--     or exists (select 1 from public.payments p where p.id = payment_id and p.user_id = (select auth.uid()))
--   );
-- grant insert, update on public.payment_refunds to authenticated;
-- create policy "Finance and admins record refunds"
--   on public.payment_refunds for insert to authenticated
--   with check ((select console_private.has_capability('payments.refund')));
-- create policy "Finance and admins move refunds through their lifecycle"
--   on public.payment_refunds for update to authenticated
--   using (
--     (select console_private.has_capability('payments.refund'))
--     or (select console_private.has_capability('refunds.approve'))
--   )
--   with check (
--     (select console_private.has_capability('payments.refund'))
--     or (select console_private.has_capability('refunds.approve'))
--   );
-- alter policy "Members see their organizations; admins see all" on public.organizations
--   using (
--     public.is_org_member(id)
--     or (select public.is_admin())
--     or (select console_private.has_capability('trends.read'))
--   );
-- alter policy "Users see own payments, members their org's; admins see all" on public.payments
--   using (
--     (select console_private.has_capability('payments.read'))
--     or user_id = (select auth.uid())
--     or (organization_id is not null and public.is_org_member(organization_id))
--     or (select public.is_admin())
--   );
-- alter policy "Users see own payments, members their org's; admins see all" on public.payments
--   rename to "Users see own payments, members their org's; finance sees all";
-- alter policy "Authors edit reviews, the reviewed respond; admins update any" on public.reviews
--   using (
--     user_id = (select auth.uid())
--     or expert_id = (select auth.uid())
--     or exists (
--       select 1 from public.workshops w where w.id = workshop_id and w.instructor_id = (select auth.uid())
--     )
--     or exists (
--       select 1 from public.engagements e where e.id = engagement_id and e.expert_id = (select auth.uid())
--     )
--     or (select public.is_admin())
--     or (select console_private.has_capability('reviews.moderate'))
--     or (select console_private.has_capability('reviews.respond'))
--   )
--   with check (
--     user_id = (select auth.uid())
--     or expert_id = (select auth.uid())
--     or exists (
--       select 1 from public.workshops w where w.id = workshop_id and w.instructor_id = (select auth.uid())
--     )
--     or exists (
--       select 1 from public.engagements e where e.id = engagement_id and e.expert_id = (select auth.uid())
--     )
--     or (select public.is_admin())
--     or (select console_private.has_capability('reviews.moderate'))
--     or (select console_private.has_capability('reviews.respond'))
--   );
-- alter policy "Authors edit reviews, the reviewed respond; admins update any" on public.reviews
--   rename to "Authors edit reviews, the reviewed respond; moderators and admins update any";
-- alter policy "Users see approved reviews and their own; admins see all" on public.reviews
--   using (
--     status = 'approved'
--     or user_id = (select auth.uid())
--     or (select public.is_admin())
--     or (select console_private.has_capability('reviews.read'))
--   );
-- alter policy "Users see approved reviews and their own; admins see all" on public.reviews
--   rename to "Users see approved reviews and their own; moderators and admins see all";
-- alter policy "Users see their own profile; admins see all" on public.users
--   using (
--     id = (select auth.uid())
--     or (select public.is_admin())
--     or (select cardinality(console_private.my_staff_roles()) > 0)
--   );
-- alter policy "Users see their own profile; admins see all" on public.users
--   rename to "Users see their own profile; staff and admins see all";
-- create or replace function public.get_user_roles(p_user_id uuid)
-- returns table (role text, organization_id uuid)
-- language sql
-- stable
-- security definer
-- set search_path = ''
-- as $$
--   select ur.role, ur.organization_id
--     from public.user_roles ur
--    where ur.user_id = p_user_id
--      and (ur.expires_at is null or ur.expires_at > now())
--      and (
--        p_user_id = auth.uid()
--        or coalesce(nullif(current_setting('role', true), 'none'), session_user::text) not in ('anon', 'authenticated')
--        or public.is_admin()
--      )
--    order by ur.role, ur.organization_id nulls first;
-- $$;
-- comment on function public.get_user_roles(uuid) is
--   'The user''s unexpired roles with their organization (null = platform-wide). Callers may ask only about '
--   'themselves unless platform admin or service_role; otherwise no rows.';
-- create or replace function public.has_role(p_user_id uuid, p_role text)
-- returns boolean
-- language sql
-- stable
-- security definer
-- set search_path = ''
-- as $$
--   select exists (
--     select 1
--       from public.user_roles ur
--      where ur.user_id = p_user_id
--        and ur.role = p_role
--        and (ur.expires_at is null or ur.expires_at > now())
--   )
--   and (
--     -- who may ask: the user about themselves, service_role or the owner (not an api role), a platform admin.
--     p_user_id = auth.uid()
--     or coalesce(nullif(current_setting('role', true), 'none'), session_user::text) not in ('anon', 'authenticated')
--     or public.is_admin()
--   );
-- $$;
-- comment on function public.has_role(uuid, text) is
--   'True when the user has an unexpired role of that name (any organization). Callers may ask only about '
--   'themselves unless platform admin or service_role; otherwise the answer is false.';
-- create or replace function public.is_org_member(p_org_id uuid)
-- returns boolean
-- language sql
-- stable
-- security definer
-- set search_path = ''
-- as $$
--   select exists (
--     select 1
--       from public.user_roles ur
--      where ur.user_id = auth.uid()
--        and ur.organization_id = p_org_id
--        and (ur.expires_at is null or ur.expires_at > now())
--   );
-- $$;
-- comment on function public.is_org_member(uuid) is
--   'True when the caller has any unexpired role for that organization.';
-- create or replace function public.is_org_admin(p_org_id uuid)
-- returns boolean
-- language sql
-- stable
-- security definer
-- set search_path = ''
-- as $$
--   select exists (
--     select 1
--       from public.user_roles ur
--      where ur.user_id = auth.uid()
--        and ur.role = 'admin'
--        and ur.organization_id = p_org_id
--        and (ur.expires_at is null or ur.expires_at > now())
--   );
-- $$;
-- comment on function public.is_org_admin(uuid) is
--   'True when the caller has an unexpired admin role for that organization.';
-- create or replace function public.is_admin()
-- returns boolean
-- language sql
-- stable
-- security definer
-- set search_path = ''
-- as $$
--   select exists (
--     select 1
--       from public.user_roles ur
--      where ur.user_id = auth.uid()
--        and ur.role = 'admin'
--        and ur.organization_id is null
--        and (ur.expires_at is null or ur.expires_at > now())
--   );
-- $$;
-- comment on function public.is_admin() is
--   'True when the caller (auth.uid()) is a platform admin: an unexpired admin role with no organization.';
