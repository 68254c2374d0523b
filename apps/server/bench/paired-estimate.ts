// The verdict of bench:agent, per load variant: each browsed window is paired with the idle window
// just before it (the machine drifts: a pair shares its minutes). The estimate is the p99 of the
// pooled browsed saves over the p99 of the pooled idle saves of the same pairs (Harrell-Davis
// estimates, tail-quantile.ts); its spread comes from resampling whole pairs (a cluster
// bootstrap). Saves of one window are not independent — the agent's own rhythm (a training run,
// a burst of trades: 24 to 109 saves and 0 to 9 EntryAgent saves in one 15 s window) and a busy
// stretch of the machine slow several at once — so resampling single saves, as the first version
// of this bench did, made the interval too narrow. With few pairs the bootstrap is too narrow
// still: the interval is the bootstrap's spread of the log ratio, widened by Student's t for
// the number of pairs. Checked on A/A pairs of 11 runs (34 of the `none` control, 66 of two idle
// windows; 150 random subsets each): a nominal 90 % interval missed 1.0 in 22-27 % of subsets of
// 6 pairs by the bootstrap's percentiles, 12-18 % by this one; of 10 pairs 9-13 % and 10 %.
// No verdict under 10 pairs.

import { percentiles } from '../src/state/latency.js';
import { harrellDavis } from './tail-quantile.js';
import type { RecordedSave } from './run-record.js';
import type { BenchWindow } from './save-report.js';

/** The target: save p99 while browsed under 1.10 × the p99 while idle. */
export const TARGET = 1.1;
/** Below this many pairs no verdict is given, whatever the interval says. */
export const MIN_PAIRS = 10;
/**
 * Nor below this many saves a side: the p99 of 100 saves rests on their two or three slowest (an
 * A/A comparison of the EntryAgent's 30 saves a side came out at 2.09).
 */
export const MIN_SAVES = 300;
const ROUNDS = 2000;
/**
 * One-sided 95 % quantiles of Student's t by degrees of freedom (1..30; beyond, 1.645 + 1.55 / df
 * is within 0.002): the interval is two-sided 90 %, so each verdict ("met": its upper bound under
 * the target; "not met": its lower bound above it) errs about 5 % of the time.
 */
const T95 = [6.314, 2.92, 2.353, 2.132, 2.015, 1.943, 1.895, 1.86, 1.833, 1.812, 1.796, 1.782, 1.771, 1.761, 1.753, 1.746, 1.74, 1.734, 1.729, 1.725, 1.721, 1.717, 1.714, 1.711, 1.708, 1.706, 1.703, 1.701, 1.699, 1.697];
const t95 = (df: number): number => T95[df - 1] ?? 1.645 + 1.55 / df;

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
  /** The same with nearest-rank p99s (the statistic of the earlier runs' tables). */
  rankRatio: number;
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

const p99 = (values: number[]): number => harrellDavis(values, 0.99);

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

/** The pooled p99 ratio and its 90 % interval (resampling pairs, seeded: the same data give the same interval). */
export function pairedEstimate(pairs: Pair[]): PairedEstimate {
  const idle = pairs.flatMap((pair) => pair.idle);
  const load = pairs.flatMap((pair) => pair.load);
  let seed = 12345;
  const random = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const logs: number[] = [];
  for (let round = 0; round < ROUNDS && pairs.length > 1; round++) {
    const ratio = pooledRatio(pairs.map(() => pairs[Math.floor(random() * pairs.length)]!));
    if (Number.isFinite(ratio) && ratio > 0) logs.push(Math.log(ratio));
  }
  const mean = logs.reduce((sum, value) => sum + value, 0) / logs.length;
  const spread = Math.sqrt(logs.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, logs.length - 1));
  const n = pairs.length;
  const half = n > 1 ? t95(n - 1) * Math.sqrt(n / (n - 1)) * spread : Number.NaN;
  const [idleP99, loadP99] = [p99(idle), p99(load)];
  const ratio = loadP99 / idleP99;
  const [low, high] = [ratio * Math.exp(-half), ratio * Math.exp(half)];
  const rankRatio = percentiles([...load]).p99 / percentiles([...idle]).p99;
  return { pairs: n, idleSaves: idle.length, loadSaves: load.length, idleP99, loadP99, ratio, rankRatio, low, high, verdict: verdictOf(n, Math.min(idle.length, load.length), low, high) };
}
