// A nearly full disk (spec 5.4): the pre-flight keeps a reserve (100 MB by default) and refuses
// a save before touching anything; a write that still hits ENOSPC fails cleanly; and SaveAll
// degrades from the bottom: Q-tables and position land, replay next, metrics and shadows go first.

import { describe, expect, it } from 'vitest';
import type { ComponentCodec } from '../../src/components/codec.js';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import { componentCodecs } from '../../src/components/registry.js';
import { encodedSize, saveAll } from '../../src/runtime/save-all.js';
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

    it.each([
      ['priority 3 (metrics, shadows, physics) is skipped first', [1, 2]],
      ['then priority 2 (replay buffer, portfolio risk)', [1]],
      ['and below the reserve nothing is written', []],
    ])('SaveAll on a nearly full disk: %s', async (_, keptPriorities) => {
      const components = componentCodecs.map((codec) => ({ codec, state: statesOf(codec, 1, 5)[0] }));
      const size = (priority: number): number => components.filter((c) => c.codec.priority === priority).reduce((total, c) => total + encodedSize(c.codec, c.state), 0);
      const smallest = (priority: number): number => Math.min(...components.filter((c) => c.codec.priority === priority).map((c) => encodedSize(c.codec, c.state)));
      const disk = new RecordingFileSystem();
      const fs = new FaultInjectingFileSystem(disk);
      const store = await StateDirectory.open({ directory: DIRECTORY, keyring, fs });
      const kept = keptPriorities.reduce((total, priority) => total + size(priority), 0);
      // Less than the smallest file left out: SaveAll fills greedily in priority order, so a small
      // lower-priority file may still land when a larger higher-priority one does not fit.
      const leftOut = [1, 2, 3].filter((priority) => !keptPriorities.includes(priority));
      fs.freeBytes = DEFAULT_RESERVE_BYTES + kept + Math.min(...leftOut.map(smallest)) - 1;
      const report = await saveAll(components, { store, reason: 'low-space test' });
      const outcome = componentCodecs.map((codec) => `${codec.name} p${codec.priority} ${report.saved.some((e) => e.component === codec.name) ? 'saved' : 'skipped'}`);
      console.log(`low space / SaveAll with ${fs.freeBytes - DEFAULT_RESERVE_BYTES} bytes above the reserve: ${outcome.join(', ')}`);
      expect(outcome).toEqual(componentCodecs.map((codec) => `${codec.name} p${codec.priority} ${keptPriorities.includes(codec.priority) ? 'saved' : 'skipped'}`));
      for (const skipped of report.skipped) expect(skipped.reason).toMatch(/^disk space/);
      for (const codec of componentCodecs) expect(disk.contentOf(store.pathOf(codec, 'current')) !== undefined).toBe(keptPriorities.includes(codec.priority));
      expect(report.allComponents).toBe(false);
    });
  });
}
