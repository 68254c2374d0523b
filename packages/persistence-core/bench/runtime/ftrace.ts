// A private ftrace instance (tracefs instances/<name>: its own buffer, events and filters,
// so other people's tracing is untouched) recording every thread's scheduling, and the page
// faults, mmap_lock waits and syscalls of a set of threads, with CLOCK_MONOTONIC timestamps (process.hrtime's clock).
// For the queue stall diagnosis (queue-trace.ts); Linux, root.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';

export interface TraceEvent {
  ns: bigint;
  tid: number;
  cpu: number;
  event: string;
  detail: string;
}

/** Recorded for every thread on the machine: who ran where, who woke whom, what kernel workers ran. */
const SCHEDULING = ['sched/sched_switch', 'sched/sched_wakeup', 'sched/sched_migrate_task', 'workqueue/workqueue_execute_start'];
/** Recorded for this process's threads only. */
const OWN = ['exceptions/page_fault_user', 'exceptions/page_fault_kernel', 'mmap_lock/mmap_lock_start_locking', 'mmap_lock/mmap_lock_acquire_returned', 'raw_syscalls/sys_enter', 'raw_syscalls/sys_exit'];
const EVENTS = [...SCHEDULING, ...OWN];
/** x86-64 numbers of the syscalls worth naming here. */
const SYSCALLS: Record<number, string> = { 0: 'read', 1: 'write', 3: 'close', 9: 'mmap', 10: 'mprotect', 11: 'munmap', 12: 'brk', 17: 'pread64', 18: 'pwrite64', 25: 'mremap', 28: 'madvise', 74: 'fsync', 75: 'fdatasync', 82: 'rename', 86: 'link', 87: 'unlink', 202: 'futex', 232: 'epoll_wait', 257: 'openat', 262: 'newfstatat', 281: 'epoll_pwait', 277: 'sync_file_range', 285: 'fallocate', 319: 'memfd_create', 441: 'epoll_pwait2' };

export class Ftrace {
  readonly #root: string;

  constructor(name: string, tids: number[]) {
    this.#root = `/sys/kernel/tracing/instances/${name}`;
    mkdirSync(this.#root, { recursive: true });
    writeFileSync(`${this.#root}/tracing_on`, '0');
    writeFileSync(`${this.#root}/trace_clock`, 'mono');
    writeFileSync(`${this.#root}/buffer_size_kb`, '65536');
    const own = tids.map((tid) => `common_pid == ${tid}`).join(' || ');
    for (const event of OWN) writeFileSync(`${this.#root}/events/${event}/filter`, own);
    for (const event of EVENTS) writeFileSync(`${this.#root}/events/${event}/enable`, '1');
    writeFileSync(`${this.#root}/trace`, '');
  }

  start(): void {
    writeFileSync(`${this.#root}/tracing_on`, '1');
  }

  stop(): void {
    writeFileSync(`${this.#root}/tracing_on`, '0');
  }

  /** Every recorded event, then the instance is removed. */
  read(): TraceEvent[] {
    const text = readFileSync(`${this.#root}/trace`, 'utf8');
    for (const event of EVENTS) writeFileSync(`${this.#root}/events/${event}/enable`, '0');
    rmdirSync(this.#root);
    const events: TraceEvent[] = [];
    for (const line of text.split('\n')) {
      const match = /^\s*.+?-(\d+)\s+\[(\d+)\]\s+(?:\S+\s+)?(\d+)\.(\d+):\s+(\w+):\s*(.*)$/.exec(line);
      if (match === null) continue;
      const [, tid, cpu, seconds, fraction, event, detail] = match as unknown as [string, string, string, string, string, string, string];
      events.push({ ns: BigInt(seconds) * 1_000_000_000n + BigInt(fraction.padEnd(9, '0')), tid: Number(tid), cpu: Number(cpu), event, detail: nameSyscall(event, detail) });
    }
    return events;
  }
}

function nameSyscall(event: string, detail: string): string {
  if (event !== 'sys_enter' && event !== 'sys_exit') return detail;
  return detail.replace(/^NR (\d+)/, (_, nr: string) => SYSCALLS[Number(nr)] ?? `NR ${nr}`);
}

/** What each thread of process `pid` is (node's platform workers, libuv pool, ...), from gdb's backtraces; empty without gdb. */
export function threadRoles(pid: number): Map<number, string> {
  const roles = new Map<number, string>();
  let output = '';
  try {
    output = execFileSync('gdb', ['-p', String(pid), '-batch', '-ex', 'thread apply all bt 14'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 30_000 });
  } catch {
    return roles;
  }
  for (const block of output.split(/^Thread \d+ /m).slice(1)) {
    const tid = Number(/LWP (\d+)/.exec(block)?.[1]);
    const role = block.includes('PlatformWorkerThread') ? 'V8 platform thread' : block.includes('threadpool.c') ? 'libuv pool thread' : block.includes('DelayedTaskScheduler') ? 'V8 delayed tasks' : block.includes('inspector') ? 'inspector' : block.includes('Worker::Run') ? 'worker thread' : tid === pid ? 'agent' : 'own thread';
    roles.set(tid, role);
  }
  return roles;
}
