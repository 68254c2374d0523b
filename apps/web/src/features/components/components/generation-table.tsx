// The four generations of a component: what each holds and why an unusable one was rejected.

import type { GenerationInfo } from '@quantum/api-contract';
import { DataTable, type Column } from '../../../components/ui/data-table';
import { StatusBadge } from '../../../components/ui/status-badge';
import { formatAge, formatBytes, formatTime } from '../../../lib/format';

const SUSPECT_TITLE = 'A semantic check of the guard found this state doubtful when it was saved (see the save journal)';

export function GenerationTable({ generations, now, inUse }: { generations: GenerationInfo[]; now: number; inUse?: string }) {
  const columns: Column<GenerationInfo>[] = [
    { header: 'Generation', rowHeader: true, cell: (info) => `${info.generation}${info.generation === inUse ? ' (in use)' : ''}` },
    { header: 'Status', cell: statusOf },
    { header: 'Seq', cell: (info) => info.seq ?? '—' },
    { header: 'Saved at', cell: (info) => formatTime(info.savedAt) },
    { header: 'Age', cell: (info) => formatAge(info.savedAt, now) },
    { header: 'Size', cell: (info) => formatBytes(info.sizeBytes) },
    {
      header: 'Schema',
      cell: (info) => `${info.schemaVersion === undefined ? '—' : `v${info.schemaVersion}`}${info.pendingMigration ? ' (migration pending)' : ''}`,
    },
    { header: 'HMAC', cell: hmacOf },
    { header: 'Reason', cell: (info) => (info.status === 'valid' ? '' : [info.reason, info.message].filter(Boolean).join(': ')) },
  ];
  return <DataTable columns={columns} rows={generations} rowKey={(info) => info.generation} caption="Generations, newest first" isCurrent={(info) => info.generation === inUse} />;
}

function statusOf(info: GenerationInfo) {
  return (
    <>
      <StatusBadge tone={info.status === 'valid' ? 'ok' : info.status === 'missing' ? 'neutral' : 'error'}>{info.status}</StatusBadge>
      {info.suspect ? (
        <StatusBadge tone="warning" title={SUSPECT_TITLE}>
          suspect
        </StatusBadge>
      ) : null}
      {info.restored ? (
        <StatusBadge tone="neutral" title="Written by a restore: an operator made an older state current (see the audit log)">
          restored
        </StatusBadge>
      ) : null}
    </>
  );
}

function hmacOf(info: GenerationInfo): string {
  if (info.status === 'valid') return `ok (key ${info.keyFingerprint?.slice(0, 8) ?? '?'})`;
  if (info.reason === 'hmac-mismatch') return 'FAILED';
  if (info.reason === 'unknown-key') return 'unknown key';
  return info.status === 'missing' ? '—' : 'not checked';
}
