// One installation at a glance for GET /api/installations: health from its components'
// summaries (and, for a bucket copy, its last refresh), the newest save, and the replication
// lag read from its state directory alone (no bucket access).

import type { ComponentSummary, InstallationHealth, InstallationLag, InstallationSummary } from '@quantum/api-contract';
import { readReplicationStatus } from '@quantum/replication';
import type { ConsoleServices } from '../plugins/services.js';

async function lagOf(services: ConsoleServices): Promise<InstallationLag | null> {
  if (services.installation.kind !== 'local') return null;
  try {
    const status = await readReplicationStatus(services.state.store.directory, { fs: services.state.store.fs, now: services.state.now() });
    if (!status.configured) return null;
    const { seconds, generations, bytesPending } = status.lag;
    return { seconds, generations, bytesPending, ...(status.failingSince !== undefined ? { failingSince: status.failingSince } : {}) };
  } catch {
    // An unreadable cursor or journal: the lag is unknown, which is what the list says.
    return null;
  }
}

export async function summarizeInstallation(services: ConsoleServices, isDefault: boolean): Promise<InstallationSummary> {
  const { state, installation } = services;
  const summaries: ComponentSummary[] = [];
  for (const codec of state.codecs) summaries.push(state.summarize(codec, await state.generations(codec)));
  const saved = summaries.filter((summary) => summary.health !== 'empty');
  const named = (health: string): string[] => summaries.filter((summary) => summary.health === health).map((summary) => summary.component);
  const savedAts = saved.flatMap((summary) => (summary.active?.savedAt === undefined ? [] : [summary.active.savedAt]));
  const lag = await lagOf(services);
  const mirror = installation.mirror?.();

  const problems: { health: InstallationHealth; detail: string }[] = [];
  const directory = await state.store.fs.stat(state.store.directory).catch(() => undefined);
  if (directory?.isDirectory !== true) problems.push({ health: 'error', detail: 'the state directory is not reachable' });
  const unrecoverable = named('unrecoverable');
  const recovered = named('recovered');
  if (unrecoverable.length > 0) problems.push({ health: 'error', detail: `no generation verifies: ${unrecoverable.join(', ')}` });
  if (mirror?.lastError !== undefined) problems.push({ health: mirror.refreshedAt === undefined ? 'error' : 'warning', detail: mirror.lastError });
  if (recovered.length > 0) problems.push({ health: 'warning', detail: `recovered from a backup: ${recovered.join(', ')}` });
  if (lag?.failingSince !== undefined) problems.push({ health: 'warning', detail: `replication failing since ${new Date(lag.failingSince).toISOString()}` });
  if (saved.length === 0 && problems.length === 0) problems.push({ health: 'warning', detail: 'no component has been saved yet' });
  const worst = problems.find((problem) => problem.health === 'error') ?? problems[0];

  return {
    id: installation.id,
    kind: installation.kind,
    default: isDefault,
    ...(installation.readOnly !== undefined ? { readOnly: installation.readOnly } : {}),
    health: worst?.health ?? 'ok',
    detail: worst === undefined ? `${saved.length} components verified` : problems.map((problem) => problem.detail).join('; '),
    components: saved.length,
    ...(savedAts.length > 0 ? { lastSaveAt: Math.max(...savedAts) } : {}),
    lag,
    ...(mirror !== undefined ? { mirror } : {}),
  };
}
