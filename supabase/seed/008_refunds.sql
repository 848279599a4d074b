-- refund ledger demo data (local/dev only; needs migration 008, runs after seed.sql and seed/006_console_staff.sql).
--
-- what: the refunds behind seed.sql's refunded payments, recorded in the ledger; and new refunds in every state
-- (pending_approval, pending, succeeded, failed, cancelled, rejected) on seeded payments, so the console's payments
-- and refunds screens, the approval queue and reconciliation have something to show: partially refunded payments
-- at every provider, a workshop payment refunded in two parts (its registration cancelled, the seat freed), large
-- refunds awaiting, passing and failing the second approval.
-- how: rows go in as the owner through the ledger's triggers, exactly as in production: the payment's
-- refund_amount, refunded_at and status and the registration are derived by them, never written here. Requests are
-- by finance@humanglue.dev; second approvals by finance2@humanglue.dev (seed/006). Deterministic: payments are picked
-- by id order, processor refund ids come from md5 of fixed keys, times are relative to the payments.

-- ====== session helpers ======

-- records one refund and walks it along p_path (its statuses, first to last), as the console would have.
create function pg_temp.hg_refund(
  p_payment_id uuid,
  p_amount numeric,
  p_reason text,
  p_note text,
  p_key text,
  p_path text[],
  p_failure text default null
) returns void
language plpgsql
as $$
declare
  v_finance constant uuid := '5a000000-0000-4000-8000-000000000002';
  v_finance2 constant uuid := '5a000000-0000-4000-8000-000000000003';
  v_id uuid;
  v_from text;
  v_step text;
  v_at timestamptz;
begin
  select least(p.created_at + interval '2 days', now() - interval '1 day') into v_at
    from public.payments p where p.id = p_payment_id;
  insert into public.payment_refunds
    (payment_id, amount, reason, note, status, idempotency_key, requested_by, completed_by, completed_at, created_at,
     updated_at)
  values (p_payment_id, p_amount, p_reason, p_note, p_path[1], p_key, v_finance,
          case when p_path[1] = 'succeeded' then v_finance end, case when p_path[1] = 'succeeded' then v_at end,
          v_at, v_at)
  returning id into v_id;
  v_from := p_path[1];
  foreach v_step in array p_path[2:] loop
    v_at := v_at + interval '3 hours';
    update public.payment_refunds r
       set status = v_step,
           approved_by = case when v_from = 'pending_approval' and v_step <> 'rejected' then v_finance2 else r.approved_by end,
           approved_at = case when v_from = 'pending_approval' and v_step <> 'rejected' then v_at else r.approved_at end,
           completed_by = case when v_step in ('succeeded', 'failed', 'cancelled', 'rejected')
                               then case when v_from = 'pending_approval' then v_finance2 else v_finance end end,
           completed_at = case when v_step in ('succeeded', 'failed', 'cancelled', 'rejected') then v_at end,
           provider_refund_id = case when v_step = 'succeeded' then
                                  case r.provider
                                    when 'stripe' then 're_' || substr(md5('refund-' || p_key), 1, 24)
                                    when 'paypal' then upper(substr(md5('refund-' || p_key), 1, 17))
                                  end
                                end,
           failure_reason = case when v_step in ('failed', 'cancelled', 'rejected') then p_failure end
     where r.id = v_id;
    v_from := v_step;
  end loop;
end;
$$;

-- ====== refunds recorded before the ledger ======
-- seed.sql wrote its refunded payments with refund_amount and refunded_at filled in. Each becomes one succeeded
-- refund: the payment is set back to succeeded and the ledger trigger derives its refund columns again (the
-- cancelled pilot's deposit, refunded less the hours used, ends partially_refunded).
create temp table seed_past_refunds on commit preserve rows as
select p.id as payment_id, p.refund_amount as amount, p.refunded_at, p.provider, p.currency, p.payment_type,
       p.metadata ->> 'refund_reason' as refund_reason
  from public.payments p
 where p.refund_amount > 0
   and not exists (select 1 from public.payment_refunds r where r.payment_id = p.id);

update public.payments p
   set status = 'succeeded', refund_amount = 0, refunded_at = null
  from seed_past_refunds s
 where s.payment_id = p.id;

insert into public.payment_refunds
  (payment_id, amount, currency, reason, note, status, provider, provider_refund_id, idempotency_key, requested_by,
   completed_by, completed_at, created_at, updated_at)
select s.payment_id, s.amount, s.currency,
       case when s.refund_reason = 'duplicate' then 'duplicate'
            when s.payment_type = 'workshop' then 'requested_by_customer'
            when s.payment_type = 'engagement' then 'requested_by_customer'
            else 'other' end,
       case when s.refund_reason = 'duplicate' then 'Charged twice; the second charge is returned.'
            when s.payment_type = 'workshop' then 'Registration cancelled by the learner.'
            when s.payment_type = 'engagement' then 'Pilot cancelled: deposit returned less the hours delivered.'
            else null end,
       'succeeded', s.provider,
       case s.provider
         when 'stripe' then 're_' || substr(md5('refund-' || s.payment_id), 1, 24)
         when 'paypal' then upper(substr(md5('refund-' || s.payment_id), 1, 17))
       end,
       'seed-past-' || s.payment_id,
       u.id, u.id, s.refunded_at, s.refunded_at - interval '2 hours', s.refunded_at
  from seed_past_refunds s
  join public.users u on u.email = 'admin@humanglue.dev'
 order by s.payment_id;

-- ====== new refunds, in every state ======
-- candidates: succeeded workshop payments of learners still registered for a published workshop with free seats
-- (never the sold-out cohort), and the large engagement, subscription and one-off payments.
create temp table seed_refund_targets on commit preserve rows as
select 'workshop:' || p.provider || ':' || row_number() over (partition by p.provider order by p.id) as tag,
       p.id, p.amount
  from public.payments p
  join public.workshop_registrations r on r.payment_id = p.id
  join public.workshops w on w.id = r.workshop_id
 where p.status = 'succeeded' and p.payment_type = 'workshop' and r.status = 'registered'
   and w.status = 'published' and w.capacity_remaining > 0 and p.amount between 100 and 1000
union all
select p.payment_type || ':' || p.provider || ':' || row_number() over (partition by p.payment_type, p.provider order by p.id),
       p.id, p.amount
  from public.payments p
 where p.status = 'succeeded' and p.payment_type in ('engagement', 'subscription', 'other') and p.amount > 1000;

-- partially refunded, confirmed by the processor (stripe).
select pg_temp.hg_refund(t.id, round(t.amount * 0.4, 2), 'service_issue',
         'Recording was unavailable for the second half; 40% returned.', 'seed-refund-0001',
         array['pending', 'succeeded'])
  from seed_refund_targets t where t.tag = 'workshop:stripe:1';

-- partially refunded (paypal), and a second attempt the processor declined.
select pg_temp.hg_refund(t.id, round(t.amount * 0.3, 2), 'requested_by_customer',
         'Partial refund agreed: attended one of two days.', 'seed-refund-0002', array['pending', 'succeeded'])
  from seed_refund_targets t where t.tag = 'workshop:paypal:1';
select pg_temp.hg_refund(t.id, round(t.amount * 0.2, 2), 'service_issue', 'Goodwill for the venue change.',
         'seed-refund-0003', array['pending', 'failed'], 'PayPal: PAYEE_ACCOUNT_RESTRICTED. Retry by bank transfer.')
  from seed_refund_targets t where t.tag = 'workshop:paypal:1';

-- partially refunded by bank transfer (manual refunds are done at once).
select pg_temp.hg_refund(t.id, round(t.amount * 0.25, 2), 'requested_by_customer',
         'Early-bird price honoured after the deadline.', 'seed-refund-0004', array['succeeded'])
  from seed_refund_targets t where t.tag = 'workshop:manual:1';

-- refunded in two parts: the registration is cancelled and its seat freed by the triggers.
select pg_temp.hg_refund(t.id, round(t.amount / 2, 2), 'requested_by_customer',
         'Cannot attend: first half refunded now.', 'seed-refund-0005', array['pending', 'succeeded'])
  from seed_refund_targets t where t.tag = 'workshop:stripe:2';
select pg_temp.hg_refund(t.id, t.amount - round(t.amount / 2, 2), 'requested_by_customer',
         'Cannot attend: remainder refunded after the transfer deadline passed.', 'seed-refund-0006',
         array['pending', 'succeeded'])
  from seed_refund_targets t where t.tag = 'workshop:stripe:2';

-- waiting for the processor.
select pg_temp.hg_refund(t.id, 50.00, 'service_issue', 'Course materials arrived late.', 'seed-refund-0007',
         array['pending'])
  from seed_refund_targets t where t.tag = 'workshop:stripe:3';

-- cancelled before the processor ran it: the amount is refundable again.
select pg_temp.hg_refund(t.id, t.amount, 'requested_by_customer', 'Wanted to move to the next cohort.',
         'seed-refund-0008', array['pending', 'cancelled'], 'Customer transferred to the spring cohort instead.')
  from seed_refund_targets t where t.tag = 'workshop:paypal:2';

-- above the approval threshold, awaiting a second approver (finance2@ can approve it in the demo).
select pg_temp.hg_refund(t.id, 1500.00, 'service_issue', 'Two sessions delivered by a substitute expert.',
         'seed-refund-0009', array['pending_approval'])
  from seed_refund_targets t where t.tag = 'engagement:manual:1';

-- approved by a second person, now with the processor.
select pg_temp.hg_refund(t.id, t.amount, 'duplicate', 'Card charged on both the old and the new plan.',
         'seed-refund-0010', array['pending_approval', 'pending'])
  from seed_refund_targets t where t.tag = 'subscription:stripe:1';

-- rejected by the second approver.
select pg_temp.hg_refund(t.id, t.amount, 'requested_by_customer', 'Asked to cancel mid-term.', 'seed-refund-0011',
         array['pending_approval', 'rejected'], 'The contract runs to the end of the term; no refund is due.')
  from seed_refund_targets t where t.tag = 'subscription:manual:1';

-- approved, sent and confirmed: a partially refunded paypal engagement.
select pg_temp.hg_refund(t.id, 1200.00, 'service_issue', 'Final workshop of the engagement not delivered.',
         'seed-refund-0012', array['pending_approval', 'pending', 'succeeded'])
  from seed_refund_targets t where t.tag = 'engagement:paypal:1';

-- approved and, being a bank transfer, done at once.
select pg_temp.hg_refund(t.id, 1100.00, 'other', 'Debrief shortened to half a day at the client''s request.',
         'seed-refund-0013', array['pending_approval', 'succeeded'])
  from seed_refund_targets t where t.tag = 'other:manual:1';

drop table seed_refund_targets;
drop table seed_past_refunds;
