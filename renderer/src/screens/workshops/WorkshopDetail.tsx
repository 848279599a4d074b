// One workshop (#/workshops/<id>): its facts, seats and registration counts, its registrations with the one chosen
// beside them (attendance, completion, cancelling, refunding), and changing the workshop's status, cancelling it
// with the refunds that asks for. Actions show only to those who may manage workshops (SQL says so: can_manage).
import { useMemo, useState } from 'react';
import { navigate } from '../../app/route';
import { EmptyState, ErrorBanner, Skeleton } from '../../ui/feedback';
import { formatDateTime, formatLoaded, formatMoney, formatNumber } from '../../ui/format';
import { SelectFilter } from '../../ui/SelectFilter';
import { DataTable } from '../../ui/table/DataTable';
import { usePagedRows } from '../../ui/table/paging';
import { registrationColumns } from './columns';
import {
  nextStatuses,
  ratingText,
  REGISTRATION_STATUS,
  REGISTRATION_STATUSES,
  seatsText,
  whenText,
  workshopStatusInfo,
  type RegistrationStatus,
  type WorkshopDetail,
} from './model';
import { useRegistrations, useWorkshop } from './queries';
import { RegistrationPanel } from './RegistrationPanel';
import { StatusDialog } from './StatusDialog';

export function WorkshopDetailPage(props: { workshopId: string }) {
  const detail = useWorkshop(props.workshopId);
  const [changingStatus, setChangingStatus] = useState(false);

  const back = (
    <a
      className="btn ghost ws-back"
      href="#/workshops"
      onClick={(event) => {
        event.preventDefault();
        navigate('workshops');
      }}
    >
      ← All workshops
    </a>
  );

  if (detail.isPending) {
    return (
      <div className="page">
        {back}
        <Skeleton lines={8} />
      </div>
    );
  }
  if (detail.isError) {
    return (
      <div className="page">
        {back}
        <h1>Workshop</h1>
        <ErrorBanner error={detail.error} title="This workshop could not be loaded" onRetry={() => void detail.refetch()} />
      </div>
    );
  }

  const { workshop, counts, can_manage: canManage } = detail.data;
  const status = workshopStatusInfo(workshop.status);
  const moves = nextStatuses(workshop.status);

  return (
    <div className="page ws-detail">
      {back}
      <header className="page-header">
        <div>
          <h1>
            {workshop.title} <span className={`badge ${status.badge}`}>{status.label}</span>
          </h1>
          <p className="subtitle">
            {whenText(workshop)}
            {workshop.schedule_date ? ` (${workshop.timezone})` : ''} · {workshop.instructor_name ?? 'No instructor'} · {workshop.format}
            {workshop.location ? `, ${workshop.location}` : ''} ·{' '}
            {workshop.price_amount > 0 ? formatMoney(workshop.price_amount, workshop.currency) : 'Free'}
          </p>
        </div>
        <span className="spacer" />
        {canManage && moves.length > 0 && (
          <button className="btn" onClick={() => setChangingStatus(true)}>
            Change status…
          </button>
        )}
        {canManage && moves.length === 0 && <span className="muted">A cancelled workshop stays cancelled.</span>}
      </header>

      <section className="totals" aria-label="Seats and registrations">
        <Stat label="Seats left" value={seatsText(workshop.capacity_remaining, workshop.capacity_total)} />
        <Stat label="Registered" value={formatNumber(counts.registered)} />
        <Stat label="Completed" value={formatNumber(counts.completed)} />
        <Stat label="No-shows" value={formatNumber(counts.no_show)} />
        <Stat label="Cancelled" value={formatNumber(counts.cancelled)} />
        <Stat label="Refunds if cancelled" value={formatNumber(detail.data.paid_registrations)} />
      </section>

      <Facts detail={detail.data} />

      <Registrations detail={detail.data} />

      {changingStatus && <StatusDialog detail={detail.data} onClose={() => setChangingStatus(false)} />}
    </div>
  );
}

function Stat(props: { label: string; value: string }) {
  return (
    <div className="card stat">
      <div className="label">{props.label}</div>
      <div className="value">{props.value}</div>
    </div>
  );
}

/** The rest of what a workshop is, folded away: the subtitle already says when, who, where and for how much. */
function Facts(props: { detail: WorkshopDetail }) {
  const { workshop } = props.detail;
  return (
    <details className="card ws-facts">
      <summary>About this workshop</summary>
      <dl className="props">
        <dt>When</dt>
        <dd>
          {whenText(workshop)}
          {workshop.duration_minutes ? <span className="muted"> · {workshop.duration_minutes} min</span> : null}
        </dd>
        <dt>Capacity</dt>
        <dd>{formatNumber(workshop.capacity_total)} seats</dd>
        <dt>Level and pillar</dt>
        <dd>
          {workshop.level} · {workshop.pillar}
        </dd>
        <dt>Rating</dt>
        <dd>{ratingText(workshop.average_rating, workshop.review_count)}</dd>
        <dt>Updated</dt>
        <dd>{formatDateTime(workshop.updated_at)}</dd>
      </dl>
      {workshop.description && <p className="ws-description">{workshop.description}</p>}
    </details>
  );
}

function Registrations(props: { detail: WorkshopDetail }) {
  const { workshop, can_manage: canManage } = props.detail;
  const [status, setStatus] = useState<RegistrationStatus | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const input = useMemo(
    () => ({ filters: { workshop_id: workshop.id, ...(status ? { status } : {}) }, sort: 'registered_at' as const, desc: true }),
    [workshop.id, status],
  );
  const list = useRegistrations(input);
  const columns = useMemo(() => registrationColumns(workshop.currency, (row) => setSelectedId(row.id)), [workshop.currency]);
  const selected = list.rows.find((row) => row.id === selectedId) ?? null;
  const paged = usePagedRows(list);

  return (
    <section className="stack" aria-labelledby="ws-registrations">
      <div className="row ws-registrations-head">
        <h2 id="ws-registrations">Registrations</h2>
        <span className="muted" aria-live="polite">
          {list.query.isPending ? '' : `${formatLoaded(list.rows.length, list.query.hasNextPage)} shown`}
        </span>
        <span className="spacer" />
        <SelectFilter
          id="ws-registration-status"
          className="ws-inline-field"
          label="Status"
          any="Any status"
          options={REGISTRATION_STATUSES}
          labels={(value) => REGISTRATION_STATUS[value].label}
          value={status}
          onChange={setStatus}
        />
      </div>
      {list.query.isError && (
        <ErrorBanner error={list.query.error} title="Registrations could not be loaded" onRetry={() => void list.query.refetch()} />
      )}
      <div className="split ws-split">
        <DataTable
          label="Registrations"
          columns={columns}
          {...paged}
          getRowId={(row) => row.id}
          sort={{ id: 'registered_at', desc: true }}
          activeRowId={selectedId}
          onRowClick={(row) => setSelectedId(row.id)}
          height="max(300px, calc(100vh - 430px))"
          empty={
            <EmptyState
              title={status ? `No ${REGISTRATION_STATUS[status].label.toLowerCase()} registrations` : 'Nobody has registered yet'}
            >
              {status ? 'Choose another status.' : 'Registrations appear here as people book a seat.'}
            </EmptyState>
          }
        />
        {selected ? (
          <RegistrationPanel key={selected.id} registration={selected} workshop={workshop} canManage={canManage} />
        ) : (
          <div className="card">
            <EmptyState title="Choose a registration">
              {canManage
                ? 'Click a person to record attendance or completion, or to cancel their registration.'
                : 'Click a person to see their registration.'}
            </EmptyState>
          </div>
        )}
      </div>
    </section>
  );
}
