// Before a save rotates the chain: every present generation must be verified (once per file),
// and one that fails is quarantined instead of being rotated down the chain, where it would
// push out a good one.

import type { ComponentCodec } from '../components/codec.js';
import { QuantumStateError, rejectReasonOf } from '../errors.js';
import type { FileSystem } from '../fs/file-system.js';
import type { Keyring } from '../signing/keyring.js';
import { decodeGeneration, readGeneration } from './generation-reader.js';
import type { GenerationName } from './generations.js';
import { GENERATIONS, generationPath } from './generations.js';
import type { QuarantinedFile } from './quarantine.js';
import { quarantine } from './quarantine.js';
import type { VerifiedFiles } from './verified-files.js';

export interface PreparedChain {
  present: Record<GenerationName, boolean>;
  quarantined: QuarantinedFile[];
  /** Highest seq in the chain (0 if empty). */
  maxSeq: number;
  currentSeq: number | undefined;
  /**
   * `.bak` is the very file current is (a save that died between linking current as `.bak` and
   * its commit): the next save only has to commit; rotating would push out a generation for a copy.
   */
  bakIsCurrent: boolean;
}

export interface ChainContext {
  fs: FileSystem;
  directory: string;
  keyring: Keyring;
  verified: VerifiedFiles;
  now: () => number;
}

export async function prepareChain(codec: ComponentCodec<unknown>, context: ChainContext): Promise<PreparedChain> {
  const { fs, directory, keyring, verified } = context;
  const paths = GENERATIONS.map((generation) => generationPath(directory, codec, generation));
  // Files verified before are known by their identity: one stat each, all at once.
  const stats = await Promise.all(paths.map((path) => fs.stat(path)));
  const known = stats.map((stat) => (stat === undefined ? undefined : verified.known(stat)?.seq));
  const chain: PreparedChain = { present: { current: false, bak: false, bak1: false, bak2: false }, quarantined: [], maxSeq: 0, currentSeq: undefined, bakIsCurrent: false };
  for (const [i, generation] of GENERATIONS.entries()) {
    const path = paths[i] as string;
    let seq = known[i];
    if (seq === undefined) {
      const read = await readGeneration(fs, path);
      if (read === undefined) continue;
      try {
        const { header } = decodeGeneration(codec, read.bytes, keyring, path);
        seq = header.seq;
        if (read.stat !== undefined) verified.rememberStat(read.stat, seq, header);
        else await verified.remember(fs, path, seq, header);
      } catch (error) {
        if (!(error instanceof QuantumStateError)) throw error;
        chain.quarantined.push(await quarantine(fs, directory, path, rejectReasonOf(error), context.now()));
        continue;
      }
    }
    chain.present[generation] = true;
    chain.maxSeq = Math.max(chain.maxSeq, seq);
    if (generation === 'current') chain.currentSeq = seq;
  }
  const [current, bak] = stats;
  chain.bakIsCurrent = chain.present.current && chain.present.bak && current !== undefined && current.ino === bak?.ino;
  return chain;
}
