-- 012_console_list_helpers.sql
--
-- what: one keyset helper for every console list. console_private.keyset_after gains the type of the row id
-- (uuid, bigint, or none when the sort column is itself unique), and list_users, list_audit, list_reviews,
-- list_reconciliation_runs and list_reconciliation_items use it instead of checking cursors their own ways.
-- why: 006, 007 and 009 each validated the cursor differently; list_users and list_audit only checked its keys, so
-- a cursor with a malformed value reached a cast and failed with the cast's message instead of the field's (issue 14).
-- the lists return the same rows and cursors as before; only a bad cursor's error changes, to the same one everywhere.
-- applied by the supabase cli as one implicit transaction: no explicit transaction control, no locks by statement,
-- nothing that needs a superuser.

-- ====== helpers ======

-- the keyset condition of a list page: p_after must be a cursor this list returned, {"v": <sort value>, "id": <row
-- id>}, each readable as its type; anything else is a field error on "after" (22023), never a cast failure.
-- p_id_col null: the sort column is unique by itself and only "v" is read. p_col, p_type, p_id_col and p_id_type come
-- from the calling function's whitelist, never from the client.
create function console_private.keyset_after(
  p_after jsonb, p_col text, p_type text, p_id_col text, p_id_type text, p_desc boolean
)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  v_cmp text := case when p_desc then '<' else '>' end;
begin
  if p_after is null then
    return '';
  end if;
  if coalesce(
       jsonb_typeof(p_after) <> 'object'
       or coalesce(jsonb_typeof(p_after -> 'v'), 'null') not in ('string', 'number', 'boolean')
       or not pg_input_is_valid(p_after ->> 'v', p_type)
       -- a list returns times as iso text, never postgres's special words ('now', 'yesterday', 'epoch').
       or (p_type = 'timestamptz' and (p_after ->> 'v') !~ '^(-?infinity|\d{4}-\d{2}-\d{2}([T ].*)?)$')
       or (p_id_col is not null
           and (coalesce(jsonb_typeof(p_after -> 'id'), 'null') not in ('string', 'number')
                or not pg_input_is_valid(p_after ->> 'id', p_id_type))),
       true) then
    perform console_private.invalid('after', 'is not a cursor returned by this list');
  end if;
  if p_id_col is null then
    return format(' and %s %s %L::%s', p_col, v_cmp, p_after ->> 'v', p_type);
  end if;
  return format(' and (%s, %s) %s (%L::%s, %L::%s)', p_col, p_id_col, v_cmp, p_after ->> 'v', p_type,
    p_after ->> 'id', p_id_type);
end;
$$;

comment on function console_private.keyset_after(jsonb, text, text, text, text, boolean) is
  'The "and (sort, id) > (cursor)" condition of a console list page, or a field error on "after" when the cursor '
  'is not one the list returned. Every console list is paged with it (supabase/CONVENTIONS.md).';

-- 008's form (uuid ids), kept for list_payments and list_refunds: the same check, through the general helper.
create or replace function console_private.keyset_after(
  p_after jsonb, p_col text, p_type text, p_id_col text, p_desc boolean
)
returns text
language sql
stable
set search_path = ''
as $$
  select console_private.keyset_after(p_after, p_col, p_type, p_id_col, 'uuid', p_desc);
$$;

revoke execute on function console_private.keyset_after(jsonb, text, text, text, text, boolean)
  from public, anon, authenticated;

-- ====== the lists, on the helper (bodies as before but for the cursor; all run as their owner, as since 011) ======

create or replace function console.list_users(
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
security definer
set search_path = ''
as $$
declare
  v_col text;
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
  v_where := v_where || console_private.keyset_after(p_after, v_col,
    case when p_sort in ('created_at', 'last_sign_in_at') then 'timestamptz' else 'text' end, 'u.id', 'uuid', p_desc);
  return query execute format(
    'select u.id, u.email, u.full_name, u.company_name, u.status, console_private.user_roles_json(u.id),
            u.last_sign_in_at, u.created_at, jsonb_build_object(''v'', %1$s, ''id'', u.id)
       from public.users u
      where %2$s
      order by %1$s %3$s, u.id %3$s
      limit %4$s', v_col, v_where, v_dir, console_private.check_limit(p_limit));
end;
$$;

create or replace function console.list_audit(
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
security definer
set search_path = ''
as $$
declare
  v_where text;
begin
  perform console_private.require('audit.read_own');
  v_where := console_private.audit_where(p_actor_id, p_action, p_entity, p_entity_id, p_from, p_to);
  v_where := v_where
    || console_private.keyset_after(p_after, 'a.occurred_at', 'timestamptz', 'a.id', 'bigint', p_desc);
  return query execute format(
    'select a.id, a.occurred_at, a.actor_id, a.actor_email, a.action, a.entity, a.entity_id, a.before, a.after,
            a.reason, jsonb_build_object(''v'', a.occurred_at, ''id'', a.id)
       from console.audit_log a
      where %1$s
      order by a.occurred_at %2$s, a.id %2$s
      limit %3$s', v_where, case when p_desc then 'desc' else 'asc' end, console_private.check_limit(p_limit));
end;
$$;

create or replace function console.list_reviews(
  p_status text[] default '{pending,flagged}',
  p_type text[] default null,
  p_min_rating integer default null,
  p_max_rating integer default null,
  p_verified boolean default null,
  p_from timestamptz default null,
  p_to timestamptz default null,
  p_search text default null,
  p_sort text default 'created_at',
  p_desc boolean default false,
  p_after jsonb default null,
  p_limit integer default 50
)
returns table (
  id uuid, created_at timestamptz, status text, review_type text, target_id uuid, target_name text,
  reviewer_id uuid, reviewer_name text, reviewer_email text, rating integer, title text, excerpt text,
  verified_purchase boolean, helpful_count integer, not_helpful_count integer, response_text text,
  moderation_reason text, moderated_by_name text, moderated_at timestamptz, version integer, signals text[],
  cursor jsonb
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_col text;
  v_type text;
  v_dir text := case when p_desc then 'desc' else 'asc' end;
  v_where text;
  v_limit integer;
begin
  perform console_private.require('reviews.read');
  v_col := case p_sort when 'created_at' then 'r.created_at' when 'rating' then 'r.rating'
                       when 'helpful_count' then 'r.helpful_count' end;
  if v_col is null then
    perform console_private.invalid('sort', 'must be one of created_at, rating, helpful_count');
  end if;
  v_type := case when p_sort = 'created_at' then 'timestamptz' else 'integer' end;
  v_where := console_private.reviews_where(p_status, p_type, p_min_rating, p_max_rating, p_verified, p_from, p_to, p_search);
  v_limit := console_private.check_limit(p_limit);
  v_where := v_where || console_private.keyset_after(p_after, v_col, v_type, 'r.id', 'uuid', p_desc);
  -- the page first (keyset, limited), then names and signals for its rows only.
  return query execute format(
    $sql$
    select r.id, r.created_at, r.status, r.review_type, coalesce(r.workshop_id, r.expert_id, r.engagement_id),
           case r.review_type
             when 'workshop' then (select w.title from public.workshops w where w.id = r.workshop_id)
             when 'expert' then (select coalesce(x.full_name, x.email) from public.users x where x.id = r.expert_id)
             else (select coalesce(e.title, e.focus_area) from public.engagements e where e.id = r.engagement_id)
           end,
           r.user_id, u.full_name, u.email, r.rating, r.title, left(r.review_text, 240), r.verified_purchase,
           r.helpful_count, r.not_helpful_count, r.response_text, r.moderation_reason,
           (select coalesce(m.full_name, m.email) from public.users m where m.id = r.moderated_by), r.moderated_at,
           r.version,
           array_remove(array[
             case when char_length(btrim(r.review_text)) < 20 then 'short_text' end,
             case when (coalesce(r.title, '') || ' ' || r.review_text)
                       ~* '(https?://|www\.|\m[a-z0-9-]+\.(com|net|org|io|co|biz|info|ly|me|xyz|app|dev|site|online|shop|ru|cn)\M)'
                  then 'contains_link' end,
             case when exists (
                    select 1 from public.reviews o
                     where o.user_id = r.user_id
                       and md5(regexp_replace(lower(btrim(o.review_text)), '\s+', ' ', 'g'))
                           = md5(regexp_replace(lower(btrim(r.review_text)), '\s+', ' ', 'g'))
                       and o.id <> r.id) then 'repeated_text' end,
             -- the target's published average over its approved reviews, when it has at least 3.
             case when case r.review_type
                         when 'workshop' then (
                           select w.review_count >= 3 and abs(r.rating - w.average_rating) >= 2
                             from public.workshops w where w.id = r.workshop_id)
                         when 'expert' then (
                           select tp.review_count >= 3 and abs(r.rating - tp.rating) >= 2
                             from public.talent_profiles tp where tp.user_id = r.expert_id)
                         else (
                           select count(*) >= 3 and abs(r.rating - avg(a.rating)) >= 2
                             from public.reviews a where a.engagement_id = r.engagement_id and a.status = 'approved')
                       end
                  then 'rating_outlier' end
           ], null),
           jsonb_build_object('v', %1$s, 'id', r.id)
      from (select * from public.reviews r where %2$s order by %1$s %3$s, r.id %3$s limit %4$s) r
      left join public.users u on u.id = r.user_id
     order by %1$s %3$s, r.id %3$s
    $sql$, v_col, v_where, v_dir, v_limit);
end;
$$;

create or replace function console.list_reconciliation_runs(
  p_provider text default null,
  p_status text default null,
  p_created_by uuid default null,
  p_desc boolean default true,
  p_after jsonb default null,
  p_limit integer default 50
)
returns table (
  id uuid, provider text, file_name text, kinds text[], status text, created_by uuid, created_by_name text,
  created_by_email text, created_at timestamptz, completed_at timestamptz, row_count integer, matched integer,
  amount_mismatch integer, status_mismatch integer, missing_in_humanglue integer, missing_at_processor integer,
  duplicate_in_file integer, totals jsonb, period_from timestamptz, period_to timestamptz, cursor jsonb
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_where text;
  v_desc boolean := coalesce(p_desc, true);
begin
  perform console_private.require('reconciliation.run');
  v_where := console_private.reconciliation_runs_where(p_provider, p_status, p_created_by);
  v_where := v_where || console_private.keyset_after(p_after, 'r.created_at', 'timestamptz', 'r.id', 'uuid', v_desc);
  -- the creator's name only for the page's rows, after the keyset limit.
  return query execute format(
    'select r.id, r.provider, r.file_name, r.kinds, r.status, r.created_by, u.full_name, u.email, r.created_at,
            r.completed_at, r.row_count, r.matched, r.amount_mismatch, r.status_mismatch, r.missing_in_humanglue,
            r.missing_at_processor, r.duplicate_in_file, r.totals, r.period_from, r.period_to,
            jsonb_build_object(''v'', r.created_at, ''id'', r.id)
       from (select r.* from console.reconciliation_runs r
              where %1$s
              order by r.created_at %2$s, r.id %2$s
              limit %3$s) r
       left join public.users u on u.id = r.created_by
      order by r.created_at %2$s, r.id %2$s',
    v_where, case when v_desc then 'desc' else 'asc' end, console_private.check_limit(p_limit));
end;
$$;

create or replace function console.list_reconciliation_items(
  p_run_id uuid,
  p_outcome text default null,
  p_kind text default null,
  p_desc boolean default false,
  p_after jsonb default null,
  p_limit integer default 50
)
returns table (
  run_id uuid, seq bigint, outcome text, kind text, transaction_id text, line integer,
  occurred_at timestamptz, processor_amount numeric, processor_currency text, processor_status text,
  payment_id uuid, refund_id uuid, hg_amount numeric, hg_currency text, hg_status text, hg_created_at timestamptz,
  cursor jsonb
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_where text;
  v_desc boolean := coalesce(p_desc, false);
begin
  perform console_private.require('reconciliation.run');
  if p_run_id is null then
    perform console_private.invalid('run_id', 'is required');
  end if;
  if p_outcome is not null and p_outcome not in ('matched', 'amount_mismatch', 'status_mismatch',
      'missing_in_humanglue', 'missing_at_processor', 'duplicate_in_file') then
    perform console_private.invalid('outcome', 'must be matched, amount_mismatch, status_mismatch, '
      || 'missing_in_humanglue, missing_at_processor or duplicate_in_file');
  end if;
  if p_kind is not null and p_kind not in ('payment', 'refund') then
    perform console_private.invalid('kind', 'must be payment or refund');
  end if;
  if not exists (select 1 from console.reconciliation_runs r where r.id = p_run_id) then
    raise exception 'reconciliation run % not found', p_run_id
      using errcode = 'P0002', detail = json_build_object('entity', 'reconciliation_run', 'id', p_run_id)::text;
  end if;
  v_where := format('i.run_id = %L', p_run_id);
  if p_outcome is not null then v_where := v_where || format(' and i.outcome = %L', p_outcome); end if;
  -- lets the planner see that a filter on any other outcome fits the partial index idx_reconciliation_items_outcome.
  if p_outcome is not null and p_outcome <> 'matched' then v_where := v_where || ' and i.outcome <> ''matched'''; end if;
  if p_kind is not null then v_where := v_where || format(' and i.kind = %L', p_kind); end if;
  -- seq is unique within a run (the key is (run_id, seq)), so it alone is the keyset.
  v_where := v_where || console_private.keyset_after(p_after, 'i.seq', 'bigint', null, null, v_desc);
  return query execute format(
    'select i.run_id, i.seq, i.outcome, i.kind, i.transaction_id, i.line, i.occurred_at, i.processor_amount,
            i.processor_currency, i.processor_status, i.payment_id, i.refund_id, i.hg_amount, i.hg_currency,
            i.hg_status, i.hg_created_at, jsonb_build_object(''v'', i.seq, ''id'', i.seq)
       from console.reconciliation_items i
      where %1$s
      order by i.seq %2$s
      limit %3$s', v_where, case when v_desc then 'desc' else 'asc' end, console_private.check_limit(p_limit));
end;
$$;

-- ====== rollback ======
-- create or replace function console.list_users(
--   p_search text default null,
--   p_role text default null,
--   p_status text default null,
--   p_sort text default 'created_at',
--   p_desc boolean default true,
--   p_after jsonb default null,
--   p_limit integer default 50
-- )
-- returns table (
--   id uuid, email text, full_name text, company_name text, status text, roles jsonb,
--   last_sign_in_at timestamptz, created_at timestamptz, cursor jsonb
-- )
-- language plpgsql
-- stable
-- security definer
-- set search_path = ''
-- as $$
-- declare
--   v_col text;
--   v_cmp text := case when p_desc then '<' else '>' end;
--   v_dir text := case when p_desc then 'desc' else 'asc' end;
--   v_where text;
-- begin
--   perform console_private.require('users.manage');
--   v_col := case p_sort
--     when 'created_at' then 'u.created_at'
--     when 'email' then 'u.email'
--     when 'full_name' then 'coalesce(u.full_name, '''')'
--     when 'last_sign_in_at' then 'coalesce(u.last_sign_in_at, ''-infinity''::timestamptz)'
--   end;
--   if v_col is null then
--     perform console_private.invalid('sort', 'must be one of created_at, email, full_name, last_sign_in_at');
--   end if;
--   v_where := console_private.users_where(p_search, p_role, p_status);
--   if p_after is not null then
--     if jsonb_typeof(p_after) <> 'object' or not (p_after ? 'v' and p_after ? 'id') then
--       perform console_private.invalid('after', 'is not a cursor returned by this list');
--     end if;
--     v_where := v_where || format(' and (%s, u.id) %s (%L::%s, %L::uuid)', v_col, v_cmp, p_after ->> 'v',
--       case when p_sort in ('created_at', 'last_sign_in_at') then 'timestamptz' else 'text' end, p_after ->> 'id');
--   end if;
--   return query execute format(
--     'select u.id, u.email, u.full_name, u.company_name, u.status, console_private.user_roles_json(u.id),
--             u.last_sign_in_at, u.created_at, jsonb_build_object(''v'', %1$s, ''id'', u.id)
--        from public.users u
--       where %2$s
--       order by %1$s %3$s, u.id %3$s
--       limit %4$s', v_col, v_where, v_dir, console_private.check_limit(p_limit));
-- end;
-- $$;
-- create or replace function console.list_audit(
--   p_actor_id uuid default null,
--   p_action text default null,
--   p_entity text default null,
--   p_entity_id text default null,
--   p_from timestamptz default null,
--   p_to timestamptz default null,
--   p_desc boolean default true,
--   p_after jsonb default null,
--   p_limit integer default 50
-- )
-- returns table (
--   id bigint, occurred_at timestamptz, actor_id uuid, actor_email text, action text, entity text,
--   entity_id text, before jsonb, after jsonb, reason text, cursor jsonb
-- )
-- language plpgsql
-- stable
-- security definer
-- set search_path = ''
-- as $$
-- declare
--   v_where text;
-- begin
--   perform console_private.require('audit.read_own');
--   v_where := console_private.audit_where(p_actor_id, p_action, p_entity, p_entity_id, p_from, p_to);
--   if p_after is not null then
--     if jsonb_typeof(p_after) <> 'object' or not (p_after ? 'v' and p_after ? 'id') then
--       perform console_private.invalid('after', 'is not a cursor returned by this list');
--     end if;
--     v_where := v_where || format(' and (a.occurred_at, a.id) %s (%L::timestamptz, %L::bigint)',
--       case when p_desc then '<' else '>' end, p_after ->> 'v', p_after ->> 'id');
--   end if;
--   -- rls limits the rows to the caller's own unless they may read the whole log.
--   return query execute format(
--     'select a.id, a.occurred_at, a.actor_id, a.actor_email, a.action, a.entity, a.entity_id, a.before, a.after,
--             a.reason, jsonb_build_object(''v'', a.occurred_at, ''id'', a.id)
--        from console.audit_log a
--       where %1$s
--       order by a.occurred_at %2$s, a.id %2$s
--       limit %3$s', v_where, case when p_desc then 'desc' else 'asc' end, console_private.check_limit(p_limit));
-- end;
-- $$;
-- create or replace function console.list_reviews(
--   p_status text[] default '{pending,flagged}',
--   p_type text[] default null,
--   p_min_rating integer default null,
--   p_max_rating integer default null,
--   p_verified boolean default null,
--   p_from timestamptz default null,
--   p_to timestamptz default null,
--   p_search text default null,
--   p_sort text default 'created_at',
--   p_desc boolean default false,
--   p_after jsonb default null,
--   p_limit integer default 50
-- )
-- returns table (
--   id uuid, created_at timestamptz, status text, review_type text, target_id uuid, target_name text,
--   reviewer_id uuid, reviewer_name text, reviewer_email text, rating integer, title text, excerpt text,
--   verified_purchase boolean, helpful_count integer, not_helpful_count integer, response_text text,
--   moderation_reason text, moderated_by_name text, moderated_at timestamptz, version integer, signals text[],
--   cursor jsonb
-- )
-- language plpgsql
-- stable
-- security definer
-- set search_path = ''
-- as $$
-- declare
--   v_col text;
--   v_type text;
--   v_dir text := case when p_desc then 'desc' else 'asc' end;
--   v_cmp text := case when p_desc then '<' else '>' end;
--   v_where text;
--   v_limit integer;
-- begin
--   perform console_private.require('reviews.read');
--   v_col := case p_sort when 'created_at' then 'r.created_at' when 'rating' then 'r.rating'
--                        when 'helpful_count' then 'r.helpful_count' end;
--   if v_col is null then
--     perform console_private.invalid('sort', 'must be one of created_at, rating, helpful_count');
--   end if;
--   v_type := case when p_sort = 'created_at' then 'timestamptz' else 'integer' end;
--   v_where := console_private.reviews_where(p_status, p_type, p_min_rating, p_max_rating, p_verified, p_from, p_to, p_search);
--   v_limit := console_private.check_limit(p_limit);
--   if p_after is not null then
--     if jsonb_typeof(p_after) <> 'object' or not (p_after ? 'v' and p_after ? 'id')
--        or jsonb_typeof(p_after -> 'id') <> 'string'
--        or (p_after ->> 'id') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
--        or (v_type = 'integer' and (jsonb_typeof(p_after -> 'v') <> 'number' or (p_after ->> 'v') !~ '^-?[0-9]{1,9}$'))
--        or (v_type = 'timestamptz' and (jsonb_typeof(p_after -> 'v') <> 'string'
--            or (p_after ->> 'v') !~ '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2})?|Z)$')) then
--       perform console_private.invalid('after', 'is not a cursor returned by this list');
--     end if;
--     v_where := v_where || format(' and (%s, r.id) %s (%L::%s, %L::uuid)', v_col, v_cmp, p_after ->> 'v', v_type,
--       p_after ->> 'id');
--   end if;
--   -- the page first (keyset, limited), then names and signals for its rows only.
--   return query execute format(
--     $sql$
--     select r.id, r.created_at, r.status, r.review_type, coalesce(r.workshop_id, r.expert_id, r.engagement_id),
--            case r.review_type
--              when 'workshop' then (select w.title from public.workshops w where w.id = r.workshop_id)
--              when 'expert' then (select coalesce(x.full_name, x.email) from public.users x where x.id = r.expert_id)
--              else (select coalesce(e.title, e.focus_area) from public.engagements e where e.id = r.engagement_id)
--            end,
--            r.user_id, u.full_name, u.email, r.rating, r.title, left(r.review_text, 240), r.verified_purchase,
--            r.helpful_count, r.not_helpful_count, r.response_text, r.moderation_reason,
--            (select coalesce(m.full_name, m.email) from public.users m where m.id = r.moderated_by), r.moderated_at,
--            r.version,
--            array_remove(array[
--              case when char_length(btrim(r.review_text)) < 20 then 'short_text' end,
--              case when (coalesce(r.title, '') || ' ' || r.review_text)
--                        ~* '(https?://|www\.|\m[a-z0-9-]+\.(com|net|org|io|co|biz|info|ly|me|xyz|app|dev|site|online|shop|ru|cn)\M)'
--                   then 'contains_link' end,
--              case when exists (
--                     select 1 from public.reviews o
--                      where o.user_id = r.user_id
--                        and md5(regexp_replace(lower(btrim(o.review_text)), '\s+', ' ', 'g'))
--                            = md5(regexp_replace(lower(btrim(r.review_text)), '\s+', ' ', 'g'))
--                        and o.id <> r.id) then 'repeated_text' end,
--              -- the target's published average over its approved reviews, when it has at least 3.
--              case when case r.review_type
--                          when 'workshop' then (
--                            select w.review_count >= 3 and abs(r.rating - w.average_rating) >= 2
--                              from public.workshops w where w.id = r.workshop_id)
--                          when 'expert' then (
--                            select tp.review_count >= 3 and abs(r.rating - tp.rating) >= 2
--                              from public.talent_profiles tp where tp.user_id = r.expert_id)
--                          else (
--                            select count(*) >= 3 and abs(r.rating - avg(a.rating)) >= 2
--                              from public.reviews a where a.engagement_id = r.engagement_id and a.status = 'approved')
--                        end
--                   then 'rating_outlier' end
--            ], null),
--            jsonb_build_object('v', %1$s, 'id', r.id)
--       from (select * from public.reviews r where %2$s order by %1$s %3$s, r.id %3$s limit %4$s) r
--       left join public.users u on u.id = r.user_id
--      order by %1$s %3$s, r.id %3$s
--     $sql$, v_col, v_where, v_dir, v_limit);
-- end;
-- $$;
-- create or replace function console.list_reconciliation_runs(
--   p_provider text default null,
--   p_status text default null,
--   p_created_by uuid default null,
--   p_desc boolean default true,
--   p_after jsonb default null,
--   p_limit integer default 50
-- )
-- returns table (
--   id uuid, provider text, file_name text, kinds text[], status text, created_by uuid, created_by_name text,
--   created_by_email text, created_at timestamptz, completed_at timestamptz, row_count integer, matched integer,
--   amount_mismatch integer, status_mismatch integer, missing_in_humanglue integer, missing_at_processor integer,
--   duplicate_in_file integer, totals jsonb, period_from timestamptz, period_to timestamptz, cursor jsonb
-- )
-- language plpgsql
-- stable
-- security definer
-- set search_path = ''
-- as $$
-- declare
--   v_where text;
--   v_desc boolean := coalesce(p_desc, true);
-- begin
--   perform console_private.require('reconciliation.run');
--   v_where := console_private.reconciliation_runs_where(p_provider, p_status, p_created_by);
--   if p_after is not null then
--     if jsonb_typeof(p_after) <> 'object' or not (p_after ? 'v' and p_after ? 'id')
--        or not pg_input_is_valid(p_after ->> 'v', 'timestamptz') or not pg_input_is_valid(p_after ->> 'id', 'uuid') then
--       perform console_private.invalid('after', 'is not a cursor returned by this list');
--     end if;
--     v_where := v_where || format(' and (r.created_at, r.id) %s (%L::timestamptz, %L::uuid)',
--       case when v_desc then '<' else '>' end, p_after ->> 'v', p_after ->> 'id');
--   end if;
--   -- the creator's name only for the page's rows, after the keyset limit.
--   return query execute format(
--     'select r.id, r.provider, r.file_name, r.kinds, r.status, r.created_by, u.full_name, u.email, r.created_at,
--             r.completed_at, r.row_count, r.matched, r.amount_mismatch, r.status_mismatch, r.missing_in_humanglue,
--             r.missing_at_processor, r.duplicate_in_file, r.totals, r.period_from, r.period_to,
--             jsonb_build_object(''v'', r.created_at, ''id'', r.id)
--        from (select r.* from console.reconciliation_runs r
--               where %1$s
--               order by r.created_at %2$s, r.id %2$s
--               limit %3$s) r
--        left join public.users u on u.id = r.created_by
--       order by r.created_at %2$s, r.id %2$s',
--     v_where, case when v_desc then 'desc' else 'asc' end, console_private.check_limit(p_limit));
-- end;
-- $$;
-- create or replace function console.list_reconciliation_items(
--   p_run_id uuid,
--   p_outcome text default null,
--   p_kind text default null,
--   p_desc boolean default false,
--   p_after jsonb default null,
--   p_limit integer default 50
-- )
-- returns table (
--   run_id uuid, seq bigint, outcome text, kind text, transaction_id text, line integer,
--   occurred_at timestamptz, processor_amount numeric, processor_currency text, processor_status text,
--   payment_id uuid, refund_id uuid, hg_amount numeric, hg_currency text, hg_status text, hg_created_at timestamptz,
--   cursor jsonb
-- )
-- language plpgsql
-- stable
-- security definer
-- set search_path = ''
-- as $$
-- declare
--   v_where text;
--   v_desc boolean := coalesce(p_desc, false);
-- begin
--   perform console_private.require('reconciliation.run');
--   if p_run_id is null then
--     perform console_private.invalid('run_id', 'is required');
--   end if;
--   if p_outcome is not null and p_outcome not in ('matched', 'amount_mismatch', 'status_mismatch',
--       'missing_in_humanglue', 'missing_at_processor', 'duplicate_in_file') then
--     perform console_private.invalid('outcome', 'must be matched, amount_mismatch, status_mismatch, '
--       || 'missing_in_humanglue, missing_at_processor or duplicate_in_file');
--   end if;
--   if p_kind is not null and p_kind not in ('payment', 'refund') then
--     perform console_private.invalid('kind', 'must be payment or refund');
--   end if;
--   if not exists (select 1 from console.reconciliation_runs r where r.id = p_run_id) then
--     raise exception 'reconciliation run % not found', p_run_id
--       using errcode = 'P0002', detail = json_build_object('entity', 'reconciliation_run', 'id', p_run_id)::text;
--   end if;
--   v_where := format('i.run_id = %L', p_run_id);
--   if p_outcome is not null then v_where := v_where || format(' and i.outcome = %L', p_outcome); end if;
--   -- lets the planner see that a filter on any other outcome fits the partial index idx_reconciliation_items_outcome.
--   if p_outcome is not null and p_outcome <> 'matched' then v_where := v_where || ' and i.outcome <> ''matched'''; end if;
--   if p_kind is not null then v_where := v_where || format(' and i.kind = %L', p_kind); end if;
--   if p_after is not null then
--     if jsonb_typeof(p_after) <> 'object' or not (p_after ? 'v' and p_after ? 'id')
--        or (p_after ->> 'v') !~ '^[0-9]{1,12}$' then
--       perform console_private.invalid('after', 'is not a cursor returned by this list');
--     end if;
--     -- seq is unique within a run (the key is (run_id, seq)), so it alone is the keyset.
--     v_where := v_where || format(' and i.seq %s %L::bigint', case when v_desc then '<' else '>' end, p_after ->> 'v');
--   end if;
--   return query execute format(
--     'select i.run_id, i.seq, i.outcome, i.kind, i.transaction_id, i.line, i.occurred_at, i.processor_amount,
--             i.processor_currency, i.processor_status, i.payment_id, i.refund_id, i.hg_amount, i.hg_currency,
--             i.hg_status, i.hg_created_at, jsonb_build_object(''v'', i.seq, ''id'', i.seq)
--        from console.reconciliation_items i
--       where %1$s
--       order by i.seq %2$s
--       limit %3$s', v_where, case when v_desc then 'desc' else 'asc' end, console_private.check_limit(p_limit));
-- end;
-- $$;
-- create or replace function console_private.keyset_after(p_after jsonb, p_col text, p_type text, p_id_col text, p_desc boolean)
-- returns text
-- language plpgsql
-- stable
-- set search_path = ''
-- as $$
-- declare
--   v_ok boolean := true;
-- begin
--   if p_after is null then
--     return '';
--   end if;
--   if jsonb_typeof(p_after) <> 'object' or not (p_after ? 'v' and p_after ? 'id')
--      or jsonb_typeof(p_after -> 'v') = 'null' or jsonb_typeof(p_after -> 'id') <> 'string' then
--     v_ok := false;
--   else
--     begin
--       perform (p_after ->> 'id')::uuid;
--       execute format('select %L::%s', p_after ->> 'v', p_type);
--     exception when others then
--       v_ok := false;
--     end;
--   end if;
--   if not v_ok then
--     perform console_private.invalid('after', 'is not a cursor returned by this list');
--   end if;
--   return format(' and (%s, %s) %s (%L::%s, %L::uuid)', p_col, p_id_col, case when p_desc then '<' else '>' end,
--     p_after ->> 'v', p_type, p_after ->> 'id');
-- end;
-- $$;
-- drop function if exists console_private.keyset_after(jsonb, text, text, text, text, boolean);
