/// <reference path="../../../../packages/replication/test/support/s3rver-module.d.ts" />
// An in-process s3rver (loopback, port 0, temp dir) and the console app built with a bucket over
// a fixture's state directory, plus a real Replicator of @quantum/replication writing its
// cursor and journal there. s3rver only uses DES (the reason the replication package runs its
// tests with --openssl-legacy-provider) for continuation tokens of listings over 1000 keys,
// which these tests never reach.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import S3rver from 's3rver';
import { componentCodecs } from '@quantum/persistence-core';
import { Bucket, Replicator, createS3Client } from '@quantum/replication';
import type { ReplicationTarget } from '@quantum/replication';
import { buildApp } from '../../src/app.js';
import { TokenStore } from '../../src/auth/token-store.js';
import type { ReplicationSettings } from '../../src/replication/settings.js';
import { ConsoleState } from '../../src/state/console-state.js';
import type { Fixture } from './fixture.js';

export const EMULATOR_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface Emulator {
  endpoint: string;
  directory: string;
  close(): Promise<void>;
}

export async function startEmulator(): Promise<Emulator> {
  const directory = await mkdtemp(join(tmpdir(), 'qs-server-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    directory,
    close: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** s3rver keeps each object as `<bucket>/<key>._S3rver_object`. */
export const objectFile = (emulator: Emulator, bucket: string, key: string): string => join(emulator.directory, bucket, `${key}._S3rver_object`);

export function settingsFor(emulator: Emulator, bucket: string, installation?: string): ReplicationSettings {
  return { bucket, prefix: 'quantum', region: 'us-east-1', endpoint: emulator.endpoint, credentials: EMULATOR_CREDENTIALS, requestTimeoutMs: 5000, ...(installation === undefined ? {} : { installation }) };
}

export async function createBucket(settings: ReplicationSettings): Promise<void> {
  await new Bucket(createS3Client(settings), settings.bucket).ensureExists();
}

/** A replicator of the fixture's directory into the bucket (not started: the test runs passes). */
export async function openReplicator(fx: Fixture, settings: ReplicationSettings, installation: string): Promise<Replicator> {
  const target: ReplicationTarget = { ...settings, installation, credentials: EMULATOR_CREDENTIALS };
  // The keyring crosses from the sources (fixture) to the package's dist: the same shape.
  return Replicator.open({ directory: fx.directory, keyring: fx.keyring as never, target });
}

export interface ReplicationApp {
  app: FastifyInstance;
  get(url: string, role?: 'viewer' | 'operator'): Promise<LightMyRequestResponse>;
  post(url: string, body: unknown, role?: 'viewer' | 'operator', headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

/** The console over the fixture's directory, with `settings` as its bucket (undefined: not configured). */
export async function buildReplicationApp(fx: Fixture, settings: ReplicationSettings | undefined, others: Fixture[] = []): Promise<ReplicationApp> {
  const { store: tokens } = await TokenStore.open(join(fx.root, 'config', 'console-tokens.json'));
  const app = await buildApp({
    state: new ConsoleState({ store: fx.store, codecs: componentCodecs }),
    tokens,
    auditLogPath: join(fx.root, 'config', 'console-audit.ndjson'),
    feedIntervalMs: 20,
    replication: settings === undefined ? {} : { settings },
    installations: others.map((other, i) => ({ id: `other-${i + 1}`, state: new ConsoleState({ store: other.store, codecs: componentCodecs }), auditLogPath: join(other.root, 'config', 'console-audit.ndjson') })),
  });
  await app.ready();
  const auth = (role: 'viewer' | 'operator'): Record<string, string> => ({ authorization: `Bearer ${fx.tokens[role]}` });
  return {
    app,
    get: (url, role = 'viewer') => app.inject({ method: 'GET', url, headers: auth(role) } as InjectOptions),
    post: (url, body, role = 'operator', headers = {}) =>
      app.inject({ method: 'POST', url, headers: { ...auth(role), 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) } as InjectOptions),
  };
}
