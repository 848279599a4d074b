// The review moderation queue (docs/architecture.md, "Screens"): pending and flagged reviews oldest first, filters kept per screen,
// a reading pane for the active review, single and bulk decisions with undo, and single-key shortcuts.
import { useCallback, useMemo, useRef, useState } from 'react';
import { useCapabilities } from '../../app/session';
import { formatCount } from '../../data/server-list';
import { Banner, EmptyState, ErrorBanner } from '../../ui/feedback';
import { formatNumber } from '../../ui/format';
import { usePersistedState } from '../../ui/persisted';
import { ColumnPicker, hideableColumnIds } from '../../ui/table/ColumnPicker';
import { DataTable, type Sort } from '../../ui/table/DataTable';
import { usePagedRows } from '../../ui/table/paging';
import { defineViews } from '../../ui/views/apply';
import { SavedViews } from '../../ui/views/SavedViews';
import { reviewColumns, SelectionContext, type Selection } from './columns';
import { DetailPanel } from './DetailPanel';
import { DecisionDialog, RespondDialog, ShortcutsDialog, type DecisionRequest } from './dialogs';
import { defaultScreenState, isFiltered, screenState, sortIds, STORAGE_KEY, toListInput, type FilterState } from './filters';
import { FiltersBar } from './FiltersBar';
import { useShortcuts, type ShortcutAction } from './keyboard';
import { moveActive, needsTypedConfirmation, nextActiveId, type ReviewRow } from './shape';
import { useQueue } from './queries';
import { useDecisions, type Choice } from './useDecisions';
import './moderation.css';

export const VIEWS = defineViews({
  screen: 'moderation',
  filters: screenState.shape.filters,
  sort: screenState.shape.sort,
  columns: hideableColumnIds(reviewColumns),
  defaults: defaultScreenState,
  storage: [STORAGE_KEY],
});

const reviewId = (row: ReviewRow) => row.id;

type OpenDialog = { kind: 'decision'; request: DecisionRequest } | { kind: 'respond'; review: ReviewRow } | { kind: 'shortcuts' } | null;

export default function ModerationScreen() {
  const [state, setState] = usePersistedState(STORAGE_KEY, screenState, defaultScreenState);
  const input = useMemo(() => toListInput(state), [state]);
  const list = useQueue(input);
  const rows = list.rows;
  const paged = usePagedRows(list);
  const { can } = useCapabilities();
  const canModerate = can('reviews.moderate');
  const canRespond = can('reviews.respond');

  const [chosenId, setChosenId] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  // The active row: the one chosen while it is still listed, else the first (after a refresh or a filter change).
  const activeId = chosenId && rows.some((row) => row.id === chosenId) ? chosenId : (rows[0]?.id ?? null);
  const active = rows.find((row) => row.id === activeId) ?? null;
  const selectedRows = rows.filter((row) => selected.has(row.id));

  // After a decision the next review becomes active (rows and active as they were when the decision was made).
  const onMovedOn = (decided: string[]) => {
    const leaving = new Set(decided);
    setChosenId(nextActiveId(rows, leaving, activeId));
    setSelected((previous) => new Set([...previous].filter((id) => !leaving.has(id))));
  };
  const decisions = useDecisions({ onMovedOn, onRestored: setChosenId });

  const closeDialog = () => {
    setDialog(null);
    setDialogError(null);
  };
  const openDecision = (request: DecisionRequest) => {
    setDialogError(null);
    setDialog({ kind: 'decision', request });
  };

  async function decideActive(decision: 'approve' | 'reject' | 'flag') {
    if (!active || !canModerate || decisions.busy) return;
    if (decision === 'reject') return openDecision({ decision, ids: [active.id] });
    const message = await decisions.decide(active, decision);
    if (message) decisions.setNotice({ kind: 'error', message });
  }

  async function submitDecision(request: DecisionRequest, choice: Choice) {
    const reviews = rows.filter((row) => request.ids.includes(row.id));
    const message =
      !request.bulk && reviews[0]
        ? await decisions.decide(reviews[0], request.decision, choice)
        : await decisions.decideBulk(reviews, request.decision, choice);
    if (message) setDialogError(message);
    else closeDialog();
  }

  function bulk(decision: 'approve' | 'reject') {
    if (selectedRows.length === 0) return;
    const ids = selectedRows.map((row) => row.id);
    if (decision === 'approve' && !needsTypedConfirmation(ids.length)) {
      void decisions.decideBulk(selectedRows, 'approve').then((message) => message && decisions.setNotice({ kind: 'error', message }));
      return;
    }
    openDecision({ decision, ids, bulk: true });
  }

  const toggle = useCallback((id: string) => {
    setSelected((previous) => {
      const next = new Set(previous);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }, []);
  const allSelected = rows.length > 0 && selectedRows.length === rows.length;
  const someSelected = selectedRows.length > 0;
  // The checkbox cells read this through context: a new object on every render (every j/k) would render them all.
  const selection: Selection = useMemo(
    () => ({
      isSelected: (id) => selected.has(id),
      toggle,
      allSelected,
      someSelected,
      toggleAll: () => setSelected(allSelected ? new Set() : new Set(rows.map((row) => row.id))),
    }),
    [selected, toggle, allSelected, someSelected, rows],
  );

  useShortcuts(dialog === null, (action: ShortcutAction) => {
    if (action === 'next' || action === 'previous') setChosenId(moveActive(rows, activeId, action === 'next' ? 1 : -1));
    else if (action === 'approve' || action === 'reject' || action === 'flag') void decideActive(action);
    else if (action === 'select' && activeId) toggle(activeId);
    else if (action === 'search') searchRef.current?.focus();
    else if (action === 'help') setDialog({ kind: 'shortcuts' });
  });

  const setFilters = useCallback((filters: FilterState) => setState((previous) => ({ ...previous, filters })), [setState]);
  const setSort = (sort: Sort | null) => {
    const id = sortIds.find((candidate) => candidate === sort?.id) ?? 'created_at';
    setState((previous) => ({
      ...previous,
      sort: { id, desc: sort ? sort.desc : false },
    }));
  };

  // One element while the state stands, so the memoised filter bar it sits in is not rendered on every j/k.
  const savedViews = useMemo(() => <SavedViews spec={VIEWS} current={state} onApply={setState} />, [state, setState]);
  const filtered = isFiltered(state.filters);
  const count = formatCount(list.total);
  const empty = filtered ? (
    <EmptyState title="No reviews match these filters">
      Nothing in {state.filters.status.length ? 'the chosen statuses' : 'the queue'} fits.{' '}
      <button className="btn link" onClick={() => setFilters(defaultScreenState.filters)}>
        Clear filters
      </button>
    </EmptyState>
  ) : (
    <EmptyState title="The queue is clear">No reviews are waiting for moderation. New ones appear here as people post them.</EmptyState>
  );

  return (
    <div className="page mod-page">
      <header className="page-header">
        <div>
          <h1>Moderation</h1>
          <p className="subtitle" aria-live="polite">
            {count
              ? `${count} review${list.total?.total === 1 ? '' : 's'}${filtered ? ' match the filters' : ' waiting'}`
              : 'Counting reviews…'}
            {rows.length > 0 && list.total && rows.length < list.total.total ? ` · ${formatNumber(rows.length)} loaded` : ''}
          </p>
        </div>
        <span className="spacer" />
        <button className="btn ghost" onClick={() => setDialog({ kind: 'shortcuts' })}>
          Shortcuts <kbd className="kbd">?</kbd>
        </button>
        <ColumnPicker
          columns={reviewColumns}
          visibility={state.visibility}
          onChange={(visibility) => setState((previous) => ({ ...previous, visibility }))}
        />
      </header>

      <FiltersBar filters={state.filters} onChange={setFilters} ref={searchRef}>
        {savedViews}
      </FiltersBar>

      {decisions.notice && (
        <Banner
          kind={decisions.notice.kind === 'conflict' ? 'warn' : 'error'}
          title={decisions.notice.kind === 'conflict' ? 'Someone else got there first' : 'The action did not go through'}
          action={
            <button className="btn small" onClick={() => decisions.setNotice(null)}>
              Dismiss
            </button>
          }
        >
          {decisions.notice.message}
          {decisions.notice.kind === 'conflict' && ' The queue has been refreshed.'}
        </Banner>
      )}
      {list.query.isError && (
        <ErrorBanner title="The queue could not be loaded" error={list.query.error} onRetry={() => void list.query.refetch()} />
      )}

      {selectedRows.length > 0 && canModerate && (
        <div className="card mod-bulkbar" role="region" aria-label="Bulk actions">
          <strong>{selectedRows.length} selected</strong>
          <button className="btn small primary" disabled={decisions.busy} onClick={() => bulk('approve')}>
            Approve selected
          </button>
          <button className="btn small danger" disabled={decisions.busy} onClick={() => bulk('reject')}>
            Reject selected…
          </button>
          <button className="btn small ghost" onClick={() => setSelected(new Set())}>
            Clear selection
          </button>
        </div>
      )}

      <SelectionContext.Provider value={selection}>
        <DataTable
          label="Reviews to moderate"
          columns={reviewColumns}
          {...paged}
          getRowId={reviewId}
          sort={state.sort}
          onSortChange={setSort}
          visibility={state.visibility}
          empty={list.query.isError ? null : empty}
          activeRowId={activeId}
          isSelected={(row) => selected.has(row.id)}
          onRowClick={(row) => setChosenId(row.id)}
          height="100%"
        />
      </SelectionContext.Provider>

      <DetailPanel
        review={active}
        canModerate={canModerate}
        canRespond={canRespond}
        busy={decisions.busy}
        onDecide={(decision) => void decideActive(decision)}
        onRespond={() => active && setDialog({ kind: 'respond', review: active })}
      />

      {dialog?.kind === 'decision' && (
        <DecisionDialog
          request={dialog.request}
          busy={decisions.busy}
          error={dialogError}
          onClose={closeDialog}
          onSubmit={(choice) => void submitDecision(dialog.request, choice)}
        />
      )}
      {dialog?.kind === 'respond' && (
        <RespondDialog
          review={dialog.review}
          busy={decisions.busy}
          error={dialogError}
          onClose={closeDialog}
          onSubmit={(text) =>
            void decisions.respond(dialog.review, text).then((message) => (message ? setDialogError(message) : closeDialog()))
          }
        />
      )}
      {dialog?.kind === 'shortcuts' && <ShortcutsDialog onClose={closeDialog} />}
    </div>
  );
}
