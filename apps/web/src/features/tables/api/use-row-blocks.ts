// The rows of a large view as blocks of `rowsPageSize` rows, fetched only where the user looks.
// Block k follows a loaded block k-1 by its cursor (sequential scrolling), and is fetched at
// offset k * rowsPageSize otherwise (a scrollbar drag or a deep link lands there in one request
// instead of walking every page before it). Every block is read from the first page's save.

import { useCallback, useEffect, useRef, useState } from 'react';
import type { Row, RowsPage, ViewFilters } from '@quantum/api-contract';
import { messageOf } from '../../../components/ui/query-state';
import { getRows, rowsPageSize, useFirstRows } from './get-rows';

interface BlockStore {
  /** Snapshot and filters the blocks belong to: a new save or view starts empty. */
  key: string;
  loaded: Map<number, RowsPage>;
  inFlight: Map<number, AbortController>;
}

export function useRowBlocks(component: string, generation: string, filters: ViewFilters) {
  const first = useFirstRows(component, generation, filters);
  const page0 = first.data;
  const snapshot = page0 ? `seq-${page0.seq}` : undefined;
  const key = `${component}|${snapshot}|${JSON.stringify(filters)}|${first.dataUpdatedAt}`;
  const store = useRef<BlockStore>({ key, loaded: new Map(), inFlight: new Map() });
  const [, setVersion] = useState(0);
  const [failure, setFailure] = useState<string | null>(null);
  const lastShown = useRef<[number, number]>([0, 0]);
  if (store.current.key !== key) {
    for (const controller of store.current.inFlight.values()) controller.abort();
    store.current = { key, loaded: new Map(), inFlight: new Map() };
  }
  useEffect(() => () => store.current.inFlight.forEach((controller) => controller.abort()), []);

  const blockOf = useCallback((block: number) => (block === 0 ? page0 : store.current.loaded.get(block)), [page0]);

  const rowAt = useCallback((index: number): Row | undefined => blockOf(Math.floor(index / rowsPageSize))?.rows[index % rowsPageSize], [blockOf]);

  /** Loads the blocks holding rows [firstRow, lastRow]; gives up on blocks scrolled away from. */
  const showRows = useCallback(
    (firstRow: number, lastRow: number) => {
      lastShown.current = [firstRow, lastRow];
      if (page0 === undefined || snapshot === undefined) return;
      const current = store.current;
      const from = Math.floor(firstRow / rowsPageSize);
      const to = Math.floor(Math.min(lastRow, Math.max(page0.total - 1, 0)) / rowsPageSize);
      for (const [block, controller] of current.inFlight) {
        if (block < from || block > to) {
          controller.abort();
          current.inFlight.delete(block);
        }
      }
      for (let block = Math.max(from, 1); block <= to; block++) {
        if (current.loaded.has(block) || current.inFlight.has(block)) continue;
        const controller = new AbortController();
        current.inFlight.set(block, controller);
        const cursor = blockOf(block - 1)?.nextCursor;
        const paging = cursor ? { cursor } : { offset: block * rowsPageSize };
        getRows(component, snapshot, { ...filters, limit: rowsPageSize, ...paging }, controller.signal).then(
          (page) => {
            if (store.current !== current || controller.signal.aborted) return;
            current.inFlight.delete(block);
            current.loaded.set(block, page);
            setFailure(null);
            setVersion((version) => version + 1);
          },
          (error: unknown) => {
            if (store.current !== current || controller.signal.aborted) return;
            current.inFlight.delete(block);
            setFailure(`rows ${(block * rowsPageSize + 1).toLocaleString('en-US')}…: ${messageOf(error)}`);
          },
        );
      }
    },
    [component, snapshot, filters, page0, blockOf],
  );

  const retry = useCallback(() => {
    setFailure(null);
    showRows(...lastShown.current);
  }, [showRows]);

  return { first, rowAt, showRows, failure, retry };
}
