// Users and access, audit log and settings channels → console.list_users, count_users, grant_role, revoke_role,
// set_user_status, list_audit, count_audit, get_settings, update_setting. Last-admin and self-demotion rules, and each
// setting's allowed range, live in SQL only.
import { z } from 'zod';
import {
  countOutput,
  cursor,
  id,
  isoDateTime,
  money,
  page,
  paging,
  reason,
  search,
  shortText,
  type ArgsCovered,
  type Expect,
  type RowMatches,
} from './common.js';
import { auditEntry } from './payments.js';

export const role = z.enum(['admin', 'instructor', 'expert', 'client', 'user', 'moderator', 'finance', 'leadership', 'support']);
export const userStatus = z.enum(['active', 'inactive', 'suspended']);

const userFilters = z.strictObject({
  search: search.optional(),
  role: role.optional(),
  status: userStatus.optional(),
});
type _UserFilterArgs = Expect<ArgsCovered<keyof z.input<typeof userFilters> & string, 'count_users'>>;

const roleGrant = z.object({
  id: z.string(),
  role: z.string(),
  organization_id: z.string().nullable(),
  organization_name: z.string().nullable(),
  expires_at: z.string().nullable(),
});

const userRow = z.object({
  id,
  email: z.string(),
  full_name: z.string().nullable(),
  company_name: z.string().nullable(),
  status: z.string(),
  roles: z.array(roleGrant),
  last_sign_in_at: z.string().nullable(),
  created_at: z.string(),
  cursor,
});
type _User = Expect<RowMatches<typeof userRow, 'list_users'>>;

const grantedRole = z.object({
  id: z.string(),
  user_id: z.string(),
  role: z.string(),
  organization_id: z.string().nullable(),
  expires_at: z.string().nullable(),
});
type _Grant = Expect<RowMatches<typeof grantedRole, 'grant_role'>>;

const statusRow = z.object({ id: z.string(), status: z.string() });
type _Status = Expect<RowMatches<typeof statusRow, 'set_user_status'>>;

/** The audit log's text filters and their limits (the screen's inputs take the same). */
export const AUDIT_TEXT_MAX = { action: 100, entity: 100, entity_id: 200 } as const;
const auditFilters = z.strictObject({
  actor_id: id.optional(),
  action: shortText(AUDIT_TEXT_MAX.action).optional(),
  entity: shortText(AUDIT_TEXT_MAX.entity).optional(),
  entity_id: shortText(AUDIT_TEXT_MAX.entity_id).optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
});
type _AuditFilterArgs = Expect<ArgsCovered<keyof z.input<typeof auditFilters> & string, 'count_audit'>>;
const auditRow = auditEntry.extend({ cursor });
type _Audit = Expect<RowMatches<typeof auditRow, 'list_audit'>>;

export const settingKey = z.enum([
  'refund_approval_threshold',
  'trend_min_responses',
  'undo_window_seconds',
  'count_exact_limit',
  'idle_lock_minutes',
]);
const settingRow = z.object({
  key: z.string(),
  value: z.json(),
  description: z.string(),
  /** The allowed range (console_private.setting_rules); null only for a setting without a rule. */
  rule: z.object({ minimum: z.number(), maximum: z.number(), decimals: z.number().int(), unit: z.string() }).nullable(),
  updated_by: z.string().nullable(),
  updated_at: z.string(),
});
const updatedSetting = z.object({ key: z.string(), value: z.json() });
type _Setting = Expect<RowMatches<typeof updatedSetting, 'update_setting'>>;

export const adminChannels = {
  'users:list': {
    input: z.strictObject({
      filters: userFilters,
      sort: z.enum(['created_at', 'email', 'full_name', 'last_sign_in_at']).optional(),
      ...paging,
    }),
    output: page(userRow),
  },
  'users:count': { input: z.strictObject({ filters: userFilters }), output: countOutput },
  'users:grant-role': {
    input: z.strictObject({
      user_id: id,
      role,
      organization_id: id.nullable().optional(),
      expires_at: isoDateTime.nullable().optional(),
      reason: reason.optional(),
    }),
    output: grantedRole,
  },
  'users:revoke-role': { input: z.strictObject({ role_id: id, reason: reason.optional() }), output: z.null() },
  /** A person's second factors (never their secrets): who has one, and since when (014). */
  'users:factors': {
    input: z.strictObject({ user_id: id }),
    output: z.object({
      rows: z.array(
        z.object({
          id,
          friendly_name: z.string().nullable(),
          status: z.string(),
          created_at: z.string(),
          last_challenged_at: z.string().nullable(),
        }),
      ),
    }),
  },
  'users:set-status': {
    input: z.strictObject({ user_id: id, status: userStatus, reason: reason.optional() }),
    output: statusRow,
  },

  /** Admins see everyone's entries; other staff their own (the database decides). */
  'audit:list': { input: z.strictObject({ filters: auditFilters, ...paging }), output: page(auditRow) },
  'audit:count': { input: z.strictObject({ filters: auditFilters }), output: countOutput },

  'settings:get': { input: z.strictObject({}), output: z.object({ rows: z.array(settingRow) }) },
  /** Every setting is a non-negative number; its range and decimals are checked per key in SQL. */
  'settings:update': {
    input: z.strictObject({
      key: settingKey,
      value: money,
      reason: reason.optional(),
    }),
    output: updatedSetting,
  },
} as const;
