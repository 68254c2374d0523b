// Assertions and waits shared by the s3rver and Ceph suites.

import { activePositionCodec } from '@quantum/persistence-core';
import { expect } from 'vitest';
import type { Replicator } from '../../src/replicator.js';
import type { TestState } from './state.js';

export async function remoteSeqs(replicator: Replicator, component = 'ActivePosition'): Promise<number[]> {
  return (await replicator.catalog.generations(component)).map((object) => object.seq);
}

/**
 * Nothing committed is missing: every seq up to the newest is in the bucket or was reported as
 * missed, never both, and every local generation is in the bucket. `missedAllowed: false`: every seq is in the bucket.
 */
export async function expectComplete(state: TestState, replicator: Replicator, options: { missedAllowed?: boolean } = {}): Promise<void> {
  const newest = (await state.store.currentHeader(activePositionCodec))!.seq;
  const remote = await remoteSeqs(replicator);
  const missed = replicator.cursor.components['ActivePosition']?.missed ?? [];
  const local = (await state.store.inspect(activePositionCodec)).flatMap((report) => (report.seq === undefined ? [] : [report.seq]));
  const facts = `bucket ${remote.join(',')}; reported missed ${missed.join(',')}; local ${local.join(',')}; newest ${newest}`;
  expect(remote.filter((seq) => missed.includes(seq)), facts).toEqual([]);
  expect([...remote, ...missed].sort((a, b) => a - b), facts).toEqual(Array.from({ length: newest }, (_, i) => i + 1));
  expect(local.every((seq) => remote.includes(seq)), facts).toBe(true);
  if (options.missedAllowed === false) expect(missed, facts).toEqual([]);
}

export async function waitFor(condition: () => Promise<boolean>, what: string | (() => string), timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
