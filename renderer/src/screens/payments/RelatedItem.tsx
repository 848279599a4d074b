// What the payment paid for: the workshop registration (and whether a refund cancelled it) or the engagement.
import type { ChannelOutput } from '../../../../shared/ipc/contract';
import { formatDate, formatDateTime } from '../../ui/format';

type Related = ChannelOutput<'payments:get'>['registration'];

const text = (value: unknown) => (value === null || value === undefined || value === '' ? '—' : String(value));
const when = (value: unknown) => (typeof value === 'string' ? formatDateTime(value) : '—');

const REGISTRATION_STATUS: Record<string, string> = {
  registered: 'badge ok',
  completed: 'badge accent',
  cancelled: 'badge danger',
  waitlisted: 'badge warn',
};

export function RelatedItem(props: { registration: Related; engagement: Related; paymentType: string }) {
  const { registration: r, engagement: e } = props;
  return (
    <section className="card detail" aria-labelledby="pay-related">
      <h2 id="pay-related">{r ? 'Workshop registration' : e ? 'Engagement' : 'Paid for'}</h2>
      {r && (
        <dl className="props">
          <dt>Workshop</dt>
          <dd>{text(r.workshop_title)}</dd>
          <dt>Date</dt>
          <dd>{typeof r.schedule_date === 'string' ? formatDate(r.schedule_date) : '—'}</dd>
          <dt>Registration</dt>
          <dd>
            <span className={REGISTRATION_STATUS[String(r.status)] ?? 'badge'}>{text(r.status)}</span>
          </dd>
          <dt>Registered</dt>
          <dd>{when(r.registered_at)}</dd>
          {r.cancelled_at ? (
            <>
              <dt>Cancelled</dt>
              <dd>{when(r.cancelled_at)}</dd>
            </>
          ) : null}
          {r.completed_at ? (
            <>
              <dt>Completed</dt>
              <dd>{when(r.completed_at)}</dd>
            </>
          ) : null}
        </dl>
      )}
      {e && (
        <dl className="props">
          <dt>Title</dt>
          <dd>{text(e.title)}</dd>
          <dt>Focus</dt>
          <dd>{text(e.focus_area)}</dd>
          <dt>Status</dt>
          <dd>
            <span className="badge">{text(e.status)}</span>
          </dd>
          <dt>Expert</dt>
          <dd>{text(e.expert_name)}</dd>
          <dt>Hours</dt>
          <dd>
            {text(e.hours_used)} used of {text(e.hours_total)}
            {typeof e.hourly_rate === 'number' && <span className="muted"> · {e.hourly_rate.toFixed(2)} per hour</span>}
          </dd>
          <dt>Dates</dt>
          <dd>
            {typeof e.start_date === 'string' ? formatDate(e.start_date) : '—'} –{' '}
            {typeof e.end_date === 'string' ? formatDate(e.end_date) : 'open'}
          </dd>
        </dl>
      )}
      {!r && !e && (
        <p className="muted">
          {props.paymentType === 'workshop' || props.paymentType === 'engagement'
            ? 'The related item could not be found.'
            : 'This payment has no linked registration or engagement.'}
        </p>
      )}
    </section>
  );
}
