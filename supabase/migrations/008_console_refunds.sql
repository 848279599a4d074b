-- 008_console_refunds.sql
--
-- what: payments gain the status `partially_refunded`; `public.payment_refunds`, the append-only refund ledger, with
-- the triggers that guard it (immutable money columns, legal status moves only, never more refunded than paid) and
-- keep the payment's derived columns (refund_amount, refunded_at, status) and a fully refunded workshop's
-- registration in step; the console's payment and refund api: refund_payment (idempotent, serialised per payment,
-- maker-checker above the approval threshold), approve/reject/confirm/fail_refund, list/count/totals of payments,
-- get_payment, list/count of refunds.
-- why: money moves once and only once. The ledger, not the application, guarantees that the sum of refunds never
-- exceeds the payment whatever the concurrency, that a retried submission does not refund twice, and that a large
-- refund has a second approver. Every console mutation is audited in the same transaction.
-- design: supabase/CONSOLE-API.md, "008_console_refunds.sql"; the model is 006.

-- ====== payments: the refund statuses ======

alter table public.payments drop constraint payments_status_check;
alter table public.payments add constraint payments_status_check
  check (status in ('pending', 'succeeded', 'failed', 'partially_refunded', 'refunded'));

-- refund_amount ≤ amount (005) stays the backstop: refund_amount is now the sum of the payment's succeeded refunds
-- (payment_refunds_apply), which the ledger keeps within the amount. A partial refund must be one.
alter table public.payments add constraint payments_refund_status_check
  check (status <> 'partially_refunded' or (refund_amount > 0 and refund_amount < amount));

comment on constraint payments_refund_status_check on public.payments is
  'partially_refunded means 0 < refund_amount < amount. refund_amount is the sum of the payment''s succeeded '
  'refunds in payment_refunds (kept by payment_refunds_apply).';

-- lists: keyset order (sort column, id), and the common filters leading.
create index idx_payments_created_at_id on public.payments (created_at, id);
create index idx_payments_amount_id on public.payments (amount, id);
create index idx_payments_status_created_at_id on public.payments (status, created_at, id);
create index idx_payments_status_id on public.payments (status, id);
create index idx_payments_provider_created_at_id on public.payments (provider, created_at, id);
create index idx_payments_provider_id on public.payments (provider, id);
-- prefix search whatever the database's collation.
create index idx_payments_invoice_number_prefix on public.payments (invoice_number text_pattern_ops);
create index idx_payments_transaction_id_prefix on public.payments (transaction_id text_pattern_ops);

-- finance reads every payment. The capability comes first: an initPlan, evaluated once, that spares staff the
-- per-row organisation-membership check.
alter policy "Users see own payments, members their org's; admins see all" on public.payments
  using (
    (select console_private.has_capability('payments.read'))
    or user_id = (select auth.uid())
    or (organization_id is not null and public.is_org_member(organization_id))
    or (select public.is_admin())
  );
alter policy "Users see own payments, members their org's; admins see all" on public.payments
  rename to "Users see own payments, members their org's; finance sees all";

-- ====== the refund ledger ======

create table public.payment_refunds (
  id uuid primary key default gen_random_uuid(),
  payment_id uuid not null references public.payments (id) on delete restrict,
  amount numeric(12,2) not null check (amount > 0),
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  reason text not null
    check (reason in ('duplicate', 'fraudulent', 'requested_by_customer', 'workshop_cancelled', 'service_issue', 'other')),
  note text check (char_length(note) <= 2000),
  status text not null default 'pending'
    check (status in ('pending_approval', 'pending', 'succeeded', 'failed', 'cancelled', 'rejected')),
  provider text not null check (provider in ('stripe', 'paypal', 'manual')),
  provider_refund_id text check (char_length(provider_refund_id) between 1 and 200),
  idempotency_key text not null check (char_length(idempotency_key) between 8 and 200),
  requested_by uuid references public.users (id) on delete restrict,
  approved_by uuid references public.users (id) on delete restrict,
  approved_at timestamptz,
  completed_by uuid references public.users (id) on delete restrict,
  completed_at timestamptz,
  failure_reason text check (char_length(failure_reason) <= 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint payment_refunds_idempotency_key_key unique (idempotency_key),
  constraint payment_refunds_provider_refund_id_key unique (provider, provider_refund_id),
  constraint payment_refunds_second_approver_check
    check (approved_by is null or requested_by is null or approved_by <> requested_by),
  constraint payment_refunds_completed_at_check
    check (status not in ('succeeded', 'failed', 'cancelled', 'rejected') or completed_at is not null)
);

comment on table public.payment_refunds is
  'Append-only refund ledger: one row per refund of a payment (never deleted; amount, payment, currency, provider, '
  'reason and idempotency key never change; status moves pending_approval → pending|succeeded|rejected and '
  'pending → succeeded|failed|cancelled only). payments.refund_amount is the sum of the succeeded ones.';

-- idempotency_key and (provider, provider_refund_id) are indexed by their unique constraints.
create index idx_payment_refunds_payment_id on public.payment_refunds (payment_id, created_at, id);
create index idx_payment_refunds_created_at_id on public.payment_refunds (created_at, id);
create index idx_payment_refunds_status_created_at_id on public.payment_refunds (status, created_at, id);
-- the queues: refunds awaiting a second approver or the processor.
create index idx_payment_refunds_open on public.payment_refunds (created_at, id)
  where status in ('pending_approval', 'pending');
create index idx_payment_refunds_requested_by on public.payment_refunds (requested_by);
create index idx_payment_refunds_approved_by on public.payment_refunds (approved_by);
create index idx_payment_refunds_completed_by on public.payment_refunds (completed_by);

-- refunds recorded before the ledger existed become succeeded ledger rows, so refund_amount = sum of succeeded
-- refunds holds from the start (inserted before the triggers: history is recorded, not replayed).
insert into public.payment_refunds
  (payment_id, amount, currency, reason, note, status, provider, idempotency_key, completed_at, created_at, updated_at)
select p.id, p.refund_amount, p.currency, 'other', 'Recorded before the refund ledger existed (migration 008).',
       'succeeded', p.provider, 'legacy-' || p.id, coalesce(p.refunded_at, p.updated_at),
       coalesce(p.refunded_at, p.updated_at), coalesce(p.refunded_at, p.updated_at)
  from public.payments p
 where p.refund_amount > 0;

-- the status a new refund starts in: above the approval threshold it waits for a second person; otherwise a manual
-- refund is done at once and a processor refund waits for the processor.
create function console_private.initial_refund_status(p_amount numeric, p_provider text)
returns text
language sql
stable
set search_path = ''
as $$
  select case
    when p_amount > coalesce((console_private.setting('refund_approval_threshold'))::numeric, 1000) then 'pending_approval'
    when p_provider = 'manual' then 'succeeded'
    else 'pending'
  end;
$$;

comment on function console_private.initial_refund_status(numeric, text) is
  'pending_approval above console setting refund_approval_threshold; else succeeded (manual) or pending (processor).';

-- security definer: it locks and reads the payment, which the finance user writing the refund may not update.
create function public.payment_refunds_guard()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_payment public.payments;
  v_reserved numeric;
  v_api boolean := coalesce(auth.role(), '') in ('authenticated', 'anon');
  v_column text;
begin
  if tg_op = 'DELETE' or tg_op = 'TRUNCATE' then
    raise exception 'the refund ledger is append-only: % is not allowed', lower(tg_op)
      using errcode = 'P0001',
            hint = 'A pending refund is failed or cancelled, one awaiting approval is rejected; none is removed.';
  end if;

  if tg_op = 'INSERT' then
    -- the payment row lock serialises every refund of one payment, whoever writes it.
    select * into v_payment from public.payments p where p.id = new.payment_id for update;
    if not found then
      return new; -- the foreign key refuses the row with its own error.
    end if;
    if v_payment.status not in ('succeeded', 'partially_refunded') then
      raise exception 'payment % is %: only succeeded or partially refunded payments can be refunded',
        v_payment.id, v_payment.status
        using errcode = 'P0001';
    end if;
    new.currency := coalesce(new.currency, v_payment.currency);
    new.provider := coalesce(new.provider, v_payment.provider);
    if new.currency <> v_payment.currency or new.provider <> v_payment.provider then
      raise exception 'a refund is made in the payment''s currency (%) through its provider (%)',
        v_payment.currency, v_payment.provider
        using errcode = 'P0001';
    end if;
    if new.status not in ('pending_approval', 'pending', 'succeeded') then
      raise exception 'a refund starts pending_approval, pending or succeeded (not %)', new.status
        using errcode = 'P0001';
    end if;
    select coalesce(sum(r.amount), 0) into v_reserved
      from public.payment_refunds r
     where r.payment_id = new.payment_id and r.status in ('pending_approval', 'pending', 'succeeded');
    if v_reserved + new.amount > v_payment.amount then
      raise exception 'a refund of % % exceeds the refundable remainder of % % of payment %',
        new.amount, new.currency, v_payment.amount - v_reserved, v_payment.currency, v_payment.id
        using errcode = 'P0001',
              detail = json_build_object('remainder', v_payment.amount - v_reserved, 'currency', v_payment.currency)::text;
    end if;
    if v_api then
      -- written through the api: the caller is the requester, and the maker-checker rule decides the status.
      new.requested_by := auth.uid();
      new.approved_by := null;
      new.approved_at := null;
      new.completed_by := null;
      new.failure_reason := null;
      if new.status <> console_private.initial_refund_status(new.amount, new.provider) then
        raise exception 'this refund must start %, not %',
          console_private.initial_refund_status(new.amount, new.provider), new.status
          using errcode = 'P0001',
                hint = 'Refunds above the approval threshold wait for a second approver; processor refunds wait for the processor.';
      end if;
    end if;
    if new.status = 'succeeded' then
      new.completed_at := coalesce(new.completed_at, now());
      new.completed_by := coalesce(new.completed_by, new.requested_by);
    end if;
    return new;
  end if;

  -- UPDATE: the money and the request are permanent.
  select c.col into v_column
    from (values
      ('id', new.id::text is distinct from old.id::text),
      ('payment_id', new.payment_id is distinct from old.payment_id),
      ('amount', new.amount is distinct from old.amount),
      ('currency', new.currency is distinct from old.currency),
      ('provider', new.provider is distinct from old.provider),
      ('reason', new.reason is distinct from old.reason),
      ('note', new.note is distinct from old.note),
      ('idempotency_key', new.idempotency_key is distinct from old.idempotency_key),
      ('requested_by', new.requested_by is distinct from old.requested_by),
      ('created_at', new.created_at is distinct from old.created_at)
    ) as c (col, changed)
   where c.changed
   limit 1;
  if v_column is not null then
    raise exception 'payment_refunds.% cannot be changed: the refund ledger is append-only', v_column
      using errcode = 'P0001', hint = 'Record a new refund instead.';
  end if;

  if new.status is not distinct from old.status then
    -- without a status move only a missing processor refund id may be filled in.
    select c.col into v_column
      from (values
        ('provider_refund_id', new.provider_refund_id is distinct from old.provider_refund_id
                               and old.provider_refund_id is not null),
        ('approved_by', new.approved_by is distinct from old.approved_by),
        ('approved_at', new.approved_at is distinct from old.approved_at),
        ('completed_by', new.completed_by is distinct from old.completed_by),
        ('completed_at', new.completed_at is distinct from old.completed_at),
        ('failure_reason', new.failure_reason is distinct from old.failure_reason)
      ) as c (col, changed)
     where c.changed
     limit 1;
    if v_column is not null then
      raise exception 'payment_refunds.% changes only with the refund''s status', v_column
        using errcode = 'P0001';
    end if;
    return new;
  end if;

  if (old.status, new.status) not in (
    ('pending_approval', 'pending'), ('pending_approval', 'succeeded'), ('pending_approval', 'rejected'),
    ('pending', 'succeeded'), ('pending', 'failed'), ('pending', 'cancelled')
  ) then
    raise exception 'a refund cannot move from % to %', old.status, new.status
      using errcode = 'P0001',
            hint = 'pending_approval → pending, succeeded or rejected; pending → succeeded, failed or cancelled.';
  end if;

  if old.status = 'pending_approval' and new.status in ('pending', 'succeeded') then
    if new.status <> (case when new.provider = 'manual' then 'succeeded' else 'pending' end) then
      raise exception 'an approved % refund becomes %', new.provider,
        case when new.provider = 'manual' then 'succeeded' else 'pending' end
        using errcode = 'P0001';
    end if;
    if v_api then
      new.approved_by := auth.uid();
    end if;
    new.approved_at := coalesce(new.approved_at, now());
    if new.approved_by is not null and new.approved_by = old.requested_by then
      raise exception 'a second person must approve this refund: its requester cannot approve it'
        using errcode = 'P0001';
    end if;
  end if;

  if old.status = 'pending' and new.status = 'succeeded' and new.provider_refund_id is null then
    raise exception 'a % refund succeeds with the processor''s refund id (provider_refund_id)', new.provider
      using errcode = 'P0001';
  end if;

  if new.status in ('succeeded', 'failed', 'cancelled', 'rejected') then
    new.completed_at := coalesce(new.completed_at, now());
    if v_api then
      new.completed_by := auth.uid();
    end if;
  end if;
  return new;
end;
$$;

comment on function public.payment_refunds_guard() is
  'Trigger function (payment_refunds): refuses delete and truncate; on insert locks the payment, requires it '
  'succeeded or partially_refunded, keeps reserved refunds (pending_approval, pending, succeeded) within its amount, '
  'and for api callers sets the requester and enforces the maker-checker start status; on update refuses changes '
  'to the money and the request and any status move but pending_approval → pending|succeeded|rejected and '
  'pending → succeeded|failed|cancelled, and a requester approving their own refund.';

revoke execute on function public.payment_refunds_guard() from public, anon, authenticated;

-- security definer: it keeps the payment's derived columns and cancels the registration, which finance may not write.
create function public.payment_refunds_apply()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_before public.payments;
  v_after public.payments;
  v_refunded numeric;
  v_last timestamptz;
begin
  if new.status <> 'succeeded' or (tg_op = 'UPDATE' and old.status = 'succeeded') then
    return null; -- only a refund that has just succeeded changes what was refunded.
  end if;
  -- lock first, then sum in the next statement: it sees every refund committed while we waited.
  select * into v_before from public.payments p where p.id = new.payment_id for update;
  select coalesce(sum(r.amount), 0), max(r.completed_at) into v_refunded, v_last
    from public.payment_refunds r
   where r.payment_id = new.payment_id and r.status = 'succeeded';
  update public.payments p
     set refund_amount = v_refunded,
         refunded_at = case when v_refunded > 0 then v_last else p.refunded_at end,
         status = case when v_refunded >= p.amount then 'refunded'
                       when v_refunded > 0 then 'partially_refunded'
                       else p.status end
   where p.id = new.payment_id
  returning * into v_after;

  -- a fully refunded workshop payment cancels its registration; the seat trigger (002) gives the seat back.
  -- a completed registration stays: the learner finished the workshop, the refund is a goodwill gesture.
  if v_after.status = 'refunded' and v_before.status <> 'refunded' and v_after.payment_type = 'workshop' then
    update public.workshop_registrations wr
       set status = 'cancelled'
     where wr.payment_id = v_after.id
       and wr.status not in ('cancelled', 'completed');
    if not found and not exists (select 1 from public.workshop_registrations wr where wr.payment_id = v_after.id) then
      update public.workshop_registrations wr
         set status = 'cancelled'
       where wr.payment_id is null
         and wr.workshop_id = v_after.related_entity_id
         and wr.user_id = v_after.user_id
         and wr.status not in ('cancelled', 'completed');
    end if;
  end if;
  return null;
end;
$$;

comment on function public.payment_refunds_apply() is
  'Trigger function (after insert or update of status on payment_refunds): when a refund succeeds, sets the '
  'payment''s refund_amount to the sum of its succeeded refunds, refunded_at to the latest, status to '
  'partially_refunded or refunded; a workshop payment becoming refunded cancels its registration (by payment_id, '
  'else the payer''s registration for the workshop), unless completed.';

revoke execute on function public.payment_refunds_apply() from public, anon, authenticated;

-- trigger names matter: before triggers fire in name order, guard → set_updated_at.
create trigger payment_refunds_guard
  before insert or update or delete on public.payment_refunds
  for each row execute function public.payment_refunds_guard();

create trigger payment_refunds_no_truncate
  before truncate on public.payment_refunds
  for each statement execute function public.payment_refunds_guard();

create trigger payment_refunds_set_updated_at
  before update on public.payment_refunds
  for each row execute function public.set_updated_at();

create trigger payment_refunds_apply
  after insert or update of status on public.payment_refunds
  for each row execute function public.payment_refunds_apply();

alter table public.payment_refunds enable row level security;
revoke all on public.payment_refunds from anon, authenticated, service_role;
grant select, insert, update on public.payment_refunds to authenticated, service_role;

-- the payer reads the refunds of their own payment (the console and the payer's receipts alike); note and
-- failure_reason are therefore written for the customer's eyes.
create policy "Finance and admins see every refund; payers the refunds of their own payments"
  on public.payment_refunds for select to authenticated
  using (
    (select console_private.has_capability('payments.read'))
    or exists (select 1 from public.payments p where p.id = payment_id and p.user_id = (select auth.uid()))
  );

create policy "Finance and admins record refunds"
  on public.payment_refunds for insert to authenticated
  with check ((select console_private.has_capability('payments.refund')));

create policy "Finance and admins move refunds through their lifecycle"
  on public.payment_refunds for update to authenticated
  using (
    (select console_private.has_capability('payments.refund'))
    or (select console_private.has_capability('refunds.approve'))
  )
  with check (
    (select console_private.has_capability('payments.refund'))
    or (select console_private.has_capability('refunds.approve'))
  );

-- ====== helpers ======

-- ids arrive as text so that a malformed one is a field error (22023), not a cast failure.
-- the keyset condition for a list: the cursor must be {"v": <sort value>, "id": <uuid>} of a row of this list.
-- p_col and p_type come from the calling function's whitelist, never from the client.
create function console_private.keyset_after(p_after jsonb, p_col text, p_type text, p_id_col text, p_desc boolean)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  v_ok boolean := true;
begin
  if p_after is null then
    return '';
  end if;
  if jsonb_typeof(p_after) <> 'object' or not (p_after ? 'v' and p_after ? 'id')
     or jsonb_typeof(p_after -> 'v') = 'null' or jsonb_typeof(p_after -> 'id') <> 'string' then
    v_ok := false;
  else
    begin
      perform (p_after ->> 'id')::uuid;
      execute format('select %L::%s', p_after ->> 'v', p_type);
    exception when others then
      v_ok := false;
    end;
  end if;
  if not v_ok then
    perform console_private.invalid('after', 'is not a cursor returned by this list');
  end if;
  return format(' and (%s, %s) %s (%L::%s, %L::uuid)', p_col, p_id_col, case when p_desc then '<' else '>' end,
    p_after ->> 'v', p_type, p_after ->> 'id');
end;
$$;

-- a list filter given as an array: every value must be one of p_allowed; empty means no filter.
create function console_private.check_values(p_field text, p_values text[], p_allowed text[])
returns text[]
language plpgsql
immutable
set search_path = ''
as $$
begin
  if p_values is null or cardinality(p_values) = 0 then
    return null;
  end if;
  if array_position(p_values, null) is not null or not (p_values <@ p_allowed) then
    perform console_private.invalid(p_field, format('must be among %s', array_to_string(p_allowed, ', ')));
  end if;
  return p_values;
end;
$$;


-- security definer: a refund must lock the payment row (for update), which finance may read but not update.
create function console_private.lock_payment(p_payment_id uuid)
returns public.payments
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_payment public.payments;
begin
  perform console_private.require('payments.refund');
  select * into v_payment from public.payments p where p.id = p_payment_id for update;
  if not found then
    raise exception 'payment % not found', p_payment_id
      using errcode = 'P0002', detail = json_build_object('entity', 'payment', 'id', p_payment_id)::text;
  end if;
  return v_payment;
end;
$$;

comment on function console_private.lock_payment(uuid) is
  'Locks a payment row for update (payments.refund) so that refunds of one payment are decided one at a time.';

-- what is still refundable: the amount less refunds awaiting approval, awaiting the processor, or done.
create function console_private.refund_remainder(p_payment_id uuid)
returns numeric
language sql
stable
set search_path = ''
as $$
  select p.amount - coalesce((select sum(r.amount) from public.payment_refunds r
                               where r.payment_id = p.id and r.status in ('pending_approval', 'pending', 'succeeded')), 0)
    from public.payments p
   where p.id = p_payment_id;
$$;

-- security definer: finance sees what a payment was for (workshop title, engagement focus) and the payer's
-- organisation without read access to those tables, whose policies other console migrations extend.
create function console_private.payment_labels(
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
  select (select o.name from public.organizations o where o.id = p_organization_id),
         case p_payment_type
           when 'workshop' then (select w.title from public.workshops w where w.id = p_related_entity_id)
           when 'engagement' then (select coalesce(e.title, e.focus_area) from public.engagements e
                                    where e.id = p_related_entity_id)
         end
   where console_private.has_capability('payments.read');
$$;

-- security definer: the payment detail shows the related registration or engagement, which finance cannot read.
create function console_private.payment_related(p_payment public.payments)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_registration jsonb;
  v_engagement jsonb;
begin
  perform console_private.require('payments.read');
  if p_payment.payment_type = 'workshop' then
    select to_jsonb(x) into v_registration
      from (
        select wr.id, wr.workshop_id, w.title as workshop_title, w.schedule_date, w.status as workshop_status,
               wr.user_id, wr.status, wr.price_paid, wr.payment_id, wr.registered_at, wr.cancelled_at, wr.completed_at
          from public.workshop_registrations wr
          join public.workshops w on w.id = wr.workshop_id
         where wr.payment_id = p_payment.id
            or (wr.payment_id is null and wr.workshop_id = p_payment.related_entity_id and wr.user_id = p_payment.user_id)
         order by (wr.payment_id = p_payment.id) desc nulls last
         limit 1
      ) x;
  elsif p_payment.payment_type = 'engagement' then
    select to_jsonb(x) into v_engagement
      from (
        select e.id, e.title, e.focus_area, e.status, e.client_id, e.expert_id, ex.full_name as expert_name,
               e.hours_total, e.hours_used, e.hourly_rate, e.start_date, e.end_date
          from public.engagements e
          left join public.users ex on ex.id = e.expert_id
         where e.id = p_payment.related_entity_id
      ) x;
  end if;
  return jsonb_build_object('registration', v_registration, 'engagement', v_engagement);
end;
$$;

-- security definer: the payment's whole history (every staff member's actions on it and its refunds), where the
-- audit log's rls shows finance only their own entries.
create function console_private.payment_audit(p_payment_id uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_entries jsonb;
begin
  perform console_private.require('payments.read');
  select coalesce(jsonb_agg(to_jsonb(a) order by a.occurred_at, a.id), '[]') into v_entries
    from (
      select a.id, a.occurred_at, a.actor_id, a.actor_email, a.action, a.entity, a.entity_id, a.before, a.after, a.reason
        from console.audit_log a
       where a.entity = 'payment' and a.entity_id = p_payment_id::text
      union all
      select a.id, a.occurred_at, a.actor_id, a.actor_email, a.action, a.entity, a.entity_id, a.before, a.after, a.reason
        from public.payment_refunds r
        join console.audit_log a on a.entity = 'refund' and a.entity_id = r.id::text
       where r.payment_id = p_payment_id
      order by 2 desc, 1 desc
      limit 500
    ) a;
  return v_entries;
end;
$$;

-- what every refund function returns: the refund, and the payment's state after it.
create function console_private.refund_result(p_refund_id uuid, p_replayed boolean)
returns table (
  id uuid, payment_id uuid, amount numeric, currency text, reason text, note text, status text, provider text,
  provider_refund_id text, idempotency_key text, requested_by uuid, approved_by uuid, approved_at timestamptz,
  completed_by uuid, completed_at timestamptz, failure_reason text, created_at timestamptz, updated_at timestamptz,
  payment_status text, payment_refund_amount numeric, payment_refundable numeric, replayed boolean
)
language sql
stable
set search_path = ''
as $$
  select r.id, r.payment_id, r.amount, r.currency, r.reason, r.note, r.status, r.provider, r.provider_refund_id,
         r.idempotency_key, r.requested_by, r.approved_by, r.approved_at, r.completed_by, r.completed_at,
         r.failure_reason, r.created_at, r.updated_at, p.status, p.refund_amount,
         console_private.refund_remainder(p.id), p_replayed
    from public.payment_refunds r
    join public.payments p on p.id = r.payment_id
   where r.id = p_refund_id;
$$;

-- someone else moved the refund first: say who and when.
create function console_private.refund_conflict(p_refund public.payment_refunds)
returns void
language plpgsql
stable
set search_path = ''
as $$
declare
  v_by uuid := coalesce(p_refund.completed_by, p_refund.approved_by, p_refund.requested_by);
  v_at timestamptz := coalesce(p_refund.completed_at, p_refund.approved_at, p_refund.created_at);
  v_name text;
begin
  select coalesce(u.full_name, u.email) into v_name from public.users u where u.id = v_by;
  raise exception 'refund % is already % (by % at %)', p_refund.id, p_refund.status, coalesce(v_name, 'the system'),
    to_char(v_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
    using errcode = 'PT409',
          detail = json_build_object('by', v_name, 'by_id', v_by, 'at', v_at, 'status', p_refund.status)::text,
          hint = 'Reload the refund to see its current state.';
end;
$$;

create function console_private.find_refund(p_refund_id uuid)
returns public.payment_refunds
language plpgsql
set search_path = ''
as $$
declare
  v_refund public.payment_refunds;
begin
  select * into v_refund from public.payment_refunds r where r.id = p_refund_id for update;
  if not found then
    raise exception 'refund % not found', p_refund_id
      using errcode = 'P0002', detail = json_build_object('entity', 'refund', 'id', p_refund_id)::text;
  end if;
  return v_refund;
end;
$$;

-- ====== refunding ======

create function console.refund_payment(
  p_payment_id text,
  p_amount numeric default null,
  p_reason text default null,
  p_note text default null,
  p_idempotency_key text default null
)
returns table (
  id uuid, payment_id uuid, amount numeric, currency text, reason text, note text, status text, provider text,
  provider_refund_id text, idempotency_key text, requested_by uuid, approved_by uuid, approved_at timestamptz,
  completed_by uuid, completed_at timestamptz, failure_reason text, created_at timestamptz, updated_at timestamptz,
  payment_status text, payment_refund_amount numeric, payment_refundable numeric, replayed boolean
)
language plpgsql
set search_path = ''
as $$
declare
  v_payment_id uuid;
  v_note text;
  v_payment public.payments;
  v_first public.payment_refunds;
  v_refund public.payment_refunds;
  v_remainder numeric;
  v_amount numeric;
  v_attempt integer := 0;
begin
  perform console_private.require('payments.refund');
  v_payment_id := console_private.to_uuid('payment_id', p_payment_id);
  if p_amount is not null then
    if p_amount <= 0 then
      perform console_private.invalid('amount', 'must be greater than 0');
    end if;
    if p_amount <> round(p_amount, 2) then
      perform console_private.invalid('amount', 'must have at most 2 decimal places');
    end if;
    if p_amount >= 10000000000 then
      perform console_private.invalid('amount', 'is too large');
    end if;
  end if;
  if p_reason is null or p_reason not in ('duplicate', 'fraudulent', 'requested_by_customer', 'workshop_cancelled',
                                          'service_issue', 'other') then
    perform console_private.invalid('reason',
      'must be one of duplicate, fraudulent, requested_by_customer, workshop_cancelled, service_issue, other');
  end if;
  v_note := console_private.check_text('note', p_note, 2000);
  if p_idempotency_key is null or char_length(p_idempotency_key) not between 8 and 200 then
    perform console_private.invalid('idempotency_key', 'must be 8 to 200 characters (one key per submission)');
  end if;

  loop
    v_attempt := v_attempt + 1;
    -- a retry of a submission already made (double-click, network retry) returns its refund, once the payment's
    -- lock shows every earlier attempt. The same key for a different request is an error.
    select * into v_first from public.payment_refunds r where r.idempotency_key = p_idempotency_key;
    if not found and v_payment.id is null then
      v_payment := console_private.lock_payment(v_payment_id);
      continue;
    end if;
    if found then
      if v_first.payment_id <> v_payment_id
         or (p_amount is not null and v_first.amount <> p_amount)
         or v_first.reason <> p_reason then
        raise exception 'idempotency_key: was already used for a different refund request (refund %: % % of payment %, %)',
          v_first.id, v_first.amount, v_first.currency, v_first.payment_id, v_first.reason
          using errcode = '22023',
                detail = json_build_object('field', 'idempotency_key', 'refund_id', v_first.id)::text,
                hint = 'Use a new key for a new refund.';
      end if;
      return query select * from console_private.refund_result(v_first.id, true);
      return;
    end if;

    if v_payment.status not in ('succeeded', 'partially_refunded') then
      raise exception 'payment % is %: only succeeded or partially refunded payments can be refunded',
        v_payment.id, v_payment.status
        using errcode = 'P0001', detail = json_build_object('status', v_payment.status)::text;
    end if;
    v_remainder := console_private.refund_remainder(v_payment.id);
    v_amount := coalesce(p_amount, v_remainder);
    if v_amount <= 0 or v_amount > v_remainder then
      raise exception 'amount: %', case when v_remainder <= 0
          then format('nothing is left to refund on this payment (refundable remainder 0.00 %s)', v_payment.currency)
          else format('%s exceeds the refundable remainder of %s %s', v_amount, v_remainder, v_payment.currency) end
        using errcode = '22023',
              detail = json_build_object('field', 'amount', 'remainder', v_remainder, 'currency', v_payment.currency)::text,
              hint = 'Refunds awaiting approval or the processor count against the remainder until they fail.';
    end if;

    begin
      insert into public.payment_refunds
        (payment_id, amount, currency, reason, note, status, provider, idempotency_key, requested_by)
      values (v_payment.id, v_amount, v_payment.currency, p_reason, v_note,
              console_private.initial_refund_status(v_amount, v_payment.provider), v_payment.provider,
              p_idempotency_key, auth.uid())
      returning * into v_refund;
    exception when unique_violation then
      -- the same key was just used for another payment's refund: judge it as a retry on the next turn.
      if v_attempt > 2 then
        raise;
      end if;
      continue;
    end;
    exit;
  end loop;

  perform console_private.audit('refund.create', 'refund', v_refund.id::text, null,
    to_jsonb(v_refund) || jsonb_build_object('payment', (
      select jsonb_build_object('status', p.status, 'refund_amount', p.refund_amount)
        from public.payments p where p.id = v_refund.payment_id)),
    p_reason || coalesce(': ' || v_note, ''));
  return query select * from console_private.refund_result(v_refund.id, false);
end;
$$;

comment on function console.refund_payment(text, numeric, text, text, text) is
  'Refunds a succeeded or partially refunded payment (payments.refund): amount defaults to the refundable '
  'remainder; above refund_approval_threshold it awaits a second approver, else manual refunds succeed at once and '
  'processor refunds wait for confirm_refund. Serialised per payment; the idempotency key makes a retry return the '
  'first refund. Audited (refund.create).';

create function console.approve_refund(p_refund_id text)
returns table (
  id uuid, payment_id uuid, amount numeric, currency text, reason text, note text, status text, provider text,
  provider_refund_id text, idempotency_key text, requested_by uuid, approved_by uuid, approved_at timestamptz,
  completed_by uuid, completed_at timestamptz, failure_reason text, created_at timestamptz, updated_at timestamptz,
  payment_status text, payment_refund_amount numeric, payment_refundable numeric, replayed boolean
)
language plpgsql
set search_path = ''
as $$
declare
  v_before public.payment_refunds;
  v_after public.payment_refunds;
begin
  perform console_private.require('refunds.approve');
  v_before := console_private.find_refund(console_private.to_uuid('refund_id', p_refund_id));
  if v_before.status <> 'pending_approval' then
    perform console_private.refund_conflict(v_before);
  end if;
  if v_before.requested_by = auth.uid() then
    raise exception 'a second person must approve this refund: you requested it'
      using errcode = 'P0001', hint = 'Ask another finance or admin colleague to approve it.';
  end if;
  update public.payment_refunds r
     set status = case when r.provider = 'manual' then 'succeeded' else 'pending' end,
         approved_by = auth.uid(),
         approved_at = now()
   where r.id = v_before.id
  returning * into v_after;
  perform console_private.audit('refund.approve', 'refund', v_after.id::text, to_jsonb(v_before), to_jsonb(v_after));
  return query select * from console_private.refund_result(v_after.id, false);
end;
$$;

comment on function console.approve_refund(text) is
  'Second approval of a refund above the threshold (refunds.approve; not by its requester): manual → succeeded, '
  'processor → pending. Audited (refund.approve).';

create function console.reject_refund(p_refund_id text, p_reason text default null)
returns table (
  id uuid, payment_id uuid, amount numeric, currency text, reason text, note text, status text, provider text,
  provider_refund_id text, idempotency_key text, requested_by uuid, approved_by uuid, approved_at timestamptz,
  completed_by uuid, completed_at timestamptz, failure_reason text, created_at timestamptz, updated_at timestamptz,
  payment_status text, payment_refund_amount numeric, payment_refundable numeric, replayed boolean
)
language plpgsql
set search_path = ''
as $$
declare
  v_id uuid;
  v_reason text;
  v_before public.payment_refunds;
  v_after public.payment_refunds;
begin
  perform console_private.require('refunds.approve');
  v_id := console_private.to_uuid('refund_id', p_refund_id);
  v_reason := console_private.check_text('reason', p_reason, 2000);
  if v_reason is null then
    perform console_private.invalid('reason', 'is required: say why the refund is rejected');
  end if;
  v_before := console_private.find_refund(v_id);
  if v_before.status <> 'pending_approval' then
    perform console_private.refund_conflict(v_before);
  end if;
  update public.payment_refunds r
     set status = 'rejected', failure_reason = v_reason, completed_by = auth.uid(), completed_at = now()
   where r.id = v_before.id
  returning * into v_after;
  perform console_private.audit('refund.reject', 'refund', v_after.id::text, to_jsonb(v_before), to_jsonb(v_after), v_reason);
  return query select * from console_private.refund_result(v_after.id, false);
end;
$$;

comment on function console.reject_refund(text, text) is
  'Rejects a refund awaiting approval (refunds.approve; the requester may withdraw their own); its amount becomes '
  'refundable again. Audited (refund.reject).';

create function console.confirm_refund(p_refund_id text, p_provider_refund_id text)
returns table (
  id uuid, payment_id uuid, amount numeric, currency text, reason text, note text, status text, provider text,
  provider_refund_id text, idempotency_key text, requested_by uuid, approved_by uuid, approved_at timestamptz,
  completed_by uuid, completed_at timestamptz, failure_reason text, created_at timestamptz, updated_at timestamptz,
  payment_status text, payment_refund_amount numeric, payment_refundable numeric, replayed boolean
)
language plpgsql
set search_path = ''
as $$
declare
  v_id uuid;
  v_ref text;
  v_other uuid;
  v_before public.payment_refunds;
  v_after public.payment_refunds;
begin
  perform console_private.require('payments.refund');
  v_id := console_private.to_uuid('refund_id', p_refund_id);
  v_ref := console_private.check_text('provider_refund_id', p_provider_refund_id, 200);
  if v_ref is null then
    perform console_private.invalid('provider_refund_id', 'is required: the processor''s id of this refund');
  end if;
  v_before := console_private.find_refund(v_id);
  if v_before.status = 'succeeded' and v_before.provider_refund_id = v_ref then
    return query select * from console_private.refund_result(v_before.id, true); -- confirmed already: a retry.
    return;
  end if;
  if v_before.status <> 'pending' then
    perform console_private.refund_conflict(v_before);
  end if;
  select r.id into v_other from public.payment_refunds r
   where r.provider = v_before.provider and r.provider_refund_id = v_ref and r.id <> v_before.id;
  if found then
    raise exception 'provider_refund_id: % is already recorded for refund %', v_ref, v_other
      using errcode = '22023', detail = json_build_object('field', 'provider_refund_id', 'refund_id', v_other)::text;
  end if;
  update public.payment_refunds r
     set status = 'succeeded', provider_refund_id = v_ref, completed_by = auth.uid(), completed_at = now()
   where r.id = v_before.id
  returning * into v_after;
  perform console_private.audit('refund.confirm', 'refund', v_after.id::text, to_jsonb(v_before), to_jsonb(v_after));
  return query select * from console_private.refund_result(v_after.id, false);
end;
$$;

comment on function console.confirm_refund(text, text) is
  'Records that the processor refunded a pending refund (payments.refund), with its refund id (unique per '
  'provider): pending → succeeded, which updates the payment. Audited (refund.confirm).';

create function console.fail_refund(p_refund_id text, p_status text default 'failed', p_reason text default null)
returns table (
  id uuid, payment_id uuid, amount numeric, currency text, reason text, note text, status text, provider text,
  provider_refund_id text, idempotency_key text, requested_by uuid, approved_by uuid, approved_at timestamptz,
  completed_by uuid, completed_at timestamptz, failure_reason text, created_at timestamptz, updated_at timestamptz,
  payment_status text, payment_refund_amount numeric, payment_refundable numeric, replayed boolean
)
language plpgsql
set search_path = ''
as $$
declare
  v_id uuid;
  v_reason text;
  v_before public.payment_refunds;
  v_after public.payment_refunds;
begin
  perform console_private.require('payments.refund');
  v_id := console_private.to_uuid('refund_id', p_refund_id);
  if p_status is null or p_status not in ('failed', 'cancelled') then
    perform console_private.invalid('status', 'must be failed or cancelled');
  end if;
  v_reason := console_private.check_text('reason', p_reason, 2000);
  v_before := console_private.find_refund(v_id);
  if v_before.status <> 'pending' then
    perform console_private.refund_conflict(v_before);
  end if;
  update public.payment_refunds r
     set status = p_status, failure_reason = v_reason, completed_by = auth.uid(), completed_at = now()
   where r.id = v_before.id
  returning * into v_after;
  perform console_private.audit('refund.fail', 'refund', v_after.id::text, to_jsonb(v_before), to_jsonb(v_after), v_reason);
  return query select * from console_private.refund_result(v_after.id, false);
end;
$$;

comment on function console.fail_refund(text, text, text) is
  'Records that a pending refund failed at the processor or was cancelled (payments.refund); its amount becomes '
  'refundable again. Audited (refund.fail).';

-- ====== payments list ======

-- security definer: it uses the prefix indexes, which the caller's rls keeps the planner from using (like is not
-- leakproof); it returns only ids, and the caller's own query still applies rls to the rows.
create function console_private.payment_ids_matching(p_search text, p_limit integer)
returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform console_private.require('payments.read');
  return query execute format(
    '(select p.id from public.payments p where p.invoice_number like %1$L limit %4$s)
     union
     (select p.id from public.payments p where p.transaction_id like %2$L limit %4$s)
     union
     (select p.id from public.payments p
       where p.user_id = any (array(select u.id from public.users u where u.email like %3$L limit 1000))
       limit %4$s)
     limit %4$s',
    console_private.like_prefix(upper(p_search)), console_private.like_prefix(p_search),
    console_private.like_prefix(lower(p_search)), p_limit);
end;
$$;

comment on function console_private.payment_ids_matching(text, integer) is
  'Ids of up to p_limit payments whose invoice number (upper-cased), transaction id or payer email (lower-cased) '
  'starts with p_search (payments.read).';

-- the payments a search matches, or null when it matches more than search_id_limit.
create function console_private.payment_search_ids(p_search text)
returns uuid[]
language plpgsql
stable
set search_path = ''
as $$
declare
  v_ids uuid[] := array(select console_private.payment_ids_matching(p_search, console_private.search_id_limit() + 1));
begin
  return case when cardinality(v_ids) <= console_private.search_id_limit() then v_ids end;
end;
$$;

create function console_private.payments_where(
  p_status text[], p_provider text[], p_type text[], p_currency text[], p_from timestamptz, p_to timestamptz,
  p_min_amount numeric, p_max_amount numeric, p_search text
)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  v_where text := 'true';
  v_search text := console_private.check_text('search', p_search, 200);
  v_ids uuid[];
  v_status text[] := console_private.check_values('status', p_status,
    array['pending', 'succeeded', 'failed', 'partially_refunded', 'refunded']);
  v_provider text[] := console_private.check_values('provider', p_provider, array['stripe', 'paypal', 'manual']);
  v_type text[] := console_private.check_values('type', p_type, array['workshop', 'engagement', 'subscription', 'other']);
begin
  if p_currency is not null and cardinality(p_currency) > 0 then
    if cardinality(p_currency) > 50 or array_position(p_currency, null) is not null
       or exists (select 1 from unnest(p_currency) c where c !~ '^[A-Z]{3}$') then
      perform console_private.invalid('currency', 'must be ISO 4217 codes such as USD (at most 50)');
    end if;
    v_where := v_where || format(' and p.currency = any (%L::text[])', p_currency);
  end if;
  if p_from is not null and p_to is not null and p_from > p_to then
    perform console_private.invalid('from', 'must not be after "to"');
  end if;
  if p_min_amount is not null and p_min_amount < 0 then
    perform console_private.invalid('min_amount', 'must not be negative');
  end if;
  if p_max_amount is not null and p_max_amount < 0 then
    perform console_private.invalid('max_amount', 'must not be negative');
  end if;
  if p_min_amount is not null and p_max_amount is not null and p_min_amount > p_max_amount then
    perform console_private.invalid('min_amount', 'must not be above max_amount');
  end if;
  if v_status is not null then v_where := v_where || format(' and p.status = any (%L::text[])', v_status); end if;
  if v_provider is not null then v_where := v_where || format(' and p.provider = any (%L::text[])', v_provider); end if;
  if v_type is not null then v_where := v_where || format(' and p.payment_type = any (%L::text[])', v_type); end if;
  if p_from is not null then v_where := v_where || format(' and p.created_at >= %L::timestamptz', p_from); end if;
  if p_to is not null then v_where := v_where || format(' and p.created_at < %L::timestamptz', p_to); end if;
  if p_min_amount is not null then v_where := v_where || format(' and p.amount >= %L::numeric', p_min_amount); end if;
  if p_max_amount is not null then v_where := v_where || format(' and p.amount <= %L::numeric', p_max_amount); end if;
  if v_search is not null then
    v_ids := console_private.payment_search_ids(v_search);
  end if;
  if v_ids is not null then
    v_where := v_where || format(' and p.id = any (%L::uuid[])', v_ids);
  elsif v_search is not null then
    -- a prefix of the invoice number (any case), of the processor's transaction id, or of the payer's email.
    v_where := v_where || format(
      ' and (p.invoice_number like %L or p.transaction_id like %L'
      ' or p.user_id = any (array(select u.id from public.users u where u.email like %L limit 1000)))',
      console_private.like_prefix(upper(v_search)), console_private.like_prefix(v_search),
      console_private.like_prefix(lower(v_search)));
  end if;
  return v_where;
end;
$$;

create function console.list_payments(
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
set search_path = ''
as $$
declare
  v_col text;
  v_type text;
  v_dir text := case when p_desc then 'desc' else 'asc' end;
  v_where text;
begin
  perform console_private.require('payments.read');
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
  -- names come only for the page's rows, after the keyset limit.
  return query execute format(
    'select p.id, p.created_at, p.user_id, u.email, u.full_name, p.organization_id, l.organization_name,
            p.payment_type, p.related_entity_id, l.related_name, p.description, p.provider, p.transaction_id,
            p.amount, p.currency, p.refund_amount, p.refunded_at, p.status, p.invoice_number, p.invoice_url,
            jsonb_build_object(''v'', %1$s, ''id'', p.id)
       from (select p.* from public.payments p where %2$s order by %1$s %3$s, p.id %3$s limit %4$s) p
       left join public.users u on u.id = p.user_id
       left join lateral console_private.payment_labels(p.organization_id, p.payment_type, p.related_entity_id) l on true
      order by %1$s %3$s, p.id %3$s',
    v_col, v_where, coalesce(v_dir, 'desc'), console_private.check_limit(p_limit));
end;
$$;

comment on function console.list_payments(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text, text, boolean, jsonb, integer) is
  'Payments (payments.read) filtered by status, provider, type, currency, date and amount range, searched by '
  'invoice number, transaction id or payer email prefix; sorted by created_at, amount, status or provider; keyset pages.';

create function console.count_payments(
  p_status text[] default null,
  p_provider text[] default null,
  p_type text[] default null,
  p_currency text[] default null,
  p_from timestamptz default null,
  p_to timestamptz default null,
  p_min_amount numeric default null,
  p_max_amount numeric default null,
  p_search text default null
)
returns table (total bigint, is_estimate boolean)
language plpgsql
stable
set search_path = ''
as $$
declare
  v_sql text;
  v_search text;
begin
  perform console_private.require('payments.read');
  v_sql := 'select 1 from public.payments p where '
    || console_private.payments_where(p_status, p_provider, p_type, p_currency, p_from, p_to, p_min_amount,
                                      p_max_amount, p_search);
  v_search := console_private.check_text('search', p_search, 200);
  if v_search is not null and console_private.payment_search_ids(v_search) is null then
    return query select * from console_private.estimate_rows(v_sql, console_private.search_id_limit() + 1);
  else
    return query select * from console_private.count_rows(v_sql);
  end if;
end;
$$;

comment on function console.count_payments(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text) is
  'Number of payments list_payments would return (exact up to count_exact_limit, estimated above).';

create function console.payment_totals(
  p_status text[] default null,
  p_provider text[] default null,
  p_type text[] default null,
  p_currency text[] default null,
  p_from timestamptz default null,
  p_to timestamptz default null,
  p_min_amount numeric default null,
  p_max_amount numeric default null,
  p_search text default null
)
returns table (currency text, status text, payments bigint, amount numeric, refunded numeric)
language plpgsql
stable
set search_path = ''
as $$
begin
  perform console_private.require('payments.read');
  return query execute format(
    'select p.currency, p.status, count(*)::bigint, sum(p.amount)::numeric, sum(p.refund_amount)::numeric
       from public.payments p
      where %s
      group by p.currency, p.status
      order by p.currency, p.status',
    console_private.payments_where(p_status, p_provider, p_type, p_currency, p_from, p_to, p_min_amount,
                                   p_max_amount, p_search));
end;
$$;

comment on function console.payment_totals(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text) is
  'Totals of the filtered payments by currency and status: count, amount, refunded (payments.read).';

create function console.get_payment(p_payment_id text)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  v_id uuid;
  v_payment public.payments;
  v_result jsonb;
begin
  perform console_private.require('payments.read');
  v_id := console_private.to_uuid('payment_id', p_payment_id);
  select * into v_payment from public.payments p where p.id = v_id;
  if not found then
    raise exception 'payment % not found', v_id
      using errcode = 'P0002', detail = json_build_object('entity', 'payment', 'id', v_id)::text;
  end if;
  select jsonb_build_object(
           'payment', to_jsonb(v_payment) || jsonb_build_object(
             'payer_email', u.email, 'payer_name', u.full_name, 'organization_name', l.organization_name,
             'related_name', l.related_name, 'refundable', console_private.refund_remainder(v_payment.id)),
           'refunds', coalesce((
             select jsonb_agg(to_jsonb(r) || jsonb_build_object(
                      'requested_by_name', rq.full_name, 'approved_by_name', ap.full_name,
                      'completed_by_name', cp.full_name) order by r.created_at, r.id)
               from public.payment_refunds r
               left join public.users rq on rq.id = r.requested_by
               left join public.users ap on ap.id = r.approved_by
               left join public.users cp on cp.id = r.completed_by
              where r.payment_id = v_payment.id), '[]'),
           'audit', console_private.payment_audit(v_payment.id))
         || console_private.payment_related(v_payment)
    into v_result
    from (select 1) one
    left join public.users u on u.id = v_payment.user_id
    left join lateral console_private.payment_labels(v_payment.organization_id, v_payment.payment_type,
                                                     v_payment.related_entity_id) l on true;
  return v_result;
end;
$$;

comment on function console.get_payment(text) is
  'One payment with payer, organisation and related names, refundable remainder, its refunds, the related '
  'registration or engagement, and the audit history of the payment and its refunds (payments.read).';

-- ====== refunds list ======

create function console_private.refunds_where(p_status text[], p_payment_id text, p_from timestamptz, p_to timestamptz)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_where text := 'true';
  v_status text[] := console_private.check_values('status', p_status,
    array['pending_approval', 'pending', 'succeeded', 'failed', 'cancelled', 'rejected']);
begin
  if p_from is not null and p_to is not null and p_from > p_to then
    perform console_private.invalid('from', 'must not be after "to"');
  end if;
  if v_status is not null then v_where := v_where || format(' and r.status = any (%L::text[])', v_status); end if;
  if p_payment_id is not null then
    v_where := v_where || format(' and r.payment_id = %L::uuid', console_private.to_uuid('payment_id', p_payment_id));
  end if;
  if p_from is not null then v_where := v_where || format(' and r.created_at >= %L::timestamptz', p_from); end if;
  if p_to is not null then v_where := v_where || format(' and r.created_at < %L::timestamptz', p_to); end if;
  return v_where;
end;
$$;

create function console.list_refunds(
  p_status text[] default null,
  p_payment_id text default null,
  p_from timestamptz default null,
  p_to timestamptz default null,
  p_desc boolean default true,
  p_after jsonb default null,
  p_limit integer default 50
)
returns table (
  id uuid, created_at timestamptz, payment_id uuid, amount numeric, currency text, reason text, note text,
  status text, provider text, provider_refund_id text, requested_by uuid, requested_by_name text,
  approved_by uuid, approved_by_name text, approved_at timestamptz, completed_by uuid, completed_at timestamptz,
  failure_reason text, payment_amount numeric, payment_status text, invoice_number text, transaction_id text,
  payer_email text, cursor jsonb
)
language plpgsql
stable
set search_path = ''
as $$
declare
  v_dir text := case when coalesce(p_desc, true) then 'desc' else 'asc' end;
begin
  perform console_private.require('payments.read');
  return query execute format(
    'select r.id, r.created_at, r.payment_id, r.amount, r.currency, r.reason, r.note, r.status, r.provider,
            r.provider_refund_id, r.requested_by, rq.full_name, r.approved_by, ap.full_name, r.approved_at,
            r.completed_by, r.completed_at, r.failure_reason, p.amount, p.status, p.invoice_number, p.transaction_id,
            u.email, jsonb_build_object(''v'', r.created_at, ''id'', r.id)
       from (select r.* from public.payment_refunds r where %1$s order by r.created_at %2$s, r.id %2$s limit %3$s) r
       join public.payments p on p.id = r.payment_id
       left join public.users u on u.id = p.user_id
       left join public.users rq on rq.id = r.requested_by
       left join public.users ap on ap.id = r.approved_by
      order by r.created_at %2$s, r.id %2$s',
    console_private.refunds_where(p_status, p_payment_id, p_from, p_to)
      || console_private.keyset_after(p_after, 'r.created_at', 'timestamptz', 'r.id', coalesce(p_desc, true)),
    v_dir, console_private.check_limit(p_limit));
end;
$$;

comment on function console.list_refunds(text[], text, timestamptz, timestamptz, boolean, jsonb, integer) is
  'Refunds (payments.read) by status, payment and date, newest first by default, with payment and people; keyset '
  'pages. The approval queue is status {pending_approval}.';

create function console.count_refunds(
  p_status text[] default null,
  p_payment_id text default null,
  p_from timestamptz default null,
  p_to timestamptz default null
)
returns table (total bigint, is_estimate boolean)
language plpgsql
stable
set search_path = ''
as $$
begin
  perform console_private.require('payments.read');
  return query select * from console_private.count_rows('select 1 from public.payment_refunds r where '
    || console_private.refunds_where(p_status, p_payment_id, p_from, p_to));
end;
$$;

comment on function console.count_refunds(text[], text, timestamptz, timestamptz) is
  'Number of refunds list_refunds would return (exact up to count_exact_limit, estimated above).';

-- ====== grants ======

revoke execute on function
  console.refund_payment(text, numeric, text, text, text),
  console.approve_refund(text),
  console.reject_refund(text, text),
  console.confirm_refund(text, text),
  console.fail_refund(text, text, text),
  console.list_payments(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text, text, boolean, jsonb, integer),
  console.count_payments(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text),
  console.payment_totals(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text),
  console.get_payment(text),
  console.list_refunds(text[], text, timestamptz, timestamptz, boolean, jsonb, integer),
  console.count_refunds(text[], text, timestamptz, timestamptz),
  console_private.initial_refund_status(numeric, text),
  console_private.keyset_after(jsonb, text, text, text, boolean),
  console_private.check_values(text, text[], text[]),
  console_private.lock_payment(uuid),
  console_private.refund_remainder(uuid),
  console_private.payment_labels(uuid, text, uuid),
  console_private.payment_related(public.payments),
  console_private.payment_audit(uuid),
  console_private.refund_result(uuid, boolean),
  console_private.refund_conflict(public.payment_refunds),
  console_private.find_refund(uuid),
  console_private.payment_ids_matching(text, integer),
  console_private.payment_search_ids(text),
  console_private.payments_where(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text),
  console_private.refunds_where(text[], text, timestamptz, timestamptz)
  from public, anon;

grant execute on function
  console.refund_payment(text, numeric, text, text, text),
  console.approve_refund(text),
  console.reject_refund(text, text),
  console.confirm_refund(text, text),
  console.fail_refund(text, text, text),
  console.list_payments(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text, text, boolean, jsonb, integer),
  console.count_payments(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text),
  console.payment_totals(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text),
  console.get_payment(text),
  console.list_refunds(text[], text, timestamptz, timestamptz, boolean, jsonb, integer),
  console.count_refunds(text[], text, timestamptz, timestamptz),
  console_private.initial_refund_status(numeric, text),
  console_private.keyset_after(jsonb, text, text, text, boolean),
  console_private.check_values(text, text[], text[]),
  console_private.lock_payment(uuid),
  console_private.refund_remainder(uuid),
  console_private.payment_labels(uuid, text, uuid),
  console_private.payment_related(public.payments),
  console_private.payment_audit(uuid),
  console_private.refund_result(uuid, boolean),
  console_private.refund_conflict(public.payment_refunds),
  console_private.find_refund(uuid),
  console_private.payment_ids_matching(text, integer),
  console_private.payment_search_ids(text),
  console_private.payments_where(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text),
  console_private.refunds_where(text[], text, timestamptz, timestamptz)
  to authenticated, service_role;

-- ====== rollback ======
-- drop function if exists console.count_refunds(text[], text, timestamptz, timestamptz);
-- drop function if exists console.list_refunds(text[], text, timestamptz, timestamptz, boolean, jsonb, integer);
-- drop function if exists console_private.refunds_where(text[], text, timestamptz, timestamptz);
-- drop function if exists console.get_payment(text);
-- drop function if exists console.payment_totals(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text);
-- drop function if exists console.count_payments(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text);
-- drop function if exists console.list_payments(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text, text, boolean, jsonb, integer);
-- drop function if exists console_private.payments_where(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text);
-- drop function if exists console_private.payment_search_ids(text);
-- drop function if exists console_private.payment_ids_matching(text, integer);
-- drop function if exists console.fail_refund(text, text, text);
-- drop function if exists console.confirm_refund(text, text);
-- drop function if exists console.reject_refund(text, text);
-- drop function if exists console.approve_refund(text);
-- drop function if exists console.refund_payment(text, numeric, text, text, text);
-- drop function if exists console_private.find_refund(uuid);
-- drop function if exists console_private.refund_conflict(public.payment_refunds);
-- drop function if exists console_private.refund_result(uuid, boolean);
-- drop function if exists console_private.payment_audit(uuid);
-- drop function if exists console_private.payment_related(public.payments);
-- drop function if exists console_private.payment_labels(uuid, text, uuid);
-- drop function if exists console_private.refund_remainder(uuid);
-- drop function if exists console_private.lock_payment(uuid);
-- drop function if exists console_private.check_values(text, text[], text[]);
-- drop function if exists console_private.keyset_after(jsonb, text, text, text, boolean);
-- drop table if exists public.payment_refunds;
-- drop function if exists public.payment_refunds_apply();
-- drop function if exists public.payment_refunds_guard();
-- drop function if exists console_private.initial_refund_status(numeric, text);
-- alter policy "Users see own payments, members their org's; finance sees all" on public.payments
--   rename to "Users see own payments, members their org's; admins see all";
-- alter policy "Users see own payments, members their org's; admins see all" on public.payments
--   using (
--     user_id = (select auth.uid())
--     or (organization_id is not null and public.is_org_member(organization_id))
--     or (select public.is_admin())
--   );
-- drop index if exists public.idx_payments_transaction_id_prefix;
-- drop index if exists public.idx_payments_invoice_number_prefix;
-- drop index if exists public.idx_payments_provider_id;
-- drop index if exists public.idx_payments_provider_created_at_id;
-- drop index if exists public.idx_payments_status_id;
-- drop index if exists public.idx_payments_status_created_at_id;
-- drop index if exists public.idx_payments_amount_id;
-- drop index if exists public.idx_payments_created_at_id;
-- alter table public.payments drop constraint if exists payments_refund_status_check;
-- update public.payments set status = 'succeeded' where status = 'partially_refunded';
-- alter table public.payments drop constraint if exists payments_status_check;
-- alter table public.payments add constraint payments_status_check
--   check (status in ('pending', 'succeeded', 'failed', 'refunded'));
