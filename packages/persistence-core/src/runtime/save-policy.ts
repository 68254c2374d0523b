// When to save what (spec 2.1-2.7, 6.2-6.6): pure decision logic fed with the agent's tick
// events, no I/O. Every trigger of the spec is a setting:
//   EntryAgent, ExitAgent   every 10 trades                 PortfolioRisk  every 10 trades,
//   LearningMetrics         every 25 trades, self-healing                  level change, correlation update
//   ShadowAgents            every 50 trades, outperformance RiskAdversary  every 20 predictions,
//   ReplayBuffer            every 50 experiences, before                   danger > 0.7, calibration
//                           the full buffer evicts          ActivePosition every tick while open,
//   SaveAll                 circuit breaker ORANGE/RED/BLACK,              cleared on trade close
//                           hourly safety net, clean shutdown; never on abnormal termination.
// Counters run since the component's last save, so a SaveAll also restarts them. The safety
// net is checked on every observe(); a host whose ticks can stop (market closed) also calls
// observe({}) from a timer, as the spec's OnTimer does.

import { DefconLevel } from '../components/enums.js';

export type PolicyComponent = 'EntryAgent' | 'ExitAgent' | 'ReplayBuffer' | 'RiskAdversary' | 'LearningMetrics' | 'PortfolioRisk' | 'ShadowAgents' | 'PhysicsState';

/** What happened on a tick, as far as saving goes (the demo agent's TickEvents extend it). */
export interface PolicyEvents {
  tradeClosed?: boolean;
  positionOpen?: boolean;
  experiencesAdded?: number;
  /** The buffer is full: the next experience evicts the oldest. */
  bufferFull?: boolean;
  predictions?: number;
  dangerAbove07?: boolean;
  calibrationUpdated?: boolean;
  /** The new level, present only when it changed. */
  circuitBreakerLevel?: DefconLevel;
  correlationUpdated?: boolean;
  selfHealTriggered?: boolean;
  shadowOutperformed?: boolean;
}

export interface SavePolicyConfig {
  /** Save the component after this many closed trades (0 = never on trade count). */
  tradesEvery: Record<PolicyComponent, number>;
  experiencesEvery: number;
  predictionsEvery: number;
  beforeEviction: boolean;
  /** On the tick danger rises above 0.7 (not again while it stays above). */
  onDanger: boolean;
  onCalibration: boolean;
  onCorrelationUpdate: boolean;
  onLevelChange: boolean;
  onSelfHeal: boolean;
  onShadowOutperformance: boolean;
  /** SaveAll when the circuit breaker rises to this level or above. */
  saveAllFromLevel: DefconLevel;
  /** Spec 6.3 saves everything on each trade close; the per-component counts are the default. */
  saveAllOnTradeClose: boolean;
  /** SaveAll when none happened for this long (0 = off). */
  safetyNetMs: number;
}

export const DEFAULT_SAVE_POLICY: SavePolicyConfig = {
  tradesEvery: { EntryAgent: 10, ExitAgent: 10, LearningMetrics: 25, PortfolioRisk: 10, ShadowAgents: 50, ReplayBuffer: 0, RiskAdversary: 0, PhysicsState: 0 },
  experiencesEvery: 50,
  predictionsEvery: 20,
  beforeEviction: true,
  onDanger: true,
  onCalibration: true,
  onCorrelationUpdate: true,
  onLevelChange: true,
  onSelfHeal: true,
  onShadowOutperformance: true,
  saveAllFromLevel: DefconLevel.ORANGE,
  saveAllOnTradeClose: false,
  safetyNetMs: 60 * 60_000,
};

export interface SaveDecision {
  /** Components to save, each with the reasons. Empty when saveAll is set (it covers them). */
  components: Map<PolicyComponent, string[]>;
  saveAll?: string;
  position: 'save' | 'clear' | 'none';
}

export class SavePolicy {
  readonly config: SavePolicyConfig;
  readonly #trades = new Map<PolicyComponent, number>();
  #experiences = 0;
  #predictions = 0;
  #dangerHigh = false;
  #lastSaveAll: number;

  constructor(config: Partial<SavePolicyConfig> = {}, startedAt: number = Date.now()) {
    this.config = { ...DEFAULT_SAVE_POLICY, ...config, tradesEvery: { ...DEFAULT_SAVE_POLICY.tradesEvery, ...config.tradesEvery } };
    this.#lastSaveAll = startedAt;
  }

  /** The saves one tick calls for; `now` is wall time, for the safety net. */
  observe(events: PolicyEvents, now: number = Date.now()): SaveDecision {
    const decision: SaveDecision = { components: new Map(), position: events.positionOpen === true ? 'save' : events.tradeClosed === true ? 'clear' : 'none' };
    const want = (component: PolicyComponent, reason: string): void => {
      decision.components.set(component, [...(decision.components.get(component) ?? []), reason]);
    };
    const c = this.config;
    if (events.tradeClosed === true) {
      for (const [component, every] of Object.entries(c.tradesEvery) as [PolicyComponent, number][]) {
        if (every <= 0) continue;
        const count = (this.#trades.get(component) ?? 0) + 1;
        this.#trades.set(component, count);
        if (count >= every) want(component, `${count} trades`);
      }
      if (c.saveAllOnTradeClose) decision.saveAll = 'trade closed';
    }
    this.#experiences += events.experiencesAdded ?? 0;
    if (c.experiencesEvery > 0 && this.#experiences >= c.experiencesEvery) want('ReplayBuffer', `${this.#experiences} new experiences`);
    if (c.beforeEviction && events.bufferFull === true) want('ReplayBuffer', 'buffer full: before the oldest is evicted');
    this.#predictions += events.predictions ?? 0;
    if (c.predictionsEvery > 0 && this.#predictions >= c.predictionsEvery) want('RiskAdversary', `${this.#predictions} predictions`);
    const dangerHigh = events.dangerAbove07 === true;
    if (c.onDanger && dangerHigh && !this.#dangerHigh) want('RiskAdversary', 'danger above 0.7');
    this.#dangerHigh = dangerHigh;
    if (c.onCalibration && events.calibrationUpdated === true) want('RiskAdversary', 'calibration updated');
    if (c.onCorrelationUpdate && events.correlationUpdated === true) want('PortfolioRisk', 'correlation matrix updated');
    if (events.circuitBreakerLevel !== undefined) {
      if (c.onLevelChange) want('PortfolioRisk', `circuit breaker level changed to ${events.circuitBreakerLevel}`);
      if (events.circuitBreakerLevel >= c.saveAllFromLevel) decision.saveAll = `circuit breaker at level ${levelName(events.circuitBreakerLevel)}`;
    }
    if (c.onSelfHeal && events.selfHealTriggered === true) want('LearningMetrics', 'self-healing triggered');
    if (c.onShadowOutperformance && events.shadowOutperformed === true) want('ShadowAgents', 'a shadow outperformed the primary');
    if (decision.saveAll === undefined && c.safetyNetMs > 0 && now - this.#lastSaveAll >= c.safetyNetMs) decision.saveAll = 'hourly safety net';
    if (decision.saveAll !== undefined) {
      this.#lastSaveAll = now;
      decision.components.clear();
      this.#resetAll();
    }
    for (const component of decision.components.keys()) this.#reset(component);
    return decision;
  }

  /** Spec 6.5: a clean shutdown saves everything; an abnormal one keeps the last good state. */
  shutdown(kind: 'clean' | 'abnormal', now: number = Date.now()): SaveDecision {
    if (kind === 'abnormal') return { components: new Map(), position: 'none' };
    this.#lastSaveAll = now;
    this.#resetAll();
    return { components: new Map(), saveAll: 'clean shutdown', position: 'none' };
  }

  #reset(component: PolicyComponent): void {
    this.#trades.set(component, 0);
    if (component === 'ReplayBuffer') this.#experiences = 0;
    if (component === 'RiskAdversary') this.#predictions = 0;
  }

  #resetAll(): void {
    this.#trades.clear();
    this.#experiences = 0;
    this.#predictions = 0;
  }
}

function levelName(level: DefconLevel): string {
  return Object.entries(DefconLevel).find(([, value]) => value === level)?.[0] ?? String(level);
}
