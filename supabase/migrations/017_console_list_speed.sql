-- 017_console_list_speed.sql
--
-- what: payment totals and counts read a rollup instead of aggregating payments; the users and payments searches
-- filter their rows directly instead of first collecting up to 10,000 ids; a search's count is exact up to 1,000;
-- the review queue's full-text search has its own index.
-- why: issue 19 measured these at 1M payments and 200k people: totals over all payments 0.5–0.9 s, a count over
-- stripe EUR payments 65 ms, a name search 40–65 ms (its count 125 ms), the queue's text search 45–120 ms.
--   * totals: payment_totals grouped every payment of the filter on each call. console_private.payment_totals_daily
--     and _monthly hold count, amount and refunded per utc day (month), currency, status, provider and type, kept
--     by statement-level triggers on public.payments like 010's trend rollup; a filter by those columns and a date
--     range reads whole months, then the whole days at the range's ends, then the payments of the two partial
--     days. a filter by amount or a search still reads the payments themselves (an amount range cuts through
--     every rollup row).
--   * searches: users_where and payments_where turned a search into `id = any (<up to 10,000 ids>)`. the planner
--     then walked the list's (created_at, id) index testing each entry against the array — every user or payment
--     for one page. a definer function may use the prefix and trigram indexes directly, so the search is now the
--     filter itself: few matches are read through those indexes and sorted, many are met while reading in the
--     list's order.
--   * a search's count: exactly up to 1,000 matches (past that "1,000+", the planner's estimate): counting 10,000
--     name matches rechecks each one's ilike.
--   * the queue: the text search index covers all 1M reviews; the queue (pending, flagged) is an eighth of them.
-- applied by the supabase cli as one implicit transaction: no explicit transaction control, no locks by statement,
-- nothing that needs a superuser.

-- ====== payments rollup ======

create table console_private.payment_totals_daily (
  day date not null,
  currency text not null,
  status text not null,
  provider text not null,
  payment_type text not null,
  payments bigint not null,
  amount numeric not null,
  refunded numeric not null,
  primary key (day, currency, status, provider, payment_type)
);

comment on table console_private.payment_totals_daily is
  'Payments per utc day of created_at, currency, status, provider and payment_type: how many, their amount and '
  'refund_amount. Kept by statement triggers on public.payments; console_private.payment_totals_drift() checks it.';

create table console_private.payment_totals_monthly (
  month date not null check (extract(day from month) = 1),
  currency text not null,
  status text not null,
  provider text not null,
  payment_type text not null,
  payments bigint not null,
  amount numeric not null,
  refunded numeric not null,
  primary key (month, currency, status, provider, payment_type)
);

comment on table console_private.payment_totals_monthly is
  'console_private.payment_totals_daily summed per utc calendar month, so a long range costs a row per month.';

revoke all on console_private.payment_totals_daily, console_private.payment_totals_monthly
  from public, anon, authenticated, service_role;

-- security definer: whoever writes payments (the refund ledger's triggers, finance's functions, service_role)
-- keeps the rollup, which nobody may write directly. one function serves the insert, update, delete and truncate
-- triggers.
create function console_private.maintain_payment_totals()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_rows text;
  v_delta text;
begin
  if tg_op = 'TRUNCATE' then
    delete from console_private.payment_totals_monthly;
    delete from console_private.payment_totals_daily;
    return null;
  end if;
  -- the statement's rows as signed contributions; an update that changes none of the keys or sums nets to zero.
  v_rows := case tg_op
    when 'INSERT' then 'select r.*, 1 as sign from new_rows r'
    when 'DELETE' then 'select r.*, -1 as sign from old_rows r'
    else 'select r.*, 1 as sign from new_rows r union all select r.*, -1 as sign from old_rows r'
  end;
  v_delta := format($sql$
    select g.*
      from (
        select (d.created_at at time zone 'UTC')::date as day, d.currency, d.status, d.provider, d.payment_type,
               sum(d.sign)::bigint as payments, sum(d.sign * d.amount) as amount,
               sum(d.sign * d.refund_amount) as refunded
          from (%s) d
         group by 1, 2, 3, 4, 5
      ) g
     where (g.payments, g.amount, g.refunded) is distinct from (0, 0, 0)$sql$, v_rows);
  -- months first, then days, each in key order: concurrent writers queue on the same rows instead of deadlocking.
  execute format($sql$
    insert into console_private.payment_totals_monthly as m
      (month, currency, status, provider, payment_type, payments, amount, refunded)
    select date_trunc('month', d.day)::date, d.currency, d.status, d.provider, d.payment_type, sum(d.payments),
           sum(d.amount), sum(d.refunded)
      from (%s) d
     group by 1, 2, 3, 4, 5
     order by 1, 2, 3, 4, 5
    on conflict (month, currency, status, provider, payment_type) do update
       set payments = m.payments + excluded.payments, amount = m.amount + excluded.amount,
           refunded = m.refunded + excluded.refunded$sql$, v_delta);
  execute format($sql$
    insert into console_private.payment_totals_daily as m
      (day, currency, status, provider, payment_type, payments, amount, refunded)
    select d.* from (%s) d
     order by 1, 2, 3, 4, 5
    on conflict (day, currency, status, provider, payment_type) do update
       set payments = m.payments + excluded.payments, amount = m.amount + excluded.amount,
           refunded = m.refunded + excluded.refunded$sql$, v_delta);
  if tg_op <> 'INSERT' then
    delete from console_private.payment_totals_monthly m where m.payments = 0 and m.amount = 0 and m.refunded = 0;
    delete from console_private.payment_totals_daily m where m.payments = 0 and m.amount = 0 and m.refunded = 0;
  end if;
  return null;
end;
$$;

comment on function console_private.maintain_payment_totals() is
  'Trigger function (after insert/update/delete/truncate on public.payments, per statement, with transition '
  'tables): adds each payment to its day''s and month''s rollup row and takes its old version away.';

revoke execute on function console_private.maintain_payment_totals() from public, anon, authenticated, service_role;

-- the full recomputation the rollups must equal.
create function console_private.payment_totals_drift()
returns table (scope text, period date, currency text, status text, provider text, payment_type text,
               rollup jsonb, recomputed jsonb)
language sql
stable
set search_path = ''
as $$
  with actual as (
    select grouping(x.day) = 1 as monthly, coalesce(x.day, x.month) as period, x.currency, x.status, x.provider,
           x.payment_type, jsonb_build_object('payments', count(*), 'amount', sum(x.amount),
                                              'refunded', sum(x.refund_amount)) as v
      from (select p.*, (p.created_at at time zone 'UTC')::date as day,
                   date_trunc('month', p.created_at at time zone 'UTC')::date as month
              from public.payments p) x
     group by grouping sets ((x.day, x.currency, x.status, x.provider, x.payment_type),
                             (x.month, x.currency, x.status, x.provider, x.payment_type))
  ), kept as (
    select false as monthly, d.day as period, d.currency, d.status, d.provider, d.payment_type,
           jsonb_build_object('payments', d.payments, 'amount', d.amount, 'refunded', d.refunded) as v
      from console_private.payment_totals_daily d
    union all
    select true, m.month, m.currency, m.status, m.provider, m.payment_type,
           jsonb_build_object('payments', m.payments, 'amount', m.amount, 'refunded', m.refunded)
      from console_private.payment_totals_monthly m
  )
  select case when coalesce(k.monthly, x.monthly) then 'monthly' else 'daily' end,
         coalesce(k.period, x.period), coalesce(k.currency, x.currency), coalesce(k.status, x.status),
         coalesce(k.provider, x.provider), coalesce(k.payment_type, x.payment_type), k.v, x.v
    from kept k
    full join actual x
      on (k.monthly, k.period, k.currency, k.status, k.provider, k.payment_type)
       = (x.monthly, x.period, x.currency, x.status, x.provider, x.payment_type)
   where k.v is distinct from x.v
   order by 1, 2, 3, 4, 5, 6;
$$;

comment on function console_private.payment_totals_drift() is
  'Rows where the payment rollups (scope daily or monthly) differ from a full recomputation over public.payments '
  '(rollup or recomputed null when the row is missing on that side). Empty = consistent. A maintenance check for the '
  'owner or service_role (it reads every payment).';

revoke execute on function console_private.payment_totals_drift() from public, anon, authenticated;

-- no payment may be written between the backfill below and the triggers taking over: create trigger takes a share
-- row exclusive lock on public.payments until the migration's transaction ends (see 010's trend rollup).
create trigger payments_totals_insert
  after insert on public.payments
  referencing new table as new_rows
  for each statement execute function console_private.maintain_payment_totals();

create trigger payments_totals_update
  after update on public.payments
  referencing old table as old_rows new table as new_rows
  for each statement execute function console_private.maintain_payment_totals();

create trigger payments_totals_delete
  after delete on public.payments
  referencing old table as old_rows
  for each statement execute function console_private.maintain_payment_totals();

create trigger payments_totals_truncate
  after truncate on public.payments
  for each statement execute function console_private.maintain_payment_totals();

insert into console_private.payment_totals_daily
  (day, currency, status, provider, payment_type, payments, amount, refunded)
select (p.created_at at time zone 'UTC')::date, p.currency, p.status, p.provider, p.payment_type, count(*),
       sum(p.amount), sum(p.refund_amount)
  from public.payments p
 group by 1, 2, 3, 4, 5;

insert into console_private.payment_totals_monthly
  (month, currency, status, provider, payment_type, payments, amount, refunded)
select date_trunc('month', d.day)::date, d.currency, d.status, d.provider, d.payment_type, sum(d.payments),
       sum(d.amount), sum(d.refunded)
  from console_private.payment_totals_daily d
 group by 1, 2, 3, 4, 5;

-- The rows (currency, status, payments, amount, refunded) whose sums are the totals of a filter by status, provider,
-- type, currency and created_at range, for a caller that has validated the filter (payments_where): whole utc
-- months from the monthly rollup, whole days before and after them from the daily one, and the payments of the
-- partial days at the range's ends themselves. p_to is exclusive, as in payments_where.
create function console_private.payment_rollup_sql(
  p_status text[], p_provider text[], p_type text[], p_currency text[], p_from timestamptz, p_to timestamptz
)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  v_dims text := '';
  v_first_day date := '-infinity';  -- the first whole day in the range
  v_end_day date := 'infinity';     -- the day after the last whole day
  v_first_month date := '-infinity';
  v_end_month date := 'infinity';
  v_parts text[] := '{}';
  v_rollup constant text := 'select x.currency, x.status, x.payments, x.amount, x.refunded from console_private.%s x'
                            ' where x.%s >= %L and x.%s < %L%s';
  v_exact constant text := 'select p.currency, p.status, 1::bigint as payments, p.amount, p.refund_amount as refunded'
                           ' from public.payments p where %s';
begin
  if p_status is not null then v_dims := v_dims || format(' and x.status = any (%L::text[])', p_status); end if;
  if p_provider is not null then v_dims := v_dims || format(' and x.provider = any (%L::text[])', p_provider); end if;
  if p_type is not null then v_dims := v_dims || format(' and x.payment_type = any (%L::text[])', p_type); end if;
  if p_currency is not null and cardinality(p_currency) > 0 then
    v_dims := v_dims || format(' and x.currency = any (%L::text[])', p_currency);
  end if;
  if p_from is not null then
    v_first_day := (p_from at time zone 'UTC')::date;
    if v_first_day::timestamp at time zone 'UTC' < p_from then v_first_day := v_first_day + 1; end if;
    v_first_month := date_trunc('month', v_first_day::timestamp)::date;
    if v_first_month < v_first_day then v_first_month := (v_first_month + interval '1 month')::date; end if;
  end if;
  if p_to is not null then
    v_end_day := (p_to at time zone 'UTC')::date;
    v_end_month := date_trunc('month', v_end_day::timestamp)::date;
  end if;
  -- a range within one month has no whole month: its whole days all come from the first day range below.
  v_end_month := greatest(v_end_month, v_first_month);
  if v_first_month < v_end_month then
    v_parts := v_parts || format(v_rollup, 'payment_totals_monthly', 'month', v_first_month, 'month', v_end_month, v_dims);
  end if;
  if v_first_day < least(v_first_month, v_end_day) then
    v_parts := v_parts || format(v_rollup, 'payment_totals_daily', 'day', v_first_day, 'day',
                                 least(v_first_month, v_end_day), v_dims);
  end if;
  if greatest(v_end_month, v_first_day) < v_end_day then
    v_parts := v_parts || format(v_rollup, 'payment_totals_daily', 'day', greatest(v_end_month, v_first_day), 'day',
                                 v_end_day, v_dims);
  end if;
  -- the partial days: from p_from to the first whole day, and from the end of the last whole day to p_to.
  if p_from is not null and p_from < least(v_first_day::timestamp at time zone 'UTC', p_to) then
    v_parts := v_parts || format(v_exact, console_private.payments_where(p_status, p_provider, p_type, p_currency,
      p_from, least(v_first_day::timestamp at time zone 'UTC', p_to), null, null, null));
  end if;
  if p_to is not null
     and greatest(v_end_day::timestamp at time zone 'UTC', v_first_day::timestamp at time zone 'UTC', p_from) < p_to then
    v_parts := v_parts || format(v_exact, console_private.payments_where(p_status, p_provider, p_type, p_currency,
      greatest(v_end_day::timestamp at time zone 'UTC', v_first_day::timestamp at time zone 'UTC', p_from), p_to,
      null, null, null));
  end if;
  if cardinality(v_parts) = 0 then
    return 'select null::text as currency, null::text as status, 0::bigint as payments, 0::numeric as amount,'
           ' 0::numeric as refunded where false';
  end if;
  return array_to_string(v_parts, ' union all ');
end;
$$;

comment on function console_private.payment_rollup_sql(text[], text[], text[], text[], timestamptz, timestamptz) is
  'SQL of the rows (currency, status, payments, amount, refunded) that sum to the totals of a payments filter '
  'without an amount range or a search: rollup months, rollup days, and the payments of the two partial days.';

-- ====== searches: the filter itself, not a list of ids ======

create function console_private.search_count_limit()
returns integer
language sql
immutable
set search_path = ''
as $$
  select 1000;
$$;

comment on function console_private.search_count_limit() is
  'A search''s count is exact up to this many matches, the planner''s estimate above (shown as "N+").';

-- p_sql as for count_rows.
create function console_private.count_rows_up_to(p_sql text, p_limit integer)
returns table (total bigint, is_estimate boolean)
language plpgsql
set search_path = ''
as $$
declare
  v_count bigint;
  v_plan jsonb;
begin
  execute format('select count(*) from (%s limit %s) s', p_sql, p_limit + 1) into v_count;
  if v_count <= p_limit then
    return query select v_count, false;
    return;
  end if;
  execute format('explain (format json) %s', p_sql) into v_plan;
  return query select greatest((v_plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint, p_limit + 1), true;
end;
$$;

comment on function console_private.count_rows_up_to(text, integer) is
  'Row count for a list: exact up to p_limit rows, the planner''s estimate (at least p_limit + 1) above it.';

create or replace function console_private.users_where(p_search text, p_role text, p_status text)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  v_where text := 'true';
  v_search text := console_private.check_text('search', p_search, 200);
begin
  if p_status is not null and p_status not in ('active', 'inactive', 'suspended') then
    perform console_private.invalid('status', 'must be active, inactive or suspended');
  end if;
  if p_role is not null and p_role not in (select unnest(console_private.known_roles())) then
    perform console_private.invalid('role', format('unknown role "%s"', p_role));
  end if;
  if v_search is not null then
    -- an email prefix (idx_users_email_prefix) or a part of the name (idx_users_full_name_trgm); the callers are
    -- security definer, so the planner may use both.
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

create or replace function console.count_users(p_search text default null, p_role text default null, p_status text default null)
returns table (total bigint, is_estimate boolean)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_sql text;
begin
  perform console_private.require('users.manage');
  v_sql := 'select 1 from public.users u where ' || console_private.users_where(p_search, p_role, p_status);
  if p_search is not null and btrim(p_search) <> '' then
    return query select * from console_private.count_rows_up_to(v_sql, console_private.search_count_limit());
  else
    return query select * from console_private.count_rows(v_sql);
  end if;
end;
$$;

create or replace function console_private.payments_where(
  p_status text[], p_provider text[], p_type text[], p_currency text[], p_from timestamptz, p_to timestamptz,
  p_min_amount numeric, p_max_amount numeric, p_search text
)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  v_where text := 'true';
  v_search text := console_private.check_text('search', p_search, 200);
  v_status text[] := console_private.check_values('status', p_status,
    array['pending', 'succeeded', 'failed', 'partially_refunded', 'refunded']);
  v_provider text[] := console_private.check_values('provider', p_provider, array['stripe', 'paypal', 'manual']);
  v_type text[] := console_private.check_values('type', p_type, array['workshop', 'engagement', 'subscription', 'other']);
begin
  if p_currency is not null and cardinality(p_currency) > 0 then
    if cardinality(p_currency) > 50 or array_position(p_currency, null) is not null
       or exists (select 1 from unnest(p_currency) c where c !~ '^[A-Z]{3}$') then
      perform console_private.invalid('currency', 'must be ISO 4217 codes such as USD (at most 50)');
    end if;
    v_where := v_where || format(' and p.currency = any (%L::text[])', p_currency);
  end if;
  if p_from is not null and p_to is not null and p_from > p_to then
    perform console_private.invalid('from', 'must not be after "to"');
  end if;
  if p_min_amount is not null and p_min_amount < 0 then
    perform console_private.invalid('min_amount', 'must not be negative');
  end if;
  if p_max_amount is not null and p_max_amount < 0 then
    perform console_private.invalid('max_amount', 'must not be negative');
  end if;
  if p_min_amount is not null and p_max_amount is not null and p_min_amount > p_max_amount then
    perform console_private.invalid('min_amount', 'must not be above max_amount');
  end if;
  if v_status is not null then v_where := v_where || format(' and p.status = any (%L::text[])', v_status); end if;
  if v_provider is not null then v_where := v_where || format(' and p.provider = any (%L::text[])', v_provider); end if;
  if v_type is not null then v_where := v_where || format(' and p.payment_type = any (%L::text[])', v_type); end if;
  if p_from is not null then v_where := v_where || format(' and p.created_at >= %L::timestamptz', p_from); end if;
  if p_to is not null then v_where := v_where || format(' and p.created_at < %L::timestamptz', p_to); end if;
  if p_min_amount is not null then v_where := v_where || format(' and p.amount >= %L::numeric', p_min_amount); end if;
  if p_max_amount is not null then v_where := v_where || format(' and p.amount <= %L::numeric', p_max_amount); end if;
  if v_search is not null then
    -- a prefix of the invoice number (any case), of the processor's transaction id, or of the payer's email: the
    -- prefix indexes and the payer index (the callers are security definer, so the planner may use them all).
    v_where := v_where || format(
      ' and (p.invoice_number like %L or p.transaction_id like %L'
      ' or p.user_id = any (array(select u.id from public.users u where u.email like %L limit 1000)))',
      console_private.like_prefix(upper(v_search)), console_private.like_prefix(v_search),
      console_private.like_prefix(lower(v_search)));
  end if;
  return v_where;
end;
$$;

create or replace function console.count_payments(
  p_status text[] default null,
  p_provider text[] default null,
  p_type text[] default null,
  p_currency text[] default null,
  p_from timestamptz default null,
  p_to timestamptz default null,
  p_min_amount numeric default null,
  p_max_amount numeric default null,
  p_search text default null
)
returns table (total bigint, is_estimate boolean)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_sql text;
begin
  perform console_private.require('payments.read');
  v_sql := 'select 1 from public.payments p where '
    || console_private.payments_where(p_status, p_provider, p_type, p_currency, p_from, p_to, p_min_amount,
                                      p_max_amount, p_search);
  if p_search is not null and btrim(p_search) <> '' then
    return query select * from console_private.count_rows_up_to(v_sql, console_private.search_count_limit());
  elsif p_min_amount is not null or p_max_amount is not null then
    return query select * from console_private.count_rows(v_sql);
  else
    -- exact at any size: the rollup (without parallel workers, as in payment_totals).
    perform set_config('max_parallel_workers_per_gather', '0', true);
    return query execute format('select coalesce(sum(t.payments), 0)::bigint, false from (%s) t',
      console_private.payment_rollup_sql(p_status, p_provider, p_type, p_currency, p_from, p_to));
  end if;
end;
$$;

create or replace function console.payment_totals(
  p_status text[] default null,
  p_provider text[] default null,
  p_type text[] default null,
  p_currency text[] default null,
  p_from timestamptz default null,
  p_to timestamptz default null,
  p_min_amount numeric default null,
  p_max_amount numeric default null,
  p_search text default null
)
returns table (currency text, status text, payments bigint, amount numeric, refunded numeric)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_where text;
  v_rows text;
begin
  perform console_private.require('payments.read');
  -- validates the filter whichever way the totals are read.
  v_where := console_private.payments_where(p_status, p_provider, p_type, p_currency, p_from, p_to, p_min_amount,
                                            p_max_amount, p_search);
  if (p_search is null or btrim(p_search) = '') and p_min_amount is null and p_max_amount is null then
    v_rows := console_private.payment_rollup_sql(p_status, p_provider, p_type, p_currency, p_from, p_to);
    -- a few thousand rows at most: starting parallel workers for the partial days' payments cost more than
    -- reading them (103 ms instead of 5 on a 2-core bench at 1M payments). for the rest of this call only.
    perform set_config('max_parallel_workers_per_gather', '0', true);
  else
    v_rows := 'select p.currency, p.status, 1::bigint as payments, p.amount, p.refund_amount as refunded'
      || ' from public.payments p where ' || v_where;
  end if;
  return query execute format(
    'select t.currency, t.status, sum(t.payments)::bigint, sum(t.amount)::numeric, sum(t.refunded)::numeric
       from (%s) t (currency, status, payments, amount, refunded)
      group by t.currency, t.status
      order by t.currency, t.status', v_rows);
end;
$$;

-- helpers of the definer functions above, which run them as their owner.
revoke execute on function
  console_private.payment_rollup_sql(text[], text[], text[], text[], timestamptz, timestamptz),
  console_private.search_count_limit(),
  console_private.count_rows_up_to(text, integer)
  from public, anon, authenticated, service_role;

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
  v_source text := 'public.reviews';
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
  -- a text search that matches few reviews reads them through the text index and sorts them: the planner would
  -- rather walk the list's order index and compute each review's tsvector on the way, which it prices far below
  -- what it costs (1,600 tsvectors for a page of "example.com" in the queue: 50 ms). `offset 0` plans the matches
  -- on their own. a search matching many (the planner's estimate) keeps the walk, which then stops early.
  if p_search is not null and btrim(p_search) <> '' and (select e.total from console_private.estimate_rows(
       'select 1 from public.reviews r where ' || v_where, 0) e) <= console_private.search_id_limit() then
    v_source := format('(select * from public.reviews r where %s offset 0)', v_where);
    v_where := 'true';
  end if;
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
      from (select * from %5$s r where %2$s order by %1$s %3$s, r.id %3$s limit %4$s) r
      left join public.users u on u.id = r.user_id
     order by %1$s %3$s, r.id %3$s
    $sql$, v_col, v_where, v_dir, v_limit, v_source);
end;
$$;

-- ====== certificates: a number's prefix names a stretch of issue dates ======

-- CERT-{TYPE}-{YYYYMMDD}-…: the issue dates a number prefix ending on a whole year, month or day names; null when
-- it ends elsewhere, empty when its digits are no date.
create function console_private.certificate_number_dates(p_number text)
returns daterange
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_digits text := substring(p_number from '^CERT-[A-Z]+-([0-9]{4}|[0-9]{6}|[0-9]{8})$');
  v_year integer := substr(v_digits, 1, 4)::integer;
  v_month integer := nullif(substr(v_digits, 5, 2), '')::integer;
  v_day integer := nullif(substr(v_digits, 7, 2), '')::integer;
  v_first date;
begin
  if v_digits is null then
    return null;
  end if;
  if v_month is null then
    return daterange(make_date(v_year, 1, 1), make_date(v_year + 1, 1, 1));
  end if;
  if v_month not between 1 and 12 then
    return 'empty';
  end if;
  v_first := make_date(v_year, v_month, 1);
  if v_day is null then
    return daterange(v_first, (v_first + interval '1 month')::date);
  end if;
  if v_day < 1 or v_day > extract(day from v_first + interval '1 month' - interval '1 day') then
    return 'empty';
  end if;
  return daterange(make_date(v_year, v_month, v_day), make_date(v_year, v_month, v_day), '[]');
end;
$$;

revoke execute on function console_private.certificate_number_dates(text) from public, anon, authenticated, service_role;

-- certificates whose issue date was changed after their number was given (none, unless someone edited one).
create index idx_certificates_number_date_changed on public.certificates (issue_date, id)
  where substr(certificate_number, char_length(certificate_type) + 7, 8) is distinct from
        (extract(year from issue_date) * 10000 + extract(month from issue_date) * 100
         + extract(day from issue_date))::text;

create or replace function console.list_certificates(
  p_search text default null,
  p_user_id text default null,
  p_workshop_id text default null,
  p_state text default null,
  p_sort text default 'issue_date',
  p_desc boolean default true,
  p_after jsonb default null,
  p_limit integer default 50
)
returns table (
  id uuid, certificate_number text, certificate_type text, title text, user_id uuid, email text, full_name text,
  workshop_id uuid, workshop_title text, issue_date date, expiry_date date, is_verified boolean,
  revoked_at timestamptz, revocation_reason text, cursor jsonb
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_col text;
  v_where text := 'true';
  v_search text;
  v_number text;
  v_ids uuid[];
  v_matches bigint;
  v_order text;
  v_dates daterange;
begin
  perform console_private.require('certificates.read');
  v_search := console_private.check_text('search', p_search, 300);
  v_col := case p_sort when 'issue_date' then 'c.issue_date' when 'certificate_number' then 'c.certificate_number' end;
  if v_col is null then
    perform console_private.invalid('sort', 'must be one of issue_date, certificate_number');
  end if;
  if p_state is not null and p_state not in ('valid', 'revoked', 'expired') then
    perform console_private.invalid('state', 'must be valid, revoked or expired');
  end if;
  if v_search is not null then
    v_number := console_private.certificate_number_of(v_search);
    if v_number is not null then
      -- a number's prefix matching more than search_id_limit certificates ("CERT-WORKSHOP-2025") is filtered while
      -- reading in the list's order, where matches are common, instead of fetching every match to sort it.
      execute format('select count(*) from (select 1 from public.certificates c where c.certificate_number like %L'
                     ' limit %s) x', console_private.like_prefix(v_number), console_private.search_id_limit() + 1)
        into v_matches;
      -- a prefix ending on a year, month or day ("CERT-WORKSHOP-2025") means the certificates of that type issued
      -- then: a number embeds the type and the issue date it was given. said so, the planner reads that stretch of
      -- the issue date index in the list's order (a like on the number hides how the two go together from it, and
      -- it sorted every match). this is right unless a matching certificate had its issue date changed afterwards
      -- (none, unless someone edited one: their own partial index says so at once).
      if v_matches > console_private.search_id_limit() and p_sort = 'issue_date' then
        v_dates := console_private.certificate_number_dates(v_number);
        if v_dates is not null and (
             select c.id from public.certificates c
              where substr(c.certificate_number, char_length(c.certificate_type) + 7, 8) is distinct from
                    (extract(year from c.issue_date) * 10000 + extract(month from c.issue_date) * 100
                     + extract(day from c.issue_date))::text
                and c.certificate_number like console_private.like_prefix(v_number)
              -- in the partial index's order: the planner, which cannot tell how few rows it holds, reads it.
              order by c.issue_date, c.id
              limit 1) is not null then
          v_dates := null;
        end if;
      end if;
      if v_dates is not null then
        v_where := v_where || format(' and c.certificate_type = %L and c.issue_date <@ %L::daterange',
          lower(substring(v_number from '^CERT-([A-Z]+)-')), v_dates);
      else
        v_where := v_where || format(' and %s like %L',
          case when v_matches > console_private.search_id_limit() then '(c.certificate_number || '''')'
               else 'c.certificate_number' end,
          console_private.like_prefix(v_number));
      end if;
    else
      -- a person (email prefix, name) or a workshop (title). people are resolved to ids first, as list_users does
      -- (user_search_ids itself is users.manage's), so a selective search reads the certificates' user index; a
      -- search matching more people than search_id_limit filters the rows directly, matches being common then.
      v_ids := array(select x.id from (
          (select u.id from public.users u where u.email like console_private.like_prefix(lower(v_search))
            limit console_private.search_id_limit() + 1)
          union
          (select u.id from public.users u where u.full_name ilike '%' || console_private.like_prefix(v_search)
            limit console_private.search_id_limit() + 1)) x
        limit console_private.search_id_limit() + 1);
      v_where := v_where || format(
        ' and (%s or c.workshop_id = any (array(select w.id from public.workshops w where w.title ilike %L)))',
        case when cardinality(v_ids) <= console_private.search_id_limit() then format('c.user_id = any (%L::uuid[])', v_ids)
             else format('exists (select 1 from public.users u where u.id = c.user_id and (u.email like %L or u.full_name ilike %L))',
                         console_private.like_prefix(lower(v_search)), '%' || console_private.like_prefix(v_search)) end,
        '%' || console_private.like_prefix(v_search));
    end if;
  end if;
  if p_user_id is not null then
    v_where := v_where || format(' and c.user_id = %L::uuid', console_private.to_uuid('user_id', p_user_id));
  end if;
  if p_workshop_id is not null then
    v_where := v_where || format(' and c.workshop_id = %L::uuid', console_private.to_uuid('workshop_id', p_workshop_id));
  end if;
  v_where := v_where || case p_state
    when 'valid' then ' and c.revoked_at is null and (c.expiry_date is null or c.expiry_date >= current_date)'
    when 'revoked' then ' and c.revoked_at is not null'
    when 'expired' then ' and c.revoked_at is null and c.expiry_date < current_date'
    else '' end;
  v_where := v_where || console_private.keyset_after(p_after, v_col,
    case p_sort when 'issue_date' then 'date' else 'text' end,
    case p_sort when 'issue_date' then 'c.id' end, 'uuid', p_desc);
  -- a search for a few people (at most 1,000): their certificates come through the user index and are then sorted;
  -- the sort key is hidden from its own index, which the planner would otherwise walk over every certificate in
  -- list order looking for theirs. the page is chosen on certificates alone, then joined.
  v_order := case when cardinality(v_ids) <= 1000
                  then case p_sort when 'issue_date' then '(c.issue_date + 0)' else '(c.certificate_number || '''')' end
                  else v_col end;
  return query execute format(
    'select c.id, c.certificate_number, c.certificate_type, c.title, c.user_id, u.email, u.full_name, c.workshop_id,
            w.title, c.issue_date, c.expiry_date, c.is_verified, c.revoked_at, c.revocation_reason,
            jsonb_build_object(''v'', %1$s, ''id'', c.id)
       from (select c.* from public.certificates c
              where %2$s
              order by %5$s %3$s, c.id %3$s
              limit %4$s) c
       join public.users u on u.id = c.user_id
       left join public.workshops w on w.id = c.workshop_id
      order by %1$s %3$s, c.id %3$s', v_col, v_where, case when p_desc then 'desc' else 'asc' end,
    console_private.check_limit(p_limit), v_order);
end;
$$;

-- ====== the review queue's text search ======

create index idx_reviews_queue_search on public.reviews
  using gin (to_tsvector('english', coalesce(title, '') || ' ' || review_text))
  where status in ('pending', 'flagged');

-- ====== rollback ======
-- drop index if exists public.idx_reviews_queue_search;
-- drop trigger if exists payments_totals_insert on public.payments;
-- drop trigger if exists payments_totals_update on public.payments;
-- drop trigger if exists payments_totals_delete on public.payments;
-- drop trigger if exists payments_totals_truncate on public.payments;
-- create or replace function console_private.users_where(p_search text, p_role text, p_status text)
-- returns text
-- language plpgsql
-- stable
-- set search_path = ''
-- as $$
-- declare
--   v_where text := 'true';
--   v_search text := console_private.check_text('search', p_search, 200);
--   v_ids uuid[];
-- begin
--   if p_status is not null and p_status not in ('active', 'inactive', 'suspended') then
--     perform console_private.invalid('status', 'must be active, inactive or suspended');
--   end if;
--   if p_role is not null and p_role not in (select unnest(console_private.known_roles())) then
--     perform console_private.invalid('role', format('unknown role "%s"', p_role));
--   end if;
--   if v_search is not null then
--     v_ids := console_private.user_search_ids(v_search);
--   end if;
--   if v_ids is not null then
--     v_where := v_where || format(' and u.id = any (%L::uuid[])', v_ids);
--   elsif v_search is not null then
--     v_where := v_where || format(
--       ' and (u.email like %L or u.full_name ilike %L)',
--       console_private.like_prefix(lower(v_search)),
--       '%' || console_private.like_prefix(v_search));
--   end if;
--   if p_status is not null then
--     v_where := v_where || format(' and u.status = %L', p_status);
--   end if;
--   if p_role is not null then
--     v_where := v_where || format(
--       ' and exists (select 1 from public.user_roles r where r.user_id = u.id and r.role = %L'
--       ' and (r.expires_at is null or r.expires_at > now()))', p_role);
--   end if;
--   return v_where;
-- end;
-- $$;

-- create or replace function console.count_users(p_search text default null, p_role text default null, p_status text default null)
-- returns table (total bigint, is_estimate boolean)
-- language plpgsql
-- stable
-- security definer
-- set search_path = ''
-- as $$
-- declare
--   v_sql text;
--   v_search text;
-- begin
--   perform console_private.require('users.manage');
--   v_sql := 'select 1 from public.users u where ' || console_private.users_where(p_search, p_role, p_status);
--   v_search := console_private.check_text('search', p_search, 200);
--   if v_search is not null and console_private.user_search_ids(v_search) is null then
--     return query select * from console_private.estimate_rows(v_sql, console_private.search_id_limit() + 1);
--   else
--     return query select * from console_private.count_rows(v_sql);
--   end if;
-- end;
-- $$;

-- create or replace function console_private.payments_where(
--   p_status text[], p_provider text[], p_type text[], p_currency text[], p_from timestamptz, p_to timestamptz,
--   p_min_amount numeric, p_max_amount numeric, p_search text
-- )
-- returns text
-- language plpgsql
-- stable
-- set search_path = ''
-- as $$
-- declare
--   v_where text := 'true';
--   v_search text := console_private.check_text('search', p_search, 200);
--   v_ids uuid[];
--   v_status text[] := console_private.check_values('status', p_status,
--     array['pending', 'succeeded', 'failed', 'partially_refunded', 'refunded']);
--   v_provider text[] := console_private.check_values('provider', p_provider, array['stripe', 'paypal', 'manual']);
--   v_type text[] := console_private.check_values('type', p_type, array['workshop', 'engagement', 'subscription', 'other']);
-- begin
--   if p_currency is not null and cardinality(p_currency) > 0 then
--     if cardinality(p_currency) > 50 or array_position(p_currency, null) is not null
--        or exists (select 1 from unnest(p_currency) c where c !~ '^[A-Z]{3}$') then
--       perform console_private.invalid('currency', 'must be ISO 4217 codes such as USD (at most 50)');
--     end if;
--     v_where := v_where || format(' and p.currency = any (%L::text[])', p_currency);
--   end if;
--   if p_from is not null and p_to is not null and p_from > p_to then
--     perform console_private.invalid('from', 'must not be after "to"');
--   end if;
--   if p_min_amount is not null and p_min_amount < 0 then
--     perform console_private.invalid('min_amount', 'must not be negative');
--   end if;
--   if p_max_amount is not null and p_max_amount < 0 then
--     perform console_private.invalid('max_amount', 'must not be negative');
--   end if;
--   if p_min_amount is not null and p_max_amount is not null and p_min_amount > p_max_amount then
--     perform console_private.invalid('min_amount', 'must not be above max_amount');
--   end if;
--   if v_status is not null then v_where := v_where || format(' and p.status = any (%L::text[])', v_status); end if;
--   if v_provider is not null then v_where := v_where || format(' and p.provider = any (%L::text[])', v_provider); end if;
--   if v_type is not null then v_where := v_where || format(' and p.payment_type = any (%L::text[])', v_type); end if;
--   if p_from is not null then v_where := v_where || format(' and p.created_at >= %L::timestamptz', p_from); end if;
--   if p_to is not null then v_where := v_where || format(' and p.created_at < %L::timestamptz', p_to); end if;
--   if p_min_amount is not null then v_where := v_where || format(' and p.amount >= %L::numeric', p_min_amount); end if;
--   if p_max_amount is not null then v_where := v_where || format(' and p.amount <= %L::numeric', p_max_amount); end if;
--   if v_search is not null then
--     v_ids := console_private.payment_search_ids(v_search);
--   end if;
--   if v_ids is not null then
--     v_where := v_where || format(' and p.id = any (%L::uuid[])', v_ids);
--   elsif v_search is not null then
--     -- a prefix of the invoice number (any case), of the processor's transaction id, or of the payer's email.
--     v_where := v_where || format(
--       ' and (p.invoice_number like %L or p.transaction_id like %L'
--       ' or p.user_id = any (array(select u.id from public.users u where u.email like %L limit 1000)))',
--       console_private.like_prefix(upper(v_search)), console_private.like_prefix(v_search),
--       console_private.like_prefix(lower(v_search)));
--   end if;
--   return v_where;
-- end;
-- $$;

-- create or replace function console.count_payments(
--   p_status text[] default null,
--   p_provider text[] default null,
--   p_type text[] default null,
--   p_currency text[] default null,
--   p_from timestamptz default null,
--   p_to timestamptz default null,
--   p_min_amount numeric default null,
--   p_max_amount numeric default null,
--   p_search text default null
-- )
-- returns table (total bigint, is_estimate boolean)
-- language plpgsql
-- stable
-- security definer
-- set search_path = ''
-- as $$
-- declare
--   v_sql text;
--   v_search text;
-- begin
--   perform console_private.require('payments.read');
--   v_sql := 'select 1 from public.payments p where '
--     || console_private.payments_where(p_status, p_provider, p_type, p_currency, p_from, p_to, p_min_amount,
--                                       p_max_amount, p_search);
--   v_search := console_private.check_text('search', p_search, 200);
--   if v_search is not null and console_private.payment_search_ids(v_search) is null then
--     return query select * from console_private.estimate_rows(v_sql, console_private.search_id_limit() + 1);
--   else
--     return query select * from console_private.count_rows(v_sql);
--   end if;
-- end;
-- $$;

-- create or replace function console.payment_totals(
--   p_status text[] default null,
--   p_provider text[] default null,
--   p_type text[] default null,
--   p_currency text[] default null,
--   p_from timestamptz default null,
--   p_to timestamptz default null,
--   p_min_amount numeric default null,
--   p_max_amount numeric default null,
--   p_search text default null
-- )
-- returns table (currency text, status text, payments bigint, amount numeric, refunded numeric)
-- language plpgsql
-- stable
-- security definer
-- set search_path = ''
-- as $$
-- begin
--   perform console_private.require('payments.read');
--   return query execute format(
--     'select p.currency, p.status, count(*)::bigint, sum(p.amount)::numeric, sum(p.refund_amount)::numeric
--        from public.payments p
--       where %s
--       group by p.currency, p.status
--       order by p.currency, p.status',
--     console_private.payments_where(p_status, p_provider, p_type, p_currency, p_from, p_to, p_min_amount,
--                                    p_max_amount, p_search));
-- end;
-- $$;
-- drop function if exists console_private.count_rows_up_to(text, integer);
-- drop function if exists console_private.search_count_limit();
-- drop function if exists console_private.payment_rollup_sql(text[], text[], text[], text[], timestamptz, timestamptz);
-- drop function if exists console_private.payment_totals_drift();
-- drop function if exists console_private.maintain_payment_totals();
-- drop table if exists console_private.payment_totals_monthly;
-- drop table if exists console_private.payment_totals_daily;
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
--   v_where := v_where || console_private.keyset_after(p_after, v_col, v_type, 'r.id', 'uuid', p_desc);
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
-- create or replace function console.list_certificates(
--   p_search text default null,
--   p_user_id text default null,
--   p_workshop_id text default null,
--   p_state text default null,
--   p_sort text default 'issue_date',
--   p_desc boolean default true,
--   p_after jsonb default null,
--   p_limit integer default 50
-- )
-- returns table (
--   id uuid, certificate_number text, certificate_type text, title text, user_id uuid, email text, full_name text,
--   workshop_id uuid, workshop_title text, issue_date date, expiry_date date, is_verified boolean,
--   revoked_at timestamptz, revocation_reason text, cursor jsonb
-- )
-- language plpgsql
-- stable
-- security definer
-- set search_path = ''
-- as $$
-- declare
--   v_col text;
--   v_where text := 'true';
--   v_search text;
--   v_number text;
--   v_ids uuid[];
--   v_matches bigint;
--   v_order text;
-- begin
--   perform console_private.require('certificates.read');
--   v_search := console_private.check_text('search', p_search, 300);
--   v_col := case p_sort when 'issue_date' then 'c.issue_date' when 'certificate_number' then 'c.certificate_number' end;
--   if v_col is null then
--     perform console_private.invalid('sort', 'must be one of issue_date, certificate_number');
--   end if;
--   if p_state is not null and p_state not in ('valid', 'revoked', 'expired') then
--     perform console_private.invalid('state', 'must be valid, revoked or expired');
--   end if;
--   if v_search is not null then
--     v_number := console_private.certificate_number_of(v_search);
--     if v_number is not null then
--       -- a number's prefix matching more than search_id_limit certificates ("CERT-WORKSHOP-2025") is filtered while
--       -- reading in the list's order, where matches are common, instead of fetching every match to sort it.
--       execute format('select count(*) from (select 1 from public.certificates c where c.certificate_number like %L'
--                      ' limit %s) x', console_private.like_prefix(v_number), console_private.search_id_limit() + 1)
--         into v_matches;
--       v_where := v_where || format(' and %s like %L',
--         case when v_matches > console_private.search_id_limit() then '(c.certificate_number || '''')'
--              else 'c.certificate_number' end,
--         console_private.like_prefix(v_number));
--     else
--       -- a person (email prefix, name) or a workshop (title). people are resolved to ids first, as list_users does
--       -- (user_search_ids itself is users.manage's), so a selective search reads the certificates' user index; a
--       -- search matching more people than search_id_limit filters the rows directly, matches being common then.
--       v_ids := array(select x.id from (
--           (select u.id from public.users u where u.email like console_private.like_prefix(lower(v_search))
--             limit console_private.search_id_limit() + 1)
--           union
--           (select u.id from public.users u where u.full_name ilike '%' || console_private.like_prefix(v_search)
--             limit console_private.search_id_limit() + 1)) x
--         limit console_private.search_id_limit() + 1);
--       v_where := v_where || format(
--         ' and (%s or c.workshop_id = any (array(select w.id from public.workshops w where w.title ilike %L)))',
--         case when cardinality(v_ids) <= console_private.search_id_limit() then format('c.user_id = any (%L::uuid[])', v_ids)
--              else format('exists (select 1 from public.users u where u.id = c.user_id and (u.email like %L or u.full_name ilike %L))',
--                          console_private.like_prefix(lower(v_search)), '%' || console_private.like_prefix(v_search)) end,
--         '%' || console_private.like_prefix(v_search));
--     end if;
--   end if;
--   if p_user_id is not null then
--     v_where := v_where || format(' and c.user_id = %L::uuid', console_private.to_uuid('user_id', p_user_id));
--   end if;
--   if p_workshop_id is not null then
--     v_where := v_where || format(' and c.workshop_id = %L::uuid', console_private.to_uuid('workshop_id', p_workshop_id));
--   end if;
--   v_where := v_where || case p_state
--     when 'valid' then ' and c.revoked_at is null and (c.expiry_date is null or c.expiry_date >= current_date)'
--     when 'revoked' then ' and c.revoked_at is not null'
--     when 'expired' then ' and c.revoked_at is null and c.expiry_date < current_date'
--     else '' end;
--   v_where := v_where || console_private.keyset_after(p_after, v_col,
--     case p_sort when 'issue_date' then 'date' else 'text' end,
--     case p_sort when 'issue_date' then 'c.id' end, 'uuid', p_desc);
--   -- a search for a few people (at most 1,000): their certificates come through the user index and are then sorted;
--   -- the sort key is hidden from its own index, which the planner would otherwise walk over every certificate in
--   -- list order looking for theirs. the page is chosen on certificates alone, then joined.
--   v_order := case when cardinality(v_ids) <= 1000
--                   then case p_sort when 'issue_date' then '(c.issue_date + 0)' else '(c.certificate_number || '''')' end
--                   else v_col end;
--   return query execute format(
--     'select c.id, c.certificate_number, c.certificate_type, c.title, c.user_id, u.email, u.full_name, c.workshop_id,
--             w.title, c.issue_date, c.expiry_date, c.is_verified, c.revoked_at, c.revocation_reason,
--             jsonb_build_object(''v'', %1$s, ''id'', c.id)
--        from (select c.* from public.certificates c
--               where %2$s
--               order by %5$s %3$s, c.id %3$s
--               limit %4$s) c
--        join public.users u on u.id = c.user_id
--        left join public.workshops w on w.id = c.workshop_id
--       order by %1$s %3$s, c.id %3$s', v_col, v_where, case when p_desc then 'desc' else 'asc' end,
--     console_private.check_limit(p_limit), v_order);
-- end;
-- $$;
-- drop index if exists public.idx_certificates_number_date_changed;
-- drop function if exists console_private.certificate_number_dates(text);
