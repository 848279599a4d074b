// "Refund this payment" after cancelling a registration: the payment is read (payments:get) and handed to the
// payments screen's own refund dialog, with the reason preselected. The rules (remainder, approval threshold, one
// refund per submission) are that dialog's and SQL's, unchanged.
import { Dialog } from '../../ui/Dialog';
import { ErrorBanner, Skeleton } from '../../ui/feedback';
import { usePaymentDetail } from '../payments/queries';
import { RefundDialog } from '../payments/RefundDialog';
import { useInvalidateWorkshops } from './queries';

export function RefundPaymentDialog(props: { paymentId: string; onClose: () => void }) {
  const detail = usePaymentDetail(props.paymentId);
  const refresh = useInvalidateWorkshops();
  const close = () => {
    void refresh();
    props.onClose();
  };

  if (detail.isPending || detail.isError) {
    return (
      <Dialog title="Refund payment" onClose={props.onClose}>
        {detail.isPending ? (
          <Skeleton lines={4} />
        ) : (
          <ErrorBanner error={detail.error} title="The payment could not be loaded" onRetry={() => void detail.refetch()} />
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={props.onClose}>
            Close
          </button>
        </div>
      </Dialog>
    );
  }

  const { payment } = detail.data;
  return (
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
      defaultReason="workshop_cancelled"
      onClose={close}
    />
  );
}
