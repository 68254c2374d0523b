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
