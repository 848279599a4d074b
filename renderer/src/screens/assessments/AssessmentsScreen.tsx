// Assessments (admins only): one organisation's adaptability assessments with the five dimension scores and the
// overall score, newest completed first. Scores only: the answers stay in the database, and no channel returns them.
import { EmptyState, ErrorBanner } from '../../ui/feedback';
import { usePersistedState } from '../../ui/persisted';
import { DataTable } from '../../ui/table/DataTable';
import { useServerList } from '../../data/server-list';
import { assessmentColumns } from './columns';
import { ASSESSMENT_STATUSES, defaultState, screenState, statusLabel, toListInput, type ScreenState } from './model';
import { OrganisationChooser } from './OrganisationChooser';
import './assessments.css';

type Chosen = ScreenState & { organization: NonNullable<ScreenState['organization']> };

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
        <div className="field">
          <label htmlFor="assessment-status">Status</label>
          <select
            id="assessment-status"
            className="select"
            value={state.status ?? ''}
            onChange={(e) => setState((s) => ({ ...s, status: (e.target.value || null) as ScreenState['status'] }))}
          >
            <option value="">Any status</option>
            {ASSESSMENT_STATUSES.map((value) => (
              <option key={value} value={value}>
                {statusLabel(value)}
              </option>
            ))}
          </select>
        </div>
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
  const loaded = list.rows.length;
  return (
    <section className="stack asm-results" aria-labelledby="asm-title">
      <div className="row">
        <h2 id="asm-title">{organization.name}</h2>
        <span className="muted" aria-live="polite">
          {list.query.isPending
            ? 'Loading…'
            : `${loaded}${list.query.hasNextPage ? '+' : ''} ${status ? `${statusLabel(status)} ` : ''}${loaded === 1 ? 'assessment' : 'assessments'}`}
        </span>
      </div>
      {list.query.isError && (
        <ErrorBanner title="Assessments could not be loaded" error={list.query.error} onRetry={() => void list.query.refetch()} />
      )}
      <DataTable
        label={`Assessments of ${organization.name}`}
        columns={assessmentColumns}
        rows={list.rows}
        getRowId={(row) => row.id}
        sort={null}
        loading={list.query.isPending}
        hasMore={list.query.hasNextPage}
        loadingMore={list.query.isFetchingNextPage}
        onLoadMore={() => void list.query.fetchNextPage()}
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
