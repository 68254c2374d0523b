// Delta compaction on demand (spec 7.2): folds the `.delta` log of a Q-table component into a
// new full generation through the store's save path, then starts a fresh log. Dry run: checks only.

import type { CheckResult, DryRunResult, Job } from '@quantum/api-contract';
import type { ComponentCodec, QTableState } from '@quantum/persistence-core';
import { deltaPath, loadIncremental } from '@quantum/persistence-core';
import type { Principal } from '../auth/token-store.js';
import { badRequest } from '../errors.js';
import type { AuditLog } from './audit-log.js';
import type { ConsoleState } from './console-state.js';
import type { JobRunner } from './jobs.js';

export async function compactionChecks(state: ConsoleState, codec: ComponentCodec<unknown>): Promise<CheckResult[]> {
  const keyed = 'qTable' in (codec.fresh() as object);
  const log = await state.store.fs.stat(deltaPath(state.store, codec));
  return [
    { check: 'incremental', ok: keyed, detail: keyed ? `${codec.name} keeps a Q-table and may have a delta log` : `${codec.name} has no incremental saves` },
    { check: 'delta-log', ok: log !== undefined && log.size > 0, detail: log === undefined ? 'no delta log to compact' : `${log.size} bytes of delta records` },
  ];
}

export async function compact(
  deps: { state: ConsoleState; jobs: JobRunner; audit: AuditLog },
  codec: ComponentCodec<unknown>,
  who: Principal,
  dryRun: boolean,
): Promise<DryRunResult | { job: Job; done: Promise<Job> }> {
  const { state, jobs, audit } = deps;
  const checks = await compactionChecks(state, codec);
  const wouldSucceed = checks.every((check) => check.ok);
  const record = (outcome: 'succeeded' | 'failed', detail: string, jobId?: string) =>
    audit.append({ time: state.now(), actor: who.name, role: who.role, action: 'compact', component: codec.name, generation: 'current', dryRun, outcome, detail, ...(jobId ? { jobId } : {}) });
  if (dryRun || !wouldSucceed) {
    await record(wouldSucceed ? 'succeeded' : 'failed', checks.map((c) => `${c.check}: ${c.detail}`).join('; '));
    if (!dryRun) throw badRequest('COMPACTION_REFUSED', `compaction refused: ${checks.find((c) => !c.ok)?.detail ?? ''}`);
    return { dryRun: true, component: codec.name, action: 'compact', wouldSucceed, checks };
  }
  const started = jobs.start({ kind: 'compact', component: codec.name, generation: 'current', actor: who.name }, async (job) => {
    try {
      job.step('load', 'loading the current generation and applying its delta records', 0.2);
      const loaded = await loadIncremental({ store: state.store, codec: codec as ComponentCodec<QTableState> });
      job.step('loaded', `${loaded.deltas.applied} records (${loaded.deltas.entries} entries) on seq ${loaded.deltas.baseSeq}; status ${loaded.deltas.status}`, 0.5);
      try {
        const result = await loaded.log.compact(loaded.state, 'console');
        job.step('saved', `folded into seq ${result.seq}; a fresh delta log starts from it`, 1);
        await record('succeeded', `new current seq ${result.seq}`, started.job.id);
        return { seq: result.seq, bytes: result.bytes, durationMs: result.durationMs };
      } finally {
        await loaded.log.close();
      }
    } catch (error) {
      await record('failed', (error as Error).message, started.job.id);
      throw error;
    }
  });
  return started;
}
