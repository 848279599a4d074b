// Short confirmations at the bottom right ("Review approved — Undo"). One provider for the app; toasts with an
// action stay for their own time (the undo window), others for five seconds.
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';

export interface Toast {
  id: number;
  kind: 'ok' | 'error' | 'info';
  message: string;
  action?: { label: string; run: () => void };
  ms?: number;
}

type Show = (toast: Omit<Toast, 'id'>) => number;
const ToastContext = createContext<{ show: Show; dismiss: (id: number) => void } | null>(null);

export function ToastProvider(props: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const show = useCallback<Show>(
    (toast) => {
      const id = next.current++;
      setToasts((all) => [...all.slice(-3), { ...toast, id }]);
      setTimeout(() => dismiss(id), toast.ms ?? 5000);
      return id;
    },
    [dismiss],
  );
  const value = useMemo(() => ({ show, dismiss }), [show, dismiss]);
  return (
    <ToastContext.Provider value={value}>
      {props.children}
      <div className="toasts" aria-live="polite">
        {toasts.map((toast) => (
          <div key={toast.id} className={`card toast banner ${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'}>
            <span style={{ flex: 1 }}>{toast.message}</span>
            {toast.action && (
              <button
                className="btn small"
                onClick={() => {
                  dismiss(toast.id);
                  toast.action!.run();
                }}
              >
                {toast.action.label}
              </button>
            )}
            <button className="btn small ghost" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToasts() {
  const context = useContext(ToastContext);
  if (!context) throw new Error('useToasts outside ToastProvider');
  return context;
}
