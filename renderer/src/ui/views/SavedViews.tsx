// "Views" in a table screen's filter bar: the screen's saved views (the person's own, then those shared with a role
// they hold, each saying with whom and whose), applied with a click; the current filters, sort and columns saved as
// a new view; and, where the database lets the person, a view updated with the current state, renamed or reshared,
// deleted, or made the one the screen opens with. A screen with no state of its own on this computer opens on the
// person's default view. A view saved by an older version opens with what still applies and says what it dropped.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useEffectEvent, useId, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { z } from 'zod';
import type { SavedView, ViewScreen } from '../../../../shared/ipc/views';
import { useCapabilities } from '../../app/session';
import { Dialog } from '../Dialog';
import { Banner } from '../feedback';
import { hasPersisted } from '../persisted';
import { useToasts } from '../toasts';
import { applyView, captureView, droppedNotice, type ScreenView, type ViewSpec } from './apply';
import { audience, useViewList, useViewMutations, viewListQuery } from './queries';
import { refusalText, ViewDialog } from './ViewDialog';
import './views.css';

type OpenDialog = { kind: 'create' } | { kind: 'edit'; id: string } | { kind: 'delete'; id: string } | null;

export function SavedViews<FS extends z.ZodObject, SS extends z.ZodType>(props: {
  spec: ViewSpec<FS, SS>;
  /** The screen's state now, as a view would keep it. */
  current: ScreenView<z.output<FS>, z.output<SS>>;
  onApply: (state: ScreenView<z.output<FS>, z.output<SS>>) => void;
}) {
  const { spec, current, onApply } = props;
  const { can } = useCapabilities();
  const allowed = can('views.save');
  const list = useViewList(spec.screen, allowed);
  const views = list.data?.rows;
  const { update, setDefault } = useViewMutations(spec.screen);
  const toasts = useToasts();
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  const [expandedId, setExpandedId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [appliedId, setAppliedId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const acting = useRef(false);
  const client = useQueryClient();

  function apply(view: SavedView) {
    const { state, dropped } = applyView(spec, view.state);
    onApply(state);
    setAppliedId(view.id);
    setNotice(droppedNotice(dropped));
  }

  // A screen with no state of its own on this computer opens on the person's default view, once the views arrive;
  // a filter changed (or a search handed over) meanwhile is kept instead.
  const applyDefault = useEffectEvent((rows: readonly SavedView[]) => {
    const view = rows.find((candidate) => candidate.is_default);
    if (view && !spec.storage.some(hasPersisted)) apply(view);
  });
  useEffect(() => {
    if (!allowed || spec.storage.some(hasPersisted)) return;
    let mounted = true;
    client.fetchQuery(viewListQuery(spec.screen)).then(
      (result) => mounted && applyDefault(result.rows),
      () => undefined, // the menu shows why the views could not be loaded
    );
    return () => {
      mounted = false;
    };
  }, [allowed, client, spec.screen, spec.storage]);

  // The menu closes on a click elsewhere and on Escape wherever the focus is (a dialog keeps its own Escape).
  useEffect(() => {
    if (!open) return;
    const onDown = (event: MouseEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  if (!allowed) return null;

  const applied = views?.find((view) => view.id === appliedId) ?? null;
  const byId = (id: string) => views?.find((view) => view.id === id) ?? null;
  const mine = views?.filter((view) => view.is_mine) ?? [];
  const shared = views?.filter((view) => !view.is_mine) ?? [];

  /** A menu action, one at a time (its button stays enabled, so the focus stays on it); true when it went through
   * (a refusal is shown in the menu). */
  async function act(work: () => Promise<unknown>, done: string): Promise<boolean> {
    if (acting.current) return false;
    acting.current = true;
    setActionError(null);
    try {
      await work();
      toasts.show({ kind: 'ok', message: done });
      return true;
    } catch (error) {
      setActionError(refusalText(error));
      return false;
    } finally {
      acting.current = false;
    }
  }

  const item = (view: SavedView) => {
    const expanded = expandedId === view.id;
    return (
      <li key={view.id} className="views-item">
        <div className="views-row">
          <button
            type="button"
            className="views-apply"
            aria-current={view.id === appliedId || undefined}
            onClick={() => {
              apply(view);
              setOpen(false);
              buttonRef.current?.focus();
            }}
          >
            <span className="views-name">{view.name}</span>
            <span className="views-meta">
              {view.is_default && <span className="badge accent">Default</span>}
              <span className="muted">{audience(view)}</span>
            </span>
          </button>
          <button
            type="button"
            className="btn small ghost"
            aria-expanded={expanded}
            aria-label={`Actions for “${view.name}”`}
            onClick={() => setExpandedId(expanded ? null : view.id)}
          >
            ⋯
          </button>
        </div>
        {expanded && (
          <div className="views-actions" role="group" aria-label={`Actions for “${view.name}”`}>
            {view.can_change && (
              <button
                type="button"
                className="btn small"
                onClick={() =>
                  void act(
                    () =>
                      update.mutateAsync({
                        view_id: view.id,
                        name: view.name,
                        state: captureView(current),
                        shared_with_role: view.shared_with_role,
                        expected_updated_at: view.updated_at,
                      }),
                    `View “${view.name}” now keeps the current filters.`,
                  ).then((done) => done && setAppliedId(view.id))
                }
              >
                Update “{view.name}” with current filters
              </button>
            )}
            {view.can_change && (
              <button type="button" className="btn small" onClick={() => setDialog({ kind: 'edit', id: view.id })}>
                Rename or share…
              </button>
            )}
            <button
              type="button"
              className="btn small"
              onClick={() =>
                void act(
                  () => setDefault.mutateAsync(view.is_default ? null : view.id),
                  view.is_default ? 'This screen no longer opens with a view.' : `This screen opens with “${view.name}” from now on.`,
                )
              }
            >
              {view.is_default ? 'Clear my default' : 'Make it my default'}
            </button>
            {view.can_change && (
              <button type="button" className="btn small danger" onClick={() => setDialog({ kind: 'delete', id: view.id })}>
                Delete…
              </button>
            )}
          </div>
        )}
      </li>
    );
  };

  const editing = dialog?.kind === 'edit' ? byId(dialog.id) : null;
  const deleting = dialog?.kind === 'delete' ? byId(dialog.id) : null;

  return (
    <>
      <div className="views" ref={rootRef}>
        <button
          ref={buttonRef}
          type="button"
          className="btn"
          aria-expanded={open}
          aria-controls={open ? menuId : undefined}
          onClick={() => setOpen(!open)}
        >
          Views{applied ? ` · ${applied.name}` : ''}
        </button>
        {open && (
          <div id={menuId} className="card views-menu" role="group" aria-label="Saved views">
            {list.isPending && <p className="muted">Loading views…</p>}
            {list.isError && <p role="alert">{refusalText(list.error)}</p>}
            {views?.length === 0 && <p className="muted">No saved views yet. Save the current filters, sort and columns as one.</p>}
            {mine.length > 0 && (
              <section aria-label="Your views">
                <h3 className="views-heading">Your views</h3>
                <ul className="views-list">{mine.map(item)}</ul>
              </section>
            )}
            {shared.length > 0 && (
              <section aria-label="Shared with you">
                <h3 className="views-heading">Shared with you</h3>
                <ul className="views-list">{shared.map(item)}</ul>
              </section>
            )}
            {actionError && (
              <Banner kind="error" title="Not done">
                {actionError}
              </Banner>
            )}
            <button type="button" className="btn small primary views-save" onClick={() => setDialog({ kind: 'create' })}>
              Save view…
            </button>
          </div>
        )}
      </div>
      {notice && (
        <div className="views-notice">
          <Banner
            kind="warn"
            action={
              <button type="button" className="btn small" onClick={() => setNotice(null)}>
                Dismiss
              </button>
            }
          >
            {notice}
          </Banner>
        </div>
      )}
      {/* The dialogs belong to the page, not to the filter bar (its search landmark, its field styles). */}
      {dialog?.kind === 'create' &&
        createPortal(
          <ViewDialog
            screen={spec.screen}
            mode={{ kind: 'create', state: captureView(current) }}
            onClose={() => setDialog(null)}
            onSaved={setAppliedId}
          />,
          document.body,
        )}
      {editing &&
        createPortal(
          <ViewDialog screen={spec.screen} mode={{ kind: 'edit', view: editing }} onClose={() => setDialog(null)} />,
          document.body,
        )}
      {deleting && createPortal(<DeleteDialog view={deleting} screen={spec.screen} onClose={() => setDialog(null)} />, document.body)}
    </>
  );
}

function DeleteDialog(props: { view: SavedView; screen: ViewScreen; onClose: () => void }) {
  const { view } = props;
  const { remove } = useViewMutations(props.screen);
  const toasts = useToasts();
  const descriptionId = useId();
  const inFlight = useRef(false);

  function confirm() {
    if (inFlight.current || remove.isPending) return;
    inFlight.current = true;
    remove.mutate(view.id, {
      onSuccess: () => {
        toasts.show({ kind: 'ok', message: `View “${view.name}” deleted.` });
        props.onClose();
      },
      onSettled: () => {
        inFlight.current = false;
      },
    });
  }

  return (
    <Dialog title={`Delete “${view.name}”?`} onClose={props.onClose} describedBy={descriptionId}>
      <div className="stack">
        <p id={descriptionId}>
          {view.shared_with_role
            ? 'It is deleted for everyone it is shared with, and stops being anyone’s default.'
            : 'It stops being your default if it was.'}{' '}
          The filters on screen stay as they are.
        </p>
        {remove.isError && (
          <Banner kind="error" title="Not deleted">
            {refusalText(remove.error)}
          </Banner>
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={props.onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn danger"
            disabled={remove.isPending}
            aria-busy={remove.isPending || undefined}
            onClick={confirm}
          >
            {remove.isPending ? 'Deleting…' : 'Delete view'}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
