import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import { GENERATIONS } from '../../src/store/generations.js';
import type { TempStateDir } from './temp-state-dir.js';
import { entryState, tempStateDir } from './temp-state-dir.js';

let dir: TempStateDir;
afterEach(() => dir.cleanup());

async function markers(): Promise<(number | undefined)[]> {
  const result: (number | undefined)[] = [];
  for (const generation of GENERATIONS) {
    try {
      result.push((await dir.store.read(entryAgentCodec, generation)).state.totalUpdates);
    } catch {
      result.push(undefined);
    }
  }
  return result;
}

describe('generation chain', () => {
  it.each([
    [1, [1, undefined, undefined, undefined]],
    [2, [2, 1, undefined, undefined]],
    [3, [3, 2, 1, undefined]],
    [4, [4, 3, 2, 1]],
    [10, [10, 9, 8, 7]],
  ])('after %i saves holds current plus older generations newest first', async (saves, expected) => {
    dir = await tempStateDir();
    for (let i = 1; i <= saves; i++) {
      const result = await dir.store.save(entryAgentCodec, entryState(i));
      expect(result.seq).toBe(i);
    }
    expect(await markers()).toEqual(expected);
    const files = (await readdir(dir.directory)).filter((name) => !name.startsWith('.'));
    expect(files.sort()).toEqual(
      ['ProjectQuantum_EntryAgent.dat', 'ProjectQuantum_EntryAgent.dat.bak', 'ProjectQuantum_EntryAgent.dat.bak1', 'ProjectQuantum_EntryAgent.dat.bak2'].slice(0, Math.min(saves, 4)).sort(),
    );
  });

  it('leaves no temp or lock file behind and writes owner-only files', async () => {
    dir = await tempStateDir();
    await dir.store.save(entryAgentCodec, entryState(1));
    await dir.store.save(entryAgentCodec, entryState(2));
    expect((await readdir(dir.directory)).filter((name) => name.endsWith('.qtmp') || name.endsWith('.lock'))).toEqual([]);
    expect((await stat(join(dir.directory, entryAgentCodec.fileName))).mode & 0o777).toBe(0o600);
  });

  it('a corrupted backup is quarantined on save instead of pushing a good generation out', async () => {
    dir = await tempStateDir();
    for (let i = 1; i <= 4; i++) await dir.store.save(entryAgentCodec, entryState(i));
    const bak1 = join(dir.directory, `${entryAgentCodec.fileName}.bak1`);
    const bytes = await readFile(bak1);
    bytes[200]! ^= 0x10;
    await writeFile(bak1, bytes);
    // A fresh process (no cache of verified files) saves again.
    const reopened = await tempStateDirFor(dir);
    const result = await reopened.save(entryAgentCodec, entryState(5));
    expect(result.quarantined).toEqual([expect.objectContaining({ from: `${entryAgentCodec.fileName}.bak1`, reason: 'hmac-mismatch' })]);
    // bak1 was the gap: current and bak shift into it, bak2 (marker 1) survives.
    expect(await markers()).toEqual([5, 4, 3, 1]);
  });

  it('save and load run concurrently in one process without interleaving', async () => {
    dir = await tempStateDir();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => dir.store.save(entryAgentCodec, entryState(i + 1))));
    expect(results.map((result) => result.seq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const loaded = await dir.store.load(entryAgentCodec);
    expect(loaded.header?.seq).toBe(8);
    expect(loaded.report.level).toBe('ok');
  });
});

async function tempStateDirFor(existing: TempStateDir) {
  const { StateDirectory } = await import('../../src/store/state-directory.js');
  return StateDirectory.open({ directory: existing.directory, keyring: existing.keyring, reserveBytes: 0 });
}
