// Reconciliation (docs/architecture.md, "Screens"): import a Stripe or PayPal export and match it against HumanGlue's payments and
// refunds in the database; past runs below. #/reconciliation/<run id> opens one run's results.
import { useRoute } from '../../app/route';
import { ImportPanel } from './ImportPanel';
import { InterruptedImports } from './InterruptedImports';
import { RunsTable } from './RunsTable';
import { RunView } from './RunView';
import './reconciliation.css';

export default function ReconciliationScreen() {
  const { rest } = useRoute();
  const runId = rest[0];
  if (runId) return <RunView key={runId} runId={runId} />;
  return (
    <div className="page recon-page">
      <header className="page-header">
        <div>
          <h1>Reconciliation</h1>
          <p className="subtitle">Match a processor export against HumanGlue payments and refunds.</p>
        </div>
      </header>
      <InterruptedImports />
      <ImportPanel />
      <RunsTable />
    </div>
  );
}
