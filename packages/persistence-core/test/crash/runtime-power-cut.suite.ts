// Power cuts at every step of the runtime's own durable writes: the active-position file
// (a write + fdatasync per tick) and the Q-table delta log (append, compaction).

import { describe, expect, it } from 'vitest';
import { activePositionCodec } from '../../src/components/active-position.js';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import type { ActivePositionState, EntryAgentState, QTable } from '../../src/components/types.js';
import { Keyring } from '../../src/signing/keyring.js';
import type { DeltaLog } from '../../src/runtime/delta-log.js';
import { loadIncremental } from '../../src/runtime/delta-log.js';
import { PositionFile } from '../../src/runtime/position-file.js';
import type { RebootCheck, Scenario } from './harness/power-cut-explorer.js';
import type { SaveJournal } from './harness/save-journal.js';
import { lastOwed } from './harness/save-journal.js';
import { largeEntryState, sameState, statesOf } from './harness/states.js';
import { saveAllScenarios } from './save-all-scenarios.js';

const keyring = Keyring.generate();
const POSITION = { name: 'ActivePosition file' };
const INCREMENTAL = { name: 'EntryAgent with delta log' };
const positions = statesOf(activePositionCodec, 4, 7) as ActivePositionState[];

const checkPosition: RebootCheck = async (store, journal) => {
  const owed = journal.get(POSITION.name);
  if (owed === undefined) return [];
  const candidates = [lastOwed(owed)?.state ?? null, ...owed.inFlight] as (ActivePositionState | null)[];
  let recovery;
  try {
    recovery = await new PositionFile({ directory: store.directory, keyring, fs: store.fs }).recover();
  } catch (error) {
    return [`position recover threw ${(error as Error).message}`];
  }
  const found = recovery.position ?? null;
  const matches = candidates.some((candidate) => (candidate === null || found === null ? candidate === found : sameState(activePositionCodec, candidate, found)));
  return matches ? [] : [`position file recovered ${recovery.status} (${recovery.message}), not the last acknowledged position nor one in flight`];
};

const checkIncremental: RebootCheck = async (store, journal) => {
  const owed = journal.get(INCREMENTAL.name);
  if (owed === undefined) return [];
  const candidates = [lastOwed(owed)?.state ?? entryAgentCodec.fresh(), ...owed.inFlight] as EntryAgentState[];
  let loaded;
  try {
    loaded = await loadIncremental({ store, codec: entryAgentCodec });
  } catch (error) {
    return [`incremental load threw ${(error as Error).message}`];
  }
  if (candidates.some((candidate) => sameState(entryAgentCodec, candidate, loaded.state))) return [];
  return [`incremental load (${loaded.load.report.message}; deltas ${loaded.deltas.status}, ${loaded.deltas.applied} applied) is neither the acknowledged state nor one in flight`];
};

/** Rows [from, from + count) get new Q-values: the dirty entries of one tick, and the state after it. */
function tick(state: EntryAgentState, from: number, count: number, value: number): { dirty: QTable; next: EntryAgentState } {
  const q = state.qTable;
  const rows = Array.from({ length: count }, (_, i) => from + i);
  const dirty: QTable = {
    stateHash: BigUint64Array.from(rows, (row) => q.stateHash[row] as bigint),
    action: Uint8Array.from(rows, (row) => q.action[row] as number),
    qValue: Float64Array.from(rows, (_, i) => value + i),
  };
  const qValue = q.qValue.slice();
  rows.forEach((row, i) => (qValue[row] = value + i));
  return { dirty, next: { ...state, qTable: { ...q, qValue } } };
}

async function appendTicks(journal: SaveJournal, log: DeltaLog<EntryAgentState>, start: EntryAgentState, ticks: number, rowsPerTick: number): Promise<EntryAgentState> {
  let state = start;
  for (let t = 0; t < ticks; t++) {
    const { dirty, next } = tick(state, (t * 37) % 200, rowsPerTick, 1000 + t);
    await journal.track(INCREMENTAL, next, async () => ({ seq: (await log.append(dirty)).recordSeq }));
    state = next;
  }
  return state;
}

export const runtimeScenarios: Scenario[] = [
  {
    name: 'position file: first save, three ticks, close of the trade',
    codecs: [],
    checks: [checkPosition],
    keyring,
    pageBytes: 512,
    run: async (store, journal) => {
      const file = new PositionFile({ directory: store.directory, keyring, fs: store.fs });
      await file.recover();
      for (const position of positions) await journal.track(POSITION, position, () => file.save(position));
      await journal.track(POSITION, null, async () => (await file.clear(), { seq: 0 }));
    },
  },
  {
    name: 'delta log: appends onto a full generation',
    codecs: [],
    checks: [checkIncremental],
    keyring,
    limit: 32,
    setup: async (store, journal) => {
      await journal.track(INCREMENTAL, largeEntryState(1, 300), () => store.save(entryAgentCodec, largeEntryState(1, 300)));
    },
    run: async (store, journal) => {
      const { log, state } = await loadIncremental({ store, codec: entryAgentCodec });
      await appendTicks(journal, log, state, 4, 150);
    },
  },
  {
    name: 'delta log: compaction, then appends to the fresh log',
    codecs: [],
    checks: [checkIncremental],
    keyring,
    limit: 32,
    setup: async (store, journal) => {
      await journal.track(INCREMENTAL, largeEntryState(1, 300), () => store.save(entryAgentCodec, largeEntryState(1, 300)));
    },
    run: async (store, journal) => {
      const { log, state } = await loadIncremental({ store, codec: entryAgentCodec });
      const appended = await appendTicks(journal, log, state, 2, 20);
      await journal.track(INCREMENTAL, appended, () => log.compact(appended));
      await appendTicks(journal, log, appended, 2, 20);
    },
  },
];

export function runtimePowerCutSuite(explore: (scenario: Scenario) => Promise<string[]>): void {
  describe('simulated power cut at every step of the runtime writers', () => {
    it.each([...runtimeScenarios, ...saveAllScenarios].map((scenario) => [scenario.name, scenario] as const))('%s', async (_, scenario) => {
      expect((await explore(scenario)).slice(0, 20)).toEqual([]);
    });
  });
}
