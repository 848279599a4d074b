// "Columns": which columns the table shows, remembered per screen (the caller persists the state).
import { useState } from 'react';
import type { ColumnVisibilityState, RowData } from '@tanstack/react-table';
import type { Column } from './DataTable';

export function columnId<T extends RowData>(column: Column<T>): string {
  return column.id ?? ('accessorKey' in column ? String(column.accessorKey) : '');
}

/** The columns a person may show or hide (what a saved view's `visibility` may name). */
export function hideableColumnIds<T extends RowData>(columns: readonly Column<T>[]): string[] {
  return columns.filter((column) => column.enableHiding !== false).map(columnId);
}

export function ColumnPicker<T extends RowData>(props: {
  columns: readonly Column<T>[];
  visibility: ColumnVisibilityState;
  onChange: (next: ColumnVisibilityState) => void;
}) {
  const [open, setOpen] = useState(false);
  const hideable = props.columns.filter((column) => column.enableHiding !== false);
  return (
    <div style={{ position: 'relative' }}>
      <button className="btn" aria-expanded={open} onClick={() => setOpen(!open)}>
        Columns
      </button>
      {open && (
        <div
          className="card"
          role="group"
          aria-label="Visible columns"
          style={{ position: 'absolute', right: 0, top: 36, zIndex: 5, padding: 10, minWidth: 200 }}
          onKeyDown={(event) => event.key === 'Escape' && setOpen(false)}
        >
          {hideable.map((column) => {
            const id = columnId(column);
            return (
              <label key={id} className="checkbox" style={{ display: 'flex', padding: '3px 0' }}>
                <input
                  type="checkbox"
                  checked={props.visibility[id] !== false}
                  onChange={(event) => props.onChange({ ...props.visibility, [id]: event.target.checked })}
                />
                {column.meta?.label ?? (typeof column.header === 'string' ? column.header : id)}
              </label>
            );
          })}
        </div>
      )}
    </div>
  );
}
