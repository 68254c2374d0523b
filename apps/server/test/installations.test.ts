import { mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, ComponentList, InstallationList, Job, RecentSaves, SaveEvent } from '@quantum/api-contract';
import { Keyring, SaveJournal, StateDirectory, codecByName, componentCodecs, entryAgentCodec } from '@quantum/persistence-core';
import { DemoAgent } from '../../../packages/persistence-core/src/demo/agent.js';
import { ConsoleState } from '../src/state/console-state.js';
import { DEMO_CODECS, createFixture, type Fixture } from './support/fixture.js';
import { collectEvents } from './support/sse.js';

/** A second real state directory, saved twice by a differently seeded agent, with its own key. */
async function secondInstallation(): Promise<{ root: string; store: StateDirectory }> {
  const root = await mkdtemp(join(tmpdir(), 'qs-desk-2-'));
  const directory = join(root, 'state');
  const store = await StateDirectory.open({ directory, keyring: Keyring.generate(), reserveBytes: 0 });
  const agent = new DemoAgent({ seed: 99, qEntries: 300, replayCapacity: 64 });
  for (let generation = 0; generation < 2; generation++) {
    for (let i = 0; i < 5; i++) agent.tick();
    const states = agent.snapshotAll();
    for (const [key, name] of DEMO_CODECS) await store.save(codecByName(name)!, states[key]);
  }
  return { root, store };
}

describe('several installations in one console', () => {
  let fx: Fixture;
  let desk2: { root: string; store: StateDirectory };
  const desk2Audit = (): string => join(desk2.root, 'console-audit-desk-2.ndjson');
  beforeAll(async () => {
    desk2 = await secondInstallation();
    fx = await createFixture({
      installations: [{ id: 'desk-2', state: new ConsoleState({ store: desk2.store, codecs: componentCodecs }), auditLogPath: desk2Audit(), feedIntervalMs: 20 }],
    });
  });
  afterAll(async () => {
    await fx.close();
    await rm(desk2.root, { recursive: true, force: true });
  });

  const entrySeq = (list: ComponentList): number | undefined => list.components.find((c) => c.component === 'EntryAgent')?.active?.seq;

  it('lists every installation with its health, newest save and component count, the default first', async () => {
    const response = await fx.get('/api/installations');
    expect(response.statusCode).toBe(200);
    const { installations } = response.json<InstallationList>();
    expect(installations.map((i) => [i.id, i.kind, i.default, i.health])).toEqual([
      ['default', 'local', true, 'ok'],
      ['desk-2', 'local', false, 'ok'],
    ]);
    const savedAt = (await desk2.store.read(entryAgentCodec, 'current')).header.savedAt;
    expect(installations[1]?.lastSaveAt).toBeGreaterThanOrEqual(savedAt);
    expect(installations[1]?.components).toBe(DEMO_CODECS.length);
    // No replicator has written a cursor in either directory: the lag is unknown, not zero.
    expect(installations.map((i) => i.lag)).toEqual([null, null]);
    expect((await fx.get('/api/installations', null)).statusCode).toBe(401);
  });

  it('serves each installation under its own prefix, and the default under /api as before', async () => {
    const byDefault = (await fx.get('/api/components')).json<ComponentList>();
    const mirrored = (await fx.get('/api/installations/default/components')).json<ComponentList>();
    const second = await fx.get('/api/installations/desk-2/components');
    expect(second.statusCode).toBe(200);
    expect(entrySeq(byDefault)).toBe(3);
    expect(entrySeq(mirrored)).toBe(3);
    expect(entrySeq(second.json<ComponentList>())).toBe(2);
    const rows = await fx.get('/api/installations/desk-2/components/EntryAgent/generations/current/rows?table=qTable&limit=5');
    expect(rows.statusCode).toBe(200);
    expect((await fx.get('/api/installations/desk-2/components/EntryAgent/generations/bak1')).statusCode).toBe(404);
  });

  it('answers 404 for an installation it does not watch, after authentication', async () => {
    expect((await fx.get('/api/installations/desk-3/components', null)).statusCode).toBe(401);
    const unknown = await fx.get('/api/installations/desk-3/components');
    expect(unknown.statusCode).toBe(404);
    expect((await fx.get('/api/installations/..%2F..%2Fetc/components')).statusCode).toBe(404);
  });

  it('keeps jobs, audit logs and save feeds apart', async () => {
    const started = await fx.post('/api/installations/desk-2/components/EntryAgent/restore', { generation: 'bak', reason: 'desk 2 rollback' });
    expect(started.statusCode).toBe(202);
    const job = started.json<Job>();
    expect(started.headers['location']).toBe(`/api/installations/desk-2/jobs/${job.id}`);
    expect((await fx.get(`/api/installations/desk-2/jobs/${job.id}`)).statusCode).toBe(200);
    expect((await fx.get(`/api/jobs/${job.id}`)).statusCode).toBe(404);
    await expect.poll(async () => (await fx.get(`/api/installations/desk-2/jobs/${job.id}`)).json<Job>().state, { timeout: 10_000 }).toBe('succeeded');
    expect((await desk2.store.read(entryAgentCodec, 'current')).header.seq).toBe(3);

    const entries = (await fx.get('/api/installations/desk-2/audit')).json<AuditPage>().entries;
    expect(entries.map((e) => [e.action, e.component, e.outcome])).toContainEqual(['restore', 'EntryAgent', 'succeeded']);
    expect((await fx.get('/api/audit')).json<AuditPage>().entries).toEqual([]);
    expect(await readFile(desk2Audit(), 'utf8')).toContain('desk 2 rollback');
  });

  it("follows each installation's save journal in its own feed and event stream", async () => {
    const journals = { default: new SaveJournal({ directory: fx.directory }), desk2: new SaveJournal({ directory: desk2.store.directory }) };
    try {
      const abort = new AbortController();
      const response = await fx.app.inject({ method: 'GET', url: '/api/installations/desk-2/events', headers: { authorization: `Bearer ${fx.tokens.viewer}` }, payloadAsStream: true, signal: abort.signal });
      const received = collectEvents(response.stream(), (all) => all.some((e) => e.event === 'save'));
      await journals.default.append({ kind: 'save', component: 'ExitAgent', seq: 41, outcome: 'ok', durationMs: 4 });
      await journals.desk2.append({ kind: 'save', component: 'EntryAgent', seq: 42, outcome: 'ok', durationMs: 5 });
      const streamed = (await received).filter((e) => e.event === 'save').map((e) => (e.data as SaveEvent).seq);
      abort.abort();
      expect(streamed).toEqual([42]);
      await expect.poll(async () => (await fx.get('/api/saves')).json<RecentSaves>().events.map((e) => e.seq), { timeout: 5000 }).toEqual([41]);
      expect((await fx.get('/api/installations/desk-2/saves')).json<RecentSaves>().events.map((e) => e.seq)).toEqual([42]);
    } finally {
      await journals.default.close();
      await journals.desk2.close();
    }
  });

  it('labels per-installation metrics and documents the mirror once', async () => {
    const metrics = (await fx.get('/metrics')).body;
    expect(metrics).toMatch(/quantum_current_seq\{installation="desk-2",component="EntryAgent"\} 3\n/);
    expect(metrics).toMatch(/quantum_current_seq\{installation="default",component="EntryAgent"\} 3\n/);
    const doc = (await fx.get('/api/openapi.json', null)).json<{ info: { description: string }; paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths)).toContain('/api/installations');
    expect(Object.keys(doc.paths)).toContain('/api/components');
    expect(Object.keys(doc.paths).filter((path) => path.startsWith('/api/installations/'))).toEqual([]);
    expect(doc.info.description).toContain('/api/installations/{installation}');
  });

  it("is ready only while every installation's directory is reachable, and lists a lost one as an error", async () => {
    expect((await fx.get('/readyz', null)).statusCode).toBe(200);
    await rename(desk2.store.directory, `${desk2.store.directory}.away`);
    try {
      const response = await fx.get('/readyz', null);
      expect(response.statusCode).toBe(503);
      expect(response.json<{ detail: string }>().detail).toBe('state directory of installation desk-2 is not reachable');
      const listed = (await fx.get('/api/installations')).json<InstallationList>().installations.find((i) => i.id === 'desk-2');
      expect(listed).toMatchObject({ health: 'error', detail: 'the state directory is not reachable', components: 0 });
    } finally {
      await rename(`${desk2.store.directory}.away`, desk2.store.directory);
    }
    expect((await fx.get('/readyz', null)).statusCode).toBe(200);
  });
});
