// Rebuilds a state directory from the bucket with nothing but the keyring and the bucket's
// credentials. The whole plan is downloaded and verified first; only then is anything written,
// into a directory that must not exist or be empty. With `replaceExisting`, an existing
// directory is renamed aside (`<dir>.before-restore-<ms>`), never written over in place.

import { basename, dirname, join } from 'node:path';
import type { AnyComponentCodec, FileSystem, Keyring } from '@quantum/persistence-core';
import { componentCodecs } from '@quantum/persistence-core';
import type { Bucket } from './bucket.js';
import { RestoreRefusedError } from './errors.js';
import { nodeFileSystem, writeFileDurably } from './fs-helpers.js';
import type { KeyScope } from './object-keys.js';
import { RemoteCatalog } from './remote-catalog.js';
import type { RestorePoint } from './restore-plan.js';
import { planRestore } from './restore-plan.js';

export interface RestoreOptions {
  bucket: Bucket;
  scope: KeyScope;
  keyring: Keyring;
  directory: string;
  point: RestorePoint;
  replaceExisting?: boolean;
  codecs?: readonly AnyComponentCodec[];
  fs?: FileSystem;
  now?: () => number;
}

export interface RestoreReport {
  directory: string;
  point: RestorePoint;
  cut?: { cutId: number; completedAt: number };
  files: { component: string; seq: number; savedAt: number; file: string; bytes: number; sha256: string; key: string; deltaRecords?: number }[];
  /** Where an existing directory was moved, with replaceExisting. */
  movedAside?: string;
  warnings: string[];
}

export async function restoreFromBucket(options: RestoreOptions): Promise<RestoreReport> {
  const fs = options.fs ?? nodeFileSystem;
  const now = options.now ?? Date.now;
  const existing = await fs.stat(options.directory);
  const occupied = existing !== undefined && (!existing.isDirectory || (await fs.readdir(options.directory)).length > 0);
  if (occupied && options.replaceExisting !== true) {
    throw new RestoreRefusedError('the target exists and is not empty; nothing was written (pass replaceExisting / --replace to move it aside)', { file: options.directory });
  }
  const catalog = new RemoteCatalog(options.bucket, options.scope);
  const plan = await planRestore({ bucket: options.bucket, catalog, scope: options.scope, keyring: options.keyring, codecs: options.codecs ?? componentCodecs }, options.point);

  const report: RestoreReport = { directory: options.directory, point: options.point, files: [], warnings: plan.warnings };
  if (plan.cut !== undefined) report.cut = plan.cut;
  if (occupied) {
    report.movedAside = `${options.directory}.before-restore-${now()}`;
    await fs.rename(options.directory, report.movedAside);
    await fs.syncDirectory(dirname(options.directory));
  }
  await fs.mkdir(options.directory, 0o700);
  await fs.syncDirectory(dirname(options.directory));
  for (const { codec, object, deltas } of plan.chosen) {
    const path = join(options.directory, codec.fileName);
    await writeFileDurably(fs, path, object.bytes);
    if (deltas !== undefined) await writeFileDurably(fs, `${path}.delta`, deltas.bytes);
    report.files.push({
      component: codec.name, seq: object.header.seq, savedAt: object.header.savedAt, file: basename(path), bytes: object.bytes.byteLength, sha256: object.sha256, key: object.key,
      ...(deltas === undefined ? {} : { deltaRecords: deltas.records }),
    });
  }
  await fs.syncDirectory(options.directory);
  return report;
}
