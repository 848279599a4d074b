// Who is signed in, kept in TanStack Query under ['auth', 'status'] and refreshed whenever main reports a session
// change. When a session ends (expired, revoked, role removed) every other cached query is dropped, and the reason
// is kept to show on the sign-in screen; the URL hash is left alone so the user returns to the same page.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Capability } from '../../../shared/ipc/capabilities';
import { call, onSessionEnded, subscribe } from '../api/client';

export const authStatusKey = ['auth', 'status'] as const;

/** The signed-in staff member and what they may do: the one way a screen asks (the frame has loaded it). */
export function useCapabilities() {
  const status = useQuery({ queryKey: authStatusKey, queryFn: () => call('auth:status', {}), staleTime: Infinity });
  const user = status.data?.user ?? null;
  return { user, can: (capability: Capability) => user?.capabilities.includes(capability) ?? false };
}

export type SessionNotice = { kind: 'expired' | 'no_console_access' | 'info'; message: string } | null;

export function useSession() {
  const client = useQueryClient();
  const status = useQuery({ queryKey: authStatusKey, queryFn: () => call('auth:status', {}), staleTime: Infinity, retry: false });
  const [notice, setNotice] = useState<SessionNotice>(null);

  useEffect(() => {
    const ended = (kind: 'expired' | 'no_console_access', message: string) => {
      setNotice({ kind, message });
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== 'auth' });
      void client.invalidateQueries({ queryKey: authStatusKey });
    };
    const offEvent = subscribe('session:changed', (change) => {
      if (change.reason === 'expired' || change.reason === 'revoked') {
        ended('expired', change.message ?? 'Your session ended. Sign in again to carry on.');
      } else if (change.reason === 'no_console_access') {
        ended('no_console_access', change.message ?? 'This account has no console access.');
      } else {
        void client.invalidateQueries({ queryKey: authStatusKey });
      }
    });
    const offCalls = onSessionEnded((error) => ended(error.code === 'no_console_access' ? 'no_console_access' : 'expired', error.message));
    return () => {
      offEvent();
      offCalls();
    };
  }, [client]);

  return { status, notice, setNotice };
}

/** Signs out and forgets every cached answer of the session (the frame's button and the lock screen's). */
export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call('auth:sign-out', {}),
    onSuccess: async () => {
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== 'auth' });
      await client.invalidateQueries({ queryKey: authStatusKey });
    },
  });
}
