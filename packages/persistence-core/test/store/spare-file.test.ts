import { fstatSync, readdirSync } from 'node:fs';
import { link, open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isConflictError } from '../../src/errors.js';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import type { FileSystem } from '../../src/fs/file-system.js';
import { fileStatOf, nodeFileSystem } from '../../src/fs/node-file-system.js';
import { sparePathFor } from '../../src/store/spare-file.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import type { TempStateDir } from './temp-state-dir.js';
import { entryState, tempStateDir } from './temp-state-dir.js';

let dir: TempStateDir;
afterEach(() => dir.cleanup());

const spareOf = (d: TempStateDir) => sparePathFor(d.directory, entryAgentCodec.fileName);
const seqs = async (store: StateDirectory) => (await store.inspect(entryAgentCodec)).map((g) => g.seq);

/** How many of this process's descriptors the kernel lists on the file `ino` (by inode: a save may rename it meanwhile). */
function descriptorsOn(ino: number): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return fstatSync(Number(fd)).ino === ino;
    } catch {
      return false; // closed while listing (readdir's own descriptor)
    }
  }).length;
}

describe('the spare file: the generation that fell off the chain, written over by the next save', () => {
  it('the fifth save retires the oldest generation as the spare; the sixth writes its file into it', async () => {
    dir = await tempStateDir();
    for (let i = 1; i <= 4; i++) await dir.store.save(entryAgentCodec, entryState(i));
    const oldest = await stat(dir.store.pathOf(entryAgentCodec, 'bak2'));
    await dir.store.save(entryAgentCodec, entryState(5));
    expect((await stat(spareOf(dir))).ino).toBe(oldest.ino);
    await dir.store.save(entryAgentCodec, entryState(6));
    expect((await stat(dir.store.pathOf(entryAgentCodec, 'current'))).ino).toBe(oldest.ino);
    expect(await seqs(dir.store)).toEqual([6, 5, 4, 3]);
    expect((await dir.store.load(entryAgentCodec)).state.totalUpdates).toBe(6);
  });

  it('a spare longer than the new file is cut to its length', async () => {
    dir = await tempStateDir();
    for (let i = 1; i <= 5; i++) await dir.store.save(entryAgentCodec, entryState(i, i === 1 ? 5_000 : 3));
    expect((await stat(spareOf(dir))).size).toBeGreaterThan(50_000);
    const result = await dir.store.save(entryAgentCodec, entryState(6));
    expect((await stat(dir.store.pathOf(entryAgentCodec, 'current'))).size).toBe(result.bytes);
    const loaded = await dir.store.load(entryAgentCodec);
    expect([loaded.report.level, loaded.report.used, loaded.state.totalUpdates]).toEqual(['ok', 'current', 6]);
  });

  it('a file another name shares (an outbox entry, a pin) is never written over, nor made the spare', async () => {
    dir = await tempStateDir();
    for (let i = 1; i <= 5; i++) await dir.store.save(entryAgentCodec, entryState(i));
    const kept = join(dir.root, 'kept-link');
    await link(spareOf(dir), kept);
    const before = await readFile(kept);
    await dir.store.save(entryAgentCodec, entryState(6));
    expect((await readFile(kept)).equals(before)).toBe(true);
    // The generation dropped now still has a link of its own: unlinked, not retired.
    const oldest = join(dir.root, 'oldest-link');
    await link(dir.store.pathOf(entryAgentCodec, 'bak2'), oldest);
    const oldestBytes = await readFile(oldest);
    await dir.store.save(entryAgentCodec, entryState(7));
    await dir.store.save(entryAgentCodec, entryState(8));
    expect((await readFile(oldest)).equals(oldestBytes)).toBe(true);
    expect(await seqs(dir.store)).toEqual([8, 7, 6, 5]);
  });

  it('a read of a generation whose file a save recycles meanwhile returns what the name holds', async () => {
    dir = await tempStateDir();
    for (let i = 1; i <= 5; i++) await dir.store.save(entryAgentCodec, entryState(i));
    const bak2 = dir.store.pathOf(entryAgentCodec, 'bak2');
    let raced = false;
    // A reader that opens .bak2, is overtaken by two saves (the file drops out, then becomes the
    // sixth save's new current), and only then reads its bytes through the handle it opened.
    const slowReader: FileSystem = Object.assign(Object.create(nodeFileSystem) as FileSystem, {
      async readFileStat(path: string) {
        const handle = await open(path, 'r');
        try {
          const before = fileStatOf(await handle.stat());
          if (path === bak2 && !raced) {
            raced = true;
            await dir.store.save(entryAgentCodec, entryState(6));
            await dir.store.save(entryAgentCodec, entryState(7));
          }
          const { size } = await handle.stat();
          const bytes = new Uint8Array(size);
          await handle.read(bytes, 0, size, 0);
          return { bytes, stat: before };
        } finally {
          await handle.close();
        }
      },
    });
    const reader = await StateDirectory.open({ directory: dir.directory, keyring: dir.keyring, fs: slowReader, reserveBytes: 0 });
    const read = await reader.read(entryAgentCodec, 'bak2');
    expect(raced).toBe(true);
    expect(read.header.seq).toBe(4);
    expect(read.state.totalUpdates).toBe(4);
  });

  it.runIf(process.platform === 'linux')('the spare, opened with the chain\'s check, is closed when the save stops there or cannot use it', async () => {
    dir = await tempStateDir();
    for (let i = 1; i <= 5; i++) await dir.store.save(entryAgentCodec, entryState(i));
    const spare = (await stat(spareOf(dir))).ino;
    await expect(dir.store.save(entryAgentCodec, entryState(6), { expectedSeq: 4 })).rejects.toSatisfy(isConflictError);
    await vi.waitFor(() => expect(descriptorsOn(spare)).toBe(0));
    // Shared with another name: opened, found unusable, closed; the save writes a new file.
    await link(spareOf(dir), join(dir.root, 'kept-link'));
    await dir.store.save(entryAgentCodec, entryState(6));
    await vi.waitFor(() => expect(descriptorsOn(spare)).toBe(0));
    expect(await seqs(dir.store)).toEqual([6, 5, 4, 3]);
  });
});
