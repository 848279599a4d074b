// The start failed because the local demo database is damaged (a truncated or corrupted file): main says so with
// details.reason 'local_database_damaged'. The person can rebuild the demo data; main moves the damaged folder aside
// (kept beside the new one, never deleted) and starts again on a new database.
import { useMutation } from '@tanstack/react-query';
import { call, HgError } from '../api/client';
import { Banner, ErrorBanner } from '../ui/feedback';

export function isDamagedData(error: unknown): boolean {
  return error instanceof HgError && error.details?.reason === 'local_database_damaged';
}

export function DamagedData(props: { error: unknown; onRebuilt: () => void }) {
  const rebuild = useMutation({
    mutationFn: () => call('connection:reset-local', { confirm: 'reset' }),
    onSuccess: props.onRebuilt,
  });
  return (
    <div className="stack">
      <Banner kind="error" title="The local demo database is damaged">
        {props.error instanceof Error ? props.error.message : 'It cannot be opened.'}
      </Banner>
      <p className="muted">
        Rebuilding makes a new database with the demo data (about a minute at most). The damaged one is kept in the app&apos;s data folder
        as <code>pgdata.damaged-…</code>; nothing is deleted.
      </p>
      <div className="row">
        <button className="btn primary" onClick={() => rebuild.mutate()} disabled={rebuild.isPending}>
          {rebuild.isPending ? 'Rebuilding the demo data…' : 'Rebuild the demo data'}
        </button>
      </div>
      {rebuild.isError && <ErrorBanner error={rebuild.error} title="The demo data could not be rebuilt" />}
    </div>
  );
}
