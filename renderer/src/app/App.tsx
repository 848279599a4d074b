// The console's root: the query cache, toasts, and which of sign-in / no access / the frame to show. The root
// element carries data-app-state="ready" once the console is usable (the end-to-end suite waits on it).
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { NoAccess } from '../auth/NoAccess';
import { SignIn } from '../auth/SignIn';
import { ErrorBanner } from '../ui/feedback';
import { ToastProvider } from '../ui/toasts';
import { DamagedData, isDamagedData } from './DamagedData';
import { Frame } from './Frame';
import { StepUpProvider } from '../security/StepUp';
import { LockedConsole } from '../security/IdleLock';
import { useSession, useSignOut } from './session';

function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // Back online (connection/offline.tsx): what is on screen is read again, however fresh it was.
        refetchOnReconnect: 'always',
        // Main already tried a failed read again with backoff; refusals and bad input do not get better by asking.
        retry: false,
      },
      // A change is sent even when main reports the backend offline: it fails at once with its own message rather
      // than waiting unseen for the connection.
      mutations: { retry: false, networkMode: 'always' },
    },
  });
}

export function App() {
  const [client] = useState(createQueryClient);
  return (
    <QueryClientProvider client={client}>
      <ToastProvider>
        <Console />
      </ToastProvider>
    </QueryClientProvider>
  );
}

function Console() {
  const { status, notice, setNotice } = useSession();
  const signOut = useSignOut();
  const [noAccess, setNoAccess] = useState<string | null>(null);

  let content;
  if (status.isPending) {
    content = (
      <main className="centre" aria-busy="true">
        <p className="muted">Starting the console…</p>
      </main>
    );
  } else if (status.isError) {
    content = (
      <main className="centre">
        <div className="card auth-card">
          <h1>The console cannot reach its data</h1>
          {isDamagedData(status.error) ? (
            <DamagedData error={status.error} onRebuilt={() => void status.refetch()} />
          ) : (
            <ErrorBanner error={status.error} onRetry={() => void status.refetch()} />
          )}
        </div>
      </main>
    );
  } else if (noAccess !== null || notice?.kind === 'no_console_access') {
    content = (
      <NoAccess
        message={noAccess ?? notice!.message}
        onBack={() => {
          setNoAccess(null);
          setNotice(null);
        }}
      />
    );
  } else if (status.data.state === 'signed_in' && status.data.user) {
    content = (
      <LockedConsole user={status.data.user} onSignOut={() => signOut.mutate()}>
        <Frame status={{ ...status.data, user: status.data.user }} />
        <StepUpProvider />
      </LockedConsole>
    );
  } else {
    content = <SignIn status={status.data} notice={notice} onNoAccess={setNoAccess} onSignedIn={() => setNotice(null)} />;
  }

  return (
    <div data-app-state={status.isPending ? 'starting' : 'ready'} style={{ height: '100%' }}>
      {content}
    </div>
  );
}
