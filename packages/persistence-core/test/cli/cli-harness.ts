// Runs the `quantum-state` CLI as a child process against a temp state directory and key file.

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnTs } from '../support/run-ts.js';

export const CLI = resolve(import.meta.dirname, '../../src/cli/main.ts');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliSandbox {
  root: string;
  directory: string;
  keyringPath: string;
  /** Runs `quantum-state args` with --dir/--keyring supplied through the environment. */
  run(args: string[]): Promise<CliRun>;
  cleanup(): Promise<void>;
}

export async function cliSandbox(): Promise<CliSandbox> {
  const root = await mkdtemp(join(tmpdir(), 'quantum-cli-'));
  const directory = join(root, 'state');
  const keyringPath = join(root, 'keys', 'keyring.json');
  const env = { ...process.env, QUANTUM_STATE_DIR: directory, QUANTUM_KEYRING: keyringPath };
  return {
    root,
    directory,
    keyringPath,
    run: (args) => collect(spawnTs(CLI, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

export function collect(child: ReturnType<typeof spawn>): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
  });
}
