// Disk space of the state directory and what the degradation policy (spec 5.4) would skip now: GET /api/disk.

import { Type, type Static } from 'typebox';
import { ComponentName, EpochMs } from './common.js';

export const DiskStatus = Type.Object({
  checkedAt: EpochMs,
  totalBytes: Type.Number(),
  freeBytes: Type.Number(),
  reserveBytes: Type.Number({ description: 'free space every save leaves untouched' }),
  /** Per component: the bytes its next save needs (size of its current file) and whether it would be skipped now. */
  components: Type.Array(
    Type.Object({
      component: ComponentName,
      priority: Type.Integer({ minimum: 1, maximum: 3 }),
      estimatedSaveBytes: Type.Number(),
      wouldSkip: Type.Boolean(),
    }),
  ),
  skippedNow: Type.Array(ComponentName),
});
export type DiskStatus = Static<typeof DiskStatus>;
