import { afterEach, describe, expect, it } from 'vitest';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import { SemanticCheckError } from '../../src/errors.js';
import { HeaderFlag } from '../../src/format/header.js';
import { listPins } from '../../src/guard/pins.js';
import { SaveGuard } from '../../src/guard/save-guard.js';
import { readJournal } from '../../src/runtime/journal-reader.js';
import { SaveJournal } from '../../src/runtime/journal.js';
import { saveAndJournal } from '../../src/runtime/journaled-save.js';
import type { GuardDir } from './guard-dir.js';
import { guardDir, Learner } from './guard-dir.js';

let dir: GuardDir | undefined;
afterEach(async () => {
  await dir?.cleanup();
  dir = undefined;
});

describe('a store opened with a guard', () => {
  it('checks every save: passes, commits suspect with an automatic pin, refuses; restores are unguarded', async () => {
    dir = await guardDir(undefined, { guard: new SaveGuard() });
    const { store } = dir;
    const learner = new Learner(3);
    for (let i = 0; i < 3; i++) expect((await store.save(entryAgentCodec, learner.advance())).guard).toMatchObject({ verdict: 'passed', findings: [] });

    const suspect = await store.save(entryAgentCodec, learner.advance());
    expect(suspect.flags & HeaderFlag.SUSPECT).toBe(HeaderFlag.SUSPECT);
    expect(suspect.guard).toMatchObject({ verdict: 'suspect', comparedWithSeq: 3, autoPinned: { seq: 3 }, findings: [{ check: 'value-shift', field: 'qTable.qValue' }] });

    const refused = await store.save(entryAgentCodec, learner.advance()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SemanticCheckError);
    expect((await store.currentHeader(entryAgentCodec))?.seq).toBe(4);

    // Restoring the good .bak compares a sane state with a diverged one: the guard must not stand in the way.
    const restored = await store.restore(entryAgentCodec, 'bak');
    expect(restored).toMatchObject({ seq: 5, restoredSeq: 3, flags: HeaderFlag.RESTORED }); // not SUSPECT: unguarded
    expect(restored.guard).toBeUndefined();
    expect((await listPins(store, entryAgentCodec)).map((pin) => pin.seq)).toEqual([3]);
  });

  it('journals a suspect save as suspect and a refused one as failed, naming the check', async () => {
    dir = await guardDir(undefined, { guard: new SaveGuard() });
    const journal = new SaveJournal({ directory: dir.directory });
    const learner = new Learner(1);
    await saveAndJournal(dir.store, journal, entryAgentCodec, learner.advance());
    await saveAndJournal(dir.store, journal, entryAgentCodec, learner.advance());
    await expect(saveAndJournal(dir.store, journal, entryAgentCodec, learner.advance())).rejects.toBeInstanceOf(SemanticCheckError);
    await journal.close();
    const entries = (await readJournal(dir.directory)).entries.map(({ entry }) => entry);
    expect(entries.map((entry) => entry.outcome)).toEqual(['ok', 'suspect', 'failed']);
    expect(entries[2]?.error).toMatch(/save refused by \d+ semantic checks?, first magnitude-bound on qTable\.qValue/);
  });
});
