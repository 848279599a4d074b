// The idle lock: after the idle time set by admins (idle_lock_minutes, default 15) or when the OS locks the screen
// (main's session:lock), the console hides its window's content (not rendered visible, not reachable by keyboard or
// screen reader) and asks for the password, and a code when the person has a second factor. The session in main
// stays; nothing is reloaded, so a half-filled form is still there after unlocking.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { StaffUser } from '../../../shared/ipc/result';
import { call, HgError, errorMessage, subscribe } from '../api/client';
import { useSettings } from '../data/settings';
import { Field } from '../ui/Field';
import { Banner } from '../ui/feedback';
import { CodeField, cleanCode, codeProblem } from './CodeField';

const DEFAULT_MINUTES = 15;
const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

export function useIdleMinutes(): number {
  const settings = useSettings();
  const value = settings.data?.rows.find((row) => row.key === 'idle_lock_minutes')?.value;
  return typeof value === 'number' && value >= 1 ? value : DEFAULT_MINUTES;
}

/** Locked after `minutes` without input, or when main says the OS locked the screen. */
export function useIdleLock(minutes: number) {
  const [locked, setLocked] = useState(false);
  const last = useRef(0);
  useEffect(() => {
    const seen = () => {
      last.current = Date.now();
    };
    seen(); // the clock starts when the console opens (or the setting changes)
    for (const name of ACTIVITY) window.addEventListener(name, seen, { passive: true, capture: true });
    const timer = window.setInterval(() => {
      if (Date.now() - last.current >= minutes * 60_000) setLocked(true);
    }, 5_000);
    const off = subscribe('session:lock', () => setLocked(true));
    return () => {
      for (const name of ACTIVITY) window.removeEventListener(name, seen, { capture: true });
      window.clearInterval(timer);
      off();
    };
  }, [minutes]);
  return {
    locked,
    unlock() {
      last.current = Date.now();
      setLocked(false);
    },
  };
}

export function LockedConsole(props: { user: StaffUser; children: ReactNode; onSignOut: () => void }) {
  const { locked, unlock } = useIdleLock(useIdleMinutes());
  return (
    <>
      <div hidden={locked} inert={locked} style={{ height: '100%' }}>
        {props.children}
      </div>
      {locked && <LockScreen user={props.user} onUnlocked={unlock} onSignOut={props.onSignOut} />}
    </>
  );
}

function LockScreen(props: { user: StaffUser; onUnlocked: () => void; onSignOut: () => void }) {
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [step, setStep] = useState<'password' | 'code'>('password');
  const [touched, setTouched] = useState(false);
  const factors = useQuery({ queryKey: ['mfa', 'lock'], queryFn: () => call('mfa:state', {}), staleTime: 0, gcTime: 0 });
  const check = useMutation({
    mutationFn: () => call('mfa:unlock', { password }),
    onSuccess: ({ ok }) => {
      if (!ok) return;
      setPassword('');
      const hasFactor = factors.data?.factors.some((factor) => factor.status === 'verified') ?? false;
      if (hasFactor) setStep('code');
      else props.onUnlocked();
    },
  });
  const stepUp = useMutation({ mutationFn: () => call('mfa:step-up', { code: cleanCode(code) }), onSuccess: () => props.onUnlocked() });
  const wrongPassword = check.data?.ok === false ? 'Wrong password.' : null;
  const wrongCode = stepUp.error instanceof HgError && stepUp.error.field === 'code' ? stepUp.error.message : null;

  return (
    <main className="centre lock-screen">
      <div className="card auth-card stack">
        <h1>The console is locked</h1>
        <p>
          Signed in as <strong>{props.user.full_name ?? props.user.email}</strong> ({props.user.email}). Enter your password
          {factors.data?.factors.some((factor) => factor.status === 'verified') ? ' and a code from your authenticator app' : ''} to go on.
        </p>
        {step === 'password' ? (
          <form
            className="stack"
            aria-label="Unlock with your password"
            onSubmit={(event: FormEvent) => {
              event.preventDefault();
              if (password !== '' && !check.isPending) check.mutate();
            }}
          >
            <Field label="Password" error={wrongPassword}>
              <input
                className="input"
                type="password"
                autoComplete="current-password"
                value={password}
                maxLength={1024}
                onChange={(event) => setPassword(event.target.value)}
                autoFocus
              />
            </Field>
            {check.isError && (
              <Banner kind="error" title="Not unlocked">
                {errorMessage(check.error)}
              </Banner>
            )}
            <div className="row">
              <button className="btn primary" type="submit" disabled={check.isPending || password === ''}>
                {check.isPending ? 'Checking…' : 'Unlock'}
              </button>
              <button type="button" className="btn ghost" onClick={props.onSignOut}>
                Sign out instead
              </button>
            </div>
          </form>
        ) : (
          <form
            className="stack"
            aria-label="Unlock with a code"
            onSubmit={(event: FormEvent) => {
              event.preventDefault();
              setTouched(true);
              if (!codeProblem(code) && !stepUp.isPending) stepUp.mutate();
            }}
          >
            <CodeField value={code} onChange={setCode} error={(touched ? codeProblem(code) : null) ?? wrongCode} autoFocus />
            {stepUp.isError && !wrongCode && (
              <Banner kind="error" title="Not unlocked">
                {errorMessage(stepUp.error)}
              </Banner>
            )}
            <div className="row">
              <button className="btn primary" type="submit" disabled={stepUp.isPending}>
                {stepUp.isPending ? 'Checking…' : 'Unlock'}
              </button>
              <button type="button" className="btn ghost" onClick={props.onSignOut}>
                Sign out instead
              </button>
            </div>
          </form>
        )}
      </div>
    </main>
  );
}
