// Offline, as main finds it (`connection:state`): while the backend cannot be reached, queries pause instead of
// failing one by one (TanStack Query's onlineManager), the frame says since when and how old what is shown is, and
// when main's check finds the backend again every query on screen is read again — no one signs in again or presses
// anything. Changes (mutations) still go out and fail with their own message: a form never waits silently.
import { onlineManager, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import type { EventPayload } from '../../../shared/ipc/result';
import { subscribe } from '../api/client';
import { Banner } from '../ui/feedback';
import { formatDateTime } from '../ui/format';

type ConnectionState = EventPayload<'connection:state'>;

/** Follows main's connection state and feeds it to the query cache; null while online. */
export function useOffline(): ConnectionState | null {
  const [offline, setOffline] = useState<ConnectionState | null>(null);
  useEffect(
    () =>
      subscribe('connection:state', (state) => {
        onlineManager.setOnline(state.state === 'online');
        setOffline(state.state === 'offline' ? state : null);
      }),
    [],
  );
  return offline;
}

/** When the newest data on screen was read (the active queries' latest answer), or null. */
function lastUpdated(client: QueryClient): number | null {
  const times = client
    .getQueryCache()
    .findAll({ type: 'active' })
    .map((query) => query.state.dataUpdatedAt)
    .filter((time) => time > 0);
  return times.length > 0 ? Math.max(...times) : null;
}

export function OfflineBanner(props: { state: ConnectionState | null }) {
  const client = useQueryClient();
  // read when the console went offline: nothing newer can arrive until it is back
  const last = useMemo(() => (props.state ? lastUpdated(client) : null), [props.state, client]);
  if (!props.state) return null;
  return (
    <div className="offline-banner">
      <Banner kind="warn" title="Offline: the console cannot reach its data">
        {props.state.message ?? 'The backend does not answer.'} Since {formatDateTime(props.state.since)}.{' '}
        {last !== null ? `What you see was last updated ${formatDateTime(new Date(last).toISOString())}. ` : ''}
        The console keeps trying and refreshes this screen when the connection is back; changes you make now are not sent.
      </Banner>
    </div>
  );
}
