// The queue's filters: status, type, rating range, verified, date range and full-text search (debounced, so the
// list is asked once the person pauses). Every change goes straight into the persisted screen state.
import { memo, useState, type ReactNode, type Ref } from 'react';
import { SEARCH_MAX } from '../../../../shared/ipc/common';
import { Field } from '../../ui/Field';
import { TextFilter } from '../../ui/TextFilter';
import { defaultFilters, type FilterState } from './filters';
import type { ReviewStatus, ReviewType } from './shape';

const statusChoices: {
  value: string;
  label: string;
  status: ReviewStatus[];
}[] = [
  { value: 'queue', label: 'Queue (pending + flagged)', status: [] },
  { value: 'pending', label: 'Pending', status: ['pending'] },
  { value: 'flagged', label: 'Flagged', status: ['flagged'] },
  { value: 'approved', label: 'Approved', status: ['approved'] },
  { value: 'rejected', label: 'Rejected', status: ['rejected'] },
  {
    value: 'all',
    label: 'Every status',
    status: ['pending', 'flagged', 'approved', 'rejected'],
  },
];

export function statusChoice(status: readonly string[]): string {
  const key = [...status].sort().join(',');
  return statusChoices.find((choice) => [...choice.status].sort().join(',') === key)?.value ?? 'queue';
}

// Memoised: the screen renders on every j/k, and the filters only change when the person changes them.
export const FiltersBar = memo(function FiltersBar(props: {
  filters: FilterState;
  onChange: (next: FilterState) => void;
  /** The search box, focused by the / shortcut. */
  ref: Ref<HTMLInputElement>;
  /** The saved views, beside the filters they keep. */
  children?: ReactNode;
}) {
  const { filters, onChange, ref } = props;
  const set = <K extends keyof FilterState>(key: K, value: FilterState[K]) => onChange({ ...filters, [key]: value });
  const rating = (value: string) => (value === '' ? null : Number(value));
  const ratings = ['1', '2', '3', '4', '5'];
  // Rating, verified and dates are used less: folded away, so the queue keeps its rows at 1280 × 800. The button
  // says how many of them are set, so a folded filter is never a surprise.
  const [more, setMore] = useState(false);
  const folded = [
    filters.minRating !== null,
    filters.maxRating !== null,
    filters.verified !== 'any',
    filters.from !== '',
    filters.to !== '',
  ].filter(Boolean).length;

  return (
    <div className="filters mod-filters" role="search" aria-label="Filter reviews">
      <TextFilter
        label="Search"
        ref={ref}
        className="mod-search"
        placeholder="Words, “phrase”, -exclude"
        max={SEARCH_MAX}
        value={filters.search}
        onChange={(search) => set('search', search)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') event.currentTarget.blur();
        }}
      />
      <Field label="Status">
        <select
          className="select"
          value={statusChoice(filters.status)}
          onChange={(event) => set('status', statusChoices.find((choice) => choice.value === event.target.value)?.status ?? [])}
        >
          {statusChoices.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Type">
        <select
          className="select"
          value={filters.type[0] ?? ''}
          onChange={(event) => set('type', event.target.value ? [event.target.value as ReviewType] : [])}
        >
          <option value="">All types</option>
          <option value="workshop">Workshops</option>
          <option value="expert">Experts</option>
          <option value="engagement">Engagements</option>
        </select>
      </Field>
      <button className="btn ghost mod-more" aria-expanded={more} aria-controls="mod-more-filters" onClick={() => setMore((open) => !open)}>
        {more ? 'Fewer filters' : 'More filters'}
        {folded > 0 && <span className="badge accent">{folded}</span>}
      </button>
      <button
        className="btn ghost"
        onClick={() => onChange(defaultFilters)}
        disabled={JSON.stringify(filters) === JSON.stringify(defaultFilters)}
      >
        Clear filters
      </button>
      <span className="spacer" />
      {props.children}
      <div id="mod-more-filters" className="mod-more-filters" hidden={!more}>
        <Field label="Rating from">
          <select
            className="select mod-narrow"
            value={filters.minRating ?? ''}
            onChange={(event) => set('minRating', rating(event.target.value))}
          >
            <option value="">Any</option>
            {ratings.map((value) => (
              <option key={value} value={value}>
                {value} ★
              </option>
            ))}
          </select>
        </Field>
        <Field label="Rating to">
          <select
            className="select mod-narrow"
            value={filters.maxRating ?? ''}
            onChange={(event) => set('maxRating', rating(event.target.value))}
          >
            <option value="">Any</option>
            {ratings.map((value) => (
              <option key={value} value={value}>
                {value} ★
              </option>
            ))}
          </select>
        </Field>
        <Field label="Verified">
          <select
            className="select"
            value={filters.verified}
            onChange={(event) => set('verified', event.target.value as FilterState['verified'])}
          >
            <option value="any">Any</option>
            <option value="yes">Verified only</option>
            <option value="no">Unverified only</option>
          </select>
        </Field>
        <Field label="Submitted from">
          <input type="date" className="input" value={filters.from} onChange={(event) => set('from', event.target.value)} />
        </Field>
        <Field label="Submitted to">
          <input type="date" className="input" value={filters.to} onChange={(event) => set('to', event.target.value)} />
        </Field>
      </div>
    </div>
  );
});
