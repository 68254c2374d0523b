import { describe, expect, it } from 'vitest';
import { DemoAgent } from '../../src/demo/agent.js';

/** The bytes behind a column, compared with Buffer.equals: deep equality over 1M elements is slow. */
function bytesOf(column: ArrayBufferView): Buffer {
  return Buffer.from(column.buffer, column.byteOffset, column.byteLength);
}

describe('DemoAgent at scale', () => {
  it('holds a million Q entries in columns, snapshots them without copying and restores them', () => {
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

    const restarted = new DemoAgent({ seed: 1, qEntries: 1_000 });
    const restoring = performance.now();
    restarted.restore(agent.snapshotAll());
    const restored = performance.now();
    const before = agent.snapshot('entryAgent');
    const after = restarted.snapshot('entryAgent');
    for (const column of ['stateHash', 'action', 'qValue'] as const) {
      expect(bytesOf(after.qTable[column]).equals(bytesOf(before.qTable[column])), column).toBe(true);
    }
    expect({ ...after, qTable: null }).toEqual({ ...before, qTable: null });
    expect(restarted.tick()).toEqual(agent.tick());
    console.log(
      `1M-entry demo: build ${(built - started).toFixed(0)} ms, 200 ticks + 2 snapshots ${(snapshotted - built).toFixed(0)} ms, ` +
        `restore ${(restored - restoring).toFixed(0)} ms, ${first.qTable.stateHash.length} entries`,
    );
  });
});
