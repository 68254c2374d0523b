import type { ChildProcess } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import { writeKeyring } from '../../src/signing/keyring.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import type { TempStateDir } from './temp-state-dir.js';
import { entryState, tempStateDir } from './temp-state-dir.js';
import { runTs, spawnTs } from '../support/run-ts.js';

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);

let dir: TempStateDir;
afterEach(() => dir.cleanup());

async function sharedKeyring(): Promise<string> {
  const path = join(dir.root, 'keyring.json');
  await writeKeyring(path, dir.keyring);
  return path;
}

/** Starts hold-lock.ts, waits until it holds the lock, returns the child. */
async function holder(): Promise<ChildProcess> {
  const child = spawnTs(fixture('hold-lock.ts'), [dir.directory], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('held') && resolve());
    child.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
  return child;
}

describe('two processes sharing a state directory', () => {
  it('never interleave saves: every seq is unique and the chain stays valid', async () => {
    dir = await tempStateDir();
    const keyringPath = await sharedKeyring();
    const [a, b] = await Promise.all([
      runTs(fixture('save-loop.ts'), [dir.directory, keyringPath, '15', '1000']),
      runTs(fixture('save-loop.ts'), [dir.directory, keyringPath, '15', '2000']),
    ]);
    const seqs = [...a.stdout.trim().split('\n'), ...b.stdout.trim().split('\n')].map(Number).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const reports = await dir.store.inspect(entryAgentCodec);
    expect(reports.map((g) => [g.status, g.seq])).toEqual([['valid', 30], ['valid', 29], ['valid', 28], ['valid', 27]]);
  });

  it('a live holder blocks a save until its timeout; a killed holder does not leave the lock stuck', async () => {
    dir = await tempStateDir();
    const child = await holder();
    const impatient = await StateDirectory.open({ directory: dir.directory, keyring: dir.keyring, reserveBytes: 0, lockTimeoutMs: 300 });
    await expect(impatient.save(entryAgentCodec, entryState(1))).rejects.toMatchObject({ name: 'LockedError', message: expect.stringContaining(`pid ${child.pid}`) });
    // The live holder's temp file is not a stale one: start-up leaves it alone.
    const reopened = await StateDirectory.open({ directory: dir.directory, keyring: dir.keyring, reserveBytes: 0 });
    expect(reopened.startup.removedTempFiles).toEqual([]);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    const afterCrash = await StateDirectory.open({ directory: dir.directory, keyring: dir.keyring, reserveBytes: 0 });
    // Its temp file and its lock holder file go; its lock (a link to the holder) is taken over.
    expect([...afterCrash.startup.removedTempFiles].sort()).toEqual([
      expect.stringMatching(new RegExp(`^\\.ProjectQuantum_EntryAgent\\.dat\\.${child.pid}\\.[0-9a-f]{8}\\.qtmp$`)),
      expect.stringMatching(new RegExp(`^\\.quantum-lock\\.${child.pid}\\.\\d+\\.[0-9a-f]{8}\\.qholder$`)),
    ]);
    expect((await afterCrash.save(entryAgentCodec, entryState(1))).seq).toBe(1);
    // Left: only this process's own holder file, which start-up removes once this process is gone.
    expect((await readdir(dir.directory)).filter((name) => name.startsWith('.'))).toEqual([expect.stringMatching(new RegExp(`^\\.quantum-lock\\.${process.pid}\\.`))]);
  });

  it('start-up removes only this system\'s stale temp files', async () => {
    dir = await tempStateDir();
    const { writeFile } = await import('node:fs/promises');
    const deadPid = 2 ** 22 + 17; // above pid_max: never alive
    await writeFile(join(dir.directory, `.ProjectQuantum_ExitAgent.dat.${deadPid}.0badc0de.qtmp`), 'INCOMPLETE');
    await writeFile(join(dir.directory, 'ProjectQuantum_EntryAgent.dat.tmp'), 'not ours');
    await writeFile(join(dir.directory, 'notes.qtmp'), 'not ours either');
    const reopened = await StateDirectory.open({ directory: dir.directory, keyring: dir.keyring, reserveBytes: 0 });
    expect(reopened.startup.removedTempFiles).toEqual([`.ProjectQuantum_ExitAgent.dat.${deadPid}.0badc0de.qtmp`]);
    expect((await readdir(dir.directory)).sort()).toEqual(['ProjectQuantum_EntryAgent.dat.tmp', 'notes.qtmp']);
  });
});

describe('lock held by this process', () => {
  it('another thread\'s lock is respected; this thread\'s leftover is taken over', async () => {
    dir = await tempStateDir();
    const { writeFile } = await import('node:fs/promises');
    const { currentProcess } = await import('../../src/store/process-identity.js');
    const { lockPathFor } = await import('../../src/store/component-lock.js');
    const { threadId } = await import('node:worker_threads');
    const lockPath = lockPathFor(dir.directory, entryAgentCodec.fileName);
    const impatient = await StateDirectory.open({ directory: dir.directory, keyring: dir.keyring, reserveBytes: 0, lockTimeoutMs: 200 });
    await writeFile(lockPath, JSON.stringify({ ...currentProcess(), threadId: threadId + 1000, token: 'another-thread' }));
    await expect(impatient.save(entryAgentCodec, entryState(1))).rejects.toMatchObject({ name: 'LockedError' });
    await writeFile(lockPath, JSON.stringify({ ...currentProcess(), threadId, token: 'released-but-not-unlinked' }));
    expect((await impatient.save(entryAgentCodec, entryState(1))).seq).toBe(1);
  });
});

describe('lock holder file', () => {
  it('one per thread and directory, linked as the lock; written anew if something removed it', async () => {
    dir = await tempStateDir();
    const { readdir: list, unlink } = await import('node:fs/promises');
    const { HOLDER_FILE_PATTERN } = await import('../../src/store/component-lock.js');
    const holders = async () => (await list(dir.directory)).filter((name) => HOLDER_FILE_PATTERN.test(name));
    await dir.store.save(entryAgentCodec, entryState(1));
    await dir.store.save(entryAgentCodec, entryState(2));
    const [first] = await holders();
    expect(await holders()).toEqual([first]);
    await unlink(join(dir.directory, first as string));
    expect((await dir.store.save(entryAgentCodec, entryState(3))).seq).toBe(3);
    expect(await holders()).toHaveLength(1);
    expect(await holders()).not.toEqual([first]);
  });
});
