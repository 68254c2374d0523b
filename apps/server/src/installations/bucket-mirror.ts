// A bucket installation as the console sees it: the newest complete SaveAll cut of that
// installation, downloaded and verified by @quantum/replication's restore into a private
// staging directory, then moved file by file (rename) into the directory the console reads.
// Refreshed periodically; a failed refresh keeps the previous copy and says why.

import { readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { InstallationMirror } from '@quantum/api-contract';
import type { Keyring } from '@quantum/persistence-core';
import { manifestCodec } from '@quantum/persistence-core';
import type { Bucket, KeyScope } from '@quantum/replication';
import { RemoteCatalog, restoreFromBucket } from '@quantum/replication';

export interface BucketMirrorOptions {
  bucket: Bucket;
  scope: KeyScope;
  keyring: Keyring;
  /** Private to this mirror: holds `state/` (served) and short-lived `staging-*` directories. */
  root: string;
  refreshMs: number;
  onError?: (error: unknown) => void;
  now?: () => number;
}

export class BucketMirror {
  readonly stateDirectory: string;
  readonly #options: BucketMirrorOptions;
  readonly #now: () => number;
  #status: InstallationMirror;
  /** Seq of the manifest of the cut shown now: when it is still the newest in the bucket, nothing is downloaded. */
  #manifestSeq: number | undefined;
  #timer: NodeJS.Timeout | undefined;
  /** Staging directories of a server killed mid-refresh are removed once, before the first refresh. */
  #leftoversRemoved = false;
  #running: Promise<void> | undefined;

  constructor(options: BucketMirrorOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.stateDirectory = join(options.root, 'state');
    this.#status = { bucketInstallation: options.scope.installation, refreshIntervalMs: options.refreshMs };
  }

  get status(): InstallationMirror {
    return this.#status;
  }

  /** One refresh at a time; a caller arriving during one waits for it. */
  refresh(): Promise<void> {
    this.#running ??= this.#refresh().finally(() => (this.#running = undefined));
    return this.#running;
  }

  start(): void {
    if (this.#timer !== undefined) return;
    const tick = (): void => {
      this.#timer = setTimeout(() => void this.refresh().finally(() => this.#timer !== undefined && tick()), this.#options.refreshMs);
      this.#timer.unref();
    };
    tick();
  }

  async stop(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  async #refresh(): Promise<void> {
    const { bucket, scope, keyring, root } = this.#options;
    const staging = join(root, `staging-${this.#now()}`);
    try {
      if (!this.#leftoversRemoved) {
        for (const name of await readdir(root)) if (name.startsWith('staging-')) await rm(join(root, name), { recursive: true, force: true });
        this.#leftoversRemoved = true;
      }
      const manifests = await new RemoteCatalog(bucket, scope).generations(manifestCodec.name);
      const newest = manifests[manifests.length - 1]?.seq;
      if (newest !== undefined && newest === this.#manifestSeq) {
        this.#status = withoutError({ ...this.#status, refreshedAt: this.#now() });
        return;
      }
      const report = await restoreFromBucket({ bucket, scope, keyring, directory: staging, point: { kind: 'latest-cut' } });
      await this.#install(staging);
      // The cut restored, not the newest manifest listed: a newest cut still missing members is tried again next time.
      this.#manifestSeq = report.files.find((file) => file.component === manifestCodec.name)?.seq;
      this.#status = withoutError({
        ...this.#status,
        refreshedAt: this.#now(),
        ...(report.cut !== undefined ? { cutId: report.cut.cutId, cutCompletedAt: report.cut.completedAt } : {}),
      });
    } catch (error) {
      this.#status = { ...this.#status, lastError: `refresh from the bucket failed: ${(error as Error).message}` };
      this.#options.onError?.(error);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  /** Each file replaced by one rename (a reader sees the old file or the new one); files of the old cut only are removed. */
  async #install(staging: string): Promise<void> {
    const incoming = new Set(await readdir(staging));
    for (const name of incoming) await rename(join(staging, name), join(this.stateDirectory, name));
    for (const name of await readdir(this.stateDirectory)) {
      if (incoming.has(name)) continue;
      const path = join(this.stateDirectory, name);
      if ((await stat(path)).isFile()) await rm(path, { force: true });
    }
  }
}

function withoutError(status: InstallationMirror): InstallationMirror {
  const { lastError: _cleared, ...rest } = status;
  return rest;
}
