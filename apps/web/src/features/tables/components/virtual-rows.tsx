// The rows of a table view, virtualized: only visible rows are in the DOM, pages are fetched as they come into view.

import { useEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ColumnInfo, Row } from '@quantum/api-contract';
import { formatCell } from '../format-cell';

const rowHeight = 28;
const headerHeight = 32;

interface VirtualRowsProps {
  label: string;
  columns: ColumnInfo[];
  /** A loaded row, or undefined while its block is on its way. */
  rowAt: (index: number) => Row | undefined;
  total: number;
  /** Called with the rows in view (plus overscan) so their blocks are fetched. */
  showRows: (firstRow: number, lastRow: number) => void;
  sort: string;
  order: 'asc' | 'desc';
  onSort: (column: string) => void;
  initialRow: number;
  onFirstRowChange: (row: number) => void;
}

export function VirtualRows(props: VirtualRowsProps) {
  const { columns, rowAt, total, showRows } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const restored = useRef(false);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 20,
    // Rows start below the sticky header, which also covers the top of the viewport.
    scrollMargin: headerHeight,
    scrollPaddingStart: headerHeight,
  });
  const items = virtualizer.getVirtualItems();
  const firstVisible = items[0]?.index ?? 0;
  const lastVisible = items.at(-1)?.index ?? 0;

  // Only the rows in view are fetched: a jump loads the rows it lands on, not every page before.
  useEffect(() => {
    if (total > 0) showRows(firstVisible, lastVisible);
  }, [firstVisible, lastVisible, total, showRows]);

  // Put the view back where the shared link or the reload left it.
  useEffect(() => {
    if (restored.current || total === 0) return;
    restored.current = true;
    if (props.initialRow > 0) virtualizer.scrollToIndex(Math.min(props.initialRow, total - 1), { align: 'start' });
  }, [total, props.initialRow, virtualizer]);

  const reportPosition = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const onScroll = () => {
    clearTimeout(reportPosition.current);
    reportPosition.current = setTimeout(() => {
      const top = scrollRef.current?.scrollTop ?? 0;
      props.onFirstRowChange(Math.floor(top / rowHeight));
    }, 300);
  };

  const template = `repeat(${columns.length}, minmax(110px, 1fr))`;
  const minWidth = columns.length * 110;
  // One scroll container for both axes: the header row sticks to its top, so wide tables
  // (the replay buffer's 14 columns) scroll sideways with their header.
  return (
    <div role="table" aria-label={props.label} aria-rowcount={total + 1} className="vtable">
      <div ref={scrollRef} tabIndex={0} className="vtable-body" onScroll={onScroll}>
        <div role="rowgroup" className="vtable-head-group" style={{ minWidth }}>
          <HeaderRow columns={columns} template={template} sort={props.sort} order={props.order} onSort={props.onSort} />
        </div>
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth }}>
          {items.map((item) => {
            const row = rowAt(item.index);
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                className="vtable-row"
                style={{ gridTemplateColumns: template, height: rowHeight, transform: `translateY(${item.start - headerHeight}px)` }}
              >
                {row
                  ? columns.map((column) => (
                      <div key={column.name} role="cell">
                        {formatCell(column, row)}
                      </div>
                    ))
                  : (
                      <div role="cell" className="muted">
                        loading row {item.index + 1}…
                      </div>
                    )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

interface HeaderRowProps {
  columns: ColumnInfo[];
  template: string;
  sort: string;
  order: 'asc' | 'desc';
  onSort: (column: string) => void;
}

function HeaderRow({ columns, template, sort, order, onSort }: HeaderRowProps) {
  return (
    <div role="row" aria-rowindex={1} className="vtable-row vtable-head" style={{ gridTemplateColumns: template, height: headerHeight }}>
      {columns.map((column) => {
        const sorted = sort === column.name;
        return (
          <div key={column.name} role="columnheader" aria-sort={sorted ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
            {column.sortable ? (
              <button type="button" className="sort-button" onClick={() => onSort(column.name)}>
                {column.name}
                {sorted ? (order === 'asc' ? ' ▲' : ' ▼') : ''}
              </button>
            ) : (
              column.name
            )}
          </div>
        );
      })}
    </div>
  );
}
