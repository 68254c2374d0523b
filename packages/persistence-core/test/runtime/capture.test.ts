import { describe, expect, it } from 'vitest';
import { captureState } from '../../src/runtime/capture.js';

describe('captureState', () => {
  it('copies typed arrays (views only their own bytes), arrays and plain objects; later writes do not reach the copy', () => {
    const file = new Float64Array([1, 2, 3, 4, 5, 6]);
    const state = { q: file.subarray(2, 4), hashes: new BigUint64Array([7n]), names: ['a'], nested: { when: 5, flags: [true] }, id: 9n, rows: new Map([[1, 'x']]) };
    const copy = captureState(state);
    file[2] = 99;
    state.hashes[0] = 0n;
    state.names.push('b');
    state.nested.when = 6;
    state.rows.set(2, 'y');
    expect(copy.q).toEqual(new Float64Array([3, 4]));
    expect(copy.q.buffer.byteLength).toBe(16);
    expect(copy.hashes).toEqual(new BigUint64Array([7n]));
    expect(copy.names).toEqual(['a']);
    expect(copy.nested).toEqual({ when: 5, flags: [true] });
    expect(copy.id).toBe(9n);
    expect([...copy.rows]).toEqual([[1, 'x']]);
  });
});

describe('capture pool', () => {
  it('recycles the arrays of a written capture into the next capture of the same shape', async () => {
    const { AsyncSaveQueue } = await import('../../src/runtime/save-queue.js');
    const { CapturePool } = await import('../../src/runtime/capture-pool.js');
    const pool = new CapturePool();
    const saved: { q: Float64Array }[] = [];
    const queue = new AsyncSaveQueue({ pool, save: async (_codec, state) => void saved.push({ q: (state as { q: Float64Array }).q.slice() }) });
    const codec = { name: 'EntryAgent', priority: 1 } as never;
    const live = { q: new Float64Array([1, 2, 3]) };
    const first = await queue.enqueue(codec, live);
    const firstCopy = await first.done.then(() => pool.bytes);
    expect(firstCopy).toBe(24);
    live.q[0] = 10;
    await queue.save(codec, live);
    expect(pool.bytes).toBe(24);
    expect(saved.map((s) => Array.from(s.q))).toEqual([[1, 2, 3], [10, 2, 3]]);
    await queue.save(codec, { q: live.q }, { owned: true });
    expect(pool.bytes).toBe(24); // an owned state is never recycled
  });
});
