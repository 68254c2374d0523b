// Shared drivers for the demo tests: a scripted run that interleaves ticks with replay training.

import type { DemoAgent } from '../../src/demo/agent.js';
import type { TickEvents } from '../../src/demo/states.js';

/** Runs `ticks` ticks, training 40 replay batches every 250 ticks; returns every tick's events. */
export function run(agent: DemoAgent, ticks: number): TickEvents[] {
  const events: TickEvents[] = [];
  for (let i = 0; i < ticks; i++) {
    events.push(agent.tick());
    if (agent.currentTick % 250 === 0) agent.trainFromReplay(40);
  }
  return events;
}

/** A deep copy detached from the agent's live memory, as a save-and-load would give. */
export function detached<T>(value: T): T {
  return structuredClone(value);
}
