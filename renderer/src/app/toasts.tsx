import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { getErrorMessage } from '../api/api-error';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  text: string;
  code?: string;
}

interface ToastApi {
  showError: (err: unknown) => void;
  showInfo: (text: string) => void;
}

const ToastContext = createContext<ToastApi>({ showError: () => {}, showInfo: () => {} });

let nextId = 1;

/** Errors from the main side and short confirmations, in a live region; errors stay until closed. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((t) => t.filter((x) => x.id !== id)), []);
  const push = useCallback(
    (t: Omit<Toast, 'id'>) => {
      const id = nextId++;
      // Errors stay until closed; confirmations go after a moment and never stack more than two deep.
      setToasts((list) => [
        ...list.filter((x) => x.kind === 'error').slice(-3),
        ...list.filter((x) => x.kind === 'info').slice(-1),
        { ...t, id },
      ]);
      if (t.kind === 'info') setTimeout(() => dismiss(id), 3000);
    },
    [dismiss],
  );
  const api = useMemo<ToastApi>(
    () => ({
      showError: (err) => push({ kind: 'error', text: getErrorMessage(err), code: (err as { code?: string })?.code }),
      showInfo: (text) => push({ kind: 'info', text }),
    }),
    [push],
  );
  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="toasts" aria-live="polite">
        {toasts.map((t) => (
          <div
            key={t.id}
            className={`toast toast-${t.kind}`}
            role={t.kind === 'error' ? 'alert' : 'status'}
            data-testid={`toast-${t.kind}`}
          >
            <span className="toast-text">
              {t.code && <code>{t.code}</code>} {t.text}
            </span>
            <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToasts(): ToastApi {
  return useContext(ToastContext);
}
