// `quantum-state pin add|list|verify|restore|remove`: pinned generations from the CLI.
// Registered in src/cli/commands/index.ts; the logic is the guard's (pins.ts).

import { userInfo } from 'node:os';
import type { AnyComponentCodec } from '../components/registry.js';
import { codecByName, componentNames } from '../components/registry.js';
import type { Command, CommandInput } from '../cli/command.js';
import { UsageError, stringOption } from '../cli/command.js';
import { ExitCode } from '../cli/exit-codes.js';
import { openExistingStore } from '../cli/keyring-access.js';
import { formatBytes, formatTime, table } from '../cli/output.js';
import { HeaderFlag } from '../format/header.js';
import { SaveJournal } from '../runtime/journal.js';
import { GENERATIONS, isGenerationName } from '../store/generations.js';
import type { StateDirectory } from '../store/state-directory.js';
import { listPins, pinGeneration, restorePinned, unpinGeneration, verifyPin } from './pins.js';

function componentOf(name: string | undefined): AnyComponentCodec {
  const codec = name === undefined ? undefined : codecByName(name);
  if (codec === undefined || codec.name === 'ActivePosition') throw new UsageError(`expected a COMPONENT with generations: ${componentNames.filter((n) => n !== 'ActivePosition').join(', ')}`);
  return codec;
}

function seqOf(raw: string | undefined): number {
  const seq = Number(raw);
  if (raw === undefined || !Number.isSafeInteger(seq) || seq < 1) throw new UsageError(`expected a SEQ (a positive integer), got "${raw ?? ''}"`);
  return seq;
}

async function add(store: StateDirectory, codec: AnyComponentCodec, { values, output }: CommandInput): Promise<number> {
  const generation = stringOption(values, 'generation') ?? 'current';
  if (!isGenerationName(generation)) throw new UsageError(`--generation must be one of ${GENERATIONS.join(', ')}`);
  const note = stringOption(values, 'note');
  if (note === undefined || note.trim() === '') throw new UsageError('--note is required: say why this generation is kept');
  const pin = await pinGeneration(store, codec, generation, { note, pinnedBy: stringOption(values, 'by') ?? userInfo().username });
  output.result(pin);
  output.line(`pinned ${codec.name} ${generation} (seq ${pin.seq}) as ${pin.file}`);
  return ExitCode.OK;
}

async function list(store: StateDirectory, codec: AnyComponentCodec, { output }: CommandInput): Promise<number> {
  const pins = await listPins(store, codec);
  output.result({ component: codec.name, pins });
  if (pins.length === 0) output.line(`no pinned generations of ${codec.name}`);
  const flag = (flags: number | undefined): string => ((flags ?? 0) & HeaderFlag.SUSPECT ? 'suspect' : '');
  const rows = pins.map((p) => [String(p.seq), formatTime(p.savedAt), formatBytes(p.sizeBytes), p.note?.pinnedBy ?? '-', p.note?.automatic ? 'auto' : 'operator', p.noteStatus, flag(p.flags), p.note?.note ?? p.noteProblem ?? '']);
  if (pins.length > 0) for (const line of table(['seq', 'saved', 'size', 'by', 'kind', 'note', 'flags', 'why'], rows)) output.line(line);
  return pins.some((p) => p.noteStatus !== 'valid') ? ExitCode.WARNING : ExitCode.OK;
}

async function verify(store: StateDirectory, codec: AnyComponentCodec, { positionals, output }: CommandInput): Promise<number> {
  const report = await verifyPin(store, codec, seqOf(positionals[2]));
  output.result(report);
  output.line(`${codec.name} pinned seq ${report.seq}: ${report.status}${report.reason === undefined ? '' : ` (${report.reason}: ${report.message})`}; note ${report.noteStatus}${report.noteProblem === undefined ? '' : ` (${report.noteProblem})`}`);
  if (report.status !== 'valid') return ExitCode.FAILED;
  return report.noteStatus === 'valid' ? ExitCode.OK : ExitCode.WARNING;
}

async function restore(store: StateDirectory, codec: AnyComponentCodec, { positionals, output }: CommandInput): Promise<number> {
  const seq = seqOf(positionals[2]);
  const before = await store.currentHeader(codec);
  const result = await restorePinned(store, codec, seq);
  const journal = new SaveJournal({ directory: store.directory });
  await journal.append({ kind: 'restore', component: codec.name, seq: result.seq, bytes: result.bytes, outcome: 'ok', durationMs: result.durationMs, detail: { fromPin: seq, by: 'cli' } });
  await journal.close();
  output.result({ component: codec.name, restoredFromPin: seq, before: { seq: before?.seq ?? null }, after: { seq: result.seq }, file: result.file, quarantined: result.quarantined });
  output.line(`restored ${codec.name} from pinned seq ${seq} as current seq ${result.seq}; the previous current (seq ${before?.seq ?? '-'}) is kept as ${codec.fileName}.bak`);
  return ExitCode.OK;
}

async function remove(store: StateDirectory, codec: AnyComponentCodec, { positionals, output }: CommandInput): Promise<number> {
  const seq = seqOf(positionals[2]);
  await unpinGeneration(store, codec, seq);
  output.result({ component: codec.name, unpinned: seq });
  output.line(`unpinned ${codec.name} seq ${seq}`);
  return ExitCode.OK;
}

const ACTIONS = { add, list, verify, restore, remove } as const;

export const pinCommand: Command = {
  name: 'pin',
  usage: 'pin add|list|verify|restore|remove COMPONENT [SEQ] [--generation G] [--note TEXT] [--by NAME]',
  summary: 'keep known-good generations outside the rotating chain; list, verify, restore or remove them',
  options: { generation: { type: 'string', short: 'g' }, note: { type: 'string', short: 'n' }, by: { type: 'string' } },
  async run(input) {
    const [action, component] = input.positionals;
    if (action === undefined || !(action in ACTIONS)) throw new UsageError(`expected an action: ${Object.keys(ACTIONS).join(', ')}`);
    const codec = componentOf(component);
    const store = await openExistingStore(input.shared.directory, input.shared.keyringPath);
    return ACTIONS[action as keyof typeof ACTIONS](store, codec, input);
  },
};
