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
