import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditPage, ComponentDetail, DryRunResult, GenerationList, Job, RestorePreview } from '@quantum/api-contract';
import { entryAgentCodec, exitAgentCodec, deltaPath, loadIncremental, pinGeneration } from '@quantum/persistence-core';
import { createFixture, type Fixture } from './support/fixture.js';
import { waitForJob } from './support/jobs.js';
import { collectEvents } from './support/sse.js';
import { exitAgentV0File } from '../../../packages/persistence-core/test/fixtures/legacy-encoders.js';

// The fixture is typed against the sources, the app against dist: the same class at run time.
type SigningKeyOfFixture = Parameters<typeof exitAgentV0File>[1];

describe('restore, migrate, compact and the audit log', () => {
  let fx: Fixture;
  beforeEach(async () => {
    fx = await createFixture();
  });
  afterEach(async () => fx.close());

  const audit = async () => (await fx.get('/api/audit')).json<AuditPage>().entries;

  it('previews, dry-runs, then restores a backup through the save path so nothing is lost', async () => {
    const bak1 = await readFile(fx.store.pathOf(entryAgentCodec, 'bak1'));
    const oldCurrent = (await fx.store.read(entryAgentCodec, 'current')).state;
    const preview = await fx.get('/api/components/EntryAgent/restore/preview?generation=bak1', 'operator');
    expect(preview.statusCode).toBe(200);
    const body = preview.json<RestorePreview>();
    expect(body.target.seq).toBe(1);
    expect(body.current?.seq).toBe(3);
    expect(body.diff?.tables.find((t) => t.table === 'qTable')).toBeDefined();

    const dry = await fx.post('/api/components/EntryAgent/restore', { generation: 'bak1', dryRun: true });
    expect(dry.json<DryRunResult>()).toMatchObject({ dryRun: true, wouldSucceed: true });
    expect(await readFile(fx.store.pathOf(entryAgentCodec, 'bak1'))).toEqual(bak1);

    const started = await fx.post('/api/components/EntryAgent/restore', { generation: 'bak1', reason: 'rollback test' });
    expect(started.statusCode).toBe(202);
    const job = await waitForJob(fx, started.json<Job>().id);
    expect(job.state).toBe('succeeded');
    expect(job.steps.map((s) => s.step)).toEqual(['checked', 'lock', 'saved', 'verified']);
    expect(job.result?.seq).toBe(4);

    const restored = await fx.store.read(entryAgentCodec, 'current');
    expect(restored.header.seq).toBe(4);
    expect(restored.state.qTable.qValue).toEqual((await fx.store.read(entryAgentCodec, 'bak2')).state.qTable.qValue);
    // The state it replaced is now .bak, byte for byte the old current.
    expect((await fx.store.read(entryAgentCodec, 'bak')).state.qTable.qValue).toEqual(oldCurrent.qTable.qValue);
    // The new current says it was written by a restore; the one it replaced does not.
    const generations = (await fx.get('/api/components/EntryAgent/generations')).json<GenerationList>().generations;
    expect(generations.map((g) => [g.generation, g.restored])).toEqual([
      ['current', true],
      ['bak', false],
      ['bak1', false],
      ['bak2', false],
    ]);

    const entries = await audit();
    expect(entries.map((e) => [e.action, e.dryRun, e.outcome, e.actor])).toEqual([
      ['restore', false, 'succeeded', 'operator'],
      ['restore', true, 'succeeded', 'operator'],
    ]);
    expect(entries[0]).toMatchObject({ component: 'EntryAgent', generation: 'bak1', seq: 1, role: 'operator' });
  });

  it('reports a corrupted current file and restores the last good generation', async () => {
    const path = fx.store.pathOf(exitAgentCodec, 'current');
    const bytes = await readFile(path);
    bytes[bytes.length - 100] = (bytes[bytes.length - 100] as number) ^ 0xff;
    await writeFile(path, bytes);

    const detail = (await fx.get('/api/components/ExitAgent')).json<ComponentDetail>();
    expect(detail.summary.health).toBe('recovered');
    expect(detail.summary.recoveredFrom).toBe('bak');
    expect(detail.generations[0]).toMatchObject({ generation: 'current', status: 'rejected', reason: 'hmac-mismatch' });
    expect((await fx.get('/api/components/ExitAgent/generations/current/rows?table=qTable')).statusCode).toBe(422);

    const started = await fx.post('/api/components/ExitAgent/restore', { generation: 'bak' });
    const job = await waitForJob(fx, started.json<Job>().id);
    expect(job.state, job.error).toBe('succeeded');
    const after = (await fx.get('/api/components/ExitAgent')).json<ComponentDetail>();
    expect(after.summary.health).toBe('valid');
    expect(after.generations[0]?.seq).toBe(4);
    // The corrupt file was moved aside by the save path, never deleted.
    expect(after.quarantined).toEqual([expect.objectContaining({ component: 'ExitAgent', file: expect.stringContaining('ProjectQuantum_ExitAgent.dat.'), reason: 'hmac-mismatch' })]);
    expect(Math.abs(after.quarantined[0]!.quarantinedAt - Date.now())).toBeLessThan(60_000);
  });

  it('refuses to restore an unusable or missing generation, and audits the refusal', async () => {
    const response = await fx.post('/api/components/EntryAgent/restore', { generation: 'bak2' });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ code: string }>().code).toBe('RESTORE_REFUSED');
    const current = await fx.post('/api/components/EntryAgent/restore', { generation: 'current' });
    expect(current.statusCode).toBe(400);
    const entries = await audit();
    expect(entries.map((e) => [e.generation, e.outcome])).toEqual([
      ['current', 'failed'],
      ['bak2', 'failed'],
    ]);
    expect((await fx.store.read(entryAgentCodec, 'current')).header.seq).toBe(3);
  });

  it('streams the restore job progress and its audit entry as server-sent events', async () => {
    const abort = new AbortController();
    const response = await fx.app.inject({ method: 'GET', url: '/api/events', headers: { authorization: `Bearer ${fx.tokens.viewer}` }, payloadAsStream: true, signal: abort.signal });
    const received = collectEvents(response.stream(), (all) => all.some((e) => e.event === 'audit') && all.some((e) => e.event === 'job' && (e.data as Job).state === 'succeeded'));
    const started = await fx.post('/api/components/EntryAgent/restore', { generation: 'bak' });
    await waitForJob(fx, started.json<Job>().id);
    const events = await received;
    abort.abort();
    const jobs = events.filter((e) => e.event === 'job').map((e) => e.data as Job);
    expect(jobs.map((j) => j.state)).toEqual(expect.arrayContaining(['queued', 'running', 'succeeded']));
    expect(jobs.map((j) => j.progress)).toEqual([...jobs.map((j) => j.progress)].sort((a, b) => a - b));
    expect(events.find((e) => e.event === 'audit')?.data).toMatchObject({ action: 'restore', outcome: 'succeeded', generation: 'bak' });
  });

  it('lists, browses, previews and restores a pinned generation after it left the chain', async () => {
    await pinGeneration(fx.store, entryAgentCodec, 'bak1', { note: 'before the experiment', pinnedBy: 'test' });
    const pinnedValues = (await fx.store.read(entryAgentCodec, 'bak1')).state.qTable.qValue;
    for (let i = 0; i < 3; i++) await fx.saveAll();
    const detail = (await fx.get('/api/components/EntryAgent')).json<ComponentDetail>();
    expect(detail.generations.map((g) => g.seq)).toEqual([6, 5, 4, 3]);
    expect(detail.pins).toEqual([expect.objectContaining({ ref: 'pin-1', seq: 1, note: 'before the experiment', pinnedBy: 'test' })]);
    expect((await fx.get('/api/components/EntryAgent/generations/pin-1/rows?table=qTable&limit=1')).json<{ seq: number }>().seq).toBe(1);
    expect((await fx.get('/api/components/EntryAgent/generations/seq-1/rows?table=qTable&limit=1')).statusCode).toBe(200);
    const preview = (await fx.get('/api/components/EntryAgent/restore/preview?generation=pin-1', 'operator')).json<RestorePreview>();
    expect(preview.target).toMatchObject({ ref: 'pin-1', seq: 1 });
    const started = await fx.post('/api/components/EntryAgent/restore', { generation: 'pin-1' });
    const job = await waitForJob(fx, started.json<Job>().id);
    expect(job.state, job.error).toBe('succeeded');
    const current = await fx.store.read(entryAgentCodec, 'current');
    expect(current.header.seq).toBe(7);
    expect(current.state.qTable.qValue).toEqual(pinnedValues);
  });

  it('does not let a viewer restore, and does not audit what it never attempted', async () => {
    expect((await fx.post('/api/components/EntryAgent/restore', { generation: 'bak' }, 'viewer')).statusCode).toBe(403);
    expect(await audit()).toEqual([]);
  });

  it('dry-runs a migration: nothing pending on a current schema', async () => {
    const dry = (await fx.post('/api/components/EntryAgent/migrate', { dryRun: true })).json<DryRunResult>();
    expect(dry.wouldSucceed).toBe(false);
    expect(dry.checks.find((c) => c.check === 'pending-migration')?.ok).toBe(false);
    expect((await fx.post('/api/components/EntryAgent/migrate', {})).statusCode).toBe(400);
  });

  it('shows a pending migration and runs it through the save path', async () => {
    const { state } = await fx.store.read(exitAgentCodec, 'current');
    const { adaptiveGivebackScale: _dropped, ...v0 } = state;
    await writeFile(fx.store.pathOf(exitAgentCodec, 'current'), exitAgentV0File(v0, fx.keyring.active as unknown as SigningKeyOfFixture, { seq: 10 }));
    const before = (await fx.get('/api/components/ExitAgent')).json<ComponentDetail>();
    expect(before.generations[0]).toMatchObject({ status: 'valid', seq: 10, schemaVersion: 0, pendingMigration: true });
    const dry = (await fx.post('/api/components/ExitAgent/migrate', { dryRun: true })).json<DryRunResult>();
    expect(dry.wouldSucceed).toBe(true);
    const started = await fx.post('/api/components/ExitAgent/migrate', {});
    expect(started.statusCode).toBe(202);
    const job = await waitForJob(fx, started.json<Job>().id);
    expect(job.state, job.error).toBe('succeeded');
    const after = (await fx.get('/api/components/ExitAgent')).json<ComponentDetail>();
    expect(after.generations.slice(0, 2).map((g) => [g.seq, g.schemaVersion, g.pendingMigration])).toEqual([
      [11, 1, false],
      [10, 0, true],
    ]);
    expect((await audit()).map((e) => [e.action, e.dryRun, e.outcome])).toEqual([
      ['migrate', false, 'succeeded'],
      ['migrate', true, 'succeeded'],
    ]);
  });

  it('compacts a delta log into a new generation on demand', async () => {
    const loaded = await loadIncremental({ store: fx.store, codec: entryAgentCodec });
    const dirty = { stateHash: loaded.state.qTable.stateHash.slice(0, 3), action: loaded.state.qTable.action.slice(0, 3), qValue: Float64Array.from([11, 22, 33]) };
    await loaded.log.append(dirty);
    await loaded.log.close();
    const dry = (await fx.post('/api/components/EntryAgent/compact', { dryRun: true })).json<DryRunResult>();
    expect(dry.wouldSucceed).toBe(true);
    const started = await fx.post('/api/components/EntryAgent/compact', {});
    const job = await waitForJob(fx, started.json<Job>().id);
    expect(job.state, job.error).toBe('succeeded');
    const current = await fx.store.read(entryAgentCodec, 'current');
    expect(current.header.seq).toBe(4);
    expect(Array.from(current.state.qTable.qValue.slice(0, 3))).toEqual([11, 22, 33]);
    expect(await fx.store.fs.stat(deltaPath(fx.store, entryAgentCodec)).then((s) => s?.size ?? 0)).toBe(0);
    expect((await fx.post('/api/components/ReplayBuffer/compact', {})).statusCode).toBe(400);
  });
});
