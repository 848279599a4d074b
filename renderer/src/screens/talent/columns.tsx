// The talent screen's tables (module constants): expert profiles, sortable where talent:list sorts; the testimonial
// queue, in SQL's order (pending oldest-updated first, the rest newest first), so nothing sorts there.
import { formatAge, formatDateTime, formatNumber } from '../../ui/format';
import type { Column } from '../../ui/table/DataTable';
import { attribution, AVAILABILITY_BADGE, engagementsText, ratingText, STATE_BADGE, type TalentRow, type TestimonialRow } from './model';

const none = <span className="muted">—</span>;

export const expertColumns: Column<TalentRow>[] = [
  {
    id: 'full_name',
    accessorKey: 'full_name',
    header: 'Expert',
    enableHiding: false,
    meta: { label: 'Expert' },
    cell: (c) => {
      const row = c.row.original;
      return (
        // A button, so the keyboard can open the expert's testimonials too (the click reaches the row).
        <button type="button" className="row-pick tal-two" title={`Testimonials of ${row.full_name ?? row.email}`}>
          <span>{row.full_name ?? row.email}</span>
          <small className="muted">{row.tagline ?? row.email}</small>
        </button>
      );
    },
  },
  {
    id: 'availability',
    accessorKey: 'availability',
    header: 'Availability',
    enableSorting: false,
    meta: { label: 'Availability', width: 110 },
    cell: (c) => <span className={`badge ${AVAILABILITY_BADGE[c.getValue()] ?? ''}`}>{c.getValue()}</span>,
  },
  {
    id: 'rating',
    accessorKey: 'rating',
    header: 'Rating',
    meta: { label: 'Rating', width: 160 },
    cell: (c) => ratingText(c.row.original.rating, c.row.original.review_count),
  },
  {
    id: 'hourly_rate',
    accessorKey: 'hourly_rate',
    header: 'Rate / h',
    enableSorting: false,
    meta: { label: 'Hourly rate', width: 90, align: 'right' },
    cell: (c) => (c.getValue() === null ? none : formatNumber(c.getValue(), 0)),
  },
  {
    id: 'engagements',
    header: 'Engagements',
    enableSorting: false,
    meta: { label: 'Engagements', width: 130 },
    cell: (c) => engagementsText(c.row.original.active_engagements, c.row.original.engagements),
  },
  {
    id: 'testimonials_pending',
    accessorKey: 'testimonials_pending',
    header: 'Pending',
    enableSorting: false,
    meta: { label: 'Pending testimonials', width: 90, align: 'right' },
    cell: (c) =>
      c.getValue() > 0 ? (
        <span className="badge warn" title="Testimonials waiting for verification">
          {c.getValue()}
        </span>
      ) : (
        <span className="muted">0</span>
      ),
  },
  {
    id: 'is_public',
    accessorKey: 'is_public',
    header: 'Profile',
    enableSorting: false,
    meta: { label: 'Profile public', width: 80 },
    cell: (c) => (c.getValue() ? 'Public' : <span className="muted">Hidden</span>),
  },
  {
    id: 'created_at',
    accessorKey: 'created_at',
    header: 'Joined',
    meta: { label: 'Joined', width: 160 },
    cell: (c) => formatDateTime(c.getValue()),
  },
];

export const testimonialColumns: Column<TestimonialRow>[] = [
  {
    id: 'updated_at',
    accessorKey: 'updated_at',
    header: 'Updated',
    enableSorting: false,
    meta: { label: 'Updated', width: 80 },
    cell: (c) => <span title={formatDateTime(c.getValue())}>{formatAge(c.getValue())}</span>,
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
    id: 'client',
    header: 'Client',
    enableSorting: false,
    meta: { label: 'Client', width: 200 },
    cell: (c) => (
      <button type="button" className="row-pick tal-ellipsis" title={attribution(c.row.original)}>
        {attribution(c.row.original)}
      </button>
    ),
  },
  {
    id: 'quote',
    accessorKey: 'quote',
    header: 'Quote',
    enableSorting: false,
    meta: { label: 'Quote' },
    cell: (c) => <span className="tal-ellipsis">“{c.getValue()}”</span>,
  },
  {
    id: 'state',
    accessorKey: 'state',
    header: 'State',
    enableSorting: false,
    enableHiding: false,
    meta: { label: 'State', width: 104 },
    cell: (c) => <span className={`badge ${STATE_BADGE[c.getValue()] ?? ''}`}>{c.getValue()}</span>,
  },
];
