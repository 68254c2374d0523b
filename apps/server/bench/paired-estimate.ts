// The verdict of bench:agent, per load variant: each browsed window is paired with the idle window
// just before it (the machine drifts: a pair shares its minutes). The estimate is the p99 of the
// pooled browsed saves over the p99 of the pooled idle saves of the same pairs; its interval comes
// from resampling whole pairs (a cluster bootstrap). Saves of one window are not independent —
// one slow stretch of the disk or the host slows several — so resampling single saves, as the
// first version of this bench did, made the interval too narrow; resampling pairs keeps each
// window's saves together and each pair's two sides together.

import { percentiles } from '../src/state/latency.js';
import type { RecordedSave } from './run-record.js';
import type { BenchWindow } from './save-report.js';

/** The target: save p99 while browsed under 1.10 × the p99 while idle. */
export const TARGET = 1.1;
/** Below this many pairs no verdict is given, whatever the interval says. */
export const MIN_PAIRS = 6;
/**
 * Nor below this many saves a side: the p99 of 100 saves is their second-slowest, and resampling
 * so few makes an interval that misses the truth far more often than it says (an A/A comparison
 * of the EntryAgent's 30 saves a side gave "not met"). At 300 the p99 is the third-slowest.
 */
export const MIN_SAVES = 300;
const ROUNDS = 2000;
/** Two-sided 90 %: each verdict ("met": upper bound under the target; "not met": lower bound above it) errs at most 5 % of the time. */
const LOW = 0.05;
const HIGH = 0.95;

export interface Pair {
  /** The record (run) the pair comes from, for the per-pair table. */
  run: number;
  idle: number[];
  load: number[];
  idleWindow: BenchWindow;
  loadWindow: BenchWindow;
}

export type Verdict = 'met' | 'not met' | 'inconclusive' | 'too few pairs' | 'too few saves';

export interface PairedEstimate {
  pairs: number;
  idleSaves: number;
  loadSaves: number;
  idleP99: number;
  loadP99: number;
  ratio: number;
  low: number;
  high: number;
  verdict: Verdict;
}

/** Durations (ms) of the saves that ended inside the window. */
export function savesIn(window: BenchWindow, saves: RecordedSave[], component?: string): number[] {
  return saves.filter((save) => save.time >= window.from && save.time < window.to && (component === undefined || save.component === component)).map((save) => save.durationMs);
}

/** Each window of `variant` with the idle window just before it (the windows alternate idle, load, idle, ...). */
export function pairsOf(windows: BenchWindow[], saves: RecordedSave[], variant: string, run: number, component?: string): Pair[] {
  const pairs: Pair[] = [];
  windows.forEach((window, index) => {
    const before = windows[index - 1];
    if (window.variant !== variant || before === undefined || before.kind !== 'idle') return;
    pairs.push({ run, idle: savesIn(before, saves, component), load: savesIn(window, saves, component), idleWindow: before, loadWindow: window });
  });
  return pairs;
}

const p99 = (values: number[]): number => percentiles(values).p99;

function pooledRatio(pairs: Pair[]): number {
  return p99(pairs.flatMap((pair) => pair.load)) / p99(pairs.flatMap((pair) => pair.idle));
}

export function verdictOf(pairs: number, saves: number, low: number, high: number): Verdict {
  if (pairs < MIN_PAIRS) return 'too few pairs';
  if (saves < MIN_SAVES) return 'too few saves';
  if (high < TARGET) return 'met';
  if (low > TARGET) return 'not met';
  return 'inconclusive';
}

/** The pooled p99 ratio and its 90 % cluster-bootstrap interval (resampling pairs, seeded: the same data give the same interval). */
export function pairedEstimate(pairs: Pair[]): PairedEstimate {
  const idle = pairs.flatMap((pair) => pair.idle);
  const load = pairs.flatMap((pair) => pair.load);
  let seed = 12345;
  const random = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS && pairs.length > 0; round++) {
    const ratio = pooledRatio(pairs.map(() => pairs[Math.floor(random() * pairs.length)]!));
    if (Number.isFinite(ratio)) ratios.push(ratio);
  }
  ratios.sort((a, b) => a - b);
  const low = ratios[Math.floor(ratios.length * LOW)] ?? Number.NaN;
  const high = ratios[Math.min(ratios.length - 1, Math.floor(ratios.length * HIGH))] ?? Number.NaN;
  const [idleP99, loadP99] = [p99(idle), p99(load)];
  return { pairs: pairs.length, idleSaves: idle.length, loadSaves: load.length, idleP99, loadP99, ratio: loadP99 / idleP99, low, high, verdict: verdictOf(pairs.length, Math.min(idle.length, load.length), low, high) };
}
