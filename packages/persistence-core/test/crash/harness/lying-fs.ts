// A file system whose fsync and fdatasync do nothing, as on a disk that lies about its cache:
// the writers on top of it are then NOT crash safe, and the crash proof must say so.

import type { FileHandle, FileSystem } from '../../../src/fs/file-system.js';

export function withoutFileSync(fs: FileSystem): FileSystem {
  const lying = (handle: FileHandle): FileHandle => ({
    write: (data, position) => handle.write(data, position),
    read: (into, position) => handle.read(into, position),
    sync: async () => undefined,
    datasync: async () => undefined,
    truncate: (length) => handle.truncate(length),
    size: () => handle.size(),
    close: () => handle.close(),
  });
  return {
    open: async (path, flags, mode) => lying(await fs.open(path, flags, mode)),
    readFile: (path) => fs.readFile(path),
    rename: (from, to) => fs.rename(from, to),
    link: (existing, to) => fs.link(existing, to),
    unlink: (path) => fs.unlink(path),
    mkdir: (path, mode) => fs.mkdir(path, mode),
    readdir: (path) => fs.readdir(path),
    stat: (path) => fs.stat(path),
    syncDirectory: (path) => fs.syncDirectory(path),
    statfs: (path) => fs.statfs(path),
    chmod: (path, mode) => fs.chmod(path, mode),
  };
}
