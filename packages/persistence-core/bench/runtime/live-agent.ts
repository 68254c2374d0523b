// The agent of the queue benchmarks: a live EntryAgent whose Q-table columns are shared memory
// (so a save can capture it copy-on-write), and its work per tick.

import { entryAgentCodec } from '../../src/components/entry-agent.js';
import type { EntryAgentState } from '../../src/components/types.js';
import { SharedState, sharedColumn } from '../../src/runtime/shared-state.js';

export interface LiveAgent {
  entries: number;
  live: EntryAgentState;
  shared: SharedState<EntryAgentState>;
  /** The agent's work per tick: 8 Q updates, each behind the write barrier. */
  tick: () => void;
}

/** An agent whose state encodes to about `megabytes` MB (17 bytes per Q entry). */
export function liveAgent(megabytes: number): LiveAgent {
  const entries = Math.floor((megabytes * 1e6) / 17);
  const live = { ...entryAgentCodec.fresh(), qTable: { stateHash: sharedColumn(BigUint64Array, entries), action: sharedColumn(Uint8Array, entries), qValue: sharedColumn(Float64Array, entries) } };
  for (let i = 0; i < entries; i++) (live.qTable.stateHash[i] = BigInt(i)), (live.qTable.action[i] = i & 3), (live.qTable.qValue[i] = i * 1e-6);
  const shared = new SharedState(live);
  let cursor = 0;
  const tick = (): void => {
    for (let n = 0; n < 8; n++) {
      cursor = (cursor + 2_654_435_761) % entries;
      shared.touch(live.qTable.qValue, cursor);
      live.qTable.qValue[cursor] = (live.qTable.qValue[cursor] ?? 0) + 1e-3;
    }
  };
  return { entries, live, shared, tick };
}
