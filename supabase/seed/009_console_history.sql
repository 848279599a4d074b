-- the console's audit history for the demo data (local/dev only; runs after seed/006–008).
--
-- what: the audit entries the console would have written for what the other seed files record as already done:
-- the staff roles the admin granted, the flags the moderator set (console.review_decisions), and every step of the
-- seeded refunds (requested, approved, confirmed, failed, rejected), each at the time and by the person its row
-- names. so the audit log, a review's moderation history and a payment's history open on a past, not on nothing.
-- how: entries are derived from the rows, never invented beside them: same actions, entities and before/after shapes
-- as the console functions write (006–008), actor_role 'authenticated' as for a call through the api.

-- ====== staff roles, granted by the platform admin when the staff accounts were made ======
insert into console.audit_log (occurred_at, actor_id, actor_email, actor_role, action, entity, entity_id, before, after, reason)
select au.created_at + interval '1 hour', a.id, a.email, 'authenticated', 'role.grant', 'user', ur.user_id::text, null,
       to_jsonb(ur), 'New console staff member'
  from public.user_roles ur
  join auth.users au on au.id = ur.user_id
  join public.users a on a.id = ur.granted_by
 where ur.role in ('moderator', 'finance', 'leadership')
 order by au.created_at, ur.user_id;

-- ====== moderation decisions ======
insert into console.audit_log (occurred_at, actor_id, actor_email, actor_role, action, entity, entity_id, before, after, reason)
select d.decided_at, d.decided_by, u.email, 'authenticated', 'review.' || d.decision, 'review', d.review_id::text,
       jsonb_build_object('status', d.from_status, 'version', d.from_version),
       jsonb_build_object('status', d.to_status, 'version', d.to_version, 'moderation_reason', d.reason,
                          'moderated_by', d.decided_by, 'moderated_at', d.decided_at, 'decision_id', d.id),
       d.reason
  from console.review_decisions d
  join public.users u on u.id = d.decided_by
 order by d.decided_at, d.id;

-- ====== refunds: each step at its time, by its person ======
with steps as (
  -- requested: what refund_payment records (the refund as created, and the payment's state).
  select r.created_at as at, r.requested_by as actor, 'refund.create' as action, r.id, null::jsonb as before,
         jsonb_build_object('amount', r.amount, 'currency', r.currency, 'reason', r.reason, 'note', r.note,
                            'status', case when r.approved_by is not null or r.status in ('pending_approval', 'rejected')
                                           then 'pending_approval' else 'pending' end,
                            'payment_id', r.payment_id, 'provider', r.provider) as after,
         null::text as why
    from public.payment_refunds r
   where r.requested_by is not null
  union all
  -- a second approver passed it on to the processor.
  select r.approved_at, r.approved_by, 'refund.approve', r.id, jsonb_build_object('status', 'pending_approval'),
         jsonb_build_object('status', 'pending', 'approved_by', r.approved_by, 'approved_at', r.approved_at), null
    from public.payment_refunds r
   where r.approved_by is not null and r.approved_at is not null
  union all
  -- how it ended: confirmed by the processor, failed there, or refused by the second approver.
  select r.completed_at, r.completed_by,
         case r.status when 'succeeded' then 'refund.confirm' when 'failed' then 'refund.fail' else 'refund.reject' end,
         r.id,
         jsonb_build_object('status', case when r.status = 'rejected' then 'pending_approval' else 'pending' end),
         jsonb_build_object('status', r.status, 'provider_refund_id', r.provider_refund_id, 'completed_at', r.completed_at,
                            'failure_reason', r.failure_reason),
         r.failure_reason
    from public.payment_refunds r
   where r.status in ('succeeded', 'failed', 'rejected') and r.completed_by is not null and r.completed_at is not null
)
insert into console.audit_log (occurred_at, actor_id, actor_email, actor_role, action, entity, entity_id, before, after, reason)
select s.at, s.actor, u.email, 'authenticated', s.action, 'refund', s.id::text, s.before, s.after, s.why
  from steps s
  join public.users u on u.id = s.actor
 order by s.at, s.id, s.action;
