// One registration beside the table: who, what they paid, their certificate; for those who may manage workshops,
// attendance and completion (completion can issue the certificate) and cancelling. Once cancelled with money
// left on the payment, a person who may refund is offered the payments screen's own refund dialog.
import { useMutation } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { call } from '../../api/client';
import { routeHref } from '../../app/route';
import { useCapabilities } from '../../app/session';
import { Banner } from '../../ui/feedback';
import { formatDateTime, formatMoney } from '../../ui/format';
import { placeRefusal } from '../../ui/refusal';
import { useToasts } from '../../ui/toasts';
import { paymentStatusInfo } from '../payments/labels';
import { CancelRegistrationDialog } from './CancelRegistrationDialog';
import {
  ATTENDANCE_LABEL,
  attendanceInput,
  attendanceOf,
  refundableOf,
  refundOffer,
  registrationBadge,
  type Attendance,
  type RegistrationRow,
  type WorkshopDetail,
} from './model';
import { useInvalidateWorkshops } from './queries';
import { RefundPaymentDialog } from './RefundPaymentDialog';

type Open = { kind: 'cancel' } | { kind: 'refund'; paymentId: string } | null;

export function RegistrationPanel(props: { registration: RegistrationRow; workshop: WorkshopDetail['workshop']; canManage: boolean }) {
  const { registration: r, workshop, canManage } = props;
  const { can } = useCapabilities();
  const [open, setOpen] = useState<Open>(null);
  const status = registrationBadge(r);
  const cancelled = r.status === 'cancelled';
  const money = (value: number) => formatMoney(value, workshop.currency);
  const offer = cancelled ? refundOffer(r, can('payments.refund')) : null;
  const name = r.full_name ?? r.email;
  const refundable = refundableOf(r);

  return (
    <aside className="card detail ws-panel" aria-label={`Registration of ${name}`}>
      <div>
        <h3 className="ws-panel-title">{name}</h3>
        {r.full_name && <p className="muted">{r.email}</p>}
      </div>
      <dl className="props ws-props">
        <dt>Status</dt>
        <dd>
          <span className={`badge ${status.badge}`}>{status.label}</span>
        </dd>
        <dt>Registered</dt>
        <dd>{formatDateTime(r.registered_at)}</dd>
        {r.cancelled_at && (
          <>
            <dt>Cancelled</dt>
            <dd>{formatDateTime(r.cancelled_at)}</dd>
          </>
        )}
        {r.completed_at && (
          <>
            <dt>Completed</dt>
            <dd>{formatDateTime(r.completed_at)}</dd>
          </>
        )}
        <dt>Paid</dt>
        <dd>
          {r.price_paid > 0 ? money(r.price_paid) : 'Nothing'}
          {r.payment_id && (
            <div className="muted">
              {can('payments.read') ? <a href={routeHref('payments', r.payment_id)}>Payment</a> : 'Payment'}{' '}
              {paymentStatusInfo(r.payment_status ?? '').label.toLowerCase()}
              {refundable !== null ? ` · ${money(refundable)} refundable` : ''}
            </div>
          )}
        </dd>
        <dt>Certificate</dt>
        <dd className={r.certificate_number ? 'mono' : undefined}>{r.certificate_number ?? '—'}</dd>
      </dl>

      {canManage && !cancelled && <AttendanceForm registration={r} />}

      {/* A finished workshop is not cancelled (SQL says so too); its payment is refunded from Payments instead. */}
      {canManage && !cancelled && r.status !== 'completed' && (
        <section className="stack ws-section" aria-labelledby={`${r.id}-cancel`}>
          <h4 id={`${r.id}-cancel`} className="field-label">
            Cancel
          </h4>
          <p className="muted">Frees the seat. A refund of the payment is a separate step.</p>
          <div className="row">
            <button className="btn danger small" onClick={() => setOpen({ kind: 'cancel' })}>
              Cancel registration…
            </button>
          </div>
        </section>
      )}

      {offer && (
        <section className="stack ws-section" aria-labelledby={`${r.id}-refund`}>
          <h4 id={`${r.id}-refund`} className="field-label">
            Refund
          </h4>
          <div className="row">
            <button className="btn small" onClick={() => setOpen({ kind: 'refund', paymentId: offer.paymentId })}>
              Refund this payment…
            </button>
            <span className="muted">{money(offer.refundable)} refundable</span>
          </div>
        </section>
      )}

      {open?.kind === 'cancel' && (
        <CancelRegistrationDialog
          registration={r}
          workshopTitle={workshop.title}
          onClose={() => setOpen(null)}
          onRefund={(paymentId) => setOpen({ kind: 'refund', paymentId })}
        />
      )}
      {open?.kind === 'refund' && <RefundPaymentDialog paymentId={open.paymentId} onClose={() => setOpen(null)} />}
    </aside>
  );
}

const CHOICES: readonly Attendance[] = ['not_attended', 'attended', 'completed'];

function AttendanceForm(props: { registration: RegistrationRow }) {
  const { registration: r } = props;
  const toasts = useToasts();
  const refresh = useInvalidateWorkshops();
  const groupId = useId();
  const current = attendanceOf(r);
  const [choice, setChoice] = useState<Attendance>(current);
  const [issue, setIssue] = useState(!r.certificate_id);
  const inFlight = useRef(false);

  const save = useMutation({
    mutationFn: () => call('workshops:record-attendance', attendanceInput(r.id, choice, issue && !r.certificate_id)),
    onSuccess: async (result) => {
      toasts.show({
        kind: 'ok',
        message: result.certificate_number
          ? `${r.full_name ?? r.email}: ${ATTENDANCE_LABEL[choice].toLowerCase()}, certificate ${result.certificate_number}`
          : `${r.full_name ?? r.email}: ${ATTENDANCE_LABEL[choice].toLowerCase()}`,
      });
      await refresh();
    },
    onSettled: () => {
      inFlight.current = false;
    },
  });

  const wantsCertificate = choice === 'completed' && issue && !r.certificate_id;
  const unchanged = choice === current && !wantsCertificate;
  const refusal = placeRefusal(save.error, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (inFlight.current || save.isPending || unchanged) return;
    inFlight.current = true;
    save.mutate();
  }

  return (
    <form className="stack ws-section" onSubmit={submit} aria-label="Attendance">
      <fieldset className="ws-radios">
        <legend className="field-label">Attendance</legend>
        {CHOICES.map((value) => (
          <label key={value} className="checkbox">
            <input
              type="radio"
              name={`${groupId}-attendance`}
              value={value}
              checked={choice === value}
              onChange={() => {
                setChoice(value);
                save.reset();
              }}
            />
            {ATTENDANCE_LABEL[value]}
            {value === current && <span className="muted"> (now)</span>}
          </label>
        ))}
      </fieldset>
      {choice === 'completed' &&
        (r.certificate_id ? (
          <p className="muted">
            Certificate <span className="mono">{r.certificate_number}</span> is already issued.
          </p>
        ) : (
          <label className="checkbox">
            <input type="checkbox" checked={issue} onChange={(event) => setIssue(event.target.checked)} />
            Issue the certificate of completion
          </label>
        ))}
      {refusal && (
        <Banner kind="error" title="Attendance was not saved">
          {refusal.message}
        </Banner>
      )}
      <div className="row">
        <button type="submit" className="btn primary small" disabled={unchanged || save.isPending} aria-busy={save.isPending || undefined}>
          {save.isPending ? 'Saving…' : 'Save attendance'}
        </button>
      </div>
    </form>
  );
}
