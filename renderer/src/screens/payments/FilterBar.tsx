// The payments filter bar: status, provider, type, currency, date range, amount range and a debounced search.
import type { ReactNode } from 'react';
import { SEARCH_MAX } from '../../../../shared/ipc/common';
import { paymentStatus, paymentType, provider } from '../../../../shared/ipc/payments';
import { Field } from '../../ui/Field';
import { TextFilter } from '../../ui/TextFilter';
import { defaultFilters, filterProblems, type FilterState } from './filters';
import { label, PAYMENT_STATUS, PAYMENT_TYPE, PROVIDER } from './labels';
import { MultiSelect } from './MultiSelect';
import { ClearFilters } from '../../ui/ClearFilters';

const statusOptions = paymentStatus.options.map((value) => ({ value, label: PAYMENT_STATUS[value].label }));
const providerOptions = provider.options.map((value) => ({ value, label: label(PROVIDER, value) }));
const typeOptions = paymentType.options.map((value) => ({ value, label: label(PAYMENT_TYPE, value) }));

export function FilterBar(props: {
  value: FilterState;
  onChange: (next: FilterState) => void;
  currencies: readonly string[];
  /** The saved views, beside the filters they keep. */
  children?: ReactNode;
}) {
  const { value, onChange } = props;
  const problems = filterProblems(value);
  const set = <K extends keyof FilterState>(key: K, next: FilterState[K]) => onChange({ ...value, [key]: next });

  const currencyOptions = [...new Set([...props.currencies, ...value.currency])].sort().map((c) => ({ value: c, label: c }));
  const isDefault = JSON.stringify(value) === JSON.stringify(defaultFilters);

  return (
    <div className="filters pay-filters" role="search" aria-label="Filter payments">
      <TextFilter
        label="Search"
        className="pay-search"
        max={SEARCH_MAX}
        value={value.search}
        placeholder="Invoice, transaction id or payer email"
        onChange={(search) => set('search', search)}
      />
      <MultiSelect label="Status" options={statusOptions} value={value.status} onChange={(next) => set('status', next)} />
      <MultiSelect label="Provider" options={providerOptions} value={value.provider} onChange={(next) => set('provider', next)} />
      <MultiSelect label="Type" options={typeOptions} value={value.type} onChange={(next) => set('type', next)} />
      <MultiSelect label="Currency" options={currencyOptions} value={value.currency} onChange={(next) => set('currency', next)} />
      <Field label="From">
        <input className="input" type="date" value={value.from} onChange={(event) => set('from', event.target.value)} />
      </Field>
      <Field label="To" error={problems.to}>
        <input className="input" type="date" value={value.to} onChange={(event) => set('to', event.target.value)} />
      </Field>
      <Field label="Min amount" error={problems.minAmount}>
        <input
          className="input pay-amount"
          inputMode="decimal"
          maxLength={20}
          value={value.minAmount}
          onChange={(event) => set('minAmount', event.target.value)}
        />
      </Field>
      <Field label="Max amount" error={problems.maxAmount}>
        <input
          className="input pay-amount"
          inputMode="decimal"
          maxLength={20}
          value={value.maxAmount}
          onChange={(event) => set('maxAmount', event.target.value)}
        />
      </Field>
      <ClearFilters shown={!isDefault} onClear={() => onChange(defaultFilters)} />
      <span className="spacer" />
      {props.children}
    </div>
  );
}
