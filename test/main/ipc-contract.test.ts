// The IPC contract as a reviewable artefact: the channel list is an inline snapshot (a new channel shows up in the
// diff), and every input is walked to prove it is strict and bounded, so the router's guarantees hold by construction.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channelNames, contract, eventNames, isChannelName } from '../../shared/ipc/contract.js';

type Check = { _zod: { def: { check: string; maximum?: number } } };

function maxOf(schema: z.ZodType): number | undefined {
  const checks = (schema._zod.def as { checks?: Check[] }).checks ?? [];
  const max = checks.find((c) => c._zod.def.check === 'max_length');
  return max?._zod.def.maximum;
}

/** Everything in an input schema that is not strict or not bounded, as readable paths. */
function unbounded(schema: z.ZodType, path: string): string[] {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) {
    return unbounded(schema.unwrap() as z.ZodType, path);
  }
  if (schema instanceof z.ZodObject) {
    const catchall = (schema._zod.def as { catchall?: z.ZodType }).catchall;
    const own = catchall instanceof z.ZodNever ? [] : [`${path}: object is not strict`];
    return own.concat(...Object.entries(schema.shape as Record<string, z.ZodType>).map(([k, s]) => unbounded(s, `${path}.${k}`)));
  }
  if (schema instanceof z.ZodRecord) {
    // Keys are data here (a saved view's filters): bounded keys and values, and a declared number of entries.
    const maxEntries = (z.globalRegistry.get(schema) as { maxEntries?: number } | undefined)?.maxEntries;
    const own = maxEntries === undefined ? [`${path}: record has no maximum number of entries`] : [];
    return own.concat(unbounded(schema.keyType as z.ZodType, `${path}{key}`), unbounded(schema.valueType as z.ZodType, `${path}{}`));
  }
  if (schema instanceof z.ZodArray) {
    const own = maxOf(schema) === undefined ? [`${path}: array has no max size`] : [];
    return own.concat(unbounded(schema.element as z.ZodType, `${path}[]`));
  }
  if (schema instanceof z.ZodUnion) {
    return (schema.options as z.ZodType[]).flatMap((o, i) => unbounded(o, `${path}|${i}`));
  }
  const type = schema._zod.def.type;
  if (type === 'string') {
    const s = schema as unknown as { maxLength: number | null; format: string | null };
    const fixedFormat = s.format === 'guid' || s.format === 'date';
    return s.maxLength !== null || fixedFormat ? [] : [`${path}: string has no max length`];
  }
  if (type === 'number') {
    const n = schema as unknown as { minValue: number | null; maxValue: number | null };
    const bounded = Number.isFinite(n.minValue ?? NaN) && Number.isFinite(n.maxValue ?? NaN);
    return bounded ? [] : [`${path}: number has no range`];
  }
  if (['boolean', 'enum', 'literal', 'null'].includes(type)) return [];
  return [`${path}: ${type} is not allowed in an input`];
}

describe('IPC contract', () => {
  it('lists exactly these channels (review any change to this list)', () => {
    expect([...channelNames].sort()).toMatchInlineSnapshot(`
      [
        "assessments:list",
        "audit:count",
        "audit:list",
        "auth:sign-in",
        "auth:sign-out",
        "auth:status",
        "certificates:list",
        "certificates:revoke",
        "certificates:verify",
        "connection:get",
        "connection:reset-local",
        "connection:set",
        "connection:test",
        "connection:use-local",
        "engagements:list",
        "engagements:sessions",
        "engagements:set-session-status",
        "mfa:enroll",
        "mfa:state",
        "mfa:step-up",
        "mfa:unenroll",
        "mfa:unlock",
        "mfa:verify",
        "organisations:get",
        "organisations:list",
        "organisations:set-tier",
        "payments:approve-refund",
        "payments:cancel",
        "payments:confirm-refund",
        "payments:count",
        "payments:count-refunds",
        "payments:export-csv",
        "payments:fail-refund",
        "payments:get",
        "payments:list",
        "payments:list-refunds",
        "payments:refund",
        "payments:reject-refund",
        "payments:totals",
        "reconciliation:cancel",
        "reconciliation:count-runs",
        "reconciliation:discard",
        "reconciliation:export-csv",
        "reconciliation:get-run",
        "reconciliation:interrupted",
        "reconciliation:list-items",
        "reconciliation:list-runs",
        "reconciliation:pick-file",
        "reconciliation:preview",
        "reconciliation:resume",
        "reconciliation:run",
        "reconciliation:running",
        "reviews:count",
        "reviews:decide",
        "reviews:decide-bulk",
        "reviews:get",
        "reviews:list",
        "reviews:respond",
        "reviews:undo",
        "search:everything",
        "settings:get",
        "settings:update",
        "talent:decide-testimonial",
        "talent:list",
        "talent:testimonials",
        "trends:export-csv",
        "trends:export-png",
        "trends:org-trends",
        "trends:organizations",
        "users:count",
        "users:factors",
        "users:grant-role",
        "users:list",
        "users:revoke-role",
        "users:set-status",
        "views:create",
        "views:delete",
        "views:list",
        "views:set-default",
        "views:share-roles",
        "views:update",
        "workshops:cancel-registration",
        "workshops:get",
        "workshops:list",
        "workshops:preview-cancellation",
        "workshops:record-attendance",
        "workshops:registrations",
        "workshops:set-status",
      ]
    `);
  });

  it('names every channel domain:action in lowercase', () => {
    for (const name of channelNames) expect(name).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/);
  });

  it.each(channelNames)('%s has a strict, bounded input and an output schema', (name) => {
    const { input, output } = contract[name];
    expect(input).toBeInstanceOf(z.ZodObject);
    expect(unbounded(input, name)).toEqual([]);
    expect(output).toBeInstanceOf(z.ZodType);
  });

  it('refuses an extra field on every channel', () => {
    for (const name of channelNames) {
      const result = contract[name].input.safeParse({ unexpected: true });
      expect(result.success, name).toBe(false);
    }
  });

  it('does not resolve names inherited from Object.prototype', () => {
    for (const name of ['toString', '__proto__', 'constructor', 'hasOwnProperty']) {
      expect(isChannelName(name)).toBe(false);
    }
    expect(isChannelName('reviews:list')).toBe(true);
  });

  it('declares the events main pushes', () => {
    expect([...eventNames].sort()).toEqual(['connection:state', 'progress', 'session:changed', 'session:lock']);
  });

  it('keeps shared/ free of electron, react and Node built-ins (only zod and the generated types)', () => {
    const root = join(import.meta.dirname, '../../shared');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const imports = files.flatMap((file) =>
      [...readFileSync(join(root, file), 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]),
    );
    const outside = imports.filter((spec) => spec !== 'zod' && !spec?.startsWith('.'));
    expect(outside).toEqual([]);
    expect(imports).toContain('../supabase/types/database.types.js');
  });
});
