// Applies the retention policy to every component's objects in the bucket. Local pins
// (`pinned/<file>.<seq>.pin`) are pinned in the bucket too. A deleted generation's delta-log
// segments are deleted with it.

import type { CursorState } from './cursor.js';
import type { RemoteCatalog } from './remote-catalog.js';
import type { RetentionPlan, RetentionPolicy } from './retention.js';
import { planRetention } from './retention.js';
import type { UploadContext } from './uploader.js';

export interface RetentionReport {
  at: number;
  plans: RetentionPlan[];
  deleted: string[];
  kept: number;
  dryRun: boolean;
}

const PINNED_DIRECTORY = 'pinned';

export async function applyRetention(
  context: UploadContext,
  catalog: RemoteCatalog,
  cursor: CursorState,
  policy: RetentionPolicy,
  options: { bad?: ReadonlyMap<string, ReadonlySet<number>>; dryRun?: boolean } = {},
): Promise<RetentionReport> {
  const at = context.now();
  const report: RetentionReport = { at, plans: [], deleted: [], kept: 0, dryRun: options.dryRun === true };
  const pinnedNames = await context.fs.readdir(`${context.directory}/${PINNED_DIRECTORY}`).catch(() => [] as string[]);
  for (const component of context.components) {
    const objects = await catalog.generations(component.name, true);
    if (objects.length === 0) continue;
    const pinned = pinnedNames.flatMap((name) => {
      const match = new RegExp(`^${component.fileName.replace(/\./g, '\\.')}\\.(\\d+)\\.pin$`).exec(name);
      return match === null ? [] : [Number(match[1])];
    });
    const verifiedSeq = cursor.components[component.name]?.verifiedSeq;
    const bad = options.bad?.get(component.name);
    const plan = planRetention(component.name, objects, policy, { now: at, pinned, ...(verifiedSeq === undefined ? {} : { verifiedSeq }), ...(bad === undefined ? {} : { bad }) });
    report.plans.push(plan);
    report.kept += plan.keep.length;
    // Delta segments go with their base generation, after it.
    const removedSeqs = new Set(plan.remove.map((object) => object.seq));
    const segments = (await catalog.deltaSegments(component.name)).filter((segment) => removedSeqs.has(segment.baseSeq));
    for (const key of [...plan.remove.map((object) => object.key), ...segments.map((segment) => segment.key)]) {
      if (!report.dryRun) {
        await context.bucket.delete(key);
        catalog.forget(key);
      }
      report.deleted.push(key);
    }
  }
  return report;
}
