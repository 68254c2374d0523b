// What the replicator reports about itself (API, CLI): lag, last pass, failures, last
// verification and retention run.

import type { ReplicationLag } from './lag.js';
import type { RetentionReport } from './retention-run.js';
import type { PassReport } from './uploader.js';
import type { VerificationReport } from './verify.js';
import { describePass, failureKindOf, messageOf } from './describe.js';

export interface ReplicatorStatus {
  running: boolean;
  lag: ReplicationLag;
  lastPass?: { at: number; message: string; uploaded: number };
  /** Consecutive failed passes; 0 when the last pass succeeded. */
  consecutiveFailures: number;
  lastError?: { at: number; kind: string; message: string; retryInMs: number };
  /** `missed` is the cursor's record (newest 100 per component), the rest count since this process started. */
  totals: { uploaded: number; bytes: number; deltaSegments: number; alreadyPresent: number; missed: number; rejected: number; conflicts: number };
  lastVerification?: { at: number; ok: boolean; checked: number; failed: { component: string; seq: number; status: string; message: string }[] };
  lastRetention?: { at: number; deleted: number; kept: number };
  /** False once the store answered 501 to If-None-Match (Swift): check-then-put only. */
  conditionalPuts: boolean;
}

export class ReplicatorStatusTracker {
  failures = 0;
  retryInMs: number | undefined;
  /** First failure of the current run of failures. */
  failingSince: number | undefined;
  #lastPass: ReplicatorStatus['lastPass'];
  #lastError: ReplicatorStatus['lastError'];
  #lastVerification: ReplicatorStatus['lastVerification'];
  #lastRetention: ReplicatorStatus['lastRetention'];
  readonly #totals: ReplicatorStatus['totals'] = { uploaded: 0, bytes: 0, deltaSegments: 0, alreadyPresent: 0, missed: 0, rejected: 0, conflicts: 0 };
  readonly #bad = new Map<string, Set<number>>();

  passed(report: PassReport, at: number): void {
    this.failures = 0;
    this.retryInMs = undefined;
    this.failingSince = undefined;
    const created = report.uploaded.filter((item) => item.outcome === 'created');
    this.#totals.uploaded += created.length;
    this.#totals.bytes += created.reduce((sum, item) => sum + item.bytes, 0);
    const segments = report.deltas.filter((item) => item.outcome === 'created');
    this.#totals.deltaSegments += segments.length;
    this.#totals.bytes += segments.reduce((sum, item) => sum + item.bytes, 0);
    this.#totals.alreadyPresent += report.uploaded.length - created.length + report.deltas.length - segments.length;
    this.#totals.rejected += report.rejected.length;
    this.#totals.conflicts += report.conflicts.length;
    this.#lastPass = { at, message: describePass(report), uploaded: created.length + segments.length };
  }

  failed(error: unknown, at: number, retryInMs: number): void {
    this.failures++;
    this.retryInMs = retryInMs;
    this.failingSince ??= at;
    this.#lastError = { at, kind: failureKindOf(error), message: messageOf(error), retryInMs };
  }

  verified(report: VerificationReport): void {
    const failed = report.results.filter((result) => result.status !== 'ok' && result.status !== 'repaired');
    for (const result of failed) {
      const seqs = this.#bad.get(result.component) ?? new Set<number>();
      seqs.add(result.seq);
      this.#bad.set(result.component, seqs);
    }
    this.#lastVerification = { at: report.at, ok: report.ok, checked: report.checked, failed: failed.map(({ component, seq, status, message }) => ({ component, seq, status, message })) };
  }

  retained(report: RetentionReport): void {
    this.#lastRetention = { at: report.at, deleted: report.deleted.length, kept: report.kept };
  }

  /** Replicas a verification found damaged, per component: never counted as good by retention. */
  badReplicas(): ReadonlyMap<string, ReadonlySet<number>> {
    return this.#bad;
  }

  /** `missed`: from the cursor, where a gap retried after a failed PUT is counted once. */
  snapshot(lag: ReplicationLag, running: boolean, conditionalPuts: boolean, missed: number): ReplicatorStatus {
    const status: ReplicatorStatus = { running, lag, consecutiveFailures: this.failures, totals: { ...this.#totals, missed }, conditionalPuts };
    if (this.#lastPass !== undefined) status.lastPass = this.#lastPass;
    if (this.#lastError !== undefined) status.lastError = this.#lastError;
    if (this.#lastVerification !== undefined) status.lastVerification = this.#lastVerification;
    if (this.#lastRetention !== undefined) status.lastRetention = this.#lastRetention;
    return status;
  }
}
