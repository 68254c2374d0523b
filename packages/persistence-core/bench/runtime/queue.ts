// Async save queue (spec 7.1): the longest stall of a 1 ms-period loop while a 100 MB save runs
// (target: under 1 ms). Every case run is followed by an idle window of the same loop, as long
// as the save took, so each case is compared with a baseline measured next to it, in the same
// run; "excess" is the case's figure minus its idle baseline's. The loop writes 8 Q entries per
// tick into the agent's live table in every case (through the write barrier where there is one).
// Cases: the save on the main thread; in a worker at normal priority with the state handed over
// (last session's best); in a worker at idle priority (SCHED_IDLE, I/O on its own thread) with
// the state copied at enqueue into pooled memory, handed over, or captured copy-on-write.
//   npm run bench:queue -- [megabytes=100] [repeats=5] [setInterval|futex|spin|both]
//   env: QUEUE_BENCH_RT=1 (agent thread SCHED_FIFO), QUEUE_BENCH_CPU=n (pinned), BENCH_DIR (file system),
//   QUEUE_BENCH_WORKER_CPUS=1 (the save workers' cores, WorkerSaver option cpus; with QUEUE_BENCH_CPU=0
//   the agent's thread and the workers never share a core), QUEUE_BENCH_ISOLATE=n (isolateAgentThread:
//   the agent's thread alone on core n, every other thread of the process on the others),
//   QUEUE_BENCH_CASES=text (only the cases whose name contains it, e.g. copy-on-write), QUEUE_BENCH_RESERVE=1 (with
//   QUEUE_BENCH_ISOLATE=n, root: every other task, the movable interrupts and the unbound workqueues off core n for
//   the run, restored afterwards: reserve-core.ts)
// Why the stalls happen, tick by tick: bench/runtime/queue-diagnose.ts.

import { join } from 'node:path';
import { loadavg } from 'node:os';
import { rm } from 'node:fs/promises';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import type { ComponentCodec } from '../../src/components/codec.js';
import type { EntryAgentState } from '../../src/components/types.js';
import { Keyring } from '../../src/signing/keyring.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import type { SaveResult } from '../../src/store/reports.js';
import { journaledSaver } from '../../src/runtime/journaled-save.js';
import { AsyncSaveQueue } from '../../src/runtime/save-queue.js';
import { CapturePool } from '../../src/runtime/capture-pool.js';
import { captureState } from '../../src/runtime/capture.js';
import { WorkerSaver, type WorkerPriority } from '../../src/runtime/worker-saver.js';
import { isolateAgentThread, parseCpuList } from '../../src/runtime/thread-affinity.js';
import { benchDir, percentile } from './stats.js';
import { liveAgent } from './live-agent.js';
import { idleStalls, stallsDuring, type Pacing } from './stall-loop.js';
import { agentThreadRealtime, pinAgentThread } from './thread-probe.js';
import { reserveCore } from './reserve-core.js';


const megabytes = Number(process.argv[2] ?? 100);
const repeats = Number(process.argv[3] ?? 5);
const pacings: Pacing[] = ['setInterval', 'futex', 'spin'].includes(process.argv[4] ?? '') ? [process.argv[4] as Pacing] : ['setInterval', 'futex'];
// QUEUE_BENCH_RT=1: the agent's thread (this main thread) at SCHED_FIFO 10, so other processes
// on the machine cannot delay its wake-ups and what remains is ours (needs root or RLIMIT_RTPRIO;
// threads created later inherit it, the save worker then drops itself to SCHED_IDLE).
const realtime = process.env['QUEUE_BENCH_RT'] === '1' && agentThreadRealtime();
const dir = await benchDir('queue');
const keyring = Keyring.generate();
const codec = entryAgentCodec as ComponentCodec<EntryAgentState>;
const TARGET_MS = 1;
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

// The agent's live table: shared columns, so the copy-on-write case can capture it.
const { entries, live, shared, tick: agentTick } = liveAgent(megabytes);
/** A plain-memory copy of the live state: what a caller hands over (owned) or the queue copies. */
const plainState = (): EntryAgentState => captureState(live);

type Enqueue = () => Promise<{ done: Promise<unknown> }>;
interface Case { name: string; enqueue: Enqueue; close?: () => Promise<void> }

const workerCpus = process.env['QUEUE_BENCH_WORKER_CPUS'] === undefined ? {} : { cpus: parseCpuList(process.env['QUEUE_BENCH_WORKER_CPUS']) };

async function workerQueue(priority: WorkerPriority, pool?: CapturePool): Promise<{ queue: AsyncSaveQueue<SaveResult>; saver: WorkerSaver }> {
  const saver = new WorkerSaver({ directory: join(dir, `worker-${priority}-${pool ? 'pool' : 'plain'}`), keyring, priority, ...(pool ? { pool } : {}), ...workerCpus });
  const queue = new AsyncSaveQueue<SaveResult>({ copiesShared: true, ...(pool ? { pool } : {}), save: (c, state) => saver.save(c, state) });
  await queue.save(codec, pool ? live : plainState(), { owned: pool === undefined }); // start-up; a running agent's first save fills the pool
  return { queue, saver };
}

const mainQueue = new AsyncSaveQueue({ save: journaledSaver(await StateDirectory.open({ directory: join(dir, 'main'), keyring })) });
const normal = await workerQueue('normal');
const pool = new CapturePool();
const pooled = await workerQueue('idle', pool);
const idle = await workerQueue('idle');
// QUEUE_BENCH_CPU=n: pin the agent's thread (only it; the threads are all started by now) to core n.
const pinned = process.env['QUEUE_BENCH_CPU'] !== undefined && pinAgentThread(Number(process.env['QUEUE_BENCH_CPU']));
// QUEUE_BENCH_ISOLATE=n: the agent's thread alone on core n, every other thread on the other cores.
const isolated = process.env['QUEUE_BENCH_ISOLATE'] === undefined ? undefined : isolateAgentThread([Number(process.env['QUEUE_BENCH_ISOLATE'])]);
if (process.env['QUEUE_BENCH_RESERVE'] === '1' && isolated === undefined) throw new Error('QUEUE_BENCH_RESERVE=1 needs QUEUE_BENCH_ISOLATE=n (and root)');
const reservation = process.env['QUEUE_BENCH_RESERVE'] === '1' ? await reserveCore(isolated!.agent[0]!) : undefined;
reservation?.summary.forEach((line) => console.log(`reserve: ${line}`));
const allCases: Case[] = [
  { name: 'main thread, copied at enqueue', enqueue: () => mainQueue.enqueue(codec, live) },
  { name: 'worker normal prio, handed over', enqueue: () => normal.queue.enqueue(codec, plainState(), { owned: true }) },
  { name: 'worker idle prio, copied to pool', enqueue: () => pooled.queue.enqueue(codec, live) },
  { name: 'worker idle prio, handed over', enqueue: () => idle.queue.enqueue(codec, plainState(), { owned: true }) },
  { name: 'worker idle prio, copy-on-write', enqueue: () => idle.queue.enqueue(codec, shared) },
];
const cases = allCases.filter((c) => c.name.includes(process.env['QUEUE_BENCH_CASES'] ?? ''));
console.log(`${megabytes} MB EntryAgent save (${entries} Q entries), ${repeats} repeats per case; agent thread ${realtime ? 'SCHED_FIFO 10' : 'normal priority'}${pinned ? ` on core ${process.env['QUEUE_BENCH_CPU']}` : ''}${isolated ? ` isolated on core ${isolated.agent.join(',')}, the process's other threads on ${isolated.others.join(',')}` : ''}; worker priority got: ${(await idle.saver.started()).priority}${workerCpus.cpus ? `, on cores ${(await idle.saver.started()).cpus?.join(',')}` : ''}; load average at start ${load()}`);

interface Sample { stalls: number[]; idle: number[]; enqueueMs: number[]; captureMs: number[]; saveMs: number[] }
for (const pacing of pacings) {
  const samples = new Map<string, Sample>(cases.map((c) => [c.name, { stalls: [], idle: [], enqueueMs: [], captureMs: [], saveMs: [] }]));
  for (let r = 0; r < repeats; r++) {
    for (const c of cases) {
      const sample = samples.get(c.name)!;
      const handedOver = c.name.includes('handed over') ? plainState() : undefined; // built outside the measured window
      const enqueue: Enqueue = handedOver === undefined ? c.enqueue : () => (c.name.includes('normal') ? normal : idle).queue.enqueue(codec, handedOver, { owned: true });
      await new Promise((resolve) => setTimeout(resolve, 20));
      // Enqueued from inside the running loop, so a capture that copies on this thread is a stall.
      let started = 0;
      let enqueued = 0;
      const work = new Promise((resolve) => setTimeout(resolve, 5))
        .then(() => {
          started = performance.now();
          const ticket = enqueue(); // the capture runs synchronously in here
          sample.captureMs.push(performance.now() - started);
          return ticket;
        })
        .then((ticket) => ((enqueued = performance.now()), ticket.done));
      work.catch((error: unknown) => console.error(`${c.name}: ${String(error)}`));
      sample.stalls.push(...(await stallsDuring(pacing, work, agentTick)));
      const saveMs = performance.now() - started;
      sample.enqueueMs.push(enqueued - started);
      sample.saveMs.push(saveMs);
      sample.idle.push(...(await idleStalls(pacing, saveMs, agentTick)));
    }
  }
  printTable(pacing, samples);
}
(await reservation?.release())?.forEach((line) => console.log(`reserve: ${line}`));
console.log(`load average at end ${load()}`);
await Promise.all([normal.saver.close(), pooled.saver.close(), idle.saver.close()]);
await rm(dir, { recursive: true, force: true });

function printTable(pacing: Pacing, samples: Map<string, Sample>): void {
  const allIdle = [...samples.values()].flatMap((s) => s.idle);
  const stat = (xs: number[]): [number, number, number] => [Math.max(...xs), percentile(xs, 99.9), percentile(xs, 99)];
  const [imax, i999, i99] = stat(allIdle);
  console.log(`\n${pacing} pacing. capture = wall ms of the synchronous part of enqueue, on the agent's thread (median); enqueue, save = wall ms (median). Stall = gap beyond the 1 ms period, ms. Idle baseline (all idle windows, ${allIdle.length} ticks): max ${imax.toFixed(2)}, p99.9 ${i999.toFixed(2)}, p99 ${i99.toFixed(2)}`);
  console.log(`${'case'.padEnd(34)} ${'capture'.padStart(8)} ${'enqueue'.padStart(8)} ${'save'.padStart(6)} ${'ticks'.padStart(6)} | ${'max'.padStart(6)} ${'p99.9'.padStart(6)} ${'p99'.padStart(6)} | ${'idle max'.padStart(8)} ${'p99.9'.padStart(6)} ${'p99'.padStart(6)} | ${'excess max'.padStart(10)} ${'p99.9'.padStart(6)} ${'p99'.padStart(6)} | ${'max/1ms'.padStart(7)} ${'excess/1ms'.padStart(10)}`);
  for (const [name, s] of samples) {
    const [max, p999, p99] = stat(s.stalls);
    const [bmax, b999, b99] = stat(s.idle);
    const f = (x: number, w = 6): string => x.toFixed(2).padStart(w);
    console.log(
      `${name.padEnd(34)} ${f(percentile(s.captureMs, 50), 8)} ${f(percentile(s.enqueueMs, 50), 8)} ${percentile(s.saveMs, 50).toFixed(0).padStart(6)} ${String(s.stalls.length).padStart(6)} | ${f(max)} ${f(p999)} ${f(p99)} | ${f(bmax, 8)} ${f(b999)} ${f(b99)} | ${f(max - bmax, 10)} ${f(p999 - b999)} ${f(p99 - b99)} | ${f(max / TARGET_MS, 7)} ${f((max - bmax) / TARGET_MS, 10)}`,
    );
  }
}
