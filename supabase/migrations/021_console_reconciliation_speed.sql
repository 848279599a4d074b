-- 021_console_reconciliation_speed.sql
--
-- what: a reconciliation call does less per row. add_reconciliation_batch checks a call's text with one pattern over
-- the whole text (018's per-row checks run only when it does not match, or when a date it let through turns out
-- bad, to name the first bad row), and a call's rows go straight into reconciliation_items, no longer also into
-- reconciliation_rows (finishing never read them again: the items hold every field).
-- why: issue 19. a 100 000-row reconciliation through the api took p50 4.9 s (target 3 s) and a 1M-row import 43 s
-- (target 30 s). measured on the benchmark's 1M payments (backend cpu of the second 20 000-row call of a run, the
-- smallest of 5): 018's per-row checks 158 ms (a regular expression per field, the timestamp parsed twice) and the
-- call's staging 708 ms, of which the copy into reconciliation_rows and its key ~280 ms. the whole-text pattern
-- takes ~15 ms for the same 20 000 rows. a whole 20 000-row add_reconciliation_batch, 018 against 021 in the same
-- minute: 614 → 395 ms (backend cpu, smallest of 6).
-- design: supabase/CONSOLE-API.md, "021_console_reconciliation_speed.sql". no function changes its arguments, rows
-- or errors. applied by the supabase cli as one implicit transaction: no explicit transaction control, no locks by
-- statement, nothing that needs a superuser.

-- ====== checking a call's text ======

-- a pattern that only rows 018's checks accept can match (for the run's kinds): line 1–999 999 999, kind, a
-- transaction id of printable ascii that starts with a non-space (≤ 255), an amount > 0 without leading zeros, a
-- currency, a status of the row's kind, and occurred_at in 018's shape. what it cannot say (a real date, from 2000 on
-- and at most a day ahead) is checked on the cast values. a row it does not match may still be good (a leading zero,
-- an id with accents): then 018's checks run and decide.
create function console_private.reconciliation_batch_pattern(p_kinds text[])
returns text
language sql
immutable
set search_path = ''
as $$
  select '^' || l.row || '(\n' || l.row || ')*$'
    from (
      select '[1-9][0-9]{0,8}\t('
             || array_to_string(array_remove(array[
                  case when 'payment' = any (p_kinds)
                       then 'payment\t' || c.common || '\t(succeeded|pending|failed|refunded|partially_refunded)' end,
                  case when 'refund' = any (p_kinds)
                       then 'refund\t' || c.common || '\t(succeeded|pending|failed)' end], null), '|')
             || ')\t[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)'
               as row
        from (select '[!-~][ -~]{0,254}\t([1-9][0-9]{0,9}(\.[0-9]{1,2})?|0\.(0[1-9]|[1-9][0-9]?))\t[A-Z]{3}' as common) c
    ) l;
$$;

comment on function console_private.reconciliation_batch_pattern(text[]) is
  'A regular expression over a whole add_reconciliation_batch text that only rows passing its per-row checks can '
  'match (for a run of these kinds); dates are still checked on the cast values.';

-- 018's checks of add_reconciliation_batch, unchanged: the first bad row (by position), its field and line.
create function console_private.reconciliation_batch_problem(
  p_kinds text[],
  p_text text,
  out pos bigint,
  out line integer,
  out field text,
  out message text
)
language plpgsql
stable
set search_path = ''
as $$
begin
  -- every field of every row checked in one pass; the first failing row (by position) is reported as
  -- add_reconciliation_rows reports it (the reason is only worded for that row).
  select c.pos, case when c.line_ok then c.f[1]::integer end as line, c.field,
         case c.field
           when 'row' then
             format('must have 7 fields separated by tabs (line, kind, transaction_id, amount, currency, status, '
                    || 'occurred_at); it has %s', cardinality(c.f))
           when 'line' then 'must be a whole number between 1 and 2147483647'
           when 'kind' then
             case when c.f[2] in ('payment', 'refund')
                  then format('this run''s export carries %s rows only', array_to_string(p_kinds, ' and '))
                  else 'must be payment or refund' end
           when 'transaction_id' then
             case when btrim(c.f[3]) = '' then 'is required'
                  when char_length(c.f[3]) > 255 then format('must be at most 255 characters (got %s)', char_length(c.f[3]))
                  else 'must not contain control characters' end
           when 'amount' then 'must be a number greater than 0 with at most 2 decimals (at most 9999999999.99)'
           when 'currency' then 'must be a three-letter ISO currency code in capitals, e.g. USD'
           when 'status' then
             case when c.f[2] = 'refund' and c.f[6] in ('refunded', 'partially_refunded')
                  then 'a refund row must be succeeded, pending or failed'
                  else 'must be succeeded, pending, failed, refunded or partially_refunded' end
           else 'must be an ISO 8601 date and time with a time zone (e.g. 2026-03-01T09:30:00Z), '
                || 'from 2000 on and no more than a day ahead'
         end as message
    into pos, line, field, message
    from (
      select b.pos, b.f, b.line_ok,
             case
               when cardinality(b.f) <> 7 then 'row'
               when not b.line_ok then 'line'
               when not b.f[2] = any (p_kinds) then 'kind'
               when btrim(b.f[3]) = '' or char_length(b.f[3]) > 255 or b.f[3] ~ '[[:cntrl:]]' then 'transaction_id'
               -- the pattern leaves digits and one point: something left without zeros and the point is 1–9.
               when not (b.f[4] ~ '^[0-9]{1,10}(\.[0-9]{1,2})?$' and translate(b.f[4], '0.', '') <> '') then 'amount'
               when not (octet_length(b.f[5]) = 3 and ltrim(b.f[5], 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') = '') then 'currency'
               when not case b.f[2]
                          when 'refund' then b.f[6] in ('succeeded', 'pending', 'failed')
                          else b.f[6] in ('succeeded', 'pending', 'failed', 'refunded', 'partially_refunded')
                        end then 'status'
               when not (b.f[7] ~ '^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|z|[+-]\d{2}(:?\d{2})?)$'
                         and case when pg_input_is_valid(b.f[7], 'timestamptz')
                                  then b.f[7]::timestamptz
                                       between '2000-01-01T00:00:00Z'::timestamptz and now() + interval '1 day'
                                  else false end) then 'occurred_at'
             end as field
        from (
          select s.pos, s.f,
                 coalesce(s.f[1] ~ '^[0-9]{1,10}$' and s.f[1]::bigint between 1 and 2147483647, false) as line_ok
            from (
              -- offset 0: each row is split once, not once for every field the checks read.
              select t.pos, string_to_array(t.l, E'\t') as f
                from string_to_table(p_text, E'\n') with ordinality as t(l, pos)
              offset 0
            ) s
        ) b
    ) c
   where c.field is not null
   order by c.pos
   limit 1;
end;
$$;

comment on function console_private.reconciliation_batch_problem(text[], text) is
  'add_reconciliation_batch''s per-row checks (018), for a run of these kinds: the first bad row of the text (its '
  'position, line when readable, field and reason), or nulls when every row is good.';

-- raises 22023 on the first bad row (field, line, row), as add_reconciliation_batch always has.
create function console_private.check_reconciliation_batch(p_kinds text[], p_text text)
returns void
language plpgsql
stable
set search_path = ''
as $$
declare
  v_err record;
begin
  v_err := console_private.reconciliation_batch_problem(p_kinds, p_text);
  if v_err.field is not null then
    perform console_private.invalid_row(v_err.field, v_err.line, v_err.pos, v_err.message);
  end if;
end;
$$;

comment on function console_private.check_reconciliation_batch(text[], text) is
  'Raises 22023 on the first bad row of an add_reconciliation_batch text (console_private.reconciliation_batch_problem); '
  'returns when every row is good.';

-- ====== staging a call's rows ======

-- a call's rows go straight into the run's items (018 also kept a copy in reconciliation_rows until the run was
-- finished), with their outcome as 018 gives it: payment rows ⋈ payments (provider, transaction_id), refund rows ⋈
-- payment_refunds (provider, provider_refund_id), one index probe a row; a row repeating the kind and transaction id
-- of a row at an earlier line (in this call or an earlier one) is duplicate_in_file; when a call brings an earlier
-- line than one already matched (calls sent out of order), that item becomes the repeat. the rows must already be
-- checked: this function only casts them. a line already in the run, or twice in the call, raises 22023 on line (the
-- items' key is the run and the line).
create or replace function console_private.stage_reconciliation_rows(p_run console.reconciliation_runs, p_rows text)
returns table (added integer, first_line integer, last_line integer, period_from timestamptz, period_to timestamptz)
language plpgsql
set search_path = ''
as $$
declare
  v_matched_to bigint;
  v_err record;
begin
  -- the run's last line so far (one index probe): only a call that goes back before it can change an earlier item.
  select max(i.seq) into v_matched_to
    from console.reconciliation_items i
   where i.run_id = p_run.id and i.seq < 2147483648;

  begin
    return query
      with staged as materialized (
        -- offset 0: each row is split once, and each field cast once, however often it is read.
        select r.f[1]::integer as line, r.f[2] as kind, btrim(r.f[3]) as transaction_id, r.f[4]::numeric as amount,
               r.f[5] as currency, r.f[6] as status, r.f[7]::timestamptz as occurred_at
          from (select string_to_array(t.l, E'\t') as f from string_to_table(p_rows, E'\n') as t(l) offset 0) r
      ), repeats as (
        -- repeats within the call: few, found by hashing the call's ids rather than sorting its rows.
        select x.kind, x.transaction_id, min(x.line) as first_line from staged x group by 1, 2 having count(*) > 1
      ), matched as (
        insert into console.reconciliation_items (
          run_id, seq, outcome, kind, transaction_id, line, occurred_at, processor_amount, processor_currency,
          processor_status, payment_id, refund_id, hg_amount, hg_currency, hg_status, hg_created_at)
        select p_run.id, r.line,
               case
                 when r.repeat then 'duplicate_in_file'
                 when h.hg_id is null then 'missing_in_humanglue'
                 when r.amount <> h.hg_amount or r.currency <> h.hg_currency then 'amount_mismatch'
                 when r.status <> h.comparable_status then 'status_mismatch'
                 else 'matched'
               end,
               r.kind, r.transaction_id, r.line, r.occurred_at, r.amount, r.currency, r.status,
               h.payment_id, h.refund_id, h.hg_amount, h.hg_currency, h.hg_status, h.hg_created_at
          from (
            select r.*,
                   r.line > coalesce(d.first_line, r.line)
                   or (v_matched_to is not null
                       and exists (select 1 from console.reconciliation_items i
                                    where i.run_id = p_run.id and i.transaction_id = r.transaction_id
                                      and i.kind = r.kind and i.line < r.line)) as repeat
              from staged r
              left join repeats d on d.kind = r.kind and d.transaction_id = r.transaction_id
          ) r
          -- one index probe a row, into payments or refunds by the row's kind.
          left join lateral (
            select p.id as hg_id, p.id as payment_id, null::uuid as refund_id, p.amount as hg_amount,
                   p.currency as hg_currency, p.status as hg_status, p.status as comparable_status,
                   p.created_at as hg_created_at
              from public.payments p
             where r.kind = 'payment' and p.provider = p_run.provider and p.transaction_id = r.transaction_id
            union all
            select f.id, f.payment_id, f.id, f.amount, f.currency, f.status,
                   -- a processor reports a refund as succeeded, pending or failed; ours has finer states.
                   case f.status when 'pending_approval' then 'pending' when 'cancelled' then 'failed'
                                 when 'rejected' then 'failed' else f.status end,
                   f.created_at
              from public.payment_refunds f
             where r.kind = 'refund' and f.provider = p_run.provider and f.provider_refund_id = r.transaction_id
          ) h on true
        returning line, occurred_at
      )
      select count(*)::integer, min(m.line), max(m.line), min(m.occurred_at), max(m.occurred_at) from matched m;
  exception when unique_violation then
    -- which line: the first (by position) that repeats one before it in this call or one already in the run.
    select d.pos, d.line, d.message into v_err
      from (
        select b.pos, b.line,
               case when count(*) over (partition by b.line order by b.pos) > 1 then 'appears more than once in this call'
                    when exists (select 1 from console.reconciliation_items i where i.run_id = p_run.id and i.seq = b.line)
                    then 'was already added to this run' end as message
          from (select t.pos, split_part(t.l, E'\t', 1)::integer as line
                  from string_to_table(p_rows, E'\n') with ordinality as t(l, pos)) b
      ) d
     where d.message is not null
     order by d.pos
     limit 1;
    perform console_private.invalid_row('line', v_err.line, v_err.pos, v_err.message);
  end;

  if v_matched_to > (select min(split_part(t.l, E'\t', 1)::integer) from string_to_table(p_rows, E'\n') as t(l)) then
    update console.reconciliation_items i
       set outcome = 'duplicate_in_file'
      from (select r.f[2] as kind, btrim(r.f[3]) as transaction_id, min(r.f[1]::integer) as line
              from (select string_to_array(t.l, E'\t') as f from string_to_table(p_rows, E'\n') as t(l) offset 0) r
             group by 1, 2) r
     where i.run_id = p_run.id
       and i.transaction_id = r.transaction_id
       and i.kind = r.kind
       and i.line > r.line
       and i.outcome <> 'duplicate_in_file';
  end if;
end;
$$;

comment on function console_private.stage_reconciliation_rows(console.reconciliation_runs, text) is
  'Stages checked rows (a row per line, tab-separated line, kind, transaction_id, amount, currency, status, '
  'occurred_at) into an open run as its items, with their outcomes (matched, amount_mismatch, status_mismatch, '
  'missing_in_humanglue, duplicate_in_file). Returns how many, the first and last line and occurred_at.';

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
begin
  perform console_private.require('reconciliation.run');
  v_run := console_private.lock_open_reconciliation_run(p_run_id);
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
    -- a cast that failed, or a line already in the run (22023 on line): a bad field earlier in the call comes first.
    perform console_private.check_reconciliation_batch(v_run.kinds, v_text);
    raise;
  end;
  if v_from < '2000-01-01T00:00:00Z'::timestamptz or v_to > now() + interval '1 day' then
    perform console_private.check_reconciliation_batch(v_run.kinds, v_text);
  end if;

  update console.reconciliation_runs r
     set row_count = r.row_count + v_added,
         period_from = least(r.period_from, v_from),
         period_to = greatest(r.period_to, v_to)
   where r.id = p_run_id;
  perform console_private.audit('reconciliation.add_rows', 'reconciliation_run', p_run_id::text,
    jsonb_build_object('row_count', v_run.row_count),
    jsonb_build_object('row_count', v_run.row_count + v_added, 'added', v_added, 'first_line', v_first,
                       'last_line', v_last));
  return query select p_run_id, v_added, v_run.row_count + v_added;
end;
$$;

comment on function console.add_reconciliation_batch(uuid, text) is
  'Stages and matches up to 50 000 rows of an open run sent as one text: a row per line (\n), its fields separated '
  'by tabs in the order line, kind, transaction_id, amount, currency, status, occurred_at, each as '
  'add_reconciliation_rows takes it (reconciliation.run; the run''s creator or an admin). All or nothing, errors as '
  'add_reconciliation_rows reports them (a row without 7 fields: field "row"). Audited per call '
  '(reconciliation.add_rows).';

-- ====== grants ======

revoke execute on function
  console_private.reconciliation_batch_pattern(text[]),
  console_private.reconciliation_batch_problem(text[], text),
  console_private.check_reconciliation_batch(text[], text)
  from public, anon;
grant execute on function
  console_private.reconciliation_batch_pattern(text[]),
  console_private.reconciliation_batch_problem(text[], text),
  console_private.check_reconciliation_batch(text[], text)
  to authenticated, service_role;

-- ====== rollback ======
-- -- 018's functions as 018 left them; then the new ones go.

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

--   begin
--     return query
--       with staged as (
--         insert into console.reconciliation_rows (run_id, line, kind, transaction_id, amount, currency, status,
--                                                  occurred_at)
--         select p_run.id, r.f[1]::integer, r.f[2], btrim(r.f[3]), r.f[4]::numeric, r.f[5], r.f[6], r.f[7]::timestamptz
--           -- offset 0: each row is split once, not once for every field read from it.
--           from (select string_to_array(t.l, E'\t') as f from string_to_table(p_rows, E'\n') as t(l) offset 0) r
--          order by 2
--         returning line, kind, transaction_id, amount, currency, status, occurred_at
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
--                     when exists (select 1 from console.reconciliation_rows s where s.run_id = p_run.id and s.line = b.line)
--                     then 'was already added to this run' end as message
--           from (select t.pos, split_part(t.l, E'\t', 1)::integer as line
--                   from string_to_table(p_rows, E'\n') with ordinality as t(l, pos)) b
--       ) d
--      where d.message is not null
--      order by d.pos
--      limit 1;
--     perform console_private.invalid_row('line', v_err.line, v_err.pos, v_err.message);
--   end;

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

-- comment on function console_private.stage_reconciliation_rows(console.reconciliation_runs, text) is
--   'Stages checked rows (a row per line, tab-separated line, kind, transaction_id, amount, currency, status, '
--   'occurred_at) into an open run and keeps their outcomes as its items (matched, amount_mismatch, status_mismatch, '
--   'missing_in_humanglue, duplicate_in_file). Returns how many, the first and last line and occurred_at.';

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
--   v_err record;
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

--   -- every field of every row checked in one pass; the first failing row (by position) is reported as
--   -- add_reconciliation_rows reports it (the reason is only worded for that row).
--   select c.pos, case when c.line_ok then c.f[1]::integer end as line, c.field,
--          case c.field
--            when 'row' then
--              format('must have 7 fields separated by tabs (line, kind, transaction_id, amount, currency, status, '
--                     || 'occurred_at); it has %s', cardinality(c.f))
--            when 'line' then 'must be a whole number between 1 and 2147483647'
--            when 'kind' then
--              case when c.f[2] in ('payment', 'refund')
--                   then format('this run''s export carries %s rows only', array_to_string(v_run.kinds, ' and '))
--                   else 'must be payment or refund' end
--            when 'transaction_id' then
--              case when btrim(c.f[3]) = '' then 'is required'
--                   when char_length(c.f[3]) > 255 then format('must be at most 255 characters (got %s)', char_length(c.f[3]))
--                   else 'must not contain control characters' end
--            when 'amount' then 'must be a number greater than 0 with at most 2 decimals (at most 9999999999.99)'
--            when 'currency' then 'must be a three-letter ISO currency code in capitals, e.g. USD'
--            when 'status' then
--              case when c.f[2] = 'refund' and c.f[6] in ('refunded', 'partially_refunded')
--                   then 'a refund row must be succeeded, pending or failed'
--                   else 'must be succeeded, pending, failed, refunded or partially_refunded' end
--            else 'must be an ISO 8601 date and time with a time zone (e.g. 2026-03-01T09:30:00Z), '
--                 || 'from 2000 on and no more than a day ahead'
--          end as message
--     into v_err
--     from (
--       select b.pos, b.f, b.line_ok,
--              case
--                when cardinality(b.f) <> 7 then 'row'
--                when not b.line_ok then 'line'
--                when not b.f[2] = any (v_run.kinds) then 'kind'
--                when btrim(b.f[3]) = '' or char_length(b.f[3]) > 255 or b.f[3] ~ '[[:cntrl:]]' then 'transaction_id'
--                -- the pattern leaves digits and one point: something left without zeros and the point is 1–9.
--                when not (b.f[4] ~ '^[0-9]{1,10}(\.[0-9]{1,2})?$' and translate(b.f[4], '0.', '') <> '') then 'amount'
--                when not (octet_length(b.f[5]) = 3 and ltrim(b.f[5], 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') = '') then 'currency'
--                when not case b.f[2]
--                           when 'refund' then b.f[6] in ('succeeded', 'pending', 'failed')
--                           else b.f[6] in ('succeeded', 'pending', 'failed', 'refunded', 'partially_refunded')
--                         end then 'status'
--                when not (b.f[7] ~ '^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|z|[+-]\d{2}(:?\d{2})?)$'
--                          and case when pg_input_is_valid(b.f[7], 'timestamptz')
--                                   then b.f[7]::timestamptz
--                                        between '2000-01-01T00:00:00Z'::timestamptz and now() + interval '1 day'
--                                   else false end) then 'occurred_at'
--              end as field
--         from (
--           select s.pos, s.f,
--                  coalesce(s.f[1] ~ '^[0-9]{1,10}$' and s.f[1]::bigint between 1 and 2147483647, false) as line_ok
--             from (
--               -- offset 0: each row is split once, not once for every field the checks read.
--               select t.pos, string_to_array(t.l, E'\t') as f
--                 from string_to_table(v_text, E'\n') with ordinality as t(l, pos)
--               offset 0
--             ) s
--         ) b
--     ) c
--    where c.field is not null
--    order by c.pos
--    limit 1;
--   if found then
--     perform console_private.invalid_row(v_err.field, v_err.line, v_err.pos, v_err.message);
--   end if;

--   select s.added, s.first_line, s.last_line, s.period_from, s.period_to
--     into v_added, v_first, v_last, v_from, v_to
--     from console_private.stage_reconciliation_rows(v_run, v_text) s;

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

-- comment on function console.add_reconciliation_batch(uuid, text) is
--   'Stages and matches up to 50 000 rows of an open run sent as one text: a row per line (\n), its fields separated '
--   'by tabs in the order line, kind, transaction_id, amount, currency, status, occurred_at, each as '
--   'add_reconciliation_rows takes it (reconciliation.run; the run''s creator or an admin). All or nothing, errors as '
--   'add_reconciliation_rows reports them (a row without 7 fields: field "row"). Audited per call '
--   '(reconciliation.add_rows).';

-- drop function if exists console_private.check_reconciliation_batch(text[], text);
-- drop function if exists console_private.reconciliation_batch_problem(text[], text);
-- drop function if exists console_private.reconciliation_batch_pattern(text[]);
