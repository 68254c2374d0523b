import { readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import { isDecodeError } from '../../src/errors.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import type { TempStateDir } from './temp-state-dir.js';
import { entryState, tempStateDir } from './temp-state-dir.js';

let dir: TempStateDir;
afterEach(() => dir.cleanup());

const deadPid = 2 ** 22 + 17; // above pid_max: never alive

describe('after a save that died or was refused', () => {
  it('a state its decoder would reject is refused before anything is written', async () => {
    dir = await tempStateDir();
    await dir.store.save(entryAgentCodec, entryState(1));
    const bad = entryState(2);
    bad.qTable.action[0] = 9;
    const error = await dir.store.save(entryAgentCodec, bad).catch((e: unknown) => e);
    expect(isDecodeError(error)).toBe(true);
    expect((error as Error).message).toContain('qTable.action[0]');
    expect((await dir.store.inspect(entryAgentCodec)).map((g) => g.seq)).toEqual([1, undefined, undefined, undefined]);
  });

  it('start-up puts a generation set aside by a dead save back as .bak2 when that slot is free', async () => {
    dir = await tempStateDir();
    for (let i = 1; i <= 4; i++) await dir.store.save(entryAgentCodec, entryState(i));
    const aside = `.${entryAgentCodec.fileName}.${deadPid}.0badc0de.qdrop`;
    await rename(join(dir.directory, `${entryAgentCodec.fileName}.bak2`), join(dir.directory, aside));
    const reopened = await StateDirectory.open({ directory: dir.directory, keyring: dir.keyring, reserveBytes: 0 });
    expect(reopened.startup.recoveredGenerations).toEqual([{ file: aside, to: `${entryAgentCodec.fileName}.bak2` }]);
    expect((await reopened.inspect(entryAgentCodec)).map((g) => g.seq)).toEqual([4, 3, 2, 1]);
  });

  it('and keeps it in quarantine when .bak2 is taken, never deleting it', async () => {
    dir = await tempStateDir();
    for (let i = 1; i <= 4; i++) await dir.store.save(entryAgentCodec, entryState(i));
    const aside = `.${entryAgentCodec.fileName}.${deadPid}.0badc0de.qdrop`;
    const { copyFile } = await import('node:fs/promises');
    await copyFile(join(dir.directory, `${entryAgentCodec.fileName}.bak2`), join(dir.directory, aside));
    const reopened = await StateDirectory.open({ directory: dir.directory, keyring: dir.keyring, reserveBytes: 0 });
    expect(reopened.startup.recoveredGenerations).toEqual([{ file: aside, to: expect.stringMatching(/^quarantine\/\.ProjectQuantum_EntryAgent\.dat\..*\.rotated-out$/) }]);
    expect(await readdir(join(dir.directory, 'quarantine'))).toHaveLength(1);
  });
});
