// What `quantum-state verify` shows of the guard: per generation the SUSPECT flag and the
// semantic findings with their fields and values, and the pinned seqs; a suspect current
// turns a healthy component into a warning.

import type { ComponentHealth } from '../cli/health.js';
import type { ComponentCodec } from '../components/codec.js';
import type { StateDirectory } from '../store/state-directory.js';
import { describeFinding } from './findings.js';
import { pinnedSeqs } from './pin-files.js';
import type { GenerationCheck } from './verify-generations.js';
import { checkGenerations } from './verify-generations.js';

export interface GuardVerification {
  generations: GenerationCheck[];
  /** Newest first. */
  pinnedSeqs: number[];
  /** Human lines for verify's output. */
  lines: string[];
}

export async function guardVerify<S>(store: StateDirectory, codec: ComponentCodec<S>): Promise<GuardVerification> {
  const generations = await checkGenerations(store, codec);
  const lines: string[] = [];
  for (const check of generations) {
    if (!check.flaggedSuspect && check.findings.length === 0) continue;
    lines.push(`${check.flaggedSuspect ? 'suspect' : 'findings'} ${check.generation} seq ${check.seq}${check.flaggedSuspect ? ' (committed marked SUSPECT)' : ''}${check.comparedWithSeq === undefined ? '' : `, compared with seq ${check.comparedWithSeq}`}:`);
    for (const finding of check.findings) lines.push(`  ${describeFinding(finding)}`);
  }
  const pins = await pinnedSeqs(store.fs, store.directory, codec.fileName);
  if (pins.length > 0) lines.push(`pinned: seq ${pins.join(', ')} (quantum-state pin list ${codec.name})`);
  return { generations, pinnedSeqs: pins, lines };
}

/** Adds the guard's view to verify's verdict: a current generation committed SUSPECT is a warning. */
export function withGuardVerification(health: ComponentHealth, guard: GuardVerification): ComponentHealth {
  const current = guard.generations.find((check) => check.generation === 'current');
  if (current?.flaggedSuspect !== true || health.health !== 'healthy') return { ...health, guard };
  return { ...health, guard, health: 'warning', message: `${health.message}; current seq ${current.seq} was committed marked SUSPECT (a semantic check failed)` };
}
