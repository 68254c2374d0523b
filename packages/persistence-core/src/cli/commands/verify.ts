// `verify`: every generation of every component, read-only: status, reason, and a verdict in the exit code.

import { componentCodecs } from '../../components/registry.js';
import { guardVerify, withGuardVerification } from '../../guard/verify-report.js';
import { readCut } from '../../runtime/cut.js';
import { listQuarantine } from '../../store/quarantine.js';
import type { Command } from '../command.js';
import { UsageError } from '../command.js';
import type { ComponentHealth } from '../health.js';
import { exitCodeOf, judgeGenerations, judgePosition, overallOf } from '../health.js';
import { openExistingStore } from '../keyring-access.js';
import { formatBytes, table } from '../output.js';

export const verifyCommand: Command = {
  name: 'verify',
  usage: 'verify [--component NAME]',
  summary: 'verify every generation of every component (read-only); exit 0 healthy, 1 recovered/warnings, 2 unrecoverable',
  options: { component: { type: 'string' } },
  async run({ shared, values, output }) {
    const store = await openExistingStore(shared.directory, shared.keyringPath);
    const only = typeof values['component'] === 'string' ? values['component'] : undefined;
    const codecs = componentCodecs.filter((codec) => only === undefined || codec.name === only);
    if (codecs.length === 0) throw new UsageError(`unknown component "${only}"`);
    const results: ComponentHealth[] = [];
    for (const [i, codec] of codecs.entries()) {
      output.progress(`[${i + 1}/${codecs.length}] verifying ${codec.name}`);
      results.push(withGuardVerification(judgeGenerations(codec, await store.inspect(codec)), await guardVerify(store, codec)));
    }
    // The active position's per-tick slot file, beside the generation chains.
    if (only === undefined || only === 'ActivePosition') results.push(await judgePosition(store));
    const quarantine = await listQuarantine(store.fs, store.directory);
    // Which SaveAll cut the current generations belong to: informational, every component is judged on its own.
    const cut = await readCut(store, codecs);
    const healths = results.map((result) => result.health);
    const exitCode = exitCodeOf(healths);
    output.result({ directory: store.directory, keyFingerprints: store.keyring.fingerprints, rotation: store.metadataOrder, status: overallOf(healths), exitCode, components: results, quarantine, cut });
    output.line(`state directory ${store.directory}`);
    output.line(`saves rotate ${store.metadataOrder.order === 'ordered' ? 'with one directory fsync (directory operations persist in order)' : 'with a directory fsync after each step'}: ${store.metadataOrder.reason}`);
    for (const result of results) {
      output.line();
      output.line(`${result.component}${result.kind === 'position-file' ? ' position file' : ''} — ${result.health.toUpperCase()}: ${result.message}`);
      if (result.position !== undefined) {
        const rows = result.position.slots.map((slot) => [`slot ${slot.index}`, slot.status, String(slot.seq ?? '-'), slot.kind ?? '-']);
        for (const row of table(['slot', 'status', 'seq', 'record'], rows)) output.line(`  ${row}`);
        continue;
      }
      const rows = result.generations.filter((report) => report.status !== 'missing').map((report) => [
        report.file,
        report.status,
        report.reason !== undefined && report.status !== 'missing' ? report.reason : '',
        String(report.seq ?? '-'),
        report.schemaVersion === undefined ? '-' : `v${report.schemaVersion}${report.pendingMigration === true ? ' (migrate)' : ''}`,
        formatBytes(report.sizeBytes),
      ]);
      if (rows.length > 0) for (const row of table(['file', 'status', 'reason', 'seq', 'schema', 'size'], rows)) output.line(`  ${row}`);
      for (const line of result.guard?.lines ?? []) output.line(`  ${line}`);
    }
    output.line(`\nSaveAll: ${cut.message}`);
    if (quarantine.length > 0) output.line(`\n${quarantine.length} file(s) in quarantine/: ${quarantine.join(', ')}`);
    output.line(`\n${overallOf(healths).toUpperCase()} (exit ${exitCode})`);
    return exitCode;
  },
};
