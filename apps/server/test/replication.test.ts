// Replication in the console over real HTTP routes (inject), a real s3rver and a real Replicator
// writing its cursor and journal into a real state directory: the status and /metrics, the
// bucket's generations, a remote preview (and a corrupted object), a remote restore through
// the restore job with its audit entry, and who may do it.

import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditPage, DryRunResult, Job, RemoteGenerationList, RemoteRestorePreview, ReplicationStatus } from '@quantum/api-contract';
import { entryAgentCodec, exitAgentCodec, pinGeneration } from '@quantum/persistence-core';
import { Bucket, createS3Client, generationKey } from '@quantum/replication';
import { createFixture, type Fixture } from './support/fixture.js';
import { waitForJob } from './support/jobs.js';
import type { Emulator, ReplicationApp } from './support/replication-fixture.js';
import { replicationFromEnv } from '../src/replication/settings.js';
import { buildReplicationApp, createBucket, objectFile, openReplicator, settingsFor, startEmulator } from './support/replication-fixture.js';

const INSTALLATION = 'agent-7';
let emulator: Emulator;
let bucketNumber = 0;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => emulator.close());

describe('replication settings from the environment', () => {
  it('are absent without a bucket, take the replicator defaults, and never read credentials', () => {
    expect(replicationFromEnv({})).toBeUndefined();
    expect(replicationFromEnv({ QUANTUM_S3_BUCKET: '' })).toBeUndefined();
    expect(replicationFromEnv({ QUANTUM_S3_BUCKET: 'b', AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 'secret' })).toEqual({ bucket: 'b', prefix: 'quantum', region: 'us-east-1' });
    expect(replicationFromEnv({ QUANTUM_S3_BUCKET: 'b', QUANTUM_S3_PREFIX: 'p', QUANTUM_S3_ENDPOINT: 'http://127.0.0.1:7480', AWS_DEFAULT_REGION: 'eu-west-1', QUANTUM_INSTALLATION: 'desk-1' })).toEqual({
      bucket: 'b',
      prefix: 'p',
      endpoint: 'http://127.0.0.1:7480',
      region: 'eu-west-1',
      installation: 'desk-1',
    });
    expect(() => replicationFromEnv({ QUANTUM_S3_BUCKET: 'b', QUANTUM_INSTALLATION: '../etc' })).toThrow(/installation "\.\.\/etc" must be/);
  });
});

describe('replication not configured', () => {
  let fx: Fixture;
  let api: ReplicationApp;
  beforeEach(async () => {
    fx = await createFixture({ generations: 1 });
    api = await buildReplicationApp(fx, undefined);
  });
  afterEach(async () => {
    await api.app.close();
    await fx.close();
  });

  it('says so with 200, lists nothing, refuses remote previews and restores with 409', async () => {
    const status = await api.get('/api/replication');
    expect(status.statusCode).toBe(200);
    expect(status.json<ReplicationStatus>()).toEqual({ configured: false, message: expect.stringContaining('replication not configured') });
    const list = await api.get('/api/components/EntryAgent/remote-generations');
    expect(list.json<RemoteGenerationList>()).toMatchObject({ configured: false, total: 0, generations: [] });
    const preview = await api.post('/api/components/EntryAgent/remote-generations/1/preview', {});
    expect(preview.statusCode).toBe(409);
    expect(preview.json()).toMatchObject({ code: 'REPLICATION_NOT_CONFIGURED' });
    expect((await api.post('/api/components/EntryAgent/remote-generations/1/restore', {})).statusCode).toBe(409);
    const metrics = (await api.get('/metrics')).body;
    expect(metrics).toContain('quantum_replication_configured{installation="default"} 0');
    expect(metrics).not.toMatch(/^quantum_replication_lag_seconds\{/m);
  });
});

describe('replication failing', () => {
  it('reports consecutive failures and the last error when the bucket does not exist; a listing names the store failure', async () => {
    const fx = await createFixture({ generations: 1 });
    const settings = settingsFor(emulator, 'no-such-bucket', INSTALLATION);
    const replicator = await openReplicator(fx, settings, INSTALLATION);
    await expect(replicator.runOnce()).rejects.toThrow(/no-bucket|NoSuchBucket|does not exist/i);
    await expect(replicator.runOnce()).rejects.toThrow();
    await replicator.stop();
    const api = await buildReplicationApp(fx, settings);
    try {
      const status = (await api.get('/api/replication')).json<ReplicationStatus>();
      expect(status).toMatchObject({ configured: true, consecutiveFailures: 2, lastFailure: { kind: 'failure', outcome: 'failed' } });
      expect(status.message).toMatch(/^failing: /);
      expect(status.failingSince).toBeDefined();
      expect((await api.get('/metrics')).body).toContain('quantum_replication_consecutive_failures{installation="default"} 2');
      const list = await api.get('/api/components/EntryAgent/remote-generations');
      expect(list.statusCode).toBe(424);
      expect(list.json()).toMatchObject({ code: 'REPLICATION_STORE_FAILED', message: expect.stringContaining('no-bucket') });
    } finally {
      await api.app.close();
      await fx.close();
    }
  });
});

describe('replication configured, replicated by a real replicator into s3rver', () => {
  let fx: Fixture;
  let api: ReplicationApp;
  let bucket: string;
  beforeEach(async () => {
    fx = await createFixture({ generations: 3 });
    bucket = `replicas-${++bucketNumber}`;
    const settings = settingsFor(emulator, bucket, INSTALLATION);
    await createBucket(settings);
    const replicator = await openReplicator(fx, settings, INSTALLATION);
    await replicator.runOnce();
    await replicator.verify();
    await replicator.stop();
    api = await buildReplicationApp(fx, settings);
  });
  afterEach(async () => {
    await api.app.close();
    await fx.close();
  });

  it('shows the lag, the last pass and verification, and exports them to Prometheus; never credentials', async () => {
    const caughtUp = (await api.get('/api/replication')).json<ReplicationStatus>();
    expect(caughtUp).toMatchObject({ configured: true, replicatorSeen: true, message: 'caught up', consecutiveFailures: 0 });
    expect(caughtUp.target).toEqual({ bucket, prefix: 'quantum', installation: INSTALLATION, region: 'us-east-1', endpoint: emulator.endpoint });
    expect(caughtUp.lag?.generations).toBe(0);
    expect(caughtUp.lastPass?.outcome).toBe('ok');
    expect(caughtUp.lastVerification?.outcome).toBe('ok');
    expect(caughtUp.history?.length).toBeGreaterThan(0);
    expect(JSON.stringify(caughtUp)).not.toContain('S3RVER');
    // The replicator created the outbox, so saves link every committed generation for it.
    expect(caughtUp.outbox?.enabled).toBe(true);

    // Two more saves the replicator has not seen: the lag counts them per component.
    await fx.saveAll();
    await fx.saveAll();
    const behind = (await api.get('/api/replication')).json<ReplicationStatus>();
    const entry = behind.lag?.components.find((component) => component.component === 'EntryAgent');
    expect(entry).toMatchObject({ localSeq: 5, uploadedSeq: 3, generationsBehind: 2, seqsBehind: 2 });
    expect(entry?.bytesPending).toBeGreaterThan(0);
    expect(behind.lag?.seconds).toBeGreaterThanOrEqual(0);
    expect(behind.message).toMatch(/generation\(s\) waiting for upload/);

    const metrics = (await api.get('/metrics')).body;
    expect(metrics).toContain('quantum_replication_configured{installation="default"} 1');
    expect(metrics).toMatch(/^quantum_replication_lag_seconds\{installation="default"\} \d/m);
    expect(metrics).toContain('quantum_replication_generations_behind{installation="default",component="EntryAgent"} 2');
    expect(metrics).toMatch(/^quantum_replication_bytes_pending\{installation="default",component="EntryAgent"\} [1-9]\d*$/m);
    expect(metrics).toContain('quantum_replication_consecutive_failures{installation="default"} 0');
    expect(metrics).toMatch(/^quantum_replication_last_pass_timestamp_seconds\{installation="default"\} \d+/m);
    expect(metrics).toContain('quantum_replication_last_verification_ok{installation="default"} 1');
  });

  it("lists the bucket's generations newest first with their metadata and local pins", async () => {
    await pinGeneration(fx.store, entryAgentCodec, 'bak1', { note: 'keep', pinnedBy: 'test' });
    const list = (await api.get('/api/components/EntryAgent/remote-generations')).json<RemoteGenerationList>();
    expect(list).toMatchObject({ component: 'EntryAgent', configured: true, total: 3 });
    expect(list.generations.map((generation) => [generation.seq, generation.pinned])).toEqual([[3, false], [2, false], [1, true]]);
    const newest = list.generations[0]!;
    expect(newest.key).toBe(generationKey({ prefix: 'quantum', installation: INSTALLATION }, 'EntryAgent', 3));
    expect(newest.savedAt).toBe((await fx.store.read(entryAgentCodec, 'current')).header.savedAt);
    expect(newest.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(newest.sizeBytes).toBe((await readFile(fx.store.pathOf(entryAgentCodec, 'current'))).byteLength);
  });

  it('previews a remote generation: verified, decoded and diffed against current', async () => {
    const response = await api.post('/api/components/EntryAgent/remote-generations/1/preview', {});
    expect(response.statusCode).toBe(200);
    const preview = response.json<RemoteRestorePreview>();
    expect(preview).toMatchObject({ component: 'EntryAgent', source: 'remote', target: { seq: 1, pinned: false }, current: { seq: 3 } });
    expect(preview.target.keyFingerprint).toMatch(/^[0-9a-f]+$/);
    expect(preview.diff?.tables.find((table) => table.table === 'qTable')).toBeDefined();
  });

  it('refuses a corrupted object with its name and the reason, and writes nothing', async () => {
    const key = generationKey({ prefix: 'quantum', installation: INSTALLATION }, 'ExitAgent', 2);
    const stored = objectFile(emulator, bucket, key);
    const bytes = await readFile(stored);
    bytes[bytes.length - 50] = (bytes[bytes.length - 50] as number) ^ 0xff;
    await writeFile(stored, bytes);
    const before = await readFile(fx.store.pathOf(exitAgentCodec, 'current'));

    const preview = await api.post('/api/components/ExitAgent/remote-generations/2/preview', {});
    expect(preview.statusCode).toBe(422);
    expect(preview.json()).toMatchObject({ code: 'REMOTE_GENERATION_REJECTED', message: expect.stringContaining(`bucket object ${key}: digest-mismatch`) });
    const restore = await api.post('/api/components/ExitAgent/remote-generations/2/restore', { reason: 'should fail' });
    expect(restore.statusCode).toBe(400);
    expect(restore.json<{ message: string }>().message).toContain(`${key}: digest-mismatch`);
    expect(await readFile(fx.store.pathOf(exitAgentCodec, 'current'))).toEqual(before);
    const audit = (await api.get('/api/audit')).json<AuditPage>().entries;
    expect(audit[0]).toMatchObject({ action: 'restore', component: 'ExitAgent', generation: 'remote-2', seq: 2, source: 'remote', outcome: 'failed' });
  });

  it('refuses an intact object signed with another key, naming the object and the reason', async () => {
    // A generation of another installation (own key), stored with a correct sha256 under seq 9 of this one.
    const stranger = await createFixture({ generations: 1 });
    const bytes = await readFile(stranger.store.pathOf(exitAgentCodec, 'current'));
    await stranger.close();
    const key = generationKey({ prefix: 'quantum', installation: INSTALLATION }, 'ExitAgent', 9);
    await new Bucket(createS3Client(settingsFor(emulator, bucket)), bucket).putImmutable(key, bytes, { sha256: createHash('sha256').update(bytes).digest('hex') });
    const preview = await api.post('/api/components/ExitAgent/remote-generations/9/preview', {});
    expect(preview.statusCode).toBe(422);
    expect(preview.json<{ message: string }>().message).toMatch(new RegExp(`^bucket object ${key}: unknown-key: .*; nothing was written$`));
  });

  it('answers 404 naming the object for a seq the bucket does not hold', async () => {
    const response = await api.post('/api/components/EntryAgent/remote-generations/99/preview', {});
    expect(response.statusCode).toBe(404);
    expect(response.json<{ message: string }>().message).toContain(generationKey({ prefix: 'quantum', installation: INSTALLATION }, 'EntryAgent', 99));
  });

  it('dry-runs, then restores a remote generation through the save path, with progress and an audit entry', async () => {
    const oldCurrent = await readFile(fx.store.pathOf(entryAgentCodec, 'current'));
    const dry = await api.post('/api/components/EntryAgent/remote-generations/1/restore', { dryRun: true });
    expect(dry.json<DryRunResult>()).toMatchObject({ dryRun: true, wouldSucceed: true, action: 'restore' });
    expect(await readFile(fx.store.pathOf(entryAgentCodec, 'current'))).toEqual(oldCurrent);

    const started = await api.post('/api/components/EntryAgent/remote-generations/1/restore', { reason: 'disk lost' });
    expect(started.statusCode).toBe(202);
    expect(started.headers['location']).toBe(`/api/jobs/${started.json<Job>().id}`);
    const job = await waitForJob({ get: (url: string) => api.get(url) } as Fixture, started.json<Job>().id);
    expect(job).toMatchObject({ state: 'succeeded', kind: 'restore', generation: 'remote-1', result: { seq: 4 } });
    expect(job.steps.map((step) => step.step)).toEqual(['checked', 'lock', 'saved', 'verified']);

    const restored = await fx.store.read(entryAgentCodec, 'current');
    expect(restored.header.seq).toBe(4);
    expect(restored.state.qTable.qValue).toEqual((await fx.store.read(entryAgentCodec, 'bak2')).state.qTable.qValue);
    // The state it replaced is now .bak, byte for byte.
    expect(await readFile(fx.store.pathOf(entryAgentCodec, 'bak'))).toEqual(oldCurrent);

    const audit = (await api.get('/api/audit')).json<AuditPage>().entries;
    expect(audit.map((entry) => [entry.dryRun, entry.outcome, entry.source, entry.seq])).toEqual([
      [false, 'succeeded', 'remote', 1],
      [true, 'succeeded', 'remote', 1],
    ]);
    expect(audit[0]).toMatchObject({ actor: 'operator', generation: 'remote-1', jobId: job.id, detail: expect.stringContaining('disk lost') });
  });

  it('names only the default installation by QUANTUM_INSTALLATION; another one is named by its own cursor', async () => {
    const other = await createFixture({ generations: 1 });
    const many = await buildReplicationApp(fx, settingsFor(emulator, bucket, INSTALLATION), [other]);
    try {
      expect((await many.get('/api/replication')).json<ReplicationStatus>().target?.installation).toBe(INSTALLATION);
      const unnamed = (await many.get('/api/installations/other-1/replication')).json<ReplicationStatus>();
      expect(unnamed).toMatchObject({ configured: true, replicatorSeen: false });
      expect(unnamed.target).toBeUndefined();
      const list = await many.get('/api/installations/other-1/components/EntryAgent/remote-generations');
      expect(list.statusCode).toBe(409);
      expect(list.json()).toMatchObject({ code: 'REPLICATION_NO_INSTALLATION' });

      const replicator = await openReplicator(other, settingsFor(emulator, bucket), 'agent-8');
      await replicator.runOnce();
      await replicator.stop();
      expect((await many.get('/api/installations/other-1/replication')).json<ReplicationStatus>().target?.installation).toBe('agent-8');
      const metrics = (await many.get('/metrics')).body;
      expect(metrics).toContain('quantum_replication_generations_behind{installation="default",component="EntryAgent"} 0');
      expect(metrics).toContain('quantum_replication_generations_behind{installation="other-1",component="EntryAgent"} 0');
      const listed = (await many.get('/api/installations/other-1/components/EntryAgent/remote-generations')).json<RemoteGenerationList>();
      expect(listed.generations.map((generation) => generation.key)).toEqual([generationKey({ prefix: 'quantum', installation: 'agent-8' }, 'EntryAgent', 1)]);
    } finally {
      await many.app.close();
      await other.close();
    }
  });

  it('lets a viewer list but not preview or restore, refuses cross-site posts and bad parameters', async () => {
    expect((await api.get('/api/components/EntryAgent/remote-generations', 'viewer')).statusCode).toBe(200);
    expect((await api.post('/api/components/EntryAgent/remote-generations/1/preview', {}, 'viewer')).statusCode).toBe(403);
    expect((await api.post('/api/components/EntryAgent/remote-generations/1/restore', {}, 'viewer')).statusCode).toBe(403);
    const crossSite = await api.post('/api/components/EntryAgent/remote-generations/1/restore', {}, 'operator', { origin: 'https://evil.example' });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json()).toMatchObject({ code: 'CROSS_SITE' });
    expect((await api.post('/api/components/EntryAgent/remote-generations/1/restore', {}, 'operator', { 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await api.post('/api/components/EntryAgent/remote-generations/1.5/restore', {})).statusCode).toBe(400);
    expect((await api.post('/api/components/EntryAgent/remote-generations/abc/preview', {})).statusCode).toBe(400);
    expect((await api.post('/api/components/NoSuchThing/remote-generations/1/preview', {})).statusCode).toBe(400);
    const audit = (await api.get('/api/audit')).json<AuditPage>().entries;
    expect(audit).toEqual([]);
  });
});
