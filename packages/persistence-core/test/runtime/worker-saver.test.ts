import { describe, expect, it } from 'vitest';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import type { ComponentCodec } from '../../src/components/codec.js';
import { Keyring } from '../../src/signing/keyring.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import { AsyncSaveQueue } from '../../src/runtime/save-queue.js';
import { WorkerSaver } from '../../src/runtime/worker-saver.js';
import { useTempDirs } from './temp-dir.js';

const tempDir = useTempDirs();

describe('worker saver', () => {
  it('saves through the queue in a worker thread; the main thread loads what it wrote', async () => {
    const directory = await tempDir();
    const keyring = Keyring.generate();
    const saver = new WorkerSaver({ directory, keyring, reserveBytes: 0 });
    const queue = new AsyncSaveQueue({ save: (codec, state) => saver.save(codec, state) });
    const state = { ...entryAgentCodec.fresh(), totalUpdates: 42, qTable: { stateHash: new BigUint64Array([5n, 6n]), action: new Uint8Array([1, 2]), qValue: new Float64Array([0.5, -0.5]) } };
    const result = await queue.save(entryAgentCodec, state);
    expect(result).toMatchObject({ component: 'EntryAgent', seq: 1 });
    expect(state.qTable.qValue.length).toBe(2); // the caller's arrays were copied, not transferred
    const unknown = { name: 'NoSuchComponent', priority: 3 } as unknown as ComponentCodec<unknown>;
    await expect(queue.save(unknown, {})).rejects.toThrow(/unknown component/);
    await saver.close();
    const store = await StateDirectory.open({ directory, keyring });
    const loaded = await store.load(entryAgentCodec);
    expect(loaded.state.totalUpdates).toBe(42);
    expect(Array.from(loaded.state.qTable.qValue)).toEqual([0.5, -0.5]);
  });
});

describe('worker saver with a capture pool', () => {
  it('gets the transferred buffers back from the worker for the next capture', async () => {
    const { CapturePool } = await import('../../src/runtime/capture-pool.js');
    const directory = await tempDir();
    const keyring = Keyring.generate();
    const pool = new CapturePool();
    const saver = new WorkerSaver({ directory, keyring, reserveBytes: 0, pool });
    const queue = new AsyncSaveQueue({ pool, save: (codec, state) => saver.save(codec, state) });
    const state = { ...entryAgentCodec.fresh(), qTable: { stateHash: new BigUint64Array(1000), action: new Uint8Array(1000), qValue: new Float64Array(1000).fill(0.25) } };
    await queue.save(entryAgentCodec, state);
    expect(pool.bytes).toBe(17_000);
    await queue.save(entryAgentCodec, state);
    expect(pool.bytes).toBe(17_000);
    await saver.close();
    const loaded = await (await StateDirectory.open({ directory, keyring })).load(entryAgentCodec);
    expect(loaded.header?.seq).toBe(2);
    expect(loaded.state.qTable.qValue[999]).toBe(0.25);
  });
});

describe('worker saver with a copy-on-write SharedState', () => {
  it('writes exactly the state at enqueue while the agent keeps writing during the copy', async () => {
    const { SharedState, sharedColumn } = await import('../../src/runtime/shared-state.js');
    const directory = await tempDir();
    const keyring = Keyring.generate();
    const entries = 50_000;
    const qTable = { stateHash: sharedColumn(BigUint64Array, entries), action: sharedColumn(Uint8Array, entries), qValue: sharedColumn(Float64Array, entries) };
    for (let i = 0; i < entries; i++) (qTable.stateHash[i] = BigInt(i)), (qTable.action[i] = i & 3), (qTable.qValue[i] = i / 8);
    const live = { ...entryAgentCodec.fresh(), totalUpdates: 7, qTable };
    const shared = new SharedState(live, { chunkBytes: 1024 });
    const saver = new WorkerSaver({ directory, keyring, reserveBytes: 0 });
    const queue = new AsyncSaveQueue({ copiesShared: true, save: (codec, state) => saver.save(codec, state) });
    const expected = Array.from(qTable.qValue);
    const ticket = await queue.enqueue(entryAgentCodec, shared);
    let settled = false;
    void ticket.done.finally(() => (settled = true));
    let writes = 0;
    for (let i = 0; !settled; i = (i + 7919) % entries) {
      shared.touch(qTable.qValue, i);
      qTable.qValue[i] = -1;
      if (++writes % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    live.totalUpdates = 8;
    expect((await ticket.done).seq).toBe(1);
    await saver.close();
    const loaded = await (await StateDirectory.open({ directory, keyring })).load(entryAgentCodec);
    expect(loaded.state.totalUpdates).toBe(7);
    expect(Array.from(loaded.state.qTable.qValue)).toEqual(expected);
    expect(writes).toBeGreaterThan(0);
  });
});
