// Every component through the real store: durable save into a temp directory, load back, and
// a v0 file on disk migrated on load.

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exitAgentCodec } from '../../src/components/exit-agent.js';
import { componentCodecs } from '../../src/components/registry.js';
import { sealFile } from '../../src/format/container.js';
import { SectionWriter } from '../../src/format/sections.js';
import { Keyring } from '../../src/signing/keyring.js';
import { exitAgentV0File } from '../fixtures/legacy-encoders.js';
import { golden, goldenStates } from '../golden/states.js';
import { GOLDEN_KEY, GOLDEN_SAVED_AT } from '../golden/vectors.js';
import type { TempStateDir } from '../store/temp-state-dir.js';
import { tempStateDir } from '../store/temp-state-dir.js';

let temp: TempStateDir;
beforeEach(async () => {
  temp = await tempStateDir();
});
afterEach(async () => {
  await temp.cleanup();
});

describe('components in a state directory', () => {
  it('saves every component to its own file and loads each back unchanged', async () => {
    for (const codec of componentCodecs) {
      const saved = await temp.store.save(codec, goldenStates[codec.name]!());
      expect(saved.file).toBe(codec.fileName);
    }
    for (const codec of componentCodecs) {
      const loaded = await temp.store.load(codec);
      expect(loaded.report.level, codec.name).toBe('ok');
      expect(loaded.state, codec.name).toEqual(goldenStates[codec.name]!());
    }
  });

  it('writes files byte for byte as FORMAT.md lays them out (the golden vectors\' layout)', async () => {
    const goldenTemp = await tempStateDir({ keyring: new Keyring([GOLDEN_KEY]), now: () => GOLDEN_SAVED_AT });
    try {
      for (const codec of componentCodecs) {
        const state = goldenStates[codec.name]!();
        const { seq } = await goldenTemp.store.save(codec, state);
        const sections = new SectionWriter();
        codec.encode(state, sections);
        const expected = sealFile({ componentKind: codec.kind, schemaVersion: codec.schemaVersion, seq, savedAt: GOLDEN_SAVED_AT, sections: sections.sections }, GOLDEN_KEY);
        const onDisk = await readFile(join(goldenTemp.directory, codec.fileName));
        expect(onDisk.equals(expected), codec.name).toBe(true);
      }
    } finally {
      await goldenTemp.cleanup();
    }
  });

  it('loads a v0 ExitAgent file, migrated, and reports where it came from', async () => {
    const { adaptiveGivebackScale: _scale, ...v0 } = golden.exitAgent();
    await writeFile(join(temp.directory, exitAgentCodec.fileName), exitAgentV0File(v0, temp.keyring.active));
    const loaded = await temp.store.load(exitAgentCodec);
    expect(loaded.state.adaptiveGivebackScale).toBe(1.0);
    expect(loaded.report.migratedFrom).toBe(0);
  });
});
