-- 014_console_step_up.sql
--
-- what: the actions that move money or change access need an aal2 session (a second factor verified), checked in
-- sql from the jwt, so no client can skip it: one list, console_private.step_up_actions, read by
-- console_private.require after the capability check; a refusal is sqlstate PT403 (http 403) with detail
-- {"reason": "aal2_required", "action": …}, which the app turns into a prompt for a code. reading stays aal1.
-- also: the idle-lock time as a console setting (idle_lock_minutes, default 15); console.user_factors for admins (who
-- has a second factor); and an audit entry whenever a factor is enrolled, verified or removed, on whatever path.
-- why: every session was aal1 (password only), so one stolen password was enough to refund money or grant an admin
-- role (issue 16).
-- applied by the supabase cli as one implicit transaction: no explicit transaction control, no locks by statement,
-- nothing that needs a superuser.

-- ====== which actions need a second factor ======

create table console_private.step_up_actions (
  function_name text primary key check (function_name ~ '^[a-z_]+$'),
  why text not null
);

comment on table console_private.step_up_actions is
  'The console functions that need an aal2 session (a verified second factor): console_private.require refuses them '
  'at aal1 with PT403. The one list of them; a test checks it.';

insert into console_private.step_up_actions (function_name, why) values
  ('refund_payment', 'moves money: records a refund'),
  ('approve_refund', 'moves money: releases a refund above the approval threshold'),
  ('confirm_refund', 'moves money: records that the processor paid a refund'),
  ('fail_refund', 'moves money: records that the processor refused a refund'),
  ('grant_role', 'changes access: grants a role'),
  ('revoke_role', 'changes access: revokes a role'),
  ('set_user_status', 'changes access: suspends or reactivates a person'),
  ('update_setting', 'changes how the console decides: thresholds, windows and limits');

revoke all on console_private.step_up_actions from public, anon, authenticated;

-- the capability check every console function starts with, and then the second factor for the listed ones. the
-- calling function is read from the server's own call stack (as inside_console_function does), so no argument can
-- claim to be another function.
create or replace function console_private.require(p_capability text)
returns void
language plpgsql
stable
set search_path = ''
as $$
declare
  v_roles text[];
  v_stack text;
  v_function text;
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
  get diagnostics v_stack = pg_context;
  v_function := (regexp_match(v_stack, 'PL/pgSQL function console\.([a-z_]+)\('))[1];
  if coalesce(auth.jwt() ->> 'aal', 'aal1') <> 'aal2'
     and exists (select 1 from console_private.step_up_actions a where a.function_name = v_function) then
    raise exception 'a second factor is needed: % %', v_function,
      (select a.why from console_private.step_up_actions a where a.function_name = v_function)
      using errcode = 'PT403',
            detail = json_build_object('reason', 'aal2_required', 'action', v_function)::text,
            hint = 'Verify a code from your authenticator app, then try again.';
  end if;
end;
$$;

comment on function console_private.require(text) is
  'First statement of every console function: raises 42501 naming the missing capability, then PT403 '
  '(aal2_required) when the calling function is in step_up_actions and the session has no second factor.';

-- ====== the idle lock's time ======

insert into console.settings (key, value, description) values
  ('idle_lock_minutes', '15', 'After this many idle minutes the console locks and asks for the password again.');

create or replace function console_private.setting_rules()
returns table (key text, minimum numeric, maximum numeric, decimals integer, unit text)
language sql
immutable
set search_path = ''
as $$
  values
    -- an amount, as payments are stored (numeric(12,2)).
    ('refund_approval_threshold', 0::numeric, 9999999999.99::numeric, 2, 'amount'),
    -- below 3 a month's average could show one or two people's answers.
    ('trend_min_responses', 3, 1000, 0, 'responses'),
    -- up to an hour: a decision stays undoable by its author, not indefinitely.
    ('undo_window_seconds', 0, 3600, 0, 'seconds'),
    -- an exact count of more than a million rows can run into the 8 s statement timeout.
    ('count_exact_limit', 1, 1000000, 0, 'rows'),
    -- at most four hours: an unattended console should not stay open all day.
    ('idle_lock_minutes', 1, 240, 0, 'minutes')
$$;

-- ====== who has a second factor ======

create function console.user_factors(p_user_id text)
returns table (id uuid, friendly_name text, status text, created_at timestamptz, last_challenged_at timestamptz)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_id uuid;
begin
  perform console_private.require('users.manage');
  v_id := console_private.to_uuid('user_id', p_user_id);
  -- the factors' secrets never leave auth.mfa_factors.
  return query
    select f.id, f.friendly_name, f.status::text, f.created_at, f.last_challenged_at
      from auth.mfa_factors f
     where f.user_id = v_id
     order by f.created_at, f.id;
end;
$$;

comment on function console.user_factors(text) is
  'A person''s second factors (users.manage): name, verified or not, since when, last used; never the secret. A '
  'lost factor is removed by the person at aal2, or by a project admin in Supabase''s dashboard (audited below).';

revoke execute on function console.user_factors(text) from public, anon;
grant execute on function console.user_factors(text) to authenticated, service_role;

-- ====== factor changes are audited, on every path ======

-- security definer: it writes the audit log and reads the actor's email; the api roles can do neither.
create function console_private.audit_factor_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_row auth.mfa_factors := coalesce(new, old);
  v_action text;
begin
  v_action := case
    when tg_op = 'INSERT' then 'mfa.enroll'
    when tg_op = 'DELETE' then 'mfa.remove'
    when old.status::text <> new.status::text and new.status::text = 'verified' then 'mfa.verify'
  end;
  if v_action is null then
    return null; -- last_challenged_at and other bookkeeping
  end if;
  insert into console.audit_log (actor_id, actor_email, action, entity, entity_id, before, after)
  values (auth.uid(), (select u.email from public.users u where u.id = auth.uid()), v_action, 'user',
          v_row.user_id::text,
          case when tg_op <> 'INSERT' then jsonb_build_object('factor_id', old.id, 'friendly_name', old.friendly_name,
                                                              'status', old.status) end,
          case when tg_op <> 'DELETE' then jsonb_build_object('factor_id', new.id, 'friendly_name', new.friendly_name,
                                                              'status', new.status) end);
  return null;
end;
$$;

comment on function console_private.audit_factor_change() is
  'Trigger function (after insert, delete, update of status on auth.mfa_factors): one audit entry mfa.enroll, '
  'mfa.verify or mfa.remove on the person, whoever made the change (the person, or an admin in the dashboard).';

revoke execute on function console_private.audit_factor_change() from public, anon, authenticated;

create trigger mfa_factors_audit
  after insert or delete or update of status on auth.mfa_factors
  for each row execute function console_private.audit_factor_change();

-- ====== rollback ======
-- drop trigger if exists mfa_factors_audit on auth.mfa_factors;
-- drop function if exists console_private.audit_factor_change();
-- drop function if exists console.user_factors(text);
-- create or replace function console_private.setting_rules()
-- returns table (key text, minimum numeric, maximum numeric, decimals integer, unit text)
-- language sql
-- immutable
-- set search_path = ''
-- as $$
--   values
--     -- an amount, as payments are stored (numeric(12,2)).
--     ('refund_approval_threshold', 0::numeric, 9999999999.99::numeric, 2, 'amount'),
--     -- below 3 a month's average could show one or two people's answers.
--     ('trend_min_responses', 3, 1000, 0, 'responses'),
--     -- up to an hour: a decision stays undoable by its author, not indefinitely.
--     ('undo_window_seconds', 0, 3600, 0, 'seconds'),
--     -- an exact count of more than a million rows can run into the 8 s statement timeout.
--     ('count_exact_limit', 1, 1000000, 0, 'rows')
-- $$;
-- delete from console.settings where key = 'idle_lock_minutes';
-- create or replace function console_private.require(p_capability text)
-- returns void
-- language plpgsql
-- stable
-- set search_path = ''
-- as $$
-- declare
--   v_roles text[];
-- begin
--   if auth.uid() is null then
--     raise exception 'permission denied: sign in to use the console'
--       using errcode = '42501';
--   end if;
--   if not console_private.has_capability(p_capability) then
--     v_roles := console_private.my_staff_roles();
--     raise exception 'permission denied: % is needed (your staff roles: %)',
--       p_capability, coalesce(nullif(array_to_string(v_roles, ', '), ''), 'none')
--       using errcode = '42501',
--             hint = 'Ask an administrator for a staff role that includes it.';
--   end if;
-- end;
-- $$;
-- comment on function console_private.require(text) is
--   'First statement of every console function: raises 42501 naming the missing capability.';
-- drop table if exists console_private.step_up_actions;
