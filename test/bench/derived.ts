// What the per-row triggers the load skips would have derived, rebuilt set-based after the bulk inserts (before
// the secondary indexes are rebuilt, while updating rows is cheapest). The consistency check compares each with the
// schema's own definition of the rule.
import type { Features, Step } from './load-steps.js';

/** Rebuilds, set-based, everything the skipped per-row triggers would have derived. */
export function derivedSteps(features: Features): Step[] {
  const steps: Step[] = [
    {
      name: 'workshop ratings',
      // review_ratings(): approved workshop reviews, 2 decimals, 0 when none.
      sql: `
update public.workshops w
   set average_rating = coalesce(s.average_rating, 0), review_count = s.review_count
  from (select w2.id, round(avg(r.rating), 2) as average_rating, count(r.id)::integer as review_count
          from public.workshops w2
          left join public.reviews r on r.workshop_id = w2.id and r.review_type = 'workshop' and r.status = 'approved'
         group by w2.id) s
 where w.id = s.id
   and (w.average_rating, w.review_count) is distinct from (coalesce(s.average_rating, 0), s.review_count)`,
    },
    {
      name: 'expert ratings',
      // expert_rating_signals() set-based: the mean of completed engagements' satisfaction scores and approved
      // expert reviews, 2 decimals, 0 when none; review_count = approved expert reviews. (The consistency check
      // compares every profile with the function itself.)
      sql: `
update public.talent_profiles tp
   set rating = coalesce(s.rating, 0), review_count = s.review_count
  from (select t.user_id, round(avg(x.score), 2) as rating,
               (count(*) filter (where x.source = 'review'))::integer as review_count
          from public.talent_profiles t
          left join (select e.expert_id, 'engagement' as source, e.client_satisfaction_score::numeric as score
                       from public.engagements e
                      where e.status = 'completed' and e.client_satisfaction_score is not null
                     union all
                     select r.expert_id, 'review', r.rating::numeric
                       from public.reviews r
                      where r.review_type = 'expert' and r.status = 'approved') x on x.expert_id = t.user_id
         group by t.user_id) s
 where tp.user_id = s.user_id
   and (tp.rating, tp.review_count) is distinct from (coalesce(s.rating, 0), s.review_count)`,
    },
    {
      name: 'workshop seats',
      // 002's seat trigger: capacity_remaining = capacity_total - registrations that are not cancelled. The load's
      // workshops start with 40 seats; one whose registrations hold more is given what they hold and, mostly, a few
      // spare (as if the instructor had raised the capacity before they booked); every fifth of those sold out.
      sql: `
update public.workshops w
   set capacity_total = s.total, capacity_remaining = s.total - s.held
  from (select w2.id, coalesce(h.held, 0) as held,
               case when coalesce(h.held, 0) > w2.capacity_total
                    then h.held + case when abs(hashtext(w2.id::text)) % 5 = 0 then 0 else 1 + abs(hashtext(w2.id::text)) % 25 end
                    else w2.capacity_total end as total
          from public.workshops w2
          left join (select r.workshop_id, count(*)::integer as held from public.workshop_registrations r
                      where r.status <> 'cancelled' group by r.workshop_id) h on h.workshop_id = w2.id) s
 where w.id = s.id
   and (w.capacity_total, w.capacity_remaining) is distinct from (s.total, s.total - s.held)`,
    },
    {
      name: 'engagement hours',
      // 004's engagement_session_hours(): hours_used = completed sessions' hours (the load keeps them within
      // hours_total; the column's check refuses anything else).
      sql: `
update public.engagements e
   set hours_used = s.used
  from (select e2.id, coalesce(x.used, 0) as used
          from public.engagements e2
          left join (select es.engagement_id, sum(es.duration_hours) as used from public.engagement_sessions es
                      where es.status = 'completed' group by es.engagement_id) x on x.engagement_id = e2.id) s
 where e.id = s.id
   and e.hours_used is distinct from s.used`,
    },
  ];
  if (features.refunds) {
    steps.push({
      name: 'payments from the refund ledger',
      // payment_refunds_apply(): refund_amount = sum of succeeded refunds, refunded_at = the latest, and the status.
      sql: `
update public.payments p
   set refund_amount = s.refunded, refunded_at = s.last,
       status = case when s.refunded >= p.amount then 'refunded' else 'partially_refunded' end
  from (select r.payment_id, sum(r.amount) as refunded, max(r.completed_at) as last
          from public.payment_refunds r where r.status = 'succeeded' group by r.payment_id) s
 where p.id = s.payment_id
   and (p.refund_amount, p.refunded_at, p.status) is distinct from
       (s.refunded, s.last, case when s.refunded >= p.amount then 'refunded' else 'partially_refunded' end)`,
    });
  }
  return steps;
}
