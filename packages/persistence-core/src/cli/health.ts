// Verify's verdict per component, from the read-only verification of every generation.

import type { ComponentCodec } from '../components/codec.js';
import type { GuardVerification } from '../guard/verify-report.js';
import { POSITION_FILE } from '../runtime/position-file.js';
import type { GenerationReport } from '../store/reports.js';
import type { StateDirectory } from '../store/state-directory.js';
import { ExitCode } from './exit-codes.js';
import type { PositionReport } from './position-report.js';
import { readPositionFile } from './position-report.js';

/**
 * healthy: current is valid (or nothing was ever saved); warning: current valid but a backup is
 * rejected or newer than current; recovered: current unusable, an older generation valid (the next
 * load uses it); unrecoverable: files exist, none valid.
 */
export type Health = 'healthy' | 'empty' | 'warning' | 'recovered' | 'unrecoverable';

export interface ComponentHealth {
  component: string;
  /** A generation chain, or the active position's two-slot file. */
  kind: 'generations' | 'position-file';
  file: string;
  health: Health;
  message: string;
  generations: GenerationReport[];
  position?: PositionReport;
  /** Semantic findings, SUSPECT flags and pins (see GUARD.md). */
  guard?: GuardVerification;
}

export function exitCodeOf(healths: readonly Health[]): number {
  if (healths.includes('unrecoverable')) return ExitCode.FAILED;
  if (healths.includes('recovered') || healths.includes('warning')) return ExitCode.WARNING;
  return ExitCode.OK;
}

export function overallOf(healths: readonly Health[]): 'healthy' | 'warnings' | 'recovered' | 'unrecoverable' {
  if (healths.includes('unrecoverable')) return 'unrecoverable';
  if (healths.includes('recovered')) return 'recovered';
  return healths.includes('warning') ? 'warnings' : 'healthy';
}

export function judgeGenerations(codec: ComponentCodec<unknown>, generations: GenerationReport[]): ComponentHealth {
  const base = { component: codec.name, kind: 'generations' as const, file: codec.fileName, generations };
  const describe = (report: GenerationReport): string => `${report.file}: ${report.reason ?? report.status}${report.message !== undefined ? ` (${report.message})` : ''}`;
  const current = generations.find((report) => report.generation === 'current');
  const valid = generations.filter((report) => report.status === 'valid');
  const rejected = generations.filter((report) => report.status === 'rejected');
  if (valid.length === 0) {
    return rejected.length === 0
      ? { ...base, health: 'empty', message: 'no saved state' }
      : { ...base, health: 'unrecoverable', message: `no valid generation: ${rejected.map(describe).join('; ')}` };
  }
  const newest = valid[0] as GenerationReport;
  if (current?.status !== 'valid') {
    const why = current?.status === 'rejected' ? describe(current) : 'current is missing';
    return { ...base, health: 'recovered', message: `${why}; a load uses ${newest.generation} (seq ${newest.seq})` };
  }
  const notes = rejected.map(describe);
  const rollback = valid.find((report) => (report.seq ?? 0) > (current.seq ?? 0));
  if (rollback !== undefined) notes.push(`rollback suspected: ${rollback.file} has seq ${rollback.seq}, current has ${current.seq}`);
  return notes.length === 0
    ? { ...base, health: 'healthy', message: `current seq ${current.seq}${current.pendingMigration === true ? ', schema migration pending' : ''}` }
    : { ...base, health: 'warning', message: notes.join('; ') };
}

export async function judgePosition(store: StateDirectory): Promise<ComponentHealth> {
  const position = await readPositionFile(store.directory, store.keyring);
  const base = { component: 'ActivePosition', kind: 'position-file' as const, file: POSITION_FILE, generations: [], position };
  if (!position.present) return { ...base, health: 'empty', message: 'no open position' };
  if (position.newest === undefined) {
    return { ...base, health: 'unrecoverable', message: `no valid slot (${position.slots.map((slot) => slot.status).join(', ')})` };
  }
  const what = position.newest.kind === 'open' ? `open position #${position.position?.ticket}` : 'closed';
  const bad = position.slots.filter((slot) => slot.status !== 'valid' && slot.status !== 'empty');
  return bad.length === 0
    ? { ...base, health: 'healthy', message: `${what}, seq ${position.newest.seq}` }
    : { ...base, health: 'warning', message: `${what}, seq ${position.newest.seq}; slot ${bad.map((slot) => `${slot.index}: ${slot.status}`).join(', ')}` };
}
