// The console's one table: server-driven (sort and paging belong to the query, never sorted here), virtualised
// rows (only what is on screen is in the DOM, so 100k rows scroll smoothly), sticky header with sortable column
// buttons, user-chosen visible columns, and the next page fetched as the end comes into view.
// Scrolling re-renders the table on every frame, so each row is memoised: a row already on screen is left alone and
// only the rows coming into view are rendered (bench:ui measures it).
import {
  columnVisibilityFeature,
  FlexRender,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type Column as TableColumn,
  type ColumnDef,
  type ColumnVisibilityState,
  type Row,
  type RowData,
  type SortingState,
} from '@tanstack/react-table';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, type ReactNode } from 'react';

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
/** The sticky header row above the first row: the virtualizer places rows below it and scrolls a row into view
 * below it, not under it (or, going down, one row past the bottom edge). */
const HEADER_HEIGHT = ROW_HEIGHT;
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
  const tableRows = table.getRowModel().rows;
  // No React Compiler here, so the virtualizer's unmemoisable API is fine as TanStack documents it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: tableRows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    overscan: OVERSCAN,
    rangeExtractor: useJumpAwareRange(),
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length > 0 ? items[items.length - 1]!.index : -1;

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - 30) onLoadMore?.();
  }, [hasMore, loadingMore, lastIndex, rows.length, onLoadMore]);

  // Keyboard navigation moves the active row; keep it in view.
  const activeIndex = activeRowId ? rows.findIndex((row) => getRowId(row) === activeRowId) : -1;
  useEffect(() => {
    if (activeIndex >= 0) virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
  }, [activeIndex, virtualizer]);

  // One click handler for every row, whatever function the screen passes this render, so rows stay memoised.
  const onRowClickRef = useRef(props.onRowClick);
  useLayoutEffect(() => {
    onRowClickRef.current = props.onRowClick;
  });
  const onRowClick = useCallback((row: T, event: React.MouseEvent) => onRowClickRef.current?.(row, event), []);

  const visibleColumns = table.getVisibleLeafColumns();
  const padTop = items.length > 0 ? items[0]!.start - HEADER_HEIGHT : 0;
  const padBottom = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;

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
            {items.map((item) => {
              const row = tableRows[item.index]!;
              return (
                <TableRow
                  key={row.id}
                  row={row}
                  columns={visibleColumns}
                  index={item.index}
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
 * The virtualizer's range, without the overscan after a jump (the scrollbar dragged, Page Down, Home, End): then
 * none of the rows on screen stays, each frame may jump again, and rows beyond the edges would only double the
 * rows built per frame. Scrolling on from there overlaps the last range and brings the overscan back.
 */
function useJumpAwareRange(): (range: Range) => number[] {
  const rendered = useRef<{ first: number; last: number } | null>(null);
  return useCallback((range: Range) => {
    const previous = rendered.current;
    const jumped = previous !== null && (range.startIndex > previous.last || range.endIndex < previous.first);
    const indexes = defaultRangeExtractor(jumped ? { ...range, overscan: 0 } : range);
    rendered.current = indexes.length > 0 ? { first: indexes[0]!, last: indexes[indexes.length - 1]! } : null;
    return indexes;
  }, []);
}

interface TableRowProps<T extends RowData> {
  row: Row<Features, T>;
  /** The visible columns: a new list when the person shows or hides one, which renders the row again. */
  columns: readonly TableColumn<Features, T>[];
  index: number;
  active: boolean;
  selected: boolean | undefined;
  onClick: ((row: T, event: React.MouseEvent) => void) | undefined;
}

const TableRow = memo(function TableRow<T extends RowData>(props: TableRowProps<T>) {
  const { row } = props;
  return (
    <tr
      data-row-id={row.id}
      aria-rowindex={props.index + 2}
      aria-selected={props.selected}
      className={[props.onClick ? 'clickable' : '', props.active ? 'active' : ''].join(' ').trim() || undefined}
      onClick={props.onClick ? (event) => props.onClick!(row.original, event) : undefined}
    >
      {row.getVisibleCells().map((cell) => (
        <td key={cell.id} className={cell.column.columnDef.meta?.align === 'right' ? 'num' : undefined}>
          <FlexRender cell={cell} />
        </td>
      ))}
    </tr>
  );
}) as <T extends RowData>(props: TableRowProps<T>) => ReactNode;
