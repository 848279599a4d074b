// Sign-in security (every staff member): your second factors — set one up, see when each was added, remove one
// (which needs a code first: the step-up prompt asks for it). Admins reset someone else's lost factor in Supabase's
// dashboard; the console never holds the key that could.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { call, errorMessage } from '../api/client';
import { Dialog } from '../ui/Dialog';
import { Banner, ErrorBanner, Skeleton } from '../ui/feedback';
import { formatDateTime } from '../ui/format';
import { useToasts } from '../ui/toasts';
import { EnrolForm } from './EnrolForm';
import { MFA_KEY } from './StepUp';
import './security.css';

export default function SecurityScreen() {
  const client = useQueryClient();
  const toasts = useToasts();
  const state = useQuery({ queryKey: MFA_KEY, queryFn: () => call('mfa:state', {}) });
  const [enrolling, setEnrolling] = useState(false);
  const [removing, setRemoving] = useState<{ id: string; name: string } | null>(null);
  const remove = useMutation({
    mutationFn: (factorId: string) => call('mfa:unenroll', { factor_id: factorId }),
    onSuccess: async () => {
      toasts.show({ kind: 'ok', message: `${removing?.name ?? 'The factor'} was removed.` });
      setRemoving(null);
      await client.invalidateQueries({ queryKey: MFA_KEY });
    },
  });
  const verified = state.data?.factors.filter((factor) => factor.status === 'verified') ?? [];

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Sign-in security</h1>
          <p className="subtitle">A second factor protects refunds, role changes and settings: they ask for its code.</p>
        </div>
      </header>
      {state.isPending ? (
        <Skeleton lines={4} />
      ) : state.isError ? (
        <ErrorBanner title="Your second factors could not be loaded" error={state.error} onRetry={() => void state.refetch()} />
      ) : (
        <>
          <section className="card security-card" aria-labelledby="factors-title">
            <h2 id="factors-title">Authenticator apps</h2>
            {verified.length === 0 ? (
              <Banner kind="warn" title="No second factor yet">
                You can read everything, but refunds, role changes and settings will ask you to set one up first.
              </Banner>
            ) : (
              <p>This session is {state.data.aal === 'aal2' ? 'confirmed with a code' : 'signed in with your password only'}.</p>
            )}
            <ul className="factor-list">
              {verified.map((factor) => (
                <li key={factor.id}>
                  <div>
                    <strong>{factor.friendly_name ?? 'Authenticator app'}</strong>
                    <div className="muted">Added {formatDateTime(factor.created_at)}</div>
                  </div>
                  <button
                    className="btn small danger"
                    onClick={() => setRemoving({ id: factor.id, name: factor.friendly_name ?? 'The factor' })}
                  >
                    Remove…
                  </button>
                </li>
              ))}
            </ul>
            {enrolling ? (
              <EnrolForm
                onDone={() => {
                  setEnrolling(false);
                  toasts.show({ kind: 'ok', message: 'Your authenticator app is set up.' });
                  void client.invalidateQueries({ queryKey: MFA_KEY });
                }}
                onCancel={() => setEnrolling(false)}
              />
            ) : (
              <div className="row">
                <button className={`btn ${verified.length === 0 ? 'primary' : ''}`} onClick={() => setEnrolling(true)}>
                  {verified.length === 0 ? 'Set up an authenticator app' : 'Add another device'}
                </button>
              </div>
            )}
          </section>
          <section className="card security-card" aria-labelledby="lost-title">
            <h2 id="lost-title">Lost your phone?</h2>
            <p>
              While you can still sign in with a code, add the new device here, then remove the old one. If you cannot, ask a HumanGlue
              admin: they remove your factor in Supabase’s dashboard (Authentication → Users → you → Factors). The console cannot do it for
              you, because it never holds the key that could; the removal is recorded in the audit log.
            </p>
          </section>
        </>
      )}
      {removing && (
        <Dialog title={`Remove ${removing.name}?`} onClose={() => setRemoving(null)}>
          <p>Its codes stop working at once. Refunds, role changes and settings will ask for another factor.</p>
          {remove.isError && (
            <Banner kind="error" title="Not removed">
              {errorMessage(remove.error)}
            </Banner>
          )}
          <div className="dialog-actions">
            <button className="btn" onClick={() => setRemoving(null)}>
              Cancel
            </button>
            <button className="btn danger" disabled={remove.isPending} onClick={() => remove.mutate(removing.id)}>
              Remove
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
