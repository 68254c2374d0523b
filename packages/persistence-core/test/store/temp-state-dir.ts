// A fresh state directory and keyring in os.tmpdir() for one test.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import type { EntryAgentState } from '../../src/components/types.js';
import { Keyring } from '../../src/signing/keyring.js';
import type { StateDirectoryOptions } from '../../src/store/state-directory.js';
import { StateDirectory } from '../../src/store/state-directory.js';

export interface TempStateDir {
  root: string;
  directory: string;
  keyring: Keyring;
  store: StateDirectory;
  cleanup(): Promise<void>;
}

export async function tempStateDir(options: Partial<StateDirectoryOptions> = {}): Promise<TempStateDir> {
  const root = await mkdtemp(join(tmpdir(), 'quantum-store-'));
  const directory = join(root, 'state');
  const keyring = options.keyring ?? Keyring.generate();
  const store = await StateDirectory.open({ directory, keyring, reserveBytes: 0, ...options });
  return { root, directory, keyring, store, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** An entry-agent state whose totalUpdates marks which save it came from. */
export function entryState(marker: number, entries = 3): EntryAgentState {
  const state = entryAgentCodec.fresh();
  state.totalUpdates = marker;
  state.epsilon = 0.15;
  state.qTable = {
    stateHash: BigUint64Array.from({ length: entries }, (_, i) => BigInt(i * 7919 + marker)),
    action: Uint8Array.from({ length: entries }, (_, i) => i % 4),
    qValue: Float64Array.from({ length: entries }, (_, i) => marker + i / 10),
  };
  return state;
}
