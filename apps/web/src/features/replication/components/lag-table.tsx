// Per component: how far the bucket is behind, what was never uploaded, the newest verified replica.

import type { ComponentReplicationLag, ReplicationLag, ReplicationStatus } from '@quantum/api-contract';
import { DataTable, type Column } from '../../../components/ui/data-table';
import { formatAge, formatBytes } from '../../../lib/format';

type Problems = NonNullable<ReplicationStatus['problems']>;

const explain = (problem: Problems[number]): string =>
  [...problem.missed.map((seq) => `seq ${seq}: rotated away before upload`), ...problem.rejected.map((entry) => `seq ${entry.seq}: ${entry.reason}`)].join('\n');

export function LagTable({ lag, problems }: { lag: ReplicationLag; problems: Problems }) {
  const problemOf = (row: ComponentReplicationLag) => problems.find((entry) => entry.component === row.component);
  const columns: Column<ComponentReplicationLag>[] = [
    { header: 'Component', rowHeader: true, cell: (row) => row.component },
    { header: 'Local seq', cell: (row) => row.localSeq },
    { header: 'Uploaded seq', cell: (row) => row.uploadedSeq },
    { header: 'Generations behind', cell: (row) => row.generationsBehind },
    { header: 'Saves behind', cell: (row) => row.seqsBehind },
    { header: 'Bytes pending', cell: (row) => formatBytes(row.bytesPending) },
    { header: 'Oldest pending', cell: (row) => (row.oldestPendingSavedAt ? formatAge(row.oldestPendingSavedAt) : '—') },
    {
      header: 'Never uploaded',
      cell: (row) => {
        const problem = problemOf(row);
        return problem ? problem.missed.length + problem.rejected.length : 0;
      },
      title: (row) => {
        const problem = problemOf(row);
        return problem ? explain(problem) : undefined;
      },
    },
    { header: 'Verified seq', cell: (row) => problemOf(row)?.verifiedSeq ?? '—' },
  ];
  return (
    <section className="panel">
      <DataTable columns={columns} rows={lag.components} rowKey={(row) => row.component} caption="Lag per component" />
    </section>
  );
}
