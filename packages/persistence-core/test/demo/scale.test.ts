import { describe, expect, it } from 'vitest';
import { DemoAgent } from '../../src/demo/agent.js';

describe('DemoAgent at scale', () => {
  it('holds a million Q entries in columns and snapshots them without copying', () => {
    const started = performance.now();
    const agent = new DemoAgent({ seed: 1, qEntries: 1_000_000 });
    const built = performance.now();
    for (let i = 0; i < 200; i++) agent.tick();
    const first = agent.snapshot('entryAgent');
    const second = agent.snapshot('entryAgent');
    const snapshotted = performance.now();
    expect(first.qTable.stateHash.length).toBeGreaterThanOrEqual(1_000_000);
    expect(first.qTable.action.length).toBe(first.qTable.stateHash.length);
    expect(first.stateSpaceSize).toBeGreaterThanOrEqual(Math.ceil(1_000_000 / 3));
    expect(second.qTable.qValue.buffer).toBe(first.qTable.qValue.buffer);
    const distinct = new Set<bigint>();
    for (let i = 0; i < first.qTable.stateHash.length; i += 3) distinct.add(first.qTable.stateHash[i] as bigint);
    expect(distinct.size).toBe(Math.ceil(first.qTable.stateHash.length / 3));
    console.log(
      `1M-entry demo: build ${(built - started).toFixed(0)} ms, 200 ticks + 2 snapshots ${(snapshotted - built).toFixed(0)} ms, ` +
        `${first.qTable.stateHash.length} entries`,
    );
  });
});
