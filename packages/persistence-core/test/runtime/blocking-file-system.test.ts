import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlockingFileSystem, SYSCALL_BYTES } from '../../src/runtime/blocking-file-system.js';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import { Keyring } from '../../src/signing/keyring.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import { useTempDirs } from './temp-dir.js';

const tempDir = useTempDirs();
/** Bytes that differ at every offset, so a chunk written or read at the wrong place shows. */
const pattern = (length: number, seed = 7): Uint8Array => Uint8Array.from({ length }, (_, i) => (i * 31 + seed + (i >>> 8)) & 0xff);

describe('blocking file system (the save worker, calls of at most SYSCALL_BYTES)', () => {
  it('writes data several calls long at a position, and reads it back from another position', async () => {
    const path = join(await tempDir(), 'file');
    const fs = new BlockingFileSystem();
    const data = pattern(2 * SYSCALL_BYTES + 12_345);
    const handle = await fs.open(path, 'wx');
    expect(await handle.write(new Uint8Array(100).fill(9), 0)).toBe(100);
    expect(await handle.write(data, 100)).toBe(data.byteLength);
    await handle.sync();
    await handle.close();
    const onDisk = new Uint8Array(await readFile(path));
    expect(onDisk.byteLength).toBe(100 + data.byteLength);
    expect(Buffer.from(onDisk.subarray(100)).equals(Buffer.from(data))).toBe(true);
    const reader = await fs.open(path, 'r');
    const back = new Uint8Array(SYSCALL_BYTES + 500);
    expect(await reader.read(back, 100 + SYSCALL_BYTES - 250)).toBe(back.byteLength);
    expect(Buffer.from(back).equals(Buffer.from(data.subarray(SYSCALL_BYTES - 250, 2 * SYSCALL_BYTES + 250)))).toBe(true);
    // Past the end: only what is there, as one short read.
    const tail = new Uint8Array(SYSCALL_BYTES * 2);
    expect(await reader.read(tail, data.byteLength + 100 - 1000)).toBe(1000);
    expect(Buffer.from(tail.subarray(0, 1000)).equals(Buffer.from(data.subarray(data.byteLength - 1000)))).toBe(true);
    await reader.close();
  });

  it('appends at the file position when no position is given', async () => {
    const path = join(await tempDir(), 'appended');
    const fs = new BlockingFileSystem();
    const first = pattern(SYSCALL_BYTES + 3, 1);
    const second = pattern(SYSCALL_BYTES * 2 + 1, 2);
    const handle = await fs.open(path, 'a');
    await handle.write(first, null);
    await handle.write(second, null);
    await handle.close();
    expect(Buffer.from(await readFile(path)).equals(Buffer.concat([first, second]))).toBe(true);
  });

  it('reads a whole file longer than one call', async () => {
    const path = join(await tempDir(), 'whole');
    const data = pattern(3 * SYSCALL_BYTES + 77, 3);
    await writeFile(path, data);
    const read = await new BlockingFileSystem().readFile(path);
    expect(Buffer.from(read).equals(Buffer.from(data))).toBe(true);
  });

  it('is a StateDirectory file system: a multi-call save loads back exactly', async () => {
    const directory = await tempDir();
    const keyring = Keyring.generate();
    const n = Math.ceil((3 * SYSCALL_BYTES) / 8);
    const qTable = { stateHash: BigUint64Array.from({ length: n }, (_, i) => BigInt(i) * 3n), action: Uint8Array.from({ length: n }, (_, i) => i & 3), qValue: Float64Array.from({ length: n }, (_, i) => i / 7) };
    const store = await StateDirectory.open({ directory, keyring, fs: new BlockingFileSystem(), reserveBytes: 0 });
    await store.save(entryAgentCodec, { ...entryAgentCodec.fresh(), qTable });
    const loaded = await (await StateDirectory.open({ directory, keyring })).load(entryAgentCodec);
    expect(Buffer.from(loaded.state.qTable.qValue.buffer, loaded.state.qTable.qValue.byteOffset, loaded.state.qTable.qValue.byteLength).equals(Buffer.from(qTable.qValue.buffer))).toBe(true);
    expect(loaded.state.qTable.stateHash[n - 1]).toBe(BigInt(n - 1) * 3n);
  });
});
