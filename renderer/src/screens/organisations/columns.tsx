// The organisations table's columns (module constant): the sortable ids are organisations:list's sort values.
import { routeHref } from '../../app/route';
import { formatDate, formatDateTime, formatNumber } from '../../ui/format';
import type { Column } from '../../ui/table/DataTable';
import { activityText, planBadge, websiteHost, type OrganisationRow } from './model';

const QUIET_DAYS = 90;

export const organisationColumns: Column<OrganisationRow>[] = [
  {
    id: 'name',
    accessorKey: 'name',
    header: 'Organisation',
    enableHiding: false,
    meta: { label: 'Organisation' },
    cell: (c) => {
      const row = c.row.original;
      const host = websiteHost(row.website);
      return (
        <span className="org-two" title={row.website ?? undefined}>
          <a className="org-link" href={routeHref('organisations', row.id)}>
            {row.name}
          </a>
          {host && <small className="muted">{host}</small>}
        </span>
      );
    },
  },
  {
    id: 'tier',
    accessorKey: 'subscription_tier',
    header: 'Plan',
    enableSorting: false,
    meta: { label: 'Plan tier', width: 160 },
    cell: (c) => {
      const plan = planBadge(c.row.original.subscription_tier, c.row.original.subscription_status);
      return <span className={`badge ${plan.badge}`}>{plan.label}</span>;
    },
  },
  {
    id: 'members',
    accessorKey: 'members',
    header: 'Members',
    enableSorting: false,
    meta: { label: 'Members', width: 86, align: 'right' },
    cell: (c) => formatNumber(c.row.original.members),
  },
  {
    id: 'completed_assessments',
    accessorKey: 'completed_assessments',
    header: 'Assessments',
    enableSorting: false,
    meta: { label: 'Completed assessments', width: 114, align: 'right' },
    cell: (c) => formatNumber(c.row.original.completed_assessments),
  },
  {
    id: 'last_activity_at',
    accessorKey: 'last_activity_at',
    header: 'Last activity',
    enableSorting: false,
    meta: { label: 'Last activity', width: 110 },
    cell: (c) => {
      const iso = c.row.original.last_activity_at;
      const quiet = !iso || Date.now() - new Date(iso).getTime() >= QUIET_DAYS * 86_400_000;
      return (
        <span className={quiet ? 'org-quiet' : undefined} title={iso ? formatDateTime(iso) : undefined}>
          {activityText(iso)}
        </span>
      );
    },
  },
  {
    id: 'created_at',
    accessorKey: 'created_at',
    header: 'Customer since',
    meta: { label: 'Customer since', width: 120 },
    cell: (c) => formatDate(c.row.original.created_at),
  },
];
