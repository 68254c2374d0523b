import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComponentDetail, ComponentList, DiskStatus, VerifyResult } from '@quantum/api-contract';
import { HeaderFlag, codecByName, componentNames } from '@quantum/persistence-core';
import { createFixture, type Fixture } from './support/fixture.js';

describe('component health routes', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await createFixture();
  });
  afterAll(async () => fx.close());

  it('lists every component of the registry with the health of its current generation', async () => {
    const response = await fx.get('/api/components');
    expect(response.statusCode).toBe(200);
    const body = response.json<ComponentList>();
    expect(body.components.map((c) => c.component)).toEqual([...componentNames]);
    const entry = body.components.find((c) => c.component === 'EntryAgent')!;
    expect(entry.health).toBe('valid');
    expect(entry.active?.generation).toBe('current');
    expect(entry.active?.seq).toBe(3);
    expect(entry.active?.keyFingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(entry.validGenerations).toBe(3);
    expect(body.components.find((c) => c.component === 'ActivePosition')?.health).toBe('empty');
  });

  it('shows each generation with seq, age, size, schema version and the reason of an unusable one', async () => {
    const response = await fx.get('/api/components/ExitAgent');
    expect(response.statusCode).toBe(200);
    const body = response.json<ComponentDetail>();
    expect(body.generations.map((g) => [g.generation, g.status, g.seq])).toEqual([
      ['current', 'valid', 3],
      ['bak', 'valid', 2],
      ['bak1', 'valid', 1],
      ['bak2', 'missing', undefined],
    ]);
    expect(body.generations[0]?.ageMs).toBeGreaterThanOrEqual(0);
    expect(body.generations[0]?.pendingMigration).toBe(false);
    expect(body.pins).toEqual([]);
  });

  it('reports the disk and what the degradation policy would skip', async () => {
    const body = (await fx.get('/api/disk')).json<DiskStatus>();
    expect(body.totalBytes).toBeGreaterThan(0);
    expect(body.freeBytes).toBeGreaterThan(0);
    expect(body.reserveBytes).toBe(0);
    expect(body.skippedNow).toEqual([]);
    expect(body.components.find((c) => c.component === 'ReplayBuffer')?.estimatedSaveBytes).toBeGreaterThan(0);
  });

  it('verifies every generation of every component on demand', async () => {
    const response = await fx.post('/api/verify', undefined, 'viewer');
    expect(response.statusCode).toBe(200);
    const body = response.json<VerifyResult>();
    expect(body.validFiles).toBe(27);
    expect(body.rejectedFiles).toBe(0);
  });

  it('answers 404 for an unknown component and 400 for a name outside the closed set pattern', async () => {
    expect((await fx.get('/api/components/NoSuchAgent')).statusCode).toBe(400);
    expect((await fx.get('/api/components/..%2F..%2Fetc')).statusCode).toBe(400);
    expect((await fx.get('/api/components/entryagent')).statusCode).toBe(400);
  });
});

describe('disk degradation policy', () => {
  it('skips the lowest priorities first when the space above the reserve runs short', async () => {
    const fx = await createFixture({ generations: 1 });
    try {
      const sizes = (await fx.get('/api/disk')).json<DiskStatus>().components;
      const priority1 = sizes.filter((c) => c.priority === 1).reduce((sum, c) => sum + c.estimatedSaveBytes, 0);
      // A disk whose space above the reserve holds the priority-1 components and 10 bytes more.
      Object.defineProperty(fx.store, 'reserveBytes', { value: 1000 });
      Object.defineProperty(fx.store, 'space', { value: async () => ({ totalBytes: 1e9, freeBytes: 1000 + priority1 + 10 }) });
      const body = (await fx.get('/api/disk')).json<DiskStatus>();
      const skipped = new Set(body.skippedNow);
      for (const c of body.components) expect(skipped.has(c.component), c.component).toBe(c.priority > 1 && c.estimatedSaveBytes > 10);
    } finally {
      await fx.close();
    }
  });
});

describe('a generation committed as SUSPECT', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await createFixture();
  });
  afterAll(async () => fx.close());

  it('shows a generation the guard committed as SUSPECT', async () => {
    await fx.store.save(codecByName('LearningMetrics')!, fx.agent.snapshotAll().learningMetrics, { flags: HeaderFlag.SUSPECT });
    const body = (await fx.get('/api/components/LearningMetrics')).json<ComponentDetail>();
    expect(body.generations.map((g) => [g.generation, g.suspect])).toEqual([
      ['current', true],
      ['bak', false],
      ['bak1', false],
      ['bak2', false],
    ]);
  });
});
