import { describe, expect, it } from 'vitest';
import { Mlp } from '../../src/demo/mlp.js';
import { QLearner } from '../../src/demo/q-learner.js';
import { Xoshiro128 } from '../../src/demo/random.js';

describe('QLearner (Watkins Q(lambda))', () => {
  const chain = (cutAfterSecond: boolean) => {
    const learner = new QLearner([0, 1], { alpha: 0.5, gamma: 1, lambda: 0.5, epsilon: 0 });
    for (const state of [1, 2, 3]) learner.visit(state);
    learner.learn(1, 0, 0, 2);
    learner.advanceTraces(true);
    learner.learn(2, 0, 0, 3);
    learner.advanceTraces(!cutAfterSecond);
    learner.learn(3, 0, 1, null);
    return [1, 2, 3].map((state) => learner.map.value(state, 0));
  };

  it('propagates a terminal reward back along decaying traces', () => {
    expect(chain(false)).toEqual([0.5 * 0.25, 0.5 * 0.5, 0.5]);
  });

  it('cuts the traces after an exploratory action', () => {
    expect(chain(true)).toEqual([0, 0, 0.5]);
  });

  it('clears the traces at the end of an episode and exports them as columns', () => {
    const learner = new QLearner([0, 1], { alpha: 0.5, gamma: 0.9, lambda: 0.9, epsilon: 0 });
    learner.visit(1);
    learner.learn(1, 1, 0, 1);
    learner.advanceTraces(true);
    const traces = learner.traces();
    expect(Array.from(traces.stateHash)).toEqual([1n]);
    expect(Array.from(traces.action)).toEqual([1]);
    expect(traces.eligibility[0]).toBeCloseTo(0.81, 12);
    learner.learn(1, 1, 1, null);
    expect(learner.traces().stateHash).toHaveLength(0);
    expect(learner.totalUpdates).toBe(2);
  });
});

describe('Mlp', () => {
  it('learns a separable danger signal online', () => {
    const network = new Mlp(2, 6, Xoshiro128.fromSeed(4));
    const rng = Xoshiro128.fromSeed(9);
    const input = new Float64Array(2);
    for (let i = 0; i < 4_000; i++) {
      input[0] = rng.nextFloat() * 2 - 1;
      input[1] = rng.nextFloat() * 2 - 1;
      network.train(input, input[0] > 0 ? 1 : 0, 0.1, 1);
    }
    expect(network.predict(Float64Array.of(0.9, 0))).toBeGreaterThan(0.8);
    expect(network.predict(Float64Array.of(-0.9, 0))).toBeLessThan(0.2);
  });

  it('loads stored layers and refuses another shape', () => {
    const a = new Mlp(3, 4, Xoshiro128.fromSeed(1));
    const b = new Mlp(3, 4, Xoshiro128.fromSeed(2));
    b.load(a.snapshot());
    const input = Float64Array.of(0.1, -0.2, 0.3);
    expect(b.predict(input)).toBe(a.predict(input));
    expect(() => new Mlp(3, 5, Xoshiro128.fromSeed(1)).load(a.snapshot())).toThrow(/3->4/);
  });
});
