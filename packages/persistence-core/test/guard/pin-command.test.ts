import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandInput } from '../../src/cli/command.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import { pinCommand } from '../../src/guard/pin-command.js';
import { SaveGuard } from '../../src/guard/save-guard.js';
import { readJournal } from '../../src/runtime/journal-reader.js';
import { Keyring, writeKeyring } from '../../src/signing/keyring.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import { Learner } from './guard-dir.js';
import { cliSandbox } from '../cli/cli-harness.js';

let root: string | undefined;
afterEach(async () => {
  if (root !== undefined) await rm(root, { recursive: true, force: true });
  root = undefined;
});

async function setUp(): Promise<{ store: StateDirectory; run: (args: string[], values?: CommandInput['values']) => Promise<{ code: number; lines: string[]; json: unknown }> }> {
  root = await mkdtemp(join(tmpdir(), 'quantum-pin-cli-'));
  const directory = join(root, 'state');
  const keyringPath = join(root, 'keys', 'keyring.json');
  const keyring = Keyring.generate();
  await writeKeyring(keyringPath, keyring);
  const store = await StateDirectory.open({ directory, keyring, reserveBytes: 0 });
  const run = async (args: string[], values: CommandInput['values'] = {}) => {
    const lines: string[] = [];
    let json: unknown;
    const output = { json: false, line: (text = '') => void lines.push(text), result: (value: unknown) => void (json = value), progress: () => undefined, warn: (text: string) => void lines.push(`warn: ${text}`) };
    const code = await pinCommand.run({ shared: { directory, keyringPath, json: false }, values, positionals: args, output });
    return { code, lines, json };
  };
  return { store, run };
}

describe('quantum-state pin', () => {
  it('pins, lists, verifies, restores and unpins a generation', async () => {
    const { store, run } = await setUp();
    const guard = new SaveGuard({ policy: { defaultAction: 'suspect' } });
    const learner = new Learner(3);
    for (let i = 0; i < 3; i++) await guard.save(store, entryAgentCodec, learner.advance());
    const good = learner.state.totalUpdates;

    const added = await run(['add', 'EntryAgent'], { note: 'end of warm-up', by: 'carol', generation: 'bak' });
    expect(added.code).toBe(ExitCode.OK);
    expect(added.lines).toEqual(['pinned EntryAgent bak (seq 2) as pinned/ProjectQuantum_EntryAgent.dat.2.pin']);

    for (let i = 0; i < 6; i++) await guard.save(store, entryAgentCodec, learner.advance());
    const listed = await run(['list', 'EntryAgent']);
    expect(listed.code).toBe(ExitCode.OK);
    expect((listed.json as { pins: { seq: number; note?: { pinnedBy: string; automatic: boolean } }[] }).pins.map((p) => [p.seq, p.note?.pinnedBy, p.note?.automatic])).toEqual([[3, 'agent', true], [2, 'carol', false]]);
    expect(listed.lines[0]).toMatch(/^seq\s+saved\s+size\s+by\s+kind/);

    expect((await run(['verify', 'EntryAgent', '3'])).lines).toEqual(['EntryAgent pinned seq 3: valid; note valid']);
    const restored = await run(['restore', 'EntryAgent', '3']);
    expect(restored.code).toBe(ExitCode.OK);
    expect(restored.json).toMatchObject({ restoredFromPin: 3, before: { seq: 9 }, after: { seq: 10 } });
    expect((await store.load(entryAgentCodec)).state.totalUpdates).toBe(good);
    const journal = await readJournal(store.directory);
    expect(journal.entries.at(-1)?.entry).toMatchObject({ kind: 'restore', component: 'EntryAgent', seq: 10, outcome: 'ok', detail: { fromPin: 3, by: 'cli' } });

    expect((await run(['remove', 'EntryAgent', '2'])).code).toBe(ExitCode.OK);
    expect(((await run(['list', 'EntryAgent'])).json as { pins: { seq: number }[] }).pins.map((p) => p.seq)).toEqual([3]);
  });

  it('rejects bad arguments and a missing pin', async () => {
    const { store, run } = await setUp();
    await store.save(entryAgentCodec, entryAgentCodec.fresh());
    await expect(run(['add', 'EntryAgent'])).rejects.toThrow(/--note is required/);
    await expect(run(['frobnicate', 'EntryAgent'])).rejects.toThrow(/expected an action/);
    await expect(run(['list', 'ActivePosition'])).rejects.toThrow(/COMPONENT with generations/);
    await expect(run(['verify', 'EntryAgent', 'x'])).rejects.toThrow(/SEQ/);
    await expect(run(['restore', 'EntryAgent', '7'])).rejects.toMatchObject({ reason: 'missing' });
  });

  it('runs through the quantum-state binary: pin add, list --json, restore, remove', async () => {
    const sandbox = await cliSandbox();
    root = sandbox.root;
    const keyring = Keyring.generate();
    await writeKeyring(sandbox.keyringPath, keyring);
    const store = await StateDirectory.open({ directory: sandbox.directory, keyring, reserveBytes: 0 });
    await store.save(entryAgentCodec, { ...entryAgentCodec.fresh(), totalUpdates: 41 });
    const added = await sandbox.run(['pin', 'add', 'EntryAgent', '--note', 'known good', '--by', 'dave']);
    expect([added.code, added.stdout.trim()]).toEqual([0, 'pinned EntryAgent current (seq 1) as pinned/ProjectQuantum_EntryAgent.dat.1.pin']);
    for (let i = 0; i < 5; i++) await store.save(entryAgentCodec, { ...entryAgentCodec.fresh(), totalUpdates: 100 + i });
    const listed = await sandbox.run(['pin', 'list', 'EntryAgent', '--json']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject({ component: 'EntryAgent', pins: [{ seq: 1, noteStatus: 'valid', note: { note: 'known good', pinnedBy: 'dave', automatic: false } }] });
    const restored = await sandbox.run(['pin', 'restore', 'EntryAgent', '1']);
    expect(restored.code).toBe(0);
    expect((await store.load(entryAgentCodec)).state.totalUpdates).toBe(41);
    expect((await sandbox.run(['pin', 'remove', 'EntryAgent', '1'])).code).toBe(0);
    const again = await sandbox.run(['pin', 'remove', 'EntryAgent', '1']);
    expect(again.code).toBe(ExitCode.FAILED);
    expect(again.stderr).toMatch(/no pinned generation of EntryAgent with seq 1/);
  });
});
