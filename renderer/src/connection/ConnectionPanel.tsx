// Where the console's data comes from: the local backend (demo data, no configuration) or a Supabase project
// (URL + publishable key, tested before it is saved, with the reason when the test fails). Main holds the key; the
// renderer only ever learns whether one is set.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { call, errorMessage, HgError } from '../api/client';
import { authStatusKey } from '../app/session';
import { Dialog } from '../ui/Dialog';
import { Field } from '../ui/Field';
import { Banner, ErrorBanner, Skeleton } from '../ui/feedback';

const connectionKey = ['connection'] as const;

// Shown under the field itself, so the "anon_key: " prefix main's validation adds is dropped there.
const fieldError = (error: unknown, field: string) =>
  error instanceof HgError && error.field === field ? error.message.replace(`${field}: `, '') : null;

export function ConnectionPanel() {
  const client = useQueryClient();
  const info = useQuery({ queryKey: connectionKey, queryFn: () => call('connection:get', {}) });
  const [url, setUrl] = useState('');
  const [anonKey, setAnonKey] = useState('');
  const [confirmReset, setConfirmReset] = useState(false);
  const [resetDone, setResetDone] = useState(false);

  const afterSwitch = async () => {
    await client.invalidateQueries({ queryKey: connectionKey });
    await client.invalidateQueries({ queryKey: authStatusKey });
  };
  const test = useMutation({ mutationFn: () => call('connection:test', { url: url.trim(), anon_key: anonKey.trim() }) });
  const save = useMutation({
    mutationFn: () => call('connection:set', { url: url.trim(), anon_key: anonKey.trim() }),
    onSuccess: afterSwitch,
  });
  const useLocal = useMutation({ mutationFn: () => call('connection:use-local', {}), onSuccess: afterSwitch });

  if (info.isPending) return <Skeleton lines={4} />;
  if (info.isError) return <ErrorBanner error={info.error} onRetry={() => void info.refetch()} />;
  const current = info.data;
  const locked = current.source === 'environment';
  const formError = save.error ?? test.error;
  const busy = test.isPending || save.isPending;

  function submit(event: FormEvent) {
    event.preventDefault();
    test.reset();
    if (!busy) save.mutate();
  }

  return (
    <div className="stack">
      <dl className="props">
        <dt>Connected to</dt>
        <dd>
          {current.backend.kind === 'local' ? 'Local backend (demo data on this computer)' : `Supabase project ${current.backend.host}`}
        </dd>
        {current.url && (
          <>
            <dt>Project URL</dt>
            <dd className="mono">{current.url}</dd>
          </>
        )}
        <dt>Set by</dt>
        <dd>
          {
            { default: 'Default (nothing configured)', saved: 'These settings', environment: 'HG_SUPABASE_URL / HG_SUPABASE_KEY' }[
              current.source
            ]
          }
        </dd>
      </dl>
      {locked && <Banner kind="info">The environment sets this connection, so it cannot be changed here.</Banner>}
      {save.isSuccess && <Banner kind="ok">Connected to {save.data.backend.host}. Sign in with your account on that project.</Banner>}
      {useLocal.isSuccess && <Banner kind="ok">Back on the local backend.</Banner>}
      {resetDone && <Banner kind="ok">The local demo data was rebuilt. Sign in again to carry on.</Banner>}

      <form className="stack" onSubmit={submit} noValidate aria-label="Connect to a Supabase project">
        <h2>Connect to a Supabase project</h2>
        <Field label="Project URL" hint="https://<project>.supabase.co" error={fieldError(formError, 'url')}>
          <input
            className="input"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            disabled={locked}
            spellCheck={false}
            placeholder="https://abcd.supabase.co"
          />
        </Field>
        <Field
          label="Publishable key"
          hint="Project Settings → API Keys → publishable key (sb_publishable_…); a legacy anon key works too"
          error={fieldError(formError, 'anon_key')}
        >
          <input
            className="input mono"
            value={anonKey}
            onChange={(e) => setAnonKey(e.target.value)}
            disabled={locked}
            spellCheck={false}
            autoComplete="off"
          />
        </Field>
        {formError && !fieldError(formError, 'url') && !fieldError(formError, 'anon_key') && (
          <Banner kind="error">{errorMessage(formError)}</Banner>
        )}
        {test.isSuccess && (
          <Banner
            kind={test.data.status === 'ok' ? 'ok' : 'error'}
            title={test.data.status === 'ok' ? 'Connection works' : 'Connection failed'}
          >
            {test.data.message}
          </Banner>
        )}
        <div className="row">
          <button
            type="button"
            className="btn"
            disabled={locked || busy || !url || !anonKey}
            onClick={() => {
              save.reset();
              test.mutate();
            }}
          >
            {test.isPending ? 'Testing…' : 'Test connection'}
          </button>
          <button type="submit" className="btn primary" disabled={locked || busy || !url || !anonKey}>
            {save.isPending ? 'Connecting…' : 'Save and connect'}
          </button>
        </div>
        <p className="muted">Saving signs you out: sign in again with an account on that project.</p>
      </form>

      <h2>Local backend</h2>
      {current.backend.kind === 'supabase' ? (
        <div className="row">
          <button className="btn" disabled={locked || useLocal.isPending} onClick={() => useLocal.mutate()}>
            Use the local backend
          </button>
        </div>
      ) : (
        <div className="row">
          <p className="muted" style={{ flex: 1 }}>
            Rebuild the demo database from the migrations and seed. Every change made locally is lost.
          </p>
          <button className="btn danger" onClick={() => setConfirmReset(true)}>
            Reset demo data…
          </button>
        </div>
      )}
      {useLocal.isError && <ErrorBanner error={useLocal.error} />}
      {confirmReset && (
        <ResetDialog
          onClose={() => setConfirmReset(false)}
          onDone={async () => {
            setResetDone(true);
            await afterSwitch();
          }}
        />
      )}
    </div>
  );
}

function ResetDialog(props: { onClose: () => void; onDone: () => Promise<void> }) {
  const [typed, setTyped] = useState('');
  const reset = useMutation({
    mutationFn: () => call('connection:reset-local', { confirm: 'reset' }),
    onSuccess: async () => {
      await props.onDone();
      props.onClose();
    },
  });
  return (
    <Dialog title="Reset the local demo data?" onClose={props.onClose}>
      <p>
        The local database is rebuilt from the migrations and seed. Every review decision, refund and run made locally is lost, and you are
        signed out.
      </p>
      <Field label='Type "reset" to confirm'>
        <input className="input" value={typed} onChange={(e) => setTyped(e.target.value)} autoFocus />
      </Field>
      {reset.isError && <ErrorBanner error={reset.error} />}
      <div className="dialog-actions">
        <button className="btn" onClick={props.onClose}>
          Cancel
        </button>
        <button className="btn danger" disabled={typed !== 'reset' || reset.isPending} onClick={() => reset.mutate()}>
          {reset.isPending ? 'Resetting…' : 'Reset demo data'}
        </button>
      </div>
    </Dialog>
  );
}
