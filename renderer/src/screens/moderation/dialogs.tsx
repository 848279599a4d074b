// The queue's dialogs: the decision dialog (reject reason + note, and the typed count for bulk actions over 20
// items), respond on behalf, and the keyboard shortcuts overlay. All are forms, so Enter submits.
import { useId, useState, type FormEvent } from 'react';
import { Dialog } from '../../ui/Dialog';
import { NOTE_RULES, RESPONSE_RULES, textProblem } from '../../../../shared/text';
import { Field } from '../../ui/Field';
import { confirmationMatches, needsTypedConfirmation, reasonLabels, rejectReasons, type RejectReason, type ReviewRow } from './shape';

export interface DecisionRequest {
  decision: 'approve' | 'reject';
  /** The reviews the decision applies to (one for a single reject). */
  ids: string[];
  /** Through reviews:decide-bulk (the selection), even for one item. */
  bulk?: boolean;
}

export function DecisionDialog(props: {
  request: DecisionRequest;
  busy: boolean;
  error: string | null;
  onSubmit: (choice: { reason?: RejectReason; note?: string }) => void;
  onClose: () => void;
}) {
  const { decision, ids } = props.request;
  const count = ids.length;
  const reject = decision === 'reject';
  const typed = needsTypedConfirmation(count);
  const [reason, setReason] = useState<RejectReason | null>(null);
  const [note, setNote] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [tried, setTried] = useState(false);
  const groupId = useId();
  const reasonError = tried && reject && !reason ? 'Choose why the review is rejected.' : null;
  const noteError = textProblem(note, NOTE_RULES);
  const confirmError = tried && typed && !confirmationMatches(confirmation, count) ? `Type ${count} to confirm.` : null;
  const noun = count === 1 ? 'this review' : `${count} reviews`;
  const title = reject ? `Reject ${noun}` : `Approve ${noun}`;

  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if ((reject && !reason) || noteError) return;
    if (typed && !confirmationMatches(confirmation, count)) return;
    const trimmed = note.trim();
    props.onSubmit({
      ...(reject && reason ? { reason } : {}),
      ...(trimmed ? { note: trimmed } : {}),
    });
  }

  return (
    <Dialog title={title} onClose={props.onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        {reject && (
          <fieldset className="mod-reasons" aria-describedby={reasonError ? `${groupId}-error` : undefined}>
            <legend className="field-label">Reason (required)</legend>
            {rejectReasons.map((code, index) => (
              <label key={code} className="checkbox">
                <input
                  type="radio"
                  name={`${groupId}-reason`}
                  value={code}
                  checked={reason === code}
                  autoFocus={index === 0}
                  onChange={() => setReason(code)}
                />
                {reasonLabels[code]}
              </label>
            ))}
            {reasonError && (
              <span id={`${groupId}-error`} className="mod-error" role="alert">
                {reasonError}
              </span>
            )}
          </fieldset>
        )}
        {reject && (
          <Field
            label="Note (optional)"
            hint="Kept with the decision and in the audit log; the reviewer does not see it."
            error={noteError}
          >
            <textarea
              className="textarea"
              rows={3}
              maxLength={NOTE_RULES.max}
              value={note}
              onChange={(event) => setNote(event.target.value)}
            />
          </Field>
        )}
        {typed && (
          <Field
            label={`Type ${count} to confirm`}
            hint={`This ${reject ? 'rejects' : 'approves'} ${count} reviews at once. You can undo for 10 seconds afterwards.`}
            error={confirmError}
          >
            <input
              className="input"
              inputMode="numeric"
              autoComplete="off"
              value={confirmation}
              onChange={(event) => setConfirmation(event.target.value)}
            />
          </Field>
        )}
        {props.error && (
          <div className="banner error" role="alert">
            {props.error}
          </div>
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className={`btn ${reject ? 'danger' : 'primary'}`} disabled={props.busy}>
            {props.busy ? 'Saving…' : title}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function RespondDialog(props: {
  review: ReviewRow;
  busy: boolean;
  error: string | null;
  onSubmit: (text: string) => void;
  onClose: () => void;
}) {
  const [text, setText] = useState(props.review.response_text ?? '');
  const [tried, setTried] = useState(false);
  const empty = text.trim().length === 0;
  const problem = tried && empty ? 'Write the response first.' : textProblem(text, RESPONSE_RULES);
  const on = props.review.review_type === 'workshop' ? "the workshop's instructor" : 'the expert';
  return (
    <Dialog title="Respond on behalf" onClose={props.onClose}>
      <form
        className="stack"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setTried(true);
          if (!empty && !textProblem(text, RESPONSE_RULES)) props.onSubmit(text.trim());
        }}
      >
        <p className="muted">
          The response is published under {on}’s name ({props.review.target_name ?? 'the target'}). You are recorded as its author in the
          audit log.
        </p>
        <Field label="Response" hint="Up to 5,000 characters." error={problem}>
          <textarea
            className="textarea"
            rows={6}
            maxLength={RESPONSE_RULES.max}
            autoFocus
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        </Field>
        {props.error && (
          <div className="banner error" role="alert">
            {props.error}
          </div>
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="btn primary" disabled={props.busy}>
            {props.busy ? 'Publishing…' : 'Publish response'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export const SHORTCUTS: readonly [string, string][] = [
  ['j', 'Next review'],
  ['k', 'Previous review'],
  ['a', 'Approve the active review'],
  ['r', 'Reject the active review (choose a reason)'],
  ['f', 'Flag the active review for a second look'],
  ['x', 'Select or unselect the active review'],
  ['/', 'Search'],
  ['?', 'Show these shortcuts'],
  ['Esc', 'Close a dialog'],
];

export function ShortcutsDialog(props: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={props.onClose}>
      <p className="muted">Shortcuts work while no text field has focus and no dialog is open.</p>
      <dl className="props mod-shortcuts">
        {SHORTCUTS.map(([key, action]) => (
          <div key={key} style={{ display: 'contents' }}>
            <dt>
              <kbd className="kbd">{key}</kbd>
            </dt>
            <dd>{action}</dd>
          </div>
        ))}
      </dl>
      <div className="dialog-actions">
        <button className="btn primary" onClick={props.onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
