// Keeping the agent's thread and the save's threads on different cores. Priority alone does not:
// on the 2-core VM (no kernel preemption, HZ=250) the SCHED_IDLE save worker still ran on the core
// of a busy agent thread for a whole tick (4 ms) now and then, since the fair scheduler gives even
// an idle-priority thread a full slice when it picks it; and while the worker kept the other core
// busy, V8's platform threads woken by the agent's isolate were put on the agent's core
// (bench/runtime/queue-trace.ts, spin pacing). WorkerSaver's `cpus` confines the worker;
// isolateAgentThread confines the main thread to its cores and everything else off them.
// sched_setaffinity through taskset (util-linux), like chrt in thread-priority.ts: no privilege
// needed. Elsewhere it does nothing and says so.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { currentThreadId } from './thread-priority.js';

/** "0-2,5" → [0, 1, 2, 5]. */
export function parseCpuList(list: string): number[] {
  const cpus: number[] = [];
  for (const part of list.trim().split(',').filter((p) => p !== '')) {
    const [from, to = from] = part.split('-').map(Number) as [number, number?];
    for (let cpu = from; cpu <= to; cpu++) cpus.push(cpu);
  }
  return cpus;
}

/** The cores the calling thread may run on (Cpus_allowed_list), or undefined off Linux. */
export function allowedCpus(): number[] | undefined {
  try {
    const list = /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync('/proc/thread-self/status', 'utf8'))?.[1];
    return list === undefined ? undefined : parseCpuList(list);
  } catch {
    return undefined;
  }
}

/** taskset; false when it is missing or refused (e.g. none of `cpus` exists). */
function taskset(cpus: readonly number[], tid: number, allThreads = false): boolean {
  try {
    execFileSync('taskset', [...(allThreads ? ['--all-tasks'] : []), '--pid', '--cpu-list', cpus.join(','), String(tid)], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

/** Confines the calling thread to `cpus`; returns the cores it may run on afterwards (undefined: unknown). */
export function pinCurrentThread(cpus: readonly number[]): number[] | undefined {
  const tid = currentThreadId();
  if (tid !== undefined && cpus.length > 0) taskset(cpus, tid);
  return allowedCpus();
}

/**
 * Gives the agent's thread (the main thread, which calls this) cores of its own: every thread of
 * this process that exists now goes to the other cores, then the main thread to `agentCpus`. The
 * others are V8's platform threads (GC and compiler tasks of every isolate, at normal priority:
 * while a save kept the other core busy, the kernel put the ones the agent's isolate woke on
 * the agent's core, for up to 7 ms; queue-trace.ts), libuv's pool and the workers. A thread
 * started later inherits its creator's cores: call this once the process has started its
 * threads (after the first save), and give a WorkerSaver created later `cpus: others`.
 * Returns both sets, or undefined when not possible (not the main thread, no taskset, one core).
 */
export function isolateAgentThread(agentCpus: readonly number[]): { agent: number[]; others: number[] } | undefined {
  const all = allowedCpus();
  const others = all?.filter((cpu) => !agentCpus.includes(cpu)) ?? [];
  if (currentThreadId() !== process.pid || others.length === 0 || agentCpus.length === 0) return undefined;
  if (!taskset(others, process.pid, true) || !taskset(agentCpus, process.pid)) return undefined;
  return { agent: allowedCpus() ?? [], others };
}
