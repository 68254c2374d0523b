// Shadow agents side by side with the entry agent.

import { Link } from 'react-router';
import type { ShadowComparison } from '@quantum/api-contract';
import { DataTable, type Column } from '../../../components/ui/data-table';
import { QueryState } from '../../../components/ui/query-state';
import { formatAge, formatNumber } from '../../../lib/format';
import { useView } from '../api/get-views';

export function ShadowsPanel({ component, generation }: { component: string; generation: string }) {
  const view = useView(component, generation, 'shadows');
  const shadows = view.data?.shadows ?? [];
  const columns: Column<ShadowComparison>[] = [
    {
      header: 'Agent',
      rowHeader: true,
      cell: (shadow) => (
        <Link to={`/components/${component}/tables/${shadow.table}?generation=${generation}`}>
          #{shadow.agentId} {shadow.strategyName}
        </Link>
      ),
    },
    { header: 'Sharpe', cell: (shadow) => formatNumber(shadow.sharpeRatio) },
    { header: 'Sortino', cell: (shadow) => formatNumber(shadow.sortinoRatio) },
    { header: 'Max drawdown', cell: (shadow) => formatNumber(shadow.maxDrawdown) },
    { header: 'Trades', cell: (shadow) => shadow.totalTrades },
    { header: 'Divergence', cell: (shadow) => formatNumber(shadow.actionDivergence) },
    {
      header: 'Agreement',
      cell: (shadow) => (shadow.agreementWithEntry === null ? '—' : `${(shadow.agreementWithEntry * 100).toFixed(1)}% of ${shadow.sharedStates}`),
    },
    { header: 'Q entries', cell: (shadow) => shadow.qEntries.toLocaleString('en-US') },
    { header: 'Mean Q', cell: (shadow) => formatNumber(shadow.meanQ) },
    { header: 'Last outperformed', cell: (shadow) => formatAge(shadow.lastOutperformed) },
  ];
  return (
    <section className="panel" aria-label={`${component} comparison`}>
      <h2>{component}: comparison</h2>
      <QueryState label="shadow agents" isPending={view.isPending} error={view.error} isEmpty={shadows.length === 0} emptyMessage="No shadow agents.">
        <DataTable columns={columns} rows={shadows} rowKey={(shadow) => shadow.agentId} caption="Shadow agents against the entry agent" />
      </QueryState>
    </section>
  );
}
