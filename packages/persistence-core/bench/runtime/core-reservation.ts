// Emulating, at run time, what a trading host does at boot for its hot-loop core (isolcpus,
// irqaffinity, workqueue.unbound_cpus): every task, movable interrupt and unbound workqueue is
// moved off one core, and put back afterwards. The mechanics only; reserve-core.ts runs them in
// a helper process that also catches tasks started meanwhile and restores on any exit.
// What cannot move: kernel threads the kernel places itself (PF_NO_SETAFFINITY: the core's
// kworker/N:*, ksoftirqd, migration, cpuhp, idle rescuers; unbound kworkers follow the workqueue mask), interrupts
// the kernel manages itself (writing their affinity fails), the core's local timer and IPIs.
// Left alone on purpose: init and the two generations of processes below it (the VM's
// supervisor and the shells it starts); a command such a shell starts is moved like any other.
// Linux, root.

import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { parseCpuList } from '../../src/runtime/thread-affinity.js';

const PF_KTHREAD = 0x0020_0000;
const PF_NO_SETAFFINITY = 0x0400_0000;
const WORKQUEUES = '/sys/devices/virtual/workqueue';
/** Tasks a sweep needs not look at again: left alone, unmovable, or never on the reserved core. */
const settled = new Set<number>();

/** A setting as found, to be written back: a file's text, or a task's cores. */
export interface SavedFile { path: string; original: string; set: string }
export interface SavedTask { tid: number; pid: number; comm: string; original: number[] }

export interface Reservation {
  cpu: number;
  others: number[];
  /** Processes whose tasks are never touched (the caller's own, this helper's). */
  exempt: number[];
  files: SavedFile[];
  tasks: SavedTask[];
  /** Tasks started meanwhile by a moved task: they inherited the narrowed cores. */
  inherited: SavedTask[];
  /** What could not be moved, one line each ("kworker/0:1 (per-CPU kernel thread)"). */
  unmovable: string[];
}

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
};
const hexMask = (cpus: readonly number[]): string => cpus.reduce((mask, cpu) => mask | (1n << BigInt(cpu)), 0n).toString(16);
const maskCpus = (hex: string): number[] => [...BigInt(`0x${hex.replace(/,/g, '')}`).toString(2)].reverse().flatMap((bit, cpu) => (bit === '1' ? [cpu] : []));
const sameCpus = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((cpu, i) => cpu === b[i]);

interface TaskInfo { tid: number; pid: number; ppid: number; comm: string; flags: number; cpus: number[] }

function taskInfo(pid: number, tid: number): TaskInfo | undefined {
  const stat = read(`/proc/${pid}/task/${tid}/stat`);
  const cpus = read(`/proc/${pid}/task/${tid}/status`)?.match(/^Cpus_allowed_list:\s*(\S+)/m)?.[1];
  if (stat === undefined || cpus === undefined) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { tid, pid, ppid: Number(fields[1]), comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), flags: Number(fields[6]), cpus: parseCpuList(cpus) };
}

/** Every task on the machine now, except those in `skip`. */
export function allTasks(skip: ReadonlySet<number> = new Set()): TaskInfo[] {
  const tasks: TaskInfo[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number)) {
    let tids: number[] = [];
    try {
      tids = readdirSync(`/proc/${pid}/task`).map(Number);
    } catch {
      continue; // the process ended
    }
    for (const tid of tids.filter((t) => !skip.has(t))) {
      const info = taskInfo(pid, tid);
      if (info !== undefined) tasks.push(info);
    }
  }
  return tasks;
}

/** Init, its children or grandchildren: the VM's supervisor processes (see the header). */
function isSupervisor(pid: number): boolean {
  for (let depth = 0; depth <= 2; depth++) {
    if (pid === 1) return true;
    const stat = read(`/proc/${pid}/stat`);
    if (stat === undefined) return false;
    pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  }
  return pid === 1;
}

function setCpus(tid: number, cpus: readonly number[]): boolean {
  try {
    execFileSync('taskset', ['--pid', '--cpu-list', cpus.join(','), String(tid)], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false; // ended meanwhile, or refused
  }
}

function writeFile(path: string, text: string): boolean {
  try {
    writeFileSync(path, text);
    return true;
  } catch {
    return false;
  }
}

/** Interrupts and the unbound workqueues' masks off `cpu`, then every task (sweepTasks). */
export function reserve(cpu: number, exempt: number[]): Reservation {
  const online = parseCpuList(read('/sys/devices/system/cpu/online') ?? '');
  const others = online.filter((c) => c !== cpu);
  if (!online.includes(cpu) || others.length === 0) throw new Error(`cannot reserve core ${cpu}: online cores are ${online.join(',')}`);
  const r: Reservation = { cpu, others, exempt, files: [], tasks: [], inherited: [], unmovable: [] };
  const narrow = (path: string, cpusOf: (text: string) => number[], format: (cpus: number[]) => string, what: string): void => {
    const original = read(path);
    if (original === undefined || !cpusOf(original).includes(cpu)) return;
    const set = format(cpusOf(original).filter((c) => c !== cpu).length > 0 ? cpusOf(original).filter((c) => c !== cpu) : others);
    if (writeFile(path, set)) r.files.push({ path, original, set });
    else r.unmovable.push(`${what} (the kernel refused ${path})`);
  };
  for (const dir of readdirSync(WORKQUEUES).filter((name) => read(`${WORKQUEUES}/${name}/cpumask`) !== undefined)) {
    narrow(`${WORKQUEUES}/${dir}/cpumask`, maskCpus, hexMask, `workqueue ${dir}`);
  }
  narrow(`${WORKQUEUES}/cpumask`, maskCpus, hexMask, 'unbound workqueues');
  narrow('/proc/irq/default_smp_affinity', maskCpus, hexMask, 'default interrupt affinity');
  for (const irq of readdirSync('/proc/irq').filter((name) => /^\d+$/.test(name))) {
    const name = readdirSync(`/proc/irq/${irq}`).find((entry) => !/^(smp_affinity|affinity_hint|effective_affinity|node|spurious)/.test(entry)) ?? '';
    narrow(`/proc/irq/${irq}/smp_affinity_list`, parseCpuList, (cpus) => cpus.join(','), `IRQ ${irq} ${name}`);
  }
  sweepTasks(r);
  return r;
}

/**
 * Moves every movable task that may run on the reserved core to the others' share of its cores.
 * Run again and again while reserved: it moves tasks started since, and records those started
 * by moved tasks (which inherited the narrowed cores) so that release widens them too.
 */
export function sweepTasks(r: Reservation): void {
  const known = new Set([...r.tasks, ...r.inherited].map((t) => t.tid));
  const moved = new Map([...r.tasks, ...r.inherited].filter((t) => t.tid === t.pid).map((t) => [t.pid, t.original]));
  for (const t of allTasks(new Set([...known, ...settled]))) {
    if (!t.cpus.includes(r.cpu)) {
      // Started by a moved task: give it its parent's cores back at release.
      const from = t.tid === t.pid ? moved.get(t.ppid) : moved.get(t.pid);
      if (from !== undefined && (t.flags & PF_KTHREAD) === 0 && sameCpus(t.cpus, from.filter((c) => c !== r.cpu))) r.inherited.push({ tid: t.tid, pid: t.pid, comm: t.comm, original: from });
      else settled.add(t.tid);
      continue;
    }
    settled.add(t.tid);
    if (r.exempt.includes(t.pid) || isSupervisor(t.pid)) continue;
    if ((t.flags & PF_KTHREAD) !== 0 && (t.flags & PF_NO_SETAFFINITY) !== 0) {
      if (!r.unmovable.some((line) => line.startsWith(`${t.comm} `))) r.unmovable.push(`${t.comm} (kernel thread the kernel places itself)`);
      continue;
    }
    const narrowed = t.cpus.filter((c) => c !== r.cpu);
    if (narrowed.length === 0) r.unmovable.push(`${t.comm} ${t.tid} (pinned to the reserved core)`);
    else if (setCpus(t.tid, narrowed)) r.tasks.push({ tid: t.tid, pid: t.pid, comm: t.comm, original: t.cpus });
  }
}

export interface Restored { restored: number; gone: number; changedMeanwhile: string[]; failed: string[] }

/** Puts everything back as found; a task someone else re-pinned meanwhile keeps its new cores. */
export function release(r: Reservation): Restored {
  const out: Restored = { restored: 0, gone: 0, changedMeanwhile: [], failed: [] };
  const current = new Map(allTasks().map((t) => [t.tid, t]));
  for (const t of [...r.inherited, ...r.tasks]) {
    const now = current.get(t.tid);
    if (now === undefined || now.pid !== t.pid) out.gone++;
    else if (!sameCpus(now.cpus, t.original.filter((c) => c !== r.cpu))) out.changedMeanwhile.push(`${t.comm} ${t.tid}: ${now.cpus.join(',')}`);
    else if (setCpus(t.tid, t.original)) out.restored++;
    else if (read(`/proc/${t.pid}/task/${t.tid}/stat`) === undefined) out.gone++; // ended in between
    else out.failed.push(`${t.comm} ${t.tid}`);
  }
  for (const f of [...r.files].reverse()) {
    if (writeFile(f.path, f.original)) out.restored++;
    else out.failed.push(`${f.path} (back to ${f.original})`);
  }
  return out;
}
