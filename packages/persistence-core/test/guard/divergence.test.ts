import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import { isSemanticCheckError, SemanticCheckError } from '../../src/errors.js';
import { HeaderFlag } from '../../src/format/header.js';
import { GENERATIONS } from '../../src/store/generations.js';
import { listPins, readPinned, restorePinned, verifyPin } from '../../src/guard/pins.js';
import { SaveGuard } from '../../src/guard/save-guard.js';
import type { GuardDir } from './guard-dir.js';
import { guardDir, Learner } from './guard-dir.js';

let dir: GuardDir | undefined;
afterEach(async () => {
  await dir?.cleanup();
  dir = undefined;
});

const refuseEverything = () => new SaveGuard({ policy: { defaultAction: 'refuse', checks: { 'value-shift': 'refuse', 'shrink-bound': 'refuse', 'exploration-floor': 'refuse' } } });
const suspectEverything = () => new SaveGuard({ policy: { defaultAction: 'suspect', checks: { 'value-shift': 'suspect', 'shrink-bound': 'suspect', 'exploration-floor': 'suspect' } } });

async function chainUpdates(current: GuardDir): Promise<(number | undefined)[]> {
  const result: (number | undefined)[] = [];
  for (const generation of GENERATIONS) {
    result.push(await current.store.read(entryAgentCodec, generation).then(({ state }) => state.totalUpdates, () => undefined));
  }
  return result;
}

describe('a learner that diverges mid-run', () => {
  it('with the refuse policy, the last good state stays current through any number of later saves', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 12 }), async (divergeAt, later) => {
        dir = await guardDir();
        const guard = refuseEverything();
        const learner = new Learner(divergeAt);
        const goodUpdates: number[] = [];
        for (let i = 0; i < divergeAt; i++) {
          const result = await guard.save(dir.store, entryAgentCodec, learner.advance());
          expect(result.guard).toMatchObject({ verdict: 'passed', findings: [] });
          goodUpdates.unshift(learner.state.totalUpdates);
        }
        for (let i = 0; i < later; i++) {
          const error = await guard.save(dir.store, entryAgentCodec, learner.advance()).catch((e: unknown) => e);
          expect(isSemanticCheckError(error)).toBe(true);
          expect((error as SemanticCheckError).reason).toBe('semantic-check-failed');
          expect((error as SemanticCheckError).findings.some((f) => f.field === 'qTable.qValue' && f.action === 'refuse')).toBe(true);
        }
        const loaded = await dir.store.load(entryAgentCodec);
        expect(loaded.report.used).toBe('current');
        expect(loaded.header?.seq).toBe(divergeAt);
        expect(await chainUpdates(dir)).toEqual([...goodUpdates.slice(0, 4), ...Array(Math.max(0, 4 - goodUpdates.length)).fill(undefined)]);
        await dir.cleanup();
        dir = undefined;
      }),
      { numRuns: 8 },
    );
  });

  it('with the suspect policy, the automatic pin keeps the last good generation after rotation evicts it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 5, max: 12 }), async (divergeAt, later) => {
        dir = await guardDir();
        const guard = suspectEverything();
        const learner = new Learner(divergeAt);
        for (let i = 0; i < divergeAt; i++) await guard.save(dir.store, entryAgentCodec, learner.advance());
        const lastGood = { seq: divergeAt, totalUpdates: learner.state.totalUpdates, qValue: Array.from(learner.state.qTable.qValue) };
        for (let i = 0; i < later; i++) {
          const result = await guard.save(dir.store, entryAgentCodec, learner.advance());
          expect(result.guard.verdict).toBe('suspect');
          expect(result.flags & HeaderFlag.SUSPECT).toBe(HeaderFlag.SUSPECT);
          // Only the first suspect save pins: the later ones follow a suspect generation.
          expect(result.guard.autoPinned?.seq).toBe(i === 0 ? lastGood.seq : undefined);
        }
        const chain = await dir.store.inspect(entryAgentCodec);
        expect(chain.map((g) => g.seq)).not.toContain(lastGood.seq);
        expect(chain.every((g) => ((g.flags ?? 0) & HeaderFlag.SUSPECT) !== 0)).toBe(true);

        const [pin] = await listPins(dir.store, entryAgentCodec);
        expect(pin).toMatchObject({ seq: lastGood.seq, noteStatus: 'valid', flags: 0, note: { automatic: true, pinnedBy: 'agent' } });
        expect(pin?.note?.note).toMatch(/value-shift qTable\.qValue/);
        expect(await verifyPin(dir.store, entryAgentCodec, lastGood.seq)).toMatchObject({ status: 'valid', noteStatus: 'valid' });
        const pinned = await readPinned(dir.store, entryAgentCodec, lastGood.seq);
        expect(Array.from(pinned.state.qTable.qValue)).toEqual(lastGood.qValue);

        const restored = await restorePinned(dir.store, entryAgentCodec, lastGood.seq);
        expect(restored.restoredFromPin).toBe(lastGood.seq);
        const loaded = await dir.store.load(entryAgentCodec);
        expect(loaded.state.totalUpdates).toBe(lastGood.totalUpdates);
        expect(loaded.report).toMatchObject({ level: 'ok', used: 'current' });
        expect(loaded.report.lastResort).toBeUndefined();
        await dir.cleanup();
        dir = undefined;
      }),
      { numRuns: 6 },
    );
  });

  it('with the default policy, the first runaway save is committed suspect and the next ones are refused', async () => {
    dir = await guardDir();
    const guard = new SaveGuard();
    const learner = new Learner(3);
    for (let i = 0; i < 3; i++) await guard.save(dir.store, entryAgentCodec, learner.advance());
    const suspect = await guard.save(dir.store, entryAgentCodec, learner.advance());
    expect(suspect.guard.findings).toEqual([expect.objectContaining({ check: 'value-shift', field: 'qTable.qValue', action: 'suspect' })]);
    expect(suspect.guard.autoPinned?.seq).toBe(3);
    const refused = await guard.save(dir.store, entryAgentCodec, learner.advance()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SemanticCheckError);
    expect((refused as SemanticCheckError).message).toMatch(/magnitude-bound on qTable\.qValue/);
    expect((await dir.store.currentHeader(entryAgentCodec))?.seq).toBe(4);
  });

  it('load reports a pin older than the chain as the last resort, with its age, and does not load it', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    dir = await guardDir(undefined, { now: () => clock });
    const guard = new SaveGuard({ policy: { defaultAction: 'suspect' }, now: () => clock });
    const learner = new Learner(2);
    for (let i = 0; i < 8; i++) await guard.save(dir.store, entryAgentCodec, learner.advance());
    const [pin] = await listPins(dir.store, entryAgentCodec);
    expect(pin?.seq).toBe(2);
    // The whole chain is damaged: recovery finds nothing, and must not silently use the pin.
    const { writeFile } = await import('node:fs/promises');
    for (const generation of GENERATIONS) await writeFile(dir.store.pathOf(entryAgentCodec, generation), 'garbage');
    clock = (pin?.savedAt ?? 0) + 3 * 86_400_000 + 3_600_000;
    const loaded = await dir.store.load(entryAgentCodec);
    expect(loaded.report.used).toBeNull();
    expect(loaded.report.level).toBe('error');
    expect(loaded.state).toEqual(entryAgentCodec.fresh());
    expect(loaded.report.lastResort).toMatchObject({ seq: 2, ageMs: 3 * 86_400_000 + 3_600_000, automatic: true });
    expect(loaded.report.message).toMatch(/pinned seq 2 \(saved 3 d 1 h ago.*last resort and was not loaded/);
  });
});
