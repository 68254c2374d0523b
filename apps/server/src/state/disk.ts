// Disk space of the state directory and the degradation policy of spec 5.4 as SaveAll applies
// it: components in priority order each take their size (estimated by the current file) from
// the space above the reserve; those that no longer fit are skipped, lowest priorities first.

import type { DiskStatus } from '@quantum/api-contract';
import type { ConsoleState } from './console-state.js';

export async function diskStatus(state: ConsoleState): Promise<DiskStatus> {
  const space = await state.store.space();
  const reserveBytes = state.store.reserveBytes;
  const components: DiskStatus['components'] = [];
  let budget = space.freeBytes - reserveBytes;
  const ordered = state.codecs.map((codec, order) => ({ codec, order })).sort((a, b) => a.codec.priority - b.codec.priority || a.order - b.order);
  for (const { codec } of ordered) {
    const stat = await state.store.fs.stat(state.store.pathOf(codec, 'current'));
    const estimatedSaveBytes = stat?.size ?? 0;
    const fits = estimatedSaveBytes <= budget;
    if (fits) budget -= estimatedSaveBytes;
    components.push({ component: codec.name, priority: codec.priority, estimatedSaveBytes, wouldSkip: !fits });
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
