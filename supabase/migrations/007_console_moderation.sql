-- 007_console_moderation.sql
--
-- what: review moderation for HumanGlue Console: a version on every review (bumped by trigger) and the moderation
-- columns (reason code, note, who, when); console.review_decisions, the record of each decision that undo restores;
-- staff access to reviews through the existing policies and the 005 review guard (moderators read every review and
-- change status and moderation fields, responders answer on behalf of the reviewed instructor or expert); the
-- moderation queue (console.list_reviews / count_reviews with filters, full-text search, keyset pages and signals)
-- and the decisions (decide_review, decide_reviews, undo_review_decision, respond_to_review).
-- why: moderators work a queue of pending and flagged reviews; two moderators must never overwrite each other's
-- decision (the version check answers PT409 naming who decided), every decision is audited in the same transaction,
-- and approving or rejecting moves the target's rating through 005's rating triggers.
-- design: supabase/CONSOLE-API.md, "007_console_moderation.sql".

-- ====== reviews: version and moderation columns ======

alter table public.reviews
  add column version integer not null default 1,
  add column moderation_reason text,
  add column moderation_note text,
  add column moderated_by uuid references public.users (id) on delete set null,
  add column moderated_at timestamptz;

alter table public.reviews
  add constraint reviews_moderation_reason_check
    check (moderation_reason in ('spam', 'offensive', 'off_topic', 'not_verified', 'personal_data', 'other')),
  add constraint reviews_moderation_note_check check (char_length(moderation_note) <= 2000),
  add constraint reviews_version_check check (version >= 1);

comment on column public.reviews.version is
  'Incremented by trigger on every update: a moderator''s decision names the version it was made on (optimistic lock).';
comment on column public.reviews.moderation_reason is
  'Why the last moderator rejected or flagged it: spam, offensive, off_topic, not_verified, personal_data, other.';
comment on column public.reviews.moderation_note is 'The moderator''s optional note on the last decision (≤ 2000 chars).';
comment on column public.reviews.moderated_by is 'Who made the last moderation decision (null: none, or undone).';
comment on column public.reviews.moderated_at is 'When the last moderation decision was made.';

create index idx_reviews_moderated_by on public.reviews (moderated_by);

-- trigger name matters: before-update triggers fire in name order, so the guard sees the version the caller sent.
create function public.reviews_bump_version()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.version := old.version + 1;
  return new;
end;
$$;

comment on function public.reviews_bump_version() is
  'Trigger function (before update on reviews): version = old version + 1 on every update.';

revoke execute on function public.reviews_bump_version() from public, anon, authenticated;

create trigger reviews_version_bump
  before update on public.reviews
  for each row execute function public.reviews_bump_version();

-- ====== indexes for the queue and its signals ======

-- keyset pages: each sort column then id, over every status, within one status, and over the queue (pending,
-- flagged). the queue by age uses 005's idx_reviews_moderation_queue (created_at) where status in (pending, flagged).
create index idx_reviews_created_at on public.reviews (created_at, id);
create index idx_reviews_rating on public.reviews (rating, id);
create index idx_reviews_helpful on public.reviews (helpful_count, id);
create index idx_reviews_status_created_at on public.reviews (status, created_at, id);
create index idx_reviews_status_rating on public.reviews (status, rating, id);
create index idx_reviews_status_helpful on public.reviews (status, helpful_count, id);
create index idx_reviews_queue_rating on public.reviews (rating, id) where status in ('pending', 'flagged');
create index idx_reviews_queue_helpful on public.reviews (helpful_count, id) where status in ('pending', 'flagged');
-- signal repeated_text: the same user's reviews with the same normalised text (lowercase, trimmed, inner whitespace
-- collapsed), found by hash.
create index idx_reviews_user_text on public.reviews
  (user_id, md5(regexp_replace(lower(btrim(review_text)), '\s+', ' ', 'g')));
-- signal rating_outlier for engagements: count and sum of the engagement's approved ratings from the index alone
-- (workshops and experts keep theirs in workshops.average_rating / talent_profiles.rating, by 005's trigger).
create index idx_reviews_engagement_approved_rating on public.reviews (engagement_id) include (rating)
  where status = 'approved';

-- ====== review decisions ======

create table console.review_decisions (
  id uuid primary key default gen_random_uuid(),
  review_id uuid not null references public.reviews (id) on delete cascade,
  decided_by uuid references public.users (id) on delete set null,
  decision text not null check (decision in ('approve', 'reject', 'flag')),
  from_status text not null,
  to_status text not null,
  reason text check (reason in ('spam', 'offensive', 'off_topic', 'not_verified', 'personal_data', 'other')),
  note text check (char_length(note) <= 2000),
  from_version integer not null,
  to_version integer not null,
  from_reason text,
  from_note text,
  from_moderated_by uuid references public.users (id) on delete set null,
  from_moderated_at timestamptz,
  decided_at timestamptz not null default now(),
  undone_at timestamptz,
  undone_by uuid references public.users (id) on delete set null,
  constraint review_decisions_reject_reason check (decision <> 'reject' or reason is not null)
);

comment on table console.review_decisions is
  'Every moderation decision on a review: from/to status and version, reason and note, and the moderation fields '
  'it replaced, which undo_review_decision restores. undone_at/undone_by mark an undone decision.';

create index idx_review_decisions_review on console.review_decisions (review_id, decided_at desc);
create index idx_review_decisions_decided_by on console.review_decisions (decided_by, decided_at desc);
create index idx_review_decisions_from_moderated_by on console.review_decisions (from_moderated_by);
create index idx_review_decisions_undone_by on console.review_decisions (undone_by);

alter table console.review_decisions enable row level security;
revoke all on console.review_decisions from public, anon, authenticated;
grant select, insert on console.review_decisions to authenticated;
grant update (undone_at, undone_by) on console.review_decisions to authenticated;

create policy "Moderators read review decisions"
  on console.review_decisions for select to authenticated
  using ((select console_private.has_capability('reviews.read')));

create policy "Moderators record their own decisions"
  on console.review_decisions for insert to authenticated
  with check (decided_by = (select auth.uid()) and (select console_private.has_capability('reviews.moderate')));

create policy "Moderators mark decisions undone"
  on console.review_decisions for update to authenticated
  using ((select console_private.has_capability('reviews.moderate')))
  with check (undone_by = (select auth.uid()) and (select console_private.has_capability('reviews.moderate')));

-- ====== staff access to reviews ======

alter policy "Users see approved reviews and their own; admins see all" on public.reviews
  using (
    status = 'approved'
    or user_id = (select auth.uid())
    or (select public.is_admin())
    or (select console_private.has_capability('reviews.read'))
  );
alter policy "Users see approved reviews and their own; admins see all" on public.reviews
  rename to "Users see approved reviews and their own; moderators and admins see all";

alter policy "Authors edit reviews, the reviewed respond; admins update any" on public.reviews
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
    or (select console_private.has_capability('reviews.moderate'))
    or (select console_private.has_capability('reviews.respond'))
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
    or (select console_private.has_capability('reviews.moderate'))
    or (select console_private.has_capability('reviews.respond'))
  );
alter policy "Authors edit reviews, the reviewed respond; admins update any" on public.reviews
  rename to "Authors edit reviews, the reviewed respond; moderators and admins update any";

-- security definer: moderators name review targets their rls hides (archived workshops, other people's
-- engagements); it returns only the target's label and the person who answers for it, and only to review staff.
create function console_private.review_target(p_review_type text, p_target_id uuid)
returns table (target_name text, person_id uuid)
language sql
stable
security definer
set search_path = ''
as $$
  select x.target_name, x.person_id
    from (
      select w.title as target_name, w.instructor_id as person_id
        from public.workshops w
       where p_review_type = 'workshop' and w.id = p_target_id
      union all
      select coalesce(u.full_name, u.email), u.id
        from public.users u
       where p_review_type = 'expert' and u.id = p_target_id
      union all
      select coalesce(e.title, e.focus_area), e.expert_id
        from public.engagements e
       where p_review_type = 'engagement' and e.id = p_target_id
    ) x
   where console_private.has_capability('reviews.read') or console_private.has_capability('reviews.respond');
$$;

comment on function console_private.review_target(text, uuid) is
  'A review target''s name (workshop title, expert name, engagement title or focus) and the person who answers '
  'for it (instructor or expert). Empty for callers without reviews.read or reviews.respond.';

-- ====== the review guard lets moderators and responders through ======

-- replaces 005's guard (the rollback restores it): holders of reviews.moderate may change status and the moderation
-- fields; holders of reviews.respond may write response_text on behalf of the reviewed person, and response_by is
-- then that person (the instructor or expert), never the staff member.
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
  v_moderate boolean;
  v_respond boolean;
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
  v_is_target := coalesce(old.expert_id = v_uid, false)
    or exists (select 1 from public.workshops w where w.id = old.workshop_id and w.instructor_id = v_uid)
    or exists (select 1 from public.engagements e where e.id = old.engagement_id and e.expert_id = v_uid);
  v_moderate := console_private.has_capability('reviews.moderate');
  v_respond := console_private.has_capability('reviews.respond');

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
    elsif v_column = 'response_text' and (v_is_target or v_respond) then
      continue;
    elsif v_column in ('response_by', 'responded_at') and v_respond and not v_is_target
          and new.response_text is distinct from old.response_text then
      continue; -- set below from the response itself
    elsif v_column in ('status', 'moderation_reason', 'moderation_note', 'moderated_by', 'moderated_at')
          and v_moderate then
      continue;
    elsif v_column in ('status', 'helpful_count', 'not_helpful_count', 'verified_purchase') then
      raise exception 'only an administrator may change reviews.%', v_column
        using errcode = 'P0001';
    end if;
    raise exception 'you may not change reviews.%', v_column
      using errcode = 'P0001',
            hint = 'The author may edit title, rating, review_text and the detailed ratings; the reviewed '
                   'instructor or expert may only write response_text; moderators decide status.';
  end loop;

  if v_content_changed then
    -- an edited review goes back to moderation.
    new.status := 'pending';
  end if;
  if new.response_text is distinct from old.response_text then
    if v_is_target then
      new.response_by := case when new.response_text is null then null else v_uid end;
    else
      -- staff answer on behalf of the reviewed instructor or expert.
      new.response_by := case when new.response_text is null then null else (
        select t.person_id
          from console_private.review_target(old.review_type, coalesce(old.workshop_id, old.expert_id, old.engagement_id)) t
      ) end;
    end if;
    new.responded_at := case when new.response_text is null then null else now() end;
  end if;
  return new;
end;
$$;

comment on function public.reviews_guard() is
  'Trigger function (before insert or update on reviews): the author edits only the text and ratings (the review '
  'returns to pending); the reviewed instructor or expert writes only response_text (response_by and responded_at '
  'set here); staff with reviews.moderate change status and the moderation fields, staff with reviews.respond write '
  'response_text on behalf of the reviewed person (response_by = that person); counts and verified_purchase are '
  'admin-only.';

-- ====== helpers ======

create function console_private.moderation_status(p_decision text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
begin
  if p_decision is null or p_decision not in ('approve', 'reject', 'flag') then
    perform console_private.invalid('decision', format('must be approve, reject or flag (got "%s")', coalesce(p_decision, '')));
  end if;
  return case p_decision when 'approve' then 'approved' when 'reject' then 'rejected' else 'flagged' end;
end;
$$;

-- the reason code a decision carries: required to reject, optional to flag, none to approve.
create function console_private.moderation_reason(p_decision text, p_reason text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
begin
  if p_reason is not null
     and p_reason not in ('spam', 'offensive', 'off_topic', 'not_verified', 'personal_data', 'other') then
    perform console_private.invalid('reason',
      format('must be one of spam, offensive, off_topic, not_verified, personal_data, other (got "%s")', left(p_reason, 50)));
  end if;
  if p_decision = 'reject' and p_reason is null then
    perform console_private.invalid('reason', 'is required to reject a review');
  end if;
  if p_decision = 'approve' and p_reason is not null then
    perform console_private.invalid('reason', 'an approval takes no reason code');
  end if;
  return p_reason;
end;
$$;

-- what a PT409 says: who made the review's current version, and when. a decision names its moderator; an undo
-- names who undid it; any other change (the author's edit, a response) names no one.
create function console_private.review_conflict(p_review public.reviews)
returns table (message text, details jsonb)
language plpgsql
stable
set search_path = ''
as $$
declare
  v_by uuid;
  v_at timestamptz;
  v_undo boolean := false;
  v_name text;
begin
  select d.decided_by, d.decided_at into v_by, v_at
    from console.review_decisions d
   where d.review_id = p_review.id and d.to_version = p_review.version
   order by d.decided_at desc
   limit 1;
  if not found then
    select d.undone_by, d.undone_at into v_by, v_at
      from console.review_decisions d
     where d.review_id = p_review.id and d.undone_at is not null and d.to_version + 1 = p_review.version
     order by d.undone_at desc
     limit 1;
    v_undo := found;
  end if;
  if v_at is null then
    v_at := p_review.updated_at;
  end if;
  select coalesce(u.full_name, u.email) into v_name from public.users u where u.id = v_by;
  return query select
    case
      when v_by is not null and not v_undo then
        format('already decided by %s at %s', coalesce(v_name, 'someone'), to_char(v_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
      when v_by is not null then
        format('already changed by %s at %s (a decision was undone)', coalesce(v_name, 'someone'),
               to_char(v_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
      else
        format('already changed at %s (edited or answered since you read it)',
               to_char(v_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
    end,
    jsonb_build_object('by', v_name, 'by_id', v_by, 'at', v_at, 'status', p_review.status,
                       'version', p_review.version, 'review_id', p_review.id);
end;
$$;

create function console_private.review_moderation_json(p_review public.reviews)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select jsonb_build_object('status', p_review.status, 'version', p_review.version,
                            'moderation_reason', p_review.moderation_reason, 'moderation_note', p_review.moderation_note,
                            'moderated_by', p_review.moderated_by, 'moderated_at', p_review.moderated_at);
$$;

-- one decision on one review, arguments already validated. item-level refusals (not found, changed since read,
-- already in that status) come back as a result instead of an error, so that a bulk call can report them per item.
create function console_private.apply_review_decision(
  p_review_id uuid,
  p_expected_version integer,
  p_decision text,
  p_reason text,
  p_note text
)
returns table (ok boolean, error_code text, error text, error_detail jsonb, decision_id uuid, status text, version integer)
language plpgsql
set search_path = ''
as $$
declare
  v_to text := console_private.moderation_status(p_decision);
  v_before public.reviews;
  v_after public.reviews;
  v_conflict record;
  v_decision_id uuid;
begin
  select * into v_before from public.reviews r where r.id = p_review_id for update;
  if not found then
    return query select false, 'P0002', format('review %s not found', p_review_id),
      jsonb_build_object('entity', 'review', 'id', p_review_id), null::uuid, null::text, null::integer;
    return;
  end if;
  if v_before.version <> p_expected_version then
    select * into v_conflict from console_private.review_conflict(v_before);
    return query select false, 'PT409', v_conflict.message, v_conflict.details, null::uuid, v_before.status, v_before.version;
    return;
  end if;
  if v_before.status = v_to then
    return query select false, '22023', format('decision: the review is already %s', v_to),
      jsonb_build_object('field', 'decision'), null::uuid, v_before.status, v_before.version;
    return;
  end if;

  update public.reviews r
     set status = v_to,
         moderation_reason = case when p_decision = 'approve' then null else p_reason end,
         moderation_note = p_note,
         moderated_by = auth.uid(),
         moderated_at = now()
   where r.id = p_review_id
  returning * into v_after;

  insert into console.review_decisions
    (review_id, decided_by, decision, from_status, to_status, reason, note, from_version, to_version, from_reason,
     from_note, from_moderated_by, from_moderated_at)
  values
    (p_review_id, auth.uid(), p_decision, v_before.status, v_after.status, v_after.moderation_reason, p_note,
     v_before.version, v_after.version, v_before.moderation_reason, v_before.moderation_note, v_before.moderated_by,
     v_before.moderated_at)
  returning id into v_decision_id;

  perform console_private.audit('review.' || p_decision, 'review', p_review_id::text,
    console_private.review_moderation_json(v_before),
    console_private.review_moderation_json(v_after) || jsonb_build_object('decision_id', v_decision_id),
    nullif(concat_ws(': ', v_after.moderation_reason, p_note), ''));
  return query select true, null::text, null::text, null::jsonb, v_decision_id, v_after.status, v_after.version;
end;
$$;

-- ====== the moderation queue ======

create function console_private.reviews_where(
  p_status text[],
  p_type text[],
  p_min_rating integer,
  p_max_rating integer,
  p_verified boolean,
  p_from timestamptz,
  p_to timestamptz,
  p_search text
)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_where text := 'true';
  v_search text := console_private.check_text('search', p_search, 200);
begin
  if p_status is not null then
    if cardinality(p_status) = 0 or array_position(p_status, null) is not null
       or not p_status <@ array['pending', 'approved', 'rejected', 'flagged'] then
      perform console_private.invalid('status', 'must be a non-empty list of pending, approved, rejected, flagged');
    end if;
    v_where := v_where || case when cardinality(p_status) = 1 then format(' and r.status = %L', p_status[1])
                               else format(' and r.status = any (%L::text[])', p_status) end;
  end if;
  if p_type is not null then
    if cardinality(p_type) = 0 or array_position(p_type, null) is not null
       or not p_type <@ array['workshop', 'expert', 'engagement'] then
      perform console_private.invalid('type', 'must be a non-empty list of workshop, expert, engagement');
    end if;
    v_where := v_where || case when cardinality(p_type) = 1 then format(' and r.review_type = %L', p_type[1])
                               else format(' and r.review_type = any (%L::text[])', p_type) end;
  end if;
  if p_min_rating is not null and (p_min_rating < 1 or p_min_rating > 5) then
    perform console_private.invalid('min_rating', 'must be between 1 and 5');
  end if;
  if p_max_rating is not null and (p_max_rating < 1 or p_max_rating > 5) then
    perform console_private.invalid('max_rating', 'must be between 1 and 5');
  end if;
  if p_min_rating is not null and p_max_rating is not null and p_min_rating > p_max_rating then
    perform console_private.invalid('min_rating', 'must not be above max_rating');
  end if;
  if p_from is not null and p_to is not null and p_from > p_to then
    perform console_private.invalid('from', 'must not be after "to"');
  end if;
  if p_min_rating is not null then v_where := v_where || format(' and r.rating >= %L', p_min_rating); end if;
  if p_max_rating is not null then v_where := v_where || format(' and r.rating <= %L', p_max_rating); end if;
  if p_verified is not null then v_where := v_where || format(' and r.verified_purchase = %L', p_verified); end if;
  if p_from is not null then v_where := v_where || format(' and r.created_at >= %L', p_from); end if;
  if p_to is not null then v_where := v_where || format(' and r.created_at < %L', p_to); end if;
  if v_search is not null then
    -- the expression of idx_reviews_search; websearch_to_tsquery never raises on what people type.
    v_where := v_where || format(
      ' and to_tsvector(''english'', coalesce(r.title, '''') || '' '' || r.review_text)'
      ' @@ websearch_to_tsquery(''english'', %L)', v_search);
  end if;
  return v_where;
end;
$$;

-- security definer: rls on reviews would stop the planner from using the search and signal indexes (to_tsvector,
-- regexp_replace are not leakproof); require('reviews.read') is the access rule, and it already sees every review.
create function console.list_reviews(
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
  v_cmp text := case when p_desc then '<' else '>' end;
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
  if p_after is not null then
    if jsonb_typeof(p_after) <> 'object' or not (p_after ? 'v' and p_after ? 'id')
       or jsonb_typeof(p_after -> 'id') <> 'string'
       or (p_after ->> 'id') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
       or (v_type = 'integer' and (jsonb_typeof(p_after -> 'v') <> 'number' or (p_after ->> 'v') !~ '^-?[0-9]{1,9}$'))
       or (v_type = 'timestamptz' and (jsonb_typeof(p_after -> 'v') <> 'string'
           or (p_after ->> 'v') !~ '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2})?|Z)$')) then
      perform console_private.invalid('after', 'is not a cursor returned by this list');
    end if;
    v_where := v_where || format(' and (%s, r.id) %s (%L::%s, %L::uuid)', v_col, v_cmp, p_after ->> 'v', v_type,
      p_after ->> 'id');
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
      from (select * from public.reviews r where %2$s order by %1$s %3$s, r.id %3$s limit %4$s) r
      left join public.users u on u.id = r.user_id
     order by %1$s %3$s, r.id %3$s
    $sql$, v_col, v_where, v_dir, v_limit);
end;
$$;

comment on function console.list_reviews(text[], text[], integer, integer, boolean, timestamptz, timestamptz, text, text, boolean, jsonb, integer) is
  'The moderation queue (reviews.read): reviews filtered by status (default pending and flagged), type, rating, '
  'verified purchase, date and full-text search, sorted by created_at (oldest first), rating or helpful_count, '
  'keyset pages; with target and reviewer names, an excerpt and signals (short_text, contains_link, repeated_text, '
  'rating_outlier).';

create function console.count_reviews(
  p_status text[] default '{pending,flagged}',
  p_type text[] default null,
  p_min_rating integer default null,
  p_max_rating integer default null,
  p_verified boolean default null,
  p_from timestamptz default null,
  p_to timestamptz default null,
  p_search text default null
)
returns table (total bigint, is_estimate boolean)
language plpgsql
stable
security definer -- as list_reviews: the search index is unusable under rls; reviews.read sees every review.
set search_path = ''
as $$
begin
  perform console_private.require('reviews.read');
  return query select * from console_private.count_rows('select 1 from public.reviews r where '
    || console_private.reviews_where(p_status, p_type, p_min_rating, p_max_rating, p_verified, p_from, p_to, p_search));
end;
$$;

comment on function console.count_reviews(text[], text[], integer, integer, boolean, timestamptz, timestamptz, text) is
  'How many reviews list_reviews would page through with the same filters (exact up to count_exact_limit).';

-- ====== decisions ======

create function console.decide_review(
  p_review_id text,
  p_expected_version integer,
  p_decision text,
  p_reason text default null,
  p_note text default null
)
returns table (
  decision_id uuid, id uuid, status text, version integer, moderation_reason text, undo_until timestamptz
)
language plpgsql
set search_path = ''
as $$
declare
  v_id uuid;
  v_reason text;
  v_note text;
  v_result record;
begin
  perform console_private.require('reviews.moderate');
  v_id := console_private.to_uuid('review_id', p_review_id);
  if p_expected_version is null or p_expected_version < 1 then
    perform console_private.invalid('expected_version', 'is required: the version of the review you read');
  end if;
  perform console_private.moderation_status(p_decision);
  v_reason := console_private.moderation_reason(p_decision, p_reason);
  v_note := console_private.check_text('note', p_note, 2000);

  select * into v_result
    from console_private.apply_review_decision(v_id, p_expected_version, p_decision, v_reason, v_note);
  if not v_result.ok then
    if v_result.error_code = '22023' then
      perform console_private.invalid('decision', regexp_replace(v_result.error, '^decision: ', ''));
    end if;
    if v_result.error_code = 'PT409' then
      raise exception '%', v_result.error
        using errcode = 'PT409', detail = v_result.error_detail::text,
              hint = 'Reload the review and decide again if needed.';
    end if;
    raise exception '%', v_result.error using errcode = v_result.error_code, detail = v_result.error_detail::text;
  end if;
  return query select v_result.decision_id, v_id, v_result.status, v_result.version, v_reason,
    now() + make_interval(secs => coalesce((console_private.setting('undo_window_seconds'))::integer, 10));
end;
$$;

comment on function console.decide_review(text, integer, text, text, text) is
  'Approves, rejects (reason code required) or flags a review (reviews.moderate) if it is still at the version the '
  'moderator read; otherwise PT409 naming who decided and when. Records the decision (for undo) and audits it.';

create function console.decide_reviews(
  p_items jsonb,
  p_decision text,
  p_reason text default null,
  p_note text default null
)
returns table (
  id uuid, ok boolean, status text, version integer, decision_id uuid, error_code text, error text
)
language plpgsql
set search_path = ''
as $$
declare
  v_reason text;
  v_note text;
  v_item record;
  v_result record;
begin
  perform console_private.require('reviews.moderate');
  perform console_private.moderation_status(p_decision);
  v_reason := console_private.moderation_reason(p_decision, p_reason);
  v_note := console_private.check_text('note', p_note, 2000);
  if p_items is null or jsonb_typeof(p_items) <> 'array' or jsonb_array_length(p_items) = 0 then
    perform console_private.invalid('items', 'must be a non-empty array of {id, version}');
  end if;
  if jsonb_array_length(p_items) > 500 then
    perform console_private.invalid('items', format('at most 500 reviews at once (got %s)', jsonb_array_length(p_items)));
  end if;
  for v_item in select e.value as item, e.ordinality as n from jsonb_array_elements(p_items) with ordinality e loop
    if jsonb_typeof(v_item.item) <> 'object'
       or jsonb_typeof(v_item.item -> 'id') is distinct from 'string'
       or (v_item.item ->> 'id') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
       or jsonb_typeof(v_item.item -> 'version') is distinct from 'number'
       or (v_item.item ->> 'version') !~ '^[0-9]{1,9}$' or (v_item.item ->> 'version')::integer < 1 then
      perform console_private.invalid('items', format('item %s needs an id (uuid) and a version (a positive integer)', v_item.n));
    end if;
  end loop;
  if (select count(distinct (e.value ->> 'id')::uuid) from jsonb_array_elements(p_items) e) <> jsonb_array_length(p_items) then
    perform console_private.invalid('items', 'lists a review more than once');
  end if;

  -- lock every listed review in id order first, so two bulk calls over the same reviews cannot deadlock.
  perform 1 from public.reviews r
   where r.id in (select (e.value ->> 'id')::uuid from jsonb_array_elements(p_items) e)
   order by r.id
     for update;

  for v_item in
    select (e.value ->> 'id')::uuid as review_id, (e.value ->> 'version')::integer as expected
      from jsonb_array_elements(p_items) with ordinality e
     order by e.ordinality
  loop
    select * into v_result
      from console_private.apply_review_decision(v_item.review_id, v_item.expected, p_decision, v_reason, v_note);
    return query select v_item.review_id, v_result.ok, v_result.status, v_result.version, v_result.decision_id,
      v_result.error_code, v_result.error;
  end loop;
end;
$$;

comment on function console.decide_reviews(jsonb, text, text, text) is
  'Bulk decision (reviews.moderate) on up to 500 reviews [{id, version}], one reason for all: applies each that is '
  'still at its version and reports per item (ok, or error_code PT409 / P0002 / 22023 and why). One audit entry '
  'per applied item.';

create function console.undo_review_decision(p_decision_id text)
returns table (id uuid, status text, version integer, moderation_reason text)
language plpgsql
set search_path = ''
as $$
declare
  v_id uuid;
  v_decision console.review_decisions;
  v_window integer;
  v_before public.reviews;
  v_after public.reviews;
  v_conflict record;
begin
  perform console_private.require('reviews.moderate');
  v_id := console_private.to_uuid('decision_id', p_decision_id);
  select * into v_decision from console.review_decisions d where d.id = v_id for update;
  if not found then
    raise exception 'review decision % not found', v_id
      using errcode = 'P0002', detail = json_build_object('entity', 'review_decision', 'id', v_id)::text;
  end if;
  if v_decision.undone_at is not null then
    raise exception 'this decision was already undone at %',
      to_char(v_decision.undone_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
      using errcode = 'P0001';
  end if;
  if v_decision.decided_by is distinct from auth.uid() and not ('admin' = any (console_private.my_staff_roles())) then
    raise exception 'only the moderator who made a decision (or an admin) can undo it'
      using errcode = 'P0001';
  end if;
  v_window := coalesce((console_private.setting('undo_window_seconds'))::integer, 10);
  if now() > v_decision.decided_at + make_interval(secs => v_window) then
    raise exception 'the undo window has passed: a decision can be undone for % seconds', v_window
      using errcode = 'P0001', hint = 'Decide the review again instead.';
  end if;
  select * into v_before from public.reviews r where r.id = v_decision.review_id for update;
  if not found then
    raise exception 'review % not found', v_decision.review_id
      using errcode = 'P0002', detail = json_build_object('entity', 'review', 'id', v_decision.review_id)::text;
  end if;
  if v_before.version <> v_decision.to_version then
    select * into v_conflict from console_private.review_conflict(v_before);
    raise exception '%', v_conflict.message
      using errcode = 'PT409', detail = v_conflict.details::text,
            hint = 'The review changed after this decision, so undoing it would overwrite that change.';
  end if;

  update public.reviews r
     set status = v_decision.from_status,
         moderation_reason = v_decision.from_reason,
         moderation_note = v_decision.from_note,
         moderated_by = v_decision.from_moderated_by,
         moderated_at = v_decision.from_moderated_at
   where r.id = v_before.id
  returning * into v_after;

  update console.review_decisions d set undone_at = now(), undone_by = auth.uid() where d.id = v_id;

  perform console_private.audit('review.undo', 'review', v_before.id::text,
    console_private.review_moderation_json(v_before),
    console_private.review_moderation_json(v_after) || jsonb_build_object('decision_id', v_id),
    format('undid %s', v_decision.decision));
  return query select v_after.id, v_after.status, v_after.version, v_after.moderation_reason;
end;
$$;

comment on function console.undo_review_decision(text) is
  'Undoes a moderation decision (reviews.moderate) by its moderator or an admin, within undo_window_seconds and '
  'only if the review has not changed since: restores the previous status and moderation fields. Audited.';

create function console.respond_to_review(p_review_id text, p_expected_version integer, p_text text)
returns table (
  id uuid, version integer, response_text text, response_by uuid, response_by_name text, responded_at timestamptz
)
language plpgsql
set search_path = ''
as $$
declare
  v_id uuid;
  v_text text;
  v_before public.reviews;
  v_after public.reviews;
  v_person uuid;
  v_conflict record;
begin
  perform console_private.require('reviews.respond');
  v_id := console_private.to_uuid('review_id', p_review_id);
  if p_expected_version is null or p_expected_version < 1 then
    perform console_private.invalid('expected_version', 'is required: the version of the review you read');
  end if;
  v_text := console_private.check_text('text', p_text, 5000);
  if v_text is null then
    perform console_private.invalid('text', 'is required');
  end if;
  select * into v_before from public.reviews r where r.id = v_id for update;
  if not found then
    raise exception 'review % not found', v_id
      using errcode = 'P0002', detail = json_build_object('entity', 'review', 'id', v_id)::text;
  end if;
  if v_before.version <> p_expected_version then
    select * into v_conflict from console_private.review_conflict(v_before);
    raise exception '%', v_conflict.message using errcode = 'PT409', detail = v_conflict.details::text;
  end if;
  select t.person_id into v_person
    from console_private.review_target(v_before.review_type,
                                       coalesce(v_before.workshop_id, v_before.expert_id, v_before.engagement_id)) t;
  if v_person is null then
    raise exception 'nobody answers for this review''s target (its instructor or expert is gone)' using errcode = 'P0001';
  end if;

  update public.reviews r
     set response_text = v_text, response_by = v_person, responded_at = now()
   where r.id = v_id
  returning * into v_after;

  perform console_private.audit('review.respond', 'review', v_id::text,
    jsonb_build_object('response_text', v_before.response_text, 'response_by', v_before.response_by,
                       'version', v_before.version),
    jsonb_build_object('response_text', v_after.response_text, 'response_by', v_after.response_by,
                       'version', v_after.version));
  return query select v_after.id, v_after.version, v_after.response_text, v_after.response_by,
    (select coalesce(u.full_name, u.email) from public.users u where u.id = v_after.response_by), v_after.responded_at;
end;
$$;

comment on function console.respond_to_review(text, integer, text) is
  'Writes the public response to a review on behalf of its instructor or expert (reviews.respond): response_by is '
  'that person, the audit entry names the staff member. Version-checked like a decision.';

-- ====== grants ======

revoke execute on function
  console.list_reviews(text[], text[], integer, integer, boolean, timestamptz, timestamptz, text, text, boolean, jsonb, integer),
  console.count_reviews(text[], text[], integer, integer, boolean, timestamptz, timestamptz, text),
  console.decide_review(text, integer, text, text, text),
  console.decide_reviews(jsonb, text, text, text),
  console.undo_review_decision(text),
  console.respond_to_review(text, integer, text),
  console_private.review_target(text, uuid),
  console_private.moderation_status(text),
  console_private.moderation_reason(text, text),
  console_private.review_conflict(public.reviews),
  console_private.review_moderation_json(public.reviews),
  console_private.apply_review_decision(uuid, integer, text, text, text),
  console_private.reviews_where(text[], text[], integer, integer, boolean, timestamptz, timestamptz, text)
  from public, anon;
grant execute on function
  console.list_reviews(text[], text[], integer, integer, boolean, timestamptz, timestamptz, text, text, boolean, jsonb, integer),
  console.count_reviews(text[], text[], integer, integer, boolean, timestamptz, timestamptz, text),
  console.decide_review(text, integer, text, text, text),
  console.decide_reviews(jsonb, text, text, text),
  console.undo_review_decision(text),
  console.respond_to_review(text, integer, text),
  console_private.review_target(text, uuid),
  console_private.moderation_status(text),
  console_private.moderation_reason(text, text),
  console_private.review_conflict(public.reviews),
  console_private.review_moderation_json(public.reviews),
  console_private.apply_review_decision(uuid, integer, text, text, text),
  console_private.reviews_where(text[], text[], integer, integer, boolean, timestamptz, timestamptz, text)
  to authenticated, service_role;

-- ====== rollback ======
-- drop function if exists console.respond_to_review(text, integer, text);
-- drop function if exists console.undo_review_decision(text);
-- drop function if exists console.decide_reviews(jsonb, text, text, text);
-- drop function if exists console.decide_review(text, integer, text, text, text);
-- drop function if exists console.count_reviews(text[], text[], integer, integer, boolean, timestamptz, timestamptz, text);
-- drop function if exists console.list_reviews(text[], text[], integer, integer, boolean, timestamptz, timestamptz, text, text, boolean, jsonb, integer);
-- drop function if exists console_private.reviews_where(text[], text[], integer, integer, boolean, timestamptz, timestamptz, text);
-- drop function if exists console_private.apply_review_decision(uuid, integer, text, text, text);
-- drop function if exists console_private.review_moderation_json(public.reviews);
-- drop function if exists console_private.review_conflict(public.reviews);
-- drop function if exists console_private.moderation_reason(text, text);
-- drop function if exists console_private.moderation_status(text);
-- -- restore 005's review guard exactly (staff no longer pass).
-- create or replace function public.reviews_guard()
-- returns trigger
-- language plpgsql
-- set search_path = ''
-- as $$
-- declare
--   v_uid uuid := auth.uid();
--   v_is_author boolean;
--   v_is_target boolean;
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
--   v_is_target := old.expert_id = v_uid
--     or exists (select 1 from public.workshops w where w.id = old.workshop_id and w.instructor_id = v_uid)
--     or exists (select 1 from public.engagements e where e.id = old.engagement_id and e.expert_id = v_uid);
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
--     elsif v_column = 'response_text' and v_is_target then
--       continue;
--     elsif v_column in ('status', 'helpful_count', 'not_helpful_count', 'verified_purchase') then
--       raise exception 'only an administrator may change reviews.%', v_column
--         using errcode = 'P0001';
--     end if;
--     raise exception 'you may not change reviews.%', v_column
--       using errcode = 'P0001',
--             hint = 'The author may edit title, rating, review_text and the detailed ratings; the reviewed '
--                    'instructor or expert may only write response_text.';
--   end loop;
-- 
--   if v_content_changed then
--     -- an edited review goes back to moderation.
--     new.status := 'pending';
--   end if;
--   if new.response_text is distinct from old.response_text then
--     new.response_by := case when new.response_text is null then null else v_uid end;
--     new.responded_at := case when new.response_text is null then null else now() end;
--   end if;
--   return new;
-- end;
-- $$;
-- 
-- comment on function public.reviews_guard() is
--   'Trigger function (before insert or update on reviews): the author edits only the text and ratings (the review '
--   'returns to pending); the reviewed instructor or expert writes only response_text (response_by and responded_at '
--   'set here); status, counts and verified_purchase are admin-only.';
-- drop function if exists console_private.review_target(text, uuid);
-- alter policy "Authors edit reviews, the reviewed respond; moderators and admins update any" on public.reviews
--   rename to "Authors edit reviews, the reviewed respond; admins update any";
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
--   );
-- alter policy "Users see approved reviews and their own; moderators and admins see all" on public.reviews
--   rename to "Users see approved reviews and their own; admins see all";
-- alter policy "Users see approved reviews and their own; admins see all" on public.reviews
--   using (status = 'approved' or user_id = (select auth.uid()) or (select public.is_admin()));
-- drop table if exists console.review_decisions;
-- drop index if exists public.idx_reviews_engagement_approved_rating;
-- drop index if exists public.idx_reviews_user_text;
-- drop index if exists public.idx_reviews_queue_helpful;
-- drop index if exists public.idx_reviews_queue_rating;
-- drop index if exists public.idx_reviews_status_helpful;
-- drop index if exists public.idx_reviews_status_rating;
-- drop index if exists public.idx_reviews_status_created_at;
-- drop index if exists public.idx_reviews_helpful;
-- drop index if exists public.idx_reviews_rating;
-- drop index if exists public.idx_reviews_created_at;
-- drop trigger if exists reviews_version_bump on public.reviews;
-- drop function if exists public.reviews_bump_version();
-- drop index if exists public.idx_reviews_moderated_by;
-- alter table public.reviews
--   drop constraint if exists reviews_version_check,
--   drop constraint if exists reviews_moderation_note_check,
--   drop constraint if exists reviews_moderation_reason_check,
--   drop column if exists moderated_at,
--   drop column if exists moderated_by,
--   drop column if exists moderation_note,
--   drop column if exists moderation_reason,
--   drop column if exists version;
