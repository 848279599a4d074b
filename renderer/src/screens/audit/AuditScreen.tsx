// The audit log (docs/architecture.md, "Screens"): append-only, newest first, filterable; an entry's before and after side by side.
// Admins see everyone's entries, other staff their own — the database decides, the screen says which.
import { useDeferredValue, useMemo, useState } from 'react';
import { useCapabilities } from '../../app/session';
import { formatCount, useServerList } from '../../data/server-list';
import { Banner, EmptyState, ErrorBanner } from '../../ui/feedback';
import { formatDateTime } from '../../ui/format';
import { usePersistedState } from '../../ui/persisted';
import { TextFilter } from '../../ui/TextFilter';
import { DataTable } from '../../ui/table/DataTable';
import { usePagedRows } from '../../ui/table/paging';
import { defineViews, filtersOnly, fixedOrder } from '../../ui/views/apply';
import { SavedViews } from '../../ui/views/SavedViews';
import { AUDIT_TEXT_MAX } from '../../../../shared/ipc/admin';
import { auditColumns } from './columns';
import { auditFilterState, compareEntry, defaultAuditFilters, toAuditInput, type AuditRow } from './model';
import './audit.css';
import { ClearFilters } from '../../ui/ClearFilters';

// The log is newest first with fixed columns: a view keeps its filters.
export const VIEWS = defineViews({
  screen: 'audit',
  filters: auditFilterState,
  sort: fixedOrder,
  columns: [],
  defaults: filtersOnly(defaultAuditFilters),
  storage: ['audit.filters'],
});

export default function AuditScreen() {
  const { user, can } = useCapabilities();
  const seesAll = can('audit.read_all');
  const [state, setState] = usePersistedState('audit.filters', auditFilterState, defaultAuditFilters);
  const deferred = useDeferredValue(state);
  const input = useMemo(() => toAuditInput(deferred, user?.user_id ?? null), [deferred, user]);
  const list = useServerList({ key: 'audit', list: 'audit:list', count: 'audit:count', input, enabled: Boolean(user) });
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const selected = list.rows.find((row) => row.id === selectedId) ?? null;
  const paged = usePagedRows(list);
  const set = (patch: Partial<typeof state>) => setState((s) => ({ ...s, ...patch }));
  const filtered = Object.entries(state).some(([key, value]) => key !== 'mine' && value !== '');

  const text = (label: string, key: 'action' | 'entity' | 'entityId', max: number, placeholder: string) => (
    <TextFilter
      type="text"
      label={label}
      max={max}
      value={state[key]}
      placeholder={placeholder}
      onChange={(value) => set({ [key]: value })}
    />
  );

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Audit log</h1>
          <p className="subtitle">{list.total ? `${formatCount(list.total)} ${list.total.total === 1 ? 'entry' : 'entries'}` : ' '}</p>
        </div>
      </header>
      {!seesAll && user && <Banner kind="info">Showing your own actions. Admins see everyone's.</Banner>}
      <div className="filters" role="search" aria-label="Filter the audit log">
        {text('Action', 'action', AUDIT_TEXT_MAX.action, 'e.g. refund.create')}
        {text('Entity', 'entity', AUDIT_TEXT_MAX.entity, 'e.g. payment')}
        {text('Entity id', 'entityId', AUDIT_TEXT_MAX.entity_id, 'exact id')}
        <div className="field">
          <label htmlFor="audit-from">From</label>
          <input id="audit-from" className="input" type="date" value={state.from} onChange={(e) => set({ from: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">To</label>
          <input id="audit-to" className="input" type="date" value={state.to} onChange={(e) => set({ to: e.target.value })} />
        </div>
        {seesAll && (
          <label className="checkbox">
            <input type="checkbox" checked={state.mine} onChange={(e) => set({ mine: e.target.checked })} />
            Only my actions
          </label>
        )}
        <ClearFilters shown={filtered || state.mine} onClear={() => setState(defaultAuditFilters)} />
        <span className="spacer" />
        <SavedViews spec={VIEWS} current={filtersOnly(state)} onApply={(view) => setState(view.filters)} />
      </div>
      {list.query.isError && <ErrorBanner error={list.query.error} onRetry={() => void list.query.refetch()} />}
      <div className="split audit-split">
        <DataTable
          label="Audit entries"
          columns={auditColumns}
          {...paged}
          getRowId={(row) => String(row.id)}
          sort={null}
          activeRowId={selectedId === null ? null : String(selectedId)}
          onRowClick={(row) => setSelectedId(row.id)}
          empty={
            <EmptyState title={filtered || state.mine ? 'No entry matches these filters' : 'Nothing audited yet'}>
              {filtered || state.mine ? 'Widen the dates or clear a filter.' : 'Every change made through the console is recorded here.'}
            </EmptyState>
          }
        />
        {selected ? (
          <EntryDetail entry={selected} />
        ) : (
          <div className="card">
            <EmptyState title="Choose an entry">Click a row to read what changed.</EmptyState>
          </div>
        )}
      </div>
    </div>
  );
}

function EntryDetail(props: { entry: AuditRow }) {
  const { entry } = props;
  const changes = compareEntry(entry.before, entry.after);
  const changed = changes.filter((change) => change.changed);
  const same = changes.filter((change) => !change.changed);
  return (
    <aside className="card detail" aria-label="Audit entry">
      <h2>
        <code>{entry.action}</code>
      </h2>
      <dl className="props">
        <dt>When</dt>
        <dd>{formatDateTime(entry.occurred_at)}</dd>
        <dt>Who</dt>
        <dd>{entry.actor_email ?? 'system'}</dd>
        <dt>Entity</dt>
        <dd>
          {entry.entity} <span className="mono">{entry.entity_id}</span>
        </dd>
        <dt>Reason</dt>
        <dd>{entry.reason ?? '—'}</dd>
      </dl>
      <table className="audit-diff" aria-label="What changed">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {changed.map((change) => (
            <tr key={change.key} className="changed">
              <th scope="row">{change.key}</th>
              <td className={change.before === null ? undefined : 'was'}>
                <pre>{change.before ?? '—'}</pre>
              </td>
              <td className={change.after === null ? undefined : 'now'}>
                <pre>{change.after ?? '—'}</pre>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {changed.length === 0 && <p className="muted">No field changed.</p>}
      {same.length > 0 && (
        <details>
          <summary>
            {same.length} unchanged {same.length === 1 ? 'field' : 'fields'}
          </summary>
          <dl className="props">
            {same.map((change) => [
              <dt key={`${change.key}-k`}>{change.key}</dt>,
              <dd key={`${change.key}-v`}>
                <pre>{change.after}</pre>
              </dd>,
            ])}
          </dl>
        </details>
      )}
    </aside>
  );
}
