// Learning metrics and physics indicators: beyond the finite check, the accumulating
// trade counters and the few indicators with a bounded domain.

import type { LearningMetricsState, PhysicsState } from '../../components/types.js';
import { rangeColumn } from './columns.js';
import type { ComponentChecks } from './component-checks.js';
import { emptySummary } from './summary.js';

export const learningMetricsChecks: ComponentChecks<LearningMetricsState> = {
  absolute(state, sink) {
    rangeColumn(sink, 'probability-domain', 'coverageHistory', state.coverageHistory, 0, 1);
  },
  summarize(state) {
    const summary = emptySummary();
    summary.counters['totalTrades'] = state.totalTrades;
    summary.counters['uniqueStatesVisited'] = state.uniqueStatesVisited;
    return summary;
  },
};

export const physicsChecks: ComponentChecks<PhysicsState> = {
  absolute(state, sink) {
    // VPIN is a volume-imbalance probability.
    rangeColumn(sink, 'probability-domain', 'vpinHistory', state.vpinHistory, 0, 1);
  },
  summarize: () => emptySummary(),
};
