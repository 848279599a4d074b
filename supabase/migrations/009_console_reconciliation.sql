-- 009_console_reconciliation.sql
--
-- what: reconciliation of processor exports (stripe, paypal) against humanglue's payments and refunds. finance
-- starts a run, stages the export's rows in calls of up to 20 000 (validated all-or-nothing per call, errors naming
-- the line and field), then finishing the run matches every row in the database, set-based, by provider +
-- transaction id: payments by payments.transaction_id, refunds by payment_refunds.provider_refund_id. the outcome
-- of every row (and of every humanglue payment/refund in the file's period that the file lacks) is kept as a
-- reconciliation item; counts and per-currency totals are saved on the run, which is then read-only.
-- why: console-spec §4. matching in the database keeps a 100 000-row file well under 3 s (one hash join per kind
-- on the indexed (provider, transaction id) keys) and lets the saved run be listed, filtered and exported later.
-- design: supabase/CONSOLE-API.md, "009_console_reconciliation.sql". needs 008 (public.payment_refunds).
--
-- outcomes: matched; amount_mismatch (amount or currency differs; checked before status); status_mismatch;
-- missing_in_humanglue (no payment/refund with that provider and id); missing_at_processor (a payment or a
-- confirmed refund of that provider created inside the file's first..last occurred_at that the file lacks);
-- duplicate_in_file (the 2nd, 3rd … row with the same kind and transaction id: the first occurrence, by line, is
-- matched normally, the repeats are reported and never counted twice in the other outcomes).

-- ====== tables ======

create table console.reconciliation_runs (
  id uuid primary key default gen_random_uuid(),
  provider text not null check (provider in ('stripe', 'paypal')),
  file_name text not null check (char_length(file_name) between 1 and 255),
  kinds text[] not null default array['payment', 'refund']
    check (cardinality(kinds) between 1 and 2 and kinds <@ array['payment', 'refund']),
  status text not null default 'open' check (status in ('open', 'completed')),
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  completed_at timestamptz,
  row_count integer not null default 0 check (row_count >= 0),
  matched integer not null default 0,
  amount_mismatch integer not null default 0,
  status_mismatch integer not null default 0,
  missing_in_humanglue integer not null default 0,
  missing_at_processor integer not null default 0,
  duplicate_in_file integer not null default 0,
  totals jsonb not null default '[]',
  period_from timestamptz,
  period_to timestamptz,
  constraint reconciliation_runs_completed_check check ((status = 'completed') = (completed_at is not null)),
  constraint reconciliation_runs_period_check check (period_from <= period_to)
);

comment on table console.reconciliation_runs is
  'One import of a processor export: who, when, which file and provider, which kinds of rows the export carries '
  '(a stripe payments export has no refunds); while open it collects staged rows, once '
  'completed it holds the outcome counts, the file''s period and totals per currency, kind and outcome '
  '([{currency, kind, outcome, count, processor_amount, hg_amount}]). Completed runs are read-only.';

create index idx_reconciliation_runs_created_at on console.reconciliation_runs (created_at, id);
create index idx_reconciliation_runs_created_by on console.reconciliation_runs (created_by);

-- run_id in rows and items has no foreign key on purpose: both are written only by the console functions, for a run
-- they have just locked, and runs are never deleted (no delete grant or policy); an ri check per row would add a
-- second or more to a 100 000-row file.
create table console.reconciliation_rows (
  run_id uuid not null,
  line integer not null check (line > 0),
  kind text not null check (kind in ('payment', 'refund')),
  transaction_id text not null check (char_length(transaction_id) between 1 and 255),
  amount numeric(12,2) not null check (amount > 0),
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  status text not null check (status in ('succeeded', 'pending', 'failed', 'refunded', 'partially_refunded')),
  occurred_at timestamptz not null,
  primary key (run_id, line)
);

-- no index beyond the primary key: finishing reads a run's rows once, in bulk (a sort and a set difference), and
-- every index here would be maintained for each of up to 100 000 rows staged.
comment on table console.reconciliation_rows is
  'Staged rows of an open reconciliation run, as the console sent them (statuses already normalised). Cleared '
  'when the run is finished: the outcomes live on in reconciliation_items.';

create table console.reconciliation_items (
  run_id uuid not null,
  seq bigint not null,
  outcome text not null check (outcome in ('matched', 'amount_mismatch', 'status_mismatch', 'missing_in_humanglue',
                                           'missing_at_processor', 'duplicate_in_file')),
  kind text not null check (kind in ('payment', 'refund')),
  transaction_id text not null,
  line integer,
  occurred_at timestamptz,
  processor_amount numeric(12,2),
  processor_currency text,
  processor_status text,
  payment_id uuid,
  refund_id uuid,
  hg_amount numeric(12,2),
  hg_currency text,
  hg_status text,
  hg_created_at timestamptz,
  primary key (run_id, seq),
  constraint reconciliation_items_line_check check ((line is null) = (outcome = 'missing_at_processor'))
);

comment on table console.reconciliation_items is
  'The outcome of each row of a finished run, plus the humanglue payments and refunds missing at the processor. '
  'Keyed by (run_id, seq); seq orders them: the file''s line for file rows, after every line (2^31 + n, by created_at) for '
  'missing_at_processor. payment_id/refund_id/hg_* are a snapshot taken at finishing (no foreign keys: the report '
  'stays as it was).';

-- list_reconciliation_items filtered by an outcome, in seq order. partial: matched items, most of a file, are listed
-- through the primary key (dense, so the filter costs little), and finishing maintains this index only for the rest.
create index idx_reconciliation_items_outcome on console.reconciliation_items (run_id, outcome, seq)
  where outcome <> 'matched';

-- ====== row-level security ======

-- the open runs the caller may add to or finish: their own, or any if they are a platform admin.
-- evaluated once per statement where policies call it as (select console_private.my_open_reconciliation_runs()).
create function console_private.my_open_reconciliation_runs()
returns uuid[]
language sql
stable
set search_path = ''
as $$
  select coalesce(array_agg(r.id), '{}')
    from console.reconciliation_runs r
   where r.status = 'open'
     and (r.created_by = auth.uid() or public.is_admin())
     and console_private.has_capability('reconciliation.run');
$$;

comment on function console_private.my_open_reconciliation_runs() is
  'Open reconciliation runs the caller may change (their own; every one for a platform admin). Used by policies.';

alter table console.reconciliation_runs enable row level security;
alter table console.reconciliation_rows enable row level security;
alter table console.reconciliation_items enable row level security;

revoke all on console.reconciliation_runs, console.reconciliation_rows, console.reconciliation_items
  from public, anon, authenticated;
grant select, insert, update on console.reconciliation_runs to authenticated;
grant select, insert, delete on console.reconciliation_rows to authenticated;
grant select, insert on console.reconciliation_items to authenticated;
grant all on console.reconciliation_runs, console.reconciliation_rows, console.reconciliation_items to service_role;

create policy "Reconciliation staff read runs"
  on console.reconciliation_runs for select to authenticated
  using ((select console_private.has_capability('reconciliation.run')));

create policy "Reconciliation staff start their own runs"
  on console.reconciliation_runs for insert to authenticated
  with check (
    (select console_private.has_capability('reconciliation.run'))
    and created_by = (select auth.uid())
    and status = 'open'
  );

create policy "Open runs change only by their creator or an admin"
  on console.reconciliation_runs for update to authenticated
  using (id = any ((select console_private.my_open_reconciliation_runs())::uuid[]))
  with check ((select console_private.has_capability('reconciliation.run')));

create policy "Reconciliation staff read staged rows"
  on console.reconciliation_rows for select to authenticated
  using ((select console_private.has_capability('reconciliation.run')));

create policy "Rows are staged only into the caller's open runs"
  on console.reconciliation_rows for insert to authenticated
  with check (run_id = any ((select console_private.my_open_reconciliation_runs())::uuid[]));

create policy "Staged rows are cleared only from the caller's open runs"
  on console.reconciliation_rows for delete to authenticated
  using (run_id = any ((select console_private.my_open_reconciliation_runs())::uuid[]));

create policy "Reconciliation staff read items"
  on console.reconciliation_items for select to authenticated
  using ((select console_private.has_capability('reconciliation.run')));

create policy "Items are written only while finishing the caller's open run"
  on console.reconciliation_items for insert to authenticated
  with check (run_id = any ((select console_private.my_open_reconciliation_runs())::uuid[]));

-- ====== helpers ======

-- a validation error for one row of add_reconciliation_rows: names the field and the line (details carry both,
-- and the row's position in the call).
create function console_private.invalid_row(p_field text, p_line integer, p_position bigint, p_message text)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  raise exception '%: %: %', p_field,
    case when p_line is null then format('row %s of this call', p_position) else format('line %s', p_line) end,
    p_message
    using errcode = '22023',
          detail = json_build_object('field', p_field, 'line', p_line, 'row', p_position)::text;
end;
$$;

-- the run the caller is about to change, locked: not found → P0002, someone else's → 42501, completed → P0001.
-- read first without a lock: `for update` applies the update policy, which hides runs the caller may not change.
create function console_private.lock_open_reconciliation_run(p_run_id uuid)
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
    select * into v_run from console.reconciliation_runs r where r.id = p_run_id and r.status = 'open' for update;
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

-- statistics for the staged rows, taken right before finishing. they arrive in bulk (up to 100 000 in one run)
-- and autovacuum has not seen them, so the planner would guess a handful of rows and plan the matching for that.
-- security definer: analyze needs the table's owner; it reads no data for the caller and returns nothing.
create function console_private.analyze_reconciliation_rows()
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  analyze console.reconciliation_rows;
end;
$$;

-- ====== runs: start, stage rows, finish ======

create function console.start_reconciliation(
  p_provider text,
  p_file_name text,
  p_kinds text[] default array['payment', 'refund']
)
returns table (
  id uuid, provider text, file_name text, kinds text[], status text, created_by uuid, created_by_name text,
  created_by_email text, created_at timestamptz, completed_at timestamptz, row_count integer, matched integer,
  amount_mismatch integer, status_mismatch integer, missing_in_humanglue integer, missing_at_processor integer,
  duplicate_in_file integer, totals jsonb, period_from timestamptz, period_to timestamptz
)
language plpgsql
set search_path = ''
as $$
declare
  v_file text := console_private.check_text('file_name', p_file_name, 255);
  v_run console.reconciliation_runs;
begin
  perform console_private.require('reconciliation.run');
  if p_provider is null or p_provider not in ('stripe', 'paypal') then
    perform console_private.invalid('provider', 'must be stripe or paypal');
  end if;
  if v_file is null then
    perform console_private.invalid('file_name', 'is required');
  end if;
  if v_file ~ '[[:cntrl:]]' then
    perform console_private.invalid('file_name', 'must not contain control characters');
  end if;
  if p_kinds is null or cardinality(p_kinds) = 0 or array_position(p_kinds, null) is not null
     or not p_kinds <@ array['payment', 'refund'] then
    perform console_private.invalid('kinds', 'must be payment, refund or both');
  end if;
  insert into console.reconciliation_runs (provider, file_name, kinds, created_by)
  values (p_provider, v_file, array(select distinct k from unnest(p_kinds) k order by k), auth.uid())
  returning * into v_run;
  perform console_private.audit('reconciliation.start', 'reconciliation_run', v_run.id::text, null,
    jsonb_build_object('provider', v_run.provider, 'file_name', v_run.file_name, 'kinds', v_run.kinds));
  return query select * from console.get_reconciliation_run(v_run.id);
end;
$$;

comment on function console.start_reconciliation(text, text, text[]) is
  'Starts a reconciliation run for a stripe or paypal export carrying payment and/or refund rows (p_kinds; a stripe '
  'payments export has payments only) (reconciliation.run). Audited. Add its rows with add_reconciliation_rows, '
  'then finish_reconciliation.';

create function console.add_reconciliation_rows(p_run_id uuid, p_rows jsonb)
returns table (run_id uuid, added integer, row_count integer)
language plpgsql
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

  -- a line appears once per run: neither twice in this call nor again after an earlier call.
  select d.pos, d.line, d.message into v_err
    from (
      select b.pos, b.line,
             case when count(*) over (partition by b.line order by b.pos) > 1 then 'appears more than once in this call'
                  when exists (select 1 from console.reconciliation_rows s where s.run_id = p_run_id and s.line = b.line)
                  then 'was already added to this run' end as message
        from (select e.pos, (e.r ->> 'line')::integer as line
                from jsonb_array_elements(p_rows) with ordinality as e(r, pos)) b
    ) d
   where d.message is not null
   order by d.pos
   limit 1;
  if found then
    perform console_private.invalid_row('line', v_err.line, v_err.pos, v_err.message);
  end if;

  with added as (
    insert into console.reconciliation_rows (run_id, line, kind, transaction_id, amount, currency, status, occurred_at)
    select p_run_id, (e.r ->> 'line')::integer, e.r ->> 'kind', btrim(e.r ->> 'transaction_id'),
           (e.r ->> 'amount')::numeric, e.r ->> 'currency', e.r ->> 'status', (e.r ->> 'occurred_at')::timestamptz
      from jsonb_array_elements(p_rows) as e(r)
     order by 2
    returning line, occurred_at
  )
  select count(*), min(a.line), max(a.line), min(a.occurred_at), max(a.occurred_at)
    into v_added, v_first, v_last, v_from, v_to
    from added a;

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
  '(reconciliation.run; the run''s creator or an admin). All or nothing: the first bad row raises 22023 naming its '
  'line and field (details {field, line, row}). Audited per call.';

create function console.finish_reconciliation(p_run_id uuid)
returns table (
  id uuid, provider text, file_name text, kinds text[], status text, created_by uuid, created_by_name text,
  created_by_email text, created_at timestamptz, completed_at timestamptz, row_count integer, matched integer,
  amount_mismatch integer, status_mismatch integer, missing_in_humanglue integer, missing_at_processor integer,
  duplicate_in_file integer, totals jsonb, period_from timestamptz, period_to timestamptz
)
language plpgsql
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
  perform console_private.analyze_reconciliation_rows();

  -- one statement: the file's rows matched (payments and refunds apart, each probing only its own table), then what
  -- humanglue has that the file lacks, both inserted as items, and the totals aggregated from what was inserted.
  -- within a kind, the first occurrence of a transaction id (by line) is matched, repeats are duplicate_in_file.
  with staged as (
    select r.line, r.kind, r.transaction_id, r.amount, r.currency, r.status, r.occurred_at,
           row_number() over (partition by r.kind, r.transaction_id order by r.line) as nth
      from console.reconciliation_rows r
     where r.run_id = p_run_id
  ), compared as (
    select s.*, p.id as hg_id, p.id as payment_id, null::uuid as refund_id, p.amount as hg_amount,
           p.currency as hg_currency, p.status as hg_status, p.status as comparable_status, p.created_at as hg_created_at
      from staged s
      left join public.payments p on p.provider = v_run.provider and p.transaction_id = s.transaction_id
     where s.kind = 'payment'
    union all
    select s.*, f.id, f.payment_id, f.id, f.amount, f.currency, f.status,
           -- a processor reports a refund as succeeded, pending or failed; ours has finer states.
           case f.status when 'pending_approval' then 'pending' when 'cancelled' then 'failed'
                         when 'rejected' then 'failed' else f.status end,
           f.created_at
      from staged s
      left join public.payment_refunds f on f.provider = v_run.provider and f.provider_refund_id = s.transaction_id
     where s.kind = 'refund'
  ), file_items as (
    insert into console.reconciliation_items (
      run_id, seq, outcome, kind, transaction_id, line, occurred_at, processor_amount, processor_currency,
      processor_status, payment_id, refund_id, hg_amount, hg_currency, hg_status, hg_created_at)
    select p_run_id, c.line,
           case
             when c.nth > 1 then 'duplicate_in_file'
             when c.hg_id is null then 'missing_in_humanglue'
             when c.amount <> c.hg_amount or c.currency <> c.hg_currency then 'amount_mismatch'
             when c.status <> c.comparable_status then 'status_mismatch'
             else 'matched'
           end,
           c.kind, c.transaction_id, c.line, c.occurred_at, c.amount, c.currency, c.status,
           c.payment_id, c.refund_id, c.hg_amount, c.hg_currency, c.hg_status, c.hg_created_at
      from compared c
    returning outcome, kind, processor_currency, processor_amount, hg_currency, hg_amount
  ), absent as (
    -- humanglue's payments and confirmed refunds of this provider inside the file's period that the file lacks
    -- (of the kinds the export carries). a set difference, never a nested anti-join: the staged rows have no
    -- planner statistics yet, and a misestimate there must not turn this into rows × rows comparisons.
    select 'payment' as kind, p.transaction_id
      from public.payments p
     where 'payment' = any (v_run.kinds)
       and p.provider = v_run.provider
       and p.transaction_id is not null
       and p.created_at between v_from and v_to
    except
    select 'payment', s.transaction_id from staged s where s.kind = 'payment'
    union all
    (select 'refund', f.provider_refund_id
       from public.payment_refunds f
      where 'refund' = any (v_run.kinds)
        and f.provider = v_run.provider
        and f.provider_refund_id is not null
        and f.created_at between v_from and v_to
     except
     select 'refund', s.transaction_id from staged s where s.kind = 'refund')
  ), absent_items as (
    insert into console.reconciliation_items (
      run_id, seq, outcome, kind, transaction_id, line, payment_id, refund_id, hg_amount, hg_currency, hg_status,
      hg_created_at)
    select p_run_id, 2147483648 + row_number() over (order by m.created_at, m.kind, m.transaction_id),
           'missing_at_processor', m.kind, m.transaction_id, null, m.payment_id, m.refund_id, m.amount, m.currency,
           m.status, m.created_at
      from (
        select a.kind, a.transaction_id, p.id as payment_id, null::uuid as refund_id, p.amount, p.currency, p.status,
               p.created_at
          from absent a
          join public.payments p on p.provider = v_run.provider and p.transaction_id = a.transaction_id
         where a.kind = 'payment'
        union all
        select a.kind, a.transaction_id, f.payment_id, f.id, f.amount, f.currency, f.status, f.created_at
          from absent a
          join public.payment_refunds f on f.provider = v_run.provider and f.provider_refund_id = a.transaction_id
         where a.kind = 'refund'
      ) m
    returning outcome, kind, processor_currency, processor_amount, hg_currency, hg_amount
  ), grouped as (
    -- first by both currencies (few groups), then spread: the processor's amounts count in the processor's
    -- currency, ours in ours; an item whose currencies differ adds to both sums and is counted under the
    -- processor's (under ours when the processor has none).
    select i.outcome, i.kind, i.processor_currency, i.hg_currency, count(*) as n,
           sum(i.processor_amount) as processor_amount, sum(i.hg_amount) as hg_amount
      from (select * from file_items union all select * from absent_items) i
     group by 1, 2, 3, 4
  )
  select coalesce(jsonb_agg(jsonb_build_object(
           'currency', t.currency, 'kind', t.kind, 'outcome', t.outcome, 'count', t.n,
           'processor_amount', t.processor_amount, 'hg_amount', t.hg_amount)
         order by t.currency, t.kind, t.outcome), '[]')
    into v_totals
    from (
      select v.currency, g.kind, g.outcome, sum(v.n) as n,
             coalesce(sum(v.processor_amount), 0) as processor_amount, coalesce(sum(v.hg_amount), 0) as hg_amount
        from grouped g
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
  'Matches an open run''s staged rows against payments (transaction_id) and refunds (provider_refund_id) of its '
  'provider, adds what humanglue has in the file''s period that the file lacks, saves counts and per-currency '
  'totals, clears the staged rows and completes the run (reconciliation.run; creator or admin). Audited.';

-- ====== reads ======

create function console.get_reconciliation_run(p_run_id uuid)
returns table (
  id uuid, provider text, file_name text, kinds text[], status text, created_by uuid, created_by_name text,
  created_by_email text, created_at timestamptz, completed_at timestamptz, row_count integer, matched integer,
  amount_mismatch integer, status_mismatch integer, missing_in_humanglue integer, missing_at_processor integer,
  duplicate_in_file integer, totals jsonb, period_from timestamptz, period_to timestamptz
)
language plpgsql
stable
set search_path = ''
as $$
begin
  perform console_private.require('reconciliation.run');
  return query
    select r.id, r.provider, r.file_name, r.kinds, r.status, r.created_by, u.full_name, u.email, r.created_at,
           r.completed_at, r.row_count, r.matched, r.amount_mismatch, r.status_mismatch, r.missing_in_humanglue,
           r.missing_at_processor, r.duplicate_in_file, r.totals, r.period_from, r.period_to
      from console.reconciliation_runs r
      left join public.users u on u.id = r.created_by
     where r.id = p_run_id;
  if not found then
    raise exception 'reconciliation run % not found', p_run_id
      using errcode = 'P0002', detail = json_build_object('entity', 'reconciliation_run', 'id', p_run_id)::text;
  end if;
end;
$$;

comment on function console.get_reconciliation_run(uuid) is
  'One reconciliation run with its creator, counts, period and totals (reconciliation.run).';

create function console_private.reconciliation_runs_where(p_provider text, p_status text, p_created_by uuid)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_where text := 'true';
begin
  if p_provider is not null and p_provider not in ('stripe', 'paypal') then
    perform console_private.invalid('provider', 'must be stripe or paypal');
  end if;
  if p_status is not null and p_status not in ('open', 'completed') then
    perform console_private.invalid('status', 'must be open or completed');
  end if;
  if p_provider is not null then v_where := v_where || format(' and r.provider = %L', p_provider); end if;
  if p_status is not null then v_where := v_where || format(' and r.status = %L', p_status); end if;
  if p_created_by is not null then v_where := v_where || format(' and r.created_by = %L', p_created_by); end if;
  return v_where;
end;
$$;

create function console.list_reconciliation_runs(
  p_provider text default null,
  p_status text default null,
  p_created_by uuid default null,
  p_desc boolean default true,
  p_after jsonb default null,
  p_limit integer default 50
)
returns table (
  id uuid, provider text, file_name text, kinds text[], status text, created_by uuid, created_by_name text,
  created_by_email text, created_at timestamptz, completed_at timestamptz, row_count integer, matched integer,
  amount_mismatch integer, status_mismatch integer, missing_in_humanglue integer, missing_at_processor integer,
  duplicate_in_file integer, totals jsonb, period_from timestamptz, period_to timestamptz, cursor jsonb
)
language plpgsql
stable
set search_path = ''
as $$
declare
  v_where text;
  v_desc boolean := coalesce(p_desc, true);
begin
  perform console_private.require('reconciliation.run');
  v_where := console_private.reconciliation_runs_where(p_provider, p_status, p_created_by);
  if p_after is not null then
    if jsonb_typeof(p_after) <> 'object' or not (p_after ? 'v' and p_after ? 'id')
       or not pg_input_is_valid(p_after ->> 'v', 'timestamptz') or not pg_input_is_valid(p_after ->> 'id', 'uuid') then
      perform console_private.invalid('after', 'is not a cursor returned by this list');
    end if;
    v_where := v_where || format(' and (r.created_at, r.id) %s (%L::timestamptz, %L::uuid)',
      case when v_desc then '<' else '>' end, p_after ->> 'v', p_after ->> 'id');
  end if;
  -- the creator's name only for the page's rows, after the keyset limit.
  return query execute format(
    'select r.id, r.provider, r.file_name, r.kinds, r.status, r.created_by, u.full_name, u.email, r.created_at,
            r.completed_at, r.row_count, r.matched, r.amount_mismatch, r.status_mismatch, r.missing_in_humanglue,
            r.missing_at_processor, r.duplicate_in_file, r.totals, r.period_from, r.period_to,
            jsonb_build_object(''v'', r.created_at, ''id'', r.id)
       from (select r.* from console.reconciliation_runs r
              where %1$s
              order by r.created_at %2$s, r.id %2$s
              limit %3$s) r
       left join public.users u on u.id = r.created_by
      order by r.created_at %2$s, r.id %2$s',
    v_where, case when v_desc then 'desc' else 'asc' end, console_private.check_limit(p_limit));
end;
$$;

comment on function console.list_reconciliation_runs(text, text, uuid, boolean, jsonb, integer) is
  'Reconciliation runs, newest first by default, filtered by provider, status and creator; keyset pages on '
  '(created_at, id) (reconciliation.run).';

create function console.count_reconciliation_runs(
  p_provider text default null,
  p_status text default null,
  p_created_by uuid default null
)
returns table (total bigint, is_estimate boolean)
language plpgsql
stable
set search_path = ''
as $$
begin
  perform console_private.require('reconciliation.run');
  return query select * from console_private.count_rows('select 1 from console.reconciliation_runs r where '
    || console_private.reconciliation_runs_where(p_provider, p_status, p_created_by));
end;
$$;

comment on function console.count_reconciliation_runs(text, text, uuid) is
  'How many runs list_reconciliation_runs would return (exact up to count_exact_limit) (reconciliation.run).';

create function console.list_reconciliation_items(
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
set search_path = ''
as $$
declare
  v_where text;
  v_desc boolean := coalesce(p_desc, false);
begin
  perform console_private.require('reconciliation.run');
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
  if p_after is not null then
    if jsonb_typeof(p_after) <> 'object' or not (p_after ? 'v' and p_after ? 'id')
       or (p_after ->> 'v') !~ '^[0-9]{1,12}$' then
      perform console_private.invalid('after', 'is not a cursor returned by this list');
    end if;
    -- seq is unique within a run (the key is (run_id, seq)), so it alone is the keyset.
    v_where := v_where || format(' and i.seq %s %L::bigint', case when v_desc then '<' else '>' end, p_after ->> 'v');
  end if;
  return query execute format(
    'select i.run_id, i.seq, i.outcome, i.kind, i.transaction_id, i.line, i.occurred_at, i.processor_amount,
            i.processor_currency, i.processor_status, i.payment_id, i.refund_id, i.hg_amount, i.hg_currency,
            i.hg_status, i.hg_created_at, jsonb_build_object(''v'', i.seq, ''id'', i.seq)
       from console.reconciliation_items i
      where %1$s
      order by i.seq %2$s
      limit %3$s', v_where, case when v_desc then 'desc' else 'asc' end, console_private.check_limit(p_limit));
end;
$$;

comment on function console.list_reconciliation_items(uuid, text, text, boolean, jsonb, integer) is
  'A run''s items in file order (missing_at_processor last), optionally one outcome or kind; keyset pages on seq '
  '(reconciliation.run).';

-- ====== grants ======

revoke execute on function
  console_private.my_open_reconciliation_runs(),
  console_private.invalid_row(text, integer, bigint, text),
  console_private.lock_open_reconciliation_run(uuid),
  console_private.analyze_reconciliation_rows(),
  console_private.reconciliation_runs_where(text, text, uuid),
  console.start_reconciliation(text, text, text[]),
  console.add_reconciliation_rows(uuid, jsonb),
  console.finish_reconciliation(uuid),
  console.get_reconciliation_run(uuid),
  console.list_reconciliation_runs(text, text, uuid, boolean, jsonb, integer),
  console.count_reconciliation_runs(text, text, uuid),
  console.list_reconciliation_items(uuid, text, text, boolean, jsonb, integer)
  from public, anon;
grant execute on function
  console_private.my_open_reconciliation_runs(),
  console_private.invalid_row(text, integer, bigint, text),
  console_private.lock_open_reconciliation_run(uuid),
  console_private.analyze_reconciliation_rows(),
  console_private.reconciliation_runs_where(text, text, uuid),
  console.start_reconciliation(text, text, text[]),
  console.add_reconciliation_rows(uuid, jsonb),
  console.finish_reconciliation(uuid),
  console.get_reconciliation_run(uuid),
  console.list_reconciliation_runs(text, text, uuid, boolean, jsonb, integer),
  console.count_reconciliation_runs(text, text, uuid),
  console.list_reconciliation_items(uuid, text, text, boolean, jsonb, integer)
  to authenticated, service_role;

-- ====== rollback ======
-- drop function if exists console.list_reconciliation_items(uuid, text, text, boolean, jsonb, integer);
-- drop function if exists console.count_reconciliation_runs(text, text, uuid);
-- drop function if exists console.list_reconciliation_runs(text, text, uuid, boolean, jsonb, integer);
-- drop function if exists console_private.reconciliation_runs_where(text, text, uuid);
-- drop function if exists console.get_reconciliation_run(uuid);
-- drop function if exists console.finish_reconciliation(uuid);
-- drop function if exists console.add_reconciliation_rows(uuid, jsonb);
-- drop function if exists console.start_reconciliation(text, text, text[]);
-- drop function if exists console_private.analyze_reconciliation_rows();
-- drop function if exists console_private.lock_open_reconciliation_run(uuid);
-- drop function if exists console_private.invalid_row(text, integer, bigint, text);
-- drop table if exists console.reconciliation_items;
-- drop table if exists console.reconciliation_rows;
-- drop table if exists console.reconciliation_runs;
-- drop function if exists console_private.my_open_reconciliation_runs();
