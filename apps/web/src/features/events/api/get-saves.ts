// GET /api/saves: the latest saves of the journal, to draw the latency chart before live events arrive.

import type { RecentSaves } from '@quantum/api-contract';
import { apiGet } from '../../../lib/api-client';

export async function getRecentSaves(limit: number, signal?: AbortSignal): Promise<RecentSaves> {
  return apiGet<RecentSaves>('/api/saves', { signal, query: { limit } });
}
