// What the scheduler did to a process, read from /proc (Linux): CPU time and run-queue wait
// ("run delay": runnable but not running) summed over its threads, and its main thread alone.
// A rise of the agent's run delay under browsing is CPU contention; a rise of its save
// latency without one is something else (disk, memory bandwidth, the host).

import { readFileSync, readdirSync } from 'node:fs';

export interface SchedSample {
  /** Per thread id: [cpu ns, run-delay ns]. */
  threads: Map<number, [number, number]>;
  at: number;
}

export interface SchedDelta {
  cpuMsPerS: number;
  runDelayMsPerS: number;
  mainRunDelayMsPerS: number;
  threads: number;
}

/** undefined where /proc/<pid>/task/<tid>/schedstat does not exist (not Linux, process gone). */
export function sampleSched(pid: number): SchedSample | undefined {
  try {
    const threads = new Map<number, [number, number]>();
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const [cpu, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
        threads.set(Number(tid), [cpu ?? 0, wait ?? 0]);
      } catch {
        // The thread ended between the listing and the read.
      }
    }
    return { threads, at: performance.now() };
  } catch {
    return undefined;
  }
}

/** Per second of wall time between two samples; a thread that started in between counts from 0. */
export function schedDelta(pid: number, before: SchedSample | undefined, after: SchedSample | undefined): SchedDelta | undefined {
  if (before === undefined || after === undefined) return undefined;
  const seconds = (after.at - before.at) / 1000;
  let cpu = 0;
  let wait = 0;
  for (const [tid, [c, w]] of after.threads) {
    const [c0, w0] = before.threads.get(tid) ?? [0, 0];
    cpu += c - c0;
    wait += w - w0;
  }
  const main = after.threads.get(pid)?.[1] ?? 0;
  const main0 = before.threads.get(pid)?.[1] ?? 0;
  return { cpuMsPerS: cpu / 1e6 / seconds, runDelayMsPerS: wait / 1e6 / seconds, mainRunDelayMsPerS: (main - main0) / 1e6 / seconds, threads: after.threads.size };
}

/** Niceness of each thread of a process (threads have their own on Linux). */
export function threadNiceness(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map((tid) => Number(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]));
  } catch {
    return [];
  }
}

/** Whole-machine CPU time from /proc/stat, in ms of CPU per second of wall time (all CPUs added). */
export interface SystemDelta {
  idleMsPerS: number;
  softirqMsPerS: number;
  /** Time the hypervisor ran something else while a virtual CPU wanted to run. */
  stealMsPerS: number;
  /** Page faults (thousands per second) and pages freed (MB per second), machine-wide: memory churn. */
  faultsKPerS: number;
  freedMBPerS: number;
  /** Block devices (/proc/diskstats, whole disks): MB written per second, mean ms per write request and per cache flush (an fsync's flush). */
  diskWriteMBPerS: number;
  msPerWrite: number;
  msPerFlush: number;
  /** Context switches per second, machine-wide (thousands). */
  switchesKPerS: number;
}

/** Summed over whole disks: [writes, write ms, sectors written, flushes, flush ms]. */
function sampleDisks(): number[] {
  const sums = [0, 0, 0, 0, 0];
  for (const row of readFileSync('/proc/diskstats', 'utf8').split('\n')) {
    const fields = row.trim().split(/\s+/);
    // Whole virtual or SCSI/NVMe disks, not partitions, loop or ram devices.
    if (!/^(vd[a-z]+|sd[a-z]+|xvd[a-z]+|nvme\d+n\d+)$/.test(fields[2] ?? '')) continue;
    [7, 10, 9, 19, 20].forEach((column, index) => (sums[index]! += Number(fields[column] ?? 0)));
  }
  return sums;
}

export interface SystemSample {
  idle: number;
  softirq: number;
  steal: number;
  faults: number;
  freed: number;
  switches: number;
  disks: number[];
  at: number;
}

/** The "cpu" line of /proc/stat (USER_HZ ticks, 100 per second); undefined where it is missing. */
export function sampleSystem(): SystemSample | undefined {
  try {
    const stat = readFileSync('/proc/stat', 'utf8');
    const fields = stat.split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const vmstat = readFileSync('/proc/vmstat', 'utf8');
    const counter = (name: string): number => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(vmstat)?.[1] ?? Number.NaN);
    const switches = Number(/^ctxt (\d+)$/m.exec(stat)?.[1] ?? Number.NaN);
    return { idle: fields[3]! + fields[4]!, softirq: fields[6]!, steal: fields[7]!, faults: counter('pgfault'), freed: counter('pgfree'), switches, disks: sampleDisks(), at: performance.now() };
  } catch {
    return undefined;
  }
}

export function systemDelta(before: SystemSample | undefined, after: SystemSample | undefined): SystemDelta | undefined {
  if (before === undefined || after === undefined) return undefined;
  const seconds = (after.at - before.at) / 1000;
  const perS = (ticks: number): number => (ticks * 10) / seconds;
  const disk = (index: number): number => after.disks[index]! - before.disks[index]!;
  return {
    idleMsPerS: perS(after.idle - before.idle),
    softirqMsPerS: perS(after.softirq - before.softirq),
    stealMsPerS: perS(after.steal - before.steal),
    faultsKPerS: (after.faults - before.faults) / 1000 / seconds,
    freedMBPerS: ((after.freed - before.freed) * 4096) / 1e6 / seconds,
    diskWriteMBPerS: ((disk(2) * 512) / 1e6) / seconds,
    msPerWrite: disk(1) / Math.max(1, disk(0)),
    msPerFlush: disk(4) / Math.max(1, disk(3)),
    switchesKPerS: (after.switches - before.switches) / 1000 / seconds,
  };
}
