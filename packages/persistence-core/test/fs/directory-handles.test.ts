import { fstatSync, readdirSync, readlinkSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DirectoryHandles } from '../../src/fs/directory-handles.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'quantum-dirfd-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** The inodes of this process's open descriptors on directories under `root`, as the kernel lists them. */
function heldInodesUnder(root: string): number[] {
  const inodes: number[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue; // closed while listing (readdir's own descriptor)
    }
    if (!target.startsWith(root)) continue;
    const stats = fstatSync(Number(fd));
    if (stats.isDirectory()) inodes.push(stats.ino);
  }
  return inodes;
}

describe.runIf(process.platform === 'linux')('directory fsync through a held descriptor', () => {
  it('keeps one descriptor per directory across calls', async () => {
    const handles = new DirectoryHandles();
    const directory = join(root, 'state');
    await mkdir(directory);
    for (let i = 0; i < 5; i++) await handles.sync(directory);
    expect(heldInodesUnder(root)).toEqual([(await stat(directory)).ino]);
  });

  it('fsyncs the directory now at the path when the held one was moved away and replaced', async () => {
    const handles = new DirectoryHandles();
    const directory = join(root, 'state');
    await mkdir(directory);
    await handles.sync(directory);
    const moved = (await stat(directory)).ino;
    await rename(directory, join(root, 'moved'));
    await mkdir(directory);
    await handles.sync(directory);
    const replacement = (await stat(directory)).ino;
    expect(replacement).not.toBe(moved);
    // The moved directory's descriptor is closed (closing does not hold up the fsync); the one held is the replacement's.
    await vi.waitFor(() => expect(heldInodesUnder(root)).toEqual([replacement]));
  });

  it('fails like an fsync by path when the directory is gone, and recovers when it is back', async () => {
    const handles = new DirectoryHandles();
    const directory = join(root, 'state');
    await mkdir(directory);
    await handles.sync(directory);
    await rm(directory, { recursive: true });
    await expect(handles.sync(directory)).rejects.toMatchObject({ code: 'ENOENT' });
    await vi.waitFor(() => expect(heldInodesUnder(root)).toEqual([]));
    await mkdir(directory);
    await handles.sync(directory);
    expect(heldInodesUnder(root)).toEqual([(await stat(directory)).ino]);
  });

  it('holds at most 16 descriptors, closing the least recently used', async () => {
    const handles = new DirectoryHandles();
    const directories = Array.from({ length: 20 }, (_, i) => join(root, `d${i}`));
    for (const directory of directories) await mkdir(directory);
    await Promise.all(directories.map((directory) => handles.sync(directory)));
    for (const directory of directories.slice(10)) await handles.sync(directory);
    const recent = await Promise.all(directories.slice(10).map(async (directory) => (await stat(directory)).ino));
    await vi.waitFor(() => {
      const held = heldInodesUnder(root);
      expect(held).toHaveLength(16);
      expect(held).toEqual(expect.arrayContaining(recent));
    });
  });
});
