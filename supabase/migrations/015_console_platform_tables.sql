-- 015_console_platform_tables.sql
--
-- what: the platform's own tables in the console. a staff role `support` (customer operations) and one capability
-- per area (organizations, workshops, engagements, talent, testimonials, certificates, assessments; read and, where
-- staff act, manage); console functions for each area's list, detail and actions, each checking its capability
-- first and auditing what it changes; certificate revocation and testimonial rejection recorded on their rows,
-- guarded so that only the console's functions write them; keyset indexes for the lists that grow to millions of
-- rows (registrations, certificates, sessions).
-- why: ten of the schema's fourteen tables had no screen, so staff could not look up an organization, see who is
-- registered for a workshop, check an engagement's hours or verify a certificate (issue 17).
-- applied by the supabase cli as one implicit transaction: no explicit transaction control, no locks by statement,
-- nothing that needs a superuser.

-- ====== roles ======

-- the roles the platform knows, and the ones that exist only for the console (platform-wide, no organization).
-- one list each; the constraints below spell them out because a check constraint is not re-evaluated when a
-- function changes.
create function console_private.known_roles()
returns text[]
language sql
immutable
set search_path = ''
as $$
  select array['admin', 'instructor', 'expert', 'client', 'user', 'moderator', 'finance', 'leadership', 'support'];
$$;

create function console_private.console_roles()
returns text[]
language sql
immutable
set search_path = ''
as $$
  select array['moderator', 'finance', 'leadership', 'support'];
$$;

comment on function console_private.known_roles() is
  'Every role user_roles accepts: the platform''s five and the console''s staff roles.';
comment on function console_private.console_roles() is
  'The staff roles that exist only for the console: platform-wide, never tied to an organization.';

revoke execute on function console_private.known_roles(), console_private.console_roles() from public, anon, authenticated;

alter table public.user_roles drop constraint user_roles_role_check;
alter table public.user_roles add constraint user_roles_role_check
  check (role in ('admin', 'instructor', 'expert', 'client', 'user', 'moderator', 'finance', 'leadership', 'support'));
alter table public.user_roles drop constraint user_roles_staff_roles_platform_wide;
alter table public.user_roles add constraint user_roles_staff_roles_platform_wide
  check (role not in ('moderator', 'finance', 'leadership', 'support') or organization_id is null);

comment on constraint user_roles_staff_roles_platform_wide on public.user_roles is
  'Console staff roles (moderator, finance, leadership, support) are platform-wide: they carry no organization.';

-- ====== capabilities ======

create or replace function console_private.role_capabilities(p_role text)
returns text[]
language sql
immutable
set search_path = ''
as $$
  select case p_role
    when 'admin' then array[
      'assessments.read', 'audit.read_all', 'audit.read_own', 'certificates.read', 'certificates.revoke',
      'engagements.manage', 'engagements.read', 'organizations.manage', 'organizations.read', 'payments.read',
      'payments.refund', 'reconciliation.run', 'refunds.approve', 'reviews.moderate', 'reviews.read',
      'reviews.respond', 'settings.manage', 'talent.read', 'testimonials.verify', 'trends.read', 'users.manage',
      'workshops.manage', 'workshops.read']
    when 'moderator' then array['audit.read_own', 'reviews.moderate', 'reviews.read', 'reviews.respond', 'talent.read',
      'testimonials.verify']
    when 'finance' then array['audit.read_own', 'organizations.read', 'payments.read', 'payments.refund',
      'reconciliation.run', 'refunds.approve', 'workshops.read']
    when 'leadership' then array['audit.read_own', 'trends.read']
    when 'support' then array['audit.read_own', 'certificates.read', 'certificates.revoke', 'engagements.manage',
      'engagements.read', 'organizations.manage', 'organizations.read', 'talent.read', 'testimonials.verify',
      'workshops.manage', 'workshops.read']
    else '{}'::text[]
  end;
$$;

-- ====== actions that need a second factor ======

insert into console_private.step_up_actions (function_name, why) values
  ('set_workshop_status', 'moves money: cancelling a workshop requests refunds of its paid registrations'),
  ('set_organization_tier', 'changes billing: moves an organization to another plan');

-- ====== a conflict: the row is already in the state asked for ======

create function console_private.already(p_message text, p_by uuid, p_at timestamptz)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_name text;
begin
  select coalesce(u.full_name, u.email) into v_name from public.users u where u.id = p_by;
  raise exception '% (by % at %)', p_message, coalesce(v_name, 'the system'),
    to_char(p_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
    using errcode = 'PT409',
          detail = json_build_object('by', v_name, 'by_id', p_by, 'at', p_at)::text,
          hint = 'Reload to see its current state.';
end;
$$;

comment on function console_private.already(text, uuid, timestamptz) is
  'Raises PT409 (http 409) naming who put the row in its current state and when.';

revoke execute on function console_private.already(text, uuid, timestamptz) from public, anon, authenticated;

-- a required reason: 3 to 2000 characters once trimmed.
create function console_private.required_reason(p_reason text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_reason text := console_private.check_text('reason', p_reason, 2000);
begin
  if v_reason is null or char_length(v_reason) < 3 then
    perform console_private.invalid('reason', 'is required (at least 3 characters)');
  end if;
  return v_reason;
end;
$$;

revoke execute on function console_private.required_reason(text) from public, anon, authenticated;

-- ====== certificates: revocation ======

alter table public.certificates
  add column revoked_at timestamptz,
  add column revoked_by uuid references public.users (id) on delete set null,
  add column revocation_reason text check (char_length(revocation_reason) between 3 and 2000),
  add constraint certificates_revocation_check check ((revoked_at is null) = (revocation_reason is null));

comment on column public.certificates.revoked_at is
  'When the certificate was revoked (console.revoke_certificate); public verification then reports it revoked.';
comment on column public.certificates.revocation_reason is 'Why it was revoked (audited with the revocation).';

create index idx_certificates_revoked_by on public.certificates (revoked_by);
-- the lists: newest first over every certificate, or one workshop's; a number typed as a prefix.
create index idx_certificates_issue_date_id on public.certificates (issue_date, id);
create index idx_certificates_workshop_issue_date_id on public.certificates (workshop_id, issue_date, id);
create index idx_certificates_user_issue_date_id on public.certificates (user_id, issue_date, id);
create index idx_certificates_number_prefix on public.certificates (certificate_number text_pattern_ops);

-- security definer: api callers may not use console_private (011), and this reads the calling role's setting.
-- a revocation is written only by console.revoke_certificate, which audits it with its reason; whoever else writes
-- through the api (an admin override included) may not set, change or clear it.
create function console_private.certificates_revocation_guard()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if coalesce(nullif(current_setting('role', true), ''), 'none') not in ('anon', 'authenticated')
     or console_private.inside_console_function('revoke_certificate') then
    return new;
  end if;
  if (tg_op = 'INSERT' and (new.revoked_at is not null or new.revoked_by is not null or new.revocation_reason is not null))
     or (tg_op = 'UPDATE' and (new.revoked_at, new.revoked_by, new.revocation_reason)
                               is distinct from (old.revoked_at, old.revoked_by, old.revocation_reason)) then
    raise exception 'certificates are revoked only in the console (console.revoke_certificate), with an audited reason'
      using errcode = 'P0001', hint = 'Use the console''s Certificates screen.';
  end if;
  return new;
end;
$$;

comment on function console_private.certificates_revocation_guard() is
  'Trigger function (before insert or update on certificates): revoked_at, revoked_by and revocation_reason are '
  'written only by console.revoke_certificate (or the database owner), never directly through the api.';

revoke execute on function console_private.certificates_revocation_guard() from public, anon, authenticated;

create trigger certificates_revocation_guard
  before insert or update on public.certificates
  for each row execute function console_private.certificates_revocation_guard();

-- the public verification also says whether the certificate was revoked (a wider return type: made anew).
drop function public.verify_certificate(text);
create function public.verify_certificate(p_certificate_number text)
returns table (
  certificate_number text,
  certificate_type text,
  title text,
  recipient_name text,
  issue_date date,
  expiry_date date,
  is_verified boolean,
  is_expired boolean,
  is_revoked boolean,
  revoked_at timestamptz
)
language sql
stable
security definer
set search_path = ''
as $$
  select c.certificate_number,
         c.certificate_type,
         c.title,
         u.full_name,
         c.issue_date,
         c.expiry_date,
         c.is_verified and c.revoked_at is null,
         coalesce(c.expiry_date < current_date, false),
         c.revoked_at is not null,
         c.revoked_at
    from public.certificates c
    join public.users u on u.id = c.user_id
   where c.certificate_number = upper(btrim(p_certificate_number));
$$;

comment on function public.verify_certificate(text) is
  'Public verification: the certificate''s number, type, title, recipient name, issue and expiry date, whether it '
  'is verified (never once revoked), whether it has expired and whether (and when) it was revoked; no row when the '
  'number is unknown.';

revoke execute on function public.verify_certificate(text) from public, anon, authenticated;
grant execute on function public.verify_certificate(text) to anon, authenticated;

-- ====== testimonials: the verification queue ======

alter table public.talent_testimonials
  add column reviewed_at timestamptz,
  add column reviewed_by uuid references public.users (id) on delete set null,
  add column rejection_reason text check (char_length(rejection_reason) between 3 and 2000);

comment on column public.talent_testimonials.reviewed_at is
  'When staff last verified or rejected it (console.decide_testimonial); cleared when the expert edits it.';
comment on column public.talent_testimonials.rejection_reason is
  'Why staff rejected it; null when pending or verified. An edit by the expert sends it back to the queue.';

create index idx_talent_testimonials_reviewed_by on public.talent_testimonials (reviewed_by);
-- the queue: unverified, not rejected, oldest change first.
create index idx_talent_testimonials_queue on public.talent_testimonials (updated_at, id)
  where not verified and rejection_reason is null;

-- security definer: api callers may not use console_private (011), and this reads the calling role's setting.
-- fires after talent_testimonials_guard (004, which drops `verified` on an expert's edit): names order before
-- triggers.
create function console_private.talent_testimonials_review_state()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if console_private.inside_console_function('decide_testimonial') then
    return new;
  end if;
  if coalesce(nullif(current_setting('role', true), ''), 'none') in ('anon', 'authenticated')
     and ((tg_op = 'INSERT' and (new.reviewed_at is not null or new.reviewed_by is not null
                                 or new.rejection_reason is not null))
          or (tg_op = 'UPDATE' and (new.reviewed_at, new.reviewed_by, new.rejection_reason)
                                   is distinct from (old.reviewed_at, old.reviewed_by, old.rejection_reason))) then
    raise exception 'testimonials are verified or rejected only in the console (console.decide_testimonial)'
      using errcode = 'P0001', hint = 'Use the console''s Talent screen.';
  end if;
  -- changed words or attribution are a new testimonial to judge: back to the queue (the badge went in 004's guard).
  if tg_op = 'UPDATE' and not new.verified
     and (new.quote is distinct from old.quote
          or new.client_name is distinct from old.client_name
          or new.client_company is distinct from old.client_company
          or new.client_title is distinct from old.client_title
          or new.metric is distinct from old.metric) then
    new.rejection_reason := null;
    new.reviewed_at := null;
    new.reviewed_by := null;
  end if;
  return new;
end;
$$;

comment on function console_private.talent_testimonials_review_state() is
  'Trigger function (before insert or update on talent_testimonials): reviewed_at, reviewed_by and '
  'rejection_reason are written only by console.decide_testimonial; an edit of the words or attribution of an '
  'unverified testimonial clears them, so it waits in the queue again.';

revoke execute on function console_private.talent_testimonials_review_state() from public, anon, authenticated;

create trigger talent_testimonials_review_state
  before insert or update on public.talent_testimonials
  for each row execute function console_private.talent_testimonials_review_state();

-- ====== refunds: a batch may always wait for a second approver ======

-- 008's guard, but for one line: an api caller may start a refund pending_approval whatever its amount (a stricter
-- start than the threshold asks). a cancelled workshop's refunds start so: the person who cancels is their maker,
-- a second person with refunds.approve their checker.
create or replace function public.payment_refunds_guard()
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
      -- a stricter start is always allowed: a refund may wait for a second approver whatever its amount (015).
      if new.status <> console_private.initial_refund_status(new.amount, new.provider)
         and new.status <> 'pending_approval' then
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
  'and for api callers sets the requester and enforces the maker-checker start status (pending_approval always allowed, 015); on update '
  'refuses changes to the money and the request and any status move but pending_approval → pending|succeeded|rejected and '
  'pending → succeeded|failed|cancelled, and a requester approving their own refund.';

-- ====== the staff roles, from the lists ======

create or replace function console_private.my_staff_roles()
returns text[]
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_roles text[];
begin
  select coalesce(array_agg(distinct ur.role order by ur.role), '{}')
    into v_roles
    from public.user_roles ur
    join public.users u on u.id = ur.user_id
   where ur.user_id = auth.uid()
     and u.status = 'active'
     and ur.organization_id is null
     and (ur.role = 'admin' or ur.role = any (console_private.console_roles()))
     and (ur.expires_at is null or ur.expires_at > now());
  return v_roles;
end;
$$;

create or replace function console_private.users_where(p_search text, p_role text, p_status text)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  v_where text := 'true';
  v_search text := console_private.check_text('search', p_search, 200);
  v_ids uuid[];
begin
  if p_status is not null and p_status not in ('active', 'inactive', 'suspended') then
    perform console_private.invalid('status', 'must be active, inactive or suspended');
  end if;
  if p_role is not null and p_role not in (select unnest(console_private.known_roles())) then
    perform console_private.invalid('role', format('unknown role "%s"', p_role));
  end if;
  if v_search is not null then
    v_ids := console_private.user_search_ids(v_search);
  end if;
  if v_ids is not null then
    v_where := v_where || format(' and u.id = any (%L::uuid[])', v_ids);
  elsif v_search is not null then
    v_where := v_where || format(
      ' and (u.email like %L or u.full_name ilike %L)',
      console_private.like_prefix(lower(v_search)),
      '%' || console_private.like_prefix(v_search));
  end if;
  if p_status is not null then
    v_where := v_where || format(' and u.status = %L', p_status);
  end if;
  if p_role is not null then
    v_where := v_where || format(
      ' and exists (select 1 from public.user_roles r where r.user_id = u.id and r.role = %L'
      ' and (r.expires_at is null or r.expires_at > now()))', p_role);
  end if;
  return v_where;
end;
$$;

create or replace function console.grant_role(
  p_user_id uuid,
  p_role text,
  p_organization_id uuid default null,
  p_expires_at timestamptz default null,
  p_reason text default null
)
returns table (id uuid, user_id uuid, role text, organization_id uuid, expires_at timestamptz)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_row public.user_roles;
  v_before public.user_roles;
begin
  perform console_private.require('users.manage');
  if p_user_id is null then perform console_private.invalid('user_id', 'is required'); end if;
  if p_role is null or p_role not in (select unnest(console_private.known_roles())) then
    perform console_private.invalid('role', format('unknown role "%s"', coalesce(p_role, '')));
  end if;
  if p_expires_at is not null and p_expires_at <= now() then
    perform console_private.invalid('expires_at', 'must be in the future');
  end if;
  if p_role = any (console_private.console_roles()) and p_organization_id is not null then
    perform console_private.invalid('organization_id', format('%s is a platform-wide staff role and takes no organization', p_role));
  end if;
  if not exists (select 1 from public.users u where u.id = p_user_id) then
    raise exception 'user % not found', p_user_id
      using errcode = 'P0002', detail = json_build_object('entity', 'user', 'id', p_user_id)::text;
  end if;
  if p_organization_id is not null and not exists (select 1 from public.organizations o where o.id = p_organization_id) then
    perform console_private.invalid('organization_id', 'no such organization');
  end if;

  select * into v_before from public.user_roles ur
   where ur.user_id = p_user_id and ur.role = p_role and ur.organization_id is not distinct from p_organization_id
   for update;
  if found then
    -- granting again renews the existing assignment (new expiry), keeping one row per role and organization.
    update public.user_roles ur set expires_at = p_expires_at, granted_by = auth.uid()
     where ur.id = v_before.id returning * into v_row;
  else
    insert into public.user_roles (user_id, role, organization_id, expires_at, granted_by)
    values (p_user_id, p_role, p_organization_id, p_expires_at, auth.uid())
    returning * into v_row;
  end if;

  perform console_private.audit('role.grant', 'user', p_user_id::text,
    case when v_before.id is null then null else to_jsonb(v_before) end, to_jsonb(v_row),
    console_private.check_text('reason', p_reason, 2000));
  return query select v_row.id, v_row.user_id, v_row.role, v_row.organization_id, v_row.expires_at;
end;
$$;

-- ====== the trends rollup: a statement that changed nothing costs nothing ======

-- 010's trigger function, but for the early return.
create or replace function console_private.maintain_assessment_monthly()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_rows text;
  v_delta text;
  v_add constant text := '
      completed = m.completed + excluded.completed,
      overall_sum = m.overall_sum + excluded.overall_sum, overall_n = m.overall_n + excluded.overall_n,
      individual_sum = m.individual_sum + excluded.individual_sum, individual_n = m.individual_n + excluded.individual_n,
      leadership_sum = m.leadership_sum + excluded.leadership_sum, leadership_n = m.leadership_n + excluded.leadership_n,
      cultural_sum = m.cultural_sum + excluded.cultural_sum, cultural_n = m.cultural_n + excluded.cultural_n,
      embedding_sum = m.embedding_sum + excluded.embedding_sum, embedding_n = m.embedding_n + excluded.embedding_n,
      velocity_sum = m.velocity_sum + excluded.velocity_sum, velocity_n = m.velocity_n + excluded.velocity_n,
      updated_at = now()';
  v_counters constant text := 'completed, overall_sum, overall_n, individual_sum, individual_n, leadership_sum, '
    'leadership_n, cultural_sum, cultural_n, embedding_sum, embedding_n, velocity_sum, velocity_n';
begin
  if tg_op = 'TRUNCATE' then
    delete from console.assessment_monthly_platform;
    delete from console.assessment_monthly;
    return null;
  end if;
  -- a statement that changed no row (015): nothing to add, and nothing to plan. every score recalculation (003's
  -- row trigger on assessment_answers) runs an update that mostly changes nothing; planning the merges below for
  -- each made an admin's update of 4,000 answers take 4 s.
  -- (one query per event: a trigger has only the transition tables of its event.)
  if tg_op = 'DELETE' then
    if not exists (select 1 from old_rows) then
      return null;
    end if;
  elsif not exists (select 1 from new_rows) then
    return null;
  end if;

  -- the statement's rows as signed contributions: +1 for each new version, -1 for each old one. an update that
  -- leaves status, organisation, month and scores alone nets to zero and writes nothing.
  v_rows := case tg_op
    when 'INSERT' then 'select r.*, 1 as sign from new_rows r'
    when 'DELETE' then 'select r.*, -1 as sign from old_rows r'
    else 'select r.*, 1 as sign from new_rows r union all select r.*, -1 as sign from old_rows r'
  end;
  -- the net change per organisation and month.
  v_delta := format($sql$
    select g.*
      from (
        select d.organization_id,
               date_trunc('month', d.completed_at at time zone 'UTC')::date as month,
               sum(d.sign)::bigint as completed,
               coalesce(sum(d.sign * d.overall_score), 0)::bigint as overall_sum,
               coalesce(sum(d.sign) filter (where d.overall_score is not null), 0)::bigint as overall_n,
               coalesce(sum(d.sign * d.individual_score), 0)::bigint as individual_sum,
               coalesce(sum(d.sign) filter (where d.individual_score is not null), 0)::bigint as individual_n,
               coalesce(sum(d.sign * d.leadership_score), 0)::bigint as leadership_sum,
               coalesce(sum(d.sign) filter (where d.leadership_score is not null), 0)::bigint as leadership_n,
               coalesce(sum(d.sign * d.cultural_score), 0)::bigint as cultural_sum,
               coalesce(sum(d.sign) filter (where d.cultural_score is not null), 0)::bigint as cultural_n,
               coalesce(sum(d.sign * d.embedding_score), 0)::bigint as embedding_sum,
               coalesce(sum(d.sign) filter (where d.embedding_score is not null), 0)::bigint as embedding_n,
               coalesce(sum(d.sign * d.velocity_score), 0)::bigint as velocity_sum,
               coalesce(sum(d.sign) filter (where d.velocity_score is not null), 0)::bigint as velocity_n
          from (%s) d
         where d.status = 'completed' and d.completed_at is not null
         group by 1, 2
      ) g
     where (g.completed, g.overall_sum, g.overall_n, g.individual_sum, g.individual_n, g.leadership_sum,
            g.leadership_n, g.cultural_sum, g.cultural_n, g.embedding_sum, g.embedding_n, g.velocity_sum,
            g.velocity_n) is distinct from (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)$sql$, v_rows);

  -- the platform row of a month first, then organisations in key order: every statement takes its locks in the
  -- same order, so concurrent writers queue on the month's platform row instead of deadlocking.
  execute format($sql$
    insert into console.assessment_monthly_platform as m (month, %2$s)
    select d.month, sum(d.completed), sum(d.overall_sum), sum(d.overall_n), sum(d.individual_sum),
           sum(d.individual_n), sum(d.leadership_sum), sum(d.leadership_n), sum(d.cultural_sum), sum(d.cultural_n),
           sum(d.embedding_sum), sum(d.embedding_n), sum(d.velocity_sum), sum(d.velocity_n)
      from (%1$s) d
     group by d.month
     order by d.month
    on conflict (month) do update set %3$s$sql$, v_delta, v_counters, v_add);
  execute format($sql$
    insert into console.assessment_monthly as m (organization_id, month, %2$s)
    select d.* from (%1$s) d
     order by d.organization_id nulls first, d.month
    on conflict (organization_id, month) do update set %3$s$sql$, v_delta, v_counters, v_add);

  if tg_op <> 'INSERT' then
    -- a month with no completed assessments left disappears (a row left inconsistent would keep a non-zero sum
    -- and show up in the drift check instead).
    delete from console.assessment_monthly m
     where m.completed = 0
       and m.overall_sum = 0 and m.overall_n = 0 and m.individual_sum = 0 and m.individual_n = 0
       and m.leadership_sum = 0 and m.leadership_n = 0 and m.cultural_sum = 0 and m.cultural_n = 0
       and m.embedding_sum = 0 and m.embedding_n = 0 and m.velocity_sum = 0 and m.velocity_n = 0;
    delete from console.assessment_monthly_platform m
     where m.completed = 0
       and m.overall_sum = 0 and m.overall_n = 0 and m.individual_sum = 0 and m.individual_n = 0
       and m.leadership_sum = 0 and m.leadership_n = 0 and m.cultural_sum = 0 and m.cultural_n = 0
       and m.embedding_sum = 0 and m.embedding_n = 0 and m.velocity_sum = 0 and m.velocity_n = 0;
  end if;
  return null;
end;
$$;


-- ====== cursors: dates as a list returns them ======

-- 012's helper, but dates too are read only as iso text: the new lists sort by dates (schedule, start, issue).
create or replace function console_private.keyset_after(
  p_after jsonb, p_col text, p_type text, p_id_col text, p_id_type text, p_desc boolean
)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  v_cmp text := case when p_desc then '<' else '>' end;
begin
  if p_after is null then
    return '';
  end if;
  if coalesce(
       jsonb_typeof(p_after) <> 'object'
       or coalesce(jsonb_typeof(p_after -> 'v'), 'null') not in ('string', 'number', 'boolean')
       or not pg_input_is_valid(p_after ->> 'v', p_type)
       -- a list returns times and dates as iso text, never postgres's special words ('now', 'yesterday', 'epoch').
       or (p_type in ('timestamptz', 'date') and (p_after ->> 'v') !~ '^(-?infinity|\d{4}-\d{2}-\d{2}([T ].*)?)$')
       or (p_id_col is not null
           and (coalesce(jsonb_typeof(p_after -> 'id'), 'null') not in ('string', 'number')
                or not pg_input_is_valid(p_after ->> 'id', p_id_type))),
       true) then
    perform console_private.invalid('after', 'is not a cursor returned by this list');
  end if;
  if p_id_col is null then
    return format(' and %s %s %L::%s', p_col, v_cmp, p_after ->> 'v', p_type);
  end if;
  return format(' and (%s, %s) %s (%L::%s, %L::%s)', p_col, p_id_col, v_cmp, p_after ->> 'v', p_type,
    p_after ->> 'id', p_id_type);
end;
$$;


-- ====== keyset indexes for the lists ======

create index idx_workshop_registrations_registered_at_id on public.workshop_registrations (registered_at, id);
create index idx_workshop_registrations_workshop_registered_at_id
  on public.workshop_registrations (workshop_id, registered_at, id);
create index idx_workshop_registrations_user_registered_at_id
  on public.workshop_registrations (user_id, registered_at, id);
create index idx_engagement_sessions_scheduled_at_id on public.engagement_sessions (scheduled_at, id);
create index idx_engagement_sessions_engagement_scheduled_at_id
  on public.engagement_sessions (engagement_id, scheduled_at, id);
create index idx_engagements_start_date_id on public.engagements ((coalesce(start_date, '-infinity'::date)), id);
create index idx_engagements_created_at_id on public.engagements (created_at, id);
create index idx_workshops_schedule_date_id on public.workshops ((coalesce(schedule_date, '-infinity'::date)), id);
create index idx_workshops_created_at_id on public.workshops (created_at, id);
create index idx_workshops_title_id on public.workshops (title, id);
create index idx_organizations_created_at_id on public.organizations (created_at, id);
-- members per organization for the organizations list: counted from the index alone.
create index idx_user_roles_organization_user on public.user_roles (organization_id, user_id);
create index idx_payments_organization_created_at on public.payments (organization_id, created_at);
create index idx_talent_profiles_rating_id on public.talent_profiles (rating, id);
create index idx_talent_profiles_created_at_id on public.talent_profiles (created_at, id);
create index idx_assessments_org_created_at_id on public.assessments (organization_id, created_at, id);

-- ====== organizations ======

-- completed assessments per organization come from the trends rollup (010, kept by statement triggers and proven
-- equal to a recount by its tests): a page of fifty organizations reads fifty small sums, not a million rows.

-- an organization's domain as staff paste it: "https://www.northwind.example/about" → "northwind.example".
create function console_private.domain_of(p_text text)
returns text
language sql
immutable
set search_path = ''
as $$
  select nullif(lower(substring(btrim(p_text) from '^(?:[a-zA-Z][a-zA-Z0-9+.-]*://)?(?:www\.)?([^/:?#\s]+)')), '');
$$;

revoke execute on function console_private.domain_of(text) from public, anon, authenticated;

create function console.list_platform_organizations(
  p_search text default null,
  p_tier text default null,
  p_activity text default null,
  p_sort text default 'name',
  p_desc boolean default false,
  p_after jsonb default null,
  p_limit integer default 50
)
returns table (
  id uuid, name text, slug text, website text, subscription_tier text, subscription_status text, members integer,
  completed_assessments integer, last_activity_at timestamptz, created_at timestamptz, cursor jsonb
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_col text;
  v_where text := 'true';
  v_search text;
  v_domain text;
begin
  perform console_private.require('organizations.read');
  v_search := console_private.check_text('search', p_search, 200);
  v_col := case p_sort when 'name' then 'o.name' when 'created_at' then 'o.created_at' end;
  if v_col is null then
    perform console_private.invalid('sort', 'must be one of name, created_at');
  end if;
  if p_tier is not null and p_tier not in ('starter', 'growth', 'enterprise') then
    perform console_private.invalid('tier', 'must be starter, growth or enterprise');
  end if;
  if p_activity is not null and p_activity not in ('active', 'quiet') then
    perform console_private.invalid('activity', 'must be active (activity in the last 30 days) or quiet (none in 90 days)');
  end if;
  if v_search is not null then
    v_domain := console_private.domain_of(v_search);
    v_where := v_where || format(
      ' and (o.name ilike %L or o.slug = %L or console_private.domain_of(o.website) = %L)',
      '%' || console_private.like_prefix(v_search), lower(v_search), v_domain);
  end if;
  if p_tier is not null then
    v_where := v_where || format(' and o.subscription_tier = %L', p_tier);
  end if;
  if p_activity is not null then
    v_where := v_where || format(' and %s (select 1 from public.assessments a where a.organization_id = o.id'
      ' and a.status = ''completed'' and a.completed_at > now() - %L::interval union all select 1 from public.payments p'
      ' where p.organization_id = o.id and p.created_at > now() - %L::interval)',
      case p_activity when 'active' then 'exists' else 'not exists' end,
      case p_activity when 'active' then '30 days' else '90 days' end,
      case p_activity when 'active' then '30 days' else '90 days' end);
  end if;
  v_where := v_where || console_private.keyset_after(p_after, v_col,
    case p_sort when 'name' then 'text' else 'timestamptz' end, 'o.id', 'uuid', p_desc);
  return query execute format(
    'select o.id, o.name, o.slug, o.website, o.subscription_tier, o.subscription_status,
            (select count(distinct r.user_id)::integer from public.user_roles r where r.organization_id = o.id),
            (select coalesce(sum(m.completed), 0)::integer from console.assessment_monthly m
              where m.organization_id = o.id),
            greatest((select max(a.completed_at) from public.assessments a
                       where a.organization_id = o.id and a.status = ''completed''),
                     (select max(p.created_at) from public.payments p where p.organization_id = o.id)),
            o.created_at, jsonb_build_object(''v'', %1$s, ''id'', o.id)
       from public.organizations o
      where %2$s
      order by %1$s %3$s, o.id %3$s
      limit %4$s', v_col, v_where, case when p_desc then 'desc' else 'asc' end, console_private.check_limit(p_limit));
end;
$$;

comment on function console.list_platform_organizations(text, text, text, text, boolean, jsonb, integer) is
  'Organizations with members, completed assessments and last activity (organizations.read): search by name, slug '
  'or domain (a pasted url works), filter by plan tier and activity, keyset paged by name or creation.';

create function console.get_organization(p_organization_id text)
returns table (
  organization jsonb, members jsonb, workshops jsonb, engagements jsonb, payments jsonb,
  completed_assessments integer, can_see_trends boolean, can_manage boolean
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_id uuid;
  v_org public.organizations;
begin
  perform console_private.require('organizations.read');
  v_id := console_private.to_uuid('organization_id', p_organization_id);
  select * into v_org from public.organizations o where o.id = v_id;
  if not found then
    raise exception 'organization % not found', v_id
      using errcode = 'P0002', detail = json_build_object('entity', 'organization', 'id', v_id)::text;
  end if;
  return query select
    jsonb_build_object('id', v_org.id, 'name', v_org.name, 'slug', v_org.slug, 'website', v_org.website,
      'industry', v_org.industry, 'company_size', v_org.company_size, 'subscription_tier', v_org.subscription_tier,
      'subscription_status', v_org.subscription_status, 'created_at', v_org.created_at, 'updated_at', v_org.updated_at),
    coalesce((select jsonb_agg(m order by m.full_name, m.email, m.role) from (
      select r.user_id, u.email, u.full_name, r.role, r.expires_at
        from public.user_roles r join public.users u on u.id = r.user_id
       where r.organization_id = v_id
       order by u.full_name, u.email, r.role
       limit 200) m), '[]'),
    coalesce((select jsonb_agg(w order by w.schedule_date desc nulls last, w.title) from (
      select ws.id as workshop_id, ws.title, ws.schedule_date, ws.status, count(*)::integer as registrations
        from public.workshop_registrations wr
        join public.workshops ws on ws.id = wr.workshop_id
       where wr.user_id in (select r.user_id from public.user_roles r where r.organization_id = v_id)
         and wr.status <> 'cancelled'
       group by ws.id
       order by ws.schedule_date desc nulls last, ws.title
       limit 50) w), '[]'),
    coalesce((select jsonb_agg(e order by e.start_date desc nulls last) from (
      select en.id, en.title, en.focus_area, en.status, en.start_date, coalesce(x.full_name, x.email) as expert_name,
             en.hours_used, en.hours_total
        from public.engagements en join public.users x on x.id = en.expert_id
       where en.organization_id = v_id
       order by en.start_date desc nulls last
       limit 50) e), '[]'),
    case when console_private.has_capability('payments.read') then
      coalesce((select jsonb_agg(p order by p.created_at desc) from (
        select pa.id, pa.amount, pa.currency, pa.status, pa.created_at, pa.invoice_number
          from public.payments pa
         where pa.organization_id = v_id
         order by pa.created_at desc
         limit 20) p), '[]')
    end,
    (select coalesce(sum(m.completed), 0)::integer from console.assessment_monthly m where m.organization_id = v_id),
    console_private.has_capability('trends.read'),
    console_private.has_capability('organizations.manage');
end;
$$;

comment on function console.get_organization(text) is
  'One organization with its members and their roles, the workshops its members booked, its engagements, its last '
  'payments (only for payments.read) and what the caller may do with it (organizations.read).';

create function console.set_organization_tier(p_organization_id text, p_tier text, p_reason text default null)
returns table (id uuid, subscription_tier text, updated_at timestamptz)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id uuid;
  v_before public.organizations;
  v_after public.organizations;
  v_reason text;
begin
  perform console_private.require('organizations.manage');
  v_id := console_private.to_uuid('organization_id', p_organization_id);
  if p_tier is null or p_tier not in ('starter', 'growth', 'enterprise') then
    perform console_private.invalid('tier', 'must be starter, growth or enterprise');
  end if;
  v_reason := console_private.required_reason(p_reason);
  select * into v_before from public.organizations o where o.id = v_id for update;
  if not found then
    raise exception 'organization % not found', v_id
      using errcode = 'P0002', detail = json_build_object('entity', 'organization', 'id', v_id)::text;
  end if;
  if v_before.subscription_tier = p_tier then
    perform console_private.invalid('tier', format('is already %s', p_tier));
  end if;
  update public.organizations o set subscription_tier = p_tier where o.id = v_id returning * into v_after;
  perform console_private.audit('organization.set_tier', 'organization', v_id::text,
    jsonb_build_object('subscription_tier', v_before.subscription_tier),
    jsonb_build_object('subscription_tier', v_after.subscription_tier), v_reason);
  return query select v_after.id, v_after.subscription_tier, v_after.updated_at;
end;
$$;

comment on function console.set_organization_tier(text, text, text) is
  'Moves an organization to another plan tier, with a reason (organizations.manage, second factor). Audited.';

-- ====== workshops ======

-- registrations = seats taken: 002's seat trigger keeps capacity_remaining = capacity_total - the registrations that
-- are not cancelled, so a page of fifty workshops reads no registration row.
create function console.list_workshops(
  p_search text default null,
  p_status text default null,
  p_from date default null,
  p_to date default null,
  p_sort text default 'schedule_date',
  p_desc boolean default true,
  p_after jsonb default null,
  p_limit integer default 50
)
returns table (
  id uuid, title text, status text, schedule_date date, schedule_time text, instructor_id uuid,
  instructor_name text, capacity_total integer, capacity_remaining integer, registrations integer,
  average_rating numeric, review_count integer, price_amount numeric, currency text, cursor jsonb
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_col text;
  v_where text := 'true';
  v_search text;
begin
  perform console_private.require('workshops.read');
  v_search := console_private.check_text('search', p_search, 200);
  v_col := case p_sort
    when 'schedule_date' then 'coalesce(w.schedule_date, ''-infinity''::date)'
    when 'title' then 'w.title'
    when 'created_at' then 'w.created_at'
  end;
  if v_col is null then
    perform console_private.invalid('sort', 'must be one of schedule_date, title, created_at');
  end if;
  if p_status is not null and p_status not in ('draft', 'published', 'archived', 'cancelled') then
    perform console_private.invalid('status', 'must be draft, published, archived or cancelled');
  end if;
  if p_from is not null and p_to is not null and p_to < p_from then
    perform console_private.invalid('to', 'is before from');
  end if;
  if v_search is not null then
    v_where := v_where || format(' and w.title ilike %L', '%' || console_private.like_prefix(v_search));
  end if;
  if p_status is not null then
    v_where := v_where || format(' and w.status = %L', p_status);
  end if;
  if p_from is not null then
    v_where := v_where || format(' and w.schedule_date >= %L::date', p_from);
  end if;
  if p_to is not null then
    v_where := v_where || format(' and w.schedule_date <= %L::date', p_to);
  end if;
  v_where := v_where || console_private.keyset_after(p_after, v_col,
    case p_sort when 'schedule_date' then 'date' when 'title' then 'text' else 'timestamptz' end, 'w.id', 'uuid', p_desc);
  return query execute format(
    'select w.id, w.title, w.status, w.schedule_date, to_char(w.schedule_time, ''HH24:MI''), w.instructor_id,
            coalesce(i.full_name, i.email), w.capacity_total, w.capacity_remaining,
            w.capacity_total - w.capacity_remaining,
            w.average_rating, w.review_count, w.price_amount, w.currency,
            jsonb_build_object(''v'', %1$s, ''id'', w.id)
       from public.workshops w
       left join public.users i on i.id = w.instructor_id
      where %2$s
      order by %1$s %3$s, w.id %3$s
      limit %4$s', v_col, v_where, case when p_desc then 'desc' else 'asc' end, console_private.check_limit(p_limit));
end;
$$;

comment on function console.list_workshops(text, text, date, date, text, boolean, jsonb, integer) is
  'Workshops with instructor, seats and registrations (workshops.read): title search, status and date filters, '
  'keyset paged by date, title or creation.';

create function console.get_workshop(p_workshop_id text)
returns table (workshop jsonb, counts jsonb, paid_registrations integer, can_manage boolean)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_id uuid;
  v_w public.workshops;
begin
  perform console_private.require('workshops.read');
  v_id := console_private.to_uuid('workshop_id', p_workshop_id);
  select * into v_w from public.workshops w where w.id = v_id;
  if not found then
    raise exception 'workshop % not found', v_id
      using errcode = 'P0002', detail = json_build_object('entity', 'workshop', 'id', v_id)::text;
  end if;
  return query select
    jsonb_build_object('id', v_w.id, 'title', v_w.title, 'description', v_w.description, 'status', v_w.status,
      'schedule_date', v_w.schedule_date, 'schedule_time', to_char(v_w.schedule_time, 'HH24:MI'),
      'duration_minutes', v_w.duration_minutes, 'timezone', v_w.timezone, 'location', v_w.location,
      'format', v_w.format, 'level', v_w.level, 'pillar', v_w.pillar, 'capacity_total', v_w.capacity_total,
      'capacity_remaining', v_w.capacity_remaining, 'price_amount', v_w.price_amount, 'currency', v_w.currency,
      'average_rating', v_w.average_rating, 'review_count', v_w.review_count, 'instructor_id', v_w.instructor_id,
      'instructor_name', (select coalesce(u.full_name, u.email) from public.users u where u.id = v_w.instructor_id),
      'updated_at', v_w.updated_at),
    (select jsonb_build_object(
        'registered', count(*) filter (where r.status = 'registered'),
        'completed', count(*) filter (where r.status = 'completed'),
        'cancelled', count(*) filter (where r.status = 'cancelled'),
        'no_show', count(*) filter (where r.status = 'no_show'))
       from public.workshop_registrations r where r.workshop_id = v_id),
    (select count(*)::integer from console_private.workshop_refunds_due(v_id)),
    console_private.has_capability('workshops.manage');
end;
$$;

comment on function console.get_workshop(text) is
  'One workshop with its registration counts by status, how many paid registrations a cancellation would refund '
  'and whether the caller may act on it (workshops.read).';

-- the refunds cancelling a workshop asks for: each active registration whose payment has something left to refund.
create function console_private.workshop_refunds_due(p_workshop_id uuid)
returns table (
  registration_id uuid, user_id uuid, email text, full_name text, payment_id uuid, amount numeric, currency text,
  provider text
)
language sql
stable
set search_path = ''
as $$
  select r.id, r.user_id, u.email, u.full_name, p.id, console_private.refund_remainder(p.id), p.currency, p.provider
    from public.workshop_registrations r
    join public.users u on u.id = r.user_id
    join public.payments p on p.id = r.payment_id
   where r.workshop_id = p_workshop_id
     and r.status = 'registered'
     and p.status in ('succeeded', 'partially_refunded')
     and console_private.refund_remainder(p.id) > 0
   order by u.email, r.id;
$$;

revoke execute on function console_private.workshop_refunds_due(uuid) from public, anon, authenticated;

create function console.list_registrations(
  p_workshop_id text default null,
  p_user_id text default null,
  p_status text default null,
  p_sort text default 'registered_at',
  p_desc boolean default true,
  p_after jsonb default null,
  p_limit integer default 50
)
returns table (
  id uuid, workshop_id uuid, workshop_title text, user_id uuid, email text, full_name text, status text,
  attended boolean, registered_at timestamptz, cancelled_at timestamptz, completed_at timestamptz,
  price_paid numeric, payment_id uuid, payment_status text, refundable numeric, certificate_id uuid,
  certificate_number text, cursor jsonb
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_where text := 'true';
begin
  perform console_private.require('workshops.read');
  if p_sort is distinct from 'registered_at' then
    perform console_private.invalid('sort', 'must be registered_at');
  end if;
  if p_workshop_id is not null then
    v_where := v_where || format(' and r.workshop_id = %L::uuid', console_private.to_uuid('workshop_id', p_workshop_id));
  end if;
  if p_user_id is not null then
    v_where := v_where || format(' and r.user_id = %L::uuid', console_private.to_uuid('user_id', p_user_id));
  end if;
  if p_status is not null and p_status not in ('registered', 'completed', 'cancelled', 'no_show') then
    perform console_private.invalid('status', 'must be registered, completed, cancelled or no_show');
  end if;
  if p_status is not null then
    v_where := v_where || format(' and r.status = %L', p_status);
  end if;
  v_where := v_where || console_private.keyset_after(p_after, 'r.registered_at', 'timestamptz', 'r.id', 'uuid', p_desc);
  return query execute format(
    'select r.id, r.workshop_id, w.title, r.user_id, u.email, u.full_name, r.status, r.attended, r.registered_at,
            r.cancelled_at, r.completed_at, r.price_paid, r.payment_id, p.status,
            case when p.id is not null then console_private.refund_remainder(p.id) end,
            r.certificate_id, c.certificate_number,
            jsonb_build_object(''v'', r.registered_at, ''id'', r.id)
       from public.workshop_registrations r
       join public.workshops w on w.id = r.workshop_id
       join public.users u on u.id = r.user_id
       left join public.payments p on p.id = r.payment_id
       left join public.certificates c on c.id = r.certificate_id
      where %1$s
      order by r.registered_at %2$s, r.id %2$s
      limit %3$s', v_where, case when p_desc then 'desc' else 'asc' end, console_private.check_limit(p_limit));
end;
$$;

comment on function console.list_registrations(text, text, text, text, boolean, jsonb, integer) is
  'Workshop registrations, of one workshop, one person or all (workshops.read), with the payment''s refundable '
  'remainder and the certificate; keyset paged by registration time.';

-- the registration an action is about, locked.
create function console_private.lock_registration(p_registration_id text)
returns public.workshop_registrations
language plpgsql
set search_path = ''
as $$
declare
  v_id uuid := console_private.to_uuid('registration_id', p_registration_id);
  v_row public.workshop_registrations;
begin
  select * into v_row from public.workshop_registrations r where r.id = v_id for update;
  if not found then
    raise exception 'registration % not found', v_id
      using errcode = 'P0002', detail = json_build_object('entity', 'registration', 'id', v_id)::text;
  end if;
  return v_row;
end;
$$;

revoke execute on function console_private.lock_registration(text) from public, anon, authenticated;

create function console.cancel_registration(p_registration_id text, p_reason text default null)
returns table (
  id uuid, status text, cancelled_at timestamptz, payment_id uuid, refundable numeric, currency text
)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_before public.workshop_registrations;
  v_after public.workshop_registrations;
  v_reason text;
begin
  perform console_private.require('workshops.manage');
  v_before := console_private.lock_registration(p_registration_id);
  v_reason := console_private.required_reason(p_reason);
  if v_before.status = 'cancelled' then
    perform console_private.already(format('registration %s is already cancelled', v_before.id),
      (select a.actor_id from console.audit_log a
        where a.entity = 'registration' and a.entity_id = v_before.id::text and a.action = 'registration.cancel'
        order by a.id desc limit 1),
      v_before.cancelled_at);
  end if;
  if v_before.status = 'completed' then
    perform console_private.invalid('registration', 'is completed: a finished workshop is not cancelled (refund the payment instead)');
  end if;
  -- the seat trigger (002) gives the seat back and stamps cancelled_at.
  update public.workshop_registrations r set status = 'cancelled' where r.id = v_before.id returning * into v_after;
  perform console_private.audit('registration.cancel', 'registration', v_after.id::text,
    jsonb_build_object('status', v_before.status, 'workshop_id', v_before.workshop_id, 'user_id', v_before.user_id),
    jsonb_build_object('status', v_after.status, 'cancelled_at', v_after.cancelled_at), v_reason);
  return query
    select v_after.id, v_after.status, v_after.cancelled_at, p.id,
           case when p.status in ('succeeded', 'partially_refunded') then console_private.refund_remainder(p.id) else 0 end,
           p.currency
      from (select 1) one
      left join public.payments p on p.id = v_after.payment_id;
end;
$$;

comment on function console.cancel_registration(text, text) is
  'Cancels a registration with a reason (workshops.manage); the seat goes back through the schema''s trigger and '
  'the answer names the payment and what is left to refund on it. Audited.';

create function console.record_attendance(
  p_registration_id text,
  p_attended boolean,
  p_completed boolean default false,
  p_issue_certificate boolean default false
)
returns table (
  id uuid, status text, attended boolean, completed_at timestamptz, certificate_id uuid, certificate_number text
)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_before public.workshop_registrations;
  v_after public.workshop_registrations;
  v_workshop public.workshops;
  v_certificate public.certificates;
begin
  perform console_private.require('workshops.manage');
  v_before := console_private.lock_registration(p_registration_id);
  if p_attended is null then
    perform console_private.invalid('attended', 'is required');
  end if;
  if v_before.status = 'cancelled' then
    perform console_private.invalid('registration', 'is cancelled: attendance is not recorded for it');
  end if;
  if coalesce(p_completed, false) and not p_attended then
    perform console_private.invalid('completed', 'needs attended: someone who did not attend cannot complete');
  end if;
  if coalesce(p_issue_certificate, false) and not coalesce(p_completed, false) then
    perform console_private.invalid('issue_certificate', 'needs completed');
  end if;
  select * into v_workshop from public.workshops w where w.id = v_before.workshop_id;

  update public.workshop_registrations r
     set attended = p_attended,
         status = case when coalesce(p_completed, false) then 'completed' else 'registered' end,
         completed_at = case when coalesce(p_completed, false) then coalesce(r.completed_at, now()) end
   where r.id = v_before.id
  returning * into v_after;

  if coalesce(p_issue_certificate, false) then
    select * into v_certificate from public.certificates c where c.id = v_after.certificate_id;
    if not found then
      insert into public.certificates (user_id, certificate_type, workshop_id, title, skills_demonstrated, issued_by)
      values (v_after.user_id, 'workshop', v_workshop.id, 'Certificate of Completion: ' || v_workshop.title,
              v_workshop.tags, auth.uid())
      returning * into v_certificate;
      update public.workshop_registrations r set certificate_id = v_certificate.id
       where r.id = v_after.id returning * into v_after;
    end if;
  end if;

  perform console_private.audit('registration.attendance', 'registration', v_after.id::text,
    jsonb_build_object('status', v_before.status, 'attended', v_before.attended, 'completed_at', v_before.completed_at,
      'certificate_id', v_before.certificate_id),
    jsonb_build_object('status', v_after.status, 'attended', v_after.attended, 'completed_at', v_after.completed_at,
      'certificate_id', v_after.certificate_id, 'certificate_number', v_certificate.certificate_number));
  return query
    select v_after.id, v_after.status, v_after.attended, v_after.completed_at, v_after.certificate_id,
           (select c.certificate_number from public.certificates c where c.id = v_after.certificate_id);
end;
$$;

comment on function console.record_attendance(text, boolean, boolean, boolean) is
  'Records attendance and completion of a registration (workshops.manage); completion can issue the workshop''s '
  'certificate (once). Audited.';

create function console.preview_workshop_cancellation(p_workshop_id text)
returns table (
  registration_id uuid, user_id uuid, email text, full_name text, payment_id uuid, amount numeric, currency text,
  provider text, needs_approval boolean
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_id uuid;
begin
  perform console_private.require('workshops.read');
  v_id := console_private.to_uuid('workshop_id', p_workshop_id);
  if not exists (select 1 from public.workshops w where w.id = v_id) then
    raise exception 'workshop % not found', v_id
      using errcode = 'P0002', detail = json_build_object('entity', 'workshop', 'id', v_id)::text;
  end if;
  return query select d.*, true from console_private.workshop_refunds_due(v_id) d;
end;
$$;

comment on function console.preview_workshop_cancellation(text) is
  'The refunds cancelling this workshop would request: one per paid, active registration, for what is left to '
  'refund on its payment; each waits for a second approver (workshops.read).';

create function console.set_workshop_status(
  p_workshop_id text,
  p_status text,
  p_reason text default null,
  p_idempotency_key text default null
)
returns table (id uuid, status text, cancelled_registrations integer, refunds jsonb)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id uuid;
  v_before public.workshops;
  v_after public.workshops;
  v_reason text;
  v_cancelled integer := 0;
  v_due record;
  v_refund public.payment_refunds;
  v_refunds jsonb := '[]';
begin
  perform console_private.require('workshops.manage');
  v_id := console_private.to_uuid('workshop_id', p_workshop_id);
  if p_status is null or p_status not in ('draft', 'published', 'archived', 'cancelled') then
    perform console_private.invalid('status', 'must be draft, published, archived or cancelled');
  end if;
  v_reason := console_private.required_reason(p_reason);
  if p_idempotency_key is null or char_length(p_idempotency_key) not between 8 and 200 then
    perform console_private.invalid('idempotency_key', 'must be 8 to 200 characters (one key per submission)');
  end if;
  select * into v_before from public.workshops w where w.id = v_id for update;
  if not found then
    raise exception 'workshop % not found', v_id
      using errcode = 'P0002', detail = json_build_object('entity', 'workshop', 'id', v_id)::text;
  end if;
  if v_before.status = p_status then
    -- a retry of the same submission answers what it did; any other request for the state it is in is a conflict.
    return query
      select v_before.id, v_before.status, (a.after ->> 'cancelled_registrations')::integer, a.after -> 'refunds'
        from console.audit_log a
       where a.entity = 'workshop' and a.entity_id = v_id::text and a.action = 'workshop.set_status'
         and a.after ->> 'idempotency_key' = p_idempotency_key
       order by a.id desc
       limit 1;
    if found then
      return;
    end if;
    perform console_private.already(format('workshop %s is already %s', v_before.title, p_status),
      (select a.actor_id from console.audit_log a
        where a.entity = 'workshop' and a.entity_id = v_id::text and a.action = 'workshop.set_status'
        order by a.id desc limit 1),
      v_before.updated_at);
  end if;
  if v_before.status = 'cancelled' then
    perform console_private.invalid('status', 'a cancelled workshop stays cancelled: its registrations were cancelled and refunded');
  end if;

  if p_status = 'cancelled' then
    -- the refunds first (they read the registrations as they stand), then the registrations.
    for v_due in select * from console_private.workshop_refunds_due(v_id) loop
      select * into v_refund from public.payment_refunds r
       where r.idempotency_key = 'workshop-cancel:' || v_id || ':' || v_due.payment_id;
      if not found then
        insert into public.payment_refunds
          (payment_id, amount, currency, reason, note, status, provider, idempotency_key, requested_by)
        values (v_due.payment_id, v_due.amount, v_due.currency, 'workshop_cancelled',
                left(format('Workshop "%s" cancelled: %s', v_before.title, v_reason), 2000),
                'pending_approval', v_due.provider, 'workshop-cancel:' || v_id || ':' || v_due.payment_id, auth.uid())
        returning * into v_refund;
        perform console_private.audit('refund.create', 'refund', v_refund.id::text, null,
          to_jsonb(v_refund) || jsonb_build_object('workshop_id', v_id), 'workshop_cancelled: ' || v_reason);
      end if;
      v_refunds := v_refunds || jsonb_build_object('refund_id', v_refund.id, 'payment_id', v_refund.payment_id,
        'amount', v_refund.amount, 'currency', v_refund.currency, 'status', v_refund.status);
    end loop;
    update public.workshop_registrations r set status = 'cancelled'
     where r.workshop_id = v_id and r.status = 'registered';
    get diagnostics v_cancelled = row_count;
  end if;

  update public.workshops w set status = p_status where w.id = v_id returning * into v_after;
  perform console_private.audit('workshop.set_status', 'workshop', v_id::text,
    jsonb_build_object('status', v_before.status),
    jsonb_build_object('status', v_after.status, 'cancelled_registrations', v_cancelled, 'refunds', v_refunds,
      'idempotency_key', p_idempotency_key),
    v_reason);
  return query select v_after.id, v_after.status, v_cancelled, v_refunds;
end;
$$;

comment on function console.set_workshop_status(text, text, text, text) is
  'Changes a workshop''s status with a reason (workshops.manage, second factor). Cancelling cancels its active '
  'registrations and requests one refund per paid registration, pending a second approver, keyed by workshop and '
  'payment so that none is ever requested twice. Audited (workshop.set_status, and refund.create per refund).';

-- ====== engagements ======

create function console.list_engagements(
  p_search text default null,
  p_status text default null,
  p_organization_id text default null,
  p_sort text default 'start_date',
  p_desc boolean default true,
  p_after jsonb default null,
  p_limit integer default 50
)
returns table (
  id uuid, title text, focus_area text, organization_id uuid, organization_name text, client_id uuid,
  client_name text, expert_id uuid, expert_name text, status text, hours_used numeric, hours_total numeric,
  hourly_rate numeric, start_date date, end_date date, created_at timestamptz, cursor jsonb
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_col text;
  v_where text := 'true';
  v_search text;
begin
  perform console_private.require('engagements.read');
  v_search := console_private.check_text('search', p_search, 200);
  v_col := case p_sort
    when 'start_date' then 'coalesce(e.start_date, ''-infinity''::date)'
    when 'created_at' then 'e.created_at'
  end;
  if v_col is null then
    perform console_private.invalid('sort', 'must be one of start_date, created_at');
  end if;
  if p_status is not null and p_status not in ('pending', 'active', 'paused', 'completed', 'cancelled') then
    perform console_private.invalid('status', 'must be pending, active, paused, completed or cancelled');
  end if;
  if v_search is not null then
    v_where := v_where || format(' and (e.title ilike %1$L or e.focus_area ilike %1$L)',
      '%' || console_private.like_prefix(v_search));
  end if;
  if p_status is not null then
    v_where := v_where || format(' and e.status = %L', p_status);
  end if;
  if p_organization_id is not null then
    v_where := v_where || format(' and e.organization_id = %L::uuid',
      console_private.to_uuid('organization_id', p_organization_id));
  end if;
  v_where := v_where || console_private.keyset_after(p_after, v_col,
    case p_sort when 'start_date' then 'date' else 'timestamptz' end, 'e.id', 'uuid', p_desc);
  return query execute format(
    'select e.id, e.title, e.focus_area, e.organization_id, o.name, e.client_id, coalesce(c.full_name, c.email),
            e.expert_id, coalesce(x.full_name, x.email), e.status, e.hours_used, e.hours_total, e.hourly_rate,
            e.start_date, e.end_date, e.created_at, jsonb_build_object(''v'', %1$s, ''id'', e.id)
       from public.engagements e
       join public.users c on c.id = e.client_id
       join public.users x on x.id = e.expert_id
       left join public.organizations o on o.id = e.organization_id
      where %2$s
      order by %1$s %3$s, e.id %3$s
      limit %4$s', v_col, v_where, case when p_desc then 'desc' else 'asc' end, console_private.check_limit(p_limit));
end;
$$;

comment on function console.list_engagements(text, text, text, text, boolean, jsonb, integer) is
  'Engagements with client, organization, expert and hours used of the budget (engagements.read); keyset paged.';

create function console.list_engagement_sessions(
  p_engagement_id text default null,
  p_status text default null,
  p_sort text default 'scheduled_at',
  p_desc boolean default true,
  p_after jsonb default null,
  p_limit integer default 50
)
returns table (
  id uuid, engagement_id uuid, engagement_title text, session_type text, scheduled_at timestamptz,
  started_at timestamptz, ended_at timestamptz, duration_hours numeric, status text, has_notes boolean, cursor jsonb
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_where text := 'true';
begin
  perform console_private.require('engagements.read');
  if p_sort is distinct from 'scheduled_at' then
    perform console_private.invalid('sort', 'must be scheduled_at');
  end if;
  if p_engagement_id is not null then
    v_where := v_where || format(' and s.engagement_id = %L::uuid',
      console_private.to_uuid('engagement_id', p_engagement_id));
  end if;
  if p_status is not null and p_status not in ('scheduled', 'completed', 'cancelled', 'no_show') then
    perform console_private.invalid('status', 'must be scheduled, completed, cancelled or no_show');
  end if;
  if p_status is not null then
    v_where := v_where || format(' and s.status = %L', p_status);
  end if;
  v_where := v_where || console_private.keyset_after(p_after, 's.scheduled_at', 'timestamptz', 's.id', 'uuid', p_desc);
  return query execute format(
    'select s.id, s.engagement_id, coalesce(e.title, e.focus_area), s.session_type, s.scheduled_at, s.started_at,
            s.ended_at, s.duration_hours, s.status, coalesce(btrim(s.session_notes), '''') <> '''',
            jsonb_build_object(''v'', s.scheduled_at, ''id'', s.id)
       from public.engagement_sessions s
       join public.engagements e on e.id = s.engagement_id
      where %1$s
      order by s.scheduled_at %2$s, s.id %2$s
      limit %3$s', v_where, case when p_desc then 'desc' else 'asc' end, console_private.check_limit(p_limit));
end;
$$;

comment on function console.list_engagement_sessions(text, text, text, boolean, jsonb, integer) is
  'Engagement sessions, of one engagement or all (engagements.read); notes are not returned, only whether there '
  'are any. Keyset paged by scheduled time.';

create function console.set_session_status(
  p_session_id text,
  p_status text,
  p_duration_hours numeric default null,
  p_reason text default null
)
returns table (
  id uuid, status text, duration_hours numeric, engagement_id uuid, hours_used numeric, hours_total numeric
)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id uuid;
  v_before public.engagement_sessions;
  v_after public.engagement_sessions;
begin
  perform console_private.require('engagements.manage');
  v_id := console_private.to_uuid('session_id', p_session_id);
  if p_status is null or p_status not in ('scheduled', 'completed', 'cancelled', 'no_show') then
    perform console_private.invalid('status', 'must be scheduled, completed, cancelled or no_show');
  end if;
  if p_duration_hours is not null then
    if p_duration_hours < 0 or p_duration_hours > 24 then
      perform console_private.invalid('duration_hours', 'must be between 0 and 24 hours');
    end if;
    if p_duration_hours <> round(p_duration_hours, 2) then
      perform console_private.invalid('duration_hours', 'has at most 2 decimals');
    end if;
  end if;
  select * into v_before from public.engagement_sessions s where s.id = v_id for update;
  if not found then
    raise exception 'session % not found', v_id
      using errcode = 'P0002', detail = json_build_object('entity', 'session', 'id', v_id)::text;
  end if;
  -- the hours trigger (004) adds up completed sessions and refuses a total above the engagement's budget, with
  -- its own message, detail and hint.
  update public.engagement_sessions s
     set status = p_status, duration_hours = coalesce(p_duration_hours, s.duration_hours)
   where s.id = v_id
  returning * into v_after;
  perform console_private.audit('session.set_status', 'session', v_id::text,
    jsonb_build_object('status', v_before.status, 'duration_hours', v_before.duration_hours),
    jsonb_build_object('status', v_after.status, 'duration_hours', v_after.duration_hours,
      'engagement_id', v_after.engagement_id),
    console_private.check_text('reason', p_reason, 2000));
  return query
    select v_after.id, v_after.status, v_after.duration_hours, e.id, e.hours_used, e.hours_total
      from public.engagements e where e.id = v_after.engagement_id;
end;
$$;

comment on function console.set_session_status(text, text, numeric, text) is
  'Sets a session''s status and duration (engagements.manage); the schema''s hour-budget rule refuses completed '
  'hours above the engagement''s budget. Audited.';

-- ====== talent ======

create function console.list_talent(
  p_search text default null,
  p_availability text default null,
  p_sort text default 'rating',
  p_desc boolean default true,
  p_after jsonb default null,
  p_limit integer default 50
)
returns table (
  id uuid, user_id uuid, full_name text, email text, tagline text, availability text, rating numeric,
  review_count integer, hourly_rate numeric, is_public boolean, engagements integer, active_engagements integer,
  testimonials_pending integer, created_at timestamptz, cursor jsonb
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_col text;
  v_where text := 'true';
  v_search text;
begin
  perform console_private.require('talent.read');
  v_search := console_private.check_text('search', p_search, 200);
  v_col := case p_sort when 'rating' then 't.rating' when 'created_at' then 't.created_at'
                       when 'full_name' then 'coalesce(u.full_name, u.email)' end;
  if v_col is null then
    perform console_private.invalid('sort', 'must be one of rating, full_name, created_at');
  end if;
  if p_availability is not null and p_availability not in ('available', 'limited', 'booked') then
    perform console_private.invalid('availability', 'must be available, limited or booked');
  end if;
  if v_search is not null then
    v_where := v_where || format(' and (u.full_name ilike %1$L or u.email ilike %1$L or t.tagline ilike %1$L)',
      '%' || console_private.like_prefix(v_search));
  end if;
  if p_availability is not null then
    v_where := v_where || format(' and t.availability = %L', p_availability);
  end if;
  v_where := v_where || console_private.keyset_after(p_after, v_col,
    case p_sort when 'rating' then 'numeric' when 'created_at' then 'timestamptz' else 'text' end, 't.id', 'uuid', p_desc);
  return query execute format(
    'select t.id, t.user_id, u.full_name, u.email, t.tagline, t.availability, t.rating, t.review_count,
            t.hourly_rate, t.is_public,
            (select count(*)::integer from public.engagements e where e.expert_id = t.user_id),
            (select count(*)::integer from public.engagements e where e.expert_id = t.user_id and e.status = ''active''),
            (select count(*)::integer from public.talent_testimonials x
              where x.talent_profile_id = t.id and not x.verified and x.rejection_reason is null),
            t.created_at, jsonb_build_object(''v'', %1$s, ''id'', t.id)
       from public.talent_profiles t
       join public.users u on u.id = t.user_id
      where %2$s
      order by %1$s %3$s, t.id %3$s
      limit %4$s', v_col, v_where, case when p_desc then 'desc' else 'asc' end, console_private.check_limit(p_limit));
end;
$$;

comment on function console.list_talent(text, text, text, boolean, jsonb, integer) is
  'Expert profiles with availability, rating, engagements and testimonials waiting for verification (talent.read).';

create function console.list_testimonials(
  p_state text default 'pending',
  p_talent_profile_id text default null,
  p_after jsonb default null,
  p_limit integer default 50
)
returns table (
  id uuid, talent_profile_id uuid, expert_name text, client_name text, client_company text, client_title text,
  quote text, metric text, verified boolean, is_featured boolean, state text, rejection_reason text,
  decided_by_email text, decided_at timestamptz, updated_at timestamptz, cursor jsonb
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_where text := 'true';
  v_desc boolean;
begin
  perform console_private.require('talent.read');
  v_desc := p_state is distinct from 'pending'; -- the queue: oldest first
  if p_state is not null and p_state not in ('pending', 'verified', 'rejected') then
    perform console_private.invalid('state', 'must be pending, verified or rejected');
  end if;
  v_where := v_where || case p_state
    when 'pending' then ' and not x.verified and x.rejection_reason is null'
    when 'verified' then ' and x.verified'
    when 'rejected' then ' and not x.verified and x.rejection_reason is not null'
    else '' end;
  if p_talent_profile_id is not null then
    v_where := v_where || format(' and x.talent_profile_id = %L::uuid',
      console_private.to_uuid('talent_profile_id', p_talent_profile_id));
  end if;
  v_where := v_where || console_private.keyset_after(p_after, 'x.updated_at', 'timestamptz', 'x.id', 'uuid', v_desc);
  return query execute format(
    'select x.id, x.talent_profile_id, coalesce(u.full_name, u.email), x.client_name, x.client_company,
            x.client_title, x.quote, x.metric, x.verified, x.is_featured,
            case when x.verified then ''verified'' when x.rejection_reason is not null then ''rejected''
                 else ''pending'' end,
            x.rejection_reason, r.email, x.reviewed_at, x.updated_at,
            jsonb_build_object(''v'', x.updated_at, ''id'', x.id)
       from public.talent_testimonials x
       join public.talent_profiles t on t.id = x.talent_profile_id
       join public.users u on u.id = t.user_id
       left join public.users r on r.id = x.reviewed_by
      where %1$s
      order by x.updated_at %2$s, x.id %2$s
      limit %3$s', v_where, case when v_desc then 'desc' else 'asc' end, console_private.check_limit(p_limit));
end;
$$;

comment on function console.list_testimonials(text, text, jsonb, integer) is
  'Testimonials by state (talent.read): pending is the verification queue, oldest change first; verified and '
  'rejected newest first, with who decided and why.';

create function console.decide_testimonial(
  p_testimonial_id text,
  p_decision text,
  p_reason text default null,
  p_expected_updated_at timestamptz default null
)
returns table (id uuid, verified boolean, state text, updated_at timestamptz)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id uuid;
  v_before public.talent_testimonials;
  v_after public.talent_testimonials;
  v_reason text;
begin
  perform console_private.require('testimonials.verify');
  v_id := console_private.to_uuid('testimonial_id', p_testimonial_id);
  if p_decision is null or p_decision not in ('verify', 'reject') then
    perform console_private.invalid('decision', 'must be verify or reject');
  end if;
  if p_expected_updated_at is null then
    perform console_private.invalid('expected_updated_at', 'is required: the version of the testimonial you read');
  end if;
  v_reason := case when p_decision = 'reject' then console_private.required_reason(p_reason)
                   else console_private.check_text('reason', p_reason, 2000) end;
  select * into v_before from public.talent_testimonials x where x.id = v_id for update;
  if not found then
    raise exception 'testimonial % not found', v_id
      using errcode = 'P0002', detail = json_build_object('entity', 'testimonial', 'id', v_id)::text;
  end if;
  if (p_decision = 'verify' and v_before.verified)
     or (p_decision = 'reject' and not v_before.verified and v_before.rejection_reason is not null) then
    perform console_private.already(format('testimonial %s is already %s', v_id,
      case when v_before.verified then 'verified' else 'rejected' end), v_before.reviewed_by,
      coalesce(v_before.reviewed_at, v_before.updated_at));
  end if;
  if date_trunc('milliseconds', v_before.updated_at) <> date_trunc('milliseconds', p_expected_updated_at) then
    raise exception 'testimonial % was changed at % after you opened it: read it again before deciding', v_id,
      to_char(v_before.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
      using errcode = 'PT409',
            detail = json_build_object('at', v_before.updated_at, 'updated_at', v_before.updated_at)::text,
            hint = 'Reload the testimonial: its words or attribution may have changed.';
  end if;
  update public.talent_testimonials x
     set verified = (p_decision = 'verify'),
         rejection_reason = case when p_decision = 'reject' then v_reason end,
         is_featured = case when p_decision = 'reject' then false else x.is_featured end,
         reviewed_at = now(),
         reviewed_by = auth.uid()
   where x.id = v_id
  returning * into v_after;
  perform console_private.audit('testimonial.' || p_decision, 'testimonial', v_id::text,
    jsonb_build_object('verified', v_before.verified, 'rejection_reason', v_before.rejection_reason,
      'is_featured', v_before.is_featured),
    jsonb_build_object('verified', v_after.verified, 'rejection_reason', v_after.rejection_reason,
      'is_featured', v_after.is_featured, 'quote', v_after.quote),
    v_reason);
  return query select v_after.id, v_after.verified,
    case when v_after.verified then 'verified' else 'rejected' end, v_after.updated_at;
end;
$$;

comment on function console.decide_testimonial(text, text, text, timestamptz) is
  'Verifies or rejects (with a reason) a testimonial as it was read: a change since expected_updated_at is a '
  'conflict (testimonials.verify). Audited (testimonial.verify, testimonial.reject).';

-- ====== certificates ======

-- a certificate number as staff paste it: "cert-workshop-20260115-1a2b3c4d ", or a verification url ending in one.
create function console_private.certificate_number_of(p_text text)
returns text
language sql
immutable
set search_path = ''
as $$
  select upper(substring(btrim(p_text) from '(?i)(CERT-[A-Z]*(?:-[0-9]{0,8}(?:-[0-9A-F]{0,8})?)?)\s*/?$'));
$$;

revoke execute on function console_private.certificate_number_of(text) from public, anon, authenticated;

create function console.list_certificates(
  p_search text default null,
  p_user_id text default null,
  p_workshop_id text default null,
  p_state text default null,
  p_sort text default 'issue_date',
  p_desc boolean default true,
  p_after jsonb default null,
  p_limit integer default 50
)
returns table (
  id uuid, certificate_number text, certificate_type text, title text, user_id uuid, email text, full_name text,
  workshop_id uuid, workshop_title text, issue_date date, expiry_date date, is_verified boolean,
  revoked_at timestamptz, revocation_reason text, cursor jsonb
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_col text;
  v_where text := 'true';
  v_search text;
  v_number text;
  v_ids uuid[];
  v_matches bigint;
  v_order text;
begin
  perform console_private.require('certificates.read');
  v_search := console_private.check_text('search', p_search, 300);
  v_col := case p_sort when 'issue_date' then 'c.issue_date' when 'certificate_number' then 'c.certificate_number' end;
  if v_col is null then
    perform console_private.invalid('sort', 'must be one of issue_date, certificate_number');
  end if;
  if p_state is not null and p_state not in ('valid', 'revoked', 'expired') then
    perform console_private.invalid('state', 'must be valid, revoked or expired');
  end if;
  if v_search is not null then
    v_number := console_private.certificate_number_of(v_search);
    if v_number is not null then
      -- a number's prefix matching more than search_id_limit certificates ("CERT-WORKSHOP-2025") is filtered while
      -- reading in the list's order, where matches are common, instead of fetching every match to sort it.
      execute format('select count(*) from (select 1 from public.certificates c where c.certificate_number like %L'
                     ' limit %s) x', console_private.like_prefix(v_number), console_private.search_id_limit() + 1)
        into v_matches;
      v_where := v_where || format(' and %s like %L',
        case when v_matches > console_private.search_id_limit() then '(c.certificate_number || '''')'
             else 'c.certificate_number' end,
        console_private.like_prefix(v_number));
    else
      -- a person (email prefix, name) or a workshop (title). people are resolved to ids first, as list_users does
      -- (user_search_ids itself is users.manage's), so a selective search reads the certificates' user index; a
      -- search matching more people than search_id_limit filters the rows directly, matches being common then.
      v_ids := array(select x.id from (
          (select u.id from public.users u where u.email like console_private.like_prefix(lower(v_search))
            limit console_private.search_id_limit() + 1)
          union
          (select u.id from public.users u where u.full_name ilike '%' || console_private.like_prefix(v_search)
            limit console_private.search_id_limit() + 1)) x
        limit console_private.search_id_limit() + 1);
      v_where := v_where || format(
        ' and (%s or c.workshop_id = any (array(select w.id from public.workshops w where w.title ilike %L)))',
        case when cardinality(v_ids) <= console_private.search_id_limit() then format('c.user_id = any (%L::uuid[])', v_ids)
             else format('exists (select 1 from public.users u where u.id = c.user_id and (u.email like %L or u.full_name ilike %L))',
                         console_private.like_prefix(lower(v_search)), '%' || console_private.like_prefix(v_search)) end,
        '%' || console_private.like_prefix(v_search));
    end if;
  end if;
  if p_user_id is not null then
    v_where := v_where || format(' and c.user_id = %L::uuid', console_private.to_uuid('user_id', p_user_id));
  end if;
  if p_workshop_id is not null then
    v_where := v_where || format(' and c.workshop_id = %L::uuid', console_private.to_uuid('workshop_id', p_workshop_id));
  end if;
  v_where := v_where || case p_state
    when 'valid' then ' and c.revoked_at is null and (c.expiry_date is null or c.expiry_date >= current_date)'
    when 'revoked' then ' and c.revoked_at is not null'
    when 'expired' then ' and c.revoked_at is null and c.expiry_date < current_date'
    else '' end;
  v_where := v_where || console_private.keyset_after(p_after, v_col,
    case p_sort when 'issue_date' then 'date' else 'text' end,
    case p_sort when 'issue_date' then 'c.id' end, 'uuid', p_desc);
  -- a search for a few people (at most 1,000): their certificates come through the user index and are then sorted;
  -- the sort key is hidden from its own index, which the planner would otherwise walk over every certificate in
  -- list order looking for theirs. the page is chosen on certificates alone, then joined.
  v_order := case when cardinality(v_ids) <= 1000
                  then case p_sort when 'issue_date' then '(c.issue_date + 0)' else '(c.certificate_number || '''')' end
                  else v_col end;
  return query execute format(
    'select c.id, c.certificate_number, c.certificate_type, c.title, c.user_id, u.email, u.full_name, c.workshop_id,
            w.title, c.issue_date, c.expiry_date, c.is_verified, c.revoked_at, c.revocation_reason,
            jsonb_build_object(''v'', %1$s, ''id'', c.id)
       from (select c.* from public.certificates c
              where %2$s
              order by %5$s %3$s, c.id %3$s
              limit %4$s) c
       join public.users u on u.id = c.user_id
       left join public.workshops w on w.id = c.workshop_id
      order by %1$s %3$s, c.id %3$s', v_col, v_where, case when p_desc then 'desc' else 'asc' end,
    console_private.check_limit(p_limit), v_order);
end;
$$;

comment on function console.list_certificates(text, text, text, text, text, boolean, jsonb, integer) is
  'Certificates found by number (CERT-…, a prefix or a pasted verification url), by person (email or name) or by '
  'workshop (its title, or p_workshop_id), filtered by valid, revoked or expired (certificates.read); keyset paged.';

create function console.verify_certificate(p_certificate_number text)
returns table (
  certificate_number text, certificate_type text, title text, recipient_name text, issue_date date,
  expiry_date date, is_verified boolean, is_expired boolean, is_revoked boolean, revoked_at timestamptz
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_number text;
begin
  perform console_private.require('certificates.read');
  v_number := console_private.certificate_number_of(console_private.check_text('certificate_number', p_certificate_number, 300));
  if v_number is null then
    perform console_private.invalid('certificate_number', 'is not a certificate number (CERT-…)');
  end if;
  return query select * from public.verify_certificate(v_number);
end;
$$;

comment on function console.verify_certificate(text) is
  'What the public verification answers for a certificate number (certificates.read): the same function anyone '
  'may call, so staff see exactly what the public sees.';

create function console.revoke_certificate(p_certificate_id text, p_reason text default null)
returns table (id uuid, certificate_number text, revoked_at timestamptz, revocation_reason text)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id uuid;
  v_before public.certificates;
  v_after public.certificates;
  v_reason text;
begin
  perform console_private.require('certificates.revoke');
  v_id := console_private.to_uuid('certificate_id', p_certificate_id);
  v_reason := console_private.required_reason(p_reason);
  select * into v_before from public.certificates c where c.id = v_id for update;
  if not found then
    raise exception 'certificate % not found', v_id
      using errcode = 'P0002', detail = json_build_object('entity', 'certificate', 'id', v_id)::text;
  end if;
  if v_before.revoked_at is not null then
    perform console_private.already(format('certificate %s is already revoked', v_before.certificate_number),
      v_before.revoked_by, v_before.revoked_at);
  end if;
  update public.certificates c
     set revoked_at = now(), revoked_by = auth.uid(), revocation_reason = v_reason
   where c.id = v_id
  returning * into v_after;
  perform console_private.audit('certificate.revoke', 'certificate', v_id::text,
    jsonb_build_object('certificate_number', v_before.certificate_number, 'revoked_at', null),
    jsonb_build_object('certificate_number', v_after.certificate_number, 'revoked_at', v_after.revoked_at),
    v_reason);
  return query select v_after.id, v_after.certificate_number, v_after.revoked_at, v_after.revocation_reason;
end;
$$;

comment on function console.revoke_certificate(text, text) is
  'Revokes a certificate with a reason (certificates.revoke); public verification then reports it revoked. Audited.';

-- ====== assessments (administrators only) ======

create function console.list_org_assessments(
  p_organization_id text,
  p_status text default null,
  p_after jsonb default null,
  p_limit integer default 50
)
returns table (
  id uuid, user_id uuid, full_name text, assessment_type text, status text, completed_at timestamptz,
  individual_score numeric, leadership_score numeric, cultural_score numeric, embedding_score numeric,
  velocity_score numeric, overall_score numeric, cursor jsonb
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_where text;
begin
  perform console_private.require('assessments.read');
  v_where := format('a.organization_id = %L::uuid', console_private.to_uuid('organization_id', p_organization_id));
  if p_status is not null and p_status not in ('in_progress', 'completed', 'abandoned') then
    perform console_private.invalid('status', 'must be in_progress, completed or abandoned');
  end if;
  if p_status is not null then
    v_where := v_where || format(' and a.status = %L', p_status);
  end if;
  v_where := v_where || console_private.keyset_after(p_after, 'a.created_at', 'timestamptz', 'a.id', 'uuid', true);
  -- scores only: the answers (assessment_answers) never leave the database through the console.
  return query execute format(
    'select a.id, a.user_id, u.full_name, a.assessment_type, a.status, a.completed_at,
            a.individual_score::numeric, a.leadership_score::numeric, a.cultural_score::numeric,
            a.embedding_score::numeric, a.velocity_score::numeric, a.overall_score::numeric,
            jsonb_build_object(''v'', a.created_at, ''id'', a.id)
       from public.assessments a
       join public.users u on u.id = a.user_id
      where %1$s
      order by a.created_at desc, a.id desc
      limit %2$s', v_where, console_private.check_limit(p_limit));
end;
$$;

comment on function console.list_org_assessments(text, text, jsonb, integer) is
  'One organization''s assessments with their dimension and overall scores, newest first (assessments.read, '
  'administrators only); never the answers.';

-- ====== who may call them ======

revoke execute on function
  console.list_platform_organizations(text, text, text, text, boolean, jsonb, integer),
  console.get_organization(text),
  console.set_organization_tier(text, text, text),
  console.list_workshops(text, text, date, date, text, boolean, jsonb, integer),
  console.get_workshop(text),
  console.list_registrations(text, text, text, text, boolean, jsonb, integer),
  console.cancel_registration(text, text),
  console.record_attendance(text, boolean, boolean, boolean),
  console.preview_workshop_cancellation(text),
  console.set_workshop_status(text, text, text, text),
  console.list_engagements(text, text, text, text, boolean, jsonb, integer),
  console.list_engagement_sessions(text, text, text, boolean, jsonb, integer),
  console.set_session_status(text, text, numeric, text),
  console.list_talent(text, text, text, boolean, jsonb, integer),
  console.list_testimonials(text, text, jsonb, integer),
  console.decide_testimonial(text, text, text, timestamptz),
  console.list_certificates(text, text, text, text, text, boolean, jsonb, integer),
  console.verify_certificate(text),
  console.revoke_certificate(text, text),
  console.list_org_assessments(text, text, jsonb, integer)
  from public, anon;
grant execute on function
  console.list_platform_organizations(text, text, text, text, boolean, jsonb, integer),
  console.get_organization(text),
  console.set_organization_tier(text, text, text),
  console.list_workshops(text, text, date, date, text, boolean, jsonb, integer),
  console.get_workshop(text),
  console.list_registrations(text, text, text, text, boolean, jsonb, integer),
  console.cancel_registration(text, text),
  console.record_attendance(text, boolean, boolean, boolean),
  console.preview_workshop_cancellation(text),
  console.set_workshop_status(text, text, text, text),
  console.list_engagements(text, text, text, text, boolean, jsonb, integer),
  console.list_engagement_sessions(text, text, text, boolean, jsonb, integer),
  console.set_session_status(text, text, numeric, text),
  console.list_talent(text, text, text, boolean, jsonb, integer),
  console.list_testimonials(text, text, jsonb, integer),
  console.decide_testimonial(text, text, text, timestamptz),
  console.list_certificates(text, text, text, text, text, boolean, jsonb, integer),
  console.verify_certificate(text),
  console.revoke_certificate(text, text),
  console.list_org_assessments(text, text, jsonb, integer)
  to authenticated, service_role;

-- ====== rollback ======
-- drop function if exists console.list_org_assessments(text, text, jsonb, integer);
-- drop function if exists console.revoke_certificate(text, text);
-- drop function if exists console.verify_certificate(text);
-- drop function if exists console.list_certificates(text, text, text, text, text, boolean, jsonb, integer);
-- drop function if exists console_private.certificate_number_of(text);
-- drop function if exists console.decide_testimonial(text, text, text, timestamptz);
-- drop function if exists console.list_testimonials(text, text, jsonb, integer);
-- drop function if exists console.list_talent(text, text, text, boolean, jsonb, integer);
-- drop function if exists console.set_session_status(text, text, numeric, text);
-- drop function if exists console.list_engagement_sessions(text, text, text, boolean, jsonb, integer);
-- drop function if exists console.list_engagements(text, text, text, text, boolean, jsonb, integer);
-- drop function if exists console.set_workshop_status(text, text, text, text);
-- drop function if exists console.preview_workshop_cancellation(text);
-- drop function if exists console.record_attendance(text, boolean, boolean, boolean);
-- drop function if exists console.cancel_registration(text, text);
-- drop function if exists console_private.lock_registration(text);
-- drop function if exists console.list_registrations(text, text, text, text, boolean, jsonb, integer);
-- drop function if exists console.get_workshop(text);
-- drop function if exists console_private.workshop_refunds_due(uuid);
-- drop function if exists console.list_workshops(text, text, date, date, text, boolean, jsonb, integer);
-- drop function if exists console.set_organization_tier(text, text, text);
-- drop function if exists console.get_organization(text);
-- drop function if exists console.list_platform_organizations(text, text, text, text, boolean, jsonb, integer);
-- drop function if exists console_private.domain_of(text);
-- drop index if exists public.idx_assessments_org_created_at_id;
-- drop index if exists public.idx_talent_profiles_created_at_id;
-- drop index if exists public.idx_talent_profiles_rating_id;
-- drop index if exists public.idx_payments_organization_created_at;
-- drop index if exists public.idx_user_roles_organization_user;
-- drop index if exists public.idx_organizations_created_at_id;
-- drop index if exists public.idx_workshops_title_id;
-- drop index if exists public.idx_workshops_created_at_id;
-- drop index if exists public.idx_workshops_schedule_date_id;
-- drop index if exists public.idx_engagements_created_at_id;
-- drop index if exists public.idx_engagements_start_date_id;
-- drop index if exists public.idx_engagement_sessions_engagement_scheduled_at_id;
-- drop index if exists public.idx_engagement_sessions_scheduled_at_id;
-- drop index if exists public.idx_workshop_registrations_user_registered_at_id;
-- drop index if exists public.idx_workshop_registrations_workshop_registered_at_id;
-- drop index if exists public.idx_workshop_registrations_registered_at_id;
-- create or replace function console_private.maintain_assessment_monthly()
-- returns trigger
-- language plpgsql
-- security definer
-- set search_path = ''
-- as $$
-- declare
--   v_rows text;
--   v_delta text;
--   v_add constant text := '
--       completed = m.completed + excluded.completed,
--       overall_sum = m.overall_sum + excluded.overall_sum, overall_n = m.overall_n + excluded.overall_n,
--       individual_sum = m.individual_sum + excluded.individual_sum, individual_n = m.individual_n + excluded.individual_n,
--       leadership_sum = m.leadership_sum + excluded.leadership_sum, leadership_n = m.leadership_n + excluded.leadership_n,
--       cultural_sum = m.cultural_sum + excluded.cultural_sum, cultural_n = m.cultural_n + excluded.cultural_n,
--       embedding_sum = m.embedding_sum + excluded.embedding_sum, embedding_n = m.embedding_n + excluded.embedding_n,
--       velocity_sum = m.velocity_sum + excluded.velocity_sum, velocity_n = m.velocity_n + excluded.velocity_n,
--       updated_at = now()';
--   v_counters constant text := 'completed, overall_sum, overall_n, individual_sum, individual_n, leadership_sum, '
--     'leadership_n, cultural_sum, cultural_n, embedding_sum, embedding_n, velocity_sum, velocity_n';
-- begin
--   if tg_op = 'TRUNCATE' then
--     delete from console.assessment_monthly_platform;
--     delete from console.assessment_monthly;
--     return null;
--   end if;
-- 
--   -- the statement's rows as signed contributions: +1 for each new version, -1 for each old one. an update that
--   -- leaves status, organisation, month and scores alone nets to zero and writes nothing.
--   v_rows := case tg_op
--     when 'INSERT' then 'select r.*, 1 as sign from new_rows r'
--     when 'DELETE' then 'select r.*, -1 as sign from old_rows r'
--     else 'select r.*, 1 as sign from new_rows r union all select r.*, -1 as sign from old_rows r'
--   end;
--   -- the net change per organisation and month.
--   v_delta := format($sql$
--     select g.*
--       from (
--         select d.organization_id,
--                date_trunc('month', d.completed_at at time zone 'UTC')::date as month,
--                sum(d.sign)::bigint as completed,
--                coalesce(sum(d.sign * d.overall_score), 0)::bigint as overall_sum,
--                coalesce(sum(d.sign) filter (where d.overall_score is not null), 0)::bigint as overall_n,
--                coalesce(sum(d.sign * d.individual_score), 0)::bigint as individual_sum,
--                coalesce(sum(d.sign) filter (where d.individual_score is not null), 0)::bigint as individual_n,
--                coalesce(sum(d.sign * d.leadership_score), 0)::bigint as leadership_sum,
--                coalesce(sum(d.sign) filter (where d.leadership_score is not null), 0)::bigint as leadership_n,
--                coalesce(sum(d.sign * d.cultural_score), 0)::bigint as cultural_sum,
--                coalesce(sum(d.sign) filter (where d.cultural_score is not null), 0)::bigint as cultural_n,
--                coalesce(sum(d.sign * d.embedding_score), 0)::bigint as embedding_sum,
--                coalesce(sum(d.sign) filter (where d.embedding_score is not null), 0)::bigint as embedding_n,
--                coalesce(sum(d.sign * d.velocity_score), 0)::bigint as velocity_sum,
--                coalesce(sum(d.sign) filter (where d.velocity_score is not null), 0)::bigint as velocity_n
--           from (%s) d
--          where d.status = 'completed' and d.completed_at is not null
--          group by 1, 2
--       ) g
--      where (g.completed, g.overall_sum, g.overall_n, g.individual_sum, g.individual_n, g.leadership_sum,
--             g.leadership_n, g.cultural_sum, g.cultural_n, g.embedding_sum, g.embedding_n, g.velocity_sum,
--             g.velocity_n) is distinct from (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)$sql$, v_rows);
-- 
--   -- the platform row of a month first, then organisations in key order: every statement takes its locks in the
--   -- same order, so concurrent writers queue on the month's platform row instead of deadlocking.
--   execute format($sql$
--     insert into console.assessment_monthly_platform as m (month, %2$s)
--     select d.month, sum(d.completed), sum(d.overall_sum), sum(d.overall_n), sum(d.individual_sum),
--            sum(d.individual_n), sum(d.leadership_sum), sum(d.leadership_n), sum(d.cultural_sum), sum(d.cultural_n),
--            sum(d.embedding_sum), sum(d.embedding_n), sum(d.velocity_sum), sum(d.velocity_n)
--       from (%1$s) d
--      group by d.month
--      order by d.month
--     on conflict (month) do update set %3$s$sql$, v_delta, v_counters, v_add);
--   execute format($sql$
--     insert into console.assessment_monthly as m (organization_id, month, %2$s)
--     select d.* from (%1$s) d
--      order by d.organization_id nulls first, d.month
--     on conflict (organization_id, month) do update set %3$s$sql$, v_delta, v_counters, v_add);
-- 
--   if tg_op <> 'INSERT' then
--     -- a month with no completed assessments left disappears (a row left inconsistent would keep a non-zero sum
--     -- and show up in the drift check instead).
--     delete from console.assessment_monthly m
--      where m.completed = 0
--        and m.overall_sum = 0 and m.overall_n = 0 and m.individual_sum = 0 and m.individual_n = 0
--        and m.leadership_sum = 0 and m.leadership_n = 0 and m.cultural_sum = 0 and m.cultural_n = 0
--        and m.embedding_sum = 0 and m.embedding_n = 0 and m.velocity_sum = 0 and m.velocity_n = 0;
--     delete from console.assessment_monthly_platform m
--      where m.completed = 0
--        and m.overall_sum = 0 and m.overall_n = 0 and m.individual_sum = 0 and m.individual_n = 0
--        and m.leadership_sum = 0 and m.leadership_n = 0 and m.cultural_sum = 0 and m.cultural_n = 0
--        and m.embedding_sum = 0 and m.embedding_n = 0 and m.velocity_sum = 0 and m.velocity_n = 0;
--   end if;
--   return null;
-- end;
-- $$;
-- 
-- create or replace function console_private.keyset_after(
--   p_after jsonb, p_col text, p_type text, p_id_col text, p_id_type text, p_desc boolean
-- )
-- returns text
-- language plpgsql
-- stable
-- set search_path = ''
-- as $$
-- declare
--   v_cmp text := case when p_desc then '<' else '>' end;
-- begin
--   if p_after is null then
--     return '';
--   end if;
--   if coalesce(
--        jsonb_typeof(p_after) <> 'object'
--        or coalesce(jsonb_typeof(p_after -> 'v'), 'null') not in ('string', 'number', 'boolean')
--        or not pg_input_is_valid(p_after ->> 'v', p_type)
--        -- a list returns times as iso text, never postgres's special words ('now', 'yesterday', 'epoch').
--        or (p_type = 'timestamptz' and (p_after ->> 'v') !~ '^(-?infinity|\d{4}-\d{2}-\d{2}([T ].*)?)$')
--        or (p_id_col is not null
--            and (coalesce(jsonb_typeof(p_after -> 'id'), 'null') not in ('string', 'number')
--                 or not pg_input_is_valid(p_after ->> 'id', p_id_type))),
--        true) then
--     perform console_private.invalid('after', 'is not a cursor returned by this list');
--   end if;
--   if p_id_col is null then
--     return format(' and %s %s %L::%s', p_col, v_cmp, p_after ->> 'v', p_type);
--   end if;
--   return format(' and (%s, %s) %s (%L::%s, %L::%s)', p_col, p_id_col, v_cmp, p_after ->> 'v', p_type,
--     p_after ->> 'id', p_id_type);
-- end;
-- $$;
-- 
-- create or replace function public.payment_refunds_guard()
-- returns trigger
-- language plpgsql
-- security definer
-- set search_path = ''
-- as $$
-- declare
--   v_payment public.payments;
--   v_reserved numeric;
--   v_api boolean := coalesce(auth.role(), '') in ('authenticated', 'anon');
--   v_column text;
-- begin
--   if tg_op = 'DELETE' or tg_op = 'TRUNCATE' then
--     raise exception 'the refund ledger is append-only: % is not allowed', lower(tg_op)
--       using errcode = 'P0001',
--             hint = 'A pending refund is failed or cancelled, one awaiting approval is rejected; none is removed.';
--   end if;
-- 
--   if tg_op = 'INSERT' then
--     -- the payment row lock serialises every refund of one payment, whoever writes it.
--     select * into v_payment from public.payments p where p.id = new.payment_id for update;
--     if not found then
--       return new; -- the foreign key refuses the row with its own error.
--     end if;
--     if v_payment.status not in ('succeeded', 'partially_refunded') then
--       raise exception 'payment % is %: only succeeded or partially refunded payments can be refunded',
--         v_payment.id, v_payment.status
--         using errcode = 'P0001';
--     end if;
--     new.currency := coalesce(new.currency, v_payment.currency);
--     new.provider := coalesce(new.provider, v_payment.provider);
--     if new.currency <> v_payment.currency or new.provider <> v_payment.provider then
--       raise exception 'a refund is made in the payment''s currency (%) through its provider (%)',
--         v_payment.currency, v_payment.provider
--         using errcode = 'P0001';
--     end if;
--     if new.status not in ('pending_approval', 'pending', 'succeeded') then
--       raise exception 'a refund starts pending_approval, pending or succeeded (not %)', new.status
--         using errcode = 'P0001';
--     end if;
--     select coalesce(sum(r.amount), 0) into v_reserved
--       from public.payment_refunds r
--      where r.payment_id = new.payment_id and r.status in ('pending_approval', 'pending', 'succeeded');
--     if v_reserved + new.amount > v_payment.amount then
--       raise exception 'a refund of % % exceeds the refundable remainder of % % of payment %',
--         new.amount, new.currency, v_payment.amount - v_reserved, v_payment.currency, v_payment.id
--         using errcode = 'P0001',
--               detail = json_build_object('remainder', v_payment.amount - v_reserved, 'currency', v_payment.currency)::text;
--     end if;
--     if v_api then
--       -- written through the api: the caller is the requester, and the maker-checker rule decides the status.
--       new.requested_by := auth.uid();
--       new.approved_by := null;
--       new.approved_at := null;
--       new.completed_by := null;
--       new.failure_reason := null;
--       if new.status <> console_private.initial_refund_status(new.amount, new.provider) then
--         raise exception 'this refund must start %, not %',
--           console_private.initial_refund_status(new.amount, new.provider), new.status
--           using errcode = 'P0001',
--                 hint = 'Refunds above the approval threshold wait for a second approver; processor refunds wait for the processor.';
--       end if;
--     end if;
--     if new.status = 'succeeded' then
--       new.completed_at := coalesce(new.completed_at, now());
--       new.completed_by := coalesce(new.completed_by, new.requested_by);
--     end if;
--     return new;
--   end if;
-- 
--   -- UPDATE: the money and the request are permanent.
--   select c.col into v_column
--     from (values
--       ('id', new.id::text is distinct from old.id::text),
--       ('payment_id', new.payment_id is distinct from old.payment_id),
--       ('amount', new.amount is distinct from old.amount),
--       ('currency', new.currency is distinct from old.currency),
--       ('provider', new.provider is distinct from old.provider),
--       ('reason', new.reason is distinct from old.reason),
--       ('note', new.note is distinct from old.note),
--       ('idempotency_key', new.idempotency_key is distinct from old.idempotency_key),
--       ('requested_by', new.requested_by is distinct from old.requested_by),
--       ('created_at', new.created_at is distinct from old.created_at)
--     ) as c (col, changed)
--    where c.changed
--    limit 1;
--   if v_column is not null then
--     raise exception 'payment_refunds.% cannot be changed: the refund ledger is append-only', v_column
--       using errcode = 'P0001', hint = 'Record a new refund instead.';
--   end if;
-- 
--   if new.status is not distinct from old.status then
--     -- without a status move only a missing processor refund id may be filled in.
--     select c.col into v_column
--       from (values
--         ('provider_refund_id', new.provider_refund_id is distinct from old.provider_refund_id
--                                and old.provider_refund_id is not null),
--         ('approved_by', new.approved_by is distinct from old.approved_by),
--         ('approved_at', new.approved_at is distinct from old.approved_at),
--         ('completed_by', new.completed_by is distinct from old.completed_by),
--         ('completed_at', new.completed_at is distinct from old.completed_at),
--         ('failure_reason', new.failure_reason is distinct from old.failure_reason)
--       ) as c (col, changed)
--      where c.changed
--      limit 1;
--     if v_column is not null then
--       raise exception 'payment_refunds.% changes only with the refund''s status', v_column
--         using errcode = 'P0001';
--     end if;
--     return new;
--   end if;
-- 
--   if (old.status, new.status) not in (
--     ('pending_approval', 'pending'), ('pending_approval', 'succeeded'), ('pending_approval', 'rejected'),
--     ('pending', 'succeeded'), ('pending', 'failed'), ('pending', 'cancelled')
--   ) then
--     raise exception 'a refund cannot move from % to %', old.status, new.status
--       using errcode = 'P0001',
--             hint = 'pending_approval → pending, succeeded or rejected; pending → succeeded, failed or cancelled.';
--   end if;
-- 
--   if old.status = 'pending_approval' and new.status in ('pending', 'succeeded') then
--     if new.status <> (case when new.provider = 'manual' then 'succeeded' else 'pending' end) then
--       raise exception 'an approved % refund becomes %', new.provider,
--         case when new.provider = 'manual' then 'succeeded' else 'pending' end
--         using errcode = 'P0001';
--     end if;
--     if v_api then
--       new.approved_by := auth.uid();
--     end if;
--     new.approved_at := coalesce(new.approved_at, now());
--     if new.approved_by is not null and new.approved_by = old.requested_by then
--       raise exception 'a second person must approve this refund: its requester cannot approve it'
--         using errcode = 'P0001';
--     end if;
--   end if;
-- 
--   if old.status = 'pending' and new.status = 'succeeded' and new.provider_refund_id is null then
--     raise exception 'a % refund succeeds with the processor''s refund id (provider_refund_id)', new.provider
--       using errcode = 'P0001';
--   end if;
-- 
--   if new.status in ('succeeded', 'failed', 'cancelled', 'rejected') then
--     new.completed_at := coalesce(new.completed_at, now());
--     if v_api then
--       new.completed_by := auth.uid();
--     end if;
--   end if;
--   return new;
-- end;
-- $$;
-- comment on function public.payment_refunds_guard() is
--   'Trigger function (payment_refunds): refuses delete and truncate; on insert locks the payment, requires it '
--   'succeeded or partially_refunded, keeps reserved refunds (pending_approval, pending, succeeded) within its amount, '
--   'and for api callers sets the requester and enforces the maker-checker start status; on update refuses changes '
--   'to the money and the request and any status move but pending_approval → pending|succeeded|rejected and '
--   'pending → succeeded|failed|cancelled, and a requester approving their own refund.';
-- drop trigger if exists talent_testimonials_review_state on public.talent_testimonials;
-- drop function if exists console_private.talent_testimonials_review_state();
-- drop index if exists public.idx_talent_testimonials_queue;
-- drop index if exists public.idx_talent_testimonials_reviewed_by;
-- alter table public.talent_testimonials drop column if exists rejection_reason, drop column if exists reviewed_by,
--   drop column if exists reviewed_at;
-- drop function if exists public.verify_certificate(text);
-- -- made by postgres, as the migration did, so that its default privileges apply.
-- set role postgres;
-- -- security definer: anyone may verify a certificate without being able to read the certificates table.
-- create function public.verify_certificate(p_certificate_number text)
-- returns table (
--   certificate_number text,
--   certificate_type text,
--   title text,
--   recipient_name text,
--   issue_date date,
--   expiry_date date,
--   is_verified boolean,
--   is_expired boolean
-- )
-- language sql
-- stable
-- security definer
-- set search_path = ''
-- as $$
--   select c.certificate_number,
--          c.certificate_type,
--          c.title,
--          u.full_name,
--          c.issue_date,
--          c.expiry_date,
--          c.is_verified,
--          coalesce(c.expiry_date < current_date, false)
--     from public.certificates c
--     join public.users u on u.id = c.user_id
--    where c.certificate_number = upper(btrim(p_certificate_number));
-- $$;
-- 
-- comment on function public.verify_certificate(text) is
--   'Public verification: the certificate''s number, type, title, recipient name, issue and expiry date, whether it '
--   'is verified and whether it has expired; no row when the number is unknown.';
-- 
-- revoke execute on function public.verify_certificate(text) from public, anon, authenticated;
-- grant execute on function public.verify_certificate(text) to anon, authenticated;
-- reset role;
-- drop trigger if exists certificates_revocation_guard on public.certificates;
-- drop function if exists console_private.certificates_revocation_guard();
-- drop index if exists public.idx_certificates_number_prefix;
-- drop index if exists public.idx_certificates_user_issue_date_id;
-- drop index if exists public.idx_certificates_workshop_issue_date_id;
-- drop index if exists public.idx_certificates_issue_date_id;
-- drop index if exists public.idx_certificates_revoked_by;
-- alter table public.certificates drop constraint if exists certificates_revocation_check,
--   drop column if exists revocation_reason, drop column if exists revoked_by, drop column if exists revoked_at;
-- drop function if exists console_private.required_reason(text);
-- drop function if exists console_private.already(text, uuid, timestamptz);
-- delete from console_private.step_up_actions where function_name in ('set_workshop_status', 'set_organization_tier');
-- create or replace function console_private.role_capabilities(p_role text)
-- returns text[]
-- language sql
-- immutable
-- set search_path = ''
-- as $$
--   select case p_role
--     when 'admin' then array[
--       'audit.read_all', 'audit.read_own', 'payments.read', 'payments.refund', 'reconciliation.run',
--       'refunds.approve', 'reviews.moderate', 'reviews.read', 'reviews.respond', 'settings.manage',
--       'trends.read', 'users.manage']
--     when 'moderator' then array['audit.read_own', 'reviews.moderate', 'reviews.read', 'reviews.respond']
--     when 'finance' then array['audit.read_own', 'payments.read', 'payments.refund', 'reconciliation.run', 'refunds.approve']
--     when 'leadership' then array['audit.read_own', 'trends.read']
--     else '{}'::text[]
--   end;
-- $$;
-- create or replace function console_private.my_staff_roles()
-- returns text[]
-- language plpgsql
-- stable
-- security definer
-- set search_path = ''
-- as $$
-- declare
--   v_roles text[];
-- begin
--   select coalesce(array_agg(distinct ur.role order by ur.role), '{}')
--     into v_roles
--     from public.user_roles ur
--     join public.users u on u.id = ur.user_id
--    where ur.user_id = auth.uid()
--      and u.status = 'active'
--      and ur.organization_id is null
--      and ur.role in ('admin', 'moderator', 'finance', 'leadership')
--      and (ur.expires_at is null or ur.expires_at > now());
--   return v_roles;
-- end;
-- $$;
-- create or replace function console_private.users_where(p_search text, p_role text, p_status text)
-- returns text
-- language plpgsql
-- stable
-- set search_path = ''
-- as $$
-- declare
--   v_where text := 'true';
--   v_search text := console_private.check_text('search', p_search, 200);
--   v_ids uuid[];
-- begin
--   if p_status is not null and p_status not in ('active', 'inactive', 'suspended') then
--     perform console_private.invalid('status', 'must be active, inactive or suspended');
--   end if;
--   if p_role is not null and p_role not in ('admin', 'instructor', 'expert', 'client', 'user', 'moderator', 'finance', 'leadership') then
--     perform console_private.invalid('role', format('unknown role "%s"', p_role));
--   end if;
--   if v_search is not null then
--     v_ids := console_private.user_search_ids(v_search);
--   end if;
--   if v_ids is not null then
--     v_where := v_where || format(' and u.id = any (%L::uuid[])', v_ids);
--   elsif v_search is not null then
--     v_where := v_where || format(
--       ' and (u.email like %L or u.full_name ilike %L)',
--       console_private.like_prefix(lower(v_search)),
--       '%' || console_private.like_prefix(v_search));
--   end if;
--   if p_status is not null then
--     v_where := v_where || format(' and u.status = %L', p_status);
--   end if;
--   if p_role is not null then
--     v_where := v_where || format(
--       ' and exists (select 1 from public.user_roles r where r.user_id = u.id and r.role = %L'
--       ' and (r.expires_at is null or r.expires_at > now()))', p_role);
--   end if;
--   return v_where;
-- end;
-- $$;
-- create or replace function console.grant_role(
--   p_user_id uuid,
--   p_role text,
--   p_organization_id uuid default null,
--   p_expires_at timestamptz default null,
--   p_reason text default null
-- )
-- returns table (id uuid, user_id uuid, role text, organization_id uuid, expires_at timestamptz)
-- language plpgsql
-- set search_path = ''
-- as $$
-- declare
--   v_row public.user_roles;
--   v_before public.user_roles;
-- begin
--   perform console_private.require('users.manage');
--   if p_user_id is null then perform console_private.invalid('user_id', 'is required'); end if;
--   if p_role is null or p_role not in ('admin', 'instructor', 'expert', 'client', 'user', 'moderator', 'finance', 'leadership') then
--     perform console_private.invalid('role', format('unknown role "%s"', coalesce(p_role, '')));
--   end if;
--   if p_expires_at is not null and p_expires_at <= now() then
--     perform console_private.invalid('expires_at', 'must be in the future');
--   end if;
--   if p_role in ('moderator', 'finance', 'leadership') and p_organization_id is not null then
--     perform console_private.invalid('organization_id', format('%s is a platform-wide staff role and takes no organization', p_role));
--   end if;
--   if not exists (select 1 from public.users u where u.id = p_user_id) then
--     raise exception 'user % not found', p_user_id
--       using errcode = 'P0002', detail = json_build_object('entity', 'user', 'id', p_user_id)::text;
--   end if;
--   if p_organization_id is not null and not exists (select 1 from public.organizations o where o.id = p_organization_id) then
--     perform console_private.invalid('organization_id', 'no such organization');
--   end if;
-- 
--   select * into v_before from public.user_roles ur
--    where ur.user_id = p_user_id and ur.role = p_role and ur.organization_id is not distinct from p_organization_id
--    for update;
--   if found then
--     -- granting again renews the existing assignment (new expiry), keeping one row per role and organization.
--     update public.user_roles ur set expires_at = p_expires_at, granted_by = auth.uid()
--      where ur.id = v_before.id returning * into v_row;
--   else
--     insert into public.user_roles (user_id, role, organization_id, expires_at, granted_by)
--     values (p_user_id, p_role, p_organization_id, p_expires_at, auth.uid())
--     returning * into v_row;
--   end if;
-- 
--   perform console_private.audit('role.grant', 'user', p_user_id::text,
--     case when v_before.id is null then null else to_jsonb(v_before) end, to_jsonb(v_row),
--     console_private.check_text('reason', p_reason, 2000));
--   return query select v_row.id, v_row.user_id, v_row.role, v_row.organization_id, v_row.expires_at;
-- end;
-- $$;
-- alter function console.grant_role(uuid, text, uuid, timestamptz, text) security definer;
-- delete from public.user_roles where role = 'support';
-- alter table public.user_roles drop constraint user_roles_staff_roles_platform_wide;
-- alter table public.user_roles add constraint user_roles_staff_roles_platform_wide
--   check (role not in ('moderator', 'finance', 'leadership') or organization_id is null);
-- comment on constraint user_roles_staff_roles_platform_wide on public.user_roles is
--   'Console staff roles (moderator, finance, leadership) are platform-wide: they carry no organization.';
-- alter table public.user_roles drop constraint user_roles_role_check;
-- alter table public.user_roles add constraint user_roles_role_check
--   check (role in ('admin', 'instructor', 'expert', 'client', 'user', 'moderator', 'finance', 'leadership'));
-- drop function if exists console_private.console_roles();
-- drop function if exists console_private.known_roles();
