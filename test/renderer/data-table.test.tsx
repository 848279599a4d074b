// DataTable's rows: each cell shows what its column renders (TanStack's default cell, a cell reading getValue, one
// reading row.original), in the visible columns' order, and rendering a row leaves nothing behind on the row model.
// The second matters at scale: TanStack's own cells (row.getVisibleCells, cell.getContext) are cached on each row for
// as long as the rows live, so scrolling 100k rows end to end grew the heap by ~26 MB and the GC pauses that copied
// and compacted it were the worst frames of bench:ui (issue 19).
import { useTable, type Row } from '@tanstack/react-table';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { features, TableRow, type Column, type Features } from '../../renderer/src/ui/table/DataTable';

interface Payment {
  id: string;
  payer: string;
  amount: number;
  currency: string;
}

const columns: Column<Payment>[] = [
  { accessorKey: 'payer', header: 'Payer' },
  {
    accessorKey: 'amount',
    header: 'Amount',
    cell: (c) => `${c.getValue<number>().toFixed(2)} ${c.row.original.currency}`,
    meta: { align: 'right' },
  },
  { id: 'ref', header: 'Reference', cell: ({ row }) => <span className="mono">ref-{row.original.id}</span> },
];

const data: Payment[] = Array.from({ length: 200 }, (_, i) => ({
  id: `p${i}`,
  payer: `payer${i}@example.com`,
  amount: i + 0.5,
  currency: 'EUR',
}));

/** Renders `indexes` of the rows as DataTable does, with `hidden` columns hidden; returns the markup and the rows. */
function renderRows(indexes: number[], hidden: Record<string, boolean> = {}) {
  let rows: Row<Features, Payment>[] = [];
  let keysBefore: string[][] = [];
  function Harness() {
    const table = useTable({
      features,
      columns,
      data,
      getRowId: (row) => row.id,
      state: { sorting: [], columnVisibility: hidden },
    });
    rows = table.getRowModel().rows;
    keysBefore = rows.map((row) => Object.keys(row));
    const visible = table.getVisibleLeafColumns();
    return (
      <table>
        <tbody>
          {indexes.map((index) => (
            <TableRow
              key={index}
              row={rows[index]!}
              columns={visible}
              index={index}
              active={false}
              selected={undefined}
              onClick={undefined}
            />
          ))}
        </tbody>
      </table>
    );
  }
  const markup = renderToStaticMarkup(<Harness />);
  return { markup, rows, keysBefore };
}

describe('DataTable rows', () => {
  it('shows each visible column as its cell renders it, with the row index for assistive technology', () => {
    const { markup } = renderRows([7]);
    expect(markup).toBe(
      '<table><tbody><tr data-row-id="p7" aria-rowindex="9">' +
        '<td>payer7@example.com</td><td class="num">7.50 EUR</td><td><span class="mono">ref-p7</span></td>' +
        '</tr></tbody></table>',
    );
  });

  it('leaves hidden columns out', () => {
    const { markup } = renderRows([3], { payer: false });
    expect(markup).not.toContain('payer3@example.com');
    expect(markup).toContain('<td class="num">3.50 EUR</td><td><span class="mono">ref-p3</span></td>');
  });

  it('keeps nothing on the rows it rendered, so scrolling through many rows does not grow the heap', () => {
    const indexes = Array.from({ length: data.length }, (_, i) => i);
    const { markup, rows, keysBefore } = renderRows(indexes);
    expect(markup.match(/<tr /g)).toHaveLength(data.length);
    expect(rows.map((row) => Object.keys(row))).toEqual(keysBefore);
  });
});
