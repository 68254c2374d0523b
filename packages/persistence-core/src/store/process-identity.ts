// Who holds a lock or a temp file: pid, boot and process start time, so a reused pid
// after a crash or reboot is not mistaken for the holder.

import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

export interface ProcessIdentity {
  pid: number;
  host: string;
  bootId: string;
  startTime: string;
}

function readProc(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}

/** Field 22 of /proc/<pid>/stat: start time in clock ticks since boot. */
function startTimeOf(pid: number): string {
  const stat = readProc(`/proc/${pid}/stat`);
  const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return afterName[19] ?? '';
}

let self: ProcessIdentity | undefined;

export function currentProcess(): ProcessIdentity {
  self ??= { pid: process.pid, host: hostname(), bootId: readProc('/proc/sys/kernel/random/boot_id'), startTime: startTimeOf(process.pid) };
  return self;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the process that wrote `identity` is still running (same host, same boot, same start). */
export function isHolderAlive(identity: ProcessIdentity): boolean {
  const self = currentProcess();
  if (identity.host !== self.host) return true; // cannot tell for another host: assume alive
  if (identity.bootId !== self.bootId) return false;
  if (!isProcessAlive(identity.pid)) return false;
  return startTimeOf(identity.pid) === identity.startTime;
}
