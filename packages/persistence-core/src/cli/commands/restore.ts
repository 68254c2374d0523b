// `restore COMPONENT --generation bak|bak1|bak2`: verify, then make that generation current through
// the store's save path (under the component lock); the present current becomes .bak, never lost.

import { codecByName, componentNames } from '../../components/registry.js';
import { QuantumStateError } from '../../errors.js';
import { SaveJournal } from '../../runtime/journal.js';
import { GENERATIONS, isGenerationName } from '../../store/generations.js';
import type { Command } from '../command.js';
import { UsageError, stringOption } from '../command.js';
import { summarizeComponent } from '../component-summary.js';
import { ExitCode } from '../exit-codes.js';
import { openExistingStore } from '../keyring-access.js';

const RESTORABLE = GENERATIONS.filter((generation) => generation !== 'current');

export const restoreCommand: Command = {
  name: 'restore',
  usage: 'restore COMPONENT --generation bak|bak1|bak2 [--dry-run]',
  summary: 'make a verified older generation current; the present one is kept as .bak',
  options: { generation: { type: 'string', short: 'g' }, 'dry-run': { type: 'boolean', default: false } },
  async run({ shared, values, positionals, output }) {
    const [name] = positionals;
    const codec = name === undefined ? undefined : codecByName(name);
    if (codec === undefined || positionals.length !== 1) throw new UsageError(`expected one COMPONENT: ${componentNames.join(', ')}`);
    const generation = stringOption(values, 'generation');
    if (generation === undefined || !isGenerationName(generation) || generation === 'current') {
      throw new UsageError(`--generation must be one of ${RESTORABLE.join(', ')}`);
    }
    const dryRun = values['dry-run'] === true;
    const store = await openExistingStore(shared.directory, shared.keyringPath);
    output.progress(`verifying every generation of ${codec.name}`);
    const reports = await store.inspect(codec);
    const source = reports.find((report) => report.generation === generation);
    const current = reports.find((report) => report.generation === 'current');
    if (source?.status !== 'valid') {
      const why = source?.status === 'missing' ? 'it does not exist' : `${source?.reason}: ${source?.message}`;
      throw new QuantumStateError(`cannot restore ${codec.name} from ${generation}: ${why}`, { file: store.pathOf(codec, generation) });
    }
    const before = { seq: current?.seq ?? null, status: current?.status ?? 'missing' };
    if (dryRun) {
      output.result({ component: codec.name, dryRun: true, from: generation, restoredSeq: source.seq, before, after: null, generations: reports });
      output.line(`dry run: ${codec.name} ${generation} (seq ${source.seq}) is valid and would become current with a new seq;`);
      output.line(`the present current (${before.status}, seq ${before.seq ?? '-'}) would become .bak. Nothing was changed.`);
      return ExitCode.OK;
    }
    const result = await store.restore(codec, generation);
    const journal = new SaveJournal({ directory: store.directory });
    await journal.append({ kind: 'restore', component: codec.name, seq: result.seq, bytes: result.bytes, outcome: 'ok', durationMs: result.durationMs, detail: { from: generation, restoredSeq: result.restoredSeq, by: 'cli' } });
    await journal.close();
    const after = { seq: result.seq, restoredSeq: result.restoredSeq };
    const written = await store.read(codec, 'current');
    // Another writer may have followed within a millisecond; describe only what this restore wrote.
    const summary = written.header.seq === result.seq ? summarizeComponent(codec.name, written.state) : null;
    output.result({ component: codec.name, dryRun: false, from: generation, restoredSeq: result.restoredSeq, before, after, file: result.file, bytes: result.bytes, quarantined: result.quarantined, summary });
    output.line(`restored ${codec.name} from ${generation} (seq ${result.restoredSeq}) as current seq ${result.seq}`);
    output.line(`before: current seq ${before.seq ?? '-'} (${before.status}), now kept as ${codec.fileName}.bak`);
    output.line(`after:  current seq ${result.seq}`);
    for (const moved of result.quarantined) output.warn(`quarantined ${moved.from} (${moved.reason}) to ${moved.to}`);
    return ExitCode.OK;
  },
};
