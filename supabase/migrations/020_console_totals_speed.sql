-- 020_console_totals_speed.sql
--
-- what: payment_totals with an amount range reads rollups by amount band and by exact amount instead of every
-- payment; with a search, the payers' payments through a covering index; the payment rollups' statement triggers
-- group a statement's rows once and delete the rows it empties by their address instead of scanning the rollups.
-- why: issue 19 measured payment_totals at 1M payments: amount >= 1,000 552-656 ms p50 (it read every matching
-- payment); the payer search "ava.okafor" 13.7-20 ms p50, 25.8-101 ms p95 (a heap page for nearly each of its 2,479
-- payments). the target is 25 ms p95 for every filter of the payments screen.
--   * amount bands: console_private.amount_band_edges, ten bands a decade (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 and 8
--     times a power of ten), so round bounds such as 100, 1,000 or 2,500 are band edges. payment_band_totals (all
--     time, a few thousand rows), _monthly and _daily hold what 017's rollups hold, per band as well. an amount range
--     is the bands wholly inside it, from those, plus the part of the (at most two) bands it cuts: without a date
--     range from payment_amount_totals (per exact amount: a price paid ten thousand times is one row per currency,
--     status, provider and type), with one from the payments of the whole days (idx_payments_amount_id, which now
--     includes what the totals need: an index-only scan). where the part of a cut band outside the range is the
--     narrower, the whole band is read less that part. the partial days at a range's ends read their payments, as
--     in 017.
--   * the search: payments_where's search ORs an invoice prefix, a transaction prefix and the payers' ids; the
--     planner read it as one bitmap and visited a heap page for nearly every payment (2,418 pages of 4,207 buffers
--     for "ava.okafor"). the totals read the payers' payments apart, through idx_payments_user_id, which now
--     includes what the totals and the filters need (an index-only scan, 2,263 buffers), and the invoice and
--     transaction matches that are not theirs apart.
--   * writes: 017's trigger grouped the statement's rows twice and, after an update or delete, scanned both rollups
--     for emptied rows (~20 ms for one refund at 1M payments). now the statement's rows are read once, grouped per
--     amount and per day and band for all six rollups, and the rows it empties are deleted by ctid.
-- applied by the supabase cli as one implicit transaction: no explicit transaction control, no locks by statement,
-- nothing that needs a superuser.

-- ====== amount bands ======

create function console_private.amount_band_edges()
returns numeric[]
language sql
immutable
parallel safe
set search_path = ''
as $$
  select '{0.01,0.02,0.03,0.04,0.05,0.06,0.08,0.1,0.12,0.15,0.2,0.25,0.3,0.4,0.5,0.6,0.8,1,1.2,1.5,2,2.5,3,4,5,6,8,10,12,15,20,25,30,40,50,60,80,100,120,150,200,250,300,400,500,600,800,1000,1200,1500,2000,2500,3000,4000,5000,6000,8000,10000,12000,15000,20000,25000,30000,40000,50000,60000,80000,100000,120000,150000,200000,250000,300000,400000,500000,600000,800000,1000000,1200000,1500000,2000000,2500000,3000000,4000000,5000000,6000000,8000000,10000000,12000000,15000000,20000000,25000000,30000000,40000000,50000000,60000000,80000000,100000000,120000000,150000000,200000000,250000000,300000000,400000000,500000000,600000000,800000000,1000000000,1200000000,1500000000,2000000000,2500000000,3000000000,4000000000,5000000000,6000000000,8000000000,10000000000}'::numeric[];
$$;

comment on function console_private.amount_band_edges() is
  'The edges of the amount bands: band i (width_bucket(amount, amount_band_edges())) holds the amounts from edge i '
  'up to, not including, edge i + 1. Ten a decade from 0.01 (every amount, numeric(12,2), is at least 0.01 and '
  'below the last edge). Changing them means rebuilding console_private.payment_band_totals and its _daily and '
  '_monthly.';

revoke execute on function console_private.amount_band_edges() from public, anon, authenticated, service_role;

create table console_private.payment_band_totals (
  band smallint not null,
  currency text not null,
  status text not null,
  provider text not null,
  payment_type text not null,
  payments bigint not null,
  amount numeric not null,
  refunded numeric not null,
  primary key (band, currency, status, provider, payment_type)
) with (fillfactor = 70);

comment on table console_private.payment_band_totals is
  'Payments per amount band (width_bucket(amount, amount_band_edges())), currency, status, provider and '
  'payment_type, of all time: how many, their amount and refund_amount. Kept by the statement triggers on '
  'public.payments (017''s, console_private.maintain_payment_totals); console_private.payment_totals_drift() checks '
  'it. A few thousand rows, where the same by month are tens of thousands.';

create table console_private.payment_amount_totals (
  each_amount numeric not null,
  currency text not null,
  status text not null,
  provider text not null,
  payment_type text not null,
  payments bigint not null,
  amount numeric not null,
  refunded numeric not null,
  primary key (each_amount, currency, status, provider, payment_type)
) with (fillfactor = 70);

comment on table console_private.payment_amount_totals is
  'Payments per amount (each_amount), currency, status, provider and payment_type, of all time: how many, their '
  'amount and refund_amount. Where an amount range cuts a band, this holds its part without a row per payment (a '
  'price paid ten thousand times is one row per currency, status, provider and type). Kept like the band rollups.';

create table console_private.payment_band_totals_daily (
  day date not null,
  band smallint not null,
  currency text not null,
  status text not null,
  provider text not null,
  payment_type text not null,
  payments bigint not null,
  amount numeric not null,
  refunded numeric not null,
  primary key (day, band, currency, status, provider, payment_type)
) with (fillfactor = 70);

comment on table console_private.payment_band_totals_daily is
  'console_private.payment_totals_daily per amount band as well (width_bucket(amount, amount_band_edges())). Kept '
  'by the same statement triggers; console_private.payment_totals_drift() checks it.';

create table console_private.payment_band_totals_monthly (
  month date not null check (extract(day from month) = 1),
  band smallint not null,
  currency text not null,
  status text not null,
  provider text not null,
  payment_type text not null,
  payments bigint not null,
  amount numeric not null,
  refunded numeric not null,
  primary key (month, band, currency, status, provider, payment_type)
) with (fillfactor = 70);

comment on table console_private.payment_band_totals_monthly is
  'console_private.payment_band_totals_daily summed per utc calendar month.';

revoke all on console_private.payment_amount_totals, console_private.payment_band_totals,
  console_private.payment_band_totals_daily,
  console_private.payment_band_totals_monthly from public, anon, authenticated, service_role;

-- one function still serves the insert, update, delete and truncate triggers (017's triggers call it). the
-- statement's rows are read once (only the columns the rollups need) and grouped per amount and per day and band;
-- all time, then months, then days, each in key order, so concurrent writers queue on the same rows instead of
-- deadlocking. rows an update or delete empties are deleted by their address (the upsert returns it), not by
-- scanning the rollups.
create or replace function console_private.maintain_payment_totals()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_cols constant text := 'select r.created_at, r.amount, r.refund_amount, r.currency, r.status, r.provider,'
                          ' r.payment_type, %s as sign from %s r';
  v_rows text;
  -- the rows the statement emptied, per rollup.
  v_amounts tid[];
  v_bands tid[];
  v_band_months tid[];
  v_months tid[];
  v_band_days tid[];
  v_days tid[];
begin
  if tg_op = 'TRUNCATE' then
    delete from console_private.payment_amount_totals;
    delete from console_private.payment_band_totals;
    delete from console_private.payment_band_totals_monthly;
    delete from console_private.payment_totals_monthly;
    delete from console_private.payment_band_totals_daily;
    delete from console_private.payment_totals_daily;
    return null;
  end if;
  -- the statement's rows as signed contributions; an update that changes none of the keys or sums nets to zero.
  v_rows := case tg_op
    when 'INSERT' then format(v_cols, 1, 'new_rows')
    when 'DELETE' then format(v_cols, -1, 'old_rows')
    else format(v_cols, 1, 'new_rows') || ' union all ' || format(v_cols, -1, 'old_rows')
  end;
  execute format($sql$
    with d as materialized (%s
    ), a as (
      select d.amount as each_amount, d.currency, d.status, d.provider, d.payment_type, sum(d.sign)::bigint as payments,
             sum(d.sign * d.amount) as amount, sum(d.sign * d.refund_amount) as refunded
        from d
       group by 1, 2, 3, 4, 5
    ), g as materialized (
      select (d.created_at at time zone 'UTC')::date as day, width_bucket(d.amount, %L::numeric[])::smallint as band,
             d.currency, d.status, d.provider, d.payment_type, sum(d.sign)::bigint as payments,
             sum(d.sign * d.amount) as amount, sum(d.sign * d.refund_amount) as refunded
        from d
       group by 1, 2, 3, 4, 5, 6
    ), m as materialized (
      select date_trunc('month', g.day)::date as month, g.band, g.currency, g.status, g.provider, g.payment_type,
             sum(g.payments) as payments, sum(g.amount) as amount, sum(g.refunded) as refunded
        from g
       group by 1, 2, 3, 4, 5, 6
    ), amount_all as (
      insert into console_private.payment_amount_totals as t
        (each_amount, currency, status, provider, payment_type, payments, amount, refunded)
      select a.* from a where (a.payments, a.amount, a.refunded) is distinct from (0, 0, 0)
       order by 1, 2, 3, 4, 5
      on conflict (each_amount, currency, status, provider, payment_type) do update
         set payments = t.payments + excluded.payments, amount = t.amount + excluded.amount,
             refunded = t.refunded + excluded.refunded
      returning -1 as rollup, t.ctid, (t.payments = 0 and t.amount = 0 and t.refunded = 0) as empty
    ), band_all as (
      insert into console_private.payment_band_totals as t
        (band, currency, status, provider, payment_type, payments, amount, refunded)
      select m.band, m.currency, m.status, m.provider, m.payment_type, sum(m.payments), sum(m.amount),
             sum(m.refunded)
        from m
       group by 1, 2, 3, 4, 5
      having (sum(m.payments), sum(m.amount), sum(m.refunded)) is distinct from (0, 0, 0)
       order by 1, 2, 3, 4, 5
      on conflict (band, currency, status, provider, payment_type) do update
         set payments = t.payments + excluded.payments, amount = t.amount + excluded.amount,
             refunded = t.refunded + excluded.refunded
      returning 0 as rollup, t.ctid, (t.payments = 0 and t.amount = 0 and t.refunded = 0) as empty
    ), band_monthly as (
      insert into console_private.payment_band_totals_monthly as t
        (month, band, currency, status, provider, payment_type, payments, amount, refunded)
      select m.* from m where (m.payments, m.amount, m.refunded) is distinct from (0, 0, 0)
       order by 1, 2, 3, 4, 5, 6
      on conflict (month, band, currency, status, provider, payment_type) do update
         set payments = t.payments + excluded.payments, amount = t.amount + excluded.amount,
             refunded = t.refunded + excluded.refunded
      returning 1 as rollup, t.ctid, (t.payments = 0 and t.amount = 0 and t.refunded = 0) as empty
    ), monthly as (
      insert into console_private.payment_totals_monthly as t
        (month, currency, status, provider, payment_type, payments, amount, refunded)
      select m.month, m.currency, m.status, m.provider, m.payment_type, sum(m.payments), sum(m.amount),
             sum(m.refunded)
        from m
       group by 1, 2, 3, 4, 5
      having (sum(m.payments), sum(m.amount), sum(m.refunded)) is distinct from (0, 0, 0)
       order by 1, 2, 3, 4, 5
      on conflict (month, currency, status, provider, payment_type) do update
         set payments = t.payments + excluded.payments, amount = t.amount + excluded.amount,
             refunded = t.refunded + excluded.refunded
      returning 2 as rollup, t.ctid, (t.payments = 0 and t.amount = 0 and t.refunded = 0) as empty
    ), band_daily as (
      insert into console_private.payment_band_totals_daily as t
        (day, band, currency, status, provider, payment_type, payments, amount, refunded)
      select g.* from g where (g.payments, g.amount, g.refunded) is distinct from (0, 0, 0)
       order by 1, 2, 3, 4, 5, 6
      on conflict (day, band, currency, status, provider, payment_type) do update
         set payments = t.payments + excluded.payments, amount = t.amount + excluded.amount,
             refunded = t.refunded + excluded.refunded
      returning 3 as rollup, t.ctid, (t.payments = 0 and t.amount = 0 and t.refunded = 0) as empty
    ), daily as (
      insert into console_private.payment_totals_daily as t
        (day, currency, status, provider, payment_type, payments, amount, refunded)
      select g.day, g.currency, g.status, g.provider, g.payment_type, sum(g.payments), sum(g.amount),
             sum(g.refunded)
        from g
       group by 1, 2, 3, 4, 5
      having (sum(g.payments), sum(g.amount), sum(g.refunded)) is distinct from (0, 0, 0)
       order by 1, 2, 3, 4, 5
      on conflict (day, currency, status, provider, payment_type) do update
         set payments = t.payments + excluded.payments, amount = t.amount + excluded.amount,
             refunded = t.refunded + excluded.refunded
      returning 4 as rollup, t.ctid, (t.payments = 0 and t.amount = 0 and t.refunded = 0) as empty
    )
    select coalesce(array_agg(x.ctid) filter (where x.rollup = -1), '{}'),
           coalesce(array_agg(x.ctid) filter (where x.rollup = 0), '{}'),
           coalesce(array_agg(x.ctid) filter (where x.rollup = 1), '{}'),
           coalesce(array_agg(x.ctid) filter (where x.rollup = 2), '{}'),
           coalesce(array_agg(x.ctid) filter (where x.rollup = 3), '{}'),
           coalesce(array_agg(x.ctid) filter (where x.rollup = 4), '{}')
      from (select * from amount_all union all select * from band_all union all select * from band_monthly
            union all select * from monthly union all select * from band_daily union all select * from daily) x
     where x.empty$sql$,
    v_rows, console_private.amount_band_edges()) into v_amounts, v_bands, v_band_months, v_months, v_band_days, v_days;
  if tg_op <> 'INSERT' then
    delete from console_private.payment_amount_totals t where t.ctid = any (v_amounts);
    delete from console_private.payment_band_totals t where t.ctid = any (v_bands);
    delete from console_private.payment_band_totals_monthly t where t.ctid = any (v_band_months);
    delete from console_private.payment_totals_monthly t where t.ctid = any (v_months);
    delete from console_private.payment_band_totals_daily t where t.ctid = any (v_band_days);
    delete from console_private.payment_totals_daily t where t.ctid = any (v_days);
  end if;
  return null;
end;
$$;

comment on function console_private.maintain_payment_totals() is
  'Trigger function (after insert/update/delete/truncate on public.payments, per statement, with transition '
  'tables): adds each payment to its day''s and month''s rollup rows, with and without its amount band, and takes '
  'its old version away.';

insert into console_private.payment_band_totals_daily
  (day, band, currency, status, provider, payment_type, payments, amount, refunded)
select (p.created_at at time zone 'UTC')::date, width_bucket(p.amount, console_private.amount_band_edges()),
       p.currency, p.status, p.provider, p.payment_type, count(*), sum(p.amount), sum(p.refund_amount)
  from public.payments p
 group by 1, 2, 3, 4, 5, 6
 order by 1, 2, 3, 4, 5, 6;

insert into console_private.payment_band_totals_monthly
  (month, band, currency, status, provider, payment_type, payments, amount, refunded)
select date_trunc('month', d.day)::date, d.band, d.currency, d.status, d.provider, d.payment_type, sum(d.payments),
       sum(d.amount), sum(d.refunded)
  from console_private.payment_band_totals_daily d
 group by 1, 2, 3, 4, 5, 6
 order by 1, 2, 3, 4, 5, 6;

insert into console_private.payment_amount_totals
  (each_amount, currency, status, provider, payment_type, payments, amount, refunded)
select p.amount, p.currency, p.status, p.provider, p.payment_type, count(*), sum(p.amount), sum(p.refund_amount)
  from public.payments p
 group by 1, 2, 3, 4, 5
 order by 1, 2, 3, 4, 5;

insert into console_private.payment_band_totals
  (band, currency, status, provider, payment_type, payments, amount, refunded)
select m.band, m.currency, m.status, m.provider, m.payment_type, sum(m.payments), sum(m.amount), sum(m.refunded)
  from console_private.payment_band_totals_monthly m
 group by 1, 2, 3, 4, 5
 order by 1, 2, 3, 4, 5;

analyze console_private.payment_amount_totals, console_private.payment_band_totals,
  console_private.payment_band_totals_daily,
  console_private.payment_band_totals_monthly;

-- the full recomputation every rollup must equal (017's, with the band and amount rollups and their keys).
drop function console_private.payment_totals_drift();

create function console_private.payment_totals_drift()
returns table (scope text, period date, band smallint, each_amount numeric, currency text, status text,
               provider text, payment_type text, rollup jsonb, recomputed jsonb)
language sql
stable
set search_path = ''
as $$
  with actual as (
    select case when grouping(x.day) = 0 then 'daily' when grouping(x.month) = 0 then 'monthly' else 'all time' end
             || case when grouping(x.band) = 0 then ' by band' when grouping(x.amount) = 0 then ' by amount' else ''
                end as scope,
           coalesce(x.day, x.month) as period, x.band,
           case when grouping(x.amount) = 0 then x.amount end as each_amount,
           x.currency, x.status, x.provider, x.payment_type,
           jsonb_build_object('payments', count(*), 'amount', sum(x.amount), 'refunded', sum(x.refund_amount)) as v
      from (select p.*, (p.created_at at time zone 'UTC')::date as day,
                   date_trunc('month', p.created_at at time zone 'UTC')::date as month,
                   width_bucket(p.amount, console_private.amount_band_edges())::smallint as band
              from public.payments p) x
     group by grouping sets ((x.day, x.currency, x.status, x.provider, x.payment_type),
                             (x.month, x.currency, x.status, x.provider, x.payment_type),
                             (x.day, x.band, x.currency, x.status, x.provider, x.payment_type),
                             (x.month, x.band, x.currency, x.status, x.provider, x.payment_type),
                             (x.band, x.currency, x.status, x.provider, x.payment_type),
                             (x.amount, x.currency, x.status, x.provider, x.payment_type))
  ), kept as (
    select 'daily' as scope, d.day as period, null::smallint as band, null::numeric as each_amount, d.currency,
           d.status, d.provider, d.payment_type,
           jsonb_build_object('payments', d.payments, 'amount', d.amount, 'refunded', d.refunded) as v
      from console_private.payment_totals_daily d
    union all
    select 'monthly', m.month, null, null, m.currency, m.status, m.provider, m.payment_type,
           jsonb_build_object('payments', m.payments, 'amount', m.amount, 'refunded', m.refunded)
      from console_private.payment_totals_monthly m
    union all
    select 'daily by band', d.day, d.band, null, d.currency, d.status, d.provider, d.payment_type,
           jsonb_build_object('payments', d.payments, 'amount', d.amount, 'refunded', d.refunded)
      from console_private.payment_band_totals_daily d
    union all
    select 'monthly by band', m.month, m.band, null, m.currency, m.status, m.provider, m.payment_type,
           jsonb_build_object('payments', m.payments, 'amount', m.amount, 'refunded', m.refunded)
      from console_private.payment_band_totals_monthly m
    union all
    select 'all time by band', null, b.band, null, b.currency, b.status, b.provider, b.payment_type,
           jsonb_build_object('payments', b.payments, 'amount', b.amount, 'refunded', b.refunded)
      from console_private.payment_band_totals b
    union all
    select 'all time by amount', null, null, a.each_amount, a.currency, a.status, a.provider, a.payment_type,
           jsonb_build_object('payments', a.payments, 'amount', a.amount, 'refunded', a.refunded)
      from console_private.payment_amount_totals a
  )
  select coalesce(k.scope, x.scope), coalesce(k.period, x.period), coalesce(k.band, x.band),
         coalesce(k.each_amount, x.each_amount), coalesce(k.currency, x.currency), coalesce(k.status, x.status),
         coalesce(k.provider, x.provider), coalesce(k.payment_type, x.payment_type), k.v, x.v
    from kept k
    full join actual x
      on (k.scope, coalesce(k.period, '-infinity'), coalesce(k.band, -1), coalesce(k.each_amount, -1), k.currency,
          k.status, k.provider, k.payment_type)
       = (x.scope, coalesce(x.period, '-infinity'), coalesce(x.band, -1), coalesce(x.each_amount, -1), x.currency,
          x.status, x.provider, x.payment_type)
   where k.v is distinct from x.v
   order by 1, 2, 3, 4, 5, 6, 7, 8;
$$;

comment on function console_private.payment_totals_drift() is
  'Rows where the payment rollups (scope daily, monthly, daily by band, monthly by band, all time by band or all '
  'time by amount) differ from a full '
  'recomputation over public.payments (rollup or recomputed null when the row is missing on that side). Empty = '
  'consistent. A maintenance check for the owner or service_role (it reads every payment).';

revoke execute on function console_private.payment_totals_drift() from public, anon, authenticated;

-- ====== reading the rollups ======

-- The rows (currency, status, payments, amount, refunded) whose sums are the totals of a filter by status, provider,
-- type, currency, created_at range and amount range, for a caller that has validated the filter (payments_where).
-- Time: whole utc months, then whole days before and after them, from the rollups; the payments of the partial days
-- at the range's ends themselves (p_to is exclusive, as in payments_where). Amount (both bounds inclusive): without
-- one, 017's rollups; with one, the band rollups (without a date range, the one of all time) for the bands wholly
-- inside; for a band the range cuts, over the whole days (without a date range, from the rollup by exact amount),
-- either the part inside, or, when the part outside is narrower, the whole band less the part outside (rows with
-- negative payments, amount and refunded).
create function console_private.payment_totals_sql(
  p_status text[], p_provider text[], p_type text[], p_currency text[], p_from timestamptz, p_to timestamptz,
  p_min_amount numeric, p_max_amount numeric
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
  v_banded constant boolean := p_min_amount is not null or p_max_amount is not null;
  v_edges constant numeric[] := console_private.amount_band_edges();
  v_daily text := 'payment_totals_daily';
  v_monthly text := 'payment_totals_monthly';
  v_first_band integer;  -- the bands read from the band rollups (null: none)
  v_last_band integer;
  v_lo numeric;
  v_hi numeric;
  v_inside numeric;
  v_pieces text[] := '{}';  -- amount conditions read from the payments of the whole days: added
  v_less text[] := '{}';    -- and taken away
  v_whole text;
  v_bands text := '';
  v_rollup constant text := 'select x.currency, x.status, x.payments, x.amount, x.refunded from console_private.%s x'
                            ' where x.%s >= %L and x.%s < %L%s';
  v_exact constant text := 'select p.currency, p.status, 1::bigint as payments, p.amount, p.refund_amount as refunded'
                           ' from public.payments p where %s';
  v_minus constant text := 'select p.currency, p.status, -1::bigint, -p.amount, -p.refund_amount'
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

  if v_banded then
    v_daily := 'payment_band_totals_daily';
    v_monthly := 'payment_band_totals_monthly';
    -- the bands the amount range touches (amounts have two decimals: a band's largest is its upper edge - 0.01).
    for i in greatest(1, coalesce(width_bucket(p_min_amount, v_edges), 1))
          .. least(cardinality(v_edges) - 1, coalesce(width_bucket(p_max_amount, v_edges), cardinality(v_edges)))
    loop
      v_lo := v_edges[i];
      v_hi := v_edges[i + 1];
      continue when v_hi - 0.01 < p_min_amount or v_lo > p_max_amount;
      if v_lo >= coalesce(p_min_amount, v_lo) and v_hi - 0.01 <= coalesce(p_max_amount, v_hi) then
        v_first_band := coalesce(v_first_band, i);
        v_last_band := i;
        continue;
      end if;
      v_inside := least(v_hi, coalesce(p_max_amount, v_hi)) - greatest(v_lo, coalesce(p_min_amount, v_lo));
      if v_inside <= (v_hi - v_lo) - v_inside then
        v_pieces := v_pieces || format('%%1$s >= %L::numeric and %%1$s < %L::numeric%s',
          greatest(v_lo, p_min_amount), v_hi,
          case when p_max_amount < v_hi then format(' and %%1$s <= %L::numeric', p_max_amount) else '' end);
      else
        -- the whole band, less what lies outside the range.
        v_first_band := least(coalesce(v_first_band, i), i);
        v_last_band := greatest(coalesce(v_last_band, i), i);
        if p_min_amount > v_lo then
          v_less := v_less || format('%%1$s >= %L::numeric and %%1$s < %L::numeric', v_lo, p_min_amount);
        end if;
        if p_max_amount < v_hi - 0.01 then
          v_less := v_less || format('%%1$s > %L::numeric and %%1$s < %L::numeric', p_max_amount, v_hi);
        end if;
      end if;
    end loop;
    v_bands := format(' and x.band between %s and %s', coalesce(v_first_band, 0), coalesce(v_last_band, -1));
  end if;

  if v_banded and v_first_band is not null and p_from is null and p_to is null then
    v_parts := v_parts || format('select x.currency, x.status, x.payments, x.amount, x.refunded'
                                 ' from console_private.payment_band_totals x where true%s%s', v_dims, v_bands);
  elsif not v_banded or v_first_band is not null then
    if v_first_month < v_end_month then
      v_parts := v_parts || format(v_rollup, v_monthly, 'month', v_first_month, 'month', v_end_month,
                                   v_dims || v_bands);
    end if;
    if v_first_day < least(v_first_month, v_end_day) then
      v_parts := v_parts || format(v_rollup, v_daily, 'day', v_first_day, 'day', least(v_first_month, v_end_day),
                                   v_dims || v_bands);
    end if;
    if greatest(v_end_month, v_first_day) < v_end_day then
      v_parts := v_parts || format(v_rollup, v_daily, 'day', greatest(v_end_month, v_first_day), 'day', v_end_day,
                                   v_dims || v_bands);
    end if;
  end if;
  -- the cut bands: of all time, from the rollup by exact amount (a price paid ten thousand times is one row per
  -- currency, status, provider and type); over the whole days of a range, their payments (idx_payments_amount_id).
  if p_from is null and p_to is null then
    for i in 1 .. cardinality(v_pieces) loop
      v_parts := v_parts || format('select x.currency, x.status, x.payments, x.amount, x.refunded'
                                   ' from console_private.payment_amount_totals x where %s%s',
                                   format(v_pieces[i], 'x.each_amount'), v_dims);
    end loop;
    for i in 1 .. cardinality(v_less) loop
      v_parts := v_parts || format('select x.currency, x.status, -x.payments, -x.amount, -x.refunded'
                                   ' from console_private.payment_amount_totals x where %s%s',
                                   format(v_less[i], 'x.each_amount'), v_dims);
    end loop;
  elsif v_first_day < v_end_day and cardinality(v_pieces) + cardinality(v_less) > 0 then
    v_whole := console_private.payments_where(p_status, p_provider, p_type, p_currency,
      case when v_first_day > '-infinity' then v_first_day::timestamp at time zone 'UTC' end,
      case when v_end_day < 'infinity' then v_end_day::timestamp at time zone 'UTC' end, null, null, null);
    for i in 1 .. cardinality(v_pieces) loop
      v_parts := v_parts || format(v_exact, v_whole || ' and ' || format(v_pieces[i], 'p.amount'));
    end loop;
    for i in 1 .. cardinality(v_less) loop
      v_parts := v_parts || format(v_minus, v_whole || ' and ' || format(v_less[i], 'p.amount'));
    end loop;
  end if;
  -- the partial days: from p_from to the first whole day, and from the end of the last whole day to p_to.
  if p_from is not null and p_from < least(v_first_day::timestamp at time zone 'UTC', p_to) then
    v_parts := v_parts || format(v_exact, console_private.payments_where(p_status, p_provider, p_type, p_currency,
      p_from, least(v_first_day::timestamp at time zone 'UTC', p_to), p_min_amount, p_max_amount, null));
  end if;
  if p_to is not null
     and greatest(v_end_day::timestamp at time zone 'UTC', v_first_day::timestamp at time zone 'UTC', p_from) < p_to then
    v_parts := v_parts || format(v_exact, console_private.payments_where(p_status, p_provider, p_type, p_currency,
      greatest(v_end_day::timestamp at time zone 'UTC', v_first_day::timestamp at time zone 'UTC', p_from), p_to,
      p_min_amount, p_max_amount, null));
  end if;
  if cardinality(v_parts) = 0 then
    return 'select null::text as currency, null::text as status, 0::bigint as payments, 0::numeric as amount,'
           ' 0::numeric as refunded where false';
  end if;
  return array_to_string(v_parts, ' union all ');
end;
$$;

comment on function console_private.payment_totals_sql(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric) is
  'SQL of the rows (currency, status, payments, amount, refunded) that sum to the totals of a payments filter '
  'without a search: rollup months and days (by amount band with an amount range), the payments of the two partial '
  'days, and those of the bands an amount range cuts (some taken away: negative rows).';

create or replace function console_private.payment_rollup_sql(
  p_status text[], p_provider text[], p_type text[], p_currency text[], p_from timestamptz, p_to timestamptz
)
returns text
language sql
stable
set search_path = ''
as $$
  select console_private.payment_totals_sql(p_status, p_provider, p_type, p_currency, p_from, p_to, null, null);
$$;

-- the cut bands' payments (and list_payments' sort by amount, as before) read from one index, without the table.
drop index public.idx_payments_amount_id;
create index idx_payments_amount_id on public.payments (amount, id)
  include (created_at, currency, status, provider, payment_type, refund_amount);

-- the payers' payments read from one index, without the table (the search of payment_totals).
drop index public.idx_payments_user_id;
create index idx_payments_user_id on public.payments (user_id)
  include (created_at, currency, status, provider, payment_type, amount, refund_amount);

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
  v_search text;
begin
  perform console_private.require('payments.read');
  -- validates the filter whichever way the totals are read.
  v_where := console_private.payments_where(p_status, p_provider, p_type, p_currency, p_from, p_to, p_min_amount,
                                            p_max_amount, p_search);
  if p_search is null or btrim(p_search) = '' then
    v_rows := console_private.payment_totals_sql(p_status, p_provider, p_type, p_currency, p_from, p_to,
                                                 p_min_amount, p_max_amount);
    -- a few thousand rows at most: starting parallel workers for the partial days' payments cost more than
    -- reading them (103 ms instead of 5 on a 2-core bench at 1M payments). for the rest of this call only.
    perform set_config('max_parallel_workers_per_gather', '0', true);
  else
    -- payments_where's search, in two parts: the payers' payments through idx_payments_user_id (which includes the
    -- columns the totals and the filters need: an index-only scan, instead of a heap page for nearly each payment),
    -- and the payments found by invoice or transaction prefix that are not theirs. the same prefixes as there.
    v_search := console_private.check_text('search', p_search, 200);
    v_where := console_private.payments_where(p_status, p_provider, p_type, p_currency, p_from, p_to, p_min_amount,
                                              p_max_amount, null);
    v_rows := format($sql$
      with payers as materialized (
        select array(select u.id from public.users u where u.email like %L limit 1000) as ids
      )
      select p.currency, p.status, 1::bigint, p.amount, p.refund_amount
        from public.payments p
       where %s and p.user_id = any ((select x.ids from payers x)::uuid[])
      union all
      select p.currency, p.status, 1::bigint, p.amount, p.refund_amount
        from public.payments p
       where %s and (p.invoice_number like %L or p.transaction_id like %L)
         and not p.user_id = any ((select x.ids from payers x)::uuid[])$sql$,
      console_private.like_prefix(lower(v_search)), v_where, v_where,
      console_private.like_prefix(upper(v_search)), console_private.like_prefix(v_search));
  end if;
  -- a currency and status whose payments a cut band took away again has none: not a row.
  return query execute format(
    'select t.currency, t.status, sum(t.payments)::bigint, sum(t.amount)::numeric, sum(t.refunded)::numeric
       from (%s) t (currency, status, payments, amount, refunded)
      group by t.currency, t.status
     having sum(t.payments) <> 0
      order by t.currency, t.status', v_rows);
end;
$$;

-- helpers of the definer functions above, which run them as their owner.
revoke execute on function
  console_private.payment_totals_sql(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric)
  from public, anon, authenticated, service_role;

-- ====== rollback ======
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
-- declare
--   v_where text;
--   v_rows text;
-- begin
--   perform console_private.require('payments.read');
--   -- validates the filter whichever way the totals are read.
--   v_where := console_private.payments_where(p_status, p_provider, p_type, p_currency, p_from, p_to, p_min_amount,
--                                             p_max_amount, p_search);
--   if (p_search is null or btrim(p_search) = '') and p_min_amount is null and p_max_amount is null then
--     v_rows := console_private.payment_rollup_sql(p_status, p_provider, p_type, p_currency, p_from, p_to);
--     -- a few thousand rows at most: starting parallel workers for the partial days' payments cost more than
--     -- reading them (103 ms instead of 5 on a 2-core bench at 1M payments). for the rest of this call only.
--     perform set_config('max_parallel_workers_per_gather', '0', true);
--   else
--     v_rows := 'select p.currency, p.status, 1::bigint as payments, p.amount, p.refund_amount as refunded'
--       || ' from public.payments p where ' || v_where;
--   end if;
--   return query execute format(
--     'select t.currency, t.status, sum(t.payments)::bigint, sum(t.amount)::numeric, sum(t.refunded)::numeric
--        from (%s) t (currency, status, payments, amount, refunded)
--       group by t.currency, t.status
--       order by t.currency, t.status', v_rows);
-- end;
-- $$;
-- create or replace function console_private.payment_rollup_sql(
--   p_status text[], p_provider text[], p_type text[], p_currency text[], p_from timestamptz, p_to timestamptz
-- )
-- returns text
-- language plpgsql
-- stable
-- set search_path = ''
-- as $$
-- declare
--   v_dims text := '';
--   v_first_day date := '-infinity';  -- the first whole day in the range
--   v_end_day date := 'infinity';     -- the day after the last whole day
--   v_first_month date := '-infinity';
--   v_end_month date := 'infinity';
--   v_parts text[] := '{}';
--   v_rollup constant text := 'select x.currency, x.status, x.payments, x.amount, x.refunded from console_private.%s x'
--                             ' where x.%s >= %L and x.%s < %L%s';
--   v_exact constant text := 'select p.currency, p.status, 1::bigint as payments, p.amount, p.refund_amount as refunded'
--                            ' from public.payments p where %s';
-- begin
--   if p_status is not null then v_dims := v_dims || format(' and x.status = any (%L::text[])', p_status); end if;
--   if p_provider is not null then v_dims := v_dims || format(' and x.provider = any (%L::text[])', p_provider); end if;
--   if p_type is not null then v_dims := v_dims || format(' and x.payment_type = any (%L::text[])', p_type); end if;
--   if p_currency is not null and cardinality(p_currency) > 0 then
--     v_dims := v_dims || format(' and x.currency = any (%L::text[])', p_currency);
--   end if;
--   if p_from is not null then
--     v_first_day := (p_from at time zone 'UTC')::date;
--     if v_first_day::timestamp at time zone 'UTC' < p_from then v_first_day := v_first_day + 1; end if;
--     v_first_month := date_trunc('month', v_first_day::timestamp)::date;
--     if v_first_month < v_first_day then v_first_month := (v_first_month + interval '1 month')::date; end if;
--   end if;
--   if p_to is not null then
--     v_end_day := (p_to at time zone 'UTC')::date;
--     v_end_month := date_trunc('month', v_end_day::timestamp)::date;
--   end if;
--   -- a range within one month has no whole month: its whole days all come from the first day range below.
--   v_end_month := greatest(v_end_month, v_first_month);
--   if v_first_month < v_end_month then
--     v_parts := v_parts || format(v_rollup, 'payment_totals_monthly', 'month', v_first_month, 'month', v_end_month, v_dims);
--   end if;
--   if v_first_day < least(v_first_month, v_end_day) then
--     v_parts := v_parts || format(v_rollup, 'payment_totals_daily', 'day', v_first_day, 'day',
--                                  least(v_first_month, v_end_day), v_dims);
--   end if;
--   if greatest(v_end_month, v_first_day) < v_end_day then
--     v_parts := v_parts || format(v_rollup, 'payment_totals_daily', 'day', greatest(v_end_month, v_first_day), 'day',
--                                  v_end_day, v_dims);
--   end if;
--   -- the partial days: from p_from to the first whole day, and from the end of the last whole day to p_to.
--   if p_from is not null and p_from < least(v_first_day::timestamp at time zone 'UTC', p_to) then
--     v_parts := v_parts || format(v_exact, console_private.payments_where(p_status, p_provider, p_type, p_currency,
--       p_from, least(v_first_day::timestamp at time zone 'UTC', p_to), null, null, null));
--   end if;
--   if p_to is not null
--      and greatest(v_end_day::timestamp at time zone 'UTC', v_first_day::timestamp at time zone 'UTC', p_from) < p_to then
--     v_parts := v_parts || format(v_exact, console_private.payments_where(p_status, p_provider, p_type, p_currency,
--       greatest(v_end_day::timestamp at time zone 'UTC', v_first_day::timestamp at time zone 'UTC', p_from), p_to,
--       null, null, null));
--   end if;
--   if cardinality(v_parts) = 0 then
--     return 'select null::text as currency, null::text as status, 0::bigint as payments, 0::numeric as amount,'
--            ' 0::numeric as refunded where false';
--   end if;
--   return array_to_string(v_parts, ' union all ');
-- end;
-- $$;
-- drop function if exists console_private.payment_totals_sql(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric);
-- drop index if exists public.idx_payments_user_id;
-- create index idx_payments_user_id on public.payments (user_id);
-- drop index if exists public.idx_payments_amount_id;
-- create index idx_payments_amount_id on public.payments (amount, id);
-- drop function if exists console_private.payment_totals_drift();
-- create function console_private.payment_totals_drift()
-- returns table (scope text, period date, currency text, status text, provider text, payment_type text,
--                rollup jsonb, recomputed jsonb)
-- language sql
-- stable
-- set search_path = ''
-- as $$
--   with actual as (
--     select grouping(x.day) = 1 as monthly, coalesce(x.day, x.month) as period, x.currency, x.status, x.provider,
--            x.payment_type, jsonb_build_object('payments', count(*), 'amount', sum(x.amount),
--                                               'refunded', sum(x.refund_amount)) as v
--       from (select p.*, (p.created_at at time zone 'UTC')::date as day,
--                    date_trunc('month', p.created_at at time zone 'UTC')::date as month
--               from public.payments p) x
--      group by grouping sets ((x.day, x.currency, x.status, x.provider, x.payment_type),
--                              (x.month, x.currency, x.status, x.provider, x.payment_type))
--   ), kept as (
--     select false as monthly, d.day as period, d.currency, d.status, d.provider, d.payment_type,
--            jsonb_build_object('payments', d.payments, 'amount', d.amount, 'refunded', d.refunded) as v
--       from console_private.payment_totals_daily d
--     union all
--     select true, m.month, m.currency, m.status, m.provider, m.payment_type,
--            jsonb_build_object('payments', m.payments, 'amount', m.amount, 'refunded', m.refunded)
--       from console_private.payment_totals_monthly m
--   )
--   select case when coalesce(k.monthly, x.monthly) then 'monthly' else 'daily' end,
--          coalesce(k.period, x.period), coalesce(k.currency, x.currency), coalesce(k.status, x.status),
--          coalesce(k.provider, x.provider), coalesce(k.payment_type, x.payment_type), k.v, x.v
--     from kept k
--     full join actual x
--       on (k.monthly, k.period, k.currency, k.status, k.provider, k.payment_type)
--        = (x.monthly, x.period, x.currency, x.status, x.provider, x.payment_type)
--    where k.v is distinct from x.v
--    order by 1, 2, 3, 4, 5, 6;
-- $$;
-- comment on function console_private.payment_totals_drift() is
--   'Rows where the payment rollups (scope daily or monthly) differ from a full recomputation over public.payments '
--   '(rollup or recomputed null when the row is missing on that side). Empty = consistent. A maintenance check for the '
--   'owner or service_role (it reads every payment).';
-- alter function console_private.payment_totals_drift() owner to postgres;
-- revoke execute on function console_private.payment_totals_drift() from public, anon, authenticated;
-- create or replace function console_private.maintain_payment_totals()
-- returns trigger
-- language plpgsql
-- security definer
-- set search_path = ''
-- as $$
-- declare
--   v_rows text;
--   v_delta text;
-- begin
--   if tg_op = 'TRUNCATE' then
--     delete from console_private.payment_totals_monthly;
--     delete from console_private.payment_totals_daily;
--     return null;
--   end if;
--   -- the statement's rows as signed contributions; an update that changes none of the keys or sums nets to zero.
--   v_rows := case tg_op
--     when 'INSERT' then 'select r.*, 1 as sign from new_rows r'
--     when 'DELETE' then 'select r.*, -1 as sign from old_rows r'
--     else 'select r.*, 1 as sign from new_rows r union all select r.*, -1 as sign from old_rows r'
--   end;
--   v_delta := format($sql$
--     select g.*
--       from (
--         select (d.created_at at time zone 'UTC')::date as day, d.currency, d.status, d.provider, d.payment_type,
--                sum(d.sign)::bigint as payments, sum(d.sign * d.amount) as amount,
--                sum(d.sign * d.refund_amount) as refunded
--           from (%s) d
--          group by 1, 2, 3, 4, 5
--       ) g
--      where (g.payments, g.amount, g.refunded) is distinct from (0, 0, 0)$sql$, v_rows);
--   -- months first, then days, each in key order: concurrent writers queue on the same rows instead of deadlocking.
--   execute format($sql$
--     insert into console_private.payment_totals_monthly as m
--       (month, currency, status, provider, payment_type, payments, amount, refunded)
--     select date_trunc('month', d.day)::date, d.currency, d.status, d.provider, d.payment_type, sum(d.payments),
--            sum(d.amount), sum(d.refunded)
--       from (%s) d
--      group by 1, 2, 3, 4, 5
--      order by 1, 2, 3, 4, 5
--     on conflict (month, currency, status, provider, payment_type) do update
--        set payments = m.payments + excluded.payments, amount = m.amount + excluded.amount,
--            refunded = m.refunded + excluded.refunded$sql$, v_delta);
--   execute format($sql$
--     insert into console_private.payment_totals_daily as m
--       (day, currency, status, provider, payment_type, payments, amount, refunded)
--     select d.* from (%s) d
--      order by 1, 2, 3, 4, 5
--     on conflict (day, currency, status, provider, payment_type) do update
--        set payments = m.payments + excluded.payments, amount = m.amount + excluded.amount,
--            refunded = m.refunded + excluded.refunded$sql$, v_delta);
--   if tg_op <> 'INSERT' then
--     delete from console_private.payment_totals_monthly m where m.payments = 0 and m.amount = 0 and m.refunded = 0;
--     delete from console_private.payment_totals_daily m where m.payments = 0 and m.amount = 0 and m.refunded = 0;
--   end if;
--   return null;
-- end;
-- $$;
-- comment on function console_private.maintain_payment_totals() is
--   'Trigger function (after insert/update/delete/truncate on public.payments, per statement, with transition '
--   'tables): adds each payment to its day''s and month''s rollup row and takes its old version away.';
-- drop table if exists console_private.payment_band_totals_monthly;
-- drop table if exists console_private.payment_band_totals_daily;
-- drop table if exists console_private.payment_band_totals;
-- drop table if exists console_private.payment_amount_totals;
-- drop function if exists console_private.amount_band_edges();
