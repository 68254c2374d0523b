// The rows of a table view, virtualized: only visible rows are in the DOM, pages are fetched as they come into view.

import { useEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ColumnInfo, Row } from '@quantum/api-contract';
import { formatCell } from '../format-cell';

const rowHeight = 28;

interface VirtualRowsProps {
  label: string;
  columns: ColumnInfo[];
  /** Rows loaded so far (always the first ones: cursor pages arrive in order). */
  loadedCount: number;
  rowAt: (index: number) => Row | undefined;
  total: number;
  hasMore: boolean;
  isFetchingMore: boolean;
  fetchMore: () => void;
  sort: string;
  order: 'asc' | 'desc';
  onSort: (column: string) => void;
  initialRow: number;
  onFirstRowChange: (row: number) => void;
}

export function VirtualRows(props: VirtualRowsProps) {
  const { columns, loadedCount, rowAt, total, hasMore, isFetchingMore, fetchMore } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const restored = useRef(false);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 20,
  });
  const items = virtualizer.getVirtualItems();
  const lastVisible = items.at(-1)?.index ?? 0;

  // Cursor paging: rows arrive in order, so fetch the next page until the visible ones are loaded.
  useEffect(() => {
    if (hasMore && !isFetchingMore && lastVisible >= loadedCount - 1) fetchMore();
  }, [hasMore, isFetchingMore, lastVisible, loadedCount, fetchMore]);

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
  return (
    <div role="table" aria-label={props.label} aria-rowcount={total + 1} className="vtable">
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className="vtable-row vtable-head" style={{ gridTemplateColumns: template }}>
          {columns.map((column) => {
            const sorted = props.sort === column.name;
            return (
              <div
                key={column.name}
                role="columnheader"
                aria-sort={sorted ? (props.order === 'asc' ? 'ascending' : 'descending') : 'none'}
              >
                {column.sortable ? (
                  <button type="button" className="sort-button" onClick={() => props.onSort(column.name)}>
                    {column.name}
                    {sorted ? (props.order === 'asc' ? ' ▲' : ' ▼') : ''}
                  </button>
                ) : (
                  column.name
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div
        ref={scrollRef}
        role="rowgroup"
        tabIndex={0}
        aria-label={`${props.label}: scroll with arrow keys and Page Up/Down`}
        className="vtable-body"
        onScroll={onScroll}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = rowAt(item.index);
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                className="vtable-row"
                style={{ gridTemplateColumns: template, height: rowHeight, transform: `translateY(${item.start}px)` }}
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
