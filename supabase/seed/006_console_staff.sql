-- console staff demo sign-ins (local/dev only): one per console staff role, plus a second finance person so a
-- large refund can be approved by someone other than its requester (maker-checker). password for all:
-- HumanGlue-demo-2026! (same bcrypt hash as seed.sql). listed in supabase/SCHEMA.md, "Demo sign-ins".
with staff (id, email, full_name, job_title, role) as (
  values
    ('5a000000-0000-4000-8000-000000000001'::uuid, 'moderator@humanglue.dev', 'Maya Okafor', 'Community Moderator', 'moderator'),
    ('5a000000-0000-4000-8000-000000000002'::uuid, 'finance@humanglue.dev', 'Felix Brandt', 'Finance Operations', 'finance'),
    ('5a000000-0000-4000-8000-000000000003'::uuid, 'finance2@humanglue.dev', 'Farah Qureshi', 'Finance Controller', 'finance'),
    ('5a000000-0000-4000-8000-000000000004'::uuid, 'leadership@humanglue.dev', 'Lena Sørensen', 'Chief People Officer', 'leadership')
),
login as (
  insert into auth.users
    (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data,
     raw_user_meta_data, created_at, updated_at, confirmation_token, recovery_token, email_change_token_new,
     email_change)
  select '00000000-0000-0000-0000-000000000000', s.id, 'authenticated', 'authenticated', s.email,
         '$2a$10$h6oFxIBCIBm4kmfVCtZ3EuzgGU2zLHisGZu5p8yRo4rUs4xJF0MqG', now() - interval '200 days',
         '{"provider": "email", "providers": ["email"]}'::jsonb, jsonb_build_object('full_name', s.full_name, 'avatar_url', null),
         now() - interval '200 days', now() - interval '200 days', '', '', '', ''
    from staff s
  returning id, email
)
insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
select l.id::text, l.id, jsonb_build_object('sub', l.id::text, 'email', l.email, 'email_verified', true), 'email',
       now() - interval '200 days', now() - interval '200 days'
  from login l;

update public.users u
   set company_name = 'HumanGlue', job_title = v.job_title
  from (values
    ('5a000000-0000-4000-8000-000000000001'::uuid, 'Community Moderator'),
    ('5a000000-0000-4000-8000-000000000002'::uuid, 'Finance Operations'),
    ('5a000000-0000-4000-8000-000000000003'::uuid, 'Finance Controller'),
    ('5a000000-0000-4000-8000-000000000004'::uuid, 'Chief People Officer')
  ) as v (id, job_title)
 where u.id = v.id;

insert into public.user_roles (user_id, role, granted_by)
select v.id, v.role, (select id from public.users where email = 'admin@humanglue.dev')
  from (values
    ('5a000000-0000-4000-8000-000000000001'::uuid, 'moderator'),
    ('5a000000-0000-4000-8000-000000000002'::uuid, 'finance'),
    ('5a000000-0000-4000-8000-000000000003'::uuid, 'finance'),
    ('5a000000-0000-4000-8000-000000000004'::uuid, 'leadership')
  ) as v (id, role);
