// Resuming whatever a state directory holds: a component that does not fit this configuration
// (another replay capacity, symbol set, ...) is left out and reported, the rest is restored.

import { DemoAgent, type DemoAgentOptions } from './agent.js';
import { DemoStateMismatchError } from './mismatch-error.js';
import type { DemoComponent, DemoStates } from './states.js';

export interface DroppedComponent {
  component: DemoComponent;
  reason: string;
}

export interface ResumedDemo {
  agent: DemoAgent;
  /** Stored components that did not fit and were started fresh instead. */
  dropped: DroppedComponent[];
}

export function resumeDemoAgent(options: DemoAgentOptions, states: Partial<DemoStates>): ResumedDemo {
  const remaining: Partial<DemoStates> = { ...states };
  const dropped: DroppedComponent[] = [];
  for (;;) {
    const agent = new DemoAgent(options);
    try {
      agent.restore(remaining);
      return { agent, dropped };
    } catch (error) {
      if (!(error instanceof DemoStateMismatchError)) throw error;
      // The entry agent may have come from the training checkpoint, which carries one too.
      const culprit: DemoComponent = error.component in remaining ? error.component : 'trainingCheckpoint';
      if (!(culprit in remaining)) throw error;
      delete remaining[culprit];
      dropped.push({ component: culprit, reason: error.message });
    }
  }
}
