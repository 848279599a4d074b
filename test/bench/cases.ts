// What the benchmark measures: each console function beside the query a user would otherwise write.
//
// Lists: the first page and a page ~90% deep, reached with the cursor of the row just before it (computed
// directly with the list's own order and cursor expression, then checked: the keyset page must hold exactly the rows
// that offset would return). Naive = the same filter and order on the base table, base columns only, `offset N
// limit 50` plus `select count(*)` — what `.select('*', { count: 'exact' }).range(…)` sends, in its best case (no
// embedded joins, run as the owner so no row-level security).
import { BENCH_STAFF, KINDS, LARGE_WORKSHOP, benchId } from './volume.js';
import type { Args } from '../support/console.js';

export type StaffRole = keyof typeof BENCH_STAFF;

export interface ListCase {
  name: string;
  role: StaffRole;
  fn: string;
  args: Args;
  /** `from` clause with the alias the other fragments use. */
  from: string;
  where: string;
  order: string;
  /** The list's cursor for a row, exactly as the function builds it. */
  cursor: string;
  /** The matching count function, if the list has one. */
  count?: { fn: string; args: Args };
  /** The row key the page check compares: SQL expression and the result column (default `<alias>.id` / `id`). */
  key?: { sql: string; column: string };
}

export interface TrendCase {
  name: string;
  /** One organisation by size, or this many spread over every size. */
  orgs: 'largest' | 'median' | number;
  months: number;
  platform: boolean;
}

export function listCases(available: Set<string>): ListCase[] {
  const cases: ListCase[] = [];
  const has = (fn: string) => available.has(fn);

  if (has('list_reviews')) {
    const queue = `r.status = any ('{pending,flagged}')`;
    cases.push({
      name: 'list_reviews (queue, oldest first)',
      role: 'moderator',
      fn: 'list_reviews',
      args: {},
      from: 'public.reviews r',
      where: queue,
      order: 'r.created_at, r.id',
      cursor: `jsonb_build_object('v', r.created_at, 'id', r.id)`,
      count: { fn: 'count_reviews', args: {} },
    });
    const search = `to_tsvector('english', coalesce(r.title, '') || ' ' || r.review_text) @@ websearch_to_tsquery('english', 'example.com')`;
    cases.push({
      name: 'list_reviews (queue, search "example.com")',
      role: 'moderator',
      fn: 'list_reviews',
      args: { search: 'example.com' },
      from: 'public.reviews r',
      where: `${queue} and ${search}`,
      order: 'r.created_at, r.id',
      cursor: `jsonb_build_object('v', r.created_at, 'id', r.id)`,
      count: { fn: 'count_reviews', args: { search: 'example.com' } },
    });
    cases.push({
      name: 'list_reviews (all statuses, newest first)',
      role: 'moderator',
      fn: 'list_reviews',
      args: { status: ['pending', 'approved', 'rejected', 'flagged'], desc: true },
      from: 'public.reviews r',
      where: `r.status = any ('{pending,approved,rejected,flagged}')`,
      order: 'r.created_at desc, r.id desc',
      cursor: `jsonb_build_object('v', r.created_at, 'id', r.id)`,
      count: { fn: 'count_reviews', args: { status: ['pending', 'approved', 'rejected', 'flagged'] } },
    });
  }
  if (has('list_payments')) {
    cases.push({
      name: 'list_payments (all, newest first)',
      role: 'finance',
      fn: 'list_payments',
      args: {},
      from: 'public.payments p',
      where: 'true',
      order: 'p.created_at desc, p.id desc',
      cursor: `jsonb_build_object('v', p.created_at, 'id', p.id)`,
      count: { fn: 'count_payments', args: {} },
    });
    cases.push({
      name: 'list_payments (refunded, newest first)',
      role: 'finance',
      fn: 'list_payments',
      args: { status: ['refunded', 'partially_refunded'] },
      from: 'public.payments p',
      where: `p.status = any ('{refunded,partially_refunded}')`,
      order: 'p.created_at desc, p.id desc',
      cursor: `jsonb_build_object('v', p.created_at, 'id', p.id)`,
      count: { fn: 'count_payments', args: { status: ['refunded', 'partially_refunded'] } },
    });
    cases.push({
      name: 'list_payments (stripe, EUR, newest first)',
      role: 'finance',
      fn: 'list_payments',
      args: { provider: ['stripe'], currency: ['EUR'] },
      from: 'public.payments p',
      where: `p.provider = any ('{stripe}') and p.currency = any ('{EUR}')`,
      order: 'p.created_at desc, p.id desc',
      cursor: `jsonb_build_object('v', p.created_at, 'id', p.id)`,
      count: { fn: 'count_payments', args: { provider: ['stripe'], currency: ['EUR'] } },
    });
    cases.push({
      name: 'list_payments (search payer "ava.okafor")',
      role: 'finance',
      fn: 'list_payments',
      args: { search: 'ava.okafor' },
      from: 'public.payments p',
      where: `(p.invoice_number like 'AVA.OKAFOR%' or p.transaction_id like 'ava.okafor%'
               or p.user_id in (select u.id from public.users u where u.email like 'ava.okafor%'))`,
      order: 'p.created_at desc, p.id desc',
      cursor: `jsonb_build_object('v', p.created_at, 'id', p.id)`,
      count: { fn: 'count_payments', args: { search: 'ava.okafor' } },
    });
  }
  if (has('list_refunds')) {
    cases.push({
      name: 'list_refunds (all, newest first)',
      role: 'finance',
      fn: 'list_refunds',
      args: {},
      from: 'public.payment_refunds r',
      where: 'true',
      order: 'r.created_at desc, r.id desc',
      cursor: `jsonb_build_object('v', r.created_at, 'id', r.id)`,
      count: { fn: 'count_refunds', args: {} },
    });
    cases.push({
      name: 'list_refunds (approval queue)',
      role: 'finance',
      fn: 'list_refunds',
      args: { status: ['pending_approval'] },
      from: 'public.payment_refunds r',
      where: `r.status = any ('{pending_approval}')`,
      order: 'r.created_at desc, r.id desc',
      cursor: `jsonb_build_object('v', r.created_at, 'id', r.id)`,
      count: { fn: 'count_refunds', args: { status: ['pending_approval'] } },
    });
  }
  if (has('list_users')) {
    cases.push({
      name: 'list_users (newest first)',
      role: 'admin',
      fn: 'list_users',
      args: {},
      from: 'public.users u',
      where: 'true',
      order: 'u.created_at desc, u.id desc',
      cursor: `jsonb_build_object('v', u.created_at, 'id', u.id)`,
      count: { fn: 'count_users', args: {} },
    });
    cases.push({
      name: 'list_users (search "okafor")',
      role: 'admin',
      fn: 'list_users',
      args: { search: 'okafor' },
      from: 'public.users u',
      where: `(u.email like 'okafor%' or u.full_name ilike '%okafor%')`,
      order: 'u.created_at desc, u.id desc',
      cursor: `jsonb_build_object('v', u.created_at, 'id', u.id)`,
      count: { fn: 'count_users', args: { search: 'okafor' } },
    });
  }
  if (has('list_audit')) {
    cases.push({
      name: 'list_audit (all, newest first)',
      role: 'admin',
      fn: 'list_audit',
      args: {},
      from: 'console.audit_log a',
      where: 'true',
      order: 'a.occurred_at desc, a.id desc',
      cursor: `jsonb_build_object('v', a.occurred_at, 'id', a.id)`,
      count: { fn: 'count_audit', args: {} },
    });
    cases.push({
      name: 'list_audit (one actor)',
      role: 'admin',
      fn: 'list_audit',
      args: { actor_id: BENCH_STAFF.finance },
      from: 'console.audit_log a',
      where: `a.actor_id = '${BENCH_STAFF.finance}'`,
      order: 'a.occurred_at desc, a.id desc',
      cursor: `jsonb_build_object('v', a.occurred_at, 'id', a.id)`,
      count: { fn: 'count_audit', args: { actor_id: BENCH_STAFF.finance } },
    });
  }
  // 015: the platform's tables. Staff in customer operations (support) use them; the testimonial queue is the
  // moderators', one organisation's assessments the administrators'.
  if (has('list_registrations')) {
    const order = 'r.registered_at desc, r.id desc';
    const cursor = `jsonb_build_object('v', r.registered_at, 'id', r.id)`;
    cases.push({
      name: 'list_registrations (all, newest first)',
      role: 'support',
      fn: 'list_registrations',
      args: {},
      from: 'public.workshop_registrations r',
      where: 'true',
      order,
      cursor,
    });
    const workshop = benchId(KINDS.workshop, LARGE_WORKSHOP);
    cases.push({
      name: 'list_registrations (one large workshop)',
      role: 'support',
      fn: 'list_registrations',
      args: { workshop_id: workshop },
      from: 'public.workshop_registrations r',
      where: `r.workshop_id = '${workshop}'`,
      order,
      cursor,
    });
  }
  if (has('list_certificates')) {
    const order = 'c.issue_date desc, c.id desc';
    const cursor = `jsonb_build_object('v', c.issue_date, 'id', c.id)`;
    cases.push({
      name: 'list_certificates (all, newest first)',
      role: 'support',
      fn: 'list_certificates',
      args: {},
      from: 'public.certificates c',
      where: 'true',
      order,
      cursor,
    });
    // last year's workshop certificates: a whole year inside the loaded three, whenever the benchmark runs.
    const prefix = `CERT-WORKSHOP-${new Date().getUTCFullYear() - 1}`;
    cases.push({
      name: `list_certificates (search "${prefix}")`,
      role: 'support',
      fn: 'list_certificates',
      args: { search: prefix },
      from: 'public.certificates c',
      where: `c.certificate_number like '${prefix}%'`,
      order,
      cursor,
    });
    // a person (email prefix or name) or a workshop title: the function resolves the people to ids first.
    cases.push({
      name: 'list_certificates (search person "ava.okafor")',
      role: 'support',
      fn: 'list_certificates',
      args: { search: 'ava.okafor' },
      from: 'public.certificates c',
      where: `(c.user_id in (select u.id from public.users u where u.email like 'ava.okafor%' or u.full_name ilike '%ava.okafor%')
               or c.workshop_id in (select w.id from public.workshops w where w.title ilike '%ava.okafor%'))`,
      order,
      cursor,
    });
  }
  if (has('list_engagement_sessions')) {
    const order = 's.scheduled_at desc, s.id desc';
    const cursor = `jsonb_build_object('v', s.scheduled_at, 'id', s.id)`;
    cases.push({
      name: 'list_engagement_sessions (all, newest first)',
      role: 'support',
      fn: 'list_engagement_sessions',
      args: {},
      from: 'public.engagement_sessions s',
      where: 'true',
      order,
      cursor,
    });
    const engagement = benchId(KINDS.engagement, 1);
    cases.push({
      name: 'list_engagement_sessions (one engagement)',
      role: 'support',
      fn: 'list_engagement_sessions',
      args: { engagement_id: engagement },
      from: 'public.engagement_sessions s',
      where: `s.engagement_id = '${engagement}'`,
      order,
      cursor,
    });
  }
  if (has('list_workshops')) {
    const date = `coalesce(w.schedule_date, '-infinity'::date)`;
    cases.push({
      name: 'list_workshops (by date, latest first)',
      role: 'support',
      fn: 'list_workshops',
      args: {},
      from: 'public.workshops w',
      where: 'true',
      order: `${date} desc, w.id desc`,
      cursor: `jsonb_build_object('v', ${date}, 'id', w.id)`,
    });
  }
  if (has('list_engagements')) {
    const date = `coalesce(e.start_date, '-infinity'::date)`;
    cases.push({
      name: 'list_engagements (by start date, latest first)',
      role: 'support',
      fn: 'list_engagements',
      args: {},
      from: 'public.engagements e',
      where: 'true',
      order: `${date} desc, e.id desc`,
      cursor: `jsonb_build_object('v', ${date}, 'id', e.id)`,
    });
  }
  if (has('list_talent')) {
    cases.push({
      name: 'list_talent (by rating, best first)',
      role: 'support',
      fn: 'list_talent',
      args: {},
      from: 'public.talent_profiles t',
      where: 'true',
      order: 't.rating desc, t.id desc',
      cursor: `jsonb_build_object('v', t.rating, 'id', t.id)`,
    });
  }
  if (has('list_testimonials')) {
    cases.push({
      name: 'list_testimonials (pending queue, oldest first)',
      role: 'moderator',
      fn: 'list_testimonials',
      args: { state: 'pending' },
      from: 'public.talent_testimonials x',
      where: 'not x.verified and x.rejection_reason is null',
      order: 'x.updated_at, x.id',
      cursor: `jsonb_build_object('v', x.updated_at, 'id', x.id)`,
    });
  }
  if (has('list_platform_organizations')) {
    cases.push({
      name: 'list_platform_organizations (by name)',
      role: 'support',
      fn: 'list_platform_organizations',
      args: {},
      from: 'public.organizations o',
      where: 'true',
      order: 'o.name, o.id',
      cursor: `jsonb_build_object('v', o.name, 'id', o.id)`,
    });
    cases.push({
      name: "list_platform_organizations (search a pasted url's domain)",
      role: 'support',
      fn: 'list_platform_organizations',
      args: { search: 'https://www.bench-org-7.example/about' },
      from: 'public.organizations o',
      where: `o.website ilike '%://bench-org-7.example%'`,
      order: 'o.name, o.id',
      cursor: `jsonb_build_object('v', o.name, 'id', o.id)`,
    });
  }
  if (has('list_org_assessments')) {
    // organisation 1 is the largest: the loader's skew gives it ~5% of all assessments.
    const org = benchId(KINDS.org, 1);
    cases.push({
      name: 'list_org_assessments (largest organisation, newest first)',
      role: 'admin',
      fn: 'list_org_assessments',
      args: { organization_id: org },
      from: 'public.assessments a',
      where: `a.organization_id = '${org}'`,
      order: 'a.created_at desc, a.id desc',
      cursor: `jsonb_build_object('v', a.created_at, 'id', a.id)`,
    });
  }
  return cases;
}

export function trendCases(available: Set<string>): TrendCase[] {
  if (!available.has('org_trends')) return [];
  return [
    { name: 'org_trends 1 org (largest), 24 mo', orgs: 'largest', months: 24, platform: false },
    { name: 'org_trends 1 org (median), 24 mo', orgs: 'median', months: 24, platform: false },
    { name: 'org_trends 10 orgs, 24 mo', orgs: 10, months: 24, platform: false },
    { name: 'org_trends 1 org (largest) + platform, 24 mo', orgs: 'largest', months: 24, platform: true },
    { name: 'org_trends 10 orgs + platform, 24 mo', orgs: 10, months: 24, platform: true },
    { name: 'org_trends 20 orgs + platform, 24 mo', orgs: 20, months: 24, platform: true },
  ];
}

/** Organisation ids for a trend case, by size (completed assessments), computed from the loaded data. */
export function trendOrgsSql(which: TrendCase['orgs']): string {
  const ranked = `select o.id, row_number() over (order by count(a.id) desc, o.id) as rank, count(*) over () as total
                    from public.organizations o
                    join public.assessments a on a.organization_id = o.id and a.status = 'completed'
                   where o.slug like 'bench-org-%'
                   group by o.id`;
  const pick =
    which === 'largest'
      ? 'rank = 1'
      : which === 'median'
        ? 'rank = (total + 1) / 2'
        : `(rank - 1) % greatest(total / ${which}, 1) = 0 and rank <= greatest(total / ${which}, 1) * ${which}`;
  return `select array_agg(id::text order by rank) as ids from (${ranked}) r where ${pick}`;
}

/** The trend as someone would write it without the rollup: group the organisation's assessments by month. */
export function naiveTrendSql(platform: boolean): string {
  const scores = `count(*) as n, round(avg(a.overall_score), 1), round(avg(a.individual_score), 1),
                  round(avg(a.leadership_score), 1), round(avg(a.cultural_score), 1),
                  round(avg(a.embedding_score), 1), round(avg(a.velocity_score), 1)`;
  const window = `a.status = 'completed'
                  and a.completed_at >= date_trunc('month', now() at time zone 'UTC') at time zone 'UTC' - make_interval(months => $2 - 1)`;
  const orgs = `select a.organization_id, date_trunc('month', a.completed_at at time zone 'UTC') as month, ${scores}
                  from public.assessments a
                 where a.organization_id = any ($1::uuid[]) and ${window}
                 group by 1, 2`;
  if (!platform) return orgs;
  return `${orgs}
          union all
          select null, date_trunc('month', a.completed_at at time zone 'UTC'), ${scores}
            from public.assessments a where ${window} group by 2`;
}

export const ORG_KIND = KINDS.org;

export interface SearchCase {
  name: string;
  role: StaffRole;
  query: string;
}

/** Real values to paste, read from the loaded data: a stripe id, a person's email, a certificate number. */
export const SEARCH_SAMPLE_SQL = `
  select (select p.transaction_id from public.payments p where p.transaction_id like 'pi\\_%' order by p.id limit 1) as txn,
         (select u.email from public.users u where u.email like '%@bench-org-%' order by u.id limit 1) as email,
         (select c.certificate_number from public.certificates c order by c.id limit 1) as certificate`;

/** What staff paste into search everywhere, as the roles that see most (admin) and least (moderator: nothing). */
export function searchCases(sample: { txn: string; email: string; certificate: string }): SearchCase[] {
  return [
    { name: 'pasted invoice url', role: 'admin', query: 'https://billing.humanglue.dev/invoices/HGB-00777777.pdf' },
    { name: 'pasted invoice url, as finance', role: 'finance', query: ' https://billing.humanglue.dev/invoices/HGB-00777777.pdf ' },
    { name: 'stripe id with its prefix', role: 'admin', query: sample.txn },
    { name: 'an email with stray spaces', role: 'admin', query: `  ${sample.email.toUpperCase()} ` },
    { name: 'a common first name ("ava")', role: 'admin', query: 'ava' },
    { name: 'a surname ("okafor": 1 in 40 people)', role: 'admin', query: 'okafor' },
    { name: 'a certificate number in lower case', role: 'support', query: sample.certificate.toLowerCase() },
    { name: 'an organisation url', role: 'admin', query: 'https://www.bench-org-250.example/about' },
    { name: 'an invoice number, as a moderator (finds nothing)', role: 'moderator', query: 'HGB-00777777' },
  ];
}

/**
 * The naive search: `ilike '%…%'` over each table's searched columns, six rows of each, as the owner (no row-level
 * security), with what was pasted as it was pasted (only trimmed) — what a hand-written search box would send.
 */
export const NAIVE_SEARCH_SQL = `
  with q as (select '%' || btrim($1) || '%' as p)
  (select 'payment', x.id from public.payments x, q where x.invoice_number ilike q.p or x.transaction_id ilike q.p limit 6)
  union all
  (select 'person', x.id from public.users x, q where x.email ilike q.p or x.full_name ilike q.p limit 6)
  union all
  (select 'organization', x.id from public.organizations x, q where x.name ilike q.p or x.website ilike q.p limit 6)
  union all
  (select 'workshop', x.id from public.workshops x, q where x.title ilike q.p limit 6)
  union all
  (select 'certificate', x.id from public.certificates x, q where x.certificate_number ilike q.p limit 6)`;

export interface TotalsCase {
  name: string;
  args: Args;
  /** The same filter on public.payments p, for the naive group by. */
  where: string;
  params: unknown[];
}

/**
 * payment_totals for the payments screen's filters: the rollup's shapes (everything, a range with partial days at
 * both ends, one day, statuses and a currency), amount ranges (on a band edge, cutting a band, with a range of days:
 * 020's band and amount rollups) and the payer search.
 */
export function totalsCases(now = new Date()): TotalsCase[] {
  const daysAgo = (days: number, hour: number, minute: number) => {
    const at = new Date(now.getTime() - days * 86_400_000);
    at.setUTCHours(hour, minute, 0, 0);
    return at;
  };
  const range = (from: Date, to: Date) => ({ where: 'p.created_at >= $1 and p.created_at < $2', params: [from, to] });
  const quarter = range(daysAgo(200, 10, 17), daysAgo(110, 15, 42));
  const day = range(daysAgo(45, 8, 0), daysAgo(45, 17, 0));
  const month = daysAgo(30, 0, 0);
  return [
    { name: 'all payments', args: {}, where: 'true', params: [] },
    { name: 'last 30 days', args: { from: month }, where: 'p.created_at >= $1', params: [month] },
    {
      name: 'stripe, 90 days from 10:17 to 15:42',
      args: { provider: ['stripe'], from: quarter.params[0], to: quarter.params[1] },
      where: `p.provider = 'stripe' and ${quarter.where}`,
      params: quarter.params,
    },
    { name: 'one working day', args: { from: day.params[0], to: day.params[1] }, ...day },
    {
      name: 'refunded and partially refunded, EUR',
      args: { status: ['refunded', 'partially_refunded'], currency: ['EUR'] },
      where: `p.status in ('refunded', 'partially_refunded') and p.currency = 'EUR'`,
      params: [],
    },
    { name: 'amount ≥ 1,000', args: { min_amount: 1000 }, where: 'p.amount >= 1000', params: [] },
    // 1,100 cuts the band 1,000–1,200, whose upper part holds a price paid ~10,000 times (1,117).
    { name: 'amount ≥ 1,100 (cuts a band)', args: { min_amount: 1100 }, where: 'p.amount >= 1100', params: [] },
    {
      name: 'amount 1,000.50–1,500, last 30 days',
      args: { from: month, min_amount: 1000.5, max_amount: 1500 },
      where: 'p.created_at >= $1 and p.amount >= 1000.5 and p.amount <= 1500',
      params: [month],
    },
    {
      name: 'payer "ava.okafor"',
      args: { search: 'ava.okafor' },
      where: `(p.invoice_number like 'AVA.OKAFOR%' or p.transaction_id like 'ava.okafor%'
               or p.user_id in (select u.id from public.users u where u.email like 'ava.okafor%'))`,
      params: [],
    },
  ];
}
