-- humanglue demo seed: realistic, deterministic demo data for local development
--
-- what: four client organisations, 49 sign-ins (platform admin, instructors, marketplace experts, org clients and
-- org admins, learners), workshops across every pillar/level/format/status with registrations, 18 months of
-- adaptability assessments with answers, expert profiles with testimonials, engagements with sessions, payments,
-- certificates and reviews.
-- for local/dev only (`supabase db reset`, the test template database, the console's local backend). never run
-- it against a production project: every seeded account signs in with the same published password.
--
-- demo password for every seeded account: HumanGlue-demo-2026!
-- the demo sign-ins (one per role) are listed in supabase/SCHEMA.md, "Seed data and demo sign-ins".
--
-- how:
-- - profiles in public.users come from the on_auth_user_created trigger; this file only completes them.
-- - counters the schema keeps (capacity_remaining, hours_used, dimension scores, ratings, review counts,
--   certificate numbers, verified_purchase) are left to their triggers: the seed inserts the facts and the
--   triggers derive the rest, exactly as in production.
-- - deterministic: fixed ids of the form <kind>-0000-4000-8000-<n> (kind: 1 organisation, 2 user, 3 workshop,
--   4 registration, 5 assessment, 6 answer, 7 talent profile, 8 testimonial, 9 engagement, 10 session,
--   11 payment, 12 review, 13 user role); certificates use ce<n>-0000-4000-8000-000000000000 because their number embeds the
--   id's first 8 hex digits. "random" choices come from md5 of a fixed key (pg_temp.hg_rand), never random().
--   dates are relative to now() so trends stay recent.
-- - the helpers and working tables live in pg_temp and vanish with the session: the seed adds rows, not objects.

-- ====== session helpers ======
create function pg_temp.hg_id(p_kind integer, p_n integer) returns uuid
language sql immutable
as $$ select (lpad(p_kind::text, 8, '0') || '-0000-4000-8000-' || lpad(p_n::text, 12, '0'))::uuid $$;

-- a stable pseudo-random number in [0, 1) for a key: same key, same number, on every run.
create function pg_temp.hg_rand(p_key text) returns double precision
language sql immutable
as $$ select (('x' || lpad(substr(md5(p_key), 1, 8), 16, '0'))::bit(64)::bigint / 4294967296.0)::double precision $$;

-- ====== organisations ======
insert into public.organizations
  (id, name, slug, subscription_tier, subscription_status, company_size, industry, website, settings, created_at, updated_at)
select pg_temp.hg_id(1, v.n), v.name, v.slug, v.tier, v.status, v.size, v.industry, v.website, v.settings::jsonb,
       now() - v.age, now() - v.age
from (values
  (1, 'Northwind Logistics', 'northwind-logistics', 'enterprise', 'active', '1001-5000', 'Logistics and supply chain',
      'https://northwind.example', '{"sso_enabled": true, "assessment_cadence": "monthly", "billing": "invoice", "seats": 250}',
      interval '22 months'),
  (2, 'Brightpath Health', 'brightpath-health', 'growth', 'active', '501-1000', 'Healthcare',
      'https://brightpath.example', '{"sso_enabled": false, "assessment_cadence": "monthly", "billing": "card", "seats": 60}',
      interval '20 months'),
  (3, 'Kestrel Labs', 'kestrel-labs', 'starter', 'active', '11-50', 'Software',
      'https://kestrel.example', '{"assessment_cadence": "quarterly", "billing": "paypal", "seats": 15}',
      interval '14 months'),
  (4, 'Meridian Financial Group', 'meridian-financial', 'growth', 'past_due', '201-500', 'Financial services',
      'https://meridianfg.example', '{"sso_enabled": true, "assessment_cadence": "monthly", "billing": "card", "seats": 40}',
      interval '20 months')
) as v(n, name, slug, tier, status, size, industry, website, settings, age)
order by v.n;

-- ====== people ======
-- every sign-in: n (id suffix), email, name, job title, company (for people outside an organisation),
-- organisation (1-4 or null), roles (admin/client/user are scoped to the organisation when there is one),
-- profile status. an inactive person's organisation role expired when they left.
create temp table seed_people on commit preserve rows as
select v.n, pg_temp.hg_id(2, v.n) as id, v.email, v.full_name, v.job_title, v.company, v.org_n,
       v.roles, v.status,
       case when v.org_n is null then now() - interval '26 months' + v.n * interval '9 days'
            else o.created_at + ((v.n * 7) % 20) * interval '1 day' end as created_at,
       'https://api.dicebear.com/9.x/initials/svg?seed=' || replace(v.full_name, ' ', '%20') as avatar_url
from (values
  -- humanglue staff and faculty
  (1, 'admin@humanglue.dev', 'Ava Lindqvist', 'Platform Administrator', 'HumanGlue', null::integer, '{admin}'::text[], 'active'),
  (2, 'instructor@humanglue.dev', 'Maya Okafor', 'Lead Adaptability Instructor', 'HumanGlue', null, '{instructor}', 'active'),
  (3, 'marcus.bell@humanglue.dev', 'Marcus Bell', 'Coaching Faculty Lead', 'HumanGlue', null, '{instructor,expert}', 'active'),
  (4, 'elena.rossi@humanglue.dev', 'Elena Rossi', 'Marketplace Programme Instructor', 'HumanGlue', null, '{instructor}', 'active'),
  -- marketplace experts
  (5, 'expert@humanglue.dev', 'Daniel Reyes', 'Principal AI Adoption Advisor', 'Reyes & Co. Advisory', null, '{expert}', 'active'),
  (6, 'priya.nair@nairadvisory.example', 'Priya Nair', 'Founder', 'Nair Advisory', null, '{expert}', 'active'),
  (7, 'tomas.herrera@herrerachange.example', 'Tomás Herrera', 'Change Management Consultant', 'Herrera Change Partners', null, '{expert}', 'active'),
  (8, 'grace.whitfield@whitfieldleadership.example', 'Grace Whitfield', 'Executive Coach', 'Whitfield Leadership', null, '{expert}', 'active'),
  (9, 'kenji.watanabe@kaizenworks.example', 'Kenji Watanabe', 'Automation Strategist', 'Kaizen Works', null, '{expert}', 'active'),
  (10, 'amara.osei@oseipartners.example', 'Amara Osei', 'Culture Transformation Lead', 'Osei Partners', null, '{expert}', 'active'),
  (11, 'lukas.brenner@brenner.example', 'Lukas Brenner', 'Independent Operations Consultant', 'Brenner Consulting', null, '{expert}', 'active'),
  -- client decision-makers and the demo learner
  (12, 'client@humanglue.dev', 'Jordan Castillo', 'VP Operations', null, 1, '{client}', 'active'),
  (13, 'orgadmin@humanglue.dev', 'Hannah Schmidt', 'Chief People Officer', null, 1, '{admin,client}', 'active'),
  (14, 'user@humanglue.dev', 'Noah Fischer', 'Operations Analyst', null, 1, '{user}', 'active'),
  (15, 'olivia.grant@brightpath.example', 'Olivia Grant', 'Chief Nursing Informatics Officer', null, 2, '{client}', 'active'),
  (16, 'sam.patel@kestrel.example', 'Sam Patel', 'Co-founder and CEO', null, 3, '{admin,client}', 'active'),
  (17, 'rebecca.lawson@meridianfg.example', 'Rebecca Lawson', 'Head of Transformation', null, 4, '{client}', 'active'),
  -- northwind logistics
  (18, 'liam.oconnor@northwind.example', 'Liam O''Connor', 'Warehouse Operations Manager', null, 1, '{user}', 'active'),
  (19, 'chloe.dubois@northwind.example', 'Chloé Dubois', 'Fleet Planning Lead', null, 1, '{user}', 'active'),
  (20, 'mateo.silva@northwind.example', 'Mateo Silva', 'Data Analyst', null, 1, '{user}', 'active'),
  (21, 'aisha.rahman@northwind.example', 'Aisha Rahman', 'HR Business Partner', null, 1, '{user}', 'active'),
  (22, 'ben.carter@northwind.example', 'Ben Carter', 'Dispatch Supervisor', null, 1, '{user}', 'suspended'),
  (23, 'yuki.tanaka@northwind.example', 'Yuki Tanaka', 'Procurement Specialist', null, 1, '{user}', 'active'),
  (24, 'ethan.brooks@northwind.example', 'Ethan Brooks', 'IT Project Manager', null, 1, '{user}', 'active'),
  (25, 'fatima.zahra@northwind.example', 'Fatima Zahra', 'Customer Success Lead', null, 1, '{user}', 'active'),
  (26, 'george.mills@northwind.example', 'George Mills', 'Finance Controller', null, 1, '{user}', 'active'),
  (27, 'ingrid.svensson@northwind.example', 'Ingrid Svensson', 'Training Coordinator', null, 1, '{user}', 'active'),
  -- brightpath health
  (28, 'michael.chen@brightpath.example', 'Michael Chen', 'Clinical Director', null, 2, '{user}', 'active'),
  (29, 'sarah.whitmore@brightpath.example', 'Sarah Whitmore', 'Nurse Manager', null, 2, '{user}', 'active'),
  (30, 'raj.malhotra@brightpath.example', 'Raj Malhotra', 'Health Informatics Analyst', null, 2, '{user}', 'active'),
  (31, 'emily.novak@brightpath.example', 'Emily Novak', 'Quality Improvement Lead', null, 2, '{user}', 'active'),
  (32, 'carlos.mendoza@brightpath.example', 'Carlos Mendoza', 'Patient Experience Manager', null, 2, '{user}', 'active'),
  (33, 'hana.kim@brightpath.example', 'Hana Kim', 'Pharmacy Operations Lead', null, 2, '{user}', 'active'),
  (34, 'david.okoye@brightpath.example', 'David Okoye', 'IT Security Analyst', null, 2, '{user}', 'active'),
  (35, 'laura.becker@brightpath.example', 'Laura Becker', 'Learning and Development Manager', null, 2, '{user}', 'active'),
  (36, 'tom.richter@brightpath.example', 'Tom Richter', 'Radiology Administrator', null, 2, '{user}', 'inactive'),
  -- kestrel labs
  (37, 'zoe.adams@kestrel.example', 'Zoe Adams', 'Head of Product', null, 3, '{user}', 'active'),
  (38, 'arjun.mehta@kestrel.example', 'Arjun Mehta', 'Staff Engineer', null, 3, '{user}', 'active'),
  (39, 'nina.petrova@kestrel.example', 'Nina Petrova', 'Product Designer', null, 3, '{user}', 'active'),
  (40, 'oscar.lindgren@kestrel.example', 'Oscar Lindgren', 'Engineering Manager', null, 3, '{user}', 'active'),
  (41, 'leah.goldberg@kestrel.example', 'Leah Goldberg', 'Operations Lead', null, 3, '{user}', 'active'),
  (42, 'felix.wagner@kestrel.example', 'Felix Wagner', 'Data Scientist', null, 3, '{user}', 'active'),
  -- meridian financial group
  (43, 'charlotte.hughes@meridianfg.example', 'Charlotte Hughes', 'Risk Director', null, 4, '{user}', 'active'),
  (44, 'omar.haddad@meridianfg.example', 'Omar Haddad', 'Compliance Officer', null, 4, '{user}', 'active'),
  (45, 'mei.lin@meridianfg.example', 'Mei Lin', 'Portfolio Analyst', null, 4, '{user}', 'active'),
  (46, 'patrick.doyle@meridianfg.example', 'Patrick Doyle', 'Branch Network Manager', null, 4, '{user}', 'active'),
  (47, 'julia.costa@meridianfg.example', 'Julia Costa', 'Head of Customer Operations', null, 4, '{user}', 'active'),
  (48, 'victor.ibrahim@meridianfg.example', 'Victor Ibrahim', 'Internal Audit Lead', null, 4, '{user}', 'active'),
  (49, 'anna.kowalski@meridianfg.example', 'Anna Kowalski', 'Change Analyst', null, 4, '{user}', 'active')
) as v(n, email, full_name, job_title, company, org_n, roles, status)
left join public.organizations o on o.id = pg_temp.hg_id(1, v.org_n);

-- sign-ins. one bcrypt hash ($2a$, cost 10) of the demo password for everyone: hashing per row with crypt() would
-- cost a second per user. gotrue refuses null token columns, hence the empty strings.
insert into auth.users
  (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data,
   created_at, updated_at, last_sign_in_at, confirmation_token, recovery_token, email_change_token_new, email_change)
select '00000000-0000-0000-0000-000000000000', p.id, 'authenticated', 'authenticated', p.email,
       '$2a$10$h6oFxIBCIBm4kmfVCtZ3EuzgGU2zLHisGZu5p8yRo4rUs4xJF0MqG',
       p.created_at + interval '12 minutes',
       '{"provider": "email", "providers": ["email"]}'::jsonb,
       jsonb_build_object('full_name', p.full_name, 'avatar_url', p.avatar_url),
       p.created_at, p.created_at,
       case when p.status = 'active' then now() - (p.n % 9) * interval '1 day' - p.n * interval '37 minutes'
            else now() - interval '75 days' - p.n * interval '1 hour' end,
       '', '', '', ''
from seed_people p
order by p.n;

insert into auth.identities (id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select u.id, u.id::text, u.id,
       jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true),
       'email', u.last_sign_in_at, u.created_at, u.created_at
from auth.users u
join seed_people p on p.id = u.id
order by p.n;

-- the trigger created the profiles; complete them.
update public.users u
set company_name = coalesce(p.company, o.name),
    job_title = p.job_title,
    status = p.status,
    last_active_at = a.last_sign_in_at + interval '20 minutes',
    metadata = jsonb_build_object(
      'timezone', case coalesce(p.org_n, 0) when 2 then 'America/Chicago' when 3 then 'Europe/London'
                                           when 4 then 'America/Toronto' else 'America/New_York' end,
      'onboarding_completed', true,
      'marketing_opt_in', p.n % 3 = 0),
    created_at = p.created_at
from seed_people p
join auth.users a on a.id = p.id
left join public.organizations o on o.id = pg_temp.hg_id(1, p.org_n)
where u.id = p.id;

-- roles: admin, client and user are scoped to the person's organisation when they have one; the platform admin
-- (no organisation) granted everything.
insert into public.user_roles (id, user_id, role, organization_id, granted_by, expires_at, created_at, updated_at)
select pg_temp.hg_id(13, (p.n * 10 + r.ord)::integer), p.id, r.role,
       case when r.role in ('admin', 'client', 'user') then pg_temp.hg_id(1, p.org_n) end,
       case when p.n <> 1 then pg_temp.hg_id(2, 1) end,
       case when p.status = 'inactive' then now() - interval '60 days' end,
       p.created_at, p.created_at
from seed_people p
cross join lateral unnest(p.roles) with ordinality as r(role, ord)
order by p.n, r.ord;

-- ====== talent marketplace ======
-- rating and review_count start at 0: the engagement and review triggers below derive them from real signals.
insert into public.talent_profiles
  (id, user_id, tagline, bio, expertise, transformation_success_rate, behavior_change_score, client_retention_rate,
   cultures_transformed, years_experience, industries, transformation_stages, coaching_style, availability,
   hourly_rate, accepting_clients, is_public, created_at, updated_at)
select pg_temp.hg_id(7, v.n), pg_temp.hg_id(2, v.n), v.tagline, v.bio, v.expertise, v.success, v.behavior, v.retention,
       v.cultures, v.years, v.industries, v.stages, v.style, v.availability, v.rate, v.accepting, v.public,
       p.created_at + interval '2 days', p.created_at + interval '2 days'
from (values
  (5, 'AI adoption that sticks past the pilot',
      'Former operations executive who has led AI adoption programmes at three logistics and healthcare companies. Daniel pairs a practical adoption roadmap with the change work that makes people want to use the tools.',
      '{AI Adoption,Change Management,Operating Model Design}'::text[], 88.50, 82.00, 91.00, 14, 16,
      '{Logistics,Healthcare,Manufacturing}'::text[], '{assess,reframe,embed,scale}'::text[], 'hybrid', 'limited', 325.00, true, true),
  (6, 'Data strategy people actually follow',
      'Priya helps leadership teams turn data and AI strategy into everyday decisions. Twelve years at a global consultancy, now independent.',
      '{AI Adoption,Data Strategy,Change Management}', 84.00, 79.50, 88.00, 11, 12,
      '{Financial services,Retail,Logistics}', '{assess,reframe,scale}', 'directive', 'available', 290.00, true, true),
  (7, 'Change management for frontline teams',
      'Tomás designs change playbooks for hospitals and field teams where the work cannot stop while the tools change.',
      '{Change Management,Culture Transformation,Frontline Enablement}', 81.00, 85.00, 86.50, 9, 14,
      '{Healthcare,Public sector}', '{reframe,embed}', 'facilitative', 'available', 240.00, true, true),
  (8, 'Leadership coaching for the AI era',
      'Executive coach to C-suite teams navigating AI-driven change. Grace works with a handful of leadership teams a year.',
      '{Leadership Development,AI Adoption,Executive Coaching}', 92.00, 90.00, 95.00, 18, 22,
      '{Financial services,Technology}', '{reframe,embed,scale}', 'facilitative', 'booked', 450.00, false, true),
  (9, 'Automate the boring, keep the people',
      'Kenji finds the processes worth automating and brings the people who run them along for the ride.',
      '{Process Automation,AI Adoption,Lean Operations}', 76.00, 70.00, 80.00, 6, 9,
      '{Software,Manufacturing}', '{assess,embed}', 'directive', 'available', 210.00, true, true),
  (10, 'Culture is what people do when nobody is watching',
      'Amara helps fast-growing companies keep the culture they built while they scale.',
      '{Culture Transformation,Team Coaching,Change Management}', 79.00, 83.00, 84.00, 12, 11,
      '{Software,Logistics,Hospitality}', '{assess,reframe,embed}', 'hybrid', 'limited', 220.00, true, true),
  (11, 'Operations pilots, quickly',
      'Independent consultant setting up a marketplace profile. Profile not yet public.',
      '{Process Automation,Operations Research}', null, null, null, 0, 6,
      '{Logistics}', '{assess}', 'directive', 'available', 180.00, true, false),
  (3, 'Coaching champions who coach others',
      'Marcus leads the HumanGlue coaching faculty and takes a few direct engagements building internal coaching networks.',
      '{Team Coaching,Change Management,Coaching Skills}', 80.00, 84.00, 82.00, 7, 15,
      '{Financial services,Healthcare,Education}', '{embed,scale}', 'facilitative', 'limited', 260.00, true, true)
) as v(n, tagline, bio, expertise, success, behavior, retention, cultures, years, industries, stages, style,
       availability, rate, accepting, public)
join seed_people p on p.n = v.n
order by v.n;

insert into public.talent_testimonials
  (id, talent_profile_id, client_name, client_company, client_title, quote, metric, verified, is_featured, created_at, updated_at)
select pg_temp.hg_id(8, v.n), pg_temp.hg_id(7, v.expert_n), v.client_name, v.company, v.title, v.quote, v.metric,
       v.verified, v.featured, now() - v.age, now() - v.age
from (values
  (1, 5, 'Jordan Castillo', 'Northwind Logistics', 'VP Operations',
      'Daniel got our dispatch teams using the routing assistant in six weeks, after two failed pilots. He spent as much time on the floor as in the boardroom.',
      '78% weekly adoption after 6 weeks', true, true, interval '100 days'),
  (2, 5, 'Olivia Grant', 'Brightpath Health', 'Chief Nursing Informatics Officer',
      'Clear, calm and relentlessly practical. Our nurses trusted the rollout because Daniel listened first.',
      '41% less documentation time', true, false, interval '170 days'),
  (3, 6, 'Rebecca Lawson', 'Meridian Financial Group', 'Head of Transformation',
      'Priya turned a 60-page data strategy into five decisions our branch managers make every week.',
      '3x faster credit decisions', true, true, interval '60 days'),
  (4, 6, 'Marta Jensen', 'Fjord Retail', 'COO',
      'The most structured advisor we have worked with, and the only one whose plan we actually finished.',
      null, false, false, interval '240 days'),
  (5, 7, 'Olivia Grant', 'Brightpath Health', 'Chief Nursing Informatics Officer',
      'Tomás built a change playbook our ward managers still use a year later.',
      '92% of wards on the new workflow', true, true, interval '150 days'),
  (6, 8, 'Rebecca Lawson', 'Meridian Financial Group', 'Head of Transformation',
      'Grace changed how our executive team talks about AI: less fear, more curiosity, better questions.',
      'Leadership score up 18 points', true, true, interval '80 days'),
  (7, 9, 'Sam Patel', 'Kestrel Labs', 'Co-founder and CEO',
      'Kenji automated our onboarding checklist without anyone feeling replaced.',
      '11 hours saved per new customer', true, false, interval '130 days'),
  (8, 10, 'Jordan Castillo', 'Northwind Logistics', 'VP Operations',
      'Our leadership offsite was the first one where decisions survived the week after.',
      null, true, true, interval '50 days'),
  (9, 10, 'Sam Patel', 'Kestrel Labs', 'Co-founder and CEO',
      'Amara helped us write down the culture we had before we doubled headcount.',
      'eNPS from 12 to 38', false, false, interval '20 days'),
  (10, 3, 'Laura Becker', 'Brightpath Health', 'Learning and Development Manager',
      'Marcus trained twelve of our managers to coach their own teams through the rollout.',
      '12 internal coaches certified', true, true, interval '200 days')
) as v(n, expert_n, client_name, company, title, quote, metric, verified, featured, age)
order by v.n;

-- ====== workshops ======
-- day: schedule date relative to today (null for recorded, on-demand workshops). capacity_remaining is not
-- given: it starts at capacity_total and the seat trigger takes one per registration below.
create temp table seed_workshops on commit preserve rows as
select v.n, pg_temp.hg_id(3, v.n) as id, v.title, v.description, pg_temp.hg_id(2, v.instructor_n) as instructor_id,
       v.pillar, v.level, v.format, current_date + v.day as schedule_date, v.at::time as schedule_time, v.minutes,
       v.tz, v.location, v.capacity, v.price, v.early_bird, v.outcomes, v.tags, v.status, v.featured,
       -- when the workshop was announced: recorded ones went on sale months ago.
       case when v.day is null then now() - interval '240 days' + v.n * interval '3 days'
            else (current_date + v.day)::timestamptz - interval '75 days' end as created_at
from (values
  (1, 'AI Adoption Fundamentals for Teams',
      'A practical introduction to bringing AI tools into everyday team work: picking first use cases, setting norms and measuring adoption.',
      2, 'adaptability', 'beginner', 'live', 12, '15:00', 180, 'America/New_York', 'Online (Zoom)', 40, 249.00, 199.00,
      '{Pick three starter use cases,Write team norms for AI tools,Measure weekly adoption}'::text[],
      '{ai-adoption,teams,fundamentals}'::text[], 'published', true),
  (2, 'Leading Through AI Change',
      'For managers who have to lead a team through AI-driven change while still delivering. Covers fear, motivation and realistic pacing.',
      2, 'adaptability', 'intermediate', 'hybrid', 26, '14:00', 360, 'America/New_York',
      'HumanGlue Studio, 120 Market St, San Francisco, and online', 30, 495.00, 395.00,
      '{Run a change conversation,Spot resistance early,Plan a 90-day adoption sprint}',
      '{leadership,change-management,ai-adoption}', 'published', true),
  (3, 'Embedding New Habits at Scale',
      'Advanced practitioners design reinforcement systems so new ways of working survive the first quarter.',
      2, 'adaptability', 'advanced', 'live', 40, '16:00', 240, 'Europe/London', 'Online (Zoom)', 20, 895.00, 745.00,
      '{Design reinforcement loops,Instrument behaviour change,Hand over to line managers}',
      '{embedding,behaviour-change,scale}', 'published', false),
  (4, 'Reframing Fear into Confidence',
      'A self-paced course on turning anxiety about automation into curiosity, with short exercises for individuals and teams.',
      2, 'adaptability', 'beginner', 'recorded', null, null, 90, 'UTC', 'On demand', 500, 0.00, null,
      '{Name the fear,Reframe the change,Pick one experiment}',
      '{mindset,individual,fear-to-confidence}', 'published', false),
  (5, 'Adaptability Sprint: Spring Cohort',
      'Two intensive half-days applying the adaptability framework to a live change in your organisation. Small cohort, lots of coaching.',
      2, 'adaptability', 'intermediate', 'live', 9, '13:00', 480, 'America/Chicago', 'Online (Zoom)', 12, 349.00, 299.00,
      '{Map your change with the five dimensions,Draft an adoption plan,Get peer feedback}',
      '{adaptability,cohort,sprint}', 'published', false),
  (6, 'Coaching for Change Champions',
      'Equips internal change champions with coaching conversations that help peers adopt new tools.',
      3, 'coaching', 'intermediate', 'live', -20, '15:00', 240, 'America/New_York', 'Online (Zoom)', 25, 395.00, null,
      '{Use the GROW model for change,Hold a peer coaching session,Escalate blockers well}',
      '{coaching,champions,peer-support}', 'published', true),
  (7, 'Coaching Conversations that Stick',
      'On-demand library of short coaching conversations with worked examples and reflection prompts.',
      3, 'coaching', 'beginner', 'recorded', null, null, 120, 'UTC', 'On demand', 300, 149.00, null,
      '{Ask better questions,Agree on next steps,Follow up without nagging}',
      '{coaching,conversations,on-demand}', 'published', false),
  (8, 'Executive Coaching for AI Strategy',
      'A closed-door programme for senior leaders deciding how AI changes their operating model.',
      3, 'coaching', 'advanced', 'hybrid', -120, '09:00', 420, 'America/New_York',
      'HumanGlue Studio, 120 Market St, San Francisco, and online', 16, 1200.00, 950.00,
      '{Frame AI bets as experiments,Align the leadership team,Communicate the why}',
      '{executive,strategy,coaching}', 'archived', false),
  (9, 'Building Your Expert Practice',
      'For marketplace experts: positioning, profile writing and turning testimonials into evidence.',
      4, 'marketplace', 'beginner', 'recorded', null, null, 75, 'UTC', 'On demand', 100, 99.00, null,
      '{Write a profile that converts,Collect verifiable metrics,Price your first engagement}',
      '{marketplace,experts,profile}', 'published', false),
  (10, 'Scoping Transformation Engagements',
      'How experts scope engagements with clear hours, deliverables and milestones. Draft: agenda under review.',
      4, 'marketplace', 'intermediate', 'live', 70, '17:00', 150, 'UTC', 'Online (Zoom)', 30, 450.00, null,
      '{Write a scope clients sign,Set milestones,Plan the hour budget}',
      '{marketplace,scoping,engagements}', 'draft', false),
  (11, 'Pricing and Packaging Advisory Work',
      'Advanced pricing for experts moving from hourly to outcome-based packages. Cancelled: instructor unavailable.',
      4, 'marketplace', 'advanced', 'hybrid', 30, '10:00', 300, 'Europe/London',
      'HumanGlue Hub, 20 Shoreditch High St, London, and online', 20, 650.00, 520.00,
      '{Package outcomes,Price retainers,Handle procurement}',
      '{marketplace,pricing,advanced}', 'cancelled', false),
  (12, 'Change Management Bootcamp',
      'Three intensive days on the full change lifecycle, from stakeholder mapping to sustaining adoption.',
      2, 'adaptability', 'advanced', 'hybrid', -200, '09:00', 1200, 'America/New_York',
      'HumanGlue Studio, 120 Market St, San Francisco, and online', 24, 795.00, 650.00,
      '{Map stakeholders,Build a change plan,Measure adoption}',
      '{change-management,bootcamp,lifecycle}', 'archived', false),
  (13, 'Velocity Metrics Masterclass',
      'Measuring the speed of organisational change without gaming the numbers. Draft: pilot content.',
      2, 'adaptability', 'intermediate', 'live', 85, '15:00', 180, 'America/New_York', 'Online (Zoom)', 30, 395.00, null,
      '{Choose velocity metrics,Read the dashboard,Act on slow signals}',
      '{velocity,metrics,measurement}', 'draft', false),
  (14, 'Team Coaching Lab',
      'A hands-on lab for team leads practising coaching with real scenarios. Cancelled: too few registrations.',
      3, 'coaching', 'beginner', 'live', -45, '12:00', 120, 'America/Chicago', 'Online (Zoom)', 20, 195.00, null,
      '{Run a team retro,Coach in the moment,Give useful feedback}',
      '{coaching,teams,lab}', 'cancelled', false),
  (15, 'AI Adoption Fundamentals for Teams (Autumn Cohort)',
      'The autumn cohort of our introductory AI adoption workshop.',
      2, 'adaptability', 'beginner', 'live', -300, '15:00', 180, 'America/New_York', 'Online (Zoom)', 40, 249.00, 199.00,
      '{Pick three starter use cases,Write team norms for AI tools,Measure weekly adoption}',
      '{ai-adoption,teams,fundamentals}', 'archived', false),
  (16, 'Culture Diagnostics for Advisors',
      'For marketplace experts: running the cultural and embedding dimensions of the assessment with a client.',
      4, 'marketplace', 'intermediate', 'live', 55, '16:00', 180, 'Europe/London', 'Online (Zoom)', 18, 299.00, null,
      '{Read an assessment report,Run a culture workshop,Write recommendations}',
      '{marketplace,culture,diagnostics}', 'published', false)
) as v(n, title, description, instructor_n, pillar, level, format, day, at, minutes, tz, location, capacity, price,
       early_bird, outcomes, tags, status, featured);

insert into public.workshops
  (id, title, description, instructor_id, pillar, level, format, schedule_date, schedule_time, duration_minutes,
   timezone, location, capacity_total, price_amount, price_early_bird, outcomes, tags, status, is_featured,
   metadata, created_at, updated_at)
select w.id, w.title, w.description, w.instructor_id, w.pillar, w.level, w.format, w.schedule_date, w.schedule_time,
       w.minutes, w.tz, w.location, w.capacity, w.price, w.early_bird, w.outcomes, w.tags, w.status, w.featured,
       case when w.format = 'recorded' then jsonb_build_object('modules', 6 + w.n % 4, 'self_paced', true)
            else jsonb_build_object('meeting_provider', 'zoom', 'recording_available', w.status = 'archived') end,
       w.created_at, w.created_at
from seed_workshops w
order by w.n;

-- ====== assessments ======
-- 18 months of completed assessments per organisation (kestrel labs joined 13 months ago), more each month as
-- adoption grows (northwind and brightpath above the trends' anonymity minimum of 5 every month, kestrel and
-- meridian below it lately, so a comparison shows both), with scores that climb over time at a different pace per organisation so the trend function
-- has something to show. each assessment gets a target score per dimension; its answers are generated around
-- the target with offsets whose weighted sum is zero, so the score trigger arrives at exactly the target.
create temp table seed_assessments on commit preserve rows as
with members as (
  select p.id, p.org_n, p.n,
         row_number() over (partition by p.org_n order by p.n) - 1 as idx,
         count(*) over (partition by p.org_n) as total
  from seed_people p
  where p.org_n is not null and p.status = 'active'
), plan as (
  select o.org_n, o.gain, o.base, m.m, k.k
  from (values
    (1, 1.4, array[58, 52, 55, 48, 50], 17, 6),
    (2, 1.1, array[54, 57, 60, 45, 42], 17, 5),
    (3, 0.9, array[66, 60, 68, 55, 72], 12, 2),
    (4, 0.6, array[48, 50, 46, 44, 40], 17, 2)
  ) as o(org_n, gain, base, months, per_month)
  cross join lateral generate_series(0, o.months) as m(m)
  cross join lateral generate_series(1, o.per_month + (17 - m.m) / 6) as k(k)
), numbered as (
  select plan.*, row_number() over (order by plan.org_n, plan.m desc, plan.k)::integer as seq
  from plan
), timed as (
  select n.*,
         date_trunc('month', now()) - n.m * interval '1 month' as month_start,
         least(now(), date_trunc('month', now()) - (n.m - 1) * interval '1 month') as month_end
  from numbered n
)
select t.seq, pg_temp.hg_id(5, t.seq) as id, mb.id as user_id, pg_temp.hg_id(1, t.org_n) as organization_id,
       case when pg_temp.hg_rand('type' || t.seq) < 0.6 then 'full'
            when pg_temp.hg_rand('type' || t.seq) < 0.85 then 'quick'
            else 'follow_up' end as assessment_type,
       'completed' as status,
       c.completed_at - (12 + floor(pg_temp.hg_rand('minutes' || t.seq) * 30)) * interval '1 minute' as started_at,
       c.completed_at,
       array(
         select least(90, greatest(12, round(
                  t.base[d] + t.gain * (17 - t.m)
                  + (pg_temp.hg_rand('person' || mb.n || '-' || d) - 0.5) * 10
                  + (pg_temp.hg_rand('noise' || t.seq || '-' || d) - 0.5) * 14)))::integer
         from generate_series(1, 5) as d
         order by d
       ) as target
from timed t
join members mb on mb.org_n = t.org_n and mb.idx = (t.m * 7 + t.k * 5) % mb.total
cross join lateral (
  select t.month_start + (0.03 + 0.94 * pg_temp.hg_rand('day' || t.seq)) * (t.month_end - t.month_start) as completed_at
) as c;

-- a few assessments still in progress this week, and some abandoned part-way months ago.
insert into seed_assessments (seq, id, user_id, organization_id, assessment_type, status, started_at, completed_at, target)
select s.seq, pg_temp.hg_id(5, s.seq), p.id, pg_temp.hg_id(1, p.org_n), 'full', s.status,
       now() - s.age, null, array[60 + s.seq % 7, 55 + s.seq % 5, 62, 50, 58]
from (values
  (1001, 14, 'in_progress', interval '2 hours'),
  (1002, 20, 'in_progress', interval '1 day 3 hours'),
  (1003, 29, 'in_progress', interval '2 days 5 hours'),
  (1004, 38, 'in_progress', interval '3 days'),
  (1005, 45, 'in_progress', interval '4 days 6 hours'),
  (1006, 31, 'in_progress', interval '6 days'),
  (1101, 23, 'abandoned', interval '65 days'),
  (1102, 33, 'abandoned', interval '120 days'),
  (1103, 41, 'abandoned', interval '190 days'),
  (1104, 47, 'abandoned', interval '260 days'),
  (1105, 26, 'abandoned', interval '310 days')
) as s(seq, person_n, status, age)
join seed_people p on p.n = s.person_n;

insert into public.assessments
  (id, user_id, organization_id, assessment_type, status, started_at, completed_at, created_at, updated_at)
select a.id, a.user_id, a.organization_id, a.assessment_type, a.status, a.started_at, a.completed_at,
       a.started_at, coalesce(a.completed_at, a.started_at)
from seed_assessments a
order by a.seq;

-- the question bank: three weighted questions per dimension (weights 1, 1.5 and 0.5) and one free-text question.
create temp table seed_questions on commit preserve rows as
select v.ord, v.question_id, v.dimension, v.dim, v.slot, v.answer_type, v.weight
from (values
  (1, 'ind-01-experiments', 'individual', 1, 1, 'scale', 1.0),
  (2, 'ind-02-feelings-about-ai', 'individual', 1, 2, 'fearToConfidence', 1.5),
  (3, 'ind-03-learning-style', 'individual', 1, 3, 'multiChoice', 0.5),
  (4, 'lead-01-explains-why', 'leadership', 2, 1, 'scale', 1.0),
  (5, 'lead-02-models-behaviour', 'leadership', 2, 2, 'scale', 1.5),
  (6, 'lead-03-decision-style', 'leadership', 2, 3, 'multiChoice', 0.5),
  (7, 'cul-01-safe-to-fail', 'cultural', 3, 1, 'scale', 1.0),
  (8, 'cul-02-shared-learning', 'cultural', 3, 2, 'multiChoice', 1.5),
  (9, 'cul-03-team-confidence', 'cultural', 3, 3, 'fearToConfidence', 0.5),
  (10, 'emb-01-still-in-use', 'embedding', 4, 1, 'scale', 1.0),
  (11, 'emb-02-reinforcement', 'embedding', 4, 2, 'multiChoice', 1.5),
  (12, 'emb-03-measured', 'embedding', 4, 3, 'scale', 0.5),
  (13, 'vel-01-time-to-adopt', 'velocity', 5, 1, 'multiChoice', 1.0),
  (14, 'vel-02-decision-speed', 'velocity', 5, 2, 'scale', 1.5),
  (15, 'vel-03-experiment-cadence', 'velocity', 5, 3, 'scale', 0.5),
  (16, 'ind-04-what-would-help', 'individual', 1, 4, 'text', 1.0)
) as v(ord, question_id, dimension, dim, slot, answer_type, weight);

-- full: every question; follow_up: the first two per dimension; quick: the first per dimension. in-progress
-- assessments have answered the first two dimensions, abandoned ones gave up after two questions.
insert into public.assessment_answers
  (id, assessment_id, question_id, dimension, answer_type, answer_value, answer_text, question_weight, created_at, updated_at)
select pg_temp.hg_id(6, a.seq * 100 + q.ord), a.id, q.question_id, q.dimension, q.answer_type,
       case when q.answer_type = 'text' then null
            else a.target[q.dim] + case
              when a.assessment_type = 'quick' then 0
              when a.assessment_type = 'follow_up' then case q.slot when 1 then -3 * o.j else 2 * o.j end
              else case q.slot when 1 then o.a when 2 then o.b else -2 * o.a - 3 * o.b end
            end end,
       case when q.answer_type = 'text' then (array[
              'More time to practise with the tools before they become mandatory.',
              'Clearer examples of what good looks like in my role.',
              'Knowing which tasks will change and which will not.',
              'A named person to ask when I get stuck.',
              'Seeing my manager use the new tools too.'])[1 + a.seq % 5] end,
       q.weight,
       a.started_at + q.ord * interval '1 minute', a.started_at + q.ord * interval '1 minute'
from seed_assessments a
join seed_questions q on
  case
    when a.status = 'abandoned' then q.dim = 1 and q.slot <= 2
    when a.status = 'in_progress' then q.dim <= 2 and q.slot <= 3
    when a.assessment_type = 'quick' then q.slot = 1
    when a.assessment_type = 'follow_up' then q.slot <= 2
    else true
  end
cross join lateral (
  select floor(pg_temp.hg_rand('a' || a.seq || q.dim) * 5)::integer - 2 as a,
         floor(pg_temp.hg_rand('b' || a.seq || q.dim) * 5)::integer - 2 as b,
         floor(pg_temp.hg_rand('j' || a.seq || q.dim) * 3)::integer - 1 as j
) as o
order by a.seq, q.ord;

-- results and recommendations follow from the scores the trigger computed.
update public.assessments a
set results = jsonb_build_object(
      'stage', case when a.overall_score >= 75 then 'scale' when a.overall_score >= 60 then 'embed'
                    when a.overall_score >= 45 then 'reframe' else 'assess' end,
      'strongest_dimension', x.strongest,
      'weakest_dimension', x.weakest,
      'summary', format('Overall adaptability %s/100; strongest in %s, most room to grow in %s.',
                        a.overall_score, x.strongest, x.weakest)),
    recommendations = case x.weakest
      when 'individual' then '["Pair each person with a practice buddy for new tools", "Run the Reframing Fear into Confidence course"]'
      when 'leadership' then '["Have leaders demo their own AI use in team meetings", "Send managers to Leading Through AI Change"]'
      when 'cultural' then '["Start a monthly what-we-tried-and-learned session", "Celebrate useful failures publicly"]'
      when 'embedding' then '["Add adoption checkpoints at 30, 60 and 90 days", "Make new practices part of onboarding"]'
      else '["Shorten the pilot-to-rollout cycle", "Set a decision deadline for every experiment"]'
    end::jsonb
from (
  select s.id,
         (select d from (values ('individual', s.individual_score), ('leadership', s.leadership_score),
                                ('cultural', s.cultural_score), ('embedding', s.embedding_score),
                                ('velocity', s.velocity_score)) as v(d, score)
           order by score desc, d limit 1) as strongest,
         (select d from (values ('individual', s.individual_score), ('leadership', s.leadership_score),
                                ('cultural', s.cultural_score), ('embedding', s.embedding_score),
                                ('velocity', s.velocity_score)) as v(d, score)
           order by score asc, d limit 1) as weakest
  from public.assessments s
  where s.status = 'completed'
) as x
where a.id = x.id;

-- ====== registrations, their payments and certificates ======
-- each workshop takes k people from a pool (organisation members, or experts for marketplace workshops) starting
-- at an offset; by position the first are cancelled, then no-shows, then completed, the rest still registered.
-- payments and certificates are planned here too so each registration can be inserted with its references.
create temp table seed_registrations on commit preserve rows as
with pool as (
  select 'org' as pool, p.id, p.n, p.org_n,
         row_number() over (order by p.n) - 1 as idx, count(*) over () as total
  from seed_people p
  where p.org_n is not null and p.status = 'active'
  union all
  select 'experts', p.id, p.n, p.org_n,
         row_number() over (order by p.n) - 1, count(*) over ()
  from seed_people p
  where 'expert' = any (p.roles)
), plan as (
  select * from (values
    (1, 'org', 18, 0, 2, 0, 0),
    (2, 'org', 14, 5, 2, 0, 0),
    (3, 'org', 6, 11, 0, 0, 0),
    (4, 'org', 20, 17, 1, 0, 12),
    (5, 'org', 13, 20, 1, 0, 0),     -- sold out: 12 seats taken, one cancellation
    (6, 'org', 16, 23, 2, 2, 12),
    (7, 'org', 10, 30, 0, 0, 6),
    (8, 'org', 12, 3, 1, 1, 10),
    (9, 'experts', 5, 0, 0, 0, 3),
    (11, 'experts', 3, 2, 3, 0, 0),  -- the workshop was cancelled
    (12, 'org', 20, 8, 1, 2, 17),
    (14, 'org', 4, 27, 4, 0, 0),     -- the workshop was cancelled
    (15, 'org', 30, 13, 1, 3, 26),
    (16, 'experts', 4, 4, 0, 0, 0)
  ) as v(w, pool, k, offs, n_cancelled, n_no_show, n_completed)
), chosen as (
  select plan.w, pool.id as user_id, pool.org_n,
         ((pool.idx - plan.offs) % pool.total + pool.total) % pool.total + 1 as pos,
         plan.n_cancelled, plan.n_no_show, plan.n_completed
  from plan
  join pool on pool.pool = plan.pool
           and ((pool.idx - plan.offs) % pool.total + pool.total) % pool.total < plan.k
), numbered as (
  select c.*, row_number() over (order by c.w, c.pos)::integer as seq,
         case when c.pos <= c.n_cancelled then 'cancelled'
              when c.pos <= c.n_cancelled + c.n_no_show then 'no_show'
              when c.pos <= c.n_cancelled + c.n_no_show + c.n_completed then 'completed'
              else 'registered' end as status
  from chosen c
), timed as (
  select n.*, w.id as workshop_id, w.title, w.format, w.level, w.tags, w.instructor_id, w.price, w.early_bird,
         (w.schedule_date + w.schedule_time) at time zone w.tz as starts_at, w.minutes,
         case when w.format = 'recorded'
              then now() - interval '1 hour' - pg_temp.hg_rand('reg' || n.seq) * interval '200 days'
              else least(now() - interval '1 hour' - pg_temp.hg_rand('reg' || n.seq) * interval '12 days',
                         (w.schedule_date + w.schedule_time) at time zone w.tz - interval '3 days'
                           - pg_temp.hg_rand('reg' || n.seq) * interval '40 days')
         end as registered_at
  from numbered n
  join seed_workshops w on w.n = n.w
)
select t.seq, pg_temp.hg_id(4, t.seq) as id, t.w, t.workshop_id, t.user_id, t.org_n, t.status, t.title, t.format,
       t.level, t.tags, t.instructor_id, t.registered_at,
       case when t.price = 0 then 0
            when t.early_bird is not null and t.registered_at < t.starts_at - interval '30 days' then t.early_bird
            else t.price end as price_paid,
       case when t.status = 'cancelled'
            then least(now() - interval '30 minutes', t.registered_at + (1 + pg_temp.hg_rand('cancel' || t.seq) * 6) * interval '1 day')
       end as cancelled_at,
       case when t.status = 'completed' then
              case when t.format = 'recorded'
                   then least(now() - interval '1 hour', t.registered_at + (2 + pg_temp.hg_rand('done' || t.seq) * 25) * interval '1 day')
                   else t.starts_at + t.minutes * interval '1 minute' end
       end as completed_at,
       case when t.status = 'completed' and pg_temp.hg_rand('rate' || t.seq) < 0.6 then
              case when pg_temp.hg_rand('stars' || t.seq) < 0.55 then 5
                   when pg_temp.hg_rand('stars' || t.seq) < 0.9 then 4 else 3 end
       end as rating,
       case when t.status = 'completed' and pg_temp.hg_rand('rate' || t.seq) < 0.6 then (array[
              'Practical and well paced; I used two of the exercises the following week.',
              'Great facilitation. I wanted more time on the case studies.',
              'Exactly what our team needed to get unstuck.',
              'Good content, a little long in the middle.',
              'The templates alone were worth it.'])[1 + t.seq % 5]
       end as review,
       (array['stripe', 'stripe', 'paypal', 'stripe', 'manual', 'paypal'])[1 + t.seq % 6] as provider,
       case when t.status = 'completed'
            then ('ce' || lpad((row_number() over (partition by t.status = 'completed' order by t.seq))::text, 6, '0')
                  || '-0000-4000-8000-000000000000')::uuid
       end as certificate_id
from timed t;

-- one payment per paid registration: refunded when cancelled, a few still pending, the rest succeeded.
insert into public.payments
  (id, user_id, organization_id, amount, currency, provider, transaction_id, status, payment_type, related_entity_id,
   description, invoice_number, invoice_url, refund_amount, refunded_at, metadata, created_at, updated_at)
select pg_temp.hg_id(11, r.seq), r.user_id, pg_temp.hg_id(1, r.org_n), r.price_paid, 'USD', r.provider,
       case r.provider
         when 'stripe' then 'pi_' || substr(md5('stripe-' || r.seq), 1, 24)
         when 'paypal' then 'PAYID-' || upper(substr(md5('paypal-' || r.seq), 1, 20))
         else 'WIRE-' || to_char(r.registered_at, 'YYYYMMDD') || '-' || lpad(r.seq::text, 4, '0')
       end,
       x.status, 'workshop', r.workshop_id,
       'Workshop registration: ' || r.title,
       'HG-' || to_char(r.registered_at, 'YYYY') || '-' || lpad(r.seq::text, 5, '0'),
       'https://billing.humanglue.dev/invoices/HG-' || to_char(r.registered_at, 'YYYY') || '-' || lpad(r.seq::text, 5, '0') || '.pdf',
       case when x.status = 'refunded' then r.price_paid else 0 end,
       case when x.status = 'refunded' then r.cancelled_at end,
       jsonb_build_object('registration_id', r.id) || case r.provider
         when 'stripe' then jsonb_build_object('card_brand', (array['visa', 'mastercard', 'amex'])[1 + r.seq % 3],
                                               'card_last4', lpad(((r.seq * 7919) % 10000)::text, 4, '0'))
         when 'paypal' then jsonb_build_object('payer_email', p.email)
         else jsonb_build_object('po_number', 'PO-' || (40000 + r.seq * 13)::text) end,
       r.registered_at, coalesce(r.cancelled_at, r.registered_at)
from seed_registrations r
join seed_people p on p.id = r.user_id
cross join lateral (
  select case when r.status = 'cancelled' then 'refunded'
              when r.status = 'registered' and r.seq % 5 = 0 then 'pending'
              else 'succeeded' end as status
) as x
where r.price_paid > 0
order by r.seq;

insert into public.certificates
  (id, user_id, certificate_type, workshop_id, title, issue_date, expiry_date, skills_demonstrated, certificate_url,
   issued_by, is_verified, metadata, created_at, updated_at)
select r.certificate_id, r.user_id, 'workshop', r.workshop_id, 'Certificate of Completion: ' || r.title,
       r.completed_at::date,
       case when r.level = 'advanced' then r.completed_at::date + 730 end,
       r.tags,
       'https://certificates.humanglue.dev/' || r.certificate_id || '.pdf',
       r.instructor_id, true,
       jsonb_build_object('registration_id', r.id, 'hours', 3 + r.seq % 5),
       r.completed_at + interval '1 day', r.completed_at + interval '1 day'
from seed_registrations r
where r.certificate_id is not null
order by r.seq;

-- the seat trigger takes a seat for every registration that is not cancelled (the sold-out cohort ends at 0).
insert into public.workshop_registrations
  (id, workshop_id, user_id, status, price_paid, payment_id, attended, registered_at, cancelled_at, completed_at,
   certificate_id, rating, review, created_at, updated_at)
select r.id, r.workshop_id, r.user_id, r.status, r.price_paid,
       case when r.price_paid > 0 then pg_temp.hg_id(11, r.seq) end,
       r.status = 'completed', r.registered_at, r.cancelled_at, r.completed_at, r.certificate_id, r.rating, r.review,
       r.registered_at, coalesce(r.completed_at, r.cancelled_at, r.registered_at)
from seed_registrations r
order by r.seq;

-- ====== engagements and sessions ======
-- client_satisfaction_score on completed engagements feeds the experts' ratings (trigger); hours_used is derived
-- from the completed sessions below (trigger), each engagement staying within its hour budget.
create temp table seed_engagements on commit preserve rows as
select v.n, pg_temp.hg_id(9, v.n) as id, pg_temp.hg_id(2, v.client_n) as client_id,
       pg_temp.hg_id(2, v.expert_n) as expert_id, pg_temp.hg_id(1, v.org_n) as organization_id, v.org_n,
       v.title, v.focus, v.description, v.hours, v.rate, v.status,
       current_date + v.start_day as start_date, current_date + v.end_day as end_date, v.satisfaction,
       v.completed_sessions, v.session_hours, v.scheduled_sessions, v.cancelled_sessions, v.no_show_sessions
from (values
  (1, 12, 5, 1, 'AI adoption roadmap for network operations', 'AI Adoption',
      'Roadmap and adoption programme for the routing assistant across 14 depots.',
      40.0, 325.00, 'completed', -200, -110, 5, 12, 3.0, 0, 1, 0),
  (2, 13, 6, 1, 'Change management for the warehouse automation rollout', 'Change Management',
      'Stakeholder mapping, champion network and communications for the automation rollout.',
      30.0, 290.00, 'active', -40, 50, null, 5, 2.0, 3, 0, 1),
  (3, 15, 5, 2, 'Clinical AI readiness programme', 'AI Adoption',
      'Readiness assessment and pilot design for ambient clinical documentation.',
      36.0, 325.00, 'completed', -330, -230, 5, 11, 3.0, 0, 1, 0),
  (4, 15, 7, 2, 'Nursing workflow change playbook', 'Change Management',
      'A ward-by-ward playbook for the new documentation workflow.',
      24.0, 240.00, 'completed', -220, -150, 4, 10, 2.0, 0, 0, 1),
  (5, 16, 9, 3, 'Automating customer onboarding', 'Process Automation',
      'Automating the onboarding checklist and retraining the customer success team.',
      20.0, 210.00, 'completed', -160, -100, 4, 8, 2.5, 0, 0, 0),
  (6, 16, 10, 3, 'Scaling culture through hypergrowth', 'Culture Transformation',
      'Codifying values and rituals before the team doubles. Paused while the company closes its funding round.',
      16.0, 220.00, 'paused', -90, 30, null, 4, 2.0, 0, 1, 0),
  (7, 17, 8, 4, 'Executive team AI leadership coaching', 'Leadership Development',
      'Coaching the executive committee on leading an AI-enabled operating model.',
      18.0, 450.00, 'completed', -280, -170, 5, 12, 1.5, 0, 0, 0),
  (8, 17, 6, 4, 'Data strategy for branch transformation', 'AI Adoption',
      'Turning the data strategy into decisions branch managers make weekly.',
      28.0, 290.00, 'completed', -140, -60, 5, 9, 3.0, 0, 1, 0),
  (9, 12, 10, 1, 'Leadership offsite facilitation', 'Culture Transformation',
      'Design and facilitation of the two-day operations leadership offsite.',
      12.0, 220.00, 'completed', -75, -60, 5, 2, 6.0, 0, 0, 0),
  (10, 17, 3, 4, 'Coaching champions network', 'Team Coaching',
      'Train 15 branch champions to coach peers through the new tools.',
      20.0, 260.00, 'pending', 14, 120, null, 0, 0, 1, 0, 0),
  (11, 12, 11, 1, 'Route optimisation pilot', 'Process Automation',
      'Pilot stopped after the kick-off: the internal data team took it over.',
      10.0, 180.00, 'cancelled', -50, -35, null, 1, 2.0, 0, 2, 0),
  (12, 15, 7, 2, 'Sustaining adoption after go-live', 'Change Management',
      'Reinforcement plan for the six months after the documentation go-live.',
      20.0, 240.00, 'active', -30, 150, null, 3, 2.0, 2, 0, 0),
  (13, 13, 5, 1, 'AI adoption phase 2: scale', 'AI Adoption',
      'Extending the adoption programme to customer service and finance.',
      50.0, 325.00, 'active', -45, 90, null, 6, 3.0, 4, 0, 0)
) as v(n, client_n, expert_n, org_n, title, focus, description, hours, rate, status, start_day, end_day, satisfaction,
       completed_sessions, session_hours, scheduled_sessions, cancelled_sessions, no_show_sessions);

insert into public.engagements
  (id, client_id, expert_id, organization_id, title, focus_area, description, hours_total, hourly_rate, status,
   start_date, end_date, deliverables, milestones, client_satisfaction_score, created_at, updated_at)
select e.id, e.client_id, e.expert_id, e.organization_id, e.title, e.focus, e.description, e.hours, e.rate, e.status,
       e.start_date, e.end_date,
       jsonb_build_array(
         jsonb_build_object('name', 'Current-state assessment', 'due', e.start_date + 14,
                            'status', case when e.status = 'pending' then 'not_started' else 'delivered' end),
         jsonb_build_object('name', 'Adoption plan', 'due', e.start_date + 35,
                            'status', case when e.status in ('completed', 'active') and e.start_date + 35 < current_date
                                           then 'delivered' when e.status = 'completed' then 'delivered' else 'in_progress' end),
         jsonb_build_object('name', 'Final report and handover', 'due', e.end_date,
                            'status', case when e.status = 'completed' then 'delivered' else 'not_started' end)),
       jsonb_build_array(
         jsonb_build_object('name', 'Kick-off', 'date', e.start_date, 'done', e.status <> 'pending'),
         jsonb_build_object('name', 'Midpoint review', 'date', e.start_date + (e.end_date - e.start_date) / 2,
                            'done', e.status = 'completed' or (e.status in ('active', 'paused')
                                    and e.start_date + (e.end_date - e.start_date) / 2 < current_date)),
         jsonb_build_object('name', 'Close-out', 'date', e.end_date, 'done', e.status = 'completed')),
       e.satisfaction,
       e.start_date - interval '10 days', coalesce(least(e.end_date::timestamptz, now()), now())
from seed_engagements e
order by e.n;

-- sessions in order: completed ones spread from the start date, cancelled and no-show ones among them, scheduled
-- ones weekly from tomorrow. the first is the kick-off consultation, the last completed one a follow-up.
insert into public.engagement_sessions
  (id, engagement_id, session_type, scheduled_at, started_at, ended_at, duration_hours, session_notes, action_items,
   status, created_at, updated_at)
select pg_temp.hg_id(10, e.n * 100 + s.i), e.id,
       case when s.i = 1 then 'consultation'
            when s.kind = 'completed' and s.i = e.completed_sessions and e.status = 'completed' then 'follow_up'
            when e.focus = 'Culture Transformation' and e.session_hours >= 6 then 'workshop'
            else (array['coaching', 'workshop', 'coaching', 'consultation'])[1 + s.i % 4] end,
       s.at,
       case when s.kind = 'completed' then s.at end,
       case when s.kind = 'completed' then s.at + e.session_hours * interval '1 hour' end,
       case when s.kind = 'completed' then e.session_hours else 0 end,
       case when s.kind = 'completed' then (array[
              'Reviewed adoption numbers by team; two teams lag behind, both without a local champion.',
              'Worked through objections from shift leads; agreed to run a side-by-side trial.',
              'Mapped stakeholders and agreed on the communication cadence.',
              'Coached the sponsor on the all-hands message; drafted FAQ together.',
              'Retrospective on the pilot: what to keep, what to drop, what to try next.'])[1 + (e.n + s.i) % 5]
            when s.kind = 'cancelled' then 'Cancelled by the client at short notice.'
            when s.kind = 'no_show' then 'Client did not join; rescheduled.' end,
       case when s.kind = 'completed' then jsonb_build_array(
              jsonb_build_object('owner', 'client', 'item', 'Share adoption dashboard with team leads', 'done', s.at < now() - interval '14 days'),
              jsonb_build_object('owner', 'expert', 'item', 'Send session summary and templates', 'done', true))
            else '[]'::jsonb end,
       s.kind, s.at - interval '7 days', coalesce(s.at + e.session_hours * interval '1 hour', s.at)
from seed_engagements e
cross join lateral (
  select k.i, k.kind,
         case when k.kind = 'scheduled'
              then (current_date + 1 + (k.i - e.completed_sessions - e.cancelled_sessions - e.no_show_sessions - 1) * 7)
                   + time '15:00'
              else e.start_date + time '14:00'
                   + (k.i - 1) * (least(e.end_date, current_date - 1) - e.start_date)
                     / greatest(e.completed_sessions + e.cancelled_sessions + e.no_show_sessions, 1) * interval '1 day'
         end at time zone 'UTC' as at
  from (
    select g.i,
           case when g.i <= e.completed_sessions + e.cancelled_sessions + e.no_show_sessions then
                  case when e.cancelled_sessions > 0 and g.i = e.completed_sessions + e.no_show_sessions + e.cancelled_sessions
                                and e.status <> 'cancelled' then 'cancelled'
                       when e.status = 'cancelled' and g.i > e.completed_sessions then 'cancelled'
                       when e.no_show_sessions > 0 and g.i = 2 then 'no_show'
                       else 'completed' end
                else 'scheduled' end as kind
    from generate_series(1, e.completed_sessions + e.cancelled_sessions + e.no_show_sessions + e.scheduled_sessions) as g(i)
  ) as k
) as s
order by e.n, s.i;

-- ====== other payments ======
-- engagement billing: completed engagements invoiced for the hours used, active and paused ones paid a 50% deposit
-- (with the next instalment pending), the pending engagement's deposit awaits payment and the cancelled pilot's
-- deposit was refunded less the hours used. enterprise clients pay by bank transfer, kestrel by paypal.
insert into public.payments
  (id, user_id, organization_id, amount, currency, provider, transaction_id, status, payment_type, related_entity_id,
   description, invoice_number, invoice_url, refund_amount, refunded_at, metadata, created_at, updated_at)
select pg_temp.hg_id(11, b.n), e.client_id, e.organization_id, b.amount, 'USD', b.provider,
       case b.provider
         when 'stripe' then 'pi_' || substr(md5('stripe-' || b.n), 1, 24)
         when 'paypal' then 'PAYID-' || upper(substr(md5('paypal-' || b.n), 1, 20))
         else 'WIRE-' || to_char(b.at, 'YYYYMMDD') || '-' || lpad(b.n::text, 4, '0')
       end,
       b.status, 'engagement', e.id, b.description,
       'HG-' || to_char(b.at, 'YYYY') || '-' || lpad(b.n::text, 5, '0'),
       'https://billing.humanglue.dev/invoices/HG-' || to_char(b.at, 'YYYY') || '-' || lpad(b.n::text, 5, '0') || '.pdf',
       b.refund, case when b.status = 'refunded' then b.at + interval '3 days' end,
       jsonb_build_object('engagement_id', e.id, 'hourly_rate', e.rate),
       b.at, b.at + case when b.status = 'refunded' then interval '3 days' else interval '0' end
from seed_engagements e
join public.engagements u on u.id = e.id
cross join lateral (
  select 1000 + e.n * 10 + x.k as n, x.amount, x.provider, x.status, x.description, x.at, x.refund
  from (values
    (1, case when e.status = 'completed' then u.hours_used * e.rate else round(e.hours * e.rate / 2, 2) end,
        case e.org_n when 1 then 'manual' when 3 then 'paypal' else 'stripe' end,
        case when e.status = 'pending' then 'pending' when e.status = 'cancelled' then 'refunded' else 'succeeded' end,
        case when e.status = 'completed' then format('Engagement invoice: %s (%s h)', e.title, u.hours_used)
             else format('Engagement deposit (50%%): %s', e.title) end,
        case when e.status = 'completed' then e.end_date::timestamptz + interval '2 days'
             when e.status = 'pending' then now() - interval '2 days'
             else e.start_date::timestamptz - interval '5 days' end,
        case when e.status = 'cancelled' then round(e.hours * e.rate / 2, 2) - u.hours_used * e.rate else 0 end),
    (2, round(e.hours * e.rate / 2, 2),
        case e.org_n when 1 then 'manual' when 3 then 'paypal' else 'stripe' end,
        'pending', format('Engagement instalment 2 of 2: %s', e.title),
        now() - interval '3 days', 0)
  ) as x(k, amount, provider, status, description, at, refund)
  where x.k = 1 or e.status in ('active', 'paused')
) as b
order by b.n;

-- subscriptions, billed monthly to each organisation's decision-maker: northwind by invoice and bank transfer
-- (this month's invoice still open), brightpath and meridian by card (meridian's latest charge failed, hence
-- past_due), kestrel by paypal (one duplicate charge refunded).
insert into public.payments
  (id, user_id, organization_id, amount, currency, provider, transaction_id, status, payment_type, related_entity_id,
   description, invoice_number, invoice_url, refund_amount, refunded_at, metadata, created_at, updated_at)
select pg_temp.hg_id(11, s.n), pg_temp.hg_id(2, s.payer_n), pg_temp.hg_id(1, s.org_n), s.amount, 'USD', s.provider,
       case s.provider
         when 'stripe' then 'ch_' || substr(md5('stripe-' || s.n), 1, 24)
         when 'paypal' then 'PAYID-' || upper(substr(md5('paypal-' || s.n), 1, 20))
         else 'WIRE-' || to_char(s.at, 'YYYYMMDD') || '-' || lpad(s.n::text, 4, '0')
       end,
       s.status, 'subscription', null,
       format('%s plan, %s', initcap(s.tier), to_char(s.at, 'FMMonth YYYY')),
       'HG-' || to_char(s.at, 'YYYY') || '-' || lpad(s.n::text, 5, '0'),
       'https://billing.humanglue.dev/invoices/HG-' || to_char(s.at, 'YYYY') || '-' || lpad(s.n::text, 5, '0') || '.pdf',
       case when s.status = 'refunded' then s.amount else 0 end,
       case when s.status = 'refunded' then s.at + interval '2 days' end,
       jsonb_build_object('tier', s.tier, 'period_start', date_trunc('month', s.at)::date,
                          'period_end', (date_trunc('month', s.at) + interval '1 month - 1 day')::date)
         || case when s.status = 'failed' then '{"failure_code": "card_declined", "failure_message": "Your card was declined."}'::jsonb
                 when s.status = 'refunded' then '{"refund_reason": "duplicate"}'::jsonb else '{}'::jsonb end,
       s.at, s.at + case when s.status = 'refunded' then interval '2 days' else interval '0' end
from (
  select 2000 + o.org_n * 100 + m.m + case when d.dup then 50 else 0 end as n, o.org_n, o.payer_n, o.tier, o.amount,
         o.provider,
         case when d.dup then 'refunded'
              when m.m = 0 and o.org_n = 1 then 'pending'
              when m.m = 0 and o.org_n = 4 then 'failed'
              else 'succeeded' end as status,
         least(now() - interval '1 hour',
               date_trunc('month', now()) - m.m * interval '1 month' + interval '1 day 6 hours')
           + case when d.dup then interval '5 minutes' else interval '0' end as at
  from (values
    (1, 13, 'enterprise', 7500.00, 'manual'),
    (2, 15, 'growth', 1990.00, 'stripe'),
    (3, 16, 'starter', 490.00, 'paypal'),
    (4, 17, 'growth', 1990.00, 'stripe')
  ) as o(org_n, payer_n, tier, amount, provider)
  cross join generate_series(0, 11) as m(m)
  cross join lateral (values (false), (true)) as d(dup)
  where not d.dup or (o.org_n = 3 and m.m = 4)
) as s
order by s.n;

-- one-off purchases and failed attempts (declined cards, a returned bank transfer).
insert into public.payments
  (id, user_id, organization_id, amount, currency, provider, transaction_id, status, payment_type, related_entity_id,
   description, invoice_number, invoice_url, refund_amount, refunded_at, metadata, created_at, updated_at)
select pg_temp.hg_id(11, v.n), pg_temp.hg_id(2, v.payer_n), pg_temp.hg_id(1, p.org_n), v.amount, 'USD', v.provider,
       case v.provider
         when 'stripe' then 'pi_' || substr(md5('stripe-' || v.n), 1, 24)
         when 'paypal' then 'PAYID-' || upper(substr(md5('paypal-' || v.n), 1, 20))
         else 'WIRE-' || to_char(now() - v.age, 'YYYYMMDD') || '-' || lpad(v.n::text, 4, '0')
       end,
       v.status, v.payment_type,
       case v.payment_type when 'workshop' then pg_temp.hg_id(3, v.entity_n)
                           when 'engagement' then pg_temp.hg_id(9, v.entity_n) end,
       v.description,
       'HG-' || to_char(now() - v.age, 'YYYY') || '-' || lpad(v.n::text, 5, '0'),
       'https://billing.humanglue.dev/invoices/HG-' || to_char(now() - v.age, 'YYYY') || '-' || lpad(v.n::text, 5, '0') || '.pdf',
       case when v.status = 'refunded' then v.amount else 0 end,
       case when v.status = 'refunded' then now() - v.age + interval '1 day' end,
       v.metadata::jsonb,
       now() - v.age, now() - v.age + case when v.status = 'refunded' then interval '1 day' else interval '0' end
from (values
  (3001, 12, 'other', null::integer, 1500.00, 'manual', 'succeeded', 'Assessment debrief session for the operations leadership team',
      interval '95 days', '{"po_number": "PO-48812"}'),
  (3002, 14, 'other', null, 25.00, 'stripe', 'succeeded', 'Printed certificate', interval '40 days',
      '{"card_brand": "visa", "card_last4": "4242"}'),
  (3003, 16, 'other', null, 375.00, 'paypal', 'pending', 'Team assessment pack (25 seats)', interval '2 days', '{}'),
  (3004, 20, 'other', null, 25.00, 'stripe', 'refunded', 'Printed certificate (ordered twice)', interval '33 days',
      '{"card_brand": "mastercard", "card_last4": "5100", "refund_reason": "duplicate"}'),
  (4001, 14, 'workshop', 2, 495.00, 'stripe', 'failed', 'Workshop registration: Leading Through AI Change',
      interval '6 days', '{"failure_code": "card_declined", "failure_message": "Your card has insufficient funds."}'),
  (4002, 29, 'workshop', 1, 249.00, 'paypal', 'failed', 'Workshop registration: AI Adoption Fundamentals for Teams',
      interval '9 days', '{"failure_code": "INSTRUMENT_DECLINED"}'),
  (4003, 17, 'engagement', 8, 4060.00, 'manual', 'failed', 'Engagement invoice: Data strategy for branch transformation',
      interval '55 days', '{"failure_code": "transfer_returned", "failure_message": "Bank transfer returned: account details mismatch."}')
) as v(n, payer_n, payment_type, entity_n, amount, provider, status, description, age, metadata)
join seed_people p on p.n = v.payer_n
order by v.n;

-- ====== more certificates ======
-- assessment certificates for strong full assessments, and the change champion programme for people who
-- completed two or more workshops. certificate numbers come from the trigger.
insert into public.certificates
  (id, user_id, certificate_type, assessment_id, title, issue_date, expiry_date, skills_demonstrated, certificate_url,
   issued_by, is_verified, metadata, created_at, updated_at)
select ('ce' || lpad((500 + row_number() over (order by a.completed_at, a.id))::text, 6, '0')
        || '-0000-4000-8000-000000000000')::uuid,
       a.user_id, 'assessment', a.id, 'Adaptability Readiness: Advanced', a.completed_at::date,
       a.completed_at::date + 365, array['Adaptability', initcap(a.results ->> 'strongest_dimension') || ' readiness'],
       null, pg_temp.hg_id(2, 2), true, jsonb_build_object('overall_score', a.overall_score),
       a.completed_at, a.completed_at
from public.assessments a
where a.status = 'completed' and a.assessment_type = 'full' and a.overall_score >= 78
order by a.completed_at, a.id;

insert into public.certificates
  (id, user_id, certificate_type, title, issue_date, expiry_date, skills_demonstrated, issued_by, is_verified,
   metadata, created_at, updated_at)
select ('ce' || lpad((900 + row_number() over (order by c.user_id))::text, 6, '0') || '-0000-4000-8000-000000000000')::uuid,
       c.user_id, 'program', 'HumanGlue Change Champion Programme', c.issued, c.issued + 730,
       '{Change leadership,AI adoption,Peer coaching}', pg_temp.hg_id(2, 2), c.issued < current_date - 30,
       jsonb_build_object('workshops_completed', c.workshops),
       c.issued::timestamptz, c.issued::timestamptz
from (
  select r.user_id, count(*) as workshops, least(current_date, max(r.completed_at)::date + 7) as issued
  from seed_registrations r
  where r.status = 'completed'
  group by r.user_id
  having count(*) >= 2
) as c
order by c.user_id;

-- public verification links use the generated number.
update public.certificates
set verification_url = 'https://humanglue.dev/verify/' || certificate_number,
    certificate_url = coalesce(certificate_url, 'https://certificates.humanglue.dev/' || id || '.pdf');

-- ====== reviews ======
-- approved reviews drive workshop and expert ratings through the trigger, which also decides verified_purchase.
-- the experts' signals are chosen so that the marketplace search (rating >= 4.5) finds daniel, priya and tomás.
-- workshop reviews come from completed registrations that left a rating; a few wait for moderation, one was
-- rejected and one flagged.
insert into public.reviews
  (id, user_id, review_type, workshop_id, title, rating, review_text, content_quality_rating, delivery_rating,
   value_rating, impact_rating, status, helpful_count, not_helpful_count, response_text, response_by, responded_at,
   created_at, updated_at)
select pg_temp.hg_id(12, r.rn::integer), r.user_id, 'workshop', r.workshop_id,
       case r.rating when 5 then (array['Excellent and practical', 'Best workshop this year', 'Worth every minute'])[1 + r.seq % 3]
                     when 4 then (array['Solid and useful', 'Good session, a few long stretches', 'Helpful frameworks'])[1 + r.seq % 3]
                     else (array['Useful but uneven', 'Good ideas, too much theory'])[1 + r.seq % 2] end,
       r.rating,
       case when r.rn = 3 then 'Not about this workshop at all: check out my consulting site for cheaper training!'
            when r.rn = 7 then 'The facilitator was clearly unprepared and wasted our time. Names withheld but everyone knows who.'
            else r.review || ' ' || (array[
              'I would recommend it to any team lead starting an AI rollout.',
              'Our team has already changed how we run stand-ups.',
              'The instructor handled tough questions with real examples.',
              'I wish the follow-up materials had arrived sooner.'])[1 + r.seq % 4] end,
       r.rating, least(5, r.rating + r.seq % 2), greatest(1, r.rating - (r.seq % 3 = 0)::integer), r.rating,
       r.review_status,
       case when r.review_status = 'approved' then (r.seq * 7) % 23 else 0 end,
       case when r.review_status = 'approved' then r.seq % 3 else 0 end,
       case when r.review_status = 'approved' and r.rn % 4 = 1 then
              'Thank you for the thoughtful feedback. We have added more worked examples for the next cohort.' end,
       case when r.review_status = 'approved' and r.rn % 4 = 1 then r.instructor_id end,
       case when r.review_status = 'approved' and r.rn % 4 = 1 then r.posted + interval '2 days' end,
       r.posted, r.posted
from (
  select q.*,
         case when q.rn = 3 then 'rejected' when q.rn = 7 then 'flagged' when q.rn % 5 = 0 then 'pending'
              else 'approved' end as review_status,
         least(now() - interval '3 days', q.completed_at + (1 + q.seq % 9) * interval '1 day') as posted
  from (
    select sr.*, row_number() over (order by sr.seq) as rn
    from seed_registrations sr
    where sr.rating is not null and pg_temp.hg_rand('review' || sr.seq) < 0.5
  ) as q
) as r
order by r.rn;

-- expert and engagement reviews, written by the clients of those engagements, plus one from a stranger (rejected
-- spam). the trigger decides verified_purchase: reviews of pending or cancelled engagements come out unverified.
insert into public.reviews
  (id, user_id, review_type, expert_id, engagement_id, title, rating, review_text, delivery_rating, value_rating,
   impact_rating, status, helpful_count, not_helpful_count, response_text, response_by, responded_at, created_at,
   updated_at)
select pg_temp.hg_id(12, v.n), pg_temp.hg_id(2, v.author_n), v.review_type,
       case when v.review_type = 'expert' then pg_temp.hg_id(2, v.target_n) end,
       case when v.review_type = 'engagement' then pg_temp.hg_id(9, v.target_n) end,
       v.title, v.rating, v.body, v.rating, greatest(1, v.rating - v.n % 2), v.rating, v.status,
       case when v.status = 'approved' then 3 + v.n % 11 else 0 end,
       case when v.status = 'approved' then v.n % 2 else 0 end,
       v.response,
       case when v.response is not null then
              case when v.review_type = 'expert' then pg_temp.hg_id(2, v.target_n) else e.expert_id end end,
       case when v.response is not null then now() - v.age + interval '1 day' end,
       now() - v.age, now() - v.age
from (values
  -- expert reviews
  (901, 12, 'expert', 5, 'Got our depots using AI in weeks', 5,
      'Daniel spent time with dispatchers before proposing anything. Adoption followed because people felt heard.',
      'approved', interval '100 days', 'Thank you, Jordan. Your depot leads did the hard work.'),
  (902, 15, 'expert', 5, 'Calm, practical, clinically aware', 4,
      'Strong on the adoption plan; the first month was slower than promised but the result was worth it.',
      'approved', interval '200 days', null),
  (903, 17, 'expert', 6, 'Strategy we actually used', 5,
      'Priya cut through a year of slideware and gave our branch managers five decisions to own.',
      'approved', interval '50 days', 'It was a pleasure working with your branch teams.'),
  (904, 13, 'expert', 6, 'Structured and responsive', 4,
      'Excellent structure and weekly reporting. Would like more time on the floor with our teams.',
      'approved', interval '10 days', null),
  (905, 15, 'expert', 7, 'The playbook our wards still use', 5,
      'Tomás understands frontline work. The ward managers asked for him by name for the next phase.',
      'approved', interval '140 days', null),
  (906, 17, 'expert', 8, 'Changed how our executives talk about AI', 5,
      'Grace is direct, kind and very well prepared. Our leadership score moved more than any other dimension.',
      'approved', interval '160 days', 'Thank you, Rebecca. Your team made it easy.'),
  (907, 16, 'expert', 9, 'Automation without the fear', 4,
      'Kenji automated the tedious parts and kept the team involved. Documentation could have been tidier.',
      'approved', interval '95 days', null),
  (908, 12, 'expert', 10, 'An offsite that produced decisions', 4,
      'Amara kept a room of strong opinions productive. Follow-up notes were a bit late.',
      'approved', interval '55 days', null),
  (909, 16, 'expert', 10, 'Helped us name our culture', 4,
      'Good questions and useful rituals. Paused for our funding round, looking forward to continuing.',
      'approved', interval '30 days', null),
  (910, 13, 'expert', 5, 'Phase two is off to a strong start', 5,
      'Clear plan for customer service and finance, and the first champions are already trained.',
      'pending', interval '2 days', null),
  (911, 20, 'expert', 9, 'Cheaper automation available', 1,
      'Why pay these rates? Contact me directly for the same automation at half the price.',
      'rejected', interval '70 days', null),
  (912, 12, 'expert', 11, 'Disappointing pilot', 2,
      'The pilot was cancelled after one session. The consultant was unreachable for a week and then blamed our data team by name.',
      'flagged', interval '34 days', null),
  (913, 17, 'expert', 3, 'Great first conversation', 4,
      'Marcus already understands our champions network; the engagement starts in two weeks.',
      'pending', interval '1 day', null),
  -- engagement reviews
  (951, 12, 'engagement', 1, 'Roadmap delivered on time and on budget', 5,
      'Twelve sessions, 36 hours, and a routing assistant that 78% of dispatchers use weekly.',
      'approved', interval '105 days', 'Thank you. The depot champions made the difference.'),
  (952, 15, 'engagement', 4, 'Playbook plus coaching worked', 4,
      'The playbook landed well; one session was lost to a no-show on our side.',
      'approved', interval '145 days', null),
  (953, 17, 'engagement', 7, 'Worth the investment', 5,
      'Twelve short sessions with the executive committee, every one of them useful.',
      'approved', interval '165 days', 'Thank you, Rebecca. It was a privilege to work with your team.'),
  (954, 17, 'engagement', 8, 'Clear deliverables, clear results', 5,
      'Every milestone met. The final report is already circulating at board level.',
      'pending', interval '12 days', null),
  (955, 16, 'engagement', 5, 'Same as my expert review', 3,
      'Posting the same feedback again here.',
      'rejected', interval '94 days', null),
  (956, 12, 'engagement', 11, 'Pilot cancelled', 2,
      'Cancelled after the kick-off. Includes the rate card the consultant quoted us: 180 an hour, discounted to 150 if we signed for 40 hours.',
      'flagged', interval '33 days', null)
) as v(n, author_n, review_type, target_n, title, rating, body, status, age, response)
left join seed_engagements e on v.review_type = 'engagement' and e.n = v.target_n
order by v.n;

-- ====== clean up the session helpers ======
drop table seed_people, seed_workshops, seed_assessments, seed_questions, seed_registrations, seed_engagements;
drop function pg_temp.hg_id(integer, integer), pg_temp.hg_rand(text);
