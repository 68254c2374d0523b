// Where a stall of the agent's thread went, from Linux's per-thread scheduler accounting
// (/proc/thread-self/sched: nanosecond on-CPU time, voluntary and involuntary switches) and
// its minor page faults (/proc/thread-self/stat). A gap of the loop is then split into time the
// thread ran (our code, GC, message handling), time it waited for a core after being preempted
// (other threads and processes on the 2 cores), and time it slept or was blocked.
// Reading the two files costs ~30 µs per tick; used by the diagnosis, not the headline bench.

import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

export interface ThreadSample {
  /** performance.now() when read. */
  at: number;
  /** On-CPU time of this thread, ms. */
  cpuMs: number;
  voluntary: number;
  involuntary: number;
  minorFaults: number;
  /** How long reading the two files took, ms. */
  costMs: number;
}

const available = (() => {
  try {
    return readFileSync('/proc/thread-self/sched', 'utf8').includes('se.sum_exec_runtime');
  } catch {
    return false;
  }
})();

export function threadProbeAvailable(): boolean {
  return available;
}

export function sampleThread(): ThreadSample {
  const at = performance.now();
  const sched = readFileSync('/proc/thread-self/sched', 'utf8');
  const field = (name: string): number => Number(new RegExp(`^${name.replace('.', '\\.')}\\s*:\\s*([\\d.]+)`, 'm').exec(sched)?.[1] ?? Number.NaN);
  // Fields after the command name "(...)": state is [0], minflt is [7] (man 5 proc: field 10).
  const stat = readFileSync('/proc/thread-self/stat', 'utf8');
  const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { at, cpuMs: field('se.sum_exec_runtime'), voluntary: field('nr_voluntary_switches'), involuntary: field('nr_involuntary_switches'), minorFaults: Number(afterName[7]), costMs: performance.now() - at };
}

/** On-CPU ms of every thread of this process, by thread id. */
export function threadCpuTimes(): Map<string, number> {
  const times = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const sched = readFileSync(`/proc/self/task/${tid}/sched`, 'utf8');
      times.set(tid, Number(/^se\.sum_exec_runtime\s*:\s*([\d.]+)/m.exec(sched)?.[1] ?? Number.NaN));
    } catch {
      // the thread ended
    }
  }
  return times;
}

/**
 * Puts this process's main thread (the agent's) at SCHED_FIFO 10 so that other processes cannot
 * delay its wake-ups: what still stalls it is ours. Needs root or RLIMIT_RTPRIO; false otherwise.
 */
export function agentThreadRealtime(): boolean {
  try {
    execFileSync('chrt', ['--fifo', '--pid', '10', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Pins this process's main thread (only) to one core, e.g. away from the disk's interrupts. */
export function pinAgentThread(core: number): boolean {
  try {
    execFileSync('taskset', ['--pid', '--cpu-list', String(core), String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
