import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import { readKeyring } from '../../src/signing/keyring.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import type { CliSandbox } from './cli-harness.js';
import { cliSandbox } from './cli-harness.js';
import { flipByte, saveEntryGenerations } from './state-fixture.js';

describe('quantum-state inspect', () => {
  let sandbox: CliSandbox;
  beforeEach(async () => {
    sandbox = await cliSandbox();
    expect((await sandbox.run(['keys', 'create'])).code).toBe(0);
  });
  afterEach(() => sandbox.cleanup());

  it('shows header, key fingerprint, verification, sections and a summary of a backup file', async () => {
    const store = await saveEntryGenerations(sandbox, 2, 7);
    const file = store.pathOf(entryAgentCodec, 'bak');
    const run = await sandbox.run(['inspect', file, '--json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ component: 'EntryAgent', header: { seq: 1, schemaVersion: entryAgentCodec.schemaVersion, keyFingerprint: store.keyring.active.fingerprintHex }, keyInKeyring: true, verification: { status: 'valid' } });
    expect(json.sections).toHaveLength(json.header.sectionCount);
    expect(json.summary).toMatchObject({ qEntries: 7, totalUpdates: 1 });
    const human = await sandbox.run(['inspect', file]);
    expect(human.stdout).toMatch(/component\s+EntryAgent/);
    expect(human.stdout).toMatch(/verification VALID/);
    expect(human.stdout).toMatch(/qEntries\s+7/);
  });

  it('exits 2 for a damaged file, still listing its header, and verifies nothing without a key file', async () => {
    const store = await saveEntryGenerations(sandbox, 1);
    const file = store.pathOf(entryAgentCodec, 'current');
    await flipByte(file);
    const damaged = await sandbox.run(['inspect', file, '--json']);
    expect(damaged.code).toBe(2);
    expect(JSON.parse(damaged.stdout)).toMatchObject({ header: { seq: 1 }, verification: { status: 'rejected', reason: 'hmac-mismatch' } });
    const keyless = await sandbox.run(['inspect', file, '--keyring', `${sandbox.root}/none.json`, '--json']);
    expect(keyless.code).toBe(0);
    expect(JSON.parse(keyless.stdout)).toMatchObject({ verification: { status: 'not-checked' }, keyInKeyring: false });
  });

  it('exits 2 naming the file for something that is not a state file', async () => {
    const run = await sandbox.run(['inspect', sandbox.keyringPath]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${sandbox.keyringPath}: not a Project Quantum state file`);
  });
});

describe('quantum-state restore', () => {
  let sandbox: CliSandbox;
  beforeEach(async () => {
    sandbox = await cliSandbox();
    expect((await sandbox.run(['keys', 'create'])).code).toBe(0);
  });
  afterEach(() => sandbox.cleanup());

  const reopen = async () => StateDirectory.open({ directory: sandbox.directory, keyring: await readKeyring(sandbox.keyringPath), reserveBytes: 0 });

  it('dry run verifies and changes nothing', async () => {
    await saveEntryGenerations(sandbox, 3);
    const run = await sandbox.run(['restore', 'EntryAgent', '--generation', 'bak1', '--dry-run', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ dryRun: true, from: 'bak1', restoredSeq: 1, before: { seq: 3 }, after: null });
    const store = await reopen();
    expect((await store.read(entryAgentCodec, 'current')).header.seq).toBe(3);
  });

  it('makes the older generation current with a new seq and keeps the present one as .bak', async () => {
    await saveEntryGenerations(sandbox, 3);
    const run = await sandbox.run(['restore', 'EntryAgent', '--generation', 'bak1']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('restored EntryAgent from bak1 (seq 1) as current seq 4');
    expect(run.stdout).toContain('before: current seq 3');
    const store = await reopen();
    const current = await store.read(entryAgentCodec, 'current');
    expect([current.header.seq, current.state.totalUpdates]).toEqual([4, 1]);
    const kept = await store.read(entryAgentCodec, 'bak');
    expect([kept.header.seq, kept.state.totalUpdates]).toEqual([3, 3]);
    const verify = await sandbox.run(['verify', '--component', 'EntryAgent']);
    expect(verify.code).toBe(0);
  });

  it('refuses a damaged or missing generation with exit 2, naming the file and reason', async () => {
    const store = await saveEntryGenerations(sandbox, 2);
    await flipByte(store.pathOf(entryAgentCodec, 'bak'));
    const damaged = await sandbox.run(['restore', 'EntryAgent', '--generation', 'bak']);
    expect(damaged.code).toBe(2);
    expect(damaged.stderr).toContain('ProjectQuantum_EntryAgent.dat.bak');
    expect(damaged.stderr).toContain('hmac-mismatch');
    const missing = await sandbox.run(['restore', 'EntryAgent', '--generation', 'bak2']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does not exist');
    expect((await store.read(entryAgentCodec, 'current')).header.seq).toBe(2);
  });

  it('exits 64 for an unknown component or generation', async () => {
    expect((await sandbox.run(['restore', 'Nope', '--generation', 'bak'])).code).toBe(64);
    expect((await sandbox.run(['restore', 'EntryAgent', '--generation', 'current'])).code).toBe(64);
  });
});
