// Reject a testimonial: the reason is required (SQL refuses a blank one too) and kept with the decision.
import { useState, type FormEvent } from 'react';
import { NOTE_RULES } from '../../../../shared/text';
import { Dialog } from '../../ui/Dialog';
import { Field } from '../../ui/Field';
import { reasonProblem } from '../../ui/refusal';
import { attribution, type TestimonialRow } from './model';

export function RejectDialog(props: {
  testimonial: TestimonialRow;
  busy: boolean;
  onClose: () => void;
  /** Resolves to a message for the reason field when SQL refuses it, else null. */
  onSubmit: (reason: string) => Promise<string | null>;
}) {
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const problem = reasonProblem(reason, tried) ?? refused;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (props.busy || reasonProblem(reason, true)) return;
    setRefused(await props.onSubmit(reason.trim()));
  }

  return (
    <Dialog title="Reject this testimonial" onClose={props.onClose}>
      <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
        <p className="muted">
          “{props.testimonial.quote.length > 160 ? `${props.testimonial.quote.slice(0, 160)}…` : props.testimonial.quote}” —{' '}
          {attribution(props.testimonial)}
        </p>
        <Field label="Reason (required)" hint="Kept with the decision and in the audit log." error={problem}>
          <textarea
            className="textarea"
            rows={3}
            maxLength={NOTE_RULES.max}
            value={reason}
            autoFocus
            onChange={(event) => {
              setReason(event.target.value);
              setRefused(null);
            }}
          />
        </Field>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="btn danger" disabled={props.busy}>
            {props.busy ? 'Rejecting…' : 'Reject testimonial'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
