// Change a session: its status and length, with an optional reason for the audit log. The length is read at the
// field ("1,5" or "2h" are refused there, in words); the hour budget is the database's rule, and when it refuses, its
// sentence and hint are shown as they are, with everything typed kept for the next try.
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { NOTE_RULES, textProblem } from '../../../../shared/text';
import { call } from '../../api/client';
import { Dialog } from '../../ui/Dialog';
import { Field } from '../../ui/Field';
import { fieldMessage, placeRefusal } from '../../ui/refusal';
import { RefusalBanner } from '../../ui/RefusalBanner';
import { formatDateTime } from '../../ui/format';
import { useToasts } from '../../ui/toasts';
import { formatHours, hoursOfBudget, hoursLeft, parseSessionHours } from './hours';
import {
  engagementName,
  sessionChange,
  sessionStatusLabel,
  sessionTypeLabel,
  SESSION_STATUSES,
  type EngagementRow,
  type SessionRow,
  type SessionStatus,
} from './model';
import { useInvalidateEngagements } from './queries';

export function SessionDialog(props: { engagement: EngagementRow; session: SessionRow; onClose: () => void }) {
  const { engagement, session } = props;
  const toasts = useToasts();
  const refresh = useInvalidateEngagements();
  const [status, setStatus] = useState<SessionStatus>(
    (SESSION_STATUSES as readonly string[]).includes(session.status) ? (session.status as SessionStatus) : 'scheduled',
  );
  const [hours, setHours] = useState(formatHours(session.duration_hours).replace(/,/g, ''));
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);

  const parsed = parseSessionHours(hours);
  const hoursProblem = !parsed.ok && (tried || hours.trim() !== '') ? parsed.reason : null;
  const reasonProblem = textProblem(reason, NOTE_RULES);

  const save = useMutation({
    mutationFn: (value: number) => call('engagements:set-session-status', sessionChange(session, status, value, reason)),
    onSuccess: async (result) => {
      toasts.show({
        kind: 'ok',
        message: `Session ${sessionStatusLabel(result.status).toLowerCase()}, ${formatHours(result.duration_hours)} h · ${hoursOfBudget(result.hours_used, result.hours_total)} used`,
      });
      await refresh();
      props.onClose();
    },
  });
  const refusal = placeRefusal(save.error, ['duration_hours', 'reason']);

  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (save.isPending || !parsed.ok || reasonProblem) return;
    save.mutate(parsed.value);
  }

  return (
    <Dialog title="Change the session" onClose={props.onClose}>
      <form className="stack" onSubmit={submit} noValidate aria-label="Change the session">
        <p>
          {sessionTypeLabel(session.session_type)} of {formatDateTime(session.scheduled_at)}, {engagementName(engagement)}.
        </p>
        <p className="muted">
          Budget: {hoursOfBudget(engagement.hours_used, engagement.hours_total)} used,{' '}
          {hoursLeft(engagement.hours_used, engagement.hours_total).toLowerCase()}. Completed sessions count toward it.
        </p>
        <Field label="Status">
          <select className="select" value={status} onChange={(event) => setStatus(event.target.value as SessionStatus)} autoFocus>
            {SESSION_STATUSES.map((value) => (
              <option key={value} value={value}>
                {sessionStatusLabel(value)}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="Length in hours"
          hint="0 to 24, with a point for decimals: 1.5 is an hour and a half."
          error={fieldMessage(refusal, 'duration_hours', hoursProblem)}
        >
          <input
            className="input eng-hours-input"
            inputMode="decimal"
            autoComplete="off"
            maxLength={16}
            value={hours}
            onChange={(event) => setHours(event.target.value)}
          />
        </Field>
        <Field label="Reason (optional)" hint="Recorded in the audit log." error={fieldMessage(refusal, 'reason', reasonProblem)}>
          <input className="input" value={reason} maxLength={NOTE_RULES.max} onChange={(event) => setReason(event.target.value)} />
        </Field>
        {save.isError && refusal?.field === null && <RefusalBanner title="Not changed" error={save.error} />}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="btn primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save session'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
