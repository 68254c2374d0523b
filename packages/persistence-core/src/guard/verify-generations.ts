// The semantic checks over the generations already on disk, for `verify`: each valid
// generation is checked against the next older valid one, so a diverged state is reported
// with its field and values even when it was written without the guard.

import type { ComponentCodec } from '../components/codec.js';
import { QuantumStateError } from '../errors.js';
import { HeaderFlag } from '../format/header.js';
import type { GenerationName } from '../store/generations.js';
import { GENERATIONS } from '../store/generations.js';
import type { StateDirectory } from '../store/state-directory.js';
import { checkAgainstSummary } from './check-state.js';
import type { StateSummary } from './checks/summary.js';
import type { CheckFinding } from './findings.js';
import type { GuardPolicy } from './policy.js';
import { DEFAULT_GUARD_POLICY } from './policy.js';

export interface GenerationCheck {
  generation: GenerationName;
  seq: number;
  /** Committed with the SUSPECT flag by the guard. */
  flaggedSuspect: boolean;
  /** The seq the relative checks compared against (the next older valid generation). */
  comparedWithSeq?: number;
  findings: CheckFinding[];
}

/** Checks every valid generation of `codec`, newest first; unreadable ones are left to `inspect`. */
export async function checkGenerations<S>(store: StateDirectory, codec: ComponentCodec<S>, policy: GuardPolicy = DEFAULT_GUARD_POLICY): Promise<GenerationCheck[]> {
  const decoded: { generation: GenerationName; seq: number; flags: number; state: S }[] = [];
  for (const generation of GENERATIONS) {
    try {
      const { state, header } = await store.read(codec, generation);
      decoded.push({ generation, seq: header.seq, flags: header.flags, state });
    } catch (error) {
      if (!(error instanceof QuantumStateError)) throw error;
    }
  }
  // Older generations first, so each summary is computed once and compared with the next newer one.
  const byAge = [...decoded].sort((a, b) => a.seq - b.seq);
  const checks: GenerationCheck[] = [];
  let previous: { seq: number; summary: StateSummary } | undefined;
  for (const entry of byAge) {
    const { findings, summary } = checkAgainstSummary(codec.name, entry.state, previous?.summary, policy);
    checks.push({
      generation: entry.generation,
      seq: entry.seq,
      flaggedSuspect: (entry.flags & HeaderFlag.SUSPECT) !== 0,
      ...(previous === undefined ? {} : { comparedWithSeq: previous.seq }),
      findings,
    });
    previous = { seq: entry.seq, summary };
  }
  return checks.reverse();
}
