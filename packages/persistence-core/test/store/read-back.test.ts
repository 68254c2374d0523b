import { afterEach, describe, expect, it } from 'vitest';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import { CorruptFileError } from '../../src/errors.js';
import type { FileHandle, FileSystem, OpenFlags } from '../../src/fs/file-system.js';
import { nodeFileSystem } from '../../src/fs/node-file-system.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import type { TempStateDir } from './temp-state-dir.js';
import { entryState, tempStateDir } from './temp-state-dir.js';

let dir: TempStateDir;
afterEach(() => dir.cleanup());

/** A disk that silently stores one byte of each large write flipped: only a read-back can tell. */
function flippingDisk(): FileSystem {
  return Object.assign(Object.create(nodeFileSystem) as FileSystem, {
    async open(path: string, flags: OpenFlags, mode?: number): Promise<FileHandle> {
      const handle = await nodeFileSystem.open(path, flags, mode);
      return Object.assign(Object.create(handle) as FileHandle, {
        write: (data: Uint8Array, position: number | null) => {
          if (data.byteLength < 1024) return handle.write(data, position);
          const stored = Uint8Array.from(data);
          stored[stored.byteLength >> 1]! ^= 0x04;
          return handle.write(stored, position);
        },
        read: (into: Uint8Array, position: number) => handle.read(into, position),
        sync: () => handle.sync(),
        close: () => handle.close(),
      });
    },
  });
}

describe('the read-back of a save', () => {
  it.each([
    ['a new temp file', 4],
    ['the spare file', 5],
  ])('a byte the disk stored wrong in %s fails the save as corrupt and changes nothing', async (_, saves) => {
    dir = await tempStateDir();
    for (let i = 1; i <= saves; i++) await dir.store.save(entryAgentCodec, entryState(i, 2_000));
    const before = (await dir.store.inspect(entryAgentCodec)).map((g) => g.seq);
    const lying = await StateDirectory.open({ directory: dir.directory, keyring: dir.keyring, fs: flippingDisk(), reserveBytes: 0 });
    const error = await lying.save(entryAgentCodec, entryState(9, 2_000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptFileError);
    expect((error as Error).message).toContain('read-back of the temp file differs');
    expect((await dir.store.inspect(entryAgentCodec)).map((g) => g.seq)).toEqual(before);
    expect((await dir.store.load(entryAgentCodec)).state.totalUpdates).toBe(saves);
  });
});
