// The agent-under-load benchmark's tables: save latency idle vs under browsing per component
// (idle and load windows alternate, and each kind is pooled, so drift of the machine weighs on
// both sides alike), the save phases, and what the scheduler and the console did per window.

import type { JournalEntry } from '@quantum/persistence-core';
import { percentiles } from '../src/state/latency.js';
import type { SchedDelta, SystemDelta } from './process-probe.js';

export interface BenchWindow {
  kind: 'idle' | 'load';
  /** What this load window did, where the load windows alternate (`nice`, `idle`, `spin memory`, ...). */
  variant?: string;
  from: number;
  to: number;
  agent?: SchedDelta;
  console?: SchedDelta;
  /** The load generator's process. */
  generator?: SchedDelta;
  system?: SystemDelta;
  /** CPU time of everything but the agent, the console and the generator (other processes, kernel threads). */
  othersMsPerS?: number;
  /** Generations the console read, verified and decoded in the window. */
  verified: number;
  verifiedBytes: number;
  /** Generation files the console's listings stat'ed in the window (absent in records before it was counted). */
  statted?: number;
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

/** Per window: agent, console and generator CPU and run-queue wait; machine idle, softirq, steal; memory; disk; verifications, rate, load. */
export function printWindowTable(windows: BenchWindow[]): void {
  console.log('window                   s | agent cpu  run-delay (main) | console cpu  delay | gen cpu | idle softirq steal others | faults k/s freed MB/s | disk MB/s ms/write ms/flush | verified  MB  stats/s |  req/s loadavg');
  windows.forEach((window, index) => {
    const { agent, console: own, generator, system } = window;
    const seconds = (window.to - window.from) / 1000;
    console.log(
      `${String(index + 1).padStart(2)} ${(window.variant ?? window.kind).padEnd(20)} ${fixed(seconds, 3, 0)} | ${fixed(agent?.cpuMsPerS ?? NaN, 9)} ${fixed(agent?.runDelayMsPerS ?? NaN, 10)} ${fixed(agent?.mainRunDelayMsPerS ?? NaN, 6)} | ${fixed(own?.cpuMsPerS ?? NaN, 11)} ${fixed(own?.runDelayMsPerS ?? NaN, 6)} | ${fixed(generator?.cpuMsPerS ?? NaN, 7)} | ${fixed(system?.idleMsPerS ?? NaN, 5, 0)} ${fixed(system?.softirqMsPerS ?? NaN, 7, 0)} ${fixed(system?.stealMsPerS ?? NaN, 5, 0)} ${fixed(window.othersMsPerS ?? NaN, 6, 0)} | ${fixed(system?.faultsKPerS ?? NaN, 10)} ${fixed(system?.freedMBPerS ?? NaN, 10, 0)} | ${fixed(system?.diskWriteMBPerS ?? NaN, 9, 0)} ${fixed(system?.msPerWrite ?? NaN, 8, 2)} ${fixed(system?.msPerFlush ?? NaN, 8, 2)} | ${String(window.verified).padStart(8)} ${fixed(window.verifiedBytes / 1e6, 3, 0)} ${fixed((window.statted ?? NaN) / seconds, 8, 0)} | ${fixed(window.requests / seconds, 6, 0)} ${fixed(window.loadAverage, 7, 2)}`,
    );
  });
}

/**
 * The figures of the target, one line per load variant against every idle window pooled (a
 * description: the verdict, with its interval, is paired-report.ts's); with `quietMs`, only windows in which everything else on the machine (other processes, kernel
 * threads) used less CPU than that, on both sides alike.
 */
export function printSummary(saves: JournalEntry[], all: BenchWindow[], variants: string[], quietMs?: number): void {
  const windows = quietMs === undefined ? all : all.filter((window) => (window.othersMsPerS ?? 0) < quietMs);
  const idle = windows.filter((window) => window.kind === 'idle');
  if (idle.length === 0) return console.log(`summary: no idle window with other CPU use under ${quietMs} ms/s`);
  const mean = (chosen: BenchWindow[], pick: (window: BenchWindow) => number | undefined): number => chosen.reduce((sum, window) => sum + (pick(window) ?? 0), 0) / Math.max(1, chosen.length);
  const durations = (chosen: BenchWindow[], component?: string): number[] => inWindows(saves, chosen, chosen[0]!.kind).filter((save) => component === undefined || save.component === component).map((save) => save.durationMs);
  const p99 = (chosen: BenchWindow[], component?: string): number => percentiles(durations(chosen, component)).p99;
  const loads = (chosen: BenchWindow[]): string => `${Math.min(...chosen.map((window) => window.loadAverage)).toFixed(1)}-${Math.max(...chosen.map((window) => window.loadAverage)).toFixed(1)}`;
  const scope = quietMs === undefined ? `all ${idle.length} idle windows` : `the ${idle.length} of ${all.filter((window) => window.kind === 'idle').length} idle windows in which other CPU use stayed under ${quietMs} ms/s (same filter on the load windows)`;
  console.log(`summary (description, no interval): save p99 while browsed / p99 of ${scope} (target < ${TARGET.toFixed(2)}); agent run-queue wait ms/s; loadavg idle ${loads(idle)}`);
  console.log('load variant         windows  req/s | all saves p99 idle  load  ratio | EntryAgent p99 idle  load  ratio | agent wait idle  load | others ms/s | loadavg');
  for (const name of variants) {
    const chosen = windows.filter((window) => window.variant === name);
    if (chosen.length === 0) continue;
    const seconds = chosen.reduce((sum, window) => sum + (window.to - window.from) / 1000, 0);
    const rate = chosen.reduce((sum, window) => sum + window.requests, 0) / seconds;
    const [allIdle, allLoad, entryIdle, entryLoad] = [p99(idle), p99(chosen), p99(idle, 'EntryAgent'), p99(chosen, 'EntryAgent')];
    console.log(
      `${name.padEnd(20)} ${String(chosen.length).padStart(7)} ${fixed(rate, 6, 0)} |          ${fixed(allIdle)} ${fixed(allLoad, 5)} ${fixed(allLoad / allIdle, 6, 2)} |           ${fixed(entryIdle)} ${fixed(entryLoad, 5)} ${fixed(entryLoad / entryIdle, 6, 2)} |       ${fixed(mean(idle, (w) => w.agent?.runDelayMsPerS), 6)} ${fixed(mean(chosen, (w) => w.agent?.runDelayMsPerS), 5)} | ${fixed(mean(idle, (w) => w.othersMsPerS), 5, 0)} ${fixed(mean(chosen, (w) => w.othersMsPerS), 5, 0)} | ${loads(chosen)}`,
    );
  }
}

/**
 * Files the console verified while browsed against the generation files the agent wrote meanwhile
 * (each file is verified once; when browsing resumes, the files written while nobody looked are too).
 */
export function printVerifications(written: JournalEntry[], windows: BenchWindow[]): void {
  const load = windows.filter((window) => window.kind === 'load');
  const verified = load.reduce((sum, window) => sum + window.verified, 0);
  console.log(`generation files verified / written while browsing: ${verified} / ${inWindows(written, windows, 'load').length}`);
}
