-- 016_console_search_and_views.sql
--
-- what: search everywhere and shared saved views. console.search_everything finds payments, people,
-- organizations, workshops and certificates from whatever staff paste (stray spaces, an invoice or dashboard url, a
-- processor id with its prefix, a CERT-… number), each kind only for a caller whose capabilities show it. saved views
-- keep a table screen's filters, sort and visible columns under a name, private or shared with a staff role, with a
-- default per person; they live in console tables reached only through the functions below.
-- why: staff of every role look things up across tables all day, and teams want the same views (issue 18).
-- two capabilities every staff role has, search.everything and views.save, keep the rule that a console function's
-- first statement checks a capability: someone with no staff role is refused both.
-- applied by the supabase cli as one implicit transaction: no explicit transaction control, no locks by statement,
-- nothing that needs a superuser.

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
      'reviews.respond', 'search.everything', 'settings.manage', 'talent.read', 'testimonials.verify', 'trends.read',
      'users.manage', 'views.save', 'workshops.manage', 'workshops.read']
    when 'moderator' then array['audit.read_own', 'reviews.moderate', 'reviews.read', 'reviews.respond',
      'search.everything', 'talent.read', 'testimonials.verify', 'views.save']
    when 'finance' then array['audit.read_own', 'organizations.read', 'payments.read', 'payments.refund',
      'reconciliation.run', 'refunds.approve', 'search.everything', 'views.save', 'workshops.read']
    when 'leadership' then array['audit.read_own', 'search.everything', 'trends.read', 'views.save']
    when 'support' then array['audit.read_own', 'certificates.read', 'certificates.revoke', 'engagements.manage',
      'engagements.read', 'organizations.manage', 'organizations.read', 'search.everything', 'talent.read',
      'testimonials.verify', 'views.save', 'workshops.manage', 'workshops.read']
    else '{}'::text[]
  end;
$$;

-- ====== search everywhere ======

-- what staff paste, made searchable: control characters gone, any run of white space (no-break and other unicode
-- spaces too) one space, trimmed. "\u00a0HG-2025-00012\t" → "HG-2025-00012".
create function console_private.search_text(p_text text)
returns text
language sql
immutable
set search_path = ''
as $$
  select nullif(btrim(regexp_replace(regexp_replace(p_text, '[[:cntrl:]]', ' ', 'g'),
                                     '[\s\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]+', ' ', 'g')),
                '');
$$;

-- the identifier at the end of a pasted url: "https://billing.humanglue.dev/invoices/HG-2025-00012.pdf?dl=1" →
-- "HG-2025-00012", "https://dashboard.stripe.com/payments/pi_3N…" → "pi_3N…"; null for text that is not a url.
create function console_private.url_tail(p_text text)
returns text
language sql
immutable
set search_path = ''
as $$
  select nullif(regexp_replace(
           substring(p_text from '(?i)^[a-z][a-z0-9+.-]*://[^/?#\s]*(?:/[^?#\s]*)?/([^/?#\s]+)/?(?:[?#].*)?$'),
           '\.(?:pdf|html?|json|png)$', '', 'i'), '');
$$;

revoke execute on function console_private.search_text(text), console_private.url_tail(text)
  from public, anon, authenticated;

create function console.search_everything(p_query text, p_limit integer default 5)
returns table (kind text, id uuid, title text, subtitle text, status text, matched text, exact boolean)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_query text;
  v_token text;
  v_number text;
  v_domain text;
  v_n integer;
  v_can text[];
begin
  perform console_private.require('search.everything');
  -- read once: each has_capability would read the caller's roles again.
  v_can := console_private.my_capabilities();
  v_query := console_private.search_text(console_private.check_text('query', p_query, 300));
  if p_limit is null or p_limit < 1 or p_limit > 20 then
    perform console_private.invalid('limit', 'must be between 1 and 20');
  end if;
  if v_query is null then
    return;
  end if;
  -- one row more than asked says "there are more" without counting them.
  v_n := p_limit + 1;
  -- an identifier is one word: a url gives its last path segment; a pasted "#HG-2025-00012" loses its '#'.
  v_token := coalesce(console_private.url_tail(v_query), ltrim(v_query, '#'));

  -- each kind is its own statement with its values as literals: a like pattern sent as a parameter of a cached plan
  -- could not use the prefix indexes. every branch is a few index probes, each limited to v_n rows.
  if 'payments.read' = any (v_can) and v_token !~ '\s' then
    return query execute format(
      'select ''payment'', p.id, coalesce(p.invoice_number, p.transaction_id, p.id::text),
              concat_ws('' · '', u.email, p.amount::text || '' '' || p.currency, p.transaction_id), p.status,
              m.matched, m.rank = 1
         from (select distinct on (x.id) x.id, x.rank, x.matched
                 from ((select p.id, 1 as rank, ''invoice_number'' as matched from public.payments p
                         where p.invoice_number = %1$L limit %5$s)
                       union all
                       (select p.id, 1, ''transaction_id'' from public.payments p
                         where p.transaction_id = any (array[%2$L, %1$L]) limit %5$s)
                       union all
                       (select p.id, 2, ''invoice_number'' from public.payments p
                         where p.invoice_number like %3$L limit %5$s)
                       union all
                       (select p.id, 2, ''transaction_id'' from public.payments p
                         where p.transaction_id like %4$L limit %5$s)
                       union all
                       (select p.id, case when u.email = lower(%2$L) then 1 else 3 end, ''payer_email''
                          from public.users u
                          join lateral (select p.id from public.payments p where p.user_id = u.id
                                         order by p.created_at desc limit %5$s) p on true
                         where u.email like %6$L
                         limit %5$s)) x
                order by x.id, x.rank) m
         join public.payments p on p.id = m.id
         left join public.users u on u.id = p.user_id
        order by m.rank, p.created_at desc, p.id
        limit %5$s',
      upper(v_token), v_token, console_private.like_prefix(upper(v_token)), console_private.like_prefix(v_token),
      v_n, console_private.like_prefix(lower(v_token)));
  end if;

  if 'users.manage' = any (v_can) then
    return query execute format(
      'select ''person'', u.id, coalesce(u.full_name, u.email), u.email, u.status, m.matched,
              m.matched = ''email'' and u.email = %1$L or m.matched = ''name'' and lower(u.full_name) = lower(%3$L)
         from (select distinct on (x.id) x.id, x.rank, x.matched
                 from ((select u.id, 1 as rank, ''email'' as matched from public.users u where u.email = %1$L)
                       union all
                       (select u.id, 2, ''email'' from public.users u where u.email like %2$L limit %5$s)
                       union all
                       (select u.id, 3, ''name'' from public.users u
                         where %6$s and u.full_name ilike %4$L limit %5$s)) x
                order by x.id, x.rank) m
         join public.users u on u.id = m.id
        order by m.rank, u.full_name, u.id
        limit %5$s',
      lower(v_query), console_private.like_prefix(lower(v_query)), v_query,
      '%' || console_private.like_prefix(v_query), v_n,
      -- a name is searched inside (trigram index) from three characters; fewer match too much to be useful.
      case when char_length(v_query) >= 3 then 'true' else 'false' end);
  end if;

  if 'organizations.read' = any (v_can) or 'trends.read' = any (v_can) then
    v_domain := console_private.domain_of(v_query);
    return query execute format(
      'select ''organization'', o.id, o.name, coalesce(console_private.domain_of(o.website), o.slug),
              o.subscription_tier, m.matched, m.exact
         from (select o.id,
                      case when lower(o.name) = lower(%1$L) or o.slug = lower(%1$L) then 1
                           when console_private.domain_of(o.website) = %3$L then 1
                           else 2 end as rank,
                      case when o.slug = lower(%1$L) then ''slug''
                           when console_private.domain_of(o.website) = %3$L then ''domain''
                           else ''name'' end as matched,
                      lower(o.name) = lower(%1$L) or o.slug = lower(%1$L)
                        or console_private.domain_of(o.website) = %3$L as exact
                 from public.organizations o
                -- the website contains the domain before its host is parsed: domain_of has a search_path, so it is
                -- never inlined, and calling it for every organization cost 15-25 ms of a 500-organization search.
                where o.name ilike %2$L or o.slug = lower(%1$L)
                   or (o.website ilike %5$L and console_private.domain_of(o.website) = %3$L)) m
         join public.organizations o on o.id = m.id
        order by m.rank, o.name, o.id
        limit %4$s',
      v_query, '%' || console_private.like_prefix(v_query), v_domain, v_n, '%' || console_private.like_prefix(v_domain));
  end if;

  if 'workshops.read' = any (v_can) then
    return query execute format(
      'select ''workshop'', w.id, w.title, coalesce(w.schedule_date::text, ''unscheduled''), w.status, ''title'',
              lower(w.title) = lower(%1$L)
         from public.workshops w
        where w.title ilike %2$L
        order by lower(w.title) = lower(%1$L) desc, w.schedule_date desc nulls last, w.id
        limit %3$s',
      v_query, '%' || console_private.like_prefix(v_query), v_n);
  end if;

  v_number := console_private.certificate_number_of(v_query);
  if 'certificates.read' = any (v_can) and v_number is not null then
    return query execute format(
      'select ''certificate'', c.id, c.certificate_number, concat_ws('' · '', coalesce(u.full_name, u.email), c.title),
              case when c.revoked_at is not null then ''revoked''
                   when c.expiry_date < current_date then ''expired'' else ''valid'' end,
              ''certificate_number'', c.certificate_number = %1$L
         from (select distinct on (x.id) x.id, x.rank
                 from ((select c.id, 1 as rank from public.certificates c where c.certificate_number = %1$L)
                       union all
                       (select c.id, 2 from public.certificates c where c.certificate_number like %2$L
                         order by c.certificate_number limit %3$s)) x
                order by x.id, x.rank) m
         join public.certificates c on c.id = m.id
         join public.users u on u.id = c.user_id
        order by m.rank, c.certificate_number
        limit %3$s',
      v_number, console_private.like_prefix(v_number), v_n);
  end if;
end;
$$;

comment on function console.search_everything(text, integer) is
  'Payments (invoice number, transaction id, payer email), people (email, name), organizations (name, slug, '
  'domain), workshops (title) and certificates (CERT-… number) matching what staff paste, best match first, up to '
  'p_limit + 1 per kind (the extra row says there are more); each kind only for a caller who may see it '
  '(payments.read, users.manage, organizations.read or trends.read, workshops.read, certificates.read).';

-- ====== saved views ======

-- the screens that save views and the capability that opens each: a view is listed, saved and shared only where its
-- screen can be opened, by its owner and by the role it is shared with.
create function console_private.view_screen_capability(p_screen text)
returns text
language sql
immutable
set search_path = ''
as $$
  select case p_screen
    when 'moderation' then 'reviews.read'
    when 'payments' then 'payments.read'
    when 'reconciliation' then 'reconciliation.run'
    when 'users' then 'users.manage'
    when 'audit' then 'audit.read_own'
    when 'organisations' then 'organizations.read'
    when 'workshops' then 'workshops.read'
    when 'engagements' then 'engagements.read'
    when 'talent.testimonials' then 'testimonials.verify'
    when 'talent.experts' then 'talent.read'
    when 'certificates' then 'certificates.read'
    when 'assessments' then 'assessments.read'
  end;
$$;

revoke execute on function console_private.view_screen_capability(text) from public, anon, authenticated;

create table console.saved_views (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null references public.users (id) on delete cascade,
  screen text not null check (console_private.view_screen_capability(screen) is not null),
  name text not null check (char_length(name) between 1 and 80 and name = btrim(name) and name !~ '[[:cntrl:]]'),
  -- the staff roles, admin || console_roles(), spelled out: a check constraint is not re-evaluated when a function changes.
  shared_with_role text check (shared_with_role in ('admin', 'moderator', 'finance', 'leadership', 'support')),
  state jsonb not null check (jsonb_typeof(state) = 'object' and octet_length(state::text) <= 8000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  updated_by uuid references public.users (id) on delete set null
);

comment on table console.saved_views is
  'A named state of one console table screen (state: {filters, sort, visibility}, as the screen wrote it): private '
  'to its owner, or shared with everyone holding a staff role. Written only through the console functions.';

create unique index idx_saved_views_owner_screen_name on console.saved_views (owner_id, screen, lower(name));
create index idx_saved_views_screen_role on console.saved_views (screen, shared_with_role)
  where shared_with_role is not null;
create index idx_saved_views_updated_by on console.saved_views (updated_by);

create trigger saved_views_set_updated_at
  before update on console.saved_views
  for each row execute function public.set_updated_at();

create table console.saved_view_defaults (
  user_id uuid not null references public.users (id) on delete cascade,
  screen text not null,
  view_id uuid not null references console.saved_views (id) on delete cascade,
  primary key (user_id, screen)
);

comment on table console.saved_view_defaults is
  'The view each person opens a screen with when they have no state of their own on this computer.';

create index idx_saved_view_defaults_view_id on console.saved_view_defaults (view_id);

alter table console.saved_views enable row level security;
alter table console.saved_view_defaults enable row level security;
revoke all on console.saved_views, console.saved_view_defaults from anon, authenticated;
grant all on console.saved_views, console.saved_view_defaults to service_role;

-- the caller may open the view's screen: 42501 naming what is missing otherwise.
create function console_private.require_screen(p_screen text)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  v_capability text := console_private.view_screen_capability(p_screen);
begin
  if v_capability is null then
    perform console_private.invalid('screen', format('unknown screen "%s"', left(coalesce(p_screen, ''), 40)));
  end if;
  perform console_private.require(v_capability);
  return p_screen;
end;
$$;

-- the views the caller sees on a screen: their own, those shared with a role they hold now, and (admins) every
-- shared one, so that an admin can tidy them.
create function console_private.visible_views(p_screen text)
returns setof console.saved_views
language sql
stable
set search_path = ''
as $$
  select v.* from console.saved_views v
   where v.screen = p_screen
     and (v.owner_id = auth.uid()
          or v.shared_with_role = any (console_private.my_staff_roles())
          or (v.shared_with_role is not null and 'admin' = any (console_private.my_staff_roles())));
$$;

create function console_private.view_name(p_name text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_name text := console_private.check_text('name', p_name, 200);
begin
  if v_name is null then
    perform console_private.invalid('name', 'is required');
  end if;
  if char_length(v_name) > 80 then
    perform console_private.invalid('name', format('must be at most 80 characters (got %s)', char_length(v_name)));
  end if;
  if v_name ~ '[[:cntrl:]]' then
    perform console_private.invalid('name', 'must not contain control characters (tabs, line breaks)');
  end if;
  return v_name;
end;
$$;

create function console_private.view_state(p_state jsonb)
returns jsonb
language plpgsql
immutable
set search_path = ''
as $$
begin
  if p_state is null or jsonb_typeof(p_state) <> 'object' then
    perform console_private.invalid('state', 'must be an object with filters, sort and visibility');
  end if;
  if exists (select 1 from jsonb_object_keys(p_state) k where k not in ('filters', 'sort', 'visibility')) then
    perform console_private.invalid('state', 'may hold only filters, sort and visibility');
  end if;
  if jsonb_typeof(coalesce(p_state -> 'filters', '{}')) <> 'object'
     or jsonb_typeof(coalesce(p_state -> 'visibility', '{}')) <> 'object'
     or jsonb_typeof(coalesce(p_state -> 'sort', 'null')) not in ('object', 'null') then
    perform console_private.invalid('state', 'filters and visibility must be objects, sort an object or null');
  end if;
  if octet_length(p_state::text) > 8000 then
    perform console_private.invalid('state', format('must be at most 8000 bytes (got %s)', octet_length(p_state::text)));
  end if;
  return p_state;
end;
$$;

-- who a view may be shared with: a staff role the caller holds (admins: any) whose people can open the screen.
create function console_private.shareable_roles(p_screen text)
returns text[]
language sql
stable
set search_path = ''
as $$
  select coalesce(array_agg(r.role order by r.n), '{}')
    from unnest(array['admin'] || console_private.console_roles()) with ordinality as r (role, n)
   where (r.role = any (console_private.my_staff_roles()) or 'admin' = any (console_private.my_staff_roles()))
     and console_private.view_screen_capability(p_screen) = any (console_private.role_capabilities(r.role));
$$;

-- the role a view is shared with, or null (private); refused at the field, saying which rule it breaks.
create function console_private.view_role(p_screen text, p_role text)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  v_role text := nullif(btrim(p_role), '');
begin
  if v_role is null then
    return null;
  end if;
  if not v_role = any (array['admin'] || console_private.console_roles()) then
    perform console_private.invalid('shared_with_role', format('unknown staff role "%s"', left(v_role, 40)));
  end if;
  if not (v_role = any (console_private.my_staff_roles()) or 'admin' = any (console_private.my_staff_roles())) then
    perform console_private.invalid('shared_with_role', format('you can share only with a role you hold (not %s)', v_role));
  end if;
  if not v_role = any (console_private.shareable_roles(p_screen)) then
    perform console_private.invalid('shared_with_role', format('%s cannot open this screen', v_role));
  end if;
  return v_role;
end;
$$;

create function console_private.view_json(p_view console.saved_views)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object('name', p_view.name, 'screen', p_view.screen, 'shared_with_role', p_view.shared_with_role,
                            'state', p_view.state);
$$;

-- a name is unique per owner and screen, whatever its case; raised at the name field, not as a 23505.
create function console_private.check_view_name_free(p_owner uuid, p_screen text, p_name text, p_except uuid)
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if exists (select 1 from console.saved_views v
              where v.owner_id = p_owner and v.screen = p_screen and lower(v.name) = lower(p_name)
                and v.id is distinct from p_except) then
    perform console_private.invalid('name', format('you already have a view called "%s" on this screen', p_name));
  end if;
end;
$$;

-- the view, locked, that the caller may change (its owner or an admin); P0002 for one they cannot see.
create function console_private.lock_view(p_view_id text)
returns console.saved_views
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_view console.saved_views;
  v_id uuid := console_private.to_uuid('view_id', p_view_id);
begin
  select * into v_view from console.saved_views v where v.id = v_id for update;
  if not found or not exists (select 1 from console_private.visible_views(v_view.screen) x where x.id = v_id) then
    raise exception 'saved view % not found', v_id
      using errcode = 'P0002', detail = json_build_object('entity', 'saved_view', 'id', v_id)::text;
  end if;
  perform console_private.require_screen(v_view.screen);
  if v_view.owner_id is distinct from auth.uid() and not 'admin' = any (console_private.my_staff_roles()) then
    raise exception 'permission denied: only the view''s owner or an admin may change "%"', v_view.name
      using errcode = '42501', hint = 'Save it as a view of your own instead.';
  end if;
  return v_view;
end;
$$;

revoke execute on function
  console_private.require_screen(text),
  console_private.visible_views(text),
  console_private.view_name(text),
  console_private.view_state(jsonb),
  console_private.shareable_roles(text),
  console_private.view_role(text, text),
  console_private.view_json(console.saved_views),
  console_private.check_view_name_free(uuid, text, text, uuid),
  console_private.lock_view(text)
  from public, anon, authenticated;

create function console.list_saved_views(p_screen text)
returns table (
  id uuid, screen text, name text, state jsonb, shared_with_role text, owner_id uuid, owner_name text,
  is_mine boolean, is_default boolean, can_change boolean, updated_at timestamptz
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform console_private.require('views.save');
  perform console_private.require_screen(p_screen);
  return query
    select v.id, v.screen, v.name, v.state, v.shared_with_role, v.owner_id, coalesce(u.full_name, u.email),
           v.owner_id = auth.uid(), d.view_id is not null,
           v.owner_id = auth.uid() or 'admin' = any (console_private.my_staff_roles()), v.updated_at
      from console_private.visible_views(p_screen) v
      left join public.users u on u.id = v.owner_id
      left join console.saved_view_defaults d on d.user_id = auth.uid() and d.screen = p_screen and d.view_id = v.id
     order by d.view_id is null, v.owner_id is distinct from auth.uid(), lower(v.name), v.id;
end;
$$;

comment on function console.list_saved_views(text) is
  'The saved views of one screen the caller sees (own, shared with a role they hold, every shared one for admins), '
  'their default first, then their own, then shared ones, by name (views.save and the screen''s capability).';

-- an array, not a one-column table: PostgREST answers a one-column table as bare values, which the type generator
-- describes as objects.
create function console.view_share_roles(p_screen text)
returns text[]
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform console_private.require('views.save');
  perform console_private.require_screen(p_screen);
  return console_private.shareable_roles(p_screen);
end;
$$;

comment on function console.view_share_roles(text) is
  'The staff roles the caller may share a view of this screen with: roles they hold (admins: any) whose people can '
  'open it (views.save and the screen''s capability).';

create function console.create_saved_view(
  p_screen text,
  p_name text,
  p_state jsonb,
  p_shared_with_role text default null
)
returns table (id uuid, updated_at timestamptz)
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_view console.saved_views;
  v_name text;
begin
  perform console_private.require('views.save');
  perform console_private.require_screen(p_screen);
  v_name := console_private.view_name(p_name);
  perform console_private.check_view_name_free(auth.uid(), p_screen, v_name, null);
  if (select count(*) from console.saved_views v where v.owner_id = auth.uid() and v.screen = p_screen) >= 50 then
    perform console_private.invalid('name', 'you have 50 views on this screen already: delete one first');
  end if;
  insert into console.saved_views (owner_id, screen, name, shared_with_role, state, updated_by)
  values (auth.uid(), p_screen, v_name, console_private.view_role(p_screen, p_shared_with_role),
          console_private.view_state(p_state), auth.uid())
  returning * into v_view;
  perform console_private.audit('saved_view.create', 'saved_view', v_view.id::text, null,
    console_private.view_json(v_view));
  return query select v_view.id, v_view.updated_at;
end;
$$;

comment on function console.create_saved_view(text, text, jsonb, text) is
  'Saves a screen''s state under a name, private or shared with a staff role the caller holds (views.save and the '
  'screen''s capability). Audited (saved_view.create).';

create function console.update_saved_view(
  p_view_id text,
  p_name text,
  p_state jsonb,
  p_shared_with_role text,
  p_expected_updated_at timestamptz default null
)
returns table (id uuid, updated_at timestamptz)
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_before console.saved_views;
  v_view console.saved_views;
  v_name text;
begin
  perform console_private.require('views.save');
  v_before := console_private.lock_view(p_view_id);
  if p_expected_updated_at is not null and v_before.updated_at <> p_expected_updated_at then
    perform console_private.already(format('view "%s" was changed since you opened it', v_before.name),
      v_before.updated_by, v_before.updated_at);
  end if;
  v_name := console_private.view_name(p_name);
  perform console_private.check_view_name_free(v_before.owner_id, v_before.screen, v_name, v_before.id);
  update console.saved_views v
     set name = v_name,
         state = case when p_state is null then v.state else console_private.view_state(p_state) end,
         shared_with_role = console_private.view_role(v.screen, p_shared_with_role),
         updated_by = auth.uid()
   where v.id = v_before.id
  returning * into v_view;
  perform console_private.audit('saved_view.update', 'saved_view', v_view.id::text,
    console_private.view_json(v_before), console_private.view_json(v_view));
  return query select v_view.id, v_view.updated_at;
end;
$$;

comment on function console.update_saved_view(text, text, jsonb, text, timestamptz) is
  'Renames, re-shares and (p_state not null) overwrites a saved view: its owner or an admin; a view changed since '
  'p_expected_updated_at is a PT409 naming who changed it. Audited (saved_view.update).';

create function console.delete_saved_view(p_view_id text)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_view console.saved_views;
begin
  perform console_private.require('views.save');
  v_view := console_private.lock_view(p_view_id);
  delete from console.saved_views v where v.id = v_view.id;
  perform console_private.audit('saved_view.delete', 'saved_view', v_view.id::text,
    console_private.view_json(v_view), null);
end;
$$;

comment on function console.delete_saved_view(text) is
  'Deletes a saved view (its owner or an admin); it stops being anyone''s default. Audited (saved_view.delete).';

create function console.set_default_view(p_screen text, p_view_id text default null)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_id uuid;
  v_before uuid;
begin
  perform console_private.require('views.save');
  perform console_private.require_screen(p_screen);
  select d.view_id into v_before from console.saved_view_defaults d where d.user_id = auth.uid() and d.screen = p_screen;
  if p_view_id is null then
    delete from console.saved_view_defaults d where d.user_id = auth.uid() and d.screen = p_screen;
  else
    v_id := console_private.to_uuid('view_id', p_view_id);
    if not exists (select 1 from console_private.visible_views(p_screen) v where v.id = v_id) then
      raise exception 'saved view % not found on this screen', v_id
        using errcode = 'P0002', detail = json_build_object('entity', 'saved_view', 'id', v_id)::text;
    end if;
    insert into console.saved_view_defaults (user_id, screen, view_id) values (auth.uid(), p_screen, v_id)
    on conflict (user_id, screen) do update set view_id = excluded.view_id;
  end if;
  perform console_private.audit('saved_view.set_default', 'saved_view', coalesce(v_id, v_before)::text,
    jsonb_build_object('screen', p_screen, 'default', v_before), jsonb_build_object('screen', p_screen, 'default', v_id));
end;
$$;

comment on function console.set_default_view(text, text) is
  'Makes a view the caller sees their default for its screen, or (p_view_id null) clears it. Audited '
  '(saved_view.set_default).';

-- ====== who may call them ======

revoke execute on function
  console.search_everything(text, integer),
  console.list_saved_views(text),
  console.view_share_roles(text),
  console.create_saved_view(text, text, jsonb, text),
  console.update_saved_view(text, text, jsonb, text, timestamptz),
  console.delete_saved_view(text),
  console.set_default_view(text, text)
  from public, anon;
grant execute on function
  console.search_everything(text, integer),
  console.list_saved_views(text),
  console.view_share_roles(text),
  console.create_saved_view(text, text, jsonb, text),
  console.update_saved_view(text, text, jsonb, text, timestamptz),
  console.delete_saved_view(text),
  console.set_default_view(text, text)
  to authenticated, service_role;

-- ====== rollback ======
-- drop function if exists console.set_default_view(text, text);
-- drop function if exists console.delete_saved_view(text);
-- drop function if exists console.update_saved_view(text, text, jsonb, text, timestamptz);
-- drop function if exists console.create_saved_view(text, text, jsonb, text);
-- drop function if exists console.view_share_roles(text);
-- drop function if exists console.list_saved_views(text);
-- drop function if exists console_private.lock_view(text);
-- drop function if exists console_private.check_view_name_free(uuid, text, text, uuid);
-- drop function if exists console_private.view_json(console.saved_views);
-- drop function if exists console_private.view_role(text, text);
-- drop function if exists console_private.shareable_roles(text);
-- drop function if exists console_private.view_state(jsonb);
-- drop function if exists console_private.view_name(text);
-- drop function if exists console_private.visible_views(text);
-- drop function if exists console_private.require_screen(text);
-- drop table if exists console.saved_view_defaults;
-- drop table if exists console.saved_views;
-- drop function if exists console_private.view_screen_capability(text);
-- drop function if exists console.search_everything(text, integer);
-- drop function if exists console_private.url_tail(text);
-- drop function if exists console_private.search_text(text);
-- create or replace function console_private.role_capabilities(p_role text)
-- returns text[]
-- language sql
-- immutable
-- set search_path = ''
-- as $$
--   select case p_role
--     when 'admin' then array[
--       'assessments.read', 'audit.read_all', 'audit.read_own', 'certificates.read', 'certificates.revoke',
--       'engagements.manage', 'engagements.read', 'organizations.manage', 'organizations.read', 'payments.read',
--       'payments.refund', 'reconciliation.run', 'refunds.approve', 'reviews.moderate', 'reviews.read',
--       'reviews.respond', 'settings.manage', 'talent.read', 'testimonials.verify', 'trends.read', 'users.manage',
--       'workshops.manage', 'workshops.read']
--     when 'moderator' then array['audit.read_own', 'reviews.moderate', 'reviews.read', 'reviews.respond', 'talent.read',
--       'testimonials.verify']
--     when 'finance' then array['audit.read_own', 'organizations.read', 'payments.read', 'payments.refund',
--       'reconciliation.run', 'refunds.approve', 'workshops.read']
--     when 'leadership' then array['audit.read_own', 'trends.read']
--     when 'support' then array['audit.read_own', 'certificates.read', 'certificates.revoke', 'engagements.manage',
--       'engagements.read', 'organizations.manage', 'organizations.read', 'talent.read', 'testimonials.verify',
--       'workshops.manage', 'workshops.read']
--     else '{}'::text[]
--   end;
-- $$;
