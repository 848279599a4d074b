// The active review in full: target, reviewer, text, response, the last decision and the moderation history from
// the audit log (moderators see their own entries there; admins see everyone's).
// What the queue's row carries shows at once; the whole text and the history are read once the active review has
// stayed for SETTLE_MS, so walking the queue with j/k reads (and re-renders for) only the review it stops on, not
// two calls for every review passed on the way.
import { useEffect, useState } from 'react';
import { ErrorBanner, Skeleton } from '../../ui/feedback';
import { formatAge, formatDateTime } from '../../ui/format';
import { reasonLabel, signalLabel, slaLevel, slaText, statusBadge, typeLabels, type ReviewRow } from './shape';
import { useReviewHistory, useReviewText } from './queries';

const actionLabels: Record<string, string> = {
  'review.approve': 'Approved',
  'review.reject': 'Rejected',
  'review.flag': 'Flagged',
  'review.undo': 'Decision undone',
  'review.respond': 'Responded on behalf',
};

/** How long a review stays active before its whole text and history are read. */
const SETTLE_MS = 150;

/** `value`, once it has stayed the same for `ms`; the first value at once. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    if (Object.is(settled, value)) return;
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, settled, ms]);
  return settled;
}

export function DetailPanel(props: {
  review: ReviewRow | null;
  canModerate: boolean;
  canRespond: boolean;
  busy: boolean;
  onDecide: (decision: 'approve' | 'reject' | 'flag') => void;
  onRespond: () => void;
}) {
  const { review } = props;
  // The review whose text and history are read: the active one once it has settled (same id and version).
  const settled = useSettled(review, SETTLE_MS);
  const reading = review && settled && settled.id === review.id && settled.version === review.version ? review : null;
  const history = useReviewHistory(reading);
  const full = useReviewText(reading);

  if (!review) {
    return (
      <aside className="card detail mod-detail" aria-label="Review detail">
        <p className="muted">Select a review (click a row or press j) to see it in full.</p>
      </aside>
    );
  }
  const sla = slaLevel(review.created_at);
  // The list carries the first 240 characters of the text; the whole text is read for the active review.
  const clipped = review.excerpt.length >= 240;
  const whole = full.data?.id === review.id ? full.data.review_text : null;

  return (
    <aside className="card detail mod-detail" aria-label="Review detail">
      <div className="mod-main">
        <div className="row">
          <span className={`badge ${statusBadge[review.status] ?? ''}`}>{review.status}</span>
          <span className={`mod-age ${sla}`}>{formatAge(review.created_at)} old</span>
          <span className="muted">· {slaText[sla]}</span>
        </div>
        <h2>{review.title ?? 'Untitled review'}</h2>
        {/* The actions before the text, so a long review never pushes them out of the pane. */}
        <div className="row">
          {props.canModerate && (
            <>
              <button
                className="btn primary small"
                disabled={props.busy || review.status === 'approved'}
                onClick={() => props.onDecide('approve')}
              >
                Approve <kbd className="kbd mod-kbd">a</kbd>
              </button>
              <button
                className="btn danger small"
                disabled={props.busy || review.status === 'rejected'}
                onClick={() => props.onDecide('reject')}
              >
                Reject… <kbd className="kbd mod-kbd">r</kbd>
              </button>
              <button className="btn small" disabled={props.busy || review.status === 'flagged'} onClick={() => props.onDecide('flag')}>
                Flag <kbd className="kbd mod-kbd">f</kbd>
              </button>
            </>
          )}
          {props.canRespond && (
            <button className="btn small" disabled={props.busy} onClick={props.onRespond}>
              {review.response_text ? 'Edit response…' : 'Respond on behalf…'}
            </button>
          )}
        </div>
        <p className="mod-text" aria-busy={whole === null && clipped && full.isPending}>
          {whole ?? review.excerpt}
          {whole === null && clipped && '…'}
        </p>
        {whole === null && full.isError && (
          <ErrorBanner
            error={full.error}
            title="Showing the first 240 characters: the whole text could not be loaded"
            onRetry={() => void full.refetch()}
          />
        )}
        {review.signals.length > 0 && (
          <ul className="mod-signal-list" aria-label="Signals">
            {review.signals.map((signal) => (
              <li key={signal}>
                <span className="badge warn">{signalLabel(signal).label}</span> <span className="muted">{signalLabel(signal).hint}</span>
              </li>
            ))}
          </ul>
        )}
        <section aria-labelledby="mod-response-title" className="stack mod-section">
          <h3 id="mod-response-title">Response</h3>
          {review.response_text ? <p className="mod-text">{review.response_text}</p> : <p className="muted">No response yet.</p>}
        </section>
      </div>
      <div className="mod-side">
        <dl className="props">
          <dt>Target</dt>
          <dd>
            {typeLabels[review.review_type] ?? review.review_type}: {review.target_name ?? 'unknown'}
          </dd>
          <dt>Reviewer</dt>
          <dd>
            {review.reviewer_name ?? '—'}
            {review.reviewer_email && <div className="muted">{review.reviewer_email}</div>}
          </dd>
          <dt>Rating</dt>
          <dd>{review.rating} of 5</dd>
          <dt>Verified purchase</dt>
          <dd>{review.verified_purchase ? 'Yes' : 'No'}</dd>
          <dt>Helpful</dt>
          <dd>
            {review.helpful_count} helpful, {review.not_helpful_count} not helpful
          </dd>
          <dt>Submitted</dt>
          <dd>{formatDateTime(review.created_at)}</dd>
          <dt>Last decision</dt>
          <dd>
            {review.moderated_at
              ? `${review.moderated_by_name ?? 'Someone'}, ${formatDateTime(review.moderated_at)}${review.moderation_reason ? ` — ${reasonLabel(review.moderation_reason)}` : ''}`
              : 'None yet'}
          </dd>
        </dl>
        <section aria-labelledby="mod-history-title" className="stack mod-section">
          <h3 id="mod-history-title">Moderation history</h3>
          {history.isPending ? (
            <Skeleton lines={2} />
          ) : history.isError ? (
            <ErrorBanner error={history.error} title="The history could not be loaded" onRetry={() => void history.refetch()} />
          ) : history.data.rows.length === 0 ? (
            <p className="muted">No audited actions you can see on this review yet.</p>
          ) : (
            <ol className="mod-history">
              {history.data.rows.map((entry) => (
                <li key={entry.id}>
                  <strong>{actionLabels[entry.action] ?? entry.action}</strong> by {entry.actor_email ?? 'unknown'}
                  <div className="muted">
                    {formatDateTime(entry.occurred_at)}
                    {entry.reason ? ` · ${entry.reason}` : ''}
                  </div>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </aside>
  );
}
