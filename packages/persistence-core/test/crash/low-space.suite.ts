// A nearly full disk (spec 5.4): the pre-flight keeps a reserve (100 MB by default) and refuses
// a save before touching anything; a write that still hits ENOSPC fails cleanly; and saving in
// priority order degrades from the bottom: Q-tables and position land, metrics and shadows go.

import { describe, expect, it } from 'vitest';
import type { ComponentCodec } from '../../src/components/codec.js';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import { componentCodecs } from '../../src/components/registry.js';
import { DiskFullError } from '../../src/errors.js';
import { Keyring } from '../../src/signing/keyring.js';
import { GENERATIONS } from '../../src/store/generations.js';
import { DEFAULT_RESERVE_BYTES, StateDirectory } from '../../src/store/state-directory.js';
import { largeEntryState, sameState, statesOf } from './harness/states.js';
import { FaultInjectingFileSystem } from './harness/fault-fs.js';
import { RecordingFileSystem } from './harness/recording-fs.js';

const keyring = Keyring.generate();
const DIRECTORY = '/state';
const MB = 1024 * 1024;

async function storeOn(fs: RecordingFileSystem, reserveBytes?: number): Promise<StateDirectory> {
  return StateDirectory.open({ directory: DIRECTORY, keyring, fs, ...(reserveBytes === undefined ? {} : { reserveBytes }) });
}

async function generations(fs: RecordingFileSystem, store: StateDirectory): Promise<(string | undefined)[]> {
  return GENERATIONS.map((generation) => {
    const bytes = fs.contentOf(store.pathOf(entryAgentCodec, generation));
    return bytes === undefined ? undefined : Buffer.from(bytes).toString('base64');
  });
}

/** Size of the file a save of `state` writes. */
async function fileBytes<S>(codec: ComponentCodec<S>, state: S): Promise<number> {
  const probe = await storeOn(new RecordingFileSystem(), 0);
  return (await probe.save(codec, state)).bytes;
}

export function lowSpaceSuite(): void {
  describe('low disk space', () => {
    it('the reserve is 100 MB by default and the pre-flight refuses a save one byte short of it, changing nothing', async () => {
      const state = largeEntryState(2, 500);
      const bytes = await fileBytes(entryAgentCodec, state);
      const disk = new RecordingFileSystem();
      const fs = new FaultInjectingFileSystem(disk);
      const store = await StateDirectory.open({ directory: DIRECTORY, keyring, fs });
      expect(store.reserveBytes).toBe(DEFAULT_RESERVE_BYTES);
      expect(DEFAULT_RESERVE_BYTES).toBe(100 * MB);
      await store.save(entryAgentCodec, largeEntryState(1, 500));
      const before = await generations(disk, store);
      fs.freeBytes = DEFAULT_RESERVE_BYTES + bytes - 1;
      const stepsBefore = disk.log.filter((step) => !step.includes('.lock')).length;
      const error = await store.save(entryAgentCodec, state).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DiskFullError);
      expect((error as Error).message).toMatch(/free.*reserve.*nothing was changed/);
      expect(disk.log.filter((step) => !step.includes('.lock')).length).toBe(stepsBefore);
      expect(await generations(disk, store)).toEqual(before);
      fs.freeBytes += 1;
      await store.save(entryAgentCodec, state);
      expect(sameState(entryAgentCodec, state, (await store.load(entryAgentCodec)).state)).toBe(true);
    });

    it('with no reserve, a write that hits ENOSPC fails with DiskFullError, removes its temp file and keeps every generation', async () => {
      const fs = new RecordingFileSystem();
      const store = await storeOn(fs, 0);
      for (let i = 1; i <= 4; i++) await store.save(entryAgentCodec, largeEntryState(i, 2_000));
      const before = await generations(fs, store);
      fs.capacityBytes = fs.usedBytes() + 10_000;
      const error = await store.save(entryAgentCodec, largeEntryState(5, 2_000)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DiskFullError);
      expect(fs.listFiles(DIRECTORY).filter((path) => path.endsWith('.qtmp'))).toEqual([]);
      expect(await generations(fs, store)).toEqual(before);
      expect((await store.load(entryAgentCodec)).state.totalUpdates).toBe(4);
    });

    it('saving every component in registry order on a filling disk keeps priority 1, then 2, and drops 3 first', async () => {
      const priorities = componentCodecs.map((codec) => codec.priority);
      expect(priorities).toEqual([...priorities].sort((a, b) => a - b));
      const states = new Map(componentCodecs.map((codec) => [codec.name, statesOf(codec, 1, 5)[0]]));
      const sizes = new Map<string, number>();
      for (const codec of componentCodecs) sizes.set(codec.name, await fileBytes(codec, states.get(codec.name)));
      const sum = (priority: number): number => componentCodecs.filter((c) => c.priority === priority).reduce((total, c) => total + (sizes.get(c.name) as number), 0);
      const smallestOfThree = Math.min(...componentCodecs.filter((c) => c.priority === 3).map((c) => sizes.get(c.name) as number));
      const fs = new RecordingFileSystem();
      const store = await storeOn(fs);
      // Room for the reserve, every priority 1 and 2 file and the lock file, and less than the smallest priority-3 file.
      fs.capacityBytes = DEFAULT_RESERVE_BYTES + sum(1) + sum(2) + Math.min(1024, smallestOfThree - 1);
      const outcome = new Map<string, string>();
      for (const codec of componentCodecs) {
        const result = await store.save(codec, states.get(codec.name)).then(() => 'saved', (error: unknown) => (error instanceof DiskFullError ? 'skipped: disk full' : String(error)));
        outcome.set(codec.name, `p${codec.priority} ${result}`);
      }
      console.log(`low space / save-all in priority order: ${[...outcome.entries()].map(([name, result]) => `${name} ${result}`).join(', ')}`);
      for (const codec of componentCodecs) expect(outcome.get(codec.name)).toBe(`p${codec.priority} ${codec.priority === 3 ? 'skipped: disk full' : 'saved'}`);
    });
  });
}
