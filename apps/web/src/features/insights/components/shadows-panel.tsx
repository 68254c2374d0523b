// Shadow agents side by side with the entry agent.

import { Link } from 'react-router';
import { QueryState } from '../../../components/ui/query-state';
import { formatAge, formatNumber } from '../../../lib/format';
import { useView } from '../api/get-views';

export function ShadowsPanel({ component, generation }: { component: string; generation: string }) {
  const view = useView(component, generation, 'shadows');
  const shadows = view.data?.shadows ?? [];
  return (
    <section className="panel" aria-label={`${component} comparison`}>
      <h2>{component}: comparison</h2>
      <QueryState label="shadow agents" isPending={view.isPending} error={view.error} isEmpty={shadows.length === 0} emptyMessage="No shadow agents.">
        <table>
          <caption>Shadow agents against the entry agent</caption>
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Sharpe</th>
              <th scope="col">Sortino</th>
              <th scope="col">Max drawdown</th>
              <th scope="col">Trades</th>
              <th scope="col">Divergence</th>
              <th scope="col">Agreement</th>
              <th scope="col">Q entries</th>
              <th scope="col">Mean Q</th>
              <th scope="col">Last outperformed</th>
            </tr>
          </thead>
          <tbody>
            {shadows.map((shadow) => (
              <tr key={shadow.agentId}>
                <th scope="row">
                  <Link to={`/components/${component}/tables/${shadow.table}?generation=${generation}`}>
                    #{shadow.agentId} {shadow.strategyName}
                  </Link>
                </th>
                <td>{formatNumber(shadow.sharpeRatio)}</td>
                <td>{formatNumber(shadow.sortinoRatio)}</td>
                <td>{formatNumber(shadow.maxDrawdown)}</td>
                <td>{shadow.totalTrades}</td>
                <td>{formatNumber(shadow.actionDivergence)}</td>
                <td>{shadow.agreementWithEntry === null ? '—' : `${(shadow.agreementWithEntry * 100).toFixed(1)}% of ${shadow.sharedStates}`}</td>
                <td>{shadow.qEntries.toLocaleString('en-US')}</td>
                <td>{formatNumber(shadow.meanQ)}</td>
                <td>{formatAge(shadow.lastOutperformed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </QueryState>
    </section>
  );
}
