// A labelled progress bar for long work in main: determinate when the total is known, a moving stripe otherwise.
import type { ProgressView } from './model';

export function ProgressBar(props: { label: string; view: ProgressView }) {
  const { percent, label, detail } = props.view;
  return (
    <div className="recon-progress">
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
      <span className="muted recon-progress-label" aria-live="polite">
        {percent !== null && <strong>{percent}%</strong>} {label}
      </span>
    </div>
  );
}
