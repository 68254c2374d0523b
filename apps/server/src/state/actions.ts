// Restore, migrate: dry runs that check and change nothing, and jobs that go through the store's
// durable save path under the component lock. Every attempt is written to the audit log.

import type { DryRunResult, CheckResult, Job } from '@quantum/api-contract';
import type { ComponentCodec, GenerationName } from '@quantum/persistence-core';
import { GENERATIONS, HeaderFlag, restorePinned } from '@quantum/persistence-core';
import type { Principal } from '../auth/token-store.js';
import { badRequest, gone } from '../errors.js';
import type { AuditLog } from './audit-log.js';
import type { ConsoleState } from './console-state.js';
import type { JobRunner } from './jobs.js';

type Codec = ComponentCodec<unknown>;

interface Target {
  generation: GenerationName | 'pinned' | 'remote';
  seq: number;
  label: string;
  /** A remote generation's decoded state, verified before the restore starts. */
  state?: unknown;
}

/** A generation from outside the state directory (the replication bucket): `read` downloads, verifies and decodes it. */
export interface ExternalGeneration {
  ref: string;
  seq: number;
  label: string;
  read: () => Promise<unknown>;
}

const sourceOf = (target: Target | undefined) => (target?.generation === 'remote' ? { source: 'remote' as const } : {});

export class Actions {
  constructor(
    readonly state: ConsoleState,
    readonly jobs: JobRunner,
    readonly audit: AuditLog,
  ) {}

  /** Where `ref` is now: a chain generation (verified) or a pin, and its seq. */
  async #resolve(codec: Codec, ref: string): Promise<Target> {
    if (!ref.startsWith('pin-')) {
      for (const generation of GENERATIONS) {
        const { report } = await this.state.examine(codec, generation);
        if (report.status !== 'valid' || report.seq === undefined) continue;
        if (ref === generation || ref === `seq-${report.seq}`) return { generation, seq: report.seq, label: `${generation} (seq ${report.seq})` };
      }
    }
    if (ref.startsWith('seq-') || ref.startsWith('pin-')) {
      const seq = Number(ref.slice(4));
      // Opening verifies the pinned copy (header, key, HMAC, decode).
      const opened = await this.state.open(codec, `pin-${seq}`);
      return { generation: 'pinned', seq: opened.entry.seq, label: `pinned copy of seq ${seq}` };
    }
    throw badRequest('GENERATION_UNUSABLE', `${codec.name} ${ref} is missing or failed verification; only a verified generation can be restored`);
  }

  async #restoreChecks(codec: Codec, ref: string, external?: ExternalGeneration): Promise<{ checks: CheckResult[]; target?: Target }> {
    const checks: CheckResult[] = [];
    let target: Target | undefined;
    try {
      target = external === undefined ? await this.#resolve(codec, ref) : { generation: 'remote', seq: external.seq, label: external.label, state: await external.read() };
      checks.push({ check: 'verified', ok: true, detail: `${target.label} verifies with this keyring` });
    } catch (error) {
      checks.push({ check: 'verified', ok: false, detail: (error as Error).message });
      return { checks };
    }
    const current = await this.state.examine(codec, 'current');
    const notCurrent = target.generation !== 'current';
    checks.push({ check: 'not-current', ok: notCurrent, detail: notCurrent ? `current is seq ${current.report.seq ?? 'none'}` : 'it is already the current generation' });
    const size = current.report.sizeBytes ?? 0;
    const space = await this.state.store.space();
    const needed = size + this.state.store.reserveBytes;
    checks.push({ check: 'disk-space', ok: space.freeBytes >= needed, detail: `${space.freeBytes} bytes free, about ${needed} needed with the reserve` });
    return { checks, target };
  }

  async dryRunRestore(codec: Codec, ref: string, who: Principal, external?: ExternalGeneration): Promise<DryRunResult> {
    const { checks } = await this.#restoreChecks(codec, ref, external);
    const wouldSucceed = checks.every((check) => check.ok);
    await this.audit.append({ time: this.state.now(), actor: who.name, role: who.role, action: 'restore', component: codec.name, generation: ref, ...(external ? { seq: external.seq, source: 'remote' as const } : {}), dryRun: true, outcome: wouldSucceed ? 'succeeded' : 'failed', detail: checks.map((c) => `${c.check}: ${c.detail}`).join('; ') });
    return { dryRun: true, component: codec.name, action: 'restore', wouldSucceed, checks };
  }

  /** Starts a restore job; failures of the checks are audited and answered as 4xx. */
  async restore(codec: Codec, ref: string, who: Principal, reason?: string, external?: ExternalGeneration): Promise<{ job: Job; done: Promise<Job> }> {
    const { checks, target } = await this.#restoreChecks(codec, ref, external);
    const failed = checks.find((check) => !check.ok);
    if (failed !== undefined || target === undefined) {
      await this.audit.append({ time: this.state.now(), actor: who.name, role: who.role, action: 'restore', component: codec.name, generation: ref, ...(external ? { seq: external.seq, source: 'remote' as const } : {}), dryRun: false, outcome: 'failed', detail: `refused: ${failed?.check ?? 'verified'}: ${failed?.detail ?? ''}` });
      throw badRequest('RESTORE_REFUSED', `restore refused: ${failed?.detail ?? 'no such generation'}`);
    }
    const started = this.jobs.start({ kind: 'restore', component: codec.name, generation: ref, actor: who.name }, async (job) => {
      job.step('checked', checks.map((check) => check.detail).join('; '), 0.2);
      job.step('lock', `waiting for the ${codec.name} lock, then saving seq ${target.seq} as the new current generation`, 0.3);
      try {
        const result =
          target.generation === 'remote'
            ? await this.state.store.save(codec, target.state, { unguarded: true, flags: HeaderFlag.RESTORED })
            : target.generation === 'pinned'
              ? await restorePinned(this.state.store, codec, target.seq)
              : await this.state.store.restore(codec, target.generation, { expectedSeq: target.seq });
        job.step('saved', `current is now seq ${result.seq} (content of seq ${target.seq}); the replaced state is ${codec.fileName}.bak`, 0.8);
        job.step('verified', await this.#verifyRestored(codec, result.seq), 1);
        await this.audit.append({ time: this.state.now(), actor: who.name, role: who.role, action: 'restore', component: codec.name, generation: ref, seq: target.seq, ...sourceOf(target), dryRun: false, outcome: 'succeeded', detail: `${reason ? `${reason}; ` : ''}new current seq ${result.seq}`, jobId: started.job.id });
        return { seq: result.seq, bytes: result.bytes, durationMs: result.durationMs };
      } catch (error) {
        await this.audit.append({ time: this.state.now(), actor: who.name, role: who.role, action: 'restore', component: codec.name, generation: ref, seq: target.seq, ...sourceOf(target), dryRun: false, outcome: 'failed', detail: (error as Error).message, jobId: started.job.id });
        throw error;
      }
    });
    return started;
  }

  /** The restored generation verifies, wherever a running agent's saves have rotated it since (not whatever is current now). */
  async #verifyRestored(codec: Codec, seq: number): Promise<string> {
    for (const generation of GENERATIONS) {
      const { report } = await this.state.examine(codec, generation);
      if (report.seq !== seq) continue;
      if (report.status !== 'valid') throw new Error(`the restored generation (seq ${seq}, now ${generation}) does not verify: ${report.reason ?? 'unknown'}`);
      return generation === 'current' ? `current (seq ${seq}) verifies` : `seq ${seq} (now ${generation}: newer saves followed it) verifies`;
    }
    throw new Error(`the restored generation (seq ${seq}) is not in the chain any more and could not be verified`);
  }

  async #migrationChecks(codec: Codec): Promise<{ checks: CheckResult[]; seq?: number }> {
    const { report } = await this.state.examine(codec, 'current');
    const checks: CheckResult[] = [];
    checks.push({ check: 'verified', ok: report.status === 'valid', detail: report.status === 'valid' ? `current is seq ${report.seq}` : `current is ${report.status}` });
    checks.push({ check: 'pending-migration', ok: report.pendingMigration === true, detail: report.pendingMigration ? `schema v${report.schemaVersion} -> v${codec.schemaVersion}` : `current already has schema v${report.schemaVersion ?? '?'}` });
    return { checks, ...(report.seq !== undefined ? { seq: report.seq } : {}) };
  }

  async migrate(codec: Codec, who: Principal, dryRun: boolean): Promise<DryRunResult | { job: Job; done: Promise<Job> }> {
    const { checks, seq } = await this.#migrationChecks(codec);
    const wouldSucceed = checks.every((check) => check.ok);
    const audit = (outcome: 'succeeded' | 'failed', detail: string, jobId?: string) =>
      this.audit.append({ time: this.state.now(), actor: who.name, role: who.role, action: 'migrate', component: codec.name, generation: 'current', ...(seq !== undefined ? { seq } : {}), dryRun, outcome, detail, ...(jobId ? { jobId } : {}) });
    if (dryRun || !wouldSucceed) {
      await audit(wouldSucceed ? 'succeeded' : 'failed', checks.map((c) => `${c.check}: ${c.detail}`).join('; '));
      if (!dryRun) throw badRequest('MIGRATION_REFUSED', `migration refused: ${checks.find((c) => !c.ok)?.detail ?? ''}`);
      return { dryRun: true, component: codec.name, action: 'migrate', wouldSucceed, checks };
    }
    const started = this.jobs.start({ kind: 'migrate', component: codec.name, generation: 'current', actor: who.name }, async (job) => {
      try {
        job.step('read', `reading and migrating seq ${seq}`, 0.3);
        const { state } = await this.state.store.read(codec, 'current');
        const result = await this.state.store.save(codec, state, { ...(seq !== undefined ? { expectedSeq: seq } : {}) });
        job.step('saved', `saved as seq ${result.seq} with schema v${codec.schemaVersion}`, 1);
        await audit('succeeded', `new current seq ${result.seq}`, started.job.id);
        return { seq: result.seq, bytes: result.bytes, durationMs: result.durationMs };
      } catch (error) {
        await audit('failed', (error as Error).message, started.job.id);
        throw error;
      }
    });
    return started;
  }
}
