// "Unpin" on a pinned row (operators): a second click confirms, so a stray Enter removes nothing.

import { useState } from 'react';
import type { PinnedInfo } from '@quantum/api-contract';
import { messageOf } from '../../../components/ui/query-state';
import { useCurrentSession } from '../../../app/session-context';
import { useUnpinGeneration } from '../api/pins';

export function UnpinButton({ component, pin }: { component: string; pin: PinnedInfo }) {
  const session = useCurrentSession();
  const [confirming, setConfirming] = useState(false);
  const unpin = useUnpinGeneration(component);
  if (session?.role !== 'operator') return <span className="muted">operators only</span>;
  return (
    <span className="toolbar">
      {confirming ? (
        <>
          <button type="button" className="danger" onClick={() => unpin.mutate(pin.seq, { onSettled: () => setConfirming(false) })} disabled={unpin.isPending}>
            {unpin.isPending ? 'Unpinning…' : `Confirm unpin ${pin.ref}`}
          </button>
          <button type="button" onClick={() => setConfirming(false)} disabled={unpin.isPending}>
            Cancel
          </button>
        </>
      ) : (
        <button type="button" onClick={() => setConfirming(true)} aria-label={`Unpin ${pin.ref}`}>
          Unpin
        </button>
      )}
      {unpin.isError ? (
        <span role="alert" className="form-error">
          Unpin refused: {messageOf(unpin.error)}
        </span>
      ) : null}
    </span>
  );
}
