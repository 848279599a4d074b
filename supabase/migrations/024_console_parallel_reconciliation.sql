-- 024_console_parallel_reconciliation.sql
--
-- what: two add_reconciliation_batch calls of one run can stage at the same time, and a call whose lines are already
-- in the run with the same values adds only the lines that are not (a repeat, not an error).
-- why: issue 19. a 100 000-row reconciliation through the api took p50 4.0 s (target 3 s) and a 1M-row import 36.7 s
-- (target 30 s), with one call at a time: each 20 000-row call held the run's row `for update` from its start, so a
-- second call waited for the whole of the first, and one database core did the work while the other idled. now a call
-- holds the run `for key share` (finishing, cancelling and discarding still take it `for update`, so they wait for
-- calls in flight and calls wait for them), checks and matches its rows beside the other call, and only then takes
-- the run's row (`for no key update`, to the end of its transaction) to look for repeats in other calls: two calls
-- of a run look for repeats one after the other, the second seeing the first's rows, so a transaction id repeated
-- across two calls that staged at the same time is still duplicate_in_file at its later line, whichever committed
-- first. main sends a run's calls two at a time (reconciliation-files.ts): with two in flight a later call may be
-- staged while an earlier one was not (a crash, a lost connection), so a resumed import sends its last call's worth
-- of rows again, and a repeat of a lost answer is harmless: a line already in the run with the same values is
-- skipped; with other values it is refused as before (22023 on line, "was already added to this run with other
-- values").
-- design: supabase/CONSOLE-API.md, "024_console_parallel_reconciliation.sql". no function changes its arguments or
-- rows. applied by the supabase cli as one implicit transaction: no explicit transaction control, no locks by
-- statement, nothing that needs a superuser.

-- ====== the run, locked for a call's rows or for the run itself ======

-- 009's lock, either for a batch of rows (`for key share`: calls of the run go on side by side; the run cannot be
-- finished, cancelled or discarded under them) or for the run itself (`for update`, as before).
create function console_private.lock_open_reconciliation_run(p_run_id uuid, p_for_rows boolean)
returns console.reconciliation_runs
language plpgsql
set search_path = ''
as $$
declare
  v_run console.reconciliation_runs;
  v_owner text;
begin
  if p_run_id is null then
    perform console_private.invalid('run_id', 'is required');
  end if;
  select * into v_run from console.reconciliation_runs r where r.id = p_run_id;
  if not found then
    raise exception 'reconciliation run % not found', p_run_id
      using errcode = 'P0002', detail = json_build_object('entity', 'reconciliation_run', 'id', p_run_id)::text;
  end if;
  if v_run.created_by is distinct from auth.uid() and not public.is_admin() then
    select coalesce(u.full_name, u.email) into v_owner from public.users u where u.id = v_run.created_by;
    raise exception 'permission denied: reconciliation run % belongs to %; only they or an admin may change it',
      p_run_id, coalesce(v_owner, 'someone else')
      using errcode = '42501', hint = 'Start your own run to import a file.';
  end if;
  if v_run.status = 'open' then
    if p_for_rows then
      select * into v_run from console.reconciliation_runs r where r.id = p_run_id and r.status = 'open' for key share;
    else
      select * into v_run from console.reconciliation_runs r where r.id = p_run_id and r.status = 'open' for update;
    end if;
    if found then
      return v_run;
    end if;
    -- finished by a concurrent call while we waited for the lock.
    select * into v_run from console.reconciliation_runs r where r.id = p_run_id;
  end if;
  raise exception 'reconciliation run % is already completed (at %) and cannot be changed', p_run_id,
    to_char(v_run.completed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
    using errcode = 'P0001',
          detail = json_build_object('status', v_run.status, 'completed_at', v_run.completed_at)::text,
          hint = 'Start a new run to reconcile the file again.';
end;
$$;

comment on function console_private.lock_open_reconciliation_run(uuid, boolean) is
  'The open reconciliation run the caller may change (its creator or an admin), locked for a call''s rows (for key '
  'share) or for the run itself (for update). Not found → P0002, someone else''s → 42501, completed → P0001.';

create or replace function console_private.lock_open_reconciliation_run(p_run_id uuid)
returns console.reconciliation_runs
language sql
set search_path = ''
as $$
  select console_private.lock_open_reconciliation_run(p_run_id, false);
$$;

-- ====== staging a call's rows ======

-- a call's rows go into the run's items with their outcome as 018 gives it: payment rows ⋈ payments (provider,
-- transaction_id), refund rows ⋈ payment_refunds (provider, provider_refund_id), one index probe a row, beside any
-- other call of the run. then, holding the run's row (one call of the run at a time, to the end of its transaction:
-- a call that staged beside this one has committed by then, or will look at this one's rows when its turn comes), a
-- probe per row finds the transaction ids that are in the run more than once, in this call or any other: every row
-- but the one at the first line is duplicate_in_file (so a call that brings an earlier line makes that one the
-- first). a line already in the run with the same values is skipped (a call sent again); with other values, or
-- twice in the call, it raises 22023 on line. the rows must already be checked: this function only casts them.
create or replace function console_private.stage_reconciliation_rows(p_run console.reconciliation_runs, p_rows text)
returns table (added integer, first_line integer, last_line integer, period_from timestamptz, period_to timestamptz)
language plpgsql
set search_path = ''
as $$
declare
  v_sent integer;
  v_kinds text[];
  v_ids text[];
  v_skip boolean;
  v_err record;
  v_repeat record;
begin
  -- the insert skips lines already in the run only when some may be (the call's line range holds items: one
  -- probe), or when it found one (a line twice in the call, or added meanwhile by the same call sent again): the
  -- skipping costs a probe a row.
  select count(*)::integer, min(x.line), max(x.line) into v_sent, first_line, last_line
    from (select split_part(t.l, E'\t', 1)::integer as line from string_to_table(p_rows, E'\n') as t(l)) x;
  v_skip := exists (select 1 from console.reconciliation_items i
                     where i.run_id = p_run.id and i.seq between first_line and last_line);
  loop
    begin
      execute format($sql$
        with staged as materialized (
          -- offset 0: each row is split once, and each field cast once, however often it is read.
          select r.f[1]::integer as line, r.f[2] as kind, btrim(r.f[3]) as transaction_id, r.f[4]::numeric as amount,
                 r.f[5] as currency, r.f[6] as status, r.f[7]::timestamptz as occurred_at
            from (select string_to_array(t.l, E'\t') as f from string_to_table($2, E'\n') as t(l) offset 0) r
        ), matched as (
          insert into console.reconciliation_items (
            run_id, seq, outcome, kind, transaction_id, line, occurred_at, processor_amount, processor_currency,
            processor_status, payment_id, refund_id, hg_amount, hg_currency, hg_status, hg_created_at)
          select ($1).id, r.line,
                 case
                   when h.hg_id is null then 'missing_in_humanglue'
                   when r.amount <> h.hg_amount or r.currency <> h.hg_currency then 'amount_mismatch'
                   when r.status <> h.comparable_status then 'status_mismatch'
                   else 'matched'
                 end,
                 r.kind, r.transaction_id, r.line, r.occurred_at, r.amount, r.currency, r.status,
                 h.payment_id, h.refund_id, h.hg_amount, h.hg_currency, h.hg_status, h.hg_created_at
            from staged r
            -- one index probe a row, into payments or refunds by the row's kind.
            left join lateral (
              select p.id as hg_id, p.id as payment_id, null::uuid as refund_id, p.amount as hg_amount,
                     p.currency as hg_currency, p.status as hg_status, p.status as comparable_status,
                     p.created_at as hg_created_at
                from public.payments p
               where r.kind = 'payment' and p.provider = ($1).provider and p.transaction_id = r.transaction_id
              union all
              select f.id, f.payment_id, f.id, f.amount, f.currency, f.status,
                     -- a processor reports a refund as succeeded, pending or failed; ours has finer states.
                     case f.status when 'pending_approval' then 'pending' when 'cancelled' then 'failed'
                                   when 'rejected' then 'failed' else f.status end,
                     f.created_at
                from public.payment_refunds f
               where r.kind = 'refund' and f.provider = ($1).provider and f.provider_refund_id = r.transaction_id
            ) h on true
          %s
          returning line, occurred_at, kind, transaction_id
        )
        select count(*)::integer, min(m.line), max(m.line), min(m.occurred_at), max(m.occurred_at),
               array_agg(m.kind), array_agg(m.transaction_id)
          from matched m
        $sql$,
        case when v_skip then 'on conflict (run_id, seq) do nothing' else '' end)
        into added, first_line, last_line, period_from, period_to, v_kinds, v_ids
        using p_run, p_rows;
      exit;
    exception when unique_violation then
      -- a line twice in the call (named below), or added meanwhile by the same call sent again: once more, skipping.
      if v_skip then
        raise;
      end if;
      v_skip := true;
    end;
  end loop;

  if added < v_sent then
    -- lines that were not added: the first (by position) that is twice in this call, or already in the run with
    -- other values, is refused; lines already there with the same values were a repeat of an earlier call.
    select d.pos, d.line, d.message into v_err
      from (
        select b.pos, b.line,
               case when count(*) over (partition by b.line order by b.pos) > 1 then 'appears more than once in this call'
                    when i.kind is distinct from b.f[2] or i.transaction_id is distinct from btrim(b.f[3])
                         or i.processor_amount is distinct from b.f[4]::numeric
                         or i.processor_currency is distinct from b.f[5] or i.processor_status is distinct from b.f[6]
                         or i.occurred_at is distinct from b.f[7]::timestamptz
                    then 'was already added to this run with other values' end as message
          from (select t.pos, split_part(t.l, E'\t', 1)::integer as line, string_to_array(t.l, E'\t') as f
                  from string_to_table(p_rows, E'\n') with ordinality as t(l, pos)) b
          left join console.reconciliation_items i on i.run_id = p_run.id and i.seq = b.line
      ) d
     where d.message is not null
     order by d.pos
     limit 1;
    if found then
      perform console_private.invalid_row('line', v_err.line, v_err.pos, v_err.message);
    end if;
  end if;

  -- repeats, one call of the run at a time from here to the end of the transaction: a probe per added row
  -- (idx_reconciliation_items_transaction; line not null is its predicate), then an update per transaction id that
  -- is in the run more than once (a few in a thousand).
  perform 1 from console.reconciliation_runs r where r.id = p_run.id for no key update;
  for v_repeat in
    select k.kind, k.transaction_id, min(o.first_line) as first_line
      from unnest(v_kinds, v_ids) as k(kind, transaction_id)
      cross join lateral (
        select min(o.line) as first_line, count(*) as n
          from console.reconciliation_items o
         where o.run_id = p_run.id and o.transaction_id = k.transaction_id and o.kind = k.kind and o.line is not null
      ) o
     where o.n > 1
     group by 1, 2
  loop
    update console.reconciliation_items i
       set outcome = 'duplicate_in_file'
     where i.run_id = p_run.id
       and i.transaction_id = v_repeat.transaction_id
       and i.kind = v_repeat.kind
       and i.line > v_repeat.first_line
       and i.outcome <> 'duplicate_in_file';
  end loop;
  return next;
end;
$$;

comment on function console_private.stage_reconciliation_rows(console.reconciliation_runs, text) is
  'Stages checked rows (a row per line, tab-separated line, kind, transaction_id, amount, currency, status, '
  'occurred_at) into an open run as its items, with their outcomes (matched, amount_mismatch, status_mismatch, '
  'missing_in_humanglue, duplicate_in_file); a line already in the run with the same values is skipped. Returns how '
  'many were added, the first and last line and occurred_at.';

-- ====== runs: add a call's rows ======

create or replace function console.add_reconciliation_batch(p_run_id uuid, p_rows text)
returns table (run_id uuid, added integer, row_count integer)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_run console.reconciliation_runs;
  v_text text;
  v_count integer;
  v_added integer;
  v_first integer;
  v_last integer;
  v_from timestamptz;
  v_to timestamptz;
  v_row_count integer;
begin
  perform console_private.require('reconciliation.run');
  v_run := console_private.lock_open_reconciliation_run(p_run_id, true);
  -- a line break after the last row ends it; it does not start an empty row.
  v_text := case when right(p_rows, 1) = E'\n' then left(p_rows, -1) else p_rows end;
  if v_text is null or v_text = '' then
    perform console_private.invalid('rows', 'must contain at least one row');
  end if;
  v_count := octet_length(v_text) - octet_length(replace(v_text, E'\n', '')) + 1;
  if v_count > 50000 then
    perform console_private.invalid('rows', format('at most 50000 rows per call (got %s)', v_count));
  end if;

  -- one pattern over the whole text; only when it does not match are the rows checked one by one (raising on the
  -- first bad one). the dates it lets through are checked once cast: a date that does not exist fails the cast, a
  -- date out of range shows in the call's period, and either way the rows are checked one by one to name it.
  if v_text !~ console_private.reconciliation_batch_pattern(v_run.kinds) then
    perform console_private.check_reconciliation_batch(v_run.kinds, v_text);
  end if;
  begin
    select s.added, s.first_line, s.last_line, s.period_from, s.period_to
      into v_added, v_first, v_last, v_from, v_to
      from console_private.stage_reconciliation_rows(v_run, v_text) s;
  exception when data_exception then
    -- a cast that failed, or a line refused (22023 on line): a bad field earlier in the call comes first.
    perform console_private.check_reconciliation_batch(v_run.kinds, v_text);
    raise;
  end;
  if v_from < '2000-01-01T00:00:00Z'::timestamptz or v_to > now() + interval '1 day' then
    perform console_private.check_reconciliation_batch(v_run.kinds, v_text);
  end if;

  -- the run's row is this call's from staging on (see stage_reconciliation_rows): its count is read now, after any
  -- other call of the run that staged beside this one.
  if v_added = 0 then
    -- every line was already in the run (a call sent again): nothing changed, nothing to audit.
    select r.row_count into v_row_count from console.reconciliation_runs r where r.id = p_run_id;
    return query select p_run_id, 0, v_row_count;
    return;
  end if;
  update console.reconciliation_runs r
     set row_count = r.row_count + v_added,
         period_from = least(r.period_from, v_from),
         period_to = greatest(r.period_to, v_to)
   where r.id = p_run_id
  returning r.row_count into v_row_count;
  perform console_private.audit('reconciliation.add_rows', 'reconciliation_run', p_run_id::text,
    jsonb_build_object('row_count', v_row_count - v_added),
    jsonb_build_object('row_count', v_row_count, 'added', v_added, 'first_line', v_first, 'last_line', v_last));
  return query select p_run_id, v_added, v_row_count;
end;
$$;

comment on function console.add_reconciliation_batch(uuid, text) is
  'Stages and matches up to 50 000 rows of an open run sent as one text: a row per line (\n), its fields separated '
  'by tabs in the order line, kind, transaction_id, amount, currency, status, occurred_at, each as '
  'add_reconciliation_rows takes it (reconciliation.run; the run''s creator or an admin). Calls of one run may be '
  'sent side by side. All or nothing; a line already in the run with the same values is skipped (added counts the '
  'others); errors as add_reconciliation_rows reports them (a row without 7 fields: field "row"). Audited per call '
  'that adds rows (reconciliation.add_rows).';

-- ====== grants ======

revoke execute on function console_private.lock_open_reconciliation_run(uuid, boolean) from public, anon;
grant execute on function console_private.lock_open_reconciliation_run(uuid, boolean) to authenticated, service_role;

-- ====== rollback ======
-- -- 021's functions as 021 left them, 009's lock; then the new one goes.
-- 
-- create or replace function console_private.lock_open_reconciliation_run(p_run_id uuid)
-- returns console.reconciliation_runs
-- language plpgsql
-- set search_path = ''
-- as $$
-- declare
--   v_run console.reconciliation_runs;
--   v_owner text;
-- begin
--   if p_run_id is null then
--     perform console_private.invalid('run_id', 'is required');
--   end if;
--   select * into v_run from console.reconciliation_runs r where r.id = p_run_id;
--   if not found then
--     raise exception 'reconciliation run % not found', p_run_id
--       using errcode = 'P0002', detail = json_build_object('entity', 'reconciliation_run', 'id', p_run_id)::text;
--   end if;
--   if v_run.created_by is distinct from auth.uid() and not public.is_admin() then
--     select coalesce(u.full_name, u.email) into v_owner from public.users u where u.id = v_run.created_by;
--     raise exception 'permission denied: reconciliation run % belongs to %; only they or an admin may change it',
--       p_run_id, coalesce(v_owner, 'someone else')
--       using errcode = '42501', hint = 'Start your own run to import a file.';
--   end if;
--   if v_run.status = 'open' then
--     select * into v_run from console.reconciliation_runs r where r.id = p_run_id and r.status = 'open' for update;
--     if found then
--       return v_run;
--     end if;
--     -- finished by a concurrent call while we waited for the lock.
--     select * into v_run from console.reconciliation_runs r where r.id = p_run_id;
--   end if;
--   raise exception 'reconciliation run % is already completed (at %) and cannot be changed', p_run_id,
--     to_char(v_run.completed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
--     using errcode = 'P0001',
--           detail = json_build_object('status', v_run.status, 'completed_at', v_run.completed_at)::text,
--           hint = 'Start a new run to reconcile the file again.';
-- end;
-- $$;
-- 
-- create or replace function console_private.stage_reconciliation_rows(p_run console.reconciliation_runs, p_rows text)
-- returns table (added integer, first_line integer, last_line integer, period_from timestamptz, period_to timestamptz)
-- language plpgsql
-- set search_path = ''
-- as $$
-- declare
--   v_matched_to bigint;
--   v_err record;
-- begin
--   -- the run's last line so far (one index probe): only a call that goes back before it can change an earlier item.
--   select max(i.seq) into v_matched_to
--     from console.reconciliation_items i
--    where i.run_id = p_run.id and i.seq < 2147483648;
-- 
--   begin
--     return query
--       with staged as materialized (
--         -- offset 0: each row is split once, and each field cast once, however often it is read.
--         select r.f[1]::integer as line, r.f[2] as kind, btrim(r.f[3]) as transaction_id, r.f[4]::numeric as amount,
--                r.f[5] as currency, r.f[6] as status, r.f[7]::timestamptz as occurred_at
--           from (select string_to_array(t.l, E'\t') as f from string_to_table(p_rows, E'\n') as t(l) offset 0) r
--       ), repeats as (
--         -- repeats within the call: few, found by hashing the call's ids rather than sorting its rows.
--         select x.kind, x.transaction_id, min(x.line) as first_line from staged x group by 1, 2 having count(*) > 1
--       ), matched as (
--         insert into console.reconciliation_items (
--           run_id, seq, outcome, kind, transaction_id, line, occurred_at, processor_amount, processor_currency,
--           processor_status, payment_id, refund_id, hg_amount, hg_currency, hg_status, hg_created_at)
--         select p_run.id, r.line,
--                case
--                  when r.repeat then 'duplicate_in_file'
--                  when h.hg_id is null then 'missing_in_humanglue'
--                  when r.amount <> h.hg_amount or r.currency <> h.hg_currency then 'amount_mismatch'
--                  when r.status <> h.comparable_status then 'status_mismatch'
--                  else 'matched'
--                end,
--                r.kind, r.transaction_id, r.line, r.occurred_at, r.amount, r.currency, r.status,
--                h.payment_id, h.refund_id, h.hg_amount, h.hg_currency, h.hg_status, h.hg_created_at
--           from (
--             select r.*,
--                    r.line > coalesce(d.first_line, r.line)
--                    or (v_matched_to is not null
--                        and exists (select 1 from console.reconciliation_items i
--                                     where i.run_id = p_run.id and i.transaction_id = r.transaction_id
--                                       and i.kind = r.kind and i.line < r.line)) as repeat
--               from staged r
--               left join repeats d on d.kind = r.kind and d.transaction_id = r.transaction_id
--           ) r
--           -- one index probe a row, into payments or refunds by the row's kind.
--           left join lateral (
--             select p.id as hg_id, p.id as payment_id, null::uuid as refund_id, p.amount as hg_amount,
--                    p.currency as hg_currency, p.status as hg_status, p.status as comparable_status,
--                    p.created_at as hg_created_at
--               from public.payments p
--              where r.kind = 'payment' and p.provider = p_run.provider and p.transaction_id = r.transaction_id
--             union all
--             select f.id, f.payment_id, f.id, f.amount, f.currency, f.status,
--                    -- a processor reports a refund as succeeded, pending or failed; ours has finer states.
--                    case f.status when 'pending_approval' then 'pending' when 'cancelled' then 'failed'
--                                  when 'rejected' then 'failed' else f.status end,
--                    f.created_at
--               from public.payment_refunds f
--              where r.kind = 'refund' and f.provider = p_run.provider and f.provider_refund_id = r.transaction_id
--           ) h on true
--         returning line, occurred_at
--       )
--       select count(*)::integer, min(m.line), max(m.line), min(m.occurred_at), max(m.occurred_at) from matched m;
--   exception when unique_violation then
--     -- which line: the first (by position) that repeats one before it in this call or one already in the run.
--     select d.pos, d.line, d.message into v_err
--       from (
--         select b.pos, b.line,
--                case when count(*) over (partition by b.line order by b.pos) > 1 then 'appears more than once in this call'
--                     when exists (select 1 from console.reconciliation_items i where i.run_id = p_run.id and i.seq = b.line)
--                     then 'was already added to this run' end as message
--           from (select t.pos, split_part(t.l, E'\t', 1)::integer as line
--                   from string_to_table(p_rows, E'\n') with ordinality as t(l, pos)) b
--       ) d
--      where d.message is not null
--      order by d.pos
--      limit 1;
--     perform console_private.invalid_row('line', v_err.line, v_err.pos, v_err.message);
--   end;
-- 
--   if v_matched_to > (select min(split_part(t.l, E'\t', 1)::integer) from string_to_table(p_rows, E'\n') as t(l)) then
--     update console.reconciliation_items i
--        set outcome = 'duplicate_in_file'
--       from (select r.f[2] as kind, btrim(r.f[3]) as transaction_id, min(r.f[1]::integer) as line
--               from (select string_to_array(t.l, E'\t') as f from string_to_table(p_rows, E'\n') as t(l) offset 0) r
--              group by 1, 2) r
--      where i.run_id = p_run.id
--        and i.transaction_id = r.transaction_id
--        and i.kind = r.kind
--        and i.line > r.line
--        and i.outcome <> 'duplicate_in_file';
--   end if;
-- end;
-- $$;
-- 
-- comment on function console_private.stage_reconciliation_rows(console.reconciliation_runs, text) is
--   'Stages checked rows (a row per line, tab-separated line, kind, transaction_id, amount, currency, status, '
--   'occurred_at) into an open run as its items, with their outcomes (matched, amount_mismatch, status_mismatch, '
--   'missing_in_humanglue, duplicate_in_file). Returns how many, the first and last line and occurred_at.';
-- 
-- 
-- create or replace function console.add_reconciliation_batch(p_run_id uuid, p_rows text)
-- returns table (run_id uuid, added integer, row_count integer)
-- language plpgsql
-- security definer
-- set search_path = ''
-- as $$
-- declare
--   v_run console.reconciliation_runs;
--   v_text text;
--   v_count integer;
--   v_added integer;
--   v_first integer;
--   v_last integer;
--   v_from timestamptz;
--   v_to timestamptz;
-- begin
--   perform console_private.require('reconciliation.run');
--   v_run := console_private.lock_open_reconciliation_run(p_run_id);
--   -- a line break after the last row ends it; it does not start an empty row.
--   v_text := case when right(p_rows, 1) = E'\n' then left(p_rows, -1) else p_rows end;
--   if v_text is null or v_text = '' then
--     perform console_private.invalid('rows', 'must contain at least one row');
--   end if;
--   v_count := octet_length(v_text) - octet_length(replace(v_text, E'\n', '')) + 1;
--   if v_count > 50000 then
--     perform console_private.invalid('rows', format('at most 50000 rows per call (got %s)', v_count));
--   end if;
-- 
--   -- one pattern over the whole text; only when it does not match are the rows checked one by one (raising on the
--   -- first bad one). the dates it lets through are checked once cast: a date that does not exist fails the cast, a
--   -- date out of range shows in the call's period, and either way the rows are checked one by one to name it.
--   if v_text !~ console_private.reconciliation_batch_pattern(v_run.kinds) then
--     perform console_private.check_reconciliation_batch(v_run.kinds, v_text);
--   end if;
--   begin
--     select s.added, s.first_line, s.last_line, s.period_from, s.period_to
--       into v_added, v_first, v_last, v_from, v_to
--       from console_private.stage_reconciliation_rows(v_run, v_text) s;
--   exception when data_exception then
--     -- a cast that failed, or a line already in the run (22023 on line): a bad field earlier in the call comes first.
--     perform console_private.check_reconciliation_batch(v_run.kinds, v_text);
--     raise;
--   end;
--   if v_from < '2000-01-01T00:00:00Z'::timestamptz or v_to > now() + interval '1 day' then
--     perform console_private.check_reconciliation_batch(v_run.kinds, v_text);
--   end if;
-- 
--   update console.reconciliation_runs r
--      set row_count = r.row_count + v_added,
--          period_from = least(r.period_from, v_from),
--          period_to = greatest(r.period_to, v_to)
--    where r.id = p_run_id;
--   perform console_private.audit('reconciliation.add_rows', 'reconciliation_run', p_run_id::text,
--     jsonb_build_object('row_count', v_run.row_count),
--     jsonb_build_object('row_count', v_run.row_count + v_added, 'added', v_added, 'first_line', v_first,
--                        'last_line', v_last));
--   return query select p_run_id, v_added, v_run.row_count + v_added;
-- end;
-- $$;
-- 
-- comment on function console.add_reconciliation_batch(uuid, text) is
--   'Stages and matches up to 50 000 rows of an open run sent as one text: a row per line (\n), its fields separated '
--   'by tabs in the order line, kind, transaction_id, amount, currency, status, occurred_at, each as '
--   'add_reconciliation_rows takes it (reconciliation.run; the run''s creator or an admin). All or nothing, errors as '
--   'add_reconciliation_rows reports them (a row without 7 fields: field "row"). Audited per call '
--   '(reconciliation.add_rows).';
-- 
-- drop function if exists console_private.lock_open_reconciliation_run(uuid, boolean);
