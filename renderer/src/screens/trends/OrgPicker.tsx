// Choose one or more organisations: a search box over console.list_organizations, results as checkboxes, the
// chosen ones as removable chips. Up to 20 (the API's bound).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { call } from '../../api/client';
import { ErrorBanner } from '../../ui/feedback';

export const MAX_ORGS = 20;

export function OrgPicker(props: { selected: readonly string[]; names: ReadonlyMap<string, string>; onChange: (ids: string[]) => void }) {
  const [search, setSearch] = useState('');
  const deferred = useDeferredValue(search.trim());
  const orgs = useQuery({
    queryKey: ['trends', 'organizations', deferred],
    queryFn: () => call('trends:organizations', { search: deferred || undefined, limit: 50 }),
    placeholderData: keepPreviousData,
  });
  const toggle = (id: string) =>
    props.onChange(props.selected.includes(id) ? props.selected.filter((s) => s !== id) : [...props.selected, id].slice(0, MAX_ORGS));

  return (
    <div className="card trend-picker">
      <div className="field">
        <label htmlFor="org-search">Organisations</label>
        <input id="org-search" className="input" type="search" placeholder="Search by name" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      {props.selected.length > 0 && (
        <ul className="chips" aria-label="Chosen organisations">
          {props.selected.map((id) => (
            <li key={id} className="badge accent">
              {props.names.get(id) ?? 'Organisation'}
              <button className="chip-remove" aria-label={`Remove ${props.names.get(id) ?? 'organisation'}`} onClick={() => toggle(id)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {orgs.isError && <ErrorBanner error={orgs.error} onRetry={() => void orgs.refetch()} />}
      <fieldset className="org-list" aria-busy={orgs.isFetching}>
        <legend className="visually-hidden">Organisations to show</legend>
        {orgs.data?.rows.length === 0 && <p className="muted">No organisation matches “{deferred}”.</p>}
        {orgs.data?.rows.map((org) => (
          <label key={org.id} className="checkbox org-option">
            <input type="checkbox" checked={props.selected.includes(org.id)} onChange={() => toggle(org.id)} />
            <span className="org-name">{org.name}</span>
            <span className="muted org-meta">{org.completed_assessments.toLocaleString('en')} assessments</span>
          </label>
        ))}
      </fieldset>
    </div>
  );
}
