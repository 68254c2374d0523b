// The loading, error, offline and empty states every data view shows in the same way.

import type { ReactNode } from 'react';
import { isOfflineError } from '../../lib/api-client';

interface QueryStateProps {
  isPending: boolean;
  error: unknown;
  isEmpty?: boolean;
  emptyMessage?: ReactNode;
  label: string;
  onRetry?: () => void;
  children: ReactNode;
}

export function QueryState({ isPending, error, isEmpty, emptyMessage, label, onRetry, children }: QueryStateProps) {
  if (isPending) {
    return (
      <div className="state state-loading" role="status" aria-live="polite">
        Loading {label}…
      </div>
    );
  }
  if (error) {
    const offline = isOfflineError(error);
    return (
      <div className={offline ? 'state state-offline' : 'state state-error'} role="alert">
        <strong>{offline ? `Offline: ${label} cannot be loaded` : `Could not load ${label}`}</strong>
        <p>{offline ? 'The server is not answering; this view refreshes when it is back.' : messageOf(error)}</p>
        {onRetry ? (
          <button type="button" onClick={onRetry}>
            Retry
          </button>
        ) : null}
      </div>
    );
  }
  if (isEmpty) {
    return (
      <div className="state state-empty" role="status">
        {emptyMessage ?? `No ${label} yet.`}
      </div>
    );
  }
  return <>{children}</>;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
