// The queue's single-key shortcuts. They never fire while the person types (text fields, selects) or while a dialog
// is open, and never with a modifier held, so browser and system shortcuts keep working.
import { useEffect, useRef } from 'react';

export type ShortcutAction = 'next' | 'previous' | 'approve' | 'reject' | 'flag' | 'select' | 'search' | 'help';

const keys: Record<string, ShortcutAction> = {
  j: 'next',
  k: 'previous',
  a: 'approve',
  r: 'reject',
  f: 'flag',
  x: 'select',
  '/': 'search',
  '?': 'help',
};

const NOT_TYPING = new Set(['checkbox', 'radio', 'button', 'submit', 'reset']);

/** Whether a key press on this element is someone typing rather than a command. */
export function isTypingTarget(
  target: {
    tagName?: string;
    type?: string;
    isContentEditable?: boolean;
  } | null,
): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName?.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && !NOT_TYPING.has((target.type ?? 'text').toLowerCase());
}

export function shortcutFor(event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  return keys[event.key] ?? null;
}

export function useShortcuts(enabled: boolean, run: (action: ShortcutAction) => void) {
  const latest = useRef(run);
  useEffect(() => {
    latest.current = run;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || (event.repeat && event.key !== 'j' && event.key !== 'k')) return;
      const action = shortcutFor(event);
      if (!action) return;
      if (isTypingTarget(event.target as HTMLElement | null)) return;
      if (document.querySelector('[role="dialog"]')) return;
      event.preventDefault();
      latest.current(action);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
