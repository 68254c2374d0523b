import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliRun, CliSandbox } from './cli-harness.js';
import { cliSandbox } from './cli-harness.js';

interface KeyFile {
  active: string;
  keys: { fingerprint: string; secret: string }[];
}

describe('quantum-state keys', () => {
  let sandbox: CliSandbox;
  beforeEach(async () => {
    sandbox = await cliSandbox();
  });
  afterEach(() => sandbox.cleanup());

  const keyFile = async (): Promise<KeyFile> => JSON.parse(await readFile(sandbox.keyringPath, 'utf8')) as KeyFile;

  it('create, rotate and show print fingerprints and never a secret', async () => {
    const runs: CliRun[] = [];
    const create = await sandbox.run(['keys', 'create']);
    runs.push(create);
    expect(create.code).toBe(0);
    const first = await keyFile();
    expect(create.stdout).toContain(first.active);

    const rotate = await sandbox.run(['keys', 'rotate', '--json']);
    runs.push(rotate);
    expect(rotate.code).toBe(0);
    const second = await keyFile();
    expect(second.keys.map((key) => key.fingerprint)).toEqual([first.active, second.active]);
    expect(JSON.parse(rotate.stdout)).toMatchObject({ previousActive: first.active, active: second.active });

    for (const args of [['keys', 'show'], ['keys', 'show', '--json']]) {
      const show = await sandbox.run(args);
      runs.push(show);
      expect(show.code).toBe(0);
      expect(show.stdout).toContain(first.active);
      expect(show.stdout).toContain(second.active);
    }
    const secrets = second.keys.map((key) => key.secret);
    expect(secrets.every((secret) => secret.length >= 43)).toBe(true);
    for (const run of runs) for (const secret of secrets) expect(`${run.stdout}${run.stderr}`).not.toContain(secret);
  });

  it('refuses to overwrite an existing key file (exit 2) and to show or rotate a missing one', async () => {
    expect((await sandbox.run(['keys', 'show'])).code).toBe(2);
    expect((await sandbox.run(['keys', 'rotate'])).code).toBe(2);
    expect((await sandbox.run(['keys', 'create'])).code).toBe(0);
    const before = await keyFile();
    const again = await sandbox.run(['keys', 'create']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('key file already exists');
    expect(await keyFile()).toEqual(before);
  });

  it('exits 64 without an action', async () => {
    expect((await sandbox.run(['keys'])).code).toBe(64);
  });
});
