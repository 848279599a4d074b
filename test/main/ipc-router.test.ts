// The router against hostile renderers: every channel gets every kind of bad payload, and none of it may reach a
// handler, crash main or touch Object.prototype. Then the sender check, unknown channels, output checking and the
// database-error mapping, with plain objects shaped like supabase-js errors.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { channelNames, contract, type ChannelInput, type ChannelName } from '../../shared/ipc/contract.js';
import { IpcFailure } from '../../electron/main/ipc/errors.js';
import { combine } from '../../electron/main/ipc/handlers.js';
import { createRouter, type Handlers, type LogEntry } from '../../electron/main/ipc/router.js';
import { completeHandlers } from './handler-stubs.js';

const ID = '5a000000-0000-4000-8000-000000000001';
const ID2 = '5a000000-0000-4000-8000-000000000002';
const AT = '2025-01-31T12:00:00Z';
const after = { v: AT, id: ID };
const reviewFilters: ChannelInput<'reviews:count'>['filters'] = {
  status: ['pending'],
  type: ['workshop'],
  min_rating: 1,
  max_rating: 5,
  verified: true,
  from: AT,
  to: AT,
  search: 'late',
};
const paymentFilters: ChannelInput<'payments:count'>['filters'] = {
  status: ['succeeded'],
  provider: ['stripe'],
  type: ['workshop'],
  currency: ['USD'],
  from: AT,
  to: AT,
  min_amount: 1,
  max_amount: 100,
  search: 'INV-1',
};
const mapping = {
  transaction_id: 'id',
  amount: 'Amount',
  currency: 'Currency',
  status: 'Status',
  occurred_at: 'Created',
  kind: { column: 'Type' },
};
const connection = { url: 'https://abc.supabase.co', anon_key: 'eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiYW5vbiJ9.c2ln' };
const trend: ChannelInput<'trends:org-trends'> = { organization_ids: [ID], months: 12, include_platform: true };
/** A saved view's state: its keys are whatever the screen had (a multi-select, a search, a number, a flag, none). */
const viewState: ChannelInput<'views:create'>['state'] = {
  filters: { status: ['succeeded', 'refunded'], search: 'INV-1', minRating: 4, mine: true, tier: null },
  sort: { id: 'amount', desc: true },
  visibility: { payer: false, organization: true },
};

/** One valid, complete input per channel; the type makes a new channel fail to compile until it has one. */
const samples: { [C in ChannelName]: ChannelInput<C> } = {
  'auth:status': {},
  'auth:sign-in': { email: 'finance@humanglue.dev', password: 'demo-password' },
  'auth:sign-out': {},
  'connection:get': {},
  'connection:set': connection,
  'connection:test': connection,
  'connection:use-local': {},
  'connection:reset-local': { confirm: 'reset' },
  'mfa:state': {},
  'mfa:enroll': { friendly_name: 'Phone' },
  'mfa:verify': { factor_id: ID, code: '123456' },
  'mfa:step-up': { code: '123456' },
  'mfa:unenroll': { factor_id: ID },
  'mfa:unlock': { password: 'secret' },
  'reviews:list': { filters: reviewFilters, sort: 'rating', desc: true, after, limit: 50 },
  'reviews:count': { filters: reviewFilters },
  'reviews:get': { review_id: ID },
  'reviews:decide': { review_id: ID, expected_version: 3, decision: 'reject', reason: 'spam', note: 'links' },
  'reviews:decide-bulk': {
    items: [
      { id: ID, version: 1 },
      { id: ID2, version: 2 },
    ],
    decision: 'approve',
    reason: 'other',
    note: 'ok',
  },
  'reviews:undo': { decision_id: ID },
  'reviews:respond': { review_id: ID, expected_version: 2, text: 'Thank you for the feedback.' },
  'payments:list': { filters: paymentFilters, sort: 'amount', desc: false, after: { v: 10.5, id: ID }, limit: 200 },
  'payments:count': { filters: paymentFilters },
  'payments:totals': { filters: paymentFilters },
  'payments:get': { payment_id: ID },
  'payments:refund': { payment_id: ID, amount: 25.5, reason: 'duplicate', note: 'charged twice', idempotency_key: 'refund-0001' },
  'payments:approve-refund': { refund_id: ID },
  'payments:reject-refund': { refund_id: ID, reason: 'not eligible' },
  'payments:confirm-refund': { refund_id: ID, provider_refund_id: 're_123' },
  'payments:fail-refund': { refund_id: ID, status: 'cancelled', reason: 'processor declined' },
  'payments:list-refunds': { filters: { status: ['pending_approval'], payment_id: ID, from: AT, to: AT }, desc: true, after, limit: 20 },
  'payments:count-refunds': { filters: { status: ['pending'], payment_id: ID, from: AT, to: AT } },
  'payments:export-csv': { filters: paymentFilters, sort: 'created_at', desc: true },
  'payments:cancel': { operation_id: ID },
  'reconciliation:pick-file': {},
  'reconciliation:preview': { file_id: ID, provider: 'stripe', mapping },
  'reconciliation:run': { file_id: ID, provider: 'paypal', mapping, kinds: ['payment', 'refund'], accept_bad_rows: false },
  'reconciliation:running': {},
  'reconciliation:cancel': { operation_id: ID },
  'reconciliation:interrupted': {},
  'reconciliation:resume': { run_id: ID },
  'reconciliation:discard': { run_id: ID },
  'reconciliation:list-runs': { filters: { provider: 'stripe', status: 'completed', created_by: ID }, desc: true, after, limit: 10 },
  'reconciliation:count-runs': { filters: { provider: 'paypal', status: 'open', created_by: ID } },
  'reconciliation:get-run': { run_id: ID },
  'reconciliation:list-items': {
    run_id: ID,
    filters: { outcome: 'matched', kind: 'payment' },
    desc: false,
    after: { v: 7, id: 7 },
    limit: 100,
  },
  'reconciliation:export-csv': { run_id: ID, filters: { outcome: 'amount_mismatch', kind: 'refund' } },
  'trends:organizations': { search: 'acme', limit: 50 },
  'trends:org-trends': trend,
  'trends:export-csv': { ...trend, dimensions: ['overall', 'velocity'] },
  'trends:export-png': { rect: { x: 0, y: 10, width: 800, height: 400 }, file_name: 'acme-trends.png' },
  'users:list': { filters: { search: 'ann', role: 'finance', status: 'active' }, sort: 'email', desc: false, after, limit: 50 },
  'users:count': { filters: { search: 'ann', role: 'admin', status: 'suspended' } },
  'users:grant-role': { user_id: ID, role: 'moderator', organization_id: ID2, expires_at: AT, reason: 'cover' },
  'users:revoke-role': { role_id: ID, reason: 'left the team' },
  'users:factors': { user_id: ID },
  'users:set-status': { user_id: ID, status: 'suspended', reason: 'offboarding' },
  'audit:list': {
    filters: { actor_id: ID, action: 'refund.create', entity: 'refund', entity_id: ID, from: AT, to: AT },
    desc: true,
    after: { v: AT, id: 42 },
    limit: 50,
  },
  'audit:count': { filters: { actor_id: ID, action: 'review.approve', entity: 'review', entity_id: ID, from: AT, to: AT } },
  'settings:get': {},
  'settings:update': { key: 'refund_approval_threshold', value: 500, reason: 'policy change' },
  'organisations:list': {
    filters: { search: 'northwind.example', tier: 'growth', activity: 'quiet' },
    sort: 'created_at',
    desc: false,
    after: { v: 'Northwind', id: ID },
    limit: 50,
  },
  'organisations:get': { organization_id: ID },
  'organisations:set-tier': { organization_id: ID, tier: 'enterprise', reason: 'signed the enterprise plan' },
  'workshops:list': {
    filters: { search: 'change', status: 'published', from: '2025-01-01', to: '2025-12-31' },
    sort: 'title',
    desc: true,
    after,
    limit: 50,
  },
  'workshops:get': { workshop_id: ID },
  'workshops:registrations': {
    filters: { workshop_id: ID, user_id: ID2, status: 'registered' },
    sort: 'registered_at',
    desc: true,
    after,
    limit: 100,
  },
  'workshops:cancel-registration': { registration_id: ID, reason: 'asked by email' },
  'workshops:record-attendance': { registration_id: ID, attended: true, completed: true, issue_certificate: true },
  'workshops:preview-cancellation': { workshop_id: ID },
  'workshops:set-status': { workshop_id: ID, status: 'cancelled', reason: 'instructor ill', idempotency_key: 'workshop-0001' },
  'engagements:list': {
    filters: { search: 'culture', status: 'active', organization_id: ID },
    sort: 'start_date',
    desc: true,
    after: { v: '2025-01-31', id: ID },
    limit: 50,
  },
  'engagements:sessions': { filters: { engagement_id: ID, status: 'scheduled' }, sort: 'scheduled_at', desc: false, after, limit: 20 },
  'engagements:set-session-status': { session_id: ID, status: 'completed', duration_hours: 1.5, reason: 'held on time' },
  'talent:list': {
    filters: { search: 'coach', availability: 'limited' },
    sort: 'rating',
    desc: true,
    after: { v: 4.5, id: ID },
    limit: 50,
  },
  'talent:testimonials': { filters: { state: 'pending', talent_profile_id: ID }, after, limit: 20 },
  'talent:decide-testimonial': { testimonial_id: ID, decision: 'reject', reason: 'not a real client', expected_updated_at: AT },
  'certificates:list': {
    filters: { search: 'CERT-WORKSHOP', user_id: ID, workshop_id: ID2, state: 'valid' },
    sort: 'certificate_number',
    desc: false,
    after: { v: 'CERT-WORKSHOP-20250131-0000', id: ID },
    limit: 50,
  },
  'certificates:verify': { certificate_number: 'https://humanglue.dev/verify/CERT-WORKSHOP-20250131-5A000000' },
  'certificates:revoke': { certificate_id: ID, reason: 'issued by mistake' },
  'assessments:list': { filters: { organization_id: ID, status: 'completed' }, after, limit: 50 },
  'search:everything': { query: '  https://billing.humanglue.dev/invoices/HG-2025-00012.pdf ', limit: 5 },
  'views:list': { screen: 'payments' },
  'views:share-roles': { screen: 'audit' },
  'views:create': { screen: 'payments', name: 'Refunds to check', state: viewState, shared_with_role: 'finance' },
  'views:update': { view_id: ID, name: 'Refunds', state: viewState, shared_with_role: null, expected_updated_at: AT },
  'views:delete': { view_id: ID },
  'views:set-default': { screen: 'talent.experts', view_id: ID },
};

const TRUSTED = { url: 'app://console/index.html' };
const isTrustedSender = (sender: { url: string }) => sender.url.startsWith('app://console/');
const MB = 'x'.repeat(1 << 20);
const HUGE = Array.from({ length: 100_000 }, () => 'x');
const noop = () => undefined;

function spyRouter(handlers: Partial<Handlers> = {}) {
  const log = vi.fn<(entry: LogEntry) => void>();
  const router = createRouter({ handlers: completeHandlers(handlers), isTrustedSender, log, backendHost: () => 'db.example.co' });
  return { router, log };
}

function allHandlerSpies() {
  const spy = vi.fn(async () => null);
  const handlers = Object.fromEntries(channelNames.map((c) => [c, spy])) as unknown as Handlers;
  return { spy, handlers };
}

// ---- hostile payload generation, derived from each channel's valid sample ----

type Path = (string | number)[];
type Case = { label: string; input: unknown };

function withValue(root: unknown, path: Path, value: unknown, remove = false): unknown {
  if (path.length === 0) return value;
  const copy: unknown = Array.isArray(root) ? [...root] : { ...(root as object) };
  const [head, ...rest] = path as [string | number, ...Path];
  const target = copy as Record<string | number, unknown>;
  if (remove && rest.length === 0) delete target[head];
  else target[head] = withValue(target[head], rest, value, remove);
  return copy;
}

function nodes(value: unknown, path: Path = []): Array<{ path: Path; value: unknown }> {
  const here = [{ path, value }];
  if (Array.isArray(value)) return here.concat(...value.map((v, i) => nodes(v, [...path, i])));
  if (value && typeof value === 'object') return here.concat(...Object.entries(value).map(([k, v]) => nodes(v, [...path, k])));
  return here;
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  return s;
}

/** Unwraps optional/nullable and walks into objects and arrays; undefined below a union (either branch may fit) or a
 * record (its values are data). */
function schemaAt(schema: z.ZodType | undefined, path: Path): z.ZodType | undefined {
  let s = schema;
  for (const key of path) {
    s = unwrap(s);
    if (s instanceof z.ZodObject && typeof key === 'string') s = (s.shape as Record<string, z.ZodType>)[key];
    else if (s instanceof z.ZodArray) s = s.element as z.ZodType;
    else return undefined;
  }
  return s;
}

const junk: Array<[string, unknown]> = [
  ['a function', noop],
  ['a symbol', Symbol('x')],
  ['a BigInt', 10n],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
  ['a 1 MB string', MB],
  ['a 100k-item array', HUGE],
  ['a Map', new Map()],
];

function hostileCases(channel: ChannelName): Case[] {
  const sample = samples[channel];
  const schema = contract[channel].input;
  const cases: Case[] = [
    ...junk.map(([label, input]) => ({ label: `input is ${label}`, input })),
    ...[null, undefined, [], [sample], 'text', 42, true, new Date()].map((input) => ({ label: `input is ${String(input)}`, input })),
  ];
  for (const { path, value } of nodes(sample)) {
    const at = path.join('.') || 'input';
    const put = (label: string, v: unknown) => cases.push({ label: `${at} ${label}`, input: withValue(sample, path, v) });
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      if (unwrap(schemaAt(schema, path)) instanceof z.ZodRecord) {
        // A record's keys are data (a saved view's filters, its columns): a well-formed extra key is welcome there,
        // a malformed one, a megabyte long one or a thousand are not.
        put('with a key that is not a name', { ...value, 'not a name!': true });
        put('with a 1 MB key', { ...value, [MB]: true });
        put('with 1000 entries', Object.fromEntries(HUGE.slice(0, 1000).map((x, i) => [`${x}${i}`, true])));
      } else {
        put('with an extra field', { ...value, unexpected: 1 });
      }
      for (const key of ['__proto__', 'constructor', 'prototype']) {
        put(`with own key ${key}`, Object.assign(JSON.parse(`{"${key}": {"polluted": "yes"}}`), value));
      }
      put('as an array', [value]);
      put('as a string', 'text');
      // Where null is an answer (`after` on the first page, a view with no sort), it is not a hostile case.
      if (!schemaAt(schema, path)?.safeParse(null).success) put('as null', null);
      for (const key of Object.keys(value)) {
        const field = schemaAt(schema, [...path, key]);
        if (field && !field.safeParse(undefined).success) {
          cases.push({ label: `${at}.${key} missing`, input: withValue(sample, [...path, key], undefined, true) });
        }
      }
    } else if (path.length > 0) {
      for (const [label, v] of junk) put(`is ${label}`, v);
      put('is a Date', new Date());
      // A union leaf (the cursor's `v`) accepts several types, so swapping the type proves nothing there.
      const leaf = schemaAt(schema, path);
      if (!leaf || leaf instanceof z.ZodUnion) continue;
      if (typeof value === 'string') put('is a number', 42);
      if (typeof value === 'number') put('is a numeric string', String(value));
      if (typeof value === 'boolean') put('is a string', String(value));
      if (Array.isArray(value)) put('is an object', { 0: value[0] });
    }
  }
  return cases;
}

describe('router: hostile input on every channel', () => {
  const prototypeKeys = Reflect.ownKeys(Object.prototype);
  beforeAll(() => expect(Reflect.ownKeys(Object.prototype)).toEqual(prototypeKeys));
  afterAll(() => {
    expect(Reflect.ownKeys(Object.prototype)).toEqual(prototypeKeys);
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(channelNames)('%s: the valid sample reaches its handler', async (channel) => {
    const { spy, handlers } = allHandlerSpies();
    const { router } = spyRouter(handlers);
    const result = await router.handle(channel, samples[channel], TRUSTED);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(result.ok || result.error.code !== 'validation').toBe(true);
  });

  it.each(channelNames)('%s: every hostile payload is refused before its handler', async (channel) => {
    const { spy, handlers } = allHandlerSpies();
    const { router } = spyRouter(handlers);
    const accepted: string[] = [];
    for (const { label, input } of hostileCases(channel)) {
      const result = await router.handle(channel, input, TRUSTED);
      if (result.ok || result.error.code !== 'validation') accepted.push(label);
      else expect(result.error.message.length).toBeLessThanOrEqual(300);
    }
    expect(accepted).toEqual([]);
    expect(spy).not.toHaveBeenCalled();
  });
});

describe('router: boundaries', () => {
  it('names the field path of a bad value', async () => {
    const { router } = spyRouter();
    const bad = { filters: { ...reviewFilters, min_rating: 9 } };
    const result = await router.handle('reviews:count', bad, TRUSTED);
    expect(result).toMatchObject({ ok: false, error: { code: 'validation', field: 'filters.min_rating' } });
    const bulk = {
      ...samples['reviews:decide-bulk'],
      items: [
        { id: ID, version: 1 },
        { id: 'nope', version: 1 },
      ],
    };
    const second = await router.handle('reviews:decide-bulk', bulk, TRUSTED);
    expect(second).toMatchObject({ ok: false, error: { code: 'validation', field: 'items[1].id' } });
    const extra = await router.handle('reviews:count', { filters: { bogus: 1 } }, TRUSTED);
    expect(extra).toMatchObject({ ok: false, error: { code: 'validation', field: 'filters.bogus' } });
  });

  it.each([
    [
      'a search too long',
      'payments:count',
      { filters: { search: 'x'.repeat(201) } },
      'filters.search',
      'Search is too long: at most 200 characters.',
    ],
    ['a NUL in a search', 'payments:count', { filters: { search: 'inv\u0000' } }, 'filters.search', /^Search: Contains a NUL character/],
    [
      'a control character in the users search',
      'users:count',
      { filters: { search: 'a\u001bb' } },
      'filters.search',
      /control character \(U\+001B\)/,
    ],
    ['a lone surrogate in a note', 'reviews:decide', { ...samples['reviews:decide'], note: 'x\ud800' }, 'note', /broken character/],
    [
      'a line break in a one-line field',
      'audit:count',
      { filters: { entity_id: 'a\nb' } },
      'filters.entity_id',
      /^Entity id: Contains a control character \(U\+000A\)/,
    ],
    ['a wrong type', 'payments:count', { filters: { search: 42 } }, 'filters.search', 'Search must be text.'],
    ['an unknown field', 'payments:count', { filters: { bogus: 1 } }, 'filters.bogus', 'Bogus is not something this request takes.'],
    ['an amount below zero', 'payments:count', { filters: { min_amount: -1 } }, 'filters.min_amount', 'Minimum amount must be at least 0.'],
    [
      'a bad email',
      'auth:sign-in',
      { email: 'nobody', password: 'x' },
      'email',
      'Email must be an email address, such as name@example.com.',
    ],
  ])('refuses %s in words a person can act on, naming the field', async (_label, channel, input, field, message) => {
    const { router } = spyRouter();
    const result = await router.handle(channel, input, TRUSTED);
    expect(result).toMatchObject({ ok: false, error: { code: 'validation', field, message } });
  });

  it('keeps line breaks and tabs in a note, where they belong', async () => {
    const { router } = spyRouter({
      'reviews:decide': async () => {
        throw new IpcFailure('conflict', 'reached the handler');
      },
    });
    const result = await router.handle('reviews:decide', { ...samples['reviews:decide'], note: 'first line\n\tsecond' }, TRUSTED);
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict', message: 'reached the handler' } });
  });

  // What a person could paste into the platform screens (015): each is refused by main, naming the field.
  it.each([
    ['a cursor with an extra key', 'organisations:list', { ...samples['organisations:list'], after: { v: 'a', id: ID, x: 1 } }, 'after.x'],
    ['a cursor whose id is not an id', 'workshops:list', { ...samples['workshops:list'], after: { v: AT, id: 'abc' } }, 'after.id'],
    ['a cursor value that is an object', 'talent:list', { ...samples['talent:list'], after: { v: { sql: 1 }, id: ID } }, 'after.v'],
    ['a negative page size', 'certificates:list', { ...samples['certificates:list'], limit: -1 }, 'limit'],
    ['a page size over 200', 'assessments:list', { ...samples['assessments:list'], limit: 201 }, 'limit'],
    ['an organisation id that is a name', 'organisations:get', { organization_id: 'Northwind' }, 'organization_id'],
    ['an id with SQL in it', 'workshops:get', { workshop_id: `${ID}'; drop table x; --` }, 'workshop_id'],
    ['a filter id that is not an id', 'engagements:list', { filters: { organization_id: '42' } }, 'filters.organization_id'],
    ['an unknown tier', 'organisations:set-tier', { ...samples['organisations:set-tier'], tier: 'platinum' }, 'tier'],
    ['a blank required reason', 'certificates:revoke', { certificate_id: ID, reason: '' }, 'reason'],
    ['a reason with a control character', 'workshops:cancel-registration', { registration_id: ID, reason: 'x\u0007y' }, 'reason'],
    ['a reason with a NUL', 'organisations:set-tier', { ...samples['organisations:set-tier'], reason: 'a\u0000' }, 'reason'],
    ['a reason over 2000 characters', 'certificates:revoke', { certificate_id: ID, reason: 'x'.repeat(2001) }, 'reason'],
    [
      'negative hours',
      'engagements:set-session-status',
      { ...samples['engagements:set-session-status'], duration_hours: -0.5 },
      'duration_hours',
    ],
    [
      'hours with 3 decimals',
      'engagements:set-session-status',
      { ...samples['engagements:set-session-status'], duration_hours: 1.255 },
      'duration_hours',
    ],
    [
      'a session over 24 hours',
      'engagements:set-session-status',
      { ...samples['engagements:set-session-status'], duration_hours: 24.5 },
      'duration_hours',
    ],
    ['a short idempotency key', 'workshops:set-status', { ...samples['workshops:set-status'], idempotency_key: 'x' }, 'idempotency_key'],
    ['a date with a time', 'workshops:list', { filters: { from: AT } }, 'filters.from'],
    ['a date that is not one', 'workshops:list', { filters: { to: '2025-02-30' } }, 'filters.to'],
    [
      'a timestamp without a zone',
      'talent:decide-testimonial',
      { ...samples['talent:decide-testimonial'], expected_updated_at: '2025-01-31 12:00' },
      'expected_updated_at',
    ],
    ['a blank certificate number', 'certificates:verify', { certificate_number: '   ' }, 'certificate_number'],
    ['a certificate number with a line break', 'certificates:verify', { certificate_number: 'CERT-1\nCERT-2' }, 'certificate_number'],
    ['a search over 200 characters', 'certificates:list', { filters: { search: 'C'.repeat(201) } }, 'filters.search'],
    ['an unknown state', 'talent:testimonials', { filters: { state: 'hidden' } }, 'filters.state'],
    ['a sort the list does not have', 'engagements:sessions', { filters: {}, sort: 'duration_hours' }, 'sort'],
  ] as const)('platform: refuses %s', async (_label, channel, input, field) => {
    const { spy, handlers } = allHandlerSpies();
    const { router } = spyRouter(handlers);
    const result = await router.handle(channel, input, TRUSTED);
    expect(result).toMatchObject({ ok: false, error: { code: 'validation', field } });
    expect(spy).not.toHaveBeenCalled();
  });

  it.each([0, 0.25, 1.1, 7.75, 23.99, 24])('platform: accepts %d session hours', async (hours) => {
    const { spy, handlers } = allHandlerSpies();
    const { router } = spyRouter(handlers);
    await router.handle('engagements:set-session-status', { ...samples['engagements:set-session-status'], duration_hours: hours }, TRUSTED);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  // Search everywhere takes whatever is pasted, within the contract's bounds; SQL normalises the rest.
  it.each([
    ['a query over 300 characters', { query: 'H'.repeat(301) }, 'query'],
    ['a query with a NUL', { query: 'HG-2025\u0000' }, 'query'],
    ['a query with a line break', { query: 'HG-2025-00012\nHG-2025-00013' }, 'query'],
    ['no query', { limit: 5 }, 'query'],
    ['a limit of 0', { query: 'HG', limit: 0 }, 'limit'],
    ['a limit over 20', { query: 'HG', limit: 21 }, 'limit'],
    ['a fractional limit', { query: 'HG', limit: 2.5 }, 'limit'],
    ['a kind filter the channel does not take', { query: 'HG', kind: 'payment' }, 'kind'],
  ] as const)('search: refuses %s', async (_label, input, field) => {
    const { spy, handlers } = allHandlerSpies();
    const { router } = spyRouter(handlers);
    const result = await router.handle('search:everything', input, TRUSTED);
    expect(result).toMatchObject({ ok: false, error: { code: 'validation', field } });
    expect(spy).not.toHaveBeenCalled();
  });

  it.each(['H'.repeat(300), '', '   ', '\u00a0HG-2025-00012\u00a0', 'https://dashboard.stripe.com/payments/pi_3N?x=1#y'])(
    'search: passes the query %j on to SQL as typed',
    async (query) => {
      const { spy, handlers } = allHandlerSpies();
      const { router } = spyRouter(handlers);
      await router.handle('search:everything', { query }, TRUSTED);
      expect(spy).toHaveBeenCalledWith({ query }, expect.anything());
    },
  );

  // Saved views: what SQL keeps as given is bounded here, so nothing unbounded reaches it.
  const create = samples['views:create'];
  const withFilters = (filters: Record<string, unknown>) => ({ ...create, state: { ...viewState, filters } });
  it.each([
    ['a screen that keeps no views', { ...create, screen: 'settings' }, 'screen'],
    ['a blank name', { ...create, name: '   ' }, 'name'],
    ['a name over 80 characters', { ...create, name: 'v'.repeat(81) }, 'name'],
    ['a name with a line break', { ...create, name: 'Refunds\nthis week' }, 'name'],
    ['sharing with a role that is not staff', { ...create, shared_with_role: 'client' }, 'shared_with_role'],
    ['a state over 8,000 bytes', withFilters(Object.fromEntries(HUGE.slice(0, 21).map((_, i) => [`f${i}`, 'x'.repeat(400)]))), 'state'],
    ['a filter whose name is not a name', withFilters({ 'min rating': 4 }), 'state.filters'],
    ['a filter nested two levels deep', withFilters({ organization: { id: { sql: 1 } } }), 'state.filters.organization'],
    ['a filter with more than 50 values', withFilters({ status: HUGE.slice(0, 51) }), 'state.filters.status'],
    ['a sort with an extra key', { ...create, state: { ...viewState, sort: { id: 'amount', desc: true, x: 1 } } }, 'state.sort.x'],
    ['a column shown by a string', { ...create, state: { ...viewState, visibility: { payer: 'no' } } }, 'state.visibility.payer'],
    ['a state key beside filters, sort and visibility', { ...create, state: { ...viewState, page: 2 } }, 'state.page'],
  ] as const)('views: refuses %s', async (_label, input, field) => {
    const { spy, handlers } = allHandlerSpies();
    const { router } = spyRouter(handlers);
    const result = await router.handle('views:create', input, TRUSTED);
    expect(result).toMatchObject({ ok: false, error: { code: 'validation', field } });
    expect(spy).not.toHaveBeenCalled();
  });

  it('views: a chosen item (an organisation by id and name) is a filter value', async () => {
    const { spy, handlers } = allHandlerSpies();
    const { router } = spyRouter(handlers);
    const input = withFilters({ organization: { id: ID, name: 'Northwind' }, status: null });
    await router.handle('views:create', input, TRUSTED);
    expect(spy).toHaveBeenCalledWith(input, expect.anything());
  });

  it.each([{ url: 'https://evil.example/' }, { url: 'file:///etc/passwd' }, { url: 42 }, null, undefined, 'app://console/'])(
    'refuses the untrusted sender %j without calling the handler',
    async (sender) => {
      const { spy, handlers } = allHandlerSpies();
      const { router } = spyRouter(handlers);
      const result = await router.handle('auth:status', {}, sender as { url: string });
      expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(spy).not.toHaveBeenCalled();
    },
  );

  it('refuses when the sender predicate throws', async () => {
    const router = createRouter({
      handlers: completeHandlers({}),
      isTrustedSender: () => {
        throw new Error('bad url');
      },
      log: noop,
    });
    expect(await router.handle('auth:status', {}, TRUSTED)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it.each(['reviews:nuke', '__proto__', 'toString', 'constructor', '', 42, null, { channel: 'auth:status' }])(
    'refuses the unknown channel %j',
    async (channel) => {
      const { spy, handlers } = allHandlerSpies();
      const { router } = spyRouter(handlers);
      const result = await router.handle(channel, {}, TRUSTED);
      expect(result).toMatchObject({ ok: false, error: { code: 'validation' } });
      expect(spy).not.toHaveBeenCalled();
    },
  );

  it('passes parsed input to the handler and returns its checked output', async () => {
    const handler = vi.fn(async () => ({ total: 12, is_estimate: false, extra_column: 'stripped' }));
    const { router } = spyRouter({ 'reviews:count': handler });
    const result = await router.handle('reviews:count', { filters: {} }, TRUSTED);
    expect(result).toEqual({ ok: true, value: { total: 12, is_estimate: false } });
    expect(handler).toHaveBeenCalledWith({ filters: {} }, { channel: 'reviews:count', sender: TRUSTED });
  });

  it('turns output that fails its schema into a generic internal error, logged in main', async () => {
    const secret = 'select * from auth.users';
    const { router, log } = spyRouter({ 'reviews:count': async () => ({ total: secret }) as never });
    const result = await router.handle('reviews:count', { filters: {} }, TRUSTED);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain(secret);
    expect(log).toHaveBeenCalledWith(expect.objectContaining({ kind: 'output-mismatch', channel: 'reviews:count' }));
  });
});

describe('router: thrown errors map to stable codes', () => {
  const pg = (code: string, message: string, details: string | null = null) => ({
    name: 'PostgrestError',
    code,
    message,
    details,
    hint: 'try: select * from console_private.secret',
  });
  const fetchFailed = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
  const cases: Array<[string, unknown, Record<string, unknown>]> = [
    [
      '42501 keeps the message',
      pg('42501', 'permission denied: reviews.moderate is needed (your staff roles: none)'),
      { code: 'forbidden', message: 'permission denied: reviews.moderate is needed (your staff roles: none)' },
    ],
    [
      '22023 names the field',
      pg('22023', 'amount: 30 exceeds the refundable remainder of 10.00 USD', '{"field":"amount","remainder":10.00,"currency":"USD"}'),
      { code: 'validation', field: 'amount', details: { field: 'amount', remainder: 10, currency: 'USD' } },
    ],
    [
      'P0002 is not found',
      pg('P0002', 'review 5a00 not found', '{"entity":"review","id":"5a00"}'),
      { code: 'not_found', message: 'review 5a00 not found' },
    ],
    [
      'PT409 says who and when',
      pg(
        'PT409',
        'already decided by Mo at 2025-01-31T12:00:00Z',
        `{"by":"Mo","by_id":"${ID}","at":"${AT}","status":"approved","nested":{"x":1}}`,
      ),
      {
        code: 'conflict',
        message: 'already decided by Mo at 2025-01-31T12:00:00Z',
        details: { by: 'Mo', by_id: ID, at: AT, status: 'approved' },
      },
    ],
    [
      'P0001 keeps the sentence',
      pg('P0001', 'a second person must approve this refund: you requested it'),
      { code: 'conflict', message: 'a second person must approve this refund: you requested it' },
    ],
    [
      '23505 hides the constraint',
      pg('23505', 'duplicate key value violates unique constraint "payment_refunds_idempotency_key_key"'),
      { code: 'conflict' },
    ],
    ['PGRST301 is an expired session', pg('PGRST301', 'JWT expired'), { code: 'session_expired' }],
    ['PGRST303 is an expired session', pg('PGRST303', 'JWT claims invalid'), { code: 'session_expired' }],
    ['a JWT-expired message is an expired session', pg('', 'JWT expired'), { code: 'session_expired' }],
    [
      'AuthSessionMissingError',
      { name: 'AuthSessionMissingError', message: 'Auth session missing!', status: 400 },
      { code: 'session_expired' },
    ],
    [
      'auth refresh_token_not_found',
      { name: 'AuthApiError', code: 'refresh_token_not_found', message: 'Invalid Refresh Token', status: 400 },
      { code: 'session_expired' },
    ],
    [
      'fetch failed names the host',
      fetchFailed,
      { code: 'unavailable', message: expect.stringMatching(/^Cannot reach db\.example\.co: connection refused/) },
    ],
    [
      'postgrest-wrapped fetch failure',
      pg('', 'TypeError: fetch failed', 'TypeError: fetch failed\n\nCaused by: Error: getaddrinfo ENOTFOUND db.example.co'),
      { code: 'unavailable', message: expect.stringMatching(/host not found/) },
    ],
    ['AuthRetryableFetchError', { name: 'AuthRetryableFetchError', message: 'Failed to fetch', status: 0 }, { code: 'unavailable' }],
    [
      'a handler refusal passes through',
      new IpcFailure('no_console_access', 'You have no staff role in HumanGlue Console.'),
      { code: 'no_console_access' },
    ],
    [
      '22P05 (a NUL that got through) is a validation error in words',
      pg('22P05', 'unsupported Unicode escape sequence'),
      { code: 'validation', message: expect.stringMatching(/character the database cannot store/) },
    ],
    [
      'another data exception (22xxx) is a validation error',
      pg('22P02', 'invalid input syntax for type uuid: "x"'),
      { code: 'validation', message: expect.not.stringContaining('uuid') },
    ],
    ['an unknown data exception is still a validation error', pg('22999', 'something odd'), { code: 'validation' }],
    ['an unknown SQLSTATE is internal', pg('XX000', 'syntax error at or near "select" in select * from secret'), { code: 'internal' }],
    ['a plain Error is internal', new Error('ENOENT: /Users/ann/secret.txt'), { code: 'internal' }],
    ['a thrown string is internal', 'boom', { code: 'internal' }],
  ];

  it.each(cases)('%s', async (_label, thrown, expected) => {
    const { router, log } = spyRouter({
      'reviews:undo': async () => {
        throw thrown;
      },
    });
    const result = await router.handle('reviews:undo', { decision_id: ID }, TRUSTED);
    expect(result).toMatchObject({ ok: false, error: expected });
    const text = JSON.stringify(result);
    for (const leak of ['console_private.secret', 'select * from secret', 'at ', '/Users/ann', 'payment_refunds_idempotency']) {
      if (leak !== 'at ' || expected.code === 'internal') expect(text).not.toContain(leak);
    }
    expect(log).toHaveBeenCalledWith(expect.objectContaining({ kind: 'handler-error', channel: 'reviews:undo' }));
  });
});

describe('handler map', () => {
  it('combine merges the domains and refuses a channel answered twice', () => {
    const count = async () => ({ total: 1, is_estimate: false });
    expect(Object.keys(combine({ 'reviews:count': count }, { 'users:count': count }))).toEqual(['reviews:count', 'users:count']);
    expect(() => combine({ 'reviews:count': count }, { 'reviews:count': count })).toThrow(/Two handlers answer reviews:count/);
  });
});
