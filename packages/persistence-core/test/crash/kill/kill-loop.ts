// Real process kills: a child saves every component continuously and reports each
// acknowledged save; it is SIGKILLed at a random moment; the next child first loads and checks
// every component against the acknowledged seqs, then saves on, until the next kill.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { seededRandom } from '../harness/crash-images.js';

export interface KillLoopOptions {
  kills: number;
  directory: string;
  keyringPath: string;
  /** The bundled saver (bundleSaver). */
  saverPath: string;
  /** A kill comes up to this long after the child is ready (default 120 ms: a few saves). */
  maxDelayMs?: number;
  /** Share of kills aimed at start-up (load, quarantine, temp clean-up) instead of the save loop. */
  startupKillShare?: number;
  seed?: number;
  onKill?: (tally: KillTally) => void;
}

export interface KillTally {
  kills: number;
  acknowledged: number;
  /** Children that exited without being killed (each also a violation). */
  unexpectedExits: number;
  violations: string[];
  lastAcked: Record<string, number>;
  durationMs: number;
}

/** Bundles the saver into one ES module, so each child starts in plain node without a loader. */
export async function bundleSaver(outDirectory: string): Promise<string> {
  const outfile = join(outDirectory, 'saver.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./saver.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'error',
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  return outfile;
}

interface ChildRun {
  signal: NodeJS.Signals | null;
  code: number | null;
  acks: { component: string; seq: number }[];
  violations: string[];
  stderr: string;
}

type KillPlan = { fromStart: number } | { afterReady: number } | undefined;

function runChild(options: KillLoopOptions, expected: Record<string, number>, killAfter: KillPlan, first: number): Promise<ChildRun> {
  return new Promise((resolve) => {
    const args = [options.saverPath, options.directory, options.keyringPath, JSON.stringify(expected), killAfter === undefined ? 'verify-only' : 'save', String(first)];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const run: ChildRun = { signal: null, code: null, acks: [], violations: [], stderr: '' };
    let pending = '';
    const kill = (): void => void child.kill('SIGKILL');
    if (killAfter !== undefined && 'fromStart' in killAfter) setTimeout(kill, killAfter.fromStart);
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      let newline;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = JSON.parse(pending.slice(0, newline)) as { ready?: boolean; ack?: string; seq?: number; violation?: string };
        pending = pending.slice(newline + 1);
        if (line.ack !== undefined) run.acks.push({ component: line.ack, seq: line.seq as number });
        if (line.violation !== undefined) run.violations.push(line.violation);
        if (line.ready === true && killAfter !== undefined && 'afterReady' in killAfter) setTimeout(kill, killAfter.afterReady);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString('utf8')));
    child.on('close', (code, signal) => resolve({ ...run, code, signal }));
  });
}

export async function runKillLoop(options: KillLoopOptions): Promise<KillTally> {
  const started = performance.now();
  const random = seededRandom(options.seed ?? 1);
  const maxDelayMs = options.maxDelayMs ?? 120;
  const tally: KillTally = { kills: 0, acknowledged: 0, unexpectedExits: 0, violations: [], lastAcked: {}, durationMs: 0 };
  const absorb = (run: ChildRun, round: string): void => {
    for (const { component, seq } of run.acks) {
      if (seq <= (tally.lastAcked[component] ?? 0)) tally.violations.push(`${round}: ${component} acknowledged seq ${seq} after seq ${tally.lastAcked[component]}`);
      tally.lastAcked[component] = seq;
    }
    tally.acknowledged += run.acks.length;
    tally.violations.push(...run.violations.map((violation) => `${round}: ${violation}`));
  };
  while (tally.kills < options.kills) {
    const atStartup = random() < (options.startupKillShare ?? 0.1);
    const delay = Math.floor(random() * maxDelayMs);
    const run = await runChild(options, { ...tally.lastAcked }, atStartup ? { fromStart: 40 + delay * 3 } : { afterReady: delay }, Math.floor(random() * 1000));
    absorb(run, `child ${tally.kills + 1}`);
    if (run.signal === 'SIGKILL') tally.kills++;
    else {
      tally.unexpectedExits++;
      tally.violations.push(`child ${tally.kills + 1} exited with code ${run.code} before it was killed: ${run.stderr.slice(0, 500)}`);
      if (tally.unexpectedExits > 5) break;
    }
    options.onKill?.(tally);
  }
  const last = await runChild(options, { ...tally.lastAcked }, undefined, 0);
  absorb(last, 'final check');
  if (last.code !== 0) tally.violations.push(`final check exited with code ${last.code}: ${last.stderr.slice(0, 500)}`);
  tally.durationMs = performance.now() - started;
  return tally;
}

/** Sums the tallies of kill loops run side by side (each in its own directory). */
export function mergeTallies(tallies: KillTally[]): KillTally {
  return {
    kills: tallies.reduce((sum, t) => sum + t.kills, 0),
    acknowledged: tallies.reduce((sum, t) => sum + t.acknowledged, 0),
    unexpectedExits: tallies.reduce((sum, t) => sum + t.unexpectedExits, 0),
    violations: tallies.flatMap((t) => t.violations),
    lastAcked: {},
    durationMs: Math.max(0, ...tallies.map((t) => t.durationMs)),
  };
}
