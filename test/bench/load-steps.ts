// The set-based SQL that fills a migrated database at benchmark volume. Every statement is one
// `insert … select … from generate_series(…)`; "random" values come from hashes of the row number (pg_temp.rnd), so
// a given scale always produces the same data, and related rows are found arithmetically (ids are md5('<kind>:<n>')),
// never by joining what was just loaded. Run with session_replication_role = replica: per-row triggers and foreign
// key checks are skipped, and derived.ts rebuilds what those triggers derive. Steps join the small tables loaded
// before them (workshops, engagements) for their attributes; of the big ones, only the refund ledger (the payments it
// refunds) and the certificates (the completed registrations and assessments they certify) read back what was loaded.
import { BENCH_STAFF, KINDS, LARGE_WORKSHOP, type Volume } from './volume.js';

export interface Features {
  /** 008: public.payment_refunds, the refund ledger. */
  refunds: boolean;
  /** 010: console.assessment_monthly, the trend rollup. */
  rollup: boolean;
}

export interface Step {
  name: string;
  /** Rows the step is expected to insert into `table` (checked by the consistency check). */
  table?: string;
  rows?: number;
  sql: string;
  /**
   * Bulk steps name a lane: with two connections, lane A and lane B run side by side (each lane's steps in order);
   * consecutive laned steps form one parallel phase. Steps without a lane run alone, in order.
   */
  lane?: 'A' | 'B';
}

const ZERO_INSTANCE = '00000000-0000-0000-0000-000000000000';

/** Session helpers; pg_temp keeps them out of the schema (they vanish with the connection). */
export const HELPERS = `
create or replace function pg_temp.rnd(i bigint, salt integer) returns double precision
language sql immutable parallel safe
as $$ select ((hashint8extended(i, salt) >> 11) & 9007199254740991)::double precision / 9007199254740992.0 $$;

create or replace function pg_temp.pick(i bigint, salt integer, n bigint) returns bigint
language sql immutable parallel safe
as $$ select floor(pg_temp.rnd(i, salt) * n)::bigint $$;

create or replace function pg_temp.id(kind text, n bigint) returns uuid
language sql immutable parallel safe
as $$ select md5(kind || ':' || n::text)::uuid $$;

-- a certificate's number ends in the first 8 hex digits of its id (the 005 trigger's format), so those 8 digits are a
-- bijection of n (an odd multiplier mod 2^32): numbers never collide, however many certificates share a day.
create or replace function pg_temp.cert_id(n bigint) returns uuid
language sql immutable parallel safe
as $$ select (lpad(to_hex(((n * 2654435761) % 4294967296) # 1540483477), 8, '0')
              || substr(md5('${KINDS.certificate}:' || n::text), 9))::uuid $$;

-- the 005 trigger's certificate number (generate_certificate_number), which the load skips.
create or replace function pg_temp.cert_number(type text, issued date, id uuid) returns text
language sql immutable parallel safe
as $$ select 'CERT-' || upper(type) || '-' || to_char(issued, 'YYYYMMDD') || '-' || upper(left(id::text, 8)) $$;
`;

export function planSteps(v: Volume, features: Features): Step[] {
  const O = v.organizations;
  const U = v.users;
  const I = v.instructors;
  const E = v.experts;
  const R0 = I + E; // users 1..I instruct, I+1..R0 are marketplace experts, the rest are learners
  const NR = U - R0;
  const span = `interval '3 years'`;
  // user n belongs to organisation 1 + (n - 1) % O.
  const orgOfUser = (n: string) => `pg_temp.id('${KINDS.org}', 1 + ((${n}) - 1) % ${O})`;
  const learner = (n: string, salt: number) => `(${R0 + 1} + pg_temp.pick(${n}, ${salt}, ${NR}))`;
  const staffIds = Object.values(BENCH_STAFF);
  const W = v.workshops;
  const G = v.engagements;
  const P = v.payments;
  const RG = v.registrations;

  // registrations. Workshops 1..W1 take them; the last 3% are drafts nobody can book yet. Registration r is learner
  // u0 = (r - 1) % NR's ((r - 1) / NR)-th booking, in consecutive workshops from a start skewed towards the first
  // ones (a few workshops draw thousands, most a few dozen): (workshop, user) pairs never repeat as long as no learner
  // books more than W1 workshops.
  const W1 = W - Math.floor(W * 0.03);
  if (Math.ceil(RG / NR) > W1) throw new Error(`bench volume: ${RG} registrations need more than ${W1} workshops per learner`);
  if (LARGE_WORKSHOP > W1) throw new Error(`bench volume: workshop ${LARGE_WORKSHOP} is a draft at ${W} workshops`);
  const regUser = (r: string) => `(${R0 + 1} + ((${r}) - 1) % ${NR})`;
  const regWorkshop = (r: string) =>
    `(1 + (((${r}) - 1) / ${NR} + floor(${W1} * power(pg_temp.rnd(((${r}) - 1) % ${NR}, 130), 3))::bigint) % ${W1})`;
  // booked in the two months before the workshop's date; for a workshop still to come, in the part of those two
  // months that has passed (never in the future).
  const regAt = (r: string, date: string) =>
    `least(now() - interval '1 hour',
           ${date}::timestamptz - interval '61 days'
           + pg_temp.rnd(${r}, 131) * (least(now() - interval '1 hour', ${date}::timestamptz - interval '1 day')
                                       - (${date}::timestamptz - interval '61 days')))`;
  // payment i is a workshop payment when this holds (the payments step's kind); for i <= min(P, RG) it pays for
  // registration i (its learner, workshop and price), which links it unless it failed. The payment keeps its own
  // place in the payments' timeline (payment_totals and the payment lists see the same spread as before).
  const paysWorkshop = (i: string) => `pg_temp.rnd(${i}, 73) < 0.5`;
  const paymentFailed = (i: string) => `pg_temp.rnd(${i}, 76) >= 0.93`;
  const linked = (i: string) => `((${i}) <= ${Math.min(P, RG)} and ${paysWorkshop(i)})`;
  // engagement sessions: session s is the ((s - 1) / G)-th of engagement 1 + (s - 1) % G, so no engagement has more
  // than perEngagement, each at most 2 hours: hours_total (at least 2 h a session) always covers the completed ones.
  const perEngagement = Math.ceil(v.sessions / G);
  // revoked_at, revoked_by, revocation_reason: a few certificates are revoked by support after they were issued.
  const revoked = (n: string, at: string) => `
         case when pg_temp.rnd(${n}, 141) < 0.002 then least(now(), ${at} + interval '1 day' + pg_temp.rnd(${n}, 143) * interval '200 days') end,
         case when pg_temp.rnd(${n}, 141) < 0.002 then '${BENCH_STAFF.support}'::uuid end,
         case when pg_temp.rnd(${n}, 141) < 0.002 then (array['Issued in error: attendance was not confirmed.',
              'Requested by the holder''s organisation after an audit.'])[1 + pg_temp.pick(${n}, 144, 2)] end`;
  const minBudget = 5 * Math.ceil((2 * perEngagement) / 5);

  const steps: Step[] = [];

  steps.push({
    name: 'organizations',
    table: 'public.organizations',
    rows: O,
    sql: `
insert into public.organizations (id, name, slug, subscription_tier, subscription_status, company_size, industry,
                                  website, settings, created_at, updated_at)
select pg_temp.id('${KINDS.org}', k),
       (array['Northern','Bright','Silver','Blue','Summit','Harbor','Granite','Evergreen','Crescent','Pioneer',
              'Atlas','Beacon','Cobalt','Delta','Ember','Falcon'])[1 + k % 16] || ' ' ||
       (array['Logistics','Health','Labs','Financial','Retail','Energy','Media','Systems','Foods','Partners',
              'Mobility','Analytics'])[1 + (k / 16) % 12] || ' ' || k,
       'bench-org-' || k,
       (array['starter','growth','enterprise'])[1 + pg_temp.pick(k, 1, 3)],
       case when pg_temp.rnd(k, 2) < 0.9 then 'active' when pg_temp.rnd(k, 2) < 0.95 then 'past_due' else 'trialing' end,
       (array['11-50','51-200','201-500','501-1000','1001-5000','5000+'])[1 + pg_temp.pick(k, 3, 6)],
       (array['Logistics','Healthcare','Software','Financial services','Retail','Energy'])[1 + pg_temp.pick(k, 4, 6)],
       'https://bench-org-' || k || '.example',
       jsonb_build_object('seats', 20 + pg_temp.pick(k, 5, 500)),
       now() - ${span}, now() - ${span}
  from generate_series(1, ${O}) k`,
  });

  // people: learners, instructors and experts, each a member of one organisation.
  steps.push({
    name: 'people (working table)',
    sql: `
create temp table bench_people on commit preserve rows as
select n, pg_temp.id('${KINDS.user}', n) as id, f.first || ' ' || l.last as full_name,
       lower(f.first || '.' || l.last || '.' || n) || '@bench-org-' || (1 + (n - 1) % ${O}) || '.example' as email,
       1 + (n - 1) % ${O} as org_n,
       now() - ${span} + (n::double precision / ${U}) * ${span} - pg_temp.rnd(n, 10) * interval '2 days' as created_at,
       case when pg_temp.rnd(n, 11) < 0.98 then 'active' when pg_temp.rnd(n, 11) < 0.99 then 'inactive' else 'suspended' end as status,
       pg_temp.rnd(n, 12) as seen
  from generate_series(1, ${U}) n
 cross join lateral (select (array['Ava','Liam','Maya','Noah','Priya','Kenji','Amara','Lukas','Grace','Tomas',
        'Elena','Marcus','Zara','Omar','Ines','Felix','Hana','Diego','Freya','Yusuf'])[1 + n % 20] as first) f
 cross join lateral (select (array['Okafor','Lindqvist','Nair','Reyes','Bell','Rossi','Osei','Brenner','Whitfield',
        'Watanabe','Herrera','Sorensen','Qureshi','Brandt','Kowalski','Dubois','Silva','Novak','Khan','Moreau'])
        [1 + (n / 20) % 20] as last) l`,
  });

  steps.push({
    name: 'auth.users',
    table: 'auth.users',
    rows: U + staffIds.length,
    sql: `
insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, last_sign_in_at,
                        raw_app_meta_data, raw_user_meta_data, created_at, updated_at, confirmation_token,
                        recovery_token, email_change_token_new, email_change)
select '${ZERO_INSTANCE}'::uuid, p.id, 'authenticated', 'authenticated', p.email, '', p.created_at,
       case when p.seen < 0.85 then p.created_at + (now() - p.created_at) * (0.5 + p.seen / 2) end,
       '{"provider": "email", "providers": ["email"]}'::jsonb, jsonb_build_object('full_name', p.full_name),
       p.created_at, p.created_at, '', '', '', ''
  from bench_people p
union all
select '${ZERO_INSTANCE}'::uuid, s.id::uuid, 'authenticated', 'authenticated', 'bench-' || s.role || '@humanglue.dev', '',
       now() - ${span}, now() - interval '1 hour', '{"provider": "email", "providers": ["email"]}',
       jsonb_build_object('full_name', 'Bench ' || initcap(s.role)), now() - ${span}, now() - ${span}, '', '', '', ''
  from (values ${staffIds.map((id, i) => `('${id}', '${Object.keys(BENCH_STAFF)[i]}')`).join(', ')}) s (id, role)`,
  });

  // the on_auth_user_created trigger is off during the load: profiles are inserted here, as it would have.
  steps.push({
    name: 'public.users',
    table: 'public.users',
    rows: U + staffIds.length,
    sql: `
insert into public.users (id, email, full_name, company_name, job_title, status, last_sign_in_at, created_at, updated_at)
select a.id, lower(a.email), a.raw_user_meta_data ->> 'full_name', o.name,
       (array['Analyst','Engineer','Manager','Director','Designer','Consultant','Coordinator','Specialist'])
         [1 + pg_temp.pick(p.n, 13, 8)],
       p.status, a.last_sign_in_at, a.created_at, a.created_at
  from bench_people p
  join auth.users a on a.id = p.id
  join public.organizations o on o.id = pg_temp.id('${KINDS.org}', p.org_n)
union all
select a.id, lower(a.email), a.raw_user_meta_data ->> 'full_name', 'HumanGlue', 'Console staff', 'active',
       a.last_sign_in_at, a.created_at, a.created_at
  from auth.users a
 where a.id in (${staffIds.map((id) => `'${id}'`).join(', ')})`,
  });

  steps.push({
    name: 'public.user_roles',
    table: 'public.user_roles',
    rows: U + I + E + O + staffIds.length,
    sql: `
insert into public.user_roles (user_id, role, organization_id, created_at, updated_at)
select p.id, 'user', pg_temp.id('${KINDS.org}', p.org_n), p.created_at, p.created_at from bench_people p
union all
select p.id, case when p.n <= ${I} then 'instructor' else 'expert' end, null, p.created_at, p.created_at
  from bench_people p where p.n <= ${R0}
union all
select pg_temp.id('${KINDS.user}', ${R0} + k), 'admin', pg_temp.id('${KINDS.org}', 1 + (${R0} + k - 1) % ${O}),
       now() - ${span}, now() - ${span}
  from generate_series(1, ${O}) k
union all
select s.id::uuid, s.role, null, now() - ${span}, now() - ${span}
  from (values ${staffIds.map((id, i) => `('${id}', '${Object.keys(BENCH_STAFF)[i]!.replace(/2$/, '')}')`).join(', ')}) s (id, role)`,
  });

  steps.push({
    name: 'public.workshops',
    table: 'public.workshops',
    rows: v.workshops,
    sql: `
insert into public.workshops (id, title, description, instructor_id, pillar, level, format, schedule_date,
                              duration_minutes, capacity_total, capacity_remaining, price_amount, currency, tags,
                              status, created_at, updated_at)
select pg_temp.id('${KINDS.workshop}', w),
       (array['Leading through change','AI for managers','Habits that stick','Coaching conversations',
              'Decision velocity','Culture by design','Embedding new tools','Resilient teams'])[1 + w % 8] || ' ' || w,
       'A hands-on session on adapting teams to AI.',
       pg_temp.id('${KINDS.user}', 1 + (w - 1) % ${I}),
       (array['adaptability','coaching','marketplace'])[1 + pg_temp.pick(w, 20, 3)],
       (array['beginner','intermediate','advanced'])[1 + pg_temp.pick(w, 21, 3)],
       case when w = ${LARGE_WORKSHOP} then 'recorded' else (array['live','hybrid','recorded'])[1 + pg_temp.pick(w, 22, 3)] end,
       (now() - ${span} + pg_temp.rnd(w, 23) * interval '3 years 2 months')::date,
       60 + 30 * pg_temp.pick(w, 24, 6), 40, 40, (49 + pg_temp.pick(w, 25, 1450))::numeric(12,2), 'USD',
       array['ai', 'change'],
       -- seats (capacity_total 40 here) are sized to the registrations afterwards (derived.ts).
       case when w > ${W1} then 'draft' when w = ${LARGE_WORKSHOP} then 'published'
            when pg_temp.rnd(w, 26) < 0.87 then 'published' when pg_temp.rnd(w, 26) < 0.95 then 'archived'
            else 'cancelled' end,
       now() - ${span}, now() - ${span}
  from generate_series(1, ${W}) w`,
  });

  steps.push({
    name: 'public.talent_profiles',
    table: 'public.talent_profiles',
    rows: E,
    sql: `
insert into public.talent_profiles (id, user_id, tagline, bio, expertise, years_experience, coaching_style,
                                    hourly_rate, is_public, created_at, updated_at)
select pg_temp.id('${KINDS.profile}', e), pg_temp.id('${KINDS.user}', ${I} + e), 'Transformation coach ' || e,
       'Helps teams adopt new ways of working.',
       array[(array['AI Adoption','Change Management','Leadership','Culture','Automation'])[1 + e % 5]],
       1 + pg_temp.pick(e, 30, 30), (array['directive','facilitative','hybrid'])[1 + pg_temp.pick(e, 31, 3)],
       (80 + pg_temp.pick(e, 32, 400))::numeric(12,2), pg_temp.rnd(e, 33) < 0.9, now() - ${span}, now() - ${span}
  from generate_series(1, ${E}) e`,
  });

  steps.push({
    name: 'public.engagements',
    table: 'public.engagements',
    rows: v.engagements,
    sql: `
insert into public.engagements (id, client_id, expert_id, organization_id, title, focus_area, hours_total,
                                hourly_rate, status, start_date, client_satisfaction_score, created_at, updated_at)
select pg_temp.id('${KINDS.engagement}', g), pg_temp.id('${KINDS.user}', c.n), pg_temp.id('${KINDS.user}', ${I} + 1 + pg_temp.pick(g, 22, ${E})),
       ${orgOfUser('c.n')}, 'Engagement ' || g,
       (array['AI adoption roadmap','Leadership coaching','Culture change','Process automation'])[1 + g % 4],
       greatest(10 + 5 * pg_temp.pick(g, 24, 10), ${minBudget}), (100 + pg_temp.pick(g, 25, 300))::numeric(12,2), s.status,
       (now() - ${span} + (g::double precision / ${v.engagements}) * ${span})::date,
       case when s.status = 'completed' and pg_temp.rnd(g, 26) < 0.9
            then (array[5,5,5,4,4,4,3,2,1])[1 + pg_temp.pick(g, 27, 9)] end,
       now() - ${span} + (g::double precision / ${v.engagements}) * ${span},
       now() - ${span} + (g::double precision / ${v.engagements}) * ${span}
  from generate_series(1, ${v.engagements}) g
 cross join lateral (select ${learner('g', 21)} as n) c
 cross join lateral (select case when pg_temp.rnd(g, 23) < 0.5 then 'completed' when pg_temp.rnd(g, 23) < 0.75 then 'active'
                                 when pg_temp.rnd(g, 23) < 0.8 then 'paused' when pg_temp.rnd(g, 23) < 0.9 then 'cancelled'
                                 else 'pending' end as status) s`,
  });

  // review texts: a pool of paragraphs (some very short, some with links) that reviews draw from.
  steps.push({
    name: 'review texts (working table)',
    lane: 'A',
    sql: `
create temp table bench_texts on commit preserve rows as
select k, case
         when k % 50 = 0 then (array['Great!','Meh.','Loved it','Not for me','ok'])[1 + (k / 50) % 5]
         else (select string_agg((array['the','session','was','really','useful','for','our','team','and','we',
                 'learned','practical','ways','to','adapt','workflows','with','AI','coach','explained','change',
                 'clearly','examples','helped','me','apply','ideas','at','work','slow','pace','too','basic',
                 'excellent','facilitator','would','recommend','it','colleagues','again'])[1 + pg_temp.pick(k * 100 + w, 40, 40)], ' ')
                 from generate_series(1, 5 + pg_temp.pick(k, 41, 30)::integer) w)
              || case when k % 37 = 0 then ' more at https://example.com/notes/' || k else '' end
       end as body
  from generate_series(0, 1999) k;
create unique index on bench_texts (k);
analyze bench_texts`,
  });

  const R = v.reviews;
  steps.push({
    name: 'public.reviews',
    lane: 'A',
    table: 'public.reviews',
    rows: R,
    sql: `
insert into public.reviews (id, user_id, review_type, workshop_id, expert_id, engagement_id, title, rating,
                            review_text, verified_purchase, status, helpful_count, not_helpful_count,
                            response_text, response_by, responded_at, created_at, updated_at)
select pg_temp.id('${KINDS.review}', i), pg_temp.id('${KINDS.user}', x.author), x.kind,
       case when x.kind = 'workshop' then pg_temp.id('${KINDS.workshop}', x.w) end,
       case when x.kind = 'expert' then pg_temp.id('${KINDS.user}', x.e) end,
       case when x.kind = 'engagement' then pg_temp.id('${KINDS.engagement}', x.g) end,
       case when pg_temp.rnd(i, 50) < 0.7 then (array['Worth it','Solid session','Could be better','Eye-opening',
              'Practical and clear','Too basic','Great coach','Mixed feelings'])[1 + pg_temp.pick(i, 51, 8)] end,
       x.rating, t.body, pg_temp.rnd(i, 52) < 0.75, x.status,
       pg_temp.pick(i, 53, 30)::integer, pg_temp.pick(i, 54, 5)::integer,
       case when x.responded then 'Thank you for the feedback!' end,
       case when x.responded then pg_temp.id('${KINDS.user}', case when x.kind = 'workshop' then 1 + (x.w - 1) % ${I} else x.e end) end,
       case when x.responded then x.at + interval '2 days' end,
       x.at, x.at
  from generate_series(1, ${R}) i
 cross join lateral (
   select case when i % 20 < 12 then 'workshop' when i % 20 < 17 then 'expert' else 'engagement' end as kind,
          1 + pg_temp.pick(i, 55, ${v.workshops}) as w,
          ${I} + 1 + pg_temp.pick(i, 56, ${E}) as e,
          1 + pg_temp.pick(i, 57, ${v.engagements}) as g,
          (array[5,5,5,5,5,5,5,5,5,4,4,4,4,4,4,3,3,2,1,1])[1 + pg_temp.pick(i, 58, 20)] as rating,
          case when pg_temp.rnd(i, 59) < 0.8 then 'approved' when pg_temp.rnd(i, 59) < 0.9 then 'pending'
               when pg_temp.rnd(i, 59) < 0.93 then 'flagged' else 'rejected' end as status,
          now() - ${span} + (i::double precision / ${R}) * ${span} - pg_temp.rnd(i, 60) * interval '6 hours' as at,
          pg_temp.rnd(i, 61) < 0.05 and i % 20 < 17 as responded
 ) x0
 cross join lateral (
   -- an engagement review is written by that engagement's client (the engagements step's formula).
   select x0.*, case when x0.kind = 'engagement' then ${learner('x0.g', 21)} else ${learner('i', 62)} end as author
 ) x
  join bench_texts t on t.k = pg_temp.pick(i, 63, 2000)`,
  });

  steps.push({
    name: 'public.payments',
    lane: 'B',
    table: 'public.payments',
    rows: P,
    sql: `
insert into public.payments (id, user_id, organization_id, amount, currency, provider, transaction_id, status,
                             payment_type, related_entity_id, description, invoice_number, invoice_url,
                             refund_amount, refunded_at, metadata, created_at, updated_at)
select pg_temp.id('${KINDS.payment}', i), pg_temp.id('${KINDS.user}', x.payer), ${orgOfUser('x.payer')},
       x.amount, x.currency, x.provider,
       case x.provider when 'stripe' then 'pi_b' || substr(md5('hgb-pay:' || i), 1, 24)
                       when 'paypal' then 'PAYID-B' || upper(substr(md5('hgb-pay:' || i), 1, 19))
                       else case when i % 2 = 0 then 'WIRE-B' || lpad(i::text, 8, '0') end end,
       x.status, x.kind,
       case when x.linked then w.id
            when x.kind = 'workshop' then pg_temp.id('${KINDS.workshop}', 1 + pg_temp.pick(i, 70, ${W}))
            when x.kind = 'engagement' then pg_temp.id('${KINDS.engagement}', 1 + pg_temp.pick(i, 71, ${G})) end,
       initcap(x.kind) || ' payment',
       case when x.status <> 'failed' then 'HGB-' || lpad(i::text, 8, '0') end,
       case when x.status <> 'failed' then 'https://billing.humanglue.dev/invoices/HGB-' || lpad(i::text, 8, '0') || '.pdf' end,
       0, null, '{}', x.at, x.at
  from generate_series(1, ${P}) i
 -- a workshop payment numbered like a registration pays for it: that learner, that workshop, its price.
 left join public.workshops w on ${linked('i')} and w.id = pg_temp.id('${KINDS.workshop}', ${regWorkshop('i')})
 cross join lateral (
   select case when w.id is not null then ${regUser('i')} else ${learner('i', 72)} end as payer,
          w.id is not null as linked,
          case when ${paysWorkshop('i')} then 'workshop' when pg_temp.rnd(i, 73) < 0.7 then 'engagement'
               when pg_temp.rnd(i, 73) < 0.95 then 'subscription' else 'other' end as kind,
          case when pg_temp.rnd(i, 74) < 0.72 then 'USD' when pg_temp.rnd(i, 74) < 0.88 then 'EUR' else 'GBP' end as currency,
          case when pg_temp.rnd(i, 75) < 0.6 then 'stripe' when pg_temp.rnd(i, 75) < 0.9 then 'paypal' else 'manual' end as provider,
          case when pg_temp.rnd(i, 76) < 0.91 then 'succeeded' when not ${paymentFailed('i')} then 'pending' else 'failed' end as status,
          now() - ${span} + (i::double precision / ${P}) * ${span} - pg_temp.rnd(i, 77) * interval '1 hour' as at
 ) x0
 cross join lateral (
   select x0.*, case
            when x0.linked then w.price_amount
            when x0.kind = 'workshop' then (49 + pg_temp.pick(i, 78, 1450))::numeric(12,2)
            when x0.kind = 'engagement' then (500 + pg_temp.pick(i, 79, 14500))::numeric(12,2)
            when x0.kind = 'subscription' then (array[49, 199, 499, 1999, 4999])[1 + pg_temp.pick(i, 80, 5)]::numeric(12,2)
            else (10 + pg_temp.pick(i, 81, 49000) / 100.0)::numeric(12,2) end as amount
 ) x`,
  });

  if (features.refunds) steps.push(...refundSteps(v));
  else {
    // before the ledger (005 only): a refund is the payment's own status and refund_amount.
    steps.push({
      name: 'payments refunded (no ledger)',
      lane: 'B',
      sql: `
update public.payments p
   set status = 'refunded', refund_amount = p.amount, refunded_at = p.created_at + interval '5 days'
  from generate_series(1, ${P}) i
 where p.id = pg_temp.id('${KINDS.payment}', i) and pg_temp.rnd(i, 90) < ${v.refundShare} and p.status = 'succeeded'`,
    });
  }

  const A = v.completedAssessments;
  const small = Math.max(2, Math.round(O / 10)); // the last tenth of organisations is small: many suppressed months
  steps.push({
    name: 'public.assessments',
    lane: 'A',
    table: 'public.assessments',
    rows: A + v.openAssessments,
    sql: `
insert into public.assessments (id, user_id, organization_id, assessment_type, status, individual_score,
                                leadership_score, cultural_score, embedding_score, velocity_score, started_at,
                                completed_at, created_at, updated_at)
select pg_temp.id('${KINDS.assessment}', i),
       pg_temp.id('${KINDS.user}', x.org + ${O} * pg_temp.pick(i, 100, ${Math.floor(U / O)})),
       pg_temp.id('${KINDS.org}', x.org),
       case when pg_temp.rnd(i, 101) < 0.7 then 'full' when pg_temp.rnd(i, 101) < 0.95 then 'quick' else 'follow_up' end,
       x.status,
       case when x.scored > 0 then least(100, greatest(0, round(x.base + 30 * (pg_temp.rnd(i, 102) - 0.5)))) end,
       case when x.scored > 1 then least(100, greatest(0, round(x.base - 4 + 30 * (pg_temp.rnd(i, 103) - 0.5)))) end,
       case when x.scored > 2 then least(100, greatest(0, round(x.base + 3 + 30 * (pg_temp.rnd(i, 104) - 0.5)))) end,
       case when x.scored > 3 then least(100, greatest(0, round(x.base - 2 + 30 * (pg_temp.rnd(i, 105) - 0.5)))) end,
       case when x.scored > 4 then least(100, greatest(0, round(x.base + 1 + 30 * (pg_temp.rnd(i, 106) - 0.5)))) end,
       x.at - interval '5 minutes' - pg_temp.rnd(i, 107) * interval '55 minutes',
       case when x.status = 'completed' then x.at end,
       x.at - interval '1 hour', x.at
  from generate_series(1, ${A + v.openAssessments}) i
 cross join lateral (
   select case when i > ${A} then (case when i % 2 = 0 then 'in_progress' else 'abandoned' end) else 'completed' end as status,
          case when i > ${A} then pg_temp.pick(i, 108, 5) else 5 end as scored,
          -- org sizes are skewed: a few large organisations, a long tail, and a small tenth (1% of assessments).
          case when pg_temp.rnd(i, 109) < 0.01 then ${O - small + 1} + pg_temp.pick(i, 110, ${small})
               else 1 + floor(${O - small} * power(pg_temp.rnd(i, 111), 2))::bigint end as org,
          case when i > ${A} then now() - pg_temp.rnd(i, 112) * interval '30 days'
               else now() - ${span} + (i::double precision / ${A}) * ${span} - pg_temp.rnd(i, 113) * interval '3 hours' end as at
 ) x0
 cross join lateral (
   -- each organisation starts at its own level and improves over the three years.
   select x0.*, 40 + 25 * pg_temp.rnd(x0.org, 114) + 15 * extract(epoch from x0.at - (now() - ${span})) / extract(epoch from ${span}) as base
 ) x`,
  });

  steps.push({
    name: 'console.audit_log',
    lane: 'B',
    table: 'console.audit_log',
    rows: v.auditEntries,
    sql: `
insert into console.audit_log (occurred_at, actor_id, actor_email, action, entity, entity_id, before, after, reason)
select x.at, s.id::uuid, s.email, x.action, x.entity,
       case x.entity when 'review' then pg_temp.id('${KINDS.review}', 1 + pg_temp.pick(i, 120, ${R}))::text
                     when 'payment' then pg_temp.id('${KINDS.payment}', 1 + pg_temp.pick(i, 121, ${P}))::text
                     when 'user' then pg_temp.id('${KINDS.user}', 1 + pg_temp.pick(i, 122, ${U}))::text
                     else 'trend_min_responses' end,
       jsonb_build_object('status', 'pending'), jsonb_build_object('status', split_part(x.action, '.', 2)),
       case when x.action = 'review.reject' then 'spam' end
  from generate_series(1, ${v.auditEntries}) i
 cross join lateral (
   select (array['review.approve','review.approve','review.approve','review.approve','review.reject',
                 'review.reject','review.flag','refund.create','refund.create','refund.approve','role.grant',
                 'user.set_status','setting.update','reconciliation.finish'])[1 + pg_temp.pick(i, 123, 14)] as action,
          now() - ${span} + (i::double precision / ${v.auditEntries}) * ${span} as at
 ) x0
 cross join lateral (
   select x0.*, case split_part(x0.action, '.', 1) when 'review' then 'review' when 'refund' then 'payment'
                  when 'reconciliation' then 'payment' when 'setting' then 'setting' else 'user' end as entity
 ) x
 cross join lateral (
   -- moderators decide reviews, finance refunds, admins everything else.
   select case when x.entity = 'review' then '${BENCH_STAFF.moderator}' when x.entity <> 'payment' then '${BENCH_STAFF.admin}'
               when i % 2 = 0 then '${BENCH_STAFF.finance}' else '${BENCH_STAFF.finance2}' end as id,
          case when x.entity = 'review' then 'bench-moderator@humanglue.dev' when x.entity <> 'payment' then 'bench-admin@humanglue.dev'
               when i % 2 = 0 then 'bench-finance@humanglue.dev' else 'bench-finance2@humanglue.dev' end as email
 ) s`,
  });

  steps.push({
    name: 'public.workshop_registrations',
    lane: 'A',
    table: 'public.workshop_registrations',
    rows: RG,
    sql: `
insert into public.workshop_registrations (id, workshop_id, user_id, status, price_paid, payment_id, attended,
                                           registered_at, cancelled_at, completed_at, certificate_id, rating,
                                           created_at, updated_at)
select pg_temp.id('${KINDS.registration}', r), w.id, pg_temp.id('${KINDS.user}', ${regUser('r')}), x.status,
       case when x.paid then w.price_amount else 0 end,
       case when x.paid then pg_temp.id('${KINDS.payment}', r) end,
       x.status = 'completed', x.at, x.cancelled_at, x.completed_at,
       -- most completions are certified (the certificates step issues them with this id).
       case when x.status = 'completed' and pg_temp.rnd(r, 134) < 0.85 then pg_temp.cert_id(r) end,
       case when x.status = 'completed' and pg_temp.rnd(r, 138) < 0.4
            then (array[5,5,5,4,4,4,3,2,1])[1 + pg_temp.pick(r, 139, 9)] end,
       x.at, coalesce(x.completed_at, x.cancelled_at, x.at)
  from generate_series(1, ${RG}) r
  join public.workshops w on w.id = pg_temp.id('${KINDS.workshop}', ${regWorkshop('r')})
 cross join lateral (
   select ${regAt('r', 'w.schedule_date')} as at,
          -- a paid registration points at the payment numbered like it (unless that payment failed).
          ${linked('r')} and not ${paymentFailed('r')} as paid,
          case when w.status = 'cancelled' then 'cancelled'
               when w.schedule_date >= current_date then case when pg_temp.rnd(r, 135) < 0.93 then 'registered' else 'cancelled' end
               when pg_temp.rnd(r, 135) < 0.66 then 'completed' when pg_temp.rnd(r, 135) < 0.76 then 'no_show'
               when pg_temp.rnd(r, 135) < 0.84 then 'cancelled' else 'registered' end as status
 ) x0
 cross join lateral (
   select x0.*,
          case when x0.status = 'cancelled' then least(now(), x0.at + interval '1 hour' + pg_temp.rnd(r, 133) * interval '10 days') end as cancelled_at,
          case when x0.status = 'completed'
               then least(now(), (w.schedule_date + time '16:00')::timestamptz + coalesce(w.duration_minutes, 60) * interval '1 minute') end as completed_at
 ) x`,
  });

  const S = v.sessions;
  steps.push({
    name: 'public.engagement_sessions',
    lane: 'B',
    table: 'public.engagement_sessions',
    rows: S,
    sql: `
insert into public.engagement_sessions (id, engagement_id, session_type, scheduled_at, started_at, ended_at,
                                        duration_hours, session_notes, status, created_at, updated_at)
select pg_temp.id('${KINDS.session}', s), e.id,
       case when n.j = 0 then 'consultation'
            else (array['coaching','coaching','coaching','workshop','consultation','follow_up'])[1 + pg_temp.pick(s, 153, 6)] end,
       x.at,
       case when x.status = 'completed' then x.at end,
       case when x.status = 'completed' then x.at + x.hours * interval '1 hour' end,
       case when x.status in ('completed', 'scheduled') then x.hours else 0 end,
       case when x.status = 'completed' and pg_temp.rnd(s, 154) < 0.7
            then (array['Reviewed adoption numbers by team; two teams lag behind.',
                        'Worked through objections from shift leads; agreed on a side-by-side trial.',
                        'Mapped stakeholders and agreed on the communication cadence.',
                        'Coached the sponsor on the all-hands message.',
                        'Retrospective on the pilot: what to keep, what to drop.'])[1 + pg_temp.pick(s, 155, 5)]
            when x.status = 'cancelled' and pg_temp.rnd(s, 154) < 0.5 then 'Cancelled by the client at short notice.' end,
       x.status, x.created_at, greatest(x.created_at, least(now(), x.at + x.hours * interval '1 hour'))
  from generate_series(1, ${S}) s
 cross join lateral (select 1 + (s - 1) % ${G} as g, (s - 1) / ${G} as j) n
  join public.engagements e on e.id = pg_temp.id('${KINDS.engagement}', n.g)
 cross join lateral (
   -- weekly from the start date; a finished engagement's sessions fit between its start and today.
   select e.start_date + time '09:00' + pg_temp.pick(s, 150, 8) * interval '1 hour'
          + n.j * case when e.status in ('completed', 'cancelled')
                       then least(interval '7 days', (current_date - e.start_date) * interval '1 day' / ${perEngagement + 1})
                       else interval '7 days' end as at,
          (1 + pg_temp.pick(s, 152, 4)) * 0.5 as hours
 ) t
 cross join lateral (
   select t.*,
          case when t.at > now() then case when e.status = 'cancelled' then 'cancelled' else 'scheduled' end
               when e.status = 'pending' then 'cancelled'
               when e.status = 'cancelled' and n.j >= ${Math.floor(perEngagement / 2)} then 'cancelled'
               when pg_temp.rnd(s, 151) < 0.88 then 'completed' when pg_temp.rnd(s, 151) < 0.95 then 'cancelled'
               else 'no_show' end as status,
          greatest(e.created_at, least(now(), t.at - interval '7 days')) as created_at
 ) x`,
  });

  const T = v.testimonials;
  steps.push({
    name: 'public.talent_testimonials',
    lane: 'B',
    table: 'public.talent_testimonials',
    rows: T,
    sql: `
insert into public.talent_testimonials (id, talent_profile_id, client_name, client_company, client_title, quote, metric,
                                        verified, is_featured, reviewed_at, reviewed_by, rejection_reason,
                                        created_at, updated_at)
select pg_temp.id('${KINDS.testimonial}', t), pg_temp.id('${KINDS.profile}', 1 + pg_temp.pick(t, 160, ${E})),
       (array['Jordan Castillo','Olivia Grant','Rebecca Lawson','Marta Jensen','Sam Patel','Laura Becker',
              'Ahmed Saleh','Chloe Martin','Ivan Petrov','Nadia Rahman'])[1 + pg_temp.pick(t, 161, 10)],
       (array['Northwind Logistics','Brightpath Health','Meridian Financial','Fjord Retail','Kestrel Labs',
              'Summit Energy','Harbor Media', null])[1 + pg_temp.pick(t, 162, 8)],
       (array['VP Operations','Head of Transformation','COO','Chief People Officer','Director of L&D', null])
         [1 + pg_temp.pick(t, 163, 6)],
       (array['Got our teams using the new tools in six weeks, after two failed pilots.',
              'Clear, calm and relentlessly practical. Our managers trusted the rollout.',
              'Turned a 60-page strategy into five decisions our managers make every week.',
              'The only advisor whose plan we actually finished.',
              'Changed how our executive team talks about AI: less fear, more curiosity.',
              'Automated our onboarding checklist without anyone feeling replaced.'])[1 + pg_temp.pick(t, 164, 6)],
       case when pg_temp.rnd(t, 165) < 0.6
            then (array['78% weekly adoption after 6 weeks','41% less documentation time','3x faster decisions',
                        'eNPS from 12 to 38','11 hours saved per new customer'])[1 + pg_temp.pick(t, 166, 5)] end,
       x.state = 'verified', x.state = 'verified' and pg_temp.rnd(t, 167) < 0.15,
       x.decided_at,
       case when x.state <> 'pending' then (case when t % 3 = 0 then '${BENCH_STAFF.support}' else '${BENCH_STAFF.moderator}' end)::uuid end,
       case when x.state = 'rejected'
            then (array['Cannot confirm the client''s title with the company.','The metric is not verifiable.',
                        'Quote names a client who asked not to be named.'])[1 + pg_temp.pick(t, 168, 3)] end,
       x.at, coalesce(x.decided_at, x.at)
  from generate_series(1, ${T}) t
 cross join lateral (
   select now() - ${span} + (t::double precision / ${T}) * ${span} - pg_temp.rnd(t, 169) * interval '2 days' as at
 ) x0
 cross join lateral (
   -- the queue: most recent testimonials wait for a decision, and a few old ones were never looked at.
   select x0.*, s.state, case when s.state <> 'pending' then least(now(), x0.at + interval '1 hour' + pg_temp.rnd(t, 171) * interval '5 days') end as decided_at
     from (select case when (x0.at > now() - interval '45 days' and pg_temp.rnd(t, 170) < 0.8) or pg_temp.rnd(t, 170) < 0.02 then 'pending'
                       when pg_temp.rnd(t, 172) < 0.85 then 'verified' else 'rejected' end as state) s
 ) x`,
  });

  // certificates: one for each certified registration (its id is the registration's certificate_id), then as many
  // assessment and programme certificates as make up the volume, for completed assessments spread over the years.
  const C = v.certificates;
  const A1 = v.completedAssessments;
  steps.push({
    name: 'public.certificates',
    lane: 'A',
    table: 'public.certificates',
    rows: C,
    sql: `
with workshop_certificates as (
  insert into public.certificates (id, user_id, certificate_type, workshop_id, certificate_number, title, issue_date,
                                   expiry_date, skills_demonstrated, certificate_url, verification_url, issued_by,
                                   is_verified, revoked_at, revoked_by, revocation_reason, metadata, created_at,
                                   updated_at)
  select c.id, c.user_id, 'workshop', c.workshop_id, c.number, 'Certificate of Completion: ' || c.title, c.issued,
         case when c.level = 'advanced' then c.issued + 730 end, c.tags,
         'https://certificates.humanglue.dev/' || c.id || '.pdf', 'https://humanglue.dev/verify/' || c.number,
         c.instructor_id, pg_temp.rnd(c.r, 140) < 0.9,
         ${revoked('c.r', 'c.at')},
         jsonb_build_object('registration_id', c.registration_id), c.at, c.at
    from (select r, wr.certificate_id as id, wr.id as registration_id, wr.user_id, wr.workshop_id, w.title, w.level,
                 w.tags, w.instructor_id, wr.completed_at::date as issued,
                 pg_temp.cert_number('workshop', wr.completed_at::date, wr.certificate_id) as number,
                 least(now(), wr.completed_at + interval '1 day') as at
            from generate_series(1, ${RG}) r
            join public.workshop_registrations wr on wr.id = pg_temp.id('${KINDS.registration}', r)
            join public.workshops w on w.id = wr.workshop_id
           where wr.certificate_id is not null) c
  returning 1
)
insert into public.certificates (id, user_id, certificate_type, assessment_id, certificate_number, title, issue_date,
                                 expiry_date, skills_demonstrated, certificate_url, verification_url, issued_by,
                                 is_verified, revoked_at, revoked_by, revocation_reason, metadata, created_at,
                                 updated_at)
select c.id, c.user_id, c.type, case when c.type = 'assessment' then c.assessment_id end, c.number,
       case when c.type = 'program' then 'HumanGlue Change Champion Programme'
            else 'Adaptability Readiness: ' || case when c.overall >= 70 then 'Advanced' else 'Foundations' end end,
       c.issued, c.issued + case when c.type = 'program' then 730 else 365 end,
       case when c.type = 'program' then '{Change leadership,AI adoption,Peer coaching}'::text[] else '{Adaptability}' end,
       'https://certificates.humanglue.dev/' || c.id || '.pdf', 'https://humanglue.dev/verify/' || c.number,
       '${BENCH_STAFF.admin}'::uuid, true, ${revoked('c.n', 'c.at')},
       jsonb_build_object('overall_score', c.overall), c.at, c.at
  from (select n, k.id, a.user_id, a.id as assessment_id, k.type, a.overall_score as overall, i.issued,
               pg_temp.cert_number(k.type, i.issued, k.id) as number,
               least(now(), i.issued::timestamptz + interval '10 hours') as at
          from generate_series(${RG + 1}, ${RG} + ${C} - (select count(*) from workshop_certificates)) n
         cross join lateral (select pg_temp.cert_id(n) as id,
                                    case when pg_temp.rnd(n, 142) < 0.85 then 'assessment' else 'program' end as type,
                                    -- spread evenly over the completed assessments (numbered 1..${A1}, oldest first).
                                    1 + floor((n - ${RG + 1}) * ${A1}::numeric
                                              / greatest(1, ${C} - (select count(*) from workshop_certificates)))::bigint as a) k
          join public.assessments a on a.id = pg_temp.id('${KINDS.assessment}', k.a)
         cross join lateral (select least(current_date, a.completed_at::date + case when k.type = 'program' then 7 else 0 end) as issued) i) c`,
  });

  return steps;
}

/**
 * 008: ~5% of payments refunded through the ledger — mostly in full, some partly; most succeeded, some still
 * pending at the processor, failed, or awaiting a second approver (above the approval threshold). The payments'
 * derived columns are rebuilt from the ledger by derivedSteps, as payment_refunds_apply would have kept them.
 */
function refundSteps(v: Volume): Step[] {
  const P = v.payments;
  // refunds go to succeeded payments only (91% of them), so pick a slightly larger share of payment numbers.
  const share = v.refundShare / 0.91;
  return [
    {
      name: 'public.payment_refunds',
      lane: 'B',
      table: 'public.payment_refunds',
      sql: `
insert into public.payment_refunds (id, payment_id, amount, currency, reason, note, status, provider,
                                    provider_refund_id, idempotency_key, requested_by, approved_by, approved_at,
                                    completed_by, completed_at, failure_reason, created_at, updated_at)
select pg_temp.id('${KINDS.refund}', i), p.id, x.amount, p.currency, x.reason, null, x.status, p.provider,
       case when p.provider <> 'manual' and x.status in ('succeeded', 'failed')
            then case p.provider when 'stripe' then 're_b' || substr(md5('hgb-refund:' || i), 1, 24)
                                 else 'PAYREF-B' || upper(substr(md5('hgb-refund:' || i), 1, 17)) end end,
       'bench-refund-' || i,
       '${BENCH_STAFF.finance}'::uuid,
       case when x.amount > 1000 and x.status <> 'pending_approval' then '${BENCH_STAFF.finance2}'::uuid end,
       case when x.amount > 1000 and x.status <> 'pending_approval' then x.at + interval '2 hours' end,
       case when x.status in ('succeeded', 'failed') then '${BENCH_STAFF.finance}'::uuid end,
       case when x.status in ('succeeded', 'failed') then x.at + interval '1 day' end,
       case when x.status = 'failed' then 'card_expired' end,
       x.at, x.at
  from generate_series(1, ${P}) i
  join public.payments p on p.id = pg_temp.id('${KINDS.payment}', i) and p.status = 'succeeded'
 cross join lateral (
   select case when pg_temp.rnd(i, 91) < 0.65 then p.amount
               else greatest(0.01, round(p.amount * (0.2 + 0.6 * pg_temp.rnd(i, 92))::numeric, 2)) end as amount,
          (array['requested_by_customer','requested_by_customer','requested_by_customer','duplicate',
                 'workshop_cancelled','service_issue','fraudulent','other'])[1 + pg_temp.pick(i, 93, 8)] as reason,
          least(now() - interval '2 days', p.created_at + (1 + pg_temp.pick(i, 94, 30)) * interval '1 day') as at,
          pg_temp.rnd(i, 95) as s
 ) x0
 cross join lateral (
   select x0.*, case when x0.s < 0.90 or (p.provider = 'manual' and x0.s < 0.97) then 'succeeded'
                     when x0.s < 0.94 then 'pending'
                     when x0.s < 0.97 then 'failed'
                     when x0.amount > 1000 then 'pending_approval'
                     else 'succeeded' end as status
 ) x
 where pg_temp.rnd(i, 90) < ${share}`,
    },
  ];
}
