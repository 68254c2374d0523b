// The s3rver suites' shared setup: one emulator per file, and per test a fresh state directory
// (new keyring) and a bucket of its own, with a replicator opened on both.

import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { ReplicationTarget } from '../../src/config.js';
import type { Replicator, ReplicatorOptions } from '../../src/replicator.js';
import { openReplicator } from './replicator.js';
import type { Emulator } from './s3rver.js';
import { startEmulator } from './s3rver.js';
import type { TestState } from './state.js';
import { makeState } from './state.js';

export interface S3rverFixture {
  readonly emulator: Emulator;
  readonly state: TestState;
  /** Replaces this test's state directory by a fresh one made with `options` (e.g. a small outbox bound). */
  restate(options: Parameters<typeof makeState>[1]): Promise<TestState>;
  /** This test's bucket (installation `agent-1` unless given). */
  target(installation?: string): ReplicationTarget;
  /** A replicator of this test's state to this test's bucket, which it creates (ActivePosition only unless `all`). */
  replicator(options?: Partial<ReplicatorOptions> & { all?: boolean }): Promise<Replicator>;
}

export function useS3rverFixture(bucketPrefix: string): S3rverFixture {
  let emulator: Emulator | undefined;
  let state: TestState | undefined;
  let bucket = '';
  let counter = 0;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await emulator?.close();
  });
  beforeEach(async () => {
    state = await makeState();
    bucket = `${bucketPrefix}-${++counter}`;
  });
  afterEach(async () => {
    await state?.cleanup();
  });
  const fixture: S3rverFixture = {
    get emulator() {
      return emulator!;
    },
    get state() {
      return state!;
    },
    async restate(options) {
      await state?.cleanup();
      state = await makeState(undefined, options);
      return state;
    },
    target: (installation = 'agent-1') => fixture.emulator.target(installation, bucket),
    async replicator(options = {}) {
      const replicator = await openReplicator({ target: () => fixture.target() }, fixture.state, options);
      await replicator.bucket.ensureExists();
      return replicator;
    },
  };
  return fixture;
}
