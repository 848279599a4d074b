// The console's one table: server-driven (sort and paging belong to the query, never sorted here), virtualised
// rows (only what is on screen is in the DOM, so 100k rows scroll smoothly), sticky header with sortable column
// buttons, user-chosen visible columns, and the next page fetched as the end comes into view.
// Every row is ROW_HEIGHT px, so which rows are in the DOM and where a row sits follow from the scroll offset alone
// (row-window.ts): nothing is measured, and the layout is never read after React has changed the DOM. Moving the
// active row (j/k) renders the rows for the new offset in the same commit as the new active row and then writes the
// offset once; the scroll event that follows finds the table already there. Each row is memoised, so a row already
// on screen is left alone and only the rows coming into view, or whose active/selected state changed, are rendered
// (bench:ui measures it).
import {
  columnVisibilityFeature,
  constructCell,
  constructRow,
  flexRender,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type CellContext,
  type Column as TableColumn,
  type ColumnDef,
  type ColumnVisibilityState,
  type Row,
  type RowData,
  type SortingState,
  type Table,
} from '@tanstack/react-table';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { offsetToShow, rowRange, type Geometry } from './row-window';

export const features = tableFeatures({ rowSortingFeature, columnVisibilityFeature });
export type Features = typeof features;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- column value types differ per column, as TanStack's own examples type them
export type Column<T extends RowData> = ColumnDef<Features, T, any>;

declare module '@tanstack/react-table' {
  // The augmentation must repeat the library's type parameters, used or not.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TFeatures, TData, TValue> {
    /** The column's name in the "Columns" menu and for screen readers when the header is an icon. */
    label?: string;
    align?: 'right' | 'center';
    /** Width in px; the last flexible column takes the rest. */
    width?: number;
  }
}

/** Every row is this tall (styles.css pins the cells to it), so rows are never measured. */
export const ROW_HEIGHT = 36;
/** The sticky header row above the first row: rows sit below it, and a row is scrolled into view below it, not
 * under it (or, going down, one row past the bottom edge). */
const HEADER_HEIGHT = ROW_HEIGHT;
const GEOMETRY: Geometry = { rowHeight: ROW_HEIGHT, headerHeight: HEADER_HEIGHT };
/** Rows rendered beyond each edge of the view, so a fast wheel shows no blank rows before React catches up. */
const OVERSCAN = 6;
const NO_HIDDEN_COLUMNS: ColumnVisibilityState = {};

export interface Sort {
  id: string;
  desc: boolean;
}

export interface DataTableProps<T extends RowData> {
  label: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  getRowId: (row: T) => string;
  sort: Sort | null;
  onSortChange?: (sort: Sort | null) => void;
  visibility?: ColumnVisibilityState;
  loading?: boolean;
  empty?: ReactNode;
  hasMore?: boolean;
  loadingMore?: boolean;
  onLoadMore?: () => void;
  activeRowId?: string | null;
  isSelected?: (row: T) => boolean;
  onRowClick?: (row: T, event: React.MouseEvent) => void;
  /** Fixed height of the scrolling area; default fills the page. */
  height?: number | string;
}

export function DataTable<T extends RowData>(props: DataTableProps<T>) {
  const { rows, activeRowId, getRowId, hasMore, loadingMore, onLoadMore } = props;
  const { sort, visibility } = props;
  // Stable references: a new state object on every render would make the table treat each scroll as a change.
  const sorting: SortingState = useMemo(() => (sort ? [{ id: sort.id, desc: sort.desc }] : []), [sort]);
  const state = useMemo(() => ({ sorting, columnVisibility: visibility ?? NO_HIDDEN_COLUMNS }), [sorting, visibility]);
  const table = useTable({
    features,
    columns: props.columns as Column<T>[],
    data: rows as T[],
    getRowId,
    manualSorting: true,
    enableMultiSort: false,
    state,
    onSortingChange: (updater) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      props.onSortChange?.(next[0] ? { id: next[0].id, desc: next[0].desc } : null);
    },
  });

  const scrollRef = useRef<HTMLDivElement>(null);
  const { viewport, offset, previousOffset, setOffset } = useScrollState(scrollRef);

  // Keyboard navigation moves the active row; keep it in view. The offset that shows it is set during this render
  // (React renders again at once, before committing), so its rows come in the same commit as the active row.
  const activeIndex = activeRowId ? rows.findIndex((row) => getRowId(row) === activeRowId) : -1;
  const [shownIndex, setShownIndex] = useState(-1);
  if (viewport > 0 && activeIndex !== shownIndex) {
    setShownIndex(activeIndex);
    const shown = activeIndex >= 0 ? offsetToShow(GEOMETRY, rows.length, activeIndex, offset, viewport) : offset;
    if (shown !== offset) setOffset(shown);
  }

  const range = rowRange(GEOMETRY, rows.length, offset, viewport, OVERSCAN, previousOffset);
  const lastIndex = range.last;

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - 30) onLoadMore?.();
  }, [hasMore, loadingMore, lastIndex, rows.length, onLoadMore]);

  // One click handler for every row, whatever function the screen passes this render, so rows stay memoised.
  const onRowClickRef = useRef(props.onRowClick);
  useLayoutEffect(() => {
    onRowClickRef.current = props.onRowClick;
  });
  const onRowClick = useCallback((row: T, event: React.MouseEvent) => onRowClickRef.current?.(row, event), []);

  const visibleColumns = table.getVisibleLeafColumns();
  const padTop = range.first * ROW_HEIGHT;
  const padBottom = Math.max(0, rows.length - 1 - range.last) * ROW_HEIGHT;
  const windowRows = useWindowRows(table, rows, getRowId, range.first, range.last);

  return (
    <div className="table-wrap">
      <div
        ref={scrollRef}
        className="table-scroll"
        style={{ height: props.height ?? 'calc(100vh - 300px)' }}
        tabIndex={0}
        role="region"
        aria-label={`${props.label} (scrollable)`}
      >
        <table className="grid" aria-label={props.label} aria-rowcount={rows.length + 1} aria-busy={props.loading || undefined}>
          <colgroup>
            {visibleColumns.map((column) => (
              <col key={column.id} style={{ width: column.columnDef.meta?.width }} />
            ))}
          </colgroup>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id} aria-rowindex={1}>
                {group.headers.map((header) => {
                  const column = header.column;
                  const sorted = column.getIsSorted();
                  const meta = column.columnDef.meta;
                  const content = header.isPlaceholder ? null : <table.FlexRender header={header} />;
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      className={meta?.align === 'right' ? 'num' : undefined}
                      aria-sort={sorted ? (sorted === 'desc' ? 'descending' : 'ascending') : undefined}
                    >
                      {column.getCanSort() && props.onSortChange ? (
                        <button onClick={column.getToggleSortingHandler()} title={`Sort by ${meta?.label ?? column.id}`}>
                          {content}
                          <span aria-hidden="true">{sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}</span>
                        </button>
                      ) : (
                        content
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {padTop > 0 && (
              <tr aria-hidden="true">
                <td colSpan={visibleColumns.length} style={{ height: padTop, padding: 0, border: 0 }} />
              </tr>
            )}
            {windowRows.map((row) => {
              return (
                <TableRow
                  key={row.id}
                  row={row}
                  columns={visibleColumns}
                  index={row.index}
                  active={row.id === activeRowId}
                  selected={props.isSelected ? props.isSelected(row.original) : undefined}
                  onClick={props.onRowClick ? onRowClick : undefined}
                />
              );
            })}
            {padBottom > 0 && (
              <tr aria-hidden="true">
                <td colSpan={visibleColumns.length} style={{ height: padBottom, padding: 0, border: 0 }} />
              </tr>
            )}
          </tbody>
        </table>
        {props.loading && rows.length === 0 && (
          <div style={{ padding: 16 }} aria-busy="true" aria-label="Loading rows">
            {Array.from({ length: 8 }, (_, i) => (
              <div key={i} className="skeleton" style={{ height: 20, margin: '8px 0' }} />
            ))}
          </div>
        )}
        {!props.loading && rows.length === 0 && props.empty}
      </div>
    </div>
  );
}

/**
 * The scroller's height and scroll offset, kept from a ResizeObserver and scroll events rather than read during a
 * render or after one. `setOffset` scrolls: the new offset renders at once, and is written to the element after the
 * commit (one layout for the rows and the scroll together); the scroll event that follows changes nothing.
 */
function useScrollState(scrollRef: React.RefObject<HTMLDivElement | null>) {
  const [viewport, setViewport] = useState(0);
  // The offset, and the one before it (how far the last scroll went: a jump renders no overscan).
  const [scroll, setScroll] = useState({ offset: 0, previous: 0 });
  const setOffset = useCallback(
    (offset: number) => setScroll((current) => (current.offset === offset ? current : { offset, previous: current.offset })),
    [],
  );
  const { offset } = scroll;
  /** The element's scrollTop as last read or written. */
  const elementOffset = useRef(0);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    // Read once, before the first paint, so the first frame has its rows; the observer and the scroll events follow.
    setViewport(element.clientHeight);
    elementOffset.current = element.scrollTop;
    setOffset(element.scrollTop);
    const observer = new ResizeObserver(([entry]) => entry && setViewport(Math.round(entry.contentRect.height)));
    observer.observe(element);
    const onScroll = () => {
      const top = element.scrollTop;
      elementOffset.current = top;
      // Rendered before this frame is painted, as a scroll shows the rows it brings, not blank space first.
      flushSync(() => setOffset(top));
    };
    element.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      observer.disconnect();
      element.removeEventListener('scroll', onScroll);
    };
  }, [scrollRef, setOffset]);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element || offset === elementOffset.current) return;
    elementOffset.current = offset;
    element.scrollTop = offset;
  }, [scrollRef, offset]);

  return { viewport, offset, previousOffset: scroll.previous, setOffset };
}

/**
 * TanStack rows for rows `first`…`last` only. TanStack's row model would build a row object for every row the list
 * holds, and an index of them by id (100k of each in bench:ui: 30 of the page's 55 MB live heap, which every full GC
 * marks and moves, and every id interned as a property name); the table needs rows only for what is in the DOM. A row
 * already in the window keeps its object (TableRow is memoised on it), and a row that left it is dropped.
 */
function useWindowRows<T extends RowData>(
  table: Table<Features, T>,
  rows: readonly T[],
  getRowId: (row: T) => string,
  first: number,
  last: number,
): Row<Features, T>[] {
  const [held, setHeld] = useState<WindowRows<T>>({ rows, first: 0, last: -1, windowRows: [] });
  if (held.rows === rows && held.first === first && held.last === last) return held.windowRows;
  // The window moved: rows still in it keep their objects; the state is set during this render (React renders again
  // at once, before committing), as the active row's offset is above.
  const windowRows: Row<Features, T>[] = [];
  for (let index = first; index <= last; index++) {
    const original = rows[index]!;
    const kept = index >= held.first && index <= held.last ? held.windowRows[index - held.first] : undefined;
    windowRows.push(kept && kept.original === original ? kept : constructRow(table, getRowId(original), original, index, 0));
  }
  setHeld({ rows, first, last, windowRows });
  return windowRows;
}

interface WindowRows<T extends RowData> {
  rows: readonly T[];
  first: number;
  last: number;
  windowRows: Row<Features, T>[];
}

export interface TableRowProps<T extends RowData> {
  row: Row<Features, T>;
  /** The visible columns: a new list when the person shows or hides one, which renders the row again. */
  columns: readonly TableColumn<Features, T>[];
  index: number;
  active: boolean;
  selected: boolean | undefined;
  onClick: ((row: T, event: React.MouseEvent) => void) | undefined;
}

/** One row: exported for its test (test/renderer/data-table.test.tsx). */
export const TableRow = memo(function TableRow<T extends RowData>(props: TableRowProps<T>) {
  const { row } = props;
  return (
    <tr
      data-row-id={row.id}
      aria-rowindex={props.index + 2}
      aria-selected={props.selected}
      className={[props.onClick ? 'clickable' : '', props.active ? 'active' : ''].join(' ').trim() || undefined}
      onClick={props.onClick ? (event) => props.onClick!(row.original, event) : undefined}
    >
      {props.columns.map((column) => (
        <td key={column.id} className={column.columnDef.meta?.align === 'right' ? 'num' : undefined}>
          {flexRender(column.columnDef.cell, cellContext(row, column))}
        </td>
      ))}
    </tr>
  );
}) as <T extends RowData>(props: TableRowProps<T>) => ReactNode;

/**
 * What a column's `cell` renders from, built for this render and dropped with it. TanStack's own `row.getVisibleCells()`
 * and `cell.getContext()` cache, on the row, a WeakMap of cell objects, each with its memoised context and the row's
 * values: kept for as long as the row model lives, so scrolling 100k rows end to end left ~26 MB more on the heap
 * (some 3 KB per row passed), and copying and compacting it was the GC pauses of 20–25 ms CPU that made the worst
 * frames of bench:ui. Here the cell is a fresh one that nothing keeps, and the value is read through the column's
 * accessor (as TanStack reads it) without being cached on the row.
 */
function cellContext<T extends RowData>(row: Row<Features, T>, column: TableColumn<Features, T>): CellContext<Features, T, unknown> {
  // TanStack types the getter generic in its value; a column's value is whatever its accessor returns.
  const getValue = (() => column.accessorFn?.(row.original, row.index)) as CellContext<Features, T, unknown>['getValue'];
  return {
    cell: constructCell(column, row, row.table),
    row,
    column,
    table: row.table,
    getValue,
    renderValue: () => getValue() ?? row.table.options.renderFallbackValue ?? null,
  };
}
