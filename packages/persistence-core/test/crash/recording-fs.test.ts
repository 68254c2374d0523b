// The recording file system itself: it must show the states a power cut really can leave,
// or the crash proof built on it proves nothing. Checked on hand-written replace sequences.

import { describe, expect, it } from 'vitest';
import { writeAll } from '../../src/fs/file-system.js';
import { crashImages } from './harness/crash-images.js';
import { PAGE_BYTES } from './harness/disk-model.js';
import { RecordingFileSystem } from './harness/recording-fs.js';

const text = (bytes: Uint8Array | undefined): string | undefined => (bytes === undefined ? undefined : Buffer.from(bytes).toString());

async function contentsAfterEveryStep(fs: RecordingFileSystem, path: string, run: () => Promise<void>): Promise<Set<string | undefined>[]> {
  const perStep: Set<string | undefined>[] = [];
  const collect = (): void => {
    const seen = new Set<string | undefined>();
    for (const image of crashImages(fs, 1000).images) seen.add(text(image.contentOf(path)));
    perStep.push(seen);
  };
  collect();
  fs.onStep(collect);
  await run();
  return perStep;
}

async function writeFile(fs: RecordingFileSystem, path: string, content: string, sync: boolean): Promise<void> {
  const handle = await fs.open(path, 'wx');
  await writeAll(handle, Buffer.from(content), 0);
  if (sync) await handle.sync();
  await handle.close();
}

async function seeded(): Promise<RecordingFileSystem> {
  const fs = new RecordingFileSystem();
  await fs.mkdir('/d');
  await writeFile(fs, '/d/f', 'old', true);
  await fs.syncDirectory('/d');
  await fs.syncDirectory('/');
  return fs;
}

describe('recording file system', () => {
  it('a durable replace (write, fsync, rename, fsync directory) leaves old or new, and only new at the end', async () => {
    const fs = await seeded();
    const states = await contentsAfterEveryStep(fs, '/d/f', async () => {
      await writeFile(fs, '/d/f.tmp', 'new', true);
      await fs.rename('/d/f.tmp', '/d/f');
      await fs.syncDirectory('/d');
    });
    for (const seen of states) for (const content of seen) expect(['old', 'new']).toContain(content);
    expect(states[states.length - 1]).toEqual(new Set(['new']));
    expect(states.some((seen) => seen.size === 2)).toBe(true);
  });

  it('a rename without fsync of the data can leave an empty file under the name (the model sees the classic bug)', async () => {
    const fs = await seeded();
    const states = await contentsAfterEveryStep(fs, '/d/f', async () => {
      await writeFile(fs, '/d/f.tmp', 'new', false);
      await fs.rename('/d/f.tmp', '/d/f');
      await fs.syncDirectory('/d');
    });
    expect(states[states.length - 1]).toContain('');
  });

  it('a rename not followed by a directory fsync may be undone; an unsynced create may vanish', async () => {
    const fs = await seeded();
    await writeFile(fs, '/d/g', 'g', true);
    await fs.rename('/d/f', '/d/h');
    const images = crashImages(fs, 100).images.map((image) => image.listFiles().join(','));
    expect(new Set(images)).toEqual(new Set(['/d/f', '/d/f,/d/g', '/d/h', '/d/g,/d/h']));
  });

  it('unsynced pages of a multi-page write are torn at page boundaries, never inside a page', async () => {
    const fs = await seeded();
    const handle = await fs.open('/d/f', 'r+');
    await writeAll(handle, new Uint8Array(3 * PAGE_BYTES).fill(7), 0);
    const { images, possible } = crashImages(fs, 1000);
    expect(possible).toBe(2 * 8); // two sizes x each of three pages kept or lost
    for (const image of images) {
      const data = image.contentOf('/d/f') as Uint8Array;
      for (let page = 0; page * PAGE_BYTES < data.byteLength; page++) {
        const slice = data.subarray(page * PAGE_BYTES, (page + 1) * PAGE_BYTES);
        expect(slice.every((b) => b === slice[0]) || page === 0).toBe(true);
      }
    }
  });

  it('a rename across directories persists whole or not at all, and fsync of either directory makes it durable', async () => {
    for (const synced of ['/d', '/d/q']) {
      const fs = await seeded();
      await fs.mkdir('/d/q');
      await fs.syncDirectory('/d');
      await fs.rename('/d/f', '/d/q/f');
      expect(new Set(crashImages(fs, 100).images.map((image) => image.listFiles().join(',')))).toEqual(new Set(['/d/f', '/d/q/f']));
      await fs.syncDirectory(synced);
      expect(new Set(crashImages(fs, 100).images.map((image) => image.listFiles().join(',')))).toEqual(new Set(['/d/q/f']));
    }
  });

  it("with 'halves', each directory's half of a cross-directory rename persists on its own", async () => {
    const fs = new RecordingFileSystem({ crossDirectoryRename: 'halves' });
    await fs.mkdir('/d/q');
    await writeFile(fs, '/d/f', 'old', true);
    fs.settleEverything();
    await fs.rename('/d/f', '/d/q/f');
    expect(new Set(crashImages(fs, 100).images.map((image) => image.listFiles().join(',')))).toEqual(new Set(['/d/f', '/d/q/f', '/d/f,/d/q/f', '']));
    await fs.syncDirectory('/d/q');
    expect(new Set(crashImages(fs, 100).images.map((image) => image.listFiles().join(',')))).toEqual(new Set(['/d/f,/d/q/f', '/d/q/f']));
  });

  it('bounds the enumeration and still includes both extremes', async () => {
    const fs = await seeded();
    const handle = await fs.open('/d/f', 'r+');
    await writeAll(handle, new Uint8Array(40 * PAGE_BYTES).fill(1), 0);
    const { images, possible, bounded } = crashImages(fs, 10);
    expect(bounded).toBe(true);
    expect(possible).toBeGreaterThan(10);
    expect(images.length).toBe(10);
    const sizes = images.map((image) => image.contentOf('/d/f')?.byteLength);
    expect(sizes).toContain(3);
    expect(sizes).toContain(40 * PAGE_BYTES);
  });
});
