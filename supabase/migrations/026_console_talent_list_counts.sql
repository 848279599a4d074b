-- 026_console_talent_list_counts.sql
--
-- what: two indexes for the counts console.list_talent (015) shows beside each expert: their active engagements, and
-- their profile's testimonials waiting in the queue.
-- why: issue 19. the bench's two-scale run found a talent page 5.2× slower at a million rows than at 100 000 (deep
-- page p95 1.8 → 9.2 ms), though a page is 50 experts either way. each row of a page counts three things, and two of
-- the counts read more as the platform grows, not as the expert's own rows do:
--   - active engagements: 004's index on expert_id finds the expert's ~50 engagements, then every one of them is
--     read from the table to check its status (2 390 heap pages for a page of 50 at a million rows, 587 at 100 000);
--   - pending testimonials: the planner combined 004's index on talent_profile_id with 015's queue index, i.e. it
--     read the whole platform's pending testimonials (1 051 at a million, 110 at 100 000) again for every row.
-- with (expert_id, status) both engagement counts are index-only scans of the expert's own entries, and the pending
-- testimonials have an index of their own per profile, with the queue's predicate: on the bench's databases a page
-- took 2.3–2.5 ms at both scales after, against 4.6 and 9.9 ms before (medians of 15, planning and execution).
-- design: supabase/CONSOLE-API.md, "026_console_talent_list_counts.sql". no function changes. applied by the
-- supabase cli as one implicit transaction: plain create index (not concurrently), nothing that needs a superuser.

-- the expert's engagements by status: count(*) of all of them and of the active ones, from the index alone.
create index idx_engagements_expert_status on public.engagements (expert_id, status);

-- the queue (015's idx_talent_testimonials_queue: not verified, not rejected), by profile.
create index idx_talent_testimonials_pending_by_profile on public.talent_testimonials (talent_profile_id)
  where not verified and rejection_reason is null;

-- ====== rollback ======
-- drop index if exists public.idx_talent_testimonials_pending_by_profile;
-- drop index if exists public.idx_engagements_expert_status;
