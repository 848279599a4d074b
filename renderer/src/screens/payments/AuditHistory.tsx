// The payment's audit history (its own entries and its refunds'), oldest first as it happened.
import type { ChannelOutput } from '../../../../shared/ipc/contract';
import { EmptyState } from '../../ui/feedback';
import { formatDateTime } from '../../ui/format';

type Entry = ChannelOutput<'payments:get'>['audit'][number];

const ACTIONS: Record<string, string> = {
  'refund.create': 'Refund requested',
  'refund.approve': 'Refund approved',
  'refund.reject': 'Refund rejected',
  'refund.confirm': 'Refund confirmed by processor',
  'refund.fail': 'Refund failed or cancelled',
};

/** A one-line summary of what changed, from the entry's after (and before) state. */
export function auditSummary(entry: Pick<Entry, 'before' | 'after'>): string {
  const after = entry.after && typeof entry.after === 'object' && !Array.isArray(entry.after) ? entry.after : null;
  const before = entry.before && typeof entry.before === 'object' && !Array.isArray(entry.before) ? entry.before : null;
  const parts: string[] = [];
  if (after && 'amount' in after && after.amount !== null)
    parts.push(`${String(after.amount)}${'currency' in after ? ` ${String(after.currency)}` : ''}`);
  if (after && 'status' in after)
    parts.push(
      before && 'status' in before && before.status !== after.status
        ? `${String(before.status)} → ${String(after.status)}`
        : String(after.status),
    );
  const payment = after && 'payment' in after ? after.payment : null;
  if (payment && typeof payment === 'object' && !Array.isArray(payment) && 'status' in payment)
    parts.push(`payment ${String(payment.status)}`);
  return parts.join(' · ');
}

export function AuditHistory(props: { entries: readonly Entry[] }) {
  return (
    <section className="card detail" aria-labelledby="pay-audit">
      <h2 id="pay-audit">Audit history</h2>
      {props.entries.length === 0 ? (
        <EmptyState title="No recorded actions">Nobody has acted on this payment through the console yet.</EmptyState>
      ) : (
        <ol className="pay-audit" aria-label="Audit entries">
          {props.entries.map((entry) => (
            <li key={entry.id}>
              <span className="nowrap muted">{formatDateTime(entry.occurred_at)}</span>
              <span>
                <strong>{ACTIONS[entry.action] ?? entry.action}</strong> by {entry.actor_email ?? 'the system'}
                {auditSummary(entry) && <span className="muted"> · {auditSummary(entry)}</span>}
                {entry.reason && <div className="pay-note">“{entry.reason}”</div>}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
