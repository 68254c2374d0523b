import { mkdir, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import { OUTBOX_DIRECTORY, outboxEntryName, parseOutboxEntry } from '../../src/store/outbox.js';
import { decodeGeneration } from '../../src/store/generation-reader.js';
import { nodeFileSystem } from '../../src/fs/node-file-system.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import type { FaultableCall } from '../crash/harness/fault-fs.js';
import { FaultInjectingFileSystem } from '../crash/harness/fault-fs.js';
import { errnoError } from '../crash/harness/recording-fs.js';
import type { TempStateDir } from './temp-state-dir.js';
import { entryState, tempStateDir } from './temp-state-dir.js';

let dir: TempStateDir;
afterEach(() => dir?.cleanup());

const fileName = entryAgentCodec.fileName;
const outboxOf = (d: TempStateDir): string => join(d.directory, OUTBOX_DIRECTORY);

async function withOutbox(limit?: number): Promise<TempStateDir> {
  const d = await tempStateDir(limit === undefined ? {} : { outboxLimit: limit });
  await mkdir(outboxOf(d));
  return d;
}

describe('entry names', () => {
  it('pad the seq to 12 digits, so names sort in seq order, and parse back', () => {
    expect(outboxEntryName(fileName, 42)).toBe('ProjectQuantum_EntryAgent.dat.000000000042');
    expect(parseOutboxEntry('ProjectQuantum_EntryAgent.dat.000000000042')).toEqual({ fileName, seq: 42 });
    const names = [9, 10, 100, 2].map((seq) => outboxEntryName(fileName, seq)).sort();
    expect(names.map((name) => parseOutboxEntry(name)?.seq)).toEqual([2, 9, 10, 100]);
  });

  it('reject names that are not entries', () => {
    expect(parseOutboxEntry('ProjectQuantum_EntryAgent.dat')).toBeUndefined();
    expect(parseOutboxEntry('ProjectQuantum_EntryAgent.dat.42')).toBeUndefined();
    expect(parseOutboxEntry('.ProjectQuantum_EntryAgent.dat.000000000042.part')).toBeUndefined();
  });
});

describe('the replication outbox', () => {
  it('is off while .outbox does not exist: nothing linked, nothing reported, no directory made', async () => {
    dir = await tempStateDir();
    const result = await dir.store.save(entryAgentCodec, entryState(1));
    expect(result.outbox).toBeUndefined();
    expect(await stat(outboxOf(dir)).catch(() => undefined)).toBeUndefined();
  });

  it('keeps a link to every committed generation, in seq order, even after they rotate off the chain', async () => {
    dir = await withOutbox();
    const committed: Buffer[] = [];
    for (let i = 1; i <= 6; i++) {
      const result = await dir.store.save(entryAgentCodec, entryState(i));
      expect(result.outbox).toEqual({ linked: true, entry: outboxEntryName(fileName, result.seq) });
      committed.push(await readFile(dir.store.pathOf(entryAgentCodec, 'current')));
      const current = await stat(dir.store.pathOf(entryAgentCodec, 'current'));
      expect((await stat(join(outboxOf(dir), result.outbox!.entry))).ino).toBe(current.ino);
    }
    const names = (await readdir(outboxOf(dir))).sort();
    expect(names.map((name) => parseOutboxEntry(name))).toEqual([1, 2, 3, 4, 5, 6].map((seq) => ({ fileName, seq })));
    for (const [i, name] of names.entries()) {
      const bytes = await readFile(join(outboxOf(dir), name));
      expect(bytes.equals(committed[i] as Buffer)).toBe(true);
      expect(decodeGeneration(entryAgentCodec, bytes, dir.keyring).state.totalUpdates).toBe(i + 1);
    }
    // The chain itself is unchanged: four generations, newest first.
    expect((await dir.store.inspect(entryAgentCodec)).map((g) => g.seq)).toEqual([6, 5, 4, 3]);
  });

  it('a link that fails is reported and the save still commits', async () => {
    dir = await withOutbox();
    await dir.store.save(entryAgentCodec, entryState(1));
    // Something else took the name of the next entry after this process read the outbox.
    await writeFile(join(outboxOf(dir), outboxEntryName(fileName, 2)), 'squatter');
    const result = await dir.store.save(entryAgentCodec, entryState(2));
    expect(result.seq).toBe(2);
    expect(result.outbox?.linked).toBe(false);
    expect(result.outbox?.error).toMatch(/link into .*\.outbox failed: .*EEXIST/);
    expect((await dir.store.load(entryAgentCodec)).header?.seq).toBe(2);
    expect((await dir.store.save(entryAgentCodec, entryState(3))).outbox).toEqual({ linked: true, entry: outboxEntryName(fileName, 3) });
  });

  it('a file named .outbox does not enable it', async () => {
    dir = await tempStateDir();
    await writeFile(outboxOf(dir), '');
    expect((await dir.store.save(entryAgentCodec, entryState(1))).outbox).toBeUndefined();
  });

  it('stops linking at its limit, reports it, and links again once the replicator has drained it', async () => {
    dir = await withOutbox(3);
    const results = [];
    for (let i = 1; i <= 5; i++) results.push(await dir.store.save(entryAgentCodec, entryState(i)));
    expect(results.map((r) => r.outbox?.linked)).toEqual([true, true, true, false, false]);
    expect(results[3]?.outbox?.error).toMatch(/holds 3 entries, its limit/);
    expect(await readdir(outboxOf(dir))).toHaveLength(3);
    // The replicator uploads and unlinks two; a process that opens the directory counts afresh.
    for (const seq of [1, 2]) await unlink(join(outboxOf(dir), outboxEntryName(fileName, seq)));
    const reopened = await StateDirectory.open({ directory: dir.directory, keyring: dir.keyring, reserveBytes: 0, outboxLimit: 3 });
    const next = await reopened.save(entryAgentCodec, entryState(6));
    expect(next.outbox).toEqual({ linked: true, entry: outboxEntryName(fileName, 6) });
  });

  it('start-up clean-up and quarantine leave the outbox and its entries alone', async () => {
    dir = await withOutbox();
    for (let i = 1; i <= 2; i++) await dir.store.save(entryAgentCodec, entryState(i));
    await writeFile(join(outboxOf(dir), '.ProjectQuantum_EntryAgent.dat.4194321.0badc0de.qtmp'), 'not the store\'s');
    // A current that fails verification (a new file: the outbox entry of seq 2 stays intact), quarantined by the next save.
    await writeFile(join(dir.directory, 'rotten'), 'rotten');
    await rename(join(dir.directory, 'rotten'), dir.store.pathOf(entryAgentCodec, 'current'));
    const reopened = await StateDirectory.open({ directory: dir.directory, keyring: dir.keyring, reserveBytes: 0 });
    expect(reopened.startup.removedTempFiles).toEqual([]);
    const result = await reopened.save(entryAgentCodec, entryState(3));
    expect(result.quarantined.map((q) => q.from)).toEqual([fileName]);
    // The unreadable current's seq is not reused: the outbox still holds seq 2.
    expect(result.seq).toBe(3);
    expect((await readdir(outboxOf(dir))).sort()).toEqual([
      '.ProjectQuantum_EntryAgent.dat.4194321.0badc0de.qtmp',
      outboxEntryName(fileName, 1),
      outboxEntryName(fileName, 2),
      outboxEntryName(fileName, 3),
    ]);
  });

  it('is off again once the replicator removes it', async () => {
    dir = await withOutbox();
    expect((await dir.store.save(entryAgentCodec, entryState(1))).outbox?.linked).toBe(true);
    await rm(outboxOf(dir), { recursive: true });
    const result = await dir.store.save(entryAgentCodec, entryState(2));
    expect(result.outbox).toBeUndefined();
    expect((await dir.store.load(entryAgentCodec)).header?.seq).toBe(2);
  });

  it.each(['ordered', 'unordered'] as const)('%s rotation: a failed fsync of the outbox is reported, and the save is still made durable', async (order) => {
    dir = await withOutbox();
    const target = outboxOf(dir);
    /** Fails the next fsync of the outbox directory with EIO, once armed. */
    class FailingOutboxSync extends FaultInjectingFileSystem {
      armed = false;
      override check(call: FaultableCall, path: string): void {
        super.check(call, path);
        if (this.armed && call === 'syncDirectory' && path === target) {
          this.armed = false;
          throw errnoError('EIO', call, path);
        }
      }
    }
    const fs = new FailingOutboxSync(nodeFileSystem);
    const store = await StateDirectory.open({ directory: dir.directory, keyring: dir.keyring, reserveBytes: 0, fs, metadataOrder: order });
    await store.save(entryAgentCodec, entryState(1));
    fs.armed = true;
    const from = fs.calls.length;
    const result = await store.save(entryAgentCodec, entryState(2));
    expect(result.outbox).toEqual({ linked: false, entry: outboxEntryName(fileName, 2), error: expect.stringMatching(/linked, but fsync of .*\.outbox failed: .*EIO/) });
    // The commit was made durable all the same: in the ordered mode the state directory's fsync
    // comes after the failed one, in the unordered mode it came before the link.
    const calls = fs.calls.slice(from);
    const failed = calls.findIndex((c) => c.call === 'syncDirectory' && c.path === target);
    const stateSync = calls.map((c) => c.call === 'syncDirectory' && c.path === dir.directory).lastIndexOf(true);
    expect(order === 'ordered' ? stateSync > failed : stateSync < failed && stateSync >= 0).toBe(true);
    expect((await store.load(entryAgentCodec)).header?.seq).toBe(2);
  });
});
