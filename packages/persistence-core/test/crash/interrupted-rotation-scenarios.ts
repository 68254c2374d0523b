// Power cuts while a rotation that a save left half done (it died: SIGKILL, power cut) is resolved,
// by start-up or by the next save that takes the lock (rotation-links.ts). The dead save is played
// by hand in the setup: its links made durable, then some of its renames.

import { entryAgentCodec } from '../../src/components/entry-agent.js';
import type { EntryAgentState } from '../../src/components/types.js';
import type { Keyring } from '../../src/signing/keyring.js';
import type { GenerationName } from '../../src/store/generations.js';
import type { LinkTarget } from '../../src/store/rotation-links.js';
import { rotationLinkPath } from '../../src/store/rotation-links.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import type { Scenario } from './harness/power-cut-explorer.js';
import type { RecordingFileSystem } from './harness/recording-fs.js';
import type { SaveJournal } from './harness/save-journal.js';
import { statesOf } from './harness/states.js';

const entries = statesOf(entryAgentCodec, 7, 31);
const entry = (i: number): EntryAgentState => entries[i] as EntryAgentState;
const deadPid = 2 ** 22 + 17; // above pid_max: never alive

const MOVES: [GenerationName, LinkTarget][] = [['bak1', 'bak2'], ['bak', 'bak1'], ['current', 'bak']];

/** Four acknowledged saves, then a fifth that links, fsyncs, and dies after `renamed` of its renames. */
async function deadSave(store: StateDirectory, journal: SaveJournal, fs: RecordingFileSystem, renamed: LinkTarget[]): Promise<void> {
  for (let i = 0; i < 4; i++) await journal.save(store, entryAgentCodec, entry(i));
  journal.died(entryAgentCodec, entry(4));
  const path = (generation: GenerationName) => store.pathOf(entryAgentCodec, generation);
  const link = (target: LinkTarget) => rotationLinkPath(store.directory, entryAgentCodec.fileName, target);
  for (const [from, to] of MOVES) await fs.link(path(from), link(to));
  await fs.syncDirectory(store.directory);
  if (renamed.length === 0) return;
  await fs.rename(path('bak2'), `${store.directory}/.${entryAgentCodec.fileName}.${deadPid}.0badc0de.qdrop`);
  for (const target of renamed) await fs.rename(link(target), path(target));
}

const reopen = (store: StateDirectory) => StateDirectory.open({ directory: store.directory, keyring: store.keyring, fs: store.fs, reserveBytes: 0 });

export function interruptedRotationScenarios(keyring: Keyring): Scenario[] {
  return [
    {
      name: 'start-up completing a rotation whose save died after renaming .bak1 (.bak2 set aside)',
      codecs: [entryAgentCodec],
      keyring,
      setup: (store, journal, fs) => deadSave(store, journal, fs, ['bak1']),
      run: async (store) => void (await reopen(store)),
    },
    {
      name: 'start-up completing a rotation whose save died after renaming .bak (the newest move first)',
      codecs: [entryAgentCodec],
      keyring,
      setup: (store, journal, fs) => deadSave(store, journal, fs, ['bak']),
      run: async (store) => void (await reopen(store)),
    },
    {
      name: 'start-up removing the links of a rotation whose save died before renaming',
      codecs: [entryAgentCodec],
      keyring,
      setup: (store, journal, fs) => deadSave(store, journal, fs, []),
      run: async (store) => void (await reopen(store)),
    },
    {
      name: 'a save taking the lock after a save died mid-rotation',
      codecs: [entryAgentCodec],
      keyring,
      setup: (store, journal, fs) => deadSave(store, journal, fs, ['bak2', 'bak']),
      run: async (store, journal) => void (await journal.save(store, entryAgentCodec, entry(5))),
    },
  ];
}
