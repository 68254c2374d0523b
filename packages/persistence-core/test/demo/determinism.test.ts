import { describe, expect, it } from 'vitest';
import { DemoAgent } from '../../src/demo/agent.js';
import { run } from './helpers.js';

describe('DemoAgent determinism', () => {
  it('produces the same events and states for the same seed', () => {
    const a = new DemoAgent({ seed: 7, qEntries: 2_000, replayCapacity: 128 });
    const b = new DemoAgent({ seed: 7, qEntries: 2_000, replayCapacity: 128 });
    expect(run(a, 1_500)).toEqual(run(b, 1_500));
    expect(a.snapshotAll()).toEqual(b.snapshotAll());
  });

  it('produces a different history for another seed', () => {
    const a = new DemoAgent({ seed: 7, qEntries: 2_000 });
    const b = new DemoAgent({ seed: 8, qEntries: 2_000 });
    run(a, 300);
    run(b, 300);
    expect(a.snapshot('physics').vpinHistory).not.toEqual(b.snapshot('physics').vpinHistory);
    expect(a.snapshot('entryAgent').qTable.stateHash).not.toEqual(b.snapshot('entryAgent').qTable.stateHash);
  });
});
