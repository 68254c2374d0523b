// Do slow windows coincide with something measurable? Per window of bench:agent (all runs given):
// how many of its saves were slower than its run's idle p99 (the saves that make a p99), and the
// rank correlation of that count, over all windows and over the idle windows alone, with each probe
// — the machine's other CPU use, the agent's run-queue wait, steal, page faults, the disk's write
// and flush times, context switches, the console's CPU — and the agent's own work in the window (its
// saves, and those of its large components). A probe that tracks the slow saves in idle windows as
// well as in browsed ones is the machine or the agent, not the browsing.

import { percentiles } from '../src/state/latency.js';
import type { RecordedSave, RunRecord } from './run-record.js';
import type { BenchWindow } from './save-report.js';

/** The agent's components whose files are tens of MB (1M-entry Q-table): their saves queue the others. */
const LARGE = new Set(['EntryAgent', 'TrainingCheckpoint', 'ReplayBuffer']);

const PROBES: Record<string, (window: BenchWindow, saves: RecordedSave[]) => number | undefined> = {
  'agent saves': (_w, saves) => saves.length,
  'large saves': (_w, saves) => saves.filter((save) => LARGE.has(save.component)).length,
  'others ms/s': (w) => w.othersMsPerS,
  'agent wait ms/s': (w) => w.agent?.runDelayMsPerS,
  'agent cpu ms/s': (w) => w.agent?.cpuMsPerS,
  'console cpu ms/s': (w) => w.console?.cpuMsPerS,
  'steal ms/s': (w) => w.system?.stealMsPerS,
  'softirq ms/s': (w) => w.system?.softirqMsPerS,
  'faults k/s': (w) => w.system?.faultsKPerS,
  'disk MB/s': (w) => w.system?.diskWriteMBPerS,
  'ms per write': (w) => w.system?.msPerWrite,
  'ms per flush': (w) => w.system?.msPerFlush,
  'switches k/s': (w) => w.system?.switchesKPerS,
  'load average': (w) => w.loadAverage,
};

/** Average ranks (ties share their mean rank). */
function ranks(values: number[]): number[] {
  const order = values.map((value, index) => [value, index] as const).sort((a, b) => a[0] - b[0]);
  const result = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]![0] === order[start]![0]) end++;
    for (let k = start; k <= end; k++) result[order[k]![1]] = (start + end) / 2;
    start = end + 1;
  }
  return result;
}

/** Spearman's rank correlation; NaN with fewer than 5 pairs or no spread. */
export function spearman(xs: number[], ys: number[]): number {
  if (xs.length < 5) return Number.NaN;
  const [a, b] = [ranks(xs), ranks(ys)];
  const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
  const [ma, mb] = [mean(a), mean(b)];
  let [cov, va, vb] = [0, 0, 0];
  for (let i = 0; i < a.length; i++) {
    cov += (a[i]! - ma) * (b[i]! - mb);
    va += (a[i]! - ma) ** 2;
    vb += (b[i]! - mb) ** 2;
  }
  return cov / Math.sqrt(va * vb);
}

interface WindowSlowness {
  window: BenchWindow;
  /** The saves that ended in the window. */
  saves: RecordedSave[];
  /** Saves slower than the run's pooled idle p99. */
  slow: number;
  p95: number;
}

function slowness(records: RunRecord[]): WindowSlowness[] {
  return records.flatMap((record) => {
    const inWindow = (window: BenchWindow): RecordedSave[] => record.saves.filter((save) => save.time >= window.from && save.time < window.to);
    const idleP99 = percentiles(record.windows.filter((w) => w.kind === 'idle').flatMap((w) => inWindow(w).map((save) => save.durationMs))).p99;
    return record.windows.map((window) => {
      const saves = inWindow(window);
      const durations = saves.map((save) => save.durationMs);
      return { window, saves, slow: durations.filter((d) => d > idleP99).length, p95: percentiles(durations).p95 };
    });
  });
}

/** Rank correlations of each probe with the window's slow saves and its p95, over all windows and idle windows alone. */
export function printCorrelations(records: RunRecord[]): void {
  const all = slowness(records);
  const idle = all.filter((entry) => entry.window.kind === 'idle');
  const slowWindows = all.filter((entry) => entry.slow > 0).length;
  console.log(`slow saves (above their run's idle p99) per window vs the probes: Spearman rank correlation over ${all.length} windows (${slowWindows} with a slow save) and over the ${idle.length} idle ones`);
  console.log('probe              | slow saves: all  idle | window p95: all  idle');
  const rho = (entries: WindowSlowness[], probe: (w: BenchWindow, saves: RecordedSave[]) => number | undefined, outcome: (e: WindowSlowness) => number): string => {
    const measured = entries.map((entry) => [probe(entry.window, entry.saves), outcome(entry)] as const).filter(([value]) => value !== undefined && Number.isFinite(value));
    return spearman(measured.map(([value]) => value!), measured.map(([, result]) => result)).toFixed(2).padStart(5);
  };
  for (const [name, probe] of Object.entries(PROBES)) {
    console.log(`${name.padEnd(18)} |             ${rho(all, probe, (e) => e.slow)} ${rho(idle, probe, (e) => e.slow)} |            ${rho(all, probe, (e) => e.p95)} ${rho(idle, probe, (e) => e.p95)}`);
  }
}
