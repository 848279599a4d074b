// Cancel one registration with a required reason; the seat comes back (the schema's trigger). The money is a
// separate decision: the result says what is left on the payment, and a person who may refund goes straight on to
// the payments screen's refund dialog.
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { NOTE_RULES } from '../../../../shared/text';
import { call } from '../../api/client';
import { useCapabilities } from '../../app/session';
import { Dialog } from '../../ui/Dialog';
import { Banner } from '../../ui/feedback';
import { Field } from '../../ui/Field';
import { formatMoney } from '../../ui/format';
import { fieldMessage, placeRefusal, reasonProblem } from '../../ui/refusal';
import { refundOffer, type RegistrationRow } from './model';
import { useInvalidateWorkshops } from './queries';

export function CancelRegistrationDialog(props: {
  registration: RegistrationRow;
  workshopTitle: string;
  onClose: () => void;
  onRefund: (paymentId: string) => void;
}) {
  const { registration: r } = props;
  const { can } = useCapabilities();
  const refresh = useInvalidateWorkshops();
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const inFlight = useRef(false);
  const name = r.full_name ?? r.email;

  const cancel = useMutation({
    mutationFn: () => call('workshops:cancel-registration', { registration_id: r.id, reason: reason.trim() }),
    onSettled: () => {
      inFlight.current = false;
      void refresh();
    },
  });

  const refusal = placeRefusal(cancel.error, ['reason']);
  const reasonError = fieldMessage(refusal, 'reason', reasonProblem(reason, tried));

  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (inFlight.current || cancel.isPending || reasonProblem(reason, true)) return;
    inFlight.current = true;
    cancel.mutate();
  }

  if (cancel.data) {
    const result = cancel.data;
    const offer = refundOffer(result, can('payments.refund'));
    const left = result.refundable !== null && result.refundable > 0 ? formatMoney(result.refundable, result.currency ?? 'USD') : null;
    return (
      <Dialog title="Registration cancelled" onClose={props.onClose}>
        <Banner kind="ok" title={`${name} no longer has a seat at ${props.workshopTitle}`}>
          The seat is free again. The cancellation and your reason are in the audit log.
        </Banner>
        {left ? (
          <p>
            Their payment still has <strong>{left}</strong> refundable.{' '}
            {offer ? 'Refund it now, or later from the payment.' : 'Someone who may refund payments can return it in Payments.'}
          </p>
        ) : (
          <p className="muted">
            {result.payment_id ? 'Nothing is left to refund on their payment.' : 'They paid nothing: there is no refund to make.'}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className={`btn ${offer ? '' : 'primary'}`} autoFocus={!offer} onClick={props.onClose}>
            Done
          </button>
          {offer && (
            <button type="button" className="btn primary" autoFocus onClick={() => props.onRefund(offer.paymentId)}>
              Refund this payment…
            </button>
          )}
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title={`Cancel the registration of ${name}?`} onClose={props.onClose}>
      <form className="stack" noValidate onSubmit={submit}>
        <p className="muted">
          {props.workshopTitle}. Their seat is freed at once. A payment is not refunded by this: that is a separate step.
        </p>
        <Field label="Reason" hint="Required. Kept in the audit log." error={reasonError}>
          <textarea
            className="textarea"
            rows={3}
            autoFocus
            maxLength={NOTE_RULES.max}
            value={reason}
            onChange={(event) => {
              setReason(event.target.value);
              if (refusal?.field === 'reason') cancel.reset();
            }}
          />
        </Field>
        {refusal && refusal.field === null && (
          <Banner kind="error" title="The registration was not cancelled">
            {refusal.message}
          </Banner>
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={props.onClose}>
            Keep it
          </button>
          <button type="submit" className="btn danger" disabled={cancel.isPending} aria-busy={cancel.isPending || undefined}>
            {cancel.isPending ? 'Cancelling…' : 'Cancel registration'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
