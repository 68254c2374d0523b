import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditPage, ComponentDetail, ErrorBody, PinResult, RestorePreview } from '@quantum/api-contract';
import { entryAgentCodec, listPins } from '@quantum/persistence-core';
import { createFixture, type Fixture } from './support/fixture.js';

describe('pinning and unpinning from the console', () => {
  let fx: Fixture;
  beforeEach(async () => {
    fx = await createFixture();
  });
  afterEach(async () => fx.close());

  const audit = async () => (await fx.get('/api/audit')).json<AuditPage>().entries;
  const unpin = (url: string, role: 'viewer' | 'operator' | null = 'operator', headers: Record<string, string> = {}) =>
    fx.app.inject({ method: 'DELETE', url, headers: { ...(role ? { authorization: `Bearer ${fx.tokens[role]}` } : {}), ...headers } });
  const detail = async () => (await fx.get('/api/components/EntryAgent')).json<ComponentDetail>();

  it('pins bak with a note, lists and browses it as pin-<seq>, then unpins it, auditing both', async () => {
    const bakSeq = (await fx.store.read(entryAgentCodec, 'bak')).header.seq;
    const pinned = await fx.post('/api/components/EntryAgent/pins', { generation: 'bak', note: 'before the regime change' });
    expect(pinned.statusCode, pinned.body).toBe(201);
    expect(pinned.json<PinResult>()).toMatchObject({ component: 'EntryAgent', generation: 'bak', pin: { ref: `pin-${bakSeq}`, seq: bakSeq, note: 'before the regime change', pinnedBy: 'operator', automatic: false, noteStatus: 'valid' } });

    // Listed where the CLI's pins are, on disk and through the existing routes.
    expect((await listPins(fx.store, entryAgentCodec)).map((pin) => pin.seq)).toEqual([bakSeq]);
    expect((await detail()).pins.map((pin) => pin.ref)).toEqual([`pin-${bakSeq}`]);
    const preview = await fx.get(`/api/components/EntryAgent/restore/preview?generation=pin-${bakSeq}`, 'operator');
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json<RestorePreview>().target.seq).toBe(bakSeq);
    expect((await fx.get(`/api/components/EntryAgent/generations/pin-${bakSeq}/rows?table=qTable`)).statusCode).toBe(200);

    const again = await fx.post('/api/components/EntryAgent/pins', { generation: 'bak', note: 'twice' });
    expect(again.statusCode).toBe(409);
    expect(again.json<ErrorBody>().code).toBe('ALREADY_PINNED');

    const removed = await unpin(`/api/components/EntryAgent/pins/${bakSeq}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json()).toEqual({ component: 'EntryAgent', seq: bakSeq, unpinned: true });
    expect((await detail()).pins).toEqual([]);
    expect(await listPins(fx.store, entryAgentCodec)).toEqual([]);

    // Browsed and previewed before, so cached: an unpinned copy must still not be served or restored.
    expect((await fx.get(`/api/components/EntryAgent/generations/pin-${bakSeq}/rows?table=qTable`)).statusCode).toBe(410);
    expect((await fx.post('/api/components/EntryAgent/restore', { generation: `pin-${bakSeq}`, dryRun: true })).json()).toMatchObject({ wouldSucceed: false });

    const missing = await unpin(`/api/components/EntryAgent/pins/${bakSeq}`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json<ErrorBody>().code).toBe('PIN_NOT_FOUND');

    const entries = (await audit()).filter((e) => e.action === 'pin' || e.action === 'unpin');
    expect(entries.map((e) => [e.action, e.outcome, e.actor, e.component, e.seq])).toEqual([
      ['unpin', 'failed', 'operator', 'EntryAgent', bakSeq],
      ['unpin', 'succeeded', 'operator', 'EntryAgent', bakSeq],
      ['pin', 'failed', 'operator', 'EntryAgent', undefined],
      ['pin', 'succeeded', 'operator', 'EntryAgent', bakSeq],
    ]);
    expect(entries[3]).toMatchObject({ generation: 'bak', role: 'operator', detail: 'before the regime change', dryRun: false });
    expect(entries[2]?.detail).toContain('already pinned');
  });

  it('refuses viewers, anonymous and cross-site callers, and changes nothing', async () => {
    const body = { generation: 'current', note: 'keep' };
    expect((await fx.post('/api/components/EntryAgent/pins', body, null)).statusCode).toBe(401);
    const viewer = await fx.post('/api/components/EntryAgent/pins', body, 'viewer');
    expect(viewer.statusCode).toBe(403);
    expect(viewer.json<ErrorBody>().code).toBe('FORBIDDEN');
    expect((await fx.post('/api/components/EntryAgent/pins', body, 'operator', { origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await fx.post('/api/components/EntryAgent/pins', body, 'operator', { 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect(await listPins(fx.store, entryAgentCodec)).toEqual([]);

    await fx.post('/api/components/EntryAgent/pins', body);
    const seq = (await fx.store.read(entryAgentCodec, 'current')).header.seq;
    const url = `/api/components/EntryAgent/pins/${seq}`;
    expect((await unpin(url, null)).statusCode).toBe(401);
    expect((await unpin(url, 'viewer')).statusCode).toBe(403);
    expect((await unpin(url, 'operator', { origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await unpin(url, 'operator', { 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await listPins(fx.store, entryAgentCodec)).map((pin) => pin.seq)).toEqual([seq]);
  });

  it('answers bad bodies and unknown names with 400/404, and a rotated generation with 409', async () => {
    const post = (body: unknown, component = 'EntryAgent') => fx.post(`/api/components/${component}/pins`, body);
    for (const body of [{}, { generation: 'bak' }, { generation: 'bak', note: '' }, { generation: 'bak', note: 'x'.repeat(501) }, { generation: 'pin-1', note: 'x' }, { generation: 'bak3', note: 'x' }]) {
      expect((await post(body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await post({ generation: 'bak', note: 'x' }, 'NoSuchAgent')).statusCode).toBe(400);
    expect((await unpin('/api/components/EntryAgent/pins/abc')).statusCode).toBe(400);
    expect((await unpin('/api/components/EntryAgent/pins/-1')).statusCode).toBe(400);

    const bakSeq = (await fx.store.read(entryAgentCodec, 'bak')).header.seq;
    const rotated = await post({ generation: 'bak', note: 'x', expectedSeq: bakSeq - 1 });
    expect(rotated.statusCode).toBe(409);
    expect(rotated.json<ErrorBody>().code).toBe('GENERATION_CHANGED');
    expect(await listPins(fx.store, entryAgentCodec)).toEqual([]);

    const bak1 = fx.store.pathOf(entryAgentCodec, 'bak1');
    const bytes = await readFile(bak1);
    bytes[bytes.length - 100] = (bytes[bytes.length - 100] as number) ^ 0xff;
    await writeFile(bak1, bytes);
    const unusable = await post({ generation: 'bak1', note: 'x' });
    expect(unusable.statusCode).toBe(422);
    expect(unusable.json<ErrorBody>()).toMatchObject({ code: 'GENERATION_UNUSABLE', message: expect.stringContaining('hmac-mismatch') });

    const fresh = await createFixture({ generations: 1 });
    try {
      const absent = await fresh.post('/api/components/EntryAgent/pins', { generation: 'bak2', note: 'x' });
      expect(absent.statusCode).toBe(404);
      expect(absent.json<ErrorBody>().code).toBe('GENERATION_MISSING');
    } finally {
      await fresh.close();
    }
    expect((await audit()).filter((e) => e.action === 'pin').map((e) => [e.outcome, e.generation, e.seq])).toEqual([
      ['failed', 'bak1', undefined],
      ['failed', 'bak', bakSeq - 1],
    ]);
  });
});
