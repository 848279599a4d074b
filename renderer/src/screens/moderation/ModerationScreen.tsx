// Placeholder until the screen lands (issue 6).
import { EmptyState } from '../../ui/feedback';

export default function ModerationScreen() {
  return (
    <div className="page">
      <header className="page-header">
        <h1>Moderation</h1>
      </header>
      <EmptyState title="Coming next">This screen is being built.</EmptyState>
    </div>
  );
}
