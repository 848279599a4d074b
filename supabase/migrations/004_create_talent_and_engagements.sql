-- 004_create_talent_and_engagements.sql
--
-- what: the expert marketplace: talent_profiles (one per expert, with impact metrics and a computed rating),
-- talent_testimonials, engagements between a client and an expert with an hour budget, and engagement_sessions;
-- the triggers keeping engagements.hours_used and the expert rating exact, search_talent for the marketplace, and
-- the guards on computed and party columns, the commercial terms, the engagement status and the satisfaction
-- score, and on testimonial verification.
-- why: budgets and ratings decide money and reputation; deriving them in the database keeps every client honest.
-- design: supabase/SCHEMA.md (004); style: supabase/CONVENTIONS.md.
-- expert_rating_signals is created here with the engagement signals only; 005 replaces it to add approved expert
-- reviews once public.reviews exists (and its rollback restores this version).

-- ====== talent_profiles ======

create table public.talent_profiles (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null unique references public.users (id) on delete cascade,
  tagline text check (char_length(tagline) <= 200),
  bio text,
  expertise text[] not null default '{}',
  transformation_success_rate numeric(5,2) check (transformation_success_rate between 0 and 100),
  behavior_change_score numeric(5,2) check (behavior_change_score between 0 and 100),
  client_retention_rate numeric(5,2) check (client_retention_rate between 0 and 100),
  cultures_transformed integer not null default 0 check (cultures_transformed >= 0),
  years_experience integer not null default 0 check (years_experience between 0 and 80),
  industries text[] not null default '{}',
  transformation_stages text[] not null default '{}'
    check (transformation_stages <@ array['assess', 'reframe', 'embed', 'scale']::text[]),
  coaching_style text check (coaching_style in ('directive', 'facilitative', 'hybrid')),
  rating numeric(3,2) not null default 0 check (rating between 0 and 5),
  review_count integer not null default 0 check (review_count >= 0),
  availability text not null default 'available' check (availability in ('available', 'limited', 'booked')),
  hourly_rate numeric(12,2) check (hourly_rate >= 0),
  accepting_clients boolean not null default true,
  is_public boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

comment on table public.talent_profiles is
  'Expert marketplace profiles, one per expert user: expertise, impact metrics, coaching style, availability; '
  'rating and review_count are computed from engagements and approved expert reviews.';

-- user_id is indexed by its unique constraint.
create index idx_talent_profiles_availability on public.talent_profiles (availability);
create index idx_talent_profiles_expertise on public.talent_profiles using gin (expertise);
create index idx_talent_profiles_industries on public.talent_profiles using gin (industries);
-- the marketplace: public profiles, best rated first.
create index idx_talent_profiles_public_rating on public.talent_profiles (rating desc, review_count desc)
  where is_public;

create trigger talent_profiles_set_updated_at
  before update on public.talent_profiles
  for each row execute function public.set_updated_at();

-- security invoker: it only inspects the row being written.
create function public.talent_profiles_guard()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user not in ('anon', 'authenticated') or (select public.is_admin()) then
    return new;
  end if;
  if tg_op = 'INSERT' then
    if new.rating <> 0 or new.review_count <> 0 then
      raise exception 'talent_profiles.rating and talent_profiles.review_count are computed and cannot be supplied '
        '(got % and %)', new.rating, new.review_count
        using errcode = 'P0001', hint = 'Leave them out: they start from the expert''s existing rating signals.';
    end if;
    return new;
  end if;
  if new.rating is distinct from old.rating then
    raise exception 'talent_profiles.rating is computed from engagements and reviews and cannot be set (% to %)',
      old.rating, new.rating
      using errcode = 'P0001';
  end if;
  if new.review_count is distinct from old.review_count then
    raise exception 'talent_profiles.review_count is computed from approved reviews and cannot be set (% to %)',
      old.review_count, new.review_count
      using errcode = 'P0001';
  end if;
  return new;
end;
$$;

comment on function public.talent_profiles_guard() is
  'Trigger function (before insert or update on talent_profiles): rating and review_count are not user-writable.';

revoke execute on function public.talent_profiles_guard() from public, anon, authenticated;

create trigger talent_profiles_guard
  before insert or update on public.talent_profiles
  for each row execute function public.talent_profiles_guard();

-- ====== talent_testimonials ======

create table public.talent_testimonials (
  id uuid primary key default gen_random_uuid(),
  talent_profile_id uuid not null references public.talent_profiles (id) on delete cascade,
  client_name text not null,
  client_company text,
  client_title text,
  quote text not null check (char_length(quote) between 1 and 2000),
  metric text,
  verified boolean not null default false,
  is_featured boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

comment on table public.talent_testimonials is
  'Client endorsements shown on an expert''s profile; only a platform admin may mark one verified.';

create index idx_talent_testimonials_talent_profile_id on public.talent_testimonials (talent_profile_id);

create trigger talent_testimonials_set_updated_at
  before update on public.talent_testimonials
  for each row execute function public.set_updated_at();

-- security invoker: it only inspects the row being written.
create function public.talent_testimonials_guard()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user not in ('anon', 'authenticated') or (select public.is_admin()) then
    return new;
  end if;
  if new.verified and (tg_op = 'INSERT' or not old.verified) then
    raise exception 'only a platform administrator may set talent_testimonials.verified to true'
      using errcode = 'P0001', hint = 'Ask a platform administrator to verify the testimonial.';
  end if;
  -- verification vouches for the words and the attribution: rewriting them withdraws it (silently, not an error,
  -- so the expert can still edit; a platform administrator verifies the new text again).
  if tg_op = 'UPDATE' and new.verified
     and (new.quote is distinct from old.quote
          or new.client_name is distinct from old.client_name
          or new.client_company is distinct from old.client_company
          or new.client_title is distinct from old.client_title
          or new.metric is distinct from old.metric) then
    new.verified := false;
  end if;
  return new;
end;
$$;

comment on function public.talent_testimonials_guard() is
  'Trigger function (before insert or update on talent_testimonials): verified may not be set true by the expert, '
  'and an expert''s change to quote, client_name, client_company, client_title or metric resets verified to false.';

revoke execute on function public.talent_testimonials_guard() from public, anon, authenticated;

create trigger talent_testimonials_guard
  before insert or update on public.talent_testimonials
  for each row execute function public.talent_testimonials_guard();

-- ====== engagements ======

create table public.engagements (
  id uuid primary key default gen_random_uuid(),
  client_id uuid not null references public.users (id) on delete restrict,
  expert_id uuid not null references public.users (id) on delete restrict,
  organization_id uuid references public.organizations (id) on delete set null,
  title text,
  focus_area text not null,
  description text,
  hours_total numeric(7,2) not null check (hours_total > 0),
  hours_used numeric(7,2) not null default 0,
  hourly_rate numeric(12,2) check (hourly_rate >= 0),
  status text not null default 'pending' check (status in ('pending', 'active', 'paused', 'completed', 'cancelled')),
  start_date date,
  end_date date,
  deliverables jsonb not null default '[]',
  milestones jsonb not null default '[]',
  client_satisfaction_score integer check (client_satisfaction_score between 1 and 5),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint engagements_expert_id_check check (expert_id <> client_id),
  constraint engagements_hours_used_check check (hours_used >= 0 and hours_used <= hours_total),
  constraint engagements_end_date_check check (end_date >= start_date)
);

comment on table public.engagements is
  'Consulting engagements between a client and an expert: focus, hour budget (hours_used = completed sessions), '
  'rate, status, deliverables and milestones, and the client''s satisfaction score.';

-- client_id leads (client_id, status).
create index idx_engagements_client_id_status on public.engagements (client_id, status);
create index idx_engagements_expert_id on public.engagements (expert_id);
create index idx_engagements_organization_id on public.engagements (organization_id);
create index idx_engagements_status on public.engagements (status);
create index idx_engagements_deliverables on public.engagements using gin (deliverables);

create trigger engagements_set_updated_at
  before update on public.engagements
  for each row execute function public.set_updated_at();

-- security invoker: it only inspects the row being written.
create function public.engagements_guard()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_uid uuid := auth.uid();
begin
  if current_user not in ('anon', 'authenticated') or (select public.is_admin()) then
    return new;
  end if;
  if tg_op = 'INSERT' then
    if new.hours_used <> 0 then
      raise exception 'engagements.hours_used is computed from completed sessions and must start at 0 (got %)',
        new.hours_used
        using errcode = 'P0001';
    end if;
    if new.status is distinct from 'pending' then
      raise exception 'a new engagement starts pending, not "%" (engagements.status)', new.status
        using errcode = 'P0001', hint = 'The expert accepts the engagement by making it active.';
    end if;
    if new.client_satisfaction_score is not null then
      raise exception 'engagements.client_satisfaction_score cannot be set on a new engagement'
        using errcode = 'P0001', hint = 'The client scores the engagement once it is completed.';
    end if;
    return new;
  end if;
  if new.client_id is distinct from old.client_id then
    raise exception 'engagements.client_id cannot be changed'
      using errcode = 'P0001', hint = 'Start a new engagement instead.';
  end if;
  if new.expert_id is distinct from old.expert_id then
    raise exception 'engagements.expert_id cannot be changed'
      using errcode = 'P0001', hint = 'Start a new engagement instead.';
  end if;
  if new.hours_used is distinct from old.hours_used then
    raise exception 'engagements.hours_used is computed from completed sessions and cannot be set (% to %)',
      old.hours_used, new.hours_used
      using errcode = 'P0001';
  end if;
  -- the commercial terms are the client's: the expert may not raise the budget or the rate alone.
  if new.hours_total is distinct from old.hours_total and old.client_id is distinct from v_uid then
    raise exception 'only the client may change engagements.hours_total (% to %)', old.hours_total, new.hours_total
      using errcode = 'P0001', hint = 'Ask the client to change the hour budget.';
  end if;
  if new.hourly_rate is distinct from old.hourly_rate and old.client_id is distinct from v_uid then
    raise exception 'only the client may change engagements.hourly_rate (% to %)', old.hourly_rate, new.hourly_rate
      using errcode = 'P0001', hint = 'Ask the client to change the rate.';
  end if;
  -- the expert accepts, pauses and completes the work; the client may only cancel work not yet completed.
  if new.status is distinct from old.status
     and not (old.expert_id = v_uid
              or (old.client_id = v_uid and new.status = 'cancelled' and old.status <> 'completed')) then
    raise exception 'you may not change engagements.status from "%" to "%"', old.status, new.status
      using errcode = 'P0001',
            hint = 'The expert moves an engagement through active, paused and completed; the client may cancel it '
                   'until it is completed.';
  end if;
  if new.client_satisfaction_score is distinct from old.client_satisfaction_score then
    if old.client_id is distinct from v_uid then
      raise exception 'only the client may set engagements.client_satisfaction_score'
        using errcode = 'P0001';
    end if;
    if new.status is distinct from 'completed' then
      raise exception 'engagements.client_satisfaction_score can be set only on a completed engagement (this one is %)',
        new.status
        using errcode = 'P0001', hint = 'Score the engagement once the expert has completed it.';
    end if;
  end if;
  return new;
end;
$$;

comment on function public.engagements_guard() is
  'Trigger function (before insert or update on engagements): client_id, expert_id and hours_used are not '
  'user-writable; a new engagement is pending and unscored; only the client changes hours_total and hourly_rate; '
  'the expert changes status (the client may only cancel before completion); only the client sets '
  'client_satisfaction_score, and only on a completed engagement.';

revoke execute on function public.engagements_guard() from public, anon, authenticated;

create trigger engagements_guard
  before insert or update on public.engagements
  for each row execute function public.engagements_guard();

-- ====== expert rating ======

-- security invoker: only recalculate_expert_rating and the profile trigger call it; no api role may execute it.
create function public.expert_rating_signals(
  p_expert_id uuid,
  out rating numeric,
  out review_count integer,
  out signal_count integer
)
language sql
stable
set search_path = ''
as $$
  select coalesce(round(avg(e.client_satisfaction_score), 2), 0), 0, count(*)::integer
    from public.engagements e
   where e.expert_id = p_expert_id
     and e.status = 'completed'
     and e.client_satisfaction_score is not null;
$$;

comment on function public.expert_rating_signals(uuid) is
  'The expert''s rating (mean of every rating signal about them, 2 decimals, 0 when none), review_count '
  '(approved expert reviews) and the number of signals. Signals here: client_satisfaction_score of completed '
  'engagements; 005 adds approved expert reviews.';

revoke execute on function public.expert_rating_signals(uuid) from public, anon, authenticated;

-- security invoker: only triggers call it (as their definer); no api role may execute it.
create function public.recalculate_expert_rating(p_expert_id uuid)
returns void
language sql
set search_path = ''
as $$
  update public.talent_profiles tp
     set (rating, review_count) = (select s.rating, s.review_count from public.expert_rating_signals(p_expert_id) s)
   where tp.user_id = p_expert_id;
$$;

comment on function public.recalculate_expert_rating(uuid) is
  'Stores public.expert_rating_signals(p_expert_id) as the expert''s talent_profiles.rating and review_count.';

revoke execute on function public.recalculate_expert_rating(uuid) from public, anon, authenticated;

-- security definer: the new profile's rating comes from every signal about the expert, via the owner-only
-- expert_rating_signals.
create function public.talent_profile_initial_rating()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_signals record;
begin
  select s.rating, s.review_count, s.signal_count into v_signals
    from public.expert_rating_signals(new.user_id) s;
  -- with no signal yet, the inserted values stand (0 by default; api users cannot supply others: guard).
  if v_signals.signal_count > 0 then
    new.rating := v_signals.rating;
    new.review_count := v_signals.review_count;
  end if;
  return new;
end;
$$;

comment on function public.talent_profile_initial_rating() is
  'Trigger function (before insert on talent_profiles): when the expert already has rating signals (engagement '
  'scores, approved expert reviews), the new profile starts from them rather than from the inserted values.';

revoke execute on function public.talent_profile_initial_rating() from public, anon, authenticated;

create trigger talent_profiles_initial_rating
  before insert on public.talent_profiles
  for each row execute function public.talent_profile_initial_rating();

-- security definer: the client scoring an engagement may not update the expert's talent profile.
create function public.engagement_expert_rating()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    if new.client_satisfaction_score is not null then
      perform public.recalculate_expert_rating(new.expert_id);
    end if;
  elsif tg_op = 'DELETE' then
    if old.client_satisfaction_score is not null then
      perform public.recalculate_expert_rating(old.expert_id);
    end if;
  elsif new.client_satisfaction_score is distinct from old.client_satisfaction_score
        or new.expert_id is distinct from old.expert_id
        -- a score counts only while the engagement is completed.
        or (new.status is distinct from old.status
            and (new.client_satisfaction_score is not null or old.client_satisfaction_score is not null)) then
    perform public.recalculate_expert_rating(old.expert_id);
    if new.expert_id is distinct from old.expert_id then
      perform public.recalculate_expert_rating(new.expert_id);
    end if;
  end if;
  return null;
end;
$$;

comment on function public.engagement_expert_rating() is
  'Trigger function (after insert/update/delete on engagements): recomputes the expert''s rating when a '
  'client_satisfaction_score appears, changes or disappears, or a scored engagement changes status (only scores '
  'of completed engagements count).';

revoke execute on function public.engagement_expert_rating() from public, anon, authenticated;

create trigger engagements_expert_rating
  after insert or update or delete on public.engagements
  for each row execute function public.engagement_expert_rating();

-- ====== engagement_sessions ======

create table public.engagement_sessions (
  id uuid primary key default gen_random_uuid(),
  engagement_id uuid not null references public.engagements (id) on delete cascade,
  session_type text not null check (session_type in ('coaching', 'workshop', 'consultation', 'follow_up')),
  scheduled_at timestamptz not null,
  started_at timestamptz,
  ended_at timestamptz,
  duration_hours numeric(5,2) not null default 0 check (duration_hours between 0 and 24),
  session_notes text,
  action_items jsonb not null default '[]',
  status text not null default 'scheduled' check (status in ('scheduled', 'completed', 'cancelled', 'no_show')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint engagement_sessions_ended_at_check check (ended_at >= started_at)
);

comment on table public.engagement_sessions is
  'Sessions of an engagement; the duration_hours of completed sessions make up engagements.hours_used.';

create index idx_engagement_sessions_engagement_id on public.engagement_sessions (engagement_id);
create index idx_engagement_sessions_status on public.engagement_sessions (status);

create trigger engagement_sessions_set_updated_at
  before update on public.engagement_sessions
  for each row execute function public.set_updated_at();

-- security definer: the parties may not write engagements.hours_used themselves (guarded).
create function public.engagement_session_hours()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id uuid;
  v_total numeric;
  v_used numeric;
  v_title text;
begin
  for v_id in
    select distinct x.id
      from (values (case when tg_op <> 'INSERT' then old.engagement_id end),
                   (case when tg_op <> 'DELETE' then new.engagement_id end)) as x (id)
     where x.id is not null
  loop
    -- lock the engagement first so concurrent session changes add up one after the other.
    select e.hours_total, coalesce(e.title, e.focus_area) into v_total, v_title
      from public.engagements e
     where e.id = v_id
       for update;
    continue when not found; -- the engagement itself is being deleted

    select coalesce(sum(s.duration_hours), 0) into v_used
      from public.engagement_sessions s
     where s.engagement_id = v_id
       and s.status = 'completed';

    if v_used > v_total then
      raise exception 'session would exceed the engagement''s hour budget (% of % hours)', v_used, v_total
        using errcode = 'P0001',
              detail = format('Completed sessions of engagement "%s" would total %s hours; the budget is %s.',
                              v_title, v_used, v_total),
              hint = 'Raise the engagement''s hours_total first, or shorten the session.';
    end if;

    update public.engagements e
       set hours_used = v_used
     where e.id = v_id
       and e.hours_used is distinct from v_used;
  end loop;
  return null;
end;
$$;

comment on function public.engagement_session_hours() is
  'Trigger function (after insert/update/delete on engagement_sessions): engagements.hours_used = sum of the '
  'duration_hours of completed sessions; refuses a change that would exceed hours_total.';

revoke execute on function public.engagement_session_hours() from public, anon, authenticated;

create trigger engagement_sessions_hours
  after insert or update or delete on public.engagement_sessions
  for each row execute function public.engagement_session_hours();

-- ====== marketplace search ======

-- security definer: marketplace visitors may not read public.users; it returns only full_name and avatar_url.
create function public.search_talent(
  p_expertise text[],
  p_min_rating numeric default 0,
  p_limit integer default 20
)
returns table (
  id uuid,
  user_id uuid,
  full_name text,
  avatar_url text,
  tagline text,
  bio text,
  expertise text[],
  industries text[],
  transformation_stages text[],
  coaching_style text,
  transformation_success_rate numeric,
  behavior_change_score numeric,
  client_retention_rate numeric,
  cultures_transformed integer,
  years_experience integer,
  rating numeric,
  review_count integer,
  availability text,
  hourly_rate numeric
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if p_limit is null or p_limit < 1 or p_limit > 100 then
    raise exception 'p_limit must be between 1 and 100 (got %)', coalesce(p_limit::text, 'null')
      using errcode = '22023';
  end if;

  return query
    select tp.id, tp.user_id, u.full_name, u.avatar_url, tp.tagline, tp.bio, tp.expertise, tp.industries,
           tp.transformation_stages, tp.coaching_style, tp.transformation_success_rate::numeric,
           tp.behavior_change_score::numeric, tp.client_retention_rate::numeric, tp.cultures_transformed,
           tp.years_experience, tp.rating::numeric, tp.review_count, tp.availability, tp.hourly_rate::numeric
      from public.talent_profiles tp
      join public.users u on u.id = tp.user_id
     where tp.is_public
       and tp.accepting_clients
       and (p_expertise is null or cardinality(p_expertise) = 0 or tp.expertise && p_expertise)
       and tp.rating >= coalesce(p_min_rating, 0)
     order by tp.rating desc, tp.review_count desc, u.full_name nulls last, tp.id
     limit p_limit;
end;
$$;

comment on function public.search_talent(text[], numeric, integer) is
  'Marketplace search: public profiles accepting clients whose expertise overlaps p_expertise (all when null or '
  'empty) with rating >= p_min_rating, best rated first, with the expert''s full_name and avatar_url; p_limit 1-100.';

revoke execute on function public.search_talent(text[], numeric, integer) from public, anon, authenticated;
grant execute on function public.search_talent(text[], numeric, integer) to anon, authenticated;

-- ====== row-level security ======

alter table public.talent_profiles enable row level security;
alter table public.talent_testimonials enable row level security;
alter table public.engagements enable row level security;
alter table public.engagement_sessions enable row level security;

revoke all on public.talent_profiles from anon, authenticated;
revoke all on public.talent_testimonials from anon, authenticated;
revoke all on public.engagements from anon, authenticated;
revoke all on public.engagement_sessions from anon, authenticated;
grant select on public.talent_profiles to anon;
grant select on public.talent_testimonials to anon;
grant select, insert, update, delete on public.talent_profiles to authenticated;
grant select, insert, update, delete on public.talent_testimonials to authenticated;
grant select, insert, update, delete on public.engagements to authenticated;
grant select, insert, update, delete on public.engagement_sessions to authenticated;

-- talent_profiles
create policy "Visitors see public expert profiles"
  on public.talent_profiles for select to anon
  using (is_public);

create policy "Users see public expert profiles and their own; admins see all"
  on public.talent_profiles for select to authenticated
  using (is_public or user_id = (select auth.uid()) or (select public.is_admin()));

create policy "Experts create their own profile; admins create any"
  on public.talent_profiles for insert to authenticated
  with check (
    (user_id = (select auth.uid()) and (select public.has_role((select auth.uid()), 'expert')))
    or (select public.is_admin())
  );

create policy "Experts update their own profile; admins update any"
  on public.talent_profiles for update to authenticated
  using (user_id = (select auth.uid()) or (select public.is_admin()))
  with check (user_id = (select auth.uid()) or (select public.is_admin()));

create policy "Experts delete their own profile; admins delete any"
  on public.talent_profiles for delete to authenticated
  using (user_id = (select auth.uid()) or (select public.is_admin()));

-- talent_testimonials
create policy "Visitors see testimonials of public profiles"
  on public.talent_testimonials for select to anon
  using (exists (select 1 from public.talent_profiles tp where tp.id = talent_profile_id and tp.is_public));

create policy "Users see public and own profiles' testimonials; admins all"
  on public.talent_testimonials for select to authenticated
  using (
    exists (
      select 1 from public.talent_profiles tp
       where tp.id = talent_profile_id and (tp.is_public or tp.user_id = (select auth.uid()))
    )
    or (select public.is_admin())
  );

create policy "Experts add testimonials to their own profile; admins add any"
  on public.talent_testimonials for insert to authenticated
  with check (
    exists (
      select 1 from public.talent_profiles tp
       where tp.id = talent_profile_id and tp.user_id = (select auth.uid())
    )
    or (select public.is_admin())
  );

create policy "Experts update own profile's testimonials; admins update any"
  on public.talent_testimonials for update to authenticated
  using (
    exists (
      select 1 from public.talent_profiles tp
       where tp.id = talent_profile_id and tp.user_id = (select auth.uid())
    )
    or (select public.is_admin())
  )
  with check (
    exists (
      select 1 from public.talent_profiles tp
       where tp.id = talent_profile_id and tp.user_id = (select auth.uid())
    )
    or (select public.is_admin())
  );

create policy "Experts delete own profile's testimonials; admins delete any"
  on public.talent_testimonials for delete to authenticated
  using (
    exists (
      select 1 from public.talent_profiles tp
       where tp.id = talent_profile_id and tp.user_id = (select auth.uid())
    )
    or (select public.is_admin())
  );

-- engagements
create policy "Clients and experts see their engagements; admins see all"
  on public.engagements for select to authenticated
  using (
    client_id = (select auth.uid()) or expert_id = (select auth.uid()) or (select public.is_admin())
  );

create policy "Clients start engagements for themselves; admins create any"
  on public.engagements for insert to authenticated
  with check (client_id = (select auth.uid()) or (select public.is_admin()));

create policy "Clients and experts update their engagements; admins update any"
  on public.engagements for update to authenticated
  using (
    client_id = (select auth.uid()) or expert_id = (select auth.uid()) or (select public.is_admin())
  )
  with check (
    client_id = (select auth.uid()) or expert_id = (select auth.uid()) or (select public.is_admin())
  );

create policy "Admins delete engagements"
  on public.engagements for delete to authenticated
  using ((select public.is_admin()));

-- engagement_sessions
create policy "Parties see the sessions of their engagements; admins see all"
  on public.engagement_sessions for select to authenticated
  using (
    exists (
      select 1 from public.engagements e
       where e.id = engagement_id
         and (e.client_id = (select auth.uid()) or e.expert_id = (select auth.uid()))
    )
    or (select public.is_admin())
  );

create policy "Parties schedule engagement sessions; admins schedule any"
  on public.engagement_sessions for insert to authenticated
  with check (
    exists (
      select 1 from public.engagements e
       where e.id = engagement_id
         and (e.client_id = (select auth.uid()) or e.expert_id = (select auth.uid()))
    )
    or (select public.is_admin())
  );

create policy "Parties update sessions of their engagements; admins update any"
  on public.engagement_sessions for update to authenticated
  using (
    exists (
      select 1 from public.engagements e
       where e.id = engagement_id
         and (e.client_id = (select auth.uid()) or e.expert_id = (select auth.uid()))
    )
    or (select public.is_admin())
  )
  with check (
    exists (
      select 1 from public.engagements e
       where e.id = engagement_id
         and (e.client_id = (select auth.uid()) or e.expert_id = (select auth.uid()))
    )
    or (select public.is_admin())
  );

create policy "Parties delete sessions of their engagements; admins delete any"
  on public.engagement_sessions for delete to authenticated
  using (
    exists (
      select 1 from public.engagements e
       where e.id = engagement_id
         and (e.client_id = (select auth.uid()) or e.expert_id = (select auth.uid()))
    )
    or (select public.is_admin())
  );

-- ====== rollback ======
-- drop function if exists public.search_talent(text[], numeric, integer);
-- drop table if exists public.engagement_sessions;
-- drop table if exists public.engagements;
-- drop table if exists public.talent_testimonials;
-- drop table if exists public.talent_profiles;
-- drop function if exists public.engagement_session_hours();
-- drop function if exists public.engagement_expert_rating();
-- drop function if exists public.talent_profile_initial_rating();
-- drop function if exists public.recalculate_expert_rating(uuid);
-- drop function if exists public.expert_rating_signals(uuid);
-- drop function if exists public.engagements_guard();
-- drop function if exists public.talent_testimonials_guard();
-- drop function if exists public.talent_profiles_guard();
