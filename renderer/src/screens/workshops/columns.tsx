// The workshops table's and the registrations table's columns (module constants). Sortable ids are the channels'
// sort values: workshops by date or title, registrations by when they were made.
import { routeHref } from '../../app/route';
import { formatDate, formatDateTime, formatMoney, formatNumber } from '../../ui/format';
import type { Column } from '../../ui/table/DataTable';
import { paymentStatusInfo } from '../payments/labels';
import {
  formatTime,
  formatDay,
  certificateTail,
  ratingText,
  registrationBadge,
  seatsText,
  workshopStatusInfo,
  type RegistrationRow,
  type WorkshopRow,
} from './model';

export const workshopColumns: Column<WorkshopRow>[] = [
  {
    id: 'schedule_date',
    accessorKey: 'schedule_date',
    header: 'Date',
    enableHiding: false,
    meta: { label: 'Date', width: 160 },
    cell: (c) => {
      const row = c.row.original;
      const time = formatTime(row.schedule_time);
      return (
        <span className="ws-two">
          <span>{formatDay(row.schedule_date)}</span>
          {time && <small className="muted">{time}</small>}
        </span>
      );
    },
  },
  {
    id: 'title',
    accessorKey: 'title',
    header: 'Workshop',
    enableHiding: false,
    meta: { label: 'Workshop', width: 260 },
    cell: (c) => (
      <a className="ws-link" href={routeHref('workshops', c.row.original.id)} title={c.row.original.title}>
        {c.row.original.title}
      </a>
    ),
  },
  {
    id: 'status',
    accessorKey: 'status',
    header: 'Status',
    enableSorting: false,
    meta: { label: 'Status', width: 110 },
    cell: (c) => {
      const status = workshopStatusInfo(c.row.original.status);
      return <span className={`badge ${status.badge}`}>{status.label}</span>;
    },
  },
  {
    id: 'instructor',
    accessorKey: 'instructor_name',
    header: 'Instructor',
    enableSorting: false,
    meta: { label: 'Instructor', width: 160 },
    cell: (c) => c.row.original.instructor_name ?? <span className="muted">—</span>,
  },
  {
    id: 'seats',
    header: 'Seats',
    enableSorting: false,
    meta: { label: 'Capacity and seats left', width: 120 },
    cell: (c) => {
      const row = c.row.original;
      return (
        <span className={row.capacity_remaining <= 0 ? 'ws-full' : undefined} title={`Capacity ${row.capacity_total}`}>
          {seatsText(row.capacity_remaining, row.capacity_total)}
        </span>
      );
    },
  },
  {
    id: 'registrations',
    accessorKey: 'registrations',
    header: 'Registered',
    enableSorting: false,
    meta: { label: 'Registrations', width: 100, align: 'right' },
    cell: (c) => formatNumber(c.row.original.registrations),
  },
  {
    id: 'rating',
    accessorKey: 'average_rating',
    header: 'Rating',
    enableSorting: false,
    meta: { label: 'Rating', width: 140 },
    cell: (c) => {
      const row = c.row.original;
      return (
        <span className={row.review_count > 0 ? undefined : 'muted'}>
          {row.review_count > 0 && (
            <span className="ws-star" aria-hidden="true">
              ★{' '}
            </span>
          )}
          {ratingText(row.average_rating, row.review_count)}
        </span>
      );
    },
  },
  {
    id: 'price',
    accessorKey: 'price_amount',
    header: 'Price',
    enableSorting: false,
    meta: { label: 'Price', width: 110, align: 'right' },
    cell: (c) => (c.row.original.price_amount > 0 ? formatMoney(c.row.original.price_amount, c.row.original.currency) : 'Free'),
  },
];

/** The registrations of one workshop: what each paid is in the workshop's currency; the person's name is the
 * keyboard's way to choose a row (`onSelect`), as a click on the row is the mouse's. */
export const registrationColumns = (currency: string, onSelect: (row: RegistrationRow) => void): Column<RegistrationRow>[] => [
  {
    id: 'person',
    header: 'Person',
    enableSorting: false,
    enableHiding: false,
    meta: { label: 'Person' },
    cell: (c) => {
      const row = c.row.original;
      return (
        <span className="ws-two" title={row.email}>
          <button type="button" className="ws-person" onClick={() => onSelect(row)}>
            {row.full_name ?? row.email}
          </button>
          {row.full_name && <small className="muted">{row.email}</small>}
        </span>
      );
    },
  },
  {
    id: 'status',
    accessorKey: 'status',
    header: 'Status',
    enableSorting: false,
    meta: { label: 'Status and attendance', width: 118 },
    cell: (c) => {
      const status = registrationBadge(c.row.original);
      return <span className={`badge ${status.badge}`}>{status.label}</span>;
    },
  },
  {
    id: 'paid',
    accessorKey: 'price_paid',
    header: 'Paid',
    enableSorting: false,
    meta: { label: 'Paid and payment status', width: 128 },
    cell: (c) => {
      const row = c.row.original;
      const paid = row.price_paid > 0 ? formatMoney(row.price_paid, currency) : 'Free';
      if (!row.payment_id) return <span className="muted">{paid}</span>;
      const status = paymentStatusInfo(row.payment_status ?? '');
      return (
        <span className="ws-two">
          <span>{paid}</span>
          <small className="muted">{status.label}</small>
        </span>
      );
    },
  },
  {
    id: 'certificate',
    accessorKey: 'certificate_number',
    header: 'Certificate',
    enableSorting: false,
    meta: { label: 'Certificate', width: 110 },
    cell: (c) =>
      c.row.original.certificate_number ? (
        <span className="mono" title={c.row.original.certificate_number}>
          {certificateTail(c.row.original.certificate_number)}
        </span>
      ) : (
        <span className="muted">—</span>
      ),
  },
  {
    id: 'registered_at',
    accessorKey: 'registered_at',
    header: 'Registered',
    meta: { label: 'Registered', width: 112 },
    cell: (c) => (
      <span className="nowrap" title={formatDateTime(c.row.original.registered_at)}>
        {formatDate(c.row.original.registered_at)}
      </span>
    ),
  },
];
