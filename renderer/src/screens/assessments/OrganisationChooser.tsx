// Choose one organisation: a search over organisations:list (name or domain) narrows the choices of one select, so
// the scores table keeps the page's whole width. The chosen organisation stays a choice whatever the search.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { SEARCH_MAX } from '../../../../shared/ipc/common';
import { call, errorMessage } from '../../api/client';
import { TextFilter } from '../../ui/TextFilter';

export const SHOWN = 100;
type Chosen = { id: string; name: string } | null;

export function OrganisationChooser(props: { chosen: Chosen; onChoose: (organisation: NonNullable<Chosen>) => void }) {
  const [search, setSearch] = useState('');
  const text = search.trim();
  const orgs = useQuery({
    queryKey: ['assessments', 'organisations', text],
    queryFn: () => call('organisations:list', { filters: text ? { search: text } : {}, sort: 'name', desc: false, limit: SHOWN }),
    placeholderData: keepPreviousData,
  });
  const found = orgs.data?.rows ?? [];
  const options = props.chosen && !found.some((org) => org.id === props.chosen!.id) ? [props.chosen, ...found] : found;
  const problem = orgs.isError
    ? errorMessage(orgs.error)
    : orgs.data && found.length === 0
      ? `No organisation matches “${text}”.`
      : orgs.data?.next_after
        ? `The first ${SHOWN} by name: search to narrow.`
        : null;

  return (
    <>
      <TextFilter
        label="Find an organisation"
        max={SEARCH_MAX}
        className="asm-search"
        placeholder="Name or domain"
        value={search}
        onChange={setSearch}
      />
      <div className="field">
        <label htmlFor="assessment-organisation">Organisation</label>
        <select
          id="assessment-organisation"
          className="select asm-org-select"
          value={props.chosen?.id ?? ''}
          aria-describedby={problem ? 'assessment-organisation-note' : undefined}
          aria-busy={orgs.isFetching}
          onChange={(event) => {
            const org = options.find((option) => option.id === event.target.value);
            if (org) props.onChoose({ id: org.id, name: org.name });
          }}
        >
          {!props.chosen && <option value="">Choose an organisation…</option>}
          {options.map((org) => (
            <option key={org.id} value={org.id}>
              {org.name}
            </option>
          ))}
        </select>
        {problem && (
          <span id="assessment-organisation-note" className={orgs.isError ? 'error' : 'hint'}>
            {problem}
          </span>
        )}
      </div>
    </>
  );
}
