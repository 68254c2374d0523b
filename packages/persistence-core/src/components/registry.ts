// Every state component's codec, in save-priority order (spec 5.4), found by name or kind.

import type { ComponentCodec } from './codec.js';
import { activePositionCodec } from './active-position.js';
import { entryAgentCodec } from './entry-agent.js';
import { exitAgentCodec } from './exit-agent.js';
import { learningMetricsCodec } from './learning-metrics.js';
import { physicsStateCodec } from './physics-state.js';
import { portfolioRiskCodec } from './portfolio-risk.js';
import { replayBufferCodec } from './replay-buffer.js';
import { riskAdversaryCodec } from './risk-adversary.js';
import { shadowAgentsCodec } from './shadow-agents.js';
import { trainingCheckpointCodec } from './training-checkpoint.js';

/**
 * A codec of any component, for code that handles them all alike (store, CLI, API).
 * `any` because a codec both takes and returns its state type, so no narrower type admits them all.
 */
export type AnyComponentCodec = ComponentCodec<any>;

/** The closed set of component names, e.g. for validating a URL parameter. */
export const componentNames = [
  'EntryAgent',
  'ExitAgent',
  'RiskAdversary',
  'ActivePosition',
  'TrainingCheckpoint',
  'ReplayBuffer',
  'PortfolioRisk',
  'LearningMetrics',
  'ShadowAgents',
  'PhysicsState',
] as const;

export type ComponentName = (typeof componentNames)[number];

/** Priority 1 first; within a priority, the spec's order. Names follow `componentNames`. */
export const componentCodecs: readonly AnyComponentCodec[] = [
  entryAgentCodec,
  exitAgentCodec,
  riskAdversaryCodec,
  activePositionCodec,
  trainingCheckpointCodec,
  replayBufferCodec,
  portfolioRiskCodec,
  learningMetricsCodec,
  shadowAgentsCodec,
  physicsStateCodec,
];

export function codecByName(name: string): AnyComponentCodec | undefined {
  return componentCodecs.find((codec) => codec.name === name);
}

export function codecByKind(kind: number): AnyComponentCodec | undefined {
  return componentCodecs.find((codec) => codec.kind === kind);
}
