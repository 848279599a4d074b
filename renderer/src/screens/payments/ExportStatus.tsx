// The CSV export's progress, with Cancel while it runs, then the saved file's name or what went wrong.
import { errorMessage } from '../../api/client';
import { progressView } from '../../data/operation';
import { Banner } from '../../ui/feedback';
import { formatNumber } from '../../ui/format';
import { ProgressBar } from '../../ui/ProgressBar';
import type { Exporter } from './useExport';

export function ExportStatus(props: { exporter: Exporter }) {
  const { start, cancel, event, operationId, running } = props.exporter;
  const dismiss = (
    <button className="btn small" onClick={props.exporter.dismiss}>
      Dismiss
    </button>
  );
  if (start.isPending) {
    return (
      <Banner kind="info" title="Preparing the export…">
        Choose where to save the CSV file.
      </Banner>
    );
  }
  const failure = start.error ?? cancel.error;
  if (failure) {
    return (
      <Banner kind="error" title="The export failed" action={dismiss}>
        {errorMessage(failure)}
      </Banner>
    );
  }
  if (operationId && running) {
    return (
      <Banner
        kind="info"
        title="Exporting payments to CSV"
        action={
          <button className="btn small" onClick={() => cancel.mutate(operationId)} disabled={cancel.isPending}>
            Cancel export
          </button>
        }
      >
        <div className="pay-progress">
          <ProgressBar label="Export progress" view={progressView(event, 'row', 'written')} />
        </div>
      </Banner>
    );
  }
  switch (event?.phase) {
    case 'done':
      return (
        <Banner kind="ok" title="Export finished" action={dismiss}>
          {formatNumber(event.done)} {event.done === 1 ? 'payment' : 'payments'} saved to{' '}
          <strong>{event.result?.file_name ?? 'the chosen file'}</strong>.
        </Banner>
      );
    case 'cancelled':
      return (
        <Banner kind="warn" title="Export cancelled" action={dismiss}>
          {event.message ?? 'Export cancelled.'}
        </Banner>
      );
    case 'failed':
      return (
        <Banner kind="error" title="The export failed" action={dismiss}>
          {event.error?.message ?? event.message ?? 'The export failed.'}
        </Banner>
      );
    default:
      return null;
  }
}
