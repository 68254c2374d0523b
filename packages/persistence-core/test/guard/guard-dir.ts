// A temp state directory for the guard tests, and a learner whose state the tests drive.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileSystem } from '../../src/fs/file-system.js';
import { nodeFileSystem } from '../../src/fs/node-file-system.js';
import { Keyring } from '../../src/signing/keyring.js';
import type { StateDirectoryOptions } from '../../src/store/state-directory.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import type { EntryAgentState } from '../../src/components/types.js';

export interface GuardDir {
  directory: string;
  store: StateDirectory;
  cleanup(): Promise<void>;
}

export async function guardDir(fs: FileSystem = nodeFileSystem, options: Pick<StateDirectoryOptions, 'now' | 'guard'> = {}): Promise<GuardDir> {
  const root = await mkdtemp(join(tmpdir(), 'quantum-guard-'));
  const directory = join(root, 'state');
  const store = await StateDirectory.open({ directory, keyring: Keyring.generate(), fs, reserveBytes: 0, ...options });
  return { directory, store, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/**
 * A small tabular learner: each step visits new states and nudges Q-values towards bounded
 * rewards. After `divergeAt` steps its learning rate blows up and the values run away
 * (x1000 per step), so within a few steps they exceed any bound and then overflow to Infinity.
 */
export class Learner {
  step = 0;
  state: EntryAgentState;

  constructor(readonly divergeAt: number) {
    this.state = { qTable: table(0), traces: { stateHash: new BigUint64Array(0), action: new Uint8Array(0), eligibility: new Float64Array(0) }, epsilon: 0.3, alpha: 0.1, lambda: 0.9, totalUpdates: 0, stateSpaceSize: 0, trainingStart: 1_700_000_000_000 };
  }

  get diverged(): boolean {
    return this.step > this.divergeAt;
  }

  advance(): EntryAgentState {
    this.step++;
    const previous = this.state.qTable;
    const next = table(previous.qValue.length + 8);
    next.qValue.set(previous.qValue);
    for (let i = 0; i < next.qValue.length; i++) {
      const reward = Math.sin(i + this.step);
      const q = next.qValue[i] as number;
      next.qValue[i] = this.diverged ? (q + 1) * 1000 : q + this.state.alpha * (reward - q);
    }
    this.state = { ...this.state, qTable: next, totalUpdates: this.state.totalUpdates + next.qValue.length, stateSpaceSize: next.qValue.length, epsilon: Math.max(0.05, this.state.epsilon * 0.99) };
    return this.state;
  }
}

function table(n: number): EntryAgentState['qTable'] {
  return { stateHash: BigUint64Array.from({ length: n }, (_, i) => BigInt(i) * 2654435761n), action: Uint8Array.from({ length: n }, (_, i) => i % 4), qValue: new Float64Array(n) };
}
