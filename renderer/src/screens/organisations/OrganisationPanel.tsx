// One organisation (organisations:get): its facts, members with their roles, the workshops its people booked, its
// engagements, recent payments (only for those who may read payments: SQL sends null otherwise), a link to its
// adaptability trends, and the plan tier change for those who may manage organisations.
import { useState, type ReactNode } from 'react';
import { routeHref } from '../../app/route';
import { useCapabilities } from '../../app/session';
import { ErrorBanner, Skeleton } from '../../ui/feedback';
import { formatDate, formatDateTime, formatMoney, formatNumber } from '../../ui/format';
import { paymentStatusInfo } from '../payments/labels';
import { groupMembers, safeHref, subscriptionInfo, tierInfo, websiteHost, type OrganisationDetail } from './model';
import { useOrganisation } from './queries';
import { TierDialog } from './TierDialog';

const WORKSHOP_BADGE: Record<string, string> = { published: 'ok', draft: '', archived: 'info', cancelled: 'danger' };
const ENGAGEMENT_BADGE: Record<string, string> = {
  active: 'ok',
  pending: 'warn',
  paused: 'info',
  completed: 'accent',
  cancelled: 'danger',
};

export function OrganisationPanel(props: { organizationId: string }) {
  const detail = useOrganisation(props.organizationId);
  const [changingTier, setChangingTier] = useState(false);

  if (detail.isPending) {
    return (
      <aside className="card detail org-panel" aria-label="Organisation" aria-busy="true">
        <Skeleton lines={10} />
      </aside>
    );
  }
  if (detail.isError) {
    return (
      <aside className="card detail org-panel" aria-label="Organisation">
        <ErrorBanner error={detail.error} title="This organisation could not be loaded" onRetry={() => void detail.refetch()} />
      </aside>
    );
  }

  const data = detail.data;
  const org = data.organization;
  const tier = tierInfo(org.subscription_tier);
  const status = subscriptionInfo(org.subscription_status);
  const href = safeHref(org.website);

  return (
    <aside className="card detail org-panel" aria-label={`Organisation ${org.name}`}>
      <div className="stack org-head">
        <h2>{org.name}</h2>
        <div className="row">
          <span className={`badge ${tier.badge}`}>{tier.label}</span>
          <span className={`badge ${status.badge}`}>{status.label}</span>
          <span className="spacer" />
          {data.can_manage && (
            <button className="btn small" onClick={() => setChangingTier(true)}>
              Change plan tier…
            </button>
          )}
        </div>
      </div>
      <dl className="props org-props">
        <dt>Website</dt>
        <dd>
          {href ? (
            <a href={href} target="_blank" rel="noreferrer noopener">
              {websiteHost(org.website)}
            </a>
          ) : (
            (org.website ?? '—')
          )}
        </dd>
        <dt>Industry</dt>
        <dd>{org.industry ?? '—'}</dd>
        <dt>Size</dt>
        <dd>{org.company_size ? `${org.company_size} people` : '—'}</dd>
        <dt>Customer since</dt>
        <dd>{formatDate(org.created_at)}</dd>
        <dt>Assessments</dt>
        <dd>
          {formatNumber(data.completed_assessments)} completed
          {data.can_see_trends && (
            <div>
              <a href={routeHref('trends', org.id)}>Adaptability trends →</a>
            </div>
          )}
        </dd>
      </dl>

      <Members members={data.members} />
      <Workshops workshops={data.workshops} />
      <Engagements engagements={data.engagements} />
      {data.payments !== null && <Payments payments={data.payments} />}

      {changingTier && (
        <TierDialog organization={{ id: org.id, name: org.name, tier: org.subscription_tier }} onClose={() => setChangingTier(false)} />
      )}
    </aside>
  );
}

function Section(props: { id: string; title: string; count: number; empty: string; children: ReactNode }) {
  return (
    <section className="stack org-section" aria-labelledby={props.id}>
      <h3 id={props.id}>
        {props.title} <span className="muted org-count">{formatNumber(props.count)}</span>
      </h3>
      {props.count === 0 ? <p className="muted">{props.empty}</p> : props.children}
    </section>
  );
}

const CLIP = 6;

/** A list cut to its first few items, with a button to show the rest: the panel stays short enough to see every
 * section of the organisation at a glance. */
function ClippedList<T>(props: { label: string; items: readonly T[]; noun: string; children: (item: T) => ReactNode }) {
  const [all, setAll] = useState(false);
  const shown = all ? props.items : props.items.slice(0, CLIP);
  const hidden = props.items.length - shown.length;
  return (
    <>
      <ul className="org-list" aria-label={props.label}>
        {shown.map(props.children)}
      </ul>
      {hidden > 0 && (
        <button type="button" className="btn link org-more" onClick={() => setAll(true)}>
          Show all {props.items.length} {props.noun}
        </button>
      )}
    </>
  );
}

function Members(props: { members: OrganisationDetail['members'] }) {
  const people = groupMembers(props.members);
  return (
    <Section id="org-members" title="Members" count={people.length} empty="Nobody holds a role in this organisation.">
      <ClippedList label="Members" items={people} noun="members">
        {(person) => (
          <li key={person.userId}>
            <span className="org-two">
              <span>{person.name}</span>
              {person.name !== person.email && <small className="muted">{person.email}</small>}
            </span>
            <span className="org-badges">
              {person.roles.map((role) => (
                <span
                  key={`${role.role}-${role.expires_at ?? ''}`}
                  className={`badge ${role.role === 'admin' ? 'accent' : ''}`}
                  title={role.expires_at ? `Until ${formatDateTime(role.expires_at)}` : undefined}
                >
                  {role.role}
                  {role.expires_at ? ` · until ${formatDate(role.expires_at)}` : ''}
                </span>
              ))}
            </span>
          </li>
        )}
      </ClippedList>
    </Section>
  );
}

function Workshops(props: { workshops: OrganisationDetail['workshops'] }) {
  const { can } = useCapabilities();
  const linked = can('workshops.read');
  return (
    <Section id="org-workshops" title="Workshops booked" count={props.workshops.length} empty="Nobody here has registered for a workshop.">
      <ClippedList label="Workshops booked" items={props.workshops} noun="workshops">
        {(workshop) => (
          <li key={workshop.workshop_id}>
            <span className="org-two">
              {linked ? <a href={routeHref('workshops', workshop.workshop_id)}>{workshop.title}</a> : <span>{workshop.title}</span>}
              <small className="muted">
                {formatDate(workshop.schedule_date)} · {workshop.registrations} {workshop.registrations === 1 ? 'person' : 'people'}
              </small>
            </span>
            <span className={`badge ${WORKSHOP_BADGE[workshop.status] ?? ''}`}>{workshop.status}</span>
          </li>
        )}
      </ClippedList>
    </Section>
  );
}

function Engagements(props: { engagements: OrganisationDetail['engagements'] }) {
  return (
    <Section id="org-engagements" title="Engagements" count={props.engagements.length} empty="No coaching engagements.">
      <ClippedList label="Engagements" items={props.engagements} noun="engagements">
        {(engagement) => (
          <li key={engagement.id}>
            <span className="org-two">
              <span>{engagement.title ?? engagement.focus_area}</span>
              <small className="muted">
                {engagement.expert_name ?? 'No expert'} · {formatNumber(engagement.hours_used, 1)} of{' '}
                {formatNumber(engagement.hours_total, 1)} h
              </small>
            </span>
            <span className={`badge ${ENGAGEMENT_BADGE[engagement.status] ?? ''}`}>{engagement.status}</span>
          </li>
        )}
      </ClippedList>
    </Section>
  );
}

function Payments(props: { payments: NonNullable<OrganisationDetail['payments']> }) {
  const { can } = useCapabilities();
  const linked = can('payments.read');
  return (
    <Section id="org-payments" title="Recent payments" count={props.payments.length} empty="No payments.">
      <ClippedList label="Recent payments" items={props.payments} noun="payments">
        {(payment) => {
          const status = paymentStatusInfo(payment.status);
          const amount = formatMoney(payment.amount, payment.currency);
          return (
            <li key={payment.id}>
              <span className="org-two">
                {linked ? <a href={routeHref('payments', payment.id)}>{amount}</a> : <span>{amount}</span>}
                <small className="muted">
                  {formatDate(payment.created_at)}
                  {payment.invoice_number ? ` · ${payment.invoice_number}` : ''}
                </small>
              </span>
              <span className={`badge ${status.badge}`}>{status.label}</span>
            </li>
          );
        }}
      </ClippedList>
    </Section>
  );
}
