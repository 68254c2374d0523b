// The demo agent: a simulated market, an entry and an exit Q(lambda) agent, prioritised replay,
// a risk adversary, portfolio risk with a circuit breaker, shadow agents and learning metrics,
// deterministic for a seed. It produces the full state of every persisted component at any
// tick and resumes from loaded states as if it had never stopped.

import { CRASH_LOOKAHEAD_TICKS, RiskAdversary } from './adversary.js';
import { ADVERSARY_INPUTS, adversaryInputs, ENTRY_STATE_SPACE, entryStateHashOfIndex, EXIT_STATE_SPACE, exitStateHashOfIndex, TRADED_SYMBOL } from './features.js';
import { LearningMetrics } from './learning-metrics.js';
import { Market, TICK_MS } from './market.js';
import { Physics } from './physics.js';
import { CORRELATION_EVERY_TICKS, PortfolioRisk } from './portfolio-risk.js';
import { prefill } from './prefill.js';
import { combine, Xoshiro128 } from './random.js';
import { ReplayBuffer } from './replay.js';
import { restoreAgent, snapshotOf, type AgentParts } from './agent-state.js';
import { ShadowAgents } from './shadows.js';
import type { DemoComponent, DemoStates, TickEvents } from './states.js';
import { recordTrade } from './trade-record.js';
import { Trader } from './trading.js';
import { ReplayTrainer, type TrainingProgress } from './training.js';

export interface DemoAgentOptions {
  seed: number;
  /** Symbols simulated, 2..8 (default 5); the first is traded. */
  symbols?: number;
  /** Entry-agent Q entries prefilled with synthetic visited states: thousands to 1_000_000 (default 5_000). */
  qEntries?: number;
  /** Replay buffer capacity (default 4096). */
  replayCapacity?: number;
}

const CALIBRATE_EVERY_TICKS = 50;
/** A fall of this many calm-market standard deviations within the lookahead is a crash. */
const CRASH_SIGMAS = 3;
const TICK_STREAM = 0x7e1c;

export class DemoAgent {
  readonly seed: number;
  readonly options: Required<DemoAgentOptions>;
  readonly #parts: AgentParts;
  readonly #startTick: number;
  readonly #inputs = new Float64Array(ADVERSARY_INPUTS);
  #ticked = false;

  constructor(options: DemoAgentOptions) {
    const { seed, symbols = 5, qEntries = 5_000, replayCapacity = 4096 } = options;
    if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    if (!Number.isInteger(qEntries) || qEntries < 0) throw new RangeError(`qEntries must be a non-negative integer, got ${qEntries}`);
    this.seed = seed;
    this.options = { seed, symbols, qEntries, replayCapacity };
    const market = new Market(seed, symbols);
    const exitEntries = Math.min(Math.floor(qEntries / 4), EXIT_STATE_SPACE * 2);
    const trader = new Trader(Math.ceil(qEntries * 1.25), exitEntries + 1024);
    prefill(trader.entry, qEntries, ENTRY_STATE_SPACE, entryStateHashOfIndex, seed);
    prefill(trader.exit, exitEntries, EXIT_STATE_SPACE, exitStateHashOfIndex, seed);
    this.#startTick = market.tick;
    this.#parts = {
      market,
      trader,
      replay: new ReplayBuffer(replayCapacity),
      adversary: new RiskAdversary(seed),
      physics: new Physics(),
      risk: new PortfolioRisk(seed, market),
      shadows: new ShadowAgents(),
      metrics: new LearningMetrics(),
      trainer: new ReplayTrainer(seed),
      trainingStart: market.time,
    };
  }

  /** Ticks since the simulated epoch, including the market's warm-up history. */
  get currentTick(): number {
    return this.#parts.market.tick;
  }

  get time(): number {
    return this.#parts.market.time;
  }

  get market(): Market {
    return this.#parts.market;
  }

  /** Advances one market tick: physics, danger, risk (hourly: correlations, shadow scores), trading, learning. */
  tick(): TickEvents {
    const { market, trader, physics, risk, metrics } = this.#parts;
    const continuing = market.tick > this.#startTick;
    this.#ticked = true;
    market.step();
    const events: TickEvents = { tick: market.tick, time: market.time, positionOpen: false, experiencesAdded: 0, predictions: 0 };
    physics.update(market);
    this.#assessDanger(events);
    if (market.tick % CORRELATION_EVERY_TICKS === 0) {
      risk.refreshCorrelation(market);
      events.correlationUpdated = true;
      if (this.#parts.shadows.evaluate(this.#parts.replay, market.time)) events.shadowOutperformed = true;
    }
    if (risk.breaker.observe(risk.riskScore(TRADED_SYMBOL), market.time)) events.circuitBreakerLevel = risk.breaker.currentLevel;
    const rng = Xoshiro128.fromSeed(this.seed, combine(TICK_STREAM, market.tick));
    const permissions = { entriesAllowed: risk.breaker.entriesAllowed, frozen: risk.breaker.frozen };
    const closed = trader.step(market, rng, permissions, metrics.totalTrades, continuing);
    if (closed) recordTrade(this.#parts, closed, events);
    events.positionOpen = trader.position !== null;
    return events;
  }

  /** Starts a training run of `batchesTotal` replay batches (a batch = one sampled experience). */
  beginTrainingRun(batchesTotal: number): void {
    this.#parts.trainer.begin(batchesTotal);
  }

  /** Runs up to `batches` batches of the current run, starting a run of that size if none is active. */
  trainFromReplay(batches: number): TrainingProgress {
    const { trainer, trader, replay } = this.#parts;
    if (!trainer.active) trainer.begin(batches);
    return trainer.train(trader.entry, replay, batches);
  }

  /**
   * The state of one component. Q-tables and replay columns are views of live memory, valid
   * until the next tick(), trainFromReplay() or restore(): copy them to keep them longer (a
   * save that encodes synchronously needs no copy). Everything else is a fresh copy.
   */
  snapshot<K extends DemoComponent>(component: K): DemoStates[K] {
    return snapshotOf(this.#parts, component);
  }

  /** Every component at once (same view rules as snapshot). */
  snapshotAll(): DemoStates {
    return {
      entryAgent: this.snapshot('entryAgent'),
      exitAgent: this.snapshot('exitAgent'),
      replayBuffer: this.snapshot('replayBuffer'),
      riskAdversary: this.snapshot('riskAdversary'),
      learningMetrics: this.snapshot('learningMetrics'),
      portfolioRisk: this.snapshot('portfolioRisk'),
      shadowAgents: this.snapshot('shadowAgents'),
      physics: this.snapshot('physics'),
      activePosition: this.snapshot('activePosition'),
      trainingCheckpoint: this.snapshot('trainingCheckpoint'),
    };
  }

  /**
   * Resumes from loaded states (any subset; missing ones stay fresh). Must be called before
   * the first tick: the market is replayed to the newest stored moment, then learning goes on.
   * Throws DemoStateMismatchError naming a component that does not fit this configuration;
   * the agent is then half-restored: discard it and restore a new one without that component.
   */
  restore(states: Partial<DemoStates>): void {
    if (this.#ticked) throw new Error('restore() needs a freshly constructed DemoAgent: this one has already ticked');
    restoreAgent(this.#parts, states);
  }

  #assessDanger(events: TickEvents): void {
    const { market, adversary, risk } = this.#parts;
    for (let symbol = 0; symbol < market.symbols.length; symbol++) {
      risk.microDangerScores[symbol] = adversary.danger(adversaryInputs(market, symbol, 0, this.#inputs));
    }
    const danger = risk.microDangerScores[TRADED_SYMBOL] as number;
    adversary.record(danger, market.time, market.regime());
    events.predictions = 1;
    if (danger > 0.7) events.dangerAbove07 = true;
    const predictedAt = market.time - CRASH_LOOKAHEAD_TICKS * TICK_MS;
    adversary.resolve(predictedAt, crashed(market), adversaryInputs(market, TRADED_SYMBOL, CRASH_LOOKAHEAD_TICKS, this.#inputs));
    if (market.tick % CALIBRATE_EVERY_TICKS === 0) {
      adversary.calibrate(predictedAt, market.time);
      events.calibrationUpdated = true;
    }
  }
}

/** Did the traded symbol fall CRASH_SIGMAS below its price at prediction time within the lookahead? */
function crashed(market: Market): boolean {
  const base = market.symbols[TRADED_SYMBOL]?.baseVolatility ?? 1;
  const floor = market.price(TRADED_SYMBOL, CRASH_LOOKAHEAD_TICKS) * Math.exp(-CRASH_SIGMAS * base * Math.sqrt(CRASH_LOOKAHEAD_TICKS));
  for (let ago = 0; ago < CRASH_LOOKAHEAD_TICKS; ago++) if (market.price(TRADED_SYMBOL, ago) < floor) return true;
  return false;
}
