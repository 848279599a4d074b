// Engagements, talent, certificates and assessments screens: their persisted state → channel input (checked against
// the contract), the columns against each list's sort enum, the hours a person types, and how refusals and
// verifications read.
import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/ipc/contract';
import { HgError } from '../../renderer/src/api/client';
import { refusalHint } from '../../renderer/src/ui/RefusalBanner';
import { assessmentColumns } from '../../renderer/src/screens/assessments/columns';
import { formatScore, toListInput as assessmentInput } from '../../renderer/src/screens/assessments/model';
import { certificateColumns } from '../../renderer/src/screens/certificates/columns';
import {
  defaultState as certificateDefaults,
  screenState as certificateState,
  stateOf,
  toListInput as certificateInput,
  verdict,
  type Verification,
} from '../../renderer/src/screens/certificates/model';
import { engagementColumns } from '../../renderer/src/screens/engagements/columns';
import { budgetLevel, budgetPercent, hoursLeft, hoursOfBudget, parseSessionHours } from '../../renderer/src/screens/engagements/hours';
import {
  dateRange,
  defaultState as engagementDefaults,
  engagementName,
  screenState as engagementState,
  sessionChange,
  toListInput as engagementInput,
} from '../../renderer/src/screens/engagements/model';
import { expertColumns } from '../../renderer/src/screens/talent/columns';
import { queueKeyFor } from '../../renderer/src/screens/talent/keyboard';
import {
  attribution,
  canDecide,
  conflictNotice,
  defaultExpertsState,
  queueForExpert,
  queueState,
  ratingText,
  toTalentInput,
  toTestimonialInput,
} from '../../renderer/src/screens/talent/model';

const ID = '5a000000-0000-4000-8000-000000000001';
const sortable = (columns: readonly { id?: string; enableSorting?: boolean }[]) =>
  columns
    .filter((column) => column.enableSorting !== false)
    .map((column) => column.id)
    .sort();
const sortEnum = (channel: 'engagements:list' | 'talent:list' | 'certificates:list') =>
  [...contract[channel].input.shape.sort.unwrap().options].sort();

describe('a session’s length as typed', () => {
  it.each([
    ['1.5', 1.5],
    ['0', 0],
    ['24', 24],
    ['.5', 0.5],
    ['2.25', 2.25],
    [' 3 ', 3],
  ])('reads %j as %d hours', (text, hours) => {
    expect(parseSessionHours(text)).toEqual({ ok: true, value: hours });
  });

  it.each([
    ['', 'Enter the length in hours, such as 1.5.'],
    ['1,5', 'Use a point for decimals: write 1.5, not “1,5”.'],
    ['2h', 'Type only the number of hours, such as 2, without “h”.'],
    ['2 hours', 'Type only the number of hours, such as 2, without “h”.'],
    ['1,5h', 'Type only the number of hours, such as 1.5, without “h”.'],
    ['1:30', 'Write the length in hours with a point: 1:30 is 1.5.'],
    ['90 min', 'Give the length in hours, not minutes: 90 minutes is 1.5.'],
    ['-1', 'The length cannot be negative.'],
    ['24.5', 'A session lasts at most 24 hours.'],
    ['1.255', 'Use at most 2 decimals, such as 1.25.'],
    ['1e1', 'Write the hours in plain digits, such as 1.5, not “1e1”.'],
    ['two', '“two” is not a number of hours. Type digits, such as 1.5.'],
  ])('refuses %j in words', (text, reason) => {
    expect(parseSessionHours(text)).toEqual({ ok: false, reason });
  });

  it('accepts only what the contract’s sessionHours accepts', () => {
    for (const text of ['0', '1.5', '24', '23.99']) {
      const parsed = parseSessionHours(text);
      expect(parsed.ok).toBe(true);
      const input = { session_id: ID, status: 'completed', duration_hours: parsed.ok ? parsed.value : -1 };
      expect(contract['engagements:set-session-status'].input.safeParse(input).success).toBe(true);
    }
  });
});

describe('hours used of the budget', () => {
  it('reads "12.5 / 40 h" with what is left', () => {
    expect(hoursOfBudget(12.5, 40)).toBe('12.5 / 40 h');
    expect(hoursOfBudget(41.25, 40)).toBe('41.25 / 40 h');
    expect(hoursLeft(12.5, 40)).toBe('27.5 h left');
    expect(hoursLeft(40, 40)).toBe('No hours left');
  });

  it.each([
    [0, 40, 0, 'ok'],
    [12.5, 40, 31, 'ok'],
    [36, 40, 90, 'near'],
    [40, 40, 100, 'full'],
    [45, 40, 100, 'full'],
  ] as const)('%d of %d h fills %d%% of the bar (%s)', (used, total, percent, level) => {
    expect(budgetPercent(used, total)).toBe(percent);
    expect(budgetLevel(used, total)).toBe(level);
  });
});

describe('engagements list and session changes', () => {
  it('sorts exactly by what engagements:list can sort by', () => {
    expect(sortable(engagementColumns)).toEqual(sortEnum('engagements:list'));
  });

  it('maps the persisted state to a valid engagements:list input, leaving out what is unset', () => {
    const input = engagementInput({ ...engagementDefaults, filters: { search: ' rollout ', status: 'active' } });
    expect(input).toEqual({ filters: { search: 'rollout', status: 'active' }, sort: 'start_date', desc: true });
    expect(contract['engagements:list'].input.safeParse({ ...input, limit: 50 }).success).toBe(true);
    expect(engagementInput(engagementDefaults).filters).toEqual({});
  });

  it('refuses a stale persisted state', () => {
    expect(engagementState.safeParse({ ...engagementDefaults, filters: { search: '', status: 'archived' } }).success).toBe(false);
  });

  it('sends the duration only when it changed, and the reason only when given', () => {
    const session = { id: ID, duration_hours: 3 };
    expect(sessionChange(session, 'completed', 3, '  ')).toEqual({ session_id: ID, status: 'completed', duration_hours: null });
    const changed = sessionChange(session, 'completed', 5.5, ' client asked ');
    expect(changed).toEqual({ session_id: ID, status: 'completed', duration_hours: 5.5, reason: 'client asked' });
    expect(contract['engagements:set-session-status'].input.safeParse(changed).success).toBe(true);
  });

  it('names an engagement by its title, else its focus area; dates are calendar days', () => {
    expect(engagementName({ title: null, focus_area: 'AI Adoption' })).toBe('AI Adoption');
    expect(engagementName({ title: ' ', focus_area: 'AI Adoption' })).toBe('AI Adoption');
    expect(dateRange('2026-02-03', '2026-05-14')).toBe('3 Feb – 14 May 2026');
    expect(dateRange('2026-12-20', '2027-04-05')).toBe('20 Dec 2026 – 5 Apr 2027');
    expect(dateRange('2026-02-03', null)).toBe('from 3 Feb 2026');
    expect(dateRange(null, null)).toBe('—');
  });
});

describe('talent and the testimonial queue', () => {
  it('sorts experts exactly by what talent:list can sort by', () => {
    expect(sortable(expertColumns)).toEqual(sortEnum('talent:list'));
    const input = toTalentInput({ ...defaultExpertsState, filters: { search: 'priya', availability: 'limited' } });
    expect(contract['talent:list'].input.safeParse(input).success).toBe(true);
  });

  it('asks for one state, or every state for "all", optionally one expert’s', () => {
    expect(toTestimonialInput({ state: 'pending', expert: null })).toEqual({ filters: { state: 'pending' } });
    const all = toTestimonialInput({ state: 'all', expert: { id: ID, name: 'Amara' } });
    expect(all).toEqual({ filters: { talent_profile_id: ID } });
    expect(contract['talent:testimonials'].input.safeParse(all).success).toBe(true);
    expect(queueState.safeParse({ state: 'archived', expert: null }).success).toBe(false);
  });

  it('opens an expert’s pending testimonials when there are some, else all of theirs', () => {
    const expert = { id: ID, full_name: null, email: 'amara@example.com' };
    expect(queueForExpert({ ...expert, testimonials_pending: 2 })).toEqual({
      state: 'pending',
      expert: { id: ID, name: 'amara@example.com' },
    });
    expect(queueForExpert({ ...expert, testimonials_pending: 0 }).state).toBe('all');
  });

  it('a decision applies only when it changes something', () => {
    expect(canDecide({ state: 'pending' }, 'verify')).toBe(true);
    expect(canDecide({ state: 'verified' }, 'verify')).toBe(false);
    expect(canDecide({ state: 'verified' }, 'reject')).toBe(true);
    expect(canDecide({ state: 'rejected' }, 'reject')).toBe(false);
  });

  it('keeps SQL’s words for a conflict and says the queue reloaded', () => {
    const edited = conflictNotice('testimonial 1 was changed at 2026-03-01T10:00:00Z after you opened it: read it again before deciding');
    expect(edited.title).toBe('Edited after you opened it');
    expect(edited.message).toBe(
      'testimonial 1 was changed at 2026-03-01T10:00:00Z after you opened it: read it again before deciding. It has been reloaded with what it says now.',
    );
    expect(conflictNotice('testimonial is already verified (by ava@humanglue.dev).').title).toBe('Already decided');
  });

  it('writes attributions, ratings and the queue keys', () => {
    expect(attribution({ client_name: 'Sam Patel', client_title: null, client_company: 'Kestrel Labs' })).toBe('Sam Patel, Kestrel Labs');
    expect(ratingText(4.8, 12)).toBe('4.8 ★ · 12 reviews');
    expect(ratingText(0, 0)).toBe('No reviews yet');
    expect(queueKeyFor({ key: 'v', ctrlKey: false, metaKey: false, altKey: false })).toBe('verify');
    expect(queueKeyFor({ key: 'r', ctrlKey: true, metaKey: false, altKey: false })).toBeNull();
  });
});

describe('certificates', () => {
  it('sorts exactly by what certificates:list can sort by; a pasted link is passed as typed', () => {
    expect(sortable(certificateColumns)).toEqual(sortEnum('certificates:list'));
    const link = 'https://humanglue.dev/verify/CERT-WORKSHOP-20260301-AB12CD34';
    const input = certificateInput({ ...certificateDefaults, filters: { search: ` ${link} `, state: 'revoked' } });
    expect(input.filters).toEqual({ search: link, state: 'revoked' });
    expect(contract['certificates:list'].input.safeParse(input).success).toBe(true);
    expect(certificateState.safeParse({ ...certificateDefaults, filters: { search: '', state: 'lost' } }).success).toBe(false);
  });

  it.each([
    [{ revoked_at: null, expiry_date: null }, 'valid'],
    [{ revoked_at: null, expiry_date: '2026-03-10' }, 'valid'],
    [{ revoked_at: null, expiry_date: '2026-03-09' }, 'expired'],
    [{ revoked_at: '2026-01-01T10:00:00Z', expiry_date: '2025-01-01' }, 'revoked'],
  ])('%j is %s on 10 Mar 2026', (row, state) => {
    expect(stateOf(row, '2026-03-10')).toBe(state);
  });

  const answer: Verification = {
    certificate_number: 'CERT-WORKSHOP-20260301-AB12CD34',
    certificate_type: 'workshop',
    title: 'Certificate of Completion: AI Foundations',
    recipient_name: 'Lena Fischer',
    issue_date: '2026-03-01',
    expiry_date: null,
    is_verified: true,
    is_expired: false,
    is_revoked: false,
    revoked_at: null,
  };
  it.each([
    [null, 'error', /^Not found/],
    [{ ...answer, is_revoked: true, revoked_at: '2026-03-02T09:00:00Z', is_expired: true }, 'error', /^Revoked/],
    [{ ...answer, is_expired: true }, 'warn', /^Expired/],
    [{ ...answer, is_verified: false }, 'warn', /^Not verified/],
    [answer, 'ok', /^Valid/],
  ])('says what the public page says for %#', (value, kind, title) => {
    const said = verdict(value);
    expect(said.kind).toBe(kind);
    expect(said.title).toMatch(title);
  });
});

describe('assessments', () => {
  it('asks for one organisation’s assessments, with a status when chosen', () => {
    const input = assessmentInput({ organization: { id: ID, name: 'Northwind' }, status: 'completed' });
    expect(input).toEqual({ filters: { organization_id: ID, status: 'completed' } });
    expect(contract['assessments:list'].input.safeParse(input).success).toBe(true);
  });

  it('shows the five scores and overall, and nothing of the answers', () => {
    const ids = assessmentColumns.map((column) => column.id);
    expect(ids.slice(-6)).toEqual([
      'individual_score',
      'leadership_score',
      'cultural_score',
      'embedding_score',
      'velocity_score',
      'overall_score',
    ]);
    expect(ids.some((id) => /answer|result|recommendation/.test(id ?? ''))).toBe(false);
    expect(formatScore(71.6)).toBe('72');
    expect(formatScore(null)).toBe('—');
  });
});

describe('refusals', () => {
  it('carry the database’s hint when it gives one', () => {
    const budget = new HgError({
      code: 'conflict',
      message: 'session would exceed the engagement’s hour budget (41.50 of 40.00 hours)',
      details: { hint: 'Raise the engagement’s hours_total first, or shorten the session.' },
    });
    expect(refusalHint(budget)).toBe('Raise the engagement’s hours_total first, or shorten the session.');
    expect(refusalHint(new HgError({ code: 'conflict', message: 'already revoked' }))).toBeNull();
    expect(refusalHint(new Error('x'))).toBeNull();
  });
});
