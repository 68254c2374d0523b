// What the demo agent exposes: the full state of every persisted component, and the events
// of a tick that matter to a save policy.

import type { PolicyEvents } from '../runtime/save-policy.js';
import type {
  ActivePositionState,
  EntryAgentState,
  ExitAgentState,
  LearningMetricsState,
  PhysicsState,
  PortfolioRiskState,
  ReplayBufferState,
  RiskAdversaryState,
  ShadowAgentsState,
  TrainingCheckpointState,
} from '../components/types.js';
import { tickOfTime } from './market.js';

export interface DemoStates {
  entryAgent: EntryAgentState;
  exitAgent: ExitAgentState;
  replayBuffer: ReplayBufferState;
  riskAdversary: RiskAdversaryState;
  learningMetrics: LearningMetricsState;
  portfolioRisk: PortfolioRiskState;
  shadowAgents: ShadowAgentsState;
  physics: PhysicsState;
  /** Null while flat. */
  activePosition: ActivePositionState | null;
  trainingCheckpoint: TrainingCheckpointState;
}

export type DemoComponent = keyof DemoStates;

export const DEMO_COMPONENTS: readonly DemoComponent[] = [
  'entryAgent',
  'exitAgent',
  'replayBuffer',
  'riskAdversary',
  'learningMetrics',
  'portfolioRisk',
  'shadowAgents',
  'physics',
  'activePosition',
  'trainingCheckpoint',
];

/** The save policy's events of one tick (the same fields), plus when it happened; the counts are always given. */
export interface TickEvents extends PolicyEvents {
  tick: number;
  time: number;
  positionOpen: boolean;
  experiencesAdded: number;
  predictions: number;
}

/**
 * The tick to resume at: the newest moment any stored component speaks of. Components saved
 * at different moments (the normal case after a crash) resume together at the latest one.
 */
export function resumeTickOf(states: Partial<DemoStates>): number {
  const times: number[] = [];
  if (states.physics) times.push(states.physics.lastUpdated);
  if (states.activePosition) times.push(states.activePosition.time);
  if (states.portfolioRisk) times.push(states.portfolioRisk.correlationUpdated, states.portfolioRisk.levelChanged);
  if (states.riskAdversary) times.push(lastOf(states.riskAdversary.history.predictionTime), states.riskAdversary.lastCalibration);
  if (states.replayBuffer) times.push(maxOf(states.replayBuffer.experiences.timestamp));
  if (states.learningMetrics) times.push(states.learningMetrics.lastSelfHeal);
  const newest = Math.max(0, ...times);
  return newest === 0 ? 0 : tickOfTime(newest);
}

function lastOf(values: Float64Array): number {
  return values.length === 0 ? 0 : (values[values.length - 1] as number);
}

function maxOf(values: Float64Array): number {
  let max = 0;
  for (const value of values) max = Math.max(max, value);
  return max;
}
