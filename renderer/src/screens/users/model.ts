// Users and access: the persisted screen state, how it becomes users:list input, and how roles read.
import { z } from 'zod';
import { search } from '../../../../shared/ipc/common';
import type { ChannelInput, ChannelOutput } from '../../../../shared/ipc/contract';
import { role, userStatus } from '../../../../shared/ipc/admin';

export type UserRow = ChannelOutput<'users:list'>['rows'][number];
export type RoleGrant = UserRow['roles'][number];

export const ROLES = role.options;
export const STAFF_ROLES = ['admin', 'moderator', 'finance', 'leadership', 'support'] as const;
export const STATUSES = userStatus.options;
export const sortIds = ['created_at', 'email', 'full_name', 'last_sign_in_at'] as const;

export const screenState = z.object({
  filters: z.object({ search, role: role.nullable(), status: userStatus.nullable() }),
  sort: z.object({ id: z.enum(sortIds), desc: z.boolean() }),
  visibility: z.record(z.string(), z.boolean()),
});
export type ScreenState = z.infer<typeof screenState>;

export const defaultState: ScreenState = {
  filters: { search: '', role: null, status: null },
  sort: { id: 'created_at', desc: true },
  // Beside the access panel the table is narrow: company and creation date are in the "Columns" menu.
  visibility: { company_name: false, created_at: false },
};

export function toListInput(state: ScreenState): Omit<ChannelInput<'users:list'>, 'after' | 'limit'> {
  const search = state.filters.search.trim();
  return {
    filters: {
      ...(search ? { search } : {}),
      ...(state.filters.role ? { role: state.filters.role } : {}),
      ...(state.filters.status ? { status: state.filters.status } : {}),
    },
    sort: state.sort.id,
    desc: state.sort.desc,
  };
}

const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

/** "finance", "client · Northwind Logistics", "moderator · until 3 Mar 2027". */
export function roleLabel(grant: RoleGrant): string {
  const parts = [grant.role];
  if (grant.organization_name) parts.push(grant.organization_name);
  if (grant.expires_at) parts.push(`until ${day.format(new Date(grant.expires_at))}`);
  return parts.join(' · ');
}

export function isStaffRole(name: string): boolean {
  return (STAFF_ROLES as readonly string[]).includes(name);
}

/** The end of the chosen day (local time) as an ISO instant; '' → null (no expiry). */
export function expiryFromDay(value: string): string | null {
  if (!value) return null;
  const end = new Date(`${value}T23:59:59`);
  return Number.isNaN(end.getTime()) ? null : end.toISOString();
}
