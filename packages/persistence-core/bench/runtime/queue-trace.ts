// Kernel evidence for the stalls of the copy-on-write queue case (queue.ts): runs that case, spin
// or futex paced, while an ftrace instance records every thread's scheduling and this process's
// page faults, mmap_lock waits and syscalls; then, for every gap of the agent's loop over a
// threshold, splits it into the agent running, asleep, and waiting for its core, and names who
// held that core meanwhile (trace-analysis.ts), for the save windows and the idle windows apart.
// Linux, root, tracefs, gdb (thread roles).
//   npx tsx bench/runtime/queue-trace.ts [megabytes=100] [repeats=3] [thresholdMs=0.5] [spin|futex]
//   env TRACE_VERBOSE=1: the events of the 20 longest gaps; QUEUE_BENCH_CPU, QUEUE_BENCH_WORKER_CPUS, QUEUE_BENCH_ISOLATE,
//   QUEUE_BENCH_RESERVE as in queue.ts (isolated: also everything that ran on the agent's core, per window kind)

import { join } from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import type { ComponentCodec } from '../../src/components/codec.js';
import type { EntryAgentState } from '../../src/components/types.js';
import { Keyring } from '../../src/signing/keyring.js';
import type { SaveResult } from '../../src/store/reports.js';
import { AsyncSaveQueue } from '../../src/runtime/save-queue.js';
import { WorkerSaver } from '../../src/runtime/worker-saver.js';
import { benchDir } from './stats.js';
import { liveAgent } from './live-agent.js';
import { pause } from './stall-loop.js';
import { pinAgentThread } from './thread-probe.js';
import { isolateAgentThread, parseCpuList } from '../../src/runtime/thread-affinity.js';
import { Ftrace, threadRoles, type TraceEvent } from './ftrace.js';
import { analyzeGap, coreOccupancy, tally, type Roles } from './trace-analysis.js';
import { reserveCore } from './reserve-core.js';
import { PerformanceObserver } from 'node:perf_hooks';

const megabytes = Number(process.argv[2] ?? 100);
const repeats = Number(process.argv[3] ?? 3);
const threshold = Number(process.argv[4] ?? 0.5);
const verbose = process.env['TRACE_VERBOSE'] === '1';
const dir = await benchDir('queue-trace');
const codec = entryAgentCodec as ComponentCodec<EntryAgentState>;
const { shared, tick: agentTick } = liveAgent(megabytes);
const cpus = process.env['QUEUE_BENCH_WORKER_CPUS'];
const saver = new WorkerSaver({ directory: join(dir, 'w'), keyring: Keyring.generate(), ...(cpus === undefined ? {} : { cpus: parseCpuList(cpus) }) });
const queue = new AsyncSaveQueue<SaveResult>({ copiesShared: true, save: (c, state) => saver.save(c, state) });
await queue.save(codec, shared); // start-up save: the worker has run the whole path once
if (process.env['QUEUE_BENCH_CPU'] !== undefined) pinAgentThread(Number(process.env['QUEUE_BENCH_CPU']));
const isolated = process.env['QUEUE_BENCH_ISOLATE'] === undefined ? undefined : isolateAgentThread([Number(process.env['QUEUE_BENCH_ISOLATE'])]);
if (process.env['QUEUE_BENCH_ISOLATE'] !== undefined && isolated === undefined) throw new Error('could not isolate the agent thread');
if (process.env['QUEUE_BENCH_RESERVE'] === '1' && isolated === undefined) throw new Error('QUEUE_BENCH_RESERVE=1 needs QUEUE_BENCH_ISOLATE=n');
const reservation = process.env['QUEUE_BENCH_RESERVE'] === '1' ? await reserveCore(isolated!.agent[0]!) : undefined;
reservation?.summary.forEach((line) => console.log(`reserve: ${line}`));
const tids = (): number[] => readdirSync('/proc/self/task').map(Number);
const policyOf = (tid: number): number => Number(/^policy\s*:\s*(\d+)/m.exec(readFileSync(`/proc/self/task/${tid}/sched`, 'utf8'))?.[1]);
const worker = tids().find((tid) => policyOf(tid) === 5); // SCHED_IDLE: the save worker lowered itself
if (worker === undefined) throw new Error('no SCHED_IDLE thread: the save worker did not lower its priority, nothing to attribute');
const pacing = process.argv[5] === 'futex' ? 'futex' : 'spin';
console.log(`pid ${process.pid}, save worker ${worker}${cpus === undefined ? '' : ` on cores ${cpus}`}; ${pacing} pacing; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
// performance.now() and process.hrtime share libuv's monotonic clock; this is their offset in ns.
const origin = process.hrtime.bigint() - BigInt(Math.round(performance.now() * 1e6));
const monotonic = (ms: number): bigint => origin + BigInt(Math.round(ms * 1e6));
const gcs: { start: bigint; ms: number }[] = [];
new PerformanceObserver((list) => list.getEntries().forEach((e) => gcs.push({ start: monotonic(e.startTime), ms: e.duration }))).observe({ entryTypes: ['gc'] });

/** The benchmark's loop (stall-loop.ts), paced by spinning or a futex wait, with each gap's [start, end]. */
async function loop(work: Promise<unknown>): Promise<[number, number][]> {
  let settled = false;
  void work.finally(() => (settled = true));
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const gaps: [number, number][] = [];
  let last = performance.now();
  await new Promise<void>((resolve) => {
    const step = (): void => {
      if (pacing === 'spin') while (performance.now() < last + 1) pause();
      else if (last + 1 - performance.now() > 0) Atomics.wait(cell, 0, 0, last + 1 - performance.now());
      const now = performance.now();
      if (now - last > 1 + threshold) gaps.push([last, now]);
      last = now;
      agentTick();
      if (settled) resolve();
      else setImmediate(step);
    };
    setImmediate(step);
  });
  return gaps;
}

const trace = new Ftrace('quantum-queue', tids());
const gaps: { kind: 'save' | 'idle'; start: bigint; end: bigint }[] = [];
const windows = { save: [] as [bigint, bigint][], idle: [] as [bigint, bigint][] };
trace.start();
for (let r = 0; r < repeats; r++) {
  await new Promise((resolve) => setTimeout(resolve, 200));
  const work = new Promise((resolve) => setTimeout(resolve, 5)).then(() => queue.enqueue(codec, shared)).then((ticket) => ticket.done);
  const started = performance.now();
  for (const [a, b] of await loop(work)) gaps.push({ kind: 'save', start: monotonic(a), end: monotonic(b) });
  const saveMs = performance.now() - started;
  windows.save.push([monotonic(started), monotonic(started + saveMs)]);
  for (const [a, b] of await loop(new Promise((resolve) => setTimeout(resolve, saveMs)))) gaps.push({ kind: 'idle', start: monotonic(a), end: monotonic(b) });
  windows.idle.push([monotonic(started + saveMs), monotonic(performance.now())]);
}
trace.stop();
(await reservation?.release())?.forEach((line) => console.log(`reserve: ${line}`));
const events = trace.read();
const roles: Roles = { agent: process.pid, worker, own: threadRoles(process.pid) };
const nameOf = (tid: number): string => (tid === process.pid ? 'AGENT' : tid === worker ? 'SAVE-WORKER' : `${roles.own.get(tid) ?? 'other'} ${tid}`);
console.log(`${events.length} trace events, ${gaps.length} gaps over ${threshold} ms beyond the period; main-isolate GCs: ${gcs.length}`);
for (const kind of ['save', 'idle'] as const) {
  const reports = gaps.filter((g) => g.kind === kind).map((g) => ({ g, report: analyzeGap(events, roles, g.start, g.end) }));
  console.log(`\n${kind} windows: ${reports.length} gaps; longest ${Math.max(0, ...reports.map((r) => r.report.gapMs - 1)).toFixed(2)} ms beyond the period. Who had the agent's core during them:`);
  for (const line of tally(reports.map((r) => r.report))) console.log(`  ${line}`);
  if (isolated !== undefined) {
    const ran = [...coreOccupancy(events, roles, isolated.agent[0]!, windows[kind])].sort((a, b) => b[1] - a[1]);
    console.log(`  on core ${isolated.agent[0]} besides the agent, whether it waited or not (ms): ${ran.map(([k, ms]) => `${k} ${ms.toFixed(2)}`).join('; ') || 'nothing'}`);
  }
  for (const { g, report } of reports.sort((a, b) => b.report.gapMs - a.report.gapMs).slice(0, verbose ? 20 : 6)) {
    const gc = gcs.filter((x) => x.start < g.end && x.start + BigInt(Math.round(x.ms * 1e6)) > g.start).map((x) => `GC ${x.ms.toFixed(2)} ms`);
    console.log(`  gap ${(report.gapMs - 1).toFixed(2)} ms: agent ran ${report.agentRanMs.toFixed(2)}, slept ${report.agentSleptMs.toFixed(2)}${gc.length ? ` (${gc.join(', ')})` : ''}; ${[...report.others].map(([k, ms]) => `${k} ${ms.toFixed(2)}`).join('; ') || 'nobody held its core while it waited'}`);
    if (verbose) for (const line of summarize(events.filter((e) => e.ns >= g.start - 300_000n && e.ns <= g.end))) console.log(`      ${line}`);
  }
}
await saver.close();
await rm(dir, { recursive: true, force: true });

/** One line per event, consecutive page faults of a thread folded into a count. */
function summarize(list: TraceEvent[]): string[] {
  const lines: string[] = [];
  let faults: { tid: number; n: number; from: bigint; to: bigint } | undefined;
  const flush = (): void => {
    if (faults !== undefined) lines.push(`${(Number(faults.from) / 1e9).toFixed(6)} ${nameOf(faults.tid)} ${faults.n} page faults until ${(Number(faults.to) / 1e9).toFixed(6)}`);
    faults = undefined;
  };
  for (const e of list) {
    if (e.event.startsWith('page_fault')) {
      if (faults?.tid === e.tid) (faults.n++, (faults.to = e.ns));
      else (flush(), (faults = { tid: e.tid, n: 1, from: e.ns, to: e.ns }));
      continue;
    }
    flush();
    lines.push(`${(Number(e.ns) / 1e9).toFixed(6)} cpu${e.cpu} ${nameOf(e.tid)} ${e.event} ${e.detail}`);
  }
  flush();
  return lines;
}
