// The replicator: its own process (or an object in any process) that watches a state
// directory and copies every committed generation to the bucket, from the slots and the outbox
// it creates. It never takes a component lock or writes a state file, so a save is never blocked
// or slowed by it. Failures back off with jitter; the cursor makes a restart resume where the
// last durable upload ended.

import { DEFAULT_BACKOFF, abortableSleep, backoffDelay } from './backoff.js';
import { defaultComponents } from './components.js';
import { Bucket } from './bucket.js';
import { createS3Client } from './config.js';
import type { CursorState } from './cursor.js';
import { loadCursor, saveCursor } from './cursor.js';
import { nodeFileSystem } from './fs-helpers.js';
import type { ReplicationLag } from './lag.js';
import { measureLag } from './lag.js';
import { OUTBOX_DIRECTORY, OUTBOX_NOTICE_MS, ensureOutbox } from './outbox.js';
import { RemoteCatalog } from './remote-catalog.js';
import { ReplicationJournal } from './replication-journal.js';
import type { ReplicationEvent } from './replication-journal.js';
import type { RetentionPolicy } from './retention.js';
import type { RetentionReport } from './retention-run.js';
import { applyRetention } from './retention-run.js';
import type { PassReport, UploadContext } from './uploader.js';
import { replicatePass } from './uploader.js';
import type { VerificationReport } from './verify.js';
import { describeVerification, verifyReplicas } from './verify.js';
import { ReplicatorStatusTracker } from './status.js';
import type { ReplicatorStatus } from './status.js';
import { describePass, lagRecord, messageOf } from './describe.js';
import type { ReplicatorOptions } from './replicator-options.js';

export type { ReplicatorOptions };

export class Replicator {
  readonly bucket: Bucket;
  readonly catalog: RemoteCatalog;
  readonly journal: ReplicationJournal;
  readonly #context: UploadContext;
  readonly #options: ReplicatorOptions;
  readonly #status: ReplicatorStatusTracker;
  #cursor: CursorState;
  #loop: Promise<void> | undefined;
  #stop: AbortController | undefined;
  #lastVerify = 0;
  #lastRetention = 0;
  #lastLagRecord = 0;
  #outboxReady = false;
  #outboxCreatedAt: number | undefined;
  #outboxError: string | undefined;
  /** Serialises passes, verifications and retention runs on the one cursor. */
  #chain: Promise<unknown> = Promise.resolve();

  private constructor(options: ReplicatorOptions, cursor: CursorState) {
    this.#options = options;
    const fs = options.fs ?? nodeFileSystem;
    const now = options.now ?? Date.now;
    this.bucket = new Bucket(options.client ?? createS3Client(options.target), options.target.bucket, options.conditionalPut);
    this.#context = { fs, directory: options.directory, keyring: options.keyring, bucket: this.bucket, scope: options.target, components: options.components ?? defaultComponents(), now };
    this.catalog = new RemoteCatalog(this.bucket, options.target);
    this.journal = new ReplicationJournal(options.directory, fs);
    this.#status = new ReplicatorStatusTracker();
    this.#cursor = cursor;
  }

  static async open(options: ReplicatorOptions): Promise<Replicator> {
    return new Replicator(options, await loadCursor(options.directory, options.target, options.fs ?? nodeFileSystem));
  }

  get cursor(): Readonly<CursorState> {
    return this.#cursor;
  }

  /** One pass: uploads everything above the cursor. Throws a StoreError when the store fails. */
  runOnce(): Promise<PassReport> {
    return this.#serial(async () => {
      try {
        if (!this.#outboxReady && this.#options.outbox !== false) await this.#ensureOutbox();
        const report = await replicatePass(this.#context, this.#cursor);
        // After failures, a pass is journaled even when idle: it is what tells a reader the failing ended.
        const recovered = this.#status.failures > 0;
        this.#status.passed(report, this.#context.now());
        if (recovered || report.uploaded.length + report.deltas.length + report.missed.length + report.rejected.length + report.conflicts.length > 0) {
          const warning = report.missed.length + report.rejected.length + report.conflicts.length > 0;
          this.#event({ time: this.#context.now(), kind: 'pass', outcome: warning ? 'warning' : 'ok', message: describePass(report), lag: await this.#lagSummary() });
        }
        return report;
      } catch (error) {
        const delay = backoffDelay(this.#status.failures + 1, this.#options.backoff ?? DEFAULT_BACKOFF);
        this.#status.failed(error, this.#context.now(), delay);
        this.#event({ time: this.#context.now(), kind: 'failure', outcome: 'failed', message: messageOf(error), lag: await this.#lagSummary(), detail: { consecutiveFailures: this.#status.failures, retryInMs: delay, failingSince: this.#status.failingSince ?? this.#context.now() } });
        throw error;
      }
    });
  }

  /** Restore-and-compare of the newest replica of each component (`all`: every object). */
  verify(options: { all?: boolean } = {}): Promise<VerificationReport> {
    return this.#serial(async () => {
      const report = await verifyReplicas(this.#context, this.catalog, this.#cursor, options);
      await saveCursor(this.#options.directory, this.#cursor, this.#context.fs);
      this.#status.verified(report);
      this.#event({ time: report.at, kind: 'verify', outcome: report.ok ? 'ok' : 'failed', message: describeVerification(report), detail: { checked: report.checked } });
      return report;
    });
  }

  applyRetention(policy: RetentionPolicy, options: { dryRun?: boolean } = {}): Promise<RetentionReport> {
    return this.#serial(async () => {
      const bad = this.#status.badReplicas();
      const report = await applyRetention(this.#context, this.catalog, this.#cursor, policy, { bad, dryRun: options.dryRun === true });
      this.#status.retained(report);
      this.#event({ time: this.#context.now(), kind: 'retention', outcome: 'ok', message: `${report.deleted.length} object(s) ${options.dryRun === true ? 'would be ' : ''}deleted, ${report.kept} kept` });
      return report;
    });
  }

  /** Slots and outbox against the cursor. */
  lag(): Promise<ReplicationLag> {
    return measureLag(this.#context.fs, this.#options.directory, this.#context.components, this.#cursor, this.#context.now());
  }

  async status(): Promise<ReplicatorStatus> {
    const missed = Object.values(this.#cursor.components).reduce((sum, component) => sum + component.missed.length, 0);
    return this.#status.snapshot(await this.lag(), this.#loop !== undefined, this.bucket.conditionalPuts, missed);
  }

  /** Runs passes until stop(): every pollMs, or after the backoff delay following a failure. */
  start(): void {
    if (this.#loop !== undefined) return;
    const stop = new AbortController();
    this.#stop = stop;
    this.#loop = this.#run(stop.signal);
  }

  async stop(): Promise<void> {
    this.#stop?.abort();
    await this.#loop;
    this.#loop = undefined;
    await this.#chain.catch(() => undefined);
  }

  async #run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let wait = this.#options.pollMs ?? 250;
      try {
        await this.runOnce();
        await this.#periodic();
        // Until running stores have noticed a new outbox, only the slots hold their generations: poll fast.
        if (this.#outboxCreatedAt !== undefined && this.#context.now() - this.#outboxCreatedAt < OUTBOX_NOTICE_MS * 1.5) wait = Math.min(wait, 20);
      } catch (error) {
        wait = this.#status.retryInMs ?? wait;
      }
      await abortableSleep(wait, signal);
    }
  }

  async #periodic(): Promise<void> {
    const now = this.#context.now();
    const lagEvery = this.#options.lagRecordEveryMs ?? 60_000;
    if (lagEvery > 0 && now - this.#lastLagRecord >= lagEvery) {
      this.#lastLagRecord = now;
      this.#event(lagRecord(await this.lag()));
    }
    const verifyEvery = this.#options.verifyEveryMs ?? 600_000;
    if (verifyEvery > 0 && now - this.#lastVerify >= verifyEvery) {
      this.#lastVerify = now;
      await this.verify();
    }
    const retention = this.#options.retention;
    if (retention !== undefined && now - this.#lastRetention >= retention.everyMs) {
      this.#lastRetention = now;
      await this.applyRetention(retention);
    }
  }

  /** A state directory where the outbox cannot be made still replicates from the slots: journaled once per distinct reason, retried every pass. */
  async #ensureOutbox(): Promise<void> {
    try {
      const outbox = await ensureOutbox(this.#context.fs, this.#options.directory);
      this.#outboxReady = outbox !== 'no-directory';
      if (outbox === 'created') this.#outboxCreatedAt = this.#context.now();
    } catch (error) {
      const message = `the outbox ${OUTBOX_DIRECTORY}/ could not be created, so generations that rotate off the slots between passes are missed: ${messageOf(error)}`;
      if (message !== this.#outboxError) this.#event({ time: this.#context.now(), kind: 'pass', outcome: 'warning', message });
      this.#outboxError = message;
    }
  }

  async #lagSummary(): Promise<Pick<ReplicationLag, 'seconds' | 'generations' | 'bytesPending'>> {
    const { seconds, generations, bytesPending } = await this.lag();
    return { seconds, generations, bytesPending };
  }

  #event(event: ReplicationEvent): void {
    void this.journal.append(event);
    this.#options.onEvent?.(event);
  }

  #serial<T>(action: () => Promise<T>): Promise<T> {
    const run = this.#chain.catch(() => undefined).then(action);
    this.#chain = run;
    return run;
  }
}
