// Power cuts during the runtime's SaveAll (src/runtime/save-all.ts): every component in
// priority order between two manifest saves. Besides each component's own invariant, the
// manifest must never claim a complete cut that the components do not hold.

import type { ComponentCodec } from '../../src/components/codec.js';
import { componentCodecs } from '../../src/components/registry.js';
import { Keyring } from '../../src/signing/keyring.js';
import { readCut } from '../../src/runtime/cut.js';
import { saveAll } from '../../src/runtime/save-all.js';
import type { StateDirectory } from '../../src/store/state-directory.js';
import type { RebootCheck, Scenario } from './harness/power-cut-explorer.js';
import type { SaveJournal } from './harness/save-journal.js';
import { lastOwed } from './harness/save-journal.js';
import { statesOf } from './harness/states.js';

const keyring = Keyring.generate();
const CUT = { name: 'SaveAll cut' };

async function trackedSaveAll(store: StateDirectory, journal: SaveJournal, round: number): Promise<void> {
  const components = componentCodecs.map((codec) => ({ codec, state: statesOf(codec, 3, 300 + round)[round % 3] }));
  await journal.track(CUT, round + 1, async () => {
    const report = await saveAll(components, {
      store,
      reason: `crash test round ${round}`,
      capture: false,
      save: (codec: ComponentCodec<unknown>, state: unknown) => journal.track(codec, state, () => store.save(codec, state)),
    });
    if (!report.complete || !report.allComponents) throw new Error(`SaveAll round ${round} incomplete: ${JSON.stringify(report.skipped)}`);
    return { seq: report.cutId };
  });
}

const checkCut: RebootCheck = async (store, journal) => {
  const cuts = journal.get(CUT.name);
  if (cuts === undefined) return [];
  const seqs: Record<string, number | undefined> = {};
  for (const codec of componentCodecs) seqs[codec.name] = (await store.load(codec)).header?.seq;
  const cut = await readCut(store, componentCodecs, seqs);
  const problems: string[] = [];
  const acked = lastOwed(cuts)?.seq;
  if (acked !== undefined && (cut.lastCompleteCut?.cutId ?? 0) < acked) problems.push(`SaveAll cut #${acked} was acknowledged, the manifest's last complete cut is #${cut.lastCompleteCut?.cutId ?? 'none'}`);
  const claimed = cut.lastCompleteCut?.cutId;
  if (claimed !== undefined && claimed === cuts.inFlight[0]) {
    const outside = cut.components.filter((component) => component.from !== 'cut');
    if (outside.length > 0) problems.push(`the manifest claims complete cut #${claimed}, but ${outside.map((c) => `${c.component} is ${c.from}`).join(', ')}`);
  }
  return problems;
};

export const saveAllScenarios: Scenario[] = [
  {
    name: 'SaveAll of every component (runtime/save-all.ts)',
    codecs: [...componentCodecs],
    checks: [checkCut],
    keyring,
    limit: 4,
    setup: (store, journal) => trackedSaveAll(store, journal, 0),
    run: (store, journal) => trackedSaveAll(store, journal, 1),
  },
];
