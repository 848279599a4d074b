// Assessments (admins only): one organisation's adaptability assessments with the five dimension scores and the
// overall score, newest completed first. Scores only: the answers stay in the database, and no channel returns them.
import { EmptyState, ErrorBanner } from '../../ui/feedback';
import { formatLoaded } from '../../ui/format';
import { usePersistedState } from '../../ui/persisted';
import { SelectFilter } from '../../ui/SelectFilter';
import { DataTable } from '../../ui/table/DataTable';
import { usePagedRows } from '../../ui/table/paging';
import { defineViews, filtersOnly, fixedOrder } from '../../ui/views/apply';
import { SavedViews } from '../../ui/views/SavedViews';
import { useServerList } from '../../data/server-list';
import { assessmentColumns } from './columns';
import { ASSESSMENT_STATUSES, defaultState, screenState, statusLabel, toListInput, type ScreenState } from './model';
import { OrganisationChooser } from './OrganisationChooser';
import './assessments.css';

type Chosen = ScreenState & { organization: NonNullable<ScreenState['organization']> };

// Newest first with fixed columns: a view keeps the organisation and status chosen.
export const VIEWS = defineViews({
  screen: 'assessments',
  filters: screenState,
  sort: fixedOrder,
  columns: [],
  defaults: filtersOnly(defaultState),
  storage: ['assessments'],
});

export default function AssessmentsScreen() {
  const [state, setState] = usePersistedState('assessments', screenState, defaultState);

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Assessments</h1>
          <p className="subtitle">Scores per organisation. Answers are never shown here: they stay private to the person who gave them.</p>
        </div>
      </header>
      <div className="filters" role="search" aria-label="Choose the assessments">
        <OrganisationChooser chosen={state.organization} onChoose={(organization) => setState((s) => ({ ...s, organization }))} />
        <SelectFilter
          id="assessment-status"
          label="Status"
          any="Any status"
          options={ASSESSMENT_STATUSES}
          labels={statusLabel}
          value={state.status}
          onChange={(status) => setState((s) => ({ ...s, status }))}
        />
        <span className="spacer" />
        <SavedViews spec={VIEWS} current={filtersOnly(state)} onApply={(view) => setState(view.filters)} />
      </div>
      {state.organization ? (
        <Results state={{ ...state, organization: state.organization }} />
      ) : (
        <div className="card">
          <EmptyState title="Choose an organisation">Its members’ assessments and scores appear here.</EmptyState>
        </div>
      )}
    </div>
  );
}

function Results(props: { state: Chosen }) {
  const { organization, status } = props.state;
  const list = useServerList({ key: 'assessments', list: 'assessments:list', input: toListInput(props.state) });
  const paged = usePagedRows(list);
  const noun = status ? `${statusLabel(status)} assessment` : 'assessment';
  return (
    <section className="stack asm-results" aria-labelledby="asm-title">
      <div className="row">
        <h2 id="asm-title">{organization.name}</h2>
        <span className="muted" aria-live="polite">
          {list.query.isPending ? 'Loading…' : formatLoaded(list.rows.length, list.query.hasNextPage, [noun, `${noun}s`])}
        </span>
      </div>
      {list.query.isError && (
        <ErrorBanner title="Assessments could not be loaded" error={list.query.error} onRetry={() => void list.query.refetch()} />
      )}
      <DataTable
        label={`Assessments of ${organization.name}`}
        columns={assessmentColumns}
        {...paged}
        getRowId={(row) => row.id}
        sort={null}
        height="calc(100vh - 310px)"
        empty={
          list.query.isError ? null : (
            <EmptyState title={status ? `No ${statusLabel(status)} assessments` : 'No assessments yet'}>
              {status ? 'Choose another status.' : `Nobody at ${organization.name} has started an assessment.`}
            </EmptyState>
          )
        }
      />
    </section>
  );
}
