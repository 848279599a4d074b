// One engagement under the table: who, when, the hour budget, and its sessions. With engagements.manage a session's
// status and length can be changed; the hour budget is the schema's rule (a trigger), so its refusal is shown as
// the database words it.
import { useState } from 'react';
import { useCapabilities } from '../../app/session';
import { ErrorBanner, Skeleton } from '../../ui/feedback';
import { formatDateTime, formatNumber } from '../../ui/format';
import { formatHours, hoursLeft } from './hours';
import { HoursBar } from './HoursBar';
import {
  dateRange,
  ENGAGEMENT_BADGE,
  engagementName,
  SESSION_BADGE,
  sessionStatusLabel,
  sessionTypeLabel,
  type EngagementRow,
  type SessionRow,
} from './model';
import { SESSIONS_LIMIT, useSessions } from './queries';
import { SessionDialog } from './SessionDialog';

export function EngagementDetail(props: { engagement: EngagementRow; onClose: () => void }) {
  const { engagement } = props;
  const name = engagementName(engagement);
  const sessions = useSessions(engagement.id);
  const { can } = useCapabilities();
  const canManage = can('engagements.manage');
  const [editing, setEditing] = useState<SessionRow | null>(null);
  const headingId = `engagement-${engagement.id}`;

  return (
    <section className="card detail eng-detail" aria-labelledby={headingId}>
      <div className="eng-main">
        <div className="eng-detail-head">
          <h2 id={headingId}>{name}</h2>
          <button className="btn small ghost" onClick={props.onClose} aria-label={`Close ${name}`}>
            Close
          </button>
        </div>
        <dl className="props">
          <dt>Status</dt>
          <dd>
            <span className={`badge ${ENGAGEMENT_BADGE[engagement.status] ?? ''}`}>{engagement.status}</span>
          </dd>
          <dt>Client</dt>
          <dd>{engagement.client_name ?? '—'}</dd>
          <dt>Organisation</dt>
          <dd>{engagement.organization_name ?? '—'}</dd>
          <dt>Expert</dt>
          <dd>{engagement.expert_name ?? '—'}</dd>
          <dt>Focus area</dt>
          <dd>{engagement.focus_area}</dd>
          <dt>Dates</dt>
          <dd>{dateRange(engagement.start_date, engagement.end_date)}</dd>
          <dt>Rate</dt>
          <dd>{engagement.hourly_rate === null ? '—' : `${formatNumber(engagement.hourly_rate, 2)} per hour`}</dd>
          <dt>Hours</dt>
          <dd>
            <HoursBar used={engagement.hours_used} total={engagement.hours_total} />
            <div className="muted">{hoursLeft(engagement.hours_used, engagement.hours_total)}. Only completed sessions count.</div>
          </dd>
        </dl>
      </div>
      <div className="eng-sessions">
        <h3>Sessions</h3>
        {sessions.isPending ? (
          <Skeleton lines={3} />
        ) : sessions.isError ? (
          <ErrorBanner title="The sessions could not be loaded" error={sessions.error} onRetry={() => void sessions.refetch()} />
        ) : sessions.data.rows.length === 0 ? (
          <p className="muted">No sessions booked yet.</p>
        ) : (
          <>
            <table className="eng-session-table" aria-label={`Sessions of ${name}`}>
              <thead>
                <tr>
                  <th scope="col">Scheduled</th>
                  <th scope="col">Type</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Hours
                  </th>
                  {canManage && (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {sessions.data.rows.map((session) => (
                  <tr key={session.id} data-session-id={session.id}>
                    <td className="nowrap">{formatDateTime(session.scheduled_at)}</td>
                    <td className="nowrap">
                      {sessionTypeLabel(session.session_type)}
                      {session.has_notes && <span className="muted"> · notes</span>}
                    </td>
                    <td>
                      <span className={`badge ${SESSION_BADGE[session.status] ?? ''}`}>{sessionStatusLabel(session.status)}</span>
                    </td>
                    <td className="num">{formatHours(session.duration_hours)}</td>
                    {canManage && (
                      <td className="num">
                        <button
                          className="btn small"
                          onClick={() => setEditing(session)}
                          aria-label={`Change the session of ${formatDateTime(session.scheduled_at)}`}
                        >
                          Change…
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
            {sessions.data.next_after && <p className="muted">Showing the latest {SESSIONS_LIMIT} sessions.</p>}
          </>
        )}
      </div>
      {editing && <SessionDialog engagement={engagement} session={editing} onClose={() => setEditing(null)} />}
    </section>
  );
}
