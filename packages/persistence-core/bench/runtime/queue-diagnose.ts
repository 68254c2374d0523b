// Where the stalls of the queue benchmark come from: a 1 ms setInterval loop that, at every
// tick, reads this thread's scheduler accounting (thread-probe.ts), while GC entries
// (PerformanceObserver 'gc') and the save's own events (enqueue, completion) are timestamped.
// Each stall over 0.5 ms is split into: ran (on-CPU: our code, GC, message handling),
// preempted (an involuntary switch: waited for a core), slept/blocked (off-CPU, voluntary).
//   npx tsx bench/runtime/queue-diagnose.ts [megabytes=100] [repeats=2] [idle|nice|normal] [detail]

import { PerformanceObserver, monitorEventLoopDelay } from 'node:perf_hooks';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import type { ComponentCodec } from '../../src/components/codec.js';
import type { EntryAgentState } from '../../src/components/types.js';
import { Keyring } from '../../src/signing/keyring.js';
import { AsyncSaveQueue } from '../../src/runtime/save-queue.js';
import { CapturePool } from '../../src/runtime/capture-pool.js';
import { captureState } from '../../src/runtime/capture.js';
import { SharedState, sharedColumn } from '../../src/runtime/shared-state.js';
import { WorkerSaver, type WorkerPriority } from '../../src/runtime/worker-saver.js';
import { benchDir, percentile } from './stats.js';
import { agentThreadRealtime, sampleThread, threadCpuTimes, threadProbeAvailable, type ThreadSample } from './thread-probe.js';

const megabytes = Number(process.argv[2] ?? 100);
const repeats = Number(process.argv[3] ?? 2);
const entries = Math.floor((megabytes * 1e6) / 17);
const realtime = process.env['QUEUE_BENCH_RT'] === '1' && agentThreadRealtime();
const dir = await benchDir('queue-diagnose');
const keyring = Keyring.generate();
if (!threadProbeAvailable()) throw new Error('/proc/thread-self/sched is not readable here: the diagnosis needs Linux scheduler accounting');

const gcs: { start: number; end: number; kind: number }[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcs.push({ start: entry.startTime, end: entry.startTime + entry.duration, kind: (entry as unknown as { detail: { kind: number } }).detail.kind });
}).observe({ entryTypes: ['gc'] });
const marks: { at: number; what: string }[] = [];
const mark = (what: string): void => void marks.push({ at: performance.now(), what });

function bigState(): EntryAgentState {
  const qTable = { stateHash: new BigUint64Array(entries), action: new Uint8Array(entries), qValue: new Float64Array(entries) };
  for (let i = 0; i < entries; i++) (qTable.stateHash[i] = BigInt(i)), (qTable.action[i] = i & 3), (qTable.qValue[i] = i * 1e-6);
  return { ...entryAgentCodec.fresh(), qTable };
}

interface Tick { gap: number; from: ThreadSample; to: ThreadSample }

async function probeLoop(work: () => Promise<unknown>): Promise<{ ticks: Tick[]; eld: number }> {
  const ticks: Tick[] = [];
  const eld = monitorEventLoopDelay({ resolution: 1 });
  let last = sampleThread();
  const cpuBefore = threadCpuTimes();
  eld.enable();
  const timer = setInterval(() => {
    const now = sampleThread();
    ticks.push({ gap: now.at - last.at, from: last, to: now });
    last = now;
  }, 1);
  await work();
  clearInterval(timer);
  eld.disable();
  const used = [...threadCpuTimes()].map(([tid, ms]) => [roleOf.get(tid) ?? tid, ms - (cpuBefore.get(tid) ?? 0)] as const).filter(([, ms]) => ms >= 1);
  if (detail) console.log(`thread CPU ms: ${used.map(([role, ms]) => `${role} ${ms.toFixed(1)}`).join(', ')}`);
  return { ticks, eld: eld.max / 1e6 };
}

const KINDS: Record<number, string> = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weakcb' };
const detail = process.argv[5] === 'detail';

function report(name: string, { ticks, eld }: { ticks: Tick[]; eld: number }): void {
  const excess = ticks.map((t) => Math.max(0, t.gap - 1));
  const totals = { ran: 0, preempted: 0, slept: 0, gc: 0, n: 0, maxRan: 0, maxGc: 0 };
  const lines: string[] = [];
  for (const t of [...ticks].sort((a, b) => b.gap - a.gap)) {
    const ran = t.to.cpuMs - t.from.cpuMs;
    const inTick = gcs.filter((g) => g.end > t.from.at && g.start < t.to.at);
    const gcMs = inTick.reduce((sum, g) => sum + Math.min(g.end, t.to.at) - Math.max(g.start, t.from.at), 0);
    totals.maxRan = Math.max(totals.maxRan, ran);
    totals.maxGc = Math.max(totals.maxGc, gcMs);
    if (t.gap <= 1.5) continue;
    const involuntary = t.to.involuntary - t.from.involuntary;
    const offCpu = t.gap - ran;
    totals.n++;
    totals.gc += gcMs;
    totals.ran += ran;
    if (involuntary > 0) totals.preempted += offCpu;
    else totals.slept += offCpu;
    const events = marks.filter((m) => m.at > t.from.at - 0.5 && m.at < t.to.at).map((m) => m.what);
    if (lines.length < 12) {
      lines.push(
        `  gap ${t.gap.toFixed(2).padStart(6)} ms at +${(t.from.at - ticks[0]!.from.at).toFixed(0).padStart(4)}: ran ${ran.toFixed(2)} (probe ${t.to.costMs.toFixed(2)}, gc ${gcMs.toFixed(2)}${inTick.length ? ` [${inTick.map((g) => `${KINDS[g.kind] ?? g.kind} ${(g.end - g.start).toFixed(2)}`).join(', ')}]` : ''}), ` +
          `off-CPU ${offCpu.toFixed(2)} (${involuntary} involuntary, ${t.to.voluntary - t.from.voluntary} voluntary switches), faults ${t.to.minorFaults - t.from.minorFaults}${events.length ? `; ${events.join(', ')}` : ''}`,
      );
    }
  }
  console.log(
    `${name.padEnd(36)} ${String(ticks.length).padStart(5)} ${Math.max(...excess).toFixed(2).padStart(7)} ${percentile(excess, 99).toFixed(2).padStart(6)} ${eld.toFixed(2).padStart(6)} | ${totals.maxRan.toFixed(2).padStart(7)} ${totals.maxGc.toFixed(2).padStart(6)} | ` +
      `${String(totals.n).padStart(4)} ${totals.ran.toFixed(1).padStart(7)} ${totals.gc.toFixed(1).padStart(6)} ${totals.preempted.toFixed(1).padStart(9)} ${totals.slept.toFixed(1).padStart(9)}`,
  );
  if (detail) for (const line of lines) console.log(line);
}

const roleOf = new Map<string, string>();
const tag = (role: string): void => {
  for (const tid of threadCpuTimes().keys()) if (!roleOf.has(tid)) roleOf.set(tid, tid === String(process.pid) ? 'main' : `${role}#${tid}`);
};
tag('node/v8');
await rm(join(dir, 'nothing'), { force: true }); // starts the libuv pool
await Promise.all([1, 2, 3, 4].map(() => rm(join(dir, 'nothing'), { force: true })));
tag('uvpool');
const priority = (process.argv[4] ?? 'idle') as WorkerPriority;
const pool = new CapturePool();
const saver = new WorkerSaver({ directory: join(dir, 'w'), keyring, pool, priority });
const queue = new AsyncSaveQueue({ pool, copiesShared: true, save: (codec, state) => saver.save(codec, state) });
const live = bigState();
await queue.save(entryAgentCodec, live);
tag('worker');
const codec = entryAgentCodec as ComponentCodec<EntryAgentState>;
const shared = new SharedState({ ...live, qTable: { stateHash: sharedColumn(BigUint64Array, entries), action: sharedColumn(Uint8Array, entries), qValue: sharedColumn(Float64Array, entries) } });
shared.live.qTable.qValue.set(live.qTable.qValue);

async function saveCase(state: () => unknown, owned: boolean): Promise<{ ticks: Tick[]; eld: number }> {
  const saved = state();
  await new Promise((resolve) => setTimeout(resolve, 50));
  return probeLoop(async () => {
    mark('enqueue');
    const ticket = await queue.enqueue(codec, saved as EntryAgentState, { owned });
    mark('enqueued');
    await ticket.done;
    mark('completion handled');
  });
}

console.log(`pid ${process.pid}; ${megabytes} MB EntryAgent save; agent thread ${realtime ? 'SCHED_FIFO 10' : 'normal priority'}; worker priority asked ${priority}, got ${(await saver.started()).priority}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log('Per case: ticks, max and p99 excess over 1 ms, monitorEventLoopDelay max | longest on-CPU time of the agent thread within one tick (our own work: capture, messages, GC), longest GC in one tick |');
console.log('over the ticks with a gap > 1.5 ms: count, their on-CPU ms, GC ms, off-CPU ms after a preemption (waited for a core), off-CPU ms otherwise (slept in the timer, woke late: wake-up delay)');
for (let i = 0; i < repeats; i++) {
  report('idle loop, no save', await probeLoop(() => new Promise((resolve) => setTimeout(resolve, 500))));
  report('handed over (owned)', await saveCase(() => captureState(live), true));
  report('copied at enqueue, pooled', await saveCase(() => live, false));
  report('copy-on-write SharedState', await saveCase(() => shared, false));
}
await saver.close();
await rm(dir, { recursive: true, force: true });
