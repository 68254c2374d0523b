// A FileSystem that records every call on the real one and can fail chosen calls.

import type { FileHandle, FileSystem } from '../../src/fs/file-system.js';
import { nodeFileSystem } from '../../src/fs/node-file-system.js';

export interface RecordingFs extends FileSystem {
  calls: string[];
  /** Throws an EIO error from the next call whose name matches. */
  failNext(call: string): void;
}

export function recordingFs(base: FileSystem = nodeFileSystem): RecordingFs {
  const calls: string[] = [];
  const failing = new Set<string>();
  const record = (name: string): void => {
    calls.push(name);
    if (failing.delete(name)) throw Object.assign(new Error(`injected failure of ${name}`), { code: 'EIO' });
  };
  const wrapHandle = (handle: FileHandle): FileHandle => ({
    write: async (data, position) => (record('write'), handle.write(data, position)),
    read: (into, position) => handle.read(into, position),
    sync: async () => (record('sync'), handle.sync()),
    datasync: async () => (record('datasync'), handle.datasync()),
    truncate: async (length) => (record('truncate'), handle.truncate(length)),
    size: () => handle.size(),
    close: () => handle.close(),
  });
  return {
    calls,
    failNext: (call) => void failing.add(call),
    open: async (path, flags, mode) => (record(`open:${flags}`), wrapHandle(await base.open(path, flags, mode))),
    readFile: (path) => base.readFile(path),
    rename: async (from, to) => (record('rename'), base.rename(from, to)),
    link: async (existing, to) => (record('link'), base.link(existing, to)),
    unlink: async (path) => (record('unlink'), base.unlink(path)),
    mkdir: (path, mode) => base.mkdir(path, mode),
    readdir: (path) => base.readdir(path),
    stat: (path) => base.stat(path),
    syncDirectory: async (path) => (record('syncDirectory'), base.syncDirectory(path)),
    statfs: (path) => base.statfs(path),
    chmod: (path, mode) => base.chmod(path, mode),
  };
}
