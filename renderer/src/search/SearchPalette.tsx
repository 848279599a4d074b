// Search everywhere (Ctrl/Cmd+K, or the frame's Search button): one box over payments, people, organisations,
// workshops and certificates, whatever is pasted into it. The box is an ARIA combobox: the arrow keys move the active
// result (announced through aria-activedescendant) while focus stays in the box, Enter opens it, and the Dialog keeps
// Tab inside and returns focus on Escape. Nothing typed shows this computer's recent searches.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Capability } from '../../../shared/ipc/capabilities';
import type { StaffUser } from '../../../shared/ipc/result';
import { SEARCH_EVERYWHERE_MAX, type SearchHit } from '../../../shared/ipc/search';
import { call, HgError } from '../api/client';
import { navigate } from '../app/route';
import { Dialog } from '../ui/Dialog';
import { EmptyState, ErrorBanner } from '../ui/feedback';
import { RefusalBanner } from '../ui/RefusalBanner';
import { handOffSearch } from './handoff';
import {
  cleanQuery,
  groupHits,
  KIND_HEADING,
  moreTarget,
  moveActive,
  openTarget,
  RESULTS_PER_KIND,
  SEARCH_DELAY_MS,
  searchScope,
  type SearchGroup,
  type Target,
} from './model';
import { useRecentSearches } from './recent';
import './search.css';

/** One row the arrow keys reach: a result, or a group's "show all". */
interface Option {
  key: string;
  target: Target;
  hit?: SearchHit;
}

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function SearchPalette(props: { user: StaffUser; onClose: () => void }) {
  const { user, onClose } = props;
  const can = (capability: Capability) => user.capabilities.includes(capability);
  const ids = useId();
  const input = useRef<HTMLInputElement>(null);
  const recent = useRecentSearches(user.user_id);
  const [text, setText] = useState('');
  const typed = cleanQuery(text);
  const query = useDebounced(typed, SEARCH_DELAY_MS);
  const results = useQuery({
    queryKey: ['search', query],
    queryFn: () => call('search:everything', { query, limit: RESULTS_PER_KIND }),
    enabled: query !== '',
    placeholderData: keepPreviousData,
  });
  // What is on screen answers what is in the box: not a keystroke behind, not the previous query's rows.
  const settled = typed !== '' && typed === query && results.isSuccess && !results.isPlaceholderData;
  const groups = (typed !== '' && results.data ? groupHits(results.data.rows, RESULTS_PER_KIND) : []).map((group) => ({
    ...group,
    options: optionsOf(group, query, can),
  }));
  const options = groups.flatMap((group) => group.options);
  const [active, setActive] = useState({ query: '', index: -1 });
  const activeIndex = active.query === query ? active.index : -1;
  const activeOption = options[activeIndex];
  const activeId = activeOption ? `${ids}-${activeOption.key}` : undefined;

  useEffect(() => {
    if (activeId) document.getElementById(activeId)?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);

  function open(option: Option) {
    recent.add(query);
    const { section, rest, search } = option.target;
    if (search !== undefined) handOffSearch(section, search);
    onClose();
    navigate(section, ...rest);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setActive({ query, index: moveActive(activeIndex, event.key, options.length) });
    } else if (event.key === 'Enter' && settled) {
      // Nothing chosen yet: the best match (paste, Enter).
      const option = activeOption ?? options[0];
      if (!option) return;
      event.preventDefault();
      open(option);
    }
  }

  function pickRecent(search: string) {
    setText(search);
    input.current?.focus();
  }

  const scope = searchScope(user.capabilities, user.roles);
  const listbox = `${ids}-results`;
  return (
    <Dialog title="Search everywhere" onClose={onClose} className="search-palette" describedBy={`${ids}-scope`}>
      <input
        ref={input}
        className="input search-input"
        type="text"
        role="combobox"
        aria-label="Search everywhere"
        aria-expanded={options.length > 0}
        aria-controls={listbox}
        aria-autocomplete="list"
        aria-activedescendant={activeId}
        placeholder="Invoice number or link, email, name, domain, title, CERT-… number"
        maxLength={SEARCH_EVERYWHERE_MAX}
        autoComplete="off"
        spellCheck={false}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      {/* Said once something is typed only when nothing is found (below); still the box's description. */}
      <p id={`${ids}-scope`} className={typed ? 'visually-hidden' : 'muted search-scope'}>
        {scope}
      </p>
      <p className="visually-hidden" role="status">
        {settled ? `${options.length} ${options.length === 1 ? 'result' : 'results'}` : typed && !results.isError ? 'Searching…' : ''}
      </p>
      {typed !== '' && results.isError && <SearchError error={results.error} onRetry={() => void results.refetch()} />}
      <div role="listbox" id={listbox} aria-label="Results" className="search-results" aria-busy={typed !== '' && !settled}>
        {groups.map((group) => (
          <div key={group.kind} role="group" aria-labelledby={`${ids}-${group.kind}`} className="search-group">
            <div id={`${ids}-${group.kind}`} role="presentation" className="search-group-heading">
              {KIND_HEADING[group.kind]}
              {group.more && !moreTarget(group.kind, query, can) && <span className="muted"> · the first {RESULTS_PER_KIND}</span>}
            </div>
            {group.options.map((option) => (
              <div
                key={option.key}
                id={`${ids}-${option.key}`}
                role="option"
                aria-selected={option.key === activeOption?.key}
                className={option.hit ? 'search-option' : 'search-option search-more'}
                // Clicking must not take focus from the box (the combobox keeps it), only open the row.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => open(option)}
              >
                {option.hit ? <HitText hit={option.hit} /> : `Show all ${KIND_HEADING[group.kind].toLowerCase()} matching “${query}”`}
              </div>
            ))}
          </div>
        ))}
      </div>
      {settled && options.length === 0 && <EmptyState title={`Nothing found for “${query}”`}>{scope}</EmptyState>}
      {typed === '' && (
        <RecentSearches
          items={recent.recent}
          onUse={pickRecent}
          onRemove={(search) => {
            recent.remove(search);
            input.current?.focus();
          }}
          onClear={() => {
            recent.clear();
            input.current?.focus();
          }}
        />
      )}
      <p className="muted search-keys" aria-hidden="true">
        <span className="kbd">↑</span> <span className="kbd">↓</span> choose · <span className="kbd">Enter</span> open ·{' '}
        <span className="kbd">Esc</span> close
      </p>
    </Dialog>
  );
}

/** A group's rows the person can open, then its "show all" when SQL had more and the kind has a list to show them. */
function optionsOf(group: SearchGroup, query: string, can: (capability: Capability) => boolean): Option[] {
  const hits = group.hits.flatMap((hit) => {
    const target = openTarget(hit, can);
    return target ? [{ key: `${hit.kind}-${hit.id}`, target, hit }] : [];
  });
  const more = group.more ? moreTarget(group.kind, query, can) : null;
  return more ? [...hits, { key: `${group.kind}-more`, target: more }] : hits;
}

function HitText(props: { hit: SearchHit }) {
  const { hit } = props;
  return (
    <>
      <span className="search-option-text">
        <span className="search-option-title">{hit.title}</span>
        {hit.subtitle && <span className="search-option-subtitle">{hit.subtitle}</span>}
      </span>
      {hit.status && <span className="badge">{hit.status.replace(/_/g, ' ')}</span>}
    </>
  );
}

/** A refusal (bad input, no staff role) in the database's words; anything else with a retry. */
function SearchError(props: { error: unknown; onRetry: () => void }) {
  const refused = props.error instanceof HgError && (props.error.code === 'validation' || props.error.code === 'forbidden');
  return refused ? (
    <RefusalBanner title="Search refused" error={props.error} />
  ) : (
    <ErrorBanner title="Search failed" error={props.error} onRetry={props.onRetry} />
  );
}

function RecentSearches(props: {
  items: readonly string[];
  onUse: (search: string) => void;
  onRemove: (search: string) => void;
  onClear: () => void;
}) {
  const headingId = useId();
  if (props.items.length === 0) {
    return <EmptyState title="No recent searches">Searches you open something with are kept here, on this computer only.</EmptyState>;
  }
  return (
    <section className="search-recent" aria-labelledby={headingId}>
      <div className="search-recent-header">
        <h3 id={headingId}>Recent searches</h3>
        <span className="muted">on this computer only</span>
      </div>
      <ul>
        {props.items.map((search) => (
          <li key={search}>
            <button type="button" className="search-recent-use" onClick={() => props.onUse(search)}>
              {search}
            </button>
            <button
              type="button"
              className="btn small ghost"
              aria-label={`Remove “${search}” from recent searches`}
              onClick={() => props.onRemove(search)}
            >
              ✕
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="btn small ghost search-recent-clear" onClick={props.onClear}>
        Clear all
      </button>
    </section>
  );
}
