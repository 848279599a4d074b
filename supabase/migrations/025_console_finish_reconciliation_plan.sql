-- 025_console_finish_reconciliation_plan.sql
--
-- what: finishing a run finds the payments and refunds the file lacks with a hash or merge join, never a nested loop.
-- why: issue 19. on a database whose reconciliation_items has no statistics yet (a new project: autovacuum analyzes
-- a table only after enough changes, and the runs are its first rows), or whose statistics predate the run, the
-- planner guesses one item for the run. 018's `not exists` then became, on the bench's database, a nested-loop anti
-- join that read the run's items once and compared every payment of the period with every one of them: a 10 000-row
-- run took 1.8–4 s to finish (45 million comparisons for 9 500 payments) against 25–75 ms with a hash join, and the
-- cost grows with the square of the run, so runs from about 30 000 rows passed the 8 s statement timeout of a
-- supabase project and failed. between a nested loop and a hash join over a one-row guess the planner's costs are a
-- near tie, so the statement now runs in a function whose settings leave it hash and merge joins only, neither
-- quadratic whatever the guess: a 10 000-row run now finishes in 30–51 ms. (a probe per payment, the other way out,
-- was measured too: as fast at 10 000 rows, 1.4× slower at 100 000 and about 2× at a million, 5.8 s of the 8 s.)
-- design: supabase/CONSOLE-API.md, "025_console_finish_reconciliation_plan.sql". no function changes its arguments,
-- rows or results. applied by the supabase cli as one implicit transaction: no explicit transaction control, no
-- locks by statement, nothing that needs a superuser.

-- ====== the items humanglue has and the file lacks ======

-- the payments and refunds of the run's provider and kinds inside its period that no row of the file names, added
-- as missing_at_processor items after every row's (seq from 2^31, in time order). the settings hold for this
-- function's statement only and are restored when it returns.
create function console_private.add_missing_at_processor(p_run console.reconciliation_runs)
returns void
language sql
set search_path = ''
set enable_nestloop = off
set enable_hashjoin = on
set enable_mergejoin = on
as $$
insert into console.reconciliation_items (
  run_id, seq, outcome, kind, transaction_id, line, payment_id, refund_id, hg_amount, hg_currency, hg_status,
  hg_created_at)
select p_run.id, 2147483648 + row_number() over (order by m.created_at, m.kind, m.transaction_id),
       'missing_at_processor', m.kind, m.transaction_id, null, m.payment_id, m.refund_id, m.amount, m.currency,
       m.status, m.created_at
  from (
    select 'payment' as kind, p.transaction_id, p.id as payment_id, null::uuid as refund_id, p.amount, p.currency,
           p.status, p.created_at
      from public.payments p
     where 'payment' = any (p_run.kinds)
       and p.provider = p_run.provider
       and p.transaction_id is not null
       and p.created_at between p_run.period_from and p_run.period_to
       and not exists (select 1 from console.reconciliation_items i
                        where i.run_id = p_run.id and i.line is not null and i.transaction_id = p.transaction_id
                          and i.kind = 'payment')
    union all
    select 'refund', f.provider_refund_id, f.payment_id, f.id, f.amount, f.currency, f.status, f.created_at
      from public.payment_refunds f
     where 'refund' = any (p_run.kinds)
       and f.provider = p_run.provider
       and f.provider_refund_id is not null
       and f.created_at between p_run.period_from and p_run.period_to
       and not exists (select 1 from console.reconciliation_items i
                        where i.run_id = p_run.id and i.line is not null and i.transaction_id = f.provider_refund_id
                          and i.kind = 'refund')
  ) m;
$$;

comment on function console_private.add_missing_at_processor(console.reconciliation_runs) is
  'Adds an open run''s missing_at_processor items: the payments and refunds of its provider and kinds inside its '
  'period that none of its rows names, found by a hash or merge join (never a nested loop, whose cost is the '
  'square of the run when the planner guesses a run of one item).';

-- ====== finishing a run ======

create or replace function console.finish_reconciliation(p_run_id uuid)
returns table (
  id uuid, provider text, file_name text, kinds text[], status text, created_by uuid, created_by_name text,
  created_by_email text, created_at timestamptz, completed_at timestamptz, row_count integer, matched integer,
  amount_mismatch integer, status_mismatch integer, missing_in_humanglue integer, missing_at_processor integer,
  duplicate_in_file integer, totals jsonb, period_from timestamptz, period_to timestamptz
)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_run console.reconciliation_runs;
  v_from timestamptz;
  v_to timestamptz;
  v_counts record;
  v_totals jsonb;
begin
  perform console_private.require('reconciliation.run');
  v_run := console_private.lock_open_reconciliation_run(p_run_id);
  v_from := v_run.period_from;
  v_to := v_run.period_to;
  if v_run.row_count = 0 then
    raise exception 'reconciliation run % has no rows to match', p_run_id
      using errcode = 'P0001', hint = 'Add the file''s rows with add_reconciliation_rows first.';
  end if;

  -- the file's rows were matched as they were added. what remains: humanglue's payments and refunds of this
  -- provider inside the file's period that the file lacks.
  perform console_private.add_missing_at_processor(v_run);

  -- first by both currencies (few groups), then spread: the processor's amounts count in the processor's currency,
  -- ours in ours; an item whose currencies differ adds to both sums and is counted under the processor's (under
  -- ours when the processor has none).
  select coalesce(jsonb_agg(jsonb_build_object(
           'currency', t.currency, 'kind', t.kind, 'outcome', t.outcome, 'count', t.n,
           'processor_amount', t.processor_amount, 'hg_amount', t.hg_amount)
         order by t.currency, t.kind, t.outcome), '[]')
    into v_totals
    from (
      select v.currency, g.kind, g.outcome, sum(v.n) as n,
             coalesce(sum(v.processor_amount), 0) as processor_amount, coalesce(sum(v.hg_amount), 0) as hg_amount
        from (
          select i.outcome, i.kind, i.processor_currency, i.hg_currency, count(*) as n,
                 sum(i.processor_amount) as processor_amount, sum(i.hg_amount) as hg_amount
            from console.reconciliation_items i
           where i.run_id = p_run_id
           group by 1, 2, 3, 4
        ) g
       cross join lateral (values
         (g.processor_currency, g.n, g.processor_amount, null::numeric),
         (g.hg_currency, case when g.processor_currency is null then g.n else 0 end, null::numeric, g.hg_amount)
       ) as v(currency, n, processor_amount, hg_amount)
       where v.currency is not null
       group by v.currency, g.kind, g.outcome
    ) t;

  -- every item is counted once in the totals (under the processor's currency, or ours when the processor has none).
  select coalesce(sum((t ->> 'count')::integer) filter (where t ->> 'outcome' <> 'missing_at_processor'), 0) as row_count,
         coalesce(sum((t ->> 'count')::integer) filter (where t ->> 'outcome' = 'matched'), 0) as matched,
         coalesce(sum((t ->> 'count')::integer) filter (where t ->> 'outcome' = 'amount_mismatch'), 0) as amount_mismatch,
         coalesce(sum((t ->> 'count')::integer) filter (where t ->> 'outcome' = 'status_mismatch'), 0) as status_mismatch,
         coalesce(sum((t ->> 'count')::integer) filter (where t ->> 'outcome' = 'missing_in_humanglue'), 0)
           as missing_in_humanglue,
         coalesce(sum((t ->> 'count')::integer) filter (where t ->> 'outcome' = 'missing_at_processor'), 0)
           as missing_at_processor,
         coalesce(sum((t ->> 'count')::integer) filter (where t ->> 'outcome' = 'duplicate_in_file'), 0) as duplicate_in_file
    into v_counts
    from jsonb_array_elements(v_totals) t;

  delete from console.reconciliation_rows r where r.run_id = p_run_id;

  update console.reconciliation_runs r
     set status = 'completed', completed_at = now(), row_count = v_counts.row_count, matched = v_counts.matched,
         amount_mismatch = v_counts.amount_mismatch, status_mismatch = v_counts.status_mismatch,
         missing_in_humanglue = v_counts.missing_in_humanglue, missing_at_processor = v_counts.missing_at_processor,
         duplicate_in_file = v_counts.duplicate_in_file, totals = v_totals, period_from = v_from, period_to = v_to
   where r.id = p_run_id;

  perform console_private.audit('reconciliation.finish', 'reconciliation_run', p_run_id::text,
    jsonb_build_object('status', 'open', 'row_count', v_run.row_count),
    jsonb_build_object('status', 'completed', 'row_count', v_counts.row_count, 'matched', v_counts.matched,
      'amount_mismatch', v_counts.amount_mismatch, 'status_mismatch', v_counts.status_mismatch,
      'missing_in_humanglue', v_counts.missing_in_humanglue, 'missing_at_processor', v_counts.missing_at_processor,
      'duplicate_in_file', v_counts.duplicate_in_file, 'period_from', v_from, 'period_to', v_to));
  return query select * from console.get_reconciliation_run(p_run_id);
end;
$$;

comment on function console.finish_reconciliation(uuid) is
  'Completes an open run whose rows were matched as they were added: adds what humanglue has of its provider in '
  'the file''s period that the file lacks (missing_at_processor), saves counts and per-currency totals and clears '
  'the staged rows (reconciliation.run; creator or admin). Audited.';

-- ====== grants ======

revoke execute on function console_private.add_missing_at_processor(console.reconciliation_runs) from public, anon;
grant execute on function console_private.add_missing_at_processor(console.reconciliation_runs) to authenticated, service_role;

-- ====== rollback ======
-- -- 018's function, with the statement in it; then the helper goes.
-- 
-- create or replace function console.finish_reconciliation(p_run_id uuid)
-- returns table (
--   id uuid, provider text, file_name text, kinds text[], status text, created_by uuid, created_by_name text,
--   created_by_email text, created_at timestamptz, completed_at timestamptz, row_count integer, matched integer,
--   amount_mismatch integer, status_mismatch integer, missing_in_humanglue integer, missing_at_processor integer,
--   duplicate_in_file integer, totals jsonb, period_from timestamptz, period_to timestamptz
-- )
-- language plpgsql
-- security definer
-- set search_path = ''
-- as $$
-- declare
--   v_run console.reconciliation_runs;
--   v_from timestamptz;
--   v_to timestamptz;
--   v_counts record;
--   v_totals jsonb;
-- begin
--   perform console_private.require('reconciliation.run');
--   v_run := console_private.lock_open_reconciliation_run(p_run_id);
--   v_from := v_run.period_from;
--   v_to := v_run.period_to;
--   if v_run.row_count = 0 then
--     raise exception 'reconciliation run % has no rows to match', p_run_id
--       using errcode = 'P0001', hint = 'Add the file''s rows with add_reconciliation_rows first.';
--   end if;
-- 
--   -- the file's rows were matched as they were added. what remains: humanglue's payments and refunds of this
--   -- provider inside the file's period that the file lacks (of the kinds the export carries), each an index probe
--   -- into the run's items by transaction id.
--   insert into console.reconciliation_items (
--     run_id, seq, outcome, kind, transaction_id, line, payment_id, refund_id, hg_amount, hg_currency, hg_status,
--     hg_created_at)
--   select p_run_id, 2147483648 + row_number() over (order by m.created_at, m.kind, m.transaction_id),
--          'missing_at_processor', m.kind, m.transaction_id, null, m.payment_id, m.refund_id, m.amount, m.currency,
--          m.status, m.created_at
--     from (
--       select 'payment' as kind, p.transaction_id, p.id as payment_id, null::uuid as refund_id, p.amount, p.currency,
--              p.status, p.created_at
--         from public.payments p
--        where 'payment' = any (v_run.kinds)
--          and p.provider = v_run.provider
--          and p.transaction_id is not null
--          and p.created_at between v_from and v_to
--          and not exists (select 1 from console.reconciliation_items i
--                           where i.run_id = p_run_id and i.line is not null and i.transaction_id = p.transaction_id
--                             and i.kind = 'payment')
--       union all
--       select 'refund', f.provider_refund_id, f.payment_id, f.id, f.amount, f.currency, f.status, f.created_at
--         from public.payment_refunds f
--        where 'refund' = any (v_run.kinds)
--          and f.provider = v_run.provider
--          and f.provider_refund_id is not null
--          and f.created_at between v_from and v_to
--          and not exists (select 1 from console.reconciliation_items i
--                           where i.run_id = p_run_id and i.line is not null and i.transaction_id = f.provider_refund_id
--                             and i.kind = 'refund')
--     ) m;
-- 
--   -- first by both currencies (few groups), then spread: the processor's amounts count in the processor's currency,
--   -- ours in ours; an item whose currencies differ adds to both sums and is counted under the processor's (under
--   -- ours when the processor has none).
--   select coalesce(jsonb_agg(jsonb_build_object(
--            'currency', t.currency, 'kind', t.kind, 'outcome', t.outcome, 'count', t.n,
--            'processor_amount', t.processor_amount, 'hg_amount', t.hg_amount)
--          order by t.currency, t.kind, t.outcome), '[]')
--     into v_totals
--     from (
--       select v.currency, g.kind, g.outcome, sum(v.n) as n,
--              coalesce(sum(v.processor_amount), 0) as processor_amount, coalesce(sum(v.hg_amount), 0) as hg_amount
--         from (
--           select i.outcome, i.kind, i.processor_currency, i.hg_currency, count(*) as n,
--                  sum(i.processor_amount) as processor_amount, sum(i.hg_amount) as hg_amount
--             from console.reconciliation_items i
--            where i.run_id = p_run_id
--            group by 1, 2, 3, 4
--         ) g
--        cross join lateral (values
--          (g.processor_currency, g.n, g.processor_amount, null::numeric),
--          (g.hg_currency, case when g.processor_currency is null then g.n else 0 end, null::numeric, g.hg_amount)
--        ) as v(currency, n, processor_amount, hg_amount)
--        where v.currency is not null
--        group by v.currency, g.kind, g.outcome
--     ) t;
-- 
--   -- every item is counted once in the totals (under the processor's currency, or ours when the processor has none).
--   select coalesce(sum((t ->> 'count')::integer) filter (where t ->> 'outcome' <> 'missing_at_processor'), 0) as row_count,
--          coalesce(sum((t ->> 'count')::integer) filter (where t ->> 'outcome' = 'matched'), 0) as matched,
--          coalesce(sum((t ->> 'count')::integer) filter (where t ->> 'outcome' = 'amount_mismatch'), 0) as amount_mismatch,
--          coalesce(sum((t ->> 'count')::integer) filter (where t ->> 'outcome' = 'status_mismatch'), 0) as status_mismatch,
--          coalesce(sum((t ->> 'count')::integer) filter (where t ->> 'outcome' = 'missing_in_humanglue'), 0)
--            as missing_in_humanglue,
--          coalesce(sum((t ->> 'count')::integer) filter (where t ->> 'outcome' = 'missing_at_processor'), 0)
--            as missing_at_processor,
--          coalesce(sum((t ->> 'count')::integer) filter (where t ->> 'outcome' = 'duplicate_in_file'), 0) as duplicate_in_file
--     into v_counts
--     from jsonb_array_elements(v_totals) t;
-- 
--   delete from console.reconciliation_rows r where r.run_id = p_run_id;
-- 
--   update console.reconciliation_runs r
--      set status = 'completed', completed_at = now(), row_count = v_counts.row_count, matched = v_counts.matched,
--          amount_mismatch = v_counts.amount_mismatch, status_mismatch = v_counts.status_mismatch,
--          missing_in_humanglue = v_counts.missing_in_humanglue, missing_at_processor = v_counts.missing_at_processor,
--          duplicate_in_file = v_counts.duplicate_in_file, totals = v_totals, period_from = v_from, period_to = v_to
--    where r.id = p_run_id;
-- 
--   perform console_private.audit('reconciliation.finish', 'reconciliation_run', p_run_id::text,
--     jsonb_build_object('status', 'open', 'row_count', v_run.row_count),
--     jsonb_build_object('status', 'completed', 'row_count', v_counts.row_count, 'matched', v_counts.matched,
--       'amount_mismatch', v_counts.amount_mismatch, 'status_mismatch', v_counts.status_mismatch,
--       'missing_in_humanglue', v_counts.missing_in_humanglue, 'missing_at_processor', v_counts.missing_at_processor,
--       'duplicate_in_file', v_counts.duplicate_in_file, 'period_from', v_from, 'period_to', v_to));
--   return query select * from console.get_reconciliation_run(p_run_id);
-- end;
-- $$;
-- 
-- comment on function console.finish_reconciliation(uuid) is
--   'Completes an open run whose rows were matched as they were added: adds what humanglue has of its provider in '
--   'the file''s period that the file lacks (missing_at_processor), saves counts and per-currency totals and clears '
--   'the staged rows (reconciliation.run; creator or admin). Audited.';
-- 
-- drop function if exists console_private.add_missing_at_processor(console.reconciliation_runs);
