// The table's row window (ui/table/row-window.ts): which rows of a fixed-row-height table are in the DOM for a scroll
// offset, and where j/k scroll to keep the active row whole below the sticky header. Rows are 36 px under a 36 px
// header, so row i spans [36 + 36i, 72 + 36i) of the scrolling content.
import { describe, expect, it } from 'vitest';
import { EMPTY_RANGE, offsetToShow, rowRange } from '../../renderer/src/ui/table/row-window';

const GEOMETRY = { rowHeight: 36, headerHeight: 36 };
/** 360 px of view: the header and nine rows at offset 0. */
const VIEW = 360;

describe('rowRange', () => {
  it('renders the rows in view plus the overscan, clamped to the list', () => {
    // Offset 0: rows 0–8 are under the view (the header covers the first 36 px).
    expect(rowRange(GEOMETRY, 1000, 0, VIEW, 6)).toEqual({ first: 0, last: 14 });
    // Offset 3600: content 3600–3960 meets rows 99 (3600–3636 under the header) to 108.
    expect(rowRange(GEOMETRY, 1000, 3600, VIEW, 6)).toEqual({ first: 93, last: 114 });
    // The end of the list.
    const end = 36 + 1000 * 36 - VIEW;
    expect(rowRange(GEOMETRY, 1000, end, VIEW, 6)).toEqual({ first: 990 - 6, last: 999 });
  });

  it('renders no overscan after a jump of a viewport or more, and brings it back when scrolling on', () => {
    expect(rowRange(GEOMETRY, 100_000, 1_200_000, VIEW, 6, 0)).toEqual({ first: 33332, last: 33342 });
    expect(rowRange(GEOMETRY, 100_000, 1_200_040, VIEW, 6, 1_200_000)).toEqual({ first: 33327, last: 33349 });
  });

  it('renders nothing before the view has a height, or for an empty list', () => {
    expect(rowRange(GEOMETRY, 1000, 0, 0, 6)).toEqual(EMPTY_RANGE);
    expect(rowRange(GEOMETRY, 0, 0, VIEW, 6)).toEqual(EMPTY_RANGE);
  });

  it('keeps a range inside the list when the offset is past its end (the list just got shorter)', () => {
    expect(rowRange(GEOMETRY, 5, 9000, VIEW, 6)).toEqual({ first: 0, last: 4 });
  });
});

describe('offsetToShow', () => {
  it('leaves the offset alone while the row is whole in view', () => {
    expect(offsetToShow(GEOMETRY, 1000, 0, 0, VIEW)).toBe(0);
    expect(offsetToShow(GEOMETRY, 1000, 8, 0, VIEW)).toBe(0); // 324–360: the last whole row
  });

  it('going down, scrolls just enough for the row to end at the bottom edge', () => {
    // Row 9 spans 360–396: one row down.
    expect(offsetToShow(GEOMETRY, 1000, 9, 0, VIEW)).toBe(36);
  });

  it('going up, puts the row just below the sticky header, not under it', () => {
    // At offset 360 the header covers 360–396, which is row 9: k to row 9 scrolls it out from under the header.
    expect(offsetToShow(GEOMETRY, 1000, 9, 360, VIEW)).toBe(324);
    expect(offsetToShow(GEOMETRY, 1000, 0, 5000, VIEW)).toBe(0);
  });

  it('stays within the content, and ignores rows that are not in the list', () => {
    expect(offsetToShow(GEOMETRY, 1000, 999, 0, VIEW)).toBe(36 + 1000 * 36 - VIEW);
    expect(offsetToShow(GEOMETRY, 1000, -1, 720, VIEW)).toBe(720);
    expect(offsetToShow(GEOMETRY, 1000, 1000, 720, VIEW)).toBe(720);
  });
});
