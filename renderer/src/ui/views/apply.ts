// A saved view read back into a screen as the screen is now. The database keeps a view's state as it was saved, so
// after an upgrade it may name a filter, a sort or a column this version no longer has, or hold a value a filter no
// longer takes. Each part is checked on its own against the screen's current schemas: what still fits is applied,
// the rest falls back to the screen's default and is named, so the person knows the view opened without it.
import { z } from 'zod';
import type { ViewScreen, ViewState } from '../../../../shared/ipc/views';

/** The part of a screen's state a view holds. */
export interface ScreenView<F, S> {
  filters: F;
  sort: S;
  visibility: Record<string, boolean>;
}

export interface ViewSpec<FS extends z.ZodObject, SS extends z.ZodType> {
  screen: ViewScreen;
  /** The screen's filters as it keeps them now: one schema per filter. */
  filters: FS;
  /** The sorts it offers now; `z.null()` where the list has a fixed order. */
  sort: SS;
  /** The ids of the columns a person may show or hide. */
  columns: readonly string[];
  defaults: ScreenView<z.output<FS>, z.output<SS>>;
  /** The localStorage keys of the screen's own state: with none of them kept, it opens on the person's default view. */
  storage: readonly string[];
}

/** A screen's spec with its types inferred (declared once per screen, as a module constant). */
export const defineViews = <FS extends z.ZodObject, SS extends z.ZodType>(spec: ViewSpec<FS, SS>) => spec;

/** The sort of a list in a fixed order (SQL's): none to keep. */
export const fixedOrder = z.null();

/** A view of a screen whose whole state is its filters: no sort to choose, no columns to hide. */
export const filtersOnly = <F>(filters: F): ScreenView<F, null> => ({ filters, sort: null, visibility: {} });

export interface AppliedView<V> {
  state: V;
  /** What the view had that this version does not, as the notice names it: "filter 'foo'", "column 'bar'". */
  dropped: string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A stored state applied leniently, part by part (see the file's comment). Never throws, whatever is stored. */
export function applyView<FS extends z.ZodObject, SS extends z.ZodType>(
  spec: ViewSpec<FS, SS>,
  stored: unknown,
): AppliedView<ScreenView<z.output<FS>, z.output<SS>>> {
  const saved = isRecord(stored) ? stored : {};
  const dropped: string[] = [];

  const filters: Record<string, unknown> = { ...spec.defaults.filters };
  const shape = spec.filters.shape as Record<string, z.ZodType>;
  for (const [key, value] of Object.entries(isRecord(saved.filters) ? saved.filters : {})) {
    const parsed = Object.hasOwn(shape, key) ? shape[key]!.safeParse(value) : null;
    if (parsed?.success) filters[key] = parsed.data;
    else dropped.push(`filter '${key}'`);
  }

  let sort = spec.defaults.sort;
  if (saved.sort !== undefined) {
    const parsed = spec.sort.safeParse(saved.sort);
    if (parsed.success) sort = parsed.data;
    // No sort saved is no choice to report: the screen's default order applies.
    else if (saved.sort !== null) dropped.push(`sort '${isRecord(saved.sort) ? String(saved.sort.id) : '?'}'`);
  }

  const visibility = { ...spec.defaults.visibility };
  for (const [id, shown] of Object.entries(isRecord(saved.visibility) ? saved.visibility : {})) {
    if (spec.columns.includes(id) && typeof shown === 'boolean') visibility[id] = shown;
    else dropped.push(`column '${id}'`);
  }

  return { state: { filters: filters as z.output<FS>, sort, visibility }, dropped };
}

/** What a view keeps of the screen's state (a plain copy: the contract checks it again). */
export function captureView<F, S>(view: ScreenView<F, S>): ViewState {
  return JSON.parse(JSON.stringify({ filters: view.filters, sort: view.sort ?? null, visibility: view.visibility })) as ViewState;
}

/** The notice shown when a view opened without some of what it was saved with; null when it all applied. */
export function droppedNotice(dropped: readonly string[]): string | null {
  if (dropped.length === 0) return null;
  return `This view was saved with things this version no longer has: ${dropped.join(', ')}. It opened with the rest.`;
}
