-- 018_console_import_export_speed.sql
--
-- what: reconciliation matches each call's rows as they are added, so finishing a run only adds what the file lacks
-- and sums the run; console.add_reconciliation_batch adds up to 50 000 rows a call sent as one tab-separated text;
-- payments and a run's items are exported in pages of up to 10 000 (console.export_payments,
-- console.export_reconciliation_items: the lists' own queries), and a page of payments (listed or exported) gets
-- its organisation and workshop names in one query instead of one function call per row.
-- why: issue 19 measured, on the benchmark's 1M payments:
--   * a 100 000-row reconciliation took 3.3–5.3 s. per 20 000-row call, checking the rows read each field out of
--     its json object again for every test (a third of the call), then the rows were read out of the json once more
--     to stage them; finishing matched all rows in one statement (hash join over the 600 000 stripe payments,
--     100 000 items written, a window sort for repeats: 2.5–4 s of one call). at 1M rows that one statement would
--     pass the 8 s statement timeout of the api roles, however fast each part. matching per call spreads that work
--     over the calls (an index probe per row), where the console's import overlaps it with reading the file.
--   * a 100 000-payment csv export took 30–60 s: 500 calls of 200 rows, and each row's labels came from
--     console_private.payment_labels, a security definer function (never inlined) that checked the caller's
--     capability again for every row (0.3–0.6 ms a row; a 200-row list_payments page took 50–130 ms). a run's
--     100 000 items took 15 s to export, 500 calls of 200 rows.
-- design: supabase/CONSOLE-API.md, "018_console_import_export_speed.sql". applied by the supabase cli as one implicit
-- transaction: no explicit transaction control, no locks by statement, nothing that needs a superuser.

-- ====== reconciliation: items kept as rows arrive ======

-- a run's file rows by transaction id: whether a row repeats one of an earlier call, and, when finishing, which of
-- humanglue's payments and refunds the file lacks. file rows only (missing_at_processor items have no line); kind
-- and line are in the key so that the probe for a repeat reads the index alone.
create index idx_reconciliation_items_transaction on console.reconciliation_items (run_id, transaction_id, kind, line)
  where line is not null;

-- stages checked rows into an open run and keeps their outcomes as its items, in one statement: payment rows ⋈
-- payments (provider, transaction_id), refund rows ⋈ payment_refunds (provider, provider_refund_id), outcomes as 009
-- defines them. the rows come as add_reconciliation_batch takes them (p_rows: a row per line, tab-separated fields)
-- and must already be checked: this function only casts them. a row repeating the kind and transaction id of a row
-- at an earlier line (in this call or an earlier one) is duplicate_in_file; when a call brings an earlier line than
-- one already matched (calls sent out of order), that item becomes the repeat. humanglue's side is read as the rows
-- arrive; finishing adds what the file lacks. a line already in the run, or twice in the call, raises 22023 on line.
create function console_private.stage_reconciliation_rows(p_run console.reconciliation_runs, p_rows text)
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
      with staged as (
        insert into console.reconciliation_rows (run_id, line, kind, transaction_id, amount, currency, status,
                                                 occurred_at)
        select p_run.id, r.f[1]::integer, r.f[2], btrim(r.f[3]), r.f[4]::numeric, r.f[5], r.f[6], r.f[7]::timestamptz
          -- offset 0: each row is split once, not once for every field read from it.
          from (select string_to_array(t.l, E'\t') as f from string_to_table(p_rows, E'\n') as t(l) offset 0) r
         order by 2
        returning line, kind, transaction_id, amount, currency, status, occurred_at
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
                    when exists (select 1 from console.reconciliation_rows s where s.run_id = p_run.id and s.line = b.line)
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
  'occurred_at) into an open run and keeps their outcomes as its items (matched, amount_mismatch, status_mismatch, '
  'missing_in_humanglue, duplicate_in_file). Returns how many, the first and last line and occurred_at.';

-- ====== runs: stage rows, finish ======

-- 009's checks, unchanged; the rows then go the way add_reconciliation_batch's go.
create or replace function console.add_reconciliation_rows(p_run_id uuid, p_rows jsonb)
returns table (run_id uuid, added integer, row_count integer)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_run console.reconciliation_runs;
  v_err record;
  v_added integer;
  v_first integer;
  v_last integer;
  v_from timestamptz;
  v_to timestamptz;
  v_text text;
begin
  perform console_private.require('reconciliation.run');
  v_run := console_private.lock_open_reconciliation_run(p_run_id);
  if p_rows is null or jsonb_typeof(p_rows) <> 'array' then
    perform console_private.invalid('rows', 'must be a JSON array of rows');
  end if;
  if jsonb_array_length(p_rows) = 0 then
    perform console_private.invalid('rows', 'must contain at least one row');
  end if;
  if jsonb_array_length(p_rows) > 20000 then
    perform console_private.invalid('rows', format('at most 20000 rows per call (got %s)', jsonb_array_length(p_rows)));
  end if;

  -- every field of every row, checked in one pass; the first failing row (by position) is reported.
  select c.pos, c.line, c.field, c.message into v_err
    from (
      select e.pos, case when l.ok then (e.r ->> 'line')::integer end as line,
             case
               when jsonb_typeof(e.r) is distinct from 'object' then 'row'
               when not l.ok then 'line'
               when not k.ok then 'kind'
               when not x.ok then 'transaction_id'
               when not a.ok then 'amount'
               when not m.ok then 'currency'
               when not s.ok then 'status'
               when not t.ok then 'occurred_at'
             end as field,
             case
               when jsonb_typeof(e.r) is distinct from 'object' then 'must be an object'
               when not l.ok then 'must be a whole number between 1 and 2147483647'
               when not k.ok then
                 case when e.r ->> 'kind' in ('payment', 'refund')
                      then format('this run''s export carries %s rows only', array_to_string(v_run.kinds, ' and '))
                      else 'must be payment or refund' end
               when not x.ok then
                 case when jsonb_typeof(e.r -> 'transaction_id') is distinct from 'string'
                        or btrim(e.r ->> 'transaction_id') = '' then 'is required'
                      when char_length(e.r ->> 'transaction_id') > 255 then
                        format('must be at most 255 characters (got %s)', char_length(e.r ->> 'transaction_id'))
                      else 'must not contain control characters' end
               when not a.ok then 'must be a number greater than 0 with at most 2 decimals (at most 9999999999.99)'
               when not m.ok then 'must be a three-letter ISO currency code in capitals, e.g. USD'
               when not s.ok then
                 case when e.r ->> 'kind' = 'refund' and e.r ->> 'status' in ('refunded', 'partially_refunded')
                      then 'a refund row must be succeeded, pending or failed'
                      else 'must be succeeded, pending, failed, refunded or partially_refunded' end
               when not t.ok then
                 'must be an ISO 8601 date and time with a time zone (e.g. 2026-03-01T09:30:00Z), '
                 || 'from 2000 on and no more than a day ahead'
             end as message
        from jsonb_array_elements(p_rows) with ordinality as e(r, pos)
       cross join lateral (
         select coalesce(jsonb_typeof(e.r -> 'line') = 'number'
                and (e.r ->> 'line') ~ '^[0-9]{1,10}$'
                and (e.r ->> 'line')::bigint between 1 and 2147483647, false) as ok
       ) l
       cross join lateral (
         select coalesce(jsonb_typeof(e.r -> 'kind') = 'string' and e.r ->> 'kind' = any (v_run.kinds), false) as ok
       ) k
       cross join lateral (
         select coalesce(jsonb_typeof(e.r -> 'transaction_id') = 'string'
                and btrim(e.r ->> 'transaction_id') <> ''
                and char_length(e.r ->> 'transaction_id') <= 255
                and e.r ->> 'transaction_id' !~ '[[:cntrl:]]', false) as ok
       ) x
       cross join lateral (
         -- a json number or a decimal string; 1e2 arrives as 100, 0.1 + 0.2 as 0.30000000000000004 (refused).
         select coalesce(jsonb_typeof(e.r -> 'amount') in ('number', 'string')
                and (e.r ->> 'amount') ~ '^[0-9]{1,10}(\.[0-9]{1,2})?$'
                and (e.r ->> 'amount') ~ '[1-9]', false) as ok
       ) a
       cross join lateral (
         select coalesce(jsonb_typeof(e.r -> 'currency') = 'string' and (e.r ->> 'currency') ~ '^[A-Z]{3}$', false) as ok
       ) m
       cross join lateral (
         select coalesce(jsonb_typeof(e.r -> 'status') = 'string'
                and case e.r ->> 'kind'
                      when 'refund' then e.r ->> 'status' in ('succeeded', 'pending', 'failed')
                      else e.r ->> 'status' in ('succeeded', 'pending', 'failed', 'refunded', 'partially_refunded')
                    end, false) as ok
       ) s
       cross join lateral (
         select coalesce(jsonb_typeof(e.r -> 'occurred_at') = 'string'
                and (e.r ->> 'occurred_at')
                    ~ '^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|z|[+-]\d{2}(:?\d{2})?)$'
                and case when pg_input_is_valid(e.r ->> 'occurred_at', 'timestamptz')
                         then (e.r ->> 'occurred_at')::timestamptz
                              between '2000-01-01T00:00:00Z'::timestamptz and now() + interval '1 day'
                         else false end, false) as ok
       ) t
    ) c
   where c.field is not null
   order by c.pos
   limit 1;
  if found then
    perform console_private.invalid_row(v_err.field, v_err.line, v_err.pos, v_err.message);
  end if;

  -- as one text, in the call's order (tabs and line breaks are control characters, refused above). a line already
  -- in the run or twice in the call is refused there, as before.
  select string_agg(concat_ws(E'\t', e.r ->> 'line', e.r ->> 'kind', e.r ->> 'transaction_id', e.r ->> 'amount',
                              e.r ->> 'currency', e.r ->> 'status', e.r ->> 'occurred_at'), E'\n' order by e.pos)
    into v_text
    from jsonb_array_elements(p_rows) with ordinality as e(r, pos);
  select s.added, s.first_line, s.last_line, s.period_from, s.period_to
    into v_added, v_first, v_last, v_from, v_to
    from console_private.stage_reconciliation_rows(v_run, v_text) s;

  -- the file's period grows with each call, so finishing needs no pass over the rows for it.
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
comment on function console.add_reconciliation_rows(uuid, jsonb) is
  'Stages up to 20 000 rows [{line, kind, transaction_id, amount, currency, status, occurred_at}] into an open run '
  'and matches them (reconciliation.run; the run''s creator or an admin). All or nothing: the first bad row raises '
  '22023 naming its line and field (details {field, line, row}). Audited per call. add_reconciliation_batch takes '
  'the same rows as one text.';

-- the rows of one call as one text: a json array of 20 000 objects is read field by field, a text is split once.
create function console.add_reconciliation_batch(p_run_id uuid, p_rows text)
returns table (run_id uuid, added integer, row_count integer)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_run console.reconciliation_runs;
  v_text text;
  v_count integer;
  v_err record;
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
                  then format('this run''s export carries %s rows only', array_to_string(v_run.kinds, ' and '))
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
    into v_err
    from (
      select b.pos, b.f, b.line_ok,
             case
               when cardinality(b.f) <> 7 then 'row'
               when not b.line_ok then 'line'
               when not b.f[2] = any (v_run.kinds) then 'kind'
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
                from string_to_table(v_text, E'\n') with ordinality as t(l, pos)
              offset 0
            ) s
        ) b
    ) c
   where c.field is not null
   order by c.pos
   limit 1;
  if found then
    perform console_private.invalid_row(v_err.field, v_err.line, v_err.pos, v_err.message);
  end if;

  select s.added, s.first_line, s.last_line, s.period_from, s.period_to
    into v_added, v_first, v_last, v_from, v_to
    from console_private.stage_reconciliation_rows(v_run, v_text) s;

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
  -- provider inside the file's period that the file lacks (of the kinds the export carries), each an index probe
  -- into the run's items by transaction id.
  insert into console.reconciliation_items (
    run_id, seq, outcome, kind, transaction_id, line, payment_id, refund_id, hg_amount, hg_currency, hg_status,
    hg_created_at)
  select p_run_id, 2147483648 + row_number() over (order by m.created_at, m.kind, m.transaction_id),
         'missing_at_processor', m.kind, m.transaction_id, null, m.payment_id, m.refund_id, m.amount, m.currency,
         m.status, m.created_at
    from (
      select 'payment' as kind, p.transaction_id, p.id as payment_id, null::uuid as refund_id, p.amount, p.currency,
             p.status, p.created_at
        from public.payments p
       where 'payment' = any (v_run.kinds)
         and p.provider = v_run.provider
         and p.transaction_id is not null
         and p.created_at between v_from and v_to
         and not exists (select 1 from console.reconciliation_items i
                          where i.run_id = p_run_id and i.line is not null and i.transaction_id = p.transaction_id
                            and i.kind = 'payment')
      union all
      select 'refund', f.provider_refund_id, f.payment_id, f.id, f.amount, f.currency, f.status, f.created_at
        from public.payment_refunds f
       where 'refund' = any (v_run.kinds)
         and f.provider = v_run.provider
         and f.provider_refund_id is not null
         and f.created_at between v_from and v_to
         and not exists (select 1 from console.reconciliation_items i
                          where i.run_id = p_run_id and i.line is not null and i.transaction_id = f.provider_refund_id
                            and i.kind = 'refund')
    ) m;

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

-- runs left open before this migration staged rows that were never matched: they are staged again, now with their
-- items, so that every staged row has its item when the run is finished.
do $$
declare
  v_run console.reconciliation_runs;
  v_rows text;
begin
  for v_run in
    select r.* from console.reconciliation_runs r
     where r.status = 'open' and exists (select 1 from console.reconciliation_rows s where s.run_id = r.id)
  loop
    with cleared as (delete from console.reconciliation_rows s where s.run_id = v_run.id returning s.*)
    select string_agg(concat_ws(E'\t', c.line, c.kind, c.transaction_id, c.amount, c.currency, c.status, c.occurred_at),
                      E'\n' order by c.line)
      into v_rows
      from cleared c;
    perform console_private.stage_reconciliation_rows(v_run, v_rows);
  end loop;
end;
$$;

-- ====== reconciliation: a run's items, listed or exported ======

-- a page of a run's items as list_reconciliation_items returns it, of any size: list_reconciliation_items (at most
-- 200 rows, check_limit) and export_reconciliation_items (up to 10 000) are this one query.
create function console_private.reconciliation_items_page(
  p_run_id uuid,
  p_outcome text,
  p_kind text,
  p_desc boolean,
  p_after jsonb,
  p_limit integer
)
returns table (
  run_id uuid, seq bigint, outcome text, kind text, transaction_id text, line integer,
  occurred_at timestamptz, processor_amount numeric, processor_currency text, processor_status text,
  payment_id uuid, refund_id uuid, hg_amount numeric, hg_currency text, hg_status text, hg_created_at timestamptz,
  cursor jsonb
)
language plpgsql
stable
set search_path = ''
as $$
declare
  v_where text;
  v_desc boolean := coalesce(p_desc, false);
begin
  if p_run_id is null then
    perform console_private.invalid('run_id', 'is required');
  end if;
  if p_outcome is not null and p_outcome not in ('matched', 'amount_mismatch', 'status_mismatch',
      'missing_in_humanglue', 'missing_at_processor', 'duplicate_in_file') then
    perform console_private.invalid('outcome', 'must be matched, amount_mismatch, status_mismatch, '
      || 'missing_in_humanglue, missing_at_processor or duplicate_in_file');
  end if;
  if p_kind is not null and p_kind not in ('payment', 'refund') then
    perform console_private.invalid('kind', 'must be payment or refund');
  end if;
  if not exists (select 1 from console.reconciliation_runs r where r.id = p_run_id) then
    raise exception 'reconciliation run % not found', p_run_id
      using errcode = 'P0002', detail = json_build_object('entity', 'reconciliation_run', 'id', p_run_id)::text;
  end if;
  v_where := format('i.run_id = %L', p_run_id);
  if p_outcome is not null then v_where := v_where || format(' and i.outcome = %L', p_outcome); end if;
  -- lets the planner see that a filter on any other outcome fits the partial index idx_reconciliation_items_outcome.
  if p_outcome is not null and p_outcome <> 'matched' then v_where := v_where || ' and i.outcome <> ''matched'''; end if;
  if p_kind is not null then v_where := v_where || format(' and i.kind = %L', p_kind); end if;
  -- seq is unique within a run (the key is (run_id, seq)), so it alone is the keyset.
  v_where := v_where || console_private.keyset_after(p_after, 'i.seq', 'bigint', null, null, v_desc);
  return query execute format(
    'select i.run_id, i.seq, i.outcome, i.kind, i.transaction_id, i.line, i.occurred_at, i.processor_amount,
            i.processor_currency, i.processor_status, i.payment_id, i.refund_id, i.hg_amount, i.hg_currency,
            i.hg_status, i.hg_created_at, jsonb_build_object(''v'', i.seq, ''id'', i.seq)
       from console.reconciliation_items i
      where %1$s
      order by i.seq %2$s
      limit %3$s', v_where, case when v_desc then 'desc' else 'asc' end, p_limit);
end;
$$;

comment on function console_private.reconciliation_items_page(uuid, text, text, boolean, jsonb, integer) is
  'The page of list_reconciliation_items and export_reconciliation_items: checks, filters and keyset on seq; '
  'p_limit is the caller''s to check.';

create or replace function console.list_reconciliation_items(
  p_run_id uuid,
  p_outcome text default null,
  p_kind text default null,
  p_desc boolean default false,
  p_after jsonb default null,
  p_limit integer default 50
)
returns table (
  run_id uuid, seq bigint, outcome text, kind text, transaction_id text, line integer,
  occurred_at timestamptz, processor_amount numeric, processor_currency text, processor_status text,
  payment_id uuid, refund_id uuid, hg_amount numeric, hg_currency text, hg_status text, hg_created_at timestamptz,
  cursor jsonb
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform console_private.require('reconciliation.run');
  return query select * from console_private.reconciliation_items_page(p_run_id, p_outcome, p_kind, p_desc, p_after,
    console_private.check_limit(p_limit));
end;
$$;

create function console.export_reconciliation_items(
  p_run_id uuid,
  p_outcome text default null,
  p_kind text default null,
  p_desc boolean default false,
  p_after jsonb default null,
  p_limit integer default 5000
)
returns table (
  run_id uuid, seq bigint, outcome text, kind text, transaction_id text, line integer,
  occurred_at timestamptz, processor_amount numeric, processor_currency text, processor_status text,
  payment_id uuid, refund_id uuid, hg_amount numeric, hg_currency text, hg_status text, hg_created_at timestamptz,
  cursor jsonb
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform console_private.require('reconciliation.run');
  if p_limit is null or p_limit < 1 or p_limit > 10000 then
    perform console_private.invalid('limit', 'must be between 1 and 10000');
  end if;
  return query select * from console_private.reconciliation_items_page(p_run_id, p_outcome, p_kind, p_desc, p_after,
    p_limit);
end;
$$;

comment on function console.export_reconciliation_items(uuid, text, text, boolean, jsonb, integer) is
  'list_reconciliation_items'' rows, filters and cursors in pages of up to 10 000 (default 5 000), for a CSV export '
  '(reconciliation.run).';

-- ====== payments: a page's labels at once, and the export ======

-- what each payment of a page was for and whose organisation paid, for the whole page in one query; the capability
-- is checked once, where 008's payment_labels, a security definer function the planner cannot inline, checked it
-- again for each row. planned with the page's arrays in hand (execute … using), so a page of thousands hashes the
-- organisations rather than probing them once per payment.
-- security definer: finance sees the workshop title, engagement and organisation without read access to them.
create function console_private.payment_labels_of(
  p_organization_ids uuid[],
  p_payment_types text[],
  p_related_entity_ids uuid[]
)
returns table (ord bigint, organization_name text, related_name text)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not console_private.has_capability('payments.read') then
    return;
  end if;
  -- the few organisations hashed once; a workshop or engagement looked up only for the payments that are for one.
  return query execute
    'select k.ord, o.name,
            case k.payment_type
              when ''workshop'' then (select w.title from public.workshops w where w.id = k.related_entity_id)
              when ''engagement'' then (select coalesce(e.title, e.focus_area) from public.engagements e
                                         where e.id = k.related_entity_id)
            end
       from unnest($1, $2, $3) with ordinality as k(organization_id, payment_type, related_entity_id, ord)
       left join public.organizations o on o.id = k.organization_id'
    using p_organization_ids, p_payment_types, p_related_entity_ids;
end;
$$;

comment on function console_private.payment_labels_of(uuid[], text[], uuid[]) is
  'For payments given as three parallel arrays (organization_id, payment_type, related_entity_id): the '
  'organisation''s name and what the payment was for (workshop title, engagement title or focus), by position '
  '(ord, from 1) (payments.read, checked once).';

-- one payment's labels (get_payment): the same rule as a page's.
create or replace function console_private.payment_labels(
  p_organization_id uuid,
  p_payment_type text,
  p_related_entity_id uuid,
  out organization_name text,
  out related_name text
)
language sql
stable
security definer
set search_path = ''
as $$
  select l.organization_name, l.related_name
    from console_private.payment_labels_of(array[p_organization_id], array[p_payment_type],
                                           array[p_related_entity_id]) l;
$$;

-- a page of payments as list_payments returns it, of any size: list_payments (at most 200 rows, check_limit) and
-- export_payments (up to 10 000) are this one query, so an export holds exactly what the list shows.
create function console_private.payments_page(
  p_status text[], p_provider text[], p_type text[], p_currency text[], p_from timestamptz, p_to timestamptz,
  p_min_amount numeric, p_max_amount numeric, p_search text, p_sort text, p_desc boolean, p_after jsonb,
  p_limit integer
)
returns table (
  id uuid, created_at timestamptz, user_id uuid, payer_email text, payer_name text, organization_id uuid,
  organization_name text, payment_type text, related_entity_id uuid, related_name text, description text,
  provider text, transaction_id text, amount numeric, currency text, refund_amount numeric, refunded_at timestamptz,
  status text, invoice_number text, invoice_url text, cursor jsonb
)
language plpgsql
stable
set search_path = ''
as $$
declare
  v_col text;
  v_type text;
  v_dir text := case when p_desc then 'desc' else 'asc' end;
  v_where text;
begin
  select s.col, s.typ into v_col, v_type
    from (values ('created_at', 'p.created_at', 'timestamptz'), ('amount', 'p.amount', 'numeric'),
                 ('status', 'p.status', 'text'), ('provider', 'p.provider', 'text')) as s (name, col, typ)
   where s.name = p_sort;
  if v_col is null then
    perform console_private.invalid('sort', 'must be one of created_at, amount, status, provider');
  end if;
  v_where := console_private.payments_where(p_status, p_provider, p_type, p_currency, p_from, p_to,
    p_min_amount, p_max_amount, p_search)
    || console_private.keyset_after(p_after, v_col, v_type, 'p.id', coalesce(p_desc, true));
  -- names come only for the page's rows, after the keyset limit: payers by key, labels for the page at once.
  return query execute format(
    'with page as (
       select p.*, row_number() over (order by %1$s %3$s, p.id %3$s) as ord
         from (select p.* from public.payments p where %2$s order by %1$s %3$s, p.id %3$s limit %4$s) p
     ), labels as (
       select l.* from console_private.payment_labels_of(
         array(select x.organization_id from page x order by x.ord),
         array(select x.payment_type from page x order by x.ord),
         array(select x.related_entity_id from page x order by x.ord)) l
     )
     select p.id, p.created_at, p.user_id, u.email, u.full_name, p.organization_id, l.organization_name,
            p.payment_type, p.related_entity_id, l.related_name, p.description, p.provider, p.transaction_id,
            p.amount, p.currency, p.refund_amount, p.refunded_at, p.status, p.invoice_number, p.invoice_url,
            jsonb_build_object(''v'', %1$s, ''id'', p.id)
       from page p
       left join public.users u on u.id = p.user_id
       left join labels l on l.ord = p.ord
      order by p.ord',
    v_col, v_where, coalesce(v_dir, 'desc'), p_limit);
end;
$$;

comment on function console_private.payments_page(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text, text, boolean, jsonb, integer) is
  'The page of list_payments and export_payments: filters (payments_where), sort, keyset, payer and labels; '
  'p_limit is the caller''s to check.';

create or replace function console.list_payments(
  p_status text[] default null,
  p_provider text[] default null,
  p_type text[] default null,
  p_currency text[] default null,
  p_from timestamptz default null,
  p_to timestamptz default null,
  p_min_amount numeric default null,
  p_max_amount numeric default null,
  p_search text default null,
  p_sort text default 'created_at',
  p_desc boolean default true,
  p_after jsonb default null,
  p_limit integer default 50
)
returns table (
  id uuid, created_at timestamptz, user_id uuid, payer_email text, payer_name text, organization_id uuid,
  organization_name text, payment_type text, related_entity_id uuid, related_name text, description text,
  provider text, transaction_id text, amount numeric, currency text, refund_amount numeric, refunded_at timestamptz,
  status text, invoice_number text, invoice_url text, cursor jsonb
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform console_private.require('payments.read');
  return query select * from console_private.payments_page(p_status, p_provider, p_type, p_currency, p_from, p_to,
    p_min_amount, p_max_amount, p_search, p_sort, p_desc, p_after, console_private.check_limit(p_limit));
end;
$$;

create function console.export_payments(
  p_status text[] default null,
  p_provider text[] default null,
  p_type text[] default null,
  p_currency text[] default null,
  p_from timestamptz default null,
  p_to timestamptz default null,
  p_min_amount numeric default null,
  p_max_amount numeric default null,
  p_search text default null,
  p_sort text default 'created_at',
  p_desc boolean default true,
  p_after jsonb default null,
  p_limit integer default 5000
)
returns table (
  id uuid, created_at timestamptz, user_id uuid, payer_email text, payer_name text, organization_id uuid,
  organization_name text, payment_type text, related_entity_id uuid, related_name text, description text,
  provider text, transaction_id text, amount numeric, currency text, refund_amount numeric, refunded_at timestamptz,
  status text, invoice_number text, invoice_url text, cursor jsonb
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform console_private.require('payments.read');
  if p_limit is null or p_limit < 1 or p_limit > 10000 then
    perform console_private.invalid('limit', 'must be between 1 and 10000');
  end if;
  return query select * from console_private.payments_page(p_status, p_provider, p_type, p_currency, p_from, p_to,
    p_min_amount, p_max_amount, p_search, p_sort, p_desc, p_after, p_limit);
end;
$$;

comment on function console.export_payments(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text, text, boolean, jsonb, integer) is
  'list_payments'' rows, filters, sort and cursors in pages of up to 10 000 (default 5 000), for a CSV export '
  '(payments.read).';

-- ====== grants ======

revoke execute on function
  console_private.stage_reconciliation_rows(console.reconciliation_runs, text),
  console.add_reconciliation_batch(uuid, text),
  console_private.reconciliation_items_page(uuid, text, text, boolean, jsonb, integer),
  console.export_reconciliation_items(uuid, text, text, boolean, jsonb, integer),
  console_private.payment_labels_of(uuid[], text[], uuid[]),
  console_private.payments_page(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text, text, boolean, jsonb, integer),
  console.export_payments(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text, text, boolean, jsonb, integer)
  from public, anon;
grant execute on function
  console_private.stage_reconciliation_rows(console.reconciliation_runs, text),
  console.add_reconciliation_batch(uuid, text),
  console_private.reconciliation_items_page(uuid, text, text, boolean, jsonb, integer),
  console.export_reconciliation_items(uuid, text, text, boolean, jsonb, integer),
  console_private.payment_labels_of(uuid[], text[], uuid[]),
  console_private.payments_page(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text, text, boolean, jsonb, integer),
  console.export_payments(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text, text, boolean, jsonb, integer)
  to authenticated, service_role;

-- ====== rollback ======
-- drop function if exists console.export_payments(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text, text, boolean, jsonb, integer);
-- create or replace function console.list_payments(
--   p_status text[] default null,
--   p_provider text[] default null,
--   p_type text[] default null,
--   p_currency text[] default null,
--   p_from timestamptz default null,
--   p_to timestamptz default null,
--   p_min_amount numeric default null,
--   p_max_amount numeric default null,
--   p_search text default null,
--   p_sort text default 'created_at',
--   p_desc boolean default true,
--   p_after jsonb default null,
--   p_limit integer default 50
-- )
-- returns table (
--   id uuid, created_at timestamptz, user_id uuid, payer_email text, payer_name text, organization_id uuid,
--   organization_name text, payment_type text, related_entity_id uuid, related_name text, description text,
--   provider text, transaction_id text, amount numeric, currency text, refund_amount numeric, refunded_at timestamptz,
--   status text, invoice_number text, invoice_url text, cursor jsonb
-- )
-- language plpgsql
-- stable
-- security definer
-- set search_path = ''
-- as $$
-- declare
--   v_col text;
--   v_type text;
--   v_dir text := case when p_desc then 'desc' else 'asc' end;
--   v_where text;
-- begin
--   perform console_private.require('payments.read');
--   select s.col, s.typ into v_col, v_type
--     from (values ('created_at', 'p.created_at', 'timestamptz'), ('amount', 'p.amount', 'numeric'),
--                  ('status', 'p.status', 'text'), ('provider', 'p.provider', 'text')) as s (name, col, typ)
--    where s.name = p_sort;
--   if v_col is null then
--     perform console_private.invalid('sort', 'must be one of created_at, amount, status, provider');
--   end if;
--   v_where := console_private.payments_where(p_status, p_provider, p_type, p_currency, p_from, p_to,
--     p_min_amount, p_max_amount, p_search)
--     || console_private.keyset_after(p_after, v_col, v_type, 'p.id', coalesce(p_desc, true));
--   -- names come only for the page's rows, after the keyset limit.
--   return query execute format(
--     'select p.id, p.created_at, p.user_id, u.email, u.full_name, p.organization_id, l.organization_name,
--             p.payment_type, p.related_entity_id, l.related_name, p.description, p.provider, p.transaction_id,
--             p.amount, p.currency, p.refund_amount, p.refunded_at, p.status, p.invoice_number, p.invoice_url,
--             jsonb_build_object(''v'', %1$s, ''id'', p.id)
--        from (select p.* from public.payments p where %2$s order by %1$s %3$s, p.id %3$s limit %4$s) p
--        left join public.users u on u.id = p.user_id
--        left join lateral console_private.payment_labels(p.organization_id, p.payment_type, p.related_entity_id) l on true
--       order by %1$s %3$s, p.id %3$s',
--     v_col, v_where, coalesce(v_dir, 'desc'), console_private.check_limit(p_limit));
-- end;
-- $$;

-- drop function if exists console_private.payments_page(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text, text, boolean, jsonb, integer);
-- create or replace function console_private.payment_labels(
--   p_organization_id uuid,
--   p_payment_type text,
--   p_related_entity_id uuid,
--   out organization_name text,
--   out related_name text
-- )
-- language sql
-- stable
-- security definer
-- set search_path = ''
-- as $$
--   select (select o.name from public.organizations o where o.id = p_organization_id),
--          case p_payment_type
--            when 'workshop' then (select w.title from public.workshops w where w.id = p_related_entity_id)
--            when 'engagement' then (select coalesce(e.title, e.focus_area) from public.engagements e
--                                     where e.id = p_related_entity_id)
--          end
--    where console_private.has_capability('payments.read');
-- $$;

-- drop function if exists console_private.payment_labels_of(uuid[], text[], uuid[]);
-- drop function if exists console.export_reconciliation_items(uuid, text, text, boolean, jsonb, integer);
-- create or replace function console.list_reconciliation_items(
--   p_run_id uuid,
--   p_outcome text default null,
--   p_kind text default null,
--   p_desc boolean default false,
--   p_after jsonb default null,
--   p_limit integer default 50
-- )
-- returns table (
--   run_id uuid, seq bigint, outcome text, kind text, transaction_id text, line integer,
--   occurred_at timestamptz, processor_amount numeric, processor_currency text, processor_status text,
--   payment_id uuid, refund_id uuid, hg_amount numeric, hg_currency text, hg_status text, hg_created_at timestamptz,
--   cursor jsonb
-- )
-- language plpgsql
-- stable
-- security definer
-- set search_path = ''
-- as $$
-- declare
--   v_where text;
--   v_desc boolean := coalesce(p_desc, false);
-- begin
--   perform console_private.require('reconciliation.run');
--   if p_run_id is null then
--     perform console_private.invalid('run_id', 'is required');
--   end if;
--   if p_outcome is not null and p_outcome not in ('matched', 'amount_mismatch', 'status_mismatch',
--       'missing_in_humanglue', 'missing_at_processor', 'duplicate_in_file') then
--     perform console_private.invalid('outcome', 'must be matched, amount_mismatch, status_mismatch, '
--       || 'missing_in_humanglue, missing_at_processor or duplicate_in_file');
--   end if;
--   if p_kind is not null and p_kind not in ('payment', 'refund') then
--     perform console_private.invalid('kind', 'must be payment or refund');
--   end if;
--   if not exists (select 1 from console.reconciliation_runs r where r.id = p_run_id) then
--     raise exception 'reconciliation run % not found', p_run_id
--       using errcode = 'P0002', detail = json_build_object('entity', 'reconciliation_run', 'id', p_run_id)::text;
--   end if;
--   v_where := format('i.run_id = %L', p_run_id);
--   if p_outcome is not null then v_where := v_where || format(' and i.outcome = %L', p_outcome); end if;
--   -- lets the planner see that a filter on any other outcome fits the partial index idx_reconciliation_items_outcome.
--   if p_outcome is not null and p_outcome <> 'matched' then v_where := v_where || ' and i.outcome <> ''matched'''; end if;
--   if p_kind is not null then v_where := v_where || format(' and i.kind = %L', p_kind); end if;
--   -- seq is unique within a run (the key is (run_id, seq)), so it alone is the keyset.
--   v_where := v_where || console_private.keyset_after(p_after, 'i.seq', 'bigint', null, null, v_desc);
--   return query execute format(
--     'select i.run_id, i.seq, i.outcome, i.kind, i.transaction_id, i.line, i.occurred_at, i.processor_amount,
--             i.processor_currency, i.processor_status, i.payment_id, i.refund_id, i.hg_amount, i.hg_currency,
--             i.hg_status, i.hg_created_at, jsonb_build_object(''v'', i.seq, ''id'', i.seq)
--        from console.reconciliation_items i
--       where %1$s
--       order by i.seq %2$s
--       limit %3$s', v_where, case when v_desc then 'desc' else 'asc' end, console_private.check_limit(p_limit));
-- end;
-- $$;
-- drop function if exists console_private.reconciliation_items_page(uuid, text, text, boolean, jsonb, integer);
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
--   perform console_private.analyze_reconciliation_rows();

--   -- one statement: the file's rows matched (payments and refunds apart, each probing only its own table), then what
--   -- humanglue has that the file lacks, both inserted as items, and the totals aggregated from what was inserted.
--   -- within a kind, the first occurrence of a transaction id (by line) is matched, repeats are duplicate_in_file.
--   with staged as (
--     select r.line, r.kind, r.transaction_id, r.amount, r.currency, r.status, r.occurred_at,
--            row_number() over (partition by r.kind, r.transaction_id order by r.line) as nth
--       from console.reconciliation_rows r
--      where r.run_id = p_run_id
--   ), compared as (
--     select s.*, p.id as hg_id, p.id as payment_id, null::uuid as refund_id, p.amount as hg_amount,
--            p.currency as hg_currency, p.status as hg_status, p.status as comparable_status, p.created_at as hg_created_at
--       from staged s
--       left join public.payments p on p.provider = v_run.provider and p.transaction_id = s.transaction_id
--      where s.kind = 'payment'
--     union all
--     select s.*, f.id, f.payment_id, f.id, f.amount, f.currency, f.status,
--            -- a processor reports a refund as succeeded, pending or failed; ours has finer states.
--            case f.status when 'pending_approval' then 'pending' when 'cancelled' then 'failed'
--                          when 'rejected' then 'failed' else f.status end,
--            f.created_at
--       from staged s
--       left join public.payment_refunds f on f.provider = v_run.provider and f.provider_refund_id = s.transaction_id
--      where s.kind = 'refund'
--   ), file_items as (
--     insert into console.reconciliation_items (
--       run_id, seq, outcome, kind, transaction_id, line, occurred_at, processor_amount, processor_currency,
--       processor_status, payment_id, refund_id, hg_amount, hg_currency, hg_status, hg_created_at)
--     select p_run_id, c.line,
--            case
--              when c.nth > 1 then 'duplicate_in_file'
--              when c.hg_id is null then 'missing_in_humanglue'
--              when c.amount <> c.hg_amount or c.currency <> c.hg_currency then 'amount_mismatch'
--              when c.status <> c.comparable_status then 'status_mismatch'
--              else 'matched'
--            end,
--            c.kind, c.transaction_id, c.line, c.occurred_at, c.amount, c.currency, c.status,
--            c.payment_id, c.refund_id, c.hg_amount, c.hg_currency, c.hg_status, c.hg_created_at
--       from compared c
--     returning outcome, kind, processor_currency, processor_amount, hg_currency, hg_amount
--   ), absent as (
--     -- humanglue's payments and confirmed refunds of this provider inside the file's period that the file lacks
--     -- (of the kinds the export carries). a set difference, never a nested anti-join: the staged rows have no
--     -- planner statistics yet, and a misestimate there must not turn this into rows × rows comparisons.
--     select 'payment' as kind, p.transaction_id
--       from public.payments p
--      where 'payment' = any (v_run.kinds)
--        and p.provider = v_run.provider
--        and p.transaction_id is not null
--        and p.created_at between v_from and v_to
--     except
--     select 'payment', s.transaction_id from staged s where s.kind = 'payment'
--     union all
--     (select 'refund', f.provider_refund_id
--        from public.payment_refunds f
--       where 'refund' = any (v_run.kinds)
--         and f.provider = v_run.provider
--         and f.provider_refund_id is not null
--         and f.created_at between v_from and v_to
--      except
--      select 'refund', s.transaction_id from staged s where s.kind = 'refund')
--   ), absent_items as (
--     insert into console.reconciliation_items (
--       run_id, seq, outcome, kind, transaction_id, line, payment_id, refund_id, hg_amount, hg_currency, hg_status,
--       hg_created_at)
--     select p_run_id, 2147483648 + row_number() over (order by m.created_at, m.kind, m.transaction_id),
--            'missing_at_processor', m.kind, m.transaction_id, null, m.payment_id, m.refund_id, m.amount, m.currency,
--            m.status, m.created_at
--       from (
--         select a.kind, a.transaction_id, p.id as payment_id, null::uuid as refund_id, p.amount, p.currency, p.status,
--                p.created_at
--           from absent a
--           join public.payments p on p.provider = v_run.provider and p.transaction_id = a.transaction_id
--          where a.kind = 'payment'
--         union all
--         select a.kind, a.transaction_id, f.payment_id, f.id, f.amount, f.currency, f.status, f.created_at
--           from absent a
--           join public.payment_refunds f on f.provider = v_run.provider and f.provider_refund_id = a.transaction_id
--          where a.kind = 'refund'
--       ) m
--     returning outcome, kind, processor_currency, processor_amount, hg_currency, hg_amount
--   ), grouped as (
--     -- first by both currencies (few groups), then spread: the processor's amounts count in the processor's
--     -- currency, ours in ours; an item whose currencies differ adds to both sums and is counted under the
--     -- processor's (under ours when the processor has none).
--     select i.outcome, i.kind, i.processor_currency, i.hg_currency, count(*) as n,
--            sum(i.processor_amount) as processor_amount, sum(i.hg_amount) as hg_amount
--       from (select * from file_items union all select * from absent_items) i
--      group by 1, 2, 3, 4
--   )
--   select coalesce(jsonb_agg(jsonb_build_object(
--            'currency', t.currency, 'kind', t.kind, 'outcome', t.outcome, 'count', t.n,
--            'processor_amount', t.processor_amount, 'hg_amount', t.hg_amount)
--          order by t.currency, t.kind, t.outcome), '[]')
--     into v_totals
--     from (
--       select v.currency, g.kind, g.outcome, sum(v.n) as n,
--              coalesce(sum(v.processor_amount), 0) as processor_amount, coalesce(sum(v.hg_amount), 0) as hg_amount
--         from grouped g
--        cross join lateral (values
--          (g.processor_currency, g.n, g.processor_amount, null::numeric),
--          (g.hg_currency, case when g.processor_currency is null then g.n else 0 end, null::numeric, g.hg_amount)
--        ) as v(currency, n, processor_amount, hg_amount)
--        where v.currency is not null
--        group by v.currency, g.kind, g.outcome
--     ) t;

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

--   delete from console.reconciliation_rows r where r.run_id = p_run_id;

--   update console.reconciliation_runs r
--      set status = 'completed', completed_at = now(), row_count = v_counts.row_count, matched = v_counts.matched,
--          amount_mismatch = v_counts.amount_mismatch, status_mismatch = v_counts.status_mismatch,
--          missing_in_humanglue = v_counts.missing_in_humanglue, missing_at_processor = v_counts.missing_at_processor,
--          duplicate_in_file = v_counts.duplicate_in_file, totals = v_totals, period_from = v_from, period_to = v_to
--    where r.id = p_run_id;

--   perform console_private.audit('reconciliation.finish', 'reconciliation_run', p_run_id::text,
--     jsonb_build_object('status', 'open', 'row_count', v_run.row_count),
--     jsonb_build_object('status', 'completed', 'row_count', v_counts.row_count, 'matched', v_counts.matched,
--       'amount_mismatch', v_counts.amount_mismatch, 'status_mismatch', v_counts.status_mismatch,
--       'missing_in_humanglue', v_counts.missing_in_humanglue, 'missing_at_processor', v_counts.missing_at_processor,
--       'duplicate_in_file', v_counts.duplicate_in_file, 'period_from', v_from, 'period_to', v_to));
--   return query select * from console.get_reconciliation_run(p_run_id);
-- end;
-- $$;

-- comment on function console.finish_reconciliation(uuid) is
--   'Matches an open run''s staged rows against payments (transaction_id) and refunds (provider_refund_id) of its '
--   'provider, adds what humanglue has in the file''s period that the file lacks, saves counts and per-currency '
--   'totals, clears the staged rows and completes the run (reconciliation.run; creator or admin). Audited.';

-- drop function if exists console.add_reconciliation_batch(uuid, text);
-- create or replace function console.add_reconciliation_rows(p_run_id uuid, p_rows jsonb)
-- returns table (run_id uuid, added integer, row_count integer)
-- language plpgsql
-- security definer
-- set search_path = ''
-- as $$
-- declare
--   v_run console.reconciliation_runs;
--   v_err record;
--   v_added integer;
--   v_first integer;
--   v_last integer;
--   v_from timestamptz;
--   v_to timestamptz;
-- begin
--   perform console_private.require('reconciliation.run');
--   v_run := console_private.lock_open_reconciliation_run(p_run_id);
--   if p_rows is null or jsonb_typeof(p_rows) <> 'array' then
--     perform console_private.invalid('rows', 'must be a JSON array of rows');
--   end if;
--   if jsonb_array_length(p_rows) = 0 then
--     perform console_private.invalid('rows', 'must contain at least one row');
--   end if;
--   if jsonb_array_length(p_rows) > 20000 then
--     perform console_private.invalid('rows', format('at most 20000 rows per call (got %s)', jsonb_array_length(p_rows)));
--   end if;

--   -- every field of every row, checked in one pass; the first failing row (by position) is reported.
--   select c.pos, c.line, c.field, c.message into v_err
--     from (
--       select e.pos, case when l.ok then (e.r ->> 'line')::integer end as line,
--              case
--                when jsonb_typeof(e.r) is distinct from 'object' then 'row'
--                when not l.ok then 'line'
--                when not k.ok then 'kind'
--                when not x.ok then 'transaction_id'
--                when not a.ok then 'amount'
--                when not m.ok then 'currency'
--                when not s.ok then 'status'
--                when not t.ok then 'occurred_at'
--              end as field,
--              case
--                when jsonb_typeof(e.r) is distinct from 'object' then 'must be an object'
--                when not l.ok then 'must be a whole number between 1 and 2147483647'
--                when not k.ok then
--                  case when e.r ->> 'kind' in ('payment', 'refund')
--                       then format('this run''s export carries %s rows only', array_to_string(v_run.kinds, ' and '))
--                       else 'must be payment or refund' end
--                when not x.ok then
--                  case when jsonb_typeof(e.r -> 'transaction_id') is distinct from 'string'
--                         or btrim(e.r ->> 'transaction_id') = '' then 'is required'
--                       when char_length(e.r ->> 'transaction_id') > 255 then
--                         format('must be at most 255 characters (got %s)', char_length(e.r ->> 'transaction_id'))
--                       else 'must not contain control characters' end
--                when not a.ok then 'must be a number greater than 0 with at most 2 decimals (at most 9999999999.99)'
--                when not m.ok then 'must be a three-letter ISO currency code in capitals, e.g. USD'
--                when not s.ok then
--                  case when e.r ->> 'kind' = 'refund' and e.r ->> 'status' in ('refunded', 'partially_refunded')
--                       then 'a refund row must be succeeded, pending or failed'
--                       else 'must be succeeded, pending, failed, refunded or partially_refunded' end
--                when not t.ok then
--                  'must be an ISO 8601 date and time with a time zone (e.g. 2026-03-01T09:30:00Z), '
--                  || 'from 2000 on and no more than a day ahead'
--              end as message
--         from jsonb_array_elements(p_rows) with ordinality as e(r, pos)
--        cross join lateral (
--          select coalesce(jsonb_typeof(e.r -> 'line') = 'number'
--                 and (e.r ->> 'line') ~ '^[0-9]{1,10}$'
--                 and (e.r ->> 'line')::bigint between 1 and 2147483647, false) as ok
--        ) l
--        cross join lateral (
--          select coalesce(jsonb_typeof(e.r -> 'kind') = 'string' and e.r ->> 'kind' = any (v_run.kinds), false) as ok
--        ) k
--        cross join lateral (
--          select coalesce(jsonb_typeof(e.r -> 'transaction_id') = 'string'
--                 and btrim(e.r ->> 'transaction_id') <> ''
--                 and char_length(e.r ->> 'transaction_id') <= 255
--                 and e.r ->> 'transaction_id' !~ '[[:cntrl:]]', false) as ok
--        ) x
--        cross join lateral (
--          -- a json number or a decimal string; 1e2 arrives as 100, 0.1 + 0.2 as 0.30000000000000004 (refused).
--          select coalesce(jsonb_typeof(e.r -> 'amount') in ('number', 'string')
--                 and (e.r ->> 'amount') ~ '^[0-9]{1,10}(\.[0-9]{1,2})?$'
--                 and (e.r ->> 'amount') ~ '[1-9]', false) as ok
--        ) a
--        cross join lateral (
--          select coalesce(jsonb_typeof(e.r -> 'currency') = 'string' and (e.r ->> 'currency') ~ '^[A-Z]{3}$', false) as ok
--        ) m
--        cross join lateral (
--          select coalesce(jsonb_typeof(e.r -> 'status') = 'string'
--                 and case e.r ->> 'kind'
--                       when 'refund' then e.r ->> 'status' in ('succeeded', 'pending', 'failed')
--                       else e.r ->> 'status' in ('succeeded', 'pending', 'failed', 'refunded', 'partially_refunded')
--                     end, false) as ok
--        ) s
--        cross join lateral (
--          select coalesce(jsonb_typeof(e.r -> 'occurred_at') = 'string'
--                 and (e.r ->> 'occurred_at')
--                     ~ '^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|z|[+-]\d{2}(:?\d{2})?)$'
--                 and case when pg_input_is_valid(e.r ->> 'occurred_at', 'timestamptz')
--                          then (e.r ->> 'occurred_at')::timestamptz
--                               between '2000-01-01T00:00:00Z'::timestamptz and now() + interval '1 day'
--                          else false end, false) as ok
--        ) t
--     ) c
--    where c.field is not null
--    order by c.pos
--    limit 1;
--   if found then
--     perform console_private.invalid_row(v_err.field, v_err.line, v_err.pos, v_err.message);
--   end if;

--   -- a line appears once per run: neither twice in this call nor again after an earlier call.
--   select d.pos, d.line, d.message into v_err
--     from (
--       select b.pos, b.line,
--              case when count(*) over (partition by b.line order by b.pos) > 1 then 'appears more than once in this call'
--                   when exists (select 1 from console.reconciliation_rows s where s.run_id = p_run_id and s.line = b.line)
--                   then 'was already added to this run' end as message
--         from (select e.pos, (e.r ->> 'line')::integer as line
--                 from jsonb_array_elements(p_rows) with ordinality as e(r, pos)) b
--     ) d
--    where d.message is not null
--    order by d.pos
--    limit 1;
--   if found then
--     perform console_private.invalid_row('line', v_err.line, v_err.pos, v_err.message);
--   end if;

--   with added as (
--     insert into console.reconciliation_rows (run_id, line, kind, transaction_id, amount, currency, status, occurred_at)
--     select p_run_id, (e.r ->> 'line')::integer, e.r ->> 'kind', btrim(e.r ->> 'transaction_id'),
--            (e.r ->> 'amount')::numeric, e.r ->> 'currency', e.r ->> 'status', (e.r ->> 'occurred_at')::timestamptz
--       from jsonb_array_elements(p_rows) as e(r)
--      order by 2
--     returning line, occurred_at
--   )
--   select count(*), min(a.line), max(a.line), min(a.occurred_at), max(a.occurred_at)
--     into v_added, v_first, v_last, v_from, v_to
--     from added a;

--   -- the file's period grows with each call, so finishing needs no pass over the rows for it.
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

-- comment on function console.add_reconciliation_rows(uuid, jsonb) is
--   'Stages up to 20 000 rows [{line, kind, transaction_id, amount, currency, status, occurred_at}] into an open run '
--   '(reconciliation.run; the run''s creator or an admin). All or nothing: the first bad row raises 22023 naming its '
--   'line and field (details {field, line, row}). Audited per call.';

-- drop function if exists console_private.stage_reconciliation_rows(console.reconciliation_runs, text);
-- drop index if exists console.idx_reconciliation_items_transaction;
