// How far the bucket is behind, in words: the same figures on the Replication and Installations pages.

import { formatBytes } from '../../lib/format';

export function lagText(lag: { seconds: number; generations: number; bytesPending: number }): string {
  return `${lag.seconds.toFixed(1)} s, ${lag.generations} generation(s), ${formatBytes(lag.bytesPending)} pending`;
}
