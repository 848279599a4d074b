// The testimonial verification queue: pending testimonials oldest-updated first (or the verified, rejected or all
// of them), one in the reading pane, verified or rejected with a reason. Each decision sends the updated_at the
// person read: if the expert edited it since, SQL refuses (PT409), the queue reloads and says so.
import { useState } from 'react';
import { errorMessage, HgError } from '../../api/client';
import { useCapabilities } from '../../app/session';
import { Banner, EmptyState, ErrorBanner } from '../../ui/feedback';
import { formatLoaded } from '../../ui/format';
import { usePersistedState } from '../../ui/persisted';
import { useToasts } from '../../ui/toasts';
import { DataTable } from '../../ui/table/DataTable';
import { usePagedRows } from '../../ui/table/paging';
import { defineViews, filtersOnly, fixedOrder } from '../../ui/views/apply';
import { SavedViews } from '../../ui/views/SavedViews';
import { moveActive, nextActiveId } from '../moderation/shape';
import { testimonialColumns } from './columns';
import { useQueueKeys } from './keyboard';
import {
  canDecide,
  conflictNotice,
  defaultQueueState,
  QUEUE_STORAGE,
  queueState,
  STATE_LABELS,
  toTestimonialInput,
  VIEW_STATES,
  type TestimonialRow,
} from './model';
import { useDecideTestimonial, useInvalidateTalent, useTestimonials } from './queries';
import { RejectDialog } from './RejectDialog';
import { TestimonialPane } from './TestimonialPane';

export const EDIT_RULE = 'An expert’s edit to the quote, client or metric removes the verified badge and sends it back to this queue.';

// The queue's order is SQL's and its columns fixed: a view keeps which testimonials (and whose) it shows.
export const VIEWS = defineViews({
  screen: 'talent.testimonials',
  filters: queueState,
  sort: fixedOrder,
  columns: [],
  defaults: filtersOnly(defaultQueueState),
  storage: [QUEUE_STORAGE],
});

export function TestimonialQueue() {
  const [state, setState] = usePersistedState(QUEUE_STORAGE, queueState, defaultQueueState);
  const list = useTestimonials(toTestimonialInput(state));
  const rows = list.rows;
  const paged = usePagedRows(list);
  const { can } = useCapabilities();
  const canVerify = can('testimonials.verify');
  const toasts = useToasts();
  const refresh = useInvalidateTalent();
  const decide = useDecideTestimonial();
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<TestimonialRow | null>(null);
  const [notice, setNotice] = useState<{ kind: 'warn' | 'error'; title: string; message: string } | null>(null);

  const activeId = chosenId && rows.some((row) => row.id === chosenId) ? chosenId : (rows[0]?.id ?? null);
  const active = rows.find((row) => row.id === activeId) ?? null;

  /** Sends a decision; resolves to a message for an open dialog, or null when done or shown as a notice. */
  async function send(row: TestimonialRow, decision: 'verify' | 'reject', reason?: string): Promise<string | null> {
    setNotice(null);
    try {
      const result = await decide.mutateAsync({
        testimonial_id: row.id,
        decision,
        ...(reason ? { reason } : {}),
        expected_updated_at: row.updated_at,
      });
      toasts.show({ kind: 'ok', message: `Testimonial from ${row.client_name} ${result.state === 'verified' ? 'verified' : 'rejected'}.` });
      // In a single-state view the decided row leaves: the next one becomes active.
      if (state.state !== 'all') setChosenId(nextActiveId(rows, new Set([row.id]), row.id));
      await refresh();
      return null;
    } catch (error) {
      if (error instanceof HgError && error.code === 'conflict') {
        setNotice({ kind: 'warn', ...conflictNotice(error.message) });
        setChosenId(row.id);
        await refresh();
        return null;
      }
      if (error instanceof HgError && error.field === 'reason') return error.message;
      setNotice({ kind: 'error', title: 'Not decided', message: errorMessage(error) });
      return null;
    }
  }

  function act(decision: 'verify' | 'reject') {
    if (!active || !canVerify || decide.isPending || !canDecide(active, decision)) return;
    if (decision === 'reject') setRejecting(active);
    else void send(active, 'verify');
  }

  useQueueKeys((key) => {
    if (key === 'next' || key === 'previous') setChosenId(moveActive(rows, activeId, key === 'next' ? 1 : -1));
    else act(key);
  });

  const filtered = state.state !== 'all' || state.expert !== null;
  return (
    <>
      <Banner kind="info">{EDIT_RULE}</Banner>
      <div className="filters tal-queue-filters">
        <fieldset className="segmented">
          <legend className="field-label">Show</legend>
          {VIEW_STATES.map((value) => (
            <label key={value} className={state.state === value ? 'on' : undefined}>
              <input
                type="radio"
                name="testimonial-state"
                value={value}
                checked={state.state === value}
                onChange={() => {
                  setChosenId(null);
                  setState((s) => ({ ...s, state: value }));
                }}
              />
              {STATE_LABELS[value]}
            </label>
          ))}
        </fieldset>
        {state.expert && (
          <span className="badge accent tal-chip">
            Expert: {state.expert.name}
            <button
              className="chip-remove"
              aria-label={`Show every expert, not only ${state.expert.name}`}
              onClick={() => setState((s) => ({ ...s, expert: null }))}
            >
              ×
            </button>
          </span>
        )}
        <span className="spacer" />
        <p className="muted tal-count" aria-live="polite">
          {list.query.isPending ? 'Loading…' : formatLoaded(rows.length, list.query.hasNextPage, ['testimonial', 'testimonials'])}
          {canVerify && (
            <>
              {' · '}
              <kbd className="kbd">j</kbd>/<kbd className="kbd">k</kbd> move, <kbd className="kbd">v</kbd> verify,{' '}
              <kbd className="kbd">r</kbd> reject
            </>
          )}
        </p>
        <SavedViews spec={VIEWS} current={filtersOnly(state)} onApply={(view) => setState(view.filters)} />
      </div>
      {notice && (
        <Banner
          kind={notice.kind}
          title={notice.title}
          action={
            <button className="btn small" onClick={() => setNotice(null)}>
              Dismiss
            </button>
          }
        >
          {notice.message}
        </Banner>
      )}
      {list.query.isError && (
        <ErrorBanner title="Testimonials could not be loaded" error={list.query.error} onRetry={() => void list.query.refetch()} />
      )}
      <DataTable
        label="Testimonials"
        columns={testimonialColumns}
        {...paged}
        getRowId={(row) => row.id}
        sort={null}
        activeRowId={activeId}
        onRowClick={(row) => setChosenId(row.id)}
        height="100%"
        empty={
          list.query.isError ? null : state.state === 'pending' ? (
            <EmptyState title="Nothing waiting">
              {state.expert
                ? `${state.expert.name} has no testimonial waiting for verification.`
                : 'Every testimonial has been decided. New and edited ones appear here.'}
            </EmptyState>
          ) : (
            <EmptyState title={filtered ? `No ${state.state === 'all' ? '' : `${state.state} `}testimonials here` : 'No testimonials yet'}>
              {state.expert ? 'Show every expert to see more.' : 'Choose another state to see more.'}
            </EmptyState>
          )
        }
      />
      <TestimonialPane testimonial={active} canVerify={canVerify} busy={decide.isPending} onDecide={act} />
      {rejecting && (
        <RejectDialog
          testimonial={rejecting}
          busy={decide.isPending}
          onClose={() => setRejecting(null)}
          onSubmit={async (reason) => {
            const message = await send(rejecting, 'reject', reason);
            if (message === null) setRejecting(null);
            return message;
          }}
        />
      )}
    </>
  );
}
