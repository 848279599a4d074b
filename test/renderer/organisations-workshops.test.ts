// Organisations and workshops screens: columns against the contract, persisted filters → channel input, the words
// for tiers, seats and ratings, what the attendance form sends, when a refund is offered, the cancellation preview's
// totals, and where a database refusal is shown.
import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/ipc/contract';
import { HgError } from '../../renderer/src/api/client';
import { organisationColumns } from '../../renderer/src/screens/organisations/columns';
import * as orgs from '../../renderer/src/screens/organisations/model';
import { registrationColumns, workshopColumns } from '../../renderer/src/screens/workshops/columns';
import * as ws from '../../renderer/src/screens/workshops/model';
import { fieldMessage, placeRefusal, reasonProblem } from '../../renderer/src/ui/refusal';

const ORG = '5a100000-0000-4000-8000-000000000001';
const REG = '5a200000-0000-4000-8000-000000000001';
const sortable = (columns: readonly { id?: string; enableSorting?: boolean }[]) =>
  columns.filter((column) => column.enableSorting !== false).map((column) => column.id);

describe('organisations list', () => {
  it('sorts only by what organisations:list can sort by', () => {
    expect(sortable(organisationColumns).sort()).toEqual([...orgs.sortIds].sort());
    expect(contract['organisations:list'].input.shape.sort.unwrap().options.sort()).toEqual([...orgs.sortIds].sort());
  });

  it('sends the search as typed (trimmed: SQL reads a pasted URL), the tier and the activity, and nothing unset', () => {
    const input = orgs.toListInput({
      ...orgs.defaultState,
      filters: { search: '  https://northwind.example/about ', tier: 'growth', activity: 'quiet' },
    });
    expect(input).toEqual({
      filters: { search: 'https://northwind.example/about', tier: 'growth', activity: 'quiet' },
      sort: 'name',
      desc: false,
    });
    expect(contract['organisations:list'].input.safeParse({ ...input, limit: 100 }).success).toBe(true);
    expect(orgs.toListInput(orgs.defaultState).filters).toEqual({});
    expect(orgs.isFiltered(orgs.defaultState)).toBe(false);
  });

  it.each([
    [{ ...orgs.defaultState, filters: { search: '', tier: 'platinum', activity: null } }],
    [{ ...orgs.defaultState, sort: { id: 'members', desc: true } }],
    [{ filters: orgs.defaultState.filters }],
  ])('refuses a stale persisted state %#', (value) => {
    expect(orgs.screenState.safeParse(value).success).toBe(false);
  });

  it('names tiers and subscription states, unknown codes as they are', () => {
    expect(orgs.tierInfo('enterprise')).toEqual({ label: 'Enterprise', badge: 'accent' });
    expect(orgs.tierInfo('legacy')).toEqual({ label: 'legacy', badge: '' });
    expect(orgs.subscriptionInfo('past_due')).toEqual({ label: 'Past due', badge: 'warn' });
  });

  it('shows the plan in one badge, with the subscription state only when it needs attention', () => {
    expect(orgs.planBadge('growth', 'active')).toEqual({ label: 'Growth', badge: 'info' });
    expect(orgs.planBadge('growth', 'past_due')).toEqual({ label: 'Growth · past due', badge: 'warn' });
  });

  it.each([
    ['https://northwind.example', 'northwind.example'],
    ['https://www.kestrel.example/team', 'kestrel.example'],
    ['northwind.example', 'northwind.example'],
    [null, null],
  ])('writes the website %j as %j', (website, host) => {
    expect(orgs.websiteHost(website)).toBe(host);
  });

  it.each([
    ['https://northwind.example', 'https://northwind.example/'],
    ['javascript:alert(1)', null],
    ['northwind.example', null],
    ['', null],
  ])('links only web addresses: %j', (website, href) => {
    expect(orgs.safeHref(website)).toBe(href);
  });

  it('lists each member once with all their roles, admins first, then by name', () => {
    const member = (user_id: string, full_name: string | null, role: string) => ({
      user_id,
      email: `${user_id}@x.example`,
      full_name,
      role,
      expires_at: null,
    });
    const grouped = orgs.groupMembers([
      member('b', 'Bo', 'user'),
      member('a', 'Ava', 'user'),
      member('c', null, 'admin'),
      member('a', 'Ava', 'client'),
    ]);
    expect(grouped.map((person) => [person.name, person.roles.map((r) => r.role)])).toEqual([
      ['c@x.example', ['admin']],
      ['Ava', ['user', 'client']],
      ['Bo', ['user']],
    ]);
  });

  it('says how long ago the organisation was active', () => {
    const now = Date.parse('2026-06-30T12:00:00Z');
    const ago = (days: number) => new Date(now - days * 86_400_000).toISOString();
    expect(orgs.activityText(null, now)).toBe('No activity yet');
    expect(orgs.activityText(ago(0), now)).toBe('Today');
    expect(orgs.activityText(ago(1), now)).toBe('Yesterday');
    expect(orgs.activityText(ago(12), now)).toBe('12 days ago');
    expect(orgs.activityText(ago(120), now)).toBe('3 months ago');
    expect(orgs.activityText(ago(900), now)).toBe('2 years ago');
  });
});

describe('workshops list', () => {
  it('sorts only by what workshops:list can sort by; registrations by when they were made', () => {
    const options = contract['workshops:list'].input.shape.sort.unwrap().options;
    for (const id of sortable(workshopColumns)) expect(options).toContain(id);
    expect(sortable(registrationColumns('EUR', () => undefined))).toEqual(['registered_at']);
    expect(contract['workshops:registrations'].input.shape.sort.unwrap().options).toEqual(['registered_at']);
  });

  it('sends inclusive days as typed, and leaves a backwards range out (the filter says why)', () => {
    const state = {
      ...ws.defaultState,
      filters: { search: ' leader ', status: 'published' as const, from: '2026-03-01', to: '2026-03-31' },
    };
    const input = ws.toListInput(state);
    expect(input).toEqual({
      filters: { search: 'leader', status: 'published', from: '2026-03-01', to: '2026-03-31' },
      sort: 'schedule_date',
      desc: true,
    });
    expect(contract['workshops:list'].input.safeParse({ ...input, limit: 100 }).success).toBe(true);

    const backwards = { ...ws.defaultState, filters: { ...ws.defaultState.filters, from: '2026-04-01', to: '2026-03-01' } };
    expect(ws.rangeProblem(backwards.filters)).toMatch(/before the start/);
    expect(ws.toListInput(backwards).filters).toEqual({});
    expect(ws.isFiltered(backwards)).toBe(true);
  });

  it('refuses a persisted date that is not a day', () => {
    expect(ws.screenState.safeParse({ ...ws.defaultState, filters: { ...ws.defaultState.filters, from: '1 March' } }).success).toBe(false);
  });

  it('writes a schedule date as that calendar day in any time zone', () => {
    expect(ws.formatDay('2026-03-03')).toBe('Tue 3 Mar 2026');
    expect(ws.formatDay(null)).toBe('Not scheduled');
    expect(ws.whenText({ schedule_date: '2026-03-03', schedule_time: '14:30:00' })).toBe('Tue 3 Mar 2026, 14:30');
  });

  it.each([
    [3, 20, '3 of 20 left'],
    [0, 20, 'Full'],
    [0, 0, 'No seats'],
  ])('seats %i of %i read %j', (remaining, total, text) => {
    expect(ws.seatsText(remaining, total)).toBe(text);
  });

  it('a rating without reviews is not a zero', () => {
    expect(ws.ratingText(0, 0)).toBe('No reviews yet');
    expect(ws.ratingText(4.56, 1)).toBe('4.6 (1 review)');
    expect(ws.ratingText(4, 12)).toBe('4.0 (12 reviews)');
  });

  it('offers every other status, and none out of cancelled', () => {
    expect(ws.nextStatuses('published')).toEqual(['draft', 'archived', 'cancelled']);
    expect(ws.nextStatuses('cancelled')).toEqual([]);
  });
});

describe('a registration', () => {
  it('reads its attendance from status and attended', () => {
    expect(ws.attendanceOf({ status: 'registered', attended: false })).toBe('not_attended');
    expect(ws.attendanceOf({ status: 'registered', attended: true })).toBe('attended');
    expect(ws.attendanceOf({ status: 'completed', attended: true })).toBe('completed');
  });

  it.each<[ws.Attendance, boolean, object]>([
    ['not_attended', true, { attended: false, completed: false }],
    ['attended', true, { attended: true, completed: false }],
    ['completed', true, { attended: true, completed: true, issue_certificate: true }],
    ['completed', false, { attended: true, completed: true, issue_certificate: false }],
  ])('%s (certificate %s) sends %j', (choice, issue, expected) => {
    const input = ws.attendanceInput(REG, choice, issue);
    expect(input).toEqual({ registration_id: REG, ...expected });
    expect(contract['workshops:record-attendance'].input.safeParse(input).success).toBe(true);
  });

  it('reads "Attended" for a registered person who attended', () => {
    expect(ws.registrationBadge({ status: 'registered', attended: true })).toEqual({ label: 'Attended', badge: 'accent' });
    expect(ws.registrationBadge({ status: 'registered', attended: false }).label).toBe('Registered');
    expect(ws.registrationBadge({ status: 'no_show', attended: false }).label).toBe('No-show');
  });

  it.each([
    ['money left and the right to refund', { payment_id: ORG, refundable: 49 }, true, { paymentId: ORG, refundable: 49 }],
    ['no right to refund', { payment_id: ORG, refundable: 49 }, false, null],
    ['nothing left', { payment_id: ORG, refundable: 0 }, true, null],
    ['no payment', { payment_id: null, refundable: null }, true, null],
    ['a pending payment', { payment_id: ORG, refundable: 49, payment_status: 'pending' }, true, null],
    [
      'a partly refunded payment',
      { payment_id: ORG, refundable: 9, payment_status: 'partially_refunded' },
      true,
      { paymentId: ORG, refundable: 9 },
    ],
  ])('offers a refund after cancelling: %s', (_name, result, may, offer) => {
    expect(ws.refundOffer(result, may)).toEqual(offer);
  });

  it('counts as refundable only what a refund could take', () => {
    expect(ws.refundableOf({ payment_status: 'succeeded', refundable: 49 })).toBe(49);
    expect(ws.refundableOf({ payment_status: 'pending', refundable: 49 })).toBeNull();
    expect(ws.refundableOf({ payment_status: null, refundable: null })).toBeNull();
  });

  it('shortens a long certificate number to its distinctive last part', () => {
    expect(ws.certificateTail('CERT-WORKSHOP-20261206-4883E71F')).toBe('…4883E71F');
    expect(ws.certificateTail('CERTIFICATE0000000000123')).toBe('…0000000000123');
    expect(ws.certificateTail('CERT-2026-0001')).toBe('CERT-2026-0001');
  });
});

describe('cancelling a workshop', () => {
  it('totals the refunds per currency, in cents', () => {
    expect(
      ws.previewTotals([
        { amount: 0.1, currency: 'USD' },
        { amount: 0.2, currency: 'USD' },
        { amount: 49, currency: 'EUR' },
      ]),
    ).toEqual([
      { currency: 'USD', amount: 0.3, count: 2 },
      { currency: 'EUR', amount: 49, count: 1 },
    ]);
  });

  it('sums up what happened', () => {
    const refund = { refund_id: REG, payment_id: ORG, amount: 10, currency: 'USD', status: 'pending_approval' };
    expect(ws.cancellationSummary({ cancelled_registrations: 3, refunds: [refund, refund] })).toBe(
      '3 registrations cancelled, 2 refund requests created',
    );
    expect(ws.cancellationSummary({ cancelled_registrations: 1, refunds: [] })).toBe('1 registration cancelled, 0 refund requests created');
  });

  it('an idempotency key made with crypto.randomUUID is one the contract takes', () => {
    const input = { workshop_id: ORG, status: 'cancelled', reason: 'Instructor ill', idempotency_key: crypto.randomUUID() };
    expect(contract['workshops:set-status'].input.safeParse(input).success).toBe(true);
  });
});

describe('refusals in forms', () => {
  it("puts a refusal on the field the database names, in the database's words", () => {
    const error = new HgError({ code: 'validation', message: 'organization is already growth', field: 'tier' });
    const refusal = placeRefusal(error, ['tier', 'reason']);
    expect(refusal).toEqual({ field: 'tier', message: 'organization is already growth' });
    expect(fieldMessage(refusal, 'tier', null)).toBe('organization is already growth');
    expect(fieldMessage(refusal, 'reason', 'local')).toBe('local');
  });

  it('a refusal on no field of the form goes to the banner', () => {
    const conflict = new HgError({ code: 'conflict', message: 'already cancelled by a@x at 10:02' });
    expect(placeRefusal(conflict, ['reason'])).toEqual({ field: null, message: 'already cancelled by a@x at 10:02' });
    expect(placeRefusal(new HgError({ code: 'validation', message: 'bad', field: 'filters.status' }), ['reason'])?.field).toBeNull();
    expect(placeRefusal(null, ['reason'])).toBeNull();
    expect(placeRefusal(new Error('boom'), ['reason'])?.message).toMatch(/went wrong/);
  });

  it('a blank reason is reported once the person tried; a pasted control character at once', () => {
    expect(reasonProblem('  ', false)).toBeNull();
    expect(reasonProblem('  ', true)).toMatch(/reason/i);
    expect(reasonProblem('Instructor ill', true)).toBeNull();
    expect(reasonProblem('bad\u0000paste', false)).toMatch(/NUL/);
  });
});
