// The step-up prompt: when the database keeps an action for a session with a second factor, `call` waits here for
// a code (or, for a person with no factor yet, for the set-up) and then sends the same action once more. The dialog
// that started the action stays as it was underneath: its amount, reason and idempotency key.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { call, HgError, errorMessage, setStepUpHandler } from '../api/client';
import { Dialog } from '../ui/Dialog';
import { Banner, Skeleton } from '../ui/feedback';
import { CodeField, cleanCode, codeProblem } from './CodeField';
import { EnrolForm } from './EnrolForm';

export const MFA_KEY = ['mfa'] as const;

type Pending = { resolve: (ok: boolean) => void };

export function StepUpProvider() {
  const [pending, setPending] = useState<Pending | null>(null);
  useEffect(
    () =>
      setStepUpHandler(
        () =>
          new Promise<boolean>((resolve) => {
            setPending({ resolve });
          }),
      ),
    [],
  );
  if (!pending) return null;
  const finish = (ok: boolean) => {
    pending.resolve(ok);
    setPending(null);
  };
  return <StepUpDialog onDone={finish} />;
}

function StepUpDialog(props: { onDone: (ok: boolean) => void }) {
  const client = useQueryClient();
  const state = useQuery({ queryKey: MFA_KEY, queryFn: () => call('mfa:state', {}), staleTime: 0 });
  const [code, setCode] = useState('');
  const [touched, setTouched] = useState(false);
  const stepUp = useMutation({
    mutationFn: () => call('mfa:step-up', { code: cleanCode(code) }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: MFA_KEY });
      props.onDone(true);
    },
  });
  const verified = state.data?.factors.some((factor) => factor.status === 'verified') ?? false;
  const problem = touched ? codeProblem(code) : null;
  const wrong = stepUp.error instanceof HgError && stepUp.error.field === 'code' ? stepUp.error.message : null;

  return (
    <Dialog title="Confirm it is you" onClose={() => props.onDone(false)} wide={!verified}>
      {state.isPending ? (
        <Skeleton lines={2} />
      ) : state.isError ? (
        <Banner kind="error" title="Your second factor could not be checked">
          {errorMessage(state.error)}
        </Banner>
      ) : verified ? (
        <form
          className="stack"
          aria-label="Enter a code"
          onSubmit={(event: FormEvent) => {
            event.preventDefault();
            setTouched(true);
            if (!codeProblem(code) && !stepUp.isPending) stepUp.mutate();
          }}
        >
          <p>This action moves money or changes access, so it needs the code your authenticator app shows now.</p>
          <CodeField value={code} onChange={setCode} error={problem ?? wrong} autoFocus />
          {stepUp.isError && !wrong && (
            <Banner kind="error" title="Not confirmed">
              {errorMessage(stepUp.error)}
            </Banner>
          )}
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={() => props.onDone(false)}>
              Cancel
            </button>
            <button className="btn primary" type="submit" disabled={stepUp.isPending}>
              {stepUp.isPending ? 'Checking…' : 'Confirm'}
            </button>
          </div>
        </form>
      ) : (
        <div className="stack">
          <Banner kind="info" title="Set up a second factor first">
            Moving money and changing access need a code from an authenticator app. Set one up now; then the action goes on.
          </Banner>
          <EnrolForm
            onDone={() => {
              void client.invalidateQueries({ queryKey: MFA_KEY });
              props.onDone(true);
            }}
            onCancel={() => props.onDone(false)}
          />
        </div>
      )}
    </Dialog>
  );
}
