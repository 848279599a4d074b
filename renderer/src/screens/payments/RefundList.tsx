// Every refund on a payment, newest first, with the step each is waiting for and who may take it.
import { useState } from 'react';
import type { ChannelOutput } from '../../../../shared/ipc/contract';
import type { Capability } from '../../../../shared/ipc/capabilities';
import { EmptyState } from '../../ui/feedback';
import { formatDateTime, formatMoney } from '../../ui/format';
import { label, PROVIDER, REFUND_REASON, refundStatusInfo } from './labels';
import { RefundActionDialog, type RefundAction } from './RefundActionDialog';

type Refund = ChannelOutput<'payments:get'>['refunds'][number];

export function RefundList(props: { refunds: readonly Refund[]; me: string | null; capabilities: readonly Capability[] }) {
  const [open, setOpen] = useState<{ action: RefundAction; refund: Refund } | null>(null);
  const mayApprove = props.capabilities.includes('refunds.approve');
  const mayProcess = props.capabilities.includes('payments.refund');
  const refunds = [...props.refunds].sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id));

  return (
    <section className="card detail" aria-labelledby="pay-refunds">
      <h2 id="pay-refunds">Refunds ({refunds.length})</h2>
      {refunds.length === 0 && <EmptyState title="No refunds">Nothing has been refunded on this payment.</EmptyState>}
      <ul className="pay-refunds" aria-label="Refunds on this payment">
        {refunds.map((refund) => {
          const status = refundStatusInfo(refund.status);
          const mine = props.me !== null && refund.requested_by === props.me;
          return (
            <li key={refund.id} className="pay-refund" data-refund-id={refund.id}>
              <div className="row">
                <strong>{formatMoney(refund.amount, refund.currency)}</strong>
                <span className={`badge ${status.badge}`}>{status.label}</span>
                <span className="muted">{label(REFUND_REASON, refund.reason)}</span>
                <span className="spacer" />
                {refund.status === 'pending_approval' && mayApprove && (
                  <>
                    <button className="btn small primary" onClick={() => setOpen({ action: 'approve', refund })}>
                      Approve…
                    </button>
                    <button className="btn small" onClick={() => setOpen({ action: 'reject', refund })}>
                      {mine ? 'Withdraw…' : 'Reject…'}
                    </button>
                  </>
                )}
                {refund.status === 'pending' && mayProcess && (
                  <>
                    <button className="btn small primary" onClick={() => setOpen({ action: 'confirm', refund })}>
                      Confirm…
                    </button>
                    <button className="btn small" onClick={() => setOpen({ action: 'fail', refund })}>
                      Mark failed…
                    </button>
                  </>
                )}
              </div>
              {refund.note && <p className="pay-note">{refund.note}</p>}
              <p className="muted pay-refund-meta">
                Requested by {mine ? 'you' : (refund.requested_by_name ?? 'unknown')} · {formatDateTime(refund.created_at)}
                {refund.approved_by_name && (
                  <>
                    {' '}
                    · approved by {refund.approved_by_name} {formatDateTime(refund.approved_at)}
                  </>
                )}
                {refund.completed_by_name && refund.status !== 'succeeded' && <> · closed by {refund.completed_by_name}</>}
                {refund.completed_at && (
                  <>
                    {' '}
                    · {refundStatusInfo(refund.status).label.toLowerCase()} {formatDateTime(refund.completed_at)}
                  </>
                )}
                {refund.provider_refund_id && (
                  <>
                    {' '}
                    · {label(PROVIDER, refund.provider)} id <span className="mono">{refund.provider_refund_id}</span>
                  </>
                )}
              </p>
              {refund.status === 'pending_approval' && mine && (
                <p className="pay-hint">You requested this refund: another finance or admin person must approve it.</p>
              )}
              {refund.failure_reason && <p className="pay-failure">{refund.failure_reason}</p>}
            </li>
          );
        })}
      </ul>
      {open && <RefundActionDialog action={open.action} refund={open.refund} onClose={() => setOpen(null)} />}
    </section>
  );
}
