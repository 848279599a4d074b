// The small pieces every screen uses to say what is happening: banners, skeletons, empty states.
import type { ReactNode } from 'react';
import { errorMessage } from '../api/client';

export function Banner(props: { kind: 'error' | 'warn' | 'ok' | 'info'; title?: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className={`banner ${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      <div style={{ flex: 1 }}>
        {props.title && <strong className="banner-title">{props.title}</strong>}
        {props.children}
      </div>
      {props.action}
    </div>
  );
}

/** An error in words, with a retry where one makes sense. */
export function ErrorBanner(props: { error: unknown; title?: string; onRetry?: () => void }) {
  return (
    <Banner
      kind="error"
      title={props.title}
      action={
        props.onRetry && (
          <button className="btn small" onClick={props.onRetry}>
            Try again
          </button>
        )
      }
    >
      {errorMessage(props.error)}
    </Banner>
  );
}

export function Skeleton(props: { lines?: number; width?: string }) {
  return (
    <div className="stack" aria-busy="true" aria-label="Loading">
      {Array.from({ length: props.lines ?? 3 }, (_, i) => (
        <div key={i} className="skeleton" style={{ width: props.width ?? `${90 - (i % 3) * 15}%` }} />
      ))}
    </div>
  );
}

export function EmptyState(props: { title: string; children?: ReactNode }) {
  return (
    <div className="empty" role="status">
      <strong>{props.title}</strong>
      {props.children && <span>{props.children}</span>}
    </div>
  );
}
