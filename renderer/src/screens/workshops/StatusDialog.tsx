// Change a workshop's status. Cancelling is the weighty one: the dialog first reads what it will do
// (workshops:preview-cancellation) — every active registration cancelled, one refund request per paid one, each
// waiting for a second approver in Payments → Refunds — and asks for a reason. One idempotency key per opening of
// the dialog, reused by every retry (and by the second-factor prompt's resend), so the refunds are requested once.
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { NOTE_RULES } from '../../../../shared/text';
import { call } from '../../api/client';
import { Dialog } from '../../ui/Dialog';
import { Banner, ErrorBanner, Skeleton } from '../../ui/feedback';
import { Field } from '../../ui/Field';
import { formatMoney, formatNumber } from '../../ui/format';
import { fieldMessage, placeRefusal, reasonProblem } from '../../ui/refusal';
import { useToasts } from '../../ui/toasts';
import { label, PROVIDER, refundStatusInfo } from '../payments/labels';
import {
  cancellationSummary,
  nextStatuses,
  previewTotals,
  WORKSHOP_STATUS,
  workshopStatusInfo,
  type StatusResult,
  type WorkshopDetail,
  type WorkshopStatus,
} from './model';
import { useCancellationPreview, useInvalidateWorkshops } from './queries';

export function StatusDialog(props: { detail: WorkshopDetail; onClose: () => void }) {
  const { workshop, counts } = props.detail;
  const toasts = useToasts();
  const refresh = useInvalidateWorkshops();
  const [key] = useState(() => crypto.randomUUID());
  const moves = nextStatuses(workshop.status);
  const [status, setStatus] = useState<WorkshopStatus | ''>('');
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const inFlight = useRef(false);
  const cancelling = status === 'cancelled';
  const preview = useCancellationPreview(workshop.id, cancelling);

  const change = useMutation({
    mutationFn: () =>
      call('workshops:set-status', {
        workshop_id: workshop.id,
        status: status as WorkshopStatus,
        reason: reason.trim(),
        idempotency_key: key,
      }),
    onSuccess: (result) => {
      if (result.status !== 'cancelled') {
        toasts.show({ kind: 'ok', message: `${workshop.title} is now ${workshopStatusInfo(result.status).label.toLowerCase()}` });
        props.onClose();
      }
    },
    onSettled: () => {
      inFlight.current = false;
      void refresh();
    },
  });

  const refusal = placeRefusal(change.error, ['status', 'reason']);
  const statusError = fieldMessage(refusal, 'status', tried && !status ? 'Choose the new status.' : null);
  const reasonError = fieldMessage(refusal, 'reason', reasonProblem(reason, tried));
  const waiting = cancelling && (preview.isPending || preview.isError);

  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (inFlight.current || change.isPending || !status || reasonProblem(reason, true) || waiting) return;
    inFlight.current = true;
    change.mutate();
  }

  if (change.data?.status === 'cancelled') {
    return <CancelledResult result={change.data} title={workshop.title} onClose={props.onClose} />;
  }

  return (
    <Dialog title={`Change the status of ${workshop.title}`} onClose={props.onClose} wide={cancelling}>
      <form className="stack" noValidate onSubmit={submit}>
        <p className="muted">
          Now <strong>{workshopStatusInfo(workshop.status).label.toLowerCase()}</strong>. The change needs your second factor and is
          recorded in the audit log with your reason.
        </p>
        <Field label="New status" error={statusError}>
          <select
            className="select"
            value={status}
            autoFocus
            onChange={(event) => {
              setStatus(event.target.value as WorkshopStatus | '');
              change.reset();
            }}
          >
            <option value="">Choose…</option>
            {moves.map((value) => (
              <option key={value} value={value}>
                {WORKSHOP_STATUS[value].label}
              </option>
            ))}
          </select>
        </Field>

        {cancelling && <CancellationPreview preview={preview} active={counts.registered} />}

        <Field label="Reason" hint="Required. Kept in the audit log with every refund request it makes." error={reasonError}>
          <textarea
            className="textarea"
            rows={3}
            maxLength={NOTE_RULES.max}
            value={reason}
            onChange={(event) => {
              setReason(event.target.value);
              if (refusal?.field === 'reason') change.reset();
            }}
          />
        </Field>
        {refusal && refusal.field === null && (
          <Banner kind="error" title={cancelling ? 'The workshop was not cancelled' : 'The status was not changed'}>
            {refusal.message}
            {cancelling && ' You can try again: it will not cancel or refund twice.'}
          </Banner>
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={props.onClose}>
            {cancelling ? 'Keep the workshop' : 'Cancel'}
          </button>
          <button
            type="submit"
            className={`btn ${cancelling ? 'danger' : 'primary'}`}
            disabled={change.isPending || waiting}
            aria-busy={change.isPending || undefined}
          >
            {change.isPending
              ? 'Saving…'
              : cancelling
                ? preview.data && preview.data.rows.length > 0
                  ? `Cancel workshop and request ${preview.data.rows.length} ${preview.data.rows.length === 1 ? 'refund' : 'refunds'}`
                  : 'Cancel workshop'
                : status
                  ? `Set to ${WORKSHOP_STATUS[status].label.toLowerCase()}`
                  : 'Change status'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function CancellationPreview(props: { preview: ReturnType<typeof useCancellationPreview>; active: number }) {
  const { preview } = props;
  if (preview.isPending) return <Skeleton lines={3} />;
  if (preview.isError) {
    return <ErrorBanner error={preview.error} title="What cancelling would do could not be read" onRetry={() => void preview.refetch()} />;
  }
  const rows = preview.data.rows;
  const totals = previewTotals(rows);
  return (
    <section className="stack ws-preview" aria-labelledby="ws-preview-title">
      <Banner kind="warn" title="Cancelling the workshop">
        {formatNumber(props.active)} active {props.active === 1 ? 'registration is' : 'registrations are'} cancelled and their seats freed.{' '}
        {rows.length === 0
          ? 'Nobody has money left to refund, so no refund is requested.'
          : `${rows.length} ${rows.length === 1 ? 'refund is' : 'refunds are'} requested (${totals
              .map((total) => formatMoney(total.amount, total.currency))
              .join(' + ')}); each awaits a second approver in Payments → Refunds before any money moves.`}
      </Banner>
      {rows.length > 0 && (
        <>
          <h3 id="ws-preview-title">Refunds it will request</h3>
          {/* Scrolls on its own so the reason and the buttons stay in view; focusable to scroll by keyboard. */}
          <div className="ws-preview-scroll" tabIndex={0} role="region" aria-labelledby="ws-preview-title">
            <table className="ws-preview-table" aria-labelledby="ws-preview-title">
              <thead>
                <tr>
                  <th scope="col">Payer</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                  <th scope="col">Provider</th>
                  <th scope="col">Then</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.registration_id}>
                    <td>
                      {row.full_name ?? row.email}
                      {row.full_name && <div className="muted">{row.email}</div>}
                    </td>
                    <td className="num">{formatMoney(row.amount, row.currency)}</td>
                    <td>{label(PROVIDER, row.provider)}</td>
                    <td>{row.needs_approval ? 'Awaits a second approver in Payments → Refunds' : 'Refunded at once'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function CancelledResult(props: { result: StatusResult; title: string; onClose: () => void }) {
  const { result } = props;
  return (
    <Dialog title="Workshop cancelled" onClose={props.onClose}>
      <Banner kind="ok" title={cancellationSummary(result)}>
        {props.title} is cancelled.{' '}
        {result.refunds.length > 0 && 'Each refund request now waits for a second person with refund approval in Payments → Refunds.'}
      </Banner>
      {result.refunds.length > 0 && (
        <ul className="ws-result-list" aria-label="Refund requests">
          {result.refunds.map((refund) => {
            const status = refundStatusInfo(refund.status);
            return (
              <li key={refund.refund_id}>
                <span>{formatMoney(refund.amount, refund.currency)}</span>
                <span className={`badge ${status.badge}`}>{status.label}</span>
              </li>
            );
          })}
        </ul>
      )}
      <div className="dialog-actions">
        <button type="button" className="btn primary" autoFocus onClick={props.onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}
