// One certificate beside the table: what the public verification page answers for its number (asked on demand,
// shown field by field as it came), revocation for those who may revoke, then the console's record of it.
import { useState } from 'react';
import { useCapabilities } from '../../app/session';
import { Banner, ErrorBanner, Skeleton } from '../../ui/feedback';
import { formatDateTime } from '../../ui/format';
import { formatDay, STATE_BADGE, stateOf, typeLabel, verdict, type CertificateRow, type Verification } from './model';
import { useVerification } from './queries';
import { RevokeDialog } from './RevokeDialog';

export function CertificatePanel(props: { certificate: CertificateRow }) {
  const { certificate: row } = props;
  const { can } = useCapabilities();
  const [asked, setAsked] = useState(false);
  const [revoking, setRevoking] = useState(false);
  const verification = useVerification(row.certificate_number, asked);
  const state = stateOf(row);
  const headingId = `certificate-${row.id}`;

  return (
    <aside className="card detail cert-panel" aria-labelledby={headingId}>
      <div className="row">
        <h2 id={headingId} className="mono cert-number">
          {row.certificate_number}
        </h2>
        <span className={`badge ${STATE_BADGE[state]}`}>{state}</span>
      </div>
      <div className="row">
        <button className="btn" disabled={verification.isFetching} onClick={() => (asked ? void verification.refetch() : setAsked(true))}>
          {verification.isFetching ? 'Checking…' : 'Verify as the public sees it'}
        </button>
        {can('certificates.revoke') && !row.revoked_at && (
          <button className="btn danger" onClick={() => setRevoking(true)}>
            Revoke…
          </button>
        )}
      </div>
      {asked && (
        <section className="stack cert-verify" aria-labelledby={`${headingId}-public`}>
          <h3 id={`${headingId}-public`}>What the public sees</h3>
          {verification.isPending ? (
            <Skeleton lines={3} />
          ) : verification.isError ? (
            <ErrorBanner
              title="The verification could not be asked"
              error={verification.error}
              onRetry={() => void verification.refetch()}
            />
          ) : (
            <PublicAnswer answer={verification.data.certificate} at={verification.dataUpdatedAt} />
          )}
        </section>
      )}

      <section className="stack" aria-labelledby={`${headingId}-record`}>
        <h3 id={`${headingId}-record`}>In the console</h3>
        <dl className="props">
          <dt>Recipient</dt>
          <dd>
            {row.full_name ?? '—'}
            <div className="muted">{row.email}</div>
          </dd>
          <dt>Type</dt>
          <dd>{typeLabel(row.certificate_type)}</dd>
          <dt>Title</dt>
          <dd>{row.title ?? '—'}</dd>
          {row.workshop_title && (
            <>
              <dt>Workshop</dt>
              <dd>{row.workshop_title}</dd>
            </>
          )}
          <dt>Issued</dt>
          <dd>{formatDay(row.issue_date)}</dd>
          <dt>Expires</dt>
          <dd>{row.expiry_date ? formatDay(row.expiry_date) : 'Never'}</dd>
          <dt>Verified</dt>
          <dd>{row.is_verified ? 'Yes' : 'No'}</dd>
          {row.revoked_at && (
            <>
              <dt>Revoked</dt>
              <dd>
                {formatDateTime(row.revoked_at)}
                {row.revocation_reason && <div className="muted">{row.revocation_reason}</div>}
              </dd>
            </>
          )}
        </dl>
      </section>

      {revoking && <RevokeDialog certificate={row} onClose={() => setRevoking(false)} onRevoked={() => setAsked(true)} />}
    </aside>
  );
}

/** The answer of public.verify_certificate, every field as it came. */
function PublicAnswer(props: { answer: Verification | null; at: number }) {
  const { answer } = props;
  const said = verdict(answer);
  return (
    <div className="stack cert-answer" aria-live="polite">
      <Banner kind={said.kind}>{said.title}</Banner>
      {answer && (
        <dl className="props" aria-label="The public answer">
          <dt>Number</dt>
          <dd className="mono">{answer.certificate_number}</dd>
          <dt>Type</dt>
          <dd>{typeLabel(answer.certificate_type)}</dd>
          <dt>Title</dt>
          <dd>{answer.title ?? '—'}</dd>
          <dt>Recipient</dt>
          <dd>{answer.recipient_name ?? '—'}</dd>
          <dt>Issued</dt>
          <dd>{formatDay(answer.issue_date)}</dd>
          <dt>Expires</dt>
          <dd>{answer.expiry_date ? formatDay(answer.expiry_date) : 'Never'}</dd>
          <dt>Verified</dt>
          <dd>{answer.is_verified ? 'Yes' : 'No'}</dd>
          <dt>Expired</dt>
          <dd>{answer.is_expired ? 'Yes' : 'No'}</dd>
          <dt>Revoked</dt>
          <dd>{answer.is_revoked ? `Yes${answer.revoked_at ? `, ${formatDateTime(answer.revoked_at)}` : ''}` : 'No'}</dd>
        </dl>
      )}
      <p className="muted">Asked at {formatDateTime(new Date(props.at).toISOString())}.</p>
    </div>
  );
}
