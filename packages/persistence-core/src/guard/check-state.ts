// Entry point of the semantic checks: which checks fit which component, run against a
// state and (optionally) the previous generation's summary.

import type { CheckFinding } from './findings.js';
import { FindingSink } from './findings.js';
import type { GuardPolicy } from './policy.js';
import { DEFAULT_GUARD_POLICY } from './policy.js';
import { entryAgentChecks, exitAgentChecks, shadowAgentsChecks, trainingCheckpointChecks } from './checks/agents.js';
import type { ComponentChecks } from './checks/component-checks.js';
import { learningMetricsChecks, physicsChecks } from './checks/metrics.js';
import { replayBufferChecks } from './checks/replay-buffer.js';
import { portfolioRiskChecks, riskAdversaryChecks } from './checks/risk.js';
import type { StateSummary } from './checks/summary.js';
import { compareSummaries, emptySummary } from './checks/summary.js';
import { finiteEverywhere } from './checks/walk.js';

/** By component name; the spec's file name (e.g. ProjectQuantum_RiskState.dat) is accepted too. */
const CHECKS: Record<string, { file: string; checks: ComponentChecks<never> }> = {
  EntryAgent: { file: 'ProjectQuantum_EntryAgent.dat', checks: entryAgentChecks },
  ExitAgent: { file: 'ProjectQuantum_ExitAgent.dat', checks: exitAgentChecks },
  ReplayBuffer: { file: 'ProjectQuantum_ReplayBuffer.dat', checks: replayBufferChecks },
  RiskAdversary: { file: 'ProjectQuantum_RiskAdversary.dat', checks: riskAdversaryChecks },
  LearningMetrics: { file: 'ProjectQuantum_LearningMetrics.dat', checks: learningMetricsChecks },
  PortfolioRisk: { file: 'ProjectQuantum_RiskState.dat', checks: portfolioRiskChecks },
  ShadowAgents: { file: 'ProjectQuantum_ShadowAgents.dat', checks: shadowAgentsChecks },
  PhysicsState: { file: 'ProjectQuantum_PhysicsState.dat', checks: physicsChecks },
  TrainingCheckpoint: { file: 'ProjectQuantum_TrainingCheckpoint.dat', checks: trainingCheckpointChecks },
};

/**
 * The component-specific checks of `component` (a name or a file name), or undefined for one
 * with none (ActivePosition, unknown components): those get the finite check only.
 */
export function checksFor(component: string): ComponentChecks<unknown> | undefined {
  const entry = CHECKS[component] ?? Object.values(CHECKS).find((candidate) => candidate.file === component);
  return entry?.checks as ComponentChecks<unknown> | undefined;
}

export interface CheckOutcome {
  findings: CheckFinding[];
  /** To compare the next save against. */
  summary: StateSummary;
}

/** Runs every check of `component` on `state`; relative checks only when `previous` is given. */
export function checkAgainstSummary(component: string, state: unknown, previous: StateSummary | undefined, policy: GuardPolicy = DEFAULT_GUARD_POLICY): CheckOutcome {
  const sink = new FindingSink(policy);
  const checks = checksFor(component);
  finiteEverywhere(sink, state);
  checks?.absolute(state, sink, policy.bounds);
  const summary = checks?.summarize(state) ?? emptySummary();
  if (previous !== undefined) compareSummaries(sink, summary, previous, policy.bounds);
  return { findings: sink.findings, summary };
}

/** What a later save of this state is compared against. */
export function summarizeState(component: string, state: unknown): StateSummary {
  return checksFor(component)?.summarize(state) ?? emptySummary();
}

/** The semantic checks of `component` over `state`, relative to `previous` when given. */
export function checkState<S>(component: string, state: S, previous?: S, policy: GuardPolicy = DEFAULT_GUARD_POLICY): CheckFinding[] {
  const previousSummary = previous === undefined ? undefined : summarizeState(component, previous);
  return checkAgainstSummary(component, state, previousSummary, policy).findings;
}
