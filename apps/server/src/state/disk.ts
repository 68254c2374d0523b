// Disk space of the state directory and the degradation policy of spec 5.4: a component whose
// next save (estimated by its current file size) does not fit above the reserve is skipped.

import type { DiskStatus } from '@quantum/api-contract';
import type { ConsoleState } from './console-state.js';

export async function diskStatus(state: ConsoleState): Promise<DiskStatus> {
  const space = await state.store.space();
  const reserveBytes = state.store.reserveBytes;
  const components: DiskStatus['components'] = [];
  for (const codec of state.codecs) {
    const stat = await state.store.fs.stat(state.store.pathOf(codec, 'current'));
    const estimatedSaveBytes = stat?.size ?? 0;
    components.push({ component: codec.name, priority: codec.priority, estimatedSaveBytes, wouldSkip: space.freeBytes < estimatedSaveBytes + reserveBytes });
  }
  return {
    checkedAt: state.now(),
    totalBytes: space.totalBytes,
    freeBytes: space.freeBytes,
    reserveBytes,
    components,
    skippedNow: components.filter((component) => component.wouldSkip).map((component) => component.component),
  };
}
