// Sign-in: email and password through Supabase Auth (in main). On the local backend the demo staff accounts are
// listed and fill the form with one click. Errors are main's words: wrong password, no console access, unreachable.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { emailAddress } from '../../../shared/ipc/auth';
import type { ChannelOutput } from '../../../shared/ipc/contract';
import { describeIssue } from '../../../shared/ipc/issues';
import { call, errorMessage, HgError } from '../api/client';
import { authStatusKey, type SessionNotice } from '../app/session';
import { ConnectionPanel } from '../connection/ConnectionPanel';
import { Field } from '../ui/Field';
import { Banner } from '../ui/feedback';

type Status = ChannelOutput<'auth:status'>;

export function SignIn(props: { status: Status; notice: SessionNotice; onNoAccess: (message: string) => void; onSignedIn: () => void }) {
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [showConnection, setShowConnection] = useState(false);
  const [tried, setTried] = useState(false);
  const emailCheck = emailAddress.safeParse(email.trim());
  const emailProblem = tried && !emailCheck.success ? describeIssue({ ...emailCheck.error.issues[0]!, path: ['email'] }).message : null;
  const signIn = useMutation({
    mutationFn: () => call('auth:sign-in', { email: email.trim(), password }),
    onSuccess: async () => {
      props.onSignedIn();
      await client.invalidateQueries({ queryKey: authStatusKey });
    },
    onError: (error) => {
      if (error instanceof HgError && error.code === 'no_console_access') props.onNoAccess(error.message);
    },
  });
  const { backend, demo_accounts: demo } = props.status;

  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (!signIn.isPending && emailCheck.success) signIn.mutate();
  }

  if (showConnection) {
    return (
      <main className="centre">
        <div className="card auth-card" style={{ width: 'min(560px, 100%)' }}>
          <div className="row">
            <h1>Connection</h1>
            <span className="spacer" />
            <button className="btn" onClick={() => setShowConnection(false)}>
              Back to sign-in
            </button>
          </div>
          <ConnectionPanel />
        </div>
      </main>
    );
  }

  return (
    <main className="centre">
      <div className="card auth-card">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            H
          </span>
          HumanGlue Console
        </div>
        <div>
          <h1>Sign in</h1>
          <div className="row">
            <span className="muted">
              {backend.kind === 'local' ? 'Local backend with demo data' : `Supabase project ${backend.host ?? ''}`}
            </span>
            <span className="spacer" />
            <button type="button" className="btn link" onClick={() => setShowConnection(true)}>
              Connection settings
            </button>
          </div>
        </div>
        {props.notice && (
          <Banner kind={props.notice.kind === 'info' ? 'info' : 'warn'} title={props.notice.kind === 'expired' ? 'Signed out' : undefined}>
            {props.notice.message}
          </Banner>
        )}
        <form className="stack" onSubmit={submit} noValidate>
          <Field label="Email" error={emailProblem}>
            <input
              className="input"
              type="email"
              autoComplete="username"
              maxLength={320}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              autoFocus
            />
          </Field>
          <Field label="Password">
            <input
              className="input"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </Field>
          {signIn.isError && !(signIn.error instanceof HgError && signIn.error.code === 'no_console_access') && (
            <Banner kind="error">{errorMessage(signIn.error)}</Banner>
          )}
          <button className="btn primary" type="submit" disabled={signIn.isPending || !email || !password}>
            {signIn.isPending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        {props.status.session_storage === 'memory' && (
          <Banner kind="info">This computer offers no keychain, so your session is kept only while the console is open.</Banner>
        )}
        {demo.length > 0 && (
          <section className="stack" aria-labelledby="demo-title">
            <h2 id="demo-title">Demo staff accounts</h2>
            <p className="muted">
              Password for all: <code>{demo[0]!.password}</code>
            </p>
            <ul className="demo-list">
              {demo.map((account) => (
                <li key={account.email}>
                  <button
                    type="button"
                    onClick={() => {
                      setEmail(account.email);
                      setPassword(account.password);
                    }}
                  >
                    <span>{account.email}</span>
                    <span className="badge accent">{account.role}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </main>
  );
}
