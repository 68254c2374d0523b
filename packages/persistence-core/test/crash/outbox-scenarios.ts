// Power cuts while saves link committed generations into the replication outbox: after any
// reboot, every acknowledged generation is still in the chain or, byte for byte, in `.outbox/`.

import { join } from 'node:path';
import type { ComponentCodec } from '../../src/components/codec.js';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import { readFileIfExists } from '../../src/fs/file-system.js';
import type { Keyring } from '../../src/signing/keyring.js';
import { decodeGeneration } from '../../src/store/generation-reader.js';
import { OUTBOX_DIRECTORY, outboxEntryName } from '../../src/store/outbox.js';
import type { RebootCheck, Scenario } from './harness/power-cut-explorer.js';
import { sameState, statesOf } from './harness/states.js';

const entries = statesOf(entryAgentCodec, 6, 77);

/** Every acknowledged save of `codec` is a valid chain generation or an outbox entry holding exactly that state. */
export function everyGenerationReplicable(codec: ComponentCodec<any>): RebootCheck {
  return async (store, journal) => {
    const acked = journal.get(codec.name)?.acked ?? [];
    const inChain = new Set((await store.inspect(codec)).filter((g) => g.status === 'valid').map((g) => g.seq));
    const problems: string[] = [];
    for (const { seq, state } of acked) {
      if (inChain.has(seq)) continue;
      const entry = join(store.directory, OUTBOX_DIRECTORY, outboxEntryName(codec.fileName, seq));
      const bytes = await readFileIfExists(store.fs, entry);
      if (bytes === undefined) {
        problems.push(`${codec.name} seq ${seq} was acknowledged and is neither in the chain nor in the outbox`);
        continue;
      }
      try {
        const decoded = decodeGeneration(codec, bytes, store.keyring, entry);
        if (decoded.header.seq !== seq || !sameState(codec, state, decoded.state)) problems.push(`outbox entry of ${codec.name} seq ${seq} holds another state`);
      } catch (error) {
        problems.push(`outbox entry of ${codec.name} seq ${seq} is unusable: ${(error as Error).message}`);
      }
    }
    return problems;
  };
}

export function outboxScenarios(keyring: Keyring): Scenario[] {
  return [
    {
      name: 'six saves with the replication outbox enabled',
      codecs: [entryAgentCodec],
      checks: [everyGenerationReplicable(entryAgentCodec)],
      keyring,
      // Six saves: the first two rotate off the chain while the run goes on, so only their entries keep them.
      limit: 16,
      setup: async (store, _journal, fs) => fs.mkdir(join(store.directory, OUTBOX_DIRECTORY), 0o700),
      run: async (store, journal) => {
        for (let i = 0; i < 6; i++) await journal.save(store, entryAgentCodec, entries[i]);
      },
    },
  ];
}
