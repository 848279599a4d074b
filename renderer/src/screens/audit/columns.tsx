import { formatDateTime } from '../../ui/format';
import type { Column } from '../../ui/table/DataTable';
import type { AuditRow } from './model';

// The audit list has one order (newest first, by time then id), so no column sorts.
export const auditColumns: Column<AuditRow>[] = [
  {
    id: 'occurred_at',
    accessorKey: 'occurred_at',
    header: 'When',
    enableSorting: false,
    cell: (c) => formatDateTime(c.getValue()),
    meta: { label: 'When', width: 160 },
  },
  {
    id: 'actor_email',
    accessorKey: 'actor_email',
    header: 'Who',
    enableSorting: false,
    cell: (c) => c.getValue() ?? <span className="muted">system</span>,
    meta: { label: 'Who', width: 200 },
  },
  {
    id: 'action',
    accessorKey: 'action',
    header: 'Action',
    enableSorting: false,
    cell: (c) => <code>{c.getValue()}</code>,
    meta: { label: 'Action', width: 170 },
  },
  { id: 'entity', accessorKey: 'entity', header: 'Entity', enableSorting: false, meta: { label: 'Entity', width: 120 } },
  {
    id: 'entity_id',
    accessorKey: 'entity_id',
    header: 'Entity id',
    enableSorting: false,
    cell: (c) => <span className="mono">{c.getValue() ?? ''}</span>,
    meta: { label: 'Entity id', width: 200 },
  },
  {
    id: 'reason',
    accessorKey: 'reason',
    header: 'Reason',
    enableSorting: false,
    cell: (c) => c.getValue() ?? '',
    meta: { label: 'Reason' },
  },
];
