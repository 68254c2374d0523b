import { describe, expect, it } from 'vitest';
import type { ComponentCodec } from '../../src/components/codec.js';
import { AsyncSaveQueue } from '../../src/runtime/save-queue.js';
import { beginChunk, completeCopy, endChunk, RESCUED } from '../../src/runtime/shared-copy.js';
import { SharedCapture, SharedState, sharedColumn } from '../../src/runtime/shared-state.js';

const CHUNK = 64; // bytes: 8 Float64 entries per chunk, so a small state has many chunks

function liveState(entries = 100) {
  const q = sharedColumn(Float64Array, entries);
  const hashes = sharedColumn(BigUint64Array, entries);
  for (let i = 0; i < entries; i++) (q[i] = i + 0.5), (hashes[i] = BigInt(i * 7));
  return { q, hashes, epsilon: 0.3, names: ['a'], small: new Uint8Array([1, 2]) };
}

type Live = ReturnType<typeof liveState>;

function snapshotOf(live: Live) {
  return { q: Array.from(live.q), hashes: Array.from(live.hashes), epsilon: live.epsilon, names: [...live.names], small: Array.from(live.small) };
}

describe('copy-on-write capture of shared columns', () => {
  it('holds exactly the state at capture although every chunk is written before the copy runs', () => {
    const live = liveState();
    const shared = new SharedState(live, { chunkBytes: CHUNK });
    const expected = snapshotOf(live);
    const capture = shared.capture();
    for (let i = 0; i < live.q.length; i += 3) {
      shared.touch(live.q, i);
      live.q[i] = -1;
      shared.touch(live.hashes, i);
      live.hashes[i] = 0n;
    }
    shared.touchRange(live.q, 90, 100);
    live.q.fill(-2, 90, 100);
    live.epsilon = 0.9;
    live.names.push('b');
    live.small[0] = 9;
    expect(snapshotOf(capture.complete())).toEqual(expected);
    expect(live.q[0]).toBe(-1);
    expect(live.q[99]).toBe(-2);
  });

  it('a chunk the copier is reading is rescued by the agent, and the rescued bytes replace a torn copy', () => {
    const live = liveState();
    const shared = new SharedState(live, { chunkBytes: CHUNK });
    const expected = snapshotOf(live);
    const capture = shared.capture();
    const column = capture.job.columns.find((c) => c.source === (live.q.buffer as unknown))!;
    const chunk = column.firstChunk + 2; // entries 16..23
    expect(beginChunk(capture.job, column, chunk)).toBe(true);
    capture.state.q[17] = 12345; // what a copy torn by the agent's concurrent write would hold
    shared.touch(live.q, 17);
    expect(capture.job.flags[chunk]).toBe(RESCUED);
    live.q[17] = -7;
    endChunk(capture.job, column, chunk);
    completeCopy(capture.job);
    expect(snapshotOf(capture.state)).toEqual(expected);
    expect(live.q[17]).toBe(-7);
  });

  it('keeps two captures in flight apart and reuses released targets', () => {
    const live = liveState();
    const shared = new SharedState(live, { chunkBytes: CHUNK });
    const first = shared.capture();
    const firstExpected = snapshotOf(live);
    shared.touch(live.q, 5);
    live.q[5] = 55;
    const second = shared.capture();
    const secondExpected = snapshotOf(live);
    shared.touch(live.q, 5);
    live.q[5] = 66;
    expect(second.state.q.buffer).not.toBe(first.state.q.buffer);
    expect(snapshotOf(second.complete())).toEqual(secondExpected);
    expect(snapshotOf(first.complete())).toEqual(firstExpected);
    first.release();
    const third = shared.capture();
    expect(third.state.q.buffer).toBe(first.state.q.buffer);
    expect(third.complete().q[5]).toBe(66);
  });

  it('rejects a touch of a column it does not track', () => {
    const shared = new SharedState(liveState(), { chunkBytes: CHUNK });
    shared.capture();
    expect(() => shared.touch(new Float64Array(4), 0)).toThrow(/not a shared column/);
  });
});

describe('the queue with a SharedState', () => {
  const entry = { name: 'EntryAgent', priority: 1 } as unknown as ComponentCodec<unknown>;

  it('captures at enqueue without copying, completes for a plain saver when it runs, releases after the write', async () => {
    const live = liveState();
    const shared = new SharedState(live, { chunkBytes: CHUNK });
    const saved: unknown[] = [];
    let releaseFirst = (): void => undefined;
    const firstWrite = new Promise<void>((resolve) => (releaseFirst = resolve));
    const queue = new AsyncSaveQueue({ concurrency: 1, save: async (codec, state) => (codec.name === 'Other' ? firstWrite : void saved.push(snapshotOf(state as Live))) });
    const blocker = await queue.enqueue({ name: 'Other', priority: 1 } as unknown as ComponentCodec<unknown>, {});
    const expected = snapshotOf(live);
    const ticket = await queue.enqueue(entry, shared);
    expect(queue.stats).toMatchObject({ queued: 1, bytes: 16 + shared.capturedBytes });
    shared.touch(live.q, 0);
    live.q[0] = 99; // after the capture, before the save runs
    releaseFirst();
    await Promise.all([blocker.done, ticket.done]);
    expect(saved[0]).toEqual(expected);
    expect(queue.stats.bytes).toBe(0);
  });

  it('hands the SharedCapture itself to a saver that copies it (copiesShared)', async () => {
    const shared = new SharedState(liveState(), { chunkBytes: CHUNK });
    const received: unknown[] = [];
    const queue = new AsyncSaveQueue({ copiesShared: true, save: async (_codec, state) => void received.push(state) });
    await queue.save(entry, shared);
    expect(received[0]).toBeInstanceOf(SharedCapture);
  });
});

describe('captureState of a SharedState', () => {
  it('copies it whole, now: later writes need no barrier', async () => {
    const { captureState } = await import('../../src/runtime/capture.js');
    const live = liveState();
    const shared = new SharedState(live, { chunkBytes: CHUNK });
    const expected = snapshotOf(live);
    const copy = captureState({ agent: shared }).agent as unknown as Live;
    live.q[3] = -3; // no touch needed: nothing is being copied
    expect(snapshotOf(copy)).toEqual(expected);
  });
});
