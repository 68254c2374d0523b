import { readdir, stat, truncate, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import { probeMetadataOrder } from '../../src/fs/metadata-order.js';
import type { CliSandbox } from './cli-harness.js';
import { cliSandbox } from './cli-harness.js';
import { flipByte, saveEntryGenerations } from './state-fixture.js';

interface VerifyJson {
  status: string;
  exitCode: number;
  rotation: { order: string; reason: string };
  components: { component: string; health: string; message: string; generations: { generation: string; status: string; reason?: string; seq?: number }[] }[];
}

const entryOf = (json: VerifyJson) => json.components.find((component) => component.component === 'EntryAgent');

describe('quantum-state verify', () => {
  let sandbox: CliSandbox;
  beforeEach(async () => {
    sandbox = await cliSandbox();
    expect((await sandbox.run(['keys', 'create'])).code).toBe(0);
  });
  afterEach(() => sandbox.cleanup());

  it('exits 0 and reports every generation valid when the state is healthy', async () => {
    await saveEntryGenerations(sandbox, 3);
    const run = await sandbox.run(['verify', '--json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as VerifyJson;
    expect(json.status).toBe('healthy');
    const entry = entryOf(json);
    expect(entry?.health).toBe('healthy');
    expect(entry?.generations.map((g) => [g.generation, g.status, g.seq])).toEqual([
      ['current', 'valid', 3],
      ['bak', 'valid', 2],
      ['bak1', 'valid', 1],
      ['bak2', 'missing', undefined],
    ]);
    expect(json.components.filter((component) => component.component !== 'EntryAgent').every((component) => component.health === 'empty')).toBe(true);
    // How saves rotate here, and why: the same probe a save uses.
    const probed = await probeMetadataOrder(sandbox.directory);
    expect(json.rotation).toEqual(probed);
    expect((await sandbox.run(['verify'])).stdout).toContain(probed.reason);
  });

  it('exits 1 when current is damaged but a backup is valid, naming the file and reason', async () => {
    const store = await saveEntryGenerations(sandbox, 2);
    await flipByte(store.pathOf(entryAgentCodec, 'current'));
    const json = JSON.parse((await sandbox.run(['verify', '--json'])).stdout) as VerifyJson;
    expect(json.exitCode).toBe(1);
    expect(entryOf(json)?.health).toBe('recovered');
    expect(entryOf(json)?.generations[0]).toMatchObject({ generation: 'current', status: 'rejected', reason: 'hmac-mismatch' });
    const human = await sandbox.run(['verify']);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('ProjectQuantum_EntryAgent.dat: hmac-mismatch');
    expect(human.stdout).toContain('a load uses bak (seq 1)');
  });

  it('exits 1 with a warning when current is valid but a backup is rejected', async () => {
    const store = await saveEntryGenerations(sandbox, 2);
    await truncate(store.pathOf(entryAgentCodec, 'bak'), 50);
    const run = await sandbox.run(['verify', '--json']);
    expect(run.code).toBe(1);
    expect(entryOf(JSON.parse(run.stdout) as VerifyJson)).toMatchObject({ health: 'warning' });
  });

  it('exits 2 when a component has files but no valid generation, and changes nothing', async () => {
    const store = await saveEntryGenerations(sandbox, 3);
    await truncate(store.pathOf(entryAgentCodec, 'current'), 100);
    await writeFile(store.pathOf(entryAgentCodec, 'bak'), 'not a state file at all');
    await flipByte(store.pathOf(entryAgentCodec, 'bak1'));
    const run = await sandbox.run(['verify']);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('EntryAgent — UNRECOVERABLE');
    expect(run.stdout).toMatch(/ProjectQuantum_EntryAgent\.dat\.bak\s+rejected\s+bad-magic/);
    const json = JSON.parse((await sandbox.run(['verify', '--json'])).stdout) as VerifyJson;
    expect(json.status).toBe('unrecoverable');
    expect(entryOf(json)?.generations.map((g) => g.reason)).toEqual(['truncated', 'bad-magic', 'hmac-mismatch', 'missing']);
    // Read-only: nothing was quarantined or rewritten.
    expect((await stat(store.pathOf(entryAgentCodec, 'current'))).size).toBe(100);
    expect(await readdir(sandbox.directory)).not.toContain('quarantine');
  });

  it('exits 2 naming the key file when there is none, without creating one', async () => {
    await saveEntryGenerations(sandbox, 1);
    const run = await sandbox.run(['verify', '--keyring', `${sandbox.root}/absent.json`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('absent.json: key file does not exist');
  });

  it('writes progress to stderr with --progress, and none into --json stdout', async () => {
    await saveEntryGenerations(sandbox, 1);
    const run = await sandbox.run(['verify', '--progress', '--json']);
    expect(run.stderr).toContain('[1/10] verifying EntryAgent');
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'healthy' });
    expect((await sandbox.run(['verify'])).stderr).toBe('');
  });

  it('exits 64 on an unknown option', async () => {
    const run = await sandbox.run(['verify', '--frobnicate']);
    expect(run.code).toBe(64);
    expect(run.stderr).toContain('usage: quantum-state verify');
  });
});
