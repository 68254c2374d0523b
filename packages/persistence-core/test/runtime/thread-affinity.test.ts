import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Keyring } from '../../src/signing/keyring.js';
import { allowedCpus, isolateAgentThread, parseCpuList } from '../../src/runtime/thread-affinity.js';
import { currentThreadId } from '../../src/runtime/thread-priority.js';
import { WorkerSaver } from '../../src/runtime/worker-saver.js';
import { useTempDirs } from './temp-dir.js';

const tempDir = useTempDirs();
const hasTaskset = ((): boolean => {
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Cpus_allowed_list of every thread of this process, by thread id. */
function cpusByThread(): Map<number, string> {
  return new Map(readdirSync('/proc/self/task').map((tid) => [Number(tid), /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync(`/proc/self/task/${tid}/status`, 'utf8'))?.[1] ?? '']));
}

describe('cpu lists', () => {
  it('reads the kernel list format', () => {
    expect(parseCpuList('0')).toEqual([0]);
    expect(parseCpuList('0-3,6,8-9\n')).toEqual([0, 1, 2, 3, 6, 8, 9]);
    expect(parseCpuList('')).toEqual([]);
  });
});

describe.skipIf(allowedCpus() === undefined || !hasTaskset)('save worker cores', () => {
  it('confines the worker thread alone to the cores asked for; the agent thread keeps its own', async () => {
    const before = cpusByThread();
    const core = allowedCpus()!.at(-1)!;
    const saver = new WorkerSaver({ directory: await tempDir(), keyring: Keyring.generate(), reserveBytes: 0, priority: 'nice', cpus: [core] });
    expect(await saver.started()).toEqual({ priority: 'nice', cpus: [core] });
    const pinned = [...cpusByThread()].filter(([tid, list]) => list === String(core) && before.get(tid) !== String(core));
    expect(pinned).toHaveLength(before.get(process.pid) === String(core) ? 0 : 1);
    expect(cpusByThread().get(process.pid)).toBe(before.get(process.pid));
    await saver.close();
  });
});

const cores = allowedCpus() ?? [];
describe.skipIf(cores.length < 2 || !hasTaskset || currentThreadId() !== process.pid)('agent thread isolation', () => {
  it('gives the main thread its own core and moves every other thread of the process off it', async () => {
    const saver = new WorkerSaver({ directory: await tempDir(), keyring: Keyring.generate(), reserveBytes: 0, priority: 'nice' });
    await saver.started();
    const [agentCore] = cores as [number];
    try {
      expect(isolateAgentThread([agentCore])).toEqual({ agent: [agentCore], others: cores.slice(1) });
      const lists = cpusByThread();
      expect(lists.get(process.pid)).toBe(String(agentCore));
      for (const [tid, list] of lists) if (tid !== process.pid) expect(parseCpuList(list)).not.toContain(agentCore);
      expect(lists.size).toBeGreaterThan(2); // the worker and node's own threads were moved too
    } finally {
      execFileSync('taskset', ['--all-tasks', '--pid', '--cpu-list', cores.join(','), String(process.pid)], { stdio: 'ignore' });
      await saver.close();
    }
  });
});
