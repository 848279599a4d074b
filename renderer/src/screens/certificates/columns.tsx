// The certificates table's columns (module constant): the ids of sortable columns are certificates:list's sort values.
import type { Column } from '../../ui/table/DataTable';
import { formatDay, STATE_BADGE, stateOf, type CertificateRow } from './model';

export const certificateColumns: Column<CertificateRow>[] = [
  {
    id: 'certificate_number',
    accessorKey: 'certificate_number',
    header: 'Number',
    enableHiding: false,
    meta: { label: 'Number', width: 245 },
    // A button, so the keyboard can open a certificate too (the click reaches the row).
    cell: (c) => (
      <button type="button" className="row-pick mono" title={`Open ${c.getValue()}`}>
        {c.getValue()}
      </button>
    ),
  },
  {
    id: 'recipient',
    header: 'Recipient',
    enableSorting: false,
    meta: { label: 'Recipient' },
    cell: (c) => {
      const row = c.row.original;
      return (
        <span className="cert-two" title={row.email}>
          <span>{row.full_name ?? row.email}</span>
          {row.full_name && <small className="muted">{row.email}</small>}
        </span>
      );
    },
  },
  {
    id: 'title',
    header: 'Title',
    enableSorting: false,
    meta: { label: 'Title' },
    cell: (c) => <span className="cert-ellipsis">{c.row.original.title ?? c.row.original.workshop_title ?? '—'}</span>,
  },
  {
    id: 'issue_date',
    accessorKey: 'issue_date',
    header: 'Issued',
    meta: { label: 'Issued', width: 112 },
    cell: (c) => <span className="nowrap">{formatDay(c.getValue())}</span>,
  },
  {
    id: 'expiry_date',
    accessorKey: 'expiry_date',
    header: 'Expires',
    enableSorting: false,
    meta: { label: 'Expires', width: 120 },
    cell: (c) => <span className="nowrap">{c.getValue() ? formatDay(c.getValue()) : <span className="muted">never</span>}</span>,
  },
  {
    id: 'state',
    header: 'State',
    enableSorting: false,
    enableHiding: false,
    meta: { label: 'State', width: 90 },
    cell: (c) => {
      const state = stateOf(c.row.original);
      return <span className={`badge ${STATE_BADGE[state]}`}>{state}</span>;
    },
  },
];
