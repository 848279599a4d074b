// The frame's Search button and its shortcut, Ctrl+K (Cmd+K on a Mac), anywhere in the signed-in console. Not while
// another dialog is open (its own keys come first: Dialog stops them) nor while the console is locked (inert).
import { useEffect, useRef, useState } from 'react';
import type { StaffUser } from '../../../shared/ipc/result';
import { isSearchShortcut } from './model';
import { SearchPalette } from './SearchPalette';

const MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent);

export function SearchLauncher(props: { user: StaffUser }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isSearchShortcut(event) || button.current?.closest('[inert]')) return;
      event.preventDefault();
      setOpen(true);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <>
      <button
        ref={button}
        type="button"
        className="btn search-button"
        aria-keyshortcuts={MAC ? 'Meta+K' : 'Control+K'}
        onClick={() => setOpen(true)}
      >
        <span aria-hidden="true">⌕</span> Search
        <span className="kbd" aria-hidden="true">
          {MAC ? '⌘K' : 'Ctrl K'}
        </span>
      </button>
      {open && <SearchPalette user={props.user} onClose={() => setOpen(false)} />}
    </>
  );
}
