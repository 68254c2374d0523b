import { afterEach, describe, expect, it } from 'vitest';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import { SaveGuard } from '../../src/guard/save-guard.js';
import { checkGenerations } from '../../src/guard/verify-generations.js';
import { Keyring, writeKeyring } from '../../src/signing/keyring.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import type { CliSandbox } from '../cli/cli-harness.js';
import { cliSandbox } from '../cli/cli-harness.js';
import { Learner } from './guard-dir.js';

let sandbox: CliSandbox | undefined;
afterEach(() => sandbox?.cleanup());

describe('verify shows the guard', () => {
  it('checks each generation against the next older one, and verify names the suspect current, its findings and the pin', async () => {
    sandbox = await cliSandbox();
    const keyring = Keyring.generate();
    await writeKeyring(sandbox.keyringPath, keyring);
    const store = await StateDirectory.open({ directory: sandbox.directory, keyring, reserveBytes: 0 });
    const guard = new SaveGuard({ policy: { defaultAction: 'suspect' } });
    const learner = new Learner(3);
    for (let i = 0; i < 5; i++) await guard.save(store, entryAgentCodec, learner.advance());

    const checks = await checkGenerations(store, entryAgentCodec);
    expect(checks.map((c) => [c.generation, c.seq, c.flaggedSuspect, c.comparedWithSeq])).toEqual([
      ['current', 5, true, 4],
      ['bak', 4, true, 3],
      ['bak1', 3, false, 2],
      ['bak2', 2, false, undefined],
    ]);
    expect(checks[1]?.findings).toEqual([expect.objectContaining({ check: 'value-shift', field: 'qTable.qValue', action: 'suspect' })]);
    expect(checks[0]?.findings.map((f) => [f.check, f.field])).toEqual([['magnitude-bound', 'qTable.qValue'], ['value-shift', 'qTable.qValue']]);

    const human = await sandbox.run(['verify', '--component', 'EntryAgent']);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/EntryAgent — WARNING: current seq 5; current seq 5 was committed marked SUSPECT/);
    expect(human.stdout).toMatch(/suspect current seq 5 \(committed marked SUSPECT\), compared with seq 4:\n\s+magnitude-bound qTable\.qValue: \d+ of 40 values outside \[-1000000, 1000000\], first at index 0 \[[\d., e+-]+\] \(refuse\)/);
    expect(human.stdout).toMatch(/pinned: seq 3 \(quantum-state pin list EntryAgent\)/);

    const json = JSON.parse((await sandbox.run(['verify', '--component', 'EntryAgent', '--json'])).stdout) as { components: { guard: { pinnedSeqs: number[]; generations: { seq: number; findings: { field: string; values: number[] }[] }[] } }[] };
    const [component] = json.components;
    expect(component?.guard.pinnedSeqs).toEqual([3]);
    expect(component?.guard.generations[1]?.findings[0]).toMatchObject({ field: 'qTable.qValue', values: [expect.any(Number), expect.any(Number)] });
  });
});
