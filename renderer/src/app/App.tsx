import { useEffect, useState } from 'react';
import { call } from '../api/client';

export function App() {
  const [state, setState] = useState('starting');
  useEffect(() => {
    void call('auth:status', {}).then((s) => setState(`ready:${s.state}:${s.demo_accounts.length}`));
  }, []);
  return <div data-app-state={state.startsWith('ready') ? 'ready' : 'starting'}>{state}</div>;
}
