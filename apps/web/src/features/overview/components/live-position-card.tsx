// The live active position (the per-tick two-slot file), beside the ActivePosition snapshot
// card: open or flat, the trade's figures, and which slot verified.

import type { LivePosition } from '@quantum/api-contract';
import { QueryState } from '../../../components/ui/query-state';
import { StatusBadge, type Tone } from '../../../components/ui/status-badge';
import { formatAge, formatNumber, formatTime } from '../../../lib/format';
import { usePosition } from '../api/get-position';

const tones: Record<LivePosition['status'], Tone> = { open: 'ok', flat: 'neutral', unverified: 'error' };
const labels: Record<LivePosition['status'], string> = { open: 'Open', flat: 'Flat', unverified: 'Unverified' };

export function LivePositionCard({ now }: { now: number }) {
  const query = usePosition();
  const live = query.data;
  return (
    <article className={`card card-${live ? tones[live.status] : 'neutral'}`} aria-labelledby="live-position-title">
      <header className="card-header">
        <h3 id="live-position-title">Live position</h3>
        {live ? <StatusBadge tone={tones[live.status]}>{labels[live.status]}</StatusBadge> : null}
      </header>
      <QueryState label="live position" isPending={query.isPending} error={live ? null : query.error} onRetry={() => void query.refetch()}>
        {live ? (
          <dl className="facts">
            {live.position ? (
              <>
                <dt>Ticket</dt>
                <dd>#{live.position.ticket}</dd>
                <dt>Entry price</dt>
                <dd>{formatNumber(live.position.entryPrice, 5)}</dd>
                <dt>MFE / MAE</dt>
                <dd>
                  {formatNumber(live.position.mfe, 5)} / {formatNumber(live.position.mae, 5)}
                </dd>
                <dt>Bars held</dt>
                <dd>{live.position.barsHeld}</dd>
                <dt>Regime</dt>
                <dd>{live.position.regime}</dd>
                <dt>Opened</dt>
                <dd>{formatTime(live.position.time)}</dd>
              </>
            ) : null}
            <dt>Slot</dt>
            <dd>{live.slot ? `${live.slot.index} · seq ${live.slot.seq} · written ${formatAge(live.slot.writtenAt, now)}` : '—'}</dd>
            <dt>Verification</dt>
            <dd>
              {live.verification}: {live.reason}
            </dd>
          </dl>
        ) : null}
      </QueryState>
    </article>
  );
}
