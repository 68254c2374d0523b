// Saves of the benchmark state in both rotation modes (metadata-order.ts): 'ordered', one
// directory fsync, valid only where directory operations persist in order; 'unordered', a
// directory fsync after every step that needs one; on node:fs/promises or on another file system
// (the save worker's blocking calls). Each keeps its SaveResult phases.

import { join } from 'node:path';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import type { EntryAgentState, ReplayBufferState } from '../../src/components/types.js';
import { replayBufferCodec } from '../../src/components/replay-buffer.js';
import type { FileSystem } from '../../src/fs/file-system.js';
import type { MetadataOrder } from '../../src/fs/metadata-order.js';
import type { Keyring } from '../../src/signing/keyring.js';
import type { SaveResult } from '../../src/store/reports.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import { PhaseTally } from './measure.js';

export class ModeSaver {
  readonly phases = new PhaseTally();
  #warm = false;

  private constructor(
    readonly store: StateDirectory,
    readonly entry: EntryAgentState,
    readonly replay: ReplayBufferState,
  ) {}

  /** `fs`: the store's file system (default: node:fs/promises); `label` names its directory. */
  static async open(root: string, order: MetadataOrder, keyring: Keyring, entry: EntryAgentState, replay: ReplayBufferState, fs?: FileSystem, label: string = order): Promise<ModeSaver> {
    const store = await StateDirectory.open({ directory: join(root, `state-${label}`), keyring, reserveBytes: 0, metadataOrder: order, ...(fs === undefined ? {} : { fs }) });
    const saver = new ModeSaver(store, entry, replay);
    // Steady state: a full chain rotates on every save.
    for (let i = 0; i < 4; i++) await saver.saveBoth();
    saver.#warm = true;
    return saver;
  }

  /** One measured round: both files saved, their phases (and durations) added up. */
  async saveBoth(): Promise<void> {
    for (const result of [await this.store.save(entryAgentCodec, this.entry), await this.store.save(replayBufferCodec, this.replay)]) this.#tally(result);
    if (this.#warm) this.phases.endRound();
  }

  #tally(result: SaveResult): void {
    if (this.#warm) this.phases.add({ ...result.phases, 'save (durationMs)': result.durationMs });
  }
}
