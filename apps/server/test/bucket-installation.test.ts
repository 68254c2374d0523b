// A bucket installation: a real agent directory replicated to s3rver by @quantum/replication,
// served by the console from its materialized newest SaveAll cut, read-only.

import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComponentDetail, ErrorBody, InstallationList, InstallationSummary, RemoteGenerationList, RowsPage } from '@quantum/api-contract';
import type { AnyComponentCodec } from '@quantum/persistence-core';
import { Keyring, StateDirectory, componentCodecs, entryAgentCodec, saveAll, writeKeyring } from '@quantum/persistence-core';
import { Replicator, generationKey } from '@quantum/replication';
import { DemoAgent } from '../../../packages/persistence-core/src/demo/agent.js';
import type { BucketMirror } from '../src/installations/bucket-mirror.js';
import { openInstallations } from '../src/installations/open.js';
import { DEMO_CODECS, createFixture, type Fixture } from './support/fixture.js';
import type { Emulator } from './support/replication-fixture.js';
import { EMULATOR_CREDENTIALS, createBucket, settingsFor, startEmulator } from './support/replication-fixture.js';

const BUCKET = 'mirrors';

describe('an installation served from the replication bucket', () => {
  let emulator: Emulator;
  let emulatorClosed = false;
  let source: { root: string; store: StateDirectory; keyring: Keyring; replicator: Replicator; agent: DemoAgent };
  let mirror: BucketMirror;
  let fx: Fixture;
  const savedEnv = { id: process.env['AWS_ACCESS_KEY_ID'], secret: process.env['AWS_SECRET_ACCESS_KEY'] };

  /** One SaveAll cut of the agent's states (every component), then a replication pass. */
  const cutAndReplicate = async (): Promise<number> => {
    for (let i = 0; i < 10; i++) source.agent.tick();
    const states = source.agent.snapshotAll();
    const byName = new Map<string, unknown>(DEMO_CODECS.map(([key, name]) => [name, states[key]]));
    const components = componentCodecs.map((codec: AnyComponentCodec) => ({ codec, state: byName.get(codec.name) ?? codec.fresh() }));
    const report = await saveAll(components, { store: source.store, reason: 'test' });
    expect(report.complete).toBe(true);
    await source.replicator.runOnce();
    return report.cutId;
  };

  const mirrorRoot = (): string => join(source.root, 'console', 'mirrors', 'desk-9');
  const summary = async (): Promise<InstallationSummary> => (await fx.get('/api/installations')).json<InstallationList>().installations.find((i) => i.id === 'desk-9')!;

  beforeAll(async () => {
    // The server reaches the bucket through the AWS credential chain, as in production.
    process.env['AWS_ACCESS_KEY_ID'] = EMULATOR_CREDENTIALS.accessKeyId;
    process.env['AWS_SECRET_ACCESS_KEY'] = EMULATOR_CREDENTIALS.secretAccessKey;
    emulator = await startEmulator();
    const settings = settingsFor(emulator, BUCKET);
    await createBucket(settings);

    const root = await mkdtemp(join(tmpdir(), 'qs-bucket-source-'));
    const keyring = Keyring.generate();
    const store = await StateDirectory.open({ directory: join(root, 'state'), keyring, reserveBytes: 0 });
    const replicator = await Replicator.open({ directory: store.directory, keyring: keyring as never, target: { ...settings, installation: 'desk-9', credentials: EMULATOR_CREDENTIALS } });
    source = { root, store, keyring, replicator, agent: new DemoAgent({ seed: 11, qEntries: 400, replayCapacity: 64 }) };
    await cutAndReplicate();

    const keyringPath = join(root, 'console', 'desk-9-keyring.json');
    await writeKeyring(keyringPath, keyring);
    const opened = await openInstallations({
      installations: [{ kind: 'bucket', id: 'desk-9', bucketInstallation: 'desk-9', keyringPath, auditLogPath: join(root, 'console', 'console-audit-desk-9.ndjson') }],
      cacheBytes: 64 * 1024 * 1024,
      mirrorDirectory: join(root, 'console', 'mirrors'),
      mirrorRefreshMs: 3_600_000,
      env: { QUANTUM_S3_BUCKET: BUCKET, QUANTUM_S3_ENDPOINT: emulator.endpoint, AWS_REGION: 'us-east-1' },
    });
    mirror = opened.mirrors.get('desk-9')!;
    // What a server killed mid-refresh leaves behind.
    await mkdir(join(mirrorRoot(), 'staging-1'), { recursive: true });
    await writeFile(join(mirrorRoot(), 'staging-1', 'ProjectQuantum_EntryAgent.dat'), 'half a download');
    await mirror.refresh();
    fx = await createFixture({ installations: opened.installations });
  });

  afterAll(async () => {
    await fx?.close();
    if (!emulatorClosed) await emulator?.close();
    await rm(source.root, { recursive: true, force: true });
    process.env['AWS_ACCESS_KEY_ID'] = savedEnv.id;
    process.env['AWS_SECRET_ACCESS_KEY'] = savedEnv.secret;
    if (savedEnv.id === undefined) delete process.env['AWS_ACCESS_KEY_ID'];
    if (savedEnv.secret === undefined) delete process.env['AWS_SECRET_ACCESS_KEY'];
  });

  it('lists it as a read-only bucket installation showing the newest complete cut', async () => {
    const desk9 = await summary();
    expect(desk9).toMatchObject({ kind: 'bucket', default: false, health: 'ok', components: componentCodecs.length, lag: null });
    expect(desk9.readOnly).toMatch(/read-only copy of the replication bucket/);
    expect(desk9.mirror).toMatchObject({ bucketInstallation: 'desk-9', cutId: 1 });
    expect(desk9.mirror?.lastError).toBeUndefined();
    // Only the copy is left in the mirror's private directory: no staging of this or an earlier run.
    expect(await readdir(mirrorRoot())).toEqual(['state']);
  });

  it('browses the copy: the same seq and rows as the agent wrote, verified with its key', async () => {
    const detail = (await fx.get('/api/installations/desk-9/components/EntryAgent')).json<ComponentDetail>();
    const local = await source.store.read(entryAgentCodec, 'current');
    expect(detail.summary).toMatchObject({ health: 'valid', active: { generation: 'current', seq: local.header.seq } });
    const rows = (await fx.get('/api/installations/desk-9/components/EntryAgent/generations/current/rows?table=qTable&limit=3')).json<RowsPage>();
    expect(rows.total).toBe(local.state.qTable.stateHash.length);
    expect(rows.total).toBeGreaterThan(0);
  });

  it('refuses restore, migrate, compact and pins with a 409 naming the installation, after the role check', async () => {
    const base = '/api/installations/desk-9/components/EntryAgent';
    const attempts = [
      await fx.post(`${base}/restore`, { generation: 'current', dryRun: true }),
      await fx.post(`${base}/migrate`, { dryRun: false }),
      await fx.post(`${base}/compact`, { dryRun: false }),
      await fx.post(`${base}/pins`, { generation: 'current', note: 'keep' }),
    ];
    for (const response of attempts) {
      expect(response.statusCode).toBe(409);
      expect(response.json<ErrorBody>()).toMatchObject({ code: 'INSTALLATION_READ_ONLY' });
      expect(response.json<ErrorBody>().message).toContain('installation desk-9 is read-only');
    }
    expect((await fx.post(`${base}/restore`, { generation: 'current' }, 'viewer')).statusCode).toBe(403);
    // Verify-now changes nothing, so it is allowed.
    expect((await fx.post('/api/installations/desk-9/verify', undefined, 'viewer')).statusCode).toBe(200);
    // A copy has no remote generations of its own to restore: said plainly, not as a setup error.
    const remote = await fx.get(`${base}/remote-generations`);
    expect(remote.statusCode).toBe(200);
    expect(remote.json<RemoteGenerationList>()).toMatchObject({ configured: false, total: 0, generations: [] });
    expect(remote.json<RemoteGenerationList>().message).toMatch(/read-only copy of a bucket installation/);
    expect((await fx.post(`${base}/remote-generations/1/preview`, {})).json<ErrorBody>()).toMatchObject({ code: 'INSTALLATION_READ_ONLY' });
    // The default installation is still writable.
    expect((await fx.post('/api/components/EntryAgent/restore', { generation: 'bak', dryRun: true })).statusCode).toBe(200);
  });

  it('follows the bucket: a newer cut replaces the copy on refresh', async () => {
    const before = (await fx.get('/api/installations/desk-9/components/EntryAgent')).json<ComponentDetail>().summary.active?.seq;
    const cutId = await cutAndReplicate();
    await mirror.refresh();
    expect((await summary()).mirror?.cutId).toBe(cutId);
    const after = (await fx.get('/api/installations/desk-9/components/EntryAgent')).json<ComponentDetail>().summary.active?.seq;
    expect(after).toBe((before ?? 0) + 1);
  });

  it('shows the newest complete cut, and takes a newer one once its missing member is back', async () => {
    const shown = (await summary()).mirror?.cutId;
    const cutId = await cutAndReplicate();
    const seq = (await source.store.read(entryAgentCodec, 'current')).header.seq;
    await source.replicator.bucket.delete(generationKey({ prefix: 'quantum', installation: 'desk-9' }, 'EntryAgent', seq));
    await mirror.refresh();
    expect((await summary()).mirror?.cutId).toBe(shown);
    // The replicator's restore-and-compare puts the deleted replica back; the next refresh takes the cut.
    await source.replicator.verify();
    await mirror.refresh();
    expect((await summary()).mirror?.cutId).toBe(cutId);
    expect((await fx.get('/api/installations/desk-9/components/EntryAgent')).json<ComponentDetail>().summary.active?.seq).toBe(seq);
  });

  it('keeps serving the last copy and says why when the bucket cannot be reached', async () => {
    await emulator.close();
    emulatorClosed = true;
    await mirror.refresh();
    const desk9 = await summary();
    expect(desk9.health).toBe('warning');
    expect(desk9.mirror?.lastError).toMatch(/refresh from the bucket failed/);
    expect((await fx.get('/api/installations/desk-9/components/EntryAgent')).json<ComponentDetail>().summary.health).toBe('valid');
  });
});
