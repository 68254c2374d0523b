import { readdirSync } from 'node:fs';
import { getPriority } from 'node:os';
import { describe, expect, it } from 'vitest';
import { Keyring } from '../../src/signing/keyring.js';
import { currentThreadId } from '../../src/runtime/thread-priority.js';
import { WorkerSaver } from '../../src/runtime/worker-saver.js';
import { useTempDirs } from './temp-dir.js';

const tempDir = useTempDirs();
const linux = currentThreadId() !== undefined;

/** nice value of every thread of this process, by thread id. */
function niceByThread(): Map<number, number> {
  return new Map(readdirSync('/proc/self/task').map((tid) => [Number(tid), getPriority(Number(tid))]));
}

describe.skipIf(!linux)('save worker priority', () => {
  it('lowers the worker thread alone; the agent thread keeps its priority', async () => {
    const before = niceByThread();
    const saver = new WorkerSaver({ directory: await tempDir(), keyring: Keyring.generate(), reserveBytes: 0, priority: 'nice' });
    expect(await saver.started()).toEqual({ priority: 'nice' });
    const lowered = [...niceByThread()].filter(([tid, nice]) => nice === 19 && before.get(tid) !== 19);
    expect(lowered).toHaveLength(1);
    expect(getPriority(process.pid)).toBe(before.get(process.pid));
    await saver.close();
  });

  it("leaves the worker at the agent's priority when asked for 'normal'", async () => {
    const saver = new WorkerSaver({ directory: await tempDir(), keyring: Keyring.generate(), reserveBytes: 0, priority: 'normal' });
    expect(await saver.started()).toEqual({ priority: 'normal' });
    expect([...niceByThread().values()].filter((nice) => nice === 19)).toHaveLength(0);
    await saver.close();
  });
});
