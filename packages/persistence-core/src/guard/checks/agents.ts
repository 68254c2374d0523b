// The learners: entry and exit agents, shadow agents and the training checkpoint.

import type { EntryAgentState, ExitAgentState, ShadowAgentsState, TrainingCheckpointState } from '../../components/types.js';
import type { FindingSink } from '../findings.js';
import type { GuardBounds } from '../policy.js';
import { rangeScalar } from './columns.js';
import type { ComponentChecks } from './component-checks.js';
import { checkQTable, summarizeQTable } from './component-checks.js';
import type { StateSummary } from './summary.js';
import { emptySummary } from './summary.js';

function checkEntry(state: EntryAgentState, sink: FindingSink, bounds: GuardBounds, prefix = ''): void {
  for (const name of ['epsilon', 'alpha', 'lambda'] as const) rangeScalar(sink, 'learning-parameter-domain', prefix + name, state[name], 0, 1);
  if (state.epsilon >= 0 && state.epsilon < bounds.minEpsilon) {
    sink.report('exploration-floor', `${prefix}epsilon`, `${state.epsilon} is below the exploration floor ${bounds.minEpsilon}`, [state.epsilon]);
  }
  checkQTable(sink, `${prefix}qTable`, state.qTable, bounds);
}

function summarizeEntry(summary: StateSummary, state: EntryAgentState, prefix = ''): StateSummary {
  summary.counters[`${prefix}totalUpdates`] = state.totalUpdates;
  summary.counters[`${prefix}stateSpaceSize`] = state.stateSpaceSize;
  summarizeQTable(summary, `${prefix}qTable`, state.qTable);
  return summary;
}

export const entryAgentChecks: ComponentChecks<EntryAgentState> = {
  absolute: (state, sink, bounds) => checkEntry(state, sink, bounds),
  summarize: (state) => summarizeEntry(emptySummary(), state),
};

export const exitAgentChecks: ComponentChecks<ExitAgentState> = {
  absolute(state, sink, bounds) {
    rangeScalar(sink, 'probability-domain', 'ewmaFlipRate', state.ewmaFlipRate, 0, 1);
    rangeScalar(sink, 'non-negative', 'adaptiveGivebackScale', state.adaptiveGivebackScale, 0, Infinity);
    checkQTable(sink, 'qTable', state.qTable, bounds);
  },
  summarize(state) {
    const summary = emptySummary();
    summary.counters['totalExits'] = state.totalExits;
    summarizeQTable(summary, 'qTable', state.qTable);
    return summary;
  },
};

/** Shadows are matched across saves by agentId, not by position. */
const shadowField = (agentId: number): string => `shadows[agentId=${agentId}]`;

export const shadowAgentsChecks: ComponentChecks<ShadowAgentsState> = {
  absolute(state, sink, bounds) {
    for (const shadow of state.shadows) checkQTable(sink, `${shadowField(shadow.agentId)}.qTable`, shadow.qTable, bounds);
  },
  summarize(state) {
    const summary = emptySummary();
    for (const shadow of state.shadows) {
      summary.counters[`${shadowField(shadow.agentId)}.totalTrades`] = shadow.totalTrades;
      summarizeQTable(summary, `${shadowField(shadow.agentId)}.qTable`, shadow.qTable);
    }
    return summary;
  },
};

export const trainingCheckpointChecks: ComponentChecks<TrainingCheckpointState> = {
  absolute: (state, sink, bounds) => checkEntry(state.entry, sink, bounds, 'entry.'),
  summarize(state) {
    const summary = summarizeEntry(emptySummary(), state.entry, 'entry.');
    // Progress accumulates within one run; a new run starts again from zero.
    summary.counters[`run[${state.runId}].batchesDone`] = state.batchesDone;
    summary.counters[`run[${state.runId}].totalSamplesTaken`] = state.totalSamplesTaken;
    return summary;
  },
};
