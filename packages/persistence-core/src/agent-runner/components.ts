// Which codec persists which part of the demo agent.

import type { AnyComponentCodec } from '../components/registry.js';
import { codecByName } from '../components/registry.js';
import type { DemoComponent } from '../demo/states.js';
import { DEMO_COMPONENTS } from '../demo/states.js';

const CODEC_NAMES: Record<DemoComponent, string> = {
  entryAgent: 'EntryAgent',
  exitAgent: 'ExitAgent',
  replayBuffer: 'ReplayBuffer',
  riskAdversary: 'RiskAdversary',
  learningMetrics: 'LearningMetrics',
  portfolioRisk: 'PortfolioRisk',
  shadowAgents: 'ShadowAgents',
  physics: 'PhysicsState',
  activePosition: 'ActivePosition',
  trainingCheckpoint: 'TrainingCheckpoint',
};

export function codecOf(component: DemoComponent): AnyComponentCodec {
  const codec = codecByName(CODEC_NAMES[component]);
  if (codec === undefined) throw new Error(`no codec named ${CODEC_NAMES[component]}`);
  return codec;
}

export function componentOf(codecName: string): DemoComponent | undefined {
  return DEMO_COMPONENTS.find((component) => CODEC_NAMES[component] === codecName);
}

/** Components kept in generation chains; ActivePosition has its own two-slot file. */
export const STORED_COMPONENTS: readonly DemoComponent[] = DEMO_COMPONENTS.filter((component) => component !== 'activePosition');
