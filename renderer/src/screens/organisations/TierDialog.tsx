// Change an organisation's plan tier: the new tier and a required reason (the audit log keeps it). It is what the
// organisation is billed for, so the database asks for a second factor (the prompt appears in place and the same
// request is sent again). A refusal — the tier it already has, a blank reason — is shown where it belongs, in the
// database's words, and what was typed stays.
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { NOTE_RULES } from '../../../../shared/text';
import { call } from '../../api/client';
import { Dialog } from '../../ui/Dialog';
import { Banner } from '../../ui/feedback';
import { Field } from '../../ui/Field';
import { fieldMessage, placeRefusal, reasonProblem } from '../../ui/refusal';
import { useToasts } from '../../ui/toasts';
import { TIER_LABEL, TIERS, tierInfo, type Tier } from './model';
import { useInvalidateOrganisations } from './queries';

export function TierDialog(props: { organization: { id: string; name: string; tier: string }; onClose: () => void }) {
  const { organization } = props;
  const toasts = useToasts();
  const refresh = useInvalidateOrganisations();
  const [tier, setTier] = useState<Tier>(() =>
    (TIERS as readonly string[]).includes(organization.tier) ? (organization.tier as Tier) : 'starter',
  );
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const inFlight = useRef(false);

  const change = useMutation({
    mutationFn: () => call('organisations:set-tier', { organization_id: organization.id, tier, reason: reason.trim() }),
    onSuccess: async (result) => {
      toasts.show({ kind: 'ok', message: `${organization.name} is now on the ${tierInfo(result.subscription_tier).label} plan` });
      await refresh();
      props.onClose();
    },
    onSettled: () => {
      inFlight.current = false;
    },
  });

  const refusal = placeRefusal(change.error, ['tier', 'reason']);
  const reasonError = fieldMessage(refusal, 'reason', reasonProblem(reason, tried));
  const tierError = fieldMessage(refusal, 'tier', null);

  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (inFlight.current || change.isPending || reasonProblem(reason, true)) return;
    inFlight.current = true;
    change.mutate();
  }

  return (
    <Dialog title={`Change the plan of ${organization.name}`} onClose={props.onClose}>
      <form className="stack" noValidate onSubmit={submit}>
        <p className="muted">
          Now on <strong>{tierInfo(organization.tier).label}</strong>. The change applies at once and is recorded in the audit log; it needs
          your second factor.
        </p>
        <Field label="New plan tier" error={tierError}>
          <select
            className="select"
            value={tier}
            autoFocus
            onChange={(event) => {
              setTier(event.target.value as Tier);
              if (refusal?.field === 'tier') change.reset();
            }}
          >
            {TIERS.map((value) => (
              <option key={value} value={value}>
                {TIER_LABEL[value]}
                {value === organization.tier ? ' (current)' : ''}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Reason" hint="Required. Kept in the audit log, e.g. the order or ticket it comes from." error={reasonError}>
          <textarea
            className="textarea"
            rows={3}
            maxLength={NOTE_RULES.max}
            value={reason}
            onChange={(event) => {
              setReason(event.target.value);
              if (refusal?.field === 'reason') change.reset();
            }}
          />
        </Field>
        {refusal && refusal.field === null && (
          <Banner kind="error" title="The plan was not changed">
            {refusal.message}
          </Banner>
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="btn primary" disabled={change.isPending} aria-busy={change.isPending || undefined}>
            {change.isPending ? 'Changing…' : 'Change plan tier'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
