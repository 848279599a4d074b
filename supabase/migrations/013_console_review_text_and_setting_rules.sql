-- 013_console_review_text_and_setting_rules.sql
--
-- what: console.get_review gives one review's whole text (the queue carries its first 240 characters); every console
-- setting has an allowed range (console_private.setting_rules: minimum, maximum, decimals, unit), get_settings
-- returns it with the value and update_setting refuses anything outside it.
-- why: moderators decided on an excerpt; update_setting took any non-negative number, so an undo window of a billion
-- seconds, a trend minimum of 1 (a month's average showing one person's answers) or an exact-count limit that makes
-- every count run into the statement timeout were one typo away. The settings screen reads the same rules (issue 15).
-- applied by the supabase cli as one implicit transaction: no explicit transaction control, no locks by statement,
-- nothing that needs a superuser.

-- ====== a review in full ======

create function console.get_review(p_review_id text)
returns table (id uuid, version integer, review_text text, updated_at timestamptz)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_id uuid;
begin
  perform console_private.require('reviews.read');
  v_id := console_private.to_uuid('review_id', p_review_id);
  return query select r.id, r.version, r.review_text, r.updated_at from public.reviews r where r.id = v_id;
  if not found then
    raise exception 'review % not found', v_id
      using errcode = 'P0002', detail = json_build_object('entity', 'review', 'id', v_id)::text;
  end if;
end;
$$;

comment on function console.get_review(text) is
  'One review''s whole text and version (reviews.read); the queue (list_reviews) carries the first 240 characters.';

-- ====== what each setting may be ======

-- every setting's range, in one place: update_setting checks it, get_settings returns it for the screen's form.
create function console_private.setting_rules()
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
    ('count_exact_limit', 1, 1000000, 0, 'rows')
$$;

comment on function console_private.setting_rules() is
  'The allowed range of each console setting (minimum, maximum, decimals, unit), checked by update_setting and '
  'shown by get_settings.';

revoke execute on function console_private.setting_rules() from public, anon, authenticated;

create or replace function console.update_setting(p_key text, p_value jsonb, p_reason text default null)
returns table (key text, value jsonb)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_before jsonb;
  v_rule record;
  v_number numeric;
begin
  perform console_private.require('settings.manage');
  select s.value into v_before from console.settings s where s.key = p_key for update;
  if not found then
    perform console_private.invalid('key', format('unknown setting "%s"', coalesce(p_key, '')));
  end if;
  select * into strict v_rule from console_private.setting_rules() r where r.key = p_key;
  if jsonb_typeof(p_value) is distinct from 'number' then
    perform console_private.invalid('value', format('%s needs a number', p_key));
  end if;
  v_number := (p_value)::numeric;
  if v_number < v_rule.minimum or v_number > v_rule.maximum then
    perform console_private.invalid('value', format('%s must be between %s and %s %s', p_key,
      v_rule.minimum, v_rule.maximum, v_rule.unit));
  end if;
  if v_number <> round(v_number, v_rule.decimals) then
    perform console_private.invalid('value', case when v_rule.decimals = 0
      then format('%s needs a whole number', p_key)
      else format('%s has at most %s decimals', p_key, v_rule.decimals) end);
  end if;
  update console.settings s set value = p_value, updated_by = auth.uid(), updated_at = now() where s.key = p_key;
  perform console_private.audit('setting.update', 'setting', p_key, v_before, p_value,
    console_private.check_text('reason', p_reason, 2000));
  return query select p_key, p_value;
end;
$$;

-- the return type grows by the rule's columns, so the function is made anew.
drop function console.get_settings();
create function console.get_settings()
returns table (
  key text, value jsonb, description text, minimum numeric, maximum numeric, decimals integer, unit text,
  updated_at timestamptz, updated_by_email text
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform console_private.require('audit.read_own');
  return query
    select s.key, s.value, s.description, r.minimum, r.maximum, r.decimals, r.unit, s.updated_at, u.email
      from console.settings s
      left join console_private.setting_rules() r on r.key = s.key
      left join public.users u on u.id = s.updated_by
     order by s.key;
end;
$$;

comment on function console.get_settings() is
  'Every console setting with its description, its allowed range and who changed it last (any staff role; admins '
  'change them with update_setting).';

revoke execute on function console.get_review(text), console.get_settings() from public, anon;
grant execute on function console.get_review(text), console.get_settings() to authenticated, service_role;

-- ====== rollback ======
-- revoke execute on function console.get_settings() from authenticated, service_role;
-- drop function if exists console.get_settings();
-- create function console.get_settings()
-- returns table (key text, value jsonb, description text, updated_at timestamptz, updated_by_email text)
-- language plpgsql
-- stable
-- security definer
-- set search_path = ''
-- as $$
-- begin
--   perform console_private.require('audit.read_own');
--   return query
--     select s.key, s.value, s.description, s.updated_at, u.email
--       from console.settings s
--       left join public.users u on u.id = s.updated_by
--      order by s.key;
-- end;
-- $$;
-- alter function console.get_settings() owner to postgres;
-- comment on function console.get_settings() is
--   'Every console setting with its description and who changed it last (any staff role; admins change them).';
-- revoke execute on function console.get_settings() from public, anon;
-- grant execute on function console.get_settings() to authenticated, service_role;
-- create or replace function console.update_setting(p_key text, p_value jsonb, p_reason text default null)
-- returns table (key text, value jsonb)
-- language plpgsql
-- security definer
-- set search_path = ''
-- as $$
-- declare
--   v_before jsonb;
-- begin
--   perform console_private.require('settings.manage');
--   select s.value into v_before from console.settings s where s.key = p_key for update;
--   if not found then
--     perform console_private.invalid('key', format('unknown setting "%s"', coalesce(p_key, '')));
--   end if;
--   if jsonb_typeof(p_value) <> 'number' or (p_value)::numeric < 0
--      or (p_key <> 'refund_approval_threshold' and (p_value)::numeric <> trunc((p_value)::numeric))
--      or (p_key in ('trend_min_responses', 'count_exact_limit') and (p_value)::numeric < 1) then
--     perform console_private.invalid('value', format('%s needs a non-negative number%s', p_key,
--       case when p_key = 'refund_approval_threshold' then '' else ' (a whole number)' end));
--   end if;
--   update console.settings s set value = p_value, updated_by = auth.uid(), updated_at = now() where s.key = p_key;
--   perform console_private.audit('setting.update', 'setting', p_key, v_before, p_value,
--     console_private.check_text('reason', p_reason, 2000));
--   return query select p_key, p_value;
-- end;
-- $$;
-- drop function if exists console_private.setting_rules();
-- drop function if exists console.get_review(text);
