// Certificates (support, admin): one box finds a certificate by its number (CERT-…, or the verification link as
// pasted) or its recipient's email or name; the state filter narrows to valid, revoked or expired. The one chosen
// opens beside the table, where it is checked as the public sees it and, by those who may, revoked.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { SEARCH_MAX } from '../../../../shared/ipc/common';
import { cleanLine } from '../../../../shared/text';
import { routeHref, useRoute } from '../../app/route';
import { useHandedOffSearch } from '../../search/handoff';
import { EmptyState, ErrorBanner } from '../../ui/feedback';
import { bindFilters } from '../../ui/filters';
import { formatLoaded } from '../../ui/format';
import { usePersistedState } from '../../ui/persisted';
import { SelectFilter } from '../../ui/SelectFilter';
import { TextFilter } from '../../ui/TextFilter';
import { ColumnPicker, hideableColumnIds } from '../../ui/table/ColumnPicker';
import { DataTable } from '../../ui/table/DataTable';
import { usePagedRows, useTableSort } from '../../ui/table/paging';
import { defineViews } from '../../ui/views/apply';
import { SavedViews } from '../../ui/views/SavedViews';
import { CertificatePanel } from './CertificatePanel';
import { certificateColumns } from './columns';
import { CERTIFICATE_STATES, defaultState, screenState, sortIds, toListInput } from './model';
import { useCertificateList } from './queries';
import './certificates.css';
import { ClearFilters } from '../../ui/ClearFilters';

export const VIEWS = defineViews({
  screen: 'certificates',
  filters: screenState.shape.filters,
  sort: screenState.shape.sort,
  columns: hideableColumnIds(certificateColumns),
  defaults: defaultState,
  storage: ['certificates'],
});

export default function CertificatesScreen() {
  const [state, setState] = usePersistedState('certificates', screenState, defaultState);
  const input = useMemo(() => toListInput(state), [state]);
  const list = useCertificateList(input);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  // A search that finds exactly one certificate (a number typed or pasted) opens it.
  const selected =
    list.rows.find((row) => row.id === selectedId) ?? (list.rows.length === 1 && !list.query.hasNextPage ? list.rows[0]! : null);
  const searched = state.filters.search.trim() !== '';
  const filtered = searched || state.filters.state !== null;
  const setFilter = (patch: Partial<typeof state.filters>) => setState((s) => ({ ...s, filters: { ...s.filters, ...patch } }));
  const bind = bindFilters(state.filters, setFilter);
  const paged = usePagedRows(list);
  const sorting = useTableSort(state, setState, sortIds, defaultState.sort);
  const searchFor = useCallback((search: string) => setState((s) => ({ ...s, filters: { ...defaultState.filters, search } })), [setState]);
  useLinkedCertificate(searchFor);
  useHandedOffSearch('certificates', searchFor);

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Certificates</h1>
          <p className="subtitle" aria-live="polite">
            {list.query.isPending
              ? 'Loading certificates…'
              : `${formatLoaded(list.rows.length, list.query.hasNextPage, ['certificate', 'certificates'])}${filtered ? ' found' : ''}`}
          </p>
        </div>
      </header>
      <div className="filters" role="search" aria-label="Find certificates">
        <TextFilter
          label="Find a certificate"
          max={SEARCH_MAX}
          className="cert-search"
          placeholder="CERT-… number, verification link, person or workshop"
          {...bind('search')}
        />
        <SelectFilter id="certificate-state" label="State" any="Any state" options={CERTIFICATE_STATES} {...bind('state')} />
        <ClearFilters shown={filtered} onClear={() => setState((s) => ({ ...s, filters: defaultState.filters }))} />
        <span className="spacer" />
        <SavedViews spec={VIEWS} current={state} onApply={setState} />
        <ColumnPicker
          columns={certificateColumns}
          visibility={state.visibility}
          onChange={(visibility) => setState((s) => ({ ...s, visibility }))}
        />
      </div>
      {list.query.isError && (
        <ErrorBanner title="Certificates could not be loaded" error={list.query.error} onRetry={() => void list.query.refetch()} />
      )}
      <div className="split cert-split">
        <DataTable
          label="Certificates"
          columns={certificateColumns}
          {...paged}
          {...sorting}
          getRowId={(row) => row.id}
          visibility={state.visibility}
          activeRowId={selected?.id ?? null}
          onRowClick={(row) => setSelectedId(row.id)}
          empty={
            list.query.isError ? null : (
              <EmptyState title={filtered ? 'No certificate matches' : 'No certificates yet'}>
                {searched
                  ? 'Check the number (CERT-…) or search by the recipient’s email or name.'
                  : filtered
                    ? 'Choose another state.'
                    : 'Certificates appear here as people complete workshops.'}
              </EmptyState>
            )
          }
        />
        {selected ? (
          <CertificatePanel key={selected.id} certificate={selected} />
        ) : (
          <div className="card">
            <EmptyState title="Choose a certificate">Click a row, or find one by its number, to check it and revoke it.</EmptyState>
          </div>
        )}
      </div>
    </div>
  );
}

/** #/certificates/<CERT-… number> (search everywhere opens a certificate so): the number becomes the search, which
 * opens the certificate as the only match; then the address goes back to #/certificates so the search box owns it. */
function useLinkedCertificate(searchFor: (search: string) => void) {
  const linked = useRoute().rest[0];
  useEffect(() => {
    if (linked === undefined) return;
    searchFor(cleanLine(linked, SEARCH_MAX));
    window.location.replace(routeHref('certificates'));
  }, [linked, searchFor]);
}
