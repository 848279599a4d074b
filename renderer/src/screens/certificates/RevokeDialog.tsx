// Revoke a certificate: a reason is required (SQL refuses a blank one too); already revoked is SQL's refusal,
// naming who and when. The public verification says revoked from then on.
import { useState, type FormEvent } from 'react';
import { NOTE_RULES } from '../../../../shared/text';
import { Dialog } from '../../ui/Dialog';
import { Field } from '../../ui/Field';
import { fieldMessage, placeRefusal, reasonProblem } from '../../ui/refusal';
import { RefusalBanner } from '../../ui/RefusalBanner';
import { useToasts } from '../../ui/toasts';
import type { CertificateRow } from './model';
import { useRevoke } from './queries';

export function RevokeDialog(props: { certificate: CertificateRow; onClose: () => void; onRevoked: () => void }) {
  const { certificate } = props;
  const toasts = useToasts();
  const revoke = useRevoke();
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const refusal = placeRefusal(revoke.error, ['reason']);

  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (revoke.isPending || reasonProblem(reason, true)) return;
    revoke.mutate(
      { certificate_id: certificate.id, reason: reason.trim() },
      {
        onSuccess: (result) => {
          toasts.show({ kind: 'ok', message: `${result.certificate_number} revoked. The public verification now says so.` });
          props.onRevoked();
          props.onClose();
        },
      },
    );
  }

  return (
    <Dialog title={`Revoke ${certificate.certificate_number}?`} onClose={props.onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        <p>
          Anyone checking this number will be told it was revoked. {certificate.full_name ?? certificate.email} keeps the document, but it
          no longer verifies. This cannot be undone here.
        </p>
        <Field
          label="Reason (required)"
          hint="Kept with the certificate and in the audit log."
          error={fieldMessage(refusal, 'reason', reasonProblem(reason, tried))}
        >
          <textarea
            className="textarea"
            rows={3}
            maxLength={NOTE_RULES.max}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            autoFocus
          />
        </Field>
        {revoke.isError && refusal?.field === null && <RefusalBanner title="Not revoked" error={revoke.error} />}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="btn danger" disabled={revoke.isPending}>
            {revoke.isPending ? 'Revoking…' : 'Revoke certificate'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
