import { describe, expect, it } from 'vitest';
import { Xoshiro128 } from '../../src/demo/random.js';
import { Ring } from '../../src/demo/ring.js';

describe('xoshiro128**', () => {
  it('matches the reference sequence for state [1, 2, 3, 4]', () => {
    const rng = new Xoshiro128(Uint32Array.of(1, 2, 3, 4));
    const first = Array.from({ length: 6 }, () => rng.nextUint32());
    expect(first).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('continues identically from a copied state', () => {
    const a = Xoshiro128.fromSeed(99, 4);
    for (let i = 0; i < 10; i++) a.nextUint32();
    const b = new Xoshiro128(a.state);
    expect(Array.from({ length: 20 }, () => a.nextFloat())).toEqual(Array.from({ length: 20 }, () => b.nextFloat()));
  });

  it('gives different streams for different seeds and stream ids', () => {
    const draw = (seed: number, stream: number) => Xoshiro128.fromSeed(seed, stream).nextUint32();
    expect(new Set([draw(1, 0), draw(2, 0), draw(1, 1)]).size).toBe(3);
  });

  it('rejects the all-zero state', () => {
    expect(() => new Xoshiro128(new Uint32Array(4))).toThrow(/all zero/);
  });
});

describe('Ring', () => {
  it('exports oldest first and restores to the same window', () => {
    const ring = new Ring(3);
    for (const value of [1, 2, 3, 4, 5]) ring.push(value);
    expect(Array.from(ring.chronological())).toEqual([3, 4, 5]);
    const copy = new Ring(3);
    copy.restore(ring.chronological());
    copy.push(6);
    ring.push(6);
    expect(copy.chronological()).toEqual(ring.chronological());
  });
});
