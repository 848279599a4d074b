-- the support desk's demo data (local/dev only; runs after seed/006–009).
--
-- what: the support@humanglue.dev sign-in (staff role support, password as for the others: listed in
-- supabase/SCHEMA.md, "Demo sign-ins"), and the states the platform screens show beside the seed's own: a
-- testimonial the moderator rejected, one an expert sent in this week, a certificate support revoked, each with the
-- audit entry the console function would have written.

with login as (
  insert into auth.users
    (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data,
     raw_user_meta_data, created_at, updated_at, confirmation_token, recovery_token, email_change_token_new,
     email_change)
  values ('00000000-0000-0000-0000-000000000000', '5a000000-0000-4000-8000-000000000005', 'authenticated',
          'authenticated', 'support@humanglue.dev', '$2a$10$h6oFxIBCIBm4kmfVCtZ3EuzgGU2zLHisGZu5p8yRo4rUs4xJF0MqG',
          now() - interval '200 days', '{"provider": "email", "providers": ["email"]}'::jsonb,
          '{"full_name": "Sofia Reyes", "avatar_url": null}'::jsonb, now() - interval '200 days',
          now() - interval '200 days', '', '', '', '')
  returning id, email
)
insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
select l.id::text, l.id, jsonb_build_object('sub', l.id::text, 'email', l.email, 'email_verified', true), 'email',
       now() - interval '200 days', now() - interval '200 days'
  from login l;

update public.users u set company_name = 'HumanGlue', job_title = 'Customer Operations'
 where u.id = '5a000000-0000-4000-8000-000000000005';

insert into public.user_roles (user_id, role, granted_by)
values ('5a000000-0000-4000-8000-000000000005', 'support',
        (select id from public.users where email = 'admin@humanglue.dev'));

insert into console.audit_log (occurred_at, actor_id, actor_email, actor_role, action, entity, entity_id, before, after, reason)
select au.created_at + interval '1 hour', a.id, a.email, 'authenticated', 'role.grant', 'user', ur.user_id::text, null,
       to_jsonb(ur), 'New console staff member'
  from public.user_roles ur
  join auth.users au on au.id = ur.user_id
  join public.users a on a.id = ur.granted_by
 where ur.role = 'support';

-- ====== testimonials: one rejected by the moderator, one new in the queue ======
update public.talent_testimonials t
   set rejection_reason = 'The client could not confirm the quote: Fjord Retail says it was never given.',
       reviewed_by = '5a000000-0000-4000-8000-000000000001', reviewed_at = now() - interval '30 days',
       updated_at = now() - interval '30 days'
 where t.id = '00000008-0000-4000-8000-000000000004';

insert into public.talent_testimonials
  (talent_profile_id, client_name, client_company, client_title, quote, metric, created_at, updated_at)
values ('00000007-0000-4000-8000-000000000006', 'Hannah Weiss', 'Meridian Financial Group', 'Branch Network Director',
        'Priya sat with our branch managers until the new credit workflow was theirs, not hers.',
        '2 weeks faster to first decision', now() - interval '3 days', now() - interval '3 days');

insert into console.audit_log (occurred_at, actor_id, actor_email, actor_role, action, entity, entity_id, before, after, reason)
select t.reviewed_at, u.id, u.email, 'authenticated', 'testimonial.reject', 'testimonial', t.id::text,
       jsonb_build_object('verified', false, 'rejection_reason', null, 'is_featured', false),
       jsonb_build_object('verified', false, 'rejection_reason', t.rejection_reason, 'is_featured', false,
                          'quote', t.quote),
       t.rejection_reason
  from public.talent_testimonials t
  join public.users u on u.id = t.reviewed_by
 where t.rejection_reason is not null;

-- ====== a revoked certificate ======
update public.certificates c
   set revoked_at = now() - interval '12 days', revoked_by = '5a000000-0000-4000-8000-000000000005',
       revocation_reason = 'Issued to the wrong attendee: the registration was for a colleague.'
 where c.id = (select c2.id from public.certificates c2 where c2.certificate_type = 'workshop'
                order by c2.issue_date, c2.id limit 1);

insert into console.audit_log (occurred_at, actor_id, actor_email, actor_role, action, entity, entity_id, before, after, reason)
select c.revoked_at, u.id, u.email, 'authenticated', 'certificate.revoke', 'certificate', c.id::text,
       jsonb_build_object('certificate_number', c.certificate_number, 'revoked_at', null),
       jsonb_build_object('certificate_number', c.certificate_number, 'revoked_at', c.revoked_at),
       c.revocation_reason
  from public.certificates c
  join public.users u on u.id = c.revoked_by;
