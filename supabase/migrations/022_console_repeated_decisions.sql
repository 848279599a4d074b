-- 022_console_repeated_decisions.sql
--
-- what: a review decision sent again by the same person, at the same version, with the same decision, reason and
-- note, answers with the decision it already made instead of PT409 ("already decided by <you>").
-- why: issue 20. main sends decide_review and decide_reviews again when their answer is lost on the way back (a reset
-- connection, a cut body): the expected version makes the repeat harmless, but until now the repeat came back as a
-- conflict naming the person themselves, and main had to guess from the status and version that the decision was
-- its own (electron/main/services/reviews.ts, for bulk decisions only; a single decision showed the conflict). the
-- database knows: the decision row records who moved the review from which version to which, with what reason and
-- note. a repeat is recognised only while that decision is still the review's current state (nothing changed since,
-- it was not undone), and it answers with the same decision id, so it can still be undone, and the undo window runs
-- from when the decision was made. nothing is written, audited or changed by a repeat.
-- design: supabase/CONSOLE-API.md, "022_console_repeated_decisions.sql". applied by the supabase cli as one implicit
-- transaction: no explicit transaction control, no locks by statement, nothing that needs a superuser.

-- ====== one decision, recognising its own repeat ======

create or replace function console_private.apply_review_decision(
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
    -- the caller's own decision from that version, still the review's current state: this is its repeat.
    select d.id into v_decision_id
      from console.review_decisions d
     where d.review_id = p_review_id
       and d.from_version = p_expected_version
       and d.to_version = v_before.version
       and d.undone_at is null
       and d.decided_by = auth.uid()
       and d.decision = p_decision
       and d.reason is not distinct from (case when p_decision = 'approve' then null else p_reason end)
       and d.note is not distinct from p_note;
    if found then
      return query select true, null::text, null::text, null::jsonb, v_decision_id, v_before.status, v_before.version;
      return;
    end if;
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

-- ====== the undo window of a repeat runs from the decision ======

create or replace function console.decide_review(
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
security definer
set search_path = ''
as $$
declare
  v_id uuid;
  v_reason text;
  v_note text;
  v_result record;
  v_decided_at timestamptz;
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
  select d.decided_at into v_decided_at from console.review_decisions d where d.id = v_result.decision_id;
  return query select v_result.decision_id, v_id, v_result.status, v_result.version, v_reason,
    v_decided_at + make_interval(secs => coalesce((console_private.setting('undo_window_seconds'))::integer, 10));
end;
$$;

comment on function console.decide_review(text, integer, text, text, text) is
  'Approves, rejects (reason code required) or flags a review (reviews.moderate) if it is still at the version the '
  'moderator read; otherwise PT409 naming who decided and when. Records the decision (for undo) and audits it. The '
  'same decision sent again by the same person (its answer lost) answers with that decision and changes nothing.';

-- ====== rollback ======

-- create or replace function console_private.apply_review_decision(
--   p_review_id uuid,
--   p_expected_version integer,
--   p_decision text,
--   p_reason text,
--   p_note text
-- )
-- returns table (ok boolean, error_code text, error text, error_detail jsonb, decision_id uuid, status text, version integer)
-- language plpgsql
-- set search_path = ''
-- as $$
-- declare
--   v_to text := console_private.moderation_status(p_decision);
--   v_before public.reviews;
--   v_after public.reviews;
--   v_conflict record;
--   v_decision_id uuid;
-- begin
--   select * into v_before from public.reviews r where r.id = p_review_id for update;
--   if not found then
--     return query select false, 'P0002', format('review %s not found', p_review_id),
--       jsonb_build_object('entity', 'review', 'id', p_review_id), null::uuid, null::text, null::integer;
--     return;
--   end if;
--   if v_before.version <> p_expected_version then
--     select * into v_conflict from console_private.review_conflict(v_before);
--     return query select false, 'PT409', v_conflict.message, v_conflict.details, null::uuid, v_before.status, v_before.version;
--     return;
--   end if;
--   if v_before.status = v_to then
--     return query select false, '22023', format('decision: the review is already %s', v_to),
--       jsonb_build_object('field', 'decision'), null::uuid, v_before.status, v_before.version;
--     return;
--   end if;
-- 
--   update public.reviews r
--      set status = v_to,
--          moderation_reason = case when p_decision = 'approve' then null else p_reason end,
--          moderation_note = p_note,
--          moderated_by = auth.uid(),
--          moderated_at = now()
--    where r.id = p_review_id
--   returning * into v_after;
-- 
--   insert into console.review_decisions
--     (review_id, decided_by, decision, from_status, to_status, reason, note, from_version, to_version, from_reason,
--      from_note, from_moderated_by, from_moderated_at)
--   values
--     (p_review_id, auth.uid(), p_decision, v_before.status, v_after.status, v_after.moderation_reason, p_note,
--      v_before.version, v_after.version, v_before.moderation_reason, v_before.moderation_note, v_before.moderated_by,
--      v_before.moderated_at)
--   returning id into v_decision_id;
-- 
--   perform console_private.audit('review.' || p_decision, 'review', p_review_id::text,
--     console_private.review_moderation_json(v_before),
--     console_private.review_moderation_json(v_after) || jsonb_build_object('decision_id', v_decision_id),
--     nullif(concat_ws(': ', v_after.moderation_reason, p_note), ''));
--   return query select true, null::text, null::text, null::jsonb, v_decision_id, v_after.status, v_after.version;
-- end;
-- $$;
-- 
-- create or replace function console.decide_review(
--   p_review_id text,
--   p_expected_version integer,
--   p_decision text,
--   p_reason text default null,
--   p_note text default null
-- )
-- returns table (
--   decision_id uuid, id uuid, status text, version integer, moderation_reason text, undo_until timestamptz
-- )
-- language plpgsql
-- security definer
-- set search_path = ''
-- as $$
-- declare
--   v_id uuid;
--   v_reason text;
--   v_note text;
--   v_result record;
-- begin
--   perform console_private.require('reviews.moderate');
--   v_id := console_private.to_uuid('review_id', p_review_id);
--   if p_expected_version is null or p_expected_version < 1 then
--     perform console_private.invalid('expected_version', 'is required: the version of the review you read');
--   end if;
--   perform console_private.moderation_status(p_decision);
--   v_reason := console_private.moderation_reason(p_decision, p_reason);
--   v_note := console_private.check_text('note', p_note, 2000);
-- 
--   select * into v_result
--     from console_private.apply_review_decision(v_id, p_expected_version, p_decision, v_reason, v_note);
--   if not v_result.ok then
--     if v_result.error_code = '22023' then
--       perform console_private.invalid('decision', regexp_replace(v_result.error, '^decision: ', ''));
--     end if;
--     if v_result.error_code = 'PT409' then
--       raise exception '%', v_result.error
--         using errcode = 'PT409', detail = v_result.error_detail::text,
--               hint = 'Reload the review and decide again if needed.';
--     end if;
--     raise exception '%', v_result.error using errcode = v_result.error_code, detail = v_result.error_detail::text;
--   end if;
--   return query select v_result.decision_id, v_id, v_result.status, v_result.version, v_reason,
--     now() + make_interval(secs => coalesce((console_private.setting('undo_window_seconds'))::integer, 10));
-- end;
-- $$;
-- 
-- comment on function console.decide_review(text, integer, text, text, text) is
--   'Approves, rejects (reason code required) or flags a review (reviews.moderate) if it is still at the version the '
--   'moderator read; otherwise PT409 naming who decided and when. Records the decision (for undo) and audits it.';
