// Audit entries as a table: who did what to which component, and how it ended.

import type { AuditEntry } from '@quantum/api-contract';
import { DataTable, type Column } from '../../../components/ui/data-table';
import { StatusBadge } from '../../../components/ui/status-badge';
import { formatTime } from '../../../lib/format';

const columns: Column<AuditEntry>[] = [
  { header: '#', cell: (entry) => entry.id },
  { header: 'Time', cell: (entry) => formatTime(entry.time) },
  { header: 'Actor', cell: (entry) => `${entry.actor} (${entry.role})` },
  { header: 'Action', cell: (entry) => `${entry.action}${entry.dryRun ? ' (dry run)' : ''}` },
  { header: 'Component', cell: (entry) => entry.component },
  { header: 'Generation', cell: (entry) => `${entry.generation ?? '—'}${entry.seq !== undefined ? ` (seq ${entry.seq})` : ''}` },
  {
    header: 'Outcome',
    cell: (entry) => (
      <StatusBadge tone={entry.outcome === 'succeeded' ? 'ok' : entry.outcome === 'failed' ? 'error' : 'neutral'}>{entry.outcome}</StatusBadge>
    ),
  },
  { header: 'Detail', cell: (entry) => entry.detail },
];

export function AuditTable({ entries, caption }: { entries: AuditEntry[]; caption: string }) {
  return <DataTable columns={columns} rows={entries} rowKey={(entry) => entry.id} caption={caption} />;
}
