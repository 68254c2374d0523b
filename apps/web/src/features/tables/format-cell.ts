// How a cell of a learned-state table reads, by column type.

import type { ColumnInfo, Row } from '@quantum/api-contract';
import { formatNumber, formatTime } from '../../lib/format';

export function formatCell(column: ColumnInfo, row: Row): string {
  const value = row[column.name];
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (column.type === 'time' && typeof value === 'number') return formatTime(value);
  if (column.type === 'boolean' && typeof value === 'number') return value ? 'yes' : 'no';
  if (typeof value === 'number') return column.type === 'number' ? formatNumber(value, 6) : String(value);
  return value;
}
