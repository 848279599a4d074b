// Choose one or more organisations: a search box over console.list_organizations, results as checkboxes, the
// chosen ones as removable chips. Up to 20 (the API's bound).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { SEARCH_MAX } from '../../../../shared/ipc/common';
import { call } from '../../api/client';
import { ErrorBanner } from '../../ui/feedback';
import { TextFilter } from '../../ui/TextFilter';

export const MAX_ORGS = 20;

export function OrgPicker(props: { selected: readonly string[]; names: ReadonlyMap<string, string>; onChange: (ids: string[]) => void }) {
  const [search, setSearch] = useState('');
  const orgs = useQuery({
    queryKey: ['trends', 'organizations', search.trim()],
    queryFn: () => call('trends:organizations', { search: search.trim() || undefined, limit: 50 }),
    placeholderData: keepPreviousData,
  });
  const toggle = (id: string) =>
    props.onChange(props.selected.includes(id) ? props.selected.filter((s) => s !== id) : [...props.selected, id].slice(0, MAX_ORGS));

  return (
    <div className="card trend-picker">
      <TextFilter label="Organisations" max={SEARCH_MAX} placeholder="Search by name" value={search} onChange={setSearch} />
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
        {orgs.data?.rows.length === 0 && <p className="muted">No organisation matches “{search.trim()}”.</p>}
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
