// Refund a payment in three steps: the form (amount defaulting to the refundable remainder, reason, note), a
// confirmation saying what will happen, then the result. One idempotency key per dialog, made when it opens and
// reused on every retry, so a double-click or a retry after a lost answer returns the first refund.
import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { refundReason } from '../../../../shared/ipc/payments';
import { NOTE_RULES, textProblem } from '../../../../shared/text';
import { call, errorMessage, HgError } from '../../api/client';
import { Dialog } from '../../ui/Dialog';
import { Banner } from '../../ui/feedback';
import { Field } from '../../ui/Field';
import { formatDateTime, formatMoney } from '../../ui/format';
import { label, PROVIDER, REFUND_REASON, paymentStatusInfo, refundStatusInfo } from './labels';
import { useApprovalThreshold, useInvalidatePayments } from './queries';
import { editableAmount, expectedOutcome, outcomeSentence, readRefundAmount, resultHeadline } from './refund';

export interface RefundTarget {
  id: string;
  amount: number;
  currency: string;
  provider: string;
  payment_type: string;
  refundable: number;
  invoice_number: string | null;
  payer_email: string | null;
  payer_name: string | null;
}

export type Reason = (typeof refundReason.options)[number];

export function RefundDialog(props: {
  payment: RefundTarget;
  onClose: () => void;
  /** Preselected when the cause is known (a cancelled workshop registration: workshop_cancelled). */
  defaultReason?: Reason;
}) {
  const { payment } = props;
  const [key] = useState(() => crypto.randomUUID());
  const [step, setStep] = useState<'form' | 'confirm' | 'result'>('form');
  const [remainder, setRemainder] = useState(payment.refundable);
  const [amountText, setAmountText] = useState(() => editableAmount(payment.refundable, payment.currency));
  const [reason, setReason] = useState<Reason | ''>(props.defaultReason ?? '');
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(false);
  const [serverAmountError, setServerAmountError] = useState<string | null>(null);
  const inFlight = useRef(false);
  const threshold = useApprovalThreshold();
  const invalidate = useInvalidatePayments();

  const read = readRefundAmount(amountText, remainder, payment.currency);
  const amountError = serverAmountError ?? read.problem;
  const reasonError = reason ? null : 'Choose why the money is returned.';
  const noteError = textProblem(note, NOTE_RULES);
  const amount = read.amount ?? 0;

  const refund = useMutation({
    mutationFn: () =>
      call('payments:refund', {
        payment_id: payment.id,
        amount,
        reason: reason as Reason,
        ...(note.trim() ? { note: note.trim() } : {}),
        idempotency_key: key,
      }),
    onSuccess: () => setStep('result'),
    onError: (error) => {
      // The database's word on the amount (e.g. someone refunded part of it meanwhile) goes back on the field.
      if (error instanceof HgError && error.field === 'amount') {
        const fresh = Number(error.details?.remainder);
        if (Number.isFinite(fresh)) setRemainder(fresh);
        setServerAmountError(error.message);
        setStep('form');
      }
    },
    onSettled: (_data, error) => {
      inFlight.current = false;
      void invalidate();
      // The answer was lost: look at the payment before offering to send it again.
      if (error instanceof HgError && error.code === 'outcome_unknown') check.mutate();
    },
  });

  // After a lost answer: did this dialog's refund (its idempotency key) reach the payment?
  const check = useMutation({
    mutationFn: async () => {
      const detail = await call('payments:get', { payment_id: payment.id });
      setRemainder(detail.payment.refundable);
      return {
        found: detail.refunds.find((row) => row.idempotency_key === key) ?? null,
        refundable: detail.payment.refundable,
        at: new Date().toISOString(),
      };
    },
  });
  const unknown = refund.error instanceof HgError && refund.error.code === 'outcome_unknown';

  const submit = () => {
    if (inFlight.current || refund.isPending) return;
    inFlight.current = true;
    refund.mutate();
  };

  const money = (value: number) => formatMoney(value, payment.currency);
  const outcome = expectedOutcome(amount, payment.provider, threshold);
  const full = Math.abs(amount - payment.amount) < 0.005 && remainder === payment.amount;

  return (
    <Dialog title={step === 'result' ? 'Refund recorded' : 'Refund payment'} onClose={props.onClose}>
      <p className="muted">
        {money(payment.amount)} · {payment.invoice_number ?? 'no invoice'} · {payment.payer_name ?? payment.payer_email ?? 'unknown payer'}{' '}
        · {label(PROVIDER, payment.provider)}
      </p>

      {step === 'form' && (
        <form
          className="stack"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            setTouched(true);
            if (amountError || reasonError || noteError) return;
            // A fresh review of edited values: the last attempt's refusal no longer describes this one.
            refund.reset();
            setStep('confirm');
          }}
        >
          <Field
            label={`Amount (${payment.currency})`}
            hint={`Refundable: ${money(remainder)}. A smaller amount makes a partial refund.`}
            error={touched || serverAmountError ? amountError : null}
          >
            <input
              className="input"
              inputMode="decimal"
              autoFocus
              value={amountText}
              onChange={(event) => {
                setAmountText(event.target.value);
                setServerAmountError(null);
              }}
            />
          </Field>
          <Field label="Reason" error={touched ? reasonError : null}>
            <select className="select" value={reason} onChange={(event) => setReason(event.target.value as Reason)}>
              <option value="">Choose a reason…</option>
              {refundReason.options.map((code) => (
                <option key={code} value={code}>
                  {REFUND_REASON[code]}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Note (optional)" hint="The payer can read this note." error={noteError}>
            <textarea
              className="textarea"
              rows={3}
              maxLength={NOTE_RULES.max}
              value={note}
              onChange={(event) => setNote(event.target.value)}
            />
          </Field>
          {refund.isError && !(refund.error instanceof HgError && refund.error.field === 'amount') && (
            <Banner kind="error" title="The refund was not made">
              {errorMessage(refund.error)}
            </Banner>
          )}
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={props.onClose}>
              Cancel
            </button>
            <button type="submit" className="btn primary">
              Review refund
            </button>
          </div>
        </form>
      )}

      {step === 'confirm' && (
        <div className="stack">
          <Banner
            kind={outcome === 'pending_approval' ? 'warn' : 'info'}
            title={`Refund ${money(amount)}${full ? ' (full refund)' : ' (partial refund)'}`}
          >
            <p>{outcomeSentence(outcome, payment.provider)}</p>
            {full && payment.payment_type === 'workshop' && outcome !== 'pending_approval' && (
              <p>Once it succeeds, the workshop registration is cancelled and its seat freed.</p>
            )}
          </Banner>
          <dl className="props">
            <dt>Amount recorded</dt>
            <dd>
              {money(amount)} <span className="muted">(as typed: “{amountText.trim()}”)</span>
            </dd>
            <dt>Reason</dt>
            <dd>{reason ? REFUND_REASON[reason] : '—'}</dd>
            <dt>Note</dt>
            <dd>{note.trim() || <span className="muted">none</span>}</dd>
            <dt>Left to refund after</dt>
            <dd>{money(Math.max(0, remainder - amount))}</dd>
          </dl>
          {refund.isError && !unknown && (
            <Banner kind="error" title="The refund was not made">
              {errorMessage(refund.error)} You can try again: it will not refund twice.
            </Banner>
          )}
          {unknown && <LostAnswer check={check} money={money} onCheck={() => check.mutate()} />}
          <div className="dialog-actions">
            <button type="button" className="btn" disabled={refund.isPending} onClick={() => setStep('form')}>
              Back
            </button>
            <button
              type="button"
              className={unknown && check.data?.found ? 'btn primary' : 'btn danger'}
              disabled={refund.isPending || check.isPending}
              aria-busy={refund.isPending || undefined}
              onClick={submit}
            >
              {refund.isPending
                ? 'Refunding…'
                : unknown && check.data?.found
                  ? 'Show the recorded refund'
                  : refund.isError
                    ? 'Try again'
                    : `Refund ${money(amount)}`}
            </button>
          </div>
        </div>
      )}

      {step === 'result' && refund.data && (
        <div className="stack">
          <Banner
            kind={refund.data.status === 'succeeded' ? 'ok' : refund.data.status === 'pending_approval' ? 'warn' : 'info'}
            title={resultHeadline(refund.data.status, refund.data.replayed)}
          >
            {refund.data.status === 'pending_approval' && (
              <p>Another finance or admin person must approve it. It shows on the payment as awaiting approval.</p>
            )}
            {refund.data.status === 'pending' && (
              <p>Confirm it with the processor&apos;s refund id once {label(PROVIDER, payment.provider)} reports it, or mark it failed.</p>
            )}
            {refund.data.status === 'succeeded' && <p>The money is recorded as returned to the payer.</p>}
          </Banner>
          <dl className="props">
            <dt>Refund</dt>
            <dd>
              {money(refund.data.amount)}{' '}
              <span className={`badge ${refundStatusInfo(refund.data.status).badge}`}>{refundStatusInfo(refund.data.status).label}</span>
            </dd>
            <dt>Payment is now</dt>
            <dd>
              <span className={`badge ${paymentStatusInfo(refund.data.payment_status).badge}`}>
                {paymentStatusInfo(refund.data.payment_status).label}
              </span>
            </dd>
            <dt>Refunded so far</dt>
            <dd>{money(refund.data.payment_refund_amount)}</dd>
            <dt>Still refundable</dt>
            <dd>{money(refund.data.payment_refundable)}</dd>
          </dl>
          <div className="dialog-actions">
            <button type="button" className="btn primary" autoFocus onClick={props.onClose}>
              Done
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}

/** What the dialog says when a refund's answer was lost, once it has looked at the payment again. */
function LostAnswer(props: {
  check: {
    isPending: boolean;
    isError: boolean;
    error: unknown;
    data?: { found: { amount: number; status: string } | null; refundable: number; at: string } | undefined;
  };
  money: (value: number) => string;
  onCheck: () => void;
}) {
  const { check, money } = props;
  if (check.isPending || (!check.data && !check.isError)) {
    return (
      <Banner kind="warn" title="The answer was lost: checking the payment…">
        The refund was sent, but its answer did not arrive.
      </Banner>
    );
  }
  if (check.isError || !check.data) {
    return (
      <Banner
        kind="warn"
        title="Not known whether the refund was made"
        action={
          <button type="button" className="btn small" onClick={props.onCheck}>
            Check again
          </button>
        }
      >
        The refund was sent but its answer was lost, and the payment could not be checked ({errorMessage(check.error)}). Trying again is
        safe: this dialog&apos;s refund cannot happen twice.
      </Banner>
    );
  }
  const checkedAt = formatDateTime(check.data.at);
  return check.data.found ? (
    <Banner kind="info" title="The refund was recorded">
      Its answer was lost, but the payment (checked {checkedAt}) shows this refund of {money(check.data.found.amount)}. Show it to see its
      status; nothing is refunded again.
    </Banner>
  ) : (
    <Banner kind="warn" title="The refund was not recorded">
      The payment (checked {checkedAt}) shows no refund from this dialog; {money(check.data.refundable)} is still refundable. You can try
      again: it will not refund twice.
    </Banner>
  );
}
