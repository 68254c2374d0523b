import { stat, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import { exitAgentCodec } from '../../src/components/exit-agent.js';
import { deltaPath, loadIncremental } from '../../src/runtime/delta-log.js';
import { readKeyring } from '../../src/signing/keyring.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import { exitAgentV0File } from '../fixtures/legacy-encoders.js';
import { golden } from '../golden/states.js';
import type { CliSandbox } from './cli-harness.js';
import { cliSandbox } from './cli-harness.js';
import { saveEntryGenerations } from './state-fixture.js';

describe('quantum-state migrate and compact', () => {
  let sandbox: CliSandbox;
  beforeEach(async () => {
    sandbox = await cliSandbox();
    expect((await sandbox.run(['keys', 'create'])).code).toBe(0);
  });
  afterEach(() => sandbox.cleanup());

  const openStore = async () => StateDirectory.open({ directory: sandbox.directory, keyring: await readKeyring(sandbox.keyringPath), reserveBytes: 0 });

  it('migrate --dry-run lists a pending v0 file; migrate rewrites it at the current schema', async () => {
    const store = await saveEntryGenerations(sandbox, 1);
    const { adaptiveGivebackScale: _scale, ...v0 } = golden.exitAgent();
    await writeFile(store.pathOf(exitAgentCodec, 'current'), exitAgentV0File(v0, store.keyring.active));

    const dry = await sandbox.run(['migrate', '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    const dryJson = JSON.parse(dry.stdout) as { statuses: { component: string; onDisk?: number; pending: boolean }[]; migrated: unknown[] };
    expect(dryJson.statuses.find((status) => status.component === 'ExitAgent')).toMatchObject({ onDisk: 0, pending: true });
    expect(dryJson.statuses.find((status) => status.component === 'EntryAgent')).toMatchObject({ pending: false });
    expect(dryJson.migrated).toEqual([]);

    const run = await sandbox.run(['migrate']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`migrated ExitAgent v0 -> v${exitAgentCodec.schemaVersion}`);
    const after = await (await openStore()).read(exitAgentCodec, 'current');
    expect(after.header.schemaVersion).toBe(exitAgentCodec.schemaVersion);
    expect(after.state.adaptiveGivebackScale).toBe(1);
    // The v0 file is kept as .bak, not lost.
    expect((await stat(store.pathOf(exitAgentCodec, 'bak'))).size).toBeGreaterThan(0);
  });

  it('compact folds the EntryAgent delta log into a new generation and removes the log', async () => {
    const store = await saveEntryGenerations(sandbox, 2, 4);
    const { log, state } = await loadIncremental({ store, codec: entryAgentCodec });
    const hash = state.qTable.stateHash[0] as bigint;
    for (let i = 1; i <= 3; i++) await log.append({ stateHash: BigUint64Array.of(hash), action: Uint8Array.of(0), qValue: Float64Array.of(100 + i) });
    await log.close();

    const dry = await sandbox.run(['compact', '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout).components).toContainEqual(expect.objectContaining({ component: 'EntryAgent', action: 'would-compact', log: expect.objectContaining({ applied: 3, baseSeq: 2 }) }));
    expect((await stat(deltaPath(store, entryAgentCodec))).size).toBeGreaterThan(0);

    const run = await sandbox.run(['compact', 'EntryAgent', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).components).toEqual([expect.objectContaining({ component: 'EntryAgent', action: 'compacted', seq: 3 })]);
    await expect(stat(deltaPath(store, entryAgentCodec))).rejects.toMatchObject({ code: 'ENOENT' });
    const current = await (await openStore()).read(entryAgentCodec, 'current');
    const index = Array.from(current.state.qTable.stateHash).findIndex((candidate, i) => candidate === hash && current.state.qTable.action[i] === 0);
    expect(current.state.qTable.qValue[index]).toBe(103);
  });

  it('compact refuses a component without a delta log (exit 64)', async () => {
    expect((await sandbox.run(['compact', 'ReplayBuffer'])).code).toBe(64);
  });
});
