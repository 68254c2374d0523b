// What each browsing window of bench:agent does, so one run compares several loads under the
// same machine noise: LOADS=50,200,max,max+gen-normal cycles through its variants, one per load
// window, each against the same pooled idle windows. Tokens of a variant (joined by '+'):
//   <n> | max        browsing at n requests per second over all connections, or unthrottled
//   rows             row pages only (no component listing, which verifies every new generation)
//   restat           the listing stats every generation file on every request, as before the
//                    listing reused the stats of an unchanged directory (listing-stats.ts): an A/B in one run
//   gen-normal       the load generator at normal priority (default: SCHED_IDLE, nice 10, like the console)
//   nice             the console at nice 10 instead of SCHED_IDLE for this window
//   pin              the console and the generator confined to every CPU but the first
//   spin-cpu | spin-memory   no browsing: busy loops at the console's priority (see agent-under-load.ts)
//   none             no browsing at all: a second idle window labelled as a load (the A/A control:
//                    how far the ratio moves between windows that differ in nothing)

import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

export interface LoadVariant {
  name: string;
  /** undefined: unthrottled. */
  rate?: number;
  rowsOnly: boolean;
  /** The listing stats every generation file on every request (listingStats.maxAgeMs 0). */
  restat: boolean;
  generatorNormal: boolean;
  consoleNice: boolean;
  pin: boolean;
  spin?: 'cpu' | 'memory';
  /** Nothing runs: the window only measures (the `none` control). */
  placebo: boolean;
}

const TOKENS = new Set(['max', 'rows', 'restat', 'gen-normal', 'nice', 'pin', 'spin-cpu', 'spin-memory', 'none']);

export function parseVariants(list: string): LoadVariant[] {
  return list.split(',').map((name) => {
    const tokens = name.split('+');
    for (const token of tokens) {
      if (!TOKENS.has(token) && !/^\d+$/.test(token)) throw new RangeError(`LOADS: unknown token "${token}" in "${name}" (want <n>, max, ${[...TOKENS].slice(1).join(', ')})`);
    }
    const rate = tokens.find((token) => /^\d+$/.test(token));
    const spin = tokens.find((token) => token.startsWith('spin-'))?.slice(5) as LoadVariant['spin'];
    return {
      name,
      ...(rate === undefined ? {} : { rate: Number(rate) }),
      rowsOnly: tokens.includes('rows'),
      restat: tokens.includes('restat'),
      generatorNormal: tokens.includes('gen-normal'),
      consoleNice: tokens.includes('nice'),
      pin: tokens.includes('pin'),
      placebo: tokens.includes('none'),
      ...(spin === undefined ? {} : { spin }),
    };
  });
}

/**
 * Every thread of `pid` to SCHED_IDLE at nice 10, or back to SCHED_OTHER at nice 0 (that
 * direction needs CAP_SYS_NICE). Returns what was refused, if anything.
 */
export function setProcessPriority(pid: number, level: 'idle' | 'normal'): string | undefined {
  try {
    execFileSync('chrt', [level === 'idle' ? '--idle' : '--other', '--all-tasks', '--pid', '0', String(pid)], { stdio: 'pipe' });
    for (const tid of readdirSync(`/proc/${pid}/task`)) setPriority(Number(tid), level === 'idle' ? 10 : 0);
    return undefined;
  } catch (error) {
    return `pid ${pid} to ${level}: ${(error as Error).message.split('\n')[0]}`;
  }
}

/** Confines every thread of `pid` to `cpus` (taskset list syntax, e.g. "1" or "0-1"). */
export function setProcessCpus(pid: number, cpus: string): void {
  execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', cpus, String(pid)], { stdio: 'pipe' });
}
