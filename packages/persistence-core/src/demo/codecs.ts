// Which codec persists each of the demo's components: the bridge a save policy needs to put
// DemoAgent snapshots into a state directory and to load them back for restore().

import type { ComponentCodec } from '../components/codec.js';
import { activePositionCodec } from '../components/active-position.js';
import { entryAgentCodec } from '../components/entry-agent.js';
import { exitAgentCodec } from '../components/exit-agent.js';
import { learningMetricsCodec } from '../components/learning-metrics.js';
import { physicsStateCodec } from '../components/physics-state.js';
import { portfolioRiskCodec } from '../components/portfolio-risk.js';
import { replayBufferCodec } from '../components/replay-buffer.js';
import { riskAdversaryCodec } from '../components/risk-adversary.js';
import { shadowAgentsCodec } from '../components/shadow-agents.js';
import { trainingCheckpointCodec } from '../components/training-checkpoint.js';
import type { DemoComponent, DemoStates } from './states.js';

export const demoComponentCodecs: { readonly [K in DemoComponent]: ComponentCodec<NonNullable<DemoStates[K]>> } = {
  entryAgent: entryAgentCodec,
  exitAgent: exitAgentCodec,
  replayBuffer: replayBufferCodec,
  riskAdversary: riskAdversaryCodec,
  learningMetrics: learningMetricsCodec,
  portfolioRisk: portfolioRiskCodec,
  shadowAgents: shadowAgentsCodec,
  physics: physicsStateCodec,
  activePosition: activePositionCodec,
  trainingCheckpoint: trainingCheckpointCodec,
};
