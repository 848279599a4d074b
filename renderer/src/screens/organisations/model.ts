// Organisations: the persisted screen state, how it becomes organisations:list input, and the words for tiers,
// activity and a member's role. Search by name or domain (a pasted URL too) is SQL's job: the text goes as typed.
import { z } from 'zod';
import { search } from '../../../../shared/ipc/common';
import type { ChannelInput, ChannelOutput } from '../../../../shared/ipc/contract';

export type OrganisationRow = ChannelOutput<'organisations:list'>['rows'][number];
export type OrganisationDetail = ChannelOutput<'organisations:get'>;
export type Member = OrganisationDetail['members'][number];

export const TIERS = ['starter', 'growth', 'enterprise'] as const;
export type Tier = (typeof TIERS)[number];
export const ACTIVITIES = ['active', 'quiet'] as const;
export const sortIds = ['name', 'created_at'] as const;

export const TIER_LABEL: Record<Tier, string> = { starter: 'Starter', growth: 'Growth', enterprise: 'Enterprise' };
export const ACTIVITY_LABEL: Record<(typeof ACTIVITIES)[number], string> = {
  active: 'Active in the last 30 days',
  quiet: 'Quiet for 90 days or more',
};

type BadgeKind = 'ok' | 'warn' | 'danger' | 'info' | 'accent' | '';
const TIER_BADGE: Record<Tier, BadgeKind> = { starter: '', growth: 'info', enterprise: 'accent' };
const STATUS_BADGE: Record<string, BadgeKind> = {
  active: 'ok',
  trialing: 'info',
  past_due: 'warn',
  cancelled: 'danger',
  canceled: 'danger',
};

export const screenState = z.object({
  filters: z.object({ search, tier: z.enum(TIERS).nullable(), activity: z.enum(ACTIVITIES).nullable() }),
  sort: z.object({ id: z.enum(sortIds), desc: z.boolean() }),
  visibility: z.record(z.string().max(40), z.boolean()),
});
export type ScreenState = z.infer<typeof screenState>;

export const defaultState: ScreenState = {
  filters: { search: '', tier: null, activity: null },
  sort: { id: 'name', desc: false },
  visibility: { created_at: false },
};

export function toListInput(state: ScreenState): Omit<ChannelInput<'organisations:list'>, 'after' | 'limit'> {
  const text = state.filters.search.trim();
  return {
    filters: {
      ...(text ? { search: text } : {}),
      ...(state.filters.tier ? { tier: state.filters.tier } : {}),
      ...(state.filters.activity ? { activity: state.filters.activity } : {}),
    },
    sort: state.sort.id,
    desc: state.sort.desc,
  };
}

export function isFiltered(state: ScreenState): boolean {
  return Boolean(state.filters.search.trim() || state.filters.tier || state.filters.activity);
}

export function tierInfo(tier: string | null | undefined): { label: string; badge: BadgeKind } {
  if (!tier) return { label: 'No plan', badge: '' };
  return (TIERS as readonly string[]).includes(tier)
    ? { label: TIER_LABEL[tier as Tier], badge: TIER_BADGE[tier as Tier] }
    : { label: tier, badge: '' };
}

/** "past_due" → "Past due", with a badge colour that says whether it needs attention. */
export function subscriptionInfo(status: string | null | undefined): { label: string; badge: BadgeKind } {
  if (!status) return { label: 'Unknown', badge: '' };
  const label = status.replace(/_/g, ' ');
  return { label: label.charAt(0).toUpperCase() + label.slice(1), badge: STATUS_BADGE[status] ?? '' };
}

/** The plan as one badge for the table: the tier, and the subscription state only when it needs attention
 * ("Growth · past due", in that state's colour). */
export function planBadge(tier: string | null | undefined, status: string | null | undefined): { label: string; badge: BadgeKind } {
  const plan = tierInfo(tier);
  if (!status || status === 'active') return plan;
  const state = subscriptionInfo(status);
  return { label: `${plan.label} · ${state.label.toLowerCase()}`, badge: state.badge || plan.badge };
}

/** The website as people say it: "northwind.example" for "https://northwind.example/". */
export function websiteHost(website: string | null | undefined): string | null {
  if (!website) return null;
  try {
    return new URL(website).host.replace(/^www\./, '');
  } catch {
    return website;
  }
}

/** Only real web addresses become links (a stored "javascript:" or typo stays text). */
export function safeHref(website: string | null | undefined): string | null {
  if (!website) return null;
  try {
    const url = new URL(website);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

const ROLE_ORDER = ['admin', 'client', 'user', 'instructor', 'expert'];

/** Members grouped the way a customer's account reads: admins first, then by name; each once with all their roles. */
export function groupMembers(members: readonly Member[]): { userId: string; name: string; email: string; roles: Member[] }[] {
  const byUser = new Map<string, { userId: string; name: string; email: string; roles: Member[] }>();
  for (const member of members) {
    let entry = byUser.get(member.user_id);
    if (!entry) {
      entry = { userId: member.user_id, name: member.full_name ?? member.email, email: member.email, roles: [] };
      byUser.set(member.user_id, entry);
    }
    entry.roles.push(member);
  }
  const rank = (entry: { roles: Member[] }) => Math.min(...entry.roles.map((role) => (ROLE_ORDER.indexOf(role.role) + 1 || 99) - 1));
  return [...byUser.values()].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

/** How long ago the organisation was last active, in words; null → "No activity yet". */
export function activityText(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'No activity yet';
  const days = Math.floor((now - new Date(iso).getTime()) / 86_400_000);
  if (days <= 0) return 'Today';
  if (days === 1) return 'Yesterday';
  if (days < 60) return `${days} days ago`;
  const months = Math.floor(days / 30.44);
  if (months < 24) return `${months} months ago`;
  return `${Math.floor(months / 12)} years ago`;
}
