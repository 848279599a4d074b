// The payments table's columns: module constants, server-sortable only where console.list_payments can sort
// (the contract's sort enum: created_at, amount, status, provider).
import type { ChannelOutput } from '../../../../shared/ipc/contract';
import type { Column } from '../../ui/table/DataTable';
import { formatDateTime, formatMoney } from '../../ui/format';
import { label, PAYMENT_TYPE, paymentStatusInfo, PROVIDER } from './labels';

export type PaymentRow = ChannelOutput<'payments:list'>['rows'][number];

export const paymentColumns: readonly Column<PaymentRow>[] = [
  {
    id: 'created_at',
    accessorKey: 'created_at',
    header: 'Created',
    meta: { label: 'Created', width: 150 },
    enableHiding: false,
    cell: (info) => <span className="nowrap">{formatDateTime(info.row.original.created_at)}</span>,
  },
  {
    id: 'payer',
    header: 'Payer',
    meta: { label: 'Payer', width: 200 },
    enableSorting: false,
    cell: (info) => {
      const row = info.row.original;
      return (
        <span className="pay-two" title={row.payer_email ?? undefined}>
          <span>{row.payer_name ?? row.payer_email ?? '—'}</span>
          {row.payer_name && row.payer_email && <small className="muted">{row.payer_email}</small>}
        </span>
      );
    },
  },
  {
    id: 'organization',
    accessorKey: 'organization_name',
    header: 'Organisation',
    meta: { label: 'Organisation', width: 150 },
    enableSorting: false,
    cell: (info) => info.row.original.organization_name ?? <span className="muted">—</span>,
  },
  {
    id: 'type',
    header: 'Type',
    meta: { label: 'Type and item', width: 200 },
    enableSorting: false,
    cell: (info) => {
      const row = info.row.original;
      const related = row.related_name ?? row.description;
      return (
        <span className="pay-two" title={related ?? undefined}>
          <span>{label(PAYMENT_TYPE, row.payment_type)}</span>
          {related && <small className="muted">{related}</small>}
        </span>
      );
    },
  },
  {
    id: 'provider',
    accessorKey: 'provider',
    header: 'Provider',
    meta: { label: 'Provider', width: 100 },
    cell: (info) => label(PROVIDER, info.row.original.provider),
  },
  {
    id: 'transaction_id',
    accessorKey: 'transaction_id',
    header: 'Transaction',
    meta: { label: 'Transaction id', width: 160 },
    enableSorting: false,
    cell: (info) => (
      <span className="mono" title={info.row.original.transaction_id ?? undefined}>
        {info.row.original.transaction_id ?? '—'}
      </span>
    ),
  },
  {
    id: 'amount',
    accessorKey: 'amount',
    header: 'Amount',
    meta: { label: 'Amount', align: 'right', width: 130 },
    enableHiding: false,
    cell: (info) => formatMoney(info.row.original.amount, info.row.original.currency),
  },
  {
    id: 'refunded',
    accessorKey: 'refund_amount',
    header: 'Refunded',
    meta: { label: 'Refunded', align: 'right', width: 120 },
    enableSorting: false,
    cell: (info) =>
      info.row.original.refund_amount > 0 ? (
        formatMoney(info.row.original.refund_amount, info.row.original.currency)
      ) : (
        <span className="muted">—</span>
      ),
  },
  {
    id: 'status',
    accessorKey: 'status',
    header: 'Status',
    meta: { label: 'Status', width: 150 },
    cell: (info) => {
      const status = paymentStatusInfo(info.row.original.status);
      return <span className={`badge ${status.badge}`}>{status.label}</span>;
    },
  },
  {
    id: 'invoice',
    accessorKey: 'invoice_number',
    header: 'Invoice',
    meta: { label: 'Invoice', width: 130 },
    enableSorting: false,
    cell: (info) => <span className="mono">{info.row.original.invoice_number ?? '—'}</span>,
  },
];
