// Which rows of a fixed-row-height table are in the DOM, and where to scroll to bring a row into view. Pure, so it is
// unit-tested. Every row is `rowHeight` px and a sticky header of `headerHeight` px sits above the first row, so
// row i's top, in the scrolling content, is headerHeight + i × rowHeight: nothing is measured, and nothing here reads
// the layout (a read after React has changed the DOM forces the browser to lay the page out in the middle of a key
// press or a scroll step: bench:ui found that to be most of the moderation queue's j/k cost).

export interface Geometry {
  rowHeight: number;
  headerHeight: number;
}

/** Rows `first` to `last`, both included; empty when last < first. */
export interface RowRange {
  first: number;
  last: number;
}

export const EMPTY_RANGE: RowRange = { first: 0, last: -1 };

/** The rows that meet the visible part [offset, offset + viewport] of the content, with `overscan` more beyond each
 * edge — none after a jump (the view moved a whole viewport or more from `previousOffset`, the offset before this
 * one): then no row on screen stays, the next frame may jump again, and the extra rows would only double what is
 * built per frame. */
export function rowRange(
  geometry: Geometry,
  count: number,
  offset: number,
  viewport: number,
  overscan: number,
  previousOffset: number | null = null,
): RowRange {
  if (count <= 0 || viewport <= 0) return EMPTY_RANGE;
  const { rowHeight, headerHeight } = geometry;
  const first = clamp(Math.floor((offset - headerHeight) / rowHeight), 0, count - 1);
  const last = clamp(Math.ceil((offset + viewport - headerHeight) / rowHeight) - 1, first, count - 1);
  const jumped = previousOffset !== null && Math.abs(offset - previousOffset) >= viewport;
  const extra = jumped ? 0 : overscan;
  return { first: Math.max(0, first - extra), last: Math.min(count - 1, last + extra) };
}

/** The scroll offset that shows row `index` whole below the sticky header, moving as little as possible (the row
 * at the top edge going up, at the bottom edge going down); `offset` itself when the row is already in view. */
export function offsetToShow(geometry: Geometry, count: number, index: number, offset: number, viewport: number): number {
  if (index < 0 || index >= count || viewport <= 0) return offset;
  const { rowHeight, headerHeight } = geometry;
  const top = headerHeight + index * rowHeight;
  const bottom = top + rowHeight;
  const max = Math.max(0, headerHeight + count * rowHeight - viewport);
  let next = offset;
  if (top < offset + headerHeight) next = top - headerHeight;
  else if (bottom > offset + viewport) next = bottom - viewport;
  return clamp(next, 0, max);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
