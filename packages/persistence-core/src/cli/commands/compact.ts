// `compact`: folds each Q-table's delta log (runtime/delta-log.ts) into a new full generation and
// starts an empty log. For a stopped agent: a running one appends to the log it holds open.

import { readFile } from 'node:fs/promises';
import type { AnyComponentCodec } from '../../components/registry.js';
import { componentCodecs } from '../../components/registry.js';
import { errnoOf } from '../../fs/file-system.js';
import type { QTableState } from '../../runtime/delta-log.js';
import { deltaPath, loadIncremental } from '../../runtime/delta-log.js';
import type { DeltaReport } from '../../runtime/delta-scan.js';
import { scanDeltaLog } from '../../runtime/delta-scan.js';
import { SaveJournal } from '../../runtime/journal.js';
import type { StateDirectory } from '../../store/state-directory.js';
import type { Command } from '../command.js';
import { UsageError } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { openExistingStore } from '../keyring-access.js';
import { formatBytes, table } from '../output.js';

interface CompactionOutcome {
  component: string;
  file: string;
  log: DeltaReport;
  /** What happened: nothing to do, stale records removed, or a new generation. */
  action: 'no-log' | 'would-compact' | 'removed-stale' | 'compacted';
  seq?: number;
  bytes?: number;
}

/** Components whose state holds a top-level Q-table: the ones with delta logs. */
const withDeltaLogs = (): AnyComponentCodec[] => componentCodecs.filter((codec) => 'qTable' in (codec.fresh() as object));

async function readLog(store: StateDirectory, codec: AnyComponentCodec): Promise<DeltaReport> {
  const file = deltaPath(store, codec);
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if (errnoOf(error) !== 'ENOENT') throw error;
  }
  const baseSeq = (await store.currentHeader(codec))?.seq ?? 0;
  return scanDeltaLog(bytes, file, store.keyring, codec.kind, baseSeq).report;
}

async function compactOne(store: StateDirectory, journal: SaveJournal, codec: AnyComponentCodec, dryRun: boolean): Promise<CompactionOutcome> {
  const base = { component: codec.name, file: deltaPath(store, codec) };
  const scanned = await readLog(store, codec);
  if (scanned.status === 'none') return { ...base, log: scanned, action: 'no-log' };
  if (dryRun) return { ...base, log: scanned, action: 'would-compact' };
  const loaded = await loadIncremental<QTableState>({ store, codec, journal });
  try {
    if (loaded.deltas.status === 'clean' && loaded.deltas.applied === 0 && loaded.deltas.staleRecords > 0) return { ...base, log: loaded.deltas, action: 'removed-stale' };
    const saved = await loaded.log.compact(loaded.state, 'quantum-state compact');
    return { ...base, log: loaded.deltas, action: 'compacted', seq: saved.seq, bytes: saved.bytes };
  } finally {
    await loaded.log.close();
  }
}

export const compactCommand: Command = {
  name: 'compact',
  usage: 'compact [COMPONENT] [--dry-run]',
  summary: 'fold Q-table delta logs into a new full generation (run it while the agent is stopped)',
  options: { 'dry-run': { type: 'boolean', default: false } },
  async run({ shared, values, positionals, output }) {
    const candidates = withDeltaLogs();
    const codecs = positionals.length === 0 ? candidates : candidates.filter((codec) => positionals.includes(codec.name));
    if (positionals.length > 0 && codecs.length !== positionals.length) {
      throw new UsageError(`components with delta logs: ${candidates.map((codec) => codec.name).join(', ')}`);
    }
    const dryRun = values['dry-run'] === true;
    const store = await openExistingStore(shared.directory, shared.keyringPath);
    const journal = new SaveJournal({ directory: store.directory });
    const outcomes: CompactionOutcome[] = [];
    try {
      for (const [i, codec] of codecs.entries()) {
        output.progress(`[${i + 1}/${codecs.length}] ${dryRun ? 'reading' : 'compacting'} the delta log of ${codec.name}`);
        outcomes.push(await compactOne(store, journal, codec, dryRun));
      }
    } finally {
      await journal.close();
    }
    output.result({ dryRun, components: outcomes });
    const rows = outcomes.map((outcome) => [
      outcome.component,
      outcome.log.status === 'none' ? 'no log' : `${outcome.log.applied} records, ${outcome.log.entries} entries, ${formatBytes(outcome.log.goodBytes)}${outcome.log.status === 'stopped' ? ` (stopped: ${outcome.log.stoppedAt?.message})` : ''}`,
      outcome.action === 'compacted' ? `compacted into seq ${outcome.seq} (${formatBytes(outcome.bytes)})` : outcome.action,
    ]);
    for (const row of table(['component', 'delta log', 'result'], rows)) output.line(row);
    return ExitCode.OK;
  },
};
