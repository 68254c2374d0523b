// A small read-only table: column headers in <thead>, one row per item, and where asked the
// first cells as row headers, so screen readers (and the e2e suite, which reads tables by role
// and header name) get the same semantics from every table of the console. The large browsable
// tables are virtualized elsewhere (features/tables); this one renders every row.

import type { Key, ReactNode } from 'react';

export interface Column<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
  /** The cell names its row: rendered as `<th scope="row">` (a row's accessible name starts with it). */
  rowHeader?: boolean;
  /** Hover text of the cell, e.g. the detail behind a count. */
  title?: (row: Row) => string | undefined;
}

interface DataTableProps<Row> {
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => Key;
  /** The visible caption, which is also the table's accessible name. */
  caption?: string;
  /** The accessible name where the page shows no caption (its heading says what the table is). */
  label?: string;
  className?: string;
  /** Shown in place of the table when there are no rows; without it an empty table keeps its headers. */
  emptyMessage?: ReactNode;
  /** The row that is in use now (the generation loaded, the installation shown): `aria-current="true"`. */
  isCurrent?: (row: Row) => boolean;
}

export function DataTable<Row>({ columns, rows, rowKey, caption, label, className, emptyMessage, isCurrent }: DataTableProps<Row>) {
  if (rows.length === 0 && emptyMessage !== undefined) return <p className="state state-empty">{emptyMessage}</p>;
  return (
    <table className={className} aria-label={label}>
      {caption === undefined ? null : <caption>{caption}</caption>}
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.header} scope="col">
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)} aria-current={isCurrent?.(row) ? 'true' : undefined}>
            {columns.map((column) => {
              const title = column.title?.(row);
              return column.rowHeader ? (
                <th key={column.header} scope="row" title={title}>
                  {column.cell(row)}
                </th>
              ) : (
                <td key={column.header} title={title}>
                  {column.cell(row)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
