// Saved views (migration 016) → console.list_saved_views, create_saved_view, update_saved_view, delete_saved_view,
// set_default_view, 1:1 (input fields are the `p_` arguments without the prefix). Who sees, shares and changes a view
// is SQL's; a view's state comes back as stored, because only the screen knows what of it still applies after an
// upgrade (renderer/src/ui/views/apply.ts). Input states are bounded here so nothing unbounded reaches SQL.
import { z } from 'zod';
import { role } from './admin.js';
import { boundedRecord, id, isoDateTime, requiredText, shortText, type ArgsCovered, type Expect, type RowMatches } from './common.js';

/** The table screens that keep views, as SQL names them (it refuses another with 22023 on `screen`). */
export const viewScreen = z.enum([
  'moderation',
  'payments',
  'reconciliation',
  'users',
  'audit',
  'organisations',
  'workshops',
  'engagements',
  'talent.testimonials',
  'talent.experts',
  'certificates',
  'assessments',
]);
export type ViewScreen = z.infer<typeof viewScreen>;

/** The staff roles a view may be shared with; null is private. */
export const staffRole = role.extract(['admin', 'moderator', 'finance', 'leadership', 'support']);
export type StaffRole = z.infer<typeof staffRole>;

export const VIEW_NAME_MAX = 80;
/** SQL's limit on a state as text; checked here too so a huge state is refused before it is sent. */
export const VIEW_STATE_MAX_BYTES = 8_000;

/** A filter's or a column's id as the screens spell them (minRating, entity_id). */
const stateKey = z
  .string()
  .max(40)
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/);
const scalar = z.union([shortText(400), z.number().min(-1e15).max(1e15), z.boolean(), z.null()]);
/** What a screen keeps per filter: a value, a multi-select's values, or a chosen item such as `{id, name}`. */
const filterValue = z.union([scalar, z.array(scalar).max(50), boundedRecord(stateKey, scalar, 10)]);

export const stateBytes = (state: unknown) => new TextEncoder().encode(JSON.stringify(state)).length;

/** A view's state as a screen saves it. SQL keeps it as given; the keys are whatever the screen had then. */
export const viewState = z
  .strictObject({
    filters: boundedRecord(stateKey, filterValue, 50),
    sort: z.strictObject({ id: stateKey, desc: z.boolean() }).nullable(),
    visibility: boundedRecord(stateKey, z.boolean(), 100),
  })
  .refine((state) => stateBytes(state) <= VIEW_STATE_MAX_BYTES, {
    message: `Too much to keep in one view: at most ${VIEW_STATE_MAX_BYTES.toLocaleString('en')} bytes.`,
  });
export type ViewState = z.output<typeof viewState>;

const viewName = requiredText(VIEW_NAME_MAX);

export const savedView = z.object({
  id,
  screen: z.string(),
  name: z.string(),
  /** As stored: possibly from an older version of the screen. */
  state: z.json(),
  shared_with_role: staffRole.nullable(),
  owner_id: z.string(),
  owner_name: z.string().nullable(),
  is_mine: z.boolean(),
  is_default: z.boolean(),
  /** The owner or an admin: may update, rename, reshare and delete it. */
  can_change: z.boolean(),
  updated_at: z.string(),
});
export type SavedView = z.output<typeof savedView>;
type _View = Expect<RowMatches<typeof savedView, 'list_saved_views'>>;

const savedStamp = z.object({ id, updated_at: z.string() });
type _Created = Expect<RowMatches<typeof savedStamp, 'create_saved_view'>>;
type _Updated = Expect<RowMatches<typeof savedStamp, 'update_saved_view'>>;

export const viewChannels = {
  /** Own views, views shared with a role the caller holds, and (admins) every shared one; the default first. */
  'views:list': { input: z.strictObject({ screen: viewScreen }), output: z.object({ rows: z.array(savedView) }) },
  /** The roles this person may share the screen's views with: held (admins: any) and able to open the screen. */
  'views:share-roles': { input: z.strictObject({ screen: viewScreen }), output: z.object({ roles: z.array(staffRole) }) },
  'views:create': {
    input: z.strictObject({ screen: viewScreen, name: viewName, state: viewState, shared_with_role: staffRole.nullable().optional() }),
    output: savedStamp,
  },
  /** A full replace of name, state and sharing; a null state keeps the stored one. Changed by someone else since
   * `expected_updated_at` (the updated_at as read): PT409 naming who and when. */
  'views:update': {
    input: z.strictObject({
      view_id: id,
      name: viewName,
      state: viewState.nullable(),
      shared_with_role: staffRole.nullable(),
      expected_updated_at: isoDateTime.optional(),
    }),
    output: savedStamp,
  },
  'views:delete': { input: z.strictObject({ view_id: id }), output: z.null() },
  /** A null view clears the caller's default on that screen. */
  'views:set-default': { input: z.strictObject({ screen: viewScreen, view_id: id.nullable() }), output: z.null() },
} as const;
type _ListArgs = Expect<ArgsCovered<'screen', 'list_saved_views'>>;
type _ShareArgs = Expect<ArgsCovered<'screen', 'view_share_roles'>>;
type _CreateArgs = Expect<ArgsCovered<'screen' | 'name' | 'state' | 'shared_with_role', 'create_saved_view'>>;
type _UpdateArgs = Expect<ArgsCovered<'view_id' | 'name' | 'state' | 'shared_with_role' | 'expected_updated_at', 'update_saved_view'>>;
type _DeleteArgs = Expect<ArgsCovered<'view_id', 'delete_saved_view'>>;
type _DefaultArgs = Expect<ArgsCovered<'screen' | 'view_id', 'set_default_view'>>;
