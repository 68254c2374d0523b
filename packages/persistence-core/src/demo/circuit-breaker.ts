// DEFCON circuit breaker: escalates after consecutive violations, steps down one level at a
// time after a cool-down, and holds one release code per level above GREEN (so the number of
// active codes always equals the level).

import { DefconLevel, enumName } from '../components/enums.js';
import { combine } from './random.js';

/** Risk-score thresholds of YELLOW, ORANGE, RED and BLACK. */
const THRESHOLDS = [0.3, 0.45, 0.6, 0.75] as const;
const VIOLATIONS_TO_ESCALATE = 3;
const COOL_DOWN_MS = 30 * 60_000;

export interface CircuitBreakerState {
  currentLevel: DefconLevel;
  releaseCodes: string[];
  levelChanged: number;
  consecutiveViolations: number;
}

function levelForScore(score: number): DefconLevel {
  let level = 0;
  while (level < THRESHOLDS.length && score >= (THRESHOLDS[level] as number)) level++;
  return level as DefconLevel;
}

export class CircuitBreaker implements CircuitBreakerState {
  currentLevel: DefconLevel = DefconLevel.GREEN;
  releaseCodes: string[] = [];
  levelChanged = 0;
  consecutiveViolations = 0;

  constructor(private readonly seed: number) {}

  /** Applies one tick's risk score; returns true when the level changed. */
  observe(score: number, now: number): boolean {
    const target = levelForScore(score);
    if (target > this.currentLevel) {
      this.consecutiveViolations++;
      if (this.consecutiveViolations < VIOLATIONS_TO_ESCALATE) return false;
      for (let level = this.currentLevel + 1; level <= target; level++) this.releaseCodes.push(this.#codeFor(level as DefconLevel, now));
      this.#change(target, now);
      return true;
    }
    this.consecutiveViolations = 0;
    if (target === this.currentLevel || now - this.levelChanged < COOL_DOWN_MS) return false;
    this.releaseCodes.pop();
    this.#change((this.currentLevel - 1) as DefconLevel, now);
    return true;
  }

  /** New entries are refused from RED up. */
  get entriesAllowed(): boolean {
    return this.currentLevel < DefconLevel.RED;
  }

  /** BLACK freezes trading: open positions are closed. */
  get frozen(): boolean {
    return this.currentLevel === DefconLevel.BLACK;
  }

  snapshot(): CircuitBreakerState {
    return {
      currentLevel: this.currentLevel,
      releaseCodes: [...this.releaseCodes],
      levelChanged: this.levelChanged,
      consecutiveViolations: this.consecutiveViolations,
    };
  }

  load(state: CircuitBreakerState): void {
    this.currentLevel = state.currentLevel;
    this.releaseCodes = [...state.releaseCodes];
    this.levelChanged = state.levelChanged;
    this.consecutiveViolations = state.consecutiveViolations;
  }

  #change(level: DefconLevel, now: number): void {
    this.currentLevel = level;
    this.levelChanged = now;
    this.consecutiveViolations = 0;
  }

  #codeFor(level: DefconLevel, now: number): string {
    const digest = combine(this.seed, Math.floor(now / 60_000), level).toString(16).padStart(8, '0');
    return `${enumName(DefconLevel, level)}-${digest.toUpperCase()}`;
  }
}
