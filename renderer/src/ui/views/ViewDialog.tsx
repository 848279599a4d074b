// Saving the screen's state as a new view (name, with whom it is shared, whether it opens the screen by default), and
// renaming or resharing one. The database decides what is allowed — a name already used, a role that cannot open the
// screen, a view someone changed meanwhile — and its refusal is shown at the field or in the dialog, in its words,
// with what was typed kept. One submission at a time, whatever the clicks.
import { useRef, useState, type FormEvent } from 'react';
import { textProblem } from '../../../../shared/text';
import { VIEW_NAME_MAX, type SavedView, type StaffRole, type ViewScreen, type ViewState } from '../../../../shared/ipc/views';
import { errorMessage, HgError } from '../../api/client';
import { Dialog } from '../Dialog';
import { Banner } from '../feedback';
import { Field } from '../Field';
import { formatDateTime } from '../format';
import { fieldMessage, placeRefusal } from '../refusal';
import { useToasts } from '../toasts';
import { ROLE_LABEL, useShareRoles, useViewMutations } from './queries';

export type ViewDialogMode = { kind: 'create'; state: ViewState } | { kind: 'edit'; view: SavedView };

/** "view "Refunds" was changed since you opened it (by Fin Ance, 6 Dec 2026, 19:40)." for a conflict; else the message. */
export function refusalText(error: unknown): string {
  const message = errorMessage(error);
  if (!(error instanceof HgError) || error.code !== 'conflict' || typeof error.details?.by !== 'string') return message;
  const at = typeof error.details.at === 'string' ? `, ${formatDateTime(error.details.at)}` : '';
  return `${message} (by ${error.details.by}${at}). The list shows it as it is now.`;
}

function nameProblem(name: string, tried: boolean): string | null {
  const problem = textProblem(name, { max: VIEW_NAME_MAX });
  if (problem) return problem;
  return tried && name.trim() === '' ? 'Give the view a name.' : null;
}

export function ViewDialog(props: {
  screen: ViewScreen;
  mode: ViewDialogMode;
  onClose: () => void;
  /** A new view saved: the screen now shows it. */
  onSaved?: (viewId: string) => void;
}) {
  const { mode } = props;
  const editing = mode.kind === 'edit' ? mode.view : null;
  const toasts = useToasts();
  const { create, update } = useViewMutations(props.screen);
  const mutation = editing ? update : create;
  const [name, setName] = useState(editing?.name ?? '');
  const [role, setRole] = useState<string>(editing?.shared_with_role ?? '');
  const [makeDefault, setMakeDefault] = useState(false);
  const [tried, setTried] = useState(false);
  const inFlight = useRef(false);

  const refusal = placeRefusal(mutation.error, ['name', 'shared_with_role']);
  const nameError = fieldMessage(refusal, 'name', nameProblem(name, tried));
  const roleError = fieldMessage(refusal, 'shared_with_role', null);
  // SQL's list: the roles held (an admin: any) whose people can open this screen. Until it answers, "private" alone.
  const offered = useShareRoles(props.screen).data ?? [];
  // A role the view is shared with that this person could not choose (an admin's share seen by its owner) stays listed.
  const roles =
    editing?.shared_with_role && !offered.includes(editing.shared_with_role as StaffRole)
      ? [...offered, editing.shared_with_role as StaffRole]
      : offered;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (inFlight.current || mutation.isPending || nameProblem(name, true)) return;
    inFlight.current = true;
    const shared = (role || null) as StaffRole | null;
    try {
      const saved = editing
        ? await update.mutateAsync({
            view_id: editing.id,
            name: name.trim(),
            state: null,
            shared_with_role: shared,
            expected_updated_at: editing.updated_at,
          })
        : await create.mutateAsync({
            screen: props.screen,
            name: name.trim(),
            state: (mode as { state: ViewState }).state,
            shared_with_role: shared,
            make_default: makeDefault,
          });
      const defaultRefused = 'defaultRefused' in saved ? saved.defaultRefused : null;
      toasts.show(
        defaultRefused
          ? { kind: 'error', message: `View “${name.trim()}” saved, but not made your default: ${defaultRefused}` }
          : { kind: 'ok', message: `View “${name.trim()}” saved.` },
      );
      props.onSaved?.(saved.id);
      props.onClose();
    } catch {
      // Shown from the mutation's error, at its field or in the banner.
    } finally {
      inFlight.current = false;
    }
  }

  const clear = (field: string) => {
    if (refusal?.field === field || (refusal && refusal.field === null)) mutation.reset();
  };

  return (
    <Dialog title={editing ? `Rename or share “${editing.name}”` : 'Save view'} onClose={props.onClose}>
      <form className="stack" noValidate onSubmit={(event) => void submit(event)}>
        {!editing && <p className="muted">Keeps this screen’s filters, sort and visible columns under a name.</p>}
        <Field label="Name" error={nameError}>
          <input
            className="input"
            autoFocus
            maxLength={VIEW_NAME_MAX}
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              clear('name');
            }}
          />
        </Field>
        <Field label="Share with" hint="Everyone holding that role sees it. Only its owner and admins can change it." error={roleError}>
          <select
            className="select"
            value={role}
            onChange={(event) => {
              setRole(event.target.value);
              clear('shared_with_role');
            }}
          >
            <option value="">Only me (private)</option>
            {roles.map((value) => (
              <option key={value} value={value}>
                {ROLE_LABEL[value]}
              </option>
            ))}
          </select>
        </Field>
        {!editing && (
          <label className="checkbox">
            <input type="checkbox" checked={makeDefault} onChange={(event) => setMakeDefault(event.target.checked)} />
            Make it my default: this screen opens with it
          </label>
        )}
        {refusal && refusal.field === null && (
          <Banner kind="error" title="The view was not saved">
            {refusalText(mutation.error)}
          </Banner>
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="btn primary" disabled={mutation.isPending} aria-busy={mutation.isPending || undefined}>
            {mutation.isPending ? 'Saving…' : editing ? 'Save changes' : 'Save view'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
