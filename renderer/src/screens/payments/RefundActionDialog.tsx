// Second-person and processor steps on one refund: approve or reject one awaiting approval, confirm a pending one
// with the processor's refund id, or mark it failed/cancelled. The database decides; its refusal is shown as said
// (e.g. "a second person must approve this refund: you requested it").
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { NOTE_RULES, textProblem, type TextRules } from '../../../../shared/text';
import { call } from '../../api/client';
import { Dialog } from '../../ui/Dialog';
import { ErrorBanner } from '../../ui/feedback';
import { Field } from '../../ui/Field';
import { formatDateTime, formatMoney } from '../../ui/format';
import { useToasts } from '../../ui/toasts';
import { label, PROVIDER, REFUND_REASON, refundStatusInfo } from './labels';
import { useInvalidatePayments } from './queries';

const PROCESSOR_ID_RULES: TextRules = { max: 255 };

export type RefundAction = 'approve' | 'reject' | 'confirm' | 'fail';

export interface ActionRefund {
  id: string;
  amount: number;
  currency: string;
  provider: string;
  reason: string;
  note: string | null;
  created_at: string;
  requested_by_name: string | null;
}

const TITLES: Record<RefundAction, string> = {
  approve: 'Approve refund',
  reject: 'Reject refund',
  confirm: 'Confirm refund with the processor',
  fail: 'Mark refund failed or cancelled',
};

export function RefundActionDialog(props: { action: RefundAction; refund: ActionRefund; onClose: () => void }) {
  const { action, refund } = props;
  const [reason, setReason] = useState('');
  const [processorId, setProcessorId] = useState('');
  const [failStatus, setFailStatus] = useState<'failed' | 'cancelled'>('failed');
  const [touched, setTouched] = useState(false);
  const invalidate = useInvalidatePayments();
  const toasts = useToasts();
  const money = formatMoney(refund.amount, refund.currency);

  const mutation = useMutation({
    mutationFn: () => {
      switch (action) {
        case 'approve':
          return call('payments:approve-refund', { refund_id: refund.id });
        case 'reject':
          return call('payments:reject-refund', { refund_id: refund.id, reason: reason.trim() });
        case 'confirm':
          return call('payments:confirm-refund', { refund_id: refund.id, provider_refund_id: processorId.trim() });
        case 'fail':
          return call('payments:fail-refund', {
            refund_id: refund.id,
            status: failStatus,
            ...(reason.trim() ? { reason: reason.trim() } : {}),
          });
      }
    },
    onSuccess: (result) => {
      toasts.show({ kind: 'ok', message: `Refund of ${money}: ${refundStatusInfo(result.status).label.toLowerCase()}.` });
      props.onClose();
    },
    onSettled: () => void invalidate(),
  });

  const fieldError =
    action === 'reject' && !reason.trim()
      ? 'Say why it is rejected; the requester sees this.'
      : action === 'confirm' && !processorId.trim()
        ? `Enter the refund id ${label(PROVIDER, refund.provider)} gave.`
        : action === 'confirm'
          ? textProblem(processorId, PROCESSOR_ID_RULES)
          : textProblem(reason, NOTE_RULES);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (fieldError || mutation.isPending) return;
    mutation.mutate();
  };

  return (
    <Dialog title={TITLES[action]} onClose={props.onClose}>
      <form className="stack" noValidate onSubmit={submit}>
        <dl className="props">
          <dt>Amount</dt>
          <dd>{money}</dd>
          <dt>Reason</dt>
          <dd>
            {label(REFUND_REASON, refund.reason)}
            {refund.note && <span className="muted"> — {refund.note}</span>}
          </dd>
          <dt>Requested</dt>
          <dd>
            {refund.requested_by_name ?? 'unknown'}, {formatDateTime(refund.created_at)}
          </dd>
        </dl>
        {action === 'approve' && (
          <p>
            Approving releases the refund:{' '}
            {refund.provider === 'manual'
              ? 'it succeeds at once (manual provider).'
              : `it goes to ${label(PROVIDER, refund.provider)} and stays pending until confirmed.`}
          </p>
        )}
        {action === 'reject' && (
          <Field label="Why is it rejected?" error={touched ? fieldError : null}>
            <textarea
              className="textarea"
              rows={3}
              maxLength={NOTE_RULES.max}
              autoFocus
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          </Field>
        )}
        {action === 'confirm' && (
          <Field
            label={`${label(PROVIDER, refund.provider)} refund id`}
            hint={refund.provider === 'stripe' ? 'Starts with re_' : undefined}
            error={touched ? fieldError : null}
          >
            <input
              className="input mono"
              autoFocus
              maxLength={PROCESSOR_ID_RULES.max}
              value={processorId}
              onChange={(event) => setProcessorId(event.target.value)}
            />
          </Field>
        )}
        {action === 'fail' && (
          <>
            <fieldset className="pay-radios">
              <legend className="field-label">Outcome</legend>
              <label className="checkbox">
                <input type="radio" name="fail-status" checked={failStatus === 'failed'} onChange={() => setFailStatus('failed')} />
                Failed at the processor
              </label>
              <label className="checkbox">
                <input type="radio" name="fail-status" checked={failStatus === 'cancelled'} onChange={() => setFailStatus('cancelled')} />
                Cancelled
              </label>
            </fieldset>
            <Field label="What happened (optional)" hint="The amount becomes refundable again." error={fieldError}>
              <textarea
                className="textarea"
                rows={2}
                maxLength={NOTE_RULES.max}
                value={reason}
                onChange={(event) => setReason(event.target.value)}
              />
            </Field>
          </>
        )}
        {mutation.isError && <ErrorBanner error={mutation.error} title="Not done" />}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={props.onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className={`btn ${action === 'reject' || action === 'fail' ? 'danger' : 'primary'}`}
            disabled={mutation.isPending}
          >
            {mutation.isPending ? 'Saving…' : TITLES[action].split(' ')[0] + (action === 'fail' ? ` ${failStatus}` : '')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
