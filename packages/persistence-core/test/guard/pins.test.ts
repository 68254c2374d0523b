import { copyFile, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import { CorruptFileError } from '../../src/errors.js';
import type { FileHandle, FileSystem } from '../../src/fs/file-system.js';
import { nodeFileSystem } from '../../src/fs/node-file-system.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import { PINNED_DIRECTORY } from '../../src/guard/pin-files.js';
import { listPins, pinGeneration, readPinned, restorePinned, unpinGeneration, verifyPin } from '../../src/guard/pins.js';
import { entryAgent } from './healthy-states.js';
import type { GuardDir } from './guard-dir.js';
import { guardDir } from './guard-dir.js';

let dir: GuardDir | undefined;
afterEach(async () => {
  await dir?.cleanup();
  dir = undefined;
});

const operator = { note: 'before the March regime change', pinnedBy: 'alice' };
const marked = (totalUpdates: number) => ({ ...entryAgent(6), totalUpdates });

/** The real file system, logging the steps that decide durability. */
function recordingFs(log: string[]): FileSystem {
  return {
    ...nodeFileSystem,
    readFile: (path) => nodeFileSystem.readFile(path),
    stat: (path) => nodeFileSystem.stat(path),
    readdir: (path) => nodeFileSystem.readdir(path),
    unlink: (path) => nodeFileSystem.unlink(path),
    mkdir: (path, mode) => nodeFileSystem.mkdir(path, mode),
    link: (from, to) => nodeFileSystem.link(from, to),
    statfs: (path) => nodeFileSystem.statfs(path),
    chmod: (path, mode) => nodeFileSystem.chmod(path, mode),
    async open(path, flags, mode): Promise<FileHandle> {
      const handle = await nodeFileSystem.open(path, flags, mode);
      if (flags === 'wx') log.push(`create ${basename(path)}`);
      return { ...bind(handle), sync: async () => { await handle.sync(); log.push(`fsync ${basename(path)}`); } };
    },
    async rename(from, to) {
      await nodeFileSystem.rename(from, to);
      log.push(`rename ${basename(from)} -> ${basename(to)}`);
    },
    async syncDirectory(path) {
      await nodeFileSystem.syncDirectory(path);
      log.push(`fsync dir ${basename(path)}`);
    },
  };
}

function bind(handle: FileHandle): FileHandle {
  return {
    write: (data, position) => handle.write(data, position),
    read: (into, position) => handle.read(into, position),
    sync: () => handle.sync(),
    datasync: () => handle.datasync(),
    truncate: (length) => handle.truncate(length),
    size: () => handle.size(),
    close: () => handle.close(),
  };
}

describe('pinned generations', () => {
  it('pins a verbatim copy, durably: temp, fsync, rename, directory fsync; copy before note', async () => {
    const log: string[] = [];
    dir = await guardDir(recordingFs(log));
    await dir.store.save(entryAgentCodec, marked(1));
    log.length = 0;
    const pin = await pinGeneration(dir.store, entryAgentCodec, 'current', operator);
    expect(pin).toMatchObject({ seq: 1, file: 'pinned/ProjectQuantum_EntryAgent.dat.1.pin', noteStatus: 'valid', note: { ...operator, automatic: false } });
    const pinned = await readFile(join(dir.directory, pin.file));
    expect(pinned.equals(await readFile(dir.store.pathOf(entryAgentCodec, 'current')))).toBe(true);
    const steps = log.map((line) => line.replace(/\.\d+\.[0-9a-f]{8}\.pintmp/, '.TMP'));
    expect(steps).toEqual([
      'fsync dir state',
      'create .ProjectQuantum_EntryAgent.dat.1.pin.TMP',
      'fsync .ProjectQuantum_EntryAgent.dat.1.pin.TMP',
      'rename .ProjectQuantum_EntryAgent.dat.1.pin.TMP -> ProjectQuantum_EntryAgent.dat.1.pin',
      'fsync dir pinned',
      'create .ProjectQuantum_EntryAgent.dat.1.pin.note.TMP',
      'fsync .ProjectQuantum_EntryAgent.dat.1.pin.note.TMP',
      'rename .ProjectQuantum_EntryAgent.dat.1.pin.note.TMP -> ProjectQuantum_EntryAgent.dat.1.pin.note',
      'fsync dir pinned',
    ]);
  });

  it('is never evicted by rotation, and can be listed, verified, restored and unpinned', async () => {
    dir = await guardDir();
    await dir.store.save(entryAgentCodec, marked(100));
    await pinGeneration(dir.store, entryAgentCodec, 'current', operator);
    for (let i = 101; i < 110; i++) await dir.store.save(entryAgentCodec, marked(i));
    await pinGeneration(dir.store, entryAgentCodec, 'bak', { note: 'second', pinnedBy: 'bob' });
    const pins = await listPins(dir.store, entryAgentCodec);
    expect(pins.map((p) => [p.seq, p.note?.pinnedBy])).toEqual([[9, 'bob'], [1, 'alice']]);
    expect(await verifyPin(dir.store, entryAgentCodec, 1)).toMatchObject({ status: 'valid', noteStatus: 'valid' });
    expect((await readPinned(dir.store, entryAgentCodec, 1)).state.totalUpdates).toBe(100);

    const restored = await restorePinned(dir.store, entryAgentCodec, 1);
    expect(restored).toMatchObject({ seq: 11, restoredFromPin: 1 });
    expect((await dir.store.load(entryAgentCodec)).state.totalUpdates).toBe(100);
    expect((await dir.store.read(entryAgentCodec, 'bak')).state.totalUpdates).toBe(109);

    await unpinGeneration(dir.store, entryAgentCodec, 1);
    expect((await listPins(dir.store, entryAgentCodec)).map((p) => p.seq)).toEqual([9]);
    expect(await readdir(join(dir.directory, PINNED_DIRECTORY))).toEqual(['ProjectQuantum_EntryAgent.dat.9.pin', 'ProjectQuantum_EntryAgent.dat.9.pin.note']);
    await expect(unpinGeneration(dir.store, entryAgentCodec, 1)).rejects.toMatchObject({ reason: 'missing' });
  });

  it('reports an altered note, a note moved onto another pin and an altered pinned file', async () => {
    dir = await guardDir();
    await dir.store.save(entryAgentCodec, marked(1));
    await pinGeneration(dir.store, entryAgentCodec, 'current', operator);
    await dir.store.save(entryAgentCodec, marked(2));
    await pinGeneration(dir.store, entryAgentCodec, 'current', operator);
    const folder = join(dir.directory, PINNED_DIRECTORY);
    const note1 = join(folder, 'ProjectQuantum_EntryAgent.dat.1.pin.note');
    const note2 = join(folder, 'ProjectQuantum_EntryAgent.dat.2.pin.note');

    const original1 = await readFile(note1, 'utf8');
    await writeFile(note2, original1);
    await writeFile(note1, original1.replace('alice', 'mallory'));
    const byName = Object.fromEntries((await listPins(dir.store, entryAgentCodec)).map((p) => [p.seq, p]));
    expect(byName[1]).toMatchObject({ noteStatus: 'invalid', noteProblem: expect.stringMatching(/HMAC does not match/) });
    expect(byName[2]).toMatchObject({ noteStatus: 'invalid', noteProblem: expect.stringMatching(/different file contents/) });

    const pinFile = join(folder, 'ProjectQuantum_EntryAgent.dat.2.pin');
    const bytes = await readFile(pinFile);
    bytes[bytes.length - 50]! ^= 0x40;
    await writeFile(pinFile, bytes);
    expect(await verifyPin(dir.store, entryAgentCodec, 2)).toMatchObject({ status: 'rejected', reason: 'hmac-mismatch' });
    await expect(restorePinned(dir.store, entryAgentCodec, 2)).rejects.toBeInstanceOf(CorruptFileError);
    expect((await dir.store.currentHeader(entryAgentCodec))?.seq).toBe(2);
  });

  it('refuses to pin a damaged or missing generation, writing nothing', async () => {
    dir = await guardDir();
    await expect(pinGeneration(dir.store, entryAgentCodec, 'current', operator)).rejects.toMatchObject({ reason: 'missing' });
    await dir.store.save(entryAgentCodec, marked(1));
    await writeFile(dir.store.pathOf(entryAgentCodec, 'current'), 'not a state file');
    await expect(pinGeneration(dir.store, entryAgentCodec, 'current', operator)).rejects.toMatchObject({ reason: 'bad-magic' });
    const { seq } = await dir.store.save(entryAgentCodec, marked(2));
    // The generation rotated since the caller looked at it: refused, not a pin of something else.
    await expect(pinGeneration(dir.store, entryAgentCodec, 'current', { ...operator, expectedSeq: seq - 1 })).rejects.toMatchObject({ name: 'ConflictError', expectedSeq: seq - 1, foundSeq: seq });
    expect(await listPins(dir.store, entryAgentCodec)).toEqual([]);
  });

  it('keeps seqs above every pin when the chain is lost, and never replaces a pin with other contents', async () => {
    dir = await guardDir();
    await dir.store.save(entryAgentCodec, marked(1));
    await pinGeneration(dir.store, entryAgentCodec, 'current', operator);
    await pinGeneration(dir.store, entryAgentCodec, 'current', operator);
    // The whole chain vanishes: a new process must not hand out seq 1 again.
    await unlink(dir.store.pathOf(entryAgentCodec, 'current'));
    const reopened = await StateDirectory.open({ directory: dir.directory, keyring: dir.store.keyring, reserveBytes: 0 });
    expect((await reopened.save(entryAgentCodec, marked(2))).seq).toBe(2);

    // A pin copied in from elsewhere under a seq this directory also has: refused, the pin stays.
    const other = await guardDir();
    let foreign = Buffer.alloc(0);
    try {
      await other.store.save(entryAgentCodec, marked(3));
      await other.store.save(entryAgentCodec, marked(4));
      await pinGeneration(other.store, entryAgentCodec, 'current', operator);
      await copyFile(join(other.directory, PINNED_DIRECTORY, 'ProjectQuantum_EntryAgent.dat.2.pin'), join(dir.directory, PINNED_DIRECTORY, 'ProjectQuantum_EntryAgent.dat.2.pin'));
      foreign = await readFile(join(other.directory, PINNED_DIRECTORY, 'ProjectQuantum_EntryAgent.dat.2.pin'));
    } finally {
      await other.cleanup();
    }
    await expect(pinGeneration(reopened, entryAgentCodec, 'current', operator)).rejects.toThrow(/different generation is already pinned as seq 2/);
    expect((await readFile(join(dir.directory, PINNED_DIRECTORY, 'ProjectQuantum_EntryAgent.dat.2.pin'))).equals(foreign)).toBe(true);
  });

  it('removes pin temp files left by a writer that died', async () => {
    dir = await guardDir();
    await dir.store.save(entryAgentCodec, marked(1));
    await pinGeneration(dir.store, entryAgentCodec, 'current', operator);
    const stale = join(dir.directory, PINNED_DIRECTORY, '.ProjectQuantum_EntryAgent.dat.1.pin.999999999.0badc0de.pintmp');
    await writeFile(stale, 'half');
    await pinGeneration(dir.store, entryAgentCodec, 'current', operator);
    expect((await readdir(join(dir.directory, PINNED_DIRECTORY))).filter((name) => name.startsWith('.'))).toEqual([]);
  });
});
