// Benchmark page (npm run bench:ui, never part of the app's build). ?scene= picks what it shows:
//   table       the DataTable with ?rows= synthetic rows (?virtual=0: a plain table, the baseline);
//   moderation  the real console frame on #/moderation, its queue ?rows= reviews long;
//   trends      the real console frame on #/trends, ?orgs= organisations chosen over the 24-month window;
//   empty       nothing: the frame rate this browser reaches on this machine with no work at all.
// The screens get their data from an in-page bridge (fake-bridge.ts), so the figures are the renderer's alone.
// body[data-bench="ready"] marks the first painted frame; window.__bench carries the trends timing marks.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useEffect, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { Frame } from '../app/Frame';
import { writePersisted } from '../ui/persisted';
import { ToastProvider } from '../ui/toasts';
import '../styles.css';
import { installFakeBridge, type Answers } from './fake-bridge';
import { guid, moderationAnswers, trendsAnswers } from './fixtures';
import { TableScene } from './table-bench';

export interface BenchMarks {
  /** performance.now() when the trends rows were handed to the renderer. */
  trendsDataAt?: number;
}
declare global {
  interface Window {
    __bench: BenchMarks;
  }
}

const params = new URLSearchParams(location.search);
const scene = params.get('scene') ?? 'table';
const count = (name: string, fallback: number) => Number(params.get(name) ?? fallback);
window.__bench = {};

function Ready(props: { children?: ReactNode }) {
  useEffect(() => {
    requestAnimationFrame(() => document.body.setAttribute('data-bench', 'ready'));
  }, []);
  return props.children;
}

/** The signed-in console as the app shows it, with the query options App uses (app/App.tsx). */
function Console(props: { answers: Answers }) {
  const status = props.answers['auth:status']!({});
  const [client] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, refetchOnWindowFocus: false, retry: false } } }),
  );
  return (
    <QueryClientProvider client={client}>
      <ToastProvider>
        <Frame status={{ ...status, user: status.user! }} />
      </ToastProvider>
    </QueryClientProvider>
  );
}

function render(): ReactNode {
  if (scene === 'moderation') {
    const answers = moderationAnswers(count('rows', 1000));
    installFakeBridge(answers);
    location.hash = '#/moderation';
    return <Console answers={answers} />;
  }
  if (scene === 'trends') {
    const orgs = count('orgs', 20);
    const answers = trendsAnswers(orgs);
    installFakeBridge(answers, (channel) => {
      if (channel === 'trends:org-trends') window.__bench.trendsDataAt = performance.mark('bench:trends-data').startTime;
    });
    writePersisted('trends.settings', {
      organizationIds: Array.from({ length: orgs }, (_, i) => guid(i + 1, 5)),
      months: count('months', 24),
      dimension: 'overall',
      includePlatform: true,
    });
    location.hash = '#/trends';
    return <Console answers={answers} />;
  }
  if (scene === 'empty') return null;
  return <TableScene rows={count('rows', 100_000)} virtual={params.get('virtual') !== '0'} />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Ready>{render()}</Ready>
  </StrictMode>,
);
