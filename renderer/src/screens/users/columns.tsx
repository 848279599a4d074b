// The users table's columns (module constant): ids of sortable columns are the contract's sort values.
import { formatDateTime } from '../../ui/format';
import type { Column } from '../../ui/table/DataTable';
import { isStaffRole, roleLabel, type UserRow } from './model';

const STATUS_BADGE: Record<string, string> = { active: 'ok', inactive: '', suspended: 'danger' };

export const userColumns: Column<UserRow>[] = [
  {
    id: 'full_name',
    accessorKey: 'full_name',
    header: 'Name',
    cell: (c) => c.getValue() ?? <span className="muted">—</span>,
    meta: { label: 'Name', width: 160 },
  },
  { id: 'email', accessorKey: 'email', header: 'Email', meta: { label: 'Email', width: 210 } },
  {
    id: 'company_name',
    accessorKey: 'company_name',
    header: 'Company',
    enableSorting: false,
    cell: (c) => c.getValue() ?? '',
    meta: { label: 'Company', width: 160 },
  },
  {
    id: 'status',
    accessorKey: 'status',
    header: 'Status',
    enableSorting: false,
    cell: (c) => <span className={`badge ${STATUS_BADGE[c.getValue()] ?? ''}`}>{c.getValue()}</span>,
    meta: { label: 'Status', width: 100 },
  },
  {
    id: 'roles',
    accessorKey: 'roles',
    header: 'Roles',
    enableSorting: false,
    cell: (c) => (
      <span className="user-roles">
        {c.row.original.roles.length === 0 && <span className="muted">none</span>}
        {c.row.original.roles.map((grant) => (
          <span key={grant.id} className={`badge ${isStaffRole(grant.role) ? 'accent' : ''}`} title={roleLabel(grant)}>
            {roleLabel(grant)}
          </span>
        ))}
      </span>
    ),
    meta: { label: 'Roles' },
  },
  {
    id: 'last_sign_in_at',
    accessorKey: 'last_sign_in_at',
    header: 'Last sign-in',
    cell: (c) => formatDateTime(c.getValue()),
    meta: { label: 'Last sign-in', width: 160 },
  },
  {
    id: 'created_at',
    accessorKey: 'created_at',
    header: 'Created',
    cell: (c) => formatDateTime(c.getValue()),
    meta: { label: 'Created', width: 170 },
  },
];
