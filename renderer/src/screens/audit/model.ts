// The audit log screen's persisted filters, their mapping to audit:list, and the before/after comparison.
import { z } from 'zod';
import { AUDIT_TEXT_MAX } from '../../../../shared/ipc/admin';
import { shortText } from '../../../../shared/ipc/common';
import type { ChannelInput, ChannelOutput } from '../../../../shared/ipc/contract';

export type AuditRow = ChannelOutput<'audit:list'>['rows'][number];

const day = z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/);
export const auditFilterState = z.object({
  action: shortText(AUDIT_TEXT_MAX.action),
  entity: shortText(AUDIT_TEXT_MAX.entity),
  entityId: shortText(AUDIT_TEXT_MAX.entity_id),
  from: day,
  to: day,
  mine: z.boolean(),
});
export type AuditFilterState = z.infer<typeof auditFilterState>;
export const defaultAuditFilters: AuditFilterState = { action: '', entity: '', entityId: '', from: '', to: '', mine: false };

function dayStart(value: string, addDays = 0): string {
  const date = new Date(`${value}T00:00:00`);
  date.setDate(date.getDate() + addDays);
  return date.toISOString();
}

/** Only what is set; "to" includes its whole day; "mine" narrows to the signed-in user. */
export function toAuditInput(state: AuditFilterState, userId: string | null): Omit<ChannelInput<'audit:list'>, 'after' | 'limit'> {
  const text = (value: string) => value.trim() || undefined;
  const filters = {
    action: text(state.action),
    entity: text(state.entity),
    entity_id: text(state.entityId),
    from: state.from ? dayStart(state.from) : undefined,
    to: state.to ? dayStart(state.to, 1) : undefined,
    actor_id: state.mine && userId ? userId : undefined,
  };
  return { filters: Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)), desc: true };
}

export interface FieldChange {
  key: string;
  before: string | null;
  after: string | null;
  changed: boolean;
}

/** A value as a person reads it: strings bare, numbers and booleans as written, objects as indented JSON. */
export function show(value: unknown): string | null {
  if (value === undefined) return null;
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value, null, 2);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Before and after, field by field: every key of either side, changed ones first (in key order), then the rest.
 * A side that is not an object (or missing) is compared as one value under "value".
 */
export function compareEntry(before: unknown, after: unknown): FieldChange[] {
  if (!isRecord(before ?? {}) || !isRecord(after ?? {})) {
    const b = show(before ?? undefined);
    const a = show(after ?? undefined);
    return [{ key: 'value', before: b, after: a, changed: b !== a }];
  }
  const left = (before ?? {}) as Record<string, unknown>;
  const right = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
  const rows = keys.map((key) => {
    const b = show(left[key]);
    const a = show(right[key]);
    return { key, before: b, after: a, changed: b !== a };
  });
  return [...rows.filter((row) => row.changed), ...rows.filter((row) => !row.changed)];
}
