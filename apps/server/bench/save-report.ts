// The agent-under-load benchmark's tables: save latency idle vs under browsing per component
// (idle and load windows alternate, and each kind is pooled, so drift of the machine weighs on
// both sides alike), the save phases, and what the scheduler and the console did per window.

import type { JournalEntry } from '@quantum/persistence-core';
import { percentiles } from '../src/state/latency.js';
import type { SchedDelta } from './process-probe.js';

export interface BenchWindow {
  kind: 'idle' | 'load';
  /** What this load window did, where the load windows alternate (`nice`, `idle`, `spin memory`, ...). */
  variant?: string;
  from: number;
  to: number;
  agent?: SchedDelta;
  console?: SchedDelta;
  /** Generations the console read, verified and decoded in the window. */
  verified: number;
  verifiedBytes: number;
  requests: number;
  loadAverage: number;
}

const TARGET = 1.1;
const fixed = (value: number, width = 7, digits = 1): string => value.toFixed(digits).padStart(width);

function inWindows(saves: JournalEntry[], windows: BenchWindow[], kind: BenchWindow['kind']): JournalEntry[] {
  const chosen = windows.filter((window) => window.kind === kind);
  return saves.filter((save) => chosen.some((window) => save.time >= window.from && save.time < window.to));
}

/** One line per component and one for all: idle p50/p99, browsing p50/p99, the p99 ratio. Returns the worst ratio. */
export function printLatencyTable(saves: JournalEntry[], windows: BenchWindow[]): number {
  const idle = inWindows(saves, windows, 'idle');
  const load = inWindows(saves, windows, 'load');
  const components = [...new Set(saves.map((save) => save.component))].sort();
  console.log('component          idle n   p50     p99 | browse n   p50     p99 | p50 ratio  p99 ratio');
  let worst = 0;
  for (const name of [...components, 'all']) {
    const pick = (list: JournalEntry[]): number[] => list.filter((save) => name === 'all' || save.component === name).map((save) => save.durationMs);
    const a = percentiles(pick(idle));
    const b = percentiles(pick(load));
    if (a.count === 0 || b.count === 0) continue;
    const ratio = b.p99 / a.p99;
    // Components saved fewer than 100 times per side: their p99 is their maximum, shown but not judged.
    if (name === 'all' || name === 'EntryAgent') worst = Math.max(worst, ratio);
    console.log(`${name.padEnd(16)} ${String(a.count).padStart(6)} ${fixed(a.p50)} ${fixed(a.p99)} | ${String(b.count).padStart(6)} ${fixed(b.p50)} ${fixed(b.p99)} | ${fixed(b.p50 / a.p50, 9, 2)} ${fixed(ratio, 9, 2)}${a.count < 100 ? '  (few saves)' : ''}`);
  }
  console.log(`worst p99 ratio (all saves, EntryAgent) = ${worst.toFixed(2)} (target < ${TARGET.toFixed(2)})`);
  return worst;
}

/** Mean and p99 of each save phase, idle vs browsing: CPU phases (encode, verify) vs disk phases (write, fsync). */
export function printPhaseTable(saves: JournalEntry[], windows: BenchWindow[], component?: string): void {
  const chosen = saves.filter((save) => component === undefined || save.component === component);
  const sides = [inWindows(chosen, windows, 'idle'), inWindows(chosen, windows, 'load')] as const;
  const phases = [...new Set(chosen.flatMap((save) => Object.keys(save.phases ?? {})))];
  console.log(`phase (${component ?? 'all saves'})   idle mean    p99 | browse mean    p99`);
  for (const phase of phases) {
    const [a, b] = sides.map((side) => side.map((save) => save.phases?.[phase] ?? 0));
    const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
    console.log(`  ${phase.padEnd(16)} ${fixed(mean(a!), 9, 2)} ${fixed(percentiles(a!).p99)} | ${fixed(mean(b!), 11, 2)} ${fixed(percentiles(b!).p99)}`);
  }
}

/** Per window: agent CPU and run-queue wait, console CPU, verifications, browsing rate, load average. */
export function printWindowTable(windows: BenchWindow[]): void {
  console.log('window              s   agent cpu ms/s  run-delay ms/s (main) | console cpu ms/s  run-delay | verified (MB)  req/s  loadavg');
  windows.forEach((window, index) => {
    const seconds = (window.to - window.from) / 1000;
    const agent = window.agent;
    const own = window.console;
    console.log(
      `${String(index + 1).padStart(2)} ${(window.variant ? `${window.kind}/${window.variant}` : window.kind).padEnd(16)} ${fixed(seconds, 3, 0)} ${fixed(agent?.cpuMsPerS ?? NaN, 15)} ${fixed(agent?.runDelayMsPerS ?? NaN, 15)} ${fixed(agent?.mainRunDelayMsPerS ?? NaN, 6)} | ${fixed(own?.cpuMsPerS ?? NaN, 15)} ${fixed(own?.runDelayMsPerS ?? NaN, 10)} | ${String(window.verified).padStart(8)} ${fixed(window.verifiedBytes / 1e6, 5, 0)} ${fixed(window.requests / seconds, 6, 0)} ${fixed(window.loadAverage, 8, 2)}`,
    );
  });
}

/**
 * How often the console verified each component while browsing, against the generation files the
 * agent wrote meanwhile (each file is verified once; when browsing resumes, current and both
 * backups written while nobody looked are verified too).
 */
export function printVerifications(written: JournalEntry[], windows: BenchWindow[], verified: Map<string, number>): void {
  const load = inWindows(written, windows, 'load');
  const parts = [...verified].sort(([a], [b]) => a.localeCompare(b)).map(([name, count]) => `${name} ${count}/${load.filter((save) => save.component === name).length}`);
  console.log(`generations verified / written while browsing: ${parts.join(', ')}`);
}
