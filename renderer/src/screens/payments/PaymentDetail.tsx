// One payment (#/payments/<id>): its facts, every refund with the steps it is waiting for, what it paid for, and
// its audit history. The route keeps it open across a session expiry and sign-in.
import { useState } from 'react';
import type { ChannelOutput } from '../../../../shared/ipc/contract';
import { navigate } from '../../app/route';
import { useCapabilities } from '../../app/session';
import { ErrorBanner, Skeleton } from '../../ui/feedback';
import { formatDateTime, formatMoney } from '../../ui/format';
import { AuditHistory } from './AuditHistory';
import { label, PAYMENT_TYPE, paymentStatusInfo, PROVIDER } from './labels';
import { usePaymentDetail } from './queries';
import { canRefund } from './refund';
import { RefundDialog } from './RefundDialog';
import { RefundList } from './RefundList';
import { RelatedItem } from './RelatedItem';

export type Detail = ChannelOutput<'payments:get'>;

export function PaymentDetail(props: { paymentId: string }) {
  const detail = usePaymentDetail(props.paymentId);
  const [refunding, setRefunding] = useState(false);
  const { user: me, can } = useCapabilities();
  const mayRefund = can('payments.refund');

  const back = (
    <a
      className="btn ghost"
      href="#/payments"
      onClick={(event) => {
        event.preventDefault();
        navigate('payments');
      }}
    >
      ← All payments
    </a>
  );

  if (detail.isPending) {
    return (
      <div className="page">
        {back}
        <Skeleton lines={8} />
      </div>
    );
  }
  if (detail.isError) {
    return (
      <div className="page">
        {back}
        <h1>Payment</h1>
        <ErrorBanner error={detail.error} title="This payment could not be loaded" onRetry={() => void detail.refetch()} />
      </div>
    );
  }

  const { payment, refunds } = detail.data;
  const status = paymentStatusInfo(payment.status);
  const money = (value: number) => formatMoney(value, payment.currency);
  const refundable = canRefund(payment.status, payment.refundable);

  return (
    <div className="page pay-detail">
      {back}
      <header className="page-header">
        <div>
          <h1>
            {money(payment.amount)} <span className={`badge ${status.badge}`}>{status.label}</span>
          </h1>
          <p className="subtitle">
            {payment.invoice_number ?? 'No invoice'} · {payment.payer_name ?? payment.payer_email ?? 'Unknown payer'} ·{' '}
            {formatDateTime(payment.created_at)}
          </p>
        </div>
        <span className="spacer" />
        {mayRefund && (
          <button
            className="btn primary"
            disabled={!refundable}
            title={refundable ? undefined : 'Only succeeded or partially refunded payments with money left to refund can be refunded.'}
            onClick={() => setRefunding(true)}
          >
            Refund…
          </button>
        )}
      </header>
      {!refundable && mayRefund && (
        <p className="muted">
          {payment.refundable <= 0 && (payment.status === 'succeeded' || payment.status === 'partially_refunded')
            ? 'Nothing is left to refund: the rest is already refunded or reserved by refunds in progress.'
            : `A ${status.label.toLowerCase()} payment cannot be refunded.`}
        </p>
      )}

      <div className="pay-detail-grid">
        <section className="card detail" aria-labelledby="pay-facts">
          <h2 id="pay-facts">Payment</h2>
          <dl className="props">
            <dt>Payer</dt>
            <dd>
              {payment.payer_name ?? '—'}
              {payment.payer_email && <div className="muted">{payment.payer_email}</div>}
            </dd>
            <dt>Organisation</dt>
            <dd>{payment.organization_name ?? '—'}</dd>
            <dt>Type</dt>
            <dd>
              {label(PAYMENT_TYPE, payment.payment_type)}
              {payment.related_name && <div className="muted">{payment.related_name}</div>}
            </dd>
            <dt>Description</dt>
            <dd>{payment.description ?? '—'}</dd>
            <dt>Provider</dt>
            <dd>{label(PROVIDER, payment.provider)}</dd>
            <dt>Transaction id</dt>
            <dd className="mono">{payment.transaction_id ?? '—'}</dd>
            <dt>Invoice</dt>
            <dd className="mono">{payment.invoice_number ?? '—'}</dd>
            <dt>Amount</dt>
            <dd>{money(payment.amount)}</dd>
            <dt>Refunded</dt>
            <dd>
              {money(payment.refund_amount)}
              {payment.refunded_at && <span className="muted"> · {formatDateTime(payment.refunded_at)}</span>}
            </dd>
            <dt>Refundable</dt>
            <dd>{money(payment.refundable)}</dd>
            <dt>Updated</dt>
            <dd>{formatDateTime(payment.updated_at)}</dd>
          </dl>
        </section>
        <RelatedItem registration={detail.data.registration} engagement={detail.data.engagement} paymentType={payment.payment_type} />
      </div>

      <RefundList refunds={refunds} me={me?.user_id ?? null} capabilities={me?.capabilities ?? []} />
      <AuditHistory entries={detail.data.audit} />

      {refunding && (
        <RefundDialog
          payment={{
            id: payment.id,
            amount: payment.amount,
            currency: payment.currency,
            provider: payment.provider,
            payment_type: payment.payment_type,
            refundable: payment.refundable,
            invoice_number: payment.invoice_number,
            payer_email: payment.payer_email,
            payer_name: payment.payer_name,
          }}
          onClose={() => setRefunding(false)}
        />
      )}
    </div>
  );
}
