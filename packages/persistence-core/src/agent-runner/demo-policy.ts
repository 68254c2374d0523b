// When the demo runner saves what (spec 2.x "Save Frequency", 6.2-6.6):
// - the active position on every tick while one is open, cleared when it closes;
// - everything (SaveAll) when a trade closes, when the circuit breaker reaches ORANGE or worse,
//   and as a safety net every `forceSaveMs` of wall time;
// - a training checkpoint every `checkpointEveryTicks` ticks (after a replay training step).

import { DefconLevel } from '../components/enums.js';
import type { DemoComponent, TickEvents } from '../demo/states.js';
import { STORED_COMPONENTS } from './components.js';

export interface DemoPolicyOptions {
  forceSaveMs: number;
  checkpointEveryTicks: number;
}

export interface SaveDecision {
  components: DemoComponent[];
  /** Why, for the journal: position, trade-closed, circuit-breaker, safety-net. */
  reason: string;
}

export class DemoSavePolicy {
  readonly #options: DemoPolicyOptions;
  #lastFullSave: number;
  #positionWasOpen = false;

  constructor(options: DemoPolicyOptions, now: number, positionOpen: boolean) {
    this.#options = options;
    this.#lastFullSave = now;
    this.#positionWasOpen = positionOpen;
  }

  /** Components to save after a tick, or undefined. */
  afterTick(events: TickEvents, now: number): SaveDecision | undefined {
    const positionChanged = events.positionOpen || this.#positionWasOpen;
    this.#positionWasOpen = events.positionOpen;
    const fullReason = events.tradeClosed === true
      ? 'trade-closed'
      : events.circuitBreakerLevel !== undefined && events.circuitBreakerLevel >= DefconLevel.ORANGE
        ? 'circuit-breaker'
        : now - this.#lastFullSave >= this.#options.forceSaveMs
          ? 'safety-net'
          : undefined;
    if (fullReason !== undefined) {
      this.#lastFullSave = now;
      return { components: [...STORED_COMPONENTS, ...(positionChanged ? (['activePosition'] as const) : [])], reason: fullReason };
    }
    return positionChanged ? { components: ['activePosition'], reason: 'position' } : undefined;
  }

  checkpointDue(events: TickEvents): boolean {
    return this.#options.checkpointEveryTicks > 0 && events.tick % this.#options.checkpointEveryTicks === 0;
  }
}
