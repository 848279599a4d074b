-- 005_create_payments_certificates_reviews.sql
--
-- what: payments (transaction records), certificates (numbered credentials, publicly verifiable through
-- verify_certificate) and reviews (of workshops, experts and engagements, moderated), plus the foreign keys
-- workshop_registrations.payment_id / .certificate_id deferred from 002; the triggers generating certificate numbers,
-- computing verified_purchase, keeping workshop and expert ratings from approved reviews, and the review guard.
-- why: money, credentials and reputation need integrity the application cannot be trusted to keep alone.
-- design: supabase/SCHEMA.md (005); style: supabase/CONVENTIONS.md.
-- replaces public.expert_rating_signals (004) so approved expert reviews count; the rollback restores 004's.

-- ====== payments ======

create table public.payments (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete restrict,
  organization_id uuid references public.organizations (id) on delete set null,
  amount numeric(12,2) not null check (amount > 0),
  currency text not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
  provider text not null check (provider in ('stripe', 'paypal', 'manual')),
  transaction_id text,
  status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed', 'refunded')),
  payment_type text not null check (payment_type in ('workshop', 'engagement', 'subscription', 'other')),
  related_entity_id uuid,
  description text,
  invoice_number text unique,
  invoice_url text,
  refund_amount numeric(12,2) not null default 0,
  refunded_at timestamptz,
  metadata jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint payments_provider_transaction_id_key unique (provider, transaction_id),
  constraint payments_refund_amount_check check (refund_amount >= 0 and refund_amount <= amount)
);

comment on table public.payments is
  'Payment transactions: payer, amount, provider reference, status, what was paid for (related_entity_id: the '
  'workshop or engagement, no foreign key), invoice and refund.';

-- invoice_number and (provider, transaction_id) are indexed by their unique constraints.
create index idx_payments_user_id on public.payments (user_id);
create index idx_payments_organization_id on public.payments (organization_id);
create index idx_payments_status on public.payments (status);
create index idx_payments_metadata on public.payments using gin (metadata);

create trigger payments_set_updated_at
  before update on public.payments
  for each row execute function public.set_updated_at();

-- ====== certificates ======

create table public.certificates (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  certificate_type text not null check (certificate_type in ('workshop', 'program', 'assessment')),
  workshop_id uuid references public.workshops (id) on delete set null,
  assessment_id uuid references public.assessments (id) on delete set null,
  certificate_number text not null unique,
  title text,
  issue_date date not null default current_date,
  expiry_date date,
  skills_demonstrated text[] not null default '{}',
  certificate_url text,
  verification_url text,
  issued_by uuid references public.users (id) on delete set null,
  is_verified boolean not null default false,
  metadata jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint certificates_expiry_date_check check (expiry_date >= issue_date)
);

comment on table public.certificates is
  'Completion certificates and credentials, numbered CERT-{TYPE}-{YYYYMMDD}-{ID8} on insert; anyone can check one '
  'with verify_certificate.';

-- certificate_number is indexed by its unique constraint.
create index idx_certificates_user_id on public.certificates (user_id);
create index idx_certificates_workshop_id on public.certificates (workshop_id);
create index idx_certificates_assessment_id on public.certificates (assessment_id);
create index idx_certificates_issued_by on public.certificates (issued_by);

create trigger certificates_set_updated_at
  before update on public.certificates
  for each row execute function public.set_updated_at();

-- security invoker: it only fills in or inspects the row being written.
create function public.generate_certificate_number()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    new.certificate_number := 'CERT-' || upper(new.certificate_type)
      || '-' || to_char(new.issue_date, 'YYYYMMDD')
      || '-' || upper(left(new.id::text, 8));
  elsif new.certificate_number is distinct from old.certificate_number then
    raise exception 'certificates.certificate_number cannot be changed (it is %)', old.certificate_number
      using errcode = 'P0001', hint = 'Certificate numbers are permanent; issue a new certificate instead.';
  end if;
  return new;
end;
$$;

comment on function public.generate_certificate_number() is
  'Trigger function (before insert or update on certificates): sets certificate_number to '
  'CERT-{TYPE}-{YYYYMMDD}-{first 8 hex digits of id} on insert; refuses any change to it afterwards.';

revoke execute on function public.generate_certificate_number() from public, anon, authenticated;

create trigger certificates_certificate_number
  before insert or update on public.certificates
  for each row execute function public.generate_certificate_number();

-- security invoker: it only inspects the row being written.
create function public.certificates_guard()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user not in ('anon', 'authenticated') or (select public.is_admin()) then
    return new;
  end if;
  if new.is_verified and (tg_op = 'INSERT' or not old.is_verified) then
    raise exception 'only a platform administrator may set certificates.is_verified to true'
      using errcode = 'P0001', hint = 'Issue the certificate unverified; a platform administrator verifies it.';
  end if;
  if tg_op = 'UPDATE' and new.is_verified is distinct from old.is_verified then
    raise exception 'only a platform administrator may change certificates.is_verified (% to %)',
      old.is_verified, new.is_verified
      using errcode = 'P0001';
  end if;
  return new;
end;
$$;

comment on function public.certificates_guard() is
  'Trigger function (before insert or update on certificates): is_verified is set and changed only by a platform '
  'admin (an instructor issues certificates unverified).';

revoke execute on function public.certificates_guard() from public, anon, authenticated;

create trigger certificates_guard
  before insert or update on public.certificates
  for each row execute function public.certificates_guard();

-- security definer: anyone may verify a certificate without being able to read the certificates table.
create function public.verify_certificate(p_certificate_number text)
returns table (
  certificate_number text,
  certificate_type text,
  title text,
  recipient_name text,
  issue_date date,
  expiry_date date,
  is_verified boolean,
  is_expired boolean
)
language sql
stable
security definer
set search_path = ''
as $$
  select c.certificate_number,
         c.certificate_type,
         c.title,
         u.full_name,
         c.issue_date,
         c.expiry_date,
         c.is_verified,
         coalesce(c.expiry_date < current_date, false)
    from public.certificates c
    join public.users u on u.id = c.user_id
   where c.certificate_number = upper(btrim(p_certificate_number));
$$;

comment on function public.verify_certificate(text) is
  'Public verification: the certificate''s number, type, title, recipient name, issue and expiry date, whether it '
  'is verified and whether it has expired; no row when the number is unknown.';

revoke execute on function public.verify_certificate(text) from public, anon, authenticated;
grant execute on function public.verify_certificate(text) to anon, authenticated;

-- ====== workshop_registrations: deferred foreign keys ======

alter table public.workshop_registrations
  add constraint workshop_registrations_payment_id_fkey
    foreign key (payment_id) references public.payments (id) on delete set null,
  add constraint workshop_registrations_certificate_id_fkey
    foreign key (certificate_id) references public.certificates (id) on delete set null;

create index idx_workshop_registrations_payment_id on public.workshop_registrations (payment_id);
create index idx_workshop_registrations_certificate_id on public.workshop_registrations (certificate_id);

-- ====== reviews ======

create table public.reviews (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  review_type text not null check (review_type in ('workshop', 'expert', 'engagement')),
  workshop_id uuid references public.workshops (id) on delete cascade,
  expert_id uuid references public.users (id) on delete cascade,
  engagement_id uuid references public.engagements (id) on delete cascade,
  title text check (char_length(title) <= 200),
  rating integer not null check (rating between 1 and 5),
  review_text text not null check (char_length(review_text) between 1 and 10000),
  content_quality_rating integer check (content_quality_rating between 1 and 5),
  delivery_rating integer check (delivery_rating between 1 and 5),
  value_rating integer check (value_rating between 1 and 5),
  impact_rating integer check (impact_rating between 1 and 5),
  verified_purchase boolean not null default false,
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected', 'flagged')),
  helpful_count integer not null default 0 check (helpful_count >= 0),
  not_helpful_count integer not null default 0 check (not_helpful_count >= 0),
  response_text text,
  response_by uuid references public.users (id) on delete set null,
  responded_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint reviews_target_check check (
    (review_type = 'workshop' and workshop_id is not null and expert_id is null and engagement_id is null)
    or (review_type = 'expert' and expert_id is not null and workshop_id is null and engagement_id is null)
    or (review_type = 'engagement' and engagement_id is not null and workshop_id is null and expert_id is null)
  )
);

comment on table public.reviews is
  'Moderated reviews of a workshop, an expert or an engagement (exactly one target, matching review_type); '
  'approved ones feed workshops.average_rating and the expert rating.';

create index idx_reviews_user_id on public.reviews (user_id);
create index idx_reviews_workshop_id on public.reviews (workshop_id);
create index idx_reviews_expert_id on public.reviews (expert_id);
create index idx_reviews_engagement_id on public.reviews (engagement_id);
create index idx_reviews_response_by on public.reviews (response_by);
create index idx_reviews_status on public.reviews (status);
create index idx_reviews_search on public.reviews
  using gin (to_tsvector('english', coalesce(title, '') || ' ' || review_text));
-- what visitors read: approved reviews per target, newest first.
create index idx_reviews_workshop_approved on public.reviews (workshop_id, created_at desc)
  where status = 'approved';
create index idx_reviews_expert_approved on public.reviews (expert_id, created_at desc)
  where status = 'approved';
create index idx_reviews_engagement_approved on public.reviews (engagement_id, created_at desc)
  where status = 'approved';
-- the moderation queue.
create index idx_reviews_moderation_queue on public.reviews (created_at)
  where status in ('pending', 'flagged');

create trigger reviews_set_updated_at
  before update on public.reviews
  for each row execute function public.set_updated_at();

-- security invoker: the reviewer can see their own registrations and engagements (admins and the owner see all).
create function public.review_verified_purchase()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.verified_purchase := case new.review_type
    when 'workshop' then exists (
      select 1 from public.workshop_registrations wr
       where wr.workshop_id = new.workshop_id and wr.user_id = new.user_id and wr.status <> 'cancelled'
    )
    -- an engagement is a purchase once the expert has accepted it: pending and cancelled ones are not.
    when 'expert' then exists (
      select 1 from public.engagements e
       where e.expert_id = new.expert_id and e.client_id = new.user_id
         and e.status in ('active', 'paused', 'completed')
    )
    when 'engagement' then exists (
      select 1 from public.engagements e
       where e.id = new.engagement_id and e.client_id = new.user_id
         and e.status in ('active', 'paused', 'completed')
    )
    else false
  end;
  return new;
end;
$$;

comment on function public.review_verified_purchase() is
  'Trigger function (before insert on reviews): verified_purchase = the reviewer holds a non-cancelled registration '
  'for the workshop, or is the client of an active, paused or completed engagement with the expert, or of the '
  'engagement (pending and cancelled engagements are no purchase).';

revoke execute on function public.review_verified_purchase() from public, anon, authenticated;

create trigger reviews_verified_purchase
  before insert on public.reviews
  for each row execute function public.review_verified_purchase();

-- security invoker: it only inspects the row being written (and the caller's own workshops and engagements).
create function public.reviews_guard()
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

revoke execute on function public.reviews_guard() from public, anon, authenticated;

-- trigger names matter: before-insert triggers fire in name order, guard → verified_purchase.
create trigger reviews_guard
  before insert or update on public.reviews
  for each row execute function public.reviews_guard();

-- ====== ratings ======

-- security invoker: only recalculate_expert_rating and the profile trigger call it; no api role may execute it.
create or replace function public.expert_rating_signals(
  p_expert_id uuid,
  out rating numeric,
  out review_count integer,
  out signal_count integer
)
language sql
stable
set search_path = ''
as $$
  select coalesce(round(avg(x.score), 2), 0),
         count(*) filter (where x.source = 'review')::integer,
         count(*)::integer
    from (
      select 'engagement' as source, e.client_satisfaction_score::numeric as score
        from public.engagements e
       where e.expert_id = p_expert_id
         and e.status = 'completed'
         and e.client_satisfaction_score is not null
      union all
      select 'review', r.rating::numeric
        from public.reviews r
       where r.expert_id = p_expert_id
         and r.review_type = 'expert'
         and r.status = 'approved'
    ) x;
$$;

comment on function public.expert_rating_signals(uuid) is
  'The expert''s rating: the mean of every rating signal about them (the client_satisfaction_score of each '
  'completed engagement and each approved expert review, counted once each), 2 decimals, 0 when none; '
  'review_count = number of approved expert reviews; signal_count = number of signals.';

revoke execute on function public.expert_rating_signals(uuid) from public, anon, authenticated;

-- security definer: the reviewer or moderator may not update the workshop or talent profile whose rating this keeps.
create function public.review_ratings()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id uuid;
begin
  if tg_op = 'UPDATE'
     and new.status is not distinct from old.status
     and new.rating is not distinct from old.rating
     and new.review_type is not distinct from old.review_type
     and new.workshop_id is not distinct from old.workshop_id
     and new.expert_id is not distinct from old.expert_id then
    return null; -- nothing that a rating depends on changed
  end if;

  for v_id in
    select distinct x.id
      from (values (case when tg_op <> 'INSERT' then old.workshop_id end),
                   (case when tg_op <> 'DELETE' then new.workshop_id end)) as x (id)
     where x.id is not null
  loop
    update public.workshops w
       set average_rating = coalesce(s.average_rating, 0),
           review_count = s.review_count
      from (
        select round(avg(r.rating), 2) as average_rating, count(*)::integer as review_count
          from public.reviews r
         where r.workshop_id = v_id
           and r.review_type = 'workshop'
           and r.status = 'approved'
      ) s
     where w.id = v_id
       and (w.average_rating, w.review_count) is distinct from (coalesce(s.average_rating, 0), s.review_count);
  end loop;

  for v_id in
    select distinct x.id
      from (values (case when tg_op <> 'INSERT' then old.expert_id end),
                   (case when tg_op <> 'DELETE' then new.expert_id end)) as x (id)
     where x.id is not null
  loop
    perform public.recalculate_expert_rating(v_id);
  end loop;

  return null;
end;
$$;

comment on function public.review_ratings() is
  'Trigger function (after insert/update/delete on reviews): recomputes average_rating/review_count of the old and '
  'new workshop from its approved reviews (2 decimals, 0 when none) and the rating of the old and new expert.';

revoke execute on function public.review_ratings() from public, anon, authenticated;

create trigger reviews_ratings
  after insert or update or delete on public.reviews
  for each row execute function public.review_ratings();

-- ====== row-level security ======

alter table public.payments enable row level security;
alter table public.certificates enable row level security;
alter table public.reviews enable row level security;

revoke all on public.payments from anon, authenticated;
revoke all on public.certificates from anon, authenticated;
revoke all on public.reviews from anon, authenticated;
grant select on public.reviews to anon;
grant select, insert, update, delete on public.payments to authenticated;
grant select, insert, update, delete on public.certificates to authenticated;
grant select, insert, update, delete on public.reviews to authenticated;

-- payments
create policy "Users see own payments, members their org's; admins see all"
  on public.payments for select to authenticated
  using (
    user_id = (select auth.uid())
    or (organization_id is not null and public.is_org_member(organization_id))
    or (select public.is_admin())
  );

create policy "Admins record payments"
  on public.payments for insert to authenticated
  with check ((select public.is_admin()));

create policy "Admins update payments"
  on public.payments for update to authenticated
  using ((select public.is_admin()))
  with check ((select public.is_admin()));

create policy "Admins delete payments"
  on public.payments for delete to authenticated
  using ((select public.is_admin()));

-- certificates
create policy "Users see their own certificates; admins see all"
  on public.certificates for select to authenticated
  using (user_id = (select auth.uid()) or (select public.is_admin()));

-- an instructor certifies only learners who completed (or attended) their workshop.
create policy "Instructors certify their workshops' graduates; admins issue any"
  on public.certificates for insert to authenticated
  with check (
    (
      issued_by = (select auth.uid())
      and exists (
        select 1 from public.workshops w where w.id = workshop_id and w.instructor_id = (select auth.uid())
      )
      and exists (
        select 1 from public.workshop_registrations wr
         where wr.workshop_id = certificates.workshop_id
           and wr.user_id = certificates.user_id
           and (wr.status = 'completed' or wr.attended)
      )
    )
    or (select public.is_admin())
  );

create policy "Admins update certificates"
  on public.certificates for update to authenticated
  using ((select public.is_admin()))
  with check ((select public.is_admin()));

create policy "Admins delete certificates"
  on public.certificates for delete to authenticated
  using ((select public.is_admin()));

-- reviews
create policy "Visitors see approved reviews"
  on public.reviews for select to anon
  using (status = 'approved');

create policy "Users see approved reviews and their own; admins see all"
  on public.reviews for select to authenticated
  using (status = 'approved' or user_id = (select auth.uid()) or (select public.is_admin()));

-- the purchase is checked here as well as by the verified_purchase trigger: a non-cancelled registration, or an
-- engagement the expert has accepted (active, paused, completed).
create policy "Users review what they bought, pending; admins create any"
  on public.reviews for insert to authenticated
  with check (
    (
      user_id = (select auth.uid())
      and status = 'pending'
      and verified_purchase
      and (
        (review_type = 'workshop' and exists (
          select 1 from public.workshop_registrations wr
           where wr.workshop_id = reviews.workshop_id
             and wr.user_id = (select auth.uid())
             and wr.status <> 'cancelled'
        ))
        or (review_type = 'expert' and exists (
          select 1 from public.engagements e
           where e.expert_id = reviews.expert_id
             and e.client_id = (select auth.uid())
             and e.status in ('active', 'paused', 'completed')
        ))
        or (review_type = 'engagement' and exists (
          select 1 from public.engagements e
           where e.id = reviews.engagement_id
             and e.client_id = (select auth.uid())
             and e.status in ('active', 'paused', 'completed')
        ))
      )
    )
    or (select public.is_admin())
  );

create policy "Authors edit reviews, the reviewed respond; admins update any"
  on public.reviews for update to authenticated
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

create policy "Authors delete their reviews; admins delete any"
  on public.reviews for delete to authenticated
  using (user_id = (select auth.uid()) or (select public.is_admin()));

-- ====== rollback ======
-- drop table if exists public.reviews;
-- drop function if exists public.review_ratings();
-- drop function if exists public.reviews_guard();
-- drop function if exists public.review_verified_purchase();
-- drop index if exists public.idx_workshop_registrations_certificate_id;
-- drop index if exists public.idx_workshop_registrations_payment_id;
-- alter table if exists public.workshop_registrations
--   drop constraint if exists workshop_registrations_certificate_id_fkey,
--   drop constraint if exists workshop_registrations_payment_id_fkey;
-- drop function if exists public.verify_certificate(text);
-- drop table if exists public.certificates;
-- drop function if exists public.certificates_guard();
-- drop function if exists public.generate_certificate_number();
-- drop table if exists public.payments;
-- -- restore 004's expert_rating_signals (engagement signals only; public.reviews no longer exists).
-- create or replace function public.expert_rating_signals(
--   p_expert_id uuid,
--   out rating numeric,
--   out review_count integer,
--   out signal_count integer
-- )
-- language sql
-- stable
-- set search_path = ''
-- as $$
--   select coalesce(round(avg(e.client_satisfaction_score), 2), 0), 0, count(*)::integer
--     from public.engagements e
--    where e.expert_id = p_expert_id
--      and e.status = 'completed'
--      and e.client_satisfaction_score is not null;
-- $$;
-- comment on function public.expert_rating_signals(uuid) is
--   'The expert''s rating (mean of every rating signal about them, 2 decimals, 0 when none), review_count '
--   '(approved expert reviews) and the number of signals. Signals here: client_satisfaction_score of completed '
--   'engagements; 005 adds approved expert reviews.';
