// The queue's columns. Sort ids are reviews:list's sort enum (created_at, rating, helpful_count); every other
// column is display-only. The checkbox column reads the screen's selection through context, so the definitions
// stay module constants.
import { createContext, useContext } from 'react';
import type { Column } from '../../ui/table/DataTable';
import { formatAge, formatDateTime } from '../../ui/format';
import { signalLabel, slaLevel, slaText, statusBadge, typeLabels, type ReviewRow } from './shape';

export interface Selection {
  isSelected: (id: string) => boolean;
  toggle: (id: string) => void;
  allSelected: boolean;
  someSelected: boolean;
  toggleAll: () => void;
}
export const SelectionContext = createContext<Selection | null>(null);

function SelectCell(props: { row: ReviewRow }) {
  const selection = useContext(SelectionContext);
  const name = props.row.title ?? props.row.excerpt.slice(0, 40);
  return (
    <input
      type="checkbox"
      aria-label={`Select review “${name}” by ${props.row.reviewer_name ?? 'unknown reviewer'}`}
      checked={selection?.isSelected(props.row.id) ?? false}
      onChange={() => selection?.toggle(props.row.id)}
      onClick={(event) => event.stopPropagation()}
    />
  );
}

function SelectHeader() {
  const selection = useContext(SelectionContext);
  return (
    <input
      type="checkbox"
      aria-label="Select every loaded review"
      checked={selection?.allSelected ?? false}
      ref={(node) => {
        if (node) node.indeterminate = Boolean(selection?.someSelected && !selection.allSelected);
      }}
      onChange={() => selection?.toggleAll()}
    />
  );
}

function Stars(props: { rating: number }) {
  return (
    <span className="mod-stars" role="img" aria-label={`${props.rating} of 5 stars`} title={`${props.rating} of 5`}>
      <span aria-hidden="true">{'★'.repeat(props.rating)}</span>
      <span aria-hidden="true" className="mod-stars-off">
        {'★'.repeat(5 - props.rating)}
      </span>
    </span>
  );
}

export const reviewColumns: Column<ReviewRow>[] = [
  {
    id: 'select',
    header: () => <SelectHeader />,
    cell: ({ row }) => <SelectCell row={row.original} />,
    enableSorting: false,
    enableHiding: false,
    meta: { label: 'Select', width: 40 },
  },
  {
    id: 'created_at',
    accessorKey: 'created_at',
    header: 'Age',
    cell: ({ row }) => {
      const sla = slaLevel(row.original.created_at);
      return (
        <span className={`mod-age ${sla}`} title={`Submitted ${formatDateTime(row.original.created_at)}, ${slaText[sla]}`}>
          {formatAge(row.original.created_at)}
          {sla !== 'ok' && <span className="visually-hidden">, {slaText[sla]}</span>}
        </span>
      );
    },
    meta: { label: 'Age', width: 66 },
  },
  {
    id: 'target',
    header: 'Type and target',
    cell: ({ row }) => (
      <span className="mod-cell-two">
        <span className="badge">{typeLabels[row.original.review_type] ?? row.original.review_type}</span>
        <span className="mod-ellipsis" title={row.original.target_name ?? undefined}>
          {row.original.target_name ?? 'Unknown target'}
        </span>
      </span>
    ),
    enableSorting: false,
    meta: { label: 'Type and target', width: 180 },
  },
  {
    id: 'reviewer',
    header: 'Reviewer',
    cell: ({ row }) => (
      <span className="mod-ellipsis" title={row.original.reviewer_email ?? undefined}>
        {row.original.reviewer_name ?? row.original.reviewer_email ?? '—'}
      </span>
    ),
    enableSorting: false,
    meta: { label: 'Reviewer', width: 116 },
  },
  {
    id: 'rating',
    accessorKey: 'rating',
    header: 'Rating',
    cell: ({ row }) => <Stars rating={row.original.rating} />,
    meta: { label: 'Rating', width: 88 },
  },
  {
    id: 'excerpt',
    header: 'Review',
    cell: ({ row }) => (
      <span className="mod-ellipsis">
        {row.original.status !== 'pending' && (
          <span className={`badge ${statusBadge[row.original.status] ?? ''}`}>{row.original.status}</span>
        )}{' '}
        {row.original.title && <strong>{row.original.title} — </strong>}
        {row.original.excerpt}
      </span>
    ),
    enableSorting: false,
    meta: { label: 'Review' },
  },
  {
    id: 'verified',
    header: 'Verified',
    cell: ({ row }) =>
      row.original.verified_purchase ? (
        <span className="mod-verified">
          <span aria-hidden="true">✓ </span>Yes
        </span>
      ) : (
        <span className="muted">No</span>
      ),
    enableSorting: false,
    meta: { label: 'Verified purchase', width: 80 },
  },
  {
    id: 'helpful_count',
    accessorKey: 'helpful_count',
    header: 'Helpful',
    cell: ({ row }) => (
      <span title={`${row.original.helpful_count} helpful, ${row.original.not_helpful_count} not helpful`}>
        <span aria-label={`${row.original.helpful_count} helpful`}>▲{row.original.helpful_count}</span>{' '}
        <span className="muted" aria-label={`${row.original.not_helpful_count} not helpful`}>
          ▼{row.original.not_helpful_count}
        </span>
      </span>
    ),
    meta: { label: 'Helpful / not helpful', width: 92, align: 'right' },
  },
  {
    id: 'signals',
    header: 'Signals',
    cell: ({ row }) => (
      <span className="mod-signals">
        {row.original.signals.map((signal) => {
          const { label, hint } = signalLabel(signal);
          return (
            <span key={signal} className="badge warn" title={hint}>
              {label}
            </span>
          );
        })}
      </span>
    ),
    enableSorting: false,
    meta: { label: 'Signals', width: 132 },
  },
];

/** Ids the server can sort by: must equal reviews:list's sort enum. */
export const sortableColumnIds = reviewColumns.filter((column) => column.enableSorting !== false).map((column) => column.id!);
