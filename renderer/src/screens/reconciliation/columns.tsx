// Column definitions for the past-runs and run-items tables. Neither list takes a sort (runs are newest first, items
// in file order, both keyset-paged by the server), so no column is sortable.
import { routeHref } from '../../app/route';
import type { ChannelOutput } from '../../../../shared/ipc/contract';
import { formatDate, formatDateTime, formatMoney, formatNumber } from '../../ui/format';
import type { Column } from '../../ui/table/DataTable';
import { isOutcome, issueCount, OUTCOME_TONE, outcomeLabel, processorLabel } from './model';

export type RunRow = ChannelOutput<'reconciliation:list-runs'>['rows'][number];
export type ItemRow = ChannelOutput<'reconciliation:list-items'>['rows'][number];

export function OutcomeBadge(props: { outcome: string }) {
  const tone = isOutcome(props.outcome) ? OUTCOME_TONE[props.outcome] : 'info';
  return <span className={`badge ${tone}`}>{outcomeLabel(props.outcome)}</span>;
}

const count = (value: number) => formatNumber(value);

/** Columns hidden until the person shows them: the table must fit the window without scrolling sideways. */
export const RUN_COLUMNS_HIDDEN = { period: false };

export const runColumns: Column<RunRow>[] = [
  {
    id: 'created_at',
    accessorKey: 'created_at',
    header: 'When',
    enableSorting: false,
    enableHiding: false,
    meta: { label: 'When', width: 164 },
    cell: ({ row }) => <span className="nowrap">{formatDateTime(row.original.created_at)}</span>,
  },
  {
    id: 'created_by',
    accessorKey: 'created_by_name',
    header: 'Who',
    enableSorting: false,
    meta: { label: 'Who', width: 140 },
    cell: ({ row }) => row.original.created_by_name ?? row.original.created_by_email ?? '—',
  },
  {
    id: 'file_name',
    accessorKey: 'file_name',
    header: 'File',
    enableSorting: false,
    enableHiding: false,
    meta: { label: 'File' },
    // A link, so a run opens from the keyboard too (the row's click is a mouse shortcut).
    cell: ({ row }) => (
      <a href={routeHref('reconciliation', row.original.id)} title={row.original.file_name} onClick={(e) => e.stopPropagation()}>
        {row.original.file_name}
      </a>
    ),
  },
  {
    id: 'provider',
    accessorKey: 'provider',
    header: 'Processor',
    enableSorting: false,
    meta: { label: 'Processor', width: 90 },
    cell: ({ row }) => processorLabel(row.original.provider),
  },
  {
    id: 'status',
    accessorKey: 'status',
    header: 'Status',
    enableSorting: false,
    meta: { label: 'Status', width: 110 },
    cell: ({ row }) =>
      row.original.status === 'completed' ? (
        <span className="badge ok">Completed</span>
      ) : (
        <span className="badge warn" title="Cancelled or failed before matching: no results">
          Not finished
        </span>
      ),
  },
  {
    id: 'row_count',
    accessorKey: 'row_count',
    header: 'Rows',
    enableSorting: false,
    meta: { label: 'Rows', align: 'right', width: 80 },
    cell: ({ row }) => count(row.original.row_count),
  },
  {
    id: 'matched',
    accessorKey: 'matched',
    header: 'Matched',
    enableSorting: false,
    meta: { label: 'Matched', align: 'right', width: 92 },
    cell: ({ row }) => count(row.original.matched),
  },
  {
    id: 'issues',
    header: 'Issues',
    enableSorting: false,
    meta: { label: 'Issues (not matched)', align: 'right', width: 70 },
    cell: ({ row }) => {
      const issues = issueCount(row.original);
      return <span className={issues > 0 ? 'recon-issues' : undefined}>{count(issues)}</span>;
    },
  },
  {
    id: 'period',
    header: 'Period in file',
    enableSorting: false,
    meta: { label: 'Period in file', width: 200 },
    cell: ({ row }) =>
      row.original.period_from ? (
        <span className="nowrap">
          {formatDate(row.original.period_from)} – {formatDate(row.original.period_to)}
        </span>
      ) : (
        '—'
      ),
  },
];

const money = (amount: number | null, currency: string | null) => (amount === null ? '—' : formatMoney(amount, currency ?? ''));

export const itemColumns: Column<ItemRow>[] = [
  {
    id: 'line',
    accessorKey: 'line',
    header: 'Line',
    enableSorting: false,
    meta: { label: 'Line in file', align: 'right', width: 52 },
    cell: ({ row }) => row.original.line ?? '—',
  },
  {
    id: 'outcome',
    accessorKey: 'outcome',
    header: 'Outcome',
    enableSorting: false,
    enableHiding: false,
    meta: { label: 'Outcome', width: 172 },
    cell: ({ row }) => <OutcomeBadge outcome={row.original.outcome} />,
  },
  {
    id: 'kind',
    accessorKey: 'kind',
    header: 'Kind',
    enableSorting: false,
    meta: { label: 'Kind', width: 76 },
    cell: ({ row }) => (row.original.kind === 'refund' ? 'Refund' : 'Payment'),
  },
  {
    id: 'transaction_id',
    accessorKey: 'transaction_id',
    header: 'Transaction id',
    enableSorting: false,
    enableHiding: false,
    meta: { label: 'Transaction id' },
    // Links to the payment in HumanGlue when there is one, to look into a mismatch.
    cell: ({ row }) =>
      row.original.payment_id ? (
        <a className="mono" href={routeHref('payments', row.original.payment_id)} title={`Open payment ${row.original.transaction_id}`}>
          {row.original.transaction_id}
        </a>
      ) : (
        <span className="mono" title={row.original.transaction_id}>
          {row.original.transaction_id}
        </span>
      ),
  },
  {
    id: 'occurred_at',
    accessorKey: 'occurred_at',
    header: 'Date',
    enableSorting: false,
    meta: { label: 'Date', width: 162 },
    cell: ({ row }) => formatDateTime(row.original.occurred_at ?? row.original.hg_created_at),
  },
  {
    id: 'processor_amount',
    accessorKey: 'processor_amount',
    header: 'Processor amount',
    enableSorting: false,
    meta: { label: 'Processor amount', align: 'right', width: 138 },
    cell: ({ row }) => money(row.original.processor_amount, row.original.processor_currency),
  },
  {
    id: 'hg_amount',
    accessorKey: 'hg_amount',
    header: 'HumanGlue amount',
    enableSorting: false,
    meta: { label: 'HumanGlue amount', align: 'right', width: 148 },
    cell: ({ row }) => money(row.original.hg_amount, row.original.hg_currency),
  },
  {
    id: 'status',
    header: 'Status (processor / ours)',
    enableSorting: false,
    meta: { label: 'Status (processor / HumanGlue)', width: 176 },
    cell: ({ row }) => {
      const { processor_status: theirs, hg_status: ours } = row.original;
      return (
        <span className={theirs && ours && theirs !== ours ? 'recon-differs' : undefined}>
          {theirs ?? '—'} / {ours ?? '—'}
        </span>
      );
    },
  },
];
