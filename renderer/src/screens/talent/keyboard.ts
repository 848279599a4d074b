// The testimonial queue's single keys: j/k move, v verify, r reject. Quiet while typing, under a dialog or with a
// modifier held, as the moderation queue's are (same test of what typing is).
import { useEffect, useRef } from 'react';
import { isTypingTarget } from '../moderation/keyboard';

export type QueueKey = 'next' | 'previous' | 'verify' | 'reject';

const keys: Record<string, QueueKey> = { j: 'next', k: 'previous', v: 'verify', r: 'reject' };

export function queueKeyFor(event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): QueueKey | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  return keys[event.key] ?? null;
}

export function useQueueKeys(run: (key: QueueKey) => void) {
  const latest = useRef(run);
  useEffect(() => {
    latest.current = run;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const key = queueKeyFor(event);
      if (!key || isTypingTarget(event.target as HTMLElement | null) || document.querySelector('[role="dialog"]')) return;
      event.preventDefault();
      latest.current(key);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
