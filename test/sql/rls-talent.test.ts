// Row-level security of 004: talent_profiles, talent_testimonials, engagements, engagement_sessions, and the
// marketplace search (security definer, public fields only).
// SCHEMA.md: profiles: anon sees is_public; authenticated is_public or own; insert own with the expert role; update
// own (guard: rating, review_count); delete own. Testimonials follow their profile (guard: verified; an expert's
// content edit silently unverifies). Engagements: select client or expert; insert client_id = uid (guard: pending,
// unscored); update either party (guard: only the client changes hours_total/hourly_rate and scores, and only a
// completed engagement; the expert moves the status, the client may cancel); delete admin. Sessions: parties of
// the engagement for everything. Platform admins pass every policy; service_role bypasses RLS.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db.js';
import {
  createEngagement,
  createSession,
  createTalentProfile,
  createUser,
  grantRole,
  insertRow,
  type UserRow,
} from '../support/factories.js';
import {
  actorsOf,
  createCast,
  deleteAs,
  expectDeleteAllowed,
  expectDeleteRefused,
  expectGuard,
  expectInsertAllowed,
  expectPermissionDenied,
  expectRlsViolation,
  expectUpdateAllowed,
  expectUpdateRefused,
  insertAs,
  updateAs,
  userActor,
  visible,
  type Actor,
  type ActorName,
  type Cast,
} from './rls-helpers.js';

const db = useTestDatabase();
let cast: Cast;
let expert2: UserRow;
let newExpert: UserRow;
let lapsedExpert: UserRow;
const base = actorsOf(db, () => cast);
type Name = ActorName | 'expert2' | 'newExpert' | 'lapsedExpert';
const as = (name: Name): Actor =>
  name === 'expert2'
    ? userActor(db, name, expert2.id)
    : name === 'newExpert'
      ? userActor(db, name, newExpert.id)
      : name === 'lapsedExpert'
        ? userActor(db, name, lapsedExpert.id)
        : base(name);

const EXPERTISE = 'RLS Marketplace Testing';
let profiles: Record<'profPublic' | 'profPrivate', string>;
let testimonials: Record<'tPublic' | 'tPrivate', string>;
let engagements: Record<'eng1' | 'eng2', string>;
let sessions: Record<'s1' | 's2', string>;
/** A completed engagement between client and expert, outside the select matrix: the one the client may score. */
let engDone: string;
/** A verified testimonial on the public profile, outside the select matrix. */
let tVerified: string;

beforeAll(async () => {
  cast = await createCast(db);
  const q = db.owner;
  const person = async (full_name: string, role: string, expires_at?: Date) => {
    const row = await createUser(q, { full_name });
    await grantRole(q, row.id, role, { expires_at });
    return row;
  };
  expert2 = await person('RLS expert2 private', 'expert');
  newExpert = await person('RLS new expert', 'expert');
  lapsedExpert = await person('RLS lapsed expert', 'expert', new Date(Date.now() - 86_400_000));
  const profPublic = await createTalentProfile(q, cast.expert.id, { is_public: true, expertise: [EXPERTISE] });
  const profPrivate = await createTalentProfile(q, expert2.id, { is_public: false, expertise: [EXPERTISE] });
  profiles = { profPublic: profPublic.id, profPrivate: profPrivate.id };
  const testimonial = (profileId: string) =>
    insertRow<{ id: string }>(q, 'public.talent_testimonials', {
      talent_profile_id: profileId,
      client_name: 'Dana',
      quote: 'Changed how we work.',
    });
  testimonials = { tPublic: (await testimonial(profPublic.id)).id, tPrivate: (await testimonial(profPrivate.id)).id };
  tVerified = (
    await insertRow<{ id: string }>(q, 'public.talent_testimonials', {
      talent_profile_id: profPublic.id,
      client_name: 'Dana',
      client_company: 'Acme',
      quote: 'Verified words.',
      metric: '+20% adoption',
      verified: true,
    })
  ).id;
  const eng1 = await createEngagement(q, cast.client.id, cast.expert.id, { organization_id: cast.orgA.id });
  const eng2 = await createEngagement(q, cast.other.id, expert2.id);
  engagements = { eng1: eng1.id, eng2: eng2.id };
  engDone = (await createEngagement(q, cast.client.id, cast.expert.id, { status: 'completed' })).id;
  sessions = { s1: (await createSession(q, eng1.id)).id, s2: (await createSession(q, eng2.id)).id };
});

describe('talent_profiles', () => {
  const both = ['profPrivate', 'profPublic'];
  it.each<[Name, string[]]>([
    ['anon', ['profPublic']],
    ['user', ['profPublic']],
    ['other', ['profPublic']],
    ['orgMember', ['profPublic']],
    ['orgBMember', ['profPublic']],
    ['client', ['profPublic']],
    ['orgAdmin', ['profPublic']],
    ['instructor', ['profPublic']],
    ['expert', ['profPublic']],
    ['expert2', both],
    ['expiredAdmin', ['profPublic']],
    ['admin', both],
    ['service', both],
  ])('select: %s sees %j', async (actor, expected) => {
    expect(await visible(as(actor), 'talent_profiles', profiles)).toEqual(expected);
  });

  it('anon may only read profiles', async () => {
    await expectPermissionDenied(insertAs(as('anon'), 'talent_profiles', { user_id: newExpert.id }));
    await expectPermissionDenied(updateAs(as('anon'), 'talent_profiles', profiles.profPublic, { tagline: 'x' }));
    await expectPermissionDenied(deleteAs(as('anon'), 'talent_profiles', profiles.profPublic));
  });

  it('insert: an expert may create their own profile', async () => {
    const row = await expectInsertAllowed(as('newExpert'), 'talent_profiles', { user_id: newExpert.id, tagline: 'Change lead' });
    expect(row).toMatchObject({ user_id: newExpert.id, rating: 0, review_count: 0 });
  });

  it.each<[string, Name, () => string]>([
    ['an expert, for someone else', 'newExpert', () => cast.user.id],
    ['a user without the expert role', 'user', () => cast.user.id],
    ['an instructor', 'instructor', () => cast.instructor.id],
    ['an expert whose role expired', 'lapsedExpert', () => lapsedExpert.id],
    ['an expired admin, for someone else', 'expiredAdmin', () => newExpert.id],
  ])('insert: refused for %s', async (_who, actor, userId) => {
    await expectRlsViolation(insertAs(as(actor), 'talent_profiles', { user_id: userId() }), 'talent_profiles');
  });

  it.each<Name>(['admin', 'service'])("insert: %s may create anyone's profile", async (actor) => {
    await expectInsertAllowed(as(actor), 'talent_profiles', { user_id: cast.user.id });
  });

  it('update: an expert may edit their own profile, including hiding it', async () => {
    const row = await expectUpdateAllowed(as('expert'), 'talent_profiles', profiles.profPublic, {
      tagline: 'New tagline',
      is_public: false,
      hourly_rate: 250,
    });
    expect(row).toMatchObject({ tagline: 'New tagline', is_public: false, hourly_rate: 250 });
  });

  it.each<[string, Record<string, unknown>]>([
    ['rating', { rating: 5 }],
    ['review_count', { review_count: 99 }],
  ])('update: the guard refuses an expert writing their own %s', async (column, set) => {
    await expectGuard(updateAs(as('expert'), 'talent_profiles', profiles.profPublic, set), column);
  });

  it('update: an expert cannot give their profile to someone else', async () => {
    await expectRlsViolation(updateAs(as('expert'), 'talent_profiles', profiles.profPublic, { user_id: newExpert.id }), 'talent_profiles');
  });

  it.each<[Name, keyof typeof profiles]>([
    ['expert', 'profPrivate'],
    ['expert2', 'profPublic'],
    ['user', 'profPublic'],
    ['client', 'profPublic'],
    ['expiredAdmin', 'profPublic'],
  ])('update: %s cannot edit %s (0 rows, unchanged)', async (actor, profile) => {
    await expectUpdateRefused(db, as(actor), 'talent_profiles', profiles[profile], { tagline: 'Hijacked', is_public: true });
  });

  it.each<Name>(['admin', 'service'])('update: %s may edit any profile, rating included', async (actor) => {
    const row = await expectUpdateAllowed(as(actor), 'talent_profiles', profiles.profPrivate, { rating: 4.5, is_public: true });
    expect(row).toMatchObject({ rating: 4.5, is_public: true });
  });

  it('delete: an expert may delete their own profile', async () => {
    await expectDeleteAllowed(as('expert'), 'talent_profiles', profiles.profPublic);
  });

  it.each<[Name, keyof typeof profiles]>([
    ['expert2', 'profPublic'],
    ['expert', 'profPrivate'],
    ['user', 'profPublic'],
    ['expiredAdmin', 'profPublic'],
  ])('delete: %s cannot delete %s', async (actor, profile) => {
    await expectDeleteRefused(db, as(actor), 'talent_profiles', profiles[profile]);
  });

  it.each<Name>(['admin', 'service'])('delete: %s may delete any profile', async (actor) => {
    await expectDeleteAllowed(as(actor), 'talent_profiles', profiles.profPrivate);
  });

  it('search_talent (security definer) shows anon only public profiles, with the public fields', async () => {
    const rows = await as('anon').run(
      async (q) => (await q.query('select * from public.search_talent($1::text[], 0, 100)', [[EXPERTISE]])).rows,
    );
    expect(rows.map((row) => row.full_name)).toEqual(['RLS expert']);
    expect(Object.keys(rows[0]!)).not.toContain('email');
  });
});

describe('talent_testimonials', () => {
  const both = ['tPrivate', 'tPublic'];
  it.each<[Name, string[]]>([
    ['anon', ['tPublic']],
    ['user', ['tPublic']],
    ['other', ['tPublic']],
    ['instructor', ['tPublic']],
    ['client', ['tPublic']],
    ['orgAdmin', ['tPublic']],
    ['orgMember', ['tPublic']],
    ['orgBMember', ['tPublic']],
    ['expert', ['tPublic']],
    ['expert2', both],
    ['expiredAdmin', ['tPublic']],
    ['admin', both],
    ['service', both],
  ])('select: %s sees %j', async (actor, expected) => {
    expect(await visible(as(actor), 'talent_testimonials', testimonials)).toEqual(expected);
  });

  const quote = (profileId: string, extra: Record<string, unknown> = {}) => ({
    talent_profile_id: profileId,
    client_name: 'Sam',
    quote: 'Our teams adopted AI in weeks.',
    ...extra,
  });

  it('anon may only read testimonials', async () => {
    await expectPermissionDenied(insertAs(as('anon'), 'talent_testimonials', quote(profiles.profPublic)));
    await expectPermissionDenied(updateAs(as('anon'), 'talent_testimonials', testimonials.tPublic, { quote: 'x' }));
    await expectPermissionDenied(deleteAs(as('anon'), 'talent_testimonials', testimonials.tPublic));
  });

  it('insert: an expert may add a testimonial to their own profile', async () => {
    const row = await expectInsertAllowed(as('expert'), 'talent_testimonials', quote(profiles.profPublic));
    expect(row.verified).toBe(false);
  });

  it.each<[Name, keyof typeof profiles]>([
    ['expert', 'profPrivate'],
    ['expert2', 'profPublic'],
    ['user', 'profPublic'],
    ['expiredAdmin', 'profPublic'],
  ])('insert: %s cannot add a testimonial to %s', async (actor, profile) => {
    await expectRlsViolation(insertAs(as(actor), 'talent_testimonials', quote(profiles[profile])), 'talent_testimonials');
  });

  it('insert: an expert cannot self-verify a new testimonial (only a platform admin may set verified)', async () => {
    await expectGuard(insertAs(as('expert'), 'talent_testimonials', quote(profiles.profPublic, { verified: true })), 'verified');
  });

  it.each<Name>(['admin', 'service'])('insert: %s may add a verified testimonial to any profile', async (actor) => {
    const row = await expectInsertAllowed(as(actor), 'talent_testimonials', quote(profiles.profPrivate, { verified: true }));
    expect(row.verified).toBe(true);
  });

  it('update: an expert may edit testimonials of their own profile', async () => {
    const row = await expectUpdateAllowed(as('expert'), 'talent_testimonials', testimonials.tPublic, {
      quote: 'Edited quote',
      is_featured: true,
    });
    expect(row).toMatchObject({ quote: 'Edited quote', is_featured: true });
  });

  it.each<[string, Record<string, unknown>]>([
    ['quote', { quote: 'Much better words.' }],
    ['client_name', { client_name: 'A Famous Name' }],
    ['client_company', { client_company: 'Famous Corp' }],
    ['metric', { metric: '+500% adoption' }],
  ])('update: an expert rewriting %s of a verified testimonial keeps the edit, and it is no longer verified', async (column, set) => {
    const row = await expectUpdateAllowed(as('expert'), 'talent_testimonials', tVerified, set);
    expect(row).toMatchObject({ ...set, verified: false });
  });

  it('update: an expert featuring a verified testimonial keeps it verified', async () => {
    const row = await expectUpdateAllowed(as('expert'), 'talent_testimonials', tVerified, { is_featured: true });
    expect(row).toMatchObject({ is_featured: true, verified: true });
  });

  it.each<Name>(['admin', 'service'])("update: %s may edit a verified testimonial's quote and keep it verified", async (actor) => {
    const row = await expectUpdateAllowed(as(actor), 'talent_testimonials', tVerified, { quote: 'Typo fixed.' });
    expect(row).toMatchObject({ quote: 'Typo fixed.', verified: true });
  });

  it('update: the guard refuses an expert verifying their own testimonial', async () => {
    await expectGuard(updateAs(as('expert'), 'talent_testimonials', testimonials.tPublic, { verified: true }), 'verified');
  });

  it("update: an expert cannot move a testimonial onto someone else's profile", async () => {
    await expectRlsViolation(
      updateAs(as('expert'), 'talent_testimonials', testimonials.tPublic, { talent_profile_id: profiles.profPrivate }),
      'talent_testimonials',
    );
  });

  it.each<[Name, keyof typeof testimonials]>([
    ['expert', 'tPrivate'],
    ['expert2', 'tPublic'],
    ['user', 'tPublic'],
    ['expiredAdmin', 'tPublic'],
  ])('update: %s cannot edit %s (0 rows, unchanged)', async (actor, key) => {
    await expectUpdateRefused(db, as(actor), 'talent_testimonials', testimonials[key], { quote: 'Hijacked' });
  });

  it.each<Name>(['admin', 'service'])('update: %s may verify any testimonial', async (actor) => {
    const row = await expectUpdateAllowed(as(actor), 'talent_testimonials', testimonials.tPrivate, { verified: true });
    expect(row.verified).toBe(true);
  });

  it('delete: an expert may delete testimonials of their own profile', async () => {
    await expectDeleteAllowed(as('expert'), 'talent_testimonials', testimonials.tPublic);
  });

  it.each<[Name, keyof typeof testimonials]>([
    ['expert', 'tPrivate'],
    ['expert2', 'tPublic'],
    ['user', 'tPublic'],
    ['expiredAdmin', 'tPublic'],
  ])('delete: %s cannot delete %s', async (actor, key) => {
    await expectDeleteRefused(db, as(actor), 'talent_testimonials', testimonials[key]);
  });

  it.each<Name>(['admin', 'service'])('delete: %s may delete any testimonial', async (actor) => {
    await expectDeleteAllowed(as(actor), 'talent_testimonials', testimonials.tPrivate);
  });
});

describe('engagements', () => {
  const both = ['eng1', 'eng2'];
  it('anon has no grant on engagements', async () => {
    await expectPermissionDenied(as('anon').run((q) => q.query('select id from public.engagements')));
    await expectPermissionDenied(
      insertAs(as('anon'), 'engagements', { client_id: cast.user.id, expert_id: cast.expert.id, focus_area: 'x', hours_total: 1 }),
    );
    await expectPermissionDenied(updateAs(as('anon'), 'engagements', engagements.eng1, { title: 'x' }));
    await expectPermissionDenied(deleteAs(as('anon'), 'engagements', engagements.eng1));
  });

  it.each<[Name, string[]]>([
    ['client', ['eng1']],
    ['expert', ['eng1']],
    ['other', ['eng2']],
    ['expert2', ['eng2']],
    ['user', []],
    ['instructor', []],
    ['orgAdmin', []],
    ['orgMember', []],
    ['orgBMember', []],
    ['expiredAdmin', []],
    ['admin', both],
    ['service', both],
  ])('select: %s sees %j (the organization does not widen it)', async (actor, expected) => {
    expect(await visible(as(actor), 'engagements', engagements)).toEqual(expected);
  });

  const engagement = (clientId: string, expertId: string) => ({
    client_id: clientId,
    expert_id: expertId,
    focus_area: 'Culture',
    hours_total: 5,
  });

  it.each<Name>(['client', 'user'])('insert: %s may open an engagement as its client', async (actor) => {
    const row = await expectInsertAllowed(as(actor), 'engagements', engagement(as(actor).id!, expert2.id));
    expect(row).toMatchObject({ client_id: as(actor).id, status: 'pending', hours_used: 0 });
  });

  it.each<[string, Name, () => [string, string]]>([
    ["an expert, on a client's behalf", 'expert', () => [cast.client.id, cast.expert.id]],
    ['a client, for another client', 'client', () => [cast.other.id, cast.expert.id]],
    ['an org admin, for a member', 'orgAdmin', () => [cast.orgMember.id, cast.expert.id]],
    ['an expired admin', 'expiredAdmin', () => [cast.user.id, cast.expert.id]],
  ])('insert: refused for %s', async (_who, actor, parties) => {
    const [clientId, expertId] = parties();
    await expectRlsViolation(insertAs(as(actor), 'engagements', engagement(clientId, expertId)), 'engagements');
  });

  it.each<[string, Record<string, unknown>]>([
    ['client_satisfaction_score', { client_satisfaction_score: 5 }],
    ['status', { status: 'completed' }],
    ['status', { status: 'active' }],
    ['hours_used', { hours_used: 1 }],
  ])('insert: the guard refuses a client opening an engagement with %s set (%j)', async (column, extra) => {
    await expectGuard(insertAs(as('client'), 'engagements', { ...engagement(cast.client.id, expert2.id), ...extra }), column);
  });

  it.each<Name>(['admin', 'service'])('insert: %s may open any engagement', async (actor) => {
    await expectInsertAllowed(as(actor), 'engagements', engagement(cast.user.id, expert2.id));
  });

  it.each<Name>(['admin', 'service'])('insert: %s may record a completed, scored engagement', async (actor) => {
    const row = await expectInsertAllowed(as(actor), 'engagements', {
      ...engagement(cast.user.id, expert2.id),
      status: 'completed',
      client_satisfaction_score: 4,
    });
    expect(row).toMatchObject({ status: 'completed', client_satisfaction_score: 4 });
  });

  it('update: the client may edit it and rate it once completed', async () => {
    const row = await expectUpdateAllowed(as('client'), 'engagements', engDone, { title: 'Roadmap', client_satisfaction_score: 5 });
    expect(row).toMatchObject({ title: 'Roadmap', client_satisfaction_score: 5 });
  });

  it('update: the guard refuses the expert rating even a completed engagement', async () => {
    await expectGuard(updateAs(as('expert'), 'engagements', engDone, { client_satisfaction_score: 5 }), 'client_satisfaction_score');
  });

  it('update: the guard refuses the client rating an engagement that is not completed', async () => {
    await expectGuard(
      updateAs(as('client'), 'engagements', engagements.eng1, { client_satisfaction_score: 5 }),
      'client_satisfaction_score',
    );
  });

  it('update: the guard refuses the client completing an engagement (the expert completes it)', async () => {
    await expectGuard(
      updateAs(as('client'), 'engagements', engagements.eng1, { status: 'completed', client_satisfaction_score: 5 }),
      'status',
    );
  });

  it('update: the client may cancel an engagement that is not completed', async () => {
    const row = await expectUpdateAllowed(as('client'), 'engagements', engagements.eng1, { status: 'cancelled' });
    expect(row.status).toBe('cancelled');
  });

  it('update: the client may change the commercial terms', async () => {
    const row = await expectUpdateAllowed(as('client'), 'engagements', engagements.eng1, { hours_total: 12, hourly_rate: 275 });
    expect(row).toMatchObject({ hours_total: 12, hourly_rate: 275 });
  });

  it.each<[string, Record<string, unknown>]>([
    ['hours_total', { hours_total: 100 }],
    ['hourly_rate', { hourly_rate: 900 }],
  ])('update: the guard refuses the expert changing %s alone', async (column, set) => {
    await expectGuard(updateAs(as('expert'), 'engagements', engagements.eng1, set), column);
  });

  it('update: the expert may complete it', async () => {
    const row = await expectUpdateAllowed(as('expert'), 'engagements', engagements.eng1, { status: 'completed' });
    expect(row.status).toBe('completed');
  });

  it('update: the expert may edit it', async () => {
    const row = await expectUpdateAllowed(as('expert'), 'engagements', engagements.eng1, {
      status: 'paused',
      deliverables: JSON.stringify(['plan']),
    });
    expect(row).toMatchObject({ status: 'paused', deliverables: ['plan'] });
  });

  it.each<[Name, string, Record<string, unknown>]>([
    ['expert', 'client_satisfaction_score', { client_satisfaction_score: 5 }],
    ['client', 'expert_id', { expert_id: 'expert2' }],
    ['expert', 'client_id', { client_id: 'other' }],
    ['client', 'client_id', { client_id: 'other' }],
    ['client', 'hours_used', { hours_used: 0.5 }],
    ['expert', 'hours_used', { hours_used: 9 }],
  ])('update: the guard refuses the %s writing %s', async (actor, column, set) => {
    const value = set[column] === 'expert2' ? expert2.id : set[column] === 'other' ? cast.other.id : set[column];
    await expectGuard(updateAs(as(actor), 'engagements', engagements.eng1, { [column]: value }), column);
  });

  it.each<[Name, keyof typeof engagements]>([
    ['expert2', 'eng1'],
    ['other', 'eng1'],
    ['client', 'eng2'],
    ['orgAdmin', 'eng1'],
    ['orgMember', 'eng1'],
    ['expiredAdmin', 'eng1'],
  ])('update: %s cannot edit %s (0 rows, unchanged)', async (actor, key) => {
    await expectUpdateRefused(db, as(actor), 'engagements', engagements[key], { title: 'Hijacked' });
  });

  it.each<Name>(['admin', 'service'])('update: %s may write any column', async (actor) => {
    const row = await expectUpdateAllowed(as(actor), 'engagements', engagements.eng2, { hours_used: 2, client_satisfaction_score: 3 });
    expect(row).toMatchObject({ hours_used: 2, client_satisfaction_score: 3 });
  });

  it.each<[Name, keyof typeof engagements]>([
    ['client', 'eng1'],
    ['expert', 'eng1'],
    ['other', 'eng1'],
    ['expiredAdmin', 'eng2'],
  ])('delete: %s cannot delete %s', async (actor, key) => {
    await expectDeleteRefused(db, as(actor), 'engagements', engagements[key]);
  });

  it.each<Name>(['admin', 'service'])('delete: %s may delete an engagement', async (actor) => {
    await expectDeleteAllowed(as(actor), 'engagements', engagements.eng2);
  });
});

describe('engagement_sessions', () => {
  const both = ['s1', 's2'];
  it('anon has no grant on sessions', async () => {
    await expectPermissionDenied(as('anon').run((q) => q.query('select id from public.engagement_sessions')));
    await expectPermissionDenied(
      insertAs(as('anon'), 'engagement_sessions', { engagement_id: engagements.eng1, session_type: 'coaching', scheduled_at: new Date() }),
    );
    await expectPermissionDenied(updateAs(as('anon'), 'engagement_sessions', sessions.s1, { session_notes: 'x' }));
    await expectPermissionDenied(deleteAs(as('anon'), 'engagement_sessions', sessions.s1));
  });

  it.each<[Name, string[]]>([
    ['client', ['s1']],
    ['expert', ['s1']],
    ['other', ['s2']],
    ['expert2', ['s2']],
    ['user', []],
    ['instructor', []],
    ['orgAdmin', []],
    ['orgMember', []],
    ['orgBMember', []],
    ['expiredAdmin', []],
    ['admin', both],
    ['service', both],
  ])('select: %s sees %j', async (actor, expected) => {
    expect(await visible(as(actor), 'engagement_sessions', sessions)).toEqual(expected);
  });

  const session = (engagementId: string) => ({ engagement_id: engagementId, session_type: 'consultation', scheduled_at: new Date() });

  it.each<Name>(['client', 'expert'])('insert: %s (a party) may schedule a session', async (actor) => {
    await expectInsertAllowed(as(actor), 'engagement_sessions', session(engagements.eng1));
  });

  it.each<[Name, keyof typeof engagements]>([
    ['other', 'eng1'],
    ['expert2', 'eng1'],
    ['client', 'eng2'],
    ['orgAdmin', 'eng1'],
    ['expiredAdmin', 'eng1'],
  ])('insert: %s cannot schedule a session on %s', async (actor, key) => {
    await expectRlsViolation(insertAs(as(actor), 'engagement_sessions', session(engagements[key])), 'engagement_sessions');
  });

  it.each<Name>(['admin', 'service'])('insert: %s may schedule on any engagement', async (actor) => {
    await expectInsertAllowed(as(actor), 'engagement_sessions', session(engagements.eng2));
  });

  it('update: the expert may complete a session (the hours trigger then updates the engagement)', async () => {
    const used = await as('expert').run(async (q) => {
      expect(
        (
          await q.query(
            `update public.engagement_sessions set status = 'completed', duration_hours = 1.5, session_notes = 'Done' where id = $1`,
            [sessions.s1],
          )
        ).rowCount,
      ).toBe(1);
      return (await q.query('select hours_used from public.engagements where id = $1', [engagements.eng1])).rows[0]?.hours_used;
    });
    expect(used).toBe(1.5);
  });

  it('update: the client may edit a session', async () => {
    const row = await expectUpdateAllowed(as('client'), 'engagement_sessions', sessions.s1, { session_notes: 'Client notes' });
    expect(row.session_notes).toBe('Client notes');
  });

  it('update: a party cannot move a session onto an engagement they are not party to', async () => {
    await expectRlsViolation(
      updateAs(as('expert'), 'engagement_sessions', sessions.s1, { engagement_id: engagements.eng2 }),
      'engagement_sessions',
    );
  });

  it.each<[Name, keyof typeof sessions]>([
    ['other', 's1'],
    ['expert2', 's1'],
    ['expert', 's2'],
    ['orgAdmin', 's1'],
    ['expiredAdmin', 's1'],
  ])('update: %s cannot edit %s (0 rows, unchanged)', async (actor, key) => {
    await expectUpdateRefused(db, as(actor), 'engagement_sessions', sessions[key], { session_notes: 'Hijacked' });
  });

  it.each<Name>(['admin', 'service'])('update: %s may edit any session', async (actor) => {
    const row = await expectUpdateAllowed(as(actor), 'engagement_sessions', sessions.s2, { status: 'cancelled' });
    expect(row.status).toBe('cancelled');
  });

  it.each<Name>(['client', 'expert'])('delete: %s (a party) may delete a session', async (actor) => {
    await expectDeleteAllowed(as(actor), 'engagement_sessions', sessions.s1);
  });

  it.each<[Name, keyof typeof sessions]>([
    ['other', 's1'],
    ['expert2', 's1'],
    ['orgAdmin', 's1'],
    ['expiredAdmin', 's2'],
  ])('delete: %s cannot delete %s', async (actor, key) => {
    await expectDeleteRefused(db, as(actor), 'engagement_sessions', sessions[key]);
  });

  it.each<Name>(['admin', 'service'])('delete: %s may delete any session', async (actor) => {
    await expectDeleteAllowed(as(actor), 'engagement_sessions', sessions.s2);
  });
});
