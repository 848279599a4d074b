// The one progress bar for long work in main (imports, exports): determinate when the total is known, a moving
// stripe otherwise. `progressView` (data/operation.ts) turns an operation's latest event into what it shows.
import type { ProgressView } from '../data/operation';

export function ProgressBar(props: { label: string; view: ProgressView }) {
  const { percent, label, detail } = props.view;
  return (
    <div className="progress-block">
      <div
        className="progress"
        role="progressbar"
        aria-label={props.label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={detail && !label.includes(detail) ? `${label} (${detail})` : label}
      >
        <div className={percent === null ? 'indeterminate' : undefined} style={{ width: `${percent ?? 100}%` }} />
      </div>
      <span className="muted progress-label" aria-live="polite">
        {percent !== null && <strong>{percent}%</strong>} {label}
      </span>
    </div>
  );
}
