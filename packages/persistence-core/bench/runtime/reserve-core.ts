// A core to the agent's thread alone, for the length of a benchmark (QUEUE_BENCH_RESERVE=1 in
// queue.ts and queue-trace.ts): core-reservation.ts moves every other task, the movable
// interrupts and the unbound workqueues off it. It runs in a helper process on the other cores,
// which every 50 ms also moves the tasks started since, and restores everything when the
// benchmark releases it, exits, dies (its stdin closes) or on SIGINT/SIGTERM/SIGHUP. What it
// changed is kept in STATE_FILE meanwhile: a helper killed with SIGKILL leaves it, and the next
// helper (or `npx tsx bench/runtime/reserve-core.ts --restore`) restores from it first.
// Linux, root; the machine's settings are shared, so nothing stays changed after a run.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { release, reserve, sweepTasks, type Reservation, type Restored } from './core-reservation.js';

const STATE_FILE = '/tmp/quantum-reserve-core.json';
const SWEEP_MS = 50;

export interface CoreReservation {
  /** One line per kind of change, and what could not be moved. */
  summary: string[];
  /** Restores everything; resolves with what was put back. */
  release(): Promise<string[]>;
}

/** Reserves `cpu` for the calling process's threads on it (call isolateAgentThread first). */
export async function reserveCore(cpu: number): Promise<CoreReservation> {
  const helper = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--serve', String(cpu), String(process.pid)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: helper.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done === true) throw new Error(`could not reserve core ${cpu}: the helper exited (${helper.exitCode ?? 'signal'})`);
  const reserved = JSON.parse(first.value as string) as { summary: string[] };
  let releasing = false;
  // A helper killed (SIGKILL) before the release leaves the machine changed: restore from its state file here.
  helper.on('exit', () => releasing || console.error(`reserve-core: the helper died; ${restoreLeftover().join(' | ') || 'nothing left to restore'}`));
  return {
    summary: reserved.summary,
    release: async () => {
      releasing = true;
      helper.stdin.end();
      const last = await lines.next();
      return last.done === true ? ['the helper exited without a report'] : (JSON.parse(last.value as string) as { summary: string[] }).summary;
    },
  };
}

function describe(r: Reservation): string[] {
  const processes = new Set(r.tasks.map((t) => t.pid)).size;
  return [
    `core ${r.cpu} reserved; moved to ${r.others.join(',')}: ${r.tasks.length} tasks of ${processes} processes (${r.inherited.length} more started meanwhile by them)`,
    ...r.files.map((f) => `${f.path}: ${f.original} -> ${f.set}`),
    `left on core ${r.cpu}: ${r.unmovable.join(', ') || 'nothing'}; untouched: init and its children and grandchildren (the VM's supervisor and its shells), and the benchmark's own threads`,
  ];
}

function describeRestore(r: Reservation, out: Restored): string[] {
  return [
    `released core ${r.cpu}: ${out.restored} settings and tasks restored, ${out.gone} tasks ended meanwhile`,
    ...(out.changedMeanwhile.length > 0 ? [`re-pinned by someone else meanwhile, left as they are: ${out.changedMeanwhile.join('; ')}`] : []),
    ...(out.failed.length > 0 ? [`NOT restored: ${out.failed.join('; ')}`] : []),
  ];
}

function saveState(r: Reservation): void {
  writeFileSync(`${STATE_FILE}.tmp`, JSON.stringify({ helper: process.pid, reservation: r }));
  renameSync(`${STATE_FILE}.tmp`, STATE_FILE);
}

/** A running helper (a zombie, e.g. killed while its benchmark is stopped, or a reused pid is not). */
function helperAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z' && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--serve');
  } catch {
    return false;
  }
}

/** Restores what a dead helper left changed; refuses while a live one holds a reservation. */
function restoreLeftover(): string[] {
  if (!existsSync(STATE_FILE)) return [];
  const { helper, reservation } = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as { helper: number; reservation: Reservation };
  if (helperAlive(helper)) throw new Error(`core ${reservation.cpu} is reserved by helper ${helper} (${STATE_FILE})`);
  const out = describeRestore(reservation, release(reservation));
  rmSync(STATE_FILE);
  return out;
}

function serve(cpu: number, benchmark: number): void {
  const leftover = restoreLeftover();
  if (leftover.length > 0) console.error(`reserve-core: a dead helper's reservation first: ${leftover.join(' | ')}`);
  const r = reserve(cpu, [benchmark, process.pid]);
  saveState(r);
  // This helper runs on the other cores (its threads started later inherit that).
  execFileSync('taskset', ['--all-tasks', '--pid', '--cpu-list', r.others.join(','), String(process.pid)], { stdio: 'ignore' });
  console.log(JSON.stringify({ summary: describe(r) }));
  let done = false;
  const finish = (why: string): void => {
    if (done) return;
    done = true;
    clearInterval(timer);
    const summary = describeRestore(r, release(r));
    rmSync(STATE_FILE, { force: true });
    if (why === 'released') console.log(JSON.stringify({ summary }));
    else console.error(`reserve-core (${why}): ${summary.join(' | ')}`);
    process.exit(summary.some((line) => line.startsWith('NOT')) ? 1 : 0);
  };
  const timer = setInterval(() => {
    const before = r.tasks.length + r.inherited.length;
    sweepTasks(r);
    if (r.tasks.length + r.inherited.length !== before) saveState(r);
    try {
      process.kill(benchmark, 0);
    } catch {
      finish('the benchmark ended');
    }
  }, SWEEP_MS);
  process.stdin.on('end', () => finish('released')).resume();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => finish(signal));
  process.on('uncaughtException', (error) => (console.error(error), finish('error')));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === '--serve') serve(Number(process.argv[3]), Number(process.argv[4]));
  else if (process.argv[2] === '--restore') console.log(restoreLeftover().join('\n') || `nothing to restore (${STATE_FILE} absent)`);
  else console.error('usage: reserve-core.ts --restore   (restores what a killed helper left changed)');
}
