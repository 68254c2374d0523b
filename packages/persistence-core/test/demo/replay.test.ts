import { describe, expect, it } from 'vitest';
import { Xoshiro128 } from '../../src/demo/random.js';
import { type Experience, ReplayBuffer } from '../../src/demo/replay.js';

function experience(i: number): Experience {
  return {
    stateHash: 1000 + i,
    action: 1,
    reward: { total: i, mfeCapture: 0, maePenalty: 0, givebackPenalty: 0, pathSmoothness: 0, timeDecay: 0 },
    nextStateHash: 2000 + i,
    isTerminal: true,
    timestamp: i,
    regime: 2,
  };
}

describe('ReplayBuffer', () => {
  it('keeps the CDF equal to the running sum of priorities through wrap-around and re-prioritisation', () => {
    const buffer = new ReplayBuffer(7);
    const rng = Xoshiro128.fromSeed(5);
    for (let i = 0; i < 19; i++) {
      buffer.add(experience(i), 0.1 + rng.nextFloat());
      if (i % 3 === 0) buffer.setPriority(rng.nextInt(buffer.size), rng.nextFloat() * 5);
      const state = buffer.view();
      let running = 0;
      state.priorities.forEach((priority, slot) => {
        running += priority;
        expect(state.cdf[slot]).toBe(running);
      });
      expect(state.sumPriorities).toBe(running);
      expect(state.nextIndex).toBeLessThan(state.capacity);
      expect(state.currentSize).toBe(Math.min(i + 1, 7));
    }
    // 19 adds into 7 slots: slot 0 holds the 15th experience
    expect(buffer.view().experiences.stateHash[0]).toBe(1014n);
  });

  it('samples slots in proportion to their priorities', () => {
    const buffer = new ReplayBuffer(4);
    [1, 2, 3, 4].forEach((priority, i) => buffer.add(experience(i), priority));
    const rng = Xoshiro128.fromSeed(11);
    const counts = [0, 0, 0, 0];
    const draws = 40_000;
    for (let i = 0; i < draws; i++) counts[buffer.sample(rng).slot]! += 1;
    counts.forEach((count, slot) => expect(count / draws).toBeCloseTo((slot + 1) / 10, 1));
    expect(buffer.totalSamplesTaken).toBe(draws);
  });

  it('reloads a stored buffer with a bit-identical CDF and the same sampling future', () => {
    const original = new ReplayBuffer(16);
    const rng = Xoshiro128.fromSeed(3);
    for (let i = 0; i < 21; i++) original.add(experience(i), rng.nextFloat() + 0.01);
    const stored = structuredClone(original.view());
    const reloaded = new ReplayBuffer(16);
    reloaded.load(stored);
    expect(reloaded.view()).toEqual(original.view());
    const a = Xoshiro128.fromSeed(8);
    const b = Xoshiro128.fromSeed(8);
    for (let i = 0; i < 50; i++) expect(reloaded.sample(b)).toEqual(original.sample(a));
  });

  it('refuses a stored buffer of another capacity', () => {
    const small = new ReplayBuffer(4);
    expect(() => new ReplayBuffer(8).load(small.view())).toThrow(/capacity 4/);
  });
});

describe('ReplayBuffer.load', () => {
  it('refuses a write position that would overwrite rows while slots are still empty', () => {
    const original = new ReplayBuffer(8);
    for (let i = 0; i < 3; i++) original.add(experience(i), 1);
    const stored = structuredClone(original.view());
    expect(() => new ReplayBuffer(8).load({ ...stored, nextIndex: 1 })).toThrow(/3 rows with nextIndex 1/);
  });
});
