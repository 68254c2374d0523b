// What a later save is compared against: the accumulating counters, table sizes and value
// scales of a state. Small, so the guard can keep the last committed one in memory.

import type { FindingSink } from '../findings.js';
import type { GuardBounds } from '../policy.js';

export interface StateSummary {
  /** Counters the spec accumulates (total_updates, total_trades, ...): never go backwards. */
  counters: Record<string, number>;
  /** Row counts of tables that must not collapse (Q-tables, replay rows). */
  tables: Record<string, number>;
  /** Mean |value| of value columns (Q-values, network weights): must not jump. */
  values: Record<string, number>;
}

export const emptySummary = (): StateSummary => ({ counters: {}, tables: {}, values: {} });

/** Compares `current` with `previous` field by field; fields only one of them has are skipped. */
export function compareSummaries(sink: FindingSink, current: StateSummary, previous: StateSummary, bounds: GuardBounds): void {
  for (const [field, now] of Object.entries(current.counters)) {
    const before = previous.counters[field];
    if (before !== undefined && now < before) sink.report('counter-monotonic', field, `went backwards from ${before} to ${now}`, [before, now]);
  }
  for (const [field, now] of Object.entries(current.tables)) {
    const before = previous.tables[field];
    if (before === undefined || before === 0) continue;
    const lost = (before - now) / before;
    if (lost > bounds.maxShrinkRatio) {
      sink.report('shrink-bound', field, `shrank from ${before} to ${now} entries (${(lost * 100).toFixed(1)}% lost, bound ${bounds.maxShrinkRatio * 100}%)`, [before, now]);
    }
  }
  for (const [field, now] of Object.entries(current.values)) {
    const before = previous.values[field];
    if (before === undefined) continue;
    const from = Math.max(before, bounds.valueScaleFloor);
    const to = Math.max(now, bounds.valueScaleFloor);
    const factor = Math.max(to / from, from / to);
    if (factor > bounds.maxMeanAbsFactor) {
      sink.report('value-shift', field, `mean |value| moved from ${before} to ${now} (x${factor.toPrecision(3)}, bound x${bounds.maxMeanAbsFactor})`, [before, now]);
    }
  }
}
