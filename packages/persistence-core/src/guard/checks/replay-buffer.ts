// The prioritized replay buffer: priorities that collapse to zero (or go negative) make
// sampling degenerate, and the buffer is the costliest state to rebuild.

import type { ReplayBufferState } from '../../components/types.js';
import type { FindingSink } from '../findings.js';
import type { GuardBounds } from '../policy.js';
import { rangeColumn, sumColumn } from './columns.js';
import type { ComponentChecks } from './component-checks.js';
import { emptySummary } from './summary.js';

function checkPrioritySum(state: ReplayBufferState, sink: FindingSink, bounds: GuardBounds): void {
  if (state.currentSize === 0) return;
  const sum = sumColumn(state.priorities);
  if (!(sum > 0)) {
    sink.report('priority-sum', 'priorities', `sum to ${sum} over ${state.currentSize} experiences: priorities collapsed, nothing can be sampled`, [sum]);
    return;
  }
  const tolerance = bounds.sumTolerance * sum;
  if (!(Math.abs(state.sumPriorities - sum) <= tolerance)) {
    sink.report('priority-sum', 'sumPriorities', `is ${state.sumPriorities}, the priorities sum to ${sum}`, [state.sumPriorities, sum]);
  }
  const cdfEnd = state.cdf[state.cdf.length - 1];
  if (cdfEnd !== undefined && !(Math.abs(cdfEnd - sum) <= tolerance)) {
    sink.report('priority-sum', 'cdf', `ends at ${cdfEnd}, the priorities sum to ${sum}`, [cdfEnd, sum]);
  }
}

export const replayBufferChecks: ComponentChecks<ReplayBufferState> = {
  absolute(state, sink, bounds) {
    rangeColumn(sink, 'priority-domain', 'priorities', state.priorities, 0, Infinity);
    if (sink.enabled('priority-sum')) checkPrioritySum(state, sink, bounds);
  },
  summarize(state) {
    const summary = emptySummary();
    summary.counters['totalSamplesTaken'] = state.totalSamplesTaken;
    summary.tables['experiences'] = state.currentSize;
    return summary;
  },
};
