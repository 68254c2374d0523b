// Reads an ftrace record (ftrace.ts) for one question: during a gap of the agent's thread, who
// had its core? Per gap: how long the agent thread was on a CPU, and for the time it was not,
// which threads ran on the core it was waiting for, each with who woke it. Every thread is put
// in a class: the agent thread, the save worker, another thread of this process (V8's platform
// threads: GC and compiler tasks of every isolate; libuv's pool) with the isolate thread that
// posted its task, or another process.

import type { TraceEvent } from './ftrace.js';

export interface Roles {
  agent: number;
  worker: number;
  /** Every thread of this process (tid → role name). */
  own: Map<number, string>;
}

export interface GapReport {
  gapMs: number;
  /** The agent thread on a CPU. */
  agentRanMs: number;
  /** Asleep (its own wait: the pacing's, or a lock's); a late timer shows here. */
  agentSleptMs: number;
  /** ms per "class: thread" that held the core the agent was waiting for (runnable, not running). */
  others: Map<string, number>;
}

const field = (detail: string, name: string): string | undefined => new RegExp(`${name}=(\\S+)`).exec(detail)?.[1];

export function analyzeGap(events: TraceEvent[], roles: Roles, start: bigint, end: bigint): GapReport {
  const wokenBy = new Map<number, number>();
  /** The last work function each kernel worker started (ext4_end_io_rsv_work, wb_workfn, ...). */
  const work = new Map<number, string>();
  const running = new Map<number, { tid: number; comm: string; since: bigint }>();
  let state: 'running' | 'waiting' | 'sleeping' = 'running';
  let since = start;
  let agentCpu = -1;
  const spent = { running: 0n, waiting: 0n, sleeping: 0n };
  const others = new Map<string, number>();
  const clip = (t: bigint): bigint => (t < start ? start : t > end ? end : t);
  const enter = (next: typeof state, at: bigint): void => {
    spent[state] += clip(at) - clip(since);
    state = next;
    since = at;
  };
  /** The thread leaving `cpu` at `until` held the agent's core while the agent waited: credit it. */
  const credit = (cpu: number, until: bigint): void => {
    const current = running.get(cpu);
    if (current === undefined || cpu !== agentCpu || state !== 'waiting' || current.tid === roles.agent) return;
    const from = clip(current.since > since ? current.since : since);
    if (clip(until) <= from) return;
    const job = work.get(current.tid);
    const key = classOf(current.tid, job === undefined ? current.comm : `${current.comm} ${job}`, wokenBy.get(current.tid), roles);
    others.set(key, (others.get(key) ?? 0) + Number(clip(until) - from) / 1e6);
  };
  for (const e of events) {
    if (e.ns > end) break;
    if (e.event === 'sched_wakeup') {
      const pid = Number(field(e.detail, 'pid'));
      wokenBy.set(pid, e.tid);
      if (pid === roles.agent) (enter('waiting', e.ns), (agentCpu = Number(field(e.detail, 'target_cpu'))));
      continue;
    }
    if (e.event === 'workqueue_execute_start') work.set(e.tid, /function[= ](\S+)/.exec(e.detail)?.[1] ?? '?');
    if (e.event === 'sched_migrate_task' && Number(field(e.detail, 'pid')) === roles.agent) agentCpu = Number(field(e.detail, 'dest_cpu'));
    if (e.event !== 'sched_switch') continue;
    const prev = Number(field(e.detail, 'prev_pid'));
    const next = Number(field(e.detail, 'next_pid'));
    credit(e.cpu, e.ns);
    if (prev === roles.agent) (enter(field(e.detail, 'prev_state')?.startsWith('R') ? 'waiting' : 'sleeping', e.ns), (agentCpu = e.cpu));
    if (next === roles.agent) (enter('running', e.ns), (agentCpu = e.cpu));
    running.set(e.cpu, { tid: next, comm: field(e.detail, 'next_comm') ?? '?', since: e.ns });
  }
  for (const cpu of running.keys()) credit(cpu, end);
  enter(state, end);
  return { gapMs: Number(end - start) / 1e6, agentRanMs: Number(spent.running) / 1e6, agentSleptMs: Number(spent.sleeping) / 1e6, others };
}

function classOf(tid: number, comm: string, waker: number | undefined, roles: Roles): string {
  if (tid === roles.worker) return 'save worker';
  const role = roles.own.get(tid);
  if (role === undefined) return `other process: ${comm}`;
  const poster = waker === roles.agent ? 'agent' : waker === roles.worker ? 'save worker' : waker === undefined ? 'unknown' : (roles.own.get(waker) ?? `other ${waker}`);
  return `${role} (woken by ${poster})`;
}

/** Sums reports by class: total ms, and in how many gaps each class ran. */
export function tally(reports: GapReport[]): string[] {
  const total = new Map<string, { ms: number; gaps: number; worst: number }>();
  for (const report of reports) {
    for (const [key, ms] of report.others) {
      const t = total.get(key) ?? { ms: 0, gaps: 0, worst: 0 };
      total.set(key, { ms: t.ms + ms, gaps: t.gaps + 1, worst: Math.max(t.worst, ms) });
    }
  }
  return [...total].sort((a, b) => b[1].ms - a[1].ms).map(([key, t]) => `${t.ms.toFixed(1).padStart(7)} ms in ${String(t.gaps).padStart(3)} gaps (longest ${t.worst.toFixed(2)}): ${key}`);
}

/**
 * Everything that ran on `cpu` inside `windows` other than the agent, whether the agent was
 * waiting for the core or not: ms per class (as above, kernel workers with their last work
 * function). Shows whether a reserved core (reserve-core.ts) kept kernel work and other
 * processes off it.
 */
export function coreOccupancy(events: TraceEvent[], roles: Roles, cpu: number, windows: readonly [bigint, bigint][]): Map<string, number> {
  const work = new Map<number, string>();
  const out = new Map<string, number>();
  let current: { tid: number; comm: string; since: bigint } | undefined;
  const credit = (until: bigint): void => {
    if (current === undefined || current.tid === roles.agent || current.tid === 0) return;
    const inside = windows.reduce((sum, [a, b]) => sum + Math.max(0, Number((until < b ? until : b) - (current!.since > a ? current!.since : a))), 0);
    if (inside <= 0) return;
    const job = work.get(current.tid);
    const key = classOf(current.tid, job === undefined ? current.comm : `${current.comm} ${job}`, undefined, roles).replace(' (woken by unknown)', '');
    out.set(key, (out.get(key) ?? 0) + inside / 1e6);
  };
  for (const e of events) {
    if (e.event === 'workqueue_execute_start') work.set(e.tid, /function[= ](\S+)/.exec(e.detail)?.[1] ?? '?');
    if (e.event !== 'sched_switch' || e.cpu !== cpu) continue;
    credit(e.ns);
    current = { tid: Number(field(e.detail, 'next_pid')), comm: field(e.detail, 'next_comm') ?? '?', since: e.ns };
  }
  if (current !== undefined && events.length > 0) credit(events[events.length - 1]!.ns);
  return out;
}
