// The per-installation query caches (providers.tsx) share what is not about one installation.

import type { QueryClient } from '@tanstack/react-query';

/** Answers about the server and the caller, the same under every installation (see SERVER_WIDE in api-client.ts). */
const SERVER_WIDE_KEYS = [['session'], ['installations']];

/** A cache opened for another installation starts with the newest server-wide answers, so the top
 *  bar's switcher and the read-only checks of forms do not vanish while they are asked for again. */
export function carryServerWide(from: QueryClient, to: QueryClient): void {
  for (const queryKey of SERVER_WIDE_KEYS) {
    for (const [key, data] of from.getQueriesData({ queryKey })) {
      const updatedAt = from.getQueryState(key)?.dataUpdatedAt ?? 0;
      if (data !== undefined && (to.getQueryState(key)?.dataUpdatedAt ?? 0) < updatedAt) to.setQueryData(key, data, { updatedAt });
    }
  }
}
