// Building blocks shared by every domain's channel schemas. Inputs come from a renderer we do not trust, so each
// helper is bounded: no unbounded string, array or number crosses into main.
import { z } from 'zod';
import type { Database } from '../database.js';
import { NOTE_RULES, textProblem, type TextRules } from '../text.js';

// Postgres accepts any 8-4-4-4-12 hex uuid and the seed uses non-RFC ids (e.g. 5a000000-0000-4000-…), so the
// looser guid format is the honest one; z.uuid() would refuse real rows.
export const id = z.guid();
/** Text as people type it: bounded, and free of what PostgreSQL cannot store or a field never means (shared/text.ts).
 * The bound is declared with `.max` too, so the contract test and the forms' `maxLength` can read it. */
const refineText = (rules: TextRules) => (value: string, ctx: z.RefinementCtx) => {
  const problem = textProblem(value, rules);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
};
export const text = (rules: TextRules) => z.string().max(rules.max).superRefine(refineText(rules));
/** One line: searches, names, ids typed or pasted. */
export const shortText = (max = 200) => text({ max });
export const requiredText = (max = 200) => z.string().trim().min(1).max(max).superRefine(refineText({ max }));
/** Notes and reasons: line breaks allowed. */
export const note = text(NOTE_RULES);
export const reason = note;
export const SEARCH_MAX = 200;
export const search = shortText(SEARCH_MAX);
// Timestamps cross IPC as ISO strings with a zone: a Date does not survive structured clone into JSON for RPC.
export const isoDateTime = z.iso.datetime({ offset: true }).max(40);
export const isoDate = z.iso.date();
export const currencyCode = z
  .string()
  .max(3)
  .regex(/^[A-Z]{3}$/);
export const money = z.number().finite().min(0).max(9_999_999_999.99);
/** One per submission, made by the form: a double-click or a retry answers the first result (refunds, a workshop's
 * cancellation). SQL checks the same bounds. */
export const idempotencyKey = z.string().min(8).max(200);

// The keyset cursor of every console list: `{"v": <sort value>, "id": <row id>}` (audit and reconciliation items use
// numeric ids). Opaque to the renderer, but its shape is checked so nothing else rides along into SQL.
export const cursor = z.strictObject({
  v: z.union([z.string().max(400), z.number().min(-1e15).max(1e15), z.boolean(), z.null()]),
  id: z.union([id, z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)]),
});
export type Cursor = z.infer<typeof cursor>;

export const pageLimit = z.number().int().min(1).max(200);

/** The paging part of every list input; `filters` and `sort` are per list. */
export const paging = {
  desc: z.boolean().optional(),
  after: cursor.nullable().optional(),
  limit: pageLimit.optional(),
};

export const countOutput = z.object({ total: z.number().int().min(0), is_estimate: z.boolean() });

/** A page of rows: `next_after` is the last row's cursor when the page was full, null at the end. */
export const page = <Row extends z.ZodType>(row: Row) => z.object({ rows: z.array(row), next_after: cursor.nullable() });

export const empty = z.strictObject({});

/** An object whose keys are data, not a fixed shape (a saved view's filters and columns): keys and values bounded,
 * at most `maxEntries` of them. The bound is also the schema's metadata, so the contract test reads it as it reads a
 * string's `.max`. (A `__proto__`, `constructor` or `prototype` key is refused by the router before any schema.) */
export const boundedRecord = <K extends z.ZodType<string>, V extends z.ZodType>(key: K, value: V, maxEntries: number) =>
  z
    .record(key, value)
    .refine((entries) => Object.keys(entries).length <= maxEntries, { message: `At most ${maxEntries} entries.` })
    .meta({ maxEntries });

/** Long work (exports, imports) runs in main and reports through the `progress` event; null = the user cancelled
 * the file dialog, so nothing started. */
export const operationId = id;
export const startedOperation = z.object({ operation_id: operationId.nullable() });
export const cancelInput = z.strictObject({ operation_id: operationId });
export const cancelOutput = z.object({ cancelled: z.boolean() });

/** Where a channel forwards to a `console` function 1:1, its output row type is checked against the generated
 * Returns: same keys, and every value type fits the generated one. Nullability is ours to state (the generator
 * marks every column of a `returns table` non-null), so it is compared without null. */
type ConsoleFunctions = Database['console']['Functions'];
export type ConsoleFunction = keyof ConsoleFunctions;
export type ConsoleRow<F extends ConsoleFunction> = ConsoleFunctions[F]['Returns'] extends readonly (infer R)[]
  ? R
  : ConsoleFunctions[F]['Returns'];
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
type ValuesFit<A, B> = {
  [K in keyof A & keyof B]: [NonNullable<A[K]>] extends [B[K]] ? true : false;
}[keyof A & keyof B];
export type RowMatches<Schema extends z.ZodType, F extends ConsoleFunction> =
  SameKeys<z.output<Schema>, ConsoleRow<F>> extends true
    ? [ValuesFit<z.output<Schema>, ConsoleRow<F>>] extends [true]
      ? true
      : false
    : false;
/** `type _ = Expect<RowMatches<…>>` fails to compile when a schema drifts from the database. */
export type Expect<T extends true> = T;

/** Same check for a function's arguments: the keys a channel's input maps to must exist, as `p_<name>`. */
export type ArgNames<F extends ConsoleFunction> = keyof ConsoleFunctions[F]['Args'];
export type ArgsCovered<Fields extends string, F extends ConsoleFunction> = [`p_${Fields}`] extends [ArgNames<F>] ? true : false;
