// The CSV export's progress, with Cancel while it runs, then the saved file's name or what went wrong.
import { Banner } from '../../ui/feedback';
import { formatNumber } from '../../ui/format';
import { percent, type ExportState } from './export-state';

export function ExportStatus(props: { state: ExportState; onCancel: () => void; onDismiss: () => void }) {
  const { state } = props;
  const dismiss = (
    <button className="btn small" onClick={props.onDismiss}>
      Dismiss
    </button>
  );
  switch (state.phase) {
    case 'idle':
      return null;
    case 'starting':
      return <Banner kind="info" title="Preparing the export…">Choose where to save the CSV file.</Banner>;
    case 'running': {
      const pct = percent(state.done, state.total);
      return (
        <Banner
          kind="info"
          title="Exporting payments to CSV"
          action={
            <button className="btn small" onClick={props.onCancel}>
              Cancel export
            </button>
          }
        >
          <div
            className="progress pay-progress"
            role="progressbar"
            aria-label="Export progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={pct ?? undefined}
          >
            <div style={{ width: `${pct ?? 5}%` }} />
          </div>
          <span className="muted">
            {formatNumber(state.done)}
            {state.total !== null ? ` of ${formatNumber(state.total)}` : ''} rows written{state.message ? ` · ${state.message}` : ''}
          </span>
        </Banner>
      );
    }
    case 'done':
      return (
        <Banner kind="ok" title="Export finished" action={dismiss}>
          {formatNumber(state.done)} {state.done === 1 ? 'payment' : 'payments'} saved to <strong className="pay-inline">{state.fileName ?? 'the chosen file'}</strong>.
        </Banner>
      );
    case 'cancelled':
      return (
        <Banner kind="warn" title="Export cancelled" action={dismiss}>
          {state.message}
        </Banner>
      );
    case 'failed':
      return (
        <Banner kind="error" title="The export failed" action={dismiss}>
          {state.message}
        </Banner>
      );
  }
}
