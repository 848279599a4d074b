-- 002_create_workshops.sql
--
-- what: workshops (learning experiences with seats, pricing, outcomes and tags) and workshop_registrations (who
-- enrolled, attendance, completion, feedback), the seat triggers that keep workshops.capacity_remaining exact, and
-- the guards: computed columns and is_featured are not an instructor's to write, a new registration starts plain
-- (no attendance, completion, certificate, payment or price), and afterwards a registrant and an instructor may
-- change only their own parts of it.
-- why: seats are the one resource users compete for; counting them in the database (row lock on the workshop)
-- makes overbooking impossible however many registrations arrive at once.
-- design: supabase/SCHEMA.md (002); style: supabase/CONVENTIONS.md.
-- the foreign keys workshop_registrations.payment_id and .certificate_id are added in 005, with their tables.

-- ====== workshops ======

create table public.workshops (
  id uuid primary key default gen_random_uuid(),
  title text not null check (char_length(title) between 1 and 200),
  description text not null default '',
  instructor_id uuid not null references public.users (id) on delete restrict,
  pillar text not null check (pillar in ('adaptability', 'coaching', 'marketplace')),
  level text not null check (level in ('beginner', 'intermediate', 'advanced')),
  format text not null check (format in ('live', 'hybrid', 'recorded')),
  schedule_date date,
  schedule_time time,
  duration_minutes integer check (duration_minutes > 0),
  timezone text not null default 'UTC',
  location text,
  capacity_total integer not null check (capacity_total > 0),
  capacity_remaining integer not null,
  price_amount numeric(12,2) not null default 0 check (price_amount >= 0),
  price_early_bird numeric(12,2),
  currency text not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
  outcomes text[] not null default '{}',
  tags text[] not null default '{}',
  status text not null default 'draft' check (status in ('draft', 'published', 'archived', 'cancelled')),
  is_featured boolean not null default false,
  average_rating numeric(3,2) not null default 0 check (average_rating between 0 and 5),
  review_count integer not null default 0 check (review_count >= 0),
  metadata jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint workshops_capacity_remaining_check
    check (capacity_remaining >= 0 and capacity_remaining <= capacity_total),
  constraint workshops_price_early_bird_check
    check (price_early_bird >= 0 and price_early_bird <= price_amount)
);

comment on table public.workshops is
  'Workshops and masterclasses: schedule, seats (capacity_remaining kept by the registration triggers), pricing, '
  'outcomes and tags; average_rating/review_count kept by the review trigger.';

create index idx_workshops_instructor_id on public.workshops (instructor_id);
create index idx_workshops_status on public.workshops (status);
create index idx_workshops_pillar_level on public.workshops (pillar, level);
create index idx_workshops_tags on public.workshops using gin (tags);
create index idx_workshops_outcomes on public.workshops using gin (outcomes);
create index idx_workshops_search on public.workshops
  using gin (to_tsvector('english', title || ' ' || description));
-- the catalogue: published workshops by date.
create index idx_workshops_published_schedule on public.workshops (schedule_date) where status = 'published';

-- security invoker: it only fills in the row being inserted.
create function public.workshop_default_capacity()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.capacity_remaining is null then
    new.capacity_remaining := new.capacity_total;
  end if;
  return new;
end;
$$;

comment on function public.workshop_default_capacity() is
  'Trigger function (before insert on workshops): capacity_remaining defaults to capacity_total.';

revoke execute on function public.workshop_default_capacity() from public, anon, authenticated;

create trigger workshops_default_capacity
  before insert on public.workshops
  for each row execute function public.workshop_default_capacity();

-- security invoker: it only inspects the row being written.
create function public.workshops_guard()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user not in ('anon', 'authenticated') or (select public.is_admin()) then
    return new;
  end if;
  if tg_op = 'INSERT' then
    if new.average_rating <> 0 or new.review_count <> 0 then
      raise exception 'workshops.average_rating and workshops.review_count are computed from approved reviews and '
        'must start at 0 (got % and %)', new.average_rating, new.review_count
        using errcode = 'P0001';
    end if;
    if new.is_featured then
      raise exception 'only a platform administrator may feature a workshop (workshops.is_featured must be false)'
        using errcode = 'P0001', hint = 'Create the workshop unfeatured; a platform administrator features it.';
    end if;
  else
    if new.is_featured is distinct from old.is_featured then
      raise exception 'only a platform administrator may change workshops.is_featured (% to %)',
        old.is_featured, new.is_featured
        using errcode = 'P0001', hint = 'Ask a platform administrator to feature or unfeature the workshop.';
    end if;
    if new.average_rating is distinct from old.average_rating then
      raise exception 'workshops.average_rating is computed from approved reviews and cannot be set (% to %)',
        old.average_rating, new.average_rating
        using errcode = 'P0001';
    end if;
    if new.review_count is distinct from old.review_count then
      raise exception 'workshops.review_count is computed from approved reviews and cannot be set (% to %)',
        old.review_count, new.review_count
        using errcode = 'P0001';
    end if;
  end if;
  return new;
end;
$$;

comment on function public.workshops_guard() is
  'Trigger function (before insert or update on workshops): average_rating and review_count are not user-writable; '
  'is_featured is set and changed only by a platform admin (an instructor''s insert leaves it false).';

revoke execute on function public.workshops_guard() from public, anon, authenticated;

create trigger workshops_guard
  before insert or update on public.workshops
  for each row execute function public.workshops_guard();

create trigger workshops_set_updated_at
  before update on public.workshops
  for each row execute function public.set_updated_at();

-- ====== workshop_registrations ======

create table public.workshop_registrations (
  id uuid primary key default gen_random_uuid(),
  workshop_id uuid not null references public.workshops (id) on delete cascade,
  user_id uuid not null references public.users (id) on delete cascade,
  status text not null default 'registered' check (status in ('registered', 'completed', 'cancelled', 'no_show')),
  price_paid numeric(12,2) not null default 0 check (price_paid >= 0),
  payment_id uuid,
  attended boolean not null default false,
  registered_at timestamptz not null default now(),
  cancelled_at timestamptz,
  completed_at timestamptz,
  certificate_id uuid,
  rating integer check (rating between 1 and 5),
  review text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint workshop_registrations_workshop_id_user_id_key unique (workshop_id, user_id)
);

comment on table public.workshop_registrations is
  'Enrolments: one per (workshop, user). A registration holds a seat unless cancelled; attendance, completion, '
  'certificate and the registrant''s own rating.';

-- workshop_id leads the unique constraint's index; user_id leads (user_id, status).
create index idx_workshop_registrations_user_id_status on public.workshop_registrations (user_id, status);
create index idx_workshop_registrations_status on public.workshop_registrations (status);

-- security definer: the registering user may not update the workshop row whose seat count this keeps.
create function public.workshop_registration_seats()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_take uuid;     -- workshop to take a seat from
  v_release uuid;  -- workshop to give a seat back to
  v_title text;
  v_total integer;
begin
  if tg_op = 'INSERT' then
    if new.status <> 'cancelled' then
      v_take := new.workshop_id;
    elsif new.cancelled_at is null then
      new.cancelled_at := now();
    end if;
  elsif tg_op = 'UPDATE' then
    if old.status <> 'cancelled' and new.status = 'cancelled' then
      v_release := old.workshop_id;
      new.cancelled_at := now();
    elsif old.status = 'cancelled' and new.status <> 'cancelled' then
      v_take := new.workshop_id;
      new.cancelled_at := null;
    elsif old.status <> 'cancelled' and new.workshop_id is distinct from old.workshop_id then
      v_release := old.workshop_id;
      v_take := new.workshop_id;
    end if;
  else -- DELETE
    if old.status <> 'cancelled' then
      v_release := old.workshop_id;
    end if;
  end if;

  if v_take is not null then
    -- the row lock taken by this update serialises concurrent registrations for the same workshop.
    update public.workshops w
       set capacity_remaining = w.capacity_remaining - 1
     where w.id = v_take
       and w.capacity_remaining > 0;
    if not found then
      select w.title, w.capacity_total into v_title, v_total from public.workshops w where w.id = v_take;
      if found then
        raise exception 'workshop "%" is full (% seats)', v_title, v_total
          using errcode = 'P0001',
                detail = format('All %s seats of workshop %s are taken.', v_total, v_take),
                hint = 'Choose another session, or wait for a seat to be released by a cancellation.';
      end if;
      -- no such workshop: the foreign key refuses the row with its own error.
    end if;
  end if;

  if v_release is not null then
    update public.workshops w
       set capacity_remaining = least(w.capacity_remaining + 1, w.capacity_total)
     where w.id = v_release;
  end if;

  if tg_op = 'DELETE' then
    return old;
  end if;
  return new;
end;
$$;

comment on function public.workshop_registration_seats() is
  'Trigger function (workshop_registrations): takes a seat on insert (refusing when the workshop is full), gives it '
  'back on cancellation or deletion, takes one again on un-cancelling, moves it when the workshop changes.';

revoke execute on function public.workshop_registration_seats() from public, anon, authenticated;

-- trigger names matter: before-insert and before-update triggers fire in name order, guard → seats
-- (→ set_updated_at).
create trigger workshop_registrations_seats
  before insert or update on public.workshop_registrations
  for each row execute function public.workshop_registration_seats();

create trigger workshop_registrations_seats_release
  after delete on public.workshop_registrations
  for each row execute function public.workshop_registration_seats();

-- security invoker: it only inspects the row being written (and the caller's own workshops).
create function public.workshop_registrations_guard()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_uid uuid := auth.uid();
  v_is_registrant boolean;
  v_is_instructor boolean;
  v_column text;
begin
  if current_user not in ('anon', 'authenticated') or (select public.is_admin()) then
    return new;
  end if;

  if tg_op = 'INSERT' then
    -- a registration starts plain: attendance, completion and the certificate are the instructor's to record,
    -- payment_id and price_paid are linked by the payment flow (admin or service), feedback comes after.
    if new.status is distinct from 'registered' then
      v_column := 'status';
    elsif new.attended is distinct from false then
      v_column := 'attended';
    elsif new.completed_at is not null then
      v_column := 'completed_at';
    elsif new.cancelled_at is not null then
      v_column := 'cancelled_at';
    elsif new.certificate_id is not null then
      v_column := 'certificate_id';
    elsif new.payment_id is not null then
      v_column := 'payment_id';
    elsif new.price_paid is distinct from 0 then
      v_column := 'price_paid';
    elsif new.rating is not null then
      v_column := 'rating';
    elsif new.review is not null then
      v_column := 'review';
    end if;
    if v_column is not null then
      raise exception 'a new registration cannot set workshop_registrations.%', v_column
        using errcode = 'P0001',
              hint = 'Register with status registered and nothing else: attendance and completion are recorded by the '
                     'instructor, price_paid and payment_id by the payment flow, rating and review afterwards.';
    end if;
    return new;
  end if;

  v_is_registrant := old.user_id = v_uid;
  v_is_instructor := exists (
    select 1 from public.workshops w where w.id = old.workshop_id and w.instructor_id = v_uid
  );

  for v_column in
    select n.key
      from jsonb_each(to_jsonb(new)) n
     where n.value is distinct from (to_jsonb(old) -> n.key)
       and n.key <> 'updated_at'
     order by n.key
  loop
    if v_column in ('rating', 'review') and v_is_registrant then
      continue;
    elsif v_column in ('attended', 'completed_at') and v_is_instructor then
      continue;
    elsif v_column = 'status' then
      if (v_is_registrant and new.status = 'cancelled')
         or (v_is_instructor and new.status in ('completed', 'no_show')) then
        continue;
      end if;
      raise exception 'you may not change workshop_registrations.status from "%" to "%"', old.status, new.status
        using errcode = 'P0001',
              hint = 'A registrant may only cancel; the workshop''s instructor may mark completed or no_show.';
    end if;
    raise exception 'you may not change workshop_registrations.%', v_column
      using errcode = 'P0001',
            hint = 'A registrant may cancel and change rating and review; the workshop''s instructor may change '
                   'attended, completed_at and status (completed, no_show).';
  end loop;
  return new;
end;
$$;

comment on function public.workshop_registrations_guard() is
  'Trigger function (before insert or update on workshop_registrations): a new registration is status registered, '
  'not attended, not completed, free of certificate, payment, price_paid, rating and review; afterwards the '
  'registrant may only cancel and change rating/review; the instructor may change attended, completed_at and status '
  '(completed, no_show).';

revoke execute on function public.workshop_registrations_guard() from public, anon, authenticated;

create trigger workshop_registrations_guard
  before insert or update on public.workshop_registrations
  for each row execute function public.workshop_registrations_guard();

create trigger workshop_registrations_set_updated_at
  before update on public.workshop_registrations
  for each row execute function public.set_updated_at();

-- ====== row-level security ======

alter table public.workshops enable row level security;
alter table public.workshop_registrations enable row level security;

revoke all on public.workshops from anon, authenticated;
revoke all on public.workshop_registrations from anon, authenticated;
grant select on public.workshops to anon;
grant select, insert, update, delete on public.workshops to authenticated;
grant select, insert, update, delete on public.workshop_registrations to authenticated;

-- workshops
create policy "Visitors see published workshops"
  on public.workshops for select to anon
  using (status = 'published');

create policy "Users see published and own workshops; admins see all"
  on public.workshops for select to authenticated
  using (status = 'published' or instructor_id = (select auth.uid()) or (select public.is_admin()));

create policy "Instructors create their own workshops; admins create any"
  on public.workshops for insert to authenticated
  with check (
    (instructor_id = (select auth.uid()) and (select public.has_role((select auth.uid()), 'instructor')))
    or (select public.is_admin())
  );

create policy "Instructors update their own workshops; admins update any"
  on public.workshops for update to authenticated
  using (instructor_id = (select auth.uid()) or (select public.is_admin()))
  with check (instructor_id = (select auth.uid()) or (select public.is_admin()));

create policy "Admins delete workshops"
  on public.workshops for delete to authenticated
  using ((select public.is_admin()));

-- workshop_registrations
create policy "Registrants and the instructor see registrations; admins all"
  on public.workshop_registrations for select to authenticated
  using (
    user_id = (select auth.uid())
    or exists (
      select 1 from public.workshops w where w.id = workshop_id and w.instructor_id = (select auth.uid())
    )
    or (select public.is_admin())
  );

create policy "Users register for published workshops; admins register anyone"
  on public.workshop_registrations for insert to authenticated
  with check (
    (
      user_id = (select auth.uid())
      and status = 'registered'
      and exists (select 1 from public.workshops w where w.id = workshop_id and w.status = 'published')
    )
    or (select public.is_admin())
  );

create policy "Registrants and the instructor update registrations; admins too"
  on public.workshop_registrations for update to authenticated
  using (
    user_id = (select auth.uid())
    or exists (
      select 1 from public.workshops w where w.id = workshop_id and w.instructor_id = (select auth.uid())
    )
    or (select public.is_admin())
  )
  with check (
    user_id = (select auth.uid())
    or exists (
      select 1 from public.workshops w where w.id = workshop_id and w.instructor_id = (select auth.uid())
    )
    or (select public.is_admin())
  );

create policy "Admins delete registrations"
  on public.workshop_registrations for delete to authenticated
  using ((select public.is_admin()));

-- ====== rollback ======
-- drop table if exists public.workshop_registrations;
-- drop function if exists public.workshop_registrations_guard();
-- drop function if exists public.workshop_registration_seats();
-- drop table if exists public.workshops;
-- drop function if exists public.workshops_guard();
-- drop function if exists public.workshop_default_capacity();
