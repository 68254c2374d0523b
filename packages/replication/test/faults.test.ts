// Faults the issue lists, on the emulator: the store goes away in the middle of an upload and
// comes back; wrong credentials; the agent is killed mid-replication. (Objects corrupted or
// deleted behind the replicator's back: verify-restore.test.ts and ceph.test.ts; the replicator
// killed: outbox.test.ts and ceph.test.ts; a wrong secret with a valid key id: ceph.test.ts,
// s3rver does not check signatures.)

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readdir } from 'node:fs/promises';
import { writeKeyring } from '@quantum/persistence-core';
import { describe, expect, it } from 'vitest';
import { defaultComponents } from '../src/components.js';
import { StoreError } from '../src/errors.js';
import { readReplicationStatus } from '../src/disk-status.js';
import { listLocalGenerations } from '../src/local-generations.js';
import { OUTBOX_DIRECTORY } from '../src/outbox.js';
import { expectComplete, waitFor } from './support/checks.js';
import { useS3rverFixture } from './support/fixture.js';
import { openReplicator } from './support/replicator.js';
import { startFlakyProxy } from './support/proxy.js';

const fx = useS3rverFixture('faults');

describe('faults', () => {
  it('the store goes away in the middle of an upload and comes back: reported, backed off, nothing lost or sent twice', async () => {
    const proxy = await startFlakyProxy(fx.emulator.port);
    const replicator = await fx.replicator({ target: { ...fx.target(), endpoint: proxy.endpoint }, pollMs: 20 });
    try {
      await replicator.runOnce();
      for (let ticket = 1; ticket <= 3; ticket++) await fx.state.savePosition(ticket);
      await replicator.runOnce();
      const cut = proxy.cutNextPut();
      replicator.start();
      for (let ticket = 4; ticket <= 15; ticket++) await fx.state.savePosition(ticket);
      await cut;
      await waitFor(async () => (await replicator.status()).consecutiveFailures >= 3, 'failures to be reported');
      for (let ticket = 16; ticket <= 20; ticket++) await fx.state.savePosition(ticket);
      const failing = await readReplicationStatus(fx.state.directory);
      expect(failing.lastError?.message).toMatch(/unreachable/);
      expect(failing.lag.generations).toBeGreaterThan(4);
      proxy.restore();
      await waitFor(async () => (await replicator.lag()).generations === 0, 'catching up after the outage');
    } finally {
      await replicator.stop();
      await proxy.close();
    }
    await expectComplete(fx.state, await fx.replicator(), { missedAllowed: false });
    expect(await readdir(join(fx.state.directory, OUTBOX_DIRECTORY))).toEqual([]);
    const recovered = await readReplicationStatus(fx.state.directory);
    expect(recovered.lastError).toBeUndefined();
  });

  it('wrong credentials (an unknown access key: s3rver checks only the key id) are reported as such, in the status too', async () => {
    await fx.replicator(); // creates the bucket
    const wrongTarget = { ...fx.target(), credentials: { accessKeyId: 'NOT-S3RVER', secretAccessKey: 'wrong' } };
    const replicator = await openReplicator({ target: () => wrongTarget }, fx.state);
    // A HEAD answer has no body: 403 is all it says.
    await expect(replicator.bucket.ensureExists()).rejects.toMatchObject({ failure: 'access-denied', message: expect.stringContaining('wrong credentials or no permission') });
    await fx.state.savePosition(1);
    const failure = await replicator.runOnce().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StoreError);
    expect((failure as StoreError).failure).toBe('credentials');
    expect((await readReplicationStatus(fx.state.directory)).lastError?.message).toMatch(/check the access key and secret/);
  });

  it('the agent is killed mid-replication: every generation it committed reaches the bucket and verifies', async () => {
    const components = defaultComponents();
    const replicator = await fx.replicator({ all: true, pollMs: 50 });
    await replicator.runOnce();
    const keyringPath = join(fx.state.root, 'keyring.json');
    await writeKeyring(keyringPath, fx.state.keyring);
    // A second writer process on the same directory: the test's own StateDirectory stays idle.
    const cli = createRequire(import.meta.url).resolve('@quantum/persistence-core').replace(/index\.js$/, 'cli/main.js');
    const agent = spawn(process.execPath, [cli, 'demo', '--dir', fx.state.directory, '--keyring', keyringPath], { stdio: 'ignore' });
    const exited = new Promise((resolve) => agent.once('exit', resolve));
    replicator.start();
    try {
      await waitFor(async () => (await replicator.status()).totals.uploaded >= 30, 'the agent to save and the replicator to upload');
    } finally {
      agent.kill('SIGKILL');
      await exited;
    }
    await waitFor(async () => (await replicator.lag()).generations === 0, 'catching up after the agent died');
    await replicator.stop();
    for (const component of components) {
      const newest = Math.max(0, ...(await listLocalGenerations(fx.state.store.fs, fx.state.directory, component)).map((generation) => generation.seq));
      const remote = (await replicator.catalog.generations(component.name)).map((object) => object.seq);
      expect(remote, component.name).toEqual(Array.from({ length: newest }, (_, i) => i + 1));
      expect(replicator.cursor.components[component.name]?.missed ?? [], component.name).toEqual([]);
    }
    expect((await replicator.verify({ all: true })).ok).toBe(true);
  });
});
