// Setting up an authenticator app: name the factor, scan the QR code (or type the secret), and prove it with the
// first code. The secret is shown once, here; main never sends it again.
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { call, HgError, errorMessage } from '../api/client';
import { Field } from '../ui/Field';
import { Banner } from '../ui/feedback';
import { CodeField, cleanCode, codeProblem } from './CodeField';

/** The secret in groups of four, as authenticator apps ask for it. */
export const groupedSecret = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

export function EnrolForm(props: { onDone: () => void; onCancel?: () => void }) {
  const [name, setName] = useState('Authenticator app');
  const [code, setCode] = useState('');
  const [touched, setTouched] = useState(false);
  const enroll = useMutation({ mutationFn: () => call('mfa:enroll', { friendly_name: name.trim() }) });
  const verify = useMutation({
    mutationFn: () => call('mfa:verify', { factor_id: enroll.data!.factor_id, code: cleanCode(code) }),
    onSuccess: () => props.onDone(),
  });
  const nameProblem = name.trim() === '' ? 'Name it, so you can tell your devices apart.' : null;
  const problem = touched ? codeProblem(code) : null;
  const verifyError = verify.error instanceof HgError && verify.error.field === 'code' ? verify.error.message : null;

  if (!enroll.data) {
    return (
      <form
        className="stack"
        aria-label="Set up an authenticator app"
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          if (!nameProblem && !enroll.isPending) enroll.mutate();
        }}
      >
        <p>
          Use an authenticator app on your phone (1Password, Google Authenticator, Microsoft Authenticator, Authy…). It shows a new 6-digit
          code every 30 seconds.
        </p>
        <Field label="Name of this device" hint="For example “Work phone”." error={enroll.error ? errorMessage(enroll.error) : nameProblem}>
          <input className="input" value={name} maxLength={60} onChange={(event) => setName(event.target.value)} autoFocus />
        </Field>
        <div className="row">
          {props.onCancel && (
            <button type="button" className="btn" onClick={props.onCancel}>
              Cancel
            </button>
          )}
          <button className="btn primary" type="submit" disabled={enroll.isPending || Boolean(nameProblem)}>
            {enroll.isPending ? 'Preparing…' : 'Show the QR code'}
          </button>
        </div>
      </form>
    );
  }

  const qr = `data:image/svg+xml;utf8,${encodeURIComponent(enroll.data.qr_svg)}`;
  return (
    <form
      className="stack enrol"
      aria-label="Verify the authenticator app"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        setTouched(true);
        if (!codeProblem(code) && !verify.isPending) verify.mutate();
      }}
    >
      <div className="enrol-qr">
        <img src={qr} alt="QR code to scan with your authenticator app" width={180} height={180} />
        <div className="stack">
          <p>Scan the code with the app, or type this key into it:</p>
          <code className="enrol-secret" aria-label="Setup key">
            {groupedSecret(enroll.data.secret)}
          </code>
          <p className="muted">Keep this key to yourself: anyone with it can make your codes.</p>
        </div>
      </div>
      <CodeField value={code} onChange={setCode} error={problem ?? verifyError} autoFocus />
      {verify.isError && !verifyError && (
        <Banner kind="error" title="Not verified">
          {errorMessage(verify.error)}
        </Banner>
      )}
      <div className="row">
        {props.onCancel && (
          <button type="button" className="btn" onClick={props.onCancel}>
            Cancel
          </button>
        )}
        <button className="btn primary" type="submit" disabled={verify.isPending}>
          {verify.isPending ? 'Checking…' : 'Verify and turn on'}
        </button>
      </div>
    </form>
  );
}
