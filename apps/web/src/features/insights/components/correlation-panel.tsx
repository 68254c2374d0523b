// Portfolio risk: circuit-breaker level, correlation heatmap, system entropy.

import { CorrelationHeatmap } from '../../../components/charts/correlation-heatmap';
import { QueryState } from '../../../components/ui/query-state';
import { StatusBadge } from '../../../components/ui/status-badge';
import { formatAge, formatNumber } from '../../../lib/format';
import { useView } from '../api/get-views';

const levelTone = { GREEN: 'ok', YELLOW: 'warning', ORANGE: 'warning', RED: 'error', BLACK: 'error' } as const;

export function CorrelationPanel({ component, generation }: { component: string; generation: string }) {
  const view = useView(component, generation, 'correlation');
  const data = view.data;
  return (
    <section className="panel" aria-label={`${component} risk`}>
      <h2>{component}: risk</h2>
      <QueryState label="risk view" isPending={view.isPending} error={view.error}>
        {data ? (
          <>
            <p>
              Circuit breaker{' '}
              <StatusBadge tone={levelTone[data.circuitBreaker.level as keyof typeof levelTone] ?? 'neutral'}>
                {data.circuitBreaker.level}
              </StatusBadge>{' '}
              since {formatAge(data.circuitBreaker.levelChanged)} · {data.circuitBreaker.consecutiveViolations} consecutive violations ·{' '}
              {data.circuitBreaker.releaseCodeCount} release codes · macro entropy {formatNumber(data.macroSystemEntropy)}
            </p>
            {data.symbols.length > 0 ? (
              <CorrelationHeatmap symbols={data.symbols} matrix={data.matrix} label={`Correlation of ${data.symbols.length} symbols`} />
            ) : (
              <p className="muted">No symbols.</p>
            )}
          </>
        ) : null}
      </QueryState>
    </section>
  );
}
