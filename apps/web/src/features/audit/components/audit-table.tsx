// Audit entries as a table: who did what to which component, and how it ended.

import type { AuditEntry } from '@quantum/api-contract';
import { StatusBadge } from '../../../components/ui/status-badge';
import { formatTime } from '../../../lib/format';

export function AuditTable({ entries, caption }: { entries: AuditEntry[]; caption: string }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Time</th>
          <th scope="col">Actor</th>
          <th scope="col">Action</th>
          <th scope="col">Component</th>
          <th scope="col">Generation</th>
          <th scope="col">Outcome</th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.id}>
            <td>{entry.id}</td>
            <td>{formatTime(entry.time)}</td>
            <td>
              {entry.actor} ({entry.role})
            </td>
            <td>
              {entry.action}
              {entry.dryRun ? ' (dry run)' : ''}
            </td>
            <td>{entry.component}</td>
            <td>
              {entry.generation ?? '—'}
              {entry.seq !== undefined ? ` (seq ${entry.seq})` : ''}
            </td>
            <td>
              <StatusBadge tone={entry.outcome === 'succeeded' ? 'ok' : entry.outcome === 'failed' ? 'error' : 'neutral'}>
                {entry.outcome}
              </StatusBadge>
            </td>
            <td>{entry.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
