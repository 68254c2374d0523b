// Opens every configured installation: its key file, its state directory (local) or its
// materialized copy of the bucket (bucket), and the console's view of it.

import { join } from 'node:path';
import { StateDirectory, componentCodecs, openKeyring, readKeyring } from '@quantum/persistence-core';
import type { Keyring } from '@quantum/persistence-core';
import { Bucket, createS3Client, targetFromEnv } from '@quantum/replication';
import type { InstallationOptions } from '../plugins/services.js';
import { ConsoleState } from '../state/console-state.js';
import { BucketMirror } from './bucket-mirror.js';
import type { InstallationConfig } from './config.js';

export interface OpenOptions {
  installations: readonly InstallationConfig[];
  cacheBytes: number;
  /** The demo creates its key file; a real installation's must exist. */
  createKeyring?: (installation: InstallationConfig) => boolean;
  mirrorDirectory: string;
  mirrorRefreshMs: number;
  env?: NodeJS.ProcessEnv;
  onMirrorError?: (id: string, error: unknown) => void;
}

export interface OpenInstallations {
  installations: InstallationOptions[];
  mirrors: Map<string, BucketMirror>;
}

export const MIRROR_READ_ONLY = 'it is a read-only copy of the replication bucket; change the installation itself, or restore it from the bucket with the replication CLI';

export async function openInstallations(options: OpenOptions): Promise<OpenInstallations> {
  const keyrings = new Map<string, Promise<Keyring>>();
  const keyringOf = (installation: InstallationConfig): Promise<Keyring> => {
    let keyring = keyrings.get(installation.keyringPath);
    if (keyring === undefined) {
      keyring = options.createKeyring?.(installation) === true ? openKeyring(installation.keyringPath).then((opened) => opened.keyring) : readKeyring(installation.keyringPath);
      keyrings.set(installation.keyringPath, keyring);
    }
    return keyring;
  };
  let bucket: { bucket: Bucket; prefix: string } | undefined;
  const bucketOf = (name: string): { bucket: Bucket; prefix: string } => {
    if (bucket === undefined) {
      const env = options.env ?? process.env;
      if ((env['QUANTUM_S3_BUCKET'] ?? '') === '') throw new Error(`bucket installation ${name} needs the replication bucket: set QUANTUM_S3_BUCKET (and QUANTUM_S3_ENDPOINT, QUANTUM_S3_PREFIX for a non-AWS store)`);
      const target = targetFromEnv(env, { installation: name });
      bucket = { bucket: new Bucket(createS3Client(target), target.bucket), prefix: target.prefix };
    }
    return bucket;
  };

  const opened: OpenInstallations = { installations: [], mirrors: new Map() };
  for (const installation of options.installations) {
    const keyring = await keyringOf(installation);
    let directory: string;
    let mirror: BucketMirror | undefined;
    if (installation.kind === 'local') {
      directory = installation.stateDirectory;
    } else {
      const { bucket: reached, prefix } = bucketOf(installation.bucketInstallation);
      mirror = new BucketMirror({
        bucket: reached,
        scope: { prefix, installation: installation.bucketInstallation },
        keyring,
        root: join(options.mirrorDirectory, installation.id),
        refreshMs: options.mirrorRefreshMs,
        onError: (error) => options.onMirrorError?.(installation.id, error),
      });
      opened.mirrors.set(installation.id, mirror);
      directory = mirror.stateDirectory;
    }
    const store = await StateDirectory.open({ directory, keyring });
    opened.installations.push({
      id: installation.id,
      kind: installation.kind,
      state: new ConsoleState({ store, codecs: componentCodecs, cacheBytes: options.cacheBytes }),
      auditLogPath: installation.auditLogPath,
      ...(mirror !== undefined ? { readOnly: MIRROR_READ_ONLY, mirror: () => mirror.status } : {}),
    });
  }
  return opened;
}
