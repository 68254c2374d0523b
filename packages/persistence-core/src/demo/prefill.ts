// Scale by option: fills a Q-table with synthetic visited states, deterministically, so the demo
// can present anything from a few thousand to a million Q entries from its first tick.

import type { QLearner } from './q-learner.js';
import { combine } from './random.js';

/** Coprime with both state-space sizes: k -> k * STRIDE mod size visits every state once. */
const STRIDE = 7919;
/** Prefilled Q-values are small, so live experience dominates them quickly. */
const INITIAL_SPREAD = 0.1;

export function prefill(learner: QLearner, entries: number, space: number, hashOfIndex: (index: number) => number, seed: number): void {
  const states = Math.ceil(entries / learner.actions.length);
  if (states > space) {
    throw new RangeError(`cannot prefill ${entries} Q entries: the state space holds ${space * learner.actions.length}`);
  }
  const offset = combine(seed, space) % space;
  for (let k = 0; k < states; k++) {
    const index = (k * STRIDE + offset) % space;
    learner.visit(hashOfIndex(index), (action) => (combine(seed, index, action) / 4294967296 - 0.5) * INITIAL_SPREAD);
  }
}
