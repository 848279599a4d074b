// One user's access: their roles (revoke), a grant form (role, optional expiry, reason) and suspend/reactivate.
// The rules — no self-demotion, never the last admin, no expiry in the past — are the database's; its refusal is
// shown as it words it.
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { NOTE_RULES, textProblem } from '../../../../shared/text';
import { call, errorMessage } from '../../api/client';
import { Dialog } from '../../ui/Dialog';
import { Field } from '../../ui/Field';
import { Banner } from '../../ui/feedback';
import { formatDateTime } from '../../ui/format';
import { useToasts } from '../../ui/toasts';
import { useInvalidateUsers, useUserFactors } from './queries';
import { expiryFromDay, isStaffRole, roleLabel, ROLES, type RoleGrant, type UserRow } from './model';

type Confirm = { kind: 'revoke'; grant: RoleGrant } | { kind: 'status'; status: 'active' | 'suspended' } | null;

export function UserPanel(props: { user: UserRow }) {
  const { user } = props;
  const toasts = useToasts();
  const [role, setRole] = useState<(typeof ROLES)[number]>('moderator');
  const [expiry, setExpiry] = useState('');
  const [reason, setReason] = useState('');
  const [confirm, setConfirm] = useState<Confirm>(null);
  const refresh = useInvalidateUsers();

  const grant = useMutation({
    mutationFn: () =>
      call('users:grant-role', { user_id: user.id, role, expires_at: expiryFromDay(expiry), reason: reason.trim() || undefined }),
    onSuccess: async () => {
      toasts.show({ kind: 'ok', message: `Granted ${role} to ${user.email}` });
      setReason('');
      setExpiry('');
      await refresh();
    },
  });

  const reasonProblem = textProblem(reason, NOTE_RULES);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!grant.isPending && !reasonProblem) grant.mutate();
  }

  const suspended = user.status === 'suspended';
  return (
    <aside className="card detail user-panel" aria-label={`Access of ${user.email}`}>
      <div>
        <h2>{user.full_name ?? user.email}</h2>
        <p className="muted">{user.email}</p>
      </div>
      <dl className="props">
        <dt>Status</dt>
        <dd>{user.status}</dd>
        <dt>Company</dt>
        <dd>{user.company_name ?? '—'}</dd>
        <dt>Last sign-in</dt>
        <dd>{formatDateTime(user.last_sign_in_at)}</dd>
      </dl>

      <SecondFactor userId={user.id} />

      <section className="stack" aria-label="Roles">
        <h3>Roles</h3>
        {user.roles.length === 0 && <p className="muted">No roles.</p>}
        <ul className="role-list">
          {user.roles.map((grant) => (
            <li key={grant.id}>
              <span className={`badge ${isStaffRole(grant.role) ? 'accent' : ''}`}>{roleLabel(grant)}</span>
              <button className="btn small" onClick={() => setConfirm({ kind: 'revoke', grant })} aria-label={`Revoke ${roleLabel(grant)}`}>
                Revoke
              </button>
            </li>
          ))}
        </ul>
      </section>

      <form className="stack" onSubmit={submit} aria-label="Grant a role">
        <h3>Grant a role</h3>
        <Field label="Role">
          <select className="select" value={role} onChange={(e) => setRole(e.target.value as typeof role)}>
            {ROLES.map((name) => (
              <option key={name} value={name}>
                {name}
                {isStaffRole(name) ? ' (console staff)' : ''}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Expires" hint="Optional. The role ends at the end of this day.">
          <input className="input" type="date" value={expiry} onChange={(e) => setExpiry(e.target.value)} />
        </Field>
        <Field label="Reason" hint="Recorded in the audit log." error={reasonProblem}>
          <input className="input" value={reason} maxLength={NOTE_RULES.max} onChange={(e) => setReason(e.target.value)} />
        </Field>
        {grant.isError && (
          <Banner kind="error" title="Not granted">
            {errorMessage(grant.error)}
          </Banner>
        )}
        <div className="row">
          <button className="btn primary" type="submit" disabled={grant.isPending}>
            {grant.isPending ? 'Granting…' : 'Grant role'}
          </button>
        </div>
      </form>

      <section className="stack" aria-label="Account status">
        <h3>Account</h3>
        <div className="row">
          {suspended ? (
            <button className="btn" onClick={() => setConfirm({ kind: 'status', status: 'active' })}>
              Reactivate…
            </button>
          ) : (
            <button className="btn danger" onClick={() => setConfirm({ kind: 'status', status: 'suspended' })}>
              Suspend…
            </button>
          )}
        </div>
      </section>

      {confirm && <ConfirmDialog user={user} confirm={confirm} onClose={() => setConfirm(null)} onDone={refresh} />}
    </aside>
  );
}

function ConfirmDialog(props: { user: UserRow; confirm: NonNullable<Confirm>; onClose: () => void; onDone: () => Promise<unknown> }) {
  const { user, confirm } = props;
  const toasts = useToasts();
  const [reason, setReason] = useState('');
  const revoke = confirm.kind === 'revoke';
  const reasonProblem = textProblem(reason, NOTE_RULES);
  const title = revoke
    ? `Revoke ${roleLabel(confirm.grant)}?`
    : confirm.status === 'suspended'
      ? `Suspend ${user.email}?`
      : `Reactivate ${user.email}?`;
  const action = useMutation({
    mutationFn: async () => {
      const why = reason.trim() || undefined;
      if (confirm.kind === 'revoke') await call('users:revoke-role', { role_id: confirm.grant.id, reason: why });
      else await call('users:set-status', { user_id: user.id, status: confirm.status, reason: why });
    },
    onSuccess: async () => {
      toasts.show({
        kind: 'ok',
        message: revoke
          ? `Revoked ${confirm.grant.role} from ${user.email}`
          : `${user.email} is now ${confirm.kind === 'status' ? confirm.status : ''}`,
      });
      await props.onDone();
      props.onClose();
    },
  });
  return (
    <Dialog title={title} onClose={props.onClose}>
      <p>
        {revoke
          ? 'They lose what this role allows at their next action.'
          : confirm.status === 'suspended'
            ? 'A suspended user cannot sign in or use any role until reactivated.'
            : 'They can sign in again with the roles they hold.'}
      </p>
      <Field label="Reason" hint="Recorded in the audit log." error={reasonProblem}>
        <input className="input" value={reason} maxLength={NOTE_RULES.max} onChange={(e) => setReason(e.target.value)} autoFocus />
      </Field>
      {action.isError && (
        <Banner kind="error" title="Refused">
          {errorMessage(action.error)}
        </Banner>
      )}
      <div className="dialog-actions">
        <button className="btn" onClick={props.onClose}>
          Cancel
        </button>
        <button
          className={`btn ${revoke || (confirm.kind === 'status' && confirm.status === 'suspended') ? 'danger' : 'primary'}`}
          disabled={action.isPending || Boolean(reasonProblem)}
          onClick={() => action.mutate()}
        >
          {revoke ? 'Revoke role' : confirm.status === 'suspended' ? 'Suspend' : 'Reactivate'}
        </button>
      </div>
    </Dialog>
  );
}

function SecondFactor(props: { userId: string }) {
  const factors = useUserFactors(props.userId);
  const verified = factors.data?.rows.filter((row) => row.status === 'verified') ?? [];
  return (
    <section className="stack" aria-labelledby={`factor-${props.userId}`}>
      <h3 id={`factor-${props.userId}`}>Second factor</h3>
      {factors.isPending ? (
        <p className="muted">Checking…</p>
      ) : factors.isError ? (
        <Banner kind="error" title="Not known">
          {errorMessage(factors.error)}
        </Banner>
      ) : verified.length === 0 ? (
        <p>None. Refunds, role changes and settings ask them to set one up first.</p>
      ) : (
        <ul className="role-list">
          {verified.map((row) => (
            <li key={row.id}>
              <span className="badge ok">{row.friendly_name ?? 'Authenticator app'}</span>
              <span className="muted">
                since {formatDateTime(row.created_at)}
                {row.last_challenged_at ? `, last used ${formatDateTime(row.last_challenged_at)}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p className="muted">
        Lost their phone? They remove it themselves with a code from another device; if they have none, remove the factor in Supabase’s
        dashboard (Authentication → Users → Factors). The console never holds the key that could; the removal is recorded in the audit log.
      </p>
    </section>
  );
}
