// The table scene of the benchmark page: the console's DataTable with N synthetic payment rows (?rows=100000), or
// the same rows in a plain table without virtualisation (?virtual=0) as the baseline.
import { useState } from 'react';
import { formatDateTime, formatMoney } from '../ui/format';
import { DataTable, type Column } from '../ui/table/DataTable';

interface BenchRow {
  id: string;
  created_at: string;
  payer: string;
  organisation: string;
  provider: string;
  transaction: string;
  amount: number;
  currency: string;
  status: string;
}

const STATUSES = ['succeeded', 'pending', 'failed', 'partially_refunded', 'refunded'];
const BADGE: Record<string, string> = { succeeded: 'ok', pending: 'info', failed: 'danger', partially_refunded: 'warn', refunded: 'warn' };

function makeRows(count: number): BenchRow[] {
  const start = Date.UTC(2024, 0, 1);
  return Array.from({ length: count }, (_, i) => ({
    id: `row-${i}`,
    created_at: new Date(start + i * 60_000).toISOString(),
    payer: `payer${i}@example.com`,
    organisation: ['Northwind Logistics', 'Brightpath Health', 'Kestrel Labs'][i % 3]!,
    provider: ['stripe', 'paypal', 'manual'][i % 3]!,
    transaction: `txn_${(i * 7919).toString(36).padStart(10, '0')}`,
    amount: ((i * 37) % 5000) + 0.99,
    currency: ['USD', 'EUR', 'GBP'][i % 3]!,
    status: STATUSES[i % STATUSES.length]!,
  }));
}

const columns: Column<BenchRow>[] = [
  { accessorKey: 'created_at', header: 'Created', cell: (c) => formatDateTime(c.getValue()), meta: { width: 170 } },
  { accessorKey: 'payer', header: 'Payer' },
  { accessorKey: 'organisation', header: 'Organisation' },
  { accessorKey: 'provider', header: 'Provider', meta: { width: 90 } },
  { accessorKey: 'transaction', header: 'Transaction', cell: (c) => <span className="mono">{c.getValue()}</span> },
  {
    accessorKey: 'amount',
    header: 'Amount',
    cell: (c) => formatMoney(c.getValue(), c.row.original.currency),
    meta: { align: 'right', width: 130 },
  },
  {
    accessorKey: 'status',
    header: 'Status',
    cell: (c) => <span className={`badge ${BADGE[c.getValue()]}`}>{c.getValue()}</span>,
    meta: { width: 150 },
  },
];

export function TableScene(props: { rows: number; virtual: boolean }) {
  const [rows] = useState(() => makeRows(props.rows));
  if (props.virtual) {
    return (
      <div className="page">
        <DataTable
          label="Benchmark rows"
          columns={columns}
          rows={rows}
          getRowId={(row) => row.id}
          sort={null}
          height="calc(100vh - 40px)"
        />
      </div>
    );
  }
  return (
    <div className="page">
      <div className="table-scroll" style={{ height: 'calc(100vh - 40px)' }}>
        <table className="grid" aria-label="Benchmark rows">
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>{formatDateTime(row.created_at)}</td>
                <td>{row.payer}</td>
                <td>{row.organisation}</td>
                <td>{row.provider}</td>
                <td className="mono">{row.transaction}</td>
                <td className="num">{formatMoney(row.amount, row.currency)}</td>
                <td>
                  <span className={`badge ${BADGE[row.status]}`}>{row.status}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
