// The engagements table's columns (module constant): the ids of sortable columns are engagements:list's sort values.
import { formatDateTime } from '../../ui/format';
import type { Column } from '../../ui/table/DataTable';
import { HoursBar } from './HoursBar';
import { dateRange, ENGAGEMENT_BADGE, engagementName, type EngagementRow } from './model';

const none = <span className="muted">—</span>;

export const engagementColumns: Column<EngagementRow>[] = [
  {
    id: 'engagement',
    header: 'Engagement',
    enableSorting: false,
    enableHiding: false,
    meta: { label: 'Engagement' },
    cell: (c) => {
      const row = c.row.original;
      return (
        // A button, so the keyboard can open an engagement too (the click reaches the row).
        <button type="button" className="row-pick eng-two" title={engagementName(row)}>
          <span>{engagementName(row)}</span>
          <small className="muted">{row.focus_area}</small>
        </button>
      );
    },
  },
  {
    id: 'client',
    header: 'Client',
    enableSorting: false,
    meta: { label: 'Client and organisation', width: 180 },
    cell: (c) => {
      const row = c.row.original;
      return (
        <span className="eng-two">
          <span>{row.client_name ?? '—'}</span>
          <small className="muted">{row.organization_name ?? 'No organisation'}</small>
        </span>
      );
    },
  },
  {
    id: 'expert',
    accessorKey: 'expert_name',
    header: 'Expert',
    enableSorting: false,
    meta: { label: 'Expert', width: 150 },
    cell: (c) => c.getValue() ?? none,
  },
  {
    id: 'status',
    accessorKey: 'status',
    header: 'Status',
    enableSorting: false,
    meta: { label: 'Status', width: 112 },
    cell: (c) => <span className={`badge ${ENGAGEMENT_BADGE[c.getValue()] ?? ''}`}>{c.getValue()}</span>,
  },
  {
    id: 'hours',
    header: 'Hours',
    enableSorting: false,
    meta: { label: 'Hours used of budget', width: 130 },
    cell: (c) => <HoursBar used={c.row.original.hours_used} total={c.row.original.hours_total} />,
  },
  {
    id: 'start_date',
    accessorKey: 'start_date',
    header: 'Dates',
    meta: { label: 'Dates', width: 225 },
    cell: (c) => <span className="nowrap">{dateRange(c.row.original.start_date, c.row.original.end_date)}</span>,
  },
  {
    id: 'created_at',
    accessorKey: 'created_at',
    header: 'Created',
    meta: { label: 'Created', width: 160 },
    cell: (c) => formatDateTime(c.getValue()),
  },
];
