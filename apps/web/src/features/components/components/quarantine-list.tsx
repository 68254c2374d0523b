// Files the recovery moved aside: kept for inspection, never deleted.

import type { QuarantinedFile } from '@quantum/api-contract';
import { DataTable, type Column } from '../../../components/ui/data-table';
import { formatBytes, formatTime } from '../../../lib/format';

const columns: Column<QuarantinedFile>[] = [
  { header: 'File', rowHeader: true, cell: (file) => file.file },
  { header: 'Size', cell: (file) => formatBytes(file.sizeBytes) },
  { header: 'Quarantined at', cell: (file) => formatTime(file.quarantinedAt) },
];

export function QuarantineList({ files }: { files: QuarantinedFile[] }) {
  return <DataTable columns={columns} rows={files} rowKey={(file) => file.file} caption="Quarantined files" className="compact" emptyMessage="No quarantined files." />;
}
