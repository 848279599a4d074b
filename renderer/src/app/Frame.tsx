// The signed-in console: top bar (where you are connected, search everywhere, who you are, sign out), the
// sections your capabilities allow, and the current screen inside its own error boundary.
import { Suspense, useEffect } from 'react';
import type { ChannelOutput } from '../../../shared/ipc/contract';
import { searchCapabilities } from '../../../shared/ipc/search';
import { ErrorBanner, Skeleton } from '../ui/feedback';
import { SearchLauncher } from '../search/SearchLauncher';
import { OfflineBanner, useOffline } from '../connection/offline';
import { ErrorBoundary } from './ErrorBoundary';
import { navigate, routeHref, useRoute } from './route';
import { allowedSections, sections } from './sections';
import { useSignOut } from './session';

type Status = ChannelOutput<'auth:status'>;

export function Frame(props: { status: Status & { user: NonNullable<Status['user']> } }) {
  const { user, backend } = props.status;
  const route = useRoute();
  const allowed = allowedSections(user.capabilities);
  const current = allowed.find((section) => section.id === route.section);
  const known = sections.find((section) => section.id === route.section);

  // No section in the URL (first sign-in) or one this user cannot open: go to their first section.
  useEffect(() => {
    if (!known && allowed[0]) window.location.replace(routeHref(allowed[0].id));
  }, [known, allowed]);

  const signOut = useSignOut();
  const offline = useOffline();

  return (
    <div className="frame">
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            H
          </span>
          HumanGlue Console
        </div>
        <span className={`badge ${backend.kind === 'local' ? 'warn' : 'info'}`} title="Where the console's data comes from">
          {backend.kind === 'local' ? 'Local demo data' : backend.host}
        </span>
        {props.status.session_storage === 'memory' && <span className="badge">Session not saved: no keychain</span>}
        <span className="spacer" />
        {user.capabilities.includes(searchCapabilities['search:everything']) && <SearchLauncher user={user} />}
        <span className="spacer" />
        <div className="user-menu">
          <div className="who">
            {user.full_name ?? user.email}
            <small>{user.roles.join(', ')}</small>
          </div>
          <button className="btn" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
            Sign out
          </button>
        </div>
      </header>
      <nav className="sidenav" aria-label="Sections">
        <ul>
          {allowed.map((section) => (
            <li key={section.id}>
              <a href={routeHref(section.id)} aria-current={section.id === current?.id ? 'page' : undefined}>
                <span className="nav-icon" aria-hidden="true">
                  {section.icon}
                </span>
                <span className="nav-label">{section.label}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main className="main" id="main">
        <OfflineBanner state={offline} />
        {signOut.isError && <ErrorBanner error={signOut.error} title="Sign-out failed" />}
        {current ? (
          <ErrorBoundary key={current.id} name={current.label}>
            <Suspense
              fallback={
                <div className="page">
                  <Skeleton lines={6} />
                </div>
              }
            >
              <current.screen />
            </Suspense>
          </ErrorBoundary>
        ) : known ? (
          <div className="page">
            <h1>{known.label}</h1>
            <div className="banner warn" role="alert">
              Your roles ({user.roles.join(', ')}) do not include {known.label.toLowerCase()}. Ask an admin if you need it.
            </div>
            {allowed[0] && (
              <p>
                <button className="btn" onClick={() => navigate(allowed[0]!.id)}>
                  Go to {allowed[0].label}
                </button>
              </p>
            )}
          </div>
        ) : null}
      </main>
    </div>
  );
}
