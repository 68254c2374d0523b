// Lowering the priority of the calling thread only (the save worker's). On 2 cores a save
// worker at normal priority competes with the agent's thread: the agent's timer fired on time
// but its thread waited up to ~20 ms for a core (perf sched: wake-up delay while our worker and
// libuv's I/O thread ran). Two levels:
// - nice 19: setpriority(2) with the thread id changes that thread alone on Linux, no privilege
//   needed. The agent preempts the worker on the worker's core, but a woken agent thread may
//   still queue on the OTHER core behind another process while the worker keeps its core.
// - SCHED_IDLE (chrt --idle, util-linux): the kernel counts a core that runs only SCHED_IDLE
//   threads as idle when it places a woken thread, so the agent's thread takes the worker's core
//   at once. Lowering one's own policy needs no privilege either.
// Elsewhere (no /proc/thread-self, no chrt) this does what it can and says what it did.

import { execFileSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

export type ThreadPriority = 'idle' | 'nice' | 'normal';

/** The Linux thread id of the calling thread, from /proc/thread-self ("<pid>/task/<tid>"). */
export function currentThreadId(): number | undefined {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
    return Number.isInteger(tid) && tid > 0 ? tid : undefined;
  } catch {
    return undefined;
  }
}

/** Lowers the calling thread to `wanted` or as near as the platform allows; returns what it got. */
export function lowerThreadPriority(wanted: ThreadPriority): ThreadPriority {
  const tid = currentThreadId();
  if (wanted === 'normal' || tid === undefined) return 'normal';
  try {
    setPriority(tid, 19);
  } catch {
    return 'normal';
  }
  if (wanted === 'nice') return 'nice';
  try {
    execFileSync('chrt', ['--idle', '--pid', '0', String(tid)], { stdio: 'ignore', timeout: 5000 });
    return 'idle';
  } catch {
    return 'nice';
  }
}
