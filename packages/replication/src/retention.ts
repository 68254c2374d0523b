// Bucket retention, per component: keep the last N generations; one per hour and one per day
// for D days; pinned generations forever. Safeguards that no policy can override:
//  - the newest verified generation and the newest good generation are never deleted;
//  - "last N" also counts good (not SUSPECT) generations on their own, so a run of bad
//    generations cannot push every good one out;
//  - an object whose savedAt or flags are unknown (no metadata) is kept.

import { HeaderFlag } from '@quantum/persistence-core';
import type { RemoteGeneration } from './remote-catalog.js';

export interface RetentionPolicy {
  keepLast: number;
  /** Keep the newest generation of each hour for this many days. */
  hourlyDays: number;
  /** Keep the newest generation of each day for this many days. */
  dailyDays: number;
  /** Seqs kept forever, per component (local pins are added by the replicator). */
  pinned?: Readonly<Record<string, readonly number[]>>;
}

export const DEFAULT_RETENTION: RetentionPolicy = { keepLast: 20, hourlyDays: 2, dailyDays: 30 };

export type KeepReason = 'last' | 'last-good' | 'hourly' | 'daily' | 'pinned' | 'newest-verified' | 'newest-good' | 'unknown-metadata';

export interface RetentionPlan {
  component: string;
  keep: { seq: number; reasons: KeepReason[] }[];
  remove: RemoteGeneration[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** `bad`: seqs a verification found damaged; they never count as good. */
export function planRetention(
  component: string,
  objects: readonly RemoteGeneration[],
  policy: RetentionPolicy,
  context: { now: number; verifiedSeq?: number; pinned?: readonly number[]; bad?: ReadonlySet<number> },
): RetentionPlan {
  if (!Number.isInteger(policy.keepLast) || policy.keepLast < 1) throw new RangeError(`keepLast must be an integer >= 1, got ${policy.keepLast}`);
  const newestFirst = [...objects].sort((a, b) => b.seq - a.seq);
  const reasons = new Map<number, Set<KeepReason>>();
  const keep = (seq: number, reason: KeepReason): void => {
    const set = reasons.get(seq) ?? new Set<KeepReason>();
    set.add(reason);
    reasons.set(seq, set);
  };
  const isGood = (object: RemoteGeneration): boolean => object.flags !== undefined && (object.flags & HeaderFlag.SUSPECT) === 0 && context.bad?.has(object.seq) !== true;
  const good = newestFirst.filter(isGood);

  newestFirst.slice(0, policy.keepLast).forEach((object) => keep(object.seq, 'last'));
  good.slice(0, policy.keepLast).forEach((object) => keep(object.seq, 'last-good'));
  keepOnePer(good, HOUR, context.now - policy.hourlyDays * DAY, (seq) => keep(seq, 'hourly'));
  keepOnePer(good, DAY, context.now - policy.dailyDays * DAY, (seq) => keep(seq, 'daily'));
  const pinned = new Set([...(policy.pinned?.[component] ?? []), ...(context.pinned ?? [])]);
  for (const object of newestFirst) {
    if (pinned.has(object.seq)) keep(object.seq, 'pinned');
    if (object.seq === context.verifiedSeq) keep(object.seq, 'newest-verified');
    if (object.savedAt === undefined || object.flags === undefined) keep(object.seq, 'unknown-metadata');
  }
  if (good[0] !== undefined) keep(good[0].seq, 'newest-good');
  return {
    component,
    keep: newestFirst.filter((object) => reasons.has(object.seq)).map((object) => ({ seq: object.seq, reasons: [...(reasons.get(object.seq) ?? [])] })),
    remove: newestFirst.filter((object) => !reasons.has(object.seq)),
  };
}

/** The newest object of each `period`-long bucket of savedAt, from `since` on. */
function keepOnePer(newestFirst: readonly RemoteGeneration[], period: number, since: number, keep: (seq: number) => void): void {
  const seen = new Set<number>();
  for (const object of newestFirst) {
    if (object.savedAt === undefined || object.savedAt < since) continue;
    const slot = Math.floor(object.savedAt / period);
    if (seen.has(slot)) continue;
    seen.add(slot);
    keep(object.seq);
  }
}
