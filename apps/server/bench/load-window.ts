// One browsing window of bench:agent: puts the console and the generator in the variant's
// priority and CPUs, runs the load (or the busy loops), puts them back, and records what the
// scheduler did to the agent, the console and the generator meanwhile.

import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import type { LoadOrder, LoadResult } from './load-generator.js';
import type { LoadVariant } from './load-variants.js';
import { setProcessCpus, setProcessPriority } from './load-variants.js';
import { sampleSched, sampleSystem, schedDelta, systemDelta } from './process-probe.js';
import type { BenchWindow } from './save-report.js';

export interface Rig {
  agentPid: number;
  generator: ChildProcess;
  /** The console's policy outside of `nice` windows. */
  consolePolicy: 'idle' | 'nice';
  /** Generation files the console read and verified so far. */
  verified: () => { files: number; bytes: number };
  /** Generation files the console's listings stat'ed so far. */
  statted: () => number;
  /** The listing stats every file on every request (true) or reuses the stats of an unchanged directory. */
  restat: (on: boolean) => void;
  order: (variant: LoadVariant) => Omit<LoadOrder, 'seconds'>;
}

const ALL_CPUS = `0-${availableParallelism() - 1}`;
/** Every CPU but the first: the agent keeps one the console never runs on. */
export const CONSOLE_CPUS = availableParallelism() > 1 ? `1-${availableParallelism() - 1}` : ALL_CPUS;

/** Switches every thread of this process between SCHED_OTHER (keeping its niceness) and SCHED_IDLE. */
function switchPolicy(policy: 'idle' | 'nice'): void {
  execFileSync('chrt', [policy === 'idle' ? '--idle' : '--other', '--all-tasks', '--pid', '0', String(process.pid)], { stdio: 'pipe' });
}

/** Busy loops in child processes, which inherit this process's niceness, policy and CPUs. */
async function spin(kind: 'cpu' | 'memory', seconds: number, processes: number): Promise<void> {
  const until = `const end = Date.now() + ${seconds * 1000};`;
  const loop =
    kind === 'cpu'
      ? `${until} while (Date.now() < end);`
      : `${until} const a = new Float64Array(8 << 20), b = new Float64Array(8 << 20); while (Date.now() < end) for (let i = 0; i < a.length; i += 8) b[i] = a[i] + 1;`;
  const children = Array.from({ length: processes }, () => spawn(process.execPath, ['-e', loop], { stdio: 'ignore' }));
  await Promise.all(children.map((child) => new Promise((resolve) => child.once('exit', resolve))));
}

function browse(generator: ChildProcess, order: LoadOrder): Promise<LoadResult> {
  return new Promise((resolve) => {
    generator.once('message', (result: LoadResult) => resolve(result));
    generator.send(order);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs one window (`variant` undefined: idle) and measures it; `result` is the generator's answer. */
export async function runWindow(rig: Rig, seconds: number, variant: LoadVariant | undefined, connections: number): Promise<{ window: BenchWindow; result?: LoadResult }> {
  const generatorPid = rig.generator.pid!;
  if (variant?.consoleNice) switchPolicy('nice');
  if (variant?.generatorNormal) setProcessPriority(generatorPid, 'normal');
  if (variant?.pin) for (const pid of [process.pid, generatorPid]) setProcessCpus(pid, CONSOLE_CPUS);
  if (variant?.restat) rig.restat(true);
  const before = { agent: sampleSched(rig.agentPid), console: sampleSched(process.pid), generator: sampleSched(generatorPid), system: sampleSystem(), verified: rig.verified(), statted: rig.statted() };
  const from = Date.now();
  let result: LoadResult | undefined;
  if (variant === undefined || variant.placebo) await sleep(seconds * 1000);
  else if (variant.spin !== undefined) await spin(variant.spin, seconds, Math.max(1, Math.round(connections / 4)));
  else result = await browse(rig.generator, { ...rig.order(variant), seconds });
  const to = Date.now();
  const verified = rig.verified();
  const statted = rig.statted() - before.statted;
  const measured = {
    agent: schedDelta(rig.agentPid, before.agent, sampleSched(rig.agentPid)),
    console: schedDelta(process.pid, before.console, sampleSched(process.pid)),
    generator: schedDelta(generatorPid, before.generator, sampleSched(generatorPid)),
    system: systemDelta(before.system, sampleSystem()),
  };
  if (variant?.consoleNice) switchPolicy(rig.consolePolicy);
  if (variant?.generatorNormal) setProcessPriority(generatorPid, 'idle');
  if (variant?.pin) for (const pid of [process.pid, generatorPid]) setProcessCpus(pid, ALL_CPUS);
  if (variant?.restat) rig.restat(false);
  // Everything else that ran: other processes, the kernel's own threads and interrupt work.
  const others = measured.system && (availableParallelism() * 1000 - measured.system.idleMsPerS - measured.system.stealMsPerS - (measured.agent?.cpuMsPerS ?? 0) - (measured.console?.cpuMsPerS ?? 0) - (measured.generator?.cpuMsPerS ?? 0));
  const present = Object.fromEntries(Object.entries(measured).filter(([, value]) => value !== undefined));
  const window: BenchWindow = {
    kind: variant === undefined ? 'idle' : 'load',
    ...(variant === undefined ? {} : { variant: variant.name }),
    from,
    to,
    ...present,
    ...(others === undefined ? {} : { othersMsPerS: Math.max(0, others) }),
    verified: verified.files - before.verified.files,
    verifiedBytes: verified.bytes - before.verified.bytes,
    statted,
    requests: result?.requests ?? 0,
    loadAverage: loadavg()[0]!,
  };
  return { window, ...(result === undefined ? {} : { result }) };
}
