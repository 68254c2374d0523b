import { readFile, utimes, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { ComponentList, Job, VerifyResult } from '@quantum/api-contract';
import { entryAgentCodec, exitAgentCodec, nodeFileSystem } from '@quantum/persistence-core';
import { ListingStats } from '../src/state/listing-stats.js';
import { createFixture, type Fixture } from './support/fixture.js';
import { waitForJob } from './support/jobs.js';

// The listing reuses file stats while the state directory is unchanged (listing-stats.ts). A
// directory whose last change is older than the settling margin is made by setting its mtime
// into the past, so no test waits for the clock.

describe('the listing stats the state directory again only when it changed', () => {
  let fx: Fixture;
  afterEach(async () => fx.close());

  const settle = (directory: string): Promise<void> => utimes(directory, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
  const list = async () => (await fx.get('/api/components')).json<ComponentList>().components;
  const active = async (component: string) => (await list()).find((c) => c.component === component)?.active;
  /** Generation files the console stat'ed while `action` ran. */
  const filesStatted = async (action: () => Promise<unknown>): Promise<number> => {
    const { counts } = fx.app.services.state.listingStats;
    const before = counts.files;
    await action();
    return counts.files - before;
  };

  it('reuses the stats of an unchanged directory, and shows a new save and a restore at once', async () => {
    fx = await createFixture();
    await settle(fx.directory);
    expect(await filesStatted(list)).toBe(fx.app.services.state.codecs.length * 4);
    expect(await filesStatted(list)).toBe(0);
    expect(await filesStatted(() => fx.get('/api/components/EntryAgent/generations'))).toBe(0);

    // A save renames files in the directory: the next listing has it.
    await fx.store.save(entryAgentCodec, fx.agent.snapshotAll().entryAgent);
    expect((await active('EntryAgent'))?.seq).toBe(4);

    await settle(fx.directory);
    await list();
    expect(await filesStatted(list)).toBe(0);
    const started = await fx.post('/api/components/ExitAgent/restore', { generation: 'bak1' });
    expect((await waitForJob(fx, started.json<Job>().id)).state).toBe('succeeded');
    expect(await active('ExitAgent')).toMatchObject({ generation: 'current', seq: 4, restored: true });
  });

  it('stats every file while the directory changed within the settling margin', async () => {
    fx = await createFixture();
    // A change in the same clock tick as the listing's look could leave the mtime as it was.
    await utimes(fx.directory, new Date(), new Date());
    const each = fx.app.services.state.codecs.length * 4;
    expect(await filesStatted(list)).toBe(each);
    expect(await filesStatted(list)).toBe(each);
  });

  it('sees a file rewritten in place at once after verify-now', async () => {
    fx = await createFixture();
    await settle(fx.directory);
    await list();
    // Rewritten in place (not by rename): the directory does not change.
    const path = fx.store.pathOf(exitAgentCodec, 'current');
    const bytes = await readFile(path);
    bytes[bytes.length - 100] = (bytes[bytes.length - 100] as number) ^ 0xff;
    await writeFile(path, bytes);
    const verified = (await fx.post('/api/verify', undefined, 'viewer')).json<VerifyResult>();
    const exit = verified.components.find((c) => c.summary.component === 'ExitAgent');
    expect(exit?.generations[0]).toMatchObject({ generation: 'current', status: 'rejected', reason: 'hmac-mismatch' });
    expect(await active('ExitAgent')).toMatchObject({ generation: 'bak', seq: 2 });
  });
});

describe('ListingStats', () => {
  let fx: Fixture;
  afterEach(async () => fx.close());

  it('stats every file again once a snapshot is maxAgeMs old, and always with maxAgeMs 0', async () => {
    fx = await createFixture({ generations: 1 });
    let clock = Date.now();
    const stats = new ListingStats(nodeFileSystem, fx.directory, { maxAgeMs: 1000, now: () => clock });
    const path = fx.store.pathOf(entryAgentCodec, 'current');
    await utimes(fx.directory, new Date(clock - 60_000), new Date(clock - 60_000));
    const look = async (): Promise<number> => {
      const before = stats.counts.files;
      expect((await (await stats.view())(path))?.size).toBeGreaterThan(0);
      return stats.counts.files - before;
    };
    expect(await look()).toBe(1);
    clock += 999;
    expect(await look()).toBe(0);
    clock += 1;
    expect(await look()).toBe(1);
    stats.forget();
    expect(await look()).toBe(1);
    stats.maxAgeMs = 0;
    expect(await look()).toBe(1);
    expect(await look()).toBe(1);
    expect(stats.counts.directory).toBe(4);
  });
});
