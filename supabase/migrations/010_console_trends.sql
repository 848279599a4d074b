-- 010_console_trends.sql
--
-- what: organisation adaptability trends for HumanGlue Console: console.assessment_monthly, a rollup of completed
-- assessments per organisation and calendar month (count, and per score a sum and a non-null count) with its
-- all-platform totals per month (console.assessment_monthly_platform), backfilled here and kept current by
-- statement-level triggers on public.assessments; a drift check against a full
-- recomputation; console.list_organizations (the picker) and console.org_trends (several organisations and the
-- all-platform average per month, with anonymity suppression and differencing protection).
-- why: leadership reads trends without any access to individual assessments, and a 24-month trend reads a few
-- dozen rollup rows instead of aggregating the assessments table on every chart.
-- design: supabase/CONSOLE-API.md ("010_console_trends.sql"); spec: shared/CONSOLE-SPEC.md §5.

-- ====== rollup ======

create table console.assessment_monthly (
  -- null: completed assessments filed under no organisation. no foreign key: when an organisation is deleted its
  -- assessments' organization_id is set null, and the trigger below moves their counts to the null row.
  organization_id uuid,
  -- first day of the calendar month (utc) in which the assessment was completed.
  month date not null check (extract(day from month) = 1),
  completed bigint not null default 0,
  overall_sum bigint not null default 0,
  overall_n bigint not null default 0,
  individual_sum bigint not null default 0,
  individual_n bigint not null default 0,
  leadership_sum bigint not null default 0,
  leadership_n bigint not null default 0,
  cultural_sum bigint not null default 0,
  cultural_n bigint not null default 0,
  embedding_sum bigint not null default 0,
  embedding_n bigint not null default 0,
  velocity_sum bigint not null default 0,
  velocity_n bigint not null default 0,
  updated_at timestamptz not null default now(),
  constraint assessment_monthly_organization_id_month_key unique nulls not distinct (organization_id, month)
);

comment on table console.assessment_monthly is
  'Completed assessments per organisation (null = none) and utc calendar month of completed_at: how many, and per '
  'score (overall and the five dimensions) the sum and the number of non-null values, so averages are sum / n. '
  'Kept by triggers on public.assessments; console_private.assessment_monthly_drift() checks it.';

-- a month's groups too small to show on their own (for differencing protection) are found by count.
create index idx_assessment_monthly_completed on console.assessment_monthly (completed, month);

alter table console.assessment_monthly enable row level security;
revoke all on console.assessment_monthly from public, anon, authenticated, service_role;
grant select on console.assessment_monthly to authenticated, service_role;

create policy "Trend readers read the assessment rollup"
  on console.assessment_monthly for select to authenticated
  using ((select console_private.has_capability('trends.read')));

create table console.assessment_monthly_platform (
  month date primary key check (extract(day from month) = 1),
  completed bigint not null default 0,
  overall_sum bigint not null default 0,
  overall_n bigint not null default 0,
  individual_sum bigint not null default 0,
  individual_n bigint not null default 0,
  leadership_sum bigint not null default 0,
  leadership_n bigint not null default 0,
  cultural_sum bigint not null default 0,
  cultural_n bigint not null default 0,
  embedding_sum bigint not null default 0,
  embedding_n bigint not null default 0,
  velocity_sum bigint not null default 0,
  velocity_n bigint not null default 0,
  updated_at timestamptz not null default now()
);

comment on table console.assessment_monthly_platform is
  'The all-platform row per utc month: console.assessment_monthly summed over every organisation and none, kept '
  'by the same triggers, so the platform average costs one row a month instead of one per organisation.';

alter table console.assessment_monthly_platform enable row level security;
revoke all on console.assessment_monthly_platform from public, anon, authenticated, service_role;
grant select on console.assessment_monthly_platform to authenticated, service_role;

create policy "Trend readers read the platform rollup"
  on console.assessment_monthly_platform for select to authenticated
  using ((select console_private.has_capability('trends.read')));

-- ====== rollup maintenance ======

-- security definer: assessments are written by their users, org admins and admins, none of whom may write the
-- rollup; the trigger keeps it for them. one function serves the insert, update, delete and truncate triggers.
create function console_private.maintain_assessment_monthly()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_rows text;
  v_delta text;
  v_add constant text := '
      completed = m.completed + excluded.completed,
      overall_sum = m.overall_sum + excluded.overall_sum, overall_n = m.overall_n + excluded.overall_n,
      individual_sum = m.individual_sum + excluded.individual_sum, individual_n = m.individual_n + excluded.individual_n,
      leadership_sum = m.leadership_sum + excluded.leadership_sum, leadership_n = m.leadership_n + excluded.leadership_n,
      cultural_sum = m.cultural_sum + excluded.cultural_sum, cultural_n = m.cultural_n + excluded.cultural_n,
      embedding_sum = m.embedding_sum + excluded.embedding_sum, embedding_n = m.embedding_n + excluded.embedding_n,
      velocity_sum = m.velocity_sum + excluded.velocity_sum, velocity_n = m.velocity_n + excluded.velocity_n,
      updated_at = now()';
  v_counters constant text := 'completed, overall_sum, overall_n, individual_sum, individual_n, leadership_sum, '
    'leadership_n, cultural_sum, cultural_n, embedding_sum, embedding_n, velocity_sum, velocity_n';
begin
  if tg_op = 'TRUNCATE' then
    delete from console.assessment_monthly_platform;
    delete from console.assessment_monthly;
    return null;
  end if;

  -- the statement's rows as signed contributions: +1 for each new version, -1 for each old one. an update that
  -- leaves status, organisation, month and scores alone nets to zero and writes nothing.
  v_rows := case tg_op
    when 'INSERT' then 'select r.*, 1 as sign from new_rows r'
    when 'DELETE' then 'select r.*, -1 as sign from old_rows r'
    else 'select r.*, 1 as sign from new_rows r union all select r.*, -1 as sign from old_rows r'
  end;
  -- the net change per organisation and month.
  v_delta := format($sql$
    select g.*
      from (
        select d.organization_id,
               date_trunc('month', d.completed_at at time zone 'UTC')::date as month,
               sum(d.sign)::bigint as completed,
               coalesce(sum(d.sign * d.overall_score), 0)::bigint as overall_sum,
               coalesce(sum(d.sign) filter (where d.overall_score is not null), 0)::bigint as overall_n,
               coalesce(sum(d.sign * d.individual_score), 0)::bigint as individual_sum,
               coalesce(sum(d.sign) filter (where d.individual_score is not null), 0)::bigint as individual_n,
               coalesce(sum(d.sign * d.leadership_score), 0)::bigint as leadership_sum,
               coalesce(sum(d.sign) filter (where d.leadership_score is not null), 0)::bigint as leadership_n,
               coalesce(sum(d.sign * d.cultural_score), 0)::bigint as cultural_sum,
               coalesce(sum(d.sign) filter (where d.cultural_score is not null), 0)::bigint as cultural_n,
               coalesce(sum(d.sign * d.embedding_score), 0)::bigint as embedding_sum,
               coalesce(sum(d.sign) filter (where d.embedding_score is not null), 0)::bigint as embedding_n,
               coalesce(sum(d.sign * d.velocity_score), 0)::bigint as velocity_sum,
               coalesce(sum(d.sign) filter (where d.velocity_score is not null), 0)::bigint as velocity_n
          from (%s) d
         where d.status = 'completed' and d.completed_at is not null
         group by 1, 2
      ) g
     where (g.completed, g.overall_sum, g.overall_n, g.individual_sum, g.individual_n, g.leadership_sum,
            g.leadership_n, g.cultural_sum, g.cultural_n, g.embedding_sum, g.embedding_n, g.velocity_sum,
            g.velocity_n) is distinct from (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)$sql$, v_rows);

  -- the platform row of a month first, then organisations in key order: every statement takes its locks in the
  -- same order, so concurrent writers queue on the month's platform row instead of deadlocking.
  execute format($sql$
    insert into console.assessment_monthly_platform as m (month, %2$s)
    select d.month, sum(d.completed), sum(d.overall_sum), sum(d.overall_n), sum(d.individual_sum),
           sum(d.individual_n), sum(d.leadership_sum), sum(d.leadership_n), sum(d.cultural_sum), sum(d.cultural_n),
           sum(d.embedding_sum), sum(d.embedding_n), sum(d.velocity_sum), sum(d.velocity_n)
      from (%1$s) d
     group by d.month
     order by d.month
    on conflict (month) do update set %3$s$sql$, v_delta, v_counters, v_add);
  execute format($sql$
    insert into console.assessment_monthly as m (organization_id, month, %2$s)
    select d.* from (%1$s) d
     order by d.organization_id nulls first, d.month
    on conflict (organization_id, month) do update set %3$s$sql$, v_delta, v_counters, v_add);

  if tg_op <> 'INSERT' then
    -- a month with no completed assessments left disappears (a row left inconsistent would keep a non-zero sum
    -- and show up in the drift check instead).
    delete from console.assessment_monthly m
     where m.completed = 0
       and m.overall_sum = 0 and m.overall_n = 0 and m.individual_sum = 0 and m.individual_n = 0
       and m.leadership_sum = 0 and m.leadership_n = 0 and m.cultural_sum = 0 and m.cultural_n = 0
       and m.embedding_sum = 0 and m.embedding_n = 0 and m.velocity_sum = 0 and m.velocity_n = 0;
    delete from console.assessment_monthly_platform m
     where m.completed = 0
       and m.overall_sum = 0 and m.overall_n = 0 and m.individual_sum = 0 and m.individual_n = 0
       and m.leadership_sum = 0 and m.leadership_n = 0 and m.cultural_sum = 0 and m.cultural_n = 0
       and m.embedding_sum = 0 and m.embedding_n = 0 and m.velocity_sum = 0 and m.velocity_n = 0;
  end if;
  return null;
end;
$$;

comment on function console_private.maintain_assessment_monthly() is
  'Trigger function (after insert/update/delete/truncate on public.assessments, per statement, with transition '
  'tables): adds each completed assessment to the rollup row of its organisation and utc month of completed_at, '
  'and takes its old version away, so changes of status, organisation, completed_at or scores (answers change '
  'scores through the 003 trigger) move it.';

revoke execute on function console_private.maintain_assessment_monthly() from public, anon, authenticated, service_role;

-- the full recomputation the rollups must equal.
create function console_private.assessment_monthly_drift()
returns table (scope text, organization_id uuid, month date, rollup jsonb, recomputed jsonb)
language sql
stable
set search_path = ''
as $$
  with actual as (
    select grouping(a.organization_id) = 1 as platform, a.organization_id, a.month,
           jsonb_build_object(
             'completed', count(*),
             'overall_sum', coalesce(sum(a.overall_score), 0), 'overall_n', count(a.overall_score),
             'individual_sum', coalesce(sum(a.individual_score), 0), 'individual_n', count(a.individual_score),
             'leadership_sum', coalesce(sum(a.leadership_score), 0), 'leadership_n', count(a.leadership_score),
             'cultural_sum', coalesce(sum(a.cultural_score), 0), 'cultural_n', count(a.cultural_score),
             'embedding_sum', coalesce(sum(a.embedding_score), 0), 'embedding_n', count(a.embedding_score),
             'velocity_sum', coalesce(sum(a.velocity_score), 0), 'velocity_n', count(a.velocity_score)) as v
      from (
        select s.*, date_trunc('month', s.completed_at at time zone 'UTC')::date as month
          from public.assessments s
         where s.status = 'completed' and s.completed_at is not null
      ) a
     group by grouping sets ((a.organization_id, a.month), (a.month))
  ), kept as (
    select false as platform, m.organization_id, m.month, to_jsonb(m) - 'organization_id' - 'month' - 'updated_at' as v
      from console.assessment_monthly m
    union all
    select true, null, p.month, to_jsonb(p) - 'month' - 'updated_at'
      from console.assessment_monthly_platform p
  )
  select case when coalesce(k.platform, x.platform) then 'platform' else 'organization' end,
         coalesce(k.organization_id, x.organization_id), coalesce(k.month, x.month), k.v, x.v
    from kept k
    full join actual x
      on k.platform = x.platform
     and coalesce(k.organization_id, '00000000-0000-0000-0000-000000000000') =
         coalesce(x.organization_id, '00000000-0000-0000-0000-000000000000')
     and k.month = x.month
   where k.v is distinct from x.v
   order by 1, 2 nulls first, 3;
$$;

comment on function console_private.assessment_monthly_drift() is
  'Rows where console.assessment_monthly (scope organization; organization_id null = no organisation) or '
  'console.assessment_monthly_platform (scope platform) differ from a full recomputation over public.assessments '
  '(rollup or recomputed null when the row is missing on that side). Empty = consistent. A maintenance check: run '
  'it as the owner or service_role (it reads every assessment).';

-- no completed assessment may be written between the backfill below and the triggers taking over. create trigger
-- takes a share row exclusive lock on public.assessments (it conflicts with inserts, updates and deletes) and keeps
-- it until the migration's transaction ends, so creating the triggers first holds writers off for the backfill too.
-- an explicit `lock table` would say the same but fails under the supabase cli, which sends each migration file as
-- one pipelined batch (an implicit transaction, not a transaction block: sqlstate 25p01).
-- transition tables allow one event per trigger, hence three triggers on the one function.
create trigger assessments_monthly_insert
  after insert on public.assessments
  referencing new table as new_rows
  for each statement execute function console_private.maintain_assessment_monthly();

create trigger assessments_monthly_update
  after update on public.assessments
  referencing old table as old_rows new table as new_rows
  for each statement execute function console_private.maintain_assessment_monthly();

create trigger assessments_monthly_delete
  after delete on public.assessments
  referencing old table as old_rows
  for each statement execute function console_private.maintain_assessment_monthly();

create trigger assessments_monthly_truncate
  after truncate on public.assessments
  for each statement execute function console_private.maintain_assessment_monthly();

-- the backfill: every completed assessment up to now. it runs after the triggers above on purpose (see there).
insert into console.assessment_monthly
  (organization_id, month, completed, overall_sum, overall_n, individual_sum, individual_n, leadership_sum,
   leadership_n, cultural_sum, cultural_n, embedding_sum, embedding_n, velocity_sum, velocity_n)
select a.organization_id, date_trunc('month', a.completed_at at time zone 'UTC')::date, count(*),
       coalesce(sum(a.overall_score), 0), count(a.overall_score),
       coalesce(sum(a.individual_score), 0), count(a.individual_score),
       coalesce(sum(a.leadership_score), 0), count(a.leadership_score),
       coalesce(sum(a.cultural_score), 0), count(a.cultural_score),
       coalesce(sum(a.embedding_score), 0), count(a.embedding_score),
       coalesce(sum(a.velocity_score), 0), count(a.velocity_score)
  from public.assessments a
 where a.status = 'completed' and a.completed_at is not null
 group by 1, 2;

insert into console.assessment_monthly_platform
  (month, completed, overall_sum, overall_n, individual_sum, individual_n, leadership_sum, leadership_n,
   cultural_sum, cultural_n, embedding_sum, embedding_n, velocity_sum, velocity_n)
select m.month, sum(m.completed), sum(m.overall_sum), sum(m.overall_n), sum(m.individual_sum), sum(m.individual_n),
       sum(m.leadership_sum), sum(m.leadership_n), sum(m.cultural_sum), sum(m.cultural_n), sum(m.embedding_sum),
       sum(m.embedding_n), sum(m.velocity_sum), sum(m.velocity_n)
  from console.assessment_monthly m
 group by m.month;

-- ====== organisations for trend readers ======

-- trend readers pick any organisation by name (the rollup carries ids only).
alter policy "Members see their organizations; admins see all" on public.organizations
  using (
    public.is_org_member(id)
    or (select public.is_admin())
    or (select console_private.has_capability('trends.read'))
  );

-- the picker lists organisations by name.
create index idx_organizations_name on public.organizations (name, id);

create function console.list_organizations(p_search text default null, p_limit integer default 50)
returns table (
  id uuid, name text, slug text, subscription_tier text, completed_assessments bigint, last_assessment_month date
)
language plpgsql
stable
set search_path = ''
as $$
declare
  v_search text;
  v_limit integer;
begin
  perform console_private.require('trends.read');
  v_search := console_private.check_text('search', p_search, 200);
  v_limit := console_private.check_limit(p_limit);
  return query
    select o.id, o.name, o.slug, o.subscription_tier, coalesce(s.completed, 0)::bigint, s.last_month
      from (
        select o.id, o.name, o.slug, o.subscription_tier
          from public.organizations o
         -- plain text: like's wildcards and its escape character in the search match themselves.
         where v_search is null
            or o.name ilike '%' || console_private.like_prefix(v_search)
         order by o.name, o.id
         limit v_limit
      ) o
      left join lateral (
        select sum(m.completed) as completed, max(m.month) as last_month
          from console.assessment_monthly m
         where m.organization_id = o.id
      ) s on true
     order by o.name, o.id;
end;
$$;

comment on function console.list_organizations(text, integer) is
  'Organisations for the trend picker (trends.read): name contains p_search (plain text), by name; with their '
  'completed assessments in total and the latest month that has any (from the rollup).';

-- ====== trends ======

-- security invoker: reads only the rollup (and organisation names); never public.assessments.
-- p_org_ids is text[] rather than uuid[] so a malformed id is a 22023 naming org_ids, not a cast error.
create function console.org_trends(
  p_org_ids text[],
  p_months integer,
  p_include_platform boolean default true
)
returns table (
  organization_id uuid,
  organization_name text,
  month date,
  assessment_count bigint,
  suppressed boolean,
  avg_overall numeric,
  avg_individual numeric,
  avg_leadership numeric,
  avg_cultural numeric,
  avg_embedding numeric,
  avg_velocity numeric
)
language plpgsql
stable
set search_path = ''
set plan_cache_mode = force_generic_plan
as $$
declare
  v_ids uuid[];
  v_found uuid[];
  v_names text[];
  v_min bigint;
  v_to date;
  v_from date;
begin
  perform console_private.require('trends.read');

  if p_org_ids is null or cardinality(p_org_ids) = 0 then
    perform console_private.invalid('org_ids', 'pick at least one organization');
  end if;
  if cardinality(p_org_ids) > 20 then
    perform console_private.invalid('org_ids', format('at most 20 organizations (got %s)', cardinality(p_org_ids)));
  end if;
  begin
    v_ids := p_org_ids::uuid[];
  exception when invalid_text_representation then
    perform console_private.invalid('org_ids', 'every entry must be an organization id (a uuid)');
  end;
  if array_position(v_ids, null) is not null then
    perform console_private.invalid('org_ids', 'every entry must be an organization id (a uuid)');
  end if;
  -- distinct ids in the order first given (the order of the result), with their names: organizations is read once.
  select array_agg(x.id order by x.pos), array_agg(o.name order by x.pos) into v_found, v_names
    from (select u.id, min(u.pos) as pos
            from unnest(v_ids) with ordinality as u (id, pos)
           group by 1) x
    join public.organizations o on o.id = x.id;
  if coalesce(cardinality(v_found), 0) < cardinality(array(select distinct unnest(v_ids))) then
    perform console_private.invalid('org_ids', format('no organization %s',
      (select x.id from unnest(v_ids) as x (id) where x.id <> all (coalesce(v_found, '{}')) limit 1)));
  end if;
  if p_months is null or p_months not in (3, 6, 12, 24) then
    perform console_private.invalid('months', format('must be 3, 6, 12 or 24 (got %s)', coalesce(p_months::text, 'null')));
  end if;
  if p_include_platform is null then
    perform console_private.invalid('include_platform', 'must be true or false');
  end if;

  v_min := greatest(coalesce((console_private.setting('trend_min_responses'))::bigint, 5), 1);
  v_to := date_trunc('month', now() at time zone 'UTC')::date;
  v_from := (v_to - make_interval(months => p_months - 1))::date;

  return query
    with r as materialized (
      -- one read of the rollup: the requested organisations' months and, for the platform rows, the groups too
      -- small to show on their own (no organisation, or fewer than the minimum).
      select m.organization_id, m.month, m.completed, m.overall_sum, m.overall_n, m.individual_sum, m.individual_n,
             m.leadership_sum, m.leadership_n, m.cultural_sum, m.cultural_n, m.embedding_sum, m.embedding_n,
             m.velocity_sum, m.velocity_n
        from console.assessment_monthly m
       where m.month between v_from and v_to
         and (m.organization_id = any (v_found)
              or m.organization_id is null
              or m.completed < case when p_include_platform then v_min else 0 end)
    ), months as (
      select (v_from + make_interval(months => g.i))::date as month from generate_series(0, p_months - 1) as g (i)
    ), org_rows as (
      select o.pos, o.id, o.name, mo.month, coalesce(r.completed, 0) as n,
             r.overall_sum, r.overall_n, r.individual_sum, r.individual_n, r.leadership_sum, r.leadership_n,
             r.cultural_sum, r.cultural_n, r.embedding_sum, r.embedding_n, r.velocity_sum, r.velocity_n,
             coalesce(r.completed, 0) < v_min as hidden
        from unnest(v_found, v_names) with ordinality as o (id, name, pos)
       cross join months mo
        left join r on r.organization_id = o.id and r.month = mo.month
    ), outside as (
      -- assessments in no organisation shown on its own that month.
      select r.month, sum(r.completed) as n
        from r
       where r.organization_id is null or r.completed < v_min
       group by r.month
    ), platform_rows as (
      -- every organisation counts here, requested or not, and so do assessments with no organisation. 1 to
      -- minimum - 1 assessments outside the shown organisations: platform minus those organisations would
      -- reveal that small group's average, so the platform month is hidden too.
      select 21::bigint, null::uuid, null::text, mo.month, coalesce(p.completed, 0),
             p.overall_sum, p.overall_n, p.individual_sum, p.individual_n, p.leadership_sum, p.leadership_n,
             p.cultural_sum, p.cultural_n, p.embedding_sum, p.embedding_n, p.velocity_sum, p.velocity_n,
             coalesce(p.completed, 0) < v_min or coalesce(x.n, 0) between 1 and v_min - 1
        from months mo
        left join console.assessment_monthly_platform p on p.month = mo.month
        left join outside x on x.month = mo.month
       where p_include_platform
    ), all_rows as (
      select * from org_rows
      union all
      select * from platform_rows
    )
    select a.id, a.name, a.month, a.n, a.hidden,
           case when not a.hidden then round(a.overall_sum::numeric / nullif(a.overall_n, 0), 1) end,
           case when not a.hidden then round(a.individual_sum::numeric / nullif(a.individual_n, 0), 1) end,
           case when not a.hidden then round(a.leadership_sum::numeric / nullif(a.leadership_n, 0), 1) end,
           case when not a.hidden then round(a.cultural_sum::numeric / nullif(a.cultural_n, 0), 1) end,
           case when not a.hidden then round(a.embedding_sum::numeric / nullif(a.embedding_n, 0), 1) end,
           case when not a.hidden then round(a.velocity_sum::numeric / nullif(a.velocity_n, 0), 1) end
      from all_rows a
     order by a.pos, a.month;
end;
$$;

comment on function console.org_trends(text[], integer, boolean) is
  'Monthly trend (trends.read) of 1-20 organisations over the last 3, 6, 12 or 24 utc calendar months (current '
  'included): completed assessments and average scores (1 decimal) per month, every month present, plus the '
  'all-platform rows (organization_id null) when p_include_platform. Averages are null and suppressed true when a '
  'month has fewer than trend_min_responses assessments, and for a platform month when the assessments outside the '
  'organisations shown that month number 1 to trend_min_responses - 1. Reads the rollups only, never assessments.';

-- ====== grants ======

revoke execute on function console.list_organizations(text, integer) from public, anon;
revoke execute on function console.org_trends(text[], integer, boolean) from public, anon;
grant execute on function console.list_organizations(text, integer) to authenticated, service_role;
grant execute on function console.org_trends(text[], integer, boolean) to authenticated, service_role;
-- a maintenance check over every assessment: not for api callers, whose rls would make it report false drift.
revoke execute on function console_private.assessment_monthly_drift() from public, anon, authenticated;
grant execute on function console_private.assessment_monthly_drift() to service_role;

-- ====== rollback ======
-- drop function if exists console.org_trends(text[], integer, boolean);
-- drop function if exists console.list_organizations(text, integer);
-- drop index if exists public.idx_organizations_name;
-- alter policy "Members see their organizations; admins see all" on public.organizations
--   using (public.is_org_member(id) or (select public.is_admin()));
-- drop trigger if exists assessments_monthly_truncate on public.assessments;
-- drop trigger if exists assessments_monthly_delete on public.assessments;
-- drop trigger if exists assessments_monthly_update on public.assessments;
-- drop trigger if exists assessments_monthly_insert on public.assessments;
-- drop function if exists console_private.assessment_monthly_drift();
-- drop function if exists console_private.maintain_assessment_monthly();
-- drop table if exists console.assessment_monthly_platform;
-- drop table if exists console.assessment_monthly;
