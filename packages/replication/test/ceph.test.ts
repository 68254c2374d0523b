// Integration against a real distributed store: a single-node Ceph RADOS Gateway (mon +
// memstore OSD + radosgw on loopback) started by scripts/ceph-rgw.sh. Faults: the gateway goes
// away mid-replication and comes back; the replicator process is SIGKILLed mid-replication;
// objects are corrupted or deleted behind its back; credentials are wrong.

import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { StateDirectory, activePositionCodec, componentCodecs } from '@quantum/persistence-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bucket } from '../src/bucket.js';
import { md5Base64 } from '../src/digest.js';
import { ObjectConflictError, StoreError } from '../src/errors.js';
import { generationKey } from '../src/object-keys.js';
import { readReplicationStatus } from '../src/disk-status.js';
import { restoreFromBucket } from '../src/restore.js';
import type { Replicator } from '../src/replicator.js';
import type { CephGateway } from './support/ceph.js';
import { startCeph } from './support/ceph.js';
import { openReplicator } from './support/replicator.js';
import { expectComplete, remoteSeqs, waitFor } from './support/checks.js';
import { startReplicatorProcess } from './support/cli.js';
import { makeState, positionState } from './support/state.js';
import type { TestState } from './support/state.js';

let ceph: CephGateway | undefined;
let unavailable: string | undefined;

beforeAll(async () => {
  const started = await startCeph();
  if ('unavailable' in started) unavailable = started.unavailable;
  else ceph = started;
  if (unavailable !== undefined) process.stderr.write(`\nSKIPPING the Ceph RGW integration tests: ${unavailable}\n`);
}, 300_000);
afterAll(async () => {
  await ceph?.close();
}, 120_000);

async function setUp(bucket: string, options: { all?: boolean } = {}): Promise<{ state: TestState; replicator: Replicator; gateway: CephGateway }> {
  const gateway = ceph!;
  const state = await makeState();
  const replicator = await openReplicator({ target: () => gateway.target('agent-1', bucket) }, state, { ...options, pollMs: 20 });
  await replicator.bucket.ensureExists();
  return { state, replicator, gateway };
}

describe.skipIf(process.env['QUANTUM_SKIP_CEPH'] === '1')('replication against Ceph RGW', () => {
  it('replicates a SaveAll cut and restores it; the store refuses overwrites (412) and wrong Content-MD5', async (context) => {
    if (ceph === undefined) return context.skip();
    const { state, replicator } = await setUp('cut', { all: true });
    try {
      await state.saveCut(7);
      const report = await replicator.runOnce();
      // SaveAll writes its manifest twice (begin, complete): two Manifest generations.
      expect(report.uploaded).toHaveLength(componentCodecs.length + 2);
      expect((await replicator.verify()).ok).toBe(true);
      const key = generationKey({ prefix: 'quantum', installation: 'agent-1' }, 'ActivePosition', 1);
      const send = (input: Partial<ConstructorParameters<typeof PutObjectCommand>[0]>) => replicator.bucket.client.send(new PutObjectCommand({ Bucket: 'cut', Key: key, Body: 'other', ...input }));
      await expect(send({ IfNoneMatch: '*' })).rejects.toMatchObject({ $metadata: { httpStatusCode: 412 } });
      await expect(send({ Key: 'md5-check', ContentMD5: md5Base64(Buffer.from('not other')) })).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
      await expect(replicator.bucket.putImmutable(key, Buffer.from('other'), { sha256: 'f'.repeat(64) })).rejects.toBeInstanceOf(ObjectConflictError);
      // Without the HEAD first, the store's 412 is what finds the existing object.
      const trusted = new Bucket(replicator.bucket.client, 'cut', 'trusted');
      await expect(trusted.putImmutable(key, Buffer.from('other'), { sha256: 'f'.repeat(64) })).rejects.toBeInstanceOf(ObjectConflictError);
      const existing = (await replicator.bucket.get(key))!;
      expect(await trusted.putImmutable(key, existing.bytes, { sha256: existing.facts.metadata['sha256']! })).toBe('already-present');

      const directory = join(state.root, 'restored');
      const restored = await restoreFromBucket({ bucket: replicator.bucket, scope: { prefix: 'quantum', installation: 'agent-1' }, keyring: state.keyring, directory, point: { kind: 'latest-cut' } });
      expect(restored.cut?.cutId).toBe(1);
      const loaded = await (await StateDirectory.open({ directory, keyring: state.keyring, reserveBytes: 0 })).load(activePositionCodec);
      expect(loaded.state).toEqual(positionState(7));
    } finally {
      await state.cleanup();
    }
  });

  it('keeps replicating across a gateway outage: failures reported, backoff, nothing missing afterwards', async (context) => {
    if (ceph === undefined) return context.skip();
    const { state, replicator, gateway } = await setUp('outage');
    try {
      await replicator.runOnce(); // creates the outbox before the first save
      replicator.start();
      await state.savePosition(1);
      await waitFor(async () => (await remoteSeqs(replicator)).length === 1, 'the first upload');
      for (let ticket = 2; ticket <= 5; ticket++) await state.savePosition(ticket);
      await waitFor(async () => (await replicator.lag()).generations === 0, 'the first uploads');
      await gateway.stopGateway();
      for (let ticket = 6; ticket <= 12; ticket++) await state.savePosition(ticket);
      await waitFor(async () => (await replicator.status()).consecutiveFailures >= 2, 'failures to be reported');
      const failing = await replicator.status();
      expect(failing.lastError?.kind).toBe('unreachable');
      expect(failing.lag.generations).toBeGreaterThan(0);
      await gateway.startGateway();
      await state.savePosition(13);
      await waitFor(async () => (await replicator.lag()).generations === 0, 'catching up after the outage');
      await replicator.stop();
      expect((await replicator.status()).consecutiveFailures).toBe(0);
      // The outbox held what rotated off the slots during the outage: nothing missed.
      await expectComplete(state, replicator, { missedAllowed: false });
    } finally {
      await replicator.stop();
      await state.cleanup();
    }
  });

  it('resumes after the replicator process is SIGKILLed mid-replication, without duplicates or gaps', async (context) => {
    if (ceph === undefined) return context.skip();
    const { state, replicator, gateway } = await setUp('killed');
    const startChild = () => startReplicatorProcess(state, gateway.target('agent-1', 'killed'), ['--poll-ms', '5', '--trust-conditional-put']);
    try {
      // The child must be replicating before the first save: generations older than its first pass are history it never saw.
      const first = await startChild();
      await waitFor(async () => (await readReplicationStatus(state.directory)).outbox, () => `the first child to create the outbox; its output:\n${first.output()}`);
      await state.savePosition(1);
      await waitFor(async () => (await remoteSeqs(replicator)).length === 1, () => `the first child to upload seq 1; its output:\n${first.output()}`);
      await first.kill('SIGKILL');
      for (let round = 0; round < 3; round++) {
        const before = (await remoteSeqs(replicator)).length;
        const child = await startChild();
        for (let ticket = 1; ticket <= 8; ticket++) await state.savePosition(round * 100 + ticket);
        await waitFor(async () => (await remoteSeqs(replicator)).length > before, () => `the child to upload something; its output:\n${child.output()}`);
        await child.kill('SIGKILL');
      }
      const final = await startChild();
      await waitFor(async () => {
        const fresh = await openReplicator({ target: () => gateway.target('agent-1', 'killed') }, state);
        return (await fresh.lag()).generations === 0;
      }, () => `the restarted child to catch up; its output:\n${final.output()}`);
      await final.kill('SIGTERM');
      const after = await openReplicator({ target: () => gateway.target('agent-1', 'killed') }, state);
      await expectComplete(state, after, { missedAllowed: false });
    } finally {
      await state.cleanup();
    }
  });

  it('detects objects corrupted or deleted behind its back, and reports wrong credentials clearly', async (context) => {
    if (ceph === undefined) return context.skip();
    const { state, replicator, gateway } = await setUp('tamper');
    try {
      await state.savePosition(1);
      await state.savePosition(2);
      await replicator.runOnce();
      const scope = { prefix: 'quantum', installation: 'agent-1' };
      const tampered = generationKey(scope, 'ActivePosition', 2);
      const original = (await replicator.bucket.get(tampered))!;
      const altered = Buffer.from(original.bytes);
      altered.writeUInt8(altered.readUInt8(90) ^ 1, 90);
      await replicator.bucket.client.send(new PutObjectCommand({ Bucket: 'tamper', Key: tampered, Body: altered, Metadata: original.facts.metadata }));
      await replicator.bucket.delete(generationKey(scope, 'ActivePosition', 1));
      const report = await replicator.verify({ all: true });
      expect(report.ok).toBe(false);
      expect(report.results.map((result) => [result.seq, result.status])).toEqual([[1, 'repaired'], [2, 'digest-mismatch']]);
      const newest = await replicator.verify({ all: false });
      expect(newest.results.map((result) => result.status)).toEqual(['digest-mismatch']);

      const wrong = await openReplicator({ target: () => ({ ...gateway.target('agent-1', 'tamper'), credentials: { accessKeyId: 'testkey', secretAccessKey: 'wrong' } }) }, state);
      await state.savePosition(3);
      const failure = await wrong.runOnce().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(StoreError);
      expect(['credentials', 'access-denied']).toContain((failure as StoreError).failure);
      expect((failure as StoreError).message).toMatch(/credentials/);
      expect((await wrong.status()).lastError?.message).toMatch(/credentials/);
      // The console reads the same from the directory alone.
      expect((await readReplicationStatus(state.directory)).lastError?.message).toMatch(/credentials/);
    } finally {
      await state.cleanup();
    }
  });
});
