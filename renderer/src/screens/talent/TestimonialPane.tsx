// The active testimonial in full: the quote as the expert wrote it, who it is attributed to, its metric, and the
// last decision; verify and reject sit above the text so a long quote never pushes them away.
import { formatDateTime } from '../../ui/format';
import { attribution, canDecide, STATE_BADGE, type TestimonialRow } from './model';

export function TestimonialPane(props: {
  testimonial: TestimonialRow | null;
  canVerify: boolean;
  busy: boolean;
  onDecide: (decision: 'verify' | 'reject') => void;
}) {
  const { testimonial: row } = props;
  if (!row) {
    return (
      <aside className="card detail tal-pane" aria-label="Testimonial">
        <p className="muted">Choose a testimonial to read it in full.</p>
      </aside>
    );
  }
  return (
    <aside className="card detail tal-pane" aria-label="Testimonial">
      <div className="tal-main">
        <div className="row">
          <span className={`badge ${STATE_BADGE[row.state] ?? ''}`}>{row.state}</span>
          {row.is_featured && <span className="badge accent">featured</span>}
          <span className="muted">for {row.expert_name ?? 'an expert'}</span>
        </div>
        {props.canVerify && (
          <div className="row">
            <button
              className="btn small primary"
              disabled={props.busy || !canDecide(row, 'verify')}
              onClick={() => props.onDecide('verify')}
            >
              Verify <kbd className="kbd tal-kbd">v</kbd>
            </button>
            <button
              className="btn small danger"
              disabled={props.busy || !canDecide(row, 'reject')}
              onClick={() => props.onDecide('reject')}
            >
              Reject… <kbd className="kbd tal-kbd">r</kbd>
            </button>
          </div>
        )}
        <blockquote className="tal-quote">“{row.quote}”</blockquote>
        <p className="tal-attribution">— {attribution(row)}</p>
      </div>
      <dl className="props tal-side">
        <dt>Metric</dt>
        <dd>{row.metric ?? <span className="muted">none given</span>}</dd>
        <dt>Client</dt>
        <dd>{row.client_name}</dd>
        <dt>Title</dt>
        <dd>{row.client_title ?? '—'}</dd>
        <dt>Company</dt>
        <dd>{row.client_company ?? '—'}</dd>
        <dt>Last edited</dt>
        <dd>{formatDateTime(row.updated_at)}</dd>
        <dt>Decision</dt>
        <dd>
          {row.decided_at
            ? `${row.state === 'rejected' ? 'Rejected' : row.state === 'verified' ? 'Verified' : 'Decided'} by ${row.decided_by_email ?? 'someone'}, ${formatDateTime(row.decided_at)}`
            : 'None yet'}
        </dd>
        {row.rejection_reason && (
          <>
            <dt>Reason</dt>
            <dd>{row.rejection_reason}</dd>
          </>
        )}
      </dl>
    </aside>
  );
}
