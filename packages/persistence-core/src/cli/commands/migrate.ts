// `migrate`: schema status of every component; without --dry-run, rewrite the pending ones at the current schema.

import { componentCodecs } from '../../components/registry.js';
import { migrateAll, migrationStatus } from '../../store/migration-status.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { openExistingStore } from '../keyring-access.js';
import { table } from '../output.js';

export const migrateCommand: Command = {
  name: 'migrate',
  usage: 'migrate [--dry-run]',
  summary: 'show schema versions on disk; rewrite components with a pending migration',
  options: { 'dry-run': { type: 'boolean', default: false } },
  async run({ shared, values, output }) {
    const store = await openExistingStore(shared.directory, shared.keyringPath);
    const codecs = componentCodecs;
    const statuses = await migrationStatus(store, codecs);
    const pending = statuses.filter((status) => status.pending);
    const newer = statuses.filter((status) => status.newer);
    const migrated = [];
    if (values['dry-run'] !== true) {
      for (const [i, status] of pending.entries()) {
        output.progress(`[${i + 1}/${pending.length}] migrating ${status.component} v${status.onDisk} -> v${status.current}`);
        const codec = codecs.find((candidate) => candidate.name === status.component);
        migrated.push(...(await migrateAll(store, codec === undefined ? [] : [codec])));
      }
    }
    output.result({ dryRun: values['dry-run'] === true, statuses, migrated });
    const rows = statuses.map((status) => [
      status.component,
      status.onDisk === undefined ? '-' : `v${status.onDisk}`,
      `v${status.current}`,
      status.newer ? 'NEWER than this build' : status.pending ? (values['dry-run'] === true ? 'pending' : 'migrated') : status.onDisk === undefined ? 'no file' : 'up to date',
    ]);
    for (const row of table(['component', 'on disk', 'this build', 'status'], rows)) output.line(row);
    for (const done of migrated) output.line(`migrated ${done.component} v${done.from} -> v${done.to} as seq ${done.seq}`);
    if (newer.length > 0) output.warn(`${newer.map((status) => status.component).join(', ')} written by a newer build: upgrade before loading`);
    return newer.length > 0 ? ExitCode.WARNING : ExitCode.OK;
  },
};
