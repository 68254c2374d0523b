// The console runs below the agent's CPU priority, so browsing never takes CPU the agent's saves
// need. On Linux niceness belongs to each thread: os.setPriority() lowers only the calling
// thread, while V8's garbage-collector and compiler threads, started with the process, keep
// nice 0 and compete with the agent whenever the console allocates. So every thread that
// exists now is lowered too; threads started later (libuv's pool, workers) inherit it.
//
// Niceness only weighs CPU shares: a niced thread that is running is not preempted at once
// when the agent wakes (up to a scheduler slice, ~3 ms), and a save wakes the agent a dozen
// times (write, fsync, verify, renames). SCHED_IDLE (Linux, through util-linux `chrt`) is
// preempted at once; the console then runs only on CPU time nothing else wants.
//
// Both only rank threads within one scheduling group. With autogroup scheduling (Linux's
// default on most distributions) each session is a group and the kernel first shares CPU
// equally between groups, so a console started in another terminal than the agent would
// compete with it as an equal whatever its niceness. Then the console's session is lowered
// too (/proc/self/autogroup) — not when the agent is its own child, in the same session.

import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

export type CpuPolicy = 'nice' | 'idle';

export interface LoweredPriority {
  /** Threads whose niceness was lowered. */
  threads: number;
  /** The policy in force: 'idle' only when SCHED_IDLE was set. */
  policy: CpuPolicy;
  /** Why SCHED_IDLE was asked for and not set. */
  idleRefused?: string;
  /** The niceness of the console's autogroup (its session), when it was lowered. */
  sessionNice?: number;
}

export interface PriorityRequest {
  nice: number;
  policy: CpuPolicy;
  /** Also lower the session's autogroup: the agent runs in another session (it is not our child). */
  session: boolean;
}

/** Lowers every thread of this process to at least `nice` (never raises it), to SCHED_IDLE and its session's group when asked. */
export function lowerConsolePriority({ nice, policy, session }: PriorityRequest): LoweredPriority {
  const sessionNice = session ? lowerSessionGroup(nice) : undefined;
  const lowered = lowerThreads(nice, policy);
  return sessionNice === undefined ? lowered : { ...lowered, sessionNice };
}

function lowerThreads(nice: number, policy: CpuPolicy): LoweredPriority {
  setPriority(Math.max(getPriority(), nice));
  let threads = 1;
  for (const tid of threadIds()) {
    if (tid === process.pid) continue;
    try {
      setPriority(tid, Math.max(getPriority(tid), nice));
      threads++;
    } catch {
      // The thread ended between the listing and the call.
    }
  }
  if (policy === 'nice') return { threads, policy };
  try {
    execFileSync('chrt', ['--idle', '--all-tasks', '--pid', '0', String(process.pid)], { stdio: 'pipe', timeout: 5000 });
    return { threads, policy: 'idle' };
  } catch (error) {
    return { threads, policy: 'nice', idleRefused: process.platform !== 'linux' ? `SCHED_IDLE exists only on Linux (${process.platform})` : `chrt --idle failed: ${(error as Error).message.split('\n')[0]}` };
  }
}

/** The new niceness of this session's autogroup; undefined where there is none (autogroup off, not Linux). */
function lowerSessionGroup(nice: number): number | undefined {
  try {
    if (readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim() !== '1') return undefined;
    const current = Number(/nice (-?\d+)/.exec(readFileSync('/proc/self/autogroup', 'utf8'))?.[1] ?? Number.NaN);
    if (Number.isNaN(current)) return undefined;
    if (current < nice) writeFileSync('/proc/self/autogroup', String(nice));
    return Math.max(current, nice);
  } catch {
    return undefined;
  }
}

/** This process's thread ids (Linux); none elsewhere, where niceness is per process anyway. */
function threadIds(): number[] {
  try {
    return readdirSync('/proc/self/task').map(Number);
  } catch {
    return [];
  }
}
