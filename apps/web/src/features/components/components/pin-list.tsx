// Pinned copies: verified generations kept outside the rotation, browsable and restorable as pin-<seq>.

import { Link } from 'react-router';
import type { ReactNode } from 'react';
import type { PinnedInfo } from '@quantum/api-contract';
import { DataTable, type Column } from '../../../components/ui/data-table';
import { formatBytes, formatTime } from '../../../lib/format';

export function PinList({ component, pins, actions }: { component: string; pins: PinnedInfo[]; actions?: (pin: PinnedInfo) => ReactNode }) {
  const columns: Column<PinnedInfo>[] = [
    { header: 'Pin', rowHeader: true, cell: (pin) => <Link to={`/components/${component}/restore?generation=${pin.ref}`}>{pin.ref}</Link> },
    { header: 'Saved at', cell: (pin) => formatTime(pin.savedAt) },
    { header: 'Size', cell: (pin) => formatBytes(pin.sizeBytes) },
    { header: 'Note', cell: (pin) => `${pin.noteStatus}${pin.note ? `: ${pin.note}` : ''}` },
    { header: 'Pinned by', cell: (pin) => (pin.automatic ? 'automatic' : (pin.pinnedBy ?? '—')) },
    ...(actions ? [{ header: 'Actions', cell: actions }] : []),
  ];
  return <DataTable columns={columns} rows={pins} rowKey={(pin) => pin.ref} caption="Pinned generations" className="compact" emptyMessage="No pinned generations." />;
}
