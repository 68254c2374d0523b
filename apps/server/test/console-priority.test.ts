// The console lowers every one of its threads, not only the main one (V8's GC threads would
// otherwise keep nice 0 and compete with the agent). Run in a child process, so the test
// runner itself keeps its priority.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const linux = process.platform === 'linux';
const module = fileURLToPath(new URL('../src/state/console-priority.ts', import.meta.url));

/** Runs lowerConsolePriority in a fresh Node process; returns its result and each thread's niceness and policy. */
function lowerInChild(nice: number, policy: 'nice' | 'idle', session = false): { result: { threads: number; policy: string; idleRefused?: string; sessionNice?: number }; threads: { nice: number; policy: number }[]; autogroup: string } {
  const script = `
    import { readFileSync, readdirSync } from 'node:fs';
    import { Worker } from 'node:worker_threads';
    const { lowerConsolePriority } = await import(${JSON.stringify(module)});
    const result = lowerConsolePriority({ nice: ${nice}, policy: ${JSON.stringify(policy)}, session: ${session} });
    // A worker started afterwards inherits the lowered priority from the main thread.
    const worker = new Worker('setTimeout(() => {}, 200)', { eval: true });
    await new Promise((resolve) => worker.once('online', resolve));
    const threads = readdirSync('/proc/self/task').map((tid) => ({
      nice: Number(readFileSync('/proc/self/task/' + tid + '/stat', 'utf8').split(') ')[1].split(' ')[16]),
      policy: Number(/policy\\s*:\\s*(\\d+)/.exec(readFileSync('/proc/self/task/' + tid + '/sched', 'utf8'))?.[1] ?? -1),
    }));
    await worker.terminate();
    const autogroup = (() => { try { return readFileSync('/proc/self/autogroup', 'utf8').trim(); } catch { return ''; } })();
    process.stdout.write(JSON.stringify({ result, threads, autogroup }));
  `;
  // setsid: a session (autogroup) of its own, so lowering it leaves the test runner's alone.
  const command = session ? ['setsid', '--wait', process.execPath] : [process.execPath];
  return JSON.parse(execFileSync(command[0]!, [...command.slice(1), '--import', 'tsx', '--input-type=module', '--eval', script], { encoding: 'utf8' })) as ReturnType<typeof lowerInChild>;
}

describe.runIf(linux)('lowerConsolePriority', () => {
  it('lowers every thread of the process, and threads started later inherit it', () => {
    const { result, threads } = lowerInChild(12, 'nice');
    expect(result.policy).toBe('nice');
    expect(result.threads).toBeGreaterThan(1);
    expect(threads.length).toBeGreaterThan(result.threads);
    expect(threads.map((thread) => thread.nice)).toEqual(threads.map(() => 12));
  });

  it.runIf(existsSync('/usr/bin/chrt') || existsSync('/bin/chrt'))('sets SCHED_IDLE on every thread when asked', () => {
    const { result, threads } = lowerInChild(10, 'idle');
    expect(result).toMatchObject({ policy: 'idle' });
    // 5 is SCHED_IDLE.
    expect(threads.map((thread) => thread.policy)).toEqual(threads.map(() => 5));
  });

  it('leaves the session alone unless asked, and lowers its autogroup when asked', () => {
    const alone = lowerInChild(11, 'nice');
    expect(alone.result.sessionNice).toBeUndefined();
    const autogroups = existsSync('/proc/self/autogroup') && readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim() === '1';
    const { result, autogroup } = lowerInChild(11, 'nice', true);
    if (!autogroups) return expect(result.sessionNice).toBeUndefined();
    expect(result.sessionNice).toBe(11);
    expect(autogroup).toMatch(/ nice 11$/);
  });
});
